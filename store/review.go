package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// SessionSummary is a session header with the figures a history list shows.
type SessionSummary struct {
	Session
	Answered   int           `json:"answered"`    // saved attempts not skipped
	Skipped    int           `json:"skipped"`     // saved attempts skipped
	Rated      int           `json:"rated"`       // answered attempts with an overall rating
	AvgOverall float64       `json:"avg_overall"` // mean overall rating of the rated ones; 0 if none
	Spent      time.Duration `json:"spent_ns"`    // time spent on all saved attempts
	Target     time.Duration `json:"target_ns"`   // their targets
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
	err = s.view(func(tx *bbolt.Tx) error {
		sessions, stats := tx.Bucket(bucketSessions), tx.Bucket(bucketSessionStats)
		var (
			c      *bbolt.Cursor
			prefix []byte
		)
		if topic == "" {
			c = sessions.Cursor()
		} else {
			c = tx.Bucket(bucketSessionsByTopic).Cursor()
			prefix = append([]byte(topic), 0)
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

// summary decodes a session record and its figures.
func (s *Store) summary(rec, stats, key []byte) (SessionSummary, error) {
	var sess Session
	if err := s.decode(rec, &sess, "session at key %x", key); err != nil {
		return SessionSummary{}, err
	}
	if stats == nil {
		return SessionSummary{}, corruptError(s.path, fmt.Errorf("session %d has no figures", sess.ID))
	}
	var g sessionAgg
	if err := s.decodeJSON(stats, &g, "figures of session %d", sess.ID); err != nil {
		return SessionSummary{}, err
	}
	return summaryOf(sess, &g), nil
}

// Summary returns the summary of one session (ErrNotFound wrapped if
// missing).
func (s *Store) Summary(id uint64) (*SessionSummary, error) {
	var sum SessionSummary
	err := s.view(func(tx *bbolt.Tx) error {
		key := tx.Bucket(bucketSessionIDs).Get(u64(id))
		if key == nil {
			return fmt.Errorf("session %d: %w", id, ErrNotFound)
		}
		v := tx.Bucket(bucketSessions).Get(key)
		if v == nil {
			return corruptError(s.path, fmt.Errorf("session %d is listed but missing", id))
		}
		var err error
		sum, err = s.summary(v, tx.Bucket(bucketSessionStats).Get(key), key)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &sum, nil
}

// QuestionAttempts returns every saved attempt at the question, oldest
// first (through by_question).
func (s *Store) QuestionAttempts(questionID string) ([]Attempt, error) {
	if questionID == "" || strings.ContainsRune(questionID, 0) {
		return nil, fmt.Errorf("attempts of question %q: bad question id", questionID)
	}
	prefix := append([]byte(questionID), 0)
	var attempts []Attempt
	err := s.view(func(tx *bbolt.Tx) error {
		records := tx.Bucket(bucketAttempts)
		c := tx.Bucket(bucketByQuestion).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			key := k[len(prefix):]
			v := records.Get(key)
			if v == nil {
				return corruptError(s.path, fmt.Errorf("attempt at key %x of question %s is missing", key, questionID))
			}
			var a Attempt
			if err := s.decode(v, &a, "attempt at key %x", key); err != nil {
				return err
			}
			attempts = append(attempts, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return attempts, nil
}

// eachBatch is how many sessions Each reads in one transaction.
const eachBatch = 64

// Each calls fn for every session with its attempts, oldest first (for
// export). fn runs outside any transaction, so it may use the Store; the
// sessions are read a batch at a time. An error from fn stops it and is
// returned as it is.
func (s *Store) Each(fn func(Session, []Attempt) error) error {
	type item struct {
		sess     Session
		attempts []Attempt
	}
	var after []byte
	for {
		var batch []item
		err := s.view(func(tx *bbolt.Tx) error {
			c := tx.Bucket(bucketSessions).Cursor()
			var k, v []byte
			if after == nil {
				k, v = c.First()
			} else if k, v = c.Seek(after); bytes.Equal(k, after) {
				k, v = c.Next()
			}
			for ; k != nil && len(batch) < eachBatch; k, v = c.Next() {
				var it item
				if err := s.decode(v, &it.sess, "session at key %x", k); err != nil {
					return err
				}
				var err error
				if it.attempts, err = s.sessionAttempts(tx, k, it.sess.ID); err != nil {
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
			if err := fn(it.sess, it.attempts); err != nil {
				return err
			}
		}
		if len(batch) < eachBatch {
			return nil
		}
	}
}

// DayRating is the answered attempts of one day.
type DayRating struct {
	Day        time.Time `json:"day"` // midnight, in the Store's location
	Attempts   int       `json:"attempts"`
	Rated      int       `json:"rated"`
	AvgOverall float64   `json:"avg_overall"`
}

// PhaseShare is the time spent on one phase of a frame.
type PhaseShare struct {
	Frame string        `json:"frame"`
	Phase string        `json:"phase"`
	Spent time.Duration `json:"spent_ns"`
	Share float64       `json:"share"` // of the time spent on this frame's phases in this topic, 0..1
}

// TopicStats are the figures of one topic's answered attempts.
type TopicStats struct {
	Topic      string       `json:"topic"`
	Attempts   int          `json:"attempts"` // answered (not skipped)
	Rated      int          `json:"rated"`
	AvgOverall float64      `json:"avg_overall"`
	Trend      []DayRating  `json:"trend"`  // the last 30 days with practice on this topic, oldest first
	Phases     []PhaseShare `json:"phases"` // grouped by frame (frames sorted by name), phases in frame order
	Last       time.Time    `json:"last"`   // last attempt on this topic
}

// Overview are the figures of every topic, or of one.
type Overview struct {
	Topics        []TopicStats `json:"topics"`         // topics with at least one answered attempt, sorted by id
	Attempts      int          `json:"attempts"`       // answered attempts, all topics (each attempt once)
	Rated         int          `json:"rated"`          // of those, the ones with an overall rating
	AvgOverall    float64      `json:"avg_overall"`    // their mean overall rating; 0 if none
	DaysPractised int          `json:"days_practised"` // distinct days with at least one answered attempt
	Streak        int          `json:"streak"`         // consecutive days with practice ending today, or yesterday if today has none yet
	First         time.Time    `json:"first,omitzero"` // first answered attempt
	Last          time.Time    `json:"last,omitzero"`  // last answered attempt
}

// trendDays is how many days of practice a topic's trend shows.
const trendDays = 30

// Stats returns the figures of every topic (topic "") or of one topic:
// with a topic, the overview's totals, days and streak are those of that
// topic. Days are dates in the Store's location (time.Local); now decides
// the streak. It reads the aggregates only, never attempts.
func (s *Store) Stats(topic string, now time.Time) (*Overview, error) {
	if strings.ContainsRune(topic, 0) {
		return nil, fmt.Errorf("stats: bad topic %q", topic)
	}
	ov := &Overview{Topics: []TopicStats{}}
	var days []string // sorted
	err := s.view(func(tx *bbolt.Tx) error {
		topics := tx.Bucket(bucketTopicStats)
		add := func(k, v []byte) error {
			var g topicAgg
			if err := s.decodeJSON(v, &g, "stats of topic %q", k); err != nil {
				return err
			}
			ts, err := s.topicStats(tx, string(k), &g)
			if err != nil {
				return err
			}
			ov.Topics = append(ov.Topics, ts)
			if ov.First.IsZero() || g.First.Before(ov.First) {
				ov.First = g.First.In(s.loc)
			}
			if g.Last.After(ov.Last) {
				ov.Last = g.Last.In(s.loc)
			}
			return nil
		}
		var (
			c      *bbolt.Cursor
			prefix []byte
		)
		if topic == "" {
			if err := topics.ForEach(add); err != nil {
				return err
			}
			c = tx.Bucket(bucketDays).Cursor()
		} else {
			if v := topics.Get([]byte(topic)); v != nil {
				if err := add([]byte(topic), v); err != nil {
					return err
				}
			}
			c = tx.Bucket(bucketTopicDays).Cursor()
			prefix = append([]byte(topic), 0)
		}
		var sum int
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var d dayAgg
			if err := s.decodeJSON(v, &d, "day record %q", k); err != nil {
				return err
			}
			ov.Attempts += d.Attempts
			ov.Rated += d.Rated
			sum += d.SumOverall
			days = append(days, string(k[len(prefix):]))
		}
		ov.AvgOverall = average(sum, ov.Rated)
		return nil
	})
	if err != nil {
		return nil, err
	}
	ov.DaysPractised = len(days)
	ov.Streak = streak(days, now.In(s.loc))
	return ov, nil
}

// topicStats completes the figures of topic t from its record g and the
// last days in topic_days.
func (s *Store) topicStats(tx *bbolt.Tx, t string, g *topicAgg) (TopicStats, error) {
	ts := TopicStats{
		Topic: t, Attempts: g.Attempts, Rated: g.Rated, AvgOverall: average(g.SumOverall, g.Rated),
		Trend: []DayRating{}, Phases: []PhaseShare{}, Last: g.Last.In(s.loc),
	}
	prefix := append([]byte(t), 0)
	c := tx.Bucket(bucketTopicDays).Cursor()
	for k, v := newestBefore(c, prefix, []byte{0xff}); k != nil && bytes.HasPrefix(k, prefix) && len(ts.Trend) < trendDays; k, v = c.Prev() {
		var d dayAgg
		if err := s.decodeJSON(v, &d, "day record %q", k); err != nil {
			return ts, err
		}
		day, err := s.parseDay(k[len(prefix):])
		if err != nil {
			return ts, err
		}
		ts.Trend = append(ts.Trend, DayRating{Day: day, Attempts: d.Attempts, Rated: d.Rated, AvgOverall: average(d.SumOverall, d.Rated)})
	}
	slices.Reverse(ts.Trend)

	// One entry per phase name of a frame, at its first position; the
	// records are sorted by frame, then position.
	totals := map[string]time.Duration{}
	for _, p := range g.Phases {
		totals[p.Frame] += p.Spent
		i := slices.IndexFunc(ts.Phases, func(q PhaseShare) bool { return q.Frame == p.Frame && q.Phase == p.Phase })
		if i < 0 {
			ts.Phases = append(ts.Phases, PhaseShare{Frame: p.Frame, Phase: p.Phase})
			i = len(ts.Phases) - 1
		}
		ts.Phases[i].Spent += p.Spent
	}
	for i := range ts.Phases {
		if total := totals[ts.Phases[i].Frame]; total > 0 {
			ts.Phases[i].Share = float64(ts.Phases[i].Spent) / float64(total)
		}
	}
	return ts, nil
}

// parseDay turns a day key into midnight of that date in the Store's
// location.
func (s *Store) parseDay(key []byte) (time.Time, error) {
	d, err := time.Parse(dayFormat, string(key))
	if err != nil {
		return time.Time{}, corruptError(s.path, fmt.Errorf("day key %q: %w", key, err))
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.loc), nil
}

// streak counts the consecutive days (sorted day keys) that end today, or
// yesterday if today is not one of them.
func streak(days []string, now time.Time) int {
	has := func(d time.Time) bool {
		_, ok := slices.BinarySearch(days, d.Format(dayFormat))
		return ok
	}
	// Calendar arithmetic at noon UTC: no zone transition moves the date.
	day := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, time.UTC)
	if !has(day) {
		day = day.AddDate(0, 0, -1)
	}
	n := 0
	for ; has(day); day = day.AddDate(0, 0, -1) {
		n++
	}
	return n
}
