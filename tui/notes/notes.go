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
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

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

// key handles one key press; it reports whether the key was the field's.
func (f *Field) key(msg tea.KeyPressMsg) bool {
	vertical := false
	switch msg.String() {
	case "enter":
		f.insert("\n")
	case "backspace", "ctrl+h":
		f.deleteTo(f.before())
	case "delete":
		f.deleteTo(f.after())
	case "ctrl+w", "alt+backspace", "ctrl+backspace":
		f.deleteTo(f.wordBefore())
	case "alt+d", "ctrl+delete", "alt+delete":
		f.deleteTo(f.wordAfter())
	case "ctrl+u":
		f.deleteTo(f.row, 0)
	case "ctrl+k":
		if f.col == runeCount(f.lines[f.row]) {
			f.deleteTo(f.after()) // at the end: join the next line
		} else {
			f.deleteTo(f.row, runeCount(f.lines[f.row]))
		}
	case "left", "ctrl+b":
		f.row, f.col = f.before()
	case "right", "ctrl+f":
		f.row, f.col = f.after()
	case "alt+left", "ctrl+left", "alt+b":
		f.row, f.col = f.wordBefore()
	case "alt+right", "ctrl+right", "alt+f":
		f.row, f.col = f.wordAfter()
	case "home", "ctrl+a":
		f.col = 0
	case "end":
		f.col = runeCount(f.lines[f.row])
	case "ctrl+home":
		f.row, f.col = 0, 0
	case "ctrl+end":
		f.row = len(f.lines) - 1
		f.col = runeCount(f.lines[f.row])
	case "up":
		f.moveRows(-1)
		vertical = true
	case "down":
		f.moveRows(1)
		vertical = true
	case "pgup":
		f.moveRows(-f.height)
		vertical = true
	case "pgdown":
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

func (f *Field) ensure() {
	if len(f.lines) == 0 {
		f.lines = []string{""}
		f.goal = -1
	}
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

// moveRows moves the cursor n rows of the screen down (up when negative),
// keeping its column as near as the rows allow.
func (f *Field) moveRows(n int) {
	rows := f.rowsOf(f.row)
	r := rowOf(rows, f.col)
	if f.goal < 0 {
		f.goal = columnIn(f.lines[f.row], rows, r, f.col)
	}
	for ; n < 0; n++ {
		if r > 0 {
			r--
		} else if f.row > 0 {
			f.row--
			rows = f.rowsOf(f.row)
			r = len(rows) - 1
		} else {
			f.col = 0
			return
		}
	}
	for ; n > 0; n-- {
		if r < len(rows)-1 {
			r++
		} else if f.row < len(f.lines)-1 {
			f.row++
			rows = f.rowsOf(f.row)
			r = 0
		} else {
			f.col = runeCount(f.lines[f.row])
			return
		}
	}
	f.col = indexAt(f.lines[f.row], rows, r, f.goal)
}

// rowsOf returns where each screen row of line i starts, as rune indices.
func (f *Field) rowsOf(i int) []int { return Rows(f.lines[i], f.width) }

// Rows wraps one line of text for a field width cells wide, and returns
// where each row starts, as rune indices (the first is 0). Text breaks
// after the spaces between words; a word longer than a row is broken. One
// column is kept for the cursor: a row's text takes at most width-1 cells,
// plus the space it ends with, if any.
func Rows(line string, width int) []int {
	room := max(width-1, 1)
	starts := []int{0}
	if len(line) <= room && isASCII(line) {
		return starts
	}
	// i counts runes, off is i's byte offset; lastBreak (lastOff) is the
	// rune index (byte offset) after the row's last space.
	i, used, lastBreak, lastOff := 0, 0, 0, 0
	for off, r := range line {
		w := runeWidth(r)
		start := starts[len(starts)-1]
		switch {
		case used+w <= room:
			used += w
		case r == ' ':
			used += w // the space hangs in the cursor's column
		case lastBreak > start:
			// The word moves to a row of its own, with r.
			used = w
			for _, c := range line[lastOff:off] {
				used += runeWidth(c)
			}
			starts = append(starts, lastBreak)
			if used > room { // a wide r that still does not fit
				used = w
				starts = append(starts, i)
			}
		default: // a word longer than the row breaks
			used = w
			starts = append(starts, i)
		}
		i++
		if r == ' ' {
			lastBreak, lastOff = i, off+1
			if used > room { // a hanging space ends its row
				used = 0
				starts = append(starts, i)
			}
		}
	}
	return starts
}

// rowOf is the row of rows a cursor at col is on: a row's end is the
// start of the next one.
func rowOf(rows []int, col int) int {
	r := 0
	for r+1 < len(rows) && rows[r+1] <= col {
		r++
	}
	return r
}

// rowEnd is the rune index where row r of line ends.
func rowEnd(line string, rows []int, r int) int {
	if r+1 < len(rows) {
		return rows[r+1]
	}
	return runeCount(line)
}

// columnIn is the screen column of rune index col in row r.
func columnIn(line string, rows []int, r, col int) int {
	x := 0
	for _, c := range []rune(line)[rows[r]:col] {
		x += runeWidth(c)
	}
	return x
}

// indexAt is the rune index in row r nearest to screen column x; the
// cursor stays on its row (not at the row's end, which is the next row).
func indexAt(line string, rows []int, r, x int) int {
	runes := []rune(line)
	end := rowEnd(line, rows, r)
	last := end
	if r+1 < len(rows) {
		last = end - 1
	}
	i, at := rows[r], 0
	for i < last && at+runeWidth(runes[i]) <= x {
		at += runeWidth(runes[i])
		i++
	}
	return i
}

// scroll moves the window so that the cursor's row is on screen and the
// window is as full as the text allows (after a resize, say), looking
// only at the rows between the window and the cursor.
func (f *Field) scroll() {
	f.ensure()
	f.top = min(f.top, len(f.lines)-1)
	f.topRow = min(f.topRow, len(f.rowsOf(f.top))-1)
	crow := rowOf(f.rowsOf(f.row), f.col)
	if f.row < f.top || f.row == f.top && crow < f.topRow {
		f.top, f.topRow = f.row, crow
	} else if f.rowsBetween(f.top, f.topRow, f.row, crow) > f.height {
		f.top, f.topRow = f.row, crow
		f.back(f.height - 1)
	}
	// Rows free below the text are filled from above.
	if free := f.height - f.rowsBetween(f.top, f.topRow, len(f.lines)-1, -1); free > 0 {
		f.back(free)
	}
}

// rowsBetween counts the screen rows from row r1 of line l1 to row r2 of
// line l2 (-1: its last), both included; it stops counting past the
// window's height.
func (f *Field) rowsBetween(l1, r1, l2, r2 int) int {
	n := 0
	for i := l1; i <= l2 && n <= f.height; i++ {
		rows := len(f.rowsOf(i))
		first, last := 0, rows-1
		if i == l1 {
			first = r1
		}
		if i == l2 && r2 >= 0 {
			last = r2
		}
		n += last - first + 1
	}
	return n
}

// back moves the window's top n rows up, as far as the text goes.
func (f *Field) back(n int) {
	for n > 0 {
		if f.topRow >= n {
			f.topRow -= n
			return
		}
		n -= f.topRow + 1
		if f.top == 0 {
			f.topRow = 0
			return
		}
		f.top--
		f.topRow = len(f.rowsOf(f.top)) - 1
	}
}

// View draws the rows in the window, with the cursor.
func (f *Field) View() string {
	f.ensure()
	if len(f.lines) == 1 && f.lines[0] == "" && f.Empty != "" {
		cursor := ""
		if f.focused {
			cursor = f.Cursor.Render(" ")
		}
		empty := ansi.Truncate(f.Empty, f.width-ansi.StringWidth(cursor), "…")
		pad := f.width - ansi.StringWidth(cursor) - ansi.StringWidth(empty)
		rows := []string{cursor + f.EmptyLook.Render(empty) + strings.Repeat(" ", pad)}
		for len(rows) < f.height {
			rows = append(rows, strings.Repeat(" ", f.width))
		}
		return strings.Join(rows, "\n")
	}
	out := make([]string, 0, f.height)
	for i := f.top; i < len(f.lines) && len(out) < f.height; i++ {
		line := f.lines[i]
		rows := f.rowsOf(i)
		runes := []rune(line)
		first := 0
		if i == f.top {
			first = f.topRow
		}
		for r := first; r < len(rows) && len(out) < f.height; r++ {
			cursorAt := -1
			if f.focused && i == f.row && rowOf(rows, f.col) == r {
				cursorAt = f.col
			}
			out = append(out, f.drawRow(runes[rows[r]:rowEnd(line, rows, r)], rows[r], cursorAt))
		}
	}
	for len(out) < f.height {
		out = append(out, strings.Repeat(" ", f.width))
	}
	return strings.Join(out, "\n")
}

// drawRow draws one row, whose first rune is at index from of its line,
// with the cursor at rune index cursorAt (-1 for none), padded to the
// width.
func (f *Field) drawRow(row []rune, from, cursorAt int) string {
	var b strings.Builder
	width, ascii := 0, true
	for i, r := range row {
		if from+i == cursorAt {
			b.WriteString(f.Cursor.Render(string(r)))
		} else {
			b.WriteRune(r)
		}
		width += runeWidth(r)
		ascii = ascii && r < 0x80
	}
	if cursorAt == from+len(row) {
		b.WriteString(f.Cursor.Render(" "))
		width++
	}
	if !ascii {
		// Marks that combine with the character before take no cell of
		// their own, though the wrap counts one for them.
		width = ansi.StringWidth(b.String())
	}
	if width < f.width {
		b.WriteString(strings.Repeat(" ", f.width-width))
	}
	return b.String()
}

// runeWidth is the cells r takes; at least one, so that a character the
// terminal draws in none still moves the cursor.
func runeWidth(r rune) int {
	if r < 0x7f {
		return 1
	}
	return max(ansi.StringWidth(string(r)), 1)
}

func runeCount(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return len([]rune(s))
}

// byteOffset is the byte offset of rune index i in s.
func byteOffset(s string, i int) int {
	if isASCII(s) {
		return min(i, len(s))
	}
	n := 0
	for off := range s {
		if n == i {
			return off
		}
		n++
	}
	return len(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
