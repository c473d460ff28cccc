package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/report"
)

// The question card: the prompt, what it is about and the time it gets;
// the clock starts when the candidate is ready.

func (s *session) updateCard(msg tea.Msg) tea.Cmd {
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
func (s *session) end() tea.Cmd {
	if d := s.draft(); d != nil {
		st := s.c.store
		return func() tea.Msg {
			if err := st.SaveDraft(d); err != nil {
				return draftSavedMsg{err}
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

func (s *session) viewCard() string {
	st := s.c.styles
	a := s.attempt
	width := s.c.width - 2
	var b strings.Builder
	b.WriteString(s.header() + "\n\n")
	b.WriteString(st.prompt.Render(ansi.Wordwrap(a.Question.Prompt, width, "")) + "\n\n")
	if probes := s.question().Probes; probes != "" {
		b.WriteString(st.subtle.Render(ansi.Wordwrap("The interviewer wants to learn: "+probes, width, "")) + "\n\n")
	}
	var plan []string
	followups := 0
	var followupTarget time.Duration
	for _, step := range a.Steps {
		if step.Kind == practice.PhaseStep {
			plan = append(plan, fmt.Sprintf("%s %s", report.Title(step.Name), report.Clock(step.Target)))
		} else {
			followups++
			followupTarget = step.Target
		}
	}
	line := strings.Join(plan, " · ")
	if followups > 0 {
		line += fmt.Sprintf(", then %d follow-up%s (%s each)", followups, plural(followups), report.Clock(followupTarget))
	}
	b.WriteString(ansi.Wordwrap(line, width, "") + "\n\n")
	if tips := s.c.bank.Tips; len(tips) > 0 {
		b.WriteString(st.faint.Render(ansi.Wordwrap("Tip: "+tips[s.index%len(tips)], width, "")) + "\n\n")
	}
	if a.Started.IsZero() {
		b.WriteString(st.accent.Render("Press enter when you are ready: the clock starts then."))
	} else {
		b.WriteString(st.accent.Render(fmt.Sprintf("Paused at %s. Press enter to go on.", report.Clock(a.Total()))))
	}
	return b.String()
}

// header is the first line of the card and answer screens.
func (s *session) header() string {
	st := s.c.styles
	q := s.attempt.Question
	left := st.title.Render(fmt.Sprintf("Question %d of %d", s.index+1, len(s.sess.Questions))) +
		st.subtle.Render(fmt.Sprintf("  %s · %s · %s", q.Kind, q.Level, strings.Join(q.Topics, ", ")))
	return truncate(left, s.c.width-2)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
