package notes

import "github.com/charmbracelet/x/ansi"

// Wrapping: where each line's screen rows start (Rows), moving the cursor
// by screen rows, and the measures of text in runes and cells behind them.

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
