package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"go.etcd.io/bbolt"
)

// Buckets of schema 1 (DESIGN.md §8).
var (
	bucketMeta       = []byte("meta")        // "schema", "created"
	bucketSessions   = []byte("sessions")    // session key → JSON Session
	bucketSessionIDs = []byte("session_ids") // 8-byte id → session key
	bucketAttempts   = []byte("attempts")    // attempt key → JSON Attempt
	bucketDrafts     = []byte("drafts")      // "current" → JSON Draft
	bucketByTopic    = []byte("by_topic")    // topic \x00 attempt key → empty
	bucketByQuestion = []byte("by_question") // question id \x00 attempt key → empty

	allBuckets = [][]byte{
		bucketMeta, bucketSessions, bucketSessionIDs, bucketAttempts,
		bucketDrafts, bucketByTopic, bucketByQuestion,
	}

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
// transaction it is given. Schema 1 is the first, so there are none yet: a
// change of layout appends its step here and raises SchemaVersion.
var migrations []func(tx *bbolt.Tx) error

// prepare makes the freshly opened file ready: it lays out a new database,
// refuses a newer or foreign one, and upgrades an older one. A file that
// needs nothing is only read.
func (s *Store) prepare() error {
	var (
		fresh   bool
		schema  uint64
		missing bool
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
		return s.update(createBuckets)
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

// upgrade migrates a database of schema from up to SchemaVersion, one step
// at a time in one transaction, after copying the file aside as it was.
func (s *Store) upgrade(from uint64) error {
	return s.update(func(tx *bbolt.Tx) error {
		backup := fmt.Sprintf("%s.schema-%d.bak", s.path, from)
		if err := backupTo(tx, backup); err != nil {
			return fmt.Errorf("back up %s before upgrading it: %w", s.path, err)
		}
		for v := from; v < SchemaVersion; v++ {
			if err := migrations[v-1](tx); err != nil {
				return fmt.Errorf("upgrade %s from schema %d (a copy is in %s): %w", s.path, v, backup, err)
			}
		}
		if err := createBuckets(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, u64(SchemaVersion))
	})
}

// backupTo writes the database as tx sees it to a new file; it never
// replaces one that exists.
func backupTo(tx *bbolt.Tx, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := tx.WriteTo(f); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
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
