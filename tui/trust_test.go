package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/rehearse-app/rehearse/archive"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// fullDisk is a store whose writes fail as on a full disk while full is
// set; reads work.
type fullDisk struct {
	*store.Store
	full atomic.Bool
}

func (d *fullDisk) fail(op string) error {
	if d.full.Load() {
		return fmt.Errorf("%s: write %s: %w", op, d.Path(), syscall.ENOSPC)
	}
	return nil
}

func (d *fullDisk) CreateSession(s *store.Session) error {
	if err := d.fail("save session"); err != nil {
		return err
	}
	return d.Store.CreateSession(s)
}

func (d *fullDisk) SaveAttempt(a *store.Attempt) error {
	if err := d.fail("save attempt"); err != nil {
		return err
	}
	return d.Store.SaveAttempt(a)
}

func (d *fullDisk) SaveDraft(dr *store.Draft) error {
	if err := d.fail("save draft"); err != nil {
		return err
	}
	return d.Store.SaveDraft(dr)
}

func (d *fullDisk) KeepDraft() error {
	if err := d.fail("keep draft"); err != nil {
		return err
	}
	return d.Store.KeepDraft()
}

// TestFullDiskLosesNothing: with the disk full, the answer screen says the
// notes are not saved and keeps them; the rating screen keeps the answer
// and saves it when asked again once there is room; and when rehearse ends
// with work it could not save, a rescue file holds it.
func TestFullDiskLosesNothing(t *testing.T) {
	disk := &fullDisk{Store: testStore(t)}
	clock := newFakeClock()
	st := &screenTest{t: t, clock: clock, store: disk.Store}
	st.m = New(Options{Bank: testBank(t), Store: disk, Clock: clock.Now})
	st.send(tea.WindowSizeMsg{Width: 80, Height: 24}).send(run(st.m.Init())...)
	st.send(startSessionMsg{practice.Settings{Kind: "behavioral", Count: 2, Seed: 3}})
	disk.full.Store(true)
	st.send(press("enter")).send(typeText("forty-three kilobytes of notes, in short")...)
	s := st.m.(Model).screen.(*practiceScreen)
	st.wait(6 * time.Second).send(tickMsg{s.tick})
	if view := flat(st.m.View().Content); !strings.Contains(view, "Not saved: no space left on device") || !strings.Contains(view, "forty-three kilobytes") {
		t.Fatalf("the answer screen does not warn:\n%s", view)
	}

	st.send(press("ctrl+d"), press("ctrl+d"), press("ctrl+d"))
	for range s.attempt.PhaseCount() {
		st.send(press("down"))
	}
	st.send(press("4"), press("enter"))
	if s.state != stateRate || s.attempt == nil || !strings.Contains(flat(st.m.View().Content), "no space left on device; press enter to try again") {
		t.Fatalf("a failed save left the rating screen: state %v\n%s", s.state, st.m.View().Content)
	}

	// The program ends now: the answer goes to a rescue file.
	dir := t.TempDir()
	err := rescue(st.m.(Model), filepath.Join(dir, "rehearse.db"), st.m.(Model).SaveDraft())
	if err == nil || !strings.Contains(err.Error(), "rehearse import") {
		t.Fatalf("rescue: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "rehearse-rescue-*.json"))
	if len(files) != 1 {
		t.Fatalf("rescue files: %v", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("rescue file mode %v", fi.Mode().Perm())
	}
	f, _ := os.Open(files[0])
	doc, err := archive.Read(f)
	f.Close()
	if err != nil || len(doc.Sessions) != 1 || len(doc.Sessions[0].Attempts) != 1 ||
		doc.Sessions[0].Attempts[0].Steps[0].Notes != "forty-three kilobytes of notes, in short" || doc.Sessions[0].Attempts[0].Rating.Overall != 4 {
		t.Fatalf("rescue file: %+v, %v", doc, err)
	}

	// Or there is room again: enter saves, and the session goes on.
	disk.full.Store(false)
	st.send(press("enter"))
	if s.index != 1 || s.state != stateCard {
		t.Fatalf("after room was made: question %d, state %v", s.index, s.state)
	}
	_, attempts, err := disk.Session(s.rec.id())
	if err != nil || len(attempts) != 1 || attempts[0].Steps[0].Notes != "forty-three kilobytes of notes, in short" {
		t.Errorf("saved: %+v, %v", attempts, err)
	}
}

// TestRescueFallsBack: when the place beside the database will not take a
// file, the next one does.
func TestRescueFallsBack(t *testing.T) {
	blocked := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(t.TempDir(), "state", "rehearse")
	path, err := archive.WriteRescue([]string{filepath.Join(blocked, "sub"), second}, archive.Session{}, time.Now())
	if err != nil || filepath.Dir(path) != second {
		t.Fatalf("rescue went to %q, %v; want %s", path, err, second)
	}
	if fi, _ := os.Stat(second); fi.Mode().Perm() != 0o700 {
		t.Errorf("rescue directory mode %v", fi.Mode().Perm())
	}
}

// TestPasteKeepsLineBreaks: a bracketed paste with CR or CRLF line endings
// (what tmux and many terminals send) keeps its lines; tabs become spaces.
func TestPasteKeepsLineBreaks(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "behavioral").send(press("enter"))
	st.send(tea.PasteMsg{Content: "first line\rsecond line\r\n\tindented\rlast"})
	s := st.m.(Model).screen.(*practiceScreen)
	if got := s.notes.Value(); got != "first line\nsecond line\n    indented\nlast" {
		t.Errorf("pasted notes %q", got)
	}
}

// TestNoDraftOfASavedAnswer: a quit as the save is under way leaves no
// draft behind: the screen has nothing in progress.
func TestNoDraftOfASavedAnswer(t *testing.T) {
	st := startPractice(newScreenTest(t, 80, 24), "behavioral")
	st.send(press("enter")).send(typeText("done")...).send(press("ctrl+d"), press("ctrl+d"), press("ctrl+d"))
	s := st.m.(Model).screen.(*practiceScreen)
	for range s.attempt.PhaseCount() {
		st.send(press("down"))
	}
	st.send(press("4"))
	var cmd tea.Cmd
	st.m, cmd = st.m.Update(press("enter")) // the save is a command not yet run
	if s.state != stateSaving || st.m.(Model).Draft() != nil {
		t.Fatalf("while saving: state %v, draft %+v", s.state, st.m.(Model).Draft())
	}
	st.send(run(cmd)...)
	if d, err := st.store.Draft(); d != nil || err != nil {
		t.Errorf("a draft was left: %+v, %v", d, err)
	}
}

// flat is a screen as plain words, for looking for a sentence that wraps.
func flat(view string) string { return strings.Join(strings.Fields(ansi.Strip(view)), " ") }

// countingStore counts the drafts saved.
type countingStore struct {
	*store.Store
	drafts atomic.Int32
}

func (c *countingStore) SaveDraft(d *store.Draft) error {
	c.drafts.Add(1)
	return c.Store.SaveDraft(d)
}

// TestAutosaveOnlyWhatChanged: a draft is written when the notes, the step
// or the ratings changed since the last one; while only the clock runs,
// every 30 seconds; while paused, never.
func TestAutosaveOnlyWhatChanged(t *testing.T) {
	counting := &countingStore{Store: testStore(t)}
	clock := newFakeClock()
	st := &screenTest{t: t, clock: clock, store: counting.Store}
	st.m = New(Options{Bank: testBank(t), Store: counting, Clock: clock.Now})
	st.send(tea.WindowSizeMsg{Width: 80, Height: 24}).send(run(st.m.Init())...)
	st.send(startSessionMsg{practice.Settings{Kind: "behavioral", Count: 1, Seed: 3}})
	st.send(press("enter"))
	s := st.m.(Model).screen.(*practiceScreen)
	tick := func(d time.Duration) int32 {
		st.wait(d).send(tickMsg{s.tick})
		return counting.drafts.Load()
	}
	if n := tick(6 * time.Second); n != 1 {
		t.Fatalf("%d drafts after the answer began, want 1", n)
	}
	if n := tick(6 * time.Second); n != 1 {
		t.Errorf("%d drafts when only 6 s of clock passed, want 1", n)
	}
	st.send(typeText("a note")...)
	if n := tick(6 * time.Second); n != 2 {
		t.Errorf("%d drafts after typing, want 2", n)
	}
	if n := tick(30 * time.Second); n != 3 {
		t.Errorf("%d drafts after 30 s of clock, want 3", n)
	}
	st.send(press("ctrl+p")) // pause
	if n := tick(time.Minute); n != 3 && n != 4 {
		t.Errorf("%d drafts while paused", n)
	}
	before := counting.drafts.Load()
	tick(time.Minute)
	tick(time.Minute)
	if n := counting.drafts.Load(); n != before {
		t.Errorf("%d drafts written while paused", n-before)
	}
	d, err := counting.Draft()
	if err != nil || d == nil || d.Attempt.Steps[0].Notes != "a note" {
		t.Errorf("the draft: %+v, %v", d, err)
	}
}
