// Package notes is a multi-line text field for answer notes that stays fast
// with long text: an edit touches one line and a render draws only the
// lines on screen.
package notes

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/sanitize"
)

// Field is the note field. The zero value is an empty field of no size;
// call SetSize before drawing it.
type Field struct {
	lines     [][]rune // never empty once used; see ensure
	row, col  int      // cursor: line and rune index in it
	top       int      // first line on screen
	width     int
	height    int
	focused   bool
	changed   bool // text changed since the last TakeChanged
	Style     lipgloss.Style
	Cursor    lipgloss.Style
	Empty     string // placeholder shown while the field is empty
	EmptyLook lipgloss.Style
}

// SetValue replaces the text and puts the cursor at its end.
func (f *Field) SetValue(s string) {
	parts := strings.Split(sanitize.Text(s), "\n")
	f.lines = make([][]rune, len(parts))
	for i, p := range parts {
		f.lines[i] = []rune(p)
	}
	f.row = len(f.lines) - 1
	f.col = len(f.lines[f.row])
	f.top = 0
	f.scroll()
}

// Value returns the text.
func (f *Field) Value() string {
	f.ensure()
	var b strings.Builder
	for i, l := range f.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(string(l))
	}
	return b.String()
}

// TakeChanged reports whether the text changed since it was last asked.
func (f *Field) TakeChanged() bool {
	c := f.changed
	f.changed = false
	return c
}

// SetSize sets the field's width and height in cells.
func (f *Field) SetSize(width, height int) {
	f.width, f.height = max(width, 1), max(height, 1)
	f.scroll()
}

// Focus and Blur decide whether the field takes keys and shows its cursor.
func (f *Field) Focus()        { f.focused = true }
func (f *Field) Blur()         { f.focused = false }
func (f *Field) Focused() bool { return f.focused }

// Update edits the text for key presses and pastes; it ignores the rest.
// It reports whether it used the message, so callers can route the keys
// it does not take (tab, esc, ctrl+…) to their commands.
func (f *Field) Update(msg tea.Msg) bool {
	if !f.focused {
		return false
	}
	f.ensure()
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(sanitize.Paste(msg.Content))
		return true
	case tea.KeyPressMsg:
		return f.key(msg)
	}
	return false
}

func (f *Field) key(msg tea.KeyPressMsg) bool {
	switch msg.String() {
	case "enter":
		f.insert("\n")
	case "backspace", "ctrl+h":
		f.backspace()
	case "delete":
		f.delete()
	case "left":
		if f.col > 0 {
			f.col--
		} else if f.row > 0 {
			f.row--
			f.col = len(f.lines[f.row])
		}
	case "right":
		if f.col < len(f.lines[f.row]) {
			f.col++
		} else if f.row < len(f.lines)-1 {
			f.row++
			f.col = 0
		}
	case "up":
		if f.row > 0 {
			f.row--
			f.col = min(f.col, len(f.lines[f.row]))
		}
	case "down":
		if f.row < len(f.lines)-1 {
			f.row++
			f.col = min(f.col, len(f.lines[f.row]))
		}
	case "home", "ctrl+a":
		f.col = 0
	case "end", "ctrl+e":
		f.col = len(f.lines[f.row])
	case "pgup":
		f.row = max(0, f.row-f.height)
		f.col = min(f.col, len(f.lines[f.row]))
	case "pgdown":
		f.row = min(len(f.lines)-1, f.row+f.height)
		f.col = min(f.col, len(f.lines[f.row]))
	case "ctrl+u":
		f.lines[f.row] = f.lines[f.row][f.col:]
		f.col = 0
		f.changed = true
	default:
		if msg.Text == "" || msg.Mod.Contains(tea.ModCtrl) || msg.Mod.Contains(tea.ModAlt) {
			return false
		}
		f.insert(sanitize.Text(msg.Text))
	}
	f.scroll()
	return true
}

func (f *Field) ensure() {
	if len(f.lines) == 0 {
		f.lines = [][]rune{nil}
	}
}

// insert puts s, which may hold newlines, at the cursor.
func (f *Field) insert(s string) {
	if s == "" {
		return
	}
	f.ensure()
	line := f.lines[f.row]
	tail := append([]rune(nil), line[f.col:]...)
	parts := strings.Split(s, "\n")
	first := []rune(parts[0])
	line = append(line[:f.col], first...)
	if len(parts) == 1 {
		f.lines[f.row] = append(line, tail...)
		f.col += len(first)
	} else {
		f.lines[f.row] = line
		added := make([][]rune, 0, len(parts)-1)
		for _, p := range parts[1:] {
			added = append(added, []rune(p))
		}
		last := len(added) - 1
		f.col = len(added[last])
		added[last] = append(added[last], tail...)
		f.lines = append(f.lines[:f.row+1], append(added, f.lines[f.row+1:]...)...)
		f.row += len(added)
	}
	f.changed = true
	f.scroll()
}

func (f *Field) backspace() {
	switch {
	case f.col > 0:
		f.lines[f.row] = append(f.lines[f.row][:f.col-1], f.lines[f.row][f.col:]...)
		f.col--
	case f.row > 0:
		prev := f.lines[f.row-1]
		f.col = len(prev)
		f.lines[f.row-1] = append(prev, f.lines[f.row]...)
		f.lines = append(f.lines[:f.row], f.lines[f.row+1:]...)
		f.row--
	default:
		return
	}
	f.changed = true
}

func (f *Field) delete() {
	switch {
	case f.col < len(f.lines[f.row]):
		f.lines[f.row] = append(f.lines[f.row][:f.col], f.lines[f.row][f.col+1:]...)
	case f.row < len(f.lines)-1:
		f.lines[f.row] = append(f.lines[f.row], f.lines[f.row+1]...)
		f.lines = append(f.lines[:f.row+1], f.lines[f.row+2:]...)
	default:
		return
	}
	f.changed = true
}

// rowsOf returns how many screen rows line i takes when wrapped.
func (f *Field) rowsOf(i int) int {
	w := ansi.StringWidth(string(f.lines[i]))
	if w == 0 || f.width <= 0 {
		return 1
	}
	return (w + f.width - 1) / f.width
}

// scroll moves the window so that the cursor's line is on screen, looking
// only at the lines between the window and the cursor.
func (f *Field) scroll() {
	f.ensure()
	if f.row < f.top {
		f.top = f.row
	}
	for f.top < f.row {
		rows := 0
		for i := f.top; i <= f.row && rows <= f.height; i++ {
			rows += f.rowsOf(i)
		}
		if rows <= f.height {
			break
		}
		f.top++
	}
}

// View draws the lines on screen, wrapped to the width, with the cursor.
func (f *Field) View() string {
	f.ensure()
	if len(f.lines) == 1 && len(f.lines[0]) == 0 && !f.focused && f.Empty != "" {
		return f.Style.Width(f.width).Height(f.height).Render(f.EmptyLook.Render(ansi.Truncate(f.Empty, f.width, "…")))
	}
	out := make([]string, 0, f.height)
	for i := f.top; i < len(f.lines) && len(out) < f.height; i++ {
		line := f.lines[i]
		cursorAt := -1
		if f.focused && i == f.row {
			cursorAt = f.col
		}
		out = append(out, f.wrap(line, cursorAt)...)
	}
	if len(out) > f.height {
		out = out[:f.height]
	}
	for len(out) < f.height {
		out = append(out, "")
	}
	for i, row := range out {
		if w := ansi.StringWidth(row); w < f.width {
			out[i] = row + strings.Repeat(" ", f.width-w)
		}
	}
	return f.Style.Render(strings.Join(out, "\n"))
}

// wrap cuts a line into rows of the field's width, drawing the cursor at
// rune index cursorAt (-1 for none).
func (f *Field) wrap(line []rune, cursorAt int) []string {
	var rows []string
	var b strings.Builder
	width := 0
	flush := func() {
		rows = append(rows, b.String())
		b.Reset()
		width = 0
	}
	for i, r := range line {
		w := max(ansi.StringWidth(string(r)), 1)
		if width+w > f.width {
			flush()
		}
		if i == cursorAt {
			b.WriteString(f.Cursor.Render(string(r)))
		} else {
			b.WriteRune(r)
		}
		width += w
	}
	if cursorAt == len(line) {
		if width+1 > f.width {
			flush()
		}
		b.WriteString(f.Cursor.Render(" "))
	}
	flush()
	return rows
}
