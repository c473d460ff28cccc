package notes

import "charm.land/bubbles/v2/key"

// keyMap is the field's editing keys, those of a shell or a good editor.
// Keys it does not hold are not the field's: Update reports them unused,
// so that the screen can take them as commands (tab, esc, ctrl+d …).
type keyMap struct {
	Newline                                key.Binding
	DeleteBefore, DeleteAfter              key.Binding
	DeleteWordBefore, DeleteWordAfter      key.Binding
	DeleteToLineStart, DeleteToLineEnd     key.Binding
	Left, Right, WordLeft, WordRight       key.Binding
	LineStart, LineEnd, TextStart, TextEnd key.Binding
	Up, Down, PageUp, PageDown             key.Binding
}

// editKeys are the field's editing keys, built once.
var editKeys = newKeyMap()

func newKeyMap() keyMap {
	b := func(help, desc string, k ...string) key.Binding {
		return key.NewBinding(key.WithKeys(k...), key.WithHelp(help, desc))
	}
	return keyMap{
		Newline:           b("enter", "new line", "enter"),
		DeleteBefore:      b("backspace", "delete left", "backspace", "ctrl+h"),
		DeleteAfter:       b("delete", "delete right", "delete"),
		DeleteWordBefore:  b("ctrl+w", "delete word left", "ctrl+w", "alt+backspace", "ctrl+backspace"),
		DeleteWordAfter:   b("alt+d", "delete word right", "alt+d", "ctrl+delete", "alt+delete"),
		DeleteToLineStart: b("ctrl+u", "delete to line start", "ctrl+u"),
		DeleteToLineEnd:   b("ctrl+k", "delete to line end", "ctrl+k"),
		Left:              b("←", "left", "left", "ctrl+b"),
		Right:             b("→", "right", "right", "ctrl+f"),
		WordLeft:          b("alt+←", "word left", "alt+left", "ctrl+left", "alt+b"),
		WordRight:         b("alt+→", "word right", "alt+right", "ctrl+right", "alt+f"),
		LineStart:         b("home", "line start", "home", "ctrl+a"),
		LineEnd:           b("end", "line end", "end"),
		TextStart:         b("ctrl+home", "start", "ctrl+home"),
		TextEnd:           b("ctrl+end", "end", "ctrl+end"),
		Up:                b("↑", "row up", "up"),
		Down:              b("↓", "row down", "down"),
		PageUp:            b("pgup", "page up", "pgup"),
		PageDown:          b("pgdn", "page down", "pgdown"),
	}
}

// keystroke is a key press's name, worked out once for all the bindings
// it is matched against.
type keystroke string

func (k keystroke) String() string { return string(k) }
