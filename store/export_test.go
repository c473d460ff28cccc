package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// SetLocation sets the location whose dates are the days of attempts
// (time.Local by default). Set it before anything is saved.
func SetLocation(s *Store, loc *time.Location) { s.loc = loc }

// SetNoSync turns bbolt's fsyncs off or on, for generating big files.
func SetNoSync(s *Store, noSync bool) { s.db.NoSync = noSync }

// Batch runs fn in one write transaction. create and save do what
// CreateSession and SaveAttempt do, through the same code, but in that
// transaction; save keeps the attempt's Saved when it is set.
func Batch(s *Store, fn func(create func(*Session) error, save func(*Attempt) error) error) error {
	return s.update(func(tx *bbolt.Tx) error {
		create := func(sess *Session) error {
			if err := checkSession(sess); err != nil {
				return err
			}
			sess.Version = recordVersion
			return s.createSession(tx, sess)
		}
		save := func(a *Attempt) error {
			if err := checkAttempt(a); err != nil {
				return err
			}
			a.Version = recordVersion
			if a.Saved.IsZero() {
				a.Saved = time.Now()
			}
			return s.saveAttempt(tx, a)
		}
		return fn(create, save)
	})
}

// OpenError exposes the mapping of bbolt.Open's errors, whose system cases
// (a read-only file as root, a read-only file system) a test cannot produce.
var OpenError = openError

// CheckIndexes checks the links between the buckets: every session id
// points at its session and every session has one; every index entry points
// at an attempt of that topic or question; every attempt belongs to a
// session and has all its index entries; every sessions_by_topic entry
// points at a session of that topic and every session is listed under each
// of its topics; and the aggregates (session_stats, topic_stats,
// topic_days, days) equal those computed again from scratch.
func (s *Store) CheckIndexes() error {
	if err := s.checkLinks(); err != nil {
		return err
	}
	return s.checkAggregates()
}

// checkAggregates compares every aggregate bucket with the records
// computed from scratch by scanning the sessions and attempts.
func (s *Store) checkAggregates() error {
	return s.view(func(tx *bbolt.Tx) error {
		g, err := s.scanAggregates(tx)
		if err != nil {
			return err
		}
		want := map[string]map[string][]byte{}
		if err := g.each(func(bucket, key, value []byte) error {
			if want[string(bucket)] == nil {
				want[string(bucket)] = map[string][]byte{}
			}
			want[string(bucket)][string(key)] = value
			return nil
		}); err != nil {
			return err
		}
		var problems []string
		for _, name := range aggregateBuckets {
			w := want[string(name)]
			if err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				if exp, ok := w[string(k)]; !ok {
					problems = append(problems, fmt.Sprintf("%s: stale record %q = %s", name, k, v))
				} else if !bytes.Equal(exp, v) {
					problems = append(problems, fmt.Sprintf("%s: record %q = %s, want %s", name, k, v, exp))
				}
				delete(w, string(k))
				return nil
			}); err != nil {
				return err
			}
			for k, v := range w {
				problems = append(problems, fmt.Sprintf("%s: missing record %q = %s", name, k, v))
			}
		}
		if len(problems) > 0 {
			slices.Sort(problems)
			return fmt.Errorf("%d aggregate records differ from a recount:\n%s", len(problems), strings.Join(problems, "\n"))
		}
		return nil
	})
}

// checkLinks checks the keys that point at other records.
func (s *Store) checkLinks() error {
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

		// sessions_by_topic: each entry is a session of the topic, each
		// session is under each of its topics.
		byTopicSessions := tx.Bucket(bucketSessionsByTopic)
		if err := byTopicSessions.ForEach(func(k, _ []byte) error {
			sep := len(k) - sessionKeyLen - 1
			if sep < 1 || k[sep] != 0 {
				return fmt.Errorf("sessions_by_topic: malformed key %q", k)
			}
			var sess Session
			if err := json.Unmarshal(sessions.Get(k[sep+1:]), &sess); err != nil {
				return fmt.Errorf("sessions_by_topic: %q points at session %x: %w", k[:sep], k[sep+1:], err)
			}
			if !slices.Contains(sess.Topics, string(k[:sep])) {
				return fmt.Errorf("sessions_by_topic: session %d is listed under %q but its topics are %v", sess.ID, k[:sep], sess.Topics)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := sessions.ForEach(func(k, v []byte) error {
			var sess Session
			if err := json.Unmarshal(v, &sess); err != nil {
				return err
			}
			for _, t := range sess.Topics {
				if !has(byTopicSessions, append([]byte(t+"\x00"), k...)) {
					return fmt.Errorf("sessions_by_topic: session %d is not listed under its topic %q", sess.ID, t)
				}
			}
			return nil
		}); err != nil {
			return err
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
