package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// The buckets (DESIGN.md §8).
var (
	bucketMeta       = []byte("meta")        // "schema", "created", "plan"
	bucketSessions   = []byte("sessions")    // session key → session record
	bucketSessionIDs = []byte("session_ids") // 8-byte id → session key
	bucketAttempts   = []byte("attempts")    // attempt key → attempt record, packed from schema 4
	bucketDrafts     = []byte("drafts")      // "current" → draft record
	bucketByTopic    = []byte("by_topic")    // topic \x00 attempt key → empty
	bucketByQuestion = []byte("by_question") // question id \x00 attempt key → empty

	// Aggregates, new in schema 2 (see aggregates.go).
	bucketSessionsByTopic = []byte("sessions_by_topic") // topic \x00 session key → empty
	bucketSessionStats    = []byte("session_stats")     // session key → sessionAgg
	bucketTopicStats      = []byte("topic_stats")       // topic → topicAgg
	bucketTopicDays       = []byte("topic_days")        // topic \x00 YYYYMMDD → dayAgg
	bucketDays            = []byte("days")              // YYYYMMDD → dayAgg, all topics

	// The schedule, new in schema 3 (see schedule.go).
	bucketQuestions = []byte("questions") // question id → questionRecord

	keySchema  = []byte("schema")
	keyCreated = []byte("created")
	keyPlan    = []byte("plan")
	keyDraft   = []byte("current")
)

var (
	schema1Buckets = [][]byte{bucketMeta, bucketSessions, bucketSessionIDs, bucketAttempts, bucketDrafts, bucketByTopic, bucketByQuestion}
	// aggregateBuckets are computed from the sessions and attempts, and can
	// be computed again (rebuild.go).
	aggregateBuckets = [][]byte{bucketSessionsByTopic, bucketSessionStats, bucketTopicStats, bucketTopicDays, bucketDays}
)

// bucketsOf returns the buckets a database of the given schema has.
func bucketsOf(schema uint64) [][]byte {
	out := slices.Clone(schema1Buckets)
	if schema >= 2 {
		out = append(out, aggregateBuckets...)
	}
	if schema >= 3 {
		out = append(out, bucketQuestions)
	}
	return out
}

// Key lengths: a session key is the start time and the id, an attempt key
// adds the question's index in the session.
const (
	sessionKeyLen = 16
	attemptKeyLen = sessionKeyLen + 2
)

// sessionKey orders sessions by start time, then by id.
func sessionKey(started time.Time, id uint64) []byte {
	k := make([]byte, 0, sessionKeyLen)
	k = binary.BigEndian.AppendUint64(k, uint64(started.UnixNano()))
	return binary.BigEndian.AppendUint64(k, id)
}

// attemptKey orders a session's attempts by their index.
func attemptKey(sessKey []byte, index int) []byte {
	k := make([]byte, 0, attemptKeyLen)
	k = append(k, sessKey...)
	return binary.BigEndian.AppendUint16(k, uint16(index))
}

// filled returns bucket name of tx set to fill its pages when they split.
// The keys of attempts, sessions, session_ids and session_stats begin with
// a time or a sequence, so nearly every new key goes at the end: a full
// page is left full. (bbolt's default fills half, which suits keys that
// come in any order.) It does nothing for values over about 800 bytes,
// which bbolt, keeping two keys a page at least on each side of a split,
// splits two to a page whatever the fill.
func filled(tx *bbolt.Tx, name []byte) *bbolt.Bucket {
	b := tx.Bucket(name)
	b.FillPercent = 1
	return b
}

// attemptIndex returns the index of the question in an attempt key.
func attemptIndex(k []byte) uint16 { return binary.BigEndian.Uint16(k[sessionKeyLen:]) }

// nameKey is the key of an entry listed under a name: name \x00 rest. It
// makes the keys of by_topic, by_question, sessions_by_topic and
// topic_days.
func nameKey(name string, rest []byte) []byte {
	k := make([]byte, 0, len(name)+1+len(rest))
	k = append(k, name...)
	k = append(k, 0)
	return append(k, rest...)
}

// namePrefix is the prefix of every key listed under name.
func namePrefix(name string) []byte { return nameKey(name, nil) }

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func beUint64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// layOut makes the buckets of a new database and its meta records.
func layOut(tx *bbolt.Tx) error {
	if err := createBuckets(tx, bucketsOf(SchemaVersion)); err != nil {
		return err
	}
	meta := tx.Bucket(bucketMeta)
	if err := meta.Put(keySchema, u64(SchemaVersion)); err != nil {
		return err
	}
	return meta.Put(keyCreated, []byte(time.Now().UTC().Format(time.RFC3339Nano)))
}

func createBuckets(tx *bbolt.Tx, names [][]byte) error {
	for _, name := range names {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// migrations[i] moves a database from schema i+1 to schema i+2, inside the
// transaction it is given. A change of layout appends its step here and
// raises SchemaVersion.
var migrations = []func(s *Store, tx *bbolt.Tx) error{
	migrate1to2,
	migrate2to3,
	migrate3to4,
}

// migrate1to2 adds the aggregates of schema 2 (sessions_by_topic,
// session_stats, topic_stats, topic_days, days) and fills them from the
// sessions and attempts.
func migrate1to2(s *Store, tx *bbolt.Tx) error {
	if err := createBuckets(tx, aggregateBuckets); err != nil {
		return err
	}
	return s.rebuildAggregates(tx)
}

// migrate2to3 adds the schedule: a record per question with its FSRS card,
// replayed from every saved answer, and the figures of the insights
// (quantified results, I and we) to the topic and day aggregates.
func migrate2to3(s *Store, tx *bbolt.Tx) error {
	if err := createBuckets(tx, [][]byte{bucketQuestions}); err != nil {
		return err
	}
	if err := s.rebuildAggregates(tx); err != nil {
		return err
	}
	return s.rebuildSchedule(tx)
}

// migrate3to4 packs every attempt record (compact.go), written again into
// full pages in key order.
func migrate3to4(s *Store, tx *bbolt.Tx) error {
	const scratch = "attempts_packing"
	tmp, err := tx.CreateBucket([]byte(scratch))
	if err != nil {
		return fmt.Errorf("create bucket %s: %w", scratch, err)
	}
	tmp.FillPercent = 1
	err = tx.Bucket(bucketAttempts).ForEach(func(k, v []byte) error {
		var r attemptRecord
		if err := s.decode(v, &r, "attempt at key %x", k); err != nil {
			return err
		}
		return tmp.Put(k, encodeAttempt(&r))
	})
	if err != nil {
		return err
	}
	if err := tx.DeleteBucket(bucketAttempts); err != nil {
		return err
	}
	attempts, err := tx.CreateBucket(bucketAttempts)
	if err != nil {
		return err
	}
	attempts.FillPercent = 1
	if err := tmp.ForEach(attempts.Put); err != nil {
		return err
	}
	return tx.DeleteBucket([]byte(scratch))
}

// upgrade migrates a database of schema from up to SchemaVersion one step
// at a time, each step in its own transaction after copying the file, as
// that transaction sees it, to <path>.v<schema>.bak. The caller holds s.mu.
func (s *Store) upgrade(from uint64) error {
	for v := from; v < SchemaVersion; v++ {
		err := s.write(func(tx *bbolt.Tx) error {
			backup, err := backupTo(tx, fmt.Sprintf("%s.v%d.bak", s.path, v))
			if err != nil {
				return fmt.Errorf("back up %s before upgrading it: %w", s.path, err)
			}
			if err := migrations[v-1](s, tx); err != nil {
				return fmt.Errorf("upgrade %s from schema %d to %d (a copy of it is in %s): %w", s.path, v, v+1, backup, err)
			}
			return tx.Bucket(bucketMeta).Put(keySchema, u64(v+1))
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// backupTo writes the database as tx sees it to a new file, mode 0600
// whatever the umask, synced to disk. It never replaces a file: when path
// exists (a backup of an earlier upgrade, or of one that failed) it writes
// to path with .2, .3 … before the extension. It returns the path written.
//
// This is Tx.CopyFile done with care: CopyFile truncates a file that
// exists, keeps its mode, leaves a new one's mode to the umask, and does
// not sync.
func backupTo(tx *bbolt.Tx, path string) (string, error) {
	base, ext := strings.TrimSuffix(path, ".bak"), ".bak"
	for n := 1; ; n++ {
		name := path
		if n > 1 {
			name = fmt.Sprintf("%s.%d%s", base, n, ext)
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) && n < 100 {
			continue
		}
		if err != nil {
			return "", err
		}
		err = f.Chmod(0o600)
		if err == nil {
			_, err = tx.WriteTo(f)
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(name)
			return "", err
		}
		return name, nil
	}
}
