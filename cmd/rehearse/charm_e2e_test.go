package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rehearse-app/rehearse/store"
)

// TestEndToEndEditorAndSuspend: ctrl+e hands the terminal to $VISUAL and
// takes back what it wrote, leaving no file behind; ctrl+z stops rehearse
// for the shell's job control and fg brings the screen back as it was.
func TestEndToEndEditorAndSuspend(t *testing.T) {
	x := newTmux(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "data", "rehearse.db")
	tmp := t.TempDir()
	editor := filepath.Join(t.TempDir(), "editor")
	script := "#!/bin/sh\nprintf 'editor is open\\n'\nsleep 0.3\nprintf '\\nadded in the editor\\n' >> \"$1\"\n"
	if err := os.WriteFile(editor, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	x.env = append(x.env, "VISUAL="+editor, "TMPDIR="+tmp)
	x.start("main", "bash --norc --noprofile -i")
	x.text("main", fmt.Sprintf("%s practice --seed 3 -n 1 -k behavioral --db %s\n", bin, db))
	x.waitFor("main", "Press enter when you are ready")
	x.keys("main", "Enter")
	x.waitFor("main", "recording")
	x.text("main", "typed first")

	x.keys("main", "C-e")
	x.waitFor("main", "editor is open")
	screen := x.waitFor("main", "added in the editor")
	if !strings.Contains(screen, "typed first") {
		t.Errorf("the notes lost what was typed before the editor:\n%s", screen)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "rehearse-notes-*")); len(left) > 0 {
		t.Errorf("the editor's files are left behind: %v", left)
	}

	x.keys("main", "C-z")
	x.waitFor("main", "Stopped")
	x.text("main", "fg\n")
	x.waitFor("main", "recording")
	x.text("main", " and after fg")
	x.waitFor("main", "after fg")
	x.keys("main", "C-c")

	x.text("main", "exit\n")
	x.waitExit("main")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Draft()
	if err != nil || d == nil {
		t.Fatalf("no draft: %v", err)
	}
	if got, want := d.Attempt.Steps[0].Notes, "typed first\nadded in the editor and after fg"; got != want {
		t.Errorf("the kept notes %q, want %q", got, want)
	}
}

// TestEndToEndReviewScreensBesidePractice: while one rehearse practises,
// a second opens the history screen and reads; what would write says why
// it cannot.
func TestEndToEndReviewScreensBesidePractice(t *testing.T) {
	x := newTmux(t)
	bin := buildBinary(t)
	db := filledDB(t)
	x.start("practice", fmt.Sprintf("%s practice --seed 3 -n 1 -k behavioral --db %s", bin, db))
	x.waitFor("practice", "Press enter when you are ready")
	x.start("history", fmt.Sprintf("%s history --db %s", bin, db))
	x.waitFor("history", "apis, databases")
	x.keys("history", "Enter")
	x.waitFor("history", "An index is a sorted structure")
	x.keys("history", "Escape")
	x.waitFor("history", "enter open")
	x.keys("history", "q")
	x.waitExit("history")

	x.start("browser", fmt.Sprintf("%s questions --db %s", bin, db))
	x.waitFor("browser", "enter open")
	x.keys("browser", "p")
	x.waitFor("browser", "This window only reads")
	x.keys("browser", "q")
	x.waitExit("browser")
}
