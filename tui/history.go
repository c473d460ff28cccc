package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/store"
)

// historyPage is how many sessions the history screen reads at a time.
const historyPage = 50

// history lists past sessions newest first, a page at a time, filtered by
// topic; enter opens one.
type history struct {
	c        *common
	topic    int // 0 for all topics, else index+1 into the bank's topics
	table    table.Model
	sessions []store.SessionSummary
	next     []byte // cursor of the next page; nil when all are read
	loading  bool
	loaded   bool
	gen      int // filter generation: pages of an older filter are dropped
	err      error

	confirming *store.SessionSummary // the session d asks to delete, until y or another key
	deleting   bool                  // a delete is under way
	notice     string                // what the last delete did, until the next key
}

type sessionDeletedMsg struct {
	id  uint64
	err error
}

type historyPageMsg struct {
	gen  int
	page []store.SessionSummary
	next []byte
	err  error
}

func newHistory(c *common, topic string) (*history, tea.Cmd) {
	h := &history{c: c, table: table.New(table.WithFocused(true))}
	for i, t := range c.bank.Topics {
		if t.ID == topic {
			h.topic = i + 1
		}
	}
	return h, h.load()
}

func (h *history) topicID() string {
	if h.topic == 0 {
		return ""
	}
	return h.c.bank.Topics[h.topic-1].ID
}

// load reads the next page of sessions.
func (h *history) load() tea.Cmd {
	h.loading = true
	st, topic, after, gen := h.c.store, h.topicID(), h.next, h.gen
	return func() tea.Msg {
		page, next, err := st.Summaries(topic, after, historyPage)
		return historyPageMsg{gen, page, next, err}
	}
}

// layout sizes the table's columns to the width and its rows to the
// height, in the current styles.
func (h *history) layout() tea.Cmd {
	st := h.c.styles
	width := h.c.width - 2
	topics := max(width-4-30-6-8-7-6, 12)
	h.table.SetColumns([]table.Column{
		{Title: "ID", Width: 4}, {Title: "Date", Width: 17}, {Title: "Qs", Width: 4},
		{Title: "Topics", Width: topics}, {Title: "Rating", Width: 8}, {Title: "Time", Width: 7},
	})
	h.table.SetWidth(width)
	h.table.SetHeight(max(h.c.bodyHeight-3, 3))
	h.table.SetStyles(table.Styles{Header: st.subtle.Bold(true).Padding(0, 1), Cell: lipgloss.NewStyle().Padding(0, 1), Selected: st.selected})
	return nil
}

func (h *history) update(msg tea.Msg) (screen, tea.Cmd) {
	k := h.c.keys
	switch msg := msg.(type) {
	case historyPageMsg:
		if msg.gen != h.gen {
			return h, nil
		}
		h.loading, h.loaded, h.err = false, true, msg.err
		h.sessions = append(h.sessions, msg.page...)
		h.next = msg.next
		h.table.SetRows(h.rows())
	case sessionDeletedMsg:
		h.deleting = false
		if msg.err != nil {
			h.notice = "Not deleted: " + msg.err.Error()
			return h, nil
		}
		h.notice = fmt.Sprintf("Deleted session %d.", msg.id)
		h.sessions = slices.DeleteFunc(h.sessions, func(s store.SessionSummary) bool { return s.ID == msg.id })
		h.table.SetRows(h.rows())
		h.table.SetCursor(min(h.table.Cursor(), max(len(h.sessions)-1, 0)))
		return h, nil
	case tea.KeyPressMsg:
		h.notice = ""
		if h.confirming != nil {
			// y deletes; any other key keeps the session.
			id := h.confirming.ID
			h.confirming = nil
			if !key.Matches(msg, k.Confirm) {
				return h, nil
			}
			h.deleting = true
			st := h.c.store
			return h, func() tea.Msg { return sessionDeletedMsg{id, st.DeleteSession(id)} }
		}
		switch {
		case key.Matches(msg, k.Delete) && len(h.sessions) > 0 && !h.deleting:
			s := h.sessions[h.table.Cursor()]
			h.confirming = &s
			return h, nil
		case key.Matches(msg, k.Back):
			return h, send(goBackMsg{})
		case key.Matches(msg, k.Quit):
			return h, tea.Quit
		case key.Matches(msg, k.PrevTopic, k.NextTopic):
			n := len(h.c.bank.Topics) + 1
			if key.Matches(msg, k.PrevTopic) {
				h.topic = (h.topic + n - 1) % n
			} else {
				h.topic = (h.topic + 1) % n
			}
			h.gen++
			h.sessions, h.next, h.loaded = nil, nil, false
			h.table.SetRows(nil)
			h.table.SetCursor(0)
			return h, h.load()
		case key.Matches(msg, k.Open) && len(h.sessions) > 0:
			return h, send(openPastSessionMsg{h.sessions[h.table.Cursor()].ID})
		}
		var cmd tea.Cmd
		h.table, cmd = h.table.Update(msg)
		// Read the next page before the cursor reaches the end.
		if h.next != nil && !h.loading && h.table.Cursor() >= len(h.sessions)-h.table.Height() {
			return h, tea.Batch(cmd, h.load())
		}
		return h, cmd
	}
	return h, nil
}

func (h *history) rows() []table.Row {
	rows := make([]table.Row, len(h.sessions))
	for i, s := range h.sessions {
		rating := "–"
		if s.Rated > 0 {
			rating = fmt.Sprintf("%.1f ★", s.AvgOverall)
		}
		rows[i] = table.Row{
			fmt.Sprint(s.ID), s.Started.Local().Format("Mon 2 Jan 15:04"),
			fmt.Sprintf("%d/%d", s.Answered, len(s.Questions)), strings.Join(s.Topics, ", "),
			rating, human.Clock(s.Spent),
		}
	}
	return rows
}

func (h *history) filterLine() string {
	topic := "all topics"
	if h.topic > 0 {
		topic = h.c.bank.Topics[h.topic-1].Name
	}
	more := ""
	if h.next != nil {
		more = "+"
	}
	return fmt.Sprintf("‹ %s › · %d%s %s", topic, len(h.sessions), more, human.Noun(len(h.sessions), "session"))
}

func (h *history) view() string {
	st := h.c.styles
	var b strings.Builder
	b.WriteString(st.title.Render("History") + "  " + st.accent.Render(h.filterLine()) + "\n")
	// The line under the title asks before a delete, or says what it did.
	switch {
	case h.confirming != nil:
		s := h.confirming
		ask := fmt.Sprintf("Delete session %d of %s (%d/%d)? %s: delete · any other key: keep",
			s.ID, s.Started.Local().Format("Mon 2 Jan 15:04"), s.Answered, len(s.Questions), h.c.keys.Confirm.Help().Key)
		b.WriteString(st.err.Render(truncate(ask, h.c.width-2)))
	case h.notice != "":
		b.WriteString(st.ok.Render(truncate(h.notice, h.c.width-2)))
	}
	b.WriteString("\n")
	switch {
	case h.err != nil:
		b.WriteString(st.err.Render(h.err.Error()))
	case !h.loaded:
		b.WriteString(st.subtle.Render("Loading…"))
	case len(h.sessions) == 0 && h.topic > 0:
		b.WriteString(st.subtle.Render("No session on this topic yet. " + h.c.keys.Topic.Help().Key + " to choose another topic."))
	case len(h.sessions) == 0:
		b.WriteString(st.subtle.Render("No session yet. Practise from the home screen, and your answers show up here."))
	default:
		b.WriteString(h.table.View())
	}
	return b.String()
}

func (h *history) ShortHelp() []key.Binding {
	k := h.c.keys
	return []key.Binding{k.Up, k.Down, k.Topic, k.Open, k.Delete, k.Back, k.Help}
}

func (h *history) FullHelp() [][]key.Binding {
	k := h.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Open}, {k.Topic, k.Delete, k.Back}, {k.Quit, k.ForceQuit, k.Help}}
}

func (h *history) wheel() wheelMode { return wheelMove }
