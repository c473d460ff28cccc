package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
)

// The records on disk are the types below, with explicit JSON tags; the
// store converts them to and from the domain's types at its edge, so that
// renaming a field in practice or insight never changes the file. Every
// record has a version; decode refuses one newer than this rehearse.

// recordVersion is the version of the records this rehearse writes.
const recordVersion = 1

// versioned is a record with a version.
type versioned interface{ version() int }

// decode reads the record in data, packed (compact.go) or not, into r; what
// names it in errors. It is the one decoder of every record: it refuses a
// record of a newer version, and one whose parts do not fit together.
func (s *Store) decode(data []byte, r versioned, what string, args ...any) error {
	data, err := unpack(data)
	if err != nil {
		return corruptError(s.path, fmt.Errorf("%s: %w", fmt.Sprintf(what, args...), err))
	}
	if err := json.Unmarshal(data, r); err != nil {
		return corruptError(s.path, fmt.Errorf("%s: %w", fmt.Sprintf(what, args...), err))
	}
	if v := r.version(); v > recordVersion {
		return fmt.Errorf("%w: %s: %s has record version %d; upgrade rehearse to read it",
			ErrNewerSchema, s.path, fmt.Sprintf(what, args...), v)
	}
	if c, ok := r.(checked); ok {
		if err := c.check(); err != nil {
			return corruptError(s.path, fmt.Errorf("%s: %w", fmt.Sprintf(what, args...), err))
		}
	}
	return nil
}

// checked is a record with more to check than its JSON: an answer whose
// steps and ratings do not fit together would break whoever shows it.
type checked interface{ check() error }

func (r *attemptRecord) check() error { return r.attemptBody.check() }
func (r *draftRecord) check() error   { return r.Attempt.check() }

func (b *attemptBody) check() error {
	a := fromBody(b)
	return a.Check()
}

// encode writes a record; the records have no values JSON cannot hold.
func encode(r versioned) []byte {
	data, err := json.Marshal(r)
	if err != nil {
		panic(fmt.Sprintf("store: encode %T: %v", r, err))
	}
	return data
}

// sessionRecord is the record of sessions: a session's header.
type sessionRecord struct {
	Version   int            `json:"version"`
	ID        uint64         `json:"id"` // short public id: 1, 2, 3 … (bucket sequence)
	Started   time.Time      `json:"started"`
	Settings  settingsRecord `json:"settings"`
	Questions []string       `json:"questions"` // ids of the drawn questions, in order
	Topics    []string       `json:"topics"`    // union of the drawn questions' topics, sorted
	Origin    string         `json:"origin,omitempty"`
}

func (r *sessionRecord) version() int { return r.Version }

type settingsRecord struct {
	Topics    []string `json:"topics,omitempty"`
	Kind      string   `json:"kind,omitempty"`
	Levels    []string `json:"levels,omitempty"`
	Count     int      `json:"count"`
	Minutes   float64  `json:"minutes,omitempty"`
	Seed      uint64   `json:"seed"`
	Followups int      `json:"followups"`
	Order     string   `json:"order,omitempty"`
}

// attemptBody is an answer as practice keeps it, in attempt and draft
// records alike.
type attemptBody struct {
	Question snapshotRecord `json:"question"`
	Steps    []stepRecord   `json:"steps"`
	Active   int            `json:"active"`
	Started  time.Time      `json:"started"`
	Finished time.Time      `json:"finished,omitzero"`
	Skipped  bool           `json:"skipped,omitempty"`
	Rating   ratingRecord   `json:"rating"`
}

type snapshotRecord struct {
	ID     string   `json:"id"`
	Kind   string   `json:"kind"`
	Level  string   `json:"level"`
	Topics []string `json:"topics"`
	Prompt string   `json:"prompt"`
	Frame  string   `json:"frame"`
	Cover  []string `json:"cover"`
}

type stepRecord struct {
	Kind   string        `json:"kind"`
	Name   string        `json:"name"`
	Prompt string        `json:"prompt,omitempty"`
	Target time.Duration `json:"target_ns"`
	Spent  time.Duration `json:"spent_ns"`
	Notes  string        `json:"notes,omitempty"`
}

type ratingRecord struct {
	Phases   []int    `json:"phases"`
	Overall  int      `json:"overall"`
	Covered  []string `json:"covered,omitempty"`
	NextTime string   `json:"next_time,omitempty"`
}

// attemptRecord is the record of attempts: a saved answer.
type attemptRecord struct {
	Version   int    `json:"version"`
	SessionID uint64 `json:"session_id"`
	Index     int    `json:"index"`
	attemptBody
	Saved    time.Time       `json:"saved"`
	Insights *insightsRecord `json:"insights,omitempty"`
}

func (r *attemptRecord) version() int { return r.Version }

// draftRecord is the record of drafts: the answer in progress. Drafts of
// schema 1 and 2 have no version: 0 reads as 1.
type draftRecord struct {
	Version   int         `json:"version,omitempty"`
	SessionID uint64      `json:"session_id"`
	Index     int         `json:"index"`
	Attempt   attemptBody `json:"attempt"`
	Saved     time.Time   `json:"saved"`
}

func (r *draftRecord) version() int { return r.Version }

type insightsRecord struct {
	Version        int                  `json:"version"`
	Words          int                  `json:"words"`
	Phases         []insightPhaseRecord `json:"phases"`
	ICount         int                  `json:"i_count"`
	WeCount        int                  `json:"we_count"`
	Quantified     bool                 `json:"quantified"`
	Numbers        []string             `json:"numbers"`
	Fillers        []countRecord        `json:"fillers"`
	Hedges         []countRecord        `json:"hedges"`
	AreasMentioned []string             `json:"areas_mentioned"`
	TermsUsed      []string             `json:"terms_used"`
	Suggestions    []string             `json:"suggestions"`
}

type insightPhaseRecord struct {
	Name        string  `json:"name"`
	Words       int     `json:"words"`
	Share       float64 `json:"share"`
	TargetShare float64 `json:"target_share"`
}

type countRecord struct {
	Word  string `json:"word"`
	Count int    `json:"count"`
}

func toSessionRecord(s *Session) sessionRecord {
	st := s.Settings
	r := sessionRecord{
		Version: recordVersion, ID: s.ID, Started: s.Started, Questions: s.Questions, Topics: s.Topics, Origin: s.Origin,
		Settings: settingsRecord{Topics: st.Topics, Kind: string(st.Kind), Count: st.Count, Minutes: st.Minutes,
			Seed: st.Seed, Followups: st.Followups, Order: st.Order},
	}
	for _, l := range st.Levels {
		r.Settings.Levels = append(r.Settings.Levels, string(l))
	}
	return r
}

func fromSessionRecord(r *sessionRecord) Session {
	st := r.Settings
	s := Session{
		ID: r.ID, Started: r.Started, Questions: r.Questions, Topics: r.Topics, Origin: r.Origin,
		Settings: practice.Settings{Topics: st.Topics, Kind: bank.Kind(st.Kind), Count: st.Count, Minutes: st.Minutes,
			Seed: st.Seed, Followups: st.Followups, Order: st.Order},
	}
	for _, l := range st.Levels {
		s.Settings.Levels = append(s.Settings.Levels, bank.Level(l))
	}
	return s
}

func toBody(a *practice.Attempt) attemptBody {
	q := a.Question
	b := attemptBody{
		Question: snapshotRecord{ID: q.ID, Kind: q.Kind, Level: q.Level, Topics: q.Topics, Prompt: q.Prompt, Frame: q.Frame, Cover: q.Cover},
		Active:   a.Active, Started: a.Started, Finished: a.Finished, Skipped: a.Skipped,
		Rating: ratingRecord{Phases: a.Rating.Phases, Overall: a.Rating.Overall, Covered: a.Rating.Covered, NextTime: a.Rating.NextTime},
	}
	for _, st := range a.Steps {
		b.Steps = append(b.Steps, stepRecord{Kind: string(st.Kind), Name: st.Name, Prompt: st.Prompt, Target: st.Target, Spent: st.Spent, Notes: st.Notes})
	}
	return b
}

func fromBody(b *attemptBody) practice.Attempt {
	q := b.Question
	a := practice.Attempt{
		Question: practice.QuestionSnapshot{ID: q.ID, Kind: q.Kind, Level: q.Level, Topics: q.Topics, Prompt: q.Prompt, Frame: q.Frame, Cover: q.Cover},
		Active:   b.Active, Started: b.Started, Finished: b.Finished, Skipped: b.Skipped,
		Rating: practice.Rating{Phases: b.Rating.Phases, Overall: b.Rating.Overall, Covered: b.Rating.Covered, NextTime: b.Rating.NextTime},
	}
	for _, st := range b.Steps {
		a.Steps = append(a.Steps, practice.Step{Kind: practice.StepKind(st.Kind), Name: st.Name, Prompt: st.Prompt, Target: st.Target, Spent: st.Spent, Notes: st.Notes})
	}
	return a
}

func toAttemptRecord(a *Attempt) attemptRecord {
	return attemptRecord{Version: recordVersion, SessionID: a.SessionID, Index: a.Index, attemptBody: toBody(&a.Attempt),
		Saved: a.Saved, Insights: toInsightsRecord(a.Insights)}
}

func fromAttemptRecord(r *attemptRecord) Attempt {
	return Attempt{SessionID: r.SessionID, Index: r.Index, Attempt: fromBody(&r.attemptBody), Saved: r.Saved, Insights: fromInsightsRecord(r.Insights)}
}

func toDraftRecord(d *Draft) draftRecord {
	return draftRecord{Version: recordVersion, SessionID: d.SessionID, Index: d.Index, Attempt: toBody(&d.Attempt), Saved: d.Saved}
}

func fromDraftRecord(r *draftRecord) Draft {
	return Draft{SessionID: r.SessionID, Index: r.Index, Attempt: fromBody(&r.Attempt), Saved: r.Saved}
}

func toInsightsRecord(in *insight.Insights) *insightsRecord {
	if in == nil {
		return nil
	}
	r := &insightsRecord{Version: in.Version, Words: in.Words, ICount: in.ICount, WeCount: in.WeCount, Quantified: in.Quantified,
		Numbers: in.Numbers, AreasMentioned: in.AreasMentioned, TermsUsed: in.TermsUsed, Suggestions: in.Suggestions}
	for _, p := range in.Phases {
		r.Phases = append(r.Phases, insightPhaseRecord{Name: p.Name, Words: p.Words, Share: p.Share, TargetShare: p.TargetShare})
	}
	for _, c := range in.Fillers {
		r.Fillers = append(r.Fillers, countRecord{Word: c.Word, Count: c.Count})
	}
	for _, c := range in.Hedges {
		r.Hedges = append(r.Hedges, countRecord{Word: c.Word, Count: c.Count})
	}
	return r
}

func fromInsightsRecord(r *insightsRecord) *insight.Insights {
	if r == nil {
		return nil
	}
	in := &insight.Insights{Version: r.Version, Words: r.Words, ICount: r.ICount, WeCount: r.WeCount, Quantified: r.Quantified,
		Numbers: nonNil(r.Numbers), AreasMentioned: nonNil(r.AreasMentioned), TermsUsed: nonNil(r.TermsUsed), Suggestions: nonNil(r.Suggestions),
		Phases: []insight.Phase{}, Fillers: []insight.Count{}, Hedges: []insight.Count{}}
	for _, p := range r.Phases {
		in.Phases = append(in.Phases, insight.Phase{Name: p.Name, Words: p.Words, Share: p.Share, TargetShare: p.TargetShare})
	}
	for _, c := range r.Fillers {
		in.Fillers = append(in.Fillers, insight.Count{Word: c.Word, Count: c.Count})
	}
	for _, c := range r.Hedges {
		in.Hedges = append(in.Hedges, insight.Count{Word: c.Word, Count: c.Count})
	}
	return in
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
