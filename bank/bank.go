// Package bank loads, validates, filters and draws the interview questions
// that rehearse asks, from the embedded questions.yaml and the user's banks.
package bank

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Kind is the kind of a question: it decides the answer's frame and target time.
type Kind string

// The kinds of question a bank may hold.
const (
	Behavioral Kind = "behavioral"
	Technical  Kind = "technical"
)

// AllKinds lists every kind, in the order they are shown.
func AllKinds() []Kind { return []Kind{Behavioral, Technical} }

// Level is the seniority a question is pitched at.
type Level string

// The levels a question may have.
const (
	Junior Level = "junior"
	Mid    Level = "mid"
	Senior Level = "senior"
	Staff  Level = "staff"
)

// AllLevels lists every level, junior first.
func AllLevels() []Level { return []Level{Junior, Mid, Senior, Staff} }

// Frame is the structure of an answer: its phases in order, the share of
// the target time each one should take, and a hint per phase that says
// what it is for.
type Frame struct {
	Name   string
	Phases []string
	Shares []float64
	Hints  []string // one per phase; may be empty
}

// Hint returns the hint of phase i, or "".
func (f Frame) Hint(i int) string {
	if i < 0 || i >= len(f.Hints) {
		return ""
	}
	return f.Hints[i]
}

// Share returns the share of the phase named name, or 0.
func (f Frame) Share(name string) float64 {
	if i := slices.Index(f.Phases, name); i >= 0 {
		return f.Shares[i]
	}
	return 0
}

// KindSettings says how questions of one kind are answered.
type KindSettings struct {
	Frame   string  // name of the frame in Bank.Frames
	Minutes float64 // default target time of one answer
}

// Topic is a subject questions are grouped by. Terms are words of the job
// that a strong answer on the topic tends to use; the insights look for them.
type Topic struct {
	ID    string   `yaml:"id"`
	Name  string   `yaml:"name"`
	About string   `yaml:"about"`
	Terms []string `yaml:"terms"`
}

// Question is one interview question with what a strong answer looks like.
type Question struct {
	ID        string   `yaml:"id"`
	Kind      Kind     `yaml:"kind"`
	Topics    []string `yaml:"topics"`
	Level     Level    `yaml:"level"`
	Prompt    string   `yaml:"prompt"`
	Probes    string   `yaml:"probes"`    // what the interviewer wants to learn
	Cover     []string `yaml:"cover"`     // areas a strong answer covers
	Followups []string `yaml:"followups"` // what an interviewer asks next
	Guidance  string   `yaml:"guidance"`  // markdown: how to build a strong answer
	Outline   string   `yaml:"outline"`   // markdown: the shape of a model answer

	Frame        string   `yaml:"frame"`        // overrides the kind's frame
	Minutes      float64  `yaml:"minutes"`      // overrides the kind's minutes
	RedFlags     []string `yaml:"red_flags"`    // what a weak answer does
	Example      string   `yaml:"example"`      // markdown: a model answer, shown only after answering
	Competencies []string `yaml:"competencies"` // behavioral: what the story shows
	Related      []string `yaml:"related"`      // ids of questions worth practising with this one
}

// HasTopic reports whether q is about the topic with the given id.
func (q Question) HasTopic(id string) bool { return slices.Contains(q.Topics, id) }

// Bank is a validated set of questions with the frames, kinds and topics
// they refer to.
type Bank struct {
	Frames    map[string]Frame
	Kinds     map[Kind]KindSettings
	Topics    []Topic
	Tips      []string
	Questions []Question
}

// Topic returns the topic with the given id.
func (b *Bank) Topic(id string) (Topic, bool) {
	i := slices.IndexFunc(b.Topics, func(t Topic) bool { return t.ID == id })
	if i < 0 {
		return Topic{}, false
	}
	return b.Topics[i], true
}

// Question returns the question with the given id.
func (b *Bank) Question(id string) (Question, bool) {
	i := slices.IndexFunc(b.Questions, func(q Question) bool { return q.ID == id })
	if i < 0 {
		return Question{}, false
	}
	return b.Questions[i], true
}

// FrameOf returns the frame in which questions of kind k are answered.
func (b *Bank) FrameOf(k Kind) Frame { return b.Frames[b.Kinds[k].Frame] }

// FrameFor returns the frame q is answered in: its own, or its kind's.
func (b *Bank) FrameFor(q Question) Frame {
	if q.Frame != "" {
		return b.Frames[q.Frame]
	}
	return b.FrameOf(q.Kind)
}

// MinutesFor returns the target minutes of an answer to q: its own, or its
// kind's.
func (b *Bank) MinutesFor(q Question) float64 {
	if q.Minutes > 0 {
		return q.Minutes
	}
	return b.Kinds[q.Kind].Minutes
}

// Terms returns the job terms of the given topics, without repeats.
func (b *Bank) Terms(topics []string) []string {
	var out []string
	for _, id := range topics {
		t, _ := b.Topic(id)
		for _, term := range t.Terms {
			if !slices.Contains(out, term) {
				out = append(out, term)
			}
		}
	}
	return out
}

// TopicIDs returns the ids of all topics in bank order.
func (b *Bank) TopicIDs() []string {
	ids := make([]string, len(b.Topics))
	for i, t := range b.Topics {
		ids[i] = t.ID
	}
	return ids
}

// Filter selects questions. A zero field matches every question.
type Filter struct {
	Topics []string // any of these topics
	Kind   Kind
	Levels []Level // any of these levels
}

// Matches reports whether q passes the filter.
func (f Filter) Matches(q Question) bool {
	if f.Kind != "" && q.Kind != f.Kind {
		return false
	}
	if len(f.Levels) > 0 && !slices.Contains(f.Levels, q.Level) {
		return false
	}
	return len(f.Topics) == 0 || slices.ContainsFunc(f.Topics, q.HasTopic)
}

// Select returns the questions that pass f, in bank order.
func (b *Bank) Select(f Filter) []Question {
	var out []Question
	for _, q := range b.Questions {
		if f.Matches(q) {
			out = append(out, q)
		}
	}
	return out
}

// CountByTopic returns how many questions of kind k (any kind if empty) each
// topic has.
func (b *Bank) CountByTopic(k Kind) map[string]int {
	counts := make(map[string]int, len(b.Topics))
	for _, q := range b.Questions {
		if k != "" && q.Kind != k {
			continue
		}
		for _, t := range q.Topics {
			counts[t]++
		}
	}
	return counts
}

// CheckTopics returns an *UnknownError naming the first id that is not a
// topic of the bank, with the valid ones.
func (b *Bank) CheckTopics(ids []string) error {
	for _, id := range ids {
		if _, ok := b.Topic(id); !ok {
			return &UnknownError{What: "topic", Name: id, Valid: b.TopicIDs()}
		}
	}
	return nil
}

// ParseKind turns a command-line kind into a Kind; "any" and "" give "".
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case "", "any":
		return "", nil
	case Behavioral, Technical:
		return k, nil
	default:
		return "", &UnknownError{What: "kind", Name: s, Valid: []string{"behavioral", "technical", "any"}}
	}
}

// ParseLevel turns a command-line level into a Level.
func ParseLevel(s string) (Level, error) {
	l := Level(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(AllLevels(), l) {
		return l, nil
	}
	valid := make([]string, 0, len(AllLevels()))
	for _, l := range AllLevels() {
		valid = append(valid, string(l))
	}
	return "", &UnknownError{What: "level", Name: s, Valid: valid}
}

// Competencies are what a behavioral story can show; a question names the
// ones it tests.
func Competencies() []string {
	return []string{
		"ambiguity", "communication", "conflict", "customer-focus", "delivery", "failure",
		"influence", "judgement", "leadership", "learning", "mentoring", "ownership",
		"prioritisation", "teamwork",
	}
}

// UnknownError is returned for a topic, kind or level that does not exist.
type UnknownError struct {
	What  string // "topic", "kind" or "level"
	Name  string
	Valid []string
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown %s %q; valid %ss: %s", e.What, e.Name, e.What, strings.Join(e.Valid, ", "))
}

// Draw returns up to n questions from qs in an order fixed by seed, never
// the same question twice. The same seed and questions give the same draw.
func Draw(qs []Question, n int, seed uint64) []Question {
	n = min(max(n, 0), len(qs))
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Question, 0, n)
	for _, i := range r.Perm(len(qs))[:n] {
		out = append(out, qs[i])
	}
	return out
}
