package tui

import (
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
)

// markdown renders guidance with glamour in commands, never in View, and
// caches the result by text, width and style. One renderer per width and
// style is kept; renderers are not safe for concurrent use, hence the lock.
type markdown struct {
	mu        sync.Mutex
	renderers map[mdStyle]*glamour.TermRenderer
	done      map[mdKey]string
}

type mdStyle struct {
	width int
	style string
}

type mdKey struct {
	mdStyle
	text string
}

// markdownMsg carries a rendered text back to the screen that asked.
type markdownMsg struct {
	key mdKey
	out string
}

func newMarkdown() *markdown {
	return &markdown{renderers: map[mdStyle]*glamour.TermRenderer{}, done: map[mdKey]string{}}
}

// cached returns the rendering of text if it is ready.
func (m *markdown) cached(text string, width int, style string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, ok := m.done[mdKey{mdStyle{width, style}, text}]
	return out, ok
}

// render returns a command that renders text at width in style.
func (m *markdown) render(text string, width int, style string) tea.Cmd {
	k := mdKey{mdStyle{width, style}, text}
	return func() tea.Msg {
		m.mu.Lock()
		defer m.mu.Unlock()
		if out, ok := m.done[k]; ok {
			return markdownMsg{k, out}
		}
		r, ok := m.renderers[k.mdStyle]
		if !ok {
			var err error
			r, err = glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
			if err != nil {
				return markdownMsg{k, text}
			}
			m.renderers[k.mdStyle] = r
		}
		out, err := r.Render(text)
		if err != nil {
			out = text
		}
		out = strings.Trim(out, "\n")
		m.done[k] = out
		return markdownMsg{k, out}
	}
}
