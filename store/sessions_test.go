package store_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

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
