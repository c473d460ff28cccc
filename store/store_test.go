package store_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/adrg/xdg"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ now time.Time }

func newClock() *fakeClock { return &fakeClock{now: time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

var loadBank = sync.OnceValues(func() (*bank.Bank, error) { return bank.Load(rehearse.QuestionsYAML) })

func testBank(t testing.TB) *bank.Bank {
	t.Helper()
	b, err := loadBank()
	if err != nil {
		t.Fatalf("load the embedded bank: %v", err)
	}
	return b
}

// newPractice draws a practice session of three questions.
func newPractice(t testing.TB, clk *fakeClock, seed uint64) *practice.Session {
	t.Helper()
	b := testBank(t)
	ps, err := practice.NewSessionWith(b, practice.Settings{Count: 3, Seed: seed}, bank.Draw(kindFramed(b), 3, seed), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// kindFramed returns the questions answered in their kind's frame and
// time (STAR in 3 minutes, explain in 4), whose figures the tests work out
// by hand.
func kindFramed(b *bank.Bank) []bank.Question {
	var qs []bank.Question
	for _, q := range b.Questions {
		if q.Frame == "" && q.Minutes == 0 {
			qs = append(qs, q)
		}
	}
	return qs
}

// practise saves session seed, every question answered (the last
// skipped), as the app does: the header, then each attempt.
func practise(t testing.TB, s *store.Store, clk *fakeClock, seed uint64) (*practice.Session, *store.Session) {
	t.Helper()
	ps := newPractice(t, clk, seed)
	h := store.NewSession(ps)
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	for i := range ps.Questions {
		if err := s.SaveAttempt(&store.Attempt{SessionID: h.ID, Index: i, Attempt: answer(t, ps, i, clk)}); err != nil {
			t.Fatal(err)
		}
	}
	return ps, h
}

// answer plays attempt i of ps through: each phase timed and noted, then
// rated. The last question is skipped after its first phase.
func answer(t testing.TB, ps *practice.Session, i int, clk *fakeClock) practice.Attempt {
	t.Helper()
	a := ps.Attempt(i)
	a.Start()
	for p := range a.PhaseCount() {
		clk.Advance(time.Duration(20+10*p+i) * time.Second)
		a.SetNotes(fmt.Sprintf("q%d %s: what I said", i, a.Steps[p].Name))
		if i == len(ps.Questions)-1 {
			a.Skip()
			return a.Snapshot()
		}
		if p == 1 {
			a.Pause()
			clk.Advance(time.Minute) // not counted
			a.Resume()
		}
		a.Next()
	}
	a.Finish()
	for p := range a.PhaseCount() {
		if err := a.RatePhase(p, 1+(i+p)%5); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.RateOverall(4); err != nil {
		t.Fatal(err)
	}
	a.ToggleCovered(a.Question.Cover[0])
	a.ToggleCovered(a.Question.Cover[2])
	a.Rating.NextTime = "lead with the numbers"
	return a.Snapshot()
}

// summaryOf returns the summary of session id.
func summaryOf(s *store.Store, id uint64) (*store.SessionSummary, error) {
	sum, _, err := s.Session(id)
	return sum, err
}

// openStore opens path and closes it when the test ends.
func openStore(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path, store.Options{Session: true, Create: true})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// checkClean runs bbolt's check and the index check.
func checkClean(t testing.TB, s *store.Store) {
	t.Helper()
	if err := s.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
	if err := s.CheckIndexes(); err != nil {
		t.Errorf("CheckIndexes: %v", err)
	}
}

func dbPath(t *testing.T) string { return filepath.Join(t.TempDir(), "rehearse.db") }

func asJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

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

func TestRoundTrip(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	clk := newClock()
	ps := newPractice(t, clk, 1)
	sess := store.NewSession(ps)
	if err := s.CreateSession(sess); err != nil {
		t.Fatal(err)
	}
	if sess.ID != 1 {
		t.Fatalf("first session: ID %d, want 1", sess.ID)
	}
	var saved []*store.Attempt
	for i := range ps.Questions {
		a := &store.Attempt{SessionID: sess.ID, Index: i, Attempt: answer(t, ps, i, clk)}
		if err := s.SaveAttempt(a); err != nil {
			t.Fatal(err)
		}
		if a.Saved.IsZero() {
			t.Errorf("attempt %d: Saved %v", i, a.Saved)
		}
		saved = append(saved, a)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openStore(t, path)
	got, attempts, err := s.Session(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	if asJSON(t, got.Session) != asJSON(t, sess) || !got.Started.Equal(ps.Started) {
		t.Errorf("session:\n got %s\nwant %s", asJSON(t, got.Session), asJSON(t, sess))
	}
	if len(attempts) != len(saved) {
		t.Fatalf("%d attempts, want %d", len(attempts), len(saved))
	}
	for i, a := range attempts {
		want := saved[i]
		if a.Index != i || a.SessionID != sess.ID || !a.Saved.Equal(want.Saved) {
			t.Errorf("attempt %d: index %d, session %d, saved %v", i, a.Index, a.SessionID, a.Saved)
		}
		if a.Question.ID != ps.Questions[i].ID {
			t.Errorf("attempt %d: question %s, want %s", i, a.Question.ID, ps.Questions[i].ID)
		}
		for j, st := range a.Steps {
			if st.Notes != want.Steps[j].Notes || st.Spent != want.Steps[j].Spent || st.Target != want.Steps[j].Target {
				t.Errorf("attempt %d step %d: %+v, want %+v", i, j, st, want.Steps[j])
			}
		}
		if !slices.Equal(a.Rating.Phases, want.Rating.Phases) || a.Rating.Overall != want.Rating.Overall ||
			!slices.Equal(a.Rating.Covered, want.Rating.Covered) || a.Rating.NextTime != want.Rating.NextTime {
			t.Errorf("attempt %d rating: %+v, want %+v", i, a.Rating, want.Rating)
		}
		if !a.Started.Equal(want.Started) || !a.Finished.Equal(want.Finished) || a.Skipped != want.Skipped {
			t.Errorf("attempt %d: started %v finished %v skipped %v", i, a.Started, a.Finished, a.Skipped)
		}
		if asJSON(t, a) != asJSON(t, want) {
			t.Errorf("attempt %d:\n got %s\nwant %s", i, asJSON(t, a), asJSON(t, want))
		}
	}
	// The practice code made what was checked: spent time, notes, ratings.
	if attempts[0].Steps[0].Spent != 20*time.Second || attempts[0].Steps[1].Spent != 30*time.Second ||
		attempts[0].Rating.Overall != 4 || len(attempts[0].Rating.Covered) != 2 || !attempts[2].Skipped {
		t.Errorf("unexpected practice data: %s", asJSON(t, attempts[0]))
	}
	checkClean(t, s)
}

// TestLayout reads the file with bbolt itself: the buckets, keys and
// records of DESIGN.md §8.
func TestLayout(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	clk := newClock()
	ps := newPractice(t, clk, 1)
	sess := store.NewSession(ps)
	if err := s.CreateSession(sess); err != nil {
		t.Fatal(err)
	}
	a := &store.Attempt{SessionID: sess.ID, Index: 1, Attempt: answer(t, ps, 1, clk)}
	if err := s.SaveAttempt(a); err != nil {
		t.Fatal(err)
	}
	checkClean(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		for _, name := range []string{"meta", "sessions", "session_ids", "attempts", "drafts", "by_topic", "by_question",
			"sessions_by_topic", "session_stats", "topic_stats", "topic_days", "days", "questions"} {
			if tx.Bucket([]byte(name)) == nil {
				t.Errorf("no bucket %s", name)
			}
		}
		meta := tx.Bucket([]byte("meta"))
		if v := meta.Get([]byte("schema")); !bytes.Equal(v, binary.BigEndian.AppendUint64(nil, store.SchemaVersion)) {
			t.Errorf("schema = %x", v)
		}
		if _, err := time.Parse(time.RFC3339Nano, string(meta.Get([]byte("created")))); err != nil {
			t.Errorf("created: %v", err)
		}
		skey := binary.BigEndian.AppendUint64(nil, uint64(ps.Started.UnixNano()))
		skey = binary.BigEndian.AppendUint64(skey, sess.ID)
		if v := tx.Bucket([]byte("session_ids")).Get(binary.BigEndian.AppendUint64(nil, sess.ID)); !bytes.Equal(v, skey) {
			t.Errorf("session_ids[%d] = %x, want %x", sess.ID, v, skey)
		}
		var rec map[string]any
		if err := json.Unmarshal(tx.Bucket([]byte("sessions")).Get(skey), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["version"] != 1.0 || rec["id"] != 1.0 {
			t.Errorf("session record %v", rec)
		}
		akey := append(bytes.Clone(skey), 0, 1)
		clear(rec)
		if err := json.Unmarshal(store.Unpack(t, tx.Bucket([]byte("attempts")).Get(akey)), &rec); err != nil {
			t.Fatal(err)
		}
		for _, field := range []string{"version", "session_id", "index", "question", "steps", "rating", "saved"} {
			if _, ok := rec[field]; !ok {
				t.Errorf("attempt record has no %q: %v", field, rec)
			}
		}
		for _, topic := range a.Question.Topics {
			if k, _ := tx.Bucket([]byte("by_topic")).Cursor().Seek(append([]byte(topic+"\x00"), akey...)); !bytes.Equal(k, append([]byte(topic+"\x00"), akey...)) {
				t.Errorf("no by_topic entry for %s", topic)
			}
		}
		if k, _ := tx.Bucket([]byte("by_question")).Cursor().Seek(append([]byte(a.Question.ID+"\x00"), akey...)); !bytes.HasSuffix(k, akey) {
			t.Errorf("no by_question entry for %s", a.Question.ID)
		}
		// The aggregates of schema 2.
		for _, topic := range sess.Topics {
			if k, _ := tx.Bucket([]byte("sessions_by_topic")).Cursor().Seek(append([]byte(topic+"\x00"), skey...)); !bytes.Equal(k, append([]byte(topic+"\x00"), skey...)) {
				t.Errorf("no sessions_by_topic entry for %s", topic)
			}
		}
		var figures map[string]any
		if err := json.Unmarshal(tx.Bucket([]byte("session_stats")).Get(skey), &figures); err != nil {
			t.Fatal(err)
		}
		if figures["answered"] != 1.0 || figures["rated"] != 1.0 || figures["sum_overall"] != 4.0 || figures["spent_ns"] != float64(a.Total()) {
			t.Errorf("session_stats record %v", figures)
		}
		day := a.Finished.Local().Format("20060102")
		for _, topic := range a.Question.Topics {
			var rec map[string]any
			if err := json.Unmarshal(tx.Bucket([]byte("topic_stats")).Get([]byte(topic)), &rec); err != nil || rec["attempts"] != 1.0 {
				t.Errorf("topic_stats[%s] = %v, %v", topic, rec, err)
			}
			if v := tx.Bucket([]byte("topic_days")).Get([]byte(topic + "\x00" + day)); string(v) != `{"version":1,"attempts":1,"rated":1,"sum_overall":4,"noted":1,"i":4}` {
				t.Errorf("topic_days[%s %s] = %s", topic, day, v)
			}
		}
		if v := tx.Bucket([]byte("days")).Get([]byte(day)); string(v) != `{"version":1,"attempts":1,"rated":1,"sum_overall":4,"noted":1,"i":4}` {
			t.Errorf("days[%s] = %s", day, v)
		}
		// The schedule of schema 3: the question's card moved by its rating.
		var q map[string]any
		if err := json.Unmarshal(tx.Bucket([]byte("questions")).Get([]byte(a.Question.ID)), &q); err != nil {
			t.Fatal(err)
		}
		if q["attempts"] != 1.0 || q["rated"] != 1.0 || q["sum_overall"] != 4.0 || q["card"].(map[string]any)["reps"] != 1.0 {
			t.Errorf("questions[%s] = %v", a.Question.ID, q)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
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

func TestDrafts(t *testing.T) {
	s := openStore(t, dbPath(t))
	if d, err := s.Draft(); d != nil || err != nil {
		t.Fatalf("empty store: Draft() = %v, %v", d, err)
	}
	if err := s.DeleteDraft(); err != nil {
		t.Fatalf("DeleteDraft with no draft: %v", err)
	}
	clk := newClock()
	ps := newPractice(t, clk, 1)
	sess := store.NewSession(ps)
	if err := s.CreateSession(sess); err != nil {
		t.Fatal(err)
	}

	// An attempt in progress: the running clock is folded into the draft.
	a := ps.Attempt(1)
	a.Start()
	clk.Advance(15 * time.Second)
	a.SetNotes("half a thought")
	d := &store.Draft{SessionID: sess.ID, Index: 1, Attempt: a.Snapshot()}
	if err := s.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	if d.Saved.IsZero() {
		t.Error("SaveDraft left Saved zero")
	}
	clk.Advance(10 * time.Second)
	a.SetNotes("a whole thought")
	d = &store.Draft{SessionID: sess.ID, Index: 1, Attempt: a.Snapshot(), Saved: clk.Now()}
	if err := s.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	got, err := s.Draft()
	if err != nil || got == nil {
		t.Fatalf("Draft() = %v, %v", got, err)
	}
	if asJSON(t, got) != asJSON(t, d) || got.Attempt.Steps[0].Notes != "a whole thought" || got.Attempt.Steps[0].Spent != 25*time.Second {
		t.Errorf("draft:\n got %s\nwant %s", asJSON(t, got), asJSON(t, d))
	}
	// The restored attempt goes on from where the draft left it.
	got.Attempt.Restore(clk.Now)
	got.Attempt.Resume()
	clk.Advance(5 * time.Second)
	if spent := got.Attempt.Spent(0); spent != 30*time.Second {
		t.Errorf("restored attempt: spent %v, want 30s", spent)
	}

	if err := s.DeleteDraft(); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Draft(); got != nil || err != nil {
		t.Fatalf("after DeleteDraft: %v, %v", got, err)
	}

	// Saving another attempt leaves the draft; saving its own removes it.
	if err := s.SaveDraft(d); err != nil {
		t.Fatal(err)
	}
	other := newPractice(t, clk, 2)
	otherSess := store.NewSession(other)
	if err := s.CreateSession(otherSess); err != nil {
		t.Fatal(err)
	}
	for _, save := range []*store.Attempt{
		{SessionID: sess.ID, Index: 0, Attempt: answer(t, ps, 0, clk)},
		{SessionID: otherSess.ID, Index: 1, Attempt: answer(t, other, 1, clk)},
	} {
		if err := s.SaveAttempt(save); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Draft(); got == nil || err != nil {
			t.Fatalf("saving attempt %d/%d removed the draft of 1/%d (%v)", save.SessionID, save.Index, sess.ID, err)
		}
	}
	a.Finish()
	if err := s.SaveAttempt(&store.Attempt{SessionID: sess.ID, Index: 1, Attempt: a.Snapshot()}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Draft(); got != nil || err != nil {
		t.Errorf("saving the draft's attempt left %v, %v", got, err)
	}
	checkClean(t, s)
}

func TestSessionsPaging(t *testing.T) {
	s := openStore(t, dbPath(t))
	if page, next, err := s.Summaries("", nil, 20); page != nil || next != nil || err != nil {
		t.Fatalf("empty store: %v, %x, %v", page, next, err)
	}
	base := newClock().Now()
	type ref struct {
		started time.Time
		id      uint64
	}
	var all []ref
	for i := range 250 {
		// 100 distinct start times, not in order: many sessions share one.
		clk := &fakeClock{now: base.Add(time.Duration(i*7919%100) * time.Second)}
		sess := store.NewSession(newPractice(t, clk, uint64(i)))
		if err := s.CreateSession(sess); err != nil {
			t.Fatal(err)
		}
		if sess.ID != uint64(i+1) {
			t.Fatalf("session %d got id %d", i+1, sess.ID)
		}
		all = append(all, ref{sess.Started, sess.ID})
	}
	slices.SortFunc(all, func(a, b ref) int {
		if c := b.started.Compare(a.started); c != 0 {
			return c
		}
		return int(b.id) - int(a.id)
	})
	want := make([]uint64, len(all))
	for i, r := range all {
		want[i] = r.id
	}

	for _, limit := range []int{20, 25, 250, 1000} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			var got []uint64
			var cursors [][]byte
			var cursor []byte
			for pages := 0; ; pages++ {
				if pages > len(all) {
					t.Fatal("paging does not end")
				}
				page, next, err := s.Summaries("", cursor, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) == 0 || len(page) > limit || (next != nil && len(page) != limit) {
					t.Fatalf("page %d: %d sessions, next %x", pages, len(page), next)
				}
				for _, sess := range page {
					got = append(got, sess.ID)
				}
				if next == nil {
					break
				}
				if len(next) != 16 {
					t.Fatalf("cursor %x is not a 16-byte session key", next)
				}
				cursors = append(cursors, next)
				cursor = next
			}
			if !slices.Equal(got, want) {
				t.Fatalf("paged ids:\n got %v\nwant %v", got, want)
			}
			// The same cursor gives the same page again.
			for i, c := range cursors {
				page, _, err := s.Summaries("", c, limit)
				if err != nil {
					t.Fatal(err)
				}
				if page[0].ID != want[(i+1)*limit] {
					t.Errorf("page after cursor %d starts at %d, want %d", i, page[0].ID, want[(i+1)*limit])
				}
			}
		})
	}

	if _, _, err := s.Summaries("", nil, 0); err == nil {
		t.Error("limit 0: no error")
	}
	if _, _, err := s.Summaries("", []byte("short"), 10); err == nil {
		t.Error("malformed cursor: no error")
	}
	// A cursor past every key pages from the newest; one before every key gives nothing.
	if page, _, err := s.Summaries("", bytes.Repeat([]byte{0xff}, 16), 1); err != nil || len(page) != 1 || page[0].ID != want[0] {
		t.Errorf("cursor after all: %v, %v", page, err)
	}
	if page, next, err := s.Summaries("", make([]byte, 16), 1); err != nil || page != nil || next != nil {
		t.Errorf("cursor before all: %v, %x, %v", page, next, err)
	}
	checkClean(t, s)
}

func TestNotFound(t *testing.T) {
	s := openStore(t, dbPath(t))
	_, _, err := s.Session(42)
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "42") {
		t.Errorf("Session(42) = %v, want ErrNotFound naming 42", err)
	}
	clk := newClock()
	ps := newPractice(t, clk, 1)
	err = s.SaveAttempt(&store.Attempt{SessionID: 7, Index: 0, Attempt: answer(t, ps, 0, clk)})
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "7") {
		t.Errorf("SaveAttempt to session 7 = %v, want ErrNotFound naming 7", err)
	}
	if d, err := s.Draft(); d != nil || err != nil {
		t.Errorf("Draft() = %v, %v", d, err)
	}
	checkClean(t, s)
}

func TestIndexes(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	clk := newClock()
	var sessions []*practice.Session
	for seed := range uint64(4) {
		ps, _ := practise(t, s, clk, seed)
		sessions = append(sessions, ps)
		clk.Advance(time.Hour)
	}
	checkClean(t, s)

	// Saving slot 0 of session 1 again, with another question's attempt,
	// moves its index entries: none stay behind for the old question.
	first, other := sessions[0], sessions[1]
	replacement := answer(t, other, 1, clk)
	if replacement.Question.ID == first.Questions[0].ID {
		t.Fatal("pick a replacement of another question")
	}
	if err := s.SaveAttempt(&store.Attempt{SessionID: 1, Index: 0, Attempt: replacement}); err != nil {
		t.Fatal(err)
	}
	checkClean(t, s)
	_, attempts, err := s.Session(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(attempts) != 3 || attempts[0].Question.ID != replacement.Question.ID {
		t.Errorf("after replacing: %d attempts, first of %s", len(attempts), attempts[0].Question.ID)
	}

	// The check finds an entry that points nowhere.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket([]byte("by_topic")).Put(append([]byte("databases\x00"), make([]byte, 18)...), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, path)
	if err := s.CheckIndexes(); err == nil {
		t.Error("CheckIndexes missed a dangling entry")
	}
}

func TestSaveAttemptRejects(t *testing.T) {
	s := openStore(t, dbPath(t))
	clk := newClock()
	ps := newPractice(t, clk, 1)
	sess := store.NewSession(ps)
	if err := s.CreateSession(sess); err != nil {
		t.Fatal(err)
	}
	good := answer(t, ps, 0, clk)
	bad := func(edit func(*store.Attempt)) *store.Attempt {
		a := &store.Attempt{SessionID: sess.ID, Attempt: good}
		a.Question.Topics = slices.Clone(good.Question.Topics)
		edit(a)
		return a
	}
	for name, a := range map[string]*store.Attempt{
		"negative index":    bad(func(a *store.Attempt) { a.Index = -1 }),
		"index too large":   bad(func(a *store.Attempt) { a.Index = 1 << 16 }),
		"no question id":    bad(func(a *store.Attempt) { a.Question.ID = "" }),
		"NUL in a topic":    bad(func(a *store.Attempt) { a.Question.Topics[0] = "data\x00bases" }),
		"NUL in a question": bad(func(a *store.Attempt) { a.Question.ID = "q\x00" }),
	} {
		if err := s.SaveAttempt(a); err == nil {
			t.Errorf("%s: saved", name)
		}
	}
	if err := s.CreateSession(&store.Session{}); err == nil {
		t.Error("session without a start time: saved")
	}
	if _, attempts, err := s.Session(sess.ID); err != nil || len(attempts) != 0 {
		t.Errorf("after rejected saves: %d attempts, %v", len(attempts), err)
	}
	checkClean(t, s)
}

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
