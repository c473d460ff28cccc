package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/coach"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/report"
)

func nextCmd(a *app) *cobra.Command {
	var n int
	var topics []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "next",
		Short: "What smart selection would draw now, and why",
		Long: "What smart selection would draw now, each with its reason: questions due again first (most\n" +
			"overdue first), then unseen ones spread across the topics, then the weakest, then the least\n" +
			"recently practised. With a plan, its topics; in its last three days, the weakest first.",
		Example: "  rehearse next\n  rehearse next -n 10 -t databases --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 1 || n > 200 {
				return usage(fmt.Errorf("-n must be between 1 and 200, not %d", n))
			}
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			f, err := a.filter(b, topics, "any", "")
			if err != nil {
				return err
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
			plan, err := st.Plan()
			if err != nil {
				return err
			}
			now := a.now()
			if len(f.Topics) == 0 && plan.Active(now) {
				f.Topics = plan.Topics
			}
			picks := coach.Select(b.Select(f), states, now, n, coach.DaySeed(now), plan)
			if asJSON {
				return report.NextJSON(a.stdout, picks, now)
			}
			return report.NextText(a.out(), picks, now)
		},
	}
	cmd.Flags().IntVarP(&n, "count", "n", coach.DefaultPerDay, "how many questions")
	cmd.Flags().StringSliceVarP(&topics, "topic", "t", nil, "only these topics (default: the plan's, else all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (see README.md for the fields)")
	return cmd
}

func planCmd(a *app) *cobra.Command {
	var on string
	var topics []string
	var perDay int
	var clear bool
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "The day and topics of an interview",
		Long: "Set the date and topics of an interview to prepare for. Every question on its topics is then\n" +
			"scheduled to come back before the day, the home screen counts the days and offers the day's\n" +
			"set, and the last three days favour your weakest questions. Without flags, show the plan.",
		Example: "  rehearse plan --on 2026-12-07 -t databases,distributed-systems,system-design\n" +
			"  rehearse plan --clear",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			setting := on != "" || len(topics) > 0 || cmd.Flags().Changed("per-day")
			switch {
			case clear && setting:
				return usage(errors.New("--clear goes alone, without --on, --topic or --per-day"))
			case setting && on == "":
				return usage(errors.New("--on DATE is needed to set a plan (as YYYY-MM-DD)"))
			case perDay < 1 || perDay > 50:
				return usage(fmt.Errorf("--per-day must be between 1 and 50, not %d", perDay))
			}
			if !setting && !clear {
				st, err := a.openReader()
				if err != nil {
					return err
				}
				defer st.Close()
				plan, err := st.Plan()
				if err != nil {
					return err
				}
				return printPlan(a, plan, b)
			}
			var plan *coach.Plan
			if setting {
				if plan, err = parsePlan(b, on, topics, perDay, a.now()); err != nil {
					return err
				}
			}
			st, err := a.openWriter()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.SetPlan(plan); err != nil {
				return err
			}
			if plan == nil {
				_, err := fmt.Fprintln(a.stdout, "The plan is cleared.")
				return err
			}
			return printPlan(a, plan, b)
		},
	}
	cmd.Flags().StringVar(&on, "on", "", "the day of the interview, YYYY-MM-DD")
	cmd.Flags().StringSliceVarP(&topics, "topic", "t", nil, "the topics it covers (repeatable or comma list; default all)")
	cmd.Flags().IntVar(&perDay, "per-day", coach.DefaultPerDay, "questions in a day's set")
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the plan")
	return cmd
}

// parsePlan checks the plan's flags: a date today or later, known topics.
func parsePlan(b *bank.Bank, on string, topics []string, perDay int, now time.Time) (*coach.Plan, error) {
	date, err := time.ParseInLocation(time.DateOnly, on, time.Local)
	if err != nil {
		return nil, usage(fmt.Errorf("--on %q is not a date; write it as YYYY-MM-DD, such as %s", on, now.AddDate(0, 0, 14).Format(time.DateOnly)))
	}
	if date.Before(coach.Day(now)) {
		return nil, usage(fmt.Errorf("--on %s is in the past; give the day of an interview to come", on))
	}
	if err := b.CheckTopics(topics); err != nil {
		return nil, usage(err)
	}
	return &coach.Plan{Date: date, Topics: topics, PerDay: perDay}, nil
}

func printPlan(a *app, plan *coach.Plan, b *bank.Bank) error {
	if plan == nil {
		_, err := fmt.Fprintln(a.stdout, "No plan. `rehearse plan --on YYYY-MM-DD -t topics` sets the date and topics of an interview.")
		return err
	}
	now := a.now()
	topics := "all topics"
	if len(plan.Topics) > 0 {
		topics = strings.Join(plan.Topics, ", ")
	}
	when := "today"
	switch days := plan.DaysLeft(now); {
	case days > 0:
		when = "in " + human.Count(days, "day")
	case days < 0:
		when = human.Count(-days, "day") + " ago"
	}
	n := len(b.Select(bank.Filter{Topics: plan.Topics}))
	_, err := fmt.Fprintf(a.stdout, "Interview on %s (%s) · %s · %s · %s a day\n",
		plan.Date.Format("Mon 2 Jan 2006"), when, topics, human.Count(n, "question"), human.Count(plan.Size(), "question"))
	return err
}
