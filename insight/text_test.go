package insight

import (
	"slices"
	"testing"
)

func TestNumbers(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"p95 went from 6 s to 180 ms.", []string{"p95", "from 6 s to 180 ms"}},
		{"Saved $18k a month; 2,000 users stopped seeing errors.", []string{"$18k", "2,000 users"}},
		{"Latency fell 80%, throughput 3x, builds 12min.", []string{"80%", "3x", "12min"}},
		{"We moved to Postgres 16 in 2024 with 3 people.", []string{}},
		{"Failures went from 120 a month to 3, and pages from 9 to 1 a week.", []string{"from 120 a month to 3", "from 9 to 1"}},
		{"Costs dropped from $40,000 to $31,500.", []string{"from $40,000 to $31,500"}},
		{"about ~300 ms (p99).", []string{"~300 ms", "p99"}},
		{"It was from memory to disk.", []string{}},
	}
	for _, tt := range tests {
		if got := numbers(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("numbers(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	got := tokenize("I’m SURE: we'd use 'quotes' — and Ünïcode, N+1.")
	want := []token{"i'm", "sure", "we'd", "use", "quotes", "and", "ünïcode", "n", "1"}
	if !slices.Equal(got, want) {
		t.Errorf("tokenize = %q, want %q", got, want)
	}
}
