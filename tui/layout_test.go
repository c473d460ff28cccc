package tui

import (
	"fmt"
	"image/color"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// countingScreen is a home screen that counts the root's calls to its
// layout.
type countingScreen struct {
	*home
	layouts int
}

func (s *countingScreen) layout() tea.Cmd {
	s.layouts++
	return s.home.layout()
}

func (s *countingScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	_, cmd := s.home.update(msg)
	return s, cmd
}

// TestLayoutOncePerChange: the root lays the screen out exactly once for
// each change of the space or the styles, and not at all otherwise.
func TestLayoutOncePerChange(t *testing.T) {
	m := New(Options{Bank: testBank(t), Store: testStore(t), Clock: newFakeClock().Now})
	s := &countingScreen{home: newHome(m.c)}
	m.screen = s
	var tm tea.Model = m
	steps := []struct {
		name string
		msg  tea.Msg
		want int
	}{
		{"a resize", tea.WindowSizeMsg{Width: 100, Height: 30}, 1},
		{"a key that changes no space", press("down"), 0},
		{"a resize of the width alone", tea.WindowSizeMsg{Width: 90, Height: 30}, 1},
		{"the full help, taller than the short", press("?"), 1},
		{"a resize with the full help shown", tea.WindowSizeMsg{Width: 70, Height: 20}, 1},
		{"a key with the full help shown", press("up"), 0},
		{"the terminal's background", tea.BackgroundColorMsg{Color: color.White}, 1},
		{"the short help again", press("?"), 1},
		{"a resize to too small", tea.WindowSizeMsg{Width: 40, Height: 10}, 1},
	}
	for _, step := range steps {
		before := s.layouts
		tm, _ = tm.Update(step.msg)
		if got := s.layouts - before; got != step.want {
			t.Errorf("%s: %d layouts, want %d", step.name, got, step.want)
		}
	}
}

// TestResizeLaysOutLikeAFreshStart: a screen resized through the root
// draws what the same screen opened at that size draws, for a screen
// with a notes field and one with panes, a table and markdown.
func TestResizeLaysOutLikeAFreshStart(t *testing.T) {
	screens := map[string]func(*screenTest) *screenTest{
		"rating": answerWithNotes,
		"answer": func(st *screenTest) *screenTest {
			return startPractice(st, "behavioral").send(press("enter")).send(typeText("Payments team, 2023.")...)
		},
		"question": func(st *screenTest) *screenTest {
			return st.send(press("down"), press("down"), press("down"), press("enter"), press("enter"))
		},
		"history": func(st *screenTest) *screenTest {
			fillHistory(st.t, st)
			return st.send(press("down"), press("enter"))
		},
	}
	for name, open := range screens {
		for _, full := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/fullhelp=%v", name, full), func(t *testing.T) {
				want := open(newScreenTest(t, 140, 40))
				got := open(newScreenTest(t, 80, 24))
				if full {
					want.send(press("ctrl+g"))
					got.send(press("ctrl+g"))
				}
				got.send(tea.WindowSizeMsg{Width: 140, Height: 40})
				if g, w := ansi.Strip(got.m.View().Content), ansi.Strip(want.m.View().Content); g != w {
					t.Errorf("resized to 140×40:\n%s\nopened at 140×40:\n%s", g, w)
				}
			})
		}
	}
}
