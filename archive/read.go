package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/sanitize"
	"github.com/rehearse-app/rehearse/store"
)

// File is an export or rescue file.
type File struct {
	Format   string    `json:"format"`
	Version  int       `json:"version"`
	Exported time.Time `json:"exported"`
	Sessions []Session `json:"sessions"`
}

// MaxFileSize is the largest file Read takes.
const MaxFileSize = 256 << 20

// Read reads an export or rescue file. Text in it is stripped of terminal
// control sequences, as any text from outside is.
func Read(r io.Reader) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is over %d MiB; an export is smaller", MaxFileSize>>20)
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("not a rehearse export: %w", err)
	}
	switch {
	case f.Format != FormatName:
		return nil, fmt.Errorf("not a rehearse export: its format is %q, not %q", f.Format, FormatName)
	case f.Version > Version:
		return nil, fmt.Errorf("the file is export version %d and this rehearse reads version %d at most; upgrade rehearse", f.Version, Version)
	}
	for i := range f.Sessions {
		if err := f.Sessions[i].clean(); err != nil {
			return nil, fmt.Errorf("session %d of the file: %w", i+1, err)
		}
	}
	return &f, nil
}

// clean sanitizes the text of a session read from a file and checks what
// the store cannot take.
func (s *Session) clean() error {
	sum := &s.Session
	if sum.Started.IsZero() {
		return errors.New("it has no start time")
	}
	sum.Origin = sanitize.Line(sum.Origin)
	cleanAll(sum.Questions)
	cleanAll(sum.Topics)
	cleanAll(sum.Settings.Topics)
	for i := range s.Attempts {
		a := &s.Attempts[i]
		q := &a.Question
		q.ID, q.Kind, q.Level, q.Prompt, q.Frame = sanitize.Line(q.ID), sanitize.Line(q.Kind), sanitize.Line(q.Level), sanitize.Line(q.Prompt), sanitize.Line(q.Frame)
		cleanAll(q.Topics)
		cleanAll(q.Cover)
		if q.ID == "" {
			return fmt.Errorf("answer %d has no question id", i+1)
		}
		for j := range a.Steps {
			st := &a.Steps[j]
			st.Kind, st.Name, st.Prompt, st.Notes = sanitize.Line(st.Kind), sanitize.Line(st.Name), sanitize.Line(st.Prompt), sanitize.Text(st.Notes)
		}
		cleanAll(a.Rating.Covered)
		a.Rating.NextTime = sanitize.Line(a.Rating.NextTime)
		if a.Index < 0 || a.Index >= 1<<16 {
			return fmt.Errorf("answer %d has index %d", i+1, a.Index)
		}
	}
	return nil
}

func cleanAll(list []string) {
	for i := range list {
		list[i] = sanitize.Line(list[i])
	}
}

// ToStore converts the session to the store's types. An answer that was
// never finished (the draft of a rescue file) ends when it was saved.
func (s Session) ToStore() (store.Session, []store.Attempt) {
	sum := s.Session
	st := sum.Settings
	sess := store.Session{
		ID: sum.ID, Started: sum.Started, Questions: sum.Questions, Topics: sum.Topics, Origin: sum.Origin,
		Settings: practice.Settings{Topics: st.Topics, Kind: bank.Kind(st.Kind), Count: st.Count, Minutes: st.Minutes,
			Seed: st.Seed, Followups: st.Followups, Order: st.Order},
	}
	for _, l := range st.Levels {
		sess.Settings.Levels = append(sess.Settings.Levels, bank.Level(l))
	}
	var attempts []store.Attempt
	for _, d := range s.Attempts {
		q := d.Question
		a := store.Attempt{
			Index: d.Index, Saved: d.Saved, Insights: d.Insights,
			Attempt: practice.Attempt{
				Question: practice.QuestionSnapshot{ID: q.ID, Kind: q.Kind, Level: q.Level, Topics: q.Topics, Prompt: q.Prompt, Frame: q.Frame, Cover: q.Cover},
				Started:  d.Started, Finished: d.Finished, Skipped: d.Skipped,
				Rating: practice.Rating{Phases: d.Rating.Phases, Overall: d.Rating.Overall, Covered: d.Rating.Covered, NextTime: d.Rating.NextTime},
			},
		}
		for _, st := range d.Steps {
			a.Steps = append(a.Steps, practice.Step{Kind: practice.StepKind(st.Kind), Name: st.Name, Prompt: st.Prompt, Target: st.Target, Spent: st.Spent, Notes: st.Notes})
		}
		if a.Finished.IsZero() {
			a.Finished = a.Saved
		}
		attempts = append(attempts, a)
	}
	return sess, attempts
}

// WriteRescue writes session to a new rescue file (the export format,
// mode 0600) in the first of dirs that takes it, making that directory
// (0700) if need be, and returns the file's path.
func WriteRescue(dirs []string, session Session, now time.Time) (string, error) {
	f := File{Format: FormatName, Version: Version, Exported: now.UTC(), Sessions: []Session{session}}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return "", err
	}
	var errs []error
	for _, dir := range dirs {
		path, err := writeNew(dir, "rehearse-rescue-"+now.Format("20060102-150405")+".json", data)
		if err == nil {
			return path, nil
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

// writeNew writes data to a new file named name in dir, or name with a
// number when that exists, synced to disk.
func writeNew(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	ext := filepath.Ext(name)
	for n := 1; n < 100; n++ {
		path := filepath.Join(dir, name)
		if n > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", name[:len(name)-len(ext)], n, ext))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("%s: too many rescue files", dir)
}
