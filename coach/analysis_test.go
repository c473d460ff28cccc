package coach

import (
	"strings"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/practice"
)

func TestWeakestTopics(t *testing.T) {
	scores := []TopicScore{
		{Topic: "apis", Attempts: 3, Rated: 3, AvgOverall: 3.5},
		{Topic: "databases", Attempts: 5, Rated: 5, AvgOverall: 2.5},
		{Topic: "growth", Attempts: 1, Rated: 0},
		{Topic: "security", Attempts: 4, Rated: 4, AvgOverall: 2.5},
		{Topic: "web", Attempts: 2, Rated: 2, AvgOverall: 4.5},
	}
	got := strings.Join(WeakestTopics(scores, 3), ",")
	if got != "databases,security,apis" {
		t.Errorf("weakest = %s, want databases,security,apis (unrated left out, ties by more answers)", got)
	}
}

func TestWeakestPhase(t *testing.T) {
	step := func(name string, spent, target int) practice.Step {
		return practice.Step{Kind: practice.PhaseStep, Name: name, Spent: time.Duration(spent) * time.Second, Target: time.Duration(target) * time.Second}
	}
	attempts := []practice.Attempt{
		{Steps: []practice.Step{step("situation", 50, 36), step("action", 80, 90)}, Rating: practice.Rating{Phases: []int{2, 4}}},
		{Steps: []practice.Step{step("situation", 20, 36), step("action", 100, 90)}, Rating: practice.Rating{Phases: []int{4, 2}}},
		{Steps: []practice.Step{step("situation", 99, 36)}, Skipped: true},
	}
	w, ok := WeakestPhase(attempts)
	if !ok || w.Name != "situation" || w.AvgRating != 3 || w.Over != 1 || w.Rated != 2 {
		t.Errorf("weakest = %+v, %v; want situation (3.0; ties broken by going over)", w, ok)
	}
	if _, ok := WeakestPhase(nil); ok {
		t.Error("no attempts gave a weakest phase")
	}
}
