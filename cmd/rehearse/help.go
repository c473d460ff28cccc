package main

import (
	"bytes"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
)

// helpWidth is the width help text is wrapped to: it fits an 80-column
// terminal with fang's margins. fang wraps to the terminal (120 columns
// when piped), so text already narrower is left as it is.
const helpWidth = 76

// noWrap is a width no paragraph reaches.
const noWrap = 1 << 20

// fitHelp wraps the long description of cmd and every command below it to
// width: lines of a paragraph are joined and wrapped again; lines that
// start with a space or a tab (commands, lists) are kept as they are. The
// man page takes paragraphs unwrapped (noWrap): it wraps them itself.
func fitHelp(cmd *cobra.Command, width int) {
	if !cmd.HasParent() {
		cmd.InitDefaultCompletionCmd() // to fit cobra's own text too
		if c, _, err := cmd.Find([]string{"completion"}); err == nil && c != cmd {
			c.Short = "Print the completion script of a shell"
		}
	}
	cmd.Long = reflow(cmd.Long, width)
	for _, sub := range cmd.Commands() {
		fitHelp(sub, width)
	}
}

// reflow wraps the paragraphs of text to width.
func reflow(text string, width int) string {
	var out, para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, ansi.Wordwrap(strings.Join(para, " "), width, ""))
			para = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			out = append(out, "")
		case line[0] == ' ' || line[0] == '\t':
			flush()
			out = append(out, line)
		default:
			para = append(para, strings.TrimSpace(line))
		}
	}
	flush()
	return strings.Join(out, "\n")
}

// trimmingWriter holds what is written until Flush, then writes it with
// the spaces at the end of each line removed.
type trimmingWriter struct {
	w   io.Writer
	buf bytes.Buffer
}

func (t *trimmingWriter) Write(p []byte) (int, error) { return t.buf.Write(p) }

func (t *trimmingWriter) Flush() error {
	lines := strings.Split(t.buf.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(t.w, strings.Join(lines, "\n"))
	return err
}
