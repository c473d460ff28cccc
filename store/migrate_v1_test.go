package store_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/store"
)

// makeV1 turns the current file at path into the schema 1 layout: no
// aggregate buckets, no schedule, schema 1.
func makeV1(t *testing.T, path string) {
	rawUpdate(t, path, func(tx *bbolt.Tx) error {
		for _, name := range derivedBuckets {
			if err := tx.DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, 1))
	})
}

func schemaOf(t *testing.T, path string) uint64 {
	t.Helper()
	v := rawBuckets(t, path, "meta")["meta"]["schema"]
	if len(v) != 8 {
		t.Fatalf("%s: schema %x", path, v)
	}
	return binary.BigEndian.Uint64([]byte(v))
}

func TestMigrateV1(t *testing.T) {
	// A database built directly by this rehearse, the local zone's days
	// (Open migrates in time.Local).
	direct := dbPath(t)
	s := openStore(t, direct)
	writeFixture(t, s, fixture)
	clk := newClock()
	for seed := range uint64(5) {
		practise(t, s, clk, seed)
		clk.Advance(30 * time.Hour)
	}
	if err := s.CreateSession(&store.Session{Started: clk.Now(), Topics: []string{"apis"}}); err != nil { // no attempts
		t.Fatal(err)
	}
	checkClean(t, s)
	now := clk.Now()
	wantStats, err := s.Stats("", now)
	if err != nil {
		t.Fatal(err)
	}
	wantPage, _, err := s.Summaries("debugging", nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(direct)
	if err != nil {
		t.Fatal(err)
	}

	// The same file in the schema 1 layout.
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	makeV1(t, path)
	v1, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	m := openStore(t, path)
	checkClean(t, m)
	gotStats, err := m.Stats("", now)
	if err != nil {
		t.Fatal(err)
	}
	if asJSON(t, gotStats) != asJSON(t, wantStats) {
		t.Errorf("stats after migrating:\n got %s\nwant %s", asJSON(t, gotStats), asJSON(t, wantStats))
	}
	gotPage, _, err := m.Summaries("debugging", nil, 100)
	if err != nil {
		t.Fatal(err)
	}
	if asJSON(t, gotPage) != asJSON(t, wantPage) {
		t.Errorf("summaries after migrating:\n got %s\nwant %s", asJSON(t, gotPage), asJSON(t, wantPage))
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	// The aggregates and the schedule equal those of the database built
	// directly, record for record.
	got, want := rawBuckets(t, path, derivedBuckets...), rawBuckets(t, direct, derivedBuckets...)
	for _, name := range derivedBuckets {
		if len(want[name]) == 0 {
			t.Errorf("%s is empty in the direct database", name)
		}
		for k, v := range got[name] {
			if w, ok := want[name][k]; !ok || w != v {
				t.Errorf("%s[%q] = %s, want %s", name, k, v, w)
			}
		}
		for k := range want[name] {
			if _, ok := got[name][k]; !ok {
				t.Errorf("%s: no record %q after migrating", name, k)
			}
		}
	}
	// Sessions created after the migration go on from the same sequence.
	m = openStore(t, path)
	h := &store.Session{Started: now, Topics: []string{"apis"}}
	if err := m.CreateSession(h); err != nil || h.ID != uint64(len(fixture)+5+2) {
		t.Errorf("next session id %d, %v", h.ID, err)
	}
	checkClean(t, m)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if schemaOf(t, path) != store.SchemaVersion {
		t.Errorf("schema %d after migrating", schemaOf(t, path))
	}

	// The backup is the schema 1 file, private.
	backup := path + ".v1.bak"
	fi, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	if schemaOf(t, backup) != 1 || len(rawBuckets(t, backup, derivedBuckets...)) != 0 {
		t.Error("the backup is not the schema 1 file")
	}
	if schemaOf(t, path+".v2.bak") != 2 {
		t.Error("the second backup is not the schema 2 file")
	}
	var names []string
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"old.db", "old.db.checked", "old.db.lock", "old.db.v1.bak", "old.db.v2.bak", "old.db.v3.bak"}; !slices.Equal(names, want) {
		t.Errorf("files beside the database: %v, want %v", names, want)
	}

	// Upgrading another schema 1 file at the same path keeps that backup.
	if err := os.WriteFile(path, v1, 0o600); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	m = openStore(t, path)
	checkClean(t, m)
	if after, err := os.ReadFile(backup); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the first backup changed (%v)", err)
	}
	if fi, err := os.Stat(filepath.Join(filepath.Dir(path), "old.db.v1.2.bak")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("second backup: %v", err)
	}
}
