package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"
)

// Check runs bbolt's consistency check over the whole file, page by page.
// The first problem found is returned wrapped in ErrCorrupt.
func (s *Store) Check() error {
	_, err := s.read(func(tx *bbolt.Tx) error {
		if err := checkTx(tx); err != nil {
			return corruptError(s.path, err)
		}
		return nil
	})
	return err
}

// CheckIndexes checks what the records say of each other: the links
// between buckets (CheckLinks), and that the aggregates and the schedule
// equal a recount from the sessions and attempts.
func (s *Store) CheckIndexes() error {
	if err := s.CheckLinks(); err != nil {
		return err
	}
	if err := s.checkAggregates(); err != nil {
		return err
	}
	return s.checkSchedule()
}

// CheckLinks checks the links between the buckets: every session id
// points at its session and every session has one; every index entry points
// at an attempt of that topic or question; every attempt belongs to a
// session and has all its index entries; every sessions_by_topic entry
// points at a session of that topic and every session is listed under each
// of its topics. (CheckIndexes adds the figures and the schedule.)
func (s *Store) CheckLinks() error { return s.checkLinks() }

// checkAggregates compares every aggregate bucket with the records
// computed from scratch by scanning the sessions and attempts.
func (s *Store) checkAggregates() error {
	return s.readIfAny(func(tx *bbolt.Tx) error {
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
	return s.readIfAny(func(tx *bbolt.Tx) error {
		sessions := tx.Bucket(bucketSessions)
		ids := tx.Bucket(bucketSessionIDs)
		attempts := tx.Bucket(bucketAttempts)
		byTopic := tx.Bucket(bucketByTopic)
		byQuestion := tx.Bucket(bucketByQuestion)

		nIDs := 0
		if err := ids.ForEach(func(id, key []byte) error {
			nIDs++
			var sess sessionRecord
			if err := s.decode(sessions.Get(key), &sess, "session %x", key); err != nil {
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
			names func(*attemptRecord) []string
		}
		indexes := map[string]index{
			"by_topic":    {byTopic, func(a *attemptRecord) []string { return a.Question.Topics }},
			"by_question": {byQuestion, func(a *attemptRecord) []string { return []string{a.Question.ID} }},
		}
		for what, ix := range indexes {
			if err := ix.b.ForEach(func(k, _ []byte) error {
				sep := len(k) - attemptKeyLen - 1
				if sep < 1 || k[sep] != 0 {
					return fmt.Errorf("%s: malformed key %q", what, k)
				}
				name, attKey := string(k[:sep]), k[sep+1:]
				var a attemptRecord
				if err := s.decode(attempts.Get(attKey), &a, "attempt %x", attKey); err != nil {
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
			var sess sessionRecord
			if err := s.decode(sessions.Get(k[sep+1:]), &sess, "session %x", k[sep+1:]); err != nil {
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
			var sess sessionRecord
			if err := s.decode(v, &sess, "session %x", k); err != nil {
				return err
			}
			for _, t := range sess.Topics {
				if !has(byTopicSessions, nameKey(t, k)) {
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
			var a attemptRecord
			if err := s.decode(v, &a, "attempt %x", k); err != nil {
				return err
			}
			for what, ix := range indexes {
				for _, name := range ix.names(&a) {
					if !has(ix.b, nameKey(name, k)) {
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

// checkSchedule compares every question's schedule with one replayed from
// its saved answers.
func (s *Store) checkSchedule() error {
	return s.readIfAny(func(tx *bbolt.Tx) error {
		plan, err := s.readPlan(tx)
		if err != nil {
			return err
		}
		byQuestion := map[string][]attemptRecord{}
		if err := tx.Bucket(bucketAttempts).ForEach(func(k, v []byte) error {
			var a attemptRecord
			if err := s.decode(v, &a, "attempt at key %x", k); err != nil {
				return err
			}
			byQuestion[a.Question.ID] = append(byQuestion[a.Question.ID], a)
			return nil
		}); err != nil {
			return err
		}
		var problems []string
		questions := tx.Bucket(bucketQuestions)
		if err := questions.ForEach(func(k, v []byte) error {
			answers, ok := byQuestion[string(k)]
			if !ok {
				problems = append(problems, fmt.Sprintf("questions: stale record %q", k))
				return nil
			}
			delete(byQuestion, string(k))
			var got questionRecord
			if err := s.decode(v, &got, "schedule of question %q", k); err != nil {
				return err
			}
			// A plan set or cleared since an answer moves due dates without
			// a review: the due date is left out of the comparison.
			want := replay(answers, plan)
			got.Card.Due = want.Card.Due
			if g, w := encode(&got), encode(want); !bytes.Equal(g, w) {
				problems = append(problems, fmt.Sprintf("questions: record %q = %s, want %s", k, g, w))
			}
			return nil
		}); err != nil {
			return err
		}
		for id := range byQuestion {
			problems = append(problems, fmt.Sprintf("questions: no record for %q", id))
		}
		if len(problems) > 0 {
			slices.Sort(problems)
			return fmt.Errorf("%d schedule records differ from a replay:\n%s", len(problems), strings.Join(problems, "\n"))
		}
		return nil
	})
}
