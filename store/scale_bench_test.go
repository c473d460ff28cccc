package store_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// The scale benchmarks read generated databases of n sessions of five
// attempts each. A database is generated once and kept in os.TempDir()
// under a name with its size and benchVersion; change benchVersion when the
// generator or the layout changes. Run them with
//
//	go test -run xxx -bench . -benchtime 200x ./store/
const benchVersion = "3"

// benchAttempts is the number of attempts per generated session.
const benchAttempts = 5

// benchSpan is the time the generated sessions are spread over.
const benchSpan = 3 * 365 * 24 * time.Hour

// benchEnd is when the last generated session starts.
var benchEnd = time.Date(2025, 6, 30, 18, 0, 0, 0, time.UTC)

// benchPath returns the generated database of n sessions, making it if it
// is not there yet.
func benchPath(b *testing.B, n int) string {
	b.Helper()
	name := fmt.Sprintf("rehearse-bench-%d-sessions-%d-attempts-schema-%d-v%s.db", n, n*benchAttempts, store.SchemaVersion, benchVersion)
	path := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(path); err == nil {
		return path
	} else if !errors.Is(err, fs.ErrNotExist) {
		b.Fatal(err)
	}
	tmp := path + ".partial"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.Fatal(err)
	}
	start := time.Now()
	size := generate(b, tmp, n)
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	// The stamp that says the file was checked goes with it: a new file
	// of 2 GB would otherwise be checked page by page on its first open.
	if err := os.Rename(tmp+".checked", path+".checked"); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s in %v: %d sessions, %d attempts of %d bytes of JSON on average, %d MB",
		path, time.Since(start).Round(time.Millisecond), n, n*benchAttempts, size, fi.Size()>>20)
	runtime.GC() // the generator's garbage is not the benchmark's
	return path
}

// templates plays sessions of the real bank through the practice code
// once: the attempts the generator copies.
func templates(b testing.TB) []practice.Attempt {
	clk := newClock()
	var out []practice.Attempt
	for seed := range uint64(40) {
		ps, err := practice.NewSession(testBank(b), practice.Settings{Count: benchAttempts, Seed: seed, Followups: 2}, clk.Now)
		if err != nil {
			b.Fatal(err)
		}
		for i := range ps.Questions {
			a := ps.Attempt(i)
			a.Start()
			for s := range a.Steps {
				clk.Advance(time.Duration(20+7*s+i) * time.Second)
				a.SetNotes(fmt.Sprintf("%s: what I said, p99 from 2.4 s to 300 ms", a.Steps[s].Name))
				a.Next()
			}
			a.Finish()
			for p := range a.PhaseCount() {
				if err := a.RatePhase(p, 1+(i+p)%5); err != nil {
					b.Fatal(err)
				}
			}
			if err := a.RateOverall(3); err != nil {
				b.Fatal(err)
			}
			a.ToggleCovered(a.Question.Cover[0])
			a.Rating.NextTime = "lead with the result"
			out = append(out, a.Snapshot())
		}
	}
	return out
}

// generate writes n sessions of benchAttempts attempts to a new database
// at path, through the code of CreateSession and SaveAttempt, many
// sessions per transaction and without fsyncs. It returns the mean size
// of an attempt's JSON.
func generate(b *testing.B, path string, n int) int {
	s, err := store.Open(path, store.Options{Create: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	store.SetNoSync(s, true)
	pool := templates(b)
	insights := make([]insight.Insights, len(pool))
	for i := range pool {
		insights[i] = insight.Analyze(&pool[i], nil)
	}
	r := rand.New(rand.NewPCG(uint64(n), 42))
	step := benchSpan / time.Duration(n)
	first := benchEnd.Add(-benchSpan)
	var jsonBytes int
	const perTx = 1000
	for done := 0; done < n; done += perTx {
		err := store.Batch(s, func(create func(*store.Session) error, save func(*store.Attempt) error) error {
			for j := done; j < min(done+perTx, n); j++ {
				started := first.Add(time.Duration(j)*step + time.Duration(r.Int64N(int64(step/2))))
				var picks []practice.Attempt
				var picked []int
				for _, k := range r.Perm(len(pool))[:benchAttempts] {
					picks = append(picks, pool[k])
					picked = append(picked, k)
				}
				h := &store.Session{
					Started:  started,
					Settings: practice.Settings{Count: benchAttempts, Seed: uint64(j), Followups: 2},
				}
				for _, a := range picks {
					h.Questions = append(h.Questions, a.Question.ID)
					h.Topics = append(h.Topics, a.Question.Topics...)
				}
				slices.Sort(h.Topics)
				h.Topics = slices.Compact(h.Topics)
				if err := create(h); err != nil {
					return err
				}
				at := started
				for i, tpl := range picks {
					a := tpl
					a.Steps = slices.Clone(tpl.Steps)
					a.Rating.Phases = slices.Clone(tpl.Rating.Phases)
					a.Started = at
					for s := range a.Steps {
						a.Steps[s].Spent = time.Duration(float64(a.Steps[s].Spent) * (0.5 + r.Float64()))
						at = at.Add(a.Steps[s].Spent)
					}
					a.Finished = at
					switch x := r.IntN(20); {
					case x == 0: // one in twenty skipped
						a.Skipped = true
						a.Rating = practice.Rating{Phases: make([]int, len(tpl.Rating.Phases))}
					case x == 1: // one in twenty left unrated
						a.Rating.Overall = 0
					default:
						a.Rating.Overall = 1 + r.IntN(5)
					}
					rec := &store.Attempt{SessionID: h.ID, Index: i, Attempt: a, Saved: at, Insights: &insights[picked[i]]}
					if j == 0 {
						jsonBytes += store.RecordSize(rec)
					}
					if err := save(rec); err != nil {
						return err
					}
					at = at.Add(time.Duration(10+r.IntN(50)) * time.Second)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	store.SetNoSync(s, false)
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	return jsonBytes / benchAttempts
}

// openBench opens the generated database of n sessions for the benchmark.
func openBench(b *testing.B, n int) *store.Store {
	b.Helper()
	path := benchPath(b, n)
	s, err := store.Open(path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// benchTopic is the topic of the ByTopic benchmarks: one of the commonest.
const benchTopic = "debugging"

func benchFirstPage(b *testing.B, topic string) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			s := openBench(b, n)
			start := time.Now()
			page, _, err := s.Summaries(topic, nil, 20)
			if err != nil || len(page) != 20 {
				b.Fatalf("first page: %d sessions, %v", len(page), err)
			}
			if topic != "" && !slices.Contains(page[19].Topics, topic) {
				b.Fatalf("session %d of %v in the page of %s", page[19].ID, page[19].Topics, topic)
			}
			b.Logf("first call, file just opened: %v", time.Since(start))
			for b.Loop() {
				page, _, err := s.Summaries(topic, nil, 20)
				if err != nil || len(page) != 20 {
					b.Fatalf("first page: %d sessions, %v", len(page), err)
				}
			}
		})
	}
}

// BenchmarkHistoryFirstPage reads the first page of the history list.
func BenchmarkHistoryFirstPage(b *testing.B) { benchFirstPage(b, "") }

// BenchmarkHistoryFirstPageByTopic reads the first page of one topic's
// history.
func BenchmarkHistoryFirstPageByTopic(b *testing.B) { benchFirstPage(b, benchTopic) }

// BenchmarkStatsAllTopics computes the stats screen's figures.
func BenchmarkStatsAllTopics(b *testing.B) {
	b.Run("sessions=100000", func(b *testing.B) {
		s := openBench(b, 100_000)
		now := benchEnd.Add(2 * time.Hour)
		start := time.Now()
		ov, err := s.Stats("", now)
		if err != nil {
			b.Fatal(err)
		}
		if ov.Attempts < 400_000 || len(ov.Topics) < 10 || ov.DaysPractised < 1000 || ov.Streak < 1000 {
			b.Fatalf("stats: %d attempts, %d topics, %d days, streak %d", ov.Attempts, len(ov.Topics), ov.DaysPractised, ov.Streak)
		}
		var trend []string
		for _, t := range ov.Topics {
			trend = append(trend, fmt.Sprintf("%s %d", t.Topic, len(t.Trend)))
		}
		b.Logf("first call, file just opened: %v; %d answered attempts, %d topics, %d days practised, streak %d; trend points: %s",
			time.Since(start), ov.Attempts, len(ov.Topics), ov.DaysPractised, ov.Streak, strings.Join(trend, ", "))
		for b.Loop() {
			if _, err := s.Stats("", now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSmartDraw draws a smart session of five and lists `next`'s
// picks over the whole bank: the schedule is read (one record per
// question), then coach.Select orders the questions. The budget is 20 ms
// at 100,000 sessions.
func BenchmarkSmartDraw(b *testing.B) {
	bk := testBank(b)
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("sessions=%d", n), func(b *testing.B) {
			s := openBench(b, n)
			now := benchEnd.Add(24 * time.Hour)
			draw := func() []coach.Pick {
				states, err := s.States()
				if err != nil {
					b.Fatal(err)
				}
				plan, err := s.Plan()
				if err != nil {
					b.Fatal(err)
				}
				return coach.Select(bk.Select(bank.Filter{}), states, now, 5, coach.DaySeed(now), plan)
			}
			if picks := draw(); len(picks) != 5 {
				b.Fatalf("%d picks", len(picks))
			}
			for b.Loop() {
				picks := draw()
				if _, err := practice.NewSessionWith(bk, practice.Settings{Count: 5}, questionsOf(picks), func() time.Time { return now }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func questionsOf(picks []coach.Pick) []bank.Question {
	qs := make([]bank.Question, len(picks))
	for i, p := range picks {
		qs[i] = p.Question
	}
	return qs
}

// BenchmarkNextProcess runs the real binary, `rehearse next`, on the
// database of 100,000 sessions: start-up, the bank, the schedule and the
// output, as a user waits for them. The budget is 80 ms.
func BenchmarkNextProcess(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "rehearse")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/rehearse").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	path := benchPath(b, 100_000)
	run := func() {
		cmd := exec.Command(bin, "next", "--db", path)
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CONFIG_HOME="+b.TempDir())
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "rehearse practice -n 5") {
			b.Fatalf("rehearse next: %v\n%s", err, out)
		}
	}
	run()
	for b.Loop() {
		run()
	}
}
