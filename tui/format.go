package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// truncate cuts s to width cells with an ellipsis.
func truncate(s string, width int) string {
	if width <= 1 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// stars draws a rating of 1-5 as filled and empty stars; 0 is unrated.
func stars(n int) string {
	if n <= 0 {
		return "·····"
	}
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

// wrap wraps s at word boundaries to width cells.
func wrap(s string, width int) string { return ansi.Wordwrap(s, max(width, 1), "") }

// padRight pads every line of s with spaces to width cells.
func padRight(s string, width int) string {
	ls := strings.Split(s, "\n")
	for i, l := range ls {
		if w := ansi.StringWidth(l); w < width {
			ls[i] = l + strings.Repeat(" ", width-w)
		}
	}
	return strings.Join(ls, "\n")
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
