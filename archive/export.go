package archive

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// Export writes every session of st with its answers, oldest first, as
// "json" (the export document) or "markdown". analyze fills in the
// insights of answers saved before there were insights (see Analyzer).
func Export(w io.Writer, st *store.Store, format string, now time.Time, analyze func(*practice.Attempt) insight.Insights) error {
	if format == "markdown" {
		if _, err := fmt.Fprintf(w, "# rehearse export\n\nExported %s.\n", now.UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		n := 0
		err := st.Each(func(sum store.SessionSummary, attempts []store.Attempt) error {
			n++
			_, err := fmt.Fprintf(w, "\n---\n\n%s", Markdown(FromSession(sum, attempts, analyze)))
			return err
		})
		if err == nil && n == 0 {
			_, err = fmt.Fprintln(w, "\nNo sessions yet.")
		}
		return err
	}
	if _, err := fmt.Fprintf(w, "{\"format\": %q, \"version\": %d, \"exported\": %q, \"sessions\": ", FormatName, Version, now.UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	list := &List{W: w}
	err := st.Each(func(sum store.SessionSummary, attempts []store.Attempt) error {
		return list.Add(FromSession(sum, attempts, analyze))
	})
	if err != nil {
		return err
	}
	return list.Close("}\n")
}

// List writes a JSON array one element at a time, so that a long history
// is never held in memory whole.
type List struct {
	W     io.Writer
	count int
}

// Add writes v as the next element.
func (l *List) Add(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if l.count == 0 {
		sep = "[\n"
	}
	l.count++
	_, err = fmt.Fprintf(l.W, "%s%s", sep, data)
	return err
}

// Close ends the array and writes tail after it.
func (l *List) Close(tail string) error {
	end := "\n]"
	if l.count == 0 {
		end = "[]"
	}
	_, err := io.WriteString(l.W, end+tail)
	return err
}
