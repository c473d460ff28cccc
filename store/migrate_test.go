package store_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/store"
)

// The fixtures are databases written by earlier rehearses themselves:
// testdata/schema1.db by the first store (schema 1), testdata/schema2.db by
// the last one of schema 2, testdata/schema3.db by the last one of schema 3
// (TestWriteMigrationFixture). Each holds six sessions of three answers
// (some skipped, one unrated, some without notes) and a draft; schema 3's
// answers have their insights, and it has a plan.

// copyFixture copies a fixture into a temporary directory.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "rehearse.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFixturesOpenMigrateAndReadBack(t *testing.T) {
	for _, c := range []struct {
		name     string
		schema   uint64
		insights bool // the answers with notes have saved insights
	}{{"schema1.db", 1, false}, {"schema2.db", 2, false}, {"schema3.db", 3, true}} {
		t.Run(c.name, func(t *testing.T) {
			path := copyFixture(t, c.name)
			if got := schemaOf(t, path); got != c.schema {
				t.Fatalf("the fixture has schema %d, want %d", got, c.schema)
			}
			before := rawBuckets(t, path, "sessions", "attempts", "drafts", "session_ids", "by_topic", "by_question")

			s := openStore(t, path)
			checkClean(t, s)
			if got := schemaOf(t, path); got != store.SchemaVersion {
				t.Errorf("schema %d after opening, want %d", got, store.SchemaVersion)
			}
			for v := c.schema; v < store.SchemaVersion; v++ {
				if _, err := os.Stat(fmt.Sprintf("%s.v%d.bak", path, v)); err != nil {
					t.Errorf("no backup of schema %d: %v", v, err)
				}
			}

			// The records the earlier rehearse wrote are untouched by the
			// migrations but for the packing of the answers (schema 4),
			// and this rehearse writes them back byte for byte.
			after := rawBuckets(t, path, "sessions", "attempts", "drafts", "session_ids", "by_topic", "by_question")
			if len(after["attempts"]) != len(before["attempts"]) {
				t.Errorf("%d answers after the migration, %d before", len(after["attempts"]), len(before["attempts"]))
			}
			for k, v := range after["attempts"] {
				if plain := store.Unpack(t, []byte(v)); string(plain) != before["attempts"][k] {
					t.Errorf("attempt %x after the migration:\n %s\nwant %s", k, plain, before["attempts"][k])
				}
			}
			oldAttempts := before["attempts"]
			delete(after, "attempts")
			delete(before, "attempts")
			if asJSON(t, after) != asJSON(t, before) {
				t.Error("the migration changed the sessions, drafts or indexes")
			}
			for k, v := range oldAttempts {
				if got := store.ReencodeAttempt(t, []byte(v)); !bytes.Equal(got, []byte(v)) {
					t.Errorf("attempt %x:\n old %s\n new %s", k, v, got)
				}
			}
			for k, v := range before["sessions"] {
				if got := store.ReencodeSession(t, []byte(v)); !bytes.Equal(got, []byte(v)) {
					t.Errorf("session %x:\n old %s\n new %s", k, v, got)
				}
			}

			// Everything reads back: six sessions of three answers, the draft.
			page, _, err := s.Summaries("", nil, 100)
			if err != nil || len(page) != 7 {
				t.Fatalf("%d sessions, %v", len(page), err)
			}
			answers, notes, insights := 0, 0, 0
			for _, sum := range page {
				_, attempts, err := s.Session(sum.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range attempts {
					answers++
					if a.Steps[0].Notes != "" {
						notes++
					}
					if a.Insights != nil {
						insights++
						if !c.insights || a.Skipped {
							t.Errorf("answer %d/%d has saved insights: %+v", a.SessionID, a.Index, a.Insights)
						}
					}
				}
			}
			if answers != 18 || notes == 0 {
				t.Errorf("%d answers (%d with notes), want 18", answers, notes)
			}
			if c.insights && insights == 0 {
				t.Error("no answer has its saved insights")
			}
			d, err := s.Draft()
			if err != nil || d == nil || d.Attempt.Steps[0].Notes != "half of a story about a queue that backed up" {
				t.Errorf("the draft: %+v, %v", d, err)
			}

			if plan, err := s.Plan(); err != nil || (c.schema >= 3) != (plan != nil) {
				t.Errorf("the plan: %+v, %v", plan, err)
			}

			// The schedule was replayed from the history.
			states, err := s.States()
			if err != nil || len(states) == 0 {
				t.Fatalf("schedule: %d questions, %v", len(states), err)
			}
			graded := 0
			for id, st := range states {
				if st.Attempts == 0 || st.Last.IsZero() {
					t.Errorf("%s: %+v", id, st)
				}
				if st.Card.Reps > 0 {
					graded++
				}
			}
			if graded == 0 {
				t.Error("no card was graded by the replay")
			}
			// The figures of the insights were counted for the old answers.
			ov, err := s.Stats("", time.Date(2026, 10, 8, 12, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			noted := 0
			for _, ts := range ov.Topics {
				noted += ts.Notes.Noted
			}
			if noted == 0 {
				t.Error("no answer with notes counted in the topics' insights")
			}
		})
	}
}

// TestMigrationRefusesADamagedOldFile: a migration that cannot read the
// records rolls back and leaves the file as it was.
func TestMigrationRefusesADamagedOldFile(t *testing.T) {
	path := copyFixture(t, "schema2.db")
	rawUpdate(t, path, func(tx *bbolt.Tx) error {
		return tx.Bucket([]byte("attempts")).ForEach(func(k, v []byte) error {
			return tx.Bucket([]byte("attempts")).Put(k, []byte("{not json"))
		})
	})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{Session: true, Create: true})
	if err == nil {
		s.Close()
		t.Fatal("an old file with unreadable attempts was migrated")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Error("the failed migration changed the file")
	}
}
