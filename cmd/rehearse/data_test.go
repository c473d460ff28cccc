package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// damage makes a damaged copy of the database at src, one way each.
var damage = map[string]func(t *testing.T, src, dst string){
	"empty file": func(t *testing.T, _, dst string) { write(t, dst, nil) },
	"text file":  func(t *testing.T, _, dst string) { write(t, dst, []byte("my interview notes, not a database\n")) },
	"directory": func(t *testing.T, _, dst string) {
		if err := os.Mkdir(dst, 0o700); err != nil {
			t.Fatal(err)
		}
	},
	"truncated": func(t *testing.T, src, dst string) {
		data := read(t, src)
		write(t, dst, data[:len(data)/2])
	},
	"random pages": func(t *testing.T, src, dst string) {
		data := read(t, src)
		r := rand.New(rand.NewPCG(7, 8))
		for _, page := range usedPages(t, src)[1:] { // every page in use but the first after the meta pages
			if r.IntN(3) == 0 {
				for i := page * 4096; i < (page+1)*4096; i++ {
					data[i] = byte(r.Uint32())
				}
			}
		}
		write(t, dst, data)
	},
	"damaged bucket-name page": func(t *testing.T, src, dst string) {
		data := read(t, src)
		root := rootPage(t, src)
		for i := root * 4096; i < (root+1)*4096; i++ {
			data[i] ^= 0x5a
		}
		write(t, dst, data)
	},
	"renamed bucket": func(t *testing.T, src, dst string) {
		write(t, dst, read(t, src))
		db, err := bbolt.Open(dst, 0o600, &bbolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Update(renameBucket("topic_stats", "topic_stats_old")); err != nil {
			t.Fatal(err)
		}
	},
}

func renameBucket(from, to string) func(*bbolt.Tx) error {
	return func(tx *bbolt.Tx) error {
		old := tx.Bucket([]byte(from))
		b, err := tx.CreateBucket([]byte(to))
		if err != nil {
			return err
		}
		if err := old.ForEach(func(k, v []byte) error { return b.Put(k, v) }); err != nil {
			return err
		}
		return tx.DeleteBucket([]byte(from))
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// usedPages lists the pages of the file that hold data, past the meta pages.
func usedPages(t *testing.T, path string) []int {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pages []int
	err = db.View(func(tx *bbolt.Tx) error {
		for id := 2; ; {
			info, err := tx.Page(id)
			if err != nil || info == nil {
				return err
			}
			if info.Type != "free" {
				pages = append(pages, id)
			}
			id += 1 + info.OverflowCount
		}
	})
	if err != nil || len(pages) < 4 {
		t.Fatalf("pages in use: %v, %v", pages, err)
	}
	return pages
}

// rootPage is the page of the root bucket, which holds the buckets' names:
// the root of the newest of the two meta pages.
func rootPage(t *testing.T, path string) int {
	t.Helper()
	data := read(t, path)
	best, root := uint64(0), 0
	for _, meta := range []int{0, 1} {
		page := data[meta*4096:]
		// page header 16 bytes; meta: magic, version, page size, flags,
		// root bucket (root pgid, sequence), freelist, pgid, txid.
		m := page[16:]
		rootID := binary.LittleEndian.Uint64(m[16:])
		txid := binary.LittleEndian.Uint64(m[48:])
		if txid >= best {
			best, root = txid, int(rootID)
		}
	}
	return root
}

func hashOf(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.IsDir() {
		entries, _ := os.ReadDir(path)
		return fmt.Sprintf("a directory of %d entries", len(entries))
	}
	sum := sha256.Sum256(read(t, path))
	return hex.EncodeToString(sum[:])
}

// TestDamagedFilesAreNeverWritten runs every command on each damaged copy
// of a real database: each exits 1 with a message that says what to do,
// prints nothing on stdout, never panics, and leaves the file byte for
// byte as it was.
func TestDamagedFilesAreNeverWritten(t *testing.T) {
	src := filledDB(t)
	export := filepath.Join(t.TempDir(), "export.json")
	if code, _, errOut := runCLI(t, "export", "-o", export, "--db", src); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	future := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
	commands := [][]string{
		{"history"}, {"history", "--json"}, {"show", "1"}, {"show", "1", "--json"}, {"show", "1", "--markdown"},
		{"stats"}, {"stats", "--json"}, {"export", "-o", "-"}, {"export", "--format", "markdown", "-o", "-"},
		{"next"}, {"next", "--json"}, {"questions", "--json"}, {"plan"}, {"plan", "--on", future},
		{"import", export}, {"import", "--dry-run", export}, {"doctor"},
	}
	for name, spoil := range damage {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "rehearse.db")
			spoil(t, src, db)
			before := hashOf(t, db)
			for _, args := range commands {
				code, out, errOut := runCLI(t, append(args, "--db", db)...)
				what := strings.Join(args, " ")
				if code != 1 {
					t.Errorf("%s: exit %d, want 1\nstdout: %s\nstderr: %s", what, code, out, errOut)
				}
				if strings.HasPrefix(errOut, "panic") || strings.Contains(out+errOut, "goroutine ") {
					t.Errorf("%s panicked:\n%s%s", what, out, errOut)
				}
				if args[0] != "doctor" && out != "" {
					t.Errorf("%s failed but printed on stdout:\n%s", what, out)
				}
				advice := []string{"doctor --repair", "move it aside", "give --db", "delete it", "nothing can be read", "cannot be opened"}
				if !containsAny(errOut, advice) {
					t.Errorf("%s: the message does not say what to do:\n%s", what, errOut)
				}
				if after := hashOf(t, db); after != before {
					t.Fatalf("%s changed the damaged file", what)
				}
			}
		})
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestMissingDatabase: a --db path that does not exist is an error that
// creates nothing; the default path with no database yet reads as empty,
// and creates nothing either.
func TestMissingDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	db := filepath.Join(dir, "rehearse.db")
	for _, args := range [][]string{{"history"}, {"show", "1"}, {"export", "-o", "-"}, {"stats"}, {"next"}} {
		code, out, errOut := runCLI(t, append(args, "--db", db)...)
		if code != 1 || out != "" || !strings.Contains(errOut, "no database at "+db) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a mistyped --db made %s (%v)", dir, err)
	}

	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"history"}, strings.NewReader(""), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "No sessions yet") {
		t.Errorf("history with no database yet: exit %d, %q, %q", code, stdout.String(), stderr.String())
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("reading made files in the data directory: %v", entries)
	}
}

// TestDoctorAndRepair: a sound file checks out; a file with a garbled
// answer, lost figures and a damaged page is reported, and repaired into a
// sound one with every readable answer, the damaged file kept beside it.
func TestDoctorAndRepair(t *testing.T) {
	db := filledDB(t)
	code, out, errOut := runCLI(t, "doctor", "--db", db)
	if code != 0 || !strings.Contains(out, "Sound") || !strings.Contains(out, "2 sessions · 3 answers") {
		t.Fatalf("doctor on a sound file: exit %d\n%s%s", code, out, errOut)
	}

	// One answer garbled, the session figures lost.
	edit, err := bbolt.Open(db, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = edit.Update(func(tx *bbolt.Tx) error {
		k, _ := tx.Bucket([]byte("attempts")).Cursor().Last()
		if err := tx.Bucket([]byte("attempts")).Put(k, []byte(`{"version": 1, "question": `)); err != nil {
			return err
		}
		return tx.DeleteBucket([]byte("session_stats"))
	})
	edit.Close()
	if err != nil {
		t.Fatal(err)
	}
	before := hashOf(t, db)
	code, out, errOut = runCLI(t, "doctor", "--db", db)
	if code != 1 || !strings.Contains(out, "no session_stats bucket") || !strings.Contains(errOut, "doctor --repair") {
		t.Fatalf("doctor on a damaged file: exit %d\n%s%s", code, out, errOut)
	}
	if hashOf(t, db) != before {
		t.Fatal("doctor changed the file")
	}
	code, out, errOut = runCLI(t, "doctor", "--repair", "--db", db)
	if code != 0 || !strings.Contains(out, "copied 2 sessions and 2 answers") || !strings.Contains(out, "Lost: 0 sessions and 1 answer") {
		t.Fatalf("repair: exit %d\n%s%s", code, out, errOut)
	}
	kept, _ := filepath.Glob(db + ".damaged-*")
	if len(kept) != 1 || hashOf(t, kept[0]) != before {
		t.Errorf("the damaged file was not kept as it was: %v", kept)
	}
	if code, out, _ := runCLI(t, "doctor", "--db", db); code != 0 || !strings.Contains(out, "Sound") {
		t.Errorf("doctor after repair: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "history", "--db", db); code != 0 || strings.Count(out, "\n") != 3 {
		t.Errorf("history after repair: exit %d\n%s", code, out)
	}

	// A damaged page: what lies behind it is lost, the rest is copied.
	pages := usedPages(t, db)
	data := read(t, db)
	page := pages[len(pages)-1]
	for i := page * 4096; i < (page+1)*4096; i++ {
		data[i] = 0xee
	}
	write(t, db, data)
	code, out, errOut = runCLI(t, "doctor", "--repair", "--db", db)
	if code != 0 || !strings.Contains(out, "Repaired") {
		t.Fatalf("repair of a damaged page: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "doctor", "--db", db); code != 0 || !strings.Contains(out, "Sound") {
		t.Errorf("doctor after the second repair: exit %d\n%s", code, out)
	}
	if kept, _ := filepath.Glob(db + ".damaged-*"); len(kept) != 2 {
		t.Errorf("damaged files kept: %v, want both", kept)
	}
}

// TestImportTwice moves sessions from one database to another: the first
// import adds them all, marked as imported; a second adds nothing; a dry
// run says what would happen and changes nothing.
func TestImportTwice(t *testing.T) {
	src := filledDB(t)
	file := filepath.Join(t.TempDir(), "laptop.json")
	if code, _, errOut := runCLI(t, "export", "-o", file, "--db", src); code != 0 {
		t.Fatal(errOut)
	}
	dst := filepath.Join(t.TempDir(), "desktop", "rehearse.db")
	code, out, errOut := runCLI(t, "import", "--dry-run", file, "--db", dst)
	if code != 0 || !strings.Contains(out, "would add 3 answers in 2 sessions (2 new)") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Dir(dst)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a dry run made the database's directory: %v", err)
	}
	code, out, errOut = runCLI(t, "import", file, "--db", dst)
	if code != 0 || !strings.Contains(out, "added 3 answers in 2 sessions (2 new); 0 answers already here") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	before := hashOf(t, dst)
	code, out, _ = runCLI(t, "import", file, "--db", dst)
	if code != 0 || !strings.Contains(out, "added 0 answers in 0 sessions (0 new); 3 answers already here") {
		t.Fatalf("second import: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "show", "1", "--json", "--db", dst); code != 0 || !strings.Contains(out, `"origin": "imported from laptop.json"`) || !strings.Contains(out, "We had 40k orders a day") {
		t.Errorf("the imported session:\n%s", out)
	}
	if code, out, _ := runCLI(t, "doctor", "--db", dst); code != 0 || !strings.Contains(out, "Sound") {
		t.Errorf("doctor after importing: exit %d\n%s", code, out)
	}
	_ = before
	if code, _, errOut := runCLI(t, "import", filepath.Join(t.TempDir(), "nope.json"), "--db", dst); code != 1 || !strings.Contains(errOut, "no such file") {
		t.Errorf("a missing file: exit %d, %s", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	write(t, bad, []byte(`{"format": "something-else", "version": 1, "sessions": []}`))
	if code, _, errOut := runCLI(t, "import", bad, "--db", dst); code != 1 || !strings.Contains(errOut, "not a rehearse export") {
		t.Errorf("a foreign file: exit %d, %s", code, errOut)
	}
}
