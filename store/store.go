// Package store keeps rehearse's sessions, answers, drafts and schedule in
// a bbolt file.
//
// The file is opened only for the length of each transaction, so that
// other rehearse commands can read it while one practises; a practising
// rehearse holds a lock file beside it (rehearse.db.lock) instead. Each
// write is one bbolt Update (two fsyncs). A file is checked before anything
// is written to it, and a damaged one is reported as ErrCorrupt and never
// changed. The records on disk are the store's own types, converted at its
// edge (codec.go).
//
// A Store is safe for concurrent use; its operations run one at a time.
package store

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/adrg/xdg"
)

// Errors callers branch on. Each is returned wrapped, with a message that
// names the file and says what to do.
var (
	ErrLocked      = errors.New("database is in use")  // another rehearse is practising on it
	ErrBusy        = errors.New("database is busy")    // a write waited too long for another rehearse
	ErrCorrupt     = errors.New("database is damaged") // or is not a rehearse database
	ErrNewerSchema = errors.New("database was written by a newer rehearse")
	ErrNoDatabase  = errors.New("no database") // the file does not exist
	ErrNotFound    = errors.New("not found")
)

// SchemaVersion is the layout of the database this rehearse writes.
const SchemaVersion = 4

// busyTimeout is how long an operation waits for another rehearse that is
// in the middle of a transaction on the same file.
const busyTimeout = 2 * time.Second

// DefaultPath returns $REHEARSE_DB if it is set, else rehearse.db in
// rehearse's XDG data directory. getenv looks up the environment (os.Getenv
// when nil).
func DefaultPath(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	if p := getenv("REHEARSE_DB"); p != "" {
		return p
	}
	return filepath.Join(xdg.DataHome, "rehearse", "rehearse.db")
}

// Options say how a Store is opened.
type Options struct {
	// Session holds the lock file for the Store's lifetime: one practising
	// (or otherwise writing) rehearse at a time. A second gets ErrLocked;
	// readers open without it and read alongside.
	Session bool
	// Create lets the first write make the database (mode 0600, in
	// directories made 0700). Without it a missing file is ErrNoDatabase.
	Create bool
}

// Store is a rehearse database.
type Store struct {
	path string
	opts Options
	loc  *time.Location // the days of attempts are dates here

	mu       sync.Mutex
	lock     *os.File // the session lock, when held
	stamp    *os.File // the stamp beside the file (file.go), once written
	missing  bool     // no file yet: the first write makes it
	seen     fileID   // the file as it was after the last transaction
	verified bool     // the file was checked, and has not changed since but by us
	noSync   bool     // tests that generate big files turn fsync off
}

// Open opens the database at path: it takes the session lock if asked,
// checks the file (see verify) and upgrades one written by an older
// rehearse, one schema step at a time after a backup. It never writes to a
// file it finds damaged, foreign or newer.
func Open(path string, opts Options) (*Store, error) {
	s := &Store{path: path, opts: opts, loc: time.Local}
	if opts.Session {
		lock, err := lockSession(path)
		if err != nil {
			return nil, err
		}
		s.lock = lock
	}
	if err := s.open(); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) open() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	schema, err := s.verify()
	if err != nil || s.missing || schema == SchemaVersion {
		return err
	}
	return s.upgrade(schema)
}

// Close lets go of the session lock, if the Store holds it.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeStamp()
	if s.lock == nil {
		return nil
	}
	err := s.lock.Close() // closing the file releases the lock
	s.lock = nil
	return err
}

// Path returns the path of the database file.
func (s *Store) Path() string { return s.path }

// Exists reports whether the database file exists yet; a Store opened with
// Create makes it on its first write.
func (s *Store) Exists() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.missing
}
