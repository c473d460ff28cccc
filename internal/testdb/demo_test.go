package testdb

import (
	"flag"
	"testing"
	"time"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

var demoDB = flag.String("demo-db", "", "write a demo database of two weeks of practice to this path")

// TestDemoDatabase writes the database scripts/readme-screens.sh shows; it
// is skipped unless -demo-db names a file. It also checks that Practise
// saves what it is given.
func TestDemoDatabase(t *testing.T) {
	path := *demoDB
	if path == "" {
		path = t.TempDir() + "/demo.db"
	}
	st, err := store.Open(path, store.Options{Session: true, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, err := bank.Load(rehearse.QuestionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	clock := &Clock{T: time.Now().Add(-14 * 24 * time.Hour).Truncate(24 * time.Hour).Add(19 * time.Hour)}
	topics := [][]string{{"databases"}, {"apis", "security"}, nil, {"distributed-systems"}, {"collaboration"}, {"debugging", "performance"}}
	for day := range 14 {
		if day == 4 || day == 9 {
			clock.Advance(24 * time.Hour)
			continue
		}
		n := 2 + day%2
		var answers []Answer
		for i := range n {
			r := 2 + (day+i)%3
			if day > 9 {
				r = min(r+1, 5)
			}
			answers = append(answers, Answer{
				Seconds: []int{30 + 5*i, 15 + day, 80 + 3*day, 30, 35, 40},
				Notes:   []string{"Orders service, 2k req/s, p99 at 4 s after a release.", "I owned the fix.", "Traced it to a missing index; shipped it concurrently."},
				Phases:  []int{r, min(r+1, 5), r, max(r-1, 1)}, Overall: r, Covered: r,
			})
		}
		ids, err := Practise(st, b, clock, Session{Settings: practice.Settings{Topics: topics[day%len(topics)], Count: n, Seed: uint64(day + 1), Followups: 2}, Answers: answers})
		if err != nil {
			t.Fatal(err)
		}
		sum, _, err := st.Session(ids[0])
		if err != nil || sum.Answered != n {
			t.Fatalf("session %d: %+v, %v", ids[0], sum, err)
		}
		clock.T = clock.T.Add(24 * time.Hour)
	}
}
