package tui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/internal/testdb"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// TestEditorCommand: $VISUAL before $EDITOR, with its arguments kept;
// nano, then vi, when neither is set; the cursor's place for the editors
// that take one; a clear error when there is no editor at all.
func TestEditorCommand(t *testing.T) {
	installed := func(names ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			for _, n := range names {
				if n == name {
					return "/usr/bin/" + name, nil
				}
			}
			return "", exec.ErrNotFound
		}
	}
	for _, tc := range []struct {
		name          string
		env           map[string]string
		lookPath      func(string) (string, error)
		want          []string
		wantErrSubstr string
	}{
		{"visual first", map[string]string{"VISUAL": "code --wait", "EDITOR": "vim"}, installed(), []string{"code", "--wait", "--goto", "/t/notes.md:3:5"}, ""},
		{"editor with line", map[string]string{"EDITOR": "vim"}, installed(), []string{"vim", "+call cursor(3,5)", "/t/notes.md"}, ""},
		{"blank visual", map[string]string{"VISUAL": "  ", "EDITOR": "nano"}, installed(), []string{"nano", "+3,5", "/t/notes.md"}, ""},
		{"nano fallback", nil, installed("nano", "vi"), []string{"/usr/bin/nano", "+3,5", "/t/notes.md"}, ""},
		{"vi fallback", nil, installed("vi"), []string{"/usr/bin/vi", "+call cursor(3,5)", "/t/notes.md"}, ""},
		{"none", nil, installed(), nil, "set $VISUAL or $EDITOR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd, err := editorCommand("/t/notes.md", 3, 5, func(k string) string { return tc.env[k] }, tc.lookPath)
			if tc.wantErrSubstr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrSubstr) {
					t.Fatalf("err %v, want one saying %q", err, tc.wantErrSubstr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := append([]string{cmd.Path}, cmd.Args[1:]...); filepath.Base(got[0]) != filepath.Base(tc.want[0]) || !reflect.DeepEqual(got[1:], tc.want[1:]) {
				t.Errorf("command %q, want %q", got, tc.want)
			}
		})
	}
}

// TestEditNotesInAnEditor: ctrl+e writes the active step's notes to a
// private file, stops the clock while the editor runs, and takes back what
// the editor saved, cleaned of terminal sequences; the file is removed.
func TestEditNotesInAnEditor(t *testing.T) {
	log := filepath.Join(t.TempDir(), "editor.log")
	script := filepath.Join(t.TempDir(), "fake-editor")
	// The editor notes the modes of the file and its directory and what it
	// was given, then adds a line with a colour sequence.
	body := "#!/bin/sh\nf=\"$1\"\nstat -c '%a' \"$f\" \"$(dirname \"$f\")\" > " + log + "\ncat \"$f\" >> " + log +
		"\nprintf '\\nfrom the editor \\033[31mred\\033[0m\\n' >> \"$f\"\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", script)

	st := startPractice(newScreenTest(t, 80, 24), "behavioral").send(press("enter"))
	st.send(typeText("typed in rehearse")...)
	s := st.m.(Model).screen.(*practiceScreen)
	var cmd tea.Cmd
	st.m, cmd = st.m.Update(press("ctrl+e"))
	if s.attempt.Running() {
		t.Error("the clock runs while the editor is open")
	}
	ready, ok := cmd().(editorReadyMsg)
	if !ok || ready.err != nil {
		t.Fatalf("no editor: %+v", ready)
	}
	st.m, _ = st.m.Update(ready) // would hand the terminal to the editor
	runErr := ready.cmd.Run()
	st.wait(time.Minute) // a minute in the editor is not answer time
	var closed tea.Cmd
	st.m, closed = st.m.Update(editorClosedMsg{runErr})
	st.send(run(closed)...)

	logged, _ := os.ReadFile(log)
	if want := "600\n700\ntyped in rehearse"; string(logged) != want {
		t.Errorf("the editor saw %q, want %q", logged, want)
	}
	if got, want := s.notes.Value(), "typed in rehearse\nfrom the editor red"; got != want {
		t.Errorf("notes after editing %q, want %q", got, want)
	}
	if _, err := os.Stat(ready.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the editor's directory is still there: %v", err)
	}
	if !s.attempt.Running() {
		t.Error("the clock did not start again")
	}
	if spent := s.attempt.Total(); spent > time.Second {
		t.Errorf("%v of answer time counted, the minute in the editor included", spent)
	}
}

// TestEditorFailureKeepsNotes: an editor that exits with an error (vim's
// :cq) leaves the notes as they were and says so.
func TestEditorFailureKeepsNotes(t *testing.T) {
	t.Setenv("VISUAL", "false")
	st := startPractice(newScreenTest(t, 80, 24), "behavioral").send(press("enter"))
	st.send(typeText("kept")...)
	var cmd tea.Cmd
	st.m, cmd = st.m.Update(press("ctrl+e"))
	ready := cmd().(editorReadyMsg)
	st.m, _ = st.m.Update(ready)
	var closed tea.Cmd
	st.m, closed = st.m.Update(editorClosedMsg{ready.cmd.Run()})
	st.send(run(closed)...)
	s := st.m.(Model).screen.(*practiceScreen)
	if s.notes.Value() != "kept" {
		t.Errorf("notes %q after a failed editor", s.notes.Value())
	}
	if view := flat(st.m.View().Content); !strings.Contains(view, "your notes are as they were") {
		t.Errorf("no word of the failure:\n%s", view)
	}
}

// TestSuspendStopsTheClock: ctrl+z saves the draft and stops the clock
// before the program stops; resuming starts it again.
func TestSuspendStopsTheClock(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "behavioral").send(press("enter"))
	st.send(typeText("before ctrl+z")...)
	s := st.m.(Model).screen.(*practiceScreen)
	var cmd tea.Cmd
	st.m, cmd = st.m.Update(press("ctrl+z"))
	if s.attempt.Running() {
		t.Error("the clock runs while suspended")
	}
	if cmd == nil {
		t.Fatal("ctrl+z did nothing")
	}
	// A sequence (an unexported slice of commands): the draft is saved,
	// then the program suspends.
	steps := reflect.ValueOf(cmd())
	if steps.Kind() != reflect.Slice || steps.Len() != 2 {
		t.Fatalf("ctrl+z gives %T, want a sequence of two commands", cmd())
	}
	st.send(steps.Index(0).Interface().(tea.Cmd)())
	if _, ok := steps.Index(1).Interface().(tea.Cmd)().(tea.SuspendMsg); !ok {
		t.Error("the second step does not suspend")
	}
	if d, err := st.store.Draft(); err != nil || d == nil || d.Attempt.Steps[0].Notes != "before ctrl+z" {
		t.Errorf("no draft saved before suspending: %+v, %v", d, err)
	}
	st.send(tea.ResumeMsg{})
	if !s.attempt.Running() {
		t.Error("the clock did not start again after resuming")
	}
}

// TestMouseWheel: mouse reporting is on only on screens that scroll; the
// wheel moves the history list as the arrow keys do.
func TestMouseWheel(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	fillHistory(t, st)
	if mode := st.m.View().MouseMode; mode != tea.MouseModeNone {
		t.Errorf("mouse mode %v on the home screen", mode)
	}
	st.send(press("down"), press("enter"))
	h, ok := st.m.(Model).screen.(*history)
	if !ok {
		t.Fatalf("not on history: %T", st.m.(Model).screen)
	}
	if mode := st.m.View().MouseMode; mode != tea.MouseModeCellMotion {
		t.Errorf("mouse mode %v on history", mode)
	}
	before := h.table.Cursor()
	st.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if h.table.Cursor() != before+1 {
		t.Errorf("the wheel moved the cursor from %d to %d", before, h.table.Cursor())
	}
	st.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if h.table.Cursor() != before {
		t.Errorf("the wheel up left the cursor at %d", h.table.Cursor())
	}
}

// TestCopySessionAsMarkdown: y in the session view puts the session's
// markdown on the clipboard and says so.
func TestCopySessionAsMarkdown(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	fillHistory(t, st)
	st.send(press("down"), press("enter"), press("enter"))
	var cmd tea.Cmd
	st.m, cmd = st.m.Update(press("y"))
	if cmd == nil {
		t.Fatal("y did nothing")
	}
	msg := cmd()
	if v := reflect.ValueOf(msg); v.Kind() != reflect.String || !strings.Contains(v.String(), "Same story, told with numbers first") {
		t.Errorf("the clipboard gets %T %v", msg, msg)
	}
	if view := flat(st.m.View().Content); !strings.Contains(view, "Copied") {
		t.Errorf("nothing says the session was copied:\n%s", view)
	}
}

// TestDeleteFromHistory: d asks with the session's day and progress, a
// key other than y keeps it, y deletes it from the list and the database.
func TestDeleteFromHistory(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	fillHistory(t, st)
	st.send(press("down"), press("enter"))
	h := st.m.(Model).screen.(*history)
	first := h.sessions[0].ID
	st.send(press("d"))
	if view := flat(st.m.View().Content); !strings.Contains(view, fmt.Sprintf("Delete session %d of", first)) {
		t.Fatalf("d does not ask:\n%s", view)
	}
	st.send(press("n"))
	if len(h.sessions) != 3 || h.confirming != nil {
		t.Fatalf("n deleted or kept asking: %d sessions", len(h.sessions))
	}
	st.send(press("d"), press("y"))
	if len(h.sessions) != 2 || h.sessions[0].ID == first {
		t.Errorf("the list after y: %+v", h.sessions)
	}
	if view := flat(st.m.View().Content); !strings.Contains(view, fmt.Sprintf("Deleted session %d.", first)) || !strings.Contains(view, "2 sessions") {
		t.Errorf("no word of the delete:\n%s", view)
	}
	if _, _, err := st.store.Session(first); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the session is still in the database: %v", err)
	}
	st.golden()
}

// TestSetupRemembersTheLastChoices: the setup opens with the kind, level,
// count, minutes and topics of the last session practised; a key pressed
// before they are read wins.
func TestSetupRemembersTheLastChoices(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	fillHistory(t, st) // the newest: behavioral, 1 question
	st.send(openSetupMsg{})
	s := st.m.(Model).screen.(*setup)
	if got := s.settings; got.Kind != "behavioral" || got.Count != 1 || got.Seed != 0 {
		t.Errorf("setup opens with %+v, want the last session's choices", got)
	}
	clock := &testdb.Clock{T: st.clock.now.Add(-time.Hour)}
	last := testdb.Session{Settings: practice.Settings{Topics: []string{"databases", "apis"}, Levels: []bank.Level{bank.Senior}, Count: 4, Minutes: 6, Seed: 5},
		Answers: []testdb.Answer{{Seconds: []int{30, 30, 30, 30}, Notes: []string{"a note"}, Phases: []int{3, 3, 3, 3}, Overall: 3}}}
	if _, err := testdb.Practise(st.store, st.m.(Model).c.bank, clock, last); err != nil {
		t.Fatal(err)
	}
	st.send(openSetupMsg{})
	s = st.m.(Model).screen.(*setup)
	if got := s.settings; !slices.Equal(got.Topics, []string{"databases", "apis"}) || !slices.Equal(got.Levels, []bank.Level{bank.Senior}) || got.Count != 4 || got.Minutes != 6 {
		t.Errorf("setup opens with %+v after a senior session on two topics", got)
	}
	// A key before the last choices arrive keeps what it chose.
	var cmd tea.Cmd
	st.m, cmd = st.m.Update(openSetupMsg{})
	st.send(press("right")) // the kind
	st.send(run(cmd)...)
	if got := st.m.(Model).screen.(*setup).settings; got.Count != practice.DefaultCount || got.Kind != "behavioral" || len(got.Topics) > 0 {
		t.Errorf("the last choices overwrote a key: %+v", got)
	}
}

// TestPastSessionWithMultiLineNotes: notes typed on several lines keep
// their lines in the session view, each wrapped once under the quote bar.
func TestPastSessionWithMultiLineNotes(t *testing.T) {
	for _, width := range []int{80, 120} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			st := newScreenTest(t, width, 45)
			clock := &testdb.Clock{T: st.clock.now.Add(-2 * time.Hour)}
			notes := "Checkout p99 rose from 300 ms to 4 s after the Tuesday release, and the on-call pager went off for the payments team twice in one hour.\n" +
				"- first line of a list\n- second line of a list\n\nA paragraph after a blank line."
			s := testdb.Session{Settings: practice.Settings{Kind: "behavioral", Count: 1, Seed: 11},
				Answers: []testdb.Answer{{Seconds: []int{40, 15, 95, 30}, Notes: []string{notes, "I owned the rollback.\nThen the index."}, Phases: []int{4, 4, 3, 3}, Overall: 4}}}
			if _, err := testdb.Practise(st.store, st.m.(Model).c.bank, clock, s); err != nil {
				t.Fatal(err)
			}
			st.send(press("down"), press("enter"), press("enter"))
			view := ansi.Strip(st.m.View().Content)
			for _, line := range []string{"first line of a list", "second line of a list", "A paragraph after a blank line.", "I owned the rollback.", "Then the index."} {
				if !strings.Contains(view, line) {
					t.Errorf("the view lost the line %q:\n%s", line, view)
				}
			}
			for _, l := range strings.Split(view, "\n") {
				if strings.Contains(l, "payments team") && !strings.Contains(l, "│") {
					t.Errorf("a wrapped line lost its quote bar: %q", l)
				}
			}
			st.golden()
		})
	}
}

func TestJoinListLines(t *testing.T) {
	in := "Intro line\nand more.\n\n- first item that goes\n  on here\n- second\n  1. nested\n     goes on\n\n```\n- code\n  stays\n```\nAfter"
	want := "Intro line\nand more.\n\n- first item that goes on here\n- second\n  1. nested goes on\n\n```\n- code\n  stays\n```\nAfter"
	if got := joinListLines(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestReadOnlyRunDoesNotPractise: a run beside a practising rehearse says
// why it cannot practise instead of starting, and reads as usual.
func TestReadOnlyRunDoesNotPractise(t *testing.T) {
	st := newScreenTest(t, 80, 24)
	locked := errors.New("another rehearse (process 42) is practising with this file")
	st.m = New(Options{Bank: testBank(t), Store: st.store, Clock: st.clock.Now, ReadOnly: locked})
	st.send(tea.WindowSizeMsg{Width: 80, Height: 24}).send(run(st.m.Init())...)
	before := st.m.(Model).screen
	st.send(startSessionMsg{practice.Settings{Count: 1, Seed: 1}})
	if st.m.(Model).screen != before {
		t.Errorf("a read-only run started practising: %T", st.m.(Model).screen)
	}
	if view := flat(st.m.View().Content); !strings.Contains(view, "This window only reads: another rehearse (process 42)") {
		t.Errorf("no word of why:\n%s", view)
	}
	st.send(press("down"))
	if view := flat(st.m.View().Content); strings.Contains(view, "only reads") {
		t.Errorf("the notice outlives the next key:\n%s", view)
	}
}
