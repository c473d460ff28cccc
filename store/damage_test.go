package store_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/store"
)

func TestCorruptFiles(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		return b
	}
	// A bbolt file of another program: it opens, but is not ours.
	foreign := func(t *testing.T) []byte {
		p := filepath.Join(t.TempDir(), "other.db")
		db, err := bbolt.Open(p, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(tx *bbolt.Tx) error {
			b, err := tx.CreateBucket([]byte("widgets"))
			if err != nil {
				return err
			}
			return b.Put([]byte("k"), []byte("v"))
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	cases := map[string]func(t *testing.T) []byte{
		"text":                 func(*testing.T) []byte { return []byte("these are my notes, not a database\n") },
		"long text":            func(*testing.T) []byte { return bytes.Repeat([]byte("not a database\n"), 2000) },
		"random 100 bytes":     func(*testing.T) []byte { return random(100) },
		"random 6000 bytes":    func(*testing.T) []byte { return random(6000) },
		"random 5 pages":       func(*testing.T) []byte { return random(5 * 4096) },
		"foreign bbolt file":   foreign,
		"bbolt magic, no more": func(*testing.T) []byte { return append(make([]byte, 16), 0xed, 0x0c, 0xdd, 0xed) },
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := dbPath(t)
			data := content(t)
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			for range 2 { // twice: a failed Open lets go of the file
				s, err := store.Open(path, store.Options{})
				if err == nil {
					s.Close()
					t.Fatal("Open succeeded")
				}
				if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "move it aside") {
					t.Fatalf("err = %v, want ErrCorrupt naming the file", err)
				}
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(after, data) {
				t.Error("Open changed the file")
			}
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
				t.Errorf("Open left files beside it: %v", entries)
			}
		})
	}
}

// TestDamagedPages garbles, one at a time, the pages of a real database
// past its meta pages. A page in use is reported as ErrCorrupt, by Open or
// by Check; a free one changes nothing. Reads work or say the file is
// damaged; nothing crashes.
func TestDamagedPages(t *testing.T) {
	src := dbPath(t)
	s := openStore(t, src)
	clk := newClock()
	for seed := range uint64(20) {
		practise(t, s, clk, seed)
	}
	checkClean(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	clean, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}

	type span struct {
		first, n int
		used     bool
	}
	var spans []span
	db, err := bbolt.Open(src, 0o600, &bbolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bbolt.Tx) error {
		for id := 2; ; {
			info, err := tx.Page(id)
			if err != nil || info == nil {
				return err
			}
			n := 1 + info.OverflowCount
			spans = append(spans, span{id, n, info.Type != "free"})
			id += n
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	const pageSize = 4096
	r := rand.New(rand.NewPCG(3, 4))
	used, refused := 0, 0
	for _, sp := range spans {
		data := bytes.Clone(clean)
		for i := sp.first * pageSize; i < (sp.first+sp.n)*pageSize; i++ {
			data[i] = byte(r.Uint32())
		}
		path := filepath.Join(t.TempDir(), "rehearse.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(path, store.Options{})
		if err != nil {
			if !errors.Is(err, store.ErrCorrupt) || !sp.used {
				t.Errorf("page %d (used %v): Open: %v", sp.first, sp.used, err)
			}
			refused++
			continue
		}
		for what, err := range map[string]error{
			"Sessions": func() error { _, _, err := s.Summaries("", nil, 100); return err }(),
			"Session":  func() error { _, _, err := s.Session(3); return err }(),
			"Draft":    func() error { _, err := s.Draft(); return err }(),
		} {
			if err != nil && !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("page %d: %s: %v, want nil or ErrCorrupt", sp.first, what, err)
			}
		}
		err = s.Check()
		if sp.used {
			used++
			if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), path) {
				t.Errorf("page %d in use: Check() = %v, want ErrCorrupt naming the file", sp.first, err)
			}
		} else if err != nil {
			t.Errorf("free page %d: Check() = %v", sp.first, err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("page %d: Close: %v", sp.first, err)
		}
	}
	t.Logf("%d spans of pages: Open refused %d, Check caught %d", len(spans), refused, used)
	if used+refused == 0 {
		t.Error("no page in use was damaged")
	}
}
