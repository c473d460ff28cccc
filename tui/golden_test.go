package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// screenAt drives a new app at width×height through msgs, with a fake clock
// that moves by step after each message.
type screenTest struct {
	t     *testing.T
	clock *fakeClock
	store *store.Store
	m     tea.Model
}

func newScreenTest(t *testing.T, width, height int) *screenTest {
	st := &screenTest{t: t, clock: newFakeClock(), store: testStore(t)}
	st.m = New(Options{Bank: testBank(t), Store: st.store, Clock: st.clock.Now})
	st.m = drive(t, st.m, tea.WindowSizeMsg{Width: width, Height: height})
	st.m = drive(t, st.m, run(st.m.Init())...)
	return st
}

func (st *screenTest) send(msgs ...tea.Msg) *screenTest {
	st.m = drive(st.t, st.m, msgs...)
	return st
}

func (st *screenTest) wait(d time.Duration) *screenTest {
	st.clock.Advance(d)
	return st
}

// golden compares the screen, without colours and with the database's
// temporary path made stable, with testdata/<test name>.golden.
func (st *screenTest) golden() {
	st.t.Helper()
	view := ansi.Strip(st.m.View().Content)
	view = strings.ReplaceAll(view, st.store.Path(), "/home/you/.local/share/rehearse/rehearse.db")
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	golden.RequireEqual(st.t, strings.Join(lines, "\n")+"\n")
}

func startPractice(st *screenTest, kind string) *screenTest {
	k, _ := map[string]practice.Settings{
		"behavioral": {Kind: "behavioral", Count: 2, Seed: 3},
		"technical":  {Kind: "technical", Count: 1, Seed: 5},
	}[kind]
	return st.send(startSessionMsg{k})
}

func TestScreenHome(t *testing.T) {
	newScreenTest(t, 80, 24).golden()
}

func TestScreenHomeWithDraft(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	startPractice(st, "behavioral").send(press("enter")).wait(40 * time.Second).send(typeText("a draft")...)
	st.send(press("esc"), press("esc")) // back to the card, end the session: the answer becomes a draft
	st.golden()
}

func TestScreenSetup(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	st.send(press("enter"), press("right"), press("down"), press("down"), press("right"), press("down"), press("down"), press("down"), press("space"), press("down"), press("space"))
	st.golden()
}

func TestScreenQuestions(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	st.send(press("down"), press("enter"), press("right"), press("right"))
	st.golden()
}

func TestScreenQuestionOpen(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	st.send(press("down"), press("enter"), press("down"), press("enter"))
	st.golden()
}

func TestScreenCard(t *testing.T) {
	startPractice(newScreenTest(t, 80, 24), "behavioral").golden()
}

func TestScreenAnswer(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "behavioral")
	st.send(press("enter")).wait(30 * time.Second).send(typeText("Payments team, 2023: checkout p99 at 4 s.")...)
	st.send(press("tab")).wait(25 * time.Second).send(typeText("I owned the fix")...)
	st.golden()
}

func TestScreenAnswerPaused(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "technical")
	st.send(press("enter")).wait(50 * time.Second).send(press("ctrl+p")).wait(time.Hour)
	st.golden()
}

func TestScreenFollowup(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "behavioral")
	st.send(press("enter")).wait(3 * time.Minute).send(press("ctrl+d")).wait(20 * time.Second)
	st.send(typeText("We replayed a day of traffic against staging.")...)
	st.golden()
}

func TestScreenRate(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "behavioral")
	st.send(press("enter")).wait(30 * time.Second).send(press("tab")).wait(15 * time.Second).send(press("tab")).wait(80 * time.Second)
	st.send(press("ctrl+d"), press("ctrl+d"), press("ctrl+d"))
	st.send(press("4"), press("down"), press("3"), press("down"), press("down"), press("down"), press("5"), press("down"), press("space"))
	st.golden()
}

func TestScreenSummary(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "behavioral")
	for range 2 {
		st.send(press("enter")).wait(40 * time.Second).send(press("tab")).wait(20 * time.Second).send(press("tab")).wait(100 * time.Second)
		st.send(press("tab")).wait(30*time.Second).send(press("ctrl+d"), press("ctrl+d"), press("ctrl+d"))
		st.send(press("3"), press("down"), press("4"), press("down"), press("2"), press("down"), press("4"), press("down"), press("3"), press("enter"))
	}
	st.golden()
}

func TestScreenTooSmall(t *testing.T) {
	newScreenTest(t, 50, 12).golden()
}
