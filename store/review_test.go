package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/bank"
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

func TestSummary(t *testing.T) {
	s := openStore(t, dbPath(t))
	store.SetLocation(s, zone)
	headers, _ := writeFixture(t, s, fixture)
	checkClean(t, s)
	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	// By hand: a behavioural answer's target is 3 minutes, a technical one's 4.
	want := []struct {
		answered, skipped, rated int
		avg                      float64
		spent, target            time.Duration
	}{
		{2, 0, 2, 3, sec(200 + 120), sec(180 + 180)},
		{3, 0, 2, 4, sec(120 + 240 + 400), sec(180 + 240 + 180)},
		{1, 1, 1, 5, sec(40 + 15), sec(180 + 180)},
	}
	for i, h := range headers {
		got, err := summaryOf(s, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		w := want[i]
		if got.ID != h.ID || !got.Started.Equal(h.Started) || !slices.Equal(got.Topics, h.Topics) ||
			got.Answered != w.answered || got.Skipped != w.skipped || got.Rated != w.rated || got.AvgOverall != w.avg ||
			got.Spent != w.spent || got.Target != w.target {
			t.Errorf("session %d: %+v\nwant %+v", h.ID, got, w)
		}
	}
	if _, err := summaryOf(s, 99); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "99") {
		t.Errorf("Summary(99) = %v, want ErrNotFound", err)
	}
	// A session with nothing saved yet.
	h := &store.Session{Started: local(6, 9, 0, 0), Topics: []string{"apis"}, Questions: []string{"x"}}
	if err := s.CreateSession(h); err != nil {
		t.Fatal(err)
	}
	if got, err := summaryOf(s, h.ID); err != nil || got.Answered+got.Skipped+got.Rated != 0 || got.Spent != 0 || got.AvgOverall != 0 {
		t.Errorf("empty session: %+v, %v", got, err)
	}
	checkClean(t, s)
}

// TestResave saves attempts again: with new ratings, as skipped, with an
// earlier time, with another question; every aggregate follows (the check
// recounts them) and nothing is counted twice.
func TestResave(t *testing.T) {
	s := openStore(t, dbPath(t))
	store.SetLocation(s, zone)
	headers, saved := writeFixture(t, s, fixture)
	checkClean(t, s)
	a, c := headers[0], headers[2]

	resave := func(what string, rec store.Attempt) {
		t.Helper()
		if err := s.SaveAttempt(&rec); err != nil {
			t.Fatal(err)
		}
		if err := s.CheckIndexes(); err != nil {
			t.Fatalf("after %s: %v", what, err)
		}
	}
	// A1 rated 4 instead of 2: debugging has 4+4+3+5 over 4 rated.
	a1 := saved[0][1]
	a1.Rating.Overall = 4
	resave("a new rating", a1)
	ov, err := s.Stats("debugging", local(5, 12, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Attempts != 5 || ov.Rated != 4 || ov.AvgOverall != 4 {
		t.Errorf("after rating again: %+v", ov)
	}
	attempts, err := s.QuestionAttempts("production-debugging")
	if err != nil {
		t.Fatal(err)
	}
	if len(attempts) != 2 || attempts[0].Rating.Overall != 4 || attempts[0].SessionID != a.ID {
		t.Errorf("QuestionAttempts after saving again: %d attempts, first rated %d", len(attempts), attempts[0].Rating.Overall)
	}

	// C0, the last attempt of architecture and debugging, moved earlier:
	// their Last comes from the other attempts again.
	c0 := saved[2][0]
	c0.Finished = local(3, 22, 0, 0)
	resave("an earlier finish", c0)
	ov, err = s.Stats("", local(5, 12, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, ts := range ov.Topics {
		switch ts.Topic {
		case "architecture":
			if !ts.Last.Equal(local(3, 22, 0, 0)) || len(ts.Trend) != 1 || ts.Trend[0].Attempts != 2 {
				t.Errorf("architecture after moving C0: last %v, trend %+v", ts.Last, ts.Trend)
			}
		case "debugging":
			if !ts.Last.Equal(local(4, 23, 56, 0)) {
				t.Errorf("debugging after moving C0: last %v", ts.Last)
			}
		}
	}
	// C0 skipped: architecture is A0 alone; C's figures count it skipped.
	c0.Skipped = true
	resave("a skip", c0)
	if sum, err := summaryOf(s, c.ID); err != nil || sum.Answered != 0 || sum.Skipped != 2 || sum.Rated != 0 {
		t.Errorf("C after skipping C0: %+v, %v", sum, err)
	}
	// C0 replaced by an answer to error-handling: architecture loses it,
	// languages gains it.
	other := saved[1][1]
	other.SessionID, other.Index = c.ID, 0
	resave("another question", other)
	if got, err := s.QuestionAttempts("complex-technical-problem"); err != nil || len(got) != 1 || got[0].SessionID != a.ID {
		t.Errorf("complex-technical-problem after replacing C0: %d attempts, %v", len(got), err)
	}
	if got, err := s.QuestionAttempts("error-handling"); err != nil || len(got) != 2 || got[0].SessionID != headers[1].ID || got[1].SessionID != c.ID {
		t.Errorf("error-handling after replacing C0: %d attempts, %v", len(got), err)
	}
	ov, err = s.Stats("languages", local(5, 12, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Attempts != 2 || len(ov.Topics) != 1 || ov.Topics[0].Attempts != 2 {
		t.Errorf("languages after replacing C0: %+v", ov)
	}
	// The only attempt of a topic skipped: the topic goes.
	b2 := saved[1][2]
	b2.Skipped = true
	resave("the only answer of growth skipped", b2)
	if ov, err := s.Stats("growth", local(5, 12, 0, 0)); err != nil || len(ov.Topics) != 0 || ov.DaysPractised != 0 {
		t.Errorf("growth with no answers: %+v, %v", ov, err)
	}
	checkClean(t, s)
}

func TestQuestionAttempts(t *testing.T) {
	s := openStore(t, dbPath(t))
	store.SetLocation(s, zone)
	// Sessions whose start order differs from their creation order.
	sessions := []fixtureSession{
		{started: local(9, 9, 0, 0), attempts: []played{{question: "hardest-bug", seconds: []int{1, 2, 3, 4}, overall: 3}}},
		{started: local(2, 9, 0, 0), attempts: []played{
			{question: "production-debugging", seconds: []int{1, 1, 1, 1}},
			{question: "hardest-bug", seconds: []int{5, 5, 5, 5}, overall: 1},
		}},
		{started: local(5, 9, 0, 0), attempts: []played{{question: "hardest-bug", seconds: []int{9}, skip: true}}},
	}
	headers, _ := writeFixture(t, s, sessions)
	got, err := s.QuestionAttempts("hardest-bug")
	if err != nil {
		t.Fatal(err)
	}
	var order []uint64
	for _, a := range got {
		if a.Question.ID != "hardest-bug" {
			t.Errorf("attempt of %s", a.Question.ID)
		}
		order = append(order, a.SessionID)
	}
	if want := []uint64{headers[1].ID, headers[2].ID, headers[0].ID}; !slices.Equal(order, want) {
		t.Errorf("sessions of the attempts %v, want %v (oldest first)", order, want)
	}
	if got[0].Index != 1 || got[0].Rating.Overall != 1 || !got[1].Skipped {
		t.Errorf("attempts: %+v", got[:2])
	}
	// Saved again: still one attempt per slot.
	again := got[0]
	again.Rating.NextTime = "slower"
	if err := s.SaveAttempt(&again); err != nil {
		t.Fatal(err)
	}
	if got, err = s.QuestionAttempts("hardest-bug"); err != nil || len(got) != 3 || got[0].Rating.NextTime != "slower" {
		t.Errorf("after saving again: %d attempts, %v", len(got), err)
	}
	// "hardest-bug" must not match a question whose id starts with it.
	if got, err := s.QuestionAttempts("hardest"); err != nil || len(got) != 0 {
		t.Errorf("prefix of an id: %d attempts, %v", len(got), err)
	}
	for _, id := range []string{"", "a\x00"} {
		if _, err := s.QuestionAttempts(id); err == nil {
			t.Errorf("QuestionAttempts(%q): no error", id)
		}
	}
	checkClean(t, s)
}

// pagingStore makes 250 sessions of three questions over 100 start times,
// not in order; every 25th has its attempts saved. It returns the headers
// by id.
func pagingStore(t *testing.T) (*store.Store, map[uint64]*store.Session, map[uint64]*practice.Session) {
	s := openStore(t, dbPath(t))
	base := newClock().Now()
	headers := map[uint64]*store.Session{}
	practices := map[uint64]*practice.Session{}
	for i := range 250 {
		clk := &fakeClock{now: base.Add(time.Duration(i*7919%100) * time.Minute)}
		ps := newPractice(t, clk, uint64(i))
		h := store.NewSession(ps)
		if err := s.CreateSession(h); err != nil {
			t.Fatal(err)
		}
		if i%25 == 0 {
			for j := range ps.Questions {
				if err := s.SaveAttempt(&store.Attempt{SessionID: h.ID, Index: j, Attempt: answer(t, ps, j, clk)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		headers[h.ID], practices[h.ID] = h, ps
	}
	checkClean(t, s)
	return s, headers, practices
}

func TestSummariesPaging(t *testing.T) {
	s, headers, practices := pagingStore(t)
	var all []*store.Session
	for _, h := range headers {
		all = append(all, h)
	}
	slices.SortFunc(all, func(a, b *store.Session) int {
		if c := b.Started.Compare(a.Started); c != 0 {
			return c
		}
		return int(b.ID) - int(a.ID)
	})
	topicCount := map[string]int{}
	for _, h := range all {
		for _, tp := range h.Topics {
			topicCount[tp]++
		}
	}
	if len(topicCount) < 5 {
		t.Fatalf("only %d topics drawn", len(topicCount))
	}

	for _, topic := range []string{"", "databases", "growth", "web"} {
		var want []uint64
		for _, h := range all {
			if topic == "" || slices.Contains(h.Topics, topic) {
				want = append(want, h.ID)
			}
		}
		if len(want) == 0 {
			t.Fatalf("no session of %q", topic)
		}
		for _, limit := range []int{1, 7, 20, 250, 1000} {
			t.Run(fmt.Sprintf("topic=%s/limit=%d", topic, limit), func(t *testing.T) {
				var got []uint64
				var cursors [][]byte
				var cursor []byte
				for pages := 0; ; pages++ {
					if pages > len(all) {
						t.Fatal("paging does not end")
					}
					page, next, err := s.Summaries(topic, cursor, limit)
					if err != nil {
						t.Fatal(err)
					}
					if len(page) == 0 || len(page) > limit || (next != nil && len(page) != limit) {
						t.Fatalf("page %d: %d sessions, next %x", pages, len(page), next)
					}
					for _, sum := range page {
						if topic != "" && !slices.Contains(sum.Topics, topic) {
							t.Errorf("session %d of topics %v in the pages of %s", sum.ID, sum.Topics, topic)
						}
						h := headers[sum.ID]
						if h == nil || !sum.Started.Equal(h.Started) || !slices.Equal(sum.Questions, h.Questions) {
							t.Errorf("summary %d does not match its session", sum.ID)
						}
						got = append(got, sum.ID)
					}
					if next == nil {
						break
					}
					if len(next) != 16 {
						t.Fatalf("cursor %x is not a session key", next)
					}
					cursors, cursor = append(cursors, next), next
				}
				if !slices.Equal(got, want) { // stable order, no gaps, no repeats
					t.Fatalf("paged ids:\n got %v\nwant %v", got, want)
				}
				if (len(want)+limit-1)/limit != len(cursors)+1 {
					t.Errorf("%d pages for %d sessions of %d", len(cursors)+1, len(want), limit)
				}
				for i, c := range cursors { // a cursor gives the same page again
					page, _, err := s.Summaries(topic, c, limit)
					if err != nil || page[0].ID != want[(i+1)*limit] {
						t.Errorf("page after cursor %d: %v, %v", i, page, err)
					}
				}
			})
		}
	}

	// The figures of the sessions with attempts, worked out by hand from
	// answer: phases of 20+30+40+50 and 21+31+41+51 seconds rated 4, and a
	// third skipped after 22 seconds.
	checked := 0
	page, _, err := s.Summaries("", nil, 250)
	if err != nil {
		t.Fatal(err)
	}
	for _, sum := range page {
		ps := practices[sum.ID]
		if (sum.ID-1)%25 != 0 {
			if sum.Answered+sum.Skipped+sum.Rated != 0 || sum.Spent != 0 || sum.Target != 0 || sum.AvgOverall != 0 {
				t.Errorf("session %d has no attempts: %+v", sum.ID, sum)
			}
			continue
		}
		var target time.Duration
		for _, q := range ps.Questions {
			target += map[bank.Kind]time.Duration{"behavioral": 3 * time.Minute, "technical": 4 * time.Minute}[q.Kind]
		}
		if sum.Answered != 2 || sum.Skipped != 1 || sum.Rated != 2 || sum.AvgOverall != 4 || sum.Spent != 306*time.Second || sum.Target != target {
			t.Errorf("session %d: %+v; want 2 answered, 1 skipped, 2 rated, average 4, 306s of %v", sum.ID, sum, target)
		}
		checked++
	}
	if checked != 10 {
		t.Errorf("checked %d sessions with attempts, want 10", checked)
	}

	if page, next, err := s.Summaries("no-such-topic", nil, 10); page != nil || next != nil || err != nil {
		t.Errorf("unknown topic: %v, %x, %v", page, next, err)
	}
	for name, call := range map[string]func() error{
		"limit 0":    func() error { _, _, err := s.Summaries("", nil, 0); return err },
		"bad cursor": func() error { _, _, err := s.Summaries("", []byte("short"), 10); return err },
		"NUL topic":  func() error { _, _, err := s.Summaries("a\x00", nil, 10); return err },
	} {
		if call() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// A cursor past every key pages from the newest; one before every key gives nothing.
	topic := all[0].Topics[0]
	if page, _, err := s.Summaries(topic, bytes.Repeat([]byte{0xff}, 16), 1); err != nil || len(page) != 1 || page[0].ID != all[0].ID {
		t.Errorf("cursor after all: %v, %v", page, err)
	}
	if page, next, err := s.Summaries(topic, make([]byte, 16), 1); err != nil || page != nil || next != nil {
		t.Errorf("cursor before all: %v, %x, %v", page, next, err)
	}
}

func TestEach(t *testing.T) {
	s, headers, _ := pagingStore(t)
	var visited []uint64
	err := s.Each(func(sess store.SessionSummary, attempts []store.Attempt) error {
		h := headers[sess.ID]
		if h == nil || !sess.Started.Equal(h.Started) || !slices.Equal(sess.Questions, h.Questions) {
			t.Errorf("session %d does not match its header", sess.ID)
		}
		wantN := 0
		if (sess.ID-1)%25 == 0 {
			wantN = 3
		}
		if len(attempts) != wantN {
			t.Errorf("session %d: %d attempts, want %d", sess.ID, len(attempts), wantN)
		}
		for i, a := range attempts {
			if a.SessionID != sess.ID || a.Index != i || a.Question.ID != sess.Questions[i] {
				t.Errorf("session %d attempt %d: %d/%d of %s", sess.ID, i, a.SessionID, a.Index, a.Question.ID)
			}
		}
		// fn runs outside the store's transactions: it may use the store.
		if _, err := summaryOf(s, sess.ID); err != nil {
			return err
		}
		visited = append(visited, sess.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(visited) != len(headers) {
		t.Fatalf("visited %d sessions of %d", len(visited), len(headers))
	}
	seen := map[uint64]bool{}
	for i, id := range visited {
		if seen[id] {
			t.Errorf("session %d visited twice", id)
		}
		seen[id] = true
		if i > 0 {
			prev, cur := headers[visited[i-1]], headers[id]
			if cur.Started.Before(prev.Started) || (cur.Started.Equal(prev.Started) && cur.ID < prev.ID) {
				t.Errorf("session %d visited after %d: not oldest first", id, prev.ID)
			}
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := s.Each(func(store.SessionSummary, []store.Attempt) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Each with fn failing: %v after %d calls", err, n)
	}
	empty := openStore(t, dbPath(t))
	if err := empty.Each(func(store.SessionSummary, []store.Attempt) error { return stop }); err != nil {
		t.Errorf("Each on an empty store: %v", err)
	}
}

// TestCheckFindsBadAggregates tampers with each aggregate bucket in turn:
// the check notices.
func TestCheckFindsBadAggregates(t *testing.T) {
	src := dbPath(t)
	s := openStore(t, src)
	writeFixture(t, s, fixture)
	checkClean(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bucket := range []string{"sessions_by_topic", "session_stats", "topic_stats", "topic_days", "days"} {
		for _, how := range []string{"delete", "change", "add"} {
			t.Run(bucket+"/"+how, func(t *testing.T) {
				path := dbPath(t)
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
				rawUpdate(t, path, func(tx *bbolt.Tx) error {
					b := tx.Bucket([]byte(bucket))
					k, v := b.Cursor().Last()
					switch how {
					case "delete":
						return b.Delete(k)
					case "change":
						if len(v) == 0 {
							return b.Put(k, []byte("x"))
						}
						return b.Put(k, bytes.Replace(v, []byte(`":1`), []byte(`":2`), 1))
					}
					return b.Put(append(bytes.Clone(k), '0'), v)
				})
				s := openStore(t, path)
				if err := s.CheckIndexes(); err == nil {
					t.Error("the check missed it")
				}
			})
		}
	}
}

// rawUpdate runs fn in a bbolt transaction on the file at path.
func rawUpdate(t *testing.T, path string, fn func(*bbolt.Tx) error) {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// rawBuckets reads the named buckets of the file at path.
func rawBuckets(t *testing.T, path string, names ...string) map[string]map[string]string {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]map[string]string{}
	err = db.View(func(tx *bbolt.Tx) error {
		for _, name := range names {
			b := tx.Bucket([]byte(name))
			if b == nil {
				continue
			}
			out[name] = map[string]string{}
			if err := b.ForEach(func(k, v []byte) error { out[name][string(k)] = string(v); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var aggregateBuckets = []string{"sessions_by_topic", "session_stats", "topic_stats", "topic_days", "days"}

// derivedBuckets are computed from the sessions and attempts: the
// aggregates of schema 2 and the schedule of schema 3.
var derivedBuckets = append(slices.Clone(aggregateBuckets), "questions")

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

// TestLostAggregates: a file that lost a bucket is refused, left as it
// is, and `rehearse doctor --repair` is named.
func TestLostAggregates(t *testing.T) {
	path := dbPath(t)
	s := openStore(t, path)
	writeFixture(t, s, fixture)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, func(tx *bbolt.Tx) error { return tx.DeleteBucket([]byte("topic_days")) })
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []store.Options{{}, {Session: true, Create: true}} {
		s, err := store.Open(path, opts)
		if err == nil {
			s.Close()
			t.Fatal("a file without topic_days opened")
		}
		if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), "topic_days") || !strings.Contains(err.Error(), "doctor --repair") {
			t.Errorf("err = %v", err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Error("the file changed")
	}
}

func TestCreateSessionRejectsTopics(t *testing.T) {
	s := openStore(t, dbPath(t))
	for _, topics := range [][]string{{""}, {"a\x00b"}} {
		if err := s.CreateSession(&store.Session{Started: time.Now(), Topics: topics}); err == nil {
			t.Errorf("topics %q: saved", topics)
		}
	}
	if page, _, err := s.Summaries("", nil, 10); err != nil || len(page) != 0 {
		t.Errorf("after rejected sessions: %v, %v", page, err)
	}
	checkClean(t, s)
}
