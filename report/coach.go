package report

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
)

// nextDoc is one pick of `next --json`.
type nextDoc struct {
	ID     string     `json:"id"`
	Prompt string     `json:"prompt"`
	Topics []string   `json:"topics"`
	Reason string     `json:"reason"`
	Due    *time.Time `json:"due"` // null for a question never practised
}

// NextJSON writes smart selection's picks as a JSON array.
func NextJSON(w io.Writer, picks []coach.Pick, now time.Time) error {
	docs := []nextDoc{}
	for _, p := range picks {
		d := nextDoc{ID: p.Question.ID, Prompt: p.Question.Prompt, Topics: p.Question.Topics, Reason: p.Reason.Text(now)}
		if !p.Due.IsZero() {
			due := p.Due
			d.Due = &due
		}
		docs = append(docs, d)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(docs)
}

// NextText writes smart selection's picks, a line of reason and id and a
// line of prompt each.
func NextText(w io.Writer, picks []coach.Pick, now time.Time) error {
	st := newStyles()
	if len(picks) == 0 {
		_, err := fmt.Fprintln(w, "No question matches.")
		return err
	}
	for i, p := range picks {
		if _, err := fmt.Fprintf(w, "%2d  %s  %s\n    %s\n\n", i+1, st.heading.Render(p.Question.ID), st.faint.Render(p.Reason.Text(now)), p.Question.Prompt); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "`rehearse practice -n %d` practises these, in this order.\n", len(picks))
	return err
}

// questionDoc is one question of `questions --json`.
type questionDoc struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Level      string     `json:"level"`
	Topics     []string   `json:"topics"`
	Prompt     string     `json:"prompt"`
	Frame      string     `json:"frame,omitempty"`
	Minutes    float64    `json:"minutes,omitempty"`
	Attempts   int        `json:"attempts"`
	Last       *time.Time `json:"last"`
	AvgOverall float64    `json:"avg_overall"`
	Due        bool       `json:"due"`
	DueOn      *time.Time `json:"due_on"`
	Leech      bool       `json:"leech"`
}

// QuestionsJSON writes the questions with their schedule as a JSON array.
func QuestionsJSON(w io.Writer, qs []bank.Question, states map[string]coach.State, now time.Time) error {
	docs := []questionDoc{}
	for _, q := range qs {
		st := states[q.ID]
		d := questionDoc{ID: q.ID, Kind: string(q.Kind), Level: string(q.Level), Topics: q.Topics, Prompt: q.Prompt,
			Frame: q.Frame, Minutes: q.Minutes, Attempts: st.Attempts, AvgOverall: st.AvgOverall, Due: st.Due(now), Leech: st.Leech()}
		if st.Seen() {
			last, due := st.Last, st.Card.Due
			d.Last, d.DueOn = &last, &due
		}
		docs = append(docs, d)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(docs)
}
