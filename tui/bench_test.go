package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/practice"
)

// BenchmarkTypeIntoLongNotes measures one keystroke on the answer screen,
// Update then View, with 1,000 and 10,000 lines of notes in the active
// phase, typing at the end of a line of them: the budget is well under a
// millisecond, and the same at both.
func BenchmarkTypeIntoLongNotes(b *testing.B) {
	for _, lines := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			clock := newFakeClock()
			var m tea.Model = New(Options{Bank: testBank(b), Store: testStore(b), Clock: clock.Now})
			m = drive(b, m, tea.WindowSizeMsg{Width: 80, Height: 24}, startSessionMsg{practice.Settings{Count: 1, Seed: 1}}, press("enter"))
			long := strings.Repeat("a line of notes about the situation, long enough to be realistic\n", lines)
			m = drive(b, m, tea.PasteMsg{Content: long})
			s := m.(Model).screen.(*practiceScreen)
			if n := strings.Count(s.notes.Value(), "\n"); n < lines {
				b.Fatalf("notes have %d lines", n)
			}
			// Typing and deleting in turn keeps the line as long as a
			// written one; every iteration is one keystroke.
			keys := []tea.Msg{press("x"), press("backspace")}
			before := len(s.notes.Value())
			i := 0
			for b.Loop() {
				m, _ = m.Update(keys[i%2])
				_ = m.View()
				i++
			}
			if grew := len(s.notes.Value()) - before; grew > 1 {
				b.Fatalf("the notes grew by %d bytes: a key is not what it claims", grew)
			}
		})
	}
}
