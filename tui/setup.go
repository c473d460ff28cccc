package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
)

// setup chooses a session: kind, level, number of questions, minutes, how
// they are drawn, and topics.
type setup struct {
	c        *common
	settings practice.Settings
	row      int // 0 kind, 1 level, 2 count, 3 minutes, 4 order, 5… topics
	top      int // first topic row on screen
	note     string
	touched  bool // a key changed something: the last session's choices come too late
}

const setupFixedRows = 5

// lastSettingsMsg carries the choices of the newest session.
type lastSettingsMsg struct{ settings practice.Settings }

// newSetup opens the setup with the command line's choices, or when it
// gave none, with those of the last session practised (read in a command).
func newSetup(c *common) (*setup, tea.Cmd) {
	s := &setup{c: c, settings: setupDefaults(c.settings, c.bank)}
	if chosen := c.settings; len(chosen.Topics) > 0 || chosen.Kind != "" || len(chosen.Levels) > 0 || chosen.Count > 0 || chosen.Minutes > 0 {
		return s, nil
	}
	st := c.store
	return s, func() tea.Msg {
		page, _, err := st.Summaries("", nil, 20)
		if err != nil {
			return nil // nothing to remember: the defaults stay
		}
		for _, s := range page {
			if s.Settings.Order != practice.OrderGiven { // chosen here, not picked question by question
				return lastSettingsMsg{s.Settings}
			}
		}
		return nil
	}
}

// setupDefaults fills what settings leave out, drops topics the bank no
// longer has, and forgets what belongs to one session only (its seed, the
// order of the questions it was given).
func setupDefaults(s practice.Settings, b *bank.Bank) practice.Settings {
	s.Seed = 0
	if s.Count <= 0 {
		s.Count = practice.DefaultCount
	}
	if s.Order == "" || s.Order == practice.OrderGiven {
		s.Order = practice.OrderSmart
	}
	s.Topics = slices.DeleteFunc(slices.Clone(s.Topics), func(id string) bool {
		_, ok := b.Topic(id)
		return !ok
	})
	return s
}

func kindChoices() []bank.Kind { return append([]bank.Kind{""}, bank.AllKinds()...) }

func (s *setup) update(msg tea.Msg) (screen, tea.Cmd) {
	if last, ok := msg.(lastSettingsMsg); ok {
		if !s.touched {
			s.settings = setupDefaults(last.settings, s.c.bank)
		}
		return s, nil
	}
	msg2, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return s, nil
	}
	s.touched = true
	k := s.c.keys
	topics := s.c.bank.Topics
	rows := setupFixedRows + len(topics)
	s.note = ""
	switch {
	case key.Matches(msg2, k.Back):
		return s, send(goHomeMsg{})
	case key.Matches(msg2, k.Quit):
		return s, tea.Quit
	case key.Matches(msg2, k.Up):
		s.row = (s.row + rows - 1) % rows
	case key.Matches(msg2, k.Down):
		s.row = (s.row + 1) % rows
	case key.Matches(msg2, k.Left):
		s.change(-1)
	case key.Matches(msg2, k.Right):
		s.change(+1)
	case key.Matches(msg2, k.Toggle):
		if s.row >= setupFixedRows {
			s.toggle(topics[s.row-setupFixedRows].ID)
		}
	case key.Matches(msg2, k.All):
		if len(s.settings.Topics) > 0 {
			s.settings.Topics = nil
		} else {
			s.settings.Topics = s.c.bank.TopicIDs()
		}
	case key.Matches(msg2, k.Start):
		if n := len(s.c.bank.Select(s.settings.Filter())); n == 0 {
			s.note = "No question matches: choose other topics, another kind or level."
			return s, nil
		}
		return s, send(startSessionMsg{s.settings})
	}
	s.scroll()
	return s, nil
}

// layout keeps the selected topic on screen at the new height.
func (s *setup) layout() tea.Cmd {
	s.scroll()
	return nil
}

// visibleTopics is how many topic rows fit on screen.
func (s *setup) visibleTopics() int { return max(s.c.bodyHeight-14, 3) }

// scroll keeps the selected topic on screen.
func (s *setup) scroll() {
	if cur := s.row - setupFixedRows; cur >= 0 {
		s.top = min(max(s.top, cur-s.visibleTopics()+1), cur)
	}
}

func (s *setup) change(delta int) {
	switch s.row {
	case 0:
		kinds := kindChoices()
		i := slices.Index(kinds, s.settings.Kind)
		s.settings.Kind = kinds[(i+delta+len(kinds))%len(kinds)]
	case 1:
		levels := append([]bank.Level{""}, bank.AllLevels()...)
		i := 0
		if len(s.settings.Levels) == 1 {
			i = slices.Index(levels, s.settings.Levels[0])
		}
		s.settings.Levels = nil
		if l := levels[(i+delta+len(levels))%len(levels)]; l != "" {
			s.settings.Levels = []bank.Level{l}
		}
	case 2:
		s.settings.Count = min(max(s.settings.Count+delta, 1), 20)
	case 3:
		s.settings.Minutes = min(max(s.settings.Minutes+float64(delta), 0), 45)
	case 4:
		if s.settings.Order == practice.OrderSmart {
			s.settings.Order = practice.OrderRandom
		} else {
			s.settings.Order = practice.OrderSmart
		}
	default:
		s.toggle(s.c.bank.Topics[s.row-setupFixedRows].ID)
	}
}

func (s *setup) toggle(id string) {
	if i := slices.Index(s.settings.Topics, id); i >= 0 {
		s.settings.Topics = slices.Delete(s.settings.Topics, i, i+1)
	} else {
		s.settings.Topics = append(s.settings.Topics, id)
	}
}

func (s *setup) view() string {
	st := s.c.styles
	var b strings.Builder
	b.WriteString(st.title.Render("Practice") + st.subtle.Render("  choose your session") + "\n\n")
	kind := "any kind"
	if s.settings.Kind != "" {
		kind = string(s.settings.Kind)
	}
	minutes := "each question's own"
	if s.settings.Minutes > 0 {
		minutes = fmt.Sprintf("%g per answer", s.settings.Minutes)
	}
	level := "any level"
	if len(s.settings.Levels) == 1 {
		level = string(s.settings.Levels[0])
	}
	order := "smart: due, unseen, then weakest"
	if s.settings.Order == practice.OrderRandom {
		order = "at random"
	}
	fixed := [][2]string{{"Kind", kind}, {"Level", level}, {"Questions", fmt.Sprint(s.settings.Count)}, {"Minutes", minutes}, {"Order", order}}
	for i, f := range fixed {
		label := fmt.Sprintf("  %-10s", f[0])
		value := "‹ " + f[1] + " ›"
		if i == s.row {
			label = st.selected.Render(fmt.Sprintf("› %-10s", f[0]))
			value = st.accent.Render(value)
		}
		b.WriteString(label + value + "\n")
	}
	counts := map[string]int{}
	for _, q := range s.c.bank.Select(bank.Filter{Kind: s.settings.Kind, Levels: s.settings.Levels}) {
		for _, t := range q.Topics {
			counts[t]++
		}
	}
	matching := len(s.c.bank.Select(s.settings.Filter()))
	selected := "all topics"
	if n := len(s.settings.Topics); n > 0 {
		selected = fmt.Sprintf("%d selected", n)
	}
	b.WriteString("\n" + st.subtle.Render(fmt.Sprintf("Topics (%s, %d questions match)", selected, matching)) + "\n")

	topics := s.c.bank.Topics
	end := min(s.top+s.visibleTopics(), len(topics))
	for i := s.top; i < end; i++ {
		t := topics[i]
		box := "[ ]"
		if slices.Contains(s.settings.Topics, t.ID) {
			box = st.ok.Render("[x]")
		}
		name := fmt.Sprintf("%-22s %3d", t.Name, counts[t.ID])
		prefix := "  "
		if s.row == setupFixedRows+i {
			prefix = st.selected.Render("› ")
			name = st.selected.Render(name)
		}
		b.WriteString(prefix + box + " " + name + "  " + st.faint.Render(truncate(t.About, s.c.width-38)) + "\n")
	}
	if end < len(topics) || s.top > 0 {
		b.WriteString(st.faint.Render(fmt.Sprintf("  … %d topics, ↑/↓ to scroll", len(topics))) + "\n")
	}
	if s.note != "" {
		b.WriteString("\n" + st.err.Render(s.note) + "\n")
	}
	return b.String()
}

func (s *setup) ShortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Start, k.Toggle, k.Left, k.Right, k.Back, k.Help}
}

func (s *setup) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Left, k.Right}, {k.Toggle, k.All, k.Start}, {k.Back, k.Quit, k.Help}}
}

func (s *setup) wheel() wheelMode { return wheelMove }
