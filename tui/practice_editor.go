package tui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/editor"

	"github.com/rehearse-app/rehearse/sanitize"
)

// ctrl+e opens the active step's notes in the candidate's own editor:
// $VISUAL, else $EDITOR, else nano, else vi. The notes go to a file of
// mode 0600 in a directory of its own (0700), removed when the editor
// closes; the clock stops meanwhile; what comes back is cleaned like a
// paste. An editor that exits with an error (vim's :cq) leaves the notes
// as they were.

// editing is an open editor: where its file is, and what to go back to.
type editing struct {
	dir, path string
	step      int  // the step whose notes are in the file
	running   bool // whether the clock ran before
	endsInNL  bool // whether the notes ended with a line break
}

type (
	editorReadyMsg struct {
		dir, path string
		cmd       *exec.Cmd
		err       error
	}
	editorClosedMsg struct{ err error }
	notesEditedMsg  struct {
		text string
		err  error
	}
)

// editNotes starts editing the active step's notes.
func (s *practiceScreen) editNotes() tea.Cmd {
	s.syncNotes()
	a := s.attempt
	text := a.Steps[a.Active].Notes
	line, col := s.notes.Position()
	s.editing = &editing{step: a.Active, running: a.Running(), endsInNL: strings.HasSuffix(text, "\n")}
	a.Pause()
	s.notice = ""
	return func() tea.Msg {
		dir, err := os.MkdirTemp("", "rehearse-notes-")
		if err != nil {
			return editorReadyMsg{err: err}
		}
		path := filepath.Join(dir, "notes.md")
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			os.RemoveAll(dir)
			return editorReadyMsg{err: err}
		}
		cmd, err := editorCommand(path, line+1, col+1, os.Getenv, exec.LookPath)
		if err != nil {
			os.RemoveAll(dir)
			return editorReadyMsg{err: err}
		}
		return editorReadyMsg{dir: dir, path: path, cmd: cmd}
	}
}

// editorCommand is the command that edits path in the user's editor with
// the cursor at line and col (from 1), for the editors that can say so.
func editorCommand(path string, line, col int, getenv func(string) string, lookPath func(string) (string, error)) (*exec.Cmd, error) {
	var name string
	var args []string
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if fields := strings.Fields(getenv(v)); len(fields) > 0 {
			name, args = fields[0], fields[1:]
			break
		}
	}
	for _, fallback := range []string{"nano", "vi"} {
		if name != "" {
			break
		}
		if p, err := lookPath(fallback); err == nil {
			name = p
		}
	}
	if name == "" {
		return nil, errors.New("no editor: set $VISUAL or $EDITOR (neither nano nor vi is installed)")
	}
	at, pathInArgs := editor.AtPosition(line, col)(filepath.Base(name), path)
	args = append(args, at...)
	if !pathInArgs {
		args = append(args, path)
	}
	return exec.Command(name, args...), nil
}

// editorReady runs the editor, the program paused meanwhile.
func (s *practiceScreen) editorReady(msg editorReadyMsg) tea.Cmd {
	if msg.err != nil {
		s.notice = "Could not open an editor: " + msg.err.Error()
		s.endEditing()
		return nil
	}
	s.editing.dir, s.editing.path = msg.dir, msg.path
	return tea.ExecProcess(msg.cmd, func(err error) tea.Msg { return editorClosedMsg{err} })
}

// editorClosed reads the file back and removes it, in a command.
func (s *practiceScreen) editorClosed(msg editorClosedMsg) tea.Cmd {
	dir, path := s.editing.dir, s.editing.path
	return func() tea.Msg {
		defer os.RemoveAll(dir)
		if msg.err != nil {
			return notesEditedMsg{err: fmt.Errorf("the editor failed (%w); your notes are as they were", msg.err)}
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return notesEditedMsg{err: fmt.Errorf("could not read the edited notes (%w); your notes are as they were", err)}
		}
		return notesEditedMsg{text: string(data)}
	}
}

// notesEdited puts the edited text in the notes field.
func (s *practiceScreen) notesEdited(msg notesEditedMsg) {
	if msg.err != nil {
		s.notice = msg.err.Error()
	} else if s.attempt != nil && s.attempt.Active == s.editing.step {
		s.notes.Replace(s.editedText(msg.text))
		s.syncNotes()
	}
	s.endEditing()
}

// editedText cleans what the editor wrote like a paste; the line break
// editors add at the end goes, unless the notes had one.
func (s *practiceScreen) editedText(text string) string {
	text = sanitize.Paste(text)
	if !s.editing.endsInNL {
		text = strings.TrimSuffix(text, "\n")
	}
	return text
}

// endEditing starts the clock again if it ran before.
func (s *practiceScreen) endEditing() {
	if s.editing.running && s.attempt != nil {
		s.attempt.Resume()
	}
	s.editing = nil
}

// closeEditor, as the program ends with the editor open, keeps what the
// editor last saved and removes its file.
func (s *practiceScreen) closeEditor() {
	if s.editing == nil || s.editing.dir == "" {
		return
	}
	if data, err := os.ReadFile(s.editing.path); err == nil && s.attempt != nil && s.attempt.Active == s.editing.step {
		s.notes.Replace(s.editedText(string(data)))
		s.syncNotes()
	}
	os.RemoveAll(s.editing.dir)
	s.editing = nil
}
