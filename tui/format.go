package tui

import (
	"errors"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/sanitize"
)

// truncate cuts s to width cells with an ellipsis.
func truncate(s string, width int) string {
	if width <= 1 {
		return ""
	}
	return ansi.Truncate(s, width, "…")
}

// leftTruncate cuts s to width cells from the left, keeping its end (the
// name of a file in a path).
func leftTruncate(s string, width int) string {
	if w := ansi.StringWidth(s); w > width && width > 1 {
		return "…" + ansi.TruncateLeft(s, w-(width-1), "")
	}
	return s
}

// wrap wraps s at word boundaries to width cells; a word longer than the
// width is broken.
func wrap(s string, width int) string { return ansi.Wrap(s, max(width, 1), "") }

// wrapLines wraps each line of typed text on its own, so the writer's own
// line breaks stay where they were.
func wrapLines(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = wrap(l, width)
	}
	return strings.Join(lines, "\n")
}

// sanitizeLine makes a one-line text field's value safe to keep and draw.
func sanitizeLine(s string) string { return strings.TrimSpace(sanitize.Text(s)) }

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

// frame draws a rounded border in the edge's colour, with a column of
// space inside, around body, whose lines are all width cells wide. Drawn by
// hand: a border style measures every line again, on every frame.
func frame(body string, width int, edge lipgloss.Style) string {
	bar := edge.Render("│")
	var b strings.Builder
	b.WriteString(edge.Render("╭" + strings.Repeat("─", width+2) + "╮"))
	for line := range strings.SplitSeq(body, "\n") {
		b.WriteString("\n" + bar + " " + line + " " + bar)
	}
	b.WriteString("\n" + edge.Render("╰"+strings.Repeat("─", width+2)+"╯"))
	return b.String()
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// rootCause is the innermost message of an error chain: "no space left on
// device" rather than the path and the operation around it.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}
