// Command rehearse is a terminal app for rehearsing interview answers: timed,
// structured by STAR, rated, and saved answer by answer.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"charm.land/fang/v2"
	"github.com/adrg/xdg"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/tui"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the process exit code: 0 on
// success, 2 for a usage error (unknown flag, command, topic, kind or level,
// a wrong number of arguments, a bad value), 128+n when signal n ended a
// practice session (its draft saved), 1 for anything else.
//
// Errors never reach fang: fang asks the terminal for its background
// colour to style an error (two seconds per stream when the terminal does
// not answer), and these messages are plain. So the command line is checked
// on a scratch copy of the command tree first, and each command records its
// error in app instead of returning it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	xdg.Reload() // honour XDG_* as they are now, not as they were at start-up
	help, err := checkUsage(args)
	if err != nil {
		printError(stderr, err)
		return 2
	}
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(a)
	recordErrors(root, a)
	a.completeFlags(root)
	if len(args) > 0 && args[0] == "man" {
		fitHelp(root, noWrap)
	} else {
		fitHelp(root, helpWidth)
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	if help {
		// fang pads help text with spaces to the width of the window (120
		// columns when piped): trim them.
		trimmed := &trimmingWriter{w: stdout}
		defer trimmed.Flush()
		root.SetOut(trimmed)
	} else {
		root.SetOut(stdout)
	}
	root.SetErr(stderr)
	if err := fang.Execute(ctx, root, fang.WithVersion(versionString(debug.ReadBuildInfo()))); err != nil {
		a.err = err // not expected: checkUsage and recordErrors catch them all
	}
	if a.err == nil {
		return 0
	}
	printError(stderr, a.err)
	var sig *tui.SignalError
	switch {
	case errors.As(a.err, new(*usageError)):
		return 2
	case errors.As(a.err, &sig):
		return 128 + sig.Number()
	}
	return 1
}

// checkUsage parses the command line on a scratch command tree: an unknown
// command, a bad flag or a wrong number of arguments is a usage error,
// found before anything runs. It also tells whether the command line asks
// for help.
func checkUsage(args []string) (help bool, err error) {
	if len(args) > 0 && (args[0] == "man" || args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		return false, nil // fang's man page, and completions, which parse their own arguments
	}
	root := newRoot(&app{})
	// What cobra and fang add when they run: help, version, completion.
	root.Version = "checking"
	root.InitDefaultVersionFlag()
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	cmd, rest, err := root.Find(args)
	if err != nil {
		return false, usage(err)
	}
	cmd.InitDefaultHelpFlag()
	if err := cmd.ParseFlags(rest); err != nil {
		return false, cmd.FlagErrorFunc()(cmd, err)
	}
	if set, _ := cmd.Flags().GetBool("help"); set || cmd.Name() == "help" || !cmd.Runnable() {
		return true, nil
	}
	if set, _ := cmd.Flags().GetBool("version"); set {
		return false, nil
	}
	if cmd.Args != nil {
		return false, cmd.Args(cmd, cmd.Flags().Args())
	}
	return false, nil
}

// recordErrors makes every command keep its error in a.err and report
// success to cobra, so that run prints it.
func recordErrors(cmd *cobra.Command, a *app) {
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(c *cobra.Command, args []string) error {
			a.err = run(c, args)
			return nil
		}
	}
	for _, sub := range cmd.Commands() {
		recordErrors(sub, a)
	}
}

// app is what every command shares: the global flags and the standard streams.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	dbPath    string
	bankFiles []string

	err error // what the command failed with
}

// usageError marks an error the user fixes by changing the command line; it
// exits 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usage(err error) error { return &usageError{err} }

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "rehearse",
		Short: "Rehearse interview answers in your terminal",
		Long: "rehearse draws behavioral and technical interview questions, times your\n" +
			"answer phase by phase (Situation, Task, Action, Result for a story), lets you\n" +
			"rate it against what a strong answer covers, and saves every answer to a\n" +
			"local database, so that you can review your progress by topic.\n\n" +
			"Run it with no command for the home screen. Answers are kept in\n" +
			"$XDG_DATA_HOME/rehearse/rehearse.db unless --db or REHEARSE_DB names another file.",
		Example: "  # Three database questions now:\n" +
			"  rehearse practice -t databases -n 3\n" +
			"  # Prepare for an interview on a given day:\n" +
			"  rehearse plan --on 2026-12-07\n" +
			"  # Past sessions, and one of them as markdown:\n" +
			"  rehearse history\n" +
			"  rehearse show 12 --markdown\n" +
			"  # Completions for bash:\n" +
			"  source <(rehearse completion bash)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usage(fmt.Errorf("unknown command %q; commands: %s", args[0], strings.Join(commandNames(cmd), ", ")))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runTUI(cmd.Context(), tui.Options{}, false)
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (env REHEARSE_DB)")
	root.PersistentFlags().StringArrayVar(&a.bankFiles, "bank", nil, "another question bank file to load (repeatable)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usage(fmt.Errorf("%w\nvalid flags: %s", err, strings.Join(flagNames(cmd), ", ")))
	})
	root.AddCommand(practiceCmd(a), historyCmd(a), showCmd(a), statsCmd(a), exportCmd(a), topicsCmd(a), questionsCmd(a),
		nextCmd(a), planCmd(a), deleteCmd(a), importCmd(a), doctorCmd(a), bankCmd(a))
	return root
}

// loadBank loads the built-in bank, the user's banks in
// $XDG_CONFIG_HOME/rehearse/banks and every --bank file, in that order.
func (a *app) loadBank() (*bank.Bank, error) {
	files, err := bank.UserFiles(filepath.Join(xdg.ConfigHome, "rehearse", "banks"))
	if err != nil {
		return nil, err
	}
	return bank.LoadCompiled(rehearse.QuestionsYAML, rehearse.QuestionsCompiled, append(files, a.bankFiles...)...)
}

// out is stdout with colour kept only for a terminal that wants it
// (NO_COLOR and pipes get plain text).
func (a *app) out() io.Writer { return colorprofile.NewWriter(a.stdout, os.Environ()) }

func commandNames(cmd *cobra.Command) []string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return names
}

func flagNames(cmd *cobra.Command) []string {
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "--" + f.Name
		if f.Shorthand != "" {
			name = "-" + f.Shorthand + "/" + name
		}
		names = append(names, name)
	})
	return names
}

// printError writes err to stderr: bank errors as they are (file:line:col
// with the offending line), everything else on one line after "rehearse:".
func printError(w io.Writer, err error) {
	if errs := (bank.Errors{}); errors.As(err, &errs) {
		fmt.Fprintln(w, errs)
		return
	}
	var sig *tui.SignalError
	if errors.As(err, &sig) {
		fmt.Fprintf(w, "rehearse: stopped by %v; the answer in progress is saved as a draft\n", sig.Signal)
		return
	}
	fmt.Fprintf(w, "rehearse: %v\n", err)
	if errors.As(err, new(*usageError)) {
		fmt.Fprintln(w, "Try 'rehearse --help' for usage.")
	}
}
