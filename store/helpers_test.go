package store_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ now time.Time }

func newClock() *fakeClock { return &fakeClock{now: time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

var loadBank = sync.OnceValues(func() (*bank.Bank, error) { return bank.Load(rehearse.QuestionsYAML) })

func testBank(t testing.TB) *bank.Bank {
	t.Helper()
	b, err := loadBank()
	if err != nil {
		t.Fatalf("load the embedded bank: %v", err)
	}
	return b
}

// newPractice draws a practice session of three questions.
func newPractice(t testing.TB, clk *fakeClock, seed uint64) *practice.Session {
	t.Helper()
	b := testBank(t)
	ps, err := practice.NewSessionWith(b, practice.Settings{Count: 3, Seed: seed}, bank.Draw(kindFramed(b), 3, seed), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// kindFramed returns the questions answered in their kind's frame and
// time (STAR in 3 minutes, explain in 4), whose figures the tests work out
// by hand.
func kindFramed(b *bank.Bank) []bank.Question {
	var qs []bank.Question
	for _, q := range b.Questions {
		if q.Frame == "" && q.Minutes == 0 {
			qs = append(qs, q)
		}
	}
	return qs
}

// practise saves session seed, every question answered (the last
// skipped), as the app does: the header, then each attempt.
func practise(t testing.TB, s *store.Store, clk *fakeClock, seed uint64) (*practice.Session, *store.Session) {
	t.Helper()
	ps := newPractice(t, clk, seed)
	h := store.NewSession(ps)
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	for i := range ps.Questions {
		if err := s.SaveAttempt(&store.Attempt{SessionID: h.ID, Index: i, Attempt: answer(t, ps, i, clk)}); err != nil {
			t.Fatal(err)
		}
	}
	return ps, h
}

// answer plays attempt i of ps through: each phase timed and noted, then
// rated. The last question is skipped after its first phase.
func answer(t testing.TB, ps *practice.Session, i int, clk *fakeClock) practice.Attempt {
	t.Helper()
	a := ps.Attempt(i)
	a.Start()
	for p := range a.PhaseCount() {
		clk.Advance(time.Duration(20+10*p+i) * time.Second)
		a.SetNotes(fmt.Sprintf("q%d %s: what I said", i, a.Steps[p].Name))
		if i == len(ps.Questions)-1 {
			a.Skip()
			return a.Snapshot()
		}
		if p == 1 {
			a.Pause()
			clk.Advance(time.Minute) // not counted
			a.Resume()
		}
		a.Next()
	}
	a.Finish()
	for p := range a.PhaseCount() {
		if err := a.RatePhase(p, 1+(i+p)%5); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.RateOverall(4); err != nil {
		t.Fatal(err)
	}
	a.ToggleCovered(a.Question.Cover[0])
	a.ToggleCovered(a.Question.Cover[2])
	a.Rating.NextTime = "lead with the numbers"
	return a.Snapshot()
}

// summaryOf returns the summary of session id.
func summaryOf(s *store.Store, id uint64) (*store.SessionSummary, error) {
	sum, _, err := s.Session(id)
	return sum, err
}

// openStore opens path and closes it when the test ends.
func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path, store.Options{Session: true, Create: true})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// checkClean runs bbolt's check and the index check.
func checkClean(t testing.TB, s *store.Store) {
	t.Helper()
	if err := s.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	if err := s.CheckIndexes(); err != nil {
		t.Errorf("CheckIndexes: %v", err)
	}
}

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "rehearse.db") }

func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
