package coach

import (
	"fmt"
	"slices"
	"testing"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"

	"github.com/rehearse-app/rehearse/bank"
)

var monday = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// questions makes n questions per topic, ids like "databases-2".
func questions(n int, topics ...string) []bank.Question {
	var qs []bank.Question
	for _, t := range topics {
		for i := range n {
			qs = append(qs, bank.Question{ID: fmt.Sprintf("%s-%d", t, i), Topics: []string{t}})
		}
	}
	return qs
}

// answered returns the state of a question answered with the given
// overall ratings, one a day, the last at when.
func answered(when time.Time, ratings ...int) State {
	st := State{Card: NewCard()}
	t := when.AddDate(0, 0, -(len(ratings) - 1))
	sum := 0
	for _, r := range ratings {
		g, ok := Grade(r, false)
		if ok {
			st.Card = Review(st.Card, g, t, time.Time{})
			st.Rated++
			sum += r
		}
		st.Attempts++
		st.Last = t
		t = t.AddDate(0, 0, 1)
	}
	st.AvgOverall = float64(sum) / float64(max(st.Rated, 1))
	return st
}

func ids(picks []Pick) []string {
	out := make([]string, len(picks))
	for i, p := range picks {
		out[i] = p.Question.ID
	}
	return out
}

func TestGrade(t *testing.T) {
	for _, c := range []struct {
		overall int
		skipped bool
		want    fsrs.Rating
		ok      bool
	}{
		{1, false, fsrs.Again, true}, {2, false, fsrs.Again, true}, {3, false, fsrs.Hard, true},
		{4, false, fsrs.Good, true}, {5, false, fsrs.Easy, true}, {0, true, fsrs.Again, true}, {0, false, 0, false},
	} {
		if g, ok := Grade(c.overall, c.skipped); g != c.want || ok != c.ok {
			t.Errorf("Grade(%d, %v) = %v, %v", c.overall, c.skipped, g, ok)
		}
	}
}

func TestReviewHasNoSameDayStepsAndACap(t *testing.T) {
	good := Review(NewCard(), fsrs.Good, monday, time.Time{})
	if !good.Due.After(monday.Add(24 * time.Hour)) {
		t.Errorf("a first good answer comes back %v, want days later", good.Due)
	}
	again := Review(good, fsrs.Again, good.Due, time.Time{})
	if again.Due.Sub(good.Due) != 24*time.Hour {
		t.Errorf("a lapse comes back after %v, want a day", again.Due.Sub(good.Due))
	}
	st := answered(monday, 5, 5, 5, 5, 5, 5, 5, 5)
	if gap := st.Card.Due.Sub(st.Last); gap > MaxIntervalDays*24*time.Hour {
		t.Errorf("interval %v is over the cap of %d days", gap, MaxIntervalDays)
	}
}

func TestUnseenFirstSpreadAcrossTopics(t *testing.T) {
	qs := questions(3, "apis", "databases", "security")
	picks := Select(qs, map[string]State{}, monday, 6, 1, nil)
	if len(picks) != 6 {
		t.Fatalf("%d picks", len(picks))
	}
	for i, p := range picks {
		if p.Reason.Why != WhyUnseen || p.Reason.Text(monday) != "unseen" {
			t.Errorf("pick %d: %+v", i, p.Reason)
		}
	}
	for round := range 2 {
		seen := map[string]bool{}
		for _, p := range picks[3*round : 3*round+3] {
			seen[p.Question.Topics[0]] = true
		}
		if len(seen) != 3 {
			t.Errorf("round %d of the draw is not spread across the topics: %v", round, ids(picks))
		}
	}
}

func TestDueFirstMostOverdue(t *testing.T) {
	qs := questions(4, "apis")
	states := map[string]State{
		"apis-0": answered(monday.AddDate(0, 0, -1), 4),  // due in days; not yet
		"apis-1": answered(monday.AddDate(0, 0, -20), 2), // a lapse long ago: overdue longest
		"apis-2": answered(monday.AddDate(0, 0, -2), 1),  // due since yesterday
	}
	picks := Select(qs, states, monday, 0, 1, nil)
	if got := ids(picks); !slices.Equal(got[:2], []string{"apis-1", "apis-2"}) || got[2] != "apis-3" {
		t.Errorf("order %v: want the due ones most overdue first, then the unseen one", got)
	}
	if picks[0].Reason.Why != WhyDue || picks[1].Reason.Text(monday) != "due since Sun" {
		t.Errorf("reasons %q, %q", picks[0].Reason.Text(monday), picks[1].Reason.Text(monday))
	}
	if picks[3].Question.ID != "apis-0" || picks[3].Reason.Why != WhyRest {
		t.Errorf("last pick %+v: the one not due, least recent", picks[3])
	}
}

func TestLeechAfterRepeatedLapses(t *testing.T) {
	st := answered(monday, 4, 2, 1, 2)
	if st.Card.Lapses < LeechLapses || !st.Leech() {
		t.Fatalf("after three lapses: %d lapses, leech %v", st.Card.Lapses, st.Leech())
	}
	picks := Select(questions(1, "apis"), map[string]State{"apis-0": st}, monday.AddDate(0, 0, 2), 1, 1, nil)
	if len(picks) != 1 || !picks[0].Reason.Leech() {
		t.Fatalf("picks %+v", picks)
	}
	if got := picks[0].Reason.Text(monday.AddDate(0, 0, 2)); got != "due since Tue; leech: 3 lapses" {
		t.Errorf("reason %q", got)
	}
	if answered(monday, 4, 4, 2).Leech() {
		t.Error("one lapse made a leech")
	}
}

func TestWeakThenLeastRecent(t *testing.T) {
	qs := questions(3, "apis")
	states := map[string]State{
		"apis-0": answered(monday, 5),
		"apis-1": answered(monday.Add(-time.Hour), 3), // weak
		"apis-2": answered(monday.Add(-2*time.Hour), 4),
	}
	picks := Select(qs, states, monday.Add(time.Hour), 0, 1, nil)
	if got := ids(picks); !slices.Equal(got, []string{"apis-1", "apis-2", "apis-0"}) {
		t.Errorf("order %v: the weak one, then least recent first", got)
	}
	if got := picks[0].Reason.Text(monday); got != "weak: 3.0 average" {
		t.Errorf("reason %q", got)
	}
}

// TestEverythingPractisedToday: with nothing due, unseen or weak, smart
// selection still draws, least recent first.
func TestEverythingPractisedToday(t *testing.T) {
	qs := questions(4, "apis")
	states := map[string]State{}
	for i, q := range qs {
		states[q.ID] = answered(monday.Add(time.Duration(4-i)*time.Minute), 5)
	}
	picks := Select(qs, states, monday.Add(time.Hour), 3, 1, nil)
	if got := ids(picks); !slices.Equal(got, []string{"apis-3", "apis-2", "apis-1"}) {
		t.Errorf("picks %v, want the least recent first", got)
	}
	if got := picks[0].Reason.Text(monday.Add(time.Hour)); got != "least recent: practised today" {
		t.Errorf("reason %q", got)
	}
}

func TestReproducibleWithSeed(t *testing.T) {
	qs := questions(5, "apis", "databases", "security", "testing")
	a := ids(Select(qs, nil, monday, 8, 42, nil))
	b := ids(Select(qs, nil, monday, 8, 42, nil))
	if !slices.Equal(a, b) {
		t.Errorf("seed 42 drew %v then %v", a, b)
	}
	different := false
	for seed := range uint64(5) {
		different = different || !slices.Equal(a, ids(Select(qs, nil, monday, 8, seed, nil)))
	}
	if !different {
		t.Error("every seed drew the same")
	}
}

func TestPlan(t *testing.T) {
	interview := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC) // two weeks after monday
	plan := &Plan{Date: interview, Topics: []string{"databases"}}
	if got := plan.DaysLeft(monday); got != 14 {
		t.Errorf("days left %d, want 14", got)
	}
	if !plan.Active(interview.Add(20*time.Hour)) || plan.Active(interview.AddDate(0, 0, 1)) {
		t.Error("a plan is active up to the end of the interview day")
	}
	by := plan.DueBy([]string{"databases", "apis"}, monday)
	if !by.Equal(interview.AddDate(0, 0, -1)) {
		t.Errorf("due by %v, want the day before the interview", by)
	}
	if !plan.DueBy([]string{"apis"}, monday).IsZero() {
		t.Error("a question of another topic is capped")
	}
	// Easy answers would come back after the interview: capped.
	card := NewCard()
	for d := range 4 {
		card = Review(card, fsrs.Easy, monday.AddDate(0, 0, d), by)
	}
	if card.Due.After(by) {
		t.Errorf("due %v, after the cap %v", card.Due, by)
	}
	if plan.Size() != DefaultPerDay || (&Plan{PerDay: 3}).Size() != 3 {
		t.Error("the day's set size")
	}
}

// TestLastDaysFavourTheWeakest: three days before the interview the weak
// questions come first, before due and unseen ones.
func TestLastDaysFavourTheWeakest(t *testing.T) {
	qs := questions(3, "apis")
	now := monday
	states := map[string]State{
		"apis-0": answered(now.AddDate(0, 0, -30), 4),       // due
		"apis-1": answered(now.Add(-time.Hour), 2, 2, 2, 3), // weak, not due (reviewed just now)
	}
	if states["apis-1"].Due(now) {
		t.Fatal("fixture: the weak one is due")
	}
	far := &Plan{Date: now.AddDate(0, 0, 10)}
	near := &Plan{Date: now.AddDate(0, 0, 2)}
	if got := ids(Select(qs, states, now, 0, 1, far)); got[0] != "apis-0" {
		t.Errorf("ten days out: %v, want the due one first", got)
	}
	if got := ids(Select(qs, states, now, 0, 1, near)); got[0] != "apis-1" {
		t.Errorf("two days out: %v, want the weak one first", got)
	}
}

func TestToday(t *testing.T) {
	qs := questions(3, "apis")
	states := map[string]State{"apis-0": answered(monday.AddDate(0, 0, -30), 4), "apis-1": answered(monday, 5)}
	if due, unseen := Today(qs, states, monday); due != 1 || unseen != 1 {
		t.Errorf("today: %d due, %d unseen; want 1 and 1", due, unseen)
	}
}
