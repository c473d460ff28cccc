package notes

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// The window: which rows of the text are on screen (scroll keeps the
// cursor's among them), and drawing them with the cursor.

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
