// Package insight reads a typed answer and says what a coach would notice:
// words and time per phase against the frame, "I" against "we", whether
// the result is quantified, fillers and hedges, which of the question's
// areas and job terms the notes touch, and one or two suggestions.
//
// It is plain Go with fixed word lists: no network, no model, and the same
// answer always gives the same insights. It reads only what was typed, so
// an answer given aloud with few notes gets few insights.
package insight

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/practice"
)

// Version is the version of the rules below; insights saved with an older
// version were made by older rules.
const Version = 1

// Insights are what the notes of one answer show.
type Insights struct {
	Version        int      `json:"version"`
	Words          int      `json:"words"` // in all notes, follow-ups included
	Phases         []Phase  `json:"phases"`
	ICount         int      `json:"i_count"`  // I, me, my … (not in hedges such as "I think")
	WeCount        int      `json:"we_count"` // we, us, our …
	Quantified     bool     `json:"quantified"`
	Numbers        []string `json:"numbers"` // the figures found where it counts: the Result of a story, else the whole answer
	Fillers        []Count  `json:"fillers"`
	Hedges         []Count  `json:"hedges"`
	AreasMentioned []string `json:"areas_mentioned"` // areas of the question the notes seem to mention
	TermsUsed      []string `json:"terms_used"`      // job terms of the question's topics found in the notes
	Suggestions    []string `json:"suggestions"`     // one or two, most useful first
}

// Phase is one phase of the frame: the words typed and the time taken,
// against the share the frame gives it.
type Phase struct {
	Name        string  `json:"name"`
	Words       int     `json:"words"`
	Share       float64 `json:"share"`        // of the time spent on all phases, 0..1
	TargetShare float64 `json:"target_share"` // the frame's share, 0..1
}

// Count is how often a word or phrase was used.
type Count struct {
	Word  string `json:"word"`
	Count int    `json:"count"`
}

// Analyze reads the notes of attempt a. terms are the job terms of the
// question's topics (see bank.Topic.Terms); areas come from the attempt's
// snapshot of the question.
func Analyze(a *practice.Attempt, terms []string) Insights {
	in := Insights{Version: Version, Phases: []Phase{}, Numbers: []string{}, Fillers: []Count{},
		Hedges: []Count{}, AreasMentioned: []string{}, TermsUsed: []string{}, Suggestions: []string{}}
	var all []token
	var resultText string
	hasResult := false
	var phaseSpent, phaseTarget float64
	for _, s := range a.Steps {
		if s.Kind == practice.PhaseStep {
			phaseSpent += float64(s.Spent)
			phaseTarget += float64(s.Target)
		}
	}
	var action *pronouns
	for _, s := range a.Steps {
		toks := tokenize(s.Notes)
		all = append(all, toks...)
		if s.Kind != practice.PhaseStep {
			continue
		}
		p := Phase{Name: s.Name, Words: len(toks)}
		if phaseSpent > 0 {
			p.Share = float64(s.Spent) / phaseSpent
		}
		if phaseTarget > 0 {
			p.TargetShare = float64(s.Target) / phaseTarget
		}
		in.Phases = append(in.Phases, p)
		switch s.Name {
		case "result":
			resultText, hasResult = s.Notes, true
		case "action":
			pr := countPronouns(toks)
			action = &pr
		}
	}
	in.Words = len(all)
	pr := countPronouns(all)
	in.ICount, in.WeCount = pr.i, pr.we
	in.Fillers, in.Hedges = countPhrases(all, fillers), countPhrases(all, hedges)

	if !hasResult {
		var b strings.Builder
		for _, s := range a.Steps {
			b.WriteString(s.Notes + "\n")
		}
		resultText = b.String()
	}
	in.Numbers = numbers(resultText)
	in.Quantified = len(in.Numbers) > 0

	st := newStemmer()
	noteStems := st.stems(all)
	have := map[string]bool{}
	for _, s := range noteStems {
		have[s] = true
	}
	for _, area := range a.Question.Cover {
		if mentions(st, have, area) {
			in.AreasMentioned = append(in.AreasMentioned, area)
		}
	}
	for _, term := range terms {
		if usesTerm(st, noteStems, have, term) && !slices.Contains(in.TermsUsed, term) {
			in.TermsUsed = append(in.TermsUsed, term)
		}
	}
	in.Suggestions = suggest(a, &in, hasResult, action, terms)
	return in
}

// suggest picks up to two suggestions, the most useful first.
func suggest(a *practice.Attempt, in *Insights, hasResult bool, action *pronouns, terms []string) []string {
	out := []string{}
	add := func(s string) {
		if len(out) < 2 && s != "" {
			out = append(out, s)
		}
	}
	if in.Words == 0 {
		add("No notes to read, so the coach can say little: jot the key facts and numbers as you answer aloud.")
		add(timeSuggestion(in.Phases))
		return out
	}
	if hasResult && !in.Quantified {
		add("Your Result has no number: say by how much it improved, from what to what (time, errors, cost, users).")
	}
	if action != nil && action.we >= 3 && action.we > action.i {
		add(fmt.Sprintf("Action says \"we\" %s and \"I\" %s: say what you did yourself.", times(action.we), times(action.i)))
	}
	add(timeSuggestion(in.Phases))
	if n := total(in.Hedges); n >= 3 {
		add(fmt.Sprintf("You hedged %s (%s): say what you know plainly, and what you would check.", times(n), words(in.Hedges)))
	}
	if n := total(in.Fillers); n >= 5 {
		add(fmt.Sprintf("%d filler words (%s): a short pause reads better than a filler.", n, words(in.Fillers)))
	}
	if areas := a.Question.Cover; len(areas) > 0 && 2*len(in.AreasMentioned) < len(areas) {
		var missing string
		for _, area := range areas {
			if !slices.Contains(in.AreasMentioned, area) {
				missing = area
				break
			}
		}
		add(fmt.Sprintf("Your notes touch %d of %d areas a strong answer covers; one to add: %s.", len(in.AreasMentioned), len(areas), strings.TrimRight(missing, ".")))
	}
	if !hasResult && len(terms) > 0 && len(in.TermsUsed) == 0 && in.Words >= 40 {
		add(fmt.Sprintf("No terms of the trade yet (such as %s): name the mechanism precisely.", strings.Join(terms[:min(2, len(terms))], ", ")))
	}
	return out
}

// timeSuggestion names the phase whose share of the time is furthest from
// the frame's, when it is off by more than 15 points.
func timeSuggestion(phases []Phase) string {
	worst, gap := -1, 0.15
	for i, p := range phases {
		if d := abs(p.Share - p.TargetShare); d > gap {
			worst, gap = i, d
		}
	}
	if worst < 0 {
		return ""
	}
	p := phases[worst]
	name := human.Phase(p.Name)
	if p.Share > p.TargetShare {
		return fmt.Sprintf("%s took %d%% of your time against %d%%: say it in fewer sentences and move on.", name, percent(p.Share), percent(p.TargetShare))
	}
	return fmt.Sprintf("%s took %d%% of your time against %d%%: give it more.", name, percent(p.Share), percent(p.TargetShare))
}

// percent rounds a share to a whole percentage, halves up.
func percent(share float64) int { return int(math.Round(100 * share)) }

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

func total(cs []Count) int {
	n := 0
	for _, c := range cs {
		n += c.Count
	}
	return n
}

// words names the counted words, most used first, at most three.
func words(cs []Count) string {
	var ws []string
	for _, c := range cs[:min(3, len(cs))] {
		ws = append(ws, c.Word)
	}
	return strings.Join(ws, ", ")
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
