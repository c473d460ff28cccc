package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The bbolt file is opened for each transaction and closed after it, so
// that it is locked (by bbolt's own flock) only while a transaction runs:
// read commands run beside a practising rehearse. Opening costs about
// 0.3 ms, even at 100,000 sessions.

// fileID is what tells whether the file changed: size, modification time
// and inode.
type fileID struct {
	size  int64
	mtime int64 // ns
	ino   uint64
}

func idOf(fi fs.FileInfo) fileID {
	return fileID{size: fi.Size(), mtime: fi.ModTime().UnixNano(), ino: inode(fi)}
}

// verify looks at the file before anything is written to it, and returns
// its schema. A missing file is ErrNoDatabase, or, with Options.Create,
// left for the first write to make. A directory, an empty or foreign file,
// or a damaged one is ErrCorrupt; so is a file that lacks a bucket of its
// schema. A file is checked page by page (bbolt's Tx.Check) unless the
// stamp beside it says it was checked and has not changed since.
func (s *Store) verify() (schema uint64, err error) {
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !s.opts.Create {
			return 0, fmt.Errorf("%w at %s", ErrNoDatabase, s.path)
		}
		s.missing = true
		return 0, nil
	case err != nil:
		return 0, fileError(s.path, err)
	case fi.IsDir():
		return 0, fmt.Errorf("%w: %s is a directory, not a rehearse database; give --db the path of a database file", ErrCorrupt, s.path)
	case !fi.Mode().IsRegular():
		return 0, fmt.Errorf("%w: %s is not a regular file, so not a rehearse database; give --db the path of a database file", ErrCorrupt, s.path)
	case fi.Size() == 0:
		return 0, fmt.Errorf("%w: %s is empty (0 bytes), not a rehearse database; it is left as it is: move it aside or delete it, and rehearse starts a new one", ErrCorrupt, s.path)
	}

	var fresh, suspect bool
	var lacking []string
	err = s.withDB(true, func(db *bbolt.DB) error {
		return db.View(func(tx *bbolt.Tx) error {
			meta := tx.Bucket(bucketMeta)
			if meta == nil {
				if k, _ := tx.Cursor().First(); k != nil {
					return corruptError(s.path, errors.New("it is a bbolt file, but not a rehearse database"))
				}
				fresh = true // an empty bbolt file: nothing in it to lose
				return nil
			}
			if v := meta.Get(keySchema); len(v) == 8 {
				schema = beUint64(v)
			} else {
				suspect = true
			}
			if schema > SchemaVersion {
				return fmt.Errorf("%w: %s has schema %d and this rehearse knows schema %d at most; upgrade rehearse to open it (the file is left as it is)",
					ErrNewerSchema, s.path, schema, SchemaVersion)
			}
			for _, name := range bucketsOf(schema) {
				if tx.Bucket(name) == nil {
					lacking = append(lacking, string(name))
				}
			}
			if !suspect && len(lacking) == 0 && s.stampMatches(fi, tx.ID()) {
				return nil
			}
			if err := checkTx(tx); err != nil {
				return corruptError(s.path, err)
			}
			if suspect || schema < 1 {
				return corruptError(s.path, errors.New("its schema record is missing or unreadable"))
			}
			if len(lacking) > 0 {
				return corruptError(s.path, fmt.Errorf("it has no %s records", strings.Join(lacking, ", ")))
			}
			s.writeStamp(fi, tx.ID())
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	if fresh {
		s.missing = true // laid out by the first write, like a new file
		return 0, nil
	}
	s.seen, s.verified = idOf(fi), true
	return schema, nil
}

// checkTx runs bbolt's consistency check and returns its first finding.
func checkTx(tx *bbolt.Tx) error {
	var first error
	for e := range tx.Check() { // drain: the checker runs in its own goroutine
		if first == nil {
			first = e
		}
	}
	return first
}

// stampName is the file beside the database that records the last time it
// was checked page by page and found sound: its size, time, inode and
// transaction then. It is advisory: a missing or stale stamp only means
// checking again.
func (s *Store) stampName() string { return s.path + ".checked" }

func stampText(fi fs.FileInfo, txid int) string {
	id := idOf(fi)
	// Fixed width: a stamp is written over the last one in place.
	return fmt.Sprintf("rehearse-checked 2 %020d %020d %020d %020d\n", id.size, id.mtime, id.ino, txid)
}

func (s *Store) stampMatches(fi fs.FileInfo, txid int) bool {
	data, err := os.ReadFile(s.stampName())
	return err == nil && string(data) == stampText(fi, txid)
}

// writeStamp records that the file, as fi describes it at transaction
// txid, is sound. It writes over the last stamp in place, through a file
// the Store keeps open: one write a save, not a new file and a rename. A
// torn or lost stamp costs a check next time, no more.
func (s *Store) writeStamp(fi fs.FileInfo, txid int) {
	text := []byte(stampText(fi, txid))
	opened := s.stamp == nil
	if opened {
		f, err := os.OpenFile(s.stampName(), os.O_WRONLY|os.O_CREATE, 0o600)
		if err != nil {
			return
		}
		s.stamp = f
	}
	_, err := s.stamp.WriteAt(text, 0)
	if err == nil && opened {
		err = s.stamp.Truncate(int64(len(text))) // a stamp of an older rehearse may be longer
	}
	if err != nil {
		s.closeStamp()
	}
}

// closeStamp closes the stamp file, if the Store has it open.
func (s *Store) closeStamp() {
	if s.stamp != nil {
		_ = s.stamp.Close()
		s.stamp = nil
	}
}

// withDB opens the bbolt file for one use and closes it after. A panic or
// a memory fault from a damaged file becomes ErrCorrupt.
func (s *Store) withDB(readOnly bool, fn func(*bbolt.DB) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = corruptError(s.path, panicError{r})
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	db, err := bbolt.Open(s.path, 0o600, &bbolt.Options{ReadOnly: readOnly, Timeout: busyTimeout})
	if err != nil {
		return openError(s.path, err)
	}
	db.NoSync = s.noSync
	err = fn(db)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", s.path, cerr)
	}
	return err
}

// read runs fn in a read transaction. It reports false, and does not run
// fn, when there is no database yet (a Store opened with Create before its
// first write): callers show an empty history.
func (s *Store) read(fn func(*bbolt.Tx) error) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.missing {
		return false, nil
	}
	return true, s.withDB(true, func(db *bbolt.DB) error { return db.View(fn) })
}

// readIfAny is read for callers with nothing to say of a missing file.
func (s *Store) readIfAny(fn func(*bbolt.Tx) error) error {
	_, err := s.read(fn)
	return err
}

// update runs fn in a write transaction. The first write makes the file;
// a file that changed since this Store last saw it is checked again before
// it is written to.
func (s *Store) update(fn func(*bbolt.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.missing {
		return s.create(fn)
	}
	fi, err := os.Stat(s.path)
	if err != nil {
		return fileError(s.path, err)
	}
	if !s.verified || idOf(fi) != s.seen {
		s.verified = false
		if _, err := s.verify(); err != nil {
			return err
		}
		if s.missing {
			return s.create(fn)
		}
	}
	return s.write(fn)
}

// write runs fn in a write transaction on a checked file, and stamps the
// file as checked after it: what this rehearse writes is sound.
func (s *Store) write(fn func(*bbolt.Tx) error) error {
	var txid int
	err := s.withDB(false, func(db *bbolt.DB) error {
		return db.Update(func(tx *bbolt.Tx) error {
			txid = tx.ID()
			return fn(tx)
		})
	})
	fi, serr := os.Stat(s.path)
	if serr != nil {
		s.verified = false
		return errors.Join(err, fileError(s.path, serr))
	}
	s.seen = idOf(fi)
	if err == nil {
		s.writeStamp(fi, txid)
	}
	return err
}

// create makes the database: its directories (0700), the file (0600,
// whatever the umask) and its buckets, in the transaction that runs fn.
func (s *Store) create(fn func(*bbolt.Tx) error) error {
	if err := makeDir(filepath.Dir(s.path)); err != nil {
		return err
	}
	_, statErr := os.Stat(s.path)
	err := s.write(func(tx *bbolt.Tx) error {
		if err := layOut(tx); err != nil {
			return err
		}
		return fn(tx)
	})
	if errors.Is(statErr, fs.ErrNotExist) {
		// The mode given to bbolt is cut by the umask.
		if cerr := os.Chmod(s.path, 0o600); cerr != nil && !errors.Is(cerr, fs.ErrNotExist) {
			return errors.Join(err, fmt.Errorf("make %s private (mode 0600): %w", s.path, cerr))
		}
	}
	if err != nil {
		return err
	}
	s.missing, s.verified = false, true
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

// lockSession takes the lock file beside the database for a practising
// rehearse, making its directory if needed, and writes its pid in it.
func lockSession(path string) (*os.File, error) {
	if err := makeDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	name := path + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fileError(name, err)
	}
	if err := flockNB(f); err != nil {
		pid := ""
		if data, rerr := os.ReadFile(name); rerr == nil {
			if n, perr := strconv.Atoi(string(bytes.TrimSpace(data))); perr == nil {
				pid = fmt.Sprintf(" (process %d)", n)
			}
		}
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN) {
			return nil, fmt.Errorf("%w: another rehearse%s is practising with %s; finish there first (history, show, stats, export and next work alongside it)",
				ErrLocked, pid, path)
		}
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return f, nil
}

func dirError(dir string, err error) error {
	switch {
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("cannot create %s: it is on a read-only file system, and rehearse needs to write its database there (use --db for another place): %w", dir, cause(err))
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot create %s for the database: its parent directory is not writable by you; use --db for another place: %w", dir, cause(err))
	}
	return fmt.Errorf("create database directory %s: %w", dir, err)
}

// fileError explains an error from the system about the file at path.
func fileError(path string, err error) error {
	switch {
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%s is on a read-only file system, and rehearse needs to write it: %w", path, cause(err))
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("%s: no space left on the device; free some space and try again: %w", path, cause(err))
	case errors.Is(err, fs.ErrPermission):
		dir := filepath.Dir(path)
		if fi, serr := os.Stat(path); serr == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o200 == 0 {
			return fmt.Errorf("%s is read-only, and rehearse needs to write it (chmod 600 %s): %w", path, path, cause(err))
		}
		if !writable(dir) {
			return fmt.Errorf("the directory %s is not writable by you, and rehearse needs to write there (chmod u+w %s, or use --db for another place): %w", dir, dir, cause(err))
		}
		return fmt.Errorf("cannot open %s: check its permissions (it should be yours, mode 0600): %w", path, cause(err))
	}
	return fmt.Errorf("%s: %w", path, cause(err))
}

// openError explains why bbolt could not open the file at path.
func openError(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("%w: %s was busy for %v (another rehearse is writing to it); try again", ErrBusy, path, busyTimeout)
	case isDamage(err):
		return corruptError(path, err)
	}
	return fileError(path, err)
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
	return fmt.Errorf("%w: %s: %s; it is left as it is: `rehearse doctor --repair` copies what can still be read into a new file, or move it aside and rehearse starts a new one",
		ErrCorrupt, path, damage(err))
}

// damage words a finding of bbolt's check, which reports the panics it
// caught as "panic: …", for a person.
func damage(err error) string {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "panic: "); ok {
		return "a damaged page (" + rest + ")"
	}
	if strings.HasPrefix(msg, "runtime error: ") {
		// bbolt's checker recovers from what a damaged page makes it do.
		return "a damaged page stopped the check (" + msg + ")"
	}
	return msg
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

func (p panicError) Error() string { return fmt.Sprintf("a damaged page (%v)", p.v) }
