package store_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/store"
)

// readable is everything a person can read of a database: the history with
// its figures, the stats of all topics and of each, every question's
// answers and the schedule. Session ids and the times answers were saved
// are left out: a database where a session was never practised gives the
// later sessions other ids, and saves at other times.
func readable(t *testing.T, s *store.Store, questions []string, now time.Time) string {
	t.Helper()
	var out []any
	page, _, err := s.Summaries("", nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	topics := map[string]bool{}
	for i := range page {
		page[i].ID = 0
		for _, tp := range page[i].Topics {
			topics[tp] = true
		}
	}
	out = append(out, page)
	ov, err := s.Stats("", now)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, ov)
	for _, tp := range slices.Sorted(func(yield func(string) bool) {
		for tp := range topics {
			if !yield(tp) {
				return
			}
		}
	}) {
		ov, err := s.Stats(tp, now)
		if err != nil {
			t.Fatal(err)
		}
		byTopic, _, err := s.Summaries(tp, nil, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for i := range byTopic {
			byTopic[i].ID = 0
		}
		out = append(out, tp, ov, byTopic)
	}
	for _, q := range questions {
		attempts, err := s.QuestionAttempts(q)
		if err != nil {
			t.Fatal(err)
		}
		for i := range attempts {
			attempts[i].SessionID, attempts[i].Saved = 0, time.Time{}
		}
		out = append(out, q, attempts)
	}
	states, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, states)
	return asJSON(t, out)
}

// questionIDs returns the ids of the questions answered in s.
func questionIDs(t *testing.T, s *store.Store) []string {
	t.Helper()
	states, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for id := range states {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// TestDeleteSessionOfTheStatsFixture deletes the session of the stats
// fixture that shares questions with both others and ends after midnight:
// the database then reads as one where it was never practised.
func TestDeleteSessionOfTheStatsFixture(t *testing.T) {
	now := local(6, 12, 0, 0)
	deleted := openStore(t, dbPath(t))
	store.SetLocation(deleted, zone)
	headers, _ := writeFixture(t, deleted, fixture)
	questions := questionIDs(t, deleted)

	never := openStore(t, dbPath(t))
	store.SetLocation(never, zone)
	writeFixture(t, never, []fixtureSession{fixture[0], fixture[2]})

	if readable(t, deleted, questions, now) == readable(t, never, questions, now) {
		t.Fatal("the two databases read the same before the delete: the comparison shows nothing")
	}
	if err := deleted.DeleteSession(headers[1].ID); err != nil {
		t.Fatal(err)
	}
	checkClean(t, deleted)
	if got, want := readable(t, deleted, questions, now), readable(t, never, questions, now); got != want {
		t.Errorf("after the delete:\n got %s\nwant %s", got, want)
	}
	// The growth topic was answered only in the deleted session (its other
	// answer was skipped): it is gone from the stats.
	ov, err := deleted.Stats("", now)
	if err != nil {
		t.Fatal(err)
	}
	for _, ts := range ov.Topics {
		if ts.Topic == "growth" {
			t.Errorf("growth is still in the stats: %+v", ts)
		}
	}
}

// TestDeleteSessionWithNotes practises the same questions twice (same
// seed), with notes and a skipped answer, and deletes the first of the two.
func TestDeleteSessionWithNotes(t *testing.T) {
	now := time.Date(2025, 3, 5, 12, 0, 0, 0, time.UTC)
	seeds := []uint64{1, 7, 2, 7}
	const gone = 1 // the index in seeds of the session deleted

	deleted := openStore(t, dbPath(t))
	store.SetLocation(deleted, time.UTC)
	clk := newClock()
	var ids []uint64
	for _, seed := range seeds {
		_, h := practise(t, deleted, clk, seed)
		ids = append(ids, h.ID)
	}
	questions := questionIDs(t, deleted)

	// The same sessions on the same clock, but the deleted one is saved
	// elsewhere.
	never := openStore(t, dbPath(t))
	store.SetLocation(never, time.UTC)
	elsewhere := openStore(t, dbPath(t))
	clk = newClock()
	for i, seed := range seeds {
		if i == gone {
			practise(t, elsewhere, clk, seed)
		} else {
			practise(t, never, clk, seed)
		}
	}

	if err := deleted.DeleteSession(ids[gone]); err != nil {
		t.Fatal(err)
	}
	checkClean(t, deleted)
	if got, want := readable(t, deleted, questions, now), readable(t, never, questions, now); got != want {
		t.Errorf("after the delete:\n got %s\nwant %s", got, want)
	}
	if _, _, err := deleted.Session(ids[gone]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session of the deleted session: %v, want ErrNotFound", err)
	}
	for i, id := range ids {
		if _, _, err := deleted.Session(id); i != gone && err != nil {
			t.Errorf("session %d: %v", id, err)
		}
	}

	// Deleting it again is refused, and says which session.
	err := deleted.DeleteSession(ids[gone])
	if !errors.Is(err, store.ErrNoSession) || !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "session 2") {
		t.Errorf("second delete: %v, want ErrNoSession naming session 2", err)
	}
	if err := deleted.DeleteSession(99); !errors.Is(err, store.ErrNoSession) || !strings.Contains(err.Error(), "99") {
		t.Errorf("delete of an unknown id: %v", err)
	}

	// Deleting every session leaves empty figures and no schedule.
	for i, id := range ids {
		if i != gone {
			if err := deleted.DeleteSession(id); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkClean(t, deleted)
	empty := openStore(t, dbPath(t))
	if got, want := readable(t, deleted, questions, now), readable(t, empty, questions, now); got != want {
		t.Errorf("after deleting every session:\n got %s\nwant %s", got, want)
	}
}

// TestDeleteSessionDraft: the draft goes with its session, and stays when
// another session is deleted.
func TestDeleteSessionDraft(t *testing.T) {
	s := openStore(t, dbPath(t))
	clk := newClock()
	_, done := practise(t, s, clk, 1)
	ps := newPractice(t, clk, 2)
	h := store.NewSession(ps)
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAttempt(&store.Attempt{SessionID: h.ID, Index: 0, Attempt: answer(t, ps, 0, clk)}); err != nil {
		t.Fatal(err)
	}
	a := ps.Attempt(1)
	a.Start()
	clk.Advance(20 * time.Second)
	a.SetNotes("half an answer")
	if err := s.SaveDraft(&store.Draft{SessionID: h.ID, Index: 1, Attempt: a.Snapshot()}); err != nil {
		t.Fatal(err)
	}

	if err := s.DeleteSession(done.ID); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Draft(); err != nil || d == nil || d.SessionID != h.ID {
		t.Fatalf("deleting another session took the draft: %+v, %v", d, err)
	}
	if err := s.DeleteSession(h.ID); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Draft(); err != nil || d != nil {
		t.Errorf("the draft of the deleted session is still there: %+v, %v", d, err)
	}
	checkClean(t, s)
}

// TestDeleteEmptySession deletes a session with no answers: the header and
// its topic entries go.
func TestDeleteEmptySession(t *testing.T) {
	s := openStore(t, dbPath(t))
	clk := newClock()
	_, kept := practise(t, s, clk, 1)
	h := store.NewSession(newPractice(t, clk, 2))
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(h.ID); err != nil {
		t.Fatal(err)
	}
	checkClean(t, s)
	page, _, err := s.Summaries("", nil, 10)
	if err != nil || len(page) != 1 || page[0].ID != kept.ID {
		t.Errorf("history after the delete: %+v, %v", page, err)
	}
	for _, tp := range h.Topics {
		byTopic, _, err := s.Summaries(tp, nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, sum := range byTopic {
			if sum.ID == h.ID {
				t.Errorf("the deleted session is still listed under %s", tp)
			}
		}
	}
	// The next session gets a new id, never the deleted one's.
	next := store.NewSession(newPractice(t, clk, 3))
	if err := s.CreateSession(next); err != nil {
		t.Fatal(err)
	}
	if next.ID <= h.ID {
		t.Errorf("a new session got id %d after %d was deleted", next.ID, h.ID)
	}
}

// TestDeleteSessionRefusesADamagedFile garbles a page in use while the
// Store is open: the delete is refused as damage and the file is left byte
// for byte as it was.
func TestDeleteSessionRefusesADamagedFile(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	clk := newClock()
	var ids []uint64
	for seed := range uint64(6) {
		_, h := practise(t, s, clk, seed)
		ids = append(ids, h.ID)
	}
	var leaf int
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bbolt.Tx) error {
		for id := 2; leaf == 0; {
			info, err := tx.Page(id)
			if err != nil || info == nil {
				return err
			}
			if info.Type == "leaf" {
				leaf = id
			}
			id += 1 + info.OverflowCount
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil || leaf == 0 {
		t.Fatalf("no leaf page found: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := leaf * 4096; i < (leaf+1)*4096; i++ {
		data[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	err = s.DeleteSession(ids[2])
	if !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("delete on a damaged file: %v, want ErrCorrupt", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Error("the delete changed the damaged file")
	}
}

// TestDeleteSessionWithoutADatabase: a Store whose file is not made yet has
// no session to delete, and the delete does not make the file.
func TestDeleteSessionWithoutADatabase(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	if err := s.DeleteSession(1); !errors.Is(err, store.ErrNoSession) {
		t.Errorf("delete with no database: %v, want ErrNoSession", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the delete made the file: %v", err)
	}
}
