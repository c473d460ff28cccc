package archive

import (
	"strings"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

func TestNotesStayText(t *testing.T) {
	a := store.Attempt{Index: 0, Attempt: practice.Attempt{
		Question: practice.QuestionSnapshot{ID: "q", Kind: "behavioral", Prompt: "Why *this*?", Cover: []string{"the [link](x)"}},
		Steps:    []practice.Step{{Kind: practice.PhaseStep, Name: "situation", Spent: 30 * time.Second, Target: 36 * time.Second, Notes: "# not a heading\n<b>raw</b> and `code`"}},
		Rating:   practice.Rating{Phases: []int{4}, Overall: 4, Covered: []string{"the [link](x)"}},
		Started:  time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC),
	}}
	md := AttemptMarkdown(FromAttempt(a, nil), "## 1. ")
	for _, want := range []string{`## 1. Why \*this\*?`, `> \# not a heading  ` + "\n" + `> \<b\>raw\</b\> and \` + "`code\\`", `- [x] the \[link\](x)`, "**Situation** (0:30 of 0:36 · ★★★★☆)"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
