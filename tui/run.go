package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/adrg/xdg"

	"github.com/rehearse-app/rehearse/archive"
	"github.com/rehearse-app/rehearse/store"
)

// SignalError reports that a signal ended the program. The answer in
// progress was saved as a draft first.
type SignalError struct{ Signal os.Signal }

func (e *SignalError) Error() string { return "stopped by " + e.Signal.String() }

// Number is the signal's number, for the exit status 128+n.
func (e *SignalError) Number() int {
	if s, ok := e.Signal.(syscall.Signal); ok {
		return int(s)
	}
	return 1
}

// Run runs the app until the user quits, and saves the answer in progress
// as a draft however the program ends: quit, ctrl+c, or SIGINT, SIGTERM or
// SIGHUP from outside (closing the terminal), after which it returns a
// *SignalError. When the draft cannot be saved (a full or failing disk),
// the answer is written to a rescue file instead, and the error says where.
func Run(ctx context.Context, opts Options) error {
	p := tea.NewProgram(New(opts), tea.WithContext(ctx), tea.WithoutSignalHandler())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(signals)
	var (
		mu     sync.Mutex
		caught os.Signal
		done   = make(chan struct{})
	)
	defer close(done)
	go func() {
		select {
		case s := <-signals:
			mu.Lock()
			caught = s
			mu.Unlock()
			p.Quit()
		case <-done:
		}
	}()
	final, err := p.Run()
	if m, ok := final.(Model); ok {
		if serr := m.SaveDraft(); serr != nil {
			err = errors.Join(err, rescue(m, opts.Store.Path(), serr))
		}
	}
	mu.Lock()
	defer mu.Unlock()
	switch {
	case err != nil && ctx.Err() == nil:
		return err
	case caught != nil:
		return &SignalError{caught}
	}
	return nil
}

// rescue writes the answer that could not be saved to a rescue file, in
// the first place that takes it: beside the database, rehearse's XDG state
// directory, the system's temporary directory.
func rescue(m Model, dbPath string, cause error) error {
	s, ok := m.screen.(*practiceScreen)
	if !ok {
		return fmt.Errorf("save the answer in progress: %w", cause)
	}
	doc, ok := s.rescueDoc()
	if !ok {
		return fmt.Errorf("save the answer in progress: %w", cause)
	}
	dirs := []string{filepath.Dir(dbPath), filepath.Join(xdg.StateHome, "rehearse"), os.TempDir()}
	path, err := archive.WriteRescue(dirs, doc, m.c.clock())
	if err != nil {
		return fmt.Errorf("the answer in progress could not be saved (%v), nor written to a rescue file: %w", cause, err)
	}
	return fmt.Errorf("the answer in progress could not be saved in the database (%v); it is in %s: `rehearse import %s` brings it back", cause, path, path)
}

// rescueDoc is the session of the answer in progress, with that answer, in
// the export format.
func (s *practiceScreen) rescueDoc() (archive.Session, bool) {
	d := s.draft()
	if d == nil || s.rec == nil {
		return archive.Session{}, false
	}
	s.rec.mu.Lock()
	header := *s.rec.header
	s.rec.mu.Unlock()
	a := store.Attempt{SessionID: header.ID, Index: d.Index, Attempt: d.Attempt, Saved: d.Saved}
	return archive.FromSession(store.SessionSummary{Session: header}, []store.Attempt{a}, nil), true
}
