package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/coach"
)

// DayRating is the answered attempts of one day.
type DayRating struct {
	Day        time.Time // midnight, in the Store's location
	Attempts   int
	Rated      int
	AvgOverall float64
	Notes      NotesFigures
}

// NotesFigures are the insights of answers with notes, added up.
type NotesFigures struct {
	Noted      int // answers with notes
	Quantified int // … whose result has a figure
	I, We      int // first-person singular and plural words in them
}

// QuantifiedShare is the share of answers with notes whose result has a
// figure, 0..1.
func (n NotesFigures) QuantifiedShare() float64 {
	if n.Noted == 0 {
		return 0
	}
	return float64(n.Quantified) / float64(n.Noted)
}

// IShare is the share of "I" among "I" and "we", 0..1; 0 with neither.
func (n NotesFigures) IShare() float64 {
	if n.I+n.We == 0 {
		return 0
	}
	return float64(n.I) / float64(n.I+n.We)
}

func notesOf(g notesAgg) NotesFigures {
	return NotesFigures(g)
}

// PhaseShare is the time spent on one phase of a frame.
type PhaseShare struct {
	Frame string
	Phase string
	Spent time.Duration
	Share float64 // of the time spent on this frame's phases in this topic, 0..1
}

// TopicStats are the figures of one topic's answered attempts.
type TopicStats struct {
	Topic      string
	Attempts   int // answered (not skipped)
	Rated      int
	AvgOverall float64
	Trend      []DayRating  // the last 30 days with practice on this topic, oldest first
	Phases     []PhaseShare // grouped by frame (frames sorted by name), phases in frame order
	Last       time.Time    // last attempt on this topic
	Notes      NotesFigures // the insights of its answers with notes
}

// PhaseTimes returns the topic's time per phase for coach.TimeBalance.
func (t TopicStats) PhaseTimes() []coach.PhaseTime {
	out := make([]coach.PhaseTime, len(t.Phases))
	for i, p := range t.Phases {
		out[i] = coach.PhaseTime{Frame: p.Frame, Phase: p.Phase, Share: p.Share}
	}
	return out
}

// Overview are the figures of every topic, or of one.
type Overview struct {
	Topics        []TopicStats // topics with at least one answered attempt, sorted by id
	Attempts      int          // answered attempts, all topics (each attempt once)
	Rated         int          // of those, the ones with an overall rating
	AvgOverall    float64      // their mean overall rating; 0 if none
	DaysPractised int          // distinct days with at least one answered attempt
	Streak        int          // consecutive days with practice ending today, or yesterday if today has none yet
	First         time.Time    // first answered attempt
	Last          time.Time    // last answered attempt
}

// Scores returns each topic's ratings for coach.WeakestTopics.
func (ov *Overview) Scores() []coach.TopicScore {
	out := make([]coach.TopicScore, len(ov.Topics))
	for i, t := range ov.Topics {
		out[i] = coach.TopicScore{Topic: t.Topic, Attempts: t.Attempts, Rated: t.Rated, AvgOverall: t.AvgOverall}
	}
	return out
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
	_, err := s.read(func(tx *bbolt.Tx) error {
		topics := tx.Bucket(bucketTopicStats)
		add := func(k, v []byte) error {
			var g topicAgg
			if err := s.decode(v, &g, "stats of topic %q", k); err != nil {
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
			prefix = namePrefix(topic)
		}
		var sum int
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var d dayAgg
			if err := s.decode(v, &d, "day record %q", k); err != nil {
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
		Trend: []DayRating{}, Phases: []PhaseShare{}, Last: g.Last.In(s.loc), Notes: notesOf(g.notesAgg),
	}
	prefix := namePrefix(t)
	c := tx.Bucket(bucketTopicDays).Cursor()
	for k, v := newestBefore(c, prefix, []byte{0xff}); k != nil && bytes.HasPrefix(k, prefix) && len(ts.Trend) < trendDays; k, v = c.Prev() {
		var d dayAgg
		if err := s.decode(v, &d, "day record %q", k); err != nil {
			return ts, err
		}
		day, err := s.parseDay(k[len(prefix):])
		if err != nil {
			return ts, err
		}
		ts.Trend = append(ts.Trend, DayRating{Day: day, Attempts: d.Attempts, Rated: d.Rated, AvgOverall: average(d.SumOverall, d.Rated), Notes: notesOf(d.notesAgg)})
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
