// Package notes is the multi-line text field for answer notes: soft wrap
// at word boundaries, the cursor's row always in view, and the editing
// keys of a shell or a good editor, staying fast with long text.
//
// It exists because bubbles' textarea costs 36 ms a keystroke at 1,000
// lines (it re-wraps every line on every key). Here an edit replaces one
// line, and wrapping, scrolling and drawing look only at the lines
// between the top of the window and the cursor, never more than the
// window's height.
package notes

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/sanitize"
)

// Field is the notes field. The zero value is an empty field of no size;
// call SetSize before drawing it.
type Field struct {
	lines       []string // the text, one string per line; never empty once used
	row, col    int      // cursor: line, and rune index in it
	goal        int      // column kept by up and down; -1 when none
	top, topRow int      // the window's first row: line, and row of it
	width       int
	height      int
	focused     bool
	changed     bool   // text changed since the last TakeChanged
	revision    uint64 // counts the changes of text
	Cursor      lipgloss.Style
	Empty       string // placeholder shown while the field is empty
	EmptyLook   lipgloss.Style
}

// SetValue replaces the text and puts the cursor at its end.
func (f *Field) SetValue(s string) {
	f.lines = strings.Split(sanitize.Text(s), "\n")
	f.row = len(f.lines) - 1
	f.col = runeCount(f.lines[f.row])
	f.top, f.topRow, f.goal = 0, 0, -1
	f.revision++
	f.scroll()
}

// Replace replaces the text as an edit (from an editor, say): unlike
// SetValue, TakeChanged reports it.
func (f *Field) Replace(s string) {
	f.SetValue(s)
	f.changed = true
}

// Position returns the cursor's line and rune column, from 0.
func (f *Field) Position() (line, col int) { return f.row, f.col }

// Value returns the text.
func (f *Field) Value() string { return f.Snapshot().String() }

// Text is the text of a field at one moment: it does not change when the
// field does, so it can be read off the UI goroutine.
type Text struct{ lines []string }

// Snapshot returns the text as it is now, without joining its lines: it
// costs a copy of the list of lines, not of the text.
func (f *Field) Snapshot() Text {
	f.ensure()
	return Text{slices.Clone(f.lines)}
}

// String joins the lines of the text.
func (t Text) String() string { return strings.Join(t.lines, "\n") }

// TakeChanged reports whether the text changed since it was last asked.
func (f *Field) TakeChanged() bool {
	c := f.changed
	f.changed = false
	return c
}

// Revision counts the changes of the text, SetValue included: two equal
// revisions mean the same text.
func (f *Field) Revision() uint64 { return f.revision }

// SetSize sets the field's width and height in cells.
func (f *Field) SetSize(width, height int) {
	f.width, f.height = max(width, 2), max(height, 1)
	f.scroll()
}

// Width is the field's width in cells.
func (f *Field) Width() int { return f.width }

// Focus and Blur decide whether the field takes keys and shows its cursor.
func (f *Field) Focus()        { f.focused = true }
func (f *Field) Blur()         { f.focused = false }
func (f *Field) Focused() bool { return f.focused }

// Update edits the text for key presses and pastes, and scrolls for the
// mouse wheel; it ignores the rest. It reports whether it used the
// message, so callers can route the keys it does not take (tab, esc,
// ctrl+d …) to their commands.
func (f *Field) Update(msg tea.Msg) bool {
	if !f.focused {
		return false
	}
	f.ensure()
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(sanitize.Paste(msg.Content))
	case tea.KeyPressMsg:
		if !f.key(msg) {
			return false
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			f.moveRows(-3)
		case tea.MouseWheelDown:
			f.moveRows(3)
		default:
			return false
		}
	default:
		return false
	}
	f.scroll()
	return true
}

func (f *Field) ensure() {
	if len(f.lines) == 0 {
		f.lines = []string{""}
		f.goal = -1
	}
}
