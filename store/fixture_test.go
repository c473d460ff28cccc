package store_test

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

var writeFixtureTo = flag.String("write-fixture", "", "write the migration fixture of the current schema to this path (testdata/schemaN.db)")

// TestWriteMigrationFixture writes, with -write-fixture, the fixture the
// next schema's migration is tested on: six sessions of three answers (the
// last of each skipped, one unrated, some without notes, the others with
// their insights as the app saves them), a plan, the schedule the saves
// made, and a seventh session with a draft. Without the flag it writes one
// to a temporary file and checks it reads back.
func TestWriteMigrationFixture(t *testing.T) {
	path := *writeFixtureTo
	if path == "" {
		path = dbPath(t)
	}
	s, err := store.Open(path, store.Options{Session: true, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := testBank(t)
	clk := &fakeClock{now: time.Date(2026, 9, 30, 19, 0, 0, 0, time.UTC)}
	if err := s.SetPlan(&coach.Plan{Date: time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), Topics: []string{"debugging"}, PerDay: 3}); err != nil {
		t.Fatal(err)
	}
	questions := kindFramed(b)
	for n := range 7 {
		// Sessions two and five draw the questions of session one again.
		seed := uint64(n)
		if n == 2 || n == 5 {
			seed = 0
		}
		ps, err := practice.NewSessionWith(b, practice.Settings{Count: 3, Seed: seed, Followups: 1}, bank.Draw(questions, 3, seed), clk.Now)
		if err != nil {
			t.Fatal(err)
		}
		h := store.NewSession(ps)
		if err := s.CreateSession(h); err != nil {
			t.Fatal(err)
		}
		if n == 6 {
			a := ps.Attempt(0)
			a.Start()
			clk.Advance(40 * time.Second)
			a.SetNotes("half of a story about a queue that backed up")
			if err := s.SaveDraft(&store.Draft{SessionID: h.ID, Index: 0, Attempt: a.Snapshot(), Saved: clk.Now()}); err != nil {
				t.Fatal(err)
			}
			break
		}
		for i := range ps.Questions {
			a := ps.Attempt(i)
			a.Start()
			for st := range a.Steps {
				a.Goto(st)
				clk.Advance(time.Duration(25+5*st+n) * time.Second)
				if n != 3 && i < 2 {
					a.SetNotes(fmt.Sprintf("Session %d, step %d: we cut p99 from 2.4 s to %d ms; I led the rollback.", n, st, 300+10*n))
				}
				if i == 2 {
					break
				}
			}
			if i == 2 {
				a.Skip()
			} else {
				a.Finish()
				for p := range a.PhaseCount() {
					if err := a.RatePhase(p, 1+(n+p)%5); err != nil {
						t.Fatal(err)
					}
				}
				if !(n == 4 && i == 1) { // one answer left unrated
					if err := a.RateOverall(1 + (n+i)%5); err != nil {
						t.Fatal(err)
					}
				}
				a.ToggleCovered(a.Question.Cover[0])
			}
			snap := a.Snapshot()
			rec := &store.Attempt{SessionID: h.ID, Index: i, Attempt: snap}
			if !snap.Skipped {
				in := insight.Analyze(&snap, b.Terms(snap.Question.Topics))
				rec.Insights = &in
			}
			if err := s.SaveAttempt(rec); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Minute)
		}
		clk.Advance(24 * time.Hour)
	}
	checkClean(t, s)
	if d, err := s.Draft(); err != nil || d == nil {
		t.Fatalf("no draft: %v", err)
	}
	if states, err := s.States(); err != nil || len(states) == 0 {
		t.Fatalf("no schedule: %v", err)
	}
}
