package practice

import (
	"errors"
	"fmt"
	"time"

	"github.com/rehearse-app/rehearse/bank"
)

// Settings choose the questions of a session and their target time.
type Settings struct {
	Topics    []string  `json:"topics,omitempty"`
	Kind      bank.Kind `json:"kind,omitempty"` // "" for any
	Count     int       `json:"count"`
	Minutes   float64   `json:"minutes,omitempty"` // 0: the bank's minutes for each kind
	Seed      uint64    `json:"seed"`
	Followups int       `json:"followups"` // follow-ups per question
}

// DefaultCount and DefaultFollowups are the settings of a session when the
// user gives none.
const (
	DefaultCount     = 5
	DefaultFollowups = 2
)

// ErrNoQuestions is returned when no question matches the settings.
var ErrNoQuestions = errors.New("no question matches these settings")

// Session is a run of questions drawn for one sitting.
type Session struct {
	Started   time.Time
	Settings  Settings
	Questions []bank.Question

	bank  *bank.Bank
	clock Clock
}

// NewSession draws the questions of a session from b.
func NewSession(b *bank.Bank, s Settings, clock Clock) (*Session, error) {
	if s.Count <= 0 {
		s.Count = DefaultCount
	}
	qs := bank.Draw(b.Select(bank.Filter{Topics: s.Topics, Kind: s.Kind}), s.Count, s.Seed)
	if len(qs) == 0 {
		return nil, ErrNoQuestions
	}
	return &Session{Started: clock(), Settings: s, Questions: qs, bank: b, clock: clock}, nil
}

// RestoreSession rebuilds a saved session from its settings, start and the
// ids of its questions, to go on with it.
func RestoreSession(b *bank.Bank, s Settings, started time.Time, ids []string, clock Clock) (*Session, error) {
	qs := make([]bank.Question, 0, len(ids))
	for _, id := range ids {
		q, ok := b.Question(id)
		if !ok {
			return nil, fmt.Errorf("question %q is no longer in the bank", id)
		}
		qs = append(qs, q)
	}
	return &Session{Started: started, Settings: s, Questions: qs, bank: b, clock: clock}, nil
}

// Attempt prepares the attempt at question i of the session, in the
// question's frame.
func (s *Session) Attempt(i int) *Attempt {
	q := s.Questions[i]
	return NewAttempt(q, s.bank.FrameFor(q), s.Minutes(q), s.Settings.Followups, s.Settings.Seed+uint64(i), s.clock)
}

// Minutes returns the target minutes of an answer to q: the session's
// setting if it has one, else the bank's for q.
func (s *Session) Minutes(q bank.Question) float64 {
	if s.Settings.Minutes > 0 {
		return s.Settings.Minutes
	}
	return s.bank.MinutesFor(q)
}
