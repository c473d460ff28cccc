package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/archive"
)

// pastSession shows one past session, every answer with the coach's notes
// rendered with glamour, scrollable; a digit opens the history of that
// answer's question, p practises the session's questions again.
type pastSession struct {
	c       *common
	id      uint64
	session *archive.Session
	text    string // the session as markdown
	doc     mdView
	err     error
	notice  string // said on the last line until the next key
}

type pastSessionMsg struct {
	session *archive.Session
	text    string
	err     error
}

func newPastSession(c *common, id uint64) (*pastSession, tea.Cmd) {
	v := &pastSession{c: c, id: id, doc: newMDView()}
	v.doc.keepLines = true
	st, b := c.store, c.bank
	return v, func() tea.Msg {
		sum, attempts, err := st.Session(id)
		if err != nil {
			return pastSessionMsg{err: err}
		}
		doc := archive.FromSession(*sum, attempts, archive.Analyzer(b))
		return pastSessionMsg{&doc, archive.Markdown(doc), nil}
	}
}

// layout sizes the document and renders it again at its width.
func (v *pastSession) layout() tea.Cmd {
	v.doc.SetWidth(v.c.width - 2)
	v.doc.SetHeight(max(v.c.bodyHeight, 3))
	return v.render()
}

func (v *pastSession) render() tea.Cmd {
	if v.text == "" {
		return nil
	}
	return v.doc.show(v.c, v.text)
}

func (v *pastSession) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case pastSessionMsg:
		v.session, v.text, v.err = msg.session, msg.text, msg.err
		return v, v.render()
	case markdownMsg:
		v.doc.receive(msg)
		return v, nil
	case tea.KeyPressMsg:
		k := v.c.keys
		v.notice = ""
		switch {
		case key.Matches(msg, k.Copy) && v.session != nil:
			v.notice = fmt.Sprintf("Copied session %d as markdown to the clipboard (where the terminal allows OSC 52).", v.id)
			return v, tea.SetClipboard(v.text)
		case key.Matches(msg, k.Back):
			return v, send(goBackMsg{})
		case key.Matches(msg, k.Quit):
			return v, tea.Quit
		case key.Matches(msg, k.Answer) && v.session != nil:
			if i := slices.Index(k.Answer.Keys(), msg.String()); i < len(v.session.Attempts) {
				return v, send(openQuestionHistoryMsg{v.session.Attempts[i].Question.ID})
			}
			return v, nil
		case key.Matches(msg, k.PractiseAgain) && v.session != nil:
			return v, send(practiseQuestionsMsg{v.questions()})
		}
	}
	var cmd tea.Cmd
	v.doc.Model, cmd = v.doc.Update(msg)
	return v, cmd
}

// questions are the session's questions still in the bank, in order.
func (v *pastSession) questions() []string {
	var ids []string
	for _, id := range v.session.Session.Questions {
		if _, ok := v.c.bank.Question(id); ok {
			ids = append(ids, id)
		}
	}
	return ids
}

func (v *pastSession) view() string {
	if v.err != nil {
		return v.c.styles.err.Render(wrap(fmt.Sprintf("Session %d: %v", v.id, v.err), v.c.width-2))
	}
	if v.notice == "" {
		return v.doc.View()
	}
	lines := strings.Split(v.doc.View(), "\n")
	lines[len(lines)-1] = v.c.styles.ok.Render(truncate(v.notice, v.c.width-2))
	return strings.Join(lines, "\n")
}

func (v *pastSession) ShortHelp() []key.Binding {
	k := v.c.keys
	return []key.Binding{k.Up, k.Down, k.Answer, k.PractiseAgain, k.Copy, k.Back, k.Help}
}

func (v *pastSession) FullHelp() [][]key.Binding {
	k := v.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.ScrollUp, k.ScrollDown}, {k.Answer, k.PractiseAgain, k.Copy, k.Back}, {k.Quit, k.ForceQuit, k.Help}}
}

func (v *pastSession) wheel() wheelMode { return wheelScroll }
