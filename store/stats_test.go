package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// zone is the fixed zone of the stats fixture: five hours behind UTC, so
// that an evening's attempts fall on the next day in UTC.
var zone = time.FixedZone("UTC-5", -5*3600)

func local(day, hour, minute, sec int) time.Time {
	return time.Date(2025, 3, day, hour, minute, sec, 0, zone)
}

// played is one attempt of the fixture: seconds per phase, then the overall
// rating (0: unrated); skip skips it during the first phase.
type played struct {
	question string
	seconds  []int
	overall  int
	skip     bool
}

// fixtureSession is a session of the fixture, its attempts played one
// after the other from its start.
type fixtureSession struct {
	started  time.Time
	attempts []played
}

// The stats fixture: three sessions over three days (1 to 3 March, in
// zone). complex-technical-problem is [debugging, architecture],
// production-debugging [debugging], error-handling [languages, debugging]
// (technical: the explain frame), learning-new-technology [growth]; the
// behavioural ones use star.
var fixture = []fixtureSession{
	{ // A: 3 March 21:00 (4 March 02:00 UTC)
		started: local(3, 21, 0, 0),
		attempts: []played{
			{question: "complex-technical-problem", seconds: []int{40, 20, 100, 40}, overall: 4}, // ends 21:03:20
			{question: "production-debugging", seconds: []int{20, 10, 60, 30}, overall: 2},       // ends 21:05:20
		},
	},
	{ // B: 4 March 23:50; its last attempt ends after midnight
		started: local(4, 23, 50, 0),
		attempts: []played{
			{question: "production-debugging", seconds: []int{30, 30, 30, 30}, overall: 3},     // ends 23:52:00
			{question: "error-handling", seconds: []int{60, 60, 60, 60}},                       // unrated, ends 23:56:00
			{question: "learning-new-technology", seconds: []int{80, 40, 200, 80}, overall: 5}, // ends 5 March 00:02:40
		},
	},
	{ // C: 5 March 10:00
		started: local(5, 10, 0, 0),
		attempts: []played{
			{question: "complex-technical-problem", seconds: []int{10, 10, 10, 10}, overall: 5}, // ends 10:00:40
			{question: "learning-new-technology", seconds: []int{15}, skip: true},               // skipped at 10:00:55
		},
	},
}

// play plays attempt i of ps through with the clock.
func play(t testing.TB, ps *practice.Session, i int, clk *fakeClock, p played) practice.Attempt {
	t.Helper()
	a := ps.Attempt(i)
	a.Start()
	for _, sec := range p.seconds {
		clk.Advance(time.Duration(sec) * time.Second)
		if p.skip {
			a.Skip()
			return a.Snapshot()
		}
		a.Next()
	}
	a.Finish()
	if p.overall > 0 {
		if err := a.RateOverall(p.overall); err != nil {
			t.Fatal(err)
		}
	}
	return a.Snapshot()
}

// writeFixture saves the fixture's sessions and attempts; it returns the
// session headers and the saved attempts, session by session.
func writeFixture(t testing.TB, s *store.Store, sessions []fixtureSession) ([]*store.Session, [][]store.Attempt) {
	t.Helper()
	var (
		headers []*store.Session
		saved   [][]store.Attempt
	)
	for _, fs := range sessions {
		clk := &fakeClock{now: fs.started}
		var ids []string
		for _, p := range fs.attempts {
			ids = append(ids, p.question)
		}
		ps, err := practice.RestoreSession(testBank(t), practice.Settings{Count: len(ids)}, fs.started, ids, clk.Now)
		if err != nil {
			t.Fatal(err)
		}
		h := store.NewSession(ps)
		if err := s.CreateSession(h); err != nil {
			t.Fatal(err)
		}
		var attempts []store.Attempt
		for i, p := range fs.attempts {
			a := store.Attempt{SessionID: h.ID, Index: i, Attempt: play(t, ps, i, clk, p)}
			if err := s.SaveAttempt(&a); err != nil {
				t.Fatal(err)
			}
			attempts = append(attempts, a)
		}
		headers, saved = append(headers, h), append(saved, attempts)
	}
	return headers, saved
}

func day(d int) time.Time { return local(d, 0, 0, 0) }

func TestStats(t *testing.T) {
	s := openStore(t, dbPath(t))
	store.SetLocation(s, zone)
	if ov, err := s.Stats("", local(5, 12, 0, 0)); err != nil || len(ov.Topics) != 0 || ov.Attempts != 0 || ov.Streak != 0 || !ov.First.IsZero() {
		t.Fatalf("empty store: %+v, %v", ov, err)
	}
	writeFixture(t, s, fixture)
	checkClean(t, s)

	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	star := func(topicSecs ...int) []store.PhaseShare {
		total := 0
		for _, n := range topicSecs {
			total += n
		}
		var out []store.PhaseShare
		for i, name := range []string{"situation", "task", "action", "result"} {
			out = append(out, store.PhaseShare{Frame: "star", Phase: name, Spent: sec(topicSecs[i]), Share: float64(topicSecs[i]) / float64(total)})
		}
		return out
	}
	explainQuarters := []store.PhaseShare{
		{Frame: "explain", Phase: "define", Spent: sec(60), Share: 0.25},
		{Frame: "explain", Phase: "mechanism", Spent: sec(60), Share: 0.25},
		{Frame: "explain", Phase: "example", Spent: sec(60), Share: 0.25},
		{Frame: "explain", Phase: "tradeoffs", Spent: sec(60), Share: 0.25},
	}
	// Worked out by hand from the fixture.
	want := map[string]store.TopicStats{
		"architecture": { // A0 (4), C0 (5)
			Topic: "architecture", Attempts: 2, Rated: 2, AvgOverall: 4.5,
			Trend: []store.DayRating{
				{Day: day(3), Attempts: 1, Rated: 1, AvgOverall: 4},
				{Day: day(5), Attempts: 1, Rated: 1, AvgOverall: 5},
			},
			Phases: star(40+10, 20+10, 100+10, 40+10),
			Last:   local(5, 10, 0, 40),
		},
		"debugging": { // A0 (4), A1 (2), B0 (3), B1 (unrated), C0 (5)
			Topic: "debugging", Attempts: 5, Rated: 4, AvgOverall: 3.5,
			Trend: []store.DayRating{
				{Day: day(3), Attempts: 2, Rated: 2, AvgOverall: 3},
				{Day: day(4), Attempts: 2, Rated: 1, AvgOverall: 3},
				{Day: day(5), Attempts: 1, Rated: 1, AvgOverall: 5},
			},
			Phases: append(slices.Clone(explainQuarters), star(40+20+30+10, 20+10+30+10, 100+60+30+10, 40+30+30+10)...),
			Last:   local(5, 10, 0, 40),
		},
		"growth": { // B2 (5); C1 was skipped
			Topic: "growth", Attempts: 1, Rated: 1, AvgOverall: 5,
			Trend:  []store.DayRating{{Day: day(5), Attempts: 1, Rated: 1, AvgOverall: 5}},
			Phases: star(80, 40, 200, 80), // situation 80s of 400s = 0.2
			Last:   local(5, 0, 2, 40),
		},
		"languages": { // B1, unrated
			Topic: "languages", Attempts: 1, Rated: 0, AvgOverall: 0,
			Trend:  []store.DayRating{{Day: day(4), Attempts: 1, Rated: 0, AvgOverall: 0}},
			Phases: explainQuarters,
			Last:   local(4, 23, 56, 0),
		},
	}
	if p := want["growth"].Phases[0]; p.Phase != "situation" || p.Share != 0.2 || want["growth"].Phases[2].Share != 0.5 {
		t.Fatalf("fixture arithmetic: %+v", want["growth"].Phases)
	}

	ov, err := s.Stats("", local(5, 15, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var topics []string
	for _, ts := range ov.Topics {
		topics = append(topics, ts.Topic)
		if w, ok := want[ts.Topic]; !ok {
			t.Errorf("unexpected topic %s", ts.Topic)
		} else {
			checkTopic(t, ts, w)
		}
	}
	if !slices.Equal(topics, []string{"architecture", "debugging", "growth", "languages"}) {
		t.Errorf("topics %v", topics)
	}
	// Six answered attempts (C1 is skipped), five rated: 4+2+3+5+5 = 19.
	if ov.Attempts != 6 || ov.Rated != 5 || ov.AvgOverall != 3.8 || ov.DaysPractised != 3 {
		t.Errorf("totals: %d attempts, %d rated, average %v, %d days; want 6, 5, 3.8, 3", ov.Attempts, ov.Rated, ov.AvgOverall, ov.DaysPractised)
	}
	if !ov.First.Equal(local(3, 21, 3, 20)) || !ov.Last.Equal(local(5, 10, 0, 40)) || ov.First.Location() != zone {
		t.Errorf("first %v, last %v", ov.First, ov.Last)
	}

	for _, c := range []struct {
		name string
		now  time.Time
		want int
	}{
		{"on the last day", local(5, 15, 0, 0), 3},
		{"on the last day, after midnight UTC", local(5, 21, 0, 0), 3},
		{"the day after", local(6, 9, 0, 0), 3},
		{"the day after, in UTC", time.Date(2025, 3, 7, 4, 0, 0, 0, time.UTC), 3}, // 6 March 23:00 in zone
		{"two days after", local(7, 9, 0, 0), 0},
		{"before the first day", local(2, 9, 0, 0), 0},
		{"on the middle day", local(4, 9, 0, 0), 2},
	} {
		ov, err := s.Stats("", c.now)
		if err != nil {
			t.Fatal(err)
		}
		if ov.Streak != c.want {
			t.Errorf("%s: streak %d, want %d", c.name, ov.Streak, c.want)
		}
	}

	// One topic: its own totals, days and streak.
	ov, err = s.Stats("growth", local(6, 9, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Topics) != 1 || ov.Attempts != 1 || ov.Rated != 1 || ov.AvgOverall != 5 || ov.DaysPractised != 1 || ov.Streak != 1 ||
		!ov.First.Equal(local(5, 0, 2, 40)) || !ov.Last.Equal(local(5, 0, 2, 40)) {
		t.Errorf("growth: %+v", ov)
	} else {
		checkTopic(t, ov.Topics[0], want["growth"])
	}
	ov, err = s.Stats("debugging", local(5, 9, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Topics) != 1 || ov.Attempts != 5 || ov.Rated != 4 || ov.AvgOverall != 3.5 || ov.DaysPractised != 3 || ov.Streak != 3 {
		t.Errorf("debugging: %+v", ov)
	}
	if ov, err := s.Stats("databases", local(5, 9, 0, 0)); err != nil || len(ov.Topics) != 0 || ov.Attempts != 0 || ov.DaysPractised != 0 {
		t.Errorf("a topic never practised: %+v, %v", ov, err)
	}
	if _, err := s.Stats("a\x00b", time.Now()); err == nil {
		t.Error("topic with NUL: no error")
	}
}

func checkTopic(t *testing.T, got, want store.TopicStats) {
	t.Helper()
	if got.Topic != want.Topic || got.Attempts != want.Attempts || got.Rated != want.Rated || got.AvgOverall != want.AvgOverall || !got.Last.Equal(want.Last) {
		t.Errorf("%s: %d attempts, %d rated, average %v, last %v; want %d, %d, %v, %v",
			want.Topic, got.Attempts, got.Rated, got.AvgOverall, got.Last, want.Attempts, want.Rated, want.AvgOverall, want.Last)
	}
	if !slices.EqualFunc(got.Trend, want.Trend, func(a, b store.DayRating) bool {
		return a.Day.Equal(b.Day) && a.Day.Location() == b.Day.Location() && a.Attempts == b.Attempts && a.Rated == b.Rated && a.AvgOverall == b.AvgOverall
	}) {
		t.Errorf("%s trend:\n got %+v\nwant %+v", want.Topic, got.Trend, want.Trend)
	}
	if !slices.Equal(got.Phases, want.Phases) {
		t.Errorf("%s phases:\n got %+v\nwant %+v", want.Topic, got.Phases, want.Phases)
	}
}

// TestStatsTrendWindow: the trend holds the last 30 days with practice,
// oldest first, and no other topic's days.
func TestStatsTrendWindow(t *testing.T) {
	s := openStore(t, dbPath(t))
	store.SetLocation(s, zone)
	var sessions []fixtureSession
	for i := range 40 { // every other day from 1 January
		sessions = append(sessions, fixtureSession{
			started:  time.Date(2025, 1, 1+2*i, 9, 0, 0, 0, zone),
			attempts: []played{{question: "production-debugging", seconds: []int{10, 10, 10, 10}, overall: 1 + i%5}},
		})
	}
	sessions = append(sessions, fixtureSession{ // debugging and languages, later
		started:  time.Date(2025, 6, 1, 9, 0, 0, 0, zone),
		attempts: []played{{question: "error-handling", seconds: []int{10, 10, 10, 10}, overall: 2}},
	})
	writeFixture(t, s, sessions)
	checkClean(t, s)
	ov, err := s.Stats("", time.Date(2025, 6, 1, 12, 0, 0, 0, zone))
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.Topics) != 2 || ov.DaysPractised != 41 || ov.Streak != 1 {
		t.Fatalf("%d topics, %d days, streak %d", len(ov.Topics), ov.DaysPractised, ov.Streak)
	}
	debugging, languages := ov.Topics[0], ov.Topics[1]
	if len(debugging.Trend) != 30 || len(languages.Trend) != 1 {
		t.Fatalf("trend lengths %d, %d; want 30, 1", len(debugging.Trend), len(languages.Trend))
	}
	for j, d := range debugging.Trend[:29] {
		i := 40 - 29 + j // the 29 latest of the 40 days, then 1 June
		if !d.Day.Equal(time.Date(2025, 1, 1+2*i, 0, 0, 0, 0, zone)) || d.Attempts != 1 || d.AvgOverall != float64(1+i%5) {
			t.Errorf("trend[%d] = %+v, want day %d", j, d, i)
		}
	}
	if last := debugging.Trend[29]; !last.Day.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, zone)) || last.AvgOverall != 2 {
		t.Errorf("last trend point %+v", last)
	}
}
