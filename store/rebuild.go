package store

import (
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// The aggregates and the schedule can be computed again from the sessions
// and attempts: by migrations, by the consistency check and by repair.

// aggregates are the records of the aggregate buckets, computed from
// scratch: by the migration to schema 2 and by the consistency check.
type aggregates struct {
	sessionsByTopic map[string]bool
	sessionStats    map[string]*sessionAgg
	topicStats      map[string]*topicAgg
	topicDays       map[string]*dayAgg
	days            map[string]*dayAgg
}

// scanAggregates computes the aggregates by reading every session and
// attempt.
func (s *Store) scanAggregates(tx *bbolt.Tx) (*aggregates, error) {
	g := &aggregates{
		sessionsByTopic: map[string]bool{},
		sessionStats:    map[string]*sessionAgg{},
		topicStats:      map[string]*topicAgg{},
		topicDays:       map[string]*dayAgg{},
		days:            map[string]*dayAgg{},
	}
	err := tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
		var sess sessionRecord
		if err := s.decode(v, &sess, "session at key %x", k); err != nil {
			return err
		}
		g.sessionStats[string(k)] = &sessionAgg{}
		for _, t := range sess.Topics {
			g.sessionsByTopic[string(nameKey(t, k))] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = tx.Bucket(bucketAttempts).ForEach(func(k, v []byte) error {
		sa := g.sessionStats[string(k[:min(len(k), sessionKeyLen)])]
		if len(k) != attemptKeyLen || sa == nil {
			return corruptError(s.path, fmt.Errorf("attempt at key %x belongs to no session", k))
		}
		var rec attemptRecord
		if err := s.decode(v, &rec, "attempt at key %x", k); err != nil {
			return err
		}
		a := fromAttemptRecord(&rec)
		c := s.contribOf(&a)
		sa.apply(c, +1)
		if c.skipped {
			return nil
		}
		day := func(m map[string]*dayAgg, key string) {
			d := m[key]
			if d == nil {
				d = new(dayAgg)
				m[key] = d
			}
			d.apply(c, +1)
		}
		day(g.days, c.day)
		for _, t := range c.topics {
			day(g.topicDays, string(nameKey(t, []byte(c.day))))
			ts := g.topicStats[t]
			if ts == nil {
				ts = new(topicAgg)
				g.topicStats[t] = ts
			}
			ts.add(c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// each calls fn for every record, bucket by bucket, in key order.
func (g *aggregates) each(fn func(bucket []byte, key, value []byte) error) error {
	emit := func(bucket []byte, keys []string, value func(string) ([]byte, error)) error {
		slices.Sort(keys)
		for _, k := range keys {
			v, err := value(k)
			if err != nil {
				return err
			}
			if err := fn(bucket, []byte(k), v); err != nil {
				return err
			}
		}
		return nil
	}
	marshal := func(r aggregate) ([]byte, error) {
		r.current()
		return encode(r), nil
	}
	for _, step := range []func() error{
		func() error {
			return emit(bucketSessionsByTopic, keysOf(g.sessionsByTopic), func(string) ([]byte, error) { return []byte{}, nil })
		},
		func() error {
			return emit(bucketSessionStats, keysOf(g.sessionStats), func(k string) ([]byte, error) { return marshal(g.sessionStats[k]) })
		},
		func() error {
			return emit(bucketTopicStats, keysOf(g.topicStats), func(k string) ([]byte, error) { return marshal(g.topicStats[k]) })
		},
		func() error {
			return emit(bucketTopicDays, keysOf(g.topicDays), func(k string) ([]byte, error) { return marshal(g.topicDays[k]) })
		},
		func() error {
			return emit(bucketDays, keysOf(g.days), func(k string) ([]byte, error) { return marshal(g.days[k]) })
		},
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func keysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}

// rebuildAggregates empties the aggregate buckets and fills them again
// from the sessions and attempts.
func (s *Store) rebuildAggregates(tx *bbolt.Tx) error {
	g, err := s.scanAggregates(tx)
	if err != nil {
		return err
	}
	for _, name := range aggregateBuckets {
		if tx.Bucket(name) != nil {
			if err := tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("empty bucket %s: %w", name, err)
			}
		}
		if _, err := tx.CreateBucket(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return g.each(func(bucket, key, value []byte) error {
		b := tx.Bucket(bucket)
		b.FillPercent = 0.9 // keys come in order
		return b.Put(key, value)
	})
}
