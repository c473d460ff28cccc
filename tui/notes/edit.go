package notes

import (
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/sanitize"
)

// Editing: the field's keys (keys.go) and what they do to the text and
// the cursor. The text is a list of lines; an edit replaces the lines it
// touches, never the whole text.

// key handles one key press; it reports whether the key was the field's.
func (f *Field) key(msg tea.KeyPressMsg) bool {
	vertical := false
	k := keystroke(msg.String())
	switch {
	case key.Matches(k, editKeys.Newline):
		f.insert("\n")
	case key.Matches(k, editKeys.DeleteBefore):
		f.deleteTo(f.before())
	case key.Matches(k, editKeys.DeleteAfter):
		f.deleteTo(f.after())
	case key.Matches(k, editKeys.DeleteWordBefore):
		f.deleteTo(f.wordBefore())
	case key.Matches(k, editKeys.DeleteWordAfter):
		f.deleteTo(f.wordAfter())
	case key.Matches(k, editKeys.DeleteToLineStart):
		f.deleteTo(f.row, 0)
	case key.Matches(k, editKeys.DeleteToLineEnd):
		if f.col == runeCount(f.lines[f.row]) {
			f.deleteTo(f.after()) // at the end: join the next line
		} else {
			f.deleteTo(f.row, runeCount(f.lines[f.row]))
		}
	case key.Matches(k, editKeys.Left):
		f.row, f.col = f.before()
	case key.Matches(k, editKeys.Right):
		f.row, f.col = f.after()
	case key.Matches(k, editKeys.WordLeft):
		f.row, f.col = f.wordBefore()
	case key.Matches(k, editKeys.WordRight):
		f.row, f.col = f.wordAfter()
	case key.Matches(k, editKeys.LineStart):
		f.col = 0
	case key.Matches(k, editKeys.LineEnd):
		f.col = runeCount(f.lines[f.row])
	case key.Matches(k, editKeys.TextStart):
		f.row, f.col = 0, 0
	case key.Matches(k, editKeys.TextEnd):
		f.row = len(f.lines) - 1
		f.col = runeCount(f.lines[f.row])
	case key.Matches(k, editKeys.Up):
		f.moveRows(-1)
		vertical = true
	case key.Matches(k, editKeys.Down):
		f.moveRows(1)
		vertical = true
	case key.Matches(k, editKeys.PageUp):
		f.moveRows(-f.height)
		vertical = true
	case key.Matches(k, editKeys.PageDown):
		f.moveRows(f.height)
		vertical = true
	default:
		if msg.Text == "" || msg.Mod.Contains(tea.ModCtrl) || msg.Mod.Contains(tea.ModAlt) {
			return false
		}
		f.insert(sanitize.Paste(msg.Text))
	}
	if !vertical {
		f.goal = -1
	}
	return true
}

// insert puts s, which may hold newlines, at the cursor.
func (f *Field) insert(s string) {
	if s == "" {
		return
	}
	line := f.lines[f.row]
	at := byteOffset(line, f.col)
	head, tail := line[:at], line[at:]
	parts := strings.Split(s, "\n")
	last := len(parts) - 1
	if last == 0 {
		f.col += runeCount(parts[0])
	} else {
		f.col = runeCount(parts[last])
	}
	parts[0] = head + parts[0]
	parts[last] += tail
	f.lines = slices.Replace(f.lines, f.row, f.row+1, parts...)
	f.row += last
	f.edited()
}

// deleteTo deletes the text between the cursor and (row, col), either
// side of it, and leaves the cursor at the start of the gap.
func (f *Field) deleteTo(row, col int) {
	r1, c1, r2, c2 := f.row, f.col, row, col
	if r2 < r1 || r2 == r1 && c2 < c1 {
		r1, c1, r2, c2 = r2, c2, r1, c1
	}
	if r1 == r2 && c1 == c2 {
		return
	}
	joined := f.lines[r1][:byteOffset(f.lines[r1], c1)] + f.lines[r2][byteOffset(f.lines[r2], c2):]
	f.lines = slices.Replace(f.lines, r1, r2+1, joined)
	f.row, f.col = r1, c1
	f.edited()
}

func (f *Field) edited() {
	f.changed = true
	f.revision++
}

// before and after are the positions one character left and right of the
// cursor, across line ends.
func (f *Field) before() (row, col int) {
	switch {
	case f.col > 0:
		return f.row, f.col - 1
	case f.row > 0:
		return f.row - 1, runeCount(f.lines[f.row-1])
	}
	return f.row, f.col
}

func (f *Field) after() (row, col int) {
	switch {
	case f.col < runeCount(f.lines[f.row]):
		return f.row, f.col + 1
	case f.row < len(f.lines)-1:
		return f.row + 1, 0
	}
	return f.row, f.col
}

// wordBefore is the start of the word before the cursor; at the start of
// a line, the end of the line before.
func (f *Field) wordBefore() (row, col int) {
	if f.col == 0 {
		return f.before()
	}
	runes := []rune(f.lines[f.row])
	i := f.col
	for i > 0 && unicode.IsSpace(runes[i-1]) {
		i--
	}
	for i > 0 && !unicode.IsSpace(runes[i-1]) {
		i--
	}
	return f.row, i
}

// wordAfter is the end of the word after the cursor; at the end of a
// line, the start of the line after.
func (f *Field) wordAfter() (row, col int) {
	runes := []rune(f.lines[f.row])
	if f.col == len(runes) {
		return f.after()
	}
	i := f.col
	for i < len(runes) && unicode.IsSpace(runes[i]) {
		i++
	}
	for i < len(runes) && !unicode.IsSpace(runes[i]) {
		i++
	}
	return f.row, i
}
