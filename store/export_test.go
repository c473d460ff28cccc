package store

import (
	"encoding/json"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// SetLocation sets the location whose dates are the days of attempts
// (time.Local by default). Set it before anything is saved.
func SetLocation(s *Store, loc *time.Location) { s.loc = loc }

// SetNoSync turns bbolt's fsyncs off or on, for generating big files.
func SetNoSync(s *Store, noSync bool) { s.noSync = noSync }

// Batch runs fn in one write transaction. create and save do what
// CreateSession and SaveAttempt do, through the same code, but in that
// transaction; save keeps the attempt's Saved when it is set.
func Batch(s *Store, fn func(create func(*Session) error, save func(*Attempt) error) error) error {
	return s.update(func(tx *bbolt.Tx) error {
		create := func(sess *Session) error {
			if err := checkSession(sess); err != nil {
				return err
			}
			rec := toSessionRecord(sess)
			if err := s.createSession(tx, &rec); err != nil {
				return err
			}
			sess.ID = rec.ID
			return nil
		}
		save := func(a *Attempt) error {
			if err := checkAttempt(a); err != nil {
				return err
			}
			if a.Saved.IsZero() {
				a.Saved = time.Now()
			}
			rec := toAttemptRecord(a)
			return s.saveAttempt(tx, &rec, true)
		}
		return fn(create, save)
	})
}

// OpenError exposes the mapping of bbolt.Open's errors, whose system cases
// (a read-only file as root, a read-only file system) a test cannot produce.
var OpenError = openError

// ReencodeAttempt decodes an attempt record and encodes it again.
func ReencodeAttempt(t testing.TB, data []byte) []byte {
	t.Helper()
	var r attemptRecord
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	a := fromAttemptRecord(&r)
	rec := toAttemptRecord(&a)
	return encode(&rec)
}

// ReencodeSession decodes a session record and encodes it again.
func ReencodeSession(t testing.TB, data []byte) []byte {
	t.Helper()
	var r sessionRecord
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	s := fromSessionRecord(&r)
	rec := toSessionRecord(&s)
	return encode(&rec)
}

// RecordSize is the size of an attempt's record on disk.
func RecordSize(a *Attempt) int {
	rec := toAttemptRecord(a)
	return len(encode(&rec))
}

// StoredAttempt returns the bytes SaveAttempt writes as a's record.
func StoredAttempt(a *Attempt) []byte {
	rec := toAttemptRecord(a)
	rec.Saved = time.Now()
	return encodeAttempt(&rec)
}

// Unpack returns the JSON of a stored record, packed or not.
func Unpack(t testing.TB, data []byte) []byte {
	t.Helper()
	if len(data) == 0 || data[0] != packedRecord {
		t.Errorf("the record is not packed: %.40q", data)
	}
	plain, err := unpack(data)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

// UnpackedSize is the size of a stored record's JSON.
func UnpackedSize(data []byte) int {
	plain, err := unpack(data)
	if err != nil {
		return len(data)
	}
	return len(plain)
}
