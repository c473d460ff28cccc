package bank_test

import (
	"errors"
	"slices"
	"testing"

	rehearse "github.com/rehearse-app/rehearse"
	"github.com/rehearse-app/rehearse/bank"
)

func loadEmbedded(t testing.TB) *bank.Bank {
	t.Helper()
	b, err := bank.Load(rehearse.QuestionsYAML)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSelectReturnsOnlyMatchingQuestions(t *testing.T) {
	b := loadEmbedded(t)
	filters := []bank.Filter{
		{},
		{Kind: bank.Technical},
		{Kind: bank.Behavioral},
		{Topics: []string{"databases"}},
		{Topics: []string{"security", "networking"}, Kind: bank.Technical},
		{Levels: []bank.Level{bank.Senior}},
		{Topics: []string{"apis"}, Levels: []bank.Level{bank.Junior, bank.Mid}},
	}
	for _, f := range filters {
		got := b.Select(f)
		want := 0
		for _, q := range b.Questions {
			kindOK := f.Kind == "" || q.Kind == f.Kind
			levelOK := len(f.Levels) == 0 || slices.Contains(f.Levels, q.Level)
			topicOK := len(f.Topics) == 0
			for _, topic := range f.Topics {
				topicOK = topicOK || slices.Contains(q.Topics, topic)
			}
			if kindOK && levelOK && topicOK {
				want++
			}
		}
		if len(got) != want || want == 0 {
			t.Errorf("Select(%+v) gave %d questions, want %d (and more than 0)", f, len(got), want)
		}
		for _, q := range got {
			if !f.Matches(q) {
				t.Errorf("Select(%+v) returned %s (%s, %v, %s)", f, q.ID, q.Kind, q.Topics, q.Level)
			}
		}
	}
}

func TestDrawIsReproducibleAndNeverRepeats(t *testing.T) {
	qs := loadEmbedded(t).Questions
	for seed := range uint64(50) {
		a, b := bank.Draw(qs, 10, seed), bank.Draw(qs, 10, seed)
		if !slices.EqualFunc(a, b, func(x, y bank.Question) bool { return x.ID == y.ID }) {
			t.Fatalf("seed %d drew %v then %v", seed, ids(a), ids(b))
		}
		seen := map[string]bool{}
		for _, q := range a {
			if seen[q.ID] {
				t.Fatalf("seed %d drew %s twice: %v", seed, q.ID, ids(a))
			}
			seen[q.ID] = true
		}
	}
	if slices.Equal(ids(bank.Draw(qs, 10, 1)), ids(bank.Draw(qs, 10, 2))) {
		t.Error("seeds 1 and 2 drew the same questions")
	}
	all := bank.Draw(qs, len(qs)+10, 7)
	if len(all) != len(qs) {
		t.Errorf("drawing more than there are gave %d, want all %d", len(all), len(qs))
	}
	if got := bank.Draw(qs, 0, 7); len(got) != 0 {
		t.Errorf("drawing 0 gave %d", len(got))
	}
}

func TestCheckTopicsListsValidOnes(t *testing.T) {
	b := loadEmbedded(t)
	if err := b.CheckTopics([]string{"databases", "apis"}); err != nil {
		t.Fatal(err)
	}
	err := b.CheckTopics([]string{"databases", "cooking"})
	var unknown *bank.UnknownError
	if !errors.As(err, &unknown) || unknown.Name != "cooking" || !slices.Contains(unknown.Valid, "databases") {
		t.Fatalf("got %v", err)
	}
	if want := `unknown topic "cooking"; valid topics: apis, databases,`; err.Error()[:len(want)] != want {
		t.Errorf("message %q", err)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]bank.Kind{"": "", "any": "", "Technical": bank.Technical, "behavioral": bank.Behavioral} {
		if got, err := bank.ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := bank.ParseKind("trivia"); err == nil || err.Error() != `unknown kind "trivia"; valid kinds: behavioral, technical, any` {
		t.Errorf("ParseKind(trivia) error = %v", err)
	}
}

func ids(qs []bank.Question) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.ID
	}
	return out
}
