package store

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/practice"
)

// Session is the header of a practice session.
type Session struct {
	ID        uint64 // short public id: 1, 2, 3 …
	Started   time.Time
	Settings  practice.Settings
	Questions []string // ids of the drawn questions, in order
	Topics    []string // union of the drawn questions' topics, sorted
	Origin    string   // "" when practised here; else the file it was imported from
}

// SessionSummary is a session header with the figures a history list shows.
type SessionSummary struct {
	Session
	Answered   int           // saved attempts not skipped
	Skipped    int           // saved attempts skipped
	Rated      int           // answered attempts with an overall rating
	AvgOverall float64       // mean overall rating of the rated ones; 0 if none
	Spent      time.Duration // time spent on all saved attempts
	Target     time.Duration // their targets
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

// CreateSession stores a new session and sets its ID. The session is
// listed under each of its Topics.
func (s *Store) CreateSession(sess *Session) error {
	if err := checkSession(sess); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	rec := toSessionRecord(sess)
	if err := s.update(func(tx *bbolt.Tx) error { return s.createSession(tx, &rec) }); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	sess.ID = rec.ID
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
func (s *Store) createSession(tx *bbolt.Tx, rec *sessionRecord) error {
	ids := filled(tx, bucketSessionIDs)
	id, err := ids.NextSequence()
	if err != nil {
		return err
	}
	rec.ID = id
	key := sessionKey(rec.Started, id)
	if err := filled(tx, bucketSessions).Put(key, encode(rec)); err != nil {
		return err
	}
	if err := ids.Put(u64(id), key); err != nil {
		return err
	}
	byTopic := tx.Bucket(bucketSessionsByTopic)
	for _, t := range rec.Topics {
		if err := byTopic.Put(nameKey(t, key), nil); err != nil {
			return err
		}
	}
	return put(filled(tx, bucketSessionStats), key, &sessionAgg{})
}

// Session returns the summary of the session with the given id and its
// attempts in index order, read in one transaction. An unknown id gives
// ErrNotFound.
func (s *Store) Session(id uint64) (*SessionSummary, []Attempt, error) {
	var (
		sum      SessionSummary
		attempts []Attempt
	)
	found, err := s.read(func(tx *bbolt.Tx) error {
		key, v, err := s.sessionByID(tx, id)
		if err != nil {
			return err
		}
		if sum, err = s.summary(v, tx.Bucket(bucketSessionStats).Get(key), key); err != nil {
			return err
		}
		attempts, err = s.sessionAttempts(tx, key, id)
		return err
	})
	if err == nil && !found {
		err = fmt.Errorf("session %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, nil, err
	}
	return &sum, attempts, nil
}

// sessionByID returns the key and record of session id.
func (s *Store) sessionByID(tx *bbolt.Tx, id uint64) (key, rec []byte, err error) {
	key = tx.Bucket(bucketSessionIDs).Get(u64(id))
	if key == nil {
		return nil, nil, fmt.Errorf("session %d: %w", id, ErrNotFound)
	}
	rec = tx.Bucket(bucketSessions).Get(key)
	if rec == nil {
		return nil, nil, corruptError(s.path, fmt.Errorf("session %d is listed but missing", id))
	}
	return key, rec, nil
}

// sessionAttempts returns the attempts of the session at key (whose id is
// id) in index order.
func (s *Store) sessionAttempts(tx *bbolt.Tx, key []byte, id uint64) ([]Attempt, error) {
	var attempts []Attempt
	c := tx.Bucket(bucketAttempts).Cursor()
	for k, v := c.Seek(key); k != nil && bytes.HasPrefix(k, key); k, v = c.Next() {
		var r attemptRecord
		if err := s.decode(v, &r, "attempt %d/%d", id, attemptIndex(k)); err != nil {
			return nil, err
		}
		attempts = append(attempts, fromAttemptRecord(&r))
	}
	return attempts, nil
}

func summaryOf(sess Session, g *sessionAgg) SessionSummary {
	return SessionSummary{
		Session: sess, Answered: g.Answered, Skipped: g.Skipped, Rated: g.Rated,
		AvgOverall: average(g.SumOverall, g.Rated), Spent: g.Spent, Target: g.Target,
	}
}

func average(sum, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}

// summary decodes a session record and its figures.
func (s *Store) summary(rec, stats, key []byte) (SessionSummary, error) {
	var r sessionRecord
	if err := s.decode(rec, &r, "session at key %x", key); err != nil {
		return SessionSummary{}, err
	}
	if stats == nil {
		return SessionSummary{}, corruptError(s.path, fmt.Errorf("session %d has no figures", r.ID))
	}
	var g sessionAgg
	if err := s.decode(stats, &g, "figures of session %d", r.ID); err != nil {
		return SessionSummary{}, err
	}
	return summaryOf(fromSessionRecord(&r), &g), nil
}

// Summaries pages sessions newest first; topic "" means all, else only
// sessions whose Topics contain it. after is the cursor from the previous
// page (nil for the first); next is nil at the end. It reads the page's
// sessions and their figures, never their attempts.
func (s *Store) Summaries(topic string, after []byte, limit int) (page []SessionSummary, next []byte, err error) {
	switch {
	case limit <= 0:
		return nil, nil, fmt.Errorf("list sessions: limit %d is not positive", limit)
	case after != nil && len(after) != sessionKeyLen:
		return nil, nil, fmt.Errorf("list sessions: bad cursor %x", after)
	case strings.ContainsRune(topic, 0):
		return nil, nil, fmt.Errorf("list sessions: bad topic %q", topic)
	}
	_, err = s.read(func(tx *bbolt.Tx) error {
		sessions, stats := tx.Bucket(bucketSessions), tx.Bucket(bucketSessionStats)
		var (
			c      *bbolt.Cursor
			prefix []byte
		)
		if topic == "" {
			c = sessions.Cursor()
		} else {
			c = tx.Bucket(bucketSessionsByTopic).Cursor()
			prefix = namePrefix(topic)
		}
		var last []byte // valid only inside the transaction
		for k, _ := newestBefore(c, prefix, after); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
			key := k[len(prefix):]
			if len(key) != sessionKeyLen {
				return corruptError(s.path, fmt.Errorf("malformed session key %x", k))
			}
			if len(page) == limit {
				next = bytes.Clone(last)
				return nil
			}
			v := sessions.Get(key)
			if v == nil {
				return corruptError(s.path, fmt.Errorf("session at key %x of topic %q is missing", key, topic))
			}
			sum, err := s.summary(v, stats.Get(key), key)
			if err != nil {
				return err
			}
			page, last = append(page, sum), key
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return page, next, nil
}

// newestBefore puts c on the newest key that has prefix and sorts before
// prefix+after (all of prefix's keys when after is nil), and returns it
// with its value; a key without prefix means there is none.
func newestBefore(c *bbolt.Cursor, prefix, after []byte) (key, value []byte) {
	var bound []byte
	switch {
	case after != nil:
		bound = append(bytes.Clone(prefix), after...)
	case len(prefix) > 0:
		// The prefix ends in \x00: with \x01 instead, it follows all its keys.
		bound = bytes.Clone(prefix)
		bound[len(bound)-1]++
	default:
		return c.Last()
	}
	if k, _ := c.Seek(bound); k == nil {
		return c.Last() // every key sorts before the bound
	}
	return c.Prev()
}

// eachBatch is how many sessions Each reads in one transaction.
const eachBatch = 64

// Each calls fn for every session with its summary and attempts, oldest
// first (for export). fn runs outside any transaction, so it may use the
// Store; the sessions are read a batch at a time. An error from fn stops
// it and is returned as it is.
func (s *Store) Each(fn func(SessionSummary, []Attempt) error) error {
	type item struct {
		sum      SessionSummary
		attempts []Attempt
	}
	var after []byte
	for {
		var batch []item
		_, err := s.read(func(tx *bbolt.Tx) error {
			stats := tx.Bucket(bucketSessionStats)
			c := tx.Bucket(bucketSessions).Cursor()
			var k, v []byte
			if after == nil {
				k, v = c.First()
			} else if k, v = c.Seek(after); bytes.Equal(k, after) {
				k, v = c.Next()
			}
			for ; k != nil && len(batch) < eachBatch; k, v = c.Next() {
				var it item
				var err error
				if it.sum, err = s.summary(v, stats.Get(k), k); err != nil {
					return err
				}
				if it.attempts, err = s.sessionAttempts(tx, k, it.sum.ID); err != nil {
					return err
				}
				batch, after = append(batch, it), bytes.Clone(k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, it := range batch {
			if err := fn(it.sum, it.attempts); err != nil {
				return err
			}
		}
		if len(batch) < eachBatch {
			return nil
		}
	}
}
