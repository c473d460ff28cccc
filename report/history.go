package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rehearse-app/rehearse/archive"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/store"
)

// page is how many sessions are read at a time when printing them all.
const page = 500

// eachSummary calls fn for every session on topic ("" for all), newest
// first, reading a page at a time.
func eachSummary(st *store.Store, topic string, fn func(store.SessionSummary) error) error {
	var after []byte
	for {
		sessions, next, err := st.Summaries(topic, after, page)
		if err != nil {
			return err
		}
		for _, s := range sessions {
			if err := fn(s); err != nil {
				return err
			}
		}
		if next == nil {
			return nil
		}
		after = next
	}
}

// HistoryJSON writes every session on topic as a JSON array of session
// summaries, newest first.
func HistoryJSON(w io.Writer, st *store.Store, topic string) error {
	list := &archive.List{W: w}
	if err := eachSummary(st, topic, func(s store.SessionSummary) error { return list.Add(archive.FromSummary(s)) }); err != nil {
		return err
	}
	return list.Close("\n")
}

// HistoryText writes every session on topic as a line of text, newest
// first. Nothing is written when the first page cannot be read.
func HistoryText(w io.Writer, st *store.Store, topic string) error {
	first, _, err := st.Summaries(topic, nil, 1)
	if err != nil {
		return err
	}
	if len(first) == 0 {
		_, err := fmt.Fprintln(w, noSessions(st, topic))
		return err
	}
	styles := newStyles()
	fmt.Fprintln(w, styles.heading.Render(fmt.Sprintf("%5s  %-16s  %5s  %6s  %6s  %s", "ID", "DATE", "QS", "RATING", "TIME", "TOPICS")))
	return eachSummary(st, topic, func(s store.SessionSummary) error {
		rating := "-"
		if s.Rated > 0 {
			rating = fmt.Sprintf("%.1f", s.AvgOverall)
		}
		_, err := fmt.Fprintf(w, "%5d  %-16s  %5s  %6s  %6s  %s\n", s.ID, s.Started.Local().Format("2006-01-02 15:04"),
			fmt.Sprintf("%d/%d", s.Answered, len(s.Questions)), rating, human.Clock(s.Spent), strings.Join(s.Topics, ", "))
		return err
	})
}

// noSessions says there is nothing to list, and what to do.
func noSessions(st *store.Store, topic string) string {
	if topic != "" {
		if all, _, err := st.Summaries("", nil, 1); err == nil && len(all) > 0 {
			return fmt.Sprintf("No sessions on %s yet: `rehearse practice -t %s` starts one.", topic, topic)
		}
	}
	return "No sessions yet: `rehearse practice` starts one."
}

// SessionJSON writes one session with its answers as a JSON object.
func SessionJSON(w io.Writer, s archive.Session) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
