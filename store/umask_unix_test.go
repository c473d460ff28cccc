//go:build unix

package store_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rehearse-app/rehearse/store"
)

// TestModesDefeatUmask opens a new database under a umask that takes the
// owner's bits away: the directories still come out 0700 and the file 0600.
func TestModesDefeatUmask(t *testing.T) {
	root := t.TempDir()
	old := syscall.Umask(0o277)
	defer syscall.Umask(old)
	path := filepath.Join(root, "a", "b", "rehearse.db")
	s := openStore(t, path)
	syscall.Umask(old)
	if err := s.CreateSession(store.NewSession(newPractice(t, newClock(), 1))); err != nil {
		t.Fatal(err)
	}
	checkClean(t, s)
	for p, want := range map[string]os.FileMode{
		filepath.Join(root, "a"):      0o700,
		filepath.Join(root, "a", "b"): 0o700,
		path:                          0o600,
	} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, fi.Mode().Perm(), want)
		}
	}
}

// TestBackupDefeatsUmask upgrades a schema 1 file under a umask that takes
// the owner's bits away: the backup still comes out 0600.
func TestBackupDefeatsUmask(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	writeFixture(t, s, fixture)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	makeV1(t, path)
	old := syscall.Umask(0o277)
	defer syscall.Umask(old)
	s = openStore(t, path)
	syscall.Umask(old)
	checkClean(t, s)
	fi, err := os.Stat(path + ".v1.bak")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
}
