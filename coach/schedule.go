// Package coach decides what to practise next and reads progress: each
// question's spaced-repetition schedule (FSRS), smart selection with the
// reason for each pick, the interview plan, and the analysis of weakest
// topics, weakest phase and time balance that the screens and the command
// line share. It is plain Go: time is passed in, nothing is stored here.
package coach

import (
	"slices"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
)

// Card is a question's spaced-repetition state.
type Card = fsrs.Card

// NewCard is the card of a question never practised.
func NewCard() Card { return fsrs.NewCard() }

// MaxIntervalDays caps how far ahead a question is scheduled: interview
// practice lives in weeks, not years.
const MaxIntervalDays = 60

// LeechLapses is how many lapses (an answer rated 1-2, or skipped, after
// it had been learned) make a question a leech: practising it again the
// same way is not working.
const LeechLapses = 3

// parameters are FSRS's defaults without short-term steps (a first "good"
// answer comes back in days, not the same day) and with the cap above. A
// new value each time: the scheduler writes into its parameters.
func parameters() fsrs.Parameters {
	p := fsrs.DefaultParam()
	p.EnableShortTerm = false
	p.MaximumInterval = MaxIntervalDays
	return p
}

// Grade maps an answer to an FSRS grade: an overall rating of 1-2 is
// Again, 3 Hard, 4 Good, 5 Easy, and a skip is Again. An answer finished
// but not rated has no grade (ok is false).
func Grade(overall int, skipped bool) (g fsrs.Rating, ok bool) {
	switch {
	case skipped:
		return fsrs.Again, true
	case overall <= 0:
		return 0, false
	case overall <= 2:
		return fsrs.Again, true
	case overall == 3:
		return fsrs.Hard, true
	case overall == 4:
		return fsrs.Good, true
	}
	return fsrs.Easy, true
}

// Review returns card after an answer graded g at when. When dueBy is set
// and later than when, the next due date is no later than dueBy: a plan
// brings every question of its topics back before the interview.
func Review(card Card, g fsrs.Rating, when, dueBy time.Time) Card {
	next := fsrs.NewFSRS(parameters()).Next(card, when, g).Card
	// FSRS keeps each grade's interval a day past the one below it, which
	// can pass its own maximum by a day or two.
	if limit := when.AddDate(0, 0, MaxIntervalDays); next.Due.After(limit) {
		next.Due = limit
	}
	if !dueBy.IsZero() && dueBy.After(when) && next.Due.After(dueBy) {
		next.Due = dueBy
	}
	return next
}

// Plan is an interview to prepare for: its date and topics.
type Plan struct {
	Date   time.Time // the day of the interview, at midnight in the candidate's zone
	Topics []string  // the topics it covers; none: every topic
	PerDay int       // questions a day; 0: DefaultPerDay
}

// DefaultPerDay is the size of a day's set when the plan does not say.
const DefaultPerDay = 5

// Day returns midnight of t's date in t's zone.
func Day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// DaysLeft counts the days from now's date to the interview: 0 on the day
// itself, negative after it.
func (p *Plan) DaysLeft(now time.Time) int {
	from := Day(now.In(p.Date.Location()))
	// Calendar arithmetic at noon UTC: no zone transition moves the date.
	a := time.Date(from.Year(), from.Month(), from.Day(), 12, 0, 0, 0, time.UTC)
	b := time.Date(p.Date.Year(), p.Date.Month(), p.Date.Day(), 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// Active reports whether the interview is today or ahead.
func (p *Plan) Active(now time.Time) bool { return p != nil && p.DaysLeft(now) >= 0 }

// Covers reports whether a question on topics is part of the plan.
func (p *Plan) Covers(topics []string) bool {
	return len(p.Topics) == 0 || slices.ContainsFunc(topics, func(t string) bool { return slices.Contains(p.Topics, t) })
}

// DueBy is the latest a question on topics may be scheduled, answered at
// when: the morning before the interview when the plan covers it, else no
// limit (zero).
func (p *Plan) DueBy(topics []string, when time.Time) time.Time {
	if !p.Active(when) || !p.Covers(topics) {
		return time.Time{}
	}
	return p.Date.AddDate(0, 0, -1)
}

// Size is the number of questions in a day's set.
func (p *Plan) Size() int {
	if p == nil || p.PerDay <= 0 {
		return DefaultPerDay
	}
	return p.PerDay
}

// DaySeed is the seed of a smart draw made on t's day when none is given:
// `rehearse next` and a practice session started the same day agree.
func DaySeed(t time.Time) uint64 {
	y, m, d := t.Date()
	return uint64(y)*10000 + uint64(m)*100 + uint64(d)
}
