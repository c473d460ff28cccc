package archive

import (
	"fmt"
	"strings"
	"time"

	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
)

// Markdown writes one session as markdown: a heading with its figures, then
// every answer with its notes per phase and time against target, its
// follow-ups, ratings, areas covered and the coach's notes. The same text
// is rendered in the session view, printed by `show --markdown` and
// exported.
func Markdown(s Session) string {
	var b strings.Builder
	sum := s.Session
	fmt.Fprintf(&b, "# Session %d · %s\n\n", sum.ID, sum.Started.Local().Format("Mon 2 Jan 2006, 15:04"))
	fmt.Fprintf(&b, "%d of %s answered", sum.Answered, human.Count(len(sum.Questions), "question"))
	if sum.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", sum.Skipped)
	}
	fmt.Fprintf(&b, " · %s of %s", human.Clock(sum.Spent), human.Clock(sum.Target))
	if sum.Rated > 0 {
		fmt.Fprintf(&b, " · average rating %.1f of 5", sum.AvgOverall)
	}
	if len(sum.Topics) > 0 {
		fmt.Fprintf(&b, "\n\nTopics: %s", strings.Join(sum.Topics, ", "))
	}
	if sum.Origin != "" {
		fmt.Fprintf(&b, "\n\nImported from %s", escape(sum.Origin))
	}
	b.WriteString("\n")
	for _, a := range s.Attempts {
		b.WriteString("\n" + AttemptMarkdown(a, fmt.Sprintf("## %d. ", a.Index+1)))
	}
	if len(s.Attempts) == 0 {
		b.WriteString("\n*No answer was saved in this session.*\n")
	}
	return b.String()
}

// AttemptMarkdown writes one answer as markdown under a heading that starts
// with prefix.
func AttemptMarkdown(a Attempt, prefix string) string {
	var b strings.Builder
	q := a.Question
	fmt.Fprintf(&b, "%s%s\n\n", prefix, escape(q.Prompt))
	fmt.Fprintf(&b, "*%s · %s · %s · %s* · `%s`\n\n", q.Kind, q.Level, strings.Join(q.Topics, ", "), a.Started.Local().Format("2 Jan 2006 15:04"), q.ID)
	if a.Skipped {
		b.WriteString("Skipped.\n")
		return b.String()
	}
	var spent, target = sumSteps(a.Steps)
	fmt.Fprintf(&b, "**Time** %s of %s · **Overall** %s\n\n", human.Clock(spent), human.Clock(target), human.Stars(a.Rating.Overall))
	for i, s := range a.Steps {
		if s.Kind == string(practice.FollowupStep) {
			fmt.Fprintf(&b, "**Follow-up: %s** (%s of %s)\n\n", escape(s.Prompt), human.Clock(s.Spent), human.Clock(s.Target))
		} else {
			rating := ""
			if i < len(a.Rating.Phases) {
				rating = " · " + human.Stars(a.Rating.Phases[i])
			}
			fmt.Fprintf(&b, "**%s** (%s of %s%s)\n\n", human.Phase(s.Name), human.Clock(s.Spent), human.Clock(s.Target), rating)
		}
		b.WriteString(notes(s.Notes) + "\n\n")
	}
	if len(q.Cover) > 0 {
		b.WriteString("**Areas covered**\n\n")
		for _, area := range q.Cover {
			box := "[ ]"
			for _, c := range a.Rating.Covered {
				if c == area {
					box = "[x]"
				}
			}
			fmt.Fprintf(&b, "- %s %s\n", box, escape(area))
		}
		b.WriteString("\n")
	}
	if a.Rating.NextTime != "" {
		fmt.Fprintf(&b, "**Next time:** %s\n\n", escape(a.Rating.NextTime))
	}
	if a.Insights != nil {
		b.WriteString(InsightsMarkdown(a.Insights))
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// InsightsMarkdown writes what the coach noticed in an answer's notes.
func InsightsMarkdown(in *insight.Insights) string {
	var b strings.Builder
	b.WriteString("**Coach's notes**\n\n")
	if in.Words == 0 {
		b.WriteString("- No notes were typed; the time per phase is all there is to read.\n")
	}
	var phases []string
	for _, p := range in.Phases {
		phases = append(phases, fmt.Sprintf("%s %.0f%% (target %.0f%%, %s)", human.Phase(p.Name), 100*p.Share, 100*p.TargetShare, human.Count(p.Words, "word")))
	}
	if len(phases) > 0 {
		fmt.Fprintf(&b, "- Time: %s\n", strings.Join(phases, ", "))
	}
	if in.Words > 0 {
		fmt.Fprintf(&b, "- \"I\" %d, \"we\" %d · ", in.ICount, in.WeCount)
		if in.Quantified {
			fmt.Fprintf(&b, "figures: %s\n", escape(strings.Join(in.Numbers, ", ")))
		} else {
			b.WriteString("no figure in the result\n")
		}
		if len(in.Hedges)+len(in.Fillers) > 0 {
			fmt.Fprintf(&b, "- Hedges: %s · fillers: %s\n", counts(in.Hedges), counts(in.Fillers))
		}
		if len(in.TermsUsed) > 0 {
			fmt.Fprintf(&b, "- Terms of the trade: %s\n", escape(strings.Join(in.TermsUsed, ", ")))
		}
		fmt.Fprintf(&b, "- Areas the notes seem to mention: %d\n", len(in.AreasMentioned))
	}
	for _, s := range in.Suggestions {
		fmt.Fprintf(&b, "- *%s*\n", escape(s))
	}
	return b.String() + "\n"
}

func counts(cs []insight.Count) string {
	if len(cs) == 0 {
		return "none"
	}
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s ×%d", c.Word, c.Count))
	}
	return escape(strings.Join(parts, ", "))
}

func sumSteps(steps []Step) (spent, target time.Duration) {
	for _, s := range steps {
		spent += s.Spent
		target += s.Target
	}
	return spent, target
}

// notes quotes typed notes so that markdown in them stays text. Each typed
// line is its own line of the quote.
func notes(s string) string {
	if strings.TrimSpace(s) == "" {
		return "*no notes*"
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "> " + escape(l)
	}
	return strings.Join(lines, "  \n")
}

// escaper keeps characters that markdown would read as formatting. Built
// once: a Replacer is costly to make.
var escaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "#", `\#`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`)

func escape(s string) string { return escaper.Replace(s) }
