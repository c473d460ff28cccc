package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/store"
)

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
	// The session had no answer but the draft: it went with it.
	if _, _, err := s.Session(sess.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a session abandoned before its first answer is kept: %v", err)
	}

	// Saving another attempt leaves the draft; saving its own removes it.
	sess = store.NewSession(ps)
	if err := s.CreateSession(sess); err != nil {
		t.Fatal(err)
	}
	d.SessionID = sess.ID
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

// TestDeleteDraftKeepsASessionWithAnswers: discarding the draft of a
// session that has a saved answer leaves the session and its answer.
func TestDeleteDraftKeepsASessionWithAnswers(t *testing.T) {
	s := openStore(t, dbPath(t))
	clk := newClock()
	ps := newPractice(t, clk, 2)
	sess := store.NewSession(ps)
	if err := s.CreateSession(sess); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAttempt(&store.Attempt{SessionID: sess.ID, Index: 0, Attempt: answer(t, ps, 0, clk)}); err != nil {
		t.Fatal(err)
	}
	a := ps.Attempt(1)
	a.Start()
	a.SetNotes("begun")
	if err := s.SaveDraft(&store.Draft{SessionID: sess.ID, Index: 1, Attempt: a.Snapshot()}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDraft(); err != nil {
		t.Fatal(err)
	}
	if _, attempts, err := s.Session(sess.ID); err != nil || len(attempts) != 1 {
		t.Errorf("the session after discarding its draft: %d answers, %v", len(attempts), err)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}
