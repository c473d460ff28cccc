package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/adrg/xdg"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/rehearse-app/rehearse/store"
)

func TestDefaultPath(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "REHEARSE_DB" {
				return v
			}
			return ""
		}
	}
	if got := store.DefaultPath(env("/srv/mine.db")); got != "/srv/mine.db" {
		t.Errorf("with REHEARSE_DB: %q", got)
	}
	want := filepath.Join(xdg.DataHome, "rehearse", "rehearse.db")
	if got := store.DefaultPath(env("")); got != want {
		t.Errorf("without REHEARSE_DB: %q, want %q", got, want)
	}
}

func TestModes(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "data", "rehearse", "rehearse.db")
	s := openStore(t, path)
	if err := s.CreateSession(store.NewSession(newPractice(t, newClock(), 1))); err != nil {
		t.Fatal(err)
	}
	checkClean(t, s)
	for _, c := range []struct {
		path string
		mode fs.FileMode
	}{
		{filepath.Join(root, "data"), 0o700},
		{filepath.Join(root, "data", "rehearse"), 0o700},
		{path, 0o600},
	} {
		fi, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != c.mode {
			t.Errorf("%s: mode %v, want %v", c.path, fi.Mode().Perm(), c.mode)
		}
	}

	// A directory that exists is the user's: its mode stays.
	mine := filepath.Join(root, "mine")
	if err := os.Mkdir(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(mine, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := openStore(t, filepath.Join(mine, "rehearse.db")).CreateSession(store.NewSession(newPractice(t, newClock(), 1))); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(mine); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("existing directory: %v; want its mode 0755 kept", err)
	}
	if fi, err := os.Stat(filepath.Join(mine, "rehearse.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file in existing directory: %v; want 0600", err)
	}
}

// TestLocked: a second practising rehearse is refused at once, naming
// the file; a reader opens alongside and reads; a writer that finds the
// file busy waits, then says so.
func TestLocked(t *testing.T) {
	path := dbPath(t)
	first := openStore(t, path)
	practise(t, first, newClock(), 1)
	start := time.Now()
	s, err := store.Open(path, store.Options{Session: true, Create: true})
	if err == nil {
		s.Close()
		t.Fatal("a second practising Open of the same file succeeded")
	}
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "history, show, stats") {
		t.Errorf("err = %v, want ErrLocked naming %s and what works alongside", err, path)
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("the second Open took %v to say so", took)
	}
	reader, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("a reader beside a practising rehearse: %v", err)
	}
	if page, _, err := reader.Summaries("", nil, 10); err != nil || len(page) != 1 {
		t.Errorf("reading beside a practising rehearse: %d sessions, %v", len(page), err)
	}
	// Closing lets the next practising rehearse in.
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	openStore(t, path)
}

// TestBusy: a write that finds the file locked by another transaction
// waits two seconds, then says the file is busy.
func TestBusy(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	practise(t, s, newClock(), 1)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second}) // holds the file, as a write in progress would
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	err = s.SaveDraft(&store.Draft{SessionID: 1, Index: 0})
	if !errors.Is(err, store.ErrBusy) || !strings.Contains(err.Error(), "busy for 2s") {
		t.Errorf("err = %v, want ErrBusy", err)
	}
	if took := time.Since(start); took < 1900*time.Millisecond || took > 3*time.Second {
		t.Errorf("gave up after %v, want about 2s", took)
	}
}

func TestNewerSchema(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	practise(t, s, newClock(), 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 99))
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s, err := store.Open(path, store.Options{})
		if err == nil {
			s.Close()
			t.Fatal("Open of a schema 99 file succeeded")
		}
		if !errors.Is(err, store.ErrNewerSchema) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "upgrade rehearse") {
			t.Errorf("err = %v, want ErrNewerSchema naming the file", err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Error("Open changed a newer file")
	}
}

func TestReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes a read-only file anyway")
	}
	path := dbPath(t)
	s := openStore(t, path)
	practise(t, s, newClock(), 1)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open of a read-only file succeeded")
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "needs to write") || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("err = %v, want one naming the file and saying it must be writable", err)
	}
}

// TestOpenErrors covers the mapping of errors a test cannot cause as root
// or without a read-only file system.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	readOnly := filepath.Join(dir, "readonly.db")
	if err := os.WriteFile(readOnly, nil, 0o400); err != nil {
		t.Fatal(err)
	}
	notMine := filepath.Join(dir, "notmine.db")
	if err := os.WriteFile(notMine, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	pathErr := func(path string, errno syscall.Errno) error {
		return &fs.PathError{Op: "open", Path: path, Err: errno}
	}
	for _, c := range []struct {
		name string
		path string
		err  error
		is   error
		says string
	}{
		{"busy", notMine, berrors.ErrTimeout, store.ErrBusy, "busy for 2s"},
		{"read-only file", readOnly, pathErr(readOnly, syscall.EACCES), fs.ErrPermission, "needs to write it"},
		{"not our file", notMine, pathErr(notMine, syscall.EACCES), fs.ErrPermission, "check its permissions (it should be yours, mode 0600)"},
		{"read-only file system", notMine, pathErr(notMine, syscall.EROFS), syscall.EROFS, "read-only file system, and rehearse needs to write it"},
		{"invalid", notMine, berrors.ErrInvalid, store.ErrCorrupt, "move it aside"},
		{"checksum", notMine, berrors.ErrChecksum, store.ErrCorrupt, "move it aside"},
		{"version", notMine, berrors.ErrVersionMismatch, store.ErrCorrupt, "move it aside"},
		{"too small", notMine, errors.New("file size too small 5000"), store.ErrCorrupt, "move it aside"},
		{"disk full", notMine, pathErr(notMine, syscall.ENOSPC), syscall.ENOSPC, "no space"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := store.OpenError(c.path, c.err)
			if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.path) || !strings.Contains(err.Error(), c.says) {
				t.Errorf("got %v, want %v naming %s and saying %q", err, c.is, c.path, c.says)
			}
		})
	}
}
