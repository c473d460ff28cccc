package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/store"
)

// The end-to-end tests drive the real binary in tmux, as a person would:
// send keys, read the screen.

// tmux is one tmux server of the test's own, with a session per program.
type tmux struct {
	t      *testing.T
	socket string
	dir    string // the programs' $HOME
	conf   string // keeps panes after their program ends, to read them
	env    []string
}

func newTmux(t *testing.T) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is not installed; .ci/run installs it")
		}
		t.Skip("tmux is not installed: skipping the end-to-end tests")
	}
	home := t.TempDir()
	conf := filepath.Join(home, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\nset -s exit-empty off\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	x := &tmux{t: t, conf: conf, dir: home, socket: "rehearse-e2e-" + strconv.Itoa(os.Getpid()) + "-" + filepath.Base(home), env: []string{
		"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"TERM=xterm-256color", "PATH=" + os.Getenv("PATH"),
	}}
	t.Cleanup(func() { exec.Command("tmux", "-L", x.socket, "kill-server").Run() })
	return x
}

// home is the programs' $HOME.
func (x *tmux) home() string { return x.dir }

// start runs command (with exec, so that it is the pane's process) in a
// new 100×30 session.
func (x *tmux) start(session, command string) {
	x.t.Helper()
	args := []string{"new-session", "-d", "-s", session, "-x", "100", "-y", "30"}
	for _, e := range x.env {
		args = append(args, "-e", e)
	}
	x.run(append(args, "exec "+command)...)
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", x.socket, "-f", x.conf}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (x *tmux) keys(session string, keys ...string) {
	x.t.Helper()
	x.run(append([]string{"send-keys", "-t", session}, keys...)...)
}

func (x *tmux) text(session, text string) {
	x.t.Helper()
	x.run("send-keys", "-t", session, "-l", text)
}

func (x *tmux) screen(session string) string {
	x.t.Helper()
	return x.run("capture-pane", "-p", "-S", "-", "-t", session) // with what scrolled off
}

// waitFor polls the screen until it shows text, and returns the screen.
func (x *tmux) waitFor(session, text string) string {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := x.screen(session)
		if strings.Contains(s, text) {
			return s
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("the screen never showed %q; it shows:\n%s", text, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pid returns the process id of the program in session.
func (x *tmux) pid(session string) int {
	x.t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(x.run("display-message", "-p", "-t", session, "#{pane_pid}")))
	if err != nil {
		x.t.Fatal(err)
	}
	return pid
}

// child returns the process id of the program a shell in session runs.
func (x *tmux) child(session string) int {
	x.t.Helper()
	shell := x.pid(session)
	out, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", shell, shell))
	fields := strings.Fields(string(out))
	if err != nil || len(fields) == 0 {
		x.t.Fatalf("the shell in %s runs no program: %v", session, err)
	}
	pid, err := strconv.Atoi(fields[0])
	if err != nil {
		x.t.Fatal(err)
	}
	return pid
}

// waitExit waits until the program in session has ended.
func (x *tmux) waitExit(session string) {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.TrimSpace(x.run("display-message", "-p", "-t", session, "#{pane_dead}")) != "1" {
		if time.Now().After(deadline) {
			x.t.Fatalf("the program in %s did not end:\n%s", session, x.screen(session))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// buildBinary builds rehearse once into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rehearse")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestEndToEndPracticeInTmux(t *testing.T) {
	x := newTmux(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "data", "rehearse.db")

	x.start("main", fmt.Sprintf("%s practice --seed 3 -n 1 -k behavioral --db %s", bin, db))
	x.waitFor("main", "Press enter when you are ready")
	x.keys("main", "Enter")
	x.waitFor("main", "recording")
	x.text("main", "We had 40k orders a day")
	time.Sleep(1100 * time.Millisecond) // a second on the situation
	x.keys("main", "Tab")
	x.waitFor("main", "Phase 2 of 4")
	x.text("main", "I owned the fix")
	x.keys("main", "Tab")
	x.waitFor("main", "Phase 3 of 4")
	x.keys("main", "Tab")
	x.waitFor("main", "Phase 4 of 4")

	// A second rehearse on the same database fails clearly and fast.
	x.start("second", fmt.Sprintf("sh -c '%s practice --db %s; echo exit status $?'", bin, db))
	began := time.Now()
	x.waitExit("second")
	if took := time.Since(began); took > 2*time.Second {
		t.Errorf("the second run took %v to fail", took)
	}
	second := strings.ReplaceAll(x.screen("second"), "\n", "")
	if !strings.Contains(second, "exit status 1") || !strings.Contains(second, "is practising with") || !strings.Contains(second, db) {
		t.Errorf("the second run does not say the database is in use:\n%s", second)
	}

	x.keys("main", "C-d") // follow-up 1
	x.waitFor("main", "Follow-up:")
	x.text("main", "A load test")
	x.keys("main", "C-d") // follow-up 2
	x.keys("main", "C-d") // rate
	x.waitFor("main", "Rate your answer")
	for _, k := range []string{"4", "Down", "3", "Down", "5", "Down", "4", "Down", "4", "Down", "Space"} {
		x.keys("main", k)
	}
	x.keys("main", "Enter")
	summary := x.waitFor("main", "Session complete")
	if !strings.Contains(summary, "Saved as session 1") {
		t.Errorf("summary:\n%s", summary)
	}
	x.keys("main", "q")
	x.waitExit("main")

	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sessions, _, err := st.Summaries("", nil, 10)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("sessions %v, %v", sessions, err)
	}
	_, attempts, err := st.Session(sessions[0].ID)
	if err != nil || len(attempts) != 1 {
		t.Fatalf("attempts %v, %v", attempts, err)
	}
	a := attempts[0]
	if a.Steps[0].Notes != "We had 40k orders a day" || a.Steps[1].Notes != "I owned the fix" || a.Steps[4].Notes != "A load test" {
		t.Errorf("notes: %q, %q, %q", a.Steps[0].Notes, a.Steps[1].Notes, a.Steps[4].Notes)
	}
	if a.Steps[0].Spent < time.Second {
		t.Errorf("situation time %v, want at least 1s", a.Steps[0].Spent)
	}
	if r := a.Rating; r.Overall != 4 || r.Phases[0] != 4 || r.Phases[1] != 3 || r.Phases[2] != 5 || r.Phases[3] != 4 || len(r.Covered) != 1 {
		t.Errorf("ratings %+v", r)
	}
	if err := st.Check(); err != nil {
		t.Error(err)
	}
	if info, err := os.Stat(db); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, %v", info.Mode().Perm(), err)
	}
	if info, err := os.Stat(filepath.Dir(db)); err != nil || info.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, %v", info.Mode().Perm(), err)
	}
}

// TestEndToEndSignalsKeepTheDraft stops the program mid-answer with
// SIGINT, SIGTERM and SIGHUP from outside and with ctrl+c, and finds the
// typed notes as a draft each time, with the exit status of each: 130,
// 143, 129 (128+n) and 0.
func TestEndToEndSignalsKeepTheDraft(t *testing.T) {
	bin := buildBinary(t)
	for _, c := range []struct {
		name   string
		sig    syscall.Signal // 0: ctrl+c typed
		status int
	}{{"SIGINT", syscall.SIGINT, 130}, {"SIGTERM", syscall.SIGTERM, 143}, {"SIGHUP", syscall.SIGHUP, 129}, {"ctrl+c", 0, 0}} {
		t.Run(c.name, func(t *testing.T) {
			x := newTmux(t)
			db := filepath.Join(t.TempDir(), "rehearse.db")
			// Through a shell, which prints the exit status.
			x.start("main", fmt.Sprintf("sh -c '%s practice --seed 3 -n 2 --db %s; echo exit status $?'", bin, db))
			x.waitFor("main", "Press enter when you are ready")
			x.keys("main", "Enter")
			x.waitFor("main", "recording")
			x.text("main", "notes typed before "+c.name)
			x.waitFor("main", c.name)
			if c.sig == 0 {
				x.keys("main", "C-c")
			} else if err := syscall.Kill(x.child("main"), c.sig); err != nil {
				t.Fatal(err)
			}
			x.waitExit("main")
			if screen := x.screen("main"); !strings.Contains(screen, fmt.Sprintf("exit status %d", c.status)) {
				t.Errorf("want exit status %d:\n%s", c.status, screen)
			}
			st, err := store.Open(db, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			d, err := st.Draft()
			if err != nil || d == nil {
				t.Fatalf("no draft after %s: %v", c.name, err)
			}
			if got := d.Attempt.Steps[0].Notes; got != "notes typed before "+c.name {
				t.Errorf("draft notes %q", got)
			}
		})
	}
}

// TestEndToEndPasteWithCarriageReturns pastes three lines through tmux,
// which sends line breaks as carriage returns in a bracketed paste: the
// notes keep the three lines.
func TestEndToEndPasteWithCarriageReturns(t *testing.T) {
	x := newTmux(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "rehearse.db")
	x.start("main", fmt.Sprintf("%s practice --seed 3 -n 1 --db %s", bin, db))
	x.waitFor("main", "Press enter when you are ready")
	x.keys("main", "Enter")
	x.waitFor("main", "recording")
	x.run("set-buffer", "first line\nsecond line\n\tindented third")
	x.run("paste-buffer", "-p", "-t", "main")
	x.waitFor("main", "indented third")
	x.keys("main", "C-c")
	x.waitExit("main")
	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	d, err := st.Draft()
	if err != nil || d == nil || d.Attempt.Steps[0].Notes != "first line\nsecond line\n    indented third" {
		t.Fatalf("pasted notes: %+v, %v", d, err)
	}
}

// TestEndToEndCoaching plans an interview, starts today's set from the
// home screen, reviews the answer beside the guide, and finds the rating
// in the schedule; meanwhile another rehearse reads the history.
func TestEndToEndCoaching(t *testing.T) {
	x := newTmux(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "data", "rehearse.db")
	day := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)

	out, err := exec.Command(bin, "plan", "--on", day, "-t", "collaboration", "--per-day", "2", "--db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "(in 10 days) · collaboration") {
		t.Fatalf("plan: %v\n%s", err, out)
	}

	x.start("main", fmt.Sprintf("%s --db %s", bin, db))
	home := x.waitFor("main", "Press t for today's set of 2")
	if !strings.Contains(home, "Interview in 10 days") || !strings.Contains(home, "unseen in your topics") {
		t.Errorf("home:\n%s", home)
	}
	x.keys("main", "t")
	card := x.waitFor("main", "Press enter when you are ready")
	if !strings.Contains(card, "Why this question now: unseen") {
		t.Errorf("card:\n%s", card)
	}
	x.keys("main", "Enter")
	x.waitFor("main", "recording")
	x.text("main", "We used a composite index; it took the report from 9 s to 300 ms.")
	x.keys("main", "C-d")
	x.keys("main", "C-d")
	x.keys("main", "C-d")
	x.waitFor("main", "Rate your answer")
	x.keys("main", "v")
	x.waitFor("main", "How to answer")
	x.keys("main", "v")
	x.waitFor("main", "Time by phase")

	// Reading alongside the practising rehearse.
	hist, err := exec.Command(bin, "history", "--db", db).CombinedOutput()
	if err != nil || !strings.Contains(string(hist), "No sessions yet") {
		t.Errorf("history beside a practising rehearse: %v\n%s", err, hist)
	}

	for range 4 {
		x.keys("main", "Down")
	}
	x.keys("main", "2", "Enter")
	x.waitFor("main", "Question 2 of 2")
	x.keys("main", "Escape")
	x.waitFor("main", "Session complete")
	x.keys("main", "q")
	x.waitExit("main")

	out, err = exec.Command(bin, "questions", "--json", "-t", "collaboration", "--db", db).CombinedOutput()
	if err != nil {
		t.Fatalf("questions --json: %v\n%s", err, out)
	}
	var qs []struct {
		ID         string  `json:"id"`
		Attempts   int     `json:"attempts"`
		AvgOverall float64 `json:"avg_overall"`
		DueOn      *string `json:"due_on"`
	}
	if err := json.Unmarshal(out, &qs); err != nil {
		t.Fatal(err)
	}
	practised := 0
	for _, q := range qs {
		if q.Attempts > 0 {
			practised++
			if q.AvgOverall != 2 || q.DueOn == nil || !strings.HasPrefix(*q.DueOn, time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)) {
				t.Errorf("%s: %+v, want rated 2 and due tomorrow", q.ID, q)
			}
		}
	}
	if practised != 1 {
		t.Errorf("%d questions practised, want 1", practised)
	}
}
