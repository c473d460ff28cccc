package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/practice"
)

// The session summary: time against target per question and phase, the
// ratings, the weakest phase, and where the session is stored.

func (s *practiceScreen) updateSummary(msg tea.Msg) tea.Cmd {
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

func (s *practiceScreen) viewSummary() string {
	st := s.c.styles
	width := s.c.width - 2
	attempts := make([]practice.Attempt, len(s.saved))
	var spent, target time.Duration
	for i, rec := range s.saved {
		attempts[i] = rec.Attempt
		spent += rec.Total()
		target += rec.Target()
	}
	var b strings.Builder
	b.WriteString(st.title.Render("Session complete") + st.subtle.Render(fmt.Sprintf("  %s · %s of %s",
		human.Count(len(s.saved), "answer"), human.Clock(spent), human.Clock(target))) + "\n\n")
	for _, rec := range s.saved {
		a := rec.Attempt
		num := fmt.Sprintf("%2d  ", rec.Index+1)
		if a.Skipped {
			b.WriteString(num + truncate(a.Question.Prompt, width-14) + st.faint.Render("  skipped") + "\n")
			continue
		}
		total, tgt := a.Total(), a.Target()
		result := fmt.Sprintf("  %s/%s %s", human.Clock(total), human.Clock(tgt), human.Stars(a.Rating.Overall))
		b.WriteString(num + truncate(a.Question.Prompt, width-4-len([]rune(result))) +
			st.pace[practice.PaceOf(total, tgt)].Render(result) + "\n")
		var phases []string
		for i, step := range a.Steps {
			name := strings.ToUpper(step.Name[:1])
			if step.Kind == practice.FollowupStep {
				name = fmt.Sprintf("F%d", i-a.PhaseCount()+1)
			}
			part := st.pace[step.Pace()].Render(fmt.Sprintf("%s %s/%s", name, human.Clock(step.Spent), human.Clock(step.Target)))
			if i < len(a.Rating.Phases) && a.Rating.Phases[i] > 0 {
				part += " " + st.accent.Render(fmt.Sprint(a.Rating.Phases[i]))
			}
			phases = append(phases, part)
		}
		b.WriteString("    " + truncate(strings.Join(phases, "  "), width-4) + "\n")
		if rec.Insights != nil && len(rec.Insights.Suggestions) > 0 {
			b.WriteString("    " + st.faint.Render(truncate("→ "+rec.Insights.Suggestions[0], width-4)) + "\n")
		}
	}
	if weakest, ok := coach.WeakestPhase(attempts); ok {
		b.WriteString("\n" + st.followup.Render("Weakest phase: "+human.Phase(weakest.Name)) + st.subtle.Render(fmt.Sprintf(
			"  average %.1f of 5, over its target in %d of %d answers", weakest.AvgRating, weakest.Over, weakest.Rated)) + "\n")
	}
	if id := s.rec.id(); id != 0 {
		b.WriteString("\n" + st.faint.Render(fmt.Sprintf("Saved as session %d in\n  %s", id, leftTruncate(s.c.store.Path(), width-2))) + "\n")
	}
	return b.String()
}
