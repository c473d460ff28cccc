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

// version is the release this binary reports with --version.
const version = "0.1.0"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the process exit code: 0 on
// success, 2 for a usage error (unknown flag, command, topic or kind), 1 for
// anything else.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	xdg.Reload() // honour XDG_* as they are now, not as they were at start-up
	root := newRoot(&app{stdin: stdin, stdout: stdout, stderr: stderr})
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root, fang.WithVersion(version), fang.WithErrorHandler(printError))
	switch {
	case err == nil:
		return 0
	case errors.As(err, new(*usageError)):
		return 2
	default:
		return 1
	}
}

// app is what every command shares: the global flags and the standard streams.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	dbPath    string
	bankFiles []string
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
		Long: "rehearse draws behavioral and technical interview questions, times your answer phase by phase\n" +
			"(Situation, Task, Action, Result), lets you rate it against what a strong answer covers,\n" +
			"and saves every answer to a local database so you can review your progress by topic.",
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
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (env REHEARSE_DB; default $XDG_DATA_HOME/rehearse/rehearse.db)")
	root.PersistentFlags().StringArrayVar(&a.bankFiles, "bank", nil, "extra question bank file to load after the built-in one (repeatable)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usage(fmt.Errorf("%w\nvalid flags: %s", err, strings.Join(flagNames(cmd), ", ")))
	})
	root.AddCommand(practiceCmd(a), historyCmd(a), showCmd(a), statsCmd(a), exportCmd(a), topicsCmd(a), questionsCmd(a),
		nextCmd(a), planCmd(a), bankCmd(a))
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
func printError(w io.Writer, _ fang.Styles, err error) {
	if errs := (bank.Errors{}); errors.As(err, &errs) {
		fmt.Fprintln(w, errs)
		return
	}
	fmt.Fprintf(w, "rehearse: %v\n", err)
	if errors.As(err, new(*usageError)) {
		fmt.Fprintln(w, "Try 'rehearse --help' for usage.")
	}
}
