package notes

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// keys types text, and presses the keys among ks that it names.
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
	f.SetValue(strings.Repeat("x", 25)) // a word longer than a row: 9, 9 and 7, a column kept for the cursor
	if rows := strings.Split(ansi.Strip(f.View()), "\n"); len(rows) != 3 || rows[0] != "xxxxxxxxx " || strings.TrimRight(rows[2], " ") != "xxxxxxx" {
		t.Errorf("wrapped %q", rows)
	}
}

// press sends one key by its name, as Bubble Tea names keys.
func press(f *Field, name string) bool {
	msg, ok := keyMsgs[name]
	if !ok {
		panic("no key " + name)
	}
	return f.Update(msg)
}

var keyMsgs = map[string]tea.KeyPressMsg{
	"enter": {Code: tea.KeyEnter}, "backspace": {Code: tea.KeyBackspace}, "delete": {Code: tea.KeyDelete},
	"left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight}, "up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
	"home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd}, "pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown},
	"ctrl+w": {Code: 'w', Mod: tea.ModCtrl}, "alt+backspace": {Code: tea.KeyBackspace, Mod: tea.ModAlt},
	"alt+left": {Code: tea.KeyLeft, Mod: tea.ModAlt}, "alt+right": {Code: tea.KeyRight, Mod: tea.ModAlt},
	"ctrl+left": {Code: tea.KeyLeft, Mod: tea.ModCtrl}, "ctrl+right": {Code: tea.KeyRight, Mod: tea.ModCtrl},
	"ctrl+u": {Code: 'u', Mod: tea.ModCtrl}, "ctrl+k": {Code: 'k', Mod: tea.ModCtrl}, "alt+d": {Code: 'd', Mod: tea.ModAlt},
	"ctrl+a": {Code: 'a', Mod: tea.ModCtrl}, "ctrl+e": {Code: 'e', Mod: tea.ModCtrl},
}

// rows returns the field's view as plain rows without trailing spaces.
func rows(f *Field) []string {
	out := strings.Split(ansi.Strip(f.View()), "\n")
	for i, r := range out {
		out[i] = strings.TrimRight(r, " ")
	}
	return out
}

// cursorRow returns the row of the view the cursor is drawn on, -1 if none.
func cursorRow(f *Field) int {
	for i, r := range strings.Split(f.View(), "\n") {
		if strings.Contains(r, "\x1b[7m") {
			return i
		}
	}
	return -1
}

func newField(width, height int) *Field {
	f := &Field{Cursor: lipgloss.NewStyle().Reverse(true)}
	f.SetSize(width, height)
	f.Focus()
	return f
}

func TestWrapsAtWordBoundaries(t *testing.T) {
	f := newField(20, 6)
	f.SetValue("we were fixing the slow query on the orders table\nshort\nabcdefghijklmnopqrstuvwxyz0123")
	want := []string{"we were fixing the", "slow query on the", "orders table", "short", "abcdefghijklmnopqrs", "tuvwxyz0123"}
	if got := rows(f); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows\n got %q\nwant %q", got, want)
	}
	for _, c := range []struct {
		line  string
		width int
		want  []int
	}{
		{"", 10, []int{0}},
		{"short", 10, []int{0}},
		{"aaaa bbb", 5, []int{0, 5}},    // the space hangs in the cursor's column
		{"aaa bbb", 5, []int{0, 4}},     // "aaa " then "bbb"
		{"aaaa ", 5, []int{0, 5}},       // a row for the cursor after the space
		{"日本語の文章です", 7, []int{0, 3, 6}}, // two cells each
		{"a 日本語", 5, []int{0, 2, 4}},
	} {
		if got := Rows(c.line, c.width); !slices.Equal(got, c.want) {
			t.Errorf("Rows(%q, %d) = %v, want %v", c.line, c.width, got, c.want)
		}
	}
}

func TestTheCursorsRowIsAlwaysInView(t *testing.T) {
	f := newField(12, 3)
	// One line of 200 words, typed: far longer than the box.
	for i := range 200 {
		keys(f, "word"+string(rune('a'+i%26))+" ")
	}
	if got := cursorRow(f); got != 2 {
		t.Fatalf("typing at the end of a long line: cursor on row %d of\n%s", got, f.View())
	}
	if r := rows(f); !strings.HasSuffix(r[1], "wordr wordr") && !strings.Contains(strings.Join(r, " "), "wordr") {
		t.Errorf("the end of the line is not shown: %q", r)
	}
	press(f, "home")
	if got, r := cursorRow(f), rows(f); got != 0 || !strings.HasPrefix(r[0], "worda") {
		t.Errorf("home: cursor on row %d of %q", got, r)
	}
	for range 5 {
		press(f, "down")
	}
	if got := cursorRow(f); got < 0 {
		t.Errorf("after moving down the cursor is not drawn:\n%s", f.View())
	}
	press(f, "end")
	if got := cursorRow(f); got != 2 {
		t.Errorf("end: cursor on row %d", got)
	}
}

func TestEditingKeys(t *testing.T) {
	f := newField(40, 5)
	keys(f, "the quick  brown fox")
	press(f, "ctrl+w")
	if got := f.Value(); got != "the quick  brown " {
		t.Errorf("ctrl+w: %q", got)
	}
	press(f, "alt+backspace")
	if got := f.Value(); got != "the quick  " {
		t.Errorf("alt+backspace: %q", got)
	}
	keys(f, "red fox")
	press(f, "alt+left")
	press(f, "ctrl+left")
	keys(f, "X")
	if got := f.Value(); got != "the quick  Xred fox" {
		t.Errorf("word moves left: %q", got)
	}
	press(f, "home")
	press(f, "alt+right")
	press(f, "ctrl+right")
	keys(f, "Y")
	if got := f.Value(); got != "the quickY  Xred fox" {
		t.Errorf("word moves right: %q", got)
	}
	press(f, "ctrl+k")
	if got := f.Value(); got != "the quickY" {
		t.Errorf("ctrl+k: %q", got)
	}
	press(f, "left")
	press(f, "ctrl+u")
	if got := f.Value(); got != "Y" {
		t.Errorf("ctrl+u: %q", got)
	}
	press(f, "end")
	press(f, "enter")
	keys(f, "second")
	press(f, "home")
	press(f, "ctrl+w") // at a line's start: joins the line before
	if got := f.Value(); got != "Ysecond" {
		t.Errorf("ctrl+w at a line's start: %q", got)
	}
	press(f, "end")
	press(f, "enter")
	keys(f, "third")
	press(f, "up")
	press(f, "end")
	press(f, "ctrl+k") // at a line's end: joins the line after
	if got := f.Value(); got != "Ysecondthird" {
		t.Errorf("ctrl+k at a line's end: %q", got)
	}
	press(f, "home")
	press(f, "alt+d")
	if got := f.Value(); got != "" {
		t.Errorf("alt+d: %q", got)
	}
	if press(f, "ctrl+e") {
		t.Error("ctrl+e is the editor's key, not the field's")
	}
}

func TestUpAndDownMoveByScreenRows(t *testing.T) {
	f := newField(11, 5)
	f.SetValue("aaaa bbbb cccc dddd\nxy")
	press(f, "up") // from the end of "xy" (column 2) to the row "cccc dddd"
	keys(f, "_")
	if got := f.Value(); got != "aaaa bbbb cc_cc dddd\nxy" {
		t.Errorf("up into a wrapped line: %q", got)
	}
	press(f, "up")
	keys(f, "^")
	if got := f.Value(); got != "aaa^a bbbb cc_cc dddd\nxy" { // the column after the "_"
		t.Errorf("up within a wrapped line: %q", got)
	}
	press(f, "down")
	press(f, "down")
	keys(f, "$")
	if got := f.Value(); got != "aaa^a bbbb cc_cc dddd\nxy$" {
		t.Errorf("down keeps the column where it can: %q", got)
	}
}

func TestResizeKeepsTheViewFull(t *testing.T) {
	f := newField(30, 10)
	lines := make([]string, 30)
	for i := range lines {
		lines[i] = "line " + strconv.Itoa(i+1)
	}
	f.SetValue(strings.Join(lines, "\n"))
	for range 3 {
		press(f, "up")
	}
	f.SetSize(30, 3) // smaller: the cursor's row stays in view
	if r, c := rows(f), cursorRow(f); c < 0 || r[c] != "line 27" {
		t.Errorf("smaller: rows %q, cursor on %d", r, c)
	}
	f.SetSize(30, 10) // and back: the rows above come back, the window full
	if r := rows(f); r[0] != "line 21" || r[9] != "line 30" {
		t.Errorf("back to the old size: %q", r)
	}
	if r := rows(f); slices.Contains(r, "") {
		t.Errorf("empty rows with text above them: %q", r)
	}
	f.SetSize(8, 10) // narrower: lines wrap, the cursor's row still in view
	if c := cursorRow(f); c < 0 {
		t.Errorf("narrower: no cursor in\n%s", f.View())
	}
}

func TestViewIsExactlyTheFieldsSize(t *testing.T) {
	f := newField(9, 4)
	f.SetValue("日本語のテキスト and some words\n\nx")
	for _, r := range strings.Split(f.View(), "\n") {
		if w := ansi.StringWidth(r); w != 9 {
			t.Errorf("row %q is %d cells wide", ansi.Strip(r), w)
		}
	}
}
