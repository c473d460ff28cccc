package practice

import "time"

// PhaseSummary is how one phase of the frame went across a session's
// answers.
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
func Phases(attempts []Attempt) []PhaseSummary {
	var out []PhaseSummary
	index := map[string]int{}
	for _, a := range attempts {
		if a.Skipped {
			continue
		}
		for i, s := range a.Steps {
			if s.Kind != PhaseStep {
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
			if s.Pace() == Over {
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
func WeakestPhase(attempts []Attempt) (weakest PhaseSummary, ok bool) {
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
