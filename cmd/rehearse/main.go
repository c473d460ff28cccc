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
	"charm.land/lipgloss/v2"
	"github.com/adrg/xdg"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/report"
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
			return a.runTUI(cmd.Context(), tui.Options{})
		},
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "database file (env REHEARSE_DB; default $XDG_DATA_HOME/rehearse/rehearse.db)")
	root.PersistentFlags().StringArrayVar(&a.bankFiles, "bank", nil, "extra question bank file to load after the built-in one (repeatable)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usage(fmt.Errorf("%w\nvalid flags: %s", err, strings.Join(flagNames(cmd), ", ")))
	})
	root.AddCommand(practiceCmd(a), historyCmd(a), showCmd(a), statsCmd(a), exportCmd(a), topicsCmd(a), questionsCmd(a), bankCmd(a))
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

func practiceCmd(a *app) *cobra.Command {
	var topics []string
	var kind string
	var settings practice.Settings
	cmd := &cobra.Command{
		Use:   "practice",
		Short: "Start a practice session at once",
		Example: "  rehearse practice -t databases,apis -k technical -n 3\n" +
			"  rehearse practice --kind behavioral --minutes 2 --seed 42",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			f, err := a.filter(b, topics, kind)
			if err != nil {
				return err
			}
			if settings.Count < 1 || settings.Count > 50 {
				return usage(fmt.Errorf("--count must be between 1 and 50, not %d", settings.Count))
			}
			if settings.Minutes < 0 || settings.Minutes > 60 {
				return usage(fmt.Errorf("--minutes must be between 0 and 60, not %g", settings.Minutes))
			}
			settings.Topics, settings.Kind = f.Topics, f.Kind
			return a.runTUI(cmd.Context(), tui.Options{Settings: settings, Start: tui.StartPractice})
		},
	}
	cmd.Flags().StringSliceVarP(&topics, "topic", "t", nil, "topics to draw from (repeatable or comma list; default all)")
	cmd.Flags().StringVarP(&kind, "kind", "k", "any", "behavioral, technical or any")
	cmd.Flags().IntVarP(&settings.Count, "count", "n", practice.DefaultCount, "questions in the session")
	cmd.Flags().Float64VarP(&settings.Minutes, "minutes", "m", 0, "target minutes per answer (default: the bank's, 3 behavioral, 4 technical)")
	cmd.Flags().Uint64Var(&settings.Seed, "seed", 0, "seed for a reproducible draw (default: random)")
	return cmd
}

// runTUI opens the bank and the database and runs the terminal interface
// with opts; it needs a terminal on stdin and stdout.
func (a *app) runTUI(ctx context.Context, opts tui.Options) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return errors.New("the interactive screens need a terminal; without one, use `rehearse questions`, " +
			"`rehearse history`, `rehearse show ID` or `rehearse stats` (plain text or --json)")
	}
	b, err := a.loadBank()
	if err != nil {
		return err
	}
	st, err := a.openStore()
	if err != nil {
		return err
	}
	defer st.Close()
	opts.Bank, opts.Store = b, st
	return tui.Run(ctx, opts)
}

func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(file.Fd())
}

// termIsDark reports whether the terminal's background is dark; dark when
// it does not say.
func termIsDark() bool { return lipgloss.HasDarkBackground(os.Stdin, os.Stdout) }

// checkTopic makes an unknown --topic a usage error that lists the valid ones.
func (a *app) checkTopic(b *bank.Bank, topic string) error {
	if topic == "" {
		return nil
	}
	if err := b.CheckTopics([]string{topic}); err != nil {
		return usage(err)
	}
	return nil
}

func topicsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "topics",
		Short: "List the topics with their question counts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			return report.Topics(a.out(), b)
		},
	}
}

func questionsCmd(a *app) *cobra.Command {
	var topics []string
	var kind string
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "List the questions of the bank as plain text",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			f, err := a.filter(b, topics, kind)
			if err != nil {
				return err
			}
			return report.Questions(a.out(), b.Select(f))
		},
	}
	cmd.Flags().StringSliceVarP(&topics, "topic", "t", nil, "only questions on these topics (repeatable or comma list)")
	cmd.Flags().StringVarP(&kind, "kind", "k", "any", "behavioral, technical or any")
	return cmd
}

// filter turns --topic and --kind into a bank.Filter; an unknown topic or
// kind is a usage error that lists the valid ones.
func (a *app) filter(b *bank.Bank, topics []string, kind string) (bank.Filter, error) {
	if err := b.CheckTopics(topics); err != nil {
		return bank.Filter{}, usage(err)
	}
	k, err := bank.ParseKind(kind)
	if err != nil {
		return bank.Filter{}, usage(err)
	}
	return bank.Filter{Topics: topics, Kind: k}, nil
}

func bankCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bank",
		Short: "Work with question bank files",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check FILE...",
		Short: "Validate bank files; print file:line:col for every problem",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			b, err := bank.Load(rehearse.QuestionsYAML, files...)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "ok: %s (%d questions in %d topics with the built-in bank)\n",
				strings.Join(files, ", "), len(b.Questions), len(b.Topics))
			return err
		},
	})
	return cmd
}

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
