package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// OpenError exposes the mapping of bbolt.Open's errors, whose system cases
// (a read-only file as root, a read-only file system) a test cannot produce.
var OpenError = openError

// CheckIndexes checks the links between the buckets: every session id
// points at its session and every session has one; every index entry points
// at an attempt of that topic or question; every attempt belongs to a
// session and has all its index entries.
func (s *Store) CheckIndexes() error {
	return s.view(func(tx *bbolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		ids := tx.Bucket(bucketSessionIDs)
		attempts := tx.Bucket(bucketAttempts)
		byTopic := tx.Bucket(bucketByTopic)
		byQuestion := tx.Bucket(bucketByQuestion)

		nIDs := 0
		if err := ids.ForEach(func(id, key []byte) error {
			nIDs++
			var sess Session
			if err := json.Unmarshal(sessions.Get(key), &sess); err != nil {
				return fmt.Errorf("session id %x points at %x: %w", id, key, err)
			}
			if !bytes.Equal(u64(sess.ID), id) || !bytes.Equal(sessionKey(sess.Started, sess.ID), key) {
				return fmt.Errorf("session id %x points at session %d under key %x", id, sess.ID, key)
			}
			return nil
		}); err != nil {
			return err
		}
		if n := sessions.Stats().KeyN; n != nIDs {
			return fmt.Errorf("%d sessions but %d session ids", n, nIDs)
		}

		type index struct {
			b     *bbolt.Bucket
			names func(*Attempt) []string
		}
		indexes := map[string]index{
			"by_topic":    {byTopic, func(a *Attempt) []string { return a.Question.Topics }},
			"by_question": {byQuestion, func(a *Attempt) []string { return []string{a.Question.ID} }},
		}
		for what, ix := range indexes {
			if err := ix.b.ForEach(func(k, _ []byte) error {
				sep := len(k) - attemptKeyLen - 1
				if sep < 1 || k[sep] != 0 {
					return fmt.Errorf("%s: malformed key %q", what, k)
				}
				name, attKey := string(k[:sep]), k[sep+1:]
				var a Attempt
				if err := json.Unmarshal(attempts.Get(attKey), &a); err != nil {
					return fmt.Errorf("%s: %q points at attempt %x: %w", what, name, attKey, err)
				}
				if !slices.Contains(ix.names(&a), name) {
					return fmt.Errorf("%s: stale entry %q for attempt %x of question %s", what, name, attKey, a.Question.ID)
				}
				return nil
			}); err != nil {
				return err
			}
		}

		return attempts.ForEach(func(k, v []byte) error {
			if len(k) != attemptKeyLen || sessions.Get(k[:sessionKeyLen]) == nil {
				return fmt.Errorf("attempt %x belongs to no session", k)
			}
			var a Attempt
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("attempt %x: %w", k, err)
			}
			for what, ix := range indexes {
				for _, name := range ix.names(&a) {
					if !has(ix.b, indexKey(name, k)) {
						return fmt.Errorf("%s: attempt %x has no entry for %q", what, k, name)
					}
				}
			}
			return nil
		})
	})
}

func has(b *bbolt.Bucket, key []byte) bool {
	k, _ := b.Cursor().Seek(key)
	return bytes.Equal(k, key)
}
