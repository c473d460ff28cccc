package bank

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// Validating: each value of one file checked on its own, with its limits;
// what refers across files (topics, frames, related questions) is checked
// after merging (merge.go).

// Limits on the text of a bank, in characters.
const (
	maxID       = 64
	maxName     = 40
	maxAbout    = 200
	maxTip      = 300
	maxPrompt   = 300
	maxProbes   = 300
	maxCover    = 160
	maxFollowup = 200
	maxGuidance = 4000
	maxOutline  = 4000
	maxExample  = 3000
	maxRedFlag  = 200
	maxHint     = 200
	maxTerm     = 40
)

// Counts a question's lists must have.
const (
	minCover, maxCoverItems = 4, 8
	minFollowups, maxFollow = 2, 5
	minRedFlags, maxRedFlgs = 2, 4
	maxTopicsPerQ           = 4
	maxTermsPerTopic        = 60
	maxCompetencies         = 4
	maxRelated              = 6
)

// The range of target minutes a kind or a question may set.
const (
	minMinutes = 0.5
	maxMinutes = 90.0
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checkValues checks each value of the file on its own.
func (f *file) checkValues() {
	d := &f.doc
	if version := field(f.root, "version"); version == nil {
		f.errNode(f.root, "missing `version: 1` at the top of the bank")
	} else if d.Version != 1 {
		f.errNode(version, "unsupported version %d; this rehearse reads version 1", d.Version)
	}
	frames := field(f.root, "frames")
	for _, name := range sortedKeys(d.Frames) {
		f.checkFrame(name, d.Frames[name], keyNode(frames, name), field(frames, name))
	}
	kinds := field(f.root, "kinds")
	for _, name := range sortedKeys(d.Kinds) {
		n := field(kinds, name)
		switch k := d.Kinds[name]; {
		case !slices.Contains(AllKinds(), Kind(name)):
			f.errNode(keyNode(kinds, name), "unknown kind %q; valid kinds: behavioral, technical", name)
		case k.Frame == "":
			f.errNode(n, "kind %q needs a frame", name)
		default:
			f.checkMinutes(orNode(field(n, "minutes"), n), k.Minutes)
		}
	}
	topics := field(f.root, "topics")
	seenTopic := map[string]int{}
	for i, t := range d.Topics {
		n := item(topics, i)
		switch {
		case !f.checkID(orNode(field(n, "id"), n), t.ID, "topic"):
		case seenTopic[t.ID] > 0:
			f.errNode(field(n, "id"), "duplicate topic id %q (first at line %d)", t.ID, seenTopic[t.ID])
		default:
			seenTopic[t.ID] = lineOf(orNode(field(n, "id"), n))
		}
		f.checkText(n, "name", t.Name, maxName, true)
		f.checkText(n, "about", t.About, maxAbout, false)
		if t.Terms != nil {
			f.checkList(n, "terms", t.Terms, 1, maxTermsPerTopic, maxTerm)
		}
	}
	tips := field(f.root, "tips")
	for i, tip := range d.Tips {
		switch {
		case tip == "":
			f.errNode(item(tips, i), "empty tip")
		case utf8.RuneCountInString(tip) > maxTip:
			f.errNode(item(tips, i), "tip is %d characters; the limit is %d", utf8.RuneCountInString(tip), maxTip)
		}
	}
	questions := field(f.root, "questions")
	seenQuestion := map[string]int{}
	for i := range d.Questions {
		n := item(questions, i)
		q := &d.Questions[i]
		if f.checkID(orNode(field(n, "id"), n), q.ID, "question") {
			if line := seenQuestion[q.ID]; line > 0 {
				f.errNode(field(n, "id"), "duplicate question id %q (first at line %d)", q.ID, line)
			} else {
				seenQuestion[q.ID] = lineOf(orNode(field(n, "id"), n))
			}
		}
		f.checkQuestion(n, q)
	}
}

func (f *file) checkFrame(name string, fr frameDoc, key, n *yaml.Node) {
	if !idPattern.MatchString(name) {
		f.errNode(key, "frame name %q must be lowercase letters, digits and dashes", name)
	}
	if len(fr.Phases) < 2 || len(fr.Phases) > 8 {
		f.errNode(orNode(field(n, "phases"), n), "frame %q needs 2 to 8 phases, has %d", name, len(fr.Phases))
		return
	}
	for i, p := range fr.Phases {
		if !idPattern.MatchString(p) {
			f.errNode(item(field(n, "phases"), i), "phase %q must be lowercase letters, digits and dashes", p)
		} else if slices.Index(fr.Phases, p) < i {
			f.errNode(item(field(n, "phases"), i), "phase %q appears twice", p)
		}
	}
	if hints := field(n, "hints"); hints != nil && len(fr.Hints) != len(fr.Phases) {
		f.errNode(hints, "frame %q has %d phases but %d hints; give one hint per phase", name, len(fr.Phases), len(fr.Hints))
	}
	for i, h := range fr.Hints {
		if utf8.RuneCountInString(h) > maxHint {
			f.errNode(item(field(n, "hints"), i), "hint is %d characters; the limit is %d", utf8.RuneCountInString(h), maxHint)
		}
	}
	shares := field(n, "shares")
	if len(fr.Shares) != len(fr.Phases) {
		f.errNode(orNode(shares, n), "frame %q has %d phases but %d shares; give one share per phase", name, len(fr.Phases), len(fr.Shares))
		return
	}
	sum := 0.0
	for i, s := range fr.Shares {
		if !(s > 0 && s < 1) { // also refuses NaN
			f.errNode(item(shares, i), "share %g must be between 0 and 1", s)
		}
		sum += s
	}
	if math.Abs(sum-1) > 0.001 {
		f.errNode(shares, "shares of frame %q sum to %.3g; they must sum to 1", name, sum)
	}
}

func (f *file) checkQuestion(n *yaml.Node, q *Question) {
	if !slices.Contains(AllKinds(), q.Kind) {
		f.errNode(orNode(field(n, "kind"), n), "question %q: kind %q is not one of: behavioral, technical", q.ID, q.Kind)
	}
	if !slices.Contains(AllLevels(), q.Level) {
		f.errNode(orNode(field(n, "level"), n), "question %q: level %q is not one of: junior, mid, senior, staff", q.ID, q.Level)
	}
	topics := field(n, "topics")
	if len(q.Topics) == 0 || len(q.Topics) > maxTopicsPerQ {
		f.errNode(orNode(topics, n), "question %q needs 1 to %d topics, has %d", q.ID, maxTopicsPerQ, len(q.Topics))
	}
	for i, t := range q.Topics {
		if slices.Index(q.Topics, t) < i {
			f.errNode(item(topics, i), "question %q lists topic %q twice", q.ID, t)
		}
	}
	f.checkText(n, "prompt", q.Prompt, maxPrompt, true)
	f.checkText(n, "probes", q.Probes, maxProbes, true)
	f.checkList(n, "cover", q.Cover, minCover, maxCoverItems, maxCover)
	f.checkList(n, "followups", q.Followups, minFollowups, maxFollow, maxFollowup)
	f.checkText(n, "guidance", q.Guidance, maxGuidance, true)
	f.checkText(n, "outline", q.Outline, maxOutline, q.Kind == Technical)
	f.checkText(n, "example", q.Example, maxExample, false)
	if min := field(n, "minutes"); min != nil {
		f.checkMinutes(min, q.Minutes)
	}
	if fr := field(n, "frame"); fr != nil && !idPattern.MatchString(q.Frame) {
		f.errNode(fr, "question %q: frame %q must be lowercase letters, digits and dashes", q.ID, q.Frame)
	}
	if q.RedFlags != nil || field(n, "red_flags") != nil {
		f.checkList(n, "red_flags", q.RedFlags, minRedFlags, maxRedFlgs, maxRedFlag)
	}
	if comps := field(n, "competencies"); comps != nil {
		switch {
		case q.Kind != Behavioral:
			f.errNode(comps, "question %q: competencies are for behavioral questions", q.ID)
		case len(q.Competencies) == 0 || len(q.Competencies) > maxCompetencies:
			f.errNode(comps, "competencies needs 1 to %d items, has %d", maxCompetencies, len(q.Competencies))
		}
		for i, c := range q.Competencies {
			if !slices.Contains(Competencies(), c) {
				f.errNode(item(comps, i), "question %q: unknown competency %q; valid competencies: %s", q.ID, c, strings.Join(Competencies(), ", "))
			} else if slices.Index(q.Competencies, c) < i {
				f.errNode(item(comps, i), "question %q lists competency %q twice", q.ID, c)
			}
		}
	}
	if rel := field(n, "related"); rel != nil && len(q.Related) > maxRelated {
		f.errNode(rel, "related needs at most %d ids, has %d", maxRelated, len(q.Related))
	}
}

// checkMinutes refuses a target time that is not a number of minutes in
// range: NaN, infinite, zero, negative or too long.
func (f *file) checkMinutes(n *yaml.Node, minutes float64) {
	if !(minutes >= minMinutes && minutes <= maxMinutes) { // also refuses NaN
		f.errNode(n, "minutes must be a number from %g to %g, not %g", minMinutes, maxMinutes, minutes)
	}
}

func (f *file) checkID(n *yaml.Node, id, what string) bool {
	switch {
	case id == "":
		f.errNode(n, "%s needs an id", what)
	case len(id) > maxID || !idPattern.MatchString(id):
		f.errNode(n, "%s id %q must be kebab-case (lowercase letters, digits, single dashes), at most %d characters", what, id, maxID)
	default:
		return true
	}
	return false
}

func (f *file) checkText(parent *yaml.Node, key, text string, limit int, required bool) {
	n := field(parent, key)
	switch count := utf8.RuneCountInString(text); {
	case text == "" && required && n == nil:
		f.errNode(parent, "missing %s", key)
	case text == "" && required:
		f.errNode(n, "empty %s", key)
	case count > limit:
		f.errNode(n, "%s is %d characters; the limit is %d", key, count, limit)
	}
}

func (f *file) checkList(parent *yaml.Node, key string, items []string, least, most, limit int) {
	n := field(parent, key)
	if len(items) < least || len(items) > most {
		f.errNode(orNode(n, parent), "%s needs %d to %d items, has %d", key, least, most, len(items))
	}
	for i, s := range items {
		switch count := utf8.RuneCountInString(s); {
		case s == "":
			f.errNode(item(n, i), "empty item in %s", key)
		case count > limit:
			f.errNode(item(n, i), "%s item is %d characters; the limit is %d", key, count, limit)
		}
	}
}
