package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"go.etcd.io/bbolt"
)

// Diagnosis is what Diagnose found in a database file.
type Diagnosis struct {
	Path     string
	Schema   uint64
	Sessions int
	Attempts int
	Draft    bool
	Problems []string // empty when the file is sound
	// Readable is false when bbolt cannot open the file at all: nothing in
	// it can be copied.
	Readable bool
}

// maxFindings is how many problems of one kind a diagnosis lists.
const maxFindings = 20

// Diagnose checks the file at path without changing it, and alongside a
// practising rehearse: bbolt's page check, the schema and buckets, that
// every index entry points at an answer and every answer is indexed, and
// that the figures and the schedule equal a recount.
func Diagnose(path string) (*Diagnosis, error) {
	d := &Diagnosis{Path: path}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, path)
	case err != nil:
		return nil, fileError(path, err)
	case fi.IsDir():
		d.Problems = append(d.Problems, "it is a directory, not a database file")
		return d, nil
	case fi.Size() == 0:
		d.Problems = append(d.Problems, "it is empty (0 bytes)")
		return d, nil
	}
	s := &Store{path: path, loc: time.Local}
	pagesSound := false
	err = s.withDB(true, func(db *bbolt.DB) error {
		d.Readable = true
		return db.View(func(tx *bbolt.Tx) error {
			n := 0
			for e := range tx.Check() {
				if n++; n <= maxFindings {
					d.Problems = append(d.Problems, "pages: "+damage(e))
				}
			}
			if n > maxFindings {
				d.Problems = append(d.Problems, fmt.Sprintf("pages: … and %d more", n-maxFindings))
			}
			pagesSound = n == 0
			if !pagesSound {
				return nil
			}
			meta := tx.Bucket(bucketMeta)
			if meta == nil {
				d.Problems = append(d.Problems, "it has no meta bucket: it is not a rehearse database, or lost its schema record")
				return nil
			}
			if v := meta.Get(keySchema); len(v) == 8 {
				d.Schema = beUint64(v)
			} else {
				d.Problems = append(d.Problems, "its schema record is missing or unreadable")
			}
			for _, name := range bucketsOf(max(d.Schema, 1)) {
				if b := tx.Bucket(name); b == nil {
					d.Problems = append(d.Problems, fmt.Sprintf("it has no %s bucket", name))
				}
			}
			if b := tx.Bucket(bucketSessions); b != nil {
				d.Sessions = b.Stats().KeyN
			}
			if b := tx.Bucket(bucketAttempts); b != nil {
				d.Attempts = b.Stats().KeyN
			}
			if b := tx.Bucket(bucketDrafts); b != nil {
				d.Draft = b.Get(keyDraft) != nil
			}
			return nil
		})
	})
	if err != nil {
		d.Problems = append(d.Problems, "open: "+err.Error())
		return d, nil
	}
	if !pagesSound || len(d.Problems) > 0 || d.Schema != SchemaVersion {
		if d.Schema != 0 && d.Schema < SchemaVersion && len(d.Problems) == 0 {
			d.Problems = append(d.Problems, fmt.Sprintf("it has schema %d: any rehearse command other than doctor upgrades it", d.Schema))
		}
		return d, nil
	}
	for what, check := range map[string]func() error{
		"links": s.CheckLinks, "figures": s.checkAggregates, "schedule": s.checkSchedule,
	} {
		if err := check(); err != nil {
			lines := strings.Split(err.Error(), "\n")
			if len(lines) > maxFindings {
				lines = append(lines[:maxFindings], fmt.Sprintf("… and %d more", len(lines)-maxFindings))
			}
			d.Problems = append(d.Problems, what+": "+strings.Join(lines, "\n  "))
		}
	}
	return d, nil
}

// Salvage is what Repair copied and what it could not.
type Salvage struct {
	Original                    string // where the damaged file was kept
	Sessions, Attempts          int    // copied
	LostSessions, LostAttempts  int    // unreadable records left behind
	RebuiltSessions             int    // headers made again from their answers
	Draft, Plan, UnreadableRest bool
}

// Repair copies everything readable of the database at path into a new
// file, with its indexes, figures and schedule computed again, and puts it
// in place of the old one, which is kept beside it under a new name (never
// deleted). It takes the practising rehearse's lock: it waits for no one.
func Repair(path string) (*Salvage, error) {
	lock, err := lockSession(path)
	if err != nil {
		return nil, err
	}
	defer lock.Close()
	old := &Store{path: path, loc: time.Local}
	got, err := old.salvage()
	if err != nil {
		return nil, fmt.Errorf("nothing can be read from %s (%v); it is left as it is", path, err)
	}
	stamp := time.Now().Format("20060102-150405")
	fresh := &Store{path: unused(path + ".repairing-" + stamp), opts: Options{Create: true}, loc: time.Local, missing: true}
	if err := fresh.create(func(tx *bbolt.Tx) error { return fresh.restore(tx, got) }); err != nil {
		fresh.closeStamp()
		_ = os.Remove(fresh.path)
		_ = os.Remove(fresh.stampName())
		return nil, fmt.Errorf("write the repaired copy of %s: %w", path, err)
	}
	// The damaged file gets a second name first (a link never replaces a
	// file), then the repaired copy takes the first.
	kept := unused(path + ".damaged-" + stamp)
	if err := os.Link(path, kept); err != nil {
		return nil, fmt.Errorf("keep the damaged file as %s: %w (the repaired copy is %s)", kept, err, fresh.path)
	}
	if err := os.Rename(fresh.path, path); err != nil {
		return nil, fmt.Errorf("put the repaired copy %s in place: %w (the damaged file is now %s)", fresh.path, err, kept)
	}
	fresh.closeStamp()
	_ = os.Rename(fresh.stampName(), old.stampName())
	got.report.Original = kept
	return &got.report, nil
}

// unused returns name, or name with -2, -3 … when that exists.
func unused(name string) string {
	for n := 2; ; n++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s-%d", strings.TrimSuffix(name, fmt.Sprintf("-%d", n-1)), n)
	}
}

// salvaged is what could be read from a damaged file.
type salvaged struct {
	schema   uint64
	created  []byte
	plan     []byte
	sessions map[string]sessionRecord // by session key
	attempts map[string]attemptRecord // by attempt key
	draft    []byte
	report   Salvage
}

// salvage reads every record it can. A damaged page stops the reading of
// its bucket, not of the others.
func (s *Store) salvage() (*salvaged, error) {
	got := &salvaged{sessions: map[string]sessionRecord{}, attempts: map[string]attemptRecord{}}
	return got, s.withDB(true, func(db *bbolt.DB) error {
		return db.View(func(tx *bbolt.Tx) error {
			read := func(name []byte, fn func(k, v []byte)) {
				defer func() {
					if r := recover(); r != nil {
						got.report.UnreadableRest = true
					}
				}()
				defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
				if b := tx.Bucket(name); b != nil {
					_ = b.ForEach(func(k, v []byte) error { fn(k, v); return nil })
				}
			}
			read(bucketMeta, func(k, v []byte) {
				switch string(k) {
				case string(keySchema):
					if len(v) == 8 {
						got.schema = beUint64(v)
					}
				case string(keyCreated):
					got.created = clone(v)
				case string(keyPlan):
					got.plan, got.report.Plan = clone(v), true
				}
			})
			read(bucketSessions, func(k, v []byte) {
				var r sessionRecord
				if len(k) != sessionKeyLen || s.decode(v, &r, "session") != nil {
					got.report.LostSessions++
					return
				}
				got.sessions[string(k)] = r
			})
			read(bucketAttempts, func(k, v []byte) {
				var r attemptRecord
				if len(k) != attemptKeyLen || s.decode(v, &r, "attempt") != nil || checkAttempt(&Attempt{Index: r.Index, Attempt: fromBody(&r.attemptBody)}) != nil {
					got.report.LostAttempts++
					return
				}
				got.attempts[string(k)] = r
			})
			read(bucketDrafts, func(k, v []byte) {
				var r draftRecord
				if string(k) == string(keyDraft) && s.decode(v, &r, "draft") == nil {
					got.draft, got.report.Draft = clone(v), true
				}
			})
			return nil
		})
	})
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// restore writes what was salvaged into a new database, with the indexes,
// figures and schedule computed again. An answer whose session header was
// lost gets one made from the answers it has.
func (s *Store) restore(tx *bbolt.Tx, got *salvaged) error {
	meta := tx.Bucket(bucketMeta)
	if got.created != nil {
		if err := meta.Put(keyCreated, got.created); err != nil {
			return err
		}
	}
	if got.plan != nil {
		if err := meta.Put(keyPlan, got.plan); err != nil {
			return err
		}
	}
	for k := range got.attempts {
		skey := k[:sessionKeyLen]
		if _, ok := got.sessions[skey]; ok {
			continue
		}
		got.sessions[skey] = sessionFromKey([]byte(skey))
		got.report.RebuiltSessions++
	}
	for k, a := range got.attempts {
		r := got.sessions[k[:sessionKeyLen]]
		for len(r.Questions) <= a.Index {
			r.Questions = append(r.Questions, "")
		}
		if r.Questions[a.Index] == "" {
			r.Questions[a.Index] = a.Question.ID
			r.Topics = union(r.Topics, a.Question.Topics)
		}
		got.sessions[k[:sessionKeyLen]] = r
	}
	var maxID uint64
	sessions, ids, attempts := tx.Bucket(bucketSessions), tx.Bucket(bucketSessionIDs), tx.Bucket(bucketAttempts)
	for k, r := range got.sessions {
		r.Version = recordVersion
		if err := sessions.Put([]byte(k), encode(&r)); err != nil {
			return err
		}
		if err := ids.Put(u64(r.ID), []byte(k)); err != nil {
			return err
		}
		maxID = max(maxID, r.ID)
		got.report.Sessions++
	}
	if err := ids.SetSequence(maxID); err != nil {
		return err
	}
	for k, a := range got.attempts {
		a.Version = recordVersion
		if err := attempts.Put([]byte(k), encodeAttempt(&a)); err != nil {
			return err
		}
		put := func(b *bbolt.Bucket, key []byte) error { return b.Put(key, nil) }
		if err := s.index(tx, []byte(k), &a, put); err != nil {
			return err
		}
		got.report.Attempts++
	}
	if got.draft != nil {
		if err := tx.Bucket(bucketDrafts).Put(keyDraft, got.draft); err != nil {
			return err
		}
	}
	if err := s.rebuildAggregates(tx); err != nil {
		return err
	}
	return s.rebuildSchedule(tx)
}

// sessionFromKey makes the header of a session whose record was lost from
// its key: its start time and id. Its questions come from its answers.
func sessionFromKey(k []byte) sessionRecord {
	return sessionRecord{
		Version: recordVersion, ID: beUint64(k[8:16]),
		Started: time.Unix(0, int64(beUint64(k[:8]))).UTC(), Origin: "rebuilt by rehearse doctor --repair",
	}
}
