package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/archive"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/internal/testdb"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// filledDB returns a database with two sessions practised by the practice
// code: one behavioral answer, then two database answers (one skipped).
func filledDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rehearse.db")
	st, err := store.Open(path, store.Options{Session: true, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, err := bank.Load(rehearse.QuestionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	clock := &testdb.Clock{T: time.Now().Add(-26 * time.Hour)}
	_, err = testdb.Practise(st, b, clock,
		testdb.Session{Settings: practice.Settings{Kind: "behavioral", Count: 1, Seed: 1, Followups: 1}, Answers: []testdb.Answer{
			{Seconds: []int{30, 20, 90, 40, 30}, Notes: []string{"We had 40k orders a day", "I owned the fix"}, Phases: []int{4, 3, 2, 4}, Overall: 3, Covered: 2},
		}},
		testdb.Session{Settings: practice.Settings{Topics: []string{"databases"}, Kind: "technical", Count: 2, Seed: 2}, Answers: []testdb.Answer{
			{Seconds: []int{30, 60, 60, 60}, Notes: []string{"An index is a sorted structure"}, Phases: []int{5, 4, 4, 3}, Overall: 4, Covered: 4},
			{Skip: true},
		}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func TestHistoryJSON(t *testing.T) {
	db := filledDB(t)
	code, out, errOut := runCLI(t, "history", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var sessions []archive.Summary
	if err := json.Unmarshal([]byte(out), &sessions); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(sessions) != 2 || sessions[0].ID != 2 || sessions[1].ID != 1 {
		t.Fatalf("sessions %+v", sessions)
	}
	if s := sessions[0]; s.Answered != 1 || s.Skipped != 1 || s.AvgOverall != 4 || len(s.Questions) != 2 {
		t.Errorf("newest session figures %+v", s)
	}
	for _, field := range []string{`"id"`, `"started"`, `"topics"`, `"answered"`, `"avg_overall"`, `"spent_ns"`} {
		if !strings.Contains(out, field) {
			t.Errorf("history JSON lacks %s", field)
		}
	}
	code, out, _ = runCLI(t, "history", "--json", "--topic", "databases", "--db", db)
	if err := json.Unmarshal([]byte(out), &sessions); code != 0 || err != nil || len(sessions) != 1 || sessions[0].ID != 2 {
		t.Errorf("history --topic databases: exit %d, %v, %+v", code, err, sessions)
	}
	code, _, errOut = runCLI(t, "history", "--topic", "cooking", "--db", db)
	if code != 2 || !strings.Contains(errOut, "valid topics") {
		t.Errorf("unknown topic: exit %d, %q", code, errOut)
	}
}

func TestHistoryText(t *testing.T) {
	db := filledDB(t)
	code, out, _ := runCLI(t, "history", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.Contains(lines[0], "ID") || !strings.HasPrefix(strings.TrimSpace(lines[1]), "2 ") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestShowJSONAndMarkdown(t *testing.T) {
	db := filledDB(t)
	code, out, errOut := runCLI(t, "show", "1", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		archive.Session
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if in := doc.Attempts[0].Insights; in == nil || in.Version != 1 || in.ICount != 1 || len(in.Phases) != 4 || len(in.Suggestions) == 0 {
		t.Errorf("show --json insights: %+v", in)
	}
	for _, field := range []string{`"insights"`, `"i_count"`, `"we_count"`, `"quantified"`, `"numbers"`, `"fillers"`, `"hedges"`, `"areas_mentioned"`, `"terms_used"`, `"suggestions"`, `"target_share"`} {
		if !strings.Contains(out, field) {
			t.Errorf("show --json lacks %s", field)
		}
	}
	if doc.Session.Session.ID != 1 || len(doc.Attempts) != 1 || doc.Attempts[0].Steps[0].Notes != "We had 40k orders a day" ||
		doc.Attempts[0].Rating.Overall != 3 || doc.Attempts[0].Steps[2].Spent != 90*time.Second {
		t.Errorf("show --json: %+v", doc)
	}
	code, out, _ = runCLI(t, "show", "1", "--markdown", "--db", db)
	for _, want := range []string{"# Session 1", "> We had 40k orders a day", "(0:30 of ", "**Areas covered**", "- [x] ", "**Coach's notes**"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show --markdown lacks %q:\n%s", want, out)
		}
	}
	if code, _, errOut := runCLI(t, "show", "9", "--db", db); code != 1 || !strings.Contains(errOut, "no session 9") {
		t.Errorf("unknown id: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "show", "abc", "--db", db); code != 2 || !strings.Contains(errOut, "not a session id") {
		t.Errorf("bad id: exit %d, %q", code, errOut)
	}
}

func TestStatsJSON(t *testing.T) {
	db := filledDB(t)
	code, out, errOut := runCLI(t, "stats", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Attempts      int `json:"attempts"`
		DaysPractised int `json:"days_practised"`
		Topics        []struct {
			Topic      string  `json:"topic"`
			Attempts   int     `json:"attempts"`
			AvgOverall float64 `json:"avg_overall"`
			Balance    [][]struct {
				Phase  string  `json:"phase"`
				Share  float64 `json:"share"`
				Target float64 `json:"target"`
			} `json:"balance"`
		} `json:"topics"`
		Weakest []string `json:"weakest"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Attempts != 2 || doc.DaysPractised < 1 || len(doc.Weakest) == 0 {
		t.Errorf("stats: %+v", doc)
	}
	for _, topic := range doc.Topics {
		if topic.Topic == "databases" {
			if topic.Attempts != 1 || topic.AvgOverall != 4 || len(topic.Balance) != 1 || topic.Balance[0][0].Phase != "define" ||
				math.Abs(topic.Balance[0][0].Share-30.0/210) > 1e-9 || topic.Balance[0][0].Target != 0.15 {
				t.Errorf("databases: %+v", topic)
			}
			return
		}
	}
	t.Errorf("no databases topic in %s", out)
}

func TestExport(t *testing.T) {
	db := filledDB(t)
	file := filepath.Join(t.TempDir(), "export.json")
	if code, _, errOut := runCLI(t, "export", "-o", file, "--db", db); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format   string            `json:"format"`
		Sessions []archive.Session `json:"sessions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil || doc.Format != "rehearse-export" || len(doc.Sessions) != 2 || doc.Sessions[0].Session.ID != 1 {
		t.Fatalf("export: %v %+v", err, doc)
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v, want 0600", info.Mode().Perm())
	}
	code, _, errOut := runCLI(t, "export", "-o", file, "--db", db)
	if code != 1 || !strings.Contains(errOut, "exists; use --force") {
		t.Errorf("overwrite without --force: exit %d, %q", code, errOut)
	}
	if after, _ := os.ReadFile(file); string(after) != string(data) {
		t.Error("the refused export changed the file")
	}
	if code, _, errOut := runCLI(t, "export", "-o", file, "--force", "--format", "markdown", "--db", db); code != 0 {
		t.Errorf("--force: exit %d, %s", code, errOut)
	}
	if md, _ := os.ReadFile(file); !strings.HasPrefix(string(md), "# rehearse export") || !strings.Contains(string(md), "# Session 2") {
		t.Errorf("markdown export:\n%s", md)
	}
	code, out, _ := runCLI(t, "export", "-o", "-", "--format", "markdown", "--db", db)
	if code != 0 || !strings.Contains(out, "We had 40k orders a day") {
		t.Errorf("-o -: exit %d\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "export", "--format", "pdf", "--db", db); code != 2 || !strings.Contains(errOut, "valid formats: json, markdown") {
		t.Errorf("bad format: exit %d, %q", code, errOut)
	}
}
