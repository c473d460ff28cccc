package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
)

// Shell completions: every flag with a fixed set of values offers them,
// topics and question ids come from the bank (with the user's banks), and
// session ids from the database, each with a short description. Flags
// that take a number offer nothing rather than file names.

// completeFlags registers the completion of each known flag on cmd and
// every command below it; a command without arguments offers no files.
func (a *app) completeFlags(cmd *cobra.Command) {
	values := map[string]cobra.CompletionFunc{
		"topic":    a.completeTopics,
		"question": a.completeQuestions,
		"kind":     fixed(append([]string{"any"}, names(bank.AllKinds())...)...),
		"level":    fixed(names(bank.AllLevels())...),
		"format":   fixed("json", "markdown"),
		"order":    fixed(practice.OrderSmart, practice.OrderRandom),
	}
	for _, name := range []string{"count", "minutes", "seed", "per-day", "on"} {
		values[name] = cobra.NoFileCompletions
	}
	for name, complete := range values {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, complete) // fails only when registered twice
		}
	}
	if cmd.ValidArgsFunction == nil && !strings.Contains(cmd.Use, " ") {
		cmd.ValidArgsFunction = cobra.NoFileCompletions // a command without arguments
	}
	for _, sub := range cmd.Commands() {
		a.completeFlags(sub)
	}
}

// names turns the bank's kinds or levels into the words the flags take.
func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// fixed completes one of a fixed set of values.
func fixed(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeTopics offers the bank's topics with their names; after a
// comma, the next topic of the list, among those not in it yet.
func (a *app) completeTopics(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	b, err := a.loadBank()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	before := ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		before = toComplete[:i+1]
	}
	chosen := strings.Split(before, ",")
	var out []cobra.Completion
	for _, t := range b.Topics {
		if !slices.Contains(chosen, t.ID) {
			out = append(out, cobra.CompletionWithDesc(before+t.ID, t.Name))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeQuestions offers question ids with the start of their prompts.
func (a *app) completeQuestions(_ *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	b, err := a.loadBank()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, q := range b.Questions {
		out = append(out, cobra.CompletionWithDesc(q.ID, ansi.Truncate(q.Prompt, 60, "…")))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeSessionID offers the ids of the newest sessions, each with its
// day and topics, for a command whose one argument is a session id.
func (a *app) completeSessionID(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	st, err := a.openReader()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	defer st.Close()
	page, _, err := st.Summaries("", nil, 100)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var out []cobra.Completion
	for _, s := range page {
		desc := fmt.Sprintf("%s · %s · %d/%d answered", s.Started.Local().Format("2006-01-02 15:04"),
			strings.Join(s.Topics, ", "), s.Answered, len(s.Questions))
		out = append(out, cobra.CompletionWithDesc(strconv.FormatUint(s.ID, 10), desc))
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}
