package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// questionHistory shows every attempt at one question side by side, oldest
// on the left, to see a story improve; ←/→ move along when they do not all
// fit.
type questionHistory struct {
	c        *common
	id       string
	attempts []store.Attempt
	first    int // first attempt on screen
	loaded   bool
	err      error
}

// columnWidth is the narrowest an attempt's column gets.
const columnWidth = 36

type questionHistoryMsg struct {
	attempts []store.Attempt
	err      error
}

func newQuestionHistory(c *common, id string) (*questionHistory, tea.Cmd) {
	st := c.store
	return &questionHistory{c: c, id: id}, func() tea.Msg {
		attempts, err := st.QuestionAttempts(id)
		return questionHistoryMsg{attempts, err}
	}
}

// columns is how many attempts fit side by side.
func (h *questionHistory) columns() int { return max((h.c.width-2)/columnWidth, 1) }

// layout keeps the columns on screen full at the new width: the attempts
// in view move left when more columns fit than attempts are left.
func (h *questionHistory) layout() tea.Cmd {
	h.first = max(min(h.first, len(h.attempts)-h.columns()), 0)
	return nil
}

func (h *questionHistory) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case questionHistoryMsg:
		h.attempts, h.err, h.loaded = msg.attempts, msg.err, true
		h.first = max(len(h.attempts)-h.columns(), 0) // the newest in view
	case tea.KeyPressMsg:
		k := h.c.keys
		switch {
		case key.Matches(msg, k.Back):
			return h, send(goBackMsg{})
		case key.Matches(msg, k.Quit):
			return h, tea.Quit
		case key.Matches(msg, k.Earlier):
			h.first = max(h.first-1, 0)
		case key.Matches(msg, k.Later):
			h.first = max(min(h.first+1, len(h.attempts)-h.columns()), 0)
		case key.Matches(msg, k.PractiseAgain):
			if _, ok := h.c.bank.Question(h.id); ok {
				return h, send(practiseQuestionsMsg{[]string{h.id}})
			}
		}
	}
	return h, nil
}

func (h *questionHistory) view() string {
	st := h.c.styles
	width := h.c.width - 2
	var b strings.Builder
	prompt := h.id
	if q, ok := h.c.bank.Question(h.id); ok {
		prompt = q.Prompt
	} else if len(h.attempts) > 0 {
		prompt = h.attempts[0].Question.Prompt
	}
	b.WriteString(st.title.Render("Question history") + st.subtle.Render(fmt.Sprintf("  %s · %s", h.id, human.Count(len(h.attempts), "attempt"))) + "\n")
	b.WriteString(st.prompt.Render(truncate(prompt, width)) + "\n\n")
	switch {
	case h.err != nil:
		return b.String() + st.err.Render(h.err.Error())
	case !h.loaded:
		return b.String() + st.subtle.Render("Loading…")
	case len(h.attempts) == 0:
		return b.String() + st.subtle.Render("No attempt at this question yet.")
	}
	n := h.columns()
	colWidth := width / min(n, len(h.attempts))
	height := h.c.bodyHeight - 4
	var cols []string
	for i := h.first; i < min(h.first+n, len(h.attempts)); i++ {
		cols = append(cols, padRight(fitHeight(h.column(h.attempts[i], i+1, colWidth-2), height), colWidth))
	}
	b.WriteString(lipgloss.JoinHorizontal(lipgloss.Top, cols...))
	if len(h.attempts) > n {
		b.WriteString("\n" + st.faint.Render(fmt.Sprintf("attempts %d-%d of %d · ←/→ to move", h.first+1, min(h.first+n, len(h.attempts)), len(h.attempts))))
	}
	return b.String()
}

// column draws one attempt in width cells: when, time and ratings, then
// each step's time, rating and notes.
func (h *questionHistory) column(a store.Attempt, number, width int) string {
	st := h.c.styles
	var b strings.Builder
	b.WriteString(st.selected.Render(fmt.Sprintf("#%d ", number)) + st.subtle.Render(a.Started.Local().Format("Mon 2 Jan 2006")) + "\n")
	if a.Skipped {
		return b.String() + st.faint.Render("skipped")
	}
	var total, target = a.Total(), a.Target()
	b.WriteString(st.pace[practice.PaceOf(total, target)].Render(human.Clock(total)+" of "+human.Clock(target)) + "  " + st.accent.Render(human.Stars(a.Rating.Overall)) + "\n")
	for i, s := range a.Steps {
		name := human.Phase(s.Name)
		if s.Kind == practice.FollowupStep {
			name = fmt.Sprintf("Follow-up %d", i-a.PhaseCount()+1)
		}
		line := st.pace[s.Pace()].Render(fmt.Sprintf("%s %s", name, human.Clock(s.Spent)))
		if i < len(a.Rating.Phases) {
			line += " " + st.accent.Render(human.Stars(a.Rating.Phases[i]))
		}
		b.WriteString("\n" + line + "\n")
		if strings.TrimSpace(s.Notes) != "" {
			b.WriteString(wrapLines(s.Notes, width) + "\n")
		}
	}
	if a.Rating.NextTime != "" {
		b.WriteString("\n" + st.followup.Render("Next time: ") + wrap(a.Rating.NextTime, width) + "\n")
	}
	return b.String()
}

func (h *questionHistory) ShortHelp() []key.Binding {
	k := h.c.keys
	return []key.Binding{k.Earlier, k.Later, k.PractiseAgain, k.Back, k.Help}
}

func (h *questionHistory) FullHelp() [][]key.Binding {
	k := h.c.keys
	return [][]key.Binding{{k.Earlier, k.Later, k.PractiseAgain}, {k.Back, k.Quit, k.ForceQuit, k.Help}}
}
