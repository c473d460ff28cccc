//go:build linux

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rehearse-app/rehearse/store"
)

// TestEndToEndFullDisk practises on a small tmpfs that fills up during
// the second answer: the answer screen says the notes are not saved, and
// ctrl+c writes them to a rescue file (mode 0600) outside the full disk,
// exits 1 and says how to bring them back; once there is room again,
// `rehearse import` does. It needs to mount a tmpfs (root on Linux) and
// skips where that is not allowed; the tui's own tests cover a failing
// disk with an injected store everywhere.
func TestEndToEndFullDisk(t *testing.T) {
	disk := mountSmallDisk(t, "2m")
	x := newTmux(t)
	bin := buildBinary(t)
	db := filepath.Join(disk, "rehearse.db")

	x.start("main", fmt.Sprintf("sh -c '%s practice -n 2 --question cap-theorem --question sql-vs-nosql --db %s; echo exit status $?'", bin, db))
	x.waitFor("main", "Press enter when you are ready")
	x.keys("main", "Enter")
	x.waitFor("main", "recording")
	x.text("main", "the first answer")
	x.finishAnswer("main")
	x.keys("main", "Enter", "3", "Enter")
	x.waitFor("main", "Question 2 of 2")

	filler := fillDisk(t, disk)
	x.keys("main", "Enter")
	x.waitFor("main", "recording")
	// Notes too long for the pages the file has free: the draft must grow it.
	long := strings.Repeat("a long answer that needs new pages on a full disk\n", 2000) + "the last line"
	pasted := filepath.Join(t.TempDir(), "paste")
	if err := os.WriteFile(pasted, []byte(long), 0o600); err != nil {
		t.Fatal(err)
	}
	x.run("load-buffer", pasted)
	x.run("paste-buffer", "-p", "-t", "main")
	x.waitFor("main", "the last line")
	x.waitFor("main", "Not saved: no space left on device")

	x.keys("main", "C-c")
	x.waitExit("main")
	screen := strings.ReplaceAll(x.screen("main"), "\n", "")
	if !strings.Contains(screen, "exit status 1") || !strings.Contains(screen, "rehearse import") {
		t.Fatalf("ctrl+c on a full disk:\n%s", x.screen("main"))
	}
	rescues, _ := filepath.Glob(filepath.Join(x.home(), ".local", "state", "rehearse", "rehearse-rescue-*.json"))
	if len(rescues) != 1 {
		t.Fatalf("rescue files %v", rescues)
	}
	if info, err := os.Stat(rescues[0]); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("rescue file mode %v, %v", info.Mode().Perm(), err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "import", rescues[0], "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("import the rescue file: %v\n%s", err, out)
	}
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var found []string
	err = st.Each(func(_ store.SessionSummary, attempts []store.Attempt) error {
		for _, a := range attempts {
			found = append(found, a.Steps[0].Notes)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || found[0] != "the first answer" && found[1] != "the first answer" || !strings.Contains(strings.Join(found, ""), long) {
		t.Errorf("after import: %d answers, %.60q…", len(found), found)
	}
	if err := st.Check(); err != nil {
		t.Error(err)
	}
}

// mountSmallDisk mounts a tmpfs of size in a temporary directory, or
// skips the test where mounting is not allowed.
func mountSmallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a small tmpfs (%v): skipping the real full disk", err)
	}
	t.Cleanup(func() {
		// Detached: a program the test started may still hold a file.
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// fillDisk writes a file in dir until the disk is full, and returns it.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return path
		}
	}
}
