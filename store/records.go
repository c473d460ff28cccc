package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/practice"
)

// recordVersion is the version of the JSON records this rehearse writes.
const recordVersion = 1

// Session is the header of a practice session.
type Session struct {
	Version   int               `json:"version"` // record version, 1
	ID        uint64            `json:"id"`      // short public id: 1, 2, 3 … (bucket sequence)
	Started   time.Time         `json:"started"`
	Settings  practice.Settings `json:"settings"`
	Questions []string          `json:"questions"` // ids of the drawn questions, in order
	Topics    []string          `json:"topics"`    // union of the drawn questions' topics, sorted
}

// Attempt is a saved answer to question Index of session SessionID.
type Attempt struct {
	Version          int       `json:"version"` // record version, 1
	SessionID        uint64    `json:"session_id"`
	Index            int       `json:"index"` // position of the question in the session
	practice.Attempt           // embedded: its JSON fields are inlined
	Saved            time.Time `json:"saved"`
}

// Draft is the attempt in progress, kept so it can be resumed.
type Draft struct {
	SessionID uint64           `json:"session_id"`
	Index     int              `json:"index"`
	Attempt   practice.Attempt `json:"attempt"`
	Saved     time.Time        `json:"saved"`
}

// The earliest and latest start times a session key can order.
var (
	minStarted = time.Unix(0, 0)
	maxStarted = time.Unix(0, math.MaxInt64)
)

// NewSession returns the header of a practice session, ready for
// CreateSession: its settings, the ids of its questions and their topics.
func NewSession(p *practice.Session) *Session {
	h := &Session{Started: p.Started, Settings: p.Settings}
	for _, q := range p.Questions {
		h.Questions = append(h.Questions, q.ID)
		for _, t := range q.Topics {
			if !slices.Contains(h.Topics, t) {
				h.Topics = append(h.Topics, t)
			}
		}
	}
	slices.Sort(h.Topics)
	return h
}

// CreateSession stores a new session and sets its ID and Version. The
// session is listed under each of its Topics.
func (s *Store) CreateSession(sess *Session) error {
	if err := checkSession(sess); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	rec := *sess
	rec.Version = recordVersion
	if err := s.update(func(tx *bbolt.Tx) error { return s.createSession(tx, &rec) }); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	sess.ID, sess.Version = rec.ID, rec.Version
	return nil
}

// checkSession refuses a session the keys cannot hold.
func checkSession(sess *Session) error {
	if sess.Started.Before(minStarted) || sess.Started.After(maxStarted) {
		return fmt.Errorf("session start time %v is out of range", sess.Started)
	}
	for _, t := range sess.Topics {
		if t == "" || strings.ContainsRune(t, 0) {
			return fmt.Errorf("bad topic %q", t)
		}
	}
	return nil
}

// createSession stores rec, a checked session, in tx and sets its ID: the
// record, its id, its entries in sessions_by_topic and its empty figures.
func (s *Store) createSession(tx *bbolt.Tx, rec *Session) error {
	ids := tx.Bucket(bucketSessionIDs)
	id, err := ids.NextSequence()
	if err != nil {
		return err
	}
	rec.ID = id
	key := sessionKey(rec.Started, id)
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketSessions).Put(key, data); err != nil {
		return err
	}
	if err := ids.Put(u64(id), key); err != nil {
		return err
	}
	byTopic := tx.Bucket(bucketSessionsByTopic)
	for _, t := range rec.Topics {
		if err := byTopic.Put(append(append([]byte(t), 0), key...), nil); err != nil {
			return err
		}
	}
	return putJSON(tx.Bucket(bucketSessionStats), key, &sessionAgg{})
}

// SaveAttempt stores a finished (or skipped) attempt of an existing session
// in one transaction, with its index entries and its share of the
// aggregates, and removes the draft if it was the draft of this attempt.
// Saving the same session and index again replaces the attempt, and what
// the old one counted for. It sets Version and Saved.
func (s *Store) SaveAttempt(a *Attempt) error {
	if err := checkAttempt(a); err != nil {
		return fmt.Errorf("save attempt: %w", err)
	}
	rec := *a
	rec.Version = recordVersion
	rec.Saved = time.Now()
	if err := s.update(func(tx *bbolt.Tx) error { return s.saveAttempt(tx, &rec) }); err != nil {
		return fmt.Errorf("save attempt %d: %w", a.Index, err)
	}
	a.Version, a.Saved = rec.Version, rec.Saved
	return nil
}

// checkAttempt refuses an attempt the keys cannot hold.
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
	return nil
}

// saveAttempt stores rec, a checked attempt with its Version and Saved
// set, in tx: the record, its index entries and its aggregates, taking
// out those of the attempt it replaces.
func (s *Store) saveAttempt(tx *bbolt.Tx, rec *Attempt) error {
	sessKey := tx.Bucket(bucketSessionIDs).Get(u64(rec.SessionID))
	if sessKey == nil {
		return fmt.Errorf("session %d: %w", rec.SessionID, ErrNotFound)
	}
	sessKey = bytes.Clone(sessKey) // it is written to as a key below
	key := attemptKey(sessKey, rec.Index)
	attempts := tx.Bucket(bucketAttempts)
	var old *contrib
	if v := attempts.Get(key); v != nil {
		var prev Attempt
		if err := s.decode(v, &prev, "attempt %d/%d", rec.SessionID, rec.Index); err != nil {
			return err
		}
		if err := s.index(tx, key, &prev, (*bbolt.Bucket).Delete); err != nil {
			return err
		}
		old = s.contribOf(&prev)
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := attempts.Put(key, data); err != nil {
		return err
	}
	put := func(b *bbolt.Bucket, k []byte) error { return b.Put(k, nil) }
	if err := s.index(tx, key, rec, put); err != nil {
		return err
	}
	if err := s.account(tx, sessKey, old, s.contribOf(rec)); err != nil {
		return err
	}
	return s.dropDraftOf(tx, rec.SessionID, rec.Index)
}

// index applies op to every index entry of attempt a stored at attKey.
func (s *Store) index(tx *bbolt.Tx, attKey []byte, a *Attempt, op func(*bbolt.Bucket, []byte) error) error {
	byTopic := tx.Bucket(bucketByTopic)
	for _, t := range a.Question.Topics {
		if err := op(byTopic, indexKey(t, attKey)); err != nil {
			return err
		}
	}
	return op(tx.Bucket(bucketByQuestion), indexKey(a.Question.ID, attKey))
}

// dropDraftOf deletes the draft if it is the draft of attempt index of
// session id.
func (s *Store) dropDraftOf(tx *bbolt.Tx, id uint64, index int) error {
	drafts := tx.Bucket(bucketDrafts)
	v := drafts.Get(keyDraft)
	if v == nil {
		return nil
	}
	var d Draft
	if err := json.Unmarshal(v, &d); err != nil {
		return nil // an unreadable draft is not this attempt's; Draft reports it
	}
	if d.SessionID != id || d.Index != index {
		return nil
	}
	return drafts.Delete(keyDraft)
}

// SaveDraft stores d as the one draft, replacing any other. It sets Saved
// when it is zero.
func (s *Store) SaveDraft(d *Draft) error {
	rec := *d
	if rec.Saved.IsZero() {
		rec.Saved = time.Now()
	}
	data, err := json.Marshal(&rec)
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	if err := s.update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketDrafts).Put(keyDraft, data) }); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	d.Saved = rec.Saved
	return nil
}

// Draft returns the draft, or nil when there is none.
func (s *Store) Draft() (*Draft, error) {
	var d *Draft
	err := s.view(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bucketDrafts).Get(keyDraft)
		if v == nil {
			return nil
		}
		d = new(Draft)
		return s.decode(v, d, "draft")
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDraft removes the draft, if there is one.
func (s *Store) DeleteDraft() error {
	if err := s.update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketDrafts).Delete(keyDraft) }); err != nil {
		return fmt.Errorf("delete draft: %w", err)
	}
	return nil
}

// Session returns the session with the given id and its attempts in index
// order. An unknown id gives ErrNotFound.
func (s *Store) Session(id uint64) (*Session, []Attempt, error) {
	var (
		sess     Session
		attempts []Attempt
	)
	err := s.view(func(tx *bbolt.Tx) error {
		key := tx.Bucket(bucketSessionIDs).Get(u64(id))
		if key == nil {
			return fmt.Errorf("session %d: %w", id, ErrNotFound)
		}
		v := tx.Bucket(bucketSessions).Get(key)
		if v == nil {
			return corruptError(s.path, fmt.Errorf("session %d is listed but missing", id))
		}
		if err := s.decode(v, &sess, "session %d", id); err != nil {
			return err
		}
		var err error
		attempts, err = s.sessionAttempts(tx, key, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return &sess, attempts, nil
}

// sessionAttempts returns the attempts of the session at key (whose id is
// id) in index order.
func (s *Store) sessionAttempts(tx *bbolt.Tx, key []byte, id uint64) ([]Attempt, error) {
	var attempts []Attempt
	c := tx.Bucket(bucketAttempts).Cursor()
	for k, v := c.Seek(key); k != nil && bytes.HasPrefix(k, key); k, v = c.Next() {
		var a Attempt
		if err := s.decode(v, &a, "attempt %d/%d", id, binary.BigEndian.Uint16(k[sessionKeyLen:])); err != nil {
			return nil, err
		}
		attempts = append(attempts, a)
	}
	return attempts, nil
}

// Sessions returns up to limit sessions, newest first, starting after
// cursor (nil = from the newest). next is nil when there are no more;
// otherwise pass it back to get the next page. It reads only the page.
func (s *Store) Sessions(after []byte, limit int) (page []Session, next []byte, err error) {
	sums, next, err := s.Summaries("", after, limit)
	if err != nil {
		return nil, nil, err
	}
	for _, sum := range sums {
		page = append(page, sum.Session)
	}
	return page, next, nil
}

// decode reads a JSON record; what names it in the error.
func (s *Store) decode(data []byte, v any, what string, args ...any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return corruptError(s.path, fmt.Errorf("%s: %w", fmt.Sprintf(what, args...), err))
	}
	var version int
	switch r := v.(type) {
	case *Session:
		version = r.Version
	case *Attempt:
		version = r.Version
	}
	if version > recordVersion {
		return fmt.Errorf("%w: %s: %s has record version %d; upgrade rehearse to read it",
			ErrNewerSchema, s.path, fmt.Sprintf(what, args...), version)
	}
	return nil
}
