package tui

import (
	"strings"
	"sync"

	"charm.land/bubbles/v2/viewport"
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
	width     int
	style     string
	keepLines bool // every line break of a paragraph kept, for typed notes
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
func (m *markdown) cached(text string, st mdStyle) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, ok := m.done[mdKey{st, text}]
	return out, ok
}

// render returns a command that renders text at width in style.
func (m *markdown) render(text string, st mdStyle) tea.Cmd {
	k := mdKey{st, text}
	return func() tea.Msg {
		m.mu.Lock()
		defer m.mu.Unlock()
		if out, ok := m.done[k]; ok {
			return markdownMsg{k, out}
		}
		r, ok := m.renderers[k.mdStyle]
		if !ok {
			var err error
			opts := []glamour.TermRendererOption{glamour.WithStandardStyle(st.style), glamour.WithWordWrap(st.width)}
			if st.keepLines {
				// glamour joins the lines of a paragraph, hard breaks included.
				opts = append(opts, glamour.WithPreservedNewLines())
			}
			r, err = glamour.NewTermRenderer(opts...)
			if err != nil {
				return markdownMsg{k, text}
			}
			m.renderers[k.mdStyle] = r
		}
		source := text
		if !st.keepLines {
			source = joinListLines(text)
		}
		out, err := r.Render(source)
		if err != nil {
			out = text
		}
		out = strings.Trim(out, "\n")
		m.done[k] = out
		return markdownMsg{k, out}
	}
}

// mdView is a scrollable view of markdown rendered by glamour at its width.
type mdView struct {
	viewport.Model
	key       mdKey // the rendering it waits for or shows
	keepLines bool  // keep each line break (the text holds typed notes)
}

func newMDView() mdView { return mdView{Model: viewport.New()} }

// show displays text, at once when its rendering is cached, otherwise
// after the command it returns has rendered it.
func (v *mdView) show(c *common, text string) tea.Cmd {
	// Three columns narrower than the view: glamour counts a block quote's
	// bar as one column, and it takes two.
	st := mdStyle{v.Width() - 3, c.styles.markdown, v.keepLines}
	v.key = mdKey{st, text}
	if out, ok := c.markdown.cached(text, st); ok {
		v.SetContent(out)
		return nil
	}
	v.SetContent(c.styles.subtle.Render("Rendering…"))
	return c.markdown.render(text, st)
}

// receive shows a rendering if it is the one the view waits for.
func (v *mdView) receive(msg markdownMsg) {
	if msg.key == v.key {
		v.SetContent(msg.out)
	}
}

// joinListLines joins the lines of each list item into one. glamour keeps
// a list item's line breaks and then wraps each line again, which leaves
// ragged short lines; a paragraph's it joins itself. Fenced code is left
// as it is.
func joinListLines(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	inItem, inFence := false, false
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
			inItem = false
			out = append(out, l)
			continue
		}
		switch {
		case inFence || trimmed == "":
			inItem = false
		case startsListItem(trimmed):
			inItem = true
		case inItem && l != trimmed: // an indented line that goes on with the item
			out[len(out)-1] += " " + trimmed
			continue
		default:
			inItem = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// startsListItem reports whether a trimmed line starts a list item: a
// bullet, or a number and a dot or a parenthesis, then a space.
func startsListItem(line string) bool {
	if len(line) > 1 && strings.ContainsRune("-*+", rune(line[0])) && line[1] == ' ' {
		return true
	}
	digits := len(line) - len(strings.TrimLeft(line, "0123456789"))
	return digits > 0 && digits+1 < len(line) && (line[digits] == '.' || line[digits] == ')') && line[digits+1] == ' '
}
