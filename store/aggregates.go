package store

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
)

// The aggregates of schema 2 are kept current in the transaction that saves
// an attempt, so that history pages and stats never read attempts.
//
// A skipped attempt counts in its session's figures only; the topic and day
// figures are about answered attempts. The figures of the insights (a
// quantified result, I and we) count answers with notes; an answer saved
// before insights existed is read by insight.Analyze without job terms. The day of an attempt is the date of
// its Finished time (Started when it has none) in the Store's location at
// the time it was saved.

// dayFormat is the layout of the day in the keys of topic_days and days.
const dayFormat = "20060102"

// sessionAgg is the record of session_stats: the figures of a session's
// saved attempts.
type sessionAgg struct {
	Version    int           `json:"version"`
	Answered   int           `json:"answered"`
	Skipped    int           `json:"skipped"`
	Rated      int           `json:"rated"`
	SumOverall int           `json:"sum_overall"`
	Spent      time.Duration `json:"spent_ns"`
	Target     time.Duration `json:"target_ns"`
}

// dayAgg is the record of topic_days and days: the answered attempts of a
// day (of a topic, or of all).
type dayAgg struct {
	Version    int `json:"version"`
	Attempts   int `json:"attempts"`
	Rated      int `json:"rated"`
	SumOverall int `json:"sum_overall"`
	notesAgg
}

// notesAgg counts the insights of answers with notes.
type notesAgg struct {
	Noted      int `json:"noted,omitempty"`      // answers with notes
	Quantified int `json:"quantified,omitempty"` // … whose result has a figure
	I          int `json:"i,omitempty"`          // "I", "me", "my" … in them
	We         int `json:"we,omitempty"`         // "we", "us", "our" …
}

func (g *notesAgg) apply(c *contrib, sign int) {
	if !c.noted {
		return
	}
	g.Noted += sign
	if c.quantified {
		g.Quantified += sign
	}
	g.I += sign * c.i
	g.We += sign * c.we
}

func (g *sessionAgg) version() int { return g.Version }
func (g *dayAgg) version() int     { return g.Version }
func (g *topicAgg) version() int   { return g.Version }

// topicAgg is the record of topic_stats: the answered attempts of a topic.
type topicAgg struct {
	Version    int        `json:"version"`
	Attempts   int        `json:"attempts"`
	Rated      int        `json:"rated"`
	SumOverall int        `json:"sum_overall"`
	First      time.Time  `json:"first"` // UTC
	Last       time.Time  `json:"last"`  // UTC
	Phases     []phaseAgg `json:"phases"`
	notesAgg
}

// phaseAgg is the time spent on one phase of a frame. A phase is known by
// its frame, its position in the frame and its name; the list is kept
// sorted in that order, so it does not depend on the order attempts were
// saved in. N counts the attempts that have the phase: the entry goes when
// it drops to 0.
type phaseAgg struct {
	Frame string        `json:"frame"`
	Pos   int           `json:"pos"`
	Phase string        `json:"phase"`
	Spent time.Duration `json:"spent_ns"`
	N     int           `json:"n"`
}

func comparePhase(a, b phaseAgg) int {
	return cmp.Or(cmp.Compare(a.Frame, b.Frame), cmp.Compare(a.Pos, b.Pos), cmp.Compare(a.Phase, b.Phase))
}

// contrib is what one attempt adds to the aggregates.
type contrib struct {
	skipped bool
	overall int // 0 when unrated
	spent   time.Duration
	target  time.Duration
	when    time.Time // UTC
	day     string    // dayFormat, in the Store's location
	topics  []string  // distinct, sorted
	phases  []phaseAgg

	noted      bool // the answer has notes: the rest counts
	quantified bool
	i, we      int
}

// rated reports whether the attempt counts as rated: answered, with an
// overall rating.
func (c *contrib) rated() bool { return !c.skipped && c.overall > 0 }

// contribOf returns what attempt a adds to the aggregates.
func (s *Store) contribOf(a *Attempt) *contrib {
	c := &contrib{skipped: a.Skipped, overall: a.Rating.Overall, when: attemptTime(a.Started, a.Finished)}
	c.day = c.when.In(s.loc).Format(dayFormat)
	pos := 0
	for _, st := range a.Steps {
		c.spent += st.Spent
		c.target += st.Target
		if st.Kind == practice.PhaseStep {
			c.phases = append(c.phases, phaseAgg{Frame: a.Question.Frame, Pos: pos, Phase: st.Name, Spent: st.Spent, N: 1})
			pos++
		}
	}
	c.topics = slices.Clone(a.Question.Topics)
	slices.Sort(c.topics)
	c.topics = slices.Compact(c.topics)
	in := a.Insights
	if in == nil && !a.Skipped {
		computed := insight.Analyze(&a.Attempt, nil)
		in = &computed
	}
	if in != nil && in.Words > 0 {
		c.noted, c.quantified, c.i, c.we = true, in.Quantified, in.ICount, in.WeCount
	}
	return c
}

// attemptTime is the time an attempt is dated by: when it finished, or
// when it started if it never did.
func attemptTime(started, finished time.Time) time.Time {
	if finished.IsZero() {
		return started.UTC()
	}
	return finished.UTC()
}

func (g *sessionAgg) apply(c *contrib, sign int) {
	if c.skipped {
		g.Skipped += sign
	} else {
		g.Answered += sign
	}
	if c.rated() {
		g.Rated += sign
		g.SumOverall += sign * c.overall
	}
	g.Spent += time.Duration(sign) * c.spent
	g.Target += time.Duration(sign) * c.target
}

func (g *dayAgg) apply(c *contrib, sign int) {
	g.Attempts += sign
	if c.rated() {
		g.Rated += sign
		g.SumOverall += sign * c.overall
	}
	g.notesAgg.apply(c, sign)
}

// add counts an answered attempt in the topic.
func (g *topicAgg) add(c *contrib) {
	if g.Attempts == 0 {
		g.First, g.Last = c.when, c.when
	} else {
		if c.when.Before(g.First) {
			g.First = c.when
		}
		if c.when.After(g.Last) {
			g.Last = c.when
		}
	}
	g.Attempts++
	if c.rated() {
		g.Rated++
		g.SumOverall += c.overall
	}
	g.notesAgg.apply(c, +1)
	for _, p := range c.phases {
		if i, ok := slices.BinarySearchFunc(g.Phases, p, comparePhase); ok {
			g.Phases[i].Spent += p.Spent
			g.Phases[i].N++
		} else {
			g.Phases = slices.Insert(g.Phases, i, p)
		}
	}
}

// remove takes an answered attempt out of the topic. It reports whether
// First or Last may now be wrong: the attempt was the earliest or the
// latest, and others remain.
func (g *topicAgg) remove(c *contrib) (staleFirst, staleLast bool) {
	g.Attempts--
	if c.rated() {
		g.Rated--
		g.SumOverall -= c.overall
	}
	g.notesAgg.apply(c, -1)
	for _, p := range c.phases {
		if i, ok := slices.BinarySearchFunc(g.Phases, p, comparePhase); ok {
			g.Phases[i].Spent -= p.Spent
			if g.Phases[i].N--; g.Phases[i].N <= 0 {
				g.Phases = slices.Delete(g.Phases, i, i+1)
			}
		}
	}
	if g.Attempts <= 0 {
		*g = topicAgg{Attempts: g.Attempts, Rated: g.Rated, SumOverall: g.SumOverall, notesAgg: g.notesAgg}
		return false, false
	}
	return c.when.Equal(g.First), c.when.Equal(g.Last)
}

// account replaces the contributions of old with those of new (either may
// be nil) in the aggregates of the session at sessKey.
func (s *Store) account(tx *bbolt.Tx, sessKey []byte, old, new *contrib) error {
	// session_stats
	stats := filled(tx, bucketSessionStats)
	var sa sessionAgg
	if _, err := s.get(stats, sessKey, &sa, "stats of session at key %x", sessKey); err != nil {
		return err
	}
	if old != nil {
		sa.apply(old, -1)
	}
	if new != nil {
		sa.apply(new, +1)
	}
	if err := put(stats, bytes.Clone(sessKey), &sa); err != nil {
		return err
	}
	if old != nil && old.skipped {
		old = nil // nothing more of it was counted
	}
	if new != nil && new.skipped {
		new = nil
	}
	if old == nil && new == nil {
		return nil
	}

	// days
	var oldTopics, newTopics []string
	var oldDay, newDay string
	if old != nil {
		oldTopics, oldDay = old.topics, old.day
	}
	if new != nil {
		newTopics, newDay = new.topics, new.day
	}
	for _, day := range union(nonEmpty(oldDay, old != nil), nonEmpty(newDay, new != nil)) {
		if err := s.applyDay(tx.Bucket(bucketDays), []byte(day), day == oldDay && old != nil, day == newDay && new != nil, old, new); err != nil {
			return err
		}
	}

	// topic_stats and topic_days
	for _, t := range union(oldTopics, newTopics) {
		inOld, inNew := slices.Contains(oldTopics, t), slices.Contains(newTopics, t)
		for _, day := range union(nonEmpty(oldDay, inOld), nonEmpty(newDay, inNew)) {
			if err := s.applyDay(tx.Bucket(bucketTopicDays), nameKey(t, []byte(day)), inOld && day == oldDay, inNew && day == newDay, old, new); err != nil {
				return err
			}
		}
		if err := s.applyTopic(tx, t, inOld, inNew, old, new); err != nil {
			return err
		}
	}
	return nil
}

func nonEmpty(day string, ok bool) []string {
	if !ok {
		return nil
	}
	return []string{day}
}

// union returns the distinct strings of a and b, a's first.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// applyDay takes old out of (if subtract) and puts new in (if add) the day
// record at key, deleting it when no attempt is left.
func (s *Store) applyDay(b *bbolt.Bucket, key []byte, subtract, add bool, old, new *contrib) error {
	var d dayAgg
	if _, err := s.get(b, key, &d, "day record %q", key); err != nil {
		return err
	}
	if subtract {
		d.apply(old, -1)
	}
	if add {
		d.apply(new, +1)
	}
	if d.Attempts <= 0 {
		return b.Delete(key)
	}
	return put(b, key, &d)
}

// applyTopic takes old out of and puts new in topic t's record. When the
// attempt taken out was the topic's first or last and the new one does not
// take its place, the bounds are found again through by_topic (which
// already holds the new attempt): a rare path, for an attempt saved again
// with an earlier time or another question.
func (s *Store) applyTopic(tx *bbolt.Tx, t string, inOld, inNew bool, old, new *contrib) error {
	b := tx.Bucket(bucketTopicStats)
	key := []byte(t)
	var g topicAgg
	if _, err := s.get(b, key, &g, "stats of topic %q", t); err != nil {
		return err
	}
	var staleFirst, staleLast bool
	if inOld {
		staleFirst, staleLast = g.remove(old)
	}
	if inNew {
		g.add(new)
		if staleFirst && !new.when.After(old.when) {
			staleFirst = false
		}
		if staleLast && !new.when.Before(old.when) {
			staleLast = false
		}
	}
	if g.Attempts <= 0 {
		return b.Delete(key)
	}
	if staleFirst || staleLast {
		first, last, err := s.topicBounds(tx, t)
		if err != nil {
			return err
		}
		g.First, g.Last = first, last
	}
	return put(b, key, &g)
}

// topicBounds returns the times of the first and the last answered attempt
// of topic t, reading them through by_topic.
func (s *Store) topicBounds(tx *bbolt.Tx, t string) (first, last time.Time, err error) {
	prefix := namePrefix(t)
	attempts := tx.Bucket(bucketAttempts)
	c := tx.Bucket(bucketByTopic).Cursor()
	seen := false
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var a attemptRecord
		if _, err := s.get(attempts, k[len(prefix):], &a, "attempt at key %x", k[len(prefix):]); err != nil {
			return first, last, err
		}
		if a.Skipped {
			continue
		}
		w := attemptTime(a.Started, a.Finished)
		if !seen || w.Before(first) {
			first = w
		}
		if !seen || w.After(last) {
			last = w
		}
		seen = true
	}
	return first, last, nil
}

// get decodes the record at key into r, reporting whether there is one;
// what names it in errors.
func (s *Store) get(b *bbolt.Bucket, key []byte, r versioned, what string, args ...any) (bool, error) {
	data := b.Get(key)
	if data == nil {
		return false, nil
	}
	return true, s.decode(data, r, what, args...)
}

// put writes an aggregate record at the current version.
func put(b *bbolt.Bucket, key []byte, r aggregate) error {
	r.current()
	return b.Put(key, encode(r))
}

// aggregate is a record of an aggregate bucket.
type aggregate interface {
	versioned
	current() // sets the record's version to the one this rehearse writes
}

func (g *sessionAgg) current() { g.Version = recordVersion }
func (g *dayAgg) current()     { g.Version = recordVersion }
func (g *topicAgg) current()   { g.Version = recordVersion }
