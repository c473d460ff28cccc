package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/store"
)

// stats shows progress by topic: answers, average rating and its trend,
// the time balance across phases against the frame, days practised and the
// streak, and the weakest topics with one key to practise them.
type stats struct {
	c        *common
	overview *store.Overview
	selected int
	top      int
	want     string // topic to select once loaded
	err      error
}

type statsMsg struct {
	overview *store.Overview
	err      error
}

func newStats(c *common, topic string) (*stats, tea.Cmd) {
	st, now := c.store, c.clock()
	return &stats{c: c, want: topic}, func() tea.Msg {
		ov, err := st.Stats("", now)
		return statsMsg{ov, err}
	}
}

// detailLines is how many lines the selected topic's details take: a
// title and a line per phase, frames side by side.
const detailLines = 6

func (s *stats) visible() int { return max(s.c.bodyHeight-detailLines-7, 2) }

func (s *stats) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case statsMsg:
		s.overview, s.err = msg.overview, msg.err
		if s.overview != nil {
			for i, t := range s.overview.Topics {
				if t.Topic == s.want {
					s.selected = i
				}
			}
		}
	case tea.KeyPressMsg:
		k := s.c.keys
		n := 0
		if s.overview != nil {
			n = len(s.overview.Topics)
		}
		switch {
		case key.Matches(msg, k.Back):
			return s, send(goBackMsg{})
		case key.Matches(msg, k.Quit):
			return s, tea.Quit
		case key.Matches(msg, k.Up):
			s.selected = max(s.selected-1, 0)
		case key.Matches(msg, k.Down):
			s.selected = max(min(s.selected+1, n-1), 0)
		case key.Matches(msg, k.OpenHistory) && n > 0:
			return s, send(openHistoryMsg{s.overview.Topics[s.selected].Topic})
		case key.Matches(msg, k.PractiseWeakest) && n > 0:
			settings := s.c.settings
			settings.Topics = coach.WeakestTopics(s.overview.Scores(), 3)
			return s, send(startSessionMsg{settings})
		}
	}
	s.scroll()
	return s, nil
}

// layout keeps the selected topic on screen at the new height.
func (s *stats) layout() tea.Cmd {
	s.scroll()
	return nil
}

// scroll keeps the selected topic on screen.
func (s *stats) scroll() {
	s.top = min(max(s.top, s.selected-s.visible()+1), s.selected)
}

func (s *stats) topicName(id string) string {
	if t, ok := s.c.bank.Topic(id); ok {
		return t.Name
	}
	return id
}

func (s *stats) view() string {
	st := s.c.styles
	width := s.c.width - 2
	var b strings.Builder
	b.WriteString(st.title.Render("Stats"))
	switch {
	case s.err != nil:
		return b.String() + "\n\n" + st.err.Render(s.err.Error())
	case s.overview == nil:
		return b.String() + "\n\n" + st.subtle.Render("Loading…")
	case len(s.overview.Topics) == 0:
		return b.String() + "\n\n" + st.subtle.Render("No answers yet. Practise from the home screen, and your progress shows up here.")
	}
	ov := s.overview
	b.WriteString(st.subtle.Render(truncate(fmt.Sprintf("  %s · average %.1f · %s practised · streak %s",
		human.Count(ov.Attempts, "answer"), ov.AvgOverall, human.Count(ov.DaysPractised, "day"), human.Count(ov.Streak, "day")), width-6)) + "\n\n")

	trendWidth := max(width-2-24-9-6-2, 8)
	b.WriteString(st.subtle.Render(fmt.Sprintf("  %-24s %7s %5s  %s", "Topic", "Answers", "Avg", "Rating over time")) + "\n")
	end := min(s.top+s.visible(), len(ov.Topics))
	for i := s.top; i < end; i++ {
		t := ov.Topics[i]
		avg := "  –"
		if t.Rated > 0 {
			avg = fmt.Sprintf("%.1f", t.AvgOverall)
		}
		row := fmt.Sprintf("%-24s %7d %5s  ", truncate(s.topicName(t.Topic), 24), t.Attempts, avg)
		line := "  " + row + st.accent.Render(sparkline(t.Trend, trendWidth))
		if i == s.selected {
			line = st.selected.Render("› "+row) + st.accent.Render(sparkline(t.Trend, trendWidth))
		}
		b.WriteString(line + "\n")
	}
	if len(ov.Topics) > s.visible() {
		b.WriteString(st.faint.Render(fmt.Sprintf("  … %d topics, ↑/↓ to scroll", len(ov.Topics))) + "\n")
	}
	if weakest := coach.WeakestTopics(ov.Scores(), 3); len(weakest) > 0 {
		names := make([]string, len(weakest))
		for i, id := range weakest {
			names[i] = s.topicName(id)
		}
		b.WriteString("\n" + st.followup.Render("Weakest: "+strings.Join(names, ", ")) + st.subtle.Render(" · "+s.c.keys.PractiseWeakest.Help().Key+" to practise these") + "\n")
	}
	b.WriteString("\n" + s.details(ov.Topics[s.selected], width))
	return b.String()
}

// details describes the selected topic's time balance against its frames.
func (s *stats) details(t store.TopicStats, width int) string {
	st := s.c.styles
	var b strings.Builder
	notes := "no notes typed yet"
	if n := t.Notes; n.Noted > 0 {
		notes = fmt.Sprintf("a figure in %.0f%% of results · \"I\" %d, \"we\" %d %s", 100*n.QuantifiedShare(), n.I, n.We, iShareLine(t.Trend))
	}
	b.WriteString(st.prompt.Render(s.topicName(t.Topic)) + st.subtle.Render(truncate(fmt.Sprintf(" · last practised %s · %s", t.Last.Local().Format("Mon 2 Jan"), notes), width-len(s.topicName(t.Topic)))) + "\n")
	groups := coach.TimeBalance(t.PhaseTimes(), s.c.bank.Frames)
	if len(groups) == 0 {
		return b.String()
	}
	colWidth := (width - 2) / len(groups)
	var cols []string
	for _, g := range groups {
		var col strings.Builder
		for _, p := range g {
			col.WriteString(st.pace[p.Off()].Render(truncate(p.String(), colWidth-2)) + "\n")
		}
		cols = append(cols, padRight(strings.TrimSuffix(col.String(), "\n"), colWidth))
	}
	b.WriteString(indent(lipgloss.JoinHorizontal(lipgloss.Top, cols...), "  "))
	return b.String()
}

// iShareLine draws the share of "I" among "I" and "we" day by day: a bar
// per day with notes, higher is more "I".
func iShareLine(trend []store.DayRating) string {
	bars := []rune("▁▂▃▄▅▆▇█")
	var out []rune
	for _, d := range trend {
		if d.Notes.I+d.Notes.We == 0 {
			continue
		}
		out = append(out, bars[min(int(d.Notes.IShare()*float64(len(bars))), len(bars)-1)])
	}
	if len(out) < 2 {
		return ""
	}
	return string(out[max(len(out)-12, 0):])
}

// sparkline draws ratings over time, one cell per day, the last width days.
func sparkline(trend []store.DayRating, width int) string {
	bars := []rune("▁▂▃▄▅▆▇█")
	var out []rune
	for _, d := range trend {
		if d.Rated == 0 {
			out = append(out, ' ')
			continue
		}
		i := int((d.AvgOverall - 1) / 4 * float64(len(bars)-1))
		out = append(out, bars[min(max(i, 0), len(bars)-1)])
	}
	if len(out) > width {
		out = out[len(out)-width:]
	}
	return string(out)
}

func (s *stats) ShortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Up, k.Down, k.PractiseWeakest, k.OpenHistory, k.Back, k.Help}
}

func (s *stats) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down}, {k.PractiseWeakest, k.OpenHistory}, {k.Back, k.Quit, k.ForceQuit, k.Help}}
}

func (s *stats) wheel() wheelMode { return wheelMove }
