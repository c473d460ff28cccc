package insight

import (
	"slices"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// token is one word of the notes, lowercased, apostrophes kept inside it.
type token string

// tokenize splits text into lowercase words of letters and digits;
// apostrophes inside a word stay ("I'm", "don't").
func tokenize(text string) []token {
	text = strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	var out []token
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if w := strings.Trim(text[start:end], "'"); w != "" {
				out = append(out, token(w))
			}
			start = -1
		}
	}
	for i, r := range text {
		inWord := r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') || r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || (r == '\'' && start >= 0)
		if inWord && start < 0 {
			start = i
		} else if !inWord {
			flush(i)
		}
	}
	flush(len(text))
	return out
}

type pronouns struct{ i, we int }

var (
	firstSingular = wordSet("i i'm i've i'd i'll me my mine myself")
	firstPlural   = wordSet("we we're we've we'd we'll us our ours ourselves")
)

// countPronouns counts first-person pronouns; the "I" of a hedge such as
// "I think" does not count as owning the work.
func countPronouns(toks []token) pronouns {
	var p pronouns
	for i, t := range toks {
		switch {
		case firstSingular[t]:
			if t == "i" && i+1 < len(toks) && hedgeVerbs[toks[i+1]] {
				continue
			}
			p.i++
		case firstPlural[t]:
			p.we++
		}
	}
	return p
}

// The fillers and hedges the insights count. Fillers add nothing; hedges
// make a claim sound less sure than it is. "like" is left out: it is too
// often a real word in technical answers.
var (
	fillers = [][]token{
		{"basically"}, {"actually"}, {"literally"}, {"just"}, {"really"}, {"stuff"}, {"things"},
		{"etc"}, {"you", "know"}, {"i", "mean"}, {"um"}, {"uh"}, {"kinda"},
	}
	hedges = [][]token{
		{"i", "think"}, {"i", "guess"}, {"i", "believe"}, {"i", "feel"}, {"maybe"}, {"perhaps"},
		{"probably"}, {"kind", "of"}, {"sort", "of"}, {"somewhat"}, {"hopefully"}, {"not", "sure"},
	}
	hedgeVerbs = wordSet("think guess believe feel")
)

// countPhrases counts each phrase's occurrences in toks, most used first,
// then in list order.
func countPhrases(toks []token, phrases [][]token) []Count {
	byFirst := map[token][]int{}
	for i, ph := range phrases {
		byFirst[ph[0]] = append(byFirst[ph[0]], i)
	}
	counts := make([]int, len(phrases))
	for i, t := range toks {
		for _, p := range byFirst[t] {
			if ph := phrases[p]; i+len(ph) <= len(toks) && slices.Equal(toks[i:i+len(ph)], ph) {
				counts[p]++
			}
		}
	}
	out := []Count{}
	for i, n := range counts {
		if n > 0 {
			out = append(out, Count{Word: phraseText(phrases[i]), Count: n})
		}
	}
	slices.SortStableFunc(out, func(a, b Count) int { return b.Count - a.Count })
	return out
}

func phraseText(ph []token) string {
	ws := make([]string, len(ph))
	for i, t := range ph {
		ws[i] = string(t)
	}
	s := strings.Join(ws, " ")
	if ph[0] == "i" {
		s = "I" + s[1:]
	}
	return s
}

// units are what make a number a figure of a result: time, rates,
// shares, sizes and counts of things that matter in production.
var units = wordSet(`% percent ms millisecond milliseconds µs us ns s sec secs second seconds min mins
	minute minutes h hr hrs hour hours day days week weeks month months x × times fold req/s rps qps
	tps request requests calls queries users customers clients errors incidents tickets alerts pages
	deploys releases servers nodes instances pods rows records messages events jobs k m kb mb gb tb
	dollars`)

// scale words may follow a sum of money.
var scales = wordSet(`k m bn million billion thousand`)

// numbers returns the distinct figures of text that quantify a result, in
// order, at most twelve: a number with a unit ("180 ms", "3x", "40
// errors"), a sum of money, a percentile ("p95"), or a change "from … to …".
// A number alone ("Postgres 16") is not a figure.
func numbers(text string) []string {
	out := []string{}
	add := func(f string) {
		if len(out) < 12 && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	ws := strings.Fields(text)
	for i := range ws {
		ws[i] = strings.Trim(ws[i], ".,;:!?()[]\"'“”")
	}
	for i := 0; i < len(ws) && len(out) < 12; i++ {
		w := ws[i]
		lw := strings.ToLower(w)
		switch {
		case lw == "from":
			if f, next := fromTo(ws, i); f != "" {
				add(f)
				i = next - 1
			}
		case strings.ContainsAny(w[:min(len(w), 1)], "$€£") && len(w) > 1 && isDigit(w[len(w[:1]):]):
			f := w
			if i+1 < len(ws) && scales[token(strings.ToLower(ws[i+1]))] {
				f += " " + ws[i+1]
				i++
			}
			add(f)
		case isPercentile(lw):
			add(w)
		default:
			if f, used := figure(ws, i); f != "" {
				add(f)
				i += used - 1
			}
		}
	}
	return out
}

// figure reads a number with its unit at ws[i], glued ("180ms") or in the
// next word ("180 ms"), and returns it with the number of words used.
func figure(ws []string, i int) (string, int) {
	w := strings.TrimPrefix(ws[i], "~")
	n := numberPrefix(w)
	if n == 0 {
		return "", 0
	}
	if rest := strings.ToLower(w[n:]); rest != "" {
		if units[token(rest)] {
			return ws[i], 1
		}
		return "", 0
	}
	if i+1 < len(ws) && units[token(strings.ToLower(ws[i+1]))] {
		return ws[i] + " " + ws[i+1], 2
	}
	return "", 0
}

// fromTo reads "from X … to Y [unit]" at ws[i] ("from"), with at most three
// words after each number, and returns it and the index after it.
func fromTo(ws []string, i int) (string, int) {
	j := i + 1
	if j >= len(ws) || numberPrefix(strings.TrimLeft(ws[j], "$€£~")) == 0 {
		return "", 0
	}
	for k := j + 1; k < len(ws) && k <= j+4; k++ {
		if strings.ToLower(ws[k]) != "to" || k+1 >= len(ws) || numberPrefix(strings.TrimLeft(ws[k+1], "$€£~")) == 0 {
			continue
		}
		end := k + 2
		if end < len(ws) && units[token(strings.ToLower(ws[end]))] {
			end++
		}
		return strings.Join(ws[i:end], " "), end
	}
	return "", 0
}

// numberPrefix returns the length of the number at the start of w: digits,
// with commas and points between digits.
func numberPrefix(w string) int {
	n := 0
	for n < len(w) && (w[n] >= '0' && w[n] <= '9' || (n > 0 && (w[n] == ',' || w[n] == '.') && n+1 < len(w) && w[n+1] >= '0' && w[n+1] <= '9')) {
		n++
	}
	return n
}

func isDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func isPercentile(w string) bool {
	switch w {
	case "p50", "p75", "p90", "p95", "p99", "p999":
		return true
	}
	return false
}

// stopWords are left out when areas are compared with notes.
var stopWords = wordSet(`a an the and or of to in on for with at by from as is are was were be been being
		it its this that these those you your yours how what why when where which who whom whose do did does
		done have has had not no nor but if then than so into out up down over under about after before again
		more most some such only own same can will would should could may might must i me my we us our they
		them their he she his her there here all any each both few other very also just one etc vs via e g
		eg ie get got make made use used using way ways thing things`)

func wordSet(words string) map[token]bool {
	set := map[token]bool{}
	for _, w := range strings.Fields(words) {
		set[token(w)] = true
	}
	return set
}

// stemmer stems words, remembering each: notes repeat their words.
type stemmer struct{ memo map[token]string }

func newStemmer() *stemmer { return &stemmer{memo: map[token]string{}} }

func (s *stemmer) stem(t token) string {
	if st, ok := s.memo[t]; ok {
		return st
	}
	st := english.Stem(strings.ReplaceAll(string(t), "'", ""), true)
	s.memo[t] = st
	return st
}

func (s *stemmer) stems(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = s.stem(t)
	}
	return out
}

// contentStems returns the distinct stems of the words of text that carry
// meaning.
func (s *stemmer) contentStems(text string) []string {
	var out []string
	for _, t := range tokenize(text) {
		if stopWords[t] || (len(t) < 3 && !hasDigit(t)) {
			continue
		}
		if st := s.stem(t); !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

func hasDigit(t token) bool { return strings.ContainsFunc(string(t), unicode.IsDigit) }

// mentions reports whether notes (as a set of stems) seem to mention area:
// half of the words of its main part, at least two when it has two or
// more; or one of the examples it lists in parentheses, all of its words
// (an example of one word only with a word of the main part too).
func mentions(s *stemmer, have map[string]bool, area string) bool {
	main, examples := area, ""
	if i := strings.IndexByte(area, '('); i >= 0 {
		main, examples = area[:i], strings.Trim(area[i:], "() ")
	}
	mainStems := s.contentStems(main)
	hits := 0
	for _, st := range mainStems {
		if have[st] {
			hits++
		}
	}
	need := max((len(mainStems)+1)/2, min(2, len(mainStems)))
	if len(mainStems) > 0 && hits >= need {
		return true
	}
	if examples == "" {
		return false
	}
	for _, ex := range strings.FieldsFunc(examples, func(r rune) bool { return r == ',' || r == ';' }) {
		exStems := s.contentStems(ex)
		if len(exStems) == 0 || (len(exStems) == 1 && hits == 0) {
			continue // one generic word alone says little
		}
		all := true
		for _, st := range exStems {
			all = all && have[st]
		}
		if all {
			return true
		}
	}
	return false
}

// usesTerm reports whether the notes use term: each of its words, stemmed,
// in a row.
func usesTerm(s *stemmer, noteStems []string, have map[string]bool, term string) bool {
	ts := s.stems(tokenize(term))
	switch len(ts) {
	case 0:
		return false
	case 1:
		return have[ts[0]]
	}
	for i := 0; i+len(ts) <= len(noteStems); i++ {
		if slices.Equal(noteStems[i:i+len(ts)], ts) {
			return true
		}
	}
	return false
}
