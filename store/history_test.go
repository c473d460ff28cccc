package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

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
