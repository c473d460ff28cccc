package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/practice"
)

// answerWithNotes answers the first behavioral question of a new session
// with notes in every phase, then finishes it and rates some rows.
func answerWithNotes(st *screenTest) *screenTest {
	startPractice(st, "behavioral").send(press("enter"))
	notes := []string{
		"Ticketing site, 900 orders a minute at peak; checkout p95 hit 3 s before a sale.",
		"I owned checkout and had to get it under 500 ms by Friday.",
		"We looked at traces together. I found an N+1 in the seat map,\nbatched the queries and added a short cache, basically.",
		"It got a lot faster and the sale went fine.",
	}
	for i, n := range notes {
		st.wait(time.Duration(20+25*i) * time.Second).send(typeText(n)...)
		if i < len(notes)-1 {
			st.send(press("tab"))
		}
	}
	return st.send(press("ctrl+d"), press("ctrl+d"), press("ctrl+d"), press("4"), press("down"), press("3"), press("down"))
}

func TestScreenRateWithNotes(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {140, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			answerWithNotes(newScreenTest(t, size[0], size[1])).golden()
		})
	}
}

func TestScreenRateInsights(t *testing.T) {
	st := answerWithNotes(newScreenTest(t, 80, 24)).send(press("v"), press("v"))
	st.golden()
	view := st.m.View().Content
	for _, want := range []string{"Your Result has no number", "insights"} {
		if !strings.Contains(view, want) {
			t.Errorf("the insights pane lacks %q", want)
		}
	}
}

// TestRateShowsThePhaseBeingRated: moving to a phase's row brings its
// notes into view in the answer pane.
func TestRateShowsThePhaseBeingRated(t *testing.T) {
	st := answerWithNotes(newScreenTest(t, 80, 18))
	s := st.m.(Model).screen.(*practiceScreen)
	st.send(press("down")) // the result's row
	if !strings.Contains(s.answer.View(), "It got a lot faster") {
		t.Errorf("the result's notes are not in view:\n%s", s.answer.View())
	}
	for range 12 { // down through every area to next time: nothing is cut
		st.send(press("down"))
	}
	if !strings.Contains(st.m.View().Content, "Next time") {
		t.Errorf("the last row is not in view:\n%s", st.m.View().Content)
	}
}

func TestScreenBrowserSearch(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	st.send(press("down"), press("down"), press("down"), press("enter"), press("/")).send(typeText("cache")...).send(press("enter"))
	st.golden()
	b := st.m.(Model).screen.(*browser)
	if len(b.questions) == 0 {
		t.Fatal("the search found nothing")
	}
	for _, q := range b.questions {
		if !strings.Contains(strings.ToLower(q.Prompt+" "+q.ID), "cache") {
			t.Errorf("%s does not match the search", q.ID)
		}
	}
}

func TestScreenHomeWithPlan(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	date := time.Date(2026, 12, 7, 0, 0, 0, 0, time.Local)
	if err := st.store.SetPlan(&coach.Plan{Date: date, Topics: []string{"databases", "apis"}, PerDay: 4}); err != nil {
		t.Fatal(err)
	}
	st.send(goHomeMsg{}).golden()
}

// TestBrowsePractiseRateAndNext runs the real program: search the browser,
// practise the question found, rate it 2, and find it first and due in
// smart selection the next day.
func TestBrowsePractiseRateAndNext(t *testing.T) {
	st := testStore(t)
	b := testBank(t)
	tm := teatest.NewTestModel(t, New(Options{Bank: b, Store: st, Start: StartQuestions}), teatest.WithInitialTermSize(100, 30))
	waitFor(t, tm, "Questions")
	tm.Send(press("/"))
	tm.Type("CAP theorem")
	tm.Send(press("enter"))
	tm.Send(press("p"))
	waitFor(t, tm, "Press enter when you are ready")
	tm.Send(press("enter"))
	tm.Type("Consistency or availability when the network splits.")
	tm.Send(press("ctrl+d"))
	tm.Send(press("ctrl+d"))
	tm.Send(press("ctrl+d"))
	waitFor(t, tm, "Rate your answer")
	for range 4 { // the four phases of the explain frame, to the overall row
		tm.Send(press("down"))
	}
	tm.Send(press("2"))
	tm.Send(press("enter"))
	waitFor(t, tm, "Session complete")
	tm.Send(press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(15*time.Second))

	page, _, err := st.Summaries("", nil, 10)
	if err != nil || len(page) != 1 || page[0].Settings.Order != practice.OrderGiven || page[0].Questions[0] != "cap-theorem" {
		t.Fatalf("sessions %+v, %v", page, err)
	}
	_, attempts, err := st.Session(page[0].ID)
	if err != nil || len(attempts) != 1 || attempts[0].Rating.Overall != 2 || attempts[0].Insights == nil {
		t.Fatalf("the answer: %+v, %v", attempts, err)
	}
	states, err := st.States()
	if err != nil {
		t.Fatal(err)
	}
	picks := coach.Select(b.Questions, states, time.Now().Add(25*time.Hour), 3, 1, nil)
	if picks[0].Question.ID != "cap-theorem" || picks[0].Reason.Why != coach.WhyDue {
		t.Errorf("next day's first pick: %s (%s), want cap-theorem, due", picks[0].Question.ID, picks[0].Reason.Text(time.Now()))
	}
}

// TestScreenDesignAnswer: a design round runs on its own frame: six
// phases and a 40-minute clock.
func TestScreenDesignAnswer(t *testing.T) {
	st := newScreenTest(t, 80, 24).send(practiseQuestionsMsg{[]string{"news-feed-design"}})
	st.send(press("enter")).wait(5 * time.Minute).send(typeText("Home timeline, 50M daily users, reads dominate.")...)
	st.send(press("tab")).wait(3 * time.Minute)
	st.golden()
	s := st.m.(Model).screen.(*practiceScreen)
	if s.attempt.PhaseCount() != 6 || s.attempt.Target() < 40*time.Minute {
		t.Errorf("design attempt: %d phases, target %v", s.attempt.PhaseCount(), s.attempt.Target())
	}
}

// TestScreenRateGuideWithExample: after answering, the guide shows the red
// flags and an example answer (never on the card).
func TestScreenRateGuideWithExample(t *testing.T) {
	st := newScreenTest(t, 140, 40).send(practiseQuestionsMsg{[]string{"race-condition"}})
	card := st.m.View().Content
	st.send(press("enter")).wait(90 * time.Second).send(typeText("Two requests booked the same seat.")...)
	st.send(press("ctrl+d"), press("ctrl+d"), press("ctrl+d"))
	for range 6 {
		st.send(press("pgdown"))
	}
	st.golden()
	s := st.m.(Model).screen.(*practiceScreen)
	q := s.question()
	guide := guideMarkdown(q, true)
	if !strings.Contains(guide, "## Red flags") || !strings.Contains(guide, "## An example answer") || !strings.Contains(guide, q.RedFlags[0]) {
		t.Error("the guide after answering lacks the red flags or the example")
	}
	if strings.Contains(card, "Red flags") || strings.Contains(card, q.Example[:40]) {
		t.Error("the card shows the red flags or the example before the answer")
	}
}
