package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/practice"
)

// BenchmarkTypeIntoLongNotes measures one keystroke on the answer screen,
// Update then View, with 1,000 lines of notes in the active phase.
func BenchmarkTypeIntoLongNotes(b *testing.B) {
	clock := newFakeClock()
	var m tea.Model = New(Options{Bank: testBank(b), Store: testStore(b), Clock: clock.Now})
	m = drive(b, m, tea.WindowSizeMsg{Width: 80, Height: 24}, startSessionMsg{practice.Settings{Count: 1, Seed: 1}}, press("enter"))
	long := strings.Repeat("a line of notes about the situation, long enough to be realistic\n", 1000)
	m = drive(b, m, tea.PasteMsg{Content: long})
	s := m.(Model).screen.(*session)
	if n := strings.Count(s.notes.Value(), "\n"); n < 1000 {
		b.Fatalf("notes have %d lines", n)
	}
	x := press("x")
	for b.Loop() {
		m, _ = m.Update(x)
		_ = m.View()
	}
}
