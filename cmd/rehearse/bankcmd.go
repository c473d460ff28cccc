package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/report"
	"github.com/rehearse-app/rehearse/tui"
)

func topicsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "topics",
		Short: "List the topics with their question counts",
		Args:  noArgs,
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
	var kind, level string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "questions",
		Short: "Browse the questions and practise some",
		Long: "On a terminal, the question browser: search, filter, see what is due, and practise the\n" +
			"questions you pick. Piped, the questions as plain text; with --json, with their schedule.",
		Example: "  rehearse questions -t databases -k technical\n" +
			"  rehearse questions --level senior --json | jq '.[] | select(.due)'",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			f, err := a.filter(b, topics, kind, level)
			if err != nil {
				return err
			}
			if !asJSON && isTerminal(a.stdin) && isTerminal(a.stdout) {
				opts := tui.Options{Start: tui.StartQuestions, Kind: f.Kind}
				if len(f.Topics) > 0 {
					opts.Topic = f.Topics[0]
				}
				if len(f.Levels) > 0 {
					opts.Level = f.Levels[0]
				}
				return a.runTUI(cmd.Context(), opts, true)
			}
			if !asJSON {
				return report.Questions(a.out(), b.Select(f))
			}
			st, err := a.openReader()
			if err != nil {
				return err
			}
			defer st.Close()
			states, err := st.States()
			if err != nil {
				return err
			}
			return report.QuestionsJSON(a.stdout, b.Select(f), states, a.now())
		},
	}
	cmd.Flags().StringSliceVarP(&topics, "topic", "t", nil, "only questions on these topics (repeatable or comma list)")
	cmd.Flags().StringVarP(&kind, "kind", "k", "any", "behavioral, technical or any")
	cmd.Flags().StringVarP(&level, "level", "l", "", "junior, mid, senior or staff (default all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON, with each question's schedule")
	return cmd
}

func bankCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bank",
		Short: "Work with question bank files",
		Args:  noArgs,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check FILE...",
		Short: "Validate bank files; print file:line:col for every problem",
		Args:  minArgs(1, "FILE...", "the bank files to check"),
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
