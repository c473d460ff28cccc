package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rehearse-app/rehearse/bank"
)

// browser lists the bank's questions, filtered by topic and kind; enter
// opens a question with its guidance.
type browser struct {
	c         *common
	topic     int // 0 for all topics, else index+1 into the bank's topics
	kind      int // index into kindChoices
	questions []bank.Question
	cursor    int
	top       int

	open  bool // a question's guide is shown
	guide mdView
}

func newBrowser(c *common) *browser {
	b := &browser{c: c, guide: newMDView()}
	b.filter()
	b.layout()
	return b
}

func (b *browser) filter() {
	f := bank.Filter{Kind: kindChoices()[b.kind]}
	if b.topic > 0 {
		f.Topics = []string{b.c.bank.Topics[b.topic-1].ID}
	}
	b.questions = b.c.bank.Select(f)
	b.cursor, b.top = 0, 0
}

func (b *browser) layout() {
	b.guide.SetWidth(b.c.width - 2)
	b.guide.SetHeight(max(b.c.bodyHeight-3, 3))
}

// visible is how many questions fit on screen, two lines each.
func (b *browser) visible() int { return max((b.c.bodyHeight-2)/2, 1) }

func (b *browser) update(msg tea.Msg) (screen, tea.Cmd) {
	k := b.c.keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg, tea.BackgroundColorMsg, relayoutMsg:
		b.layout()
		return b, b.renderGuide()
	case markdownMsg:
		b.guide.receive(msg)
	case tea.KeyPressMsg:
		if b.open {
			switch {
			case key.Matches(msg, k.Back, k.Enter):
				b.open = false
			case key.Matches(msg, k.Quit):
				return b, tea.Quit
			case key.Matches(msg, k.QuestionHistory):
				return b, send(openQuestionHistoryMsg{b.questions[b.cursor].ID})
			default:
				var cmd tea.Cmd
				b.guide.Model, cmd = b.guide.Update(msg)
				return b, cmd
			}
			return b, nil
		}
		topics := len(b.c.bank.Topics) + 1
		switch {
		case key.Matches(msg, k.Back):
			return b, send(goHomeMsg{})
		case key.Matches(msg, k.Quit):
			return b, tea.Quit
		case key.Matches(msg, k.Up):
			b.cursor = max(b.cursor-1, 0)
		case key.Matches(msg, k.Down):
			b.cursor = min(b.cursor+1, len(b.questions)-1)
		case key.Matches(msg, k.Right):
			b.topic = (b.topic + 1) % topics
			b.filter()
		case key.Matches(msg, k.Left):
			b.topic = (b.topic + topics - 1) % topics
			b.filter()
		case key.Matches(msg, k.Kind):
			b.kind = (b.kind + 1) % len(kindChoices())
			b.filter()
		case key.Matches(msg, k.QuestionHistory) && len(b.questions) > 0:
			return b, send(openQuestionHistoryMsg{b.questions[b.cursor].ID})
		case key.Matches(msg, k.Enter) && len(b.questions) > 0:
			b.open = true
			b.guide.GotoTop()
			return b, b.renderGuide()
		}
		b.top = min(max(b.top, b.cursor-b.visible()+1), b.cursor)
	}
	return b, nil
}

func (b *browser) renderGuide() tea.Cmd {
	if !b.open || len(b.questions) == 0 {
		return nil
	}
	q := b.questions[b.cursor]
	text := guideMarkdown(q) +
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
	return fmt.Sprintf("‹ %s › · %s · %d questions", topic, kind, len(b.questions))
}

func (b *browser) view() string {
	st := b.c.styles
	width := b.c.width - 2
	var out strings.Builder
	if b.open {
		q := b.questions[b.cursor]
		out.WriteString(st.title.Render(q.ID) + st.subtle.Render(fmt.Sprintf("  %s · %s · %s", q.Kind, q.Level, strings.Join(q.Topics, ", "))) + "\n")
		out.WriteString(st.prompt.Render(truncate(q.Prompt, width)) + "\n\n")
		out.WriteString(b.guide.View())
		return out.String()
	}
	out.WriteString(st.title.Render("Questions") + "  " + st.accent.Render(b.filterLine()) + "\n\n")
	end := min(b.top+b.visible(), len(b.questions))
	for i := b.top; i < end; i++ {
		q := b.questions[i]
		prefix, prompt := "  ", truncate(q.Prompt, width-2)
		if i == b.cursor {
			prefix, prompt = st.selected.Render("› "), st.selected.Render(prompt)
		}
		out.WriteString(prefix + prompt + "\n")
		out.WriteString("  " + st.faint.Render(truncate(fmt.Sprintf("%s · %s · %s · %s", q.ID, q.Kind, q.Level, strings.Join(q.Topics, ", ")), width-2)) + "\n")
	}
	if len(b.questions) == 0 {
		out.WriteString(st.subtle.Render("No questions match this filter.") + "\n")
	}
	return out.String()
}

func (b *browser) ShortHelp() []key.Binding {
	k := b.c.keys
	if b.open {
		return []key.Binding{k.Up, k.Down, k.ScrollDown, k.QuestionHistory, k.Back, k.Help}
	}
	return []key.Binding{k.Up, k.Down, k.Topic, k.Kind, k.Open, k.QuestionHistory, k.Back, k.Help}
}

func (b *browser) FullHelp() [][]key.Binding {
	k := b.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Open}, {k.Topic, k.Kind, k.QuestionHistory}, {k.Back, k.Quit, k.ForceQuit, k.Help}}
}
