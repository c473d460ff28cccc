package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// rateAndSave saves question i of ps answered and rated overall, finished
// at the clock's time.
func rateAndSave(t *testing.T, s *store.Store, h *store.Session, ps *practice.Session, i, overall int, clk *fakeClock) {
	t.Helper()
	a := ps.Attempt(i)
	a.Start()
	clk.Advance(2 * time.Minute)
	a.Finish()
	if overall > 0 {
		if err := a.RateOverall(overall); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveAttempt(&store.Attempt{SessionID: h.ID, Index: i, Attempt: a.Snapshot()}); err != nil {
		t.Fatal(err)
	}
}

func TestScheduleFollowsEachSave(t *testing.T) {
	s := openStore(t, dbPath(t))
	clk := newClock()
	ps := newPractice(t, clk, 1)
	h := store.NewSession(ps)
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	rateAndSave(t, s, h, ps, 0, 2, clk) // Again
	rateAndSave(t, s, h, ps, 1, 5, clk) // Easy
	rateAndSave(t, s, h, ps, 2, 0, clk) // finished, not rated: no grade
	states, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	again, easy, unrated := states[ps.Questions[0].ID], states[ps.Questions[1].ID], states[ps.Questions[2].ID]
	if again.Attempts != 1 || again.Rated != 1 || again.AvgOverall != 2 || again.Card.Reps != 1 {
		t.Errorf("rated 2: %+v", again)
	}
	if !easy.Card.Due.After(again.Card.Due) {
		t.Errorf("an easy answer is due %v, before a failed one %v", easy.Card.Due, again.Card.Due)
	}
	if unrated.Attempts != 1 || unrated.Rated != 0 || unrated.Card.Reps != 0 || !unrated.Due(clk.Now()) {
		t.Errorf("unrated: %+v (it comes back at once, for a rating)", unrated)
	}
	// A day later the failed one is due.
	picks := coach.Select(ps.Questions, states, clk.Now().Add(25*time.Hour), 0, 1, nil)
	if picks[0].Reason.Why != coach.WhyDue {
		t.Errorf("first pick a day later: %+v", picks[0])
	}
	checkClean(t, s)

	// Saving an answer again replays its question's schedule.
	rateAndSave(t, s, h, ps, 0, 5, clk)
	states, _ = s.States()
	if st := states[ps.Questions[0].ID]; st.Attempts != 1 || st.AvgOverall != 5 || st.Card.Reps != 1 {
		t.Errorf("after saving again: %+v", st)
	}
	checkClean(t, s)
}

func TestPlanCapsTheSchedule(t *testing.T) {
	s := openStore(t, dbPath(t))
	if p, err := s.Plan(); p != nil || err != nil {
		t.Fatalf("no plan yet: %+v, %v", p, err)
	}
	clk := newClock()
	ps := newPractice(t, clk, 1)
	h := store.NewSession(ps)
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	rateAndSave(t, s, h, ps, 0, 5, clk)
	before, _ := s.States()
	q := ps.Questions[0]

	interview := time.Now().AddDate(0, 0, 3).Truncate(24 * time.Hour)
	interview = time.Date(interview.Year(), interview.Month(), interview.Day(), 0, 0, 0, 0, time.Local)
	plan := &coach.Plan{Date: interview, Topics: q.Topics[:1], PerDay: 4}
	if err := s.SetPlan(plan); err != nil {
		t.Fatal(err)
	}
	got, err := s.Plan()
	if err != nil || got == nil || !got.Date.Equal(interview) || got.PerDay != 4 || len(got.Topics) != 1 {
		t.Fatalf("plan read back: %+v, %v", got, err)
	}
	after, _ := s.States()
	if by := interview.AddDate(0, 0, -1); before[q.ID].Card.Due.After(by) && !after[q.ID].Card.Due.Equal(by) {
		t.Errorf("due %v after the plan, want the day before the interview %v", after[q.ID].Card.Due, by)
	}
	if err := s.SetPlan(nil); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Plan(); p != nil {
		t.Errorf("cleared plan: %+v", p)
	}
	checkClean(t, s)
}

// TestDraftNeverOutlivesItsAnswer: a draft of an answer already saved is
// not stored, so a quit that races the save cannot bring it back.
func TestDraftNeverOutlivesItsAnswer(t *testing.T) {
	s := openStore(t, dbPath(t))
	clk := newClock()
	ps := newPractice(t, clk, 1)
	h := store.NewSession(ps)
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	for round := range 200 {
		a := ps.Attempt(0)
		a.Start()
		a.SetNotes("an answer saved, then a quit at once")
		clk.Advance(time.Second)
		a.Finish()
		_ = a.RateOverall(4)
		done := make(chan error)
		go func() { done <- s.SaveAttempt(&store.Attempt{SessionID: h.ID, Index: 0, Attempt: a.Snapshot()}) }()
		draftErr := s.SaveDraft(&store.Draft{SessionID: h.ID, Index: 0, Attempt: a.Snapshot()})
		if err := <-done; err != nil || draftErr != nil {
			t.Fatal(err, draftErr)
		}
		if d, err := s.Draft(); err != nil || d != nil {
			t.Fatalf("round %d: a draft of the saved answer is left: %+v, %v", round, d, err)
		}
	}
}

func TestKeepDraft(t *testing.T) {
	s := openStore(t, dbPath(t))
	if err := s.KeepDraft(); err != nil {
		t.Fatalf("no draft: %v", err)
	}
	clk := newClock()
	ps := newPractice(t, clk, 1)
	h := store.NewSession(ps)
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	a := ps.Attempt(1)
	a.Start()
	a.SetNotes("words to keep")
	clk.Advance(30 * time.Second)
	if err := s.SaveDraft(&store.Draft{SessionID: h.ID, Index: 1, Attempt: a.Snapshot(), Saved: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.KeepDraft(); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Draft(); d != nil || err != nil {
		t.Errorf("the kept draft is still the draft: %+v, %v", d, err)
	}
	_, attempts, err := s.Session(h.ID)
	if err != nil || len(attempts) != 1 || attempts[0].Index != 1 || attempts[0].Steps[0].Notes != "words to keep" ||
		!attempts[0].Finished.Equal(clk.Now()) || attempts[0].Rating.Overall != 0 {
		t.Fatalf("kept answer: %+v, %v", attempts, err)
	}
	checkClean(t, s)
}

// TestMissingDatabase: a reader of a file that is not there is told so;
// with Create, reads are empty and nothing is made until the first write.
func TestMissingDatabase(t *testing.T) {
	path := dbPath(t)
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrNoDatabase) {
		t.Errorf("Open of a missing file: %v, want ErrNoDatabase", err)
	}
	s, err := store.Open(path, store.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if page, _, err := s.Summaries("", nil, 10); err != nil || len(page) != 0 {
		t.Errorf("summaries: %v, %v", page, err)
	}
	if ov, err := s.Stats("", time.Now()); err != nil || ov.Attempts != 0 {
		t.Errorf("stats: %+v, %v", ov, err)
	}
	if states, err := s.States(); err != nil || len(states) != 0 {
		t.Errorf("states: %v, %v", states, err)
	}
	if _, _, err := s.Session(1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session 1: %v", err)
	}
	if entries, _ := readDir(path); len(entries) != 0 {
		t.Errorf("reading made files: %v", entries)
	}
	if err := s.CreateSession(store.NewSession(newPractice(t, newClock(), 1))); err != nil {
		t.Fatal(err)
	}
	if !s.Exists() {
		t.Error("the first write made no file")
	}
}

// readDir lists the directory of path, without error when it is missing.
func readDir(path string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Dir(path))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names, err
}
