package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/report"
	"github.com/rehearse-app/rehearse/store"
	"github.com/rehearse-app/rehearse/tui"
)

// openStore opens the database of --db, REHEARSE_DB or the XDG default.
func (a *app) openStore() (*store.Store, error) {
	path := a.dbPath
	if path == "" {
		path = store.DefaultPath(os.Getenv)
	}
	return store.Open(path)
}

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
		return a.runTUI(cmd.Context(), tui.Options{Start: screen, Topic: topic})
	}
	st, err := a.openStore()
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
		Short: "Past sessions, newest first: the history screen, plain text, or JSON",
		Args:  cobra.NoArgs,
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
		Use:   "show ID",
		Short: "One session with every answer: rendered, markdown, or JSON",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return usage(fmt.Errorf("%q is not a session id: ids are the numbers `rehearse history` lists", args[0]))
			}
			if asJSON && asMarkdown {
				return usage(errors.New("choose one of --json and --markdown"))
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			sum, err := st.Summary(id)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("there is no session %d in %s; `rehearse history` lists the sessions", id, st.Path())
			}
			if err != nil {
				return err
			}
			_, attempts, err := st.Session(id)
			if err != nil {
				return err
			}
			switch {
			case asJSON:
				return report.SessionJSON(a.stdout, *sum, attempts)
			case asMarkdown || !isTerminal(a.stdout):
				_, err = io.WriteString(a.stdout, report.SessionMarkdown(*sum, attempts))
				return err
			}
			return a.printMarkdown(report.SessionMarkdown(*sum, attempts))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see README.md for the fields)")
	cmd.Flags().BoolVar(&asMarkdown, "markdown", false, "print markdown")
	return cmd
}

// printMarkdown renders markdown for the terminal on stdout.
func (a *app) printMarkdown(md string) error {
	style := "dark"
	if !termIsDark() {
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
		Use:   "stats",
		Short: "Progress by topic: the stats screen, plain text, or JSON",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.review(cmd, topic, asJSON, tui.StartStats, func(st *store.Store, b *bank.Bank) error {
				ov, err := st.Stats(topic, time.Now())
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

func exportCmd(a *app) *cobra.Command {
	var format, output string
	var force bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Every session, as JSON or markdown, to a file or stdout",
		Example: "  rehearse export -o rehearse.json\n" +
			"  rehearse export --format markdown -o - | less",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "json" && format != "markdown" {
				return usage(fmt.Errorf("unknown format %q; valid formats: json, markdown", format))
			}
			st, err := a.openStore()
			if err != nil {
				return err
			}
			defer st.Close()
			write := func(w io.Writer) error { return report.Export(w, st, format) }
			if output == "-" {
				return write(a.stdout)
			}
			if err := writeFile(output, force, write); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stderr, "exported to %s\n", output)
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "json or markdown")
	cmd.Flags().StringVarP(&output, "output", "o", "-", "file to write; - is stdout")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	return cmd
}

// writeFile writes a new file (mode 0600) through a temporary file renamed
// into place, so a failed export leaves nothing half-written. It refuses an
// existing file unless force is set.
func writeFile(path string, force bool, write func(io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil && !force {
		return fmt.Errorf("%s exists; use --force to overwrite it", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if !force {
		// Refuse a file that appeared meanwhile: link fails if it exists.
		if err := os.Link(tmp.Name(), path); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	return os.Rename(tmp.Name(), path)
}
