package tui

import (
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/store"
	"github.com/rehearse-app/rehearse/tui/notes"
)

// Drafts: the answer in progress is kept in the store as a draft, so that
// quitting, a signal, ctrl+z or a crash loses nothing. It is saved every
// few seconds when something in it changed (autosave), on esc from the
// card (end), before the program stops (suspend), and as it ends
// (SaveDraft). The session's header is written at its first save, through
// sessionRecord.

// autosaveEvery is how often the answer in progress is saved as a draft
// when something in it changed; when only its clock moved, a draft every
// clockDraftEvery is enough.
const (
	autosaveEvery   = 5 * time.Second
	clockDraftEvery = 30 * time.Second
)

// sessionRecord is the session's header in the store, made at its first
// write: a session left before anything is saved is not kept. Commands
// that write share it, hence the lock.
type sessionRecord struct {
	mu     sync.Mutex
	header *store.Session
}

// ensure creates the session in st if it is not there yet, after keeping
// an earlier unfinished answer in its own session, and returns its id.
func (r *sessionRecord) ensure(st Store) (uint64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.header.ID != 0 {
		return r.header.ID, nil
	}
	if err := st.KeepDraft(); err != nil {
		return 0, err
	}
	h := *r.header
	if err := st.CreateSession(&h); err != nil {
		return 0, err
	}
	r.header.ID = h.ID
	return h.ID, nil
}

// id returns the session's id, 0 until it is created.
func (r *sessionRecord) id() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.header.ID
}

// draft is the answer in progress, for saving when the program ends.
func (s *practiceScreen) draft() *store.Draft {
	p, ok := s.takeDraft()
	if !ok {
		return nil
	}
	return p.build()
}

// pendingDraft is the answer in progress as taken on the UI goroutine,
// cheaply: the attempt's state and a snapshot of the notes field, whose
// lines build joins, off it. (Joining 10,000 lines takes milliseconds.)
type pendingDraft struct {
	draft store.Draft
	notes notes.Text
}

func (p pendingDraft) build() *store.Draft {
	d := p.draft
	d.Attempt.Steps[d.Attempt.Active].Notes = p.notes.String()
	return &d
}

// takeDraft takes the answer in progress, if there is one to keep.
func (s *practiceScreen) takeDraft() (pendingDraft, bool) {
	if s.attempt == nil || s.attempt.Started.IsZero() || s.state == stateSaving {
		return pendingDraft{}, false
	}
	a := s.attempt.Snapshot()
	a.Rating.NextTime = sanitizeLine(s.nextTime.Value())
	return pendingDraft{store.Draft{Index: s.index, Attempt: a, Saved: s.c.clock()}, s.notes.Snapshot()}, true
}

// suspend stops the clock for ctrl+z and returns the command that saves
// the draft first: a stopped program may never be started again.
func (s *practiceScreen) suspend() tea.Cmd {
	if s.attempt != nil && s.attempt.Running() {
		s.attempt.Pause()
		s.suspended = true
	}
	p, ok := s.takeDraft()
	if !ok {
		return nil
	}
	mark := s.draftMark()
	st, rec := s.c.store, s.rec
	return func() tea.Msg { return draftSavedMsg{saveDraftIn(st, rec, p.build())(), mark} }
}

// draftMark is what tells one draft from the next without comparing its
// text: the notes field's revision stands for the notes of the active
// step (the others change only through it), and the clock counts in
// steps of clockDraftEvery.
type draftMark struct {
	notes    uint64
	active   int
	done     bool
	skipped  bool
	rating   string
	nextTime string
	clock    time.Duration
}

func (s *practiceScreen) draftMark() draftMark {
	a := s.attempt
	return draftMark{
		notes: s.notes.Revision(), active: a.Active, done: a.Done(), skipped: a.Skipped,
		rating: fmt.Sprint(a.Rating.Phases, a.Rating.Overall, a.Rating.Covered), nextTime: s.nextTime.Value(),
		clock: a.Total() / clockDraftEvery,
	}
}

// saveDraft returns a command that saves d in the session's record.
func (s *practiceScreen) saveDraft(d *store.Draft) func() error {
	return saveDraftIn(s.c.store, s.rec, d)
}

// saveDraftIn saves d in st, in the session of rec, which it creates first
// if need be.
func saveDraftIn(st Store, rec *sessionRecord, d *store.Draft) func() error {
	return func() error {
		id, err := rec.ensure(st)
		if err != nil {
			return err
		}
		d.SessionID = id
		return st.SaveDraft(d)
	}
}

// SaveDraft saves the answer in progress, if any; Run calls it as the
// program ends.
func (s *practiceScreen) SaveDraft() error {
	s.closeEditor()
	if d := s.draft(); d != nil {
		return s.saveDraft(d)()
	}
	return nil
}

// draftSavedMsg says how saving a draft went; mark is what it held.
type draftSavedMsg struct {
	err  error
	mark draftMark
}

// autosave saves the draft when it is due and something in it changed
// since the last one saved (or that one failed); the draft is built and
// written in the command.
func (s *practiceScreen) autosave() tea.Cmd {
	now := s.c.clock()
	if now.Sub(s.lastDraft) < autosaveEvery {
		return nil
	}
	p, ok := s.takeDraft()
	if !ok {
		return nil
	}
	mark := s.draftMark()
	if mark == s.savedMark && s.unsaved == nil {
		return nil
	}
	s.lastDraft = now
	st, rec := s.c.store, s.rec
	return func() tea.Msg {
		d := p.build()
		return draftSavedMsg{saveDraftIn(st, rec, d)(), mark}
	}
}
