package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"charm.land/glamour/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/archive"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/report"
	"github.com/rehearse-app/rehearse/store"
	"github.com/rehearse-app/rehearse/tui"
)

// dbPathOf returns the database's path, and whether the user named it
// (--db or REHEARSE_DB) rather than taking the default.
func (a *app) dbPathOf() (path string, explicit bool) {
	if a.dbPath != "" {
		return a.dbPath, true
	}
	return store.DefaultPath(os.Getenv), os.Getenv("REHEARSE_DB") != ""
}

// openReader opens the database to read it alongside a practising
// rehearse. A named file that does not exist is an error; the default one
// not made yet reads as empty, and nothing is created.
func (a *app) openReader() (*store.Store, error) {
	path, explicit := a.dbPathOf()
	st, err := store.Open(path, store.Options{Create: !explicit})
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, fmt.Errorf("%w; check --db (or REHEARSE_DB)", err)
	}
	return st, err
}

// openWriter opens the database to change it from the command line: it
// takes the lock a practising rehearse holds, and makes the file if need be.
func (a *app) openWriter() (*store.Store, error) {
	path, _ := a.dbPathOf()
	return store.Open(path, store.Options{Session: true, Create: true})
}

// now is the time commands measure against.
func (a *app) now() time.Time { return time.Now() }

// review runs a review command: its screen on a terminal, else print with
// the bank and the database. An unknown topic is a usage error.
func (a *app) review(cmd *cobra.Command, topic string, asJSON bool, screen tui.Start, print func(*store.Store, *bank.Bank) error) error {
	b, err := a.loadBank()
	if err != nil {
		return err
	}
	if err := a.checkTopic(b, topic); err != nil {
		return err
	}
	if !asJSON && isTerminal(a.stdin) && isTerminal(a.stdout) {
		return a.runTUI(cmd.Context(), tui.Options{Start: screen, Topic: topic}, true)
	}
	st, err := a.openReader()
	if err != nil {
		return err
	}
	defer st.Close()
	return print(st, b)
}

func historyCmd(a *app) *cobra.Command {
	var topic string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Past sessions, newest first",
		Example: "  rehearse history --topic databases\n" +
			"  rehearse history --json | jq '.[0]'",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.review(cmd, topic, asJSON, tui.StartHistory, func(st *store.Store, _ *bank.Bank) error {
				if asJSON {
					return report.HistoryJSON(a.stdout, st, topic)
				}
				return report.HistoryText(a.out(), st, topic)
			})
		},
	}
	cmd.Flags().StringVarP(&topic, "topic", "t", "", "only sessions with questions on this topic")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see README.md for the fields)")
	return cmd
}

func showCmd(a *app) *cobra.Command {
	var asJSON, asMarkdown bool
	cmd := &cobra.Command{
		Use:               "show ID",
		Short:             "One session with every answer",
		Example:           "  rehearse show 12\n  rehearse show 12 --markdown > session-12.md",
		Args:              exactArgs(1, "ID", "the number `rehearse history` lists"),
		ValidArgsFunction: a.completeSessionID,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseSessionID(args[0])
			if err != nil {
				return err
			}
			if asJSON && asMarkdown {
				return usage(errors.New("choose one of --json and --markdown"))
			}
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			st, err := a.openReader()
			if err != nil {
				return err
			}
			defer st.Close()
			sum, attempts, err := findSession(st, id)
			if err != nil {
				return err
			}
			doc := archive.FromSession(*sum, attempts, archive.Analyzer(b))
			switch {
			case asJSON:
				return report.SessionJSON(a.stdout, doc)
			case asMarkdown || !isTerminal(a.stdout):
				_, err = io.WriteString(a.stdout, archive.Markdown(doc))
				return err
			}
			return a.printMarkdown(archive.Markdown(doc))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see README.md for the fields)")
	cmd.Flags().BoolVar(&asMarkdown, "markdown", false, "print markdown")
	return cmd
}

// printMarkdown renders markdown for the terminal on stdout.
func (a *app) printMarkdown(md string) error {
	style := "dark"
	if !lipgloss.HasDarkBackground(os.Stdin, os.Stdout) {
		style = "light"
	}
	width := 100
	if f, ok := a.stdout.(*os.File); ok {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 20 {
			width = min(w-4, 120)
		}
	}
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width))
	if err != nil {
		return err
	}
	out, err := r.Render(md)
	if err != nil {
		return err
	}
	_, err = io.WriteString(a.out(), out)
	return err
}

func statsCmd(a *app) *cobra.Command {
	var topic string
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "stats",
		Short:   "Progress by topic",
		Example: "  rehearse stats\n  rehearse stats --topic databases --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.review(cmd, topic, asJSON, tui.StartStats, func(st *store.Store, b *bank.Bank) error {
				ov, err := st.Stats(topic, a.now())
				if err != nil {
					return err
				}
				if asJSON {
					return report.StatsJSON(a.stdout, ov, b)
				}
				return report.StatsText(a.out(), ov, b)
			})
		},
	}
	cmd.Flags().StringVarP(&topic, "topic", "t", "", "only this topic")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see README.md for the fields)")
	return cmd
}

// noArgs refuses arguments to a command that takes none, as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usage(fmt.Errorf("%s takes no arguments; it got %q (see %s --help)", cmd.CommandPath(), args[0], cmd.CommandPath()))
	}
	return nil
}

// minArgs is cobra.MinimumNArgs with a usage error that names the arguments.
func minArgs(n int, name, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usage(fmt.Errorf("%s needs %s (%s)", cmd.CommandPath(), name, what))
		}
		return nil
	}
}

// exactArgs is cobra.ExactArgs with a usage error that names the argument.
func exactArgs(n int, name, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usage(fmt.Errorf("%s takes %d argument, %s (%s); it got %d", cmd.CommandPath(), n, name, what, len(args)))
		}
		return nil
	}
}
