package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/bank"
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

// pane is what the right side of the rating screen shows.
type pane int

const (
	paneAnswer pane = iota
	paneGuide
	paneInsights
)

func (p pane) String() string {
	return [...]string{"your answer", "the guide", "insights"}[p]
}

// wideColumns is the width from which answer and guide stand side by side.
const wideColumns = 140

func (s *session) wide() bool { return s.c.width >= wideColumns }

// rateWidths returns the widths of the ratings column and of the one or
// two panes beside it.
func (s *session) rateWidths() (left, first, second int) {
	w := s.c.width - 2
	if s.wide() {
		left = 46
		rest := w - left - 2
		first = rest/2 - 1
		return left, first, rest - first - 2
	}
	left = min(46, (w-2)/2)
	return left, w - left - 2, 0
}

// Rows of the rating screen: the phases, overall, the areas, next time.
func (s *session) overallRow() int   { return s.attempt.PhaseCount() }
func (s *session) firstAreaRow() int { return s.overallRow() + 1 }
func (s *session) nextTimeRow() int  { return s.firstAreaRow() + len(s.attempt.Question.Cover) }

// enterRate opens the rating screen for the finished attempt: the insights
// are read in a command, the guide rendered in another.
func (s *session) enterRate() tea.Cmd {
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

func (s *session) updateRate(msg tea.Msg) tea.Cmd {
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

// switchPane moves to the next pane: answer, guide, insights; when answer
// and guide stand side by side, the guide's column toggles.
func (s *session) switchPane() {
	switch {
	case s.wide() && s.pane == paneInsights:
		s.pane = paneGuide
	case s.wide():
		s.pane = paneInsights
	default:
		s.pane = (s.pane + 1) % 3
	}
}

// scrollPane sends scrolling keys and the mouse wheel to the pane in view.
func (s *session) scrollPane(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	wheel, isWheel := msg.(tea.MouseWheelMsg)
	left, first, _ := s.rateWidths()
	switch {
	case isWheel && s.wide() && wheel.X < 1+left+2+first:
		// Side by side, the wheel scrolls the column under the pointer.
		s.answer, cmd = s.answer.Update(msg)
	case s.pane == paneAnswer && !s.wide():
		s.answer, cmd = s.answer.Update(msg)
	case s.pane == paneInsights:
		s.coach, cmd = s.coach.Update(msg)
	default:
		s.guide.Model, cmd = s.guide.Update(msg)
	}
	return cmd
}

func (s *session) setRow(row int) {
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

// ratingLines draws the ratings column; rowStart[i] is the line on which
// row i starts.
func (s *session) ratingLines() (lines []string, rowStart []int) {
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
func (s *session) rateStatus() string {
	if s.err == nil || s.state == stateSaving {
		return ""
	}
	return s.c.styles.err.Render(wrap(s.err.Error(), s.c.width-2))
}

// rateHeight is the height of the rating screen's columns.
func (s *session) rateHeight() int {
	if status := s.rateStatus(); status != "" {
		return max(s.c.bodyHeight-strings.Count(status, "\n")-2, 3)
	}
	return s.c.bodyHeight
}

// compareHint says how to compare the answer with the guide.
func (s *session) compareHint() string {
	if s.wide() {
		return "read your answer beside the guide"
	}
	return s.c.keys.Pane.Help().Key + " puts the guide beside your ratings"
}

// scrollRatings keeps the selected row of the ratings column on screen.
func (s *session) scrollRatings() {
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

func (s *session) viewRate() string {
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

func (s *session) paneView(p pane) string {
	switch p {
	case paneAnswer:
		return s.answer.View()
	case paneInsights:
		return s.coach.View()
	}
	return s.guide.View()
}

// fillAnswer writes the candidate's answer into its pane: each phase and
// follow-up with its time against target and its notes, wrapped once.
func (s *session) fillAnswer() {
	if s.attempt == nil {
		return
	}
	st := s.c.styles
	width := s.answer.Width()
	var b strings.Builder
	s.answerLines = s.answerLines[:0]
	line := 0
	write := func(text string) {
		b.WriteString(text + "\n")
		line += strings.Count(text, "\n") + 1
	}
	a := s.attempt
	for i, step := range a.Steps {
		s.answerLines = append(s.answerLines, line)
		name := human.Phase(step.Name)
		if step.Kind == practice.FollowupStep {
			name = fmt.Sprintf("Follow-up %d", i-a.PhaseCount()+1)
		}
		write(st.prompt.Render(name) + "  " + st.pace[step.Pace()].Render(human.Clock(step.Spent)+" of "+human.Clock(step.Target)))
		if step.Kind == practice.FollowupStep {
			write(st.followup.Render(wrap(step.Prompt, width)))
		}
		if strings.TrimSpace(step.Notes) == "" {
			write(st.faint.Render("no notes"))
		} else {
			write(wrapLines(step.Notes, width))
		}
		write("")
	}
	s.answer.SetContent(strings.TrimRight(b.String(), "\n"))
}

// fillCoach writes the insights into their pane.
func (s *session) fillCoach() {
	st := s.c.styles
	width := s.coach.Width()
	in := s.insights
	if in == nil {
		s.coach.SetContent(st.subtle.Render("Reading your notes…"))
		return
	}
	var b strings.Builder
	para := func(text string) { b.WriteString(wrap(text, width) + "\n") }
	for _, sug := range in.Suggestions {
		b.WriteString(st.followup.Render(wrap("→ "+sug, width)) + "\n")
	}
	if len(in.Suggestions) > 0 {
		b.WriteString("\n")
	}
	b.WriteString(st.subtle.Render(truncate("Time by phase (target) and words", width)) + "\n")
	for _, p := range in.Phases {
		pace := practice.OnPace
		if d := p.Share - p.TargetShare; d > 0.10 || d < -0.10 {
			pace = practice.Over
		}
		b.WriteString(st.pace[pace].Render(truncate(fmt.Sprintf("  %-12s %3.0f%% (%2.0f%%) %5d", truncate(human.Phase(p.Name), 12), 100*p.Share, 100*p.TargetShare, p.Words), width)) + "\n")
	}
	b.WriteString("\n")
	if in.Words == 0 {
		para("No notes were typed, so only the time can be read. Notes of a few words per phase are enough for the coach.")
		s.coach.SetContent(b.String())
		return
	}
	para(fmt.Sprintf("\"I\" %d · \"we\" %d", in.ICount, in.WeCount))
	if in.Quantified {
		para("Figures: " + strings.Join(in.Numbers, ", "))
	} else {
		para("No figure in the result.")
	}
	para(fmt.Sprintf("Hedges: %s · fillers: %s", countList(in.Hedges), countList(in.Fillers)))
	if len(in.TermsUsed) > 0 {
		para("Terms of the trade: " + strings.Join(in.TermsUsed, ", "))
	}
	para(fmt.Sprintf("Your notes seem to mention %d of %d areas (marked on the left).", len(in.AreasMentioned), len(s.attempt.Question.Cover)))
	s.coach.SetContent(strings.TrimRight(b.String(), "\n"))
}

func countList(cs []insight.Count) string {
	if len(cs) == 0 {
		return "none"
	}
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s ×%d", c.Word, c.Count))
	}
	return strings.Join(parts, ", ")
}

// renderGuide asks for the guide of the current question at the guide's
// width; a cached rendering is shown at once.
func (s *session) renderGuide() tea.Cmd {
	if s.attempt == nil || (s.state != stateRate && s.state != stateSaving) {
		return nil
	}
	return s.guide.show(s.c, guideMarkdown(s.question(), true))
}

// guideMarkdown is what a strong answer to q looks like, as markdown. The
// example answer and the red flags are shown only after answering, so that
// they never spoil a rehearsal.
func guideMarkdown(q bank.Question, answered bool) string {
	var b strings.Builder
	if q.Probes != "" {
		fmt.Fprintf(&b, "**What the interviewer wants to learn:** %s\n\n", q.Probes)
	}
	b.WriteString("## How to answer\n\n" + q.Guidance + "\n")
	if q.Outline != "" {
		b.WriteString("\n## Outline of a strong answer\n\n" + q.Outline + "\n")
	}
	if !answered {
		return b.String()
	}
	if len(q.RedFlags) > 0 {
		b.WriteString("\n## Red flags\n\n- " + strings.Join(q.RedFlags, "\n- ") + "\n")
	}
	if q.Example != "" {
		b.WriteString("\n## An example answer\n\n*One good answer among many; yours should be your own story.*\n\n" + q.Example + "\n")
	}
	return b.String()
}
