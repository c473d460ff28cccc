package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/store"
)

// statsDoc is the stats JSON (README.md lists its fields).
type statsDoc struct {
	Attempts      int        `json:"attempts"`
	Rated         int        `json:"rated"`
	AvgOverall    float64    `json:"avg_overall"`
	DaysPractised int        `json:"days_practised"`
	Streak        int        `json:"streak"`
	First         time.Time  `json:"first,omitzero"`
	Last          time.Time  `json:"last,omitzero"`
	Topics        []topicDoc `json:"topics"`
	Weakest       []string   `json:"weakest"`
}

type topicDoc struct {
	Topic           string                 `json:"topic"`
	Attempts        int                    `json:"attempts"`
	Rated           int                    `json:"rated"`
	AvgOverall      float64                `json:"avg_overall"`
	Last            time.Time              `json:"last"`
	Trend           []dayDoc               `json:"trend"`
	Phases          []phaseDoc             `json:"phases"`
	Balance         [][]coach.PhaseBalance `json:"balance"`
	Noted           int                    `json:"noted"`
	QuantifiedShare float64                `json:"quantified_share"`
	ICount          int                    `json:"i_count"`
	WeCount         int                    `json:"we_count"`
}

type dayDoc struct {
	Day        time.Time `json:"day"`
	Attempts   int       `json:"attempts"`
	Rated      int       `json:"rated"`
	AvgOverall float64   `json:"avg_overall"`
	ICount     int       `json:"i_count"`
	WeCount    int       `json:"we_count"`
}

type phaseDoc struct {
	Frame string        `json:"frame"`
	Phase string        `json:"phase"`
	Spent time.Duration `json:"spent_ns"`
	Share float64       `json:"share"`
}

func newStatsDoc(ov *store.Overview, b *bank.Bank) statsDoc {
	doc := statsDoc{
		Attempts: ov.Attempts, Rated: ov.Rated, AvgOverall: ov.AvgOverall, DaysPractised: ov.DaysPractised,
		Streak: ov.Streak, First: ov.First, Last: ov.Last, Topics: []topicDoc{}, Weakest: coach.WeakestTopics(ov.Scores(), 3),
	}
	for _, t := range ov.Topics {
		td := topicDoc{
			Topic: t.Topic, Attempts: t.Attempts, Rated: t.Rated, AvgOverall: t.AvgOverall, Last: t.Last,
			Trend: []dayDoc{}, Phases: []phaseDoc{}, Balance: coach.TimeBalance(t.PhaseTimes(), b.Frames),
			Noted: t.Notes.Noted, QuantifiedShare: t.Notes.QuantifiedShare(), ICount: t.Notes.I, WeCount: t.Notes.We,
		}
		for _, d := range t.Trend {
			td.Trend = append(td.Trend, dayDoc{Day: d.Day, Attempts: d.Attempts, Rated: d.Rated, AvgOverall: d.AvgOverall, ICount: d.Notes.I, WeCount: d.Notes.We})
		}
		for _, p := range t.Phases {
			td.Phases = append(td.Phases, phaseDoc{Frame: p.Frame, Phase: p.Phase, Spent: p.Spent, Share: p.Share})
		}
		if td.Balance == nil {
			td.Balance = [][]coach.PhaseBalance{}
		}
		doc.Topics = append(doc.Topics, td)
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
// time balance and insights, and the weakest topics.
func StatsText(w io.Writer, ov *store.Overview, b *bank.Bank) error {
	styles := newStyles()
	if len(ov.Topics) == 0 {
		_, err := fmt.Fprintln(w, "No answers yet: `rehearse practice` starts a session.")
		return err
	}
	fmt.Fprintf(w, "%s · average %.1f · %s practised · streak %s\n\n",
		human.Count(ov.Attempts, "answer"), ov.AvgOverall, human.Count(ov.DaysPractised, "day"), human.Count(ov.Streak, "day"))
	fmt.Fprintln(w, styles.heading.Render(fmt.Sprintf("%-20s %7s %5s %6s %6s  %s", "TOPIC", "ANSWERS", "AVG", "FIGURE", "I/WE", "TIME BALANCE")))
	for _, t := range ov.Topics {
		avg := "-"
		if t.Rated > 0 {
			avg = fmt.Sprintf("%.1f", t.AvgOverall)
		}
		figure, iwe := "-", "-"
		if t.Notes.Noted > 0 {
			figure = fmt.Sprintf("%.0f%%", 100*t.Notes.QuantifiedShare())
			iwe = fmt.Sprintf("%d/%d", t.Notes.I, t.Notes.We)
		}
		var balance []string
		for _, g := range coach.TimeBalance(t.PhaseTimes(), b.Frames) {
			for _, p := range g {
				balance = append(balance, fmt.Sprintf("%s %.0f%% (target %.0f%%)", human.Phase(p.Phase), 100*p.Share, 100*p.Target))
			}
		}
		fmt.Fprintf(w, "%-20s %7d %5s %6s %6s  %s\n", t.Topic, t.Attempts, avg, figure, iwe, strings.Join(balance, ", "))
	}
	fmt.Fprintln(w, styles.faint.Render("\nFIGURE: answers with notes whose result has a number. I/WE: \"I\" against \"we\" in their notes."))
	if weakest := coach.WeakestTopics(ov.Scores(), 3); len(weakest) > 0 {
		fmt.Fprintf(w, "\nWeakest topics: %s (rehearse practice -t %s)\n", strings.Join(weakest, ", "), strings.Join(weakest, ","))
	}
	return nil
}
