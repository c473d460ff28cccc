package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/human"
)

// browser lists the bank's questions with what the schedule knows of each:
// attempts, last practised, average rating, due. "/" searches the prompts,
// the filters narrow by topic, kind and level; enter opens a question,
// space marks questions, and p practises the marked ones (or the one under
// the cursor) at once.
type browser struct {
	c         *common
	topic     int // 0 for all topics, else index+1 into the bank's topics
	kind      int // index into kindChoices
	level     int // 0 for all levels, else index+1 into bank.AllLevels
	search    textinput.Model
	questions []bank.Question
	marked    []string // ids, in the order they were marked
	cursor    int
	top       int

	states map[string]coach.State
	loaded bool
	err    error

	open  bool // a question's guide is shown
	guide mdView
}

type statesMsg struct {
	states map[string]coach.State
	err    error
}

// browserFilter is what the browser opens on.
type browserFilter struct {
	topic string
	kind  bank.Kind
	level bank.Level
}

func newBrowser(c *common, f browserFilter) (*browser, tea.Cmd) {
	b := &browser{c: c, guide: newMDView(), search: textinput.New()}
	b.search.Prompt = "/ "
	b.search.Placeholder = "search the questions"
	for i, t := range c.bank.Topics {
		if t.ID == f.topic {
			b.topic = i + 1
		}
	}
	b.kind = max(slices.Index(kindChoices(), f.kind), 0)
	b.level = slices.Index(bank.AllLevels(), f.level) + 1
	b.filter()
	st := c.store
	return b, func() tea.Msg {
		states, err := st.States()
		return statesMsg{states, err}
	}
}

// filter lists the questions that pass the filters and the search.
func (b *browser) filter() {
	f := bank.Filter{Kind: kindChoices()[b.kind]}
	if b.topic > 0 {
		f.Topics = []string{b.c.bank.Topics[b.topic-1].ID}
	}
	if b.level > 0 {
		f.Levels = []bank.Level{bank.AllLevels()[b.level-1]}
	}
	words := strings.Fields(strings.ToLower(b.search.Value()))
	b.questions = b.questions[:0]
	for _, q := range b.c.bank.Select(f) {
		text := strings.ToLower(q.Prompt + " " + q.ID)
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			b.questions = append(b.questions, q)
		}
	}
	b.cursor, b.top = 0, 0
}

// layout sizes the guide and the search field, keeps the cursor's question
// on screen, and renders an open guide again at its width.
func (b *browser) layout() tea.Cmd {
	b.guide.SetWidth(b.c.width - 2)
	b.guide.SetHeight(max(b.c.bodyHeight-3, 3))
	b.search.SetWidth(max(b.c.width-8, 10))
	b.move(0)
	return b.renderGuide()
}

// visible is how many questions fit on screen, two lines each.
func (b *browser) visible() int { return max((b.c.bodyHeight-4)/2, 1) }

func (b *browser) typing() bool { return b.search.Focused() }

func (b *browser) update(msg tea.Msg) (screen, tea.Cmd) {
	k := b.c.keys
	switch msg := msg.(type) {
	case statesMsg:
		b.states, b.err, b.loaded = msg.states, msg.err, true
	case markdownMsg:
		b.guide.receive(msg)
	case tea.MouseWheelMsg:
		if b.open {
			var cmd tea.Cmd
			b.guide.Model, cmd = b.guide.Update(msg)
			return b, cmd
		}
		if msg.Button == tea.MouseWheelUp {
			b.move(-1)
		} else {
			b.move(+1)
		}
	case tea.PasteMsg:
		if b.search.Focused() {
			var cmd tea.Cmd
			b.search, cmd = b.search.Update(tea.PasteMsg{Content: sanitizeLine(msg.Content)})
			b.filter()
			return b, cmd
		}
	case tea.KeyPressMsg:
		if b.search.Focused() {
			return b, b.updateSearch(msg)
		}
		if b.open {
			return b, b.updateOpen(msg)
		}
		topics := len(b.c.bank.Topics) + 1
		switch {
		case key.Matches(msg, k.Back):
			if len(b.marked) > 0 {
				b.marked = nil
				return b, nil
			}
			return b, send(goBackMsg{})
		case key.Matches(msg, k.Quit):
			return b, tea.Quit
		case key.Matches(msg, k.Search):
			b.search.Focus()
			return b, textinput.Blink
		case key.Matches(msg, k.Up):
			b.move(-1)
		case key.Matches(msg, k.Down):
			b.move(+1)
		case key.Matches(msg, k.NextTopic):
			b.topic = (b.topic + 1) % topics
			b.filter()
		case key.Matches(msg, k.PrevTopic):
			b.topic = (b.topic + topics - 1) % topics
			b.filter()
		case key.Matches(msg, k.Kind):
			b.kind = (b.kind + 1) % len(kindChoices())
			b.filter()
		case key.Matches(msg, k.Level):
			b.level = (b.level + 1) % (len(bank.AllLevels()) + 1)
			b.filter()
		case len(b.questions) == 0:
		case key.Matches(msg, k.Mark):
			id := b.questions[b.cursor].ID
			if i := slices.Index(b.marked, id); i >= 0 {
				b.marked = slices.Delete(b.marked, i, i+1)
			} else {
				b.marked = append(b.marked, id)
			}
			b.move(+1)
		case key.Matches(msg, k.Practise):
			return b, b.practise()
		case key.Matches(msg, k.QuestionHistory):
			return b, send(openQuestionHistoryMsg{b.questions[b.cursor].ID})
		case key.Matches(msg, k.Open):
			b.open = true
			b.guide.GotoTop()
			return b, b.renderGuide()
		}
	}
	return b, nil
}

func (b *browser) updateSearch(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.keys
	switch {
	case key.Matches(msg, k.ClearSearch):
		b.search.SetValue("")
		b.search.Blur()
		b.filter()
		return nil
	case key.Matches(msg, k.EndSearch):
		b.search.Blur()
		return nil
	}
	var cmd tea.Cmd
	b.search, cmd = b.search.Update(msg)
	b.filter()
	return cmd
}

func (b *browser) updateOpen(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.keys
	switch {
	case key.Matches(msg, k.Back, k.Enter):
		b.open = false
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.QuestionHistory):
		return send(openQuestionHistoryMsg{b.questions[b.cursor].ID})
	case key.Matches(msg, k.Practise):
		return send(practiseQuestionsMsg{[]string{b.questions[b.cursor].ID}})
	default:
		var cmd tea.Cmd
		b.guide.Model, cmd = b.guide.Update(msg)
		return cmd
	}
	return nil
}

func (b *browser) move(delta int) {
	b.cursor = max(min(b.cursor+delta, len(b.questions)-1), 0)
	b.top = min(max(b.top, b.cursor-b.visible()+1), b.cursor)
}

// practise starts a session of the marked questions, or of the one under
// the cursor.
func (b *browser) practise() tea.Cmd {
	ids := slices.Clone(b.marked)
	if len(ids) == 0 {
		ids = []string{b.questions[b.cursor].ID}
	}
	return send(practiseQuestionsMsg{ids})
}

func (b *browser) renderGuide() tea.Cmd {
	if !b.open || len(b.questions) == 0 {
		return nil
	}
	q := b.questions[b.cursor]
	text := guideMarkdown(q, true) +
		"\n## Areas a strong answer covers\n\n- " + strings.Join(q.Cover, "\n- ") +
		"\n\n## Follow-ups to expect\n\n- " + strings.Join(q.Followups, "\n- ") + "\n"
	return b.guide.show(b.c, text)
}

func (b *browser) filterLine() string {
	topic := "all topics"
	if b.topic > 0 {
		topic = b.c.bank.Topics[b.topic-1].Name
	}
	kind := "any kind"
	if k := kindChoices()[b.kind]; k != "" {
		kind = string(k)
	}
	level := "any level"
	if b.level > 0 {
		level = string(bank.AllLevels()[b.level-1])
	}
	return fmt.Sprintf("‹ %s › · %s · %s · %s", topic, kind, level, human.Count(len(b.questions), "question"))
}

func (b *browser) view() string {
	st, k := b.c.styles, b.c.keys
	width := b.c.width - 2
	var out strings.Builder
	if b.open {
		q := b.questions[b.cursor]
		out.WriteString(st.title.Render(q.ID) + st.subtle.Render(truncate(fmt.Sprintf("  %s · %s · %s · %s", q.Kind, q.Level, strings.Join(q.Topics, ", "), b.status(q.ID)), width-len(q.ID))) + "\n")
		out.WriteString(st.prompt.Render(wrap(q.Prompt, width)) + "\n\n")
		out.WriteString(b.guide.View())
		return out.String()
	}
	out.WriteString(st.title.Render("Questions") + "  " + st.accent.Render(truncate(b.filterLine(), width-11)) + "\n")
	if b.search.Focused() || b.search.Value() != "" {
		out.WriteString(b.search.View() + "\n")
	} else if len(b.marked) > 0 {
		out.WriteString(st.ok.Render(fmt.Sprintf("%s marked · %s to practise them, %s to clear", human.Count(len(b.marked), "question"), k.Practise.Help().Key, k.Back.Help().Key)) + "\n")
	} else {
		out.WriteString(st.faint.Render(fmt.Sprintf("%s to search · %s to mark · %s to practise", k.Search.Help().Key, k.Mark.Help().Key, k.Practise.Help().Key)) + "\n")
	}
	out.WriteString("\n")
	if b.err != nil {
		out.WriteString(st.err.Render(wrap(b.err.Error(), width)) + "\n")
	}
	end := min(b.top+b.visible(), len(b.questions))
	for i := b.top; i < end; i++ {
		q := b.questions[i]
		mark := "  "
		if slices.Contains(b.marked, q.ID) {
			mark = st.ok.Render("✓ ")
		}
		prefix, prompt := "  ", truncate(q.Prompt, width-4)
		if i == b.cursor {
			prefix, prompt = st.selected.Render("› "), st.selected.Render(prompt)
		}
		out.WriteString(prefix + mark + prompt + "\n")
		meta := fmt.Sprintf("%s · %s · %s · %s", q.ID, q.Kind, q.Level, strings.Join(q.Topics, ", "))
		status := b.status(q.ID)
		metaWidth := width - 4 - len([]rune(status)) - 2
		out.WriteString("    " + st.faint.Render(padRight(truncate(meta, metaWidth), metaWidth)) + "  " + b.statusStyle(q.ID).Render(status) + "\n")
	}
	if len(b.questions) == 0 {
		out.WriteString(st.subtle.Render("No questions match: change the filters or the search.") + "\n")
	}
	return out.String()
}

// status says what the schedule knows of a question: "unseen", or its
// attempts, last day, average rating and whether it is due.
func (b *browser) status(id string) string {
	if !b.loaded {
		return ""
	}
	st, ok := b.states[id]
	if !ok || !st.Seen() {
		return "unseen"
	}
	now := b.c.clock()
	parts := []string{fmt.Sprintf("%d×", st.Attempts), "last " + shortDay(st.Last, now)}
	if st.Rated > 0 {
		parts = append(parts, fmt.Sprintf("%.1f★", st.AvgOverall))
	}
	switch {
	case st.Due(now):
		parts = append(parts, "due")
	default:
		parts = append(parts, "due "+shortDay(st.Card.Due, now))
	}
	if st.Leech() {
		parts = append(parts, "leech")
	}
	return strings.Join(parts, " · ")
}

func (b *browser) statusStyle(id string) lipgloss.Style {
	st := b.c.styles
	if state, ok := b.states[id]; ok && state.Due(b.c.clock()) {
		return st.followup
	}
	return st.subtle
}

// shortDay names a day near now: "today", "Tue", or "3 Nov".
func shortDay(t, now time.Time) string {
	t, now = t.Local(), now.Local()
	days := coach.Day(t).Sub(coach.Day(now)).Hours() / 24
	switch {
	case days == 0:
		return "today"
	case days > -7 && days < 7:
		return t.Format("Mon")
	}
	return t.Format("2 Jan")
}

func (b *browser) ShortHelp() []key.Binding {
	k := b.c.keys
	if b.search.Focused() {
		return []key.Binding{k.EndSearch, k.ClearSearch}
	}
	if b.open {
		return []key.Binding{k.Up, k.Down, k.ScrollDown, k.Practise, k.QuestionHistory, k.Back, k.Help}
	}
	return []key.Binding{k.Search, k.Topic, k.Kind, k.Level, k.Mark, k.Practise, k.Open, k.Help}
}

func (b *browser) FullHelp() [][]key.Binding {
	k := b.c.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.Open, k.Search},
		{k.Topic, k.Kind, k.Level},
		{k.Mark, k.Practise, k.QuestionHistory},
		{k.Back, k.Quit, k.ForceQuit, k.Help},
	}
}

func (b *browser) wheel() wheelMode { return wheelScroll }
