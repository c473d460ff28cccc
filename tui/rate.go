package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/report"
)

// The rating screen: 1-5 per phase and overall, the areas covered and a
// "next time" line on the left; the question's guidance and outline,
// rendered by glamour, on the right for an honest comparison.

// rateLeftWidth is the width of the ratings column.
func rateLeftWidth(width int) int { return min(46, (width-4)/2) }

// Rows of the rating screen: the phases, overall, the areas, next time.
func (s *session) overallRow() int   { return s.attempt.PhaseCount() }
func (s *session) firstAreaRow() int { return s.overallRow() + 1 }
func (s *session) nextTimeRow() int  { return s.firstAreaRow() + len(s.attempt.Question.Cover) }

func (s *session) updateRate(msg tea.Msg) tea.Cmd {
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if s.nextTime.Focused() {
			var cmd tea.Cmd
			s.nextTime, cmd = s.nextTime.Update(msg)
			return cmd
		}
		return nil
	}
	k := s.c.keys
	a := s.attempt
	row := s.rateRow
	switch {
	case key.Matches(press, k.BackToAnswer):
		a.Reopen()
		a.Resume()
		s.nextTime.Blur()
		s.notes.SetValue(a.Steps[a.Active].Notes)
		s.notes.TakeChanged()
		s.state = stateAnswer
		s.notes.Focus()
		return s.startTicking()
	case key.Matches(press, k.Save):
		if a.Rating.Overall == 0 {
			s.err = errNoOverall
			s.setRow(s.overallRow())
			return nil
		}
		s.err = nil
		return s.save()
	case press.String() == "up" || press.String() == "shift+tab" || (!s.nextTime.Focused() && key.Matches(press, k.Up)):
		s.setRow(max(row-1, 0))
		return nil
	case press.String() == "down" || press.String() == "tab" || (!s.nextTime.Focused() && key.Matches(press, k.Down)):
		s.setRow(min(row+1, s.nextTimeRow()))
		return nil
	case key.Matches(press, k.ScrollUp, k.ScrollDown):
		var cmd tea.Cmd
		s.guide.Model, cmd = s.guide.Update(msg)
		return cmd
	case s.nextTime.Focused():
		var cmd tea.Cmd
		s.nextTime, cmd = s.nextTime.Update(msg)
		return cmd
	case key.Matches(press, k.Rate):
		s.rate(row, int(press.Code-'0'))
	case key.Matches(press, k.Left):
		s.rate(row, max(s.rating(row)-1, 1))
	case key.Matches(press, k.Right):
		s.rate(row, min(s.rating(row)+1, 5))
	case key.Matches(press, k.Area):
		if i := row - s.firstAreaRow(); i >= 0 && i < len(a.Question.Cover) {
			a.ToggleCovered(a.Question.Cover[i])
		}
	}
	return nil
}

func (s *session) setRow(row int) {
	s.rateRow = row
	if row == s.nextTimeRow() {
		s.nextTime.Focus()
	} else {
		s.nextTime.Blur()
	}
}

// rating returns the rating on a rating row, 0 elsewhere or unrated.
func (s *session) rating(row int) int {
	switch {
	case row < s.overallRow():
		return s.attempt.Rating.Phases[row]
	case row == s.overallRow():
		return s.attempt.Rating.Overall
	}
	return 0
}

func (s *session) rate(row, stars int) {
	switch {
	case row < s.overallRow():
		_ = s.attempt.RatePhase(row, stars)
	case row == s.overallRow():
		_ = s.attempt.RateOverall(stars)
	}
}

func (s *session) viewRate() string {
	st := s.c.styles
	a := s.attempt
	left := rateLeftWidth(s.c.width)
	var b strings.Builder
	line := func(row int, label, value string) {
		prefix := "  "
		if row == s.rateRow {
			prefix = st.selected.Render("› ")
			label = st.selected.Render(label)
		}
		b.WriteString(prefix + label + value + "\n")
	}
	b.WriteString(st.title.Render("Rate your answer") + "\n")
	b.WriteString(st.subtle.Render(truncate(fmt.Sprintf("%s of %s · be honest, compare with the guide →", report.Clock(a.Total()), report.Clock(a.Target())), left)) + "\n\n")
	for i, step := range a.Steps {
		if step.Kind != practice.PhaseStep {
			continue
		}
		p := practice.PaceOf(step.Spent, step.Target)
		line(i, fmt.Sprintf("%-10s", report.Title(step.Name)),
			" "+st.accent.Render(stars(a.Rating.Phases[i]))+"  "+st.pace[p].Render(report.Clock(step.Spent)+"/"+report.Clock(step.Target)))
	}
	line(s.overallRow(), fmt.Sprintf("%-10s", "Overall"), " "+st.accent.Render(stars(a.Rating.Overall)))
	b.WriteString("\n" + st.subtle.Render("Areas covered") + "\n")
	for i, area := range a.Question.Cover {
		box := "[ ]"
		if a.IsCovered(area) {
			box = st.ok.Render("[x]")
		}
		line(s.firstAreaRow()+i, box+" ", truncate(area, left-6))
	}
	b.WriteString("\n")
	line(s.nextTimeRow(), "Next time ", "")
	b.WriteString("  " + s.nextTime.View() + "\n")
	switch {
	case s.state == stateSaving:
		b.WriteString("\n" + st.subtle.Render("Saving…"))
	case s.err != nil:
		b.WriteString("\n" + st.err.Render(wrap(s.err.Error(), left)))
	}
	leftPane := fitHeight(b.String(), s.c.bodyHeight)
	return lipgloss.JoinHorizontal(lipgloss.Top, padRight(leftPane, left+2), s.guide.View())
}

// renderGuide asks for the guide of the current question at the guide's
// width; a cached rendering is shown at once.
func (s *session) renderGuide() tea.Cmd {
	if s.attempt == nil || (s.state != stateRate && s.state != stateSaving) {
		return nil
	}
	return s.guide.show(s.c, guideMarkdown(s.question()))
}

// guideMarkdown is what a strong answer to q looks like, as markdown.
func guideMarkdown(q bank.Question) string {
	var b strings.Builder
	if q.Probes != "" {
		fmt.Fprintf(&b, "**What the interviewer wants to learn:** %s\n\n", q.Probes)
	}
	b.WriteString("## How to answer\n\n" + q.Guidance + "\n")
	if q.Outline != "" {
		b.WriteString("\n## Outline of a strong answer\n\n" + q.Outline + "\n")
	}
	return b.String()
}
