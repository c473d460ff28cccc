package practice_test

import (
	"testing"
	"time"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
)

// fakeClock is a clock that moves only when told to.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)} }

func loadBank(t *testing.T) *bank.Bank {
	t.Helper()
	b, err := bank.Load(rehearse.QuestionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func behavioralAttempt(t *testing.T, clock *fakeClock, followups int) *practice.Attempt {
	t.Helper()
	b := loadBank(t)
	q, ok := b.Question("slow-query-in-production")
	if !ok {
		t.Fatal("slow-query-in-production is not in the bank")
	}
	return practice.NewAttempt(q, b.FrameOf(q.Kind), 3, followups, 1, clock.Now)
}

func TestTargetsFollowTheFrameShares(t *testing.T) {
	a := behavioralAttempt(t, newClock(), 0)
	want := map[string]time.Duration{"situation": 36 * time.Second, "task": 18 * time.Second, "action": 90 * time.Second, "result": 36 * time.Second}
	if len(a.Steps) != 4 {
		t.Fatalf("%d steps, want the 4 STAR phases", len(a.Steps))
	}
	for _, s := range a.Steps {
		if s.Target != want[s.Name] {
			t.Errorf("%s target %v, want %v", s.Name, s.Target, want[s.Name])
		}
	}
	if a.Target() != 3*time.Minute {
		t.Errorf("total target %v, want 3m", a.Target())
	}
}

func TestTimeAccruesToTheActivePhaseOnly(t *testing.T) {
	clock := newClock()
	a := behavioralAttempt(t, clock, 0)
	clock.Advance(time.Hour) // before Start: not counted
	a.Start()
	clock.Advance(20 * time.Second)
	a.Next()
	clock.Advance(5 * time.Second)
	a.Next()
	clock.Advance(40 * time.Second)
	a.Prev() // back to task
	clock.Advance(3 * time.Second)
	want := []time.Duration{20 * time.Second, 8 * time.Second, 40 * time.Second, 0}
	for i, w := range want {
		if got := a.Spent(i); got != w {
			t.Errorf("phase %s spent %v, want %v", a.Steps[i].Name, got, w)
		}
	}
	if a.Total() != 68*time.Second {
		t.Errorf("total %v, want 68s", a.Total())
	}
}

func TestPauseStopsTheClock(t *testing.T) {
	clock := newClock()
	a := behavioralAttempt(t, clock, 0)
	a.Start()
	clock.Advance(10 * time.Second)
	a.TogglePause()
	if a.Running() {
		t.Fatal("still running after pause")
	}
	clock.Advance(time.Minute)
	a.Next() // moving while paused stays paused
	clock.Advance(time.Minute)
	if a.Spent(0) != 10*time.Second || a.Spent(1) != 0 {
		t.Errorf("paused time was counted: %v, %v", a.Spent(0), a.Spent(1))
	}
	a.TogglePause()
	clock.Advance(4 * time.Second)
	if a.Spent(1) != 4*time.Second {
		t.Errorf("after resume task spent %v, want 4s", a.Spent(1))
	}
}

func TestPaceStates(t *testing.T) {
	tests := []struct {
		spent, target time.Duration
		want          practice.Pace
	}{
		{0, time.Minute, practice.OnPace},
		{47 * time.Second, time.Minute, practice.OnPace},
		{48 * time.Second, time.Minute, practice.Near},
		{time.Minute, time.Minute, practice.Near},
		{61 * time.Second, time.Minute, practice.Over},
		{0, 0, practice.OnPace},
		{time.Second, 0, practice.Over},
	}
	for _, tt := range tests {
		if got := practice.PaceOf(tt.spent, tt.target); got != tt.want {
			t.Errorf("PaceOf(%v, %v) = %v, want %v", tt.spent, tt.target, got, tt.want)
		}
	}
	clock := newClock()
	a := behavioralAttempt(t, clock, 0)
	a.Start()
	clock.Advance(30 * time.Second) // situation target 36s: near; total 3m: on pace
	step, overall := a.Pace()
	if step != practice.Near || overall != practice.OnPace {
		t.Errorf("pace after 30s = %v, %v; want near, on pace", step, overall)
	}
	clock.Advance(10 * time.Second)
	if step, _ := a.Pace(); step != practice.Over {
		t.Errorf("pace after 40s = %v, want over", step)
	}
}

func TestFollowupsAreDrawnTimedAndEndTheAttempt(t *testing.T) {
	clock := newClock()
	a := behavioralAttempt(t, clock, 2)
	if len(a.Steps) != 6 || a.PhaseCount() != 4 {
		t.Fatalf("%d steps (%d phases), want 4 phases and 2 follow-ups", len(a.Steps), a.PhaseCount())
	}
	q, _ := loadBank(t).Question("slow-query-in-production")
	seen := map[string]bool{}
	for _, s := range a.Steps[4:] {
		if s.Kind != practice.FollowupStep || s.Target != 45*time.Second || seen[s.Prompt] {
			t.Errorf("bad follow-up step %+v", s)
		}
		seen[s.Prompt] = true
		found := false
		for _, f := range q.Followups {
			found = found || f == s.Prompt
		}
		if !found {
			t.Errorf("follow-up %q is not one of the question's", s.Prompt)
		}
	}
	a.Start()
	clock.Advance(time.Minute)
	if a.Advance() || a.Active != 4 {
		t.Fatalf("Advance from a phase should open follow-up 1, active = %d", a.Active)
	}
	clock.Advance(20 * time.Second)
	if a.Advance() || a.Active != 5 {
		t.Fatalf("Advance from follow-up 1 should open follow-up 2, active = %d", a.Active)
	}
	clock.Advance(50 * time.Second)
	if !a.Advance() || !a.Done() || a.Running() {
		t.Fatal("Advance from the last follow-up should finish the attempt")
	}
	if a.Spent(4) != 20*time.Second || a.Spent(5) != 50*time.Second || a.Steps[5].Pace() != practice.Over {
		t.Errorf("follow-up times %v, %v (pace %v)", a.Spent(4), a.Spent(5), a.Steps[5].Pace())
	}
	clock.Advance(time.Hour)
	if a.Total() != 130*time.Second {
		t.Errorf("time accrued after finishing: total %v", a.Total())
	}
	again := behavioralAttempt(t, newClock(), 2)
	if again.Steps[4].Prompt != a.Steps[4].Prompt || again.Steps[5].Prompt != a.Steps[5].Prompt {
		t.Error("the same seed drew different follow-ups")
	}
}

func TestFinishWithoutFollowupsAndSkip(t *testing.T) {
	clock := newClock()
	a := behavioralAttempt(t, clock, 0)
	a.Start()
	clock.Advance(5 * time.Second)
	if !a.Advance() {
		t.Error("Advance with no follow-ups should finish")
	}
	b := behavioralAttempt(t, clock, 2)
	b.Start()
	b.Skip()
	if !b.Done() || !b.Skipped {
		t.Error("Skip should end the attempt as skipped")
	}
}

func TestRatingsAndAreas(t *testing.T) {
	a := behavioralAttempt(t, newClock(), 0)
	for i, stars := range []int{4, 3, 5, 2} {
		if err := a.RatePhase(i, stars); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.RatePhase(0, 6); err != practice.ErrBadRating {
		t.Errorf("rating 6 gave %v", err)
	}
	if err := a.RateOverall(0); err != practice.ErrBadRating {
		t.Errorf("rating 0 gave %v", err)
	}
	if err := a.RateOverall(4); err != nil {
		t.Fatal(err)
	}
	area := a.Question.Cover[1]
	a.ToggleCovered(area)
	a.ToggleCovered(a.Question.Cover[2])
	a.ToggleCovered(a.Question.Cover[2])
	if !a.IsCovered(area) || a.IsCovered(a.Question.Cover[2]) || len(a.Rating.Covered) != 1 {
		t.Errorf("covered = %v", a.Rating.Covered)
	}
	if got := a.Rating.Phases; len(got) != 4 || got[2] != 5 || a.Rating.Overall != 4 {
		t.Errorf("ratings %v overall %d", got, a.Rating.Overall)
	}
}

func TestSnapshotAndRestore(t *testing.T) {
	clock := newClock()
	a := behavioralAttempt(t, clock, 1)
	a.Start()
	a.SetNotes("we had a 4 s query")
	clock.Advance(12 * time.Second)
	snap := a.Snapshot()
	if snap.Steps[0].Spent != 12*time.Second || !a.Running() {
		t.Fatalf("snapshot spent %v; attempt running %v", snap.Steps[0].Spent, a.Running())
	}
	back := snap // as the store gives it back: no clock, not running
	back.Restore(clock.Now)
	if back.Running() {
		t.Error("a restored attempt must start paused")
	}
	clock.Advance(time.Minute)
	back.Resume()
	clock.Advance(3 * time.Second)
	if back.Spent(0) != 15*time.Second || back.Steps[0].Notes != "we had a 4 s query" || len(back.Steps) != 5 {
		t.Errorf("restored attempt: spent %v, notes %q, %d steps", back.Spent(0), back.Steps[0].Notes, len(back.Steps))
	}
}

func TestSessionDrawsByFilterAndSeed(t *testing.T) {
	b := loadBank(t)
	clock := newClock()
	s, err := practice.NewSession(b, practice.Settings{Topics: []string{"databases"}, Kind: bank.Technical, Count: 3, Seed: 9}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Questions) != 3 {
		t.Fatalf("%d questions, want 3", len(s.Questions))
	}
	for i, q := range s.Questions {
		if q.Kind != bank.Technical || !q.HasTopic("databases") {
			t.Errorf("question %s does not match the settings", q.ID)
		}
		if a := s.Attempt(i); a.Question.Frame != "explain" || a.Target() != 4*time.Minute {
			t.Errorf("attempt %d: frame %s target %v", i, a.Question.Frame, a.Target())
		}
	}
	if _, err := practice.NewSession(b, practice.Settings{Topics: []string{"nope"}}, clock.Now); err != practice.ErrNoQuestions {
		t.Errorf("no matching question gave %v", err)
	}
	custom, _ := practice.NewSession(b, practice.Settings{Kind: bank.Behavioral, Count: 1, Minutes: 2}, clock.Now)
	if custom.Attempt(0).Target() != 2*time.Minute {
		t.Errorf("minutes setting ignored: %v", custom.Attempt(0).Target())
	}
}

func TestReopen(t *testing.T) {
	clock := newClock()
	a := behavioralAttempt(t, clock, 0)
	a.Start()
	clock.Advance(10 * time.Second)
	a.Finish()
	a.Reopen()
	if a.Done() || a.Running() {
		t.Fatalf("reopened: done %v, running %v", a.Done(), a.Running())
	}
	a.Resume()
	clock.Advance(5 * time.Second)
	if a.Total() != 15*time.Second {
		t.Errorf("total %v, want 15s", a.Total())
	}
}
