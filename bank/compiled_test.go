package bank_test

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
)

var update = flag.Bool("update", false, "rewrite questions.bank from questions.yaml")

// TestCompiledBankIsCurrent keeps questions.bank in step with
// questions.yaml; `go generate` (or this test with -update) rewrites it.
func TestCompiledBankIsCurrent(t *testing.T) {
	b := loadEmbedded(t)
	want, err := bank.Compile(b, rehearse.QuestionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("../questions.bank", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(rehearse.QuestionsCompiled, want) {
		t.Fatal("questions.bank is stale: run `go generate` in the repository root")
	}
	fast, err := bank.LoadCompiled(rehearse.QuestionsYAML, rehearse.QuestionsCompiled)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, b) {
		t.Error("the compiled bank differs from the parsed one")
	}
}

func TestLoadCompiledFallsBackToTheSource(t *testing.T) {
	changed := append(bytes.Clone(rehearse.QuestionsYAML), []byte("\n# edited\n")...)
	b, err := bank.LoadCompiled(changed, rehearse.QuestionsCompiled)
	if err != nil || len(b.Questions) != len(loadEmbedded(t).Questions) {
		t.Fatalf("fallback parse failed: %v", err)
	}
	broken := []byte(strings.Replace(string(rehearse.QuestionsYAML), "level: mid", "level: principal", 1))
	if _, err := bank.LoadCompiled(broken, rehearse.QuestionsCompiled); err == nil || !strings.Contains(err.Error(), `questions.yaml:`) {
		t.Errorf("a source that no longer matches must be validated again, got %v", err)
	}
	if _, err := bank.LoadCompiled(rehearse.QuestionsYAML, []byte("garbage")); err != nil {
		t.Errorf("a damaged compiled form must fall back to parsing, got %v", err)
	}
}

func TestLoadCompiledWithUserFiles(t *testing.T) {
	path := write(t, t.TempDir(), "mine.yaml", "version: 1\nquestions:\n"+strings.Replace(goodQuestion, "[databases]", "[databases, cooking]", 1))
	_, err := bank.LoadCompiled(rehearse.QuestionsYAML, rehearse.QuestionsCompiled, path)
	if err == nil || !strings.Contains(err.Error(), path+`:5:25: question "my-question": unknown topic "cooking"`) {
		t.Errorf("got %v", err)
	}
	good := write(t, t.TempDir(), "good.yaml", "version: 1\nquestions:\n"+goodQuestion)
	b, err := bank.LoadCompiled(rehearse.QuestionsYAML, rehearse.QuestionsCompiled, good)
	if err != nil || len(b.Questions) != len(loadEmbedded(t).Questions)+1 {
		t.Errorf("user file not merged: %v", err)
	}
}
