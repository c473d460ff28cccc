// Package testdb fills a database with practice sessions for tests, made
// by the practice code from the real bank as a candidate would make them.
package testdb

import (
	"fmt"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// Clock is a clock that moves only when told to.
type Clock struct{ T time.Time }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.T }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.T = c.T.Add(d) }

// Session is what to practise: settings, then per answer the seconds spent
// on each step, notes for the first steps, and the ratings.
type Session struct {
	Settings practice.Settings
	Answers  []Answer
}

// Answer is one answer of a Session.
type Answer struct {
	Seconds []int    // per step, phases then follow-ups; missing ones get 0
	Notes   []string // per step
	Phases  []int    // ratings per phase; those past the frame's phases are left out
	Overall int
	Covered int // how many of the question's areas were covered
	Skip    bool
}

// Practise runs each session through the practice code and saves it in st
// as the app does: the session header first, then each answer. The clock
// moves by the time spent; a session starts where the clock is.
func Practise(st *store.Store, b *bank.Bank, clock *Clock, sessions ...Session) ([]uint64, error) {
	var ids []uint64
	for _, s := range sessions {
		sess, err := practice.NewSession(b, s.Settings, clock.Now)
		if err != nil {
			return nil, err
		}
		header := store.NewSession(sess)
		if err := st.CreateSession(header); err != nil {
			return nil, err
		}
		ids = append(ids, header.ID)
		for i, ans := range s.Answers {
			if i >= len(sess.Questions) {
				return nil, fmt.Errorf("session has %d questions, not %d", len(sess.Questions), len(s.Answers))
			}
			a := sess.Attempt(i)
			a.Start()
			if ans.Skip {
				a.Skip()
			} else {
				for j := range a.Steps {
					a.Goto(j)
					if j < len(ans.Notes) {
						a.SetNotes(ans.Notes[j])
					}
					if j < len(ans.Seconds) {
						clock.Advance(time.Duration(ans.Seconds[j]) * time.Second)
					}
				}
				a.Finish()
				for j, r := range ans.Phases[:min(len(ans.Phases), a.PhaseCount())] {
					if err := a.RatePhase(j, r); err != nil {
						return nil, err
					}
				}
				if ans.Overall > 0 {
					if err := a.RateOverall(ans.Overall); err != nil {
						return nil, err
					}
				}
				for _, area := range a.Question.Cover[:min(ans.Covered, len(a.Question.Cover))] {
					a.ToggleCovered(area)
				}
			}
			rec := &store.Attempt{SessionID: header.ID, Index: i, Attempt: a.Snapshot()}
			if err := st.SaveAttempt(rec); err != nil {
				return nil, err
			}
		}
	}
	return ids, nil
}
