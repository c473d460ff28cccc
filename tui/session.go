package tui

import (
	"errors"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
	"github.com/rehearse-app/rehearse/tui/notes"
)

// sessionState is where a session is: each state has its own file for
// update and view (card.go, answer.go, rate.go, summary.go).
type sessionState int

const (
	stateStarting sessionState = iota // waiting for the store to create the session
	stateCard                         // the question, before the clock starts
	stateAnswer                       // phases and follow-ups against the clock
	stateRate                         // self-rating beside the guidance
	stateSaving                       // waiting for the store to save the attempt
	stateSummary                      // the session's results
	stateFailed                       // the session could not start
)

// autosaveEvery is how often the answer in progress is saved as a draft.
const autosaveEvery = 5 * time.Second

// session runs one practice session, question by question.
type session struct {
	c     *common
	sess  *practice.Session
	id    uint64
	index int
	state sessionState

	attempt *practice.Attempt
	saved   []store.Attempt // the session's saved attempts, in order
	notes   notes.Field

	rateRow  int
	nextTime textinput.Model
	guide    mdView

	tick      int       // id of the running clock tick; older ticks are dropped
	lastDraft time.Time // when the draft was last saved
	err       error
}

type (
	sessionCreatedMsg struct {
		id  uint64
		err error
	}
	sessionLoadedMsg struct {
		header   *store.Session
		attempts []store.Attempt
		draft    *store.Draft
		err      error
	}
	attemptSavedMsg struct {
		attempt store.Attempt
		err     error
	}
	tickMsg struct{ id int }
)

func newSession(c *common) *session {
	s := &session{c: c, nextTime: textinput.New(), guide: newMDView()}
	s.nextTime.Placeholder = "what to do differently next time"
	s.nextTime.CharLimit = 300
	s.notes.Empty = "Notes (optional): type here, or answer aloud and press tab to move on."
	s.layout()
	return s
}

// startSession draws a new session and asks the store to create it.
func startSession(c *common, settings practice.Settings) (screen, tea.Cmd) {
	s := newSession(c)
	if settings.Seed == 0 {
		settings.Seed = uint64(c.clock().UnixNano())
	}
	if settings.Followups == 0 {
		settings.Followups = practice.DefaultFollowups
	}
	sess, err := practice.NewSession(c.bank, settings, c.clock)
	if err != nil {
		s.state, s.err = stateFailed, err
		return s, nil
	}
	s.sess = sess
	header := store.NewSession(sess)
	return s, func() tea.Msg {
		if err := keepDraft(c.store); err != nil {
			return sessionCreatedMsg{err: err}
		}
		err := c.store.CreateSession(header)
		return sessionCreatedMsg{header.ID, err}
	}
}

// keepDraft saves an unfinished answer into its own session before a new
// session takes the draft's place: it shows in the history with its notes,
// unrated, ended when the draft was last saved.
func keepDraft(st *store.Store) error {
	d, err := st.Draft()
	if err != nil || d == nil {
		return err
	}
	a := d.Attempt
	if a.Finished.IsZero() {
		a.Finished = d.Saved
	}
	return st.SaveAttempt(&store.Attempt{SessionID: d.SessionID, Index: d.Index, Attempt: a})
}

// resumeSession loads the session of a draft to go on with it.
func resumeSession(c *common, d *store.Draft) (screen, tea.Cmd) {
	s := newSession(c)
	return s, func() tea.Msg {
		header, attempts, err := c.store.Session(d.SessionID)
		return sessionLoadedMsg{header, attempts, d, err}
	}
}

func (s *session) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg, relayoutMsg:
		s.layout()
		return s, s.renderGuide()
	case tea.BackgroundColorMsg:
		s.layout()
		return s, s.renderGuide()
	case sessionCreatedMsg:
		if msg.err != nil {
			s.state, s.err = stateFailed, msg.err
			return s, nil
		}
		s.id = msg.id
		return s, s.openQuestion(0)
	case sessionLoadedMsg:
		return s, s.resume(msg)
	case attemptSavedMsg:
		return s, s.attemptSaved(msg)
	case markdownMsg:
		s.guide.receive(msg)
		return s, nil
	case tickMsg:
		if msg.id != s.tick || s.state != stateAnswer {
			return s, nil
		}
		return s, tea.Batch(s.ticker(), s.autosave())
	case draftSavedMsg:
		if msg.err != nil {
			s.err = msg.err
		}
		return s, nil
	}
	switch s.state {
	case stateCard:
		return s, s.updateCard(msg)
	case stateAnswer:
		return s, s.updateAnswer(msg)
	case stateRate:
		return s, s.updateRate(msg)
	case stateSummary, stateFailed:
		return s, s.updateSummary(msg)
	}
	return s, nil
}

func (s *session) view() string {
	switch s.state {
	case stateCard:
		return s.viewCard()
	case stateAnswer:
		return s.viewAnswer()
	case stateRate, stateSaving:
		return s.viewRate()
	case stateSummary:
		return s.viewSummary()
	case stateFailed:
		return s.c.styles.err.Render("The session could not start: "+s.err.Error()) + "\n\n" + s.c.styles.subtle.Render("Press esc to go back.")
	}
	return s.c.styles.subtle.Render("Starting…")
}

func (s *session) typing() bool {
	return s.state == stateAnswer || (s.state == stateRate && s.nextTime.Focused())
}

// question is the bank's question of the current attempt.
func (s *session) question() bank.Question { return s.sess.Questions[s.index] }

// openQuestion shows the card of question i, or the summary after the last.
func (s *session) openQuestion(i int) tea.Cmd {
	if i >= len(s.sess.Questions) {
		s.state = stateSummary
		return nil
	}
	s.index, s.state, s.err = i, stateCard, nil
	s.attempt = s.sess.Attempt(i)
	s.notes.SetValue("")
	s.nextTime.SetValue("")
	s.rateRow = 0
	return nil
}

// resume continues the session of a draft at the draft's attempt.
func (s *session) resume(msg sessionLoadedMsg) tea.Cmd {
	if msg.err == nil {
		s.sess, msg.err = practice.RestoreSession(s.c.bank, msg.header.Settings, msg.header.Started, msg.header.Questions, s.c.clock)
	}
	if msg.err != nil {
		s.state, s.err = stateFailed, fmt.Errorf("resume the draft: %w (the draft is kept)", msg.err)
		return nil
	}
	s.id, s.saved = msg.header.ID, msg.attempts
	a := msg.draft.Attempt
	a.Restore(s.c.clock)
	s.index, s.attempt = msg.draft.Index, &a
	s.notes.SetValue(a.Steps[a.Active].Notes)
	if a.Done() {
		s.nextTime.SetValue(a.Rating.NextTime)
		s.state = stateRate
		return s.renderGuide()
	}
	s.state = stateCard
	return nil
}

// finishAttempt moves a finished attempt to the rating screen, or saves a
// skipped one at once.
func (s *session) finishAttempt() tea.Cmd {
	s.syncNotes()
	if s.attempt.Skipped {
		return s.save()
	}
	s.state, s.rateRow = stateRate, 0
	s.nextTime.Blur()
	return s.renderGuide()
}

// save writes the attempt to the store; the next question waits for it.
func (s *session) save() tea.Cmd {
	s.attempt.Rating.NextTime = s.nextTime.Value()
	rec := store.Attempt{SessionID: s.id, Index: s.index, Attempt: s.attempt.Snapshot()}
	s.state = stateSaving
	st := s.c.store
	return func() tea.Msg {
		err := st.SaveAttempt(&rec)
		return attemptSavedMsg{rec, err}
	}
}

func (s *session) attemptSaved(msg attemptSavedMsg) tea.Cmd {
	if msg.err != nil {
		s.state = stateRate
		s.err = fmt.Errorf("could not save this answer: %w; press enter to try again (nothing is lost)", msg.err)
		if s.attempt.Skipped {
			s.err = fmt.Errorf("could not save: %w", msg.err)
		}
		return nil
	}
	s.saved = append(s.saved, msg.attempt)
	s.attempt = nil
	return s.openQuestion(s.index + 1)
}

// draft is the answer in progress, for saving when the program ends.
func (s *session) draft() *store.Draft {
	if s.attempt == nil || s.attempt.Started.IsZero() {
		return nil
	}
	a := s.attempt.Snapshot()
	if s.state == stateAnswer || s.state == stateCard {
		a.Steps[a.Active].Notes = s.notes.Value()
	}
	a.Rating.NextTime = s.nextTime.Value()
	return &store.Draft{SessionID: s.id, Index: s.index, Attempt: a, Saved: s.c.clock()}
}

type draftSavedMsg struct{ err error }

// autosave saves the draft when it is due.
func (s *session) autosave() tea.Cmd {
	now := s.c.clock()
	if now.Sub(s.lastDraft) < autosaveEvery {
		return nil
	}
	s.lastDraft = now
	d := s.draft()
	if d == nil {
		return nil
	}
	st := s.c.store
	return func() tea.Msg { return draftSavedMsg{st.SaveDraft(d)} }
}

// ticker returns the command for the next clock tick.
func (s *session) ticker() tea.Cmd {
	id := s.tick
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{id} })
}

// startTicking starts a new tick loop, dropping the old one.
func (s *session) startTicking() tea.Cmd {
	s.tick++
	return s.ticker()
}

// syncNotes copies the note field into the active step.
func (s *session) syncNotes() {
	if s.attempt != nil && s.notes.TakeChanged() {
		s.attempt.SetNotes(s.notes.Value())
	}
}

func (s *session) ShortHelp() []key.Binding {
	k := s.c.keys
	switch s.state {
	case stateCard:
		return []key.Binding{k.Start, k.Skip, k.EndSession, k.Help}
	case stateAnswer:
		return []key.Binding{k.NextPhase, k.PrevPhase, k.Pause, k.Finish, k.AnswerHelp}
	case stateRate, stateSaving:
		return []key.Binding{k.Rate, k.Area, k.Save, k.ScrollDown, k.Help}
	}
	return []key.Binding{k.Home, k.Quit, k.Help}
}

func (s *session) FullHelp() [][]key.Binding {
	k := s.c.keys
	switch s.state {
	case stateCard:
		return [][]key.Binding{{k.Start, k.Skip}, {k.EndSession, k.ForceQuit, k.Help}}
	case stateAnswer:
		return [][]key.Binding{
			{k.NextPhase, k.PrevPhase, k.Finish},
			{k.Pause, k.Skip, k.BackToCard},
			{k.ForceQuit, k.AnswerHelp},
		}
	case stateRate, stateSaving:
		return [][]key.Binding{
			{k.Rate, k.Left, k.Right},
			{k.Up, k.Down, k.Area, k.Save},
			{k.ScrollUp, k.ScrollDown, k.BackToAnswer, k.ForceQuit, k.Help},
		}
	}
	return [][]key.Binding{{k.Home, k.Quit, k.Help}}
}

var errNoOverall = errors.New("rate the answer overall (1-5) before saving")
