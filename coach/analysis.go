package coach

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/human"
	"github.com/rehearse-app/rehearse/practice"
)

// TopicScore is how a topic's answers were rated.
type TopicScore struct {
	Topic      string
	Attempts   int
	Rated      int
	AvgOverall float64
}

// WeakestTopics returns up to n topics with the lowest average overall
// rating, weakest first; between equal averages the one with more answers
// first (more evidence). Topics never rated are left out.
func WeakestTopics(scores []TopicScore, n int) []string {
	var rated []TopicScore
	for _, t := range scores {
		if t.Rated > 0 {
			rated = append(rated, t)
		}
	}
	slices.SortStableFunc(rated, func(a, b TopicScore) int {
		return cmp.Or(cmp.Compare(a.AvgOverall, b.AvgOverall), cmp.Compare(b.Attempts, a.Attempts))
	})
	var ids []string
	for _, t := range rated[:min(n, len(rated))] {
		ids = append(ids, t.Topic)
	}
	return ids
}

// PhaseTime is the share of a frame's time one phase took.
type PhaseTime struct {
	Frame string
	Phase string
	Share float64
}

// PhaseBalance is the share of a frame's time one phase took, against the
// share the frame gives it.
type PhaseBalance struct {
	Frame  string  `json:"frame"`
	Phase  string  `json:"phase"`
	Share  float64 `json:"share"`
	Target float64 `json:"target"`
}

func (p PhaseBalance) String() string {
	return fmt.Sprintf("%s %.0f%% of your time, target %.0f%%", human.Phase(p.Phase), 100*p.Share, 100*p.Target)
}

// Off says how far the phase is from its target: practice.Over past ten
// points, practice.Near past five.
func (p PhaseBalance) Off() practice.Pace {
	switch d := p.Share - p.Target; {
	case d > 0.10:
		return practice.Over
	case d > 0.05:
		return practice.Near
	}
	return practice.OnPace
}

// TimeBalance returns the time per phase against the targets of the bank's
// frames, grouped by frame, phases in the order given. A frame the bank no
// longer has gets targets of 0.
func TimeBalance(phases []PhaseTime, frames map[string]bank.Frame) [][]PhaseBalance {
	var groups [][]PhaseBalance
	for _, p := range phases {
		pb := PhaseBalance{Frame: p.Frame, Phase: p.Phase, Share: p.Share, Target: frames[p.Frame].Share(p.Phase)}
		if n := len(groups); n > 0 && groups[n-1][0].Frame == p.Frame {
			groups[n-1] = append(groups[n-1], pb)
		} else {
			groups = append(groups, []PhaseBalance{pb})
		}
	}
	return groups
}

// PhaseSummary is how one phase of the frame went across answers.
type PhaseSummary struct {
	Name      string
	Rated     int     // answers that rated this phase
	AvgRating float64 // average rating over those answers
	Over      int     // answers that went over this phase's target
	Spent     time.Duration
	Target    time.Duration
}

// Phases sums up each phase over the answered (not skipped) attempts, in
// the order the phases first appear.
func Phases(attempts []practice.Attempt) []PhaseSummary {
	var out []PhaseSummary
	index := map[string]int{}
	for _, a := range attempts {
		if a.Skipped {
			continue
		}
		for i, s := range a.Steps {
			if s.Kind != practice.PhaseStep {
				continue
			}
			j, ok := index[s.Name]
			if !ok {
				j = len(out)
				index[s.Name] = j
				out = append(out, PhaseSummary{Name: s.Name})
			}
			p := &out[j]
			p.Spent += s.Spent
			p.Target += s.Target
			if s.Pace() == practice.Over {
				p.Over++
			}
			if i < len(a.Rating.Phases) && a.Rating.Phases[i] > 0 {
				p.AvgRating = (p.AvgRating*float64(p.Rated) + float64(a.Rating.Phases[i])) / float64(p.Rated+1)
				p.Rated++
			}
		}
	}
	return out
}

// WeakestPhase returns the phase with the lowest average rating; between
// equal ratings, the one that went over its target more often. ok is false
// when no phase was rated.
func WeakestPhase(attempts []practice.Attempt) (weakest PhaseSummary, ok bool) {
	for _, p := range Phases(attempts) {
		if p.Rated == 0 {
			continue
		}
		if !ok || p.AvgRating < weakest.AvgRating || (p.AvgRating == weakest.AvgRating && p.Over > weakest.Over) {
			weakest, ok = p, true
		}
	}
	return weakest, ok
}
