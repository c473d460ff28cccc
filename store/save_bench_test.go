package store_test

import (
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// The cost of a save against the cost of bbolt itself: BenchmarkSaveAttempt
// saves one finished answer, with its index entries, figures and schedule,
// as the app does (fsync on, the file opened for the transaction);
// BenchmarkBareUpdate writes the same record in one bbolt Update to one
// bucket of a copy of the same file, already open. Run them with
//
//	go test -run xxx -bench 'SaveAttempt|BareUpdate' -benchtime 2000x ./store/

// benchSaveSessions is the size of the database the saves go to.
const benchSaveSessions = 1_000

// copyBenchFile copies the generated database of n sessions into a
// temporary directory: the saves must not change the generated file.
func copyBenchFile(b *testing.B, n int) string {
	b.Helper()
	src, err := os.Open(benchPath(b, n))
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(b.TempDir(), "rehearse.db")
	dst, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		b.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// saveWork is the answers the benchmarks save, with their insights.
type saveWork struct {
	answers  []practice.Attempt
	insights []insight.Insights
}

func newSaveWork(b testing.TB) *saveWork {
	w := &saveWork{answers: templates(b)}
	for i := range w.answers {
		w.insights = append(w.insights, insight.Analyze(&w.answers[i], nil))
	}
	return w
}

// attempt returns answer i of the work as the app saves it, started at
// start: later than any answer in the file, as a new answer is.
func (w *saveWork) attempt(id uint64, i int, start time.Time) *store.Attempt {
	k := i % len(w.answers)
	a := w.answers[k]
	a.Started, a.Finished = start, start.Add(a.Finished.Sub(a.Started))
	return &store.Attempt{SessionID: id, Index: i % benchAttempts, Attempt: a, Insights: &w.insights[k]}
}

func BenchmarkSaveAttempt(b *testing.B) {
	path := copyBenchFile(b, benchSaveSessions)
	s, err := store.Open(path, store.Options{Session: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	w := newSaveWork(b)
	started := benchEnd.Add(24 * time.Hour)
	var (
		id uint64
		at time.Time
	)
	before, wrote := fileSize(b, path), written()
	b.ResetTimer()
	for i := range b.N {
		if i%benchAttempts == 0 {
			// A new session every five answers, as the app starts one.
			b.StopTimer()
			at = started.Add(time.Duration(i) * time.Hour)
			h := &store.Session{Started: at, Questions: []string{"q"}, Topics: []string{"debugging"},
				Settings: practice.Settings{Count: benchAttempts}}
			if err := s.CreateSession(h); err != nil {
				b.Fatal(err)
			}
			id = h.ID
			b.StartTimer()
		}
		if err := s.SaveAttempt(w.attempt(id, i, at.Add(time.Duration(i%benchAttempts)*10*time.Minute))); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if wrote >= 0 {
		b.ReportMetric(float64(written()-wrote)/float64(b.N), "written-B/op")
	}
	b.ReportMetric(float64(fileSize(b, path)-before)/float64(b.N), "file-B/op")
	b.ReportMetric(float64(len(store.StoredAttempt(w.attempt(1, 0, started)))), "record-B")
}

func BenchmarkBareUpdate(b *testing.B) {
	path := copyBenchFile(b, benchSaveSessions)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	w := newSaveWork(b)
	started := benchEnd.Add(24 * time.Hour)
	value := store.StoredAttempt(w.attempt(1, 0, started))
	start := uint64(started.UnixNano())
	before, wrote := fileSize(b, path), written()
	b.ResetTimer()
	for i := range b.N {
		key := binary.BigEndian.AppendUint64(nil, start+uint64(i))
		key = binary.BigEndian.AppendUint64(key, uint64(1_000_000+i/benchAttempts))
		key = binary.BigEndian.AppendUint16(key, uint16(i%benchAttempts))
		err := db.Update(func(tx *bbolt.Tx) error { return tx.Bucket([]byte("attempts")).Put(key, value) })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if wrote >= 0 {
		b.ReportMetric(float64(written()-wrote)/float64(b.N), "written-B/op")
	}
	b.ReportMetric(float64(fileSize(b, path)-before)/float64(b.N), "file-B/op")
	b.ReportMetric(float64(len(value)), "record-B")
}

func fileSize(b *testing.B, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}

// written returns the bytes this process has written so far (wchar of
// /proc/self/io), or -1 where there is no such file.
func written() int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return -1
	}
	for line := range strings.Lines(string(data)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "wchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// fileRatio returns the size of the bbolt file at path, the bytes of its
// keys and values as stored (every bucket, every record), the same with
// the packed records counted as their JSON, and the ratio of the file to
// the stored bytes.
func fileRatio(t testing.TB, path string) (file, data, logical int64, ratio float64) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		file = tx.Size()
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			st := b.Stats()
			t.Logf("%-18s keys %6d leaf %8d/%8d branch %7d/%7d inline %d", name, st.KeyN, st.LeafInuse, st.LeafAlloc, st.BranchInuse, st.BranchAlloc, st.InlineBucketInuse)
			return b.ForEach(func(k, v []byte) error {
				data += int64(len(k) + len(v))
				logical += int64(len(k) + store.UnpackedSize(v))
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return file, data, logical, float64(file) / float64(data)
}

// BenchmarkFileRatio prints the size of the generated database of 1,000
// sessions against the bytes of its records.
func BenchmarkFileRatio(b *testing.B) {
	file, data, logical, ratio := fileRatio(b, benchPath(b, benchSaveSessions))
	for b.Loop() {
	}
	b.ReportMetric(ratio, "file/stored")
	b.ReportMetric(float64(file)/float64(logical), "file/json")
	b.Logf("%d sessions, generated in batches: file %d bytes, records %d bytes stored (%.2fx), %d bytes as JSON (%.2fx)",
		benchSaveSessions, file, data, ratio, logical, float64(file)/float64(logical))
}

// TestFileRatio saves answers one transaction each, as the app does, and
// prints the size of the file against the bytes of its records.
func TestFileRatio(t *testing.T) {
	if testing.Short() {
		t.Skip("saves 600 answers")
	}
	path := dbPath(t)
	s := openStore(t, path)
	store.SetNoSync(s, true) // the layout is the same with fsync
	w := newSaveWork(t)
	started := benchEnd
	for n := range 120 {
		at := started.Add(time.Duration(n) * 20 * time.Hour)
		h := &store.Session{Started: at, Questions: []string{"q"}, Topics: []string{"debugging"}, Settings: practice.Settings{Count: benchAttempts}}
		if err := s.CreateSession(h); err != nil {
			t.Fatal(err)
		}
		for i := range benchAttempts {
			k := n*benchAttempts + i
			if err := s.SaveAttempt(w.attempt(h.ID, k, at.Add(time.Duration(i)*10*time.Minute))); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkClean(t, s)
	file, data, logical, ratio := fileRatio(t, path)
	t.Logf("600 answers saved one by one: file %d bytes, records %d bytes stored (%.2fx), %d bytes as JSON (%.2fx)",
		file, data, ratio, logical, float64(file)/float64(logical))
	if json := float64(file) / float64(logical); json > 1.3 {
		t.Errorf("the file is %.2fx its records' JSON, want 1.3x at most", json)
	}
}
