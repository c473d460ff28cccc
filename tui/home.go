package tui

import (
	"cmp"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// home is the first screen: the interview plan and today's set, a short
// menu, and the offer to resume an unfinished answer.
type home struct {
	c      *common
	cursor int
	draft  *store.Draft
	today  *today
	err    error
}

// today is what the home screen says of the day's practice.
type today struct {
	plan        *coach.Plan
	due, unseen int
	streak      int
}

type homeLoadedMsg struct {
	draft *store.Draft
	today *today
	err   error
}

type menuItem struct {
	title, about string
	msg          tea.Msg
}

func menu() []menuItem {
	return []menuItem{
		{"Practice", "answer questions against the clock, then review them", openSetupMsg{}},
		{"History", "read past sessions and your answers", openHistoryMsg{}},
		{"Stats", "progress by topic, weakest topics", openStatsMsg{}},
		{"Questions", "browse, search and pick questions to practise", openBrowserMsg{}},
		{"Quit", "", tea.QuitMsg{}},
	}
}

func newHome(c *common) *home { return &home{c: c} }

// loadHome reads the draft, the plan and what is due, in a command.
func loadHome(c *common) tea.Cmd {
	st, b, now := c.store, c.bank, c.clock()
	return func() tea.Msg {
		d, err := st.Draft()
		if err != nil {
			return homeLoadedMsg{err: err}
		}
		plan, err := st.Plan()
		if err != nil {
			return homeLoadedMsg{err: err}
		}
		states, err := st.States()
		if err != nil {
			return homeLoadedMsg{err: err}
		}
		ov, err := st.Stats("", now)
		if err != nil {
			return homeLoadedMsg{err: err}
		}
		t := &today{streak: ov.Streak}
		var topics []string
		if plan.Active(now) {
			t.plan, topics = plan, plan.Topics
		}
		t.due, t.unseen = coach.Today(b.Select(bank.Filter{Topics: topics}), states, now)
		return homeLoadedMsg{d, t, nil}
	}
}

// todaysSet is the session the t key starts: smart selection over the
// plan's topics, the plan's size.
func (h *home) todaysSet() practice.Settings {
	settings := h.c.settings
	settings.Order, settings.Count, settings.Seed = practice.OrderSmart, coach.DefaultPerDay, 0
	settings.Topics = nil
	if h.today != nil && h.today.plan != nil {
		settings.Topics, settings.Count = h.today.plan.Topics, h.today.plan.Size()
	}
	return settings
}

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	items := menu()
	switch msg := msg.(type) {
	case homeLoadedMsg:
		h.draft, h.today, h.err = msg.draft, msg.today, msg.err
	case errMsg:
		h.err = msg.err
	case tea.KeyPressMsg:
		k := h.c.keys
		switch {
		case key.Matches(msg, k.Up):
			h.cursor = (h.cursor + len(items) - 1) % len(items)
		case key.Matches(msg, k.Down):
			h.cursor = (h.cursor + 1) % len(items)
		case key.Matches(msg, k.Enter):
			return h, send(items[h.cursor].msg)
		case key.Matches(msg, k.Quit, k.Back):
			return h, tea.Quit
		case key.Matches(msg, k.Today):
			return h, send(startSessionMsg{h.todaysSet()})
		case h.draft != nil && key.Matches(msg, k.Resume):
			return h, send(resumeDraftMsg{h.draft})
		case h.draft != nil && key.Matches(msg, k.Discard):
			h.draft = nil
			return h, deleteDraft(h.c.store)
		}
	}
	return h, nil
}

// layout has nothing to do: the home screen cuts its lines to the width
// as it draws them.
func (h *home) layout() tea.Cmd { return nil }

func (h *home) view() string {
	st := h.c.styles
	width := h.c.width - 2
	var b strings.Builder
	b.WriteString(st.title.Render("rehearse") + st.subtle.Render("  interview answers, timed and reviewed") + "\n\n")
	if t := h.today; t != nil {
		now := h.c.clock()
		if p := t.plan; p != nil {
			when := "today"
			if days := p.DaysLeft(now); days > 0 {
				when = "in " + human.Count(days, "day")
			}
			topics := "all topics"
			if len(p.Topics) > 0 {
				var names []string
				for _, id := range p.Topics {
					t, _ := h.c.bank.Topic(id)
					names = append(names, cmp.Or(t.Name, id))
				}
				topics = strings.Join(names, ", ")
			}
			b.WriteString(st.followup.Render(truncate(fmt.Sprintf("Interview %s, %s · %s", when, p.Date.Format("Mon 2 Jan"), topics), width)) + "\n")
		}
		where := ""
		if t.plan != nil && len(t.plan.Topics) > 0 {
			where = " in your topics"
		}
		b.WriteString(wrap(fmt.Sprintf("Today: %d due, %d unseen%s · streak %s", t.due, t.unseen, where, human.Count(t.streak, "day")), width) + "\n")
		b.WriteString(st.accent.Render(fmt.Sprintf("Press %s for today's set of %d.", h.c.keys.Today.Help().Key, h.todaysSet().Count)) + "\n\n")
	}
	if h.draft != nil {
		a := h.draft.Attempt
		prompt := ansi.Truncate(a.Question.Prompt, width-4, "…")
		fmt.Fprintf(&b, "%s\n%s\n%s\n\n",
			st.followup.Render("You have an unfinished answer"),
			"  "+prompt,
			st.subtle.Render(truncate(fmt.Sprintf("  %s spent, saved %s · %s resume · %s discard", human.Clock(a.Total()), h.draft.Saved.Local().Format("Mon 2 Jan 15:04"),
				h.c.keys.Resume.Help().Key, h.c.keys.Discard.Help().Key), width)))
	}
	for i, item := range menu() {
		line := "  " + item.title
		if i == h.cursor {
			line = st.selected.Render("› " + item.title)
		}
		if item.about != "" {
			line += st.faint.Render(truncate("  "+item.about, width-ansi.StringWidth(line)))
		}
		b.WriteString(line + "\n")
	}
	if h.err != nil {
		b.WriteString("\n" + st.err.Render(wrap(h.err.Error(), width)) + "\n")
	}
	if p := h.c.store.Path(); p != "" {
		b.WriteString("\n" + st.faint.Render("Answers are saved in\n  "+leftTruncate(p, width-2)) + "\n")
	}
	return b.String()
}

func (h *home) ShortHelp() []key.Binding {
	k := h.c.keys
	bindings := []key.Binding{k.Up, k.Down, k.Enter, k.Today}
	if h.draft != nil {
		bindings = append(bindings, k.Resume, k.Discard)
	}
	return append(bindings, k.Quit, k.Help)
}

func (h *home) FullHelp() [][]key.Binding {
	k := h.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Enter}, {k.Today, k.Resume, k.Discard}, {k.Quit, k.ForceQuit, k.Help}}
}

// send returns a command that delivers msg.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func deleteDraft(s Store) tea.Cmd {
	return func() tea.Msg {
		if err := s.DeleteDraft(); err != nil {
			return errMsg{err}
		}
		return nil
	}
}
