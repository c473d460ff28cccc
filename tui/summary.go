package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/report"
)

// The session summary: time against target per question and phase, the
// ratings, the weakest phase, and where the session is stored.

func (s *session) updateSummary(msg tea.Msg) tea.Cmd {
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := s.c.keys
	switch {
	case key.Matches(press, k.Home, k.Back):
		return send(goHomeMsg{})
	case key.Matches(press, k.Quit):
		return tea.Quit
	}
	return nil
}

func (s *session) viewSummary() string {
	st := s.c.styles
	width := s.c.width - 2
	attempts := make([]practice.Attempt, len(s.saved))
	var spent, target time.Duration
	for i, rec := range s.saved {
		attempts[i] = rec.Attempt
		for _, step := range rec.Steps {
			spent += step.Spent
			target += step.Target
		}
	}
	var b strings.Builder
	b.WriteString(st.title.Render("Session complete") + st.subtle.Render(fmt.Sprintf("  %d answer%s · %s of %s",
		len(s.saved), plural(len(s.saved)), report.Clock(spent), report.Clock(target))) + "\n\n")
	for _, rec := range s.saved {
		a := rec.Attempt
		num := fmt.Sprintf("%2d  ", rec.Index+1)
		if a.Skipped {
			b.WriteString(num + truncate(a.Question.Prompt, width-14) + st.faint.Render("  skipped") + "\n")
			continue
		}
		total, tgt := time.Duration(0), time.Duration(0)
		for _, step := range a.Steps {
			total += step.Spent
			tgt += step.Target
		}
		result := fmt.Sprintf("  %s/%s %s", report.Clock(total), report.Clock(tgt), stars(a.Rating.Overall))
		b.WriteString(num + truncate(a.Question.Prompt, width-4-len([]rune(result))) +
			st.pace[practice.PaceOf(total, tgt)].Render(result) + "\n")
		var phases []string
		for i, step := range a.Steps {
			name := strings.ToUpper(step.Name[:1])
			if step.Kind == practice.FollowupStep {
				name = fmt.Sprintf("F%d", i-a.PhaseCount()+1)
			}
			part := st.pace[step.Pace()].Render(fmt.Sprintf("%s %s/%s", name, report.Clock(step.Spent), report.Clock(step.Target)))
			if i < len(a.Rating.Phases) {
				part += " " + st.accent.Render(fmt.Sprint(a.Rating.Phases[i]))
			}
			phases = append(phases, part)
		}
		b.WriteString("    " + truncate(strings.Join(phases, "  "), width-4) + "\n")
	}
	if weakest, ok := practice.WeakestPhase(attempts); ok {
		b.WriteString("\n" + st.followup.Render("Weakest phase: "+report.Title(weakest.Name)) + st.subtle.Render(fmt.Sprintf(
			"  average %.1f of 5, over its target in %d of %d answers", weakest.AvgRating, weakest.Over, weakest.Rated)) + "\n")
	}
	if s.id != 0 {
		b.WriteString("\n" + st.faint.Render(wrap(fmt.Sprintf("Saved as session %d in %s", s.id, s.c.store.Path()), width)) + "\n")
	}
	return b.String()
}
