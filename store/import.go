package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// Imported is a session read from an export or rescue file, with its
// answers.
type Imported struct {
	Session  Session
	Attempts []Attempt
}

// ImportReport says what an import added, or would add.
type ImportReport struct {
	SessionsAdded  int // new sessions
	SessionsMerged int // sessions already here that gained answers
	AttemptsAdded  int
	AttemptsKnown  int // answers already here, left as they are
}

// errDryRun rolls back a dry run.
var errDryRun = errors.New("dry run")

// Import merges sessions into the database in one transaction. A session
// is known by its start time and questions: one already here gains only
// the answers it lacks (the answers here win), so importing the same file
// twice adds nothing. A new session keeps its start time and gets a local
// id; origin names where it came from (unless it says so itself), which
// keeps it apart from sessions practised here. With dryRun nothing is
// written: the report says what would be.
func (s *Store) Import(sessions []Imported, origin string, dryRun bool) (ImportReport, error) {
	var rep ImportReport
	for i, in := range sessions {
		if err := checkSession(&in.Session); err != nil {
			return rep, fmt.Errorf("session %d of the file: %w", i+1, err)
		}
		for _, a := range in.Attempts {
			if err := checkAttempt(&a); err != nil {
				return rep, fmt.Errorf("session %d of the file, answer %d: %w", i+1, a.Index+1, err)
			}
		}
	}
	err := s.update(func(tx *bbolt.Tx) error {
		rep = ImportReport{}
		known, err := s.fingerprints(tx)
		if err != nil {
			return err
		}
		var touched []string
		for _, in := range sessions {
			key, ok := known[fingerprint(in.Session.Started, in.Session.Questions)]
			if !ok {
				rec := toSessionRecord(&in.Session)
				if rec.Origin == "" {
					rec.Origin = origin
				}
				if err := s.createSession(tx, &rec); err != nil {
					return err
				}
				key = sessionKey(rec.Started, rec.ID)
				known[fingerprint(rec.Started, rec.Questions)] = key
				rep.SessionsAdded++
			}
			id := beUint64(key[8:])
			added := 0
			for _, a := range in.Attempts {
				if tx.Bucket(bucketAttempts).Get(attemptKey(key, a.Index)) != nil {
					rep.AttemptsKnown++
					continue
				}
				a.SessionID = id
				rec := toAttemptRecord(&a)
				if rec.Saved.IsZero() {
					rec.Saved = time.Now()
				}
				if err := s.saveAttempt(tx, &rec, false); err != nil {
					return err
				}
				touched = append(touched, a.Question.ID)
				added++
			}
			rep.AttemptsAdded += added
			if ok && added > 0 {
				rep.SessionsMerged++
			}
		}
		slices.Sort(touched)
		for _, q := range slices.Compact(touched) {
			if err := s.replaySchedule(tx, q); err != nil {
				return err
			}
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return rep, fmt.Errorf("import: %w", err)
	}
	return rep, nil
}

// fingerprint identifies a session across databases: when it started and
// what it asked.
func fingerprint(started time.Time, questions []string) string {
	return fmt.Sprintf("%d|%s", started.UnixNano(), strings.Join(questions, ","))
}

// fingerprints maps the fingerprint of every session here to its key.
func (s *Store) fingerprints(tx *bbolt.Tx) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
		var r sessionRecord
		if err := s.decode(v, &r, "session at key %x", k); err != nil {
			return err
		}
		out[fingerprint(r.Started, r.Questions)] = clone(k)
		return nil
	})
	return out, err
}
