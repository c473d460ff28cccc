package notes

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/sanitize"
)

// FuzzField feeds the field random keys, typed text, pastes, wheel turns
// and resizes, and checks it against a plain model of the text (a string
// and a cursor): the text is what the keys made it, and every view is
// exactly the field's size with the cursor drawn on it.
func FuzzField(f *testing.F) {
	f.Add([]byte("\x00hello world\x01\x02\x03"))
	f.Add([]byte("\x05one\ntwo\r\nthree\tfour\x1b[2J\x06\x07\x08\x09"))
	f.Add([]byte("\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"))
	f.Add([]byte("\x05日本語のテキストと words\x04\x1c\x1d\x0a\x0b"))
	f.Add([]byte("\x05" + strings.Repeat("a long line of words ", 30) + "\x0c\x0c\x0d\x1e\x1f"))
	names := []string{
		"backspace", "delete", "left", "right", "up", "down", "home", "end", "pgup", "pgdown",
		"ctrl+w", "alt+backspace", "alt+left", "alt+right", "ctrl+left", "ctrl+right", "ctrl+u", "ctrl+k", "alt+d", "enter",
	}
	f.Fuzz(func(t *testing.T, script []byte) {
		field := newField(20, 5)
		var m model
		for len(script) > 0 {
			op := script[0]
			script = script[1:]
			switch {
			case op == 0 || op == 5: // type or paste the text up to the next byte below 0x20
				n := 0
				for n < len(script) && (script[n] >= 0x20 || script[n] == '\n' || script[n] == '\r' || script[n] == '\t' || script[n] == 0x1b) {
					n++
				}
				text := string(script[:n])
				script = script[n:]
				if op == 0 {
					for _, r := range text {
						if r == '\n' || r == '\r' || r == '\t' || r == 0x1b {
							continue // keys of their own
						}
						field.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
						m.insert(sanitize.Paste(string(r)))
					}
				} else {
					field.Update(tea.PasteMsg{Content: text})
					m.insert(sanitize.Paste(text))
				}
			case op == 0x1e || op == 0x1f: // resize
				w, h := 2+int(op)%7, 1+int(op)%4
				if len(script) > 0 {
					w, h = 2+int(script[0]%40), 1+int(script[0]/40)
					script = script[1:]
				}
				field.SetSize(w, h)
			case op == 0x1c || op == 0x1d:
				field.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp + tea.MouseButton(op-0x1c)})
				m.cursor = m.flat(field.row, field.col)
			default:
				name := names[int(op)%len(names)]
				press(field, name)
				if !m.key(name) { // a move the model does not know: wrapped rows
					m.cursor = m.flat(field.row, field.col)
				}
			}
			if got, want := field.Value(), string(m.text); got != want {
				t.Fatalf("text %q, want %q", got, want)
			}
			if got := m.flat(field.row, field.col); got != m.cursor {
				t.Fatalf("cursor at %d (%d:%d), want %d in %q", got, field.row, field.col, m.cursor, string(m.text))
			}
			view := strings.Split(field.View(), "\n")
			if len(view) != field.height {
				t.Fatalf("%d rows for a height of %d", len(view), field.height)
			}
			for _, row := range view {
				if w := ansi.StringWidth(row); w != field.width {
					t.Fatalf("row %q is %d cells in a field %d wide", ansi.Strip(row), w, field.width)
				}
			}
			if cursorRow(field) < 0 {
				t.Fatalf("the cursor is not drawn:\n%s", field.View())
			}
		}
	})
}

// model is the text as one list of runes and a cursor in it.
type model struct {
	text   []rune
	cursor int
}

func (m *model) insert(s string) {
	r := []rune(s)
	m.text = slices.Insert(m.text, m.cursor, r...)
	m.cursor += len(r)
}

func (m *model) cut(to int) {
	from, to := min(m.cursor, to), max(m.cursor, to)
	m.text = slices.Delete(m.text, from, to)
	m.cursor = from
}

func (m *model) lineStart() int {
	i := m.cursor
	for i > 0 && m.text[i-1] != '\n' {
		i--
	}
	return i
}

func (m *model) lineEnd() int {
	i := m.cursor
	for i < len(m.text) && m.text[i] != '\n' {
		i++
	}
	return i
}

func (m *model) wordBefore() int {
	if m.cursor == m.lineStart() {
		return max(m.cursor-1, 0)
	}
	i := m.cursor
	for i > 0 && m.text[i-1] != '\n' && unicode.IsSpace(m.text[i-1]) {
		i--
	}
	for i > 0 && m.text[i-1] != '\n' && !unicode.IsSpace(m.text[i-1]) {
		i--
	}
	return i
}

func (m *model) wordAfter() int {
	if m.cursor == m.lineEnd() {
		return min(m.cursor+1, len(m.text))
	}
	i := m.cursor
	for i < len(m.text) && m.text[i] != '\n' && unicode.IsSpace(m.text[i]) {
		i++
	}
	for i < len(m.text) && m.text[i] != '\n' && !unicode.IsSpace(m.text[i]) {
		i++
	}
	return i
}

// key does what the key named does, and reports whether it knows it.
func (m *model) key(name string) bool {
	switch name {
	case "enter":
		m.insert("\n")
	case "backspace":
		m.cut(max(m.cursor-1, 0))
	case "delete":
		m.cut(min(m.cursor+1, len(m.text)))
	case "ctrl+w", "alt+backspace":
		m.cut(m.wordBefore())
	case "alt+d":
		m.cut(m.wordAfter())
	case "ctrl+u":
		m.cut(m.lineStart())
	case "ctrl+k":
		if end := m.lineEnd(); end > m.cursor {
			m.cut(end)
		} else {
			m.cut(min(m.cursor+1, len(m.text)))
		}
	case "left":
		m.cursor = max(m.cursor-1, 0)
	case "right":
		m.cursor = min(m.cursor+1, len(m.text))
	case "alt+left", "ctrl+left":
		m.cursor = m.wordBefore()
	case "alt+right", "ctrl+right":
		m.cursor = m.wordAfter()
	case "home":
		m.cursor = m.lineStart()
	case "end":
		m.cursor = m.lineEnd()
	default:
		return false
	}
	return true
}

// flat is the index in the model's text of rune col of line row.
func (m *model) flat(row, col int) int {
	i := 0
	for ; row > 0; i++ {
		if m.text[i] == '\n' {
			row--
		}
	}
	return i + col
}
