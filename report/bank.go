// Package report writes what rehearse prints on the command line: the bank's
// topics and questions as text, styled only when the writer keeps colour.
package report

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/bank"
)

// styles of the command-line output; the writer drops them when it prints
// plain text.
type styles struct{ heading, faint lipgloss.Style }

func newStyles() styles {
	return styles{heading: lipgloss.NewStyle().Bold(true), faint: lipgloss.NewStyle().Faint(true)}
}

// Topics writes one line per topic: id, question counts by kind, and what
// it is about.
func Topics(w io.Writer, b *bank.Bank) error {
	st := newStyles()
	all, behavioral, technical := b.CountByTopic(""), b.CountByTopic(bank.Behavioral), b.CountByTopic(bank.Technical)
	width := len("TOPIC")
	for _, t := range b.Topics {
		width = max(width, len(t.ID))
	}
	fmt.Fprintln(w, st.heading.Render(fmt.Sprintf("%-*s  %9s  %10s  %9s  %s", width, "TOPIC", "QUESTIONS", "BEHAVIORAL", "TECHNICAL", "ABOUT")))
	for _, t := range b.Topics {
		fmt.Fprintf(w, "%-*s  %9d  %10d  %9d  %s\n", width, t.ID, all[t.ID], behavioral[t.ID], technical[t.ID], st.faint.Render(t.About))
	}
	_, err := fmt.Fprintf(w, "\n%d questions in %d topics\n", len(b.Questions), len(b.Topics))
	return err
}

// Questions writes each question as a line of id, kind, level and topics
// followed by its prompt.
func Questions(w io.Writer, qs []bank.Question) error {
	st := newStyles()
	for _, q := range qs {
		_, err := fmt.Fprintf(w, "%s  %s  %s  %s\n  %s\n\n",
			st.heading.Render(q.ID), q.Kind, q.Level, st.faint.Render(strings.Join(q.Topics, ", ")), q.Prompt)
		if err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d questions\n", len(qs))
	return err
}
