package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// SessionMarkdown writes one session as markdown: a heading with its
// figures, then every answer with its notes per phase and time against
// target, its follow-ups, ratings and areas covered. The same text is
// rendered in the history screen, printed by `show --markdown` and
// exported.
func SessionMarkdown(sum store.SessionSummary, attempts []store.Attempt) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Session %d · %s\n\n", sum.ID, sum.Started.Local().Format("Mon 2 Jan 2006, 15:04"))
	fmt.Fprintf(&b, "%d of %d questions answered", sum.Answered, len(sum.Questions))
	if sum.Skipped > 0 {
		fmt.Fprintf(&b, ", %d skipped", sum.Skipped)
	}
	fmt.Fprintf(&b, " · %s of %s", Clock(sum.Spent), Clock(sum.Target))
	if sum.Rated > 0 {
		fmt.Fprintf(&b, " · average rating %.1f of 5", sum.AvgOverall)
	}
	if len(sum.Topics) > 0 {
		fmt.Fprintf(&b, "\n\nTopics: %s", strings.Join(sum.Topics, ", "))
	}
	b.WriteString("\n")
	for _, a := range attempts {
		b.WriteString("\n" + AttemptMarkdown(a, fmt.Sprintf("## %d. ", a.Index+1)))
	}
	if len(attempts) == 0 {
		b.WriteString("\n*No answer was saved in this session.*\n")
	}
	return b.String()
}

// AttemptMarkdown writes one answer as markdown under a heading that starts
// with prefix.
func AttemptMarkdown(a store.Attempt, prefix string) string {
	var b strings.Builder
	q := a.Question
	fmt.Fprintf(&b, "%s%s\n\n", prefix, escape(q.Prompt))
	fmt.Fprintf(&b, "*%s · %s · %s · %s* · `%s`\n\n", q.Kind, q.Level, strings.Join(q.Topics, ", "), when(a.Started), q.ID)
	if a.Skipped {
		b.WriteString("Skipped.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "**Time** %s of %s · **Overall** %s\n\n", Clock(spent(a.Attempt)), Clock(a.Target()), Stars(a.Rating.Overall))
	for i, s := range a.Steps {
		if s.Kind == practice.FollowupStep {
			fmt.Fprintf(&b, "**Follow-up: %s** (%s of %s)\n\n", escape(s.Prompt), Clock(s.Spent), Clock(s.Target))
		} else {
			rating := ""
			if i < len(a.Rating.Phases) {
				rating = " · " + Stars(a.Rating.Phases[i])
			}
			fmt.Fprintf(&b, "**%s** (%s of %s%s)\n\n", Title(s.Name), Clock(s.Spent), Clock(s.Target), rating)
		}
		b.WriteString(notes(s.Notes) + "\n\n")
	}
	if len(q.Cover) > 0 {
		b.WriteString("**Areas covered**\n\n")
		for _, area := range q.Cover {
			box := "[ ]"
			for _, c := range a.Rating.Covered {
				if c == area {
					box = "[x]"
				}
			}
			fmt.Fprintf(&b, "- %s %s\n", box, escape(area))
		}
		b.WriteString("\n")
	}
	if a.Rating.NextTime != "" {
		fmt.Fprintf(&b, "**Next time:** %s\n", escape(a.Rating.NextTime))
	}
	return b.String()
}

// notes quotes typed notes so that markdown in them stays text.
func notes(s string) string {
	if strings.TrimSpace(s) == "" {
		return "*no notes*"
	}
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "> " + escape(l)
	}
	return strings.Join(lines, "  \n")
}

// escape keeps characters that markdown would read as formatting.
func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "#", `\#`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`)
	return r.Replace(s)
}

func spent(a practice.Attempt) time.Duration {
	var d time.Duration
	for _, s := range a.Steps {
		d += s.Spent
	}
	return d
}

func when(t time.Time) string { return t.Local().Format("2 Jan 2006 15:04") }

// Clock formats a duration as m:ss.
func Clock(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

// Stars draws a rating of 1-5 as stars; 0 is unrated.
func Stars(n int) string {
	if n <= 0 {
		return "unrated"
	}
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

// Title capitalises a phase name.
func Title(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + name[1:]
}
