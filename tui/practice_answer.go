package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/practice"
)

// The answer screen: the frame's phases and the follow-ups as tabs, a
// running clock, bars against the phase and the whole answer, and a notes
// field per step. The notes field has the keyboard: only tab, esc and ctrl
// keys are commands here.

// answerChrome is how many lines the answer screen uses besides the notes
// and the prompt.
const answerChrome = 11

// maxPromptLines is the most lines the prompt takes on the answer screen;
// a longer one is cut (the card shows it whole).
const maxPromptLines = 5

// promptLines is how many lines the current prompt takes, wrapped.
func (s *practiceScreen) promptLines() int {
	if s.attempt == nil {
		return 2
	}
	return min(strings.Count(wrap(s.attempt.Question.Prompt, s.c.width-2), "\n")+1, maxPromptLines)
}

// layout sizes the parts of the practice screens for the terminal and
// styles them, and renders the guide again at its width.
func (s *practiceScreen) layout() tea.Cmd {
	body := s.c.bodyHeight
	s.fitNotes()
	st := s.c.styles
	s.notes.Cursor = st.cursor
	s.notes.EmptyLook = st.faint
	left, first, second := s.rateWidths()
	s.nextTime.SetWidth(max(left-4, 10))
	paneHeight := max(body-1, 3) // under the pane's heading
	s.answer.SetWidth(max(first, 10))
	s.answer.SetHeight(paneHeight)
	guideWidth := first
	if s.wide() {
		guideWidth = second
	}
	s.guide.SetWidth(max(guideWidth, 10))
	s.guide.SetHeight(paneHeight)
	s.coach.SetWidth(max(guideWidth, 10))
	s.coach.SetHeight(paneHeight)
	if s.attempt != nil && (s.state == stateRate || s.state == stateSaving) {
		s.fillAnswer()
		s.fillCoach()
		s.scrollRatings()
	}
	return s.renderGuide()
}

// fitNotes gives the notes field the height the prompt leaves it: layout
// calls it, and so does a new question, whose prompt may be longer.
func (s *practiceScreen) fitNotes() {
	s.notes.SetSize(s.c.width-2-4, max(s.c.bodyHeight-answerChrome-s.promptLines(), 1))
}

func (s *practiceScreen) updateAnswer(msg tea.Msg) tea.Cmd {
	a := s.attempt
	k := s.c.keys
	if press, ok := msg.(tea.KeyPressMsg); ok {
		s.notice = ""
		switch {
		case key.Matches(press, k.NextPhase):
			s.moveTo(a.Active + 1)
			return nil
		case key.Matches(press, k.PrevPhase):
			s.moveTo(a.Active - 1)
			return nil
		case key.Matches(press, k.Pause):
			a.TogglePause()
			return nil
		case key.Matches(press, k.Edit):
			return s.editNotes()
		case key.Matches(press, k.Finish):
			s.syncNotes()
			if a.Advance() {
				return s.finishAttempt()
			}
			s.notes.SetValue(a.Steps[a.Active].Notes)
			return nil
		case key.Matches(press, k.Skip):
			s.syncNotes()
			a.Skip()
			return s.finishAttempt()
		case key.Matches(press, k.BackToCard):
			s.syncNotes()
			a.Pause()
			s.notes.Blur()
			s.state = stateCard
			return nil
		}
	}
	s.notes.Update(msg)
	return nil
}

// moveTo makes step i active, carrying the notes across.
func (s *practiceScreen) moveTo(i int) {
	if i < 0 || i >= len(s.attempt.Steps) {
		return
	}
	s.syncNotes()
	s.attempt.Goto(i)
	s.notes.SetValue(s.attempt.Steps[i].Notes)
	s.notes.TakeChanged()
}

func (s *practiceScreen) viewAnswer() string {
	st := s.c.styles
	a := s.attempt
	width := s.c.width - 2
	step := a.Steps[a.Active]
	var b strings.Builder

	status := st.ok.Render("● recording")
	if !a.Running() {
		status = st.followup.Render("❚❚ paused · " + s.c.keys.Pause.Help().Key + " to go on")
	}
	head := s.header()
	gap := width - ansi.StringWidth(head) - ansi.StringWidth(status)
	if gap < 2 {
		head = truncate(head, width-ansi.StringWidth(status)-2)
		gap = 2
	}
	b.WriteString(head + strings.Repeat(" ", gap) + status + "\n")
	b.WriteString(lines(st.prompt.Render(wrap(a.Question.Prompt, width)), s.promptLines()) + "\n")
	switch {
	case s.unsaved != nil:
		// A failing disk is said where the candidate is looking, and stays
		// until a save succeeds.
		b.WriteString(lines(st.err.Render(wrap("Not saved: "+rootCause(s.unsaved)+". Your notes are kept here and saving is tried again every few seconds.", width)), 2) + "\n")
	case s.notice != "":
		b.WriteString(lines(st.err.Render(wrap(s.notice, width)), 2) + "\n")
	case step.Kind == practice.FollowupStep:
		b.WriteString(lines(st.followup.Render(wrap("Follow-up: "+step.Prompt, width)), 2) + "\n")
	default:
		b.WriteString(lines(st.faint.Render(wrap(s.phaseHint(a.Active), width)), 2) + "\n")
	}
	b.WriteString("\n" + s.tabs() + "\n\n")

	spent, total := a.Spent(a.Active), a.Total()
	stepPace, overallPace := a.Pace()
	b.WriteString(s.bar(human.Phase(step.Name), spent, step.Target, stepPace) + "\n")
	b.WriteString(s.bar("Answer", total, a.Target(), overallPace) + "\n\n")

	edge := st.edge
	if s.notes.Focused() {
		edge = st.edgeFocused
	}
	b.WriteString(frame(s.notes.View(), s.notes.Width(), edge))
	return b.String()
}

// tabs draws one tab per step, the active one highlighted, each with its
// time coloured by its pace. When they do not fit, the other tabs are
// shortened: their names cut to three letters, then their times dropped.
func (s *practiceScreen) tabs() string {
	width := s.c.width - 2
	var out string
	for short := range 3 {
		out = s.tabLine(short)
		if ansi.StringWidth(out) <= width {
			break
		}
	}
	return truncate(out, width)
}

// tabLine draws the tabs, the inactive ones shortened by degree short.
func (s *practiceScreen) tabLine(short int) string {
	st := s.c.styles
	a := s.attempt
	var parts []string
	for i, step := range a.Steps {
		name := human.Phase(step.Name)
		if step.Kind == practice.FollowupStep {
			name = fmt.Sprintf("F%d", i-a.PhaseCount()+1)
		}
		spent := a.Spent(i)
		if i == a.Active {
			parts = append(parts, st.activeTab.Render(name+" "+human.Clock(spent)))
			continue
		}
		if short > 0 {
			name = string([]rune(name)[:min(3, len([]rune(name)))])
		}
		label := st.pace[practice.PaceOf(spent, step.Target)].Render(human.Clock(spent))
		if short > 1 {
			label = st.pace[practice.PaceOf(spent, step.Target)].Render(name)
			parts = append(parts, st.tab.Render(label))
			continue
		}
		parts = append(parts, st.tab.Render(name+" "+label))
	}
	return strings.Join(parts, "")
}

// bar draws a labelled bar of spent against target.
func (s *practiceScreen) bar(label string, spent, target time.Duration, p practice.Pace) string {
	st := s.c.styles
	text := fmt.Sprintf("%s / %s  %s", human.Clock(spent), human.Clock(target), p)
	width := max(s.c.width-2-12-len(text)-2, 5)
	fraction := 0.0
	if target > 0 {
		fraction = float64(spent) / float64(target)
	}
	return fmt.Sprintf("%-12s", label) + st.paceBar(p, fraction, width) + "  " + st.pace[p].Render(text)
}

// phaseHint says what the phase is for, from the bank's frame, and its
// place in the frame.
func (s *practiceScreen) phaseHint(i int) string {
	a := s.attempt
	hint := s.c.bank.Frames[a.Question.Frame].Hint(i)
	return strings.TrimSpace(fmt.Sprintf("Phase %d of %d. %s", i+1, a.PhaseCount(), hint))
}

// lines pads or cuts s to exactly n lines.
func lines(s string, n int) string { return fitHeight(s, n) }
