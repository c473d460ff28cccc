package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/report"
	"github.com/rehearse-app/rehearse/store"
)

// home is the first screen: a short menu, and the offer to resume an
// unfinished answer.
type home struct {
	c      *common
	cursor int
	draft  *store.Draft
	err    error
}

type menuItem struct {
	title, about string
	msg          tea.Msg
}

func menu() []menuItem {
	return []menuItem{
		{"Practice", "answer questions against the clock, then rate yourself", openSetupMsg{}},
		{"History", "read past sessions and your answers", openHistoryMsg{}},
		{"Stats", "progress by topic, weakest topics", openStatsMsg{}},
		{"Questions", "browse the question bank by topic", openBrowserMsg{}},
		{"Quit", "", tea.QuitMsg{}},
	}
}

func newHome(c *common) *home { return &home{c: c} }

func (h *home) update(msg tea.Msg) (screen, tea.Cmd) {
	items := menu()
	switch msg := msg.(type) {
	case draftLoadedMsg:
		h.draft = msg.draft
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
		case h.draft != nil && key.Matches(msg, k.Resume):
			return h, send(resumeDraftMsg{h.draft})
		case h.draft != nil && key.Matches(msg, k.Discard):
			h.draft = nil
			return h, deleteDraft(h.c.store)
		}
	}
	return h, nil
}

func (h *home) view() string {
	st := h.c.styles
	var b strings.Builder
	b.WriteString(st.title.Render("rehearse") + st.subtle.Render("  interview answers, timed and rated") + "\n\n")
	if h.draft != nil {
		a := h.draft.Attempt
		prompt := ansi.Truncate(a.Question.Prompt, h.c.width-8, "…")
		fmt.Fprintf(&b, "%s\n%s\n%s\n\n",
			st.followup.Render("You have an unfinished answer"),
			"  "+prompt,
			st.subtle.Render(fmt.Sprintf("  %s spent, saved %s · r resume · x discard", report.Clock(a.Total()), h.draft.Saved.Format("Mon 2 Jan 15:04"))))
	}
	for i, item := range menu() {
		line := "  " + item.title
		if i == h.cursor {
			line = st.selected.Render("› " + item.title)
		}
		if item.about != "" {
			line += st.faint.Render("  " + item.about)
		}
		b.WriteString(line + "\n")
	}
	if h.err != nil {
		b.WriteString("\n" + st.err.Render(h.err.Error()) + "\n")
	}
	if p := h.c.store.Path(); p != "" {
		b.WriteString("\n" + st.faint.Render("Answers are saved in "+p) + "\n")
	}
	return b.String()
}

func (h *home) ShortHelp() []key.Binding {
	k := h.c.keys
	bindings := []key.Binding{k.Up, k.Down, k.Enter}
	if h.draft != nil {
		bindings = append(bindings, k.Resume, k.Discard)
	}
	return append(bindings, k.Quit, k.Help)
}

func (h *home) FullHelp() [][]key.Binding {
	k := h.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Enter}, {k.Resume, k.Discard}, {k.Quit, k.ForceQuit, k.Help}}
}

// send returns a command that delivers msg.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func deleteDraft(s *store.Store) tea.Cmd {
	return func() tea.Msg {
		if err := s.DeleteDraft(); err != nil {
			return errMsg{err}
		}
		return nil
	}
}
