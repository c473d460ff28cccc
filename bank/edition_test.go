package bank_test

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rehearse-app/rehearse/bank"
)

// The built-in bank is held to more than the loader asks of a user's bank:
// every field filled, in the right amounts, and timed sensibly.

// TestEmbeddedBankIsComplete checks the counts and every field of every
// question of the built-in bank.
func TestEmbeddedBankIsComplete(t *testing.T) {
	b := loadEmbedded(t)
	if n := len(b.Questions); n < 170 {
		t.Errorf("%d questions, want at least 170", n)
	}
	if n := len(b.Topics); n < 18 {
		t.Errorf("%d topics, want at least 18", n)
	}
	counts := b.CountByTopic("")
	for _, topic := range b.Topics {
		if counts[topic.ID] < 4 {
			t.Errorf("topic %s has %d questions, want at least 4", topic.ID, counts[topic.ID])
		}
		if len(topic.Terms) < 8 {
			t.Errorf("topic %s has %d job terms, want at least 8", topic.ID, len(topic.Terms))
		}
	}
	levels := map[bank.Level]int{}
	frames := map[string]int{}
	for _, q := range b.Questions {
		levels[q.Level]++
		frames[b.FrameFor(q).Name]++
		words := len(strings.Fields(q.Example))
		switch {
		case q.Example == "":
			t.Errorf("%s: no example answer", q.ID)
		case words < 120 || words > 300:
			t.Errorf("%s: the example has %d words, want 120-300", q.ID, words)
		}
		if n := len(q.RedFlags); n < 2 || n > 4 {
			t.Errorf("%s: %d red flags, want 2-4", q.ID, n)
		}
		if q.Kind == bank.Behavioral && len(q.Competencies) == 0 {
			t.Errorf("%s: a behavioral question names no competency", q.ID)
		}
		if q.Kind == bank.Technical && q.Outline == "" {
			t.Errorf("%s: a technical question needs an outline", q.ID)
		}
		if q.Probes == "" || q.Guidance == "" || len(q.Cover) < 4 || len(q.Followups) < 2 {
			t.Errorf("%s: probes, guidance, 4+ areas and 2+ follow-ups are required", q.ID)
		}
	}
	for _, l := range bank.AllLevels() {
		least := 10
		if l == bank.Staff {
			least = 3
		}
		if levels[l] < least {
			t.Errorf("%d %s questions, want at least %d", levels[l], l, least)
		}
	}
	for _, f := range []string{"star", "explain", "design", "coding", "pitch"} {
		if frames[f] < 4 {
			t.Errorf("%d questions in the %s frame, want at least 4", frames[f], f)
		}
	}
	if counts["system-design"] < 10 || counts["golang"] < 6 || counts["testing"] < 6 {
		t.Errorf("tracks: %d system-design, %d golang, %d testing; want 10, 6 and 6", counts["system-design"], counts["golang"], counts["testing"])
	}
}

// TestTimingIsSane: every question's frame and minutes fit its shape: a
// design round is long, a pitch short.
func TestTimingIsSane(t *testing.T) {
	b := loadEmbedded(t)
	limits := map[string][2]float64{
		"star": {2, 5}, "explain": {3, 8}, "design": {35, 45}, "coding": {20, 45}, "pitch": {1.5, 3},
	}
	for _, q := range b.Questions {
		f := b.FrameFor(q)
		m := b.MinutesFor(q)
		lim, ok := limits[f.Name]
		if !ok {
			t.Errorf("%s: frame %q has no limits here", q.ID, f.Name)
			continue
		}
		if m < lim[0] || m > lim[1] {
			t.Errorf("%s: %g minutes in the %s frame, want %g-%g", q.ID, m, f.Name, lim[0], lim[1])
		}
		if f.Name == "design" && !slices.Contains(q.Topics, "system-design") {
			t.Errorf("%s: a question in the design frame belongs to the system-design topic", q.ID)
		}
	}
	for name, f := range b.Frames {
		var sum float64
		for _, s := range f.Shares {
			sum += s
		}
		if math.Abs(sum-1) > 1e-9 || len(f.Hints) != len(f.Phases) {
			t.Errorf("frame %s: shares sum to %g, %d hints for %d phases", name, sum, len(f.Hints), len(f.Phases))
		}
	}
}

// phaseLabel finds the time shares guidance states: bold phase names
// joined by "/", then "(~NN%)".
var phaseLabel = regexp.MustCompile(`\*\*([A-Za-z][A-Za-z /-]*?)\s*\(~?(\d+)%\)\*\*`)

// TestGuidanceSharesMatchTheFrame: every share of time stated in guidance
// is the sum of the shares of the named phases in the question's frame.
func TestGuidanceSharesMatchTheFrame(t *testing.T) {
	b := loadEmbedded(t)
	labels := 0
	for _, q := range b.Questions {
		f := b.FrameFor(q)
		for _, text := range []string{q.Guidance, q.Outline} {
			for _, m := range phaseLabel.FindAllStringSubmatch(text, -1) {
				labels++
				want, err := shareOf(f, m[1])
				if err != nil {
					t.Errorf("%s: %q: %v", q.ID, m[0], err)
					continue
				}
				if got, _ := strconv.Atoi(m[2]); got != want {
					t.Errorf("%s: %q says %d%%, the %s frame gives %d%%", q.ID, m[0], got, f.Name, want)
				}
			}
			// A percentage right after a phase name that is not a label
			// of the form above would escape this check.
			for _, p := range f.Phases {
				loose := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(strings.ReplaceAll(p, "-", " ")) + `\b[^*\n]{0,3}\(~?\d+%\)`)
				if m := loose.FindString(text); m != "" && !phaseLabel.MatchString("**"+m+"**") {
					t.Errorf("%s: %q states a phase's share outside a label", q.ID, m)
				}
			}
		}
	}
	if labels < 100 {
		t.Errorf("only %d phase labels in the whole bank", labels)
	}
}

// shareOf adds up the shares of the phases named in label ("Situation/Task").
func shareOf(f bank.Frame, label string) (int, error) {
	var sum float64
	for _, name := range strings.Split(label, "/") {
		name = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), " ", "-"))
		i := slices.Index(f.Phases, name)
		if i < 0 {
			return 0, fmt.Errorf("%q is not a phase of the %s frame (%s)", name, f.Name, strings.Join(f.Phases, ", "))
		}
		sum += f.Shares[i]
	}
	return int(math.Round(100 * sum)), nil
}
