package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/store"
)

// The JSON documents written here are documented in README.md; their field
// names are stable.

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

// jsonList writes a JSON array one element at a time, so that a long
// history is never held in memory whole.
type jsonList struct {
	w     io.Writer
	count int
}

func (l *jsonList) add(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if l.count == 0 {
		sep = "[\n"
	}
	l.count++
	_, err = fmt.Fprintf(l.w, "%s%s", sep, data)
	return err
}

func (l *jsonList) close(tail string) error {
	end := "\n]"
	if l.count == 0 {
		end = "[]"
	}
	_, err := io.WriteString(l.w, end+tail)
	return err
}

// HistoryJSON writes every session on topic as a JSON array of session
// summaries, newest first.
func HistoryJSON(w io.Writer, st *store.Store, topic string) error {
	list := &jsonList{w: w}
	if err := eachSummary(st, topic, func(s store.SessionSummary) error { return list.add(s) }); err != nil {
		return err
	}
	return list.close("\n")
}

// HistoryText writes every session on topic as a line of text, newest
// first.
func HistoryText(w io.Writer, st *store.Store, topic string) error {
	styles := newStyles()
	fmt.Fprintln(w, styles.heading.Render(fmt.Sprintf("%5s  %-16s  %5s  %6s  %6s  %s", "ID", "DATE", "QS", "RATING", "TIME", "TOPICS")))
	n := 0
	err := eachSummary(st, topic, func(s store.SessionSummary) error {
		n++
		rating := "-"
		if s.Rated > 0 {
			rating = fmt.Sprintf("%.1f", s.AvgOverall)
		}
		_, err := fmt.Fprintf(w, "%5d  %-16s  %5s  %6s  %6s  %s\n", s.ID, s.Started.Local().Format("2006-01-02 15:04"),
			fmt.Sprintf("%d/%d", s.Answered, len(s.Questions)), rating, Clock(s.Spent), strings.Join(s.Topics, ", "))
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		_, err = fmt.Fprintln(w, "No sessions yet: `rehearse practice` starts one.")
	}
	return err
}

// sessionDoc is one session with its answers, as JSON.
type sessionDoc struct {
	Session  store.SessionSummary `json:"session"`
	Attempts []store.Attempt      `json:"attempts"`
}

// SessionJSON writes one session with its answers as a JSON object.
func SessionJSON(w io.Writer, sum store.SessionSummary, attempts []store.Attempt) error {
	if attempts == nil {
		attempts = []store.Attempt{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sessionDoc{sum, attempts})
}

// statsDoc is the stats JSON: the overview, each topic's time balance
// against the bank's frames, and the weakest topics.
type statsDoc struct {
	*store.Overview
	Topics  []topicDoc `json:"topics"`
	Weakest []string   `json:"weakest"`
}

type topicDoc struct {
	store.TopicStats
	Balance [][]PhaseBalance `json:"balance"`
}

func newStatsDoc(ov *store.Overview, b *bank.Bank) statsDoc {
	doc := statsDoc{Overview: ov, Topics: []topicDoc{}, Weakest: WeakestTopics(ov, 3)}
	for _, t := range ov.Topics {
		doc.Topics = append(doc.Topics, topicDoc{t, TimeBalance(t, b)})
	}
	if doc.Weakest == nil {
		doc.Weakest = []string{}
	}
	return doc
}

// StatsJSON writes the stats as a JSON object.
func StatsJSON(w io.Writer, ov *store.Overview, b *bank.Bank) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(newStatsDoc(ov, b))
}

// StatsText writes the stats as text: the totals, a line per topic, its
// time balance, and the weakest topics.
func StatsText(w io.Writer, ov *store.Overview, b *bank.Bank) error {
	styles := newStyles()
	if len(ov.Topics) == 0 {
		_, err := fmt.Fprintln(w, "No answers yet: `rehearse practice` starts a session.")
		return err
	}
	fmt.Fprintf(w, "%d answers · average %.1f · %d days practised · streak %d days\n\n", ov.Attempts, ov.AvgOverall, ov.DaysPractised, ov.Streak)
	fmt.Fprintln(w, styles.heading.Render(fmt.Sprintf("%-20s %7s %5s  %s", "TOPIC", "ANSWERS", "AVG", "TIME BALANCE")))
	for _, t := range ov.Topics {
		avg := "-"
		if t.Rated > 0 {
			avg = fmt.Sprintf("%.1f", t.AvgOverall)
		}
		var balance []string
		for _, g := range TimeBalance(t, b) {
			for _, p := range g {
				balance = append(balance, fmt.Sprintf("%s %.0f%% (target %.0f%%)", Title(p.Phase), 100*p.Share, 100*p.Target))
			}
		}
		fmt.Fprintf(w, "%-20s %7d %5s  %s\n", t.Topic, t.Attempts, avg, strings.Join(balance, ", "))
	}
	if weakest := WeakestTopics(ov, 3); len(weakest) > 0 {
		fmt.Fprintf(w, "\nWeakest topics: %s (rehearse practice -t %s)\n", strings.Join(weakest, ", "), strings.Join(weakest, ","))
	}
	return nil
}

// Export writes every session with its answers, oldest first, as "json"
// or "markdown".
func Export(w io.Writer, st *store.Store, format string) error {
	now := time.Now().UTC().Format(time.RFC3339)
	if format == "markdown" {
		fmt.Fprintf(w, "# rehearse export\n\nExported %s.\n", now)
		n := 0
		err := st.Each(func(s store.Session, attempts []store.Attempt) error {
			sum, err := st.Summary(s.ID)
			if err != nil {
				return err
			}
			n++
			_, err = fmt.Fprintf(w, "\n---\n\n%s", SessionMarkdown(*sum, attempts))
			return err
		})
		if err == nil && n == 0 {
			_, err = fmt.Fprintln(w, "\nNo sessions yet.")
		}
		return err
	}
	if _, err := fmt.Fprintf(w, "{\"format\": \"rehearse-export\", \"version\": 1, \"exported\": %q, \"sessions\": ", now); err != nil {
		return err
	}
	list := &jsonList{w: w}
	err := st.Each(func(s store.Session, attempts []store.Attempt) error {
		sum, err := st.Summary(s.ID)
		if err != nil {
			return err
		}
		if attempts == nil {
			attempts = []store.Attempt{}
		}
		return list.add(sessionDoc{*sum, attempts})
	})
	if err != nil {
		return err
	}
	return list.close("}\n")
}
