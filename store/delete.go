package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// ErrNoSession is returned, wrapped with the id, when no session has the id
// given. It wraps ErrNotFound, so callers that branch on that see it too.
var ErrNoSession = fmt.Errorf("no such session: %w", ErrNotFound)

// DeleteSession removes session id in one transaction: its header, its id,
// its answers, the draft if it is the draft of one of its answers, every
// index entry that points at them and their share of every figure. The
// schedule of each question it answered is folded again from the answers
// that are left. A session with no answers is removed the same way. An
// unknown id gives an error that wraps ErrNoSession and names the id.
func (s *Store) DeleteSession(id uint64) error {
	if !s.Exists() {
		return fmt.Errorf("delete session %d: %w", id, ErrNoSession)
	}
	if err := s.update(func(tx *bbolt.Tx) error { return s.deleteSession(tx, id) }); err != nil {
		return fmt.Errorf("delete session %d: %w", id, err)
	}
	return nil
}

func (s *Store) deleteSession(tx *bbolt.Tx, id uint64) error {
	key, v, err := s.sessionByID(tx, id)
	if errors.Is(err, ErrNotFound) {
		return ErrNoSession
	}
	if err != nil {
		return err
	}
	key = bytes.Clone(key) // the bucket changes below
	var sess sessionRecord
	if err := s.decode(v, &sess, "session %d", id); err != nil {
		return err
	}

	// The answers first: their index entries, their records, then their
	// share of the figures, so that a topic's first and last times are
	// found again among the answers that are left.
	type answer struct {
		key []byte
		rec attemptRecord
	}
	var answers []answer
	c := tx.Bucket(bucketAttempts).Cursor()
	for k, v := c.Seek(key); k != nil && bytes.HasPrefix(k, key); k, v = c.Next() {
		a := answer{key: bytes.Clone(k)}
		if err := s.decode(v, &a.rec, "attempt %d/%d", id, attemptIndex(k)); err != nil {
			return err
		}
		answers = append(answers, a)
	}
	var questions []string
	for _, a := range answers {
		if err := s.index(tx, a.key, &a.rec, (*bbolt.Bucket).Delete); err != nil {
			return err
		}
		if err := tx.Bucket(bucketAttempts).Delete(a.key); err != nil {
			return err
		}
		att := fromAttemptRecord(&a.rec)
		if err := s.account(tx, key, s.contribOf(&att), nil); err != nil {
			return err
		}
		questions = append(questions, a.rec.Question.ID)
	}
	slices.Sort(questions)
	for _, q := range slices.Compact(questions) {
		if err := s.replaySchedule(tx, q); err != nil {
			return err
		}
	}

	// Then the session itself.
	byTopic := tx.Bucket(bucketSessionsByTopic)
	for _, t := range sess.Topics {
		if err := byTopic.Delete(nameKey(t, key)); err != nil {
			return err
		}
	}
	for _, b := range []struct {
		name []byte
		key  []byte
	}{{bucketSessionStats, key}, {bucketSessions, key}, {bucketSessionIDs, u64(id)}} {
		if err := tx.Bucket(b.name).Delete(b.key); err != nil {
			return err
		}
	}
	return s.dropDraftIf(tx, func(d *draftRecord) bool { return d.SessionID == id })
}
