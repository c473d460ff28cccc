package store

import (
	"bytes"
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

// Buckets of schema 2 (DESIGN.md §8).
var (
	bucketMeta       = []byte("meta")        // "schema", "created"
	bucketSessions   = []byte("sessions")    // session key → JSON Session
	bucketSessionIDs = []byte("session_ids") // 8-byte id → session key
	bucketAttempts   = []byte("attempts")    // attempt key → JSON Attempt
	bucketDrafts     = []byte("drafts")      // "current" → JSON Draft
	bucketByTopic    = []byte("by_topic")    // topic \x00 attempt key → empty
	bucketByQuestion = []byte("by_question") // question id \x00 attempt key → empty

	// Aggregates, new in schema 2 (see aggregates.go).
	bucketSessionsByTopic = []byte("sessions_by_topic") // topic \x00 session key → empty
	bucketSessionStats    = []byte("session_stats")     // session key → JSON sessionAgg
	bucketTopicStats      = []byte("topic_stats")       // topic → JSON topicAgg
	bucketTopicDays       = []byte("topic_days")        // topic \x00 YYYYMMDD → JSON dayAgg
	bucketDays            = []byte("days")              // YYYYMMDD → JSON dayAgg, all topics

	aggregateBuckets = [][]byte{
		bucketSessionsByTopic, bucketSessionStats, bucketTopicStats, bucketTopicDays, bucketDays,
	}
	allBuckets = append([][]byte{
		bucketMeta, bucketSessions, bucketSessionIDs, bucketAttempts,
		bucketDrafts, bucketByTopic, bucketByQuestion,
	}, aggregateBuckets...)

	keySchema  = []byte("schema")
	keyCreated = []byte("created")
	keyDraft   = []byte("current")
)

// Key lengths: a session key is the start time and the id, an attempt key
// adds the question's index in the session.
const (
	sessionKeyLen = 16
	attemptKeyLen = sessionKeyLen + 2
)

// migrations[i] moves a database from schema i+1 to schema i+2, inside the
// transaction it is given. A change of layout appends its step here and
// raises SchemaVersion.
var migrations = []func(s *Store, tx *bbolt.Tx) error{
	migrate1to2,
}

// migrate1to2 adds the aggregates of schema 2 (sessions_by_topic,
// session_stats, topic_stats, topic_days, days) and fills them from the
// sessions and attempts.
func migrate1to2(s *Store, tx *bbolt.Tx) error {
	if err := createBuckets(tx); err != nil {
		return err
	}
	return s.rebuildAggregates(tx)
}

// prepare makes the freshly opened file ready: it lays out a new database,
// refuses a newer or foreign one, and upgrades an older one. A file that
// needs nothing is only read.
func (s *Store) prepare() error {
	var (
		fresh         bool
		schema        uint64
		missing       bool
		missingTotals bool
	)
	err := s.view(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			if k, _ := tx.Cursor().First(); k != nil {
				return corruptError(s.path, errors.New("it is a bbolt file, but not a rehearse database"))
			}
			fresh = true
			return nil
		}
		v := meta.Get(keySchema)
		if len(v) != 8 {
			return corruptError(s.path, errors.New("no schema version in its meta bucket"))
		}
		schema = binary.BigEndian.Uint64(v)
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				missing = true
				if slices.ContainsFunc(aggregateBuckets, func(b []byte) bool { return bytes.Equal(b, name) }) {
					missingTotals = true
				}
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case fresh:
		return s.update(func(tx *bbolt.Tx) error {
			if err := createBuckets(tx); err != nil {
				return err
			}
			meta := tx.Bucket(bucketMeta)
			if err := meta.Put(keySchema, u64(SchemaVersion)); err != nil {
				return err
			}
			return meta.Put(keyCreated, []byte(time.Now().UTC().Format(time.RFC3339Nano)))
		})
	case schema > SchemaVersion:
		return fmt.Errorf("%w: %s has schema %d and this rehearse knows schema %d at most; upgrade rehearse to open it",
			ErrNewerSchema, s.path, schema, SchemaVersion)
	case schema < 1:
		return corruptError(s.path, fmt.Errorf("schema version %d", schema))
	case schema < SchemaVersion:
		return s.upgrade(schema)
	case missing:
		// A bucket lost from a current file is laid out again; lost
		// aggregates are computed again from the sessions and attempts.
		return s.update(func(tx *bbolt.Tx) error {
			if err := createBuckets(tx); err != nil {
				return err
			}
			if missingTotals {
				return s.rebuildAggregates(tx)
			}
			return nil
		})
	}
	return nil
}

func createBuckets(tx *bbolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	return nil
}

// upgrade migrates a database of schema from up to SchemaVersion one step
// at a time, each step in its own transaction after copying the file, as
// that transaction sees it, to <path>.v<schema>.bak.
func (s *Store) upgrade(from uint64) error {
	for v := from; v < SchemaVersion; v++ {
		err := s.update(func(tx *bbolt.Tx) error {
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

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

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

// indexKey is the key of an index entry: name \x00 attempt key.
func indexKey(name string, attKey []byte) []byte {
	k := make([]byte, 0, len(name)+1+len(attKey))
	k = append(k, name...)
	k = append(k, 0)
	return append(k, attKey...)
}
