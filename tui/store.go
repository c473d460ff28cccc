package tui

import (
	"time"

	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/store"
)

// Store is what the screens ask of the database. *store.Store is one;
// tests give a store whose writes fail, as a full disk's would.
type Store interface {
	Path() string

	CreateSession(*store.Session) error
	SaveAttempt(*store.Attempt) error
	SaveDraft(*store.Draft) error
	KeepDraft() error
	DeleteDraft() error
	DeleteSession(id uint64) error

	Draft() (*store.Draft, error)
	Session(id uint64) (*store.SessionSummary, []store.Attempt, error)
	Summaries(topic string, after []byte, limit int) ([]store.SessionSummary, []byte, error)
	QuestionAttempts(id string) ([]store.Attempt, error)
	Stats(topic string, now time.Time) (*store.Overview, error)
	States() (map[string]coach.State, error)
	Plan() (*coach.Plan, error)
}
