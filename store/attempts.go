package store

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
)

// Attempt is a saved answer to question Index of session SessionID.
type Attempt struct {
	SessionID uint64
	Index     int // position of the question in the session
	practice.Attempt
	Saved    time.Time
	Insights *insight.Insights // nil for answers saved before insights existed
}

// Draft is the answer in progress, kept so it can be resumed.
type Draft struct {
	SessionID uint64
	Index     int
	Attempt   practice.Attempt
	Saved     time.Time
}

// SaveAttempt stores a finished (or skipped) attempt of an existing session
// in one transaction, with its index entries, its share of the aggregates
// and its question's schedule, and removes the draft if it was the draft
// of this attempt. Saving the same session and index again replaces the
// attempt, and what the old one counted for. It sets Saved.
func (s *Store) SaveAttempt(a *Attempt) error {
	if err := checkAttempt(a); err != nil {
		return fmt.Errorf("save attempt: %w", err)
	}
	rec := toAttemptRecord(a)
	rec.Saved = time.Now()
	if err := s.update(func(tx *bbolt.Tx) error { return s.saveAttempt(tx, &rec, true) }); err != nil {
		return fmt.Errorf("save attempt %d: %w", a.Index, err)
	}
	a.Saved = rec.Saved
	return nil
}

// checkAttempt refuses an attempt the keys cannot hold or whose parts do
// not fit together.
func checkAttempt(a *Attempt) error {
	if a.Index < 0 || a.Index > math.MaxUint16 {
		return fmt.Errorf("index %d is out of range", a.Index)
	}
	if a.Question.ID == "" || strings.ContainsRune(a.Question.ID, 0) {
		return fmt.Errorf("bad question id %q", a.Question.ID)
	}
	for _, t := range a.Question.Topics {
		if t == "" || strings.ContainsRune(t, 0) {
			return fmt.Errorf("bad topic %q", t)
		}
	}
	return a.Attempt.Check()
}

// saveAttempt stores rec, a checked attempt with its Saved set, in tx: the
// record, its index entries, its aggregates and (if schedule) its
// question's schedule, taking out those of the attempt it replaces. An
// import schedules once at its end instead.
func (s *Store) saveAttempt(tx *bbolt.Tx, rec *attemptRecord, schedule bool) error {
	sessKey := tx.Bucket(bucketSessionIDs).Get(u64(rec.SessionID))
	if sessKey == nil {
		return fmt.Errorf("session %d: %w", rec.SessionID, ErrNotFound)
	}
	sessKey = bytes.Clone(sessKey) // it is written to as a key below
	key := attemptKey(sessKey, rec.Index)
	attempts := filled(tx, bucketAttempts)
	var old *contrib
	oldID := ""
	if v := attempts.Get(key); v != nil {
		var prev attemptRecord
		if err := s.decode(v, &prev, "attempt %d/%d", rec.SessionID, rec.Index); err != nil {
			return err
		}
		if err := s.index(tx, key, &prev, (*bbolt.Bucket).Delete); err != nil {
			return err
		}
		a := fromAttemptRecord(&prev)
		old, oldID = s.contribOf(&a), prev.Question.ID
	}
	rec.Version = recordVersion
	if err := attempts.Put(key, encodeAttempt(rec)); err != nil {
		return err
	}
	put := func(b *bbolt.Bucket, k []byte) error { return b.Put(k, nil) }
	if err := s.index(tx, key, rec, put); err != nil {
		return err
	}
	a := fromAttemptRecord(rec)
	if err := s.account(tx, sessKey, old, s.contribOf(&a)); err != nil {
		return err
	}
	switch {
	case !schedule:
	case old == nil:
		if err := s.scheduleAnswer(tx, rec); err != nil {
			return err
		}
	default: // a replaced answer: the schedule is folded again
		if err := s.replaySchedule(tx, rec.Question.ID); err != nil {
			return err
		}
		if oldID != rec.Question.ID {
			if err := s.replaySchedule(tx, oldID); err != nil {
				return err
			}
		}
	}
	return s.dropDraftIf(tx, func(d *draftRecord) bool { return d.SessionID == rec.SessionID && d.Index == rec.Index })
}

// index applies op to every index entry of attempt a stored at attKey.
func (s *Store) index(tx *bbolt.Tx, attKey []byte, a *attemptRecord, op func(*bbolt.Bucket, []byte) error) error {
	byTopic := tx.Bucket(bucketByTopic)
	for _, t := range a.Question.Topics {
		if err := op(byTopic, nameKey(t, attKey)); err != nil {
			return err
		}
	}
	return op(tx.Bucket(bucketByQuestion), nameKey(a.Question.ID, attKey))
}

// dropDraftIf deletes the draft if it is one that mine says is its own:
// the draft of the answer saved, or of an answer of the session deleted.
func (s *Store) dropDraftIf(tx *bbolt.Tx, mine func(*draftRecord) bool) error {
	drafts := tx.Bucket(bucketDrafts)
	v := drafts.Get(keyDraft)
	if v == nil {
		return nil
	}
	var d draftRecord
	if err := s.decode(v, &d, "draft"); err != nil || !mine(&d) {
		return nil // an unreadable draft is no one's; Draft reports it
	}
	return drafts.Delete(keyDraft)
}

// QuestionAttempts returns every saved attempt at the question, oldest
// first (through by_question).
func (s *Store) QuestionAttempts(questionID string) ([]Attempt, error) {
	if questionID == "" || strings.ContainsRune(questionID, 0) {
		return nil, fmt.Errorf("attempts of question %q: bad question id", questionID)
	}
	prefix := namePrefix(questionID)
	var attempts []Attempt
	_, err := s.read(func(tx *bbolt.Tx) error {
		records := tx.Bucket(bucketAttempts)
		c := tx.Bucket(bucketByQuestion).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			key := k[len(prefix):]
			var r attemptRecord
			found, err := s.get(records, key, &r, "attempt at key %x", key)
			if err != nil {
				return err
			}
			if !found {
				return corruptError(s.path, fmt.Errorf("attempt at key %x of question %s is missing", key, questionID))
			}
			attempts = append(attempts, fromAttemptRecord(&r))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return attempts, nil
}

// SaveDraft stores d as the one draft, replacing any other. It sets Saved
// when it is zero. A draft of an answer already saved is not stored: a
// quit that races the save never brings the answer back as a draft.
func (s *Store) SaveDraft(d *Draft) error {
	rec := toDraftRecord(d)
	if rec.Saved.IsZero() {
		rec.Saved = time.Now()
	}
	err := s.update(func(tx *bbolt.Tx) error {
		if key := tx.Bucket(bucketSessionIDs).Get(u64(rec.SessionID)); key != nil {
			if tx.Bucket(bucketAttempts).Get(attemptKey(key, rec.Index)) != nil {
				return nil
			}
		}
		return tx.Bucket(bucketDrafts).Put(keyDraft, encode(&rec))
	})
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	d.Saved = rec.Saved
	return nil
}

// Draft returns the draft, or nil when there is none.
func (s *Store) Draft() (*Draft, error) {
	var d *Draft
	_, err := s.read(func(tx *bbolt.Tx) error {
		var err error
		d, err = s.readDraft(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Store) readDraft(tx *bbolt.Tx) (*Draft, error) {
	var r draftRecord
	found, err := s.get(tx.Bucket(bucketDrafts), keyDraft, &r, "draft")
	if err != nil || !found {
		return nil, err
	}
	d := fromDraftRecord(&r)
	return &d, nil
}

// DeleteDraft removes the draft, if there is one, and its session with it
// when the session has no saved answer: a session abandoned before its
// first answer is not kept. One transaction.
func (s *Store) DeleteDraft() error {
	if !s.Exists() {
		return nil
	}
	err := s.update(func(tx *bbolt.Tx) error {
		d, err := s.readDraft(tx)
		if err != nil || d == nil {
			return err
		}
		if err := tx.Bucket(bucketDrafts).Delete(keyDraft); err != nil {
			return err
		}
		key, _, err := s.sessionByID(tx, d.SessionID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if k, _ := tx.Bucket(bucketAttempts).Cursor().Seek(key); k != nil && bytes.HasPrefix(k, key) {
			return nil // the session has answers: it stays
		}
		return s.deleteSession(tx, d.SessionID)
	})
	if err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	return nil
}

// KeepDraft saves the draft, if there is one, as an unrated answer of its
// own session, ended when the draft was last saved, and removes it: one
// transaction, before a new session takes the draft's place.
func (s *Store) KeepDraft() error {
	if !s.Exists() {
		return nil
	}
	err := s.update(func(tx *bbolt.Tx) error {
		d, err := s.readDraft(tx)
		if err != nil || d == nil {
			return err
		}
		a := Attempt{SessionID: d.SessionID, Index: d.Index, Attempt: d.Attempt, Saved: time.Now()}
		if a.Finished.IsZero() {
			a.Finished = d.Saved
		}
		if err := checkAttempt(&a); err != nil {
			return err
		}
		rec := toAttemptRecord(&a)
		return s.saveAttempt(tx, &rec, true)
	})
	if err != nil {
		return fmt.Errorf("keep the unfinished answer: %w", err)
	}
	return nil
}
