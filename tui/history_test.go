package tui

import (
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/rehearse-app/rehearse/internal/testdb"
	"github.com/rehearse-app/rehearse/practice"
)

// Tests of the screens that look back: the history, a past session, a
// question's history and the stats.

// fillHistory practises three sessions over three days, through the
// practice code, into the screen test's database.
func fillHistory(t *testing.T, st *screenTest) {
	t.Helper()
	clock := &testdb.Clock{T: st.clock.now.Add(-50 * time.Hour)}
	answer := func(overall int, notes ...string) testdb.Answer {
		return testdb.Answer{Seconds: []int{40, 15, 95, 30, 40, 35}, Notes: notes, Phases: []int{overall, 4, overall - 1, 3}, Overall: overall, Covered: 3}
	}
	sessions := []testdb.Session{
		{Settings: practice.Settings{Kind: "behavioral", Count: 2, Seed: 11, Followups: 2}, Answers: []testdb.Answer{
			answer(3, "Checkout p99 went from 300 ms to 4 s after a release.", "I was on call and owned the fix."),
			answer(2, "A partner API started timing out.")}},
		{Settings: practice.Settings{Topics: []string{"databases"}, Count: 3, Seed: 12, Followups: 1}, Answers: []testdb.Answer{
			answer(4, "B-tree index on (customer_id, created_at)."), {Skip: true}, answer(5, "Expand, migrate, contract.")}},
		{Settings: practice.Settings{Kind: "behavioral", Count: 1, Seed: 11, Followups: 2}, Answers: []testdb.Answer{
			answer(4, "Same story, told with numbers first: p99 4 s to 180 ms.", "I owned the rollback and the index.")}},
	}
	for i, s := range sessions {
		if _, err := testdb.Practise(st.store, st.m.(Model).c.bank, clock, s); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Duration(20+i) * time.Hour)
	}
}

func TestScreensOfReview(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Run("history", func(t *testing.T) {
				st := newScreenTest(t, size[0], size[1])
				fillHistory(t, st)
				st.send(press("down"), press("enter")).golden()
			})
			t.Run("history by topic", func(t *testing.T) {
				st := newScreenTest(t, size[0], size[1])
				fillHistory(t, st)
				st.send(press("down"), press("enter"), press("right"), press("right")).golden()
			})
			t.Run("session", func(t *testing.T) {
				st := newScreenTest(t, size[0], size[1])
				fillHistory(t, st)
				st.send(press("down"), press("enter"), press("enter")).golden()
			})
			t.Run("question history", func(t *testing.T) {
				st := newScreenTest(t, size[0], size[1])
				fillHistory(t, st)
				st.send(press("down"), press("enter"), press("enter"), press("1")).golden()
			})
			t.Run("stats", func(t *testing.T) {
				st := newScreenTest(t, size[0], size[1])
				fillHistory(t, st)
				st.send(press("down"), press("down"), press("enter"), press("down")).golden()
			})
			t.Run("empty history", func(t *testing.T) {
				st := newScreenTest(t, size[0], size[1])
				st.send(press("down"), press("enter")).golden()
			})
		})
	}
}

func TestBackReturnsToTheScreenBefore(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	fillHistory(t, st)
	st.send(press("down"), press("enter"), press("down"), press("enter"), press("1"))
	if _, ok := st.m.(Model).screen.(*questionHistory); !ok {
		t.Fatalf("screen is %T, want question history", st.m.(Model).screen)
	}
	st.send(press("esc"), press("esc"))
	h, ok := st.m.(Model).screen.(*history)
	if !ok || h.table.Cursor() != 1 {
		t.Fatalf("esc twice gave %T (cursor kept?)", st.m.(Model).screen)
	}
	st.send(press("esc"))
	if _, ok := st.m.(Model).screen.(*home); !ok {
		t.Fatalf("screen is %T, want home", st.m.(Model).screen)
	}
}

func TestStatsPractisesTheWeakestTopics(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	fillHistory(t, st)
	st.send(press("down"), press("down"), press("enter"), press("p"))
	s, ok := st.m.(Model).screen.(*practiceScreen)
	if !ok || s.sess == nil {
		t.Fatalf("p gave %T, want a practice session", st.m.(Model).screen)
	}
	if len(s.sess.Settings.Topics) != 3 {
		t.Errorf("practising topics %v, want the three weakest", s.sess.Settings.Topics)
	}
}

// TestReviewFlow practises two sessions in the real program, then opens
// the history, the newer session, and reads its notes.
func TestReviewFlow(t *testing.T) {
	st := testStore(t)
	b := testBank(t)
	for i, note := range []string{"first session notes", "second session notes"} {
		tm := teatest.NewTestModel(t, New(Options{Bank: b, Store: st, Start: StartPractice,
			Settings: practice.Settings{Kind: "technical", Count: 1, Seed: uint64(i + 1), Followups: 1}}), teatest.WithInitialTermSize(100, 30))
		waitFor(t, tm, "Press enter when you are ready")
		tm.Send(press("enter"))
		tm.Type(note)
		tm.Send(press("ctrl+d"))
		tm.Send(press("ctrl+d"))
		waitFor(t, tm, "Rate your answer")
		tm.Send(press("down"))
		tm.Send(press("down"))
		tm.Send(press("down"))
		tm.Send(press("down"))
		tm.Send(press("3"))
		tm.Send(press("enter"))
		waitFor(t, tm, "Session complete")
		tm.Send(press("q"))
		tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	}
	tm := teatest.NewTestModel(t, New(Options{Bank: b, Store: st}), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "Practice")
	tm.Send(press("down"))
	tm.Send(press("enter"))
	waitFor(t, tm, "Rating") // the table is drawn once the first page is read
	tm.Send(press("enter"))  // the newest is first
	waitFor(t, tm, "second session notes")
	tm.Send(press("ctrl+c"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))
	if v, ok := tm.FinalModel(t).(Model).screen.(*pastSession); !ok || v.id != 2 {
		t.Errorf("final screen %T", tm.FinalModel(t).(Model).screen)
	}
}
