package report

import (
	"fmt"
	"slices"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/store"
)

// WeakestTopics returns up to n topics with the lowest average overall
// rating, weakest first; topics never rated are left out.
func WeakestTopics(ov *store.Overview, n int) []string {
	var rated []store.TopicStats
	for _, t := range ov.Topics {
		if t.Rated > 0 {
			rated = append(rated, t)
		}
	}
	slices.SortStableFunc(rated, func(a, b store.TopicStats) int {
		switch {
		case a.AvgOverall < b.AvgOverall:
			return -1
		case a.AvgOverall > b.AvgOverall:
			return 1
		}
		return b.Attempts - a.Attempts // more evidence first
	})
	var ids []string
	for _, t := range rated[:min(n, len(rated))] {
		ids = append(ids, t.Topic)
	}
	return ids
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
	return fmt.Sprintf("%s %.0f%% of your time, target %.0f%%", Title(p.Phase), 100*p.Share, 100*p.Target)
}

// TimeBalance returns the topic's time per phase against the targets of
// the bank's frames, grouped by frame. A frame the bank no longer has
// gets a target of 0.
func TimeBalance(t store.TopicStats, b *bank.Bank) [][]PhaseBalance {
	var groups [][]PhaseBalance
	for _, p := range t.Phases {
		target := 0.0
		if f, ok := b.Frames[p.Frame]; ok {
			if i := slices.Index(f.Phases, p.Phase); i >= 0 {
				target = f.Shares[i]
			}
		}
		pb := PhaseBalance{Frame: p.Frame, Phase: p.Phase, Share: p.Share, Target: target}
		if n := len(groups); n > 0 && groups[n-1][0].Frame == p.Frame {
			groups[n-1] = append(groups[n-1], pb)
		} else {
			groups = append(groups, []PhaseBalance{pb})
		}
	}
	return groups
}
