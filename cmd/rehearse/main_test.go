package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command line in-process with buffers for stdout and
// stderr (so output is not a terminal) and an empty config and data home.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTopics(t *testing.T) {
	code, out, _ := runCLI(t, "topics")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"TOPIC", "databases", "distributed-systems", "system-design", "golang", "questions in 19 topics"} {
		if !strings.Contains(out, want) {
			t.Errorf("topics output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("output to a pipe has escape sequences")
	}
}

func TestQuestionsFilters(t *testing.T) {
	code, out, _ := runCLI(t, "questions", "--topic", "databases,security", "-k", "technical")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	blocks := strings.Split(strings.TrimSpace(out), "\n\n")
	if len(blocks) < 5 {
		t.Fatalf("only %d blocks:\n%s", len(blocks), out)
	}
	for _, b := range blocks[:len(blocks)-1] {
		head := strings.SplitN(b, "\n", 2)[0]
		if !strings.Contains(head, "  technical  ") || !(strings.Contains(head, "databases") || strings.Contains(head, "security")) {
			t.Errorf("question does not match the filter: %s", head)
		}
	}
}

func TestUnknownTopicKindFlagAndCommandExit2WithValidOnes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"questions", "--topic", "cooking"}, `unknown topic "cooking"; valid topics: apis, databases,`},
		{[]string{"questions", "--kind", "trivia"}, `unknown kind "trivia"; valid kinds: behavioral, technical, any`},
		{[]string{"questions", "--color"}, "unknown flag: --color\nvalid flags: --bank, --db, -h/--help, --json, -k/--kind, -l/--level, -t/--topic"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"; commands: bank,`},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

func TestBankCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("version: 1\ntopics:\n  - {id: go, name: Go}\n"), 0o600)
	os.WriteFile(bad, []byte("version: 1\ntopics:\n  - {id: go, name: Go, colour: blue}\n"), 0o600)
	code, out, _ := runCLI(t, "bank", "check", good)
	if code != 0 || !strings.HasPrefix(out, "ok: "+good) {
		t.Errorf("good bank: exit %d, %q", code, out)
	}
	code, _, errOut := runCLI(t, "bank", "check", bad)
	want := bad + `:3:24: unknown field "colour" in a topic; valid fields: id, name, about`
	if code != 1 || !strings.HasPrefix(errOut, want) {
		t.Errorf("bad bank: exit %d, stderr %q; want 1 and %q", code, errOut, want)
	}
	code, _, errOut = runCLI(t, "--bank", bad, "topics")
	if code != 1 || !strings.HasPrefix(errOut, want) {
		t.Errorf("--bank with a bad file: exit %d, stderr %q", code, errOut)
	}
}

func TestUserBanksFromConfigDir(t *testing.T) {
	home := t.TempDir()
	banks := filepath.Join(home, "rehearse", "banks")
	os.MkdirAll(banks, 0o700)
	os.WriteFile(filepath.Join(banks, "mine.yaml"), []byte("version: 1\ntopics:\n  - {id: golang, name: Go, about: the language}\n"), 0o600)
	t.Setenv("XDG_CONFIG_HOME", home)
	var out bytes.Buffer
	// runCLI would replace XDG_CONFIG_HOME, so run directly.
	code := run(context.Background(), []string{"topics"}, strings.NewReader(""), &out, &out)
	if code != 0 || !strings.Contains(out.String(), "golang") {
		t.Errorf("exit %d; the user's topic is missing:\n%s", code, out.String())
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := runCLI(t, "--version")
	if code != 0 || !strings.Contains(out, "rehearse version "+release) {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "--help")
	for _, want := range []string{"practice", "topics", "questions", "--db", "--bank"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("--help: exit %d, lacks %q:\n%s", code, want, out)
		}
	}
}

func TestTUIWithoutTerminalNamesThePlainTextCommands(t *testing.T) {
	for _, args := range [][]string{nil, {"practice"}} {
		code, _, errOut := runCLI(t, args...)
		if code != 1 || !strings.Contains(errOut, "need a terminal") || !strings.Contains(errOut, "rehearse questions") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
}

func TestPracticeFlagsAreChecked(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"practice", "-t", "cooking"}, `unknown topic "cooking"; valid topics:`},
		{[]string{"practice", "-k", "trivia"}, `unknown kind "trivia"`},
		{[]string{"practice", "-n", "0"}, "--count must be between 1 and 50"},
		{[]string{"practice", "-m", "-1"}, "--minutes must be a number between 0 and 60"},
		{[]string{"practice", "-m", "NaN"}, "--minutes must be a number between 0 and 60"},
		{[]string{"practice", "-m", "+Inf"}, "--minutes must be a number between 0 and 60"},
		{[]string{"practice", "-l", "principal"}, `unknown level "principal"; valid levels: junior, mid, senior, staff`},
		{[]string{"practice", "--order", "alphabetical"}, `unknown order "alphabetical"; valid orders: smart, random`},
		{[]string{"practice", "--question", "no-such-question"}, `unknown question "no-such-question"`},
		{[]string{"practice", "--question", "cap-theorem", "-t", "apis"}, "--question names the questions"},
		{[]string{"plan", "--on", "tomorrow"}, `--on "tomorrow" is not a date`},
		{[]string{"plan", "--on", "2001-01-01"}, "is in the past"},
		{[]string{"plan", "-t", "apis"}, "--on DATE is needed"},
		{[]string{"plan", "--clear", "--on", "2099-01-01"}, "--clear goes alone"},
		{[]string{"next", "-n", "0"}, "-n must be between 1 and 200"},
		{[]string{"practice", "extra"}, `rehearse practice takes no arguments; it got "extra"`},
		{[]string{"show"}, "rehearse show takes 1 argument, ID"},
		{[]string{"show", "1", "2"}, "rehearse show takes 1 argument, ID"},
		{[]string{"bank", "check"}, "rehearse bank check needs FILE..."},
		{[]string{"history", "--topic"}, "flag needs an argument"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(t, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}
