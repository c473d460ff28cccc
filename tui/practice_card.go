package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/practice"
)

// The question card: the prompt, what it is about and the time it gets;
// the clock starts when the candidate is ready.

func (s *practiceScreen) updateCard(msg tea.Msg) tea.Cmd {
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.c.keys
	switch {
	case key.Matches(press, k.Start):
		s.attempt.Start()
		s.state = stateAnswer
		s.notes.Focus()
		return s.startTicking()
	case key.Matches(press, k.Skip):
		s.attempt.Skip()
		return s.finishAttempt()
	case key.Matches(press, k.EndSession):
		return s.end()
	}
	return nil
}

// end leaves the session: an answer already begun is kept as a draft to
// resume from the home screen.
func (s *practiceScreen) end() tea.Cmd {
	if d := s.draft(); d != nil {
		save := s.saveDraft(d)
		return func() tea.Msg {
			if err := save(); err != nil {
				return draftSavedMsg{err: err}
			}
			return goHomeMsg{}
		}
	}
	if len(s.saved) > 0 {
		s.state = stateSummary
		return nil
	}
	return send(goHomeMsg{})
}

func (s *practiceScreen) viewCard() string {
	st := s.c.styles
	a := s.attempt
	width := s.c.width - 2
	var b strings.Builder
	b.WriteString(s.header() + "\n\n")
	b.WriteString(st.prompt.Render(wrap(a.Question.Prompt, width)) + "\n\n")
	if probes := s.question().Probes; probes != "" {
		b.WriteString(st.subtle.Render(wrap("The interviewer wants to learn: "+probes, width)) + "\n\n")
	}
	if p, ok := s.pick(); ok {
		b.WriteString(st.faint.Render(wrap("Why this question now: "+p.Reason.Text(s.c.clock()), width)) + "\n")
		if p.Reason.Leech() {
			b.WriteString(st.followup.Render(wrap(fmt.Sprintf("It keeps slipping (%s). Read its outline before you answer, and rework the story rather than repeating it.",
				human.Count(p.Reason.Lapses, "lapse")), width)) + "\n")
		}
		b.WriteString("\n")
	}
	var plan []string
	followups := 0
	var followupTarget time.Duration
	for _, step := range a.Steps {
		if step.Kind == practice.PhaseStep {
			plan = append(plan, fmt.Sprintf("%s %s", human.Phase(step.Name), human.Clock(step.Target)))
		} else {
			followups++
			followupTarget = step.Target
		}
	}
	line := strings.Join(plan, " · ")
	if followups > 0 {
		line += fmt.Sprintf(", then %s (%s each)", human.Count(followups, "follow-up"), human.Clock(followupTarget))
	}
	b.WriteString(wrap(line, width) + "\n\n")
	if tips := s.c.bank.Tips; len(tips) > 0 {
		b.WriteString(st.faint.Render(wrap("Tip: "+tips[s.index%len(tips)], width)) + "\n\n")
	}
	if a.Started.IsZero() {
		b.WriteString(st.accent.Render("Press " + s.c.keys.Start.Help().Key + " when you are ready: the clock starts then."))
	} else {
		b.WriteString(st.accent.Render(fmt.Sprintf("Paused at %s. Press %s to go on.", human.Clock(a.Total()), s.c.keys.Start.Help().Key)))
	}
	return b.String()
}

// header is the first line of the card and answer screens.
func (s *practiceScreen) header() string {
	st := s.c.styles
	q := s.attempt.Question
	left := st.title.Render(fmt.Sprintf("Question %d of %d", s.index+1, len(s.sess.Questions))) +
		st.subtle.Render(fmt.Sprintf("  %s · %s · %s", q.Kind, q.Level, strings.Join(q.Topics, ", ")))
	return truncate(left, s.c.width-2)
}
