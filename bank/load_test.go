package bank_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
)

// goodQuestion is a valid question of a user bank, indented as a list item
// of `questions:`; the broken banks below each change one thing of it.
const goodQuestion = `  - id: my-question
    kind: behavioral
    topics: [databases]
    level: mid
    prompt: Tell me about a schema you regret.
    probes: Whether you learn from design mistakes.
    cover: [the schema, the cost, the fix, the lesson]
    followups: [What would you do now?, Who noticed first?]
    guidance: Pick a real schema and the number it cost you.
`

func TestLoadEmbeddedBank(t *testing.T) {
	b, err := bank.Load(rehearse.QuestionsYAML)
	if err != nil {
		t.Fatalf("the embedded bank does not load:\n%v", err)
	}
	if n := len(b.Questions); n < 80 {
		t.Errorf("the bank has %d questions, want at least 80", n)
	}
	if n := len(b.Topics); n < 12 {
		t.Errorf("the bank has %d topics, want at least 12", n)
	}
	if len(b.Tips) == 0 {
		t.Error("the bank has no tips")
	}
	kinds, levels := map[bank.Kind]int{}, map[bank.Level]int{}
	for _, q := range b.Questions {
		kinds[q.Kind]++
		levels[q.Level]++
		if q.Prompt == "" || q.Probes == "" || q.Guidance == "" {
			t.Errorf("%s: prompt, probes and guidance are required", q.ID)
		}
		if n := len(q.Cover); n < 4 || n > 8 {
			t.Errorf("%s: %d areas to cover, want 4-8", q.ID, n)
		}
		if n := len(q.Followups); n < 2 || n > 5 {
			t.Errorf("%s: %d follow-ups, want 2-5", q.ID, n)
		}
		if q.Kind == bank.Technical && q.Outline == "" {
			t.Errorf("%s: a technical question needs an outline", q.ID)
		}
		if len(q.Topics) == 0 {
			t.Errorf("%s: no topics", q.ID)
		}
	}
	for _, k := range bank.AllKinds() {
		if kinds[k] < 20 {
			t.Errorf("%d %s questions, want at least 20", kinds[k], k)
		}
	}
	for _, l := range []bank.Level{bank.Junior, bank.Mid, bank.Senior} {
		if levels[l] < 10 {
			t.Errorf("%d %s questions, want at least 10", levels[l], l)
		}
	}
	counts := b.CountByTopic("")
	for _, topic := range b.Topics {
		if counts[topic.ID] < 3 {
			t.Errorf("topic %s has %d questions, want at least 3", topic.ID, counts[topic.ID])
		}
	}
}

func TestLoadUserBankAddsAndReplaces(t *testing.T) {
	dir := t.TempDir()
	replaced := strings.Replace(goodQuestion, "my-question", "slow-query-in-production", 1)
	path := write(t, dir, "mine.yaml", "version: 1\ntopics:\n  - {id: go, name: Go}\nquestions:\n"+
		strings.Replace(goodQuestion, "[databases]", "[go, databases]", 1)+replaced)
	base, err := bank.Load(rehearse.QuestionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bank.Load(rehearse.QuestionsYAML, path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(b.Questions), len(base.Questions)+1; got != want {
		t.Errorf("%d questions, want %d (one added, one replaced)", got, want)
	}
	q, ok := b.Question("slow-query-in-production")
	if !ok || q.Prompt != "Tell me about a schema you regret." {
		t.Errorf("the user question did not replace the embedded one: %+v", q)
	}
	if got := b.Select(bank.Filter{Topics: []string{"go"}}); len(got) != 1 || got[0].ID != "my-question" {
		t.Errorf("filter by the user's topic gave %v", got)
	}
}

func TestLoadRejectsBrokenBanks(t *testing.T) {
	q := func(old, new string) string {
		return "version: 1\nquestions:\n" + strings.Replace(goodQuestion, old, new, 1)
	}
	tests := []struct {
		name string
		data string
		want string // "line:col: message" that must appear after the file name
	}{
		{"unknown field", q("    level: mid\n", "    level: mid\n    answer: 42\n"),
			`:7:5: unknown field "answer" in a question; valid fields: id, kind, topics, level, prompt`},
		{"unknown top-level field", "version: 1\nquestion: []\n",
			`:2:1: unknown field "question" in the bank; valid fields: version, frames, kinds, topics, tips, questions`},
		{"duplicate key", q("    level: mid\n", "    level: mid\n    level: senior\n"),
			`:7:5: duplicate key "level" (first at line 6)`},
		{"duplicate id", "version: 1\nquestions:\n" + goodQuestion + goodQuestion,
			`:12:9: duplicate question id "my-question" (first at line 3)`},
		{"id not kebab-case", q("my-question", "My_Question"),
			`:3:9: question id "My_Question" must be kebab-case`},
		{"unknown topic", q("[databases]", "[databases, cooking]"),
			`:5:25: question "my-question": unknown topic "cooking"; valid topics: apis, databases,`},
		{"unknown kind", q("kind: behavioral", "kind: situational"),
			`:4:11: question "my-question": kind "situational" is not one of: behavioral, technical`},
		{"unknown level", q("level: mid", "level: principal"),
			`:6:12: question "my-question": level "principal" is not one of: junior, mid, senior, staff`},
		{"unknown frame", "version: 1\nkinds:\n  behavioral: {frame: stars, minutes: 3}\n",
			`:3:23: kind "behavioral" uses unknown frame "stars"; valid frames: coding, design, explain, pitch, star`},
		{"shares do not sum to 1", "version: 1\nframes:\n  star:\n    phases: [s, t, a, r]\n    shares: [0.2, 0.1, 0.5, 0.1]\n",
			`:5:13: shares of frame "star" sum to 0.9; they must sum to 1`},
		{"shares and phases differ", "version: 1\nframes:\n  two:\n    phases: [a, b]\n    shares: [1]\n",
			`:5:13: frame "two" has 2 phases but 1 shares; give one share per phase`},
		{"empty prompt", q("prompt: Tell me about a schema you regret.", `prompt: ""`),
			`:7:13: empty prompt`},
		{"missing prompt", q("    prompt: Tell me about a schema you regret.\n", ""),
			`:3:5: missing prompt`},
		{"too few areas", q("[the schema, the cost, the fix, the lesson]", "[the schema, the cost]"),
			`:9:12: cover needs 4 to 8 items, has 2`},
		{"too few follow-ups", q("[What would you do now?, Who noticed first?]", "[What would you do now?]"),
			`:10:16: followups needs 2 to 5 items, has 1`},
		{"over-long prompt", q("Tell me about a schema you regret.", strings.Repeat("word ", 80)+"end"),
			`:7:13: prompt is 403 characters; the limit is 300`},
		{"technical without outline", q("kind: behavioral", "kind: technical"),
			`:3:5: missing outline`},
		{"wrong version", strings.Replace(q("", ""), "version: 1", "version: 2", 1),
			`:1:10: unsupported version 2; this rehearse reads version 1`},
		{"missing version", "questions:\n" + goodQuestion,
			`:1:1: missing ` + "`version: 1`" + ` at the top of the bank`},
		{"wrong type", "version: 1\nkinds:\n  behavioral: {frame: star, minutes: soon}\n",
			`:3:38: YAML: cannot construct !!str ` + "`soon`" + ` into float64`},
		{"syntax error", "version: 1\nquestions:\n  - id: x\n   kind: [\n",
			`:4:`},
		{"not a mapping", "- just\n- a list\n",
			`:1:1: the bank must be a mapping`},
		{"alias bomb", "version: 1\ntips:\n  - &a [x, x, x, x, x, x, x, x, x]\n  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  - [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
			`:3:5: anchors and aliases (&name, *name) are not allowed in a bank`},
		{"empty file", "",
			`:1:1: the bank is empty; it needs at least ` + "`version: 1`" + ` and some questions`},
		{"only comments", "# nothing here\n",
			`:1:1: the bank is empty`},
		{"binary file", "version: 1\nquestions: \x00\x01\x02\xff",
			`:2:12: this is not a text file (NUL byte); a bank is UTF-8 YAML`},
		{"raw control character", "version: 1\ntips: [\"a\x1b[2Jb\"]\n",
			`:2:10: control character U+001B is not allowed in a bank; write escapes as \e inside double quotes`},
		{"invalid UTF-8", "version: 1\ntips: [\"caf\xe9\"]\n",
			`:2:12: invalid UTF-8; a bank is UTF-8 YAML`},
		{"NaN minutes of a kind", "version: 1\nkinds:\n  behavioral: {frame: star, minutes: .nan}\n",
			`:3:38: minutes must be a number from 0.5 to 90, not NaN`},
		{"infinite minutes of a question", q("    level: mid\n", "    level: mid\n    minutes: .inf\n"),
			`:7:14: minutes must be a number from 0.5 to 90, not +Inf`},
		{"zero minutes of a question", q("    level: mid\n", "    level: mid\n    minutes: 0\n"),
			`:7:14: minutes must be a number from 0.5 to 90, not 0`},
		{"negative minutes", "version: 1\nkinds:\n  technical: {frame: explain, minutes: -4}\n",
			`:3:40: minutes must be a number from 0.5 to 90, not -4`},
		{"NaN share", "version: 1\nframes:\n  two:\n    phases: [a, b]\n    shares: [.nan, 0.5]\n",
			`:5:14: share NaN must be between 0 and 1`},
		{"unknown frame of a question", q("    level: mid\n", "    level: mid\n    frame: stories\n"),
			`:7:12: question "my-question" uses unknown frame "stories"; valid frames: `},
		{"hints and phases differ", "version: 1\nframes:\n  two:\n    phases: [a, b]\n    shares: [0.5, 0.5]\n    hints: [only one]\n",
			`:6:12: frame "two" has 2 phases but 1 hints; give one hint per phase`},
		{"one red flag", q("    level: mid\n", "    level: mid\n    red_flags: [rambles]\n"),
			`:7:16: red_flags needs 2 to 4 items, has 1`},
		{"empty red flag", q("    level: mid\n", "    level: mid\n    red_flags: [rambles, \"\"]\n"),
			`:7:26: empty item in red_flags`},
		{"unknown competency", q("    level: mid\n", "    level: mid\n    competencies: [ownership, bravery]\n"),
			`:7:31: question "my-question": unknown competency "bravery"; valid competencies: ambiguity,`},
		{"competencies on a technical question", q("kind: behavioral", "kind: technical\n    outline: x\n    competencies: [ownership]"),
			`:6:19: question "my-question": competencies are for behavioral questions`},
		{"related to a missing question", q("    level: mid\n", "    level: mid\n    related: [slow-query-in-production, no-such-question]\n"),
			`:7:41: question "my-question": related "no-such-question" is not another question of the bank`},
		{"related to itself", q("    level: mid\n", "    level: mid\n    related: [my-question]\n"),
			`:7:15: question "my-question": related "my-question" is not another question of the bank`},
		{"over-long example", q("    level: mid\n", "    level: mid\n    example: "+strings.Repeat("word ", 700)+"end\n"),
			`:7:14: example is 3503 characters; the limit is 3000`},
		{"empty terms", "version: 1\ntopics:\n  - {id: go, name: Go, terms: []}\n",
			`:3:31: terms needs 1 to 60 items, has 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := write(t, t.TempDir(), "bad.yaml", tt.data)
			_, err := bank.Load(rehearse.QuestionsYAML, path)
			if err == nil {
				t.Fatal("Load accepted a broken bank")
			}
			if !strings.Contains(err.Error(), path+tt.want) {
				t.Errorf("error does not say %q:\n%v", path+tt.want, err)
			}
			var errs bank.Errors
			if !errors.As(err, &errs) || errs[0].Line == 0 || errs[0].Col == 0 {
				t.Errorf("error is not bank.Errors with a position: %#v", err)
			}
		})
	}
}

func TestLoadRejectsHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(40 << 20); err != nil { // 40 MiB, read no further than the cap
		t.Fatal(err)
	}
	f.Close()
	_, err = bank.Load(rehearse.QuestionsYAML, path)
	want := path + ":1:1: the file is larger than 4096 KiB; a bank may be at most 4096 KiB"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	_, err := bank.Load(rehearse.QuestionsYAML, path)
	if err == nil || !strings.Contains(err.Error(), path+":1:1: cannot read the bank: no such file or directory") {
		t.Errorf("got %v", err)
	}
}

func TestErrorShowsLineAndCaret(t *testing.T) {
	path := write(t, t.TempDir(), "bad.yaml", "version: 1\nquestions:\n"+strings.Replace(goodQuestion, "level: mid", "level: principal", 1))
	_, err := bank.Load(rehearse.QuestionsYAML, path)
	want := path + `:6:12: question "my-question": level "principal" is not one of: junior, mid, senior, staff
 6 |     level: principal
   |            ^`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestLoadSanitizesText(t *testing.T) {
	evil := strings.NewReplacer(
		"prompt: Tell me about a schema you regret.", `prompt: "Tell\e]52;c;aGk=\a me\e[2J about a schema you regret."`,
		"guidance: Pick a real", `guidance: "Pick\u202e a\u009b real`,
		"cost you.", `cost you.\e]8;;http://x\e\\"`,
	).Replace(goodQuestion)
	path := write(t, t.TempDir(), "evil.yaml", "version: 1\nquestions:\n"+evil)
	b, err := bank.Load(rehearse.QuestionsYAML, path)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := b.Question("my-question")
	if q.Prompt != "Tell me about a schema you regret." {
		t.Errorf("prompt not sanitized: %q", q.Prompt)
	}
	if q.Guidance != "Pick a real schema and the number it cost you." {
		t.Errorf("guidance not sanitized: %q", q.Guidance)
	}
}

func TestUserFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.yaml", "")
	write(t, dir, "a.yaml", "")
	write(t, dir, "notes.txt", "")
	got, err := bank.UserFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || filepath.Base(got[0]) != "a.yaml" || filepath.Base(got[1]) != "b.yaml" {
		t.Errorf("UserFiles = %v", got)
	}
	if got, err := bank.UserFiles(filepath.Join(dir, "missing")); err != nil || got != nil {
		t.Errorf("missing dir: %v, %v", got, err)
	}
}

// BenchmarkLoadEmbeddedBank measures what every start does: load and check
// the embedded bank through its compiled form.
func BenchmarkLoadEmbeddedBank(b *testing.B) {
	for b.Loop() {
		if _, err := bank.LoadCompiled(rehearse.QuestionsYAML, rehearse.QuestionsCompiled); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseEmbeddedBank measures parsing and validating the YAML, the
// path taken by `bank check` and when the compiled form is stale.
func BenchmarkParseEmbeddedBank(b *testing.B) {
	for b.Loop() {
		if _, err := bank.Load(rehearse.QuestionsYAML); err != nil {
			b.Fatal(err)
		}
	}
}

func write(t *testing.T, dir, name, data string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
