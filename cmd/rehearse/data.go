package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/archive"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/store"
)

func doctorCmd(a *app) *cobra.Command {
	var repair bool
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database; --repair rescues it",
		Long: "Check the database without changing it: its pages, schema and buckets, that every index entry\n" +
			"points at an answer and every answer is indexed, and that the figures and the schedule equal a\n" +
			"recount. It exits 1 when it finds a problem. With --repair, everything readable is copied into\n" +
			"a new file with its indexes, figures and schedule computed again; the old file is kept beside it.",
		Example: "  rehearse doctor\n  rehearse doctor --repair",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, _ := a.dbPathOf()
			d, err := store.Diagnose(path)
			if err != nil {
				return err
			}
			printDiagnosis(a, d)
			if len(d.Problems) == 0 {
				if repair {
					fmt.Fprintln(a.stdout, "Nothing to repair.")
				}
				return nil
			}
			if !repair {
				return fmt.Errorf("%s has %s; `rehearse doctor --repair` copies what can be read into a new file and keeps this one beside it",
					path, human.Count(len(d.Problems), "problem"))
			}
			if !d.Readable {
				return fmt.Errorf("%s cannot be opened at all, so nothing can be copied out of it; it is left as it is", path)
			}
			got, err := store.Repair(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Repaired %s: copied %s and %s", path, human.Count(got.Sessions, "session"), human.Count(got.Attempts, "answer"))
			if got.Draft {
				fmt.Fprint(a.stdout, ", the draft")
			}
			if got.Plan {
				fmt.Fprint(a.stdout, ", the plan")
			}
			fmt.Fprintln(a.stdout, ".")
			if got.LostSessions+got.LostAttempts > 0 || got.UnreadableRest {
				fmt.Fprintf(a.stdout, "Lost: %s and %s that could not be read", human.Count(got.LostSessions, "session"), human.Count(got.LostAttempts, "answer"))
				if got.UnreadableRest {
					fmt.Fprint(a.stdout, ", and what lay behind a damaged page")
				}
				fmt.Fprintln(a.stdout, ".")
			}
			if got.RebuiltSessions > 0 {
				fmt.Fprintf(a.stdout, "%s had lost their header and were made again from their answers.\n", human.Count(got.RebuiltSessions, "session"))
			}
			_, err = fmt.Fprintf(a.stdout, "The damaged file is kept as %s.\n", got.Original)
			return err
		},
	}
	cmd.Flags().BoolVar(&repair, "repair", false, "copy what is readable into a new file")
	return cmd
}

func printDiagnosis(a *app, d *store.Diagnosis) {
	fmt.Fprintf(a.stdout, "%s\n", d.Path)
	if d.Readable && d.Schema > 0 {
		draft := ""
		if d.Draft {
			draft = " · a draft"
		}
		fmt.Fprintf(a.stdout, "  schema %d · %s · %s%s\n", d.Schema, human.Count(d.Sessions, "session"), human.Count(d.Attempts, "answer"), draft)
	}
	if len(d.Problems) == 0 {
		fmt.Fprintln(a.stdout, "  Sound: its pages, links, figures and schedule all check out.")
		return
	}
	fmt.Fprintf(a.stdout, "  %s:\n", human.Count(len(d.Problems), "problem"))
	for _, p := range d.Problems {
		fmt.Fprintf(a.stdout, "  - %s\n", strings.ReplaceAll(p, "\n", "\n    "))
	}
}

func importCmd(a *app) *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Merge sessions from export or rescue files",
		Long: "Merge the sessions of export files (`rehearse export`) or rescue files into the database, one\n" +
			"transaction per file. A session already here gains only the answers it lacks, so importing a\n" +
			"file twice adds nothing; sessions from elsewhere are marked with where they came from. This is\n" +
			"also how to move your practice between machines.",
		Example: "  rehearse import rehearse-laptop.json\n  rehearse import --dry-run ~/.local/state/rehearse/rehearse-rescue-*.json",
		Args:    minArgs(1, "FILE...", "export or rescue files"),
		RunE: func(cmd *cobra.Command, files []string) error {
			var docs [][]store.Imported
			for _, file := range files {
				f, err := os.Open(file)
				if err != nil {
					return err
				}
				doc, err := archive.Read(f)
				f.Close()
				if err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
				var sessions []store.Imported
				for _, s := range doc.Sessions {
					sess, attempts := s.ToStore()
					sessions = append(sessions, store.Imported{Session: sess, Attempts: attempts})
				}
				docs = append(docs, sessions)
			}
			if dryRun {
				path, _ := a.dbPathOf()
				if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
					// Nothing to compare with, and nothing to make.
					for i, file := range files {
						answers := 0
						for _, s := range docs[i] {
							answers += len(s.Attempts)
						}
						fmt.Fprintf(a.stdout, "%s: would add %s in %s (%d new) to a new database at %s\n", file,
							human.Count(answers, "answer"), human.Count(len(docs[i]), "session"), len(docs[i]), path)
					}
					return nil
				}
			}
			st, err := a.openWriter()
			if err != nil {
				return err
			}
			defer st.Close()
			verb := "added"
			if dryRun {
				verb = "would add"
			}
			for i, file := range files {
				rep, err := st.Import(docs[i], "imported from "+filepath.Base(file), dryRun)
				if err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
				fmt.Fprintf(a.stdout, "%s: %s %s in %s (%d new); %s already here\n", file, verb,
					human.Count(rep.AttemptsAdded, "answer"), human.Count(rep.SessionsAdded+rep.SessionsMerged, "session"),
					rep.SessionsAdded, human.Count(rep.AttemptsKnown, "answer"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "say what would change, and change nothing")
	return cmd
}
