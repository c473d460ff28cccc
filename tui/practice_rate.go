package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
)

// The rating screen is a review: on the left, 1-5 per phase and overall,
// the areas a strong answer covers (with a hint where the notes seem to
// mention one) and a "next time" line; on the right, the candidate's own
// answer, the guide (guidance, outline, an example answer and red flags)
// or the coach's insights. From wideColumns on, answer and guide stand side
// by side and the key switches the guide's column to the insights.

// Rows of the rating screen: the phases, overall, the areas, next time.
func (s *practiceScreen) overallRow() int   { return s.attempt.PhaseCount() }
func (s *practiceScreen) firstAreaRow() int { return s.overallRow() + 1 }
func (s *practiceScreen) nextTimeRow() int  { return s.firstAreaRow() + len(s.attempt.Question.Cover) }

// enterRate opens the rating screen for the finished attempt: the insights
// are read in a command, the guide rendered in another.
func (s *practiceScreen) enterRate() tea.Cmd {
	s.state, s.rateRow, s.rateTop, s.err = stateRate, 0, 0, nil
	s.nextTime.Blur()
	s.fillAnswer()
	s.fillCoach()
	a := s.attempt
	terms := s.c.bank.Terms(a.Question.Topics)
	snap := a.Snapshot()
	analyze := func() tea.Msg { return insightsMsg{a, insight.Analyze(&snap, terms)} }
	return tea.Batch(analyze, s.renderGuide())
}

func (s *practiceScreen) updateRate(msg tea.Msg) tea.Cmd {
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if s.nextTime.Focused() {
			var cmd tea.Cmd
			s.nextTime, cmd = s.nextTime.Update(msg)
			return cmd
		}
		return s.scrollPane(msg)
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
	case key.Matches(press, k.RowUp) || (!s.nextTime.Focused() && key.Matches(press, k.Up)):
		s.setRow(max(row-1, 0))
		return nil
	case key.Matches(press, k.RowDown) || (!s.nextTime.Focused() && key.Matches(press, k.Down)):
		s.setRow(min(row+1, s.nextTimeRow()))
		return nil
	case key.Matches(press, k.ScrollUp, k.ScrollDown):
		return s.scrollPane(msg)
	case s.nextTime.Focused():
		var cmd tea.Cmd
		s.nextTime, cmd = s.nextTime.Update(msg)
		return cmd
	case key.Matches(press, k.Pane):
		s.switchPane()
	case key.Matches(press, k.Rate):
		s.rate(row, slices.Index(k.Rate.Keys(), press.String())+1) // the keys in order of stars
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

func (s *practiceScreen) setRow(row int) {
	s.rateRow = row
	if row == s.nextTimeRow() {
		s.nextTime.Focus()
	} else {
		s.nextTime.Blur()
	}
	if row < s.overallRow() {
		// The phase being rated shows its notes.
		s.answer.SetYOffset(s.answerLines[row])
	}
	s.scrollRatings()
}

// rating returns the rating on a rating row, 0 elsewhere or unrated.
func (s *practiceScreen) rating(row int) int {
	switch {
	case row < s.overallRow():
		return s.attempt.Rating.Phases[row]
	case row == s.overallRow():
		return s.attempt.Rating.Overall
	}
	return 0
}

func (s *practiceScreen) rate(row, stars int) {
	switch {
	case row < s.overallRow():
		_ = s.attempt.RatePhase(row, stars)
	case row == s.overallRow():
		_ = s.attempt.RateOverall(stars)
	}
}

// ratingLines draws the ratings column; rowStart[i] is the line on which
// row i starts.
func (s *practiceScreen) ratingLines() (lines []string, rowStart []int) {
	st := s.c.styles
	a := s.attempt
	left, _, _ := s.rateWidths()
	add := func(text string) { lines = append(lines, strings.Split(text, "\n")...) }
	row := func(i int, label, value string) {
		rowStart = append(rowStart, len(lines))
		prefix := "  "
		if i == s.rateRow {
			prefix, label = st.selected.Render("› "), st.selected.Render(label)
		}
		add(prefix + label + value)
	}
	add(st.title.Render("Rate your answer"))
	add(st.subtle.Render(wrap(fmt.Sprintf("%s of %s · be honest: %s", human.Clock(a.Total()), human.Clock(a.Target()), s.compareHint()), left)))
	add("")
	for i, step := range a.Steps {
		if step.Kind != practice.PhaseStep {
			continue
		}
		p := practice.PaceOf(step.Spent, step.Target)
		row(i, fmt.Sprintf("%-12s", truncate(human.Phase(step.Name), 12)),
			" "+st.accent.Render(fmt.Sprintf("%-7s", human.Stars(a.Rating.Phases[i])))+"  "+st.pace[p].Render(human.Clock(step.Spent)+"/"+human.Clock(step.Target)))
	}
	row(s.overallRow(), fmt.Sprintf("%-12s", "Overall"), " "+st.accent.Render(human.Stars(a.Rating.Overall)))
	add("")
	add(st.subtle.Render("Areas covered · " + s.c.keys.Area.Help().Key + " to tick"))
	for i, area := range a.Question.Cover {
		box := "[ ] "
		if a.IsCovered(area) {
			box = st.ok.Render("[x]") + " "
		}
		text := area
		if s.insights != nil && slices.Contains(s.insights.AreasMentioned, area) {
			text += " " + st.faint.Render("(mentioned)")
		}
		body := indent(wrap(text, left-6), "      ")[6:] // wrapped, later lines under the text
		row(s.firstAreaRow()+i, box, body)
	}
	add("")
	row(s.nextTimeRow(), "Next time", "")
	add("  " + s.nextTime.View())
	if s.state == stateSaving {
		add("")
		add(st.subtle.Render("Saving…"))
	}
	return lines, rowStart
}

// rateStatus is the error under the rating screen's columns, across its
// width, always in view; "" when there is none.
func (s *practiceScreen) rateStatus() string {
	if s.err == nil || s.state == stateSaving {
		return ""
	}
	return s.c.styles.err.Render(wrap(s.err.Error(), s.c.width-2))
}

// rateHeight is the height of the rating screen's columns.
func (s *practiceScreen) rateHeight() int {
	if status := s.rateStatus(); status != "" {
		return max(s.c.bodyHeight-strings.Count(status, "\n")-2, 3)
	}
	return s.c.bodyHeight
}

// compareHint says how to compare the answer with the guide.
func (s *practiceScreen) compareHint() string {
	if s.wide() {
		return "read your answer beside the guide"
	}
	return s.c.keys.Pane.Help().Key + " puts the guide beside your ratings"
}

// scrollRatings keeps the selected row of the ratings column on screen.
func (s *practiceScreen) scrollRatings() {
	lines, rowStart := s.ratingLines()
	h := s.rateHeight()
	first := rowStart[min(s.rateRow, len(rowStart)-1)]
	last := len(lines) - 1
	if s.rateRow+1 < len(rowStart) {
		last = rowStart[s.rateRow+1] - 1
	}
	if s.rateRow == s.nextTimeRow() {
		last = first + 1 // the row and its field
	}
	s.rateTop = min(s.rateTop, first)
	s.rateTop = max(s.rateTop, last-h+1)
	s.rateTop = max(0, min(s.rateTop, len(lines)-h))
}

func (s *practiceScreen) viewRate() string {
	st := s.c.styles
	lines, _ := s.ratingLines()
	left, first, second := s.rateWidths()
	h := s.rateHeight()
	window := lines[min(s.rateTop, len(lines)):]
	leftPane := padRight(fitHeight(strings.Join(window, "\n"), h), left+2)
	status := s.rateStatus()
	if status != "" {
		status = "\n\n" + status
	}
	paneHead := func(p pane, width int) string {
		names := []string{paneAnswer.String(), paneGuide.String(), paneInsights.String()}
		if s.wide() {
			names = names[1:]
		}
		var parts []string
		for _, n := range names {
			if n == p.String() {
				parts = append(parts, st.selected.Render(n))
			} else {
				parts = append(parts, st.faint.Render(n))
			}
		}
		return truncate(strings.Join(parts, st.faint.Render(" · ")), width)
	}
	if s.wide() {
		shown := s.pane
		if shown == paneAnswer {
			shown = paneGuide
		}
		answerCol := st.selected.Render("your answer") + "\n" + s.answer.View()
		guideCol := paneHead(shown, second) + "\n" + s.paneView(shown)
		return fitHeight(lipgloss.JoinHorizontal(lipgloss.Top, leftPane, padRight(answerCol, first+2), guideCol), h) + status
	}
	return fitHeight(lipgloss.JoinHorizontal(lipgloss.Top, leftPane, paneHead(s.pane, first)+"\n"+s.paneView(s.pane)), h) + status
}

var errNoOverall = errors.New("rate the answer overall (1-5) before saving")
