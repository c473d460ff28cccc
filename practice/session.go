package practice

import (
	"errors"
	"fmt"
	"time"

	"github.com/rehearse-app/rehearse/bank"
)

// Settings choose the questions of a session and their target time.
type Settings struct {
	Topics    []string     // any of these topics; none: all
	Kind      bank.Kind    // "" for any
	Levels    []bank.Level // any of these levels; none: all
	Count     int
	Minutes   float64 // 0: the bank's minutes for each question
	Seed      uint64
	Followups int    // follow-ups per question
	Order     string // how the questions were chosen: OrderSmart (default), OrderRandom or OrderGiven
}

// The orders in which a session's questions are chosen.
const (
	OrderSmart  = "smart"  // what the schedule says is due, unseen or weak
	OrderRandom = "random" // at random among the matching questions
	OrderGiven  = "given"  // the questions the candidate named
)

// Filter returns the bank filter of the settings.
func (s Settings) Filter() bank.Filter {
	return bank.Filter{Topics: s.Topics, Kind: s.Kind, Levels: s.Levels}
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

// NewSession draws the questions of a session from b at random, by the
// settings' filter and seed.
func NewSession(b *bank.Bank, s Settings, clock Clock) (*Session, error) {
	if s.Count <= 0 {
		s.Count = DefaultCount
	}
	return NewSessionWith(b, s, bank.Draw(b.Select(s.Filter()), s.Count, s.Seed), clock)
}

// NewSessionWith starts a session of the given questions, chosen by the
// caller (smart selection, or the candidate).
func NewSessionWith(b *bank.Bank, s Settings, qs []bank.Question, clock Clock) (*Session, error) {
	if len(qs) == 0 {
		return nil, ErrNoQuestions
	}
	if s.Count <= 0 || s.Count > len(qs) {
		s.Count = len(qs)
	}
	return &Session{Started: clock(), Settings: s, Questions: qs[:s.Count], bank: b, clock: clock}, nil
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
