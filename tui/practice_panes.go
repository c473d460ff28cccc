package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
)

// The panes beside the ratings column of the rating screen: the
// candidate's own answer, the guide rendered with glamour, and the
// coach's insights; their widths, scrolling and content.

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

func (s *practiceScreen) wide() bool { return s.c.width >= wideColumns }

// rateWidths returns the widths of the ratings column and of the one or
// two panes beside it.
func (s *practiceScreen) rateWidths() (left, first, second int) {
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

// switchPane moves to the next pane: answer, guide, insights; when answer
// and guide stand side by side, the guide's column toggles.
func (s *practiceScreen) switchPane() {
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
func (s *practiceScreen) scrollPane(msg tea.Msg) tea.Cmd {
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

func (s *practiceScreen) paneView(p pane) string {
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
func (s *practiceScreen) fillAnswer() {
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
func (s *practiceScreen) fillCoach() {
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
func (s *practiceScreen) renderGuide() tea.Cmd {
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
