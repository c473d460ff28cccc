package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
	"github.com/rehearse-app/rehearse/tui"
)

func practiceCmd(a *app) *cobra.Command {
	var (
		topics, questions []string
		kind, level       string
		order             string
		settings          practice.Settings
	)
	cmd := &cobra.Command{
		Use:   "practice",
		Short: "Start a practice session at once",
		Long: "Start a practice session at once. By default smart selection draws the questions: those due\n" +
			"again first, then unseen ones spread across the topics, then the weakest (see `rehearse next`).",
		Example: "  rehearse practice -t databases,apis -k technical -n 3\n" +
			"  rehearse practice --kind behavioral --minutes 2 --order random --seed 42\n" +
			"  rehearse practice --question cap-theorem --question sql-vs-nosql",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if settings.Count < 1 || settings.Count > 50 {
				return usage(fmt.Errorf("--count must be between 1 and 50, not %d", settings.Count))
			}
			if !(settings.Minutes >= 0 && settings.Minutes <= 60) { // also refuses NaN
				return usage(fmt.Errorf("--minutes must be a number between 0 and 60 (0: the bank's), not %g", settings.Minutes))
			}
			if order != practice.OrderSmart && order != practice.OrderRandom {
				return usage(fmt.Errorf("unknown order %q; valid orders: smart, random", order))
			}
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			f, err := a.filter(b, topics, kind, level)
			if err != nil {
				return err
			}
			for _, id := range questions {
				if _, ok := b.Question(id); !ok {
					return usage(fmt.Errorf("unknown question %q; `rehearse questions` lists them", id))
				}
			}
			settings.Topics, settings.Kind, settings.Levels, settings.Order = f.Topics, f.Kind, f.Levels, order
			if len(questions) > 0 && (len(topics) > 0 || kind != "any" || level != "") {
				return usage(errors.New("--question names the questions: it goes without --topic, --kind and --level"))
			}
			return a.runTUI(cmd.Context(), tui.Options{Settings: settings, Questions: questions, Start: tui.StartPractice}, false)
		},
	}
	cmd.Flags().StringSliceVarP(&topics, "topic", "t", nil, "topics to draw from (repeatable or comma list; default all)")
	cmd.Flags().StringVarP(&kind, "kind", "k", "any", "behavioral, technical or any")
	cmd.Flags().StringVarP(&level, "level", "l", "", "junior, mid, senior or staff (default all)")
	cmd.Flags().IntVarP(&settings.Count, "count", "n", practice.DefaultCount, "questions in the session")
	cmd.Flags().Float64VarP(&settings.Minutes, "minutes", "m", 0, "target minutes per answer (default: the bank's)")
	cmd.Flags().Uint64Var(&settings.Seed, "seed", 0, "seed for a reproducible draw (default: random)")
	cmd.Flags().StringVar(&order, "order", practice.OrderSmart, "smart (due, unseen, weakest) or random")
	cmd.Flags().StringArrayVar(&questions, "question", nil, "practise this question id (repeatable)")
	return cmd
}

// runTUI opens the bank and the database and runs the terminal interface
// with opts; it needs a terminal on stdin and stdout. A reviewing screen
// (reading) does not make a database at a --db path that does not exist.
func (a *app) runTUI(ctx context.Context, opts tui.Options, reading bool) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return errors.New("the interactive screens need a terminal; without one, use `rehearse questions`, " +
			"`rehearse history`, `rehearse show ID`, `rehearse stats` or `rehearse next` (plain text or --json)")
	}
	b, err := a.loadBank()
	if err != nil {
		return err
	}
	path, explicit := a.dbPathOf()
	if reading && explicit {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("%w at %s; check --db (or REHEARSE_DB)", store.ErrNoDatabase, path)
		}
	}
	st, err := store.Open(path, store.Options{Session: true, Create: true})
	if reading && errors.Is(err, store.ErrLocked) {
		// Another rehearse is practising: its screens can still be read.
		return a.runReadingTUI(ctx, opts, b, path, err)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	opts.Bank, opts.Store = b, st
	return tui.Run(ctx, opts)
}

// runReadingTUI runs the review screens beside a practising rehearse:
// everything reads, and every write says why it cannot be done.
func (a *app) runReadingTUI(ctx context.Context, opts tui.Options, b *bank.Bank, path string, locked error) error {
	st, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	opts.Bank, opts.Store, opts.ReadOnly = b, readingStore{st, locked}, locked
	return tui.Run(ctx, opts)
}

// readingStore is a store opened beside a practising rehearse, which
// alone writes: its writes fail with the lock's message.
type readingStore struct {
	*store.Store
	locked error
}

func (r readingStore) CreateSession(*store.Session) error { return r.locked }
func (r readingStore) SaveAttempt(*store.Attempt) error   { return r.locked }
func (r readingStore) SaveDraft(*store.Draft) error       { return r.locked }
func (r readingStore) KeepDraft() error                   { return r.locked }
func (r readingStore) DeleteDraft() error                 { return r.locked }
func (r readingStore) DeleteSession(uint64) error         { return r.locked }

func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(file.Fd())
}

// filter turns --topic, --kind and --level into a bank.Filter; an unknown
// topic, kind or level is a usage error that lists the valid ones.
func (a *app) filter(b *bank.Bank, topics []string, kind, level string) (bank.Filter, error) {
	if err := b.CheckTopics(topics); err != nil {
		return bank.Filter{}, usage(err)
	}
	k, err := bank.ParseKind(kind)
	if err != nil {
		return bank.Filter{}, usage(err)
	}
	f := bank.Filter{Topics: slices.Compact(topics), Kind: k}
	if level != "" {
		l, err := bank.ParseLevel(level)
		if err != nil {
			return bank.Filter{}, usage(err)
		}
		f.Levels = []bank.Level{l}
	}
	return f, nil
}
