package store_test

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/store"
)

// TestCheckFindsBadAggregates tampers with each aggregate bucket in turn:
// the check notices.
func TestCheckFindsBadAggregates(t *testing.T) {
	src := dbPath(t)
	s := openStore(t, src)
	writeFixture(t, s, fixture)
	checkClean(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bucket := range []string{"sessions_by_topic", "session_stats", "topic_stats", "topic_days", "days"} {
		for _, how := range []string{"delete", "change", "add"} {
			t.Run(bucket+"/"+how, func(t *testing.T) {
				path := dbPath(t)
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
				rawUpdate(t, path, func(tx *bbolt.Tx) error {
					b := tx.Bucket([]byte(bucket))
					k, v := b.Cursor().Last()
					switch how {
					case "delete":
						return b.Delete(k)
					case "change":
						if len(v) == 0 {
							return b.Put(k, []byte("x"))
						}
						return b.Put(k, bytes.Replace(v, []byte(`":1`), []byte(`":2`), 1))
					}
					return b.Put(append(bytes.Clone(k), '0'), v)
				})
				s := openStore(t, path)
				if err := s.CheckIndexes(); err == nil {
					t.Error("the check missed it")
				}
			})
		}
	}
}

// rawUpdate runs fn in a bbolt transaction on the file at path.
func rawUpdate(t *testing.T, path string, fn func(*bbolt.Tx) error) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// rawBuckets reads the named buckets of the file at path.
func rawBuckets(t *testing.T, path string, names ...string) map[string]map[string]string {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]map[string]string{}
	err = db.View(func(tx *bbolt.Tx) error {
		for _, name := range names {
			b := tx.Bucket([]byte(name))
			if b == nil {
				continue
			}
			out[name] = map[string]string{}
			if err := b.ForEach(func(k, v []byte) error { out[name][string(k)] = string(v); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var aggregateBuckets = []string{"sessions_by_topic", "session_stats", "topic_stats", "topic_days", "days"}

// derivedBuckets are computed from the sessions and attempts: the
// aggregates of schema 2 and the schedule of schema 3.
var derivedBuckets = append(slices.Clone(aggregateBuckets), "questions")

// TestLostAggregates: a file that lost a bucket is refused, left as it
// is, and `rehearse doctor --repair` is named.
func TestLostAggregates(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	writeFixture(t, s, fixture)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, func(tx *bbolt.Tx) error { return tx.DeleteBucket([]byte("topic_days")) })
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []store.Options{{}, {Session: true, Create: true}} {
		s, err := store.Open(path, opts)
		if err == nil {
			s.Close()
			t.Fatal("a file without topic_days opened")
		}
		if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), "topic_days") || !strings.Contains(err.Error(), "doctor --repair") {
			t.Errorf("err = %v", err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("the file changed")
	}
}

func TestCreateSessionRejectsTopics(t *testing.T) {
	s := openStore(t, dbPath(t))
	for _, topics := range [][]string{{""}, {"a\x00b"}} {
		if err := s.CreateSession(&store.Session{Started: time.Now(), Topics: topics}); err == nil {
			t.Errorf("topics %q: saved", topics)
		}
	}
	if page, _, err := s.Summaries("", nil, 10); err != nil || len(page) != 0 {
		t.Errorf("after rejected sessions: %v, %v", page, err)
	}
	checkClean(t, s)
}
