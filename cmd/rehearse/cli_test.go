package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestHelpFitsEightyColumns: the help of every command, piped, has no
// line padded with spaces and none wider than 80 columns, but for the
// commands cobra writes into its completion help.
func TestHelpFitsEightyColumns(t *testing.T) {
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			if !sub.Hidden {
				walk(sub, append(slices.Clone(path), sub.Name()))
			}
		}
	}
	root := newRoot(&app{})
	fitHelp(root, helpWidth)
	walk(root, nil)
	if len(paths) < 15 {
		t.Fatalf("only %d commands found", len(paths))
	}
	for _, path := range paths {
		code, out, _ := runCLI(t, append(path, "--help")...)
		if code != 0 {
			t.Errorf("%v --help: exit %d", path, code)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasSuffix(line, " ") {
				t.Errorf("%v --help pads a line: %q", path, line)
			}
			if len([]rune(line)) > 80 && !strings.Contains(line, "rehearse completion") {
				t.Errorf("%v --help has a line of %d columns: %q", path, len([]rune(line)), line)
			}
		}
	}
	_, out, _ := runCLI(t, "--help")
	if !strings.Contains(out, "EXAMPLES") || !strings.Contains(out, "rehearse practice -t databases -n 3") {
		t.Errorf("the root help has no examples:\n%s", out)
	}
}

// TestVersionString: -ldflags first, then what the toolchain recorded,
// then the tree's release as a development build.
func TestVersionString(t *testing.T) {
	vcs := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-20T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	installed := &debug.BuildInfo{Main: debug.Module{Version: "v0.2.1"}}
	for _, tc := range []struct {
		name                string
		ldVersion, ldCommit string
		ldDate              string
		info                *debug.BuildInfo
		want                string
	}{
		{"plain build", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, release + "-dev"},
		{"git clone", "", "", "", vcs, release + "-dev (commit 0123456789ab-dirty, built 2026-11-20)"},
		{"go install @version", "", "", "", installed, "v0.2.1"},
		{"release build", "v0.3.0", "fedcba9876543210", "2026-12-01", vcs, "v0.3.0 (commit fedcba987654, built 2026-12-01)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			version, commit, date = tc.ldVersion, tc.ldCommit, tc.ldDate
			t.Cleanup(func() { version, commit, date = "", "", "" })
			if got := versionString(tc.info, true); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// complete runs a shell completion request and returns the offered
// values, without descriptions.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, errOut := runCLI(t, append([]string{cobra.ShellCompNoDescRequestCmd}, args...)...)
	if code != 0 {
		t.Fatalf("completion of %v: exit %d\n%s", args, code, errOut)
	}
	var values []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, ":") {
			values = append(values, line)
		}
	}
	return values
}

func TestCompletions(t *testing.T) {
	db := filledDB(t)
	for _, tc := range []struct {
		args []string
		want []string // all of these, in this order where it matters
		not  []string
	}{
		{[]string{"practice", "--topic", "data"}, []string{"databases", "distributed-systems"}, []string{"questions.yaml"}},
		{[]string{"practice", "-t", "databases,"}, []string{"databases,apis"}, []string{"databases,databases"}},
		{[]string{"practice", "--kind", ""}, []string{"any", "behavioral", "technical"}, nil},
		{[]string{"questions", "--level", ""}, []string{"junior", "mid", "senior", "staff"}, nil},
		{[]string{"export", "--format", ""}, []string{"json", "markdown"}, nil},
		{[]string{"practice", "--order", ""}, []string{"smart", "random"}, nil},
		{[]string{"practice", "--question", "cap"}, []string{"cap-theorem"}, nil},
		{[]string{"show", "--db", db, ""}, []string{"2", "1"}, nil},
		{[]string{"practice", "--count", ""}, nil, []string{"go.mod"}},
	} {
		got := complete(t, tc.args...)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("completing %v offers %v, not %q", tc.args, got, w)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(got, n) {
				t.Errorf("completing %v offers %q", tc.args, n)
			}
		}
	}
}

// runCLIWithInput is runCLI with what the user types on stdin.
func runCLIWithInput(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(input), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestDelete: delete asks first and deletes only on yes; --yes does not
// ask; the session is gone from history and the database checks clean;
// a wrong or unknown id gets a clear message and its exit code.
func TestDelete(t *testing.T) {
	db := filledDB(t)
	code, out, errOut := runCLIWithInput(t, "n\n", "delete", "--db", db, "1")
	if code != 1 || !strings.Contains(out, "Delete session 1 (") || !strings.Contains(errOut, "not deleted") {
		t.Errorf("answering no: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLIWithInput(t, "y\n", "delete", "--db", db, "1")
	if code != 0 || !strings.Contains(out, "Deleted session 1 (") {
		t.Errorf("answering yes: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLIWithInput(t, "", "delete", "--db", db, "--yes", "2")
	if code != 0 || strings.Contains(out, "[y/N]") || !strings.Contains(out, "Deleted session 2") {
		t.Errorf("--yes: exit %d\n%s%s", code, out, errOut)
	}
	_, out, _ = runCLI(t, "history", "--db", db)
	if !strings.Contains(out, "No sessions yet") {
		t.Errorf("history after deleting both sessions:\n%s", out)
	}
	if code, out, errOut := runCLI(t, "doctor", "--db", db); code != 0 {
		t.Errorf("doctor after deleting: exit %d\n%s%s", code, out, errOut)
	}
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"delete", "--db", db, "--yes", "1"}, 1, "there is no session 1"},
		{[]string{"delete", "--db", db, "--yes", "one"}, 2, "is not a session id"},
		{[]string{"delete", "--db", db}, 2, "takes 1 argument"},
		{[]string{"show", "--db", db}, 2, "takes 1 argument"},
		{[]string{"practice", "extra"}, 2, "takes no arguments"},
		{[]string{"bank", "check"}, 2, "needs FILE"},
		{[]string{"export", "--format", "pdf"}, 2, "valid formats: json, markdown"},
		{[]string{"practice", "--kind", "trivia"}, 2, "technical"},
		{[]string{"practice", "--level", "guru"}, 2, "senior"},
	} {
		code, _, errOut := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.says) {
			t.Errorf("%v: exit %d, want %d saying %q:\n%s", tc.args, code, tc.code, tc.says, errOut)
		}
	}
}

// TestImportDryRunMakesNoFile: a dry run into a database that does not
// exist says what it would add and leaves no file behind.
func TestImportDryRunMakesNoFile(t *testing.T) {
	export := filepath.Join(t.TempDir(), "export.json")
	if code, _, errOut := runCLI(t, "export", "--db", filledDB(t), "-o", export); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "import", "--dry-run", "--db", filepath.Join(dir, "new.db"), export)
	if code != 0 || !strings.Contains(out, "would add 3 answers in 2 sessions") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("a dry run left %d files: %v", len(left), left[0].Name())
	}
}
