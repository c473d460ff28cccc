package notes

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func keys(f *Field, ks ...string) {
	for _, k := range ks {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		case "delete":
			msg = tea.KeyPressMsg{Code: tea.KeyDelete}
		case "left":
			msg = tea.KeyPressMsg{Code: tea.KeyLeft}
		case "up":
			msg = tea.KeyPressMsg{Code: tea.KeyUp}
		case "home":
			msg = tea.KeyPressMsg{Code: tea.KeyHome}
		default:
			for _, r := range k {
				f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			continue
		}
		f.Update(msg)
	}
}

func TestEditing(t *testing.T) {
	var f Field
	f.SetSize(20, 5)
	f.Focus()
	keys(&f, "hello", "enter", "world", "left", "left", "backspace", "X")
	if got := f.Value(); got != "hello\nwoXld" {
		t.Fatalf("value %q", got)
	}
	keys(&f, "home", "backspace") // joins the lines
	if got := f.Value(); got != "hellowoXld" {
		t.Fatalf("after joining %q", got)
	}
	keys(&f, "delete")
	if got := f.Value(); got != "hellooXld" {
		t.Fatalf("after delete %q", got)
	}
	if !f.TakeChanged() || f.TakeChanged() {
		t.Error("TakeChanged should report a change once")
	}
}

func TestCommandKeysAreNotTaken(t *testing.T) {
	var f Field
	f.SetSize(20, 5)
	f.Focus()
	for _, msg := range []tea.KeyPressMsg{
		{Code: tea.KeyTab}, {Code: tea.KeyEscape}, {Code: 'd', Mod: tea.ModCtrl}, {Code: 'p', Mod: tea.ModCtrl},
	} {
		if f.Update(msg) {
			t.Errorf("the field took %v", msg)
		}
	}
	if !f.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}) || !f.Update(tea.KeyPressMsg{Code: '?', Text: "?"}) {
		t.Error("q and ? are text in the field")
	}
	f.Blur()
	if f.Update(tea.KeyPressMsg{Code: 'a', Text: "a"}) {
		t.Error("a blurred field took a key")
	}
}

func TestPasteIsSanitized(t *testing.T) {
	var f Field
	f.SetSize(40, 5)
	f.Focus()
	f.Update(tea.PasteMsg{Content: "one\r\ntwo \x1b]52;c;aGk=\x07\x1b[2Jthree\u202e"})
	if got := f.Value(); got != "one\ntwo three" {
		t.Errorf("pasted %q", got)
	}
}

func TestViewDrawsOnlyTheWindowAroundTheCursor(t *testing.T) {
	var f Field
	f.SetSize(10, 3)
	f.Focus()
	lines := make([]string, 100)
	for i := range lines {
		lines[i] = "line " + string(rune('a'+i%26))
	}
	f.SetValue(strings.Join(lines, "\n"))
	view := ansi.Strip(f.View())
	rows := strings.Split(view, "\n")
	if len(rows) != 3 || !strings.HasPrefix(rows[2], "line v") {
		t.Fatalf("view %q", view)
	}
	keys(&f, "up", "up", "up")
	if rows := strings.Split(ansi.Strip(f.View()), "\n"); !strings.HasPrefix(rows[0], "line s") {
		t.Errorf("after moving up: %q", rows)
	}
	f.SetValue(strings.Repeat("x", 25)) // wraps onto three rows
	if rows := strings.Split(ansi.Strip(f.View()), "\n"); len(rows) != 3 || rows[0] != "xxxxxxxxxx" || strings.TrimRight(rows[2], " ") != "xxxxx" {
		t.Errorf("wrapped %q", rows)
	}
}
