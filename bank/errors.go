package bank

import (
	"fmt"
	"strings"

	"github.com/rehearse-app/rehearse/sanitize"
)

// Error is one problem in a bank file, at a line and column of that file.
type Error struct {
	File      string
	Line, Col int    // 1-based
	Msg       string // what is wrong, and where useful what to do
	Source    string // the offending line, for the caret display
	caret     int    // column of the caret in Source, which may be cut
}

// Error formats the problem as "file:line:col: message", then the offending
// line with a caret under the column.
func (e *Error) Error() string {
	head := fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	if e.Source == "" {
		return head
	}
	num := fmt.Sprint(e.Line)
	var pad strings.Builder
	for i, r := range []rune(e.Source) {
		if i >= e.caret-1 {
			break
		}
		if r == '\t' {
			pad.WriteRune('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	return fmt.Sprintf("%s\n %s | %s\n %s | %s^", head, num, e.Source, strings.Repeat(" ", len(num)), pad.String())
}

// Errors is every problem found in the banks, in file order.
type Errors []*Error

// maxErrors is how many problems are reported before the rest are counted.
const maxErrors = 50

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == maxErrors {
			fmt.Fprintf(&b, "… and %d more problems\n", len(es)-maxErrors)
			break
		}
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// sourceLine returns line n (1-based) of data, made safe to print and cut to
// a readable width around col.
func sourceLine(data []byte, n, col int) (line string, adjustedCol int) {
	if n < 1 {
		return "", col
	}
	rest := string(data)
	for i := 1; i < n; i++ {
		j := strings.IndexByte(rest, '\n')
		if j < 0 {
			return "", col
		}
		rest = rest[j+1:]
	}
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		rest = rest[:j]
	}
	runes := []rune(sanitize.Text(strings.ToValidUTF8(rest, "\uFFFD")))
	const width = 100
	if len(runes) > width {
		start := max(0, min(col-1-width/2, len(runes)-width))
		runes = runes[start : start+width]
		col -= start
	}
	return string(runes), col
}
