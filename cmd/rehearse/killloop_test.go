package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/store"
)

var killRounds = flag.Int("rounds", 50, "rounds of the SIGKILL loop (TestEndToEndKillLoop)")

// TestEndToEndKillLoop kills the real binary with SIGKILL, round after
// round, at random moments around the save of an answer: while typing,
// just after enter on the rating screen, or once the next question shows.
// Every answer the screen showed as saved (the next question or the
// summary appeared after it) must be in the database with its notes, and
// the file must stay clean. -rounds N runs more rounds than CI's 50.
func TestEndToEndKillLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("the SIGKILL loop is long")
	}
	x := newTmux(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "rehearse.db")
	seed := time.Now().UnixNano()
	t.Logf("seed %d, %d rounds", seed, *killRounds)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))

	var shownSaved []string // notes of answers shown as saved
	for round := range *killRounds {
		name := fmt.Sprintf("r%d", round)
		x.start(name, fmt.Sprintf("%s practice -n 2 --question cap-theorem --question sql-vs-nosql --db %s", bin, db))
		x.waitFor(name, "Press enter when you are ready")
		for answer := 1; answer <= 2; answer++ {
			notes := fmt.Sprintf("round %d answer %d", round, answer)
			x.keys(name, "Enter")
			x.waitFor(name, "recording")
			x.text(name, notes)
			x.waitFor(name, notes)
			if answer == 2 && rng.IntN(4) == 0 {
				time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
				break // killed while typing: a draft at most
			}
			x.finishAnswer(name)
			x.keys(name, "Enter", "3", "Enter") // to overall, rate it, save
			next := fmt.Sprintf("Question %d of 2", answer+1)
			if answer == 2 {
				next = "Session complete"
				time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
				break
			}
			x.waitFor(name, next)
			shownSaved = append(shownSaved, notes)
		}
		if err := syscall.Kill(x.pid(name), syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		x.waitExit(name)
		if strings.Contains(x.screen(name), "Session complete") {
			shownSaved = append(shownSaved, fmt.Sprintf("round %d answer 2", round))
		}
		x.run("kill-session", "-t", name)
	}

	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	saved := map[string]int{}
	err = st.Each(func(_ store.SessionSummary, attempts []store.Attempt) error {
		for _, a := range attempts {
			saved[a.Steps[0].Notes]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, notes := range shownSaved {
		if saved[notes] == 0 {
			t.Errorf("%q was shown as saved and is not in the database", notes)
		}
	}
	for notes, n := range saved {
		if n > 1 {
			t.Errorf("%q is in the database %d times", notes, n)
		}
	}
	t.Logf("%d answers shown as saved, %d answers in the database", len(shownSaved), len(saved))
	if err := st.Check(); err != nil {
		t.Errorf("check after %d kills: %v", *killRounds, err)
	}
	if out, err := exec.Command(bin, "doctor", "--db", db).CombinedOutput(); err != nil {
		t.Errorf("doctor after %d kills: %v\n%s", *killRounds, err, out)
	}
}

// finishAnswer ends the answer and its follow-ups with ctrl+d until the
// rating screen shows.
func (x *tmux) finishAnswer(session string) {
	x.t.Helper()
	for range 8 {
		x.keys(session, "C-d")
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			s := x.screen(session)
			if strings.Contains(s, "Rate your answer") {
				return
			}
			if strings.Contains(s, "Follow-up") {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	x.t.Fatalf("no rating screen after ctrl+d:\n%s", x.screen(session))
}
