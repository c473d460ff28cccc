package tui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
	"github.com/rehearse-app/rehearse/tui/notes"
)

// practiceState is where a practice run is: each state has its own file
// for update and view (practice_card.go, practice_answer.go,
// practice_rate.go with practice_panes.go, practice_summary.go).
type practiceState int

const (
	stateStarting practiceState = iota // drawing the questions
	stateCard                          // the question, before the clock starts
	stateAnswer                        // phases and follow-ups against the clock
	stateRate                          // self-rating beside the answer, the guide and the insights
	stateSaving                        // waiting for the store to save the attempt
	stateSummary                       // the session's results
	stateFailed                        // the session could not start
)

// practiceScreen runs one practice session, question by question: the
// card, the answer against the clock, the rating, and the summary. Its
// drafts and autosave are in practice_draft.go, ctrl+e's editor in
// practice_editor.go. (practice.Session is the session it runs;
// store.Session is the header that session is saved under.)
type practiceScreen struct {
	c     *common
	sess  *practice.Session
	rec   *sessionRecord
	index int
	state practiceState

	attempt *practice.Attempt
	saved   []store.Attempt // the session's saved attempts, in order
	picks   []coach.Pick    // why each question was drawn, when smart selection drew it
	notes   notes.Field

	// the rating screen (practice_rate.go, practice_panes.go)
	rateRow     int
	rateTop     int // first line of the ratings column on screen
	pane        pane
	nextTime    textinput.Model
	guide       mdView
	answer      viewport.Model
	answerLines []int // the line of each step in the answer pane
	coach       viewport.Model
	insights    *insight.Insights

	tick      int       // id of the running clock tick; older ticks are dropped
	lastDraft time.Time // when the draft was last saved
	savedMark draftMark // what the last saved draft held
	editing   *editing  // the notes open in an editor (practice_editor.go)
	suspended bool      // the clock stopped for ctrl+z, to start again on resume
	notice    string    // a passing message on the answer screen
	err       error
	unsaved   error // why the last save or autosave failed; nil once one succeeds
}

type (
	sessionDrawnMsg struct {
		sess  *practice.Session
		picks []coach.Pick
		err   error
	}
	sessionLoadedMsg struct {
		summary  *store.SessionSummary
		attempts []store.Attempt
		draft    *store.Draft
		err      error
	}
	attemptSavedMsg struct {
		attempt store.Attempt
		err     error
	}
	insightsMsg struct {
		attempt *practice.Attempt
		in      insight.Insights
	}
	tickMsg struct{ id int }
)

func newPracticeScreen(c *common) *practiceScreen {
	s := &practiceScreen{c: c, nextTime: textinput.New(), guide: newMDView(), answer: viewport.New(), coach: viewport.New()}
	s.nextTime.Placeholder = "what to do differently next time"
	s.nextTime.CharLimit = 300
	s.notes.Empty = fmt.Sprintf("Notes (optional): type here or %s for your editor; %s moves on.", c.keys.Edit.Help().Key, c.keys.NextPhase.Help().Key)
	return s
}

// startSession draws a new session in a command: smart selection reads
// the schedule; a random draw or the candidate's own questions do not.
func startSession(c *common, settings practice.Settings) (screen, tea.Cmd) {
	s := newPracticeScreen(c)
	if settings.Order == "" {
		settings.Order = practice.OrderSmart
	}
	switch {
	case settings.Seed != 0:
	case settings.Order == practice.OrderSmart:
		settings.Seed = coach.DaySeed(c.clock()) // the draw `rehearse next` shows
	default:
		settings.Seed = uint64(c.clock().UnixNano())
	}
	if settings.Followups == 0 {
		settings.Followups = practice.DefaultFollowups
	}
	b, st, clock := c.bank, c.store, c.clock
	return s, func() tea.Msg { return draw(b, st, clock, settings, nil) }
}

// practiseQuestions starts a session of the given questions, in order.
func practiseQuestions(c *common, ids []string) (screen, tea.Cmd) {
	s := newPracticeScreen(c)
	settings := c.settings
	settings.Order, settings.Count, settings.Seed = practice.OrderGiven, len(ids), uint64(c.clock().UnixNano())
	settings.Followups = practice.DefaultFollowups
	b, st, clock := c.bank, c.store, c.clock
	return s, func() tea.Msg { return draw(b, st, clock, settings, ids) }
}

// draw chooses the questions of a session (I/O: the schedule).
func draw(b *bank.Bank, st Store, clock practice.Clock, settings practice.Settings, ids []string) sessionDrawnMsg {
	if settings.Count <= 0 {
		settings.Count = practice.DefaultCount
	}
	var qs []bank.Question
	var picks []coach.Pick
	switch {
	case ids != nil:
		for _, id := range ids {
			q, ok := b.Question(id)
			if !ok {
				return sessionDrawnMsg{err: fmt.Errorf("question %q is not in the bank", id)}
			}
			qs = append(qs, q)
		}
	case settings.Order == practice.OrderRandom:
		qs = bank.Draw(b.Select(settings.Filter()), settings.Count, settings.Seed)
	default:
		states, err := st.States()
		if err != nil {
			return sessionDrawnMsg{err: err}
		}
		plan, err := st.Plan()
		if err != nil {
			return sessionDrawnMsg{err: err}
		}
		picks = coach.Select(b.Select(settings.Filter()), states, clock(), settings.Count, settings.Seed, plan)
		for _, p := range picks {
			qs = append(qs, p.Question)
		}
	}
	sess, err := practice.NewSessionWith(b, settings, qs, clock)
	return sessionDrawnMsg{sess, picks, err}
}

// resumeSession loads the session of a draft to go on with it.
func resumeSession(c *common, d *store.Draft) (screen, tea.Cmd) {
	s := newPracticeScreen(c)
	st := c.store
	return s, func() tea.Msg {
		sum, attempts, err := st.Session(d.SessionID)
		return sessionLoadedMsg{sum, attempts, d, err}
	}
}

func (s *practiceScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionDrawnMsg:
		if msg.err != nil {
			s.state, s.err = stateFailed, msg.err
			return s, nil
		}
		s.sess, s.picks = msg.sess, msg.picks
		s.rec = &sessionRecord{header: store.NewSession(msg.sess)}
		return s, s.openQuestion(0)
	case sessionLoadedMsg:
		return s, s.resume(msg)
	case attemptSavedMsg:
		return s, s.attemptSaved(msg)
	case insightsMsg:
		if msg.attempt == s.attempt {
			s.insights = &msg.in
			s.fillCoach()
		}
		return s, nil
	case markdownMsg:
		s.guide.receive(msg)
		return s, nil
	case tickMsg:
		if msg.id != s.tick || s.state != stateAnswer {
			return s, nil
		}
		return s, tea.Batch(s.ticker(), s.autosave())
	case editorReadyMsg:
		return s, s.editorReady(msg)
	case editorClosedMsg:
		return s, s.editorClosed(msg)
	case notesEditedMsg:
		s.notesEdited(msg)
		return s, nil
	case tea.ResumeMsg:
		if s.suspended && s.attempt != nil {
			s.attempt.Resume()
		}
		s.suspended = false
		return s, nil
	case draftSavedMsg:
		s.unsaved = msg.err
		if msg.err == nil {
			s.savedMark = msg.mark
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

func (s *practiceScreen) view() string {
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
		return s.c.styles.err.Render(wrap("The session could not start: "+s.err.Error(), s.c.width-2)) + "\n\n" + s.c.styles.subtle.Render("Press "+s.c.keys.Back.Help().Key+" to go back.")
	}
	return s.c.styles.subtle.Render("Drawing the questions…")
}

func (s *practiceScreen) typing() bool {
	return s.state == stateAnswer || (s.state == stateRate && s.nextTime.Focused())
}

// question is the bank's question of the current attempt.
func (s *practiceScreen) question() bank.Question { return s.sess.Questions[s.index] }

// pick is why the current question was drawn, when smart selection drew it.
func (s *practiceScreen) pick() (coach.Pick, bool) {
	if s.index < len(s.picks) {
		return s.picks[s.index], true
	}
	return coach.Pick{}, false
}

// openQuestion shows the card of question i, or the summary after the last.
func (s *practiceScreen) openQuestion(i int) tea.Cmd {
	if i >= len(s.sess.Questions) {
		s.state = stateSummary
		return nil
	}
	s.index, s.state, s.err = i, stateCard, nil
	s.attempt = s.sess.Attempt(i)
	s.fitNotes() // the notes take what the prompt leaves
	s.insights = nil
	s.notes.SetValue("")
	s.nextTime.SetValue("")
	s.rateRow, s.rateTop = 0, 0
	return nil
}

// resume continues the session of a draft at the draft's attempt.
func (s *practiceScreen) resume(msg sessionLoadedMsg) tea.Cmd {
	if msg.err == nil {
		h := msg.summary.Session
		s.sess, msg.err = practice.RestoreSession(s.c.bank, h.Settings, h.Started, h.Questions, s.c.clock)
		s.rec = &sessionRecord{header: &h}
	}
	if msg.err != nil {
		s.state, s.err = stateFailed, fmt.Errorf("resume the draft: %w (the draft is kept)", msg.err)
		return nil
	}
	s.saved = msg.attempts
	a := msg.draft.Attempt
	a.Restore(s.c.clock)
	s.index, s.attempt = msg.draft.Index, &a
	s.fitNotes()
	s.notes.SetValue(a.Steps[a.Active].Notes)
	s.notes.TakeChanged()
	if a.Done() {
		s.nextTime.SetValue(a.Rating.NextTime)
		return s.enterRate()
	}
	s.state = stateCard
	return nil
}

// finishAttempt moves a finished attempt to the rating screen, or saves a
// skipped one at once.
func (s *practiceScreen) finishAttempt() tea.Cmd {
	s.syncNotes()
	if s.attempt.Skipped {
		return s.save()
	}
	return s.enterRate()
}

// save writes the attempt to the store; the next question waits for it.
func (s *practiceScreen) save() tea.Cmd {
	s.attempt.Rating.NextTime = sanitizeLine(s.nextTime.Value())
	snap := s.attempt.Snapshot()
	rec := store.Attempt{Index: s.index, Attempt: snap, Insights: s.insights}
	s.state = stateSaving
	st, sessRec := s.c.store, s.rec
	return func() tea.Msg {
		id, err := sessRec.ensure(st)
		if err == nil {
			rec.SessionID = id
			err = st.SaveAttempt(&rec)
		}
		return attemptSavedMsg{rec, err}
	}
}

func (s *practiceScreen) attemptSaved(msg attemptSavedMsg) tea.Cmd {
	s.unsaved = msg.err
	if msg.err != nil {
		s.state = stateRate
		s.err = fmt.Errorf("not saved: %w; press %s to try again (the answer is kept in memory)", msg.err, s.c.keys.Save.Help().Key)
		if s.attempt.Skipped {
			s.err = fmt.Errorf("not saved: %w", msg.err)
		}
		return nil
	}
	s.saved = append(s.saved, msg.attempt)
	s.attempt = nil
	return s.openQuestion(s.index + 1)
}

// wheel: the notes field scrolls on the answer screen, the panes on the
// rating screen.
func (s *practiceScreen) wheel() wheelMode {
	if s.state == stateAnswer || s.state == stateRate {
		return wheelScroll
	}
	return wheelOff
}

// ticker returns the command for the next clock tick.
func (s *practiceScreen) ticker() tea.Cmd {
	id := s.tick
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{id} })
}

// startTicking starts a new tick loop, dropping the old one.
func (s *practiceScreen) startTicking() tea.Cmd {
	s.tick++
	return s.ticker()
}

// syncNotes copies the note field into the active step: the one way notes
// reach the attempt.
func (s *practiceScreen) syncNotes() {
	if s.attempt != nil && s.notes.TakeChanged() {
		s.attempt.SetNotes(s.notes.Value())
	}
}

func (s *practiceScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	switch s.state {
	case stateCard:
		return []key.Binding{k.Start, k.Skip, k.EndSession, k.Help}
	case stateAnswer:
		return []key.Binding{k.NextPhase, k.PrevPhase, k.Pause, k.Finish, k.AnswerHelp}
	case stateRate, stateSaving:
		return []key.Binding{k.Rate, k.Area, k.Pane, k.Save, k.Help}
	}
	return []key.Binding{k.Home, k.Quit, k.Help}
}

func (s *practiceScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	switch s.state {
	case stateCard:
		return [][]key.Binding{{k.Start, k.Skip}, {k.EndSession, k.ForceQuit, k.Help}}
	case stateAnswer:
		return [][]key.Binding{
			{k.NextPhase, k.PrevPhase, k.Finish},
			{k.Pause, k.Skip, k.BackToCard},
			{k.Edit, k.Suspend, k.ForceQuit, k.AnswerHelp},
		}
	case stateRate, stateSaving:
		return [][]key.Binding{
			{k.Rate, k.Left, k.Right, k.Area},
			{k.RowUp, k.RowDown, k.Pane, k.Save},
			{k.ScrollUp, k.ScrollDown, k.BackToAnswer, k.ForceQuit, k.Help},
		}
	}
	return [][]key.Binding{{k.Home, k.Quit, k.Help}}
}
