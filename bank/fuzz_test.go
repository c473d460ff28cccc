package bank

import (
	"bytes"
	"errors"
	"testing"

	rehearse "github.com/rehearse-app/rehearse"
)

// FuzzUserBank loads whatever bytes as a user's bank over the built-in
// one: it never panics or hangs, and a bank it refuses gets errors that
// name the file and a line and column inside it, and print no control
// characters but line breaks and tabs.
func FuzzUserBank(f *testing.F) {
	base, ok := decodeCompiled(rehearse.QuestionsYAML, rehearse.QuestionsCompiled)
	if !ok {
		f.Fatal("questions.bank is stale: run go generate")
	}
	const question = "  - id: my-question\n    kind: behavioral\n    topics: [databases]\n    level: mid\n" +
		"    prompt: Tell me about a schema you regret.\n    probes: Whether you learn from mistakes.\n" +
		"    cover: [the schema, the cost, the fix, the lesson]\n    followups: [What now?, Who noticed?]\n" +
		"    guidance: Pick a real schema and what it cost.\n"
	for _, seed := range []string{
		"", "version: 1\n", "version: 1\nquestions:\n" + question,
		"version: 1\nquestions:\n" + question + question,
		"version: 1\ntopics:\n  - {id: go, name: Go, terms: [goroutine]}\n",
		"version: 1\nframes:\n  mine: {phases: [One, Two], shares: [0.5, 0.5]}\nkinds:\n  behavioral: {frame: mine, minutes: 3}\n",
		"version: 1\nkinds:\n  behavioral: {frame: nowhere}\n",
		"version: 2\nquestions: {}\n", "- a\n- b\n", "version: 1\nquestions:\n  - &a {id: x}\n  - *a\n",
		"version: 1\ntips: [\"\x1b[31mred\"]\n", "\xff\xfe", "version: 1\n\tquestions: []\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := load(base, []source{{name: "fuzz.yaml", data: data}})
		if err == nil {
			if b == nil || len(b.Questions) < len(base.Questions) {
				t.Fatalf("a bank that loads lost questions: %v", b)
			}
			return
		}
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 {
			t.Fatalf("error %T %v is not a list of positioned errors", err, err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, e := range es {
			if e.File != "fuzz.yaml" || e.Line < 1 || e.Line > lines || e.Col < 1 {
				t.Fatalf("error at %s:%d:%d of a %d-line file: %v", e.File, e.Line, e.Col, lines, e)
			}
		}
		for _, r := range err.Error() {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
				t.Fatalf("the error prints %U: %q", r, err.Error())
			}
		}
	})
}
