package main

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/store"
)

func deleteCmd(a *app) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "delete ID",
		Short: "Delete a session and its answers",
		Long: "Delete a session: its answers, its draft if it has one, and its share of the\n" +
			"figures, in one transaction; the schedule of its questions is worked out\n" +
			"again from the answers left. It asks first; --yes does not.",
		Example:           "  rehearse delete 12\n  rehearse delete 12 --yes",
		Args:              exactArgs(1, "ID", "the number `rehearse history` lists"),
		ValidArgsFunction: a.completeSessionID,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseSessionID(args[0])
			if err != nil {
				return err
			}
			st, err := a.openWriter()
			if err != nil {
				return err
			}
			defer st.Close()
			sum, _, err := findSession(st, id)
			if err != nil {
				return err
			}
			what := describeSession(*sum)
			if !yes {
				fmt.Fprintf(a.stdout, "Delete %s? [y/N] ", what)
				answer, _ := bufio.NewReader(a.stdin).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
					return fmt.Errorf("session %d is not deleted (answer y to delete it, or pass --yes)", id)
				}
			}
			if err := st.DeleteSession(id); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stdout, "Deleted %s.\n", what)
			return err
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return cmd
}

// parseSessionID reads a session id from the command line; anything but a
// positive number is a usage error.
func parseSessionID(arg string) (uint64, error) {
	id, err := strconv.ParseUint(arg, 10, 64)
	if err != nil || id == 0 {
		return 0, usage(fmt.Errorf("%q is not a session id: ids are the numbers `rehearse history` lists", arg))
	}
	return id, nil
}

// findSession reads session id with its answers; an id not in the
// database gets a message that says where to look.
func findSession(st *store.Store, id uint64) (*store.SessionSummary, []store.Attempt, error) {
	sum, attempts, err := st.Session(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, fmt.Errorf("there is no session %d in %s; `rehearse history` lists the sessions", id, st.Path())
	}
	return sum, attempts, err
}

// describeSession names a session for a question or a message: its id,
// when, its topics and how far it got.
func describeSession(s store.SessionSummary) string {
	return fmt.Sprintf("session %d (%s, %s, %d of %d answered)", s.ID, s.Started.Local().Format("2006-01-02 15:04"),
		strings.Join(s.Topics, ", "), s.Answered, len(s.Questions))
}
