// Package store keeps rehearse's sessions, attempts and drafts in a bbolt file.
//
// A Store is safe for concurrent use. Each write is one bbolt Update (two
// fsyncs); reads run in Views and never return slices that point into the
// memory map. A damaged file is reported as ErrCorrupt and never rewritten.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/adrg/xdg"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Errors callers branch on. Each is returned wrapped, with a message that
// names the file and says what to do.
var (
	ErrLocked      = errors.New("database is locked") // another process holds it
	ErrCorrupt     = errors.New("database is damaged")
	ErrNewerSchema = errors.New("database was written by a newer rehearse")
	ErrNotFound    = errors.New("not found")
)

// SchemaVersion is the layout of the database this rehearse writes.
const SchemaVersion = 2

// lockTimeout is how long Open waits for another rehearse to let go of the file.
const lockTimeout = time.Second

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

// Store is an open rehearse database.
type Store struct {
	db   *bbolt.DB
	path string
	loc  *time.Location // the days of attempts are dates here
}

// Open opens the database at path, creating it (mode 0600, in a directory
// made 0700) when it does not exist. It waits a second at most for another
// rehearse holding the file, then returns ErrLocked. A file that is not a
// rehearse database, or is damaged, gives ErrCorrupt and is left as it is;
// one written by a newer rehearse gives ErrNewerSchema.
func Open(path string) (*Store, error) {
	if err := makeDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	_, statErr := os.Lstat(path)
	created := errors.Is(statErr, fs.ErrNotExist)

	db, err := openDB(path)
	if err != nil {
		return nil, openError(path, err)
	}
	if created {
		// The mode given to bbolt is cut by the umask.
		if err := os.Chmod(path, 0o600); err != nil {
			_ = db.Close()
			return nil, fmt.Errorf("make %s private (mode 0600): %w", path, err)
		}
	}
	s := &Store{db: db, path: path, loc: time.Local}
	if err := s.prepare(); err != nil {
		_ = db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database file and lets another rehearse open it.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", s.path, err)
	}
	return nil
}

// Path returns the path of the database file.
func (s *Store) Path() string { return s.path }

// Check runs bbolt's consistency check over the whole file. The first
// problem found is returned wrapped in ErrCorrupt.
func (s *Store) Check() error {
	var first error
	err := s.view(func(tx *bbolt.Tx) error {
		for e := range tx.Check() { // drain: the checker runs in its own goroutine
			if first == nil {
				first = e
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if first != nil {
		return corruptError(s.path, first)
	}
	return nil
}

// makeDir creates dir and any missing parents, each 0700 whatever the
// umask. Directories that already exist are left as they are: they are the
// user's.
func makeDir(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return dirError(d, err)
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		d := missing[i]
		if err := os.Mkdir(d, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return dirError(d, err)
		} else if err == nil {
			if err := os.Chmod(d, 0o700); err != nil {
				return dirError(d, err)
			}
		}
	}
	return nil
}

func dirError(dir string, err error) error {
	switch {
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("cannot create %s: it is on a read-only file system, and rehearse needs to write its database there: %w", dir, cause(err))
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot create %s for the database: check the permissions of its parent: %w", dir, cause(err))
	}
	return fmt.Errorf("create database directory %s: %w", dir, err)
}

// openDB opens the bbolt file, turning a panic (or a memory fault through
// the map) into an error.
func openDB(path string) (db *bbolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, panicError{r}
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return bbolt.Open(path, 0o600, &bbolt.Options{Timeout: lockTimeout})
}

// openError explains why bbolt could not open the file at path.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w: %s is open in another rehearse; close that one first", ErrLocked, path)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%s is on a read-only file system, and rehearse needs to write it: %w", path, cause(err))
	case errors.Is(err, fs.ErrPermission):
		if fi, serr := os.Stat(path); serr == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o200 == 0 {
			return fmt.Errorf("%s is read-only, and rehearse needs to write it (chmod 600 %s): %w", path, path, cause(err))
		}
		return fmt.Errorf("cannot open %s: check its permissions (it should be yours, mode 0600): %w", path, cause(err))
	case isDamage(err):
		return corruptError(path, err)
	}
	return fmt.Errorf("open %s: %w", path, cause(err))
}

// isDamage reports whether an error from bbolt.Open comes from the file's
// content rather than from the system: bbolt's own verdicts, a panic, or
// any error that carries no system error number (such as "file size too
// small" for a file too short to be a database).
func isDamage(err error) bool {
	for _, e := range []error{berrors.ErrInvalid, berrors.ErrVersionMismatch, berrors.ErrChecksum, berrors.ErrInvalidMapping} {
		if errors.Is(err, e) {
			return true
		}
	}
	var p panicError
	if errors.As(err, &p) {
		return true
	}
	var errno syscall.Errno
	return !errors.As(err, &errno)
}

func corruptError(path string, err error) error {
	return fmt.Errorf("%w: %s: %v; move it aside (it is not overwritten) and rehearse starts a new one", ErrCorrupt, path, err)
}

// cause strips the *fs.PathError around a system error, whose path the
// message names already.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// panicError is a panic recovered from bbolt, which panics on damaged pages.
type panicError struct{ v any }

func (p panicError) Error() string { return fmt.Sprintf("panic: %v", p.v) }

// view runs fn in a read transaction; a panic means the file is damaged.
func (s *Store) view(fn func(*bbolt.Tx) error) (err error) {
	defer s.recoverDamage(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return s.db.View(fn)
}

// update runs fn in a write transaction; a panic means the file is damaged.
func (s *Store) update(fn func(*bbolt.Tx) error) (err error) {
	defer s.recoverDamage(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return s.db.Update(fn)
}

func (s *Store) recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = corruptError(s.path, panicError{r})
	}
}
