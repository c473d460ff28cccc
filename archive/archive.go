// Package archive is rehearse's JSON document format for sessions and their
// answers: what `history --json` and `show --json` print, what `export`
// writes, what a rescue file holds and what `import` reads back. Its field
// names are stable and documented in README.md; it is converted to and
// from the store's types here, so neither the domain nor the database file
// decides it.
package archive

import (
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// FormatName and Version head every export and rescue file.
const (
	FormatName = "rehearse-export"
	Version    = 1
)

// recordVersion is the version of the session and attempt documents.
const recordVersion = 1

// Summary is a session with its figures, as history lists it.
type Summary struct {
	ID         uint64        `json:"id"`
	Version    int           `json:"version"`
	Started    time.Time     `json:"started"`
	Settings   Settings      `json:"settings"`
	Questions  []string      `json:"questions"`
	Topics     []string      `json:"topics"`
	Origin     string        `json:"origin,omitempty"`
	Answered   int           `json:"answered"`
	Skipped    int           `json:"skipped"`
	Rated      int           `json:"rated"`
	AvgOverall float64       `json:"avg_overall"`
	Spent      time.Duration `json:"spent_ns"`
	Target     time.Duration `json:"target_ns"`
}

// Settings are what a session was drawn with.
type Settings struct {
	Topics    []string `json:"topics,omitempty"`
	Kind      string   `json:"kind,omitempty"`
	Levels    []string `json:"levels,omitempty"`
	Count     int      `json:"count"`
	Minutes   float64  `json:"minutes,omitempty"`
	Seed      uint64   `json:"seed"`
	Followups int      `json:"followups"`
	Order     string   `json:"order,omitempty"`
}

// Attempt is one saved answer.
type Attempt struct {
	SessionID uint64            `json:"session_id"`
	Index     int               `json:"index"`
	Version   int               `json:"version"`
	Question  Question          `json:"question"`
	Steps     []Step            `json:"steps"`
	Started   time.Time         `json:"started"`
	Finished  time.Time         `json:"finished,omitzero"`
	Saved     time.Time         `json:"saved,omitzero"`
	Skipped   bool              `json:"skipped,omitempty"`
	Rating    Rating            `json:"rating"`
	Insights  *insight.Insights `json:"insights,omitempty"`
}

// Question is what an answer keeps of its question.
type Question struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Level  string   `json:"level"`
	Topics []string `json:"topics"`
	Prompt string   `json:"prompt"`
	Frame  string   `json:"frame"`
	Cover  []string `json:"cover"`
}

// Step is a phase of the frame or a follow-up, with its time and notes.
type Step struct {
	Kind   string        `json:"kind"` // "phase" or "followup"
	Name   string        `json:"name"`
	Prompt string        `json:"prompt,omitempty"`
	Target time.Duration `json:"target_ns"`
	Spent  time.Duration `json:"spent_ns"`
	Notes  string        `json:"notes,omitempty"`
}

// Rating is the candidate's own judgement of an answer.
type Rating struct {
	Phases   []int    `json:"phases"`
	Overall  int      `json:"overall"`
	Covered  []string `json:"covered,omitempty"`
	NextTime string   `json:"next_time,omitempty"`
}

// Session is one session with its answers, as `show --json` prints it.
type Session struct {
	Session  Summary   `json:"session"`
	Attempts []Attempt `json:"attempts"`
}

// FromSummary converts a store summary.
func FromSummary(sum store.SessionSummary) Summary {
	st := sum.Settings
	s := Summary{
		ID: sum.ID, Version: recordVersion, Started: sum.Started, Questions: nonNil(sum.Questions), Topics: nonNil(sum.Topics),
		Origin: sum.Origin, Answered: sum.Answered, Skipped: sum.Skipped, Rated: sum.Rated, AvgOverall: sum.AvgOverall,
		Spent: sum.Spent, Target: sum.Target,
		Settings: Settings{Topics: st.Topics, Kind: string(st.Kind), Count: st.Count, Minutes: st.Minutes,
			Seed: st.Seed, Followups: st.Followups, Order: st.Order},
	}
	for _, l := range st.Levels {
		s.Settings.Levels = append(s.Settings.Levels, string(l))
	}
	return s
}

// FromAttempt converts a saved answer. Insights are those saved with it;
// analyze, when not nil, fills them in for an answer saved before there
// were insights.
func FromAttempt(a store.Attempt, analyze func(*practice.Attempt) insight.Insights) Attempt {
	q := a.Question
	d := Attempt{
		SessionID: a.SessionID, Index: a.Index, Version: recordVersion,
		Question: Question{ID: q.ID, Kind: q.Kind, Level: q.Level, Topics: nonNil(q.Topics), Prompt: q.Prompt, Frame: q.Frame, Cover: nonNil(q.Cover)},
		Started:  a.Started, Finished: a.Finished, Saved: a.Saved, Skipped: a.Skipped,
		Rating:   Rating{Phases: nonNilInts(a.Rating.Phases), Overall: a.Rating.Overall, Covered: a.Rating.Covered, NextTime: a.Rating.NextTime},
		Insights: a.Insights,
	}
	for _, st := range a.Steps {
		d.Steps = append(d.Steps, Step{Kind: string(st.Kind), Name: st.Name, Prompt: st.Prompt, Target: st.Target, Spent: st.Spent, Notes: st.Notes})
	}
	if d.Steps == nil {
		d.Steps = []Step{}
	}
	if d.Insights == nil && analyze != nil && !a.Skipped {
		in := analyze(&a.Attempt)
		d.Insights = &in
	}
	return d
}

// FromSession converts a session with its answers.
func FromSession(sum store.SessionSummary, attempts []store.Attempt, analyze func(*practice.Attempt) insight.Insights) Session {
	s := Session{Session: FromSummary(sum), Attempts: []Attempt{}}
	for _, a := range attempts {
		s.Attempts = append(s.Attempts, FromAttempt(a, analyze))
	}
	return s
}

// Analyzer returns the insights of answers read with the job terms of b's
// topics, for FromAttempt.
func Analyzer(b *bank.Bank) func(*practice.Attempt) insight.Insights {
	return func(a *practice.Attempt) insight.Insights { return insight.Analyze(a, b.Terms(a.Question.Topics)) }
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilInts(s []int) []int {
	if s == nil {
		return []int{}
	}
	return s
}
