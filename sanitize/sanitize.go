// Package sanitize makes text from outside the program (question banks, typed
// notes, pasted text) safe to draw in a terminal.
package sanitize

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text removes terminal escape sequences (CSI, OSC, DCS, …, including an
// unterminated one), C0 and C1 control characters except newline and tab,
// DEL, and the Unicode bidirectional controls that can reorder what a reader
// sees; bytes that are not UTF-8 become U+FFFD. Text that needs no change
// is returned as is, without allocating.
func Text(s string) string {
	if isClean(s) {
		return s
	}
	s = ansi.Strip(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Map(func(r rune) rune {
		if unsafe(r) {
			return -1
		}
		return r
	}, s)
}

func isClean(s string) bool {
	for i, r := range s {
		if r == 0x1b || unsafe(r) || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD") {
			return false
		}
	}
	return true
}

// unsafe reports whether r must not reach a terminal.
func unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f: // C0 controls (ESC among them) and DEL
		return true
	case r >= 0x80 && r <= 0x9f: // C1 controls, such as the one-byte CSI U+009B
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidi embeddings, overrides, isolates and marks
	case r == 0xfeff: // byte order mark / zero width no-break space
		return true
	}
	return false
}

// Line makes text safe for a one-line field: Text, with line breaks and
// tabs turned into spaces, and no space at either end.
func Line(s string) string {
	s = Text(s)
	if strings.ContainsAny(s, "\n\t") {
		s = lineReplacer.Replace(s)
	}
	return strings.TrimSpace(s)
}

// tabWidth is how many spaces a tab becomes in pasted text.
const tabWidth = 4

// Paste makes pasted or edited text safe to keep: line endings CRLF and CR
// (what many terminals send in a bracketed paste) become newlines, tabs
// become spaces, and the rest is cleaned as by Text.
func Paste(s string) string {
	if strings.ContainsAny(s, "\r\t") {
		s = pasteReplacer.Replace(s)
	}
	return Text(s)
}

// pasteReplacer is built once: a Replacer is costly to make.
var pasteReplacer = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", strings.Repeat(" ", tabWidth))

var lineReplacer = strings.NewReplacer("\n", " ", "\t", " ")
