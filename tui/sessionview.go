package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/report"
	"github.com/rehearse-app/rehearse/store"
)

// sessionView shows one past session, every answer rendered with glamour,
// scrollable; a digit opens the history of that answer's question.
type sessionView struct {
	c        *common
	id       uint64
	summary  *store.SessionSummary
	attempts []store.Attempt
	text     string // the session as markdown
	doc      mdView
	err      error
}

type sessionViewMsg struct {
	summary  *store.SessionSummary
	attempts []store.Attempt
	err      error
}

func newSessionView(c *common, id uint64) (*sessionView, tea.Cmd) {
	v := &sessionView{c: c, id: id, doc: newMDView()}
	v.layout()
	st := c.store
	return v, func() tea.Msg {
		sum, err := st.Summary(id)
		if err != nil {
			return sessionViewMsg{err: err}
		}
		_, attempts, err := st.Session(id)
		return sessionViewMsg{sum, attempts, err}
	}
}

func (v *sessionView) layout() {
	v.doc.SetWidth(v.c.width - 2)
	v.doc.SetHeight(max(v.c.bodyHeight, 3))
}

func (v *sessionView) render() tea.Cmd {
	if v.text == "" {
		return nil
	}
	return v.doc.show(v.c, v.text)
}

func (v *sessionView) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg, tea.BackgroundColorMsg, relayoutMsg:
		v.layout()
		return v, v.render()
	case sessionViewMsg:
		v.summary, v.attempts, v.err = msg.summary, msg.attempts, msg.err
		if v.err == nil {
			v.text = report.SessionMarkdown(*v.summary, v.attempts)
		}
		return v, v.render()
	case markdownMsg:
		v.doc.receive(msg)
		return v, nil
	case tea.KeyPressMsg:
		k := v.c.keys
		switch {
		case key.Matches(msg, k.Back):
			return v, send(goBackMsg{})
		case key.Matches(msg, k.Quit):
			return v, tea.Quit
		case key.Matches(msg, k.Answer):
			if i := int(msg.Code - '1'); i < len(v.attempts) {
				return v, send(openQuestionHistoryMsg{v.attempts[i].Question.ID})
			}
			return v, nil
		}
	}
	var cmd tea.Cmd
	v.doc.Model, cmd = v.doc.Update(msg)
	return v, cmd
}

func (v *sessionView) view() string {
	if v.err != nil {
		return v.c.styles.err.Render(fmt.Sprintf("Session %d: %v", v.id, v.err))
	}
	return v.doc.View()
}

func (v *sessionView) ShortHelp() []key.Binding {
	k := v.c.keys
	return []key.Binding{k.Up, k.Down, k.ScrollDown, k.Answer, k.Back, k.Help}
}

func (v *sessionView) FullHelp() [][]key.Binding {
	k := v.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.ScrollUp, k.ScrollDown}, {k.Answer, k.Back}, {k.Quit, k.ForceQuit, k.Help}}
}
