package coach

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"

	"github.com/rehearse-app/rehearse/bank"
)

// State is what the schedule knows of one question.
type State struct {
	Card       Card
	Attempts   int // saved answers, skipped ones included
	Rated      int // answers with an overall rating
	AvgOverall float64
	Last       time.Time // the last answer
}

// Seen reports whether the question was ever answered (or skipped).
func (s State) Seen() bool { return s.Attempts > 0 }

// Leech reports whether the question keeps lapsing.
func (s State) Leech() bool { return s.Card.Lapses >= LeechLapses }

// Due reports whether the question should come back now: its card is due,
// or it was answered but never rated (so never scheduled).
func (s State) Due(now time.Time) bool {
	if !s.Seen() {
		return false
	}
	return s.Card.State == 0 /* New: never graded */ || !s.Card.Due.After(now)
}

// WeakBelow is the average overall rating under which a question counts
// as weak.
const WeakBelow = 3.5

// Why is the kind of reason a question was picked.
type Why int

// The reasons, in the order smart selection draws them.
const (
	WhyDue    Why = iota // its schedule says now
	WhyUnseen            // never practised
	WhyWeak              // rated low on average
	WhyRest              // nothing better: the least recently practised
)

// Reason says why a question was picked.
type Reason struct {
	Why    Why
	Since  time.Time // due since (WhyDue), or last practised (WhyRest)
	Avg    float64   // average overall rating (WhyWeak)
	Rated  bool      // WhyDue: false when it was answered but never rated
	Lapses int
}

// Leech reports whether the pick is a leech.
func (r Reason) Leech() bool { return r.Lapses >= LeechLapses }

// Text says the reason in a few words, with dates relative to now.
func (r Reason) Text(now time.Time) string {
	var s string
	switch r.Why {
	case WhyDue:
		s = "due " + since(r.Since, now)
		if !r.Rated {
			s = "answered, not rated yet"
		}
	case WhyUnseen:
		s = "unseen"
	case WhyWeak:
		s = fmt.Sprintf("weak: %.1f average", r.Avg)
	case WhyRest:
		s = "least recent: practised " + when(r.Since, now)
	}
	if r.Leech() {
		s += fmt.Sprintf("; leech: %d lapses", r.Lapses)
	}
	return s
}

// since says when a due date passed: "today", "since Tue", "since 3 Nov".
func since(t, now time.Time) string {
	if Day(t).Equal(Day(now)) || t.After(now) {
		return "today"
	}
	return "since " + when(t, now)
}

// when names a past day: its weekday within the last week, else its date.
func when(t, now time.Time) string {
	t = t.In(now.Location())
	if Day(now).Sub(Day(t)) < 6*24*time.Hour {
		if Day(t).Equal(Day(now)) {
			return "today"
		}
		return t.Format("Mon")
	}
	return t.Format("2 Jan")
}

// Pick is a question smart selection chose, with why.
type Pick struct {
	Question bank.Question
	Reason   Reason
	Due      time.Time // zero for a question never practised
}

// Select orders the candidate questions as smart selection draws them and
// returns the first n (all when n <= 0): due questions, most overdue
// first; then unseen ones, spread across their topics; then weak ones,
// weakest first; then the rest, least recently practised first. In the
// last three days before a planned interview the weak come first. The
// same seed and inputs give the same picks.
func Select(qs []bank.Question, states map[string]State, now time.Time, n int, seed uint64, plan *Plan) []Pick {
	var due, unseen, weak, rest []Pick
	for _, q := range qs {
		st := states[q.ID]
		p := Pick{Question: q, Reason: Reason{Lapses: int(st.Card.Lapses)}}
		if st.Seen() {
			p.Due = st.Card.Due
		}
		switch {
		case !st.Seen():
			p.Reason.Why = WhyUnseen
			unseen = append(unseen, p)
		case st.Due(now):
			p.Reason.Why, p.Reason.Rated = WhyDue, st.Card.State != fsrs.New
			p.Reason.Since = st.Card.Due
			if !p.Reason.Rated {
				p.Reason.Since, p.Due = st.Last, st.Last
			}
			due = append(due, p)
		case st.Rated > 0 && st.AvgOverall < WeakBelow:
			p.Reason.Why, p.Reason.Avg = WhyWeak, st.AvgOverall
			weak = append(weak, p)
		default:
			p.Reason.Why, p.Reason.Since = WhyRest, st.Last
			rest = append(rest, p)
		}
	}
	slices.SortFunc(due, func(a, b Pick) int {
		return cmp.Or(a.Reason.Since.Compare(b.Reason.Since), cmp.Compare(a.Question.ID, b.Question.ID))
	})
	slices.SortFunc(weak, func(a, b Pick) int {
		return cmp.Or(cmp.Compare(a.Reason.Avg, b.Reason.Avg), cmp.Compare(a.Question.ID, b.Question.ID))
	})
	slices.SortFunc(rest, func(a, b Pick) int {
		return cmp.Or(a.Reason.Since.Compare(b.Reason.Since), cmp.Compare(a.Question.ID, b.Question.ID))
	})
	unseen = spread(unseen, seed)

	order := [][]Pick{due, unseen, weak, rest}
	if plan.Active(now) && plan.DaysLeft(now) <= 3 {
		order = [][]Pick{weak, due, unseen, rest}
	}
	var out []Pick
	for _, group := range order {
		out = append(out, group...)
	}
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// spread orders questions so that their topics take turns: the topics in
// an order fixed by seed, each one's questions shuffled by seed. A question
// counts under its first topic.
func spread(qs []Pick, seed uint64) []Pick {
	r := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	byTopic := map[string][]Pick{}
	var topics []string
	for _, p := range qs {
		t := p.Question.Topics[0]
		if _, ok := byTopic[t]; !ok {
			topics = append(topics, t)
		}
		byTopic[t] = append(byTopic[t], p)
	}
	slices.Sort(topics)
	r.Shuffle(len(topics), func(i, j int) { topics[i], topics[j] = topics[j], topics[i] })
	for _, t := range topics {
		g := byTopic[t]
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
	}
	out := make([]Pick, 0, len(qs))
	for round := 0; len(out) < len(qs); round++ {
		for _, t := range topics {
			if g := byTopic[t]; round < len(g) {
				out = append(out, g[round])
			}
		}
	}
	return out
}

// Today counts what a day's practice holds among qs: questions due now and
// questions never practised.
func Today(qs []bank.Question, states map[string]State, now time.Time) (due, unseen int) {
	for _, q := range qs {
		switch st := states[q.ID]; {
		case !st.Seen():
			unseen++
		case st.Due(now):
			due++
		}
	}
	return due, unseen
}
