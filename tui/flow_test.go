package tui

import (
	"bytes"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/rehearse-app/rehearse/practice"
)

// waitFor waits until the program has drawn text.
func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte(text))
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// TestPracticeFlow runs the real program: practice one question, type notes
// in two phases, finish, rate, and find the attempt in the database.
func TestPracticeFlow(t *testing.T) {
	st := testStore(t)
	m := New(Options{Bank: testBank(t), Store: st, Settings: practice.Settings{Kind: "behavioral", Count: 1, Seed: 7}, Start: StartPractice})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))

	waitFor(t, tm, "Press enter when you are ready")
	// Keys are handled in order; only storage answers asynchronously, so the
	// test waits where the screen depends on the store.
	tm.Send(press("enter"))
	tm.Type("Checkout p99 was 4 s")
	tm.Send(press("tab"))
	tm.Type("I owned the fix")
	tm.Send(press("ctrl+d")) // to the first follow-up
	tm.Send(press("ctrl+d"))
	tm.Send(press("ctrl+d")) // past the second: rate
	waitFor(t, tm, "Rate your answer")
	for _, k := range []string{"4", "down", "5", "down", "3", "down", "4", "down", "4", "down", "space"} {
		tm.Send(press(k))
	}
	tm.Send(press("enter"))
	waitFor(t, tm, "Session complete")
	tm.Send(press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))

	if d := tm.FinalModel(t).(Model).Draft(); d != nil {
		t.Errorf("a saved session left a draft: %+v", d)
	}
	sessions, _, err := st.Summaries("", nil, 10)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("sessions: %v, %v", sessions, err)
	}
	_, attempts, err := st.Session(sessions[0].ID)
	if err != nil || len(attempts) != 1 {
		t.Fatalf("attempts: %v, %v", attempts, err)
	}
	a := attempts[0]
	if a.Steps[0].Notes != "Checkout p99 was 4 s" || a.Steps[1].Notes != "I owned the fix" {
		t.Errorf("notes = %q, %q", a.Steps[0].Notes, a.Steps[1].Notes)
	}
	if got := a.Rating.Phases; len(got) != 4 || got[0] != 4 || got[1] != 5 || got[2] != 3 || got[3] != 4 || a.Rating.Overall != 4 {
		t.Errorf("ratings = %v overall %d", got, a.Rating.Overall)
	}
	if len(a.Rating.Covered) != 1 || a.Rating.Covered[0] != a.Question.Cover[0] {
		t.Errorf("covered = %v", a.Rating.Covered)
	}
	if a.Steps[0].Spent <= 0 || a.Finished.IsZero() {
		t.Errorf("no time recorded: %+v", a.Steps[0])
	}
	if d, err := st.Draft(); err != nil || d != nil {
		t.Errorf("draft left in the store: %+v, %v", d, err)
	}
}

// TestQuitKeepsDraft quits in the middle of an answer and finds the notes
// as a draft, then resumes it from the home screen.
func TestQuitKeepsDraft(t *testing.T) {
	st := testStore(t)
	b := testBank(t)
	tm := teatest.NewTestModel(t, New(Options{Bank: b, Store: st, Settings: practice.Settings{Count: 2, Seed: 7}, Start: StartPractice}))
	waitFor(t, tm, "Press enter when you are ready")
	tm.Send(press("enter"))
	tm.Type("half an answer")
	tm.Send(tea.PasteMsg{Content: "\npasted \x1b]52;c;aGk=\x07line"})
	tm.Send(press("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	final := tm.FinalModel(t).(Model)
	if d := final.Draft(); d == nil || d.Attempt.Steps[0].Notes != "half an answer\npasted line" {
		t.Fatalf("draft = %+v", d)
	}
	// Run saves the draft; here the test does, as Run would.
	if err := final.SaveDraft(); err != nil {
		t.Fatal(err)
	}
	if d, err := st.Draft(); err != nil || d == nil || d.SessionID == 0 {
		t.Fatalf("the saved draft: %+v, %v", d, err)
	}
	tm = teatest.NewTestModel(t, New(Options{Bank: b, Store: st}))
	waitFor(t, tm, "You have an unfinished answer")
	tm.Send(press("r"))
	waitFor(t, tm, "Paused at")
	tm.Send(press("enter"))
	tm.Type(" and more")
	tm.Send(press("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	if got := tm.FinalModel(t).(Model).Draft(); got == nil || got.Attempt.Steps[0].Notes != "half an answer\npasted line and more" {
		t.Errorf("resumed draft lost the notes: %+v", got)
	}
}

// TestNewSessionKeepsTheOldDraft starts a new session while a draft waits:
// when the new session first saves, the draft's answer goes into its own
// session's history, notes and all. A new session left before it saves
// anything leaves the draft as it was, and is not kept.
func TestNewSessionKeepsTheOldDraft(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	startPractice(st, "behavioral").send(press("enter")).wait(20 * time.Second).send(typeText("words to keep")...)
	st.send(press("esc"), press("esc")) // the answer becomes a draft
	if d, err := st.store.Draft(); err != nil || d == nil {
		t.Fatalf("no draft: %v", err)
	}
	startPractice(st, "technical").send(press("esc")) // left on its first card
	if d, err := st.store.Draft(); err != nil || d == nil {
		t.Fatalf("a session left at once took the draft's place: %+v, %v", d, err)
	}
	if page, _, err := st.store.Summaries("", nil, 10); err != nil || len(page) != 1 {
		t.Fatalf("%d sessions kept, want only the draft's: %v", len(page), err)
	}
	startPractice(st, "technical").send(press("ctrl+s")) // skipping saves the first answer
	if d, err := st.store.Draft(); err != nil || d != nil {
		t.Fatalf("the old draft is still the draft: %+v, %v", d, err)
	}
	_, attempts, err := st.store.Session(1)
	if err != nil || len(attempts) != 1 || attempts[0].Steps[0].Notes != "words to keep" || attempts[0].Finished.IsZero() {
		t.Fatalf("the first session's answer: %+v, %v", attempts, err)
	}
}

// TestEscOnTheRatingGoesBackToTheAnswer reopens an answer finished too soon.
func TestEscOnTheRatingGoesBackToTheAnswer(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "technical")
	st.send(press("enter")).wait(10*time.Second).send(press("ctrl+d"), press("ctrl+d"), press("ctrl+d"))
	s := st.m.(Model).screen.(*practiceScreen)
	if s.state != stateRate {
		t.Fatalf("state %v, want rating", s.state)
	}
	st.send(press("esc")).wait(5 * time.Second).send(typeText("more")...)
	if s.state != stateAnswer || s.attempt.Done() || !s.attempt.Running() || s.attempt.Total() != 15*time.Second {
		t.Fatalf("state %v, done %v, running %v, total %v", s.state, s.attempt.Done(), s.attempt.Running(), s.attempt.Total())
	}
}
