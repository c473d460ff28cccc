package practice

import "time"

// Pace says how time spent compares with a target.
type Pace int

// The paces, from calm to late.
const (
	OnPace Pace = iota // under NearShare of the target
	Near               // from NearShare of the target up to the target
	Over               // past the target
)

// NearShare is the share of a target from which the pace is Near.
const NearShare = 0.8

// PaceOf returns the pace of spent against target.
func PaceOf(spent, target time.Duration) Pace {
	switch {
	case target <= 0 || spent > target:
		if spent == 0 {
			return OnPace
		}
		return Over
	case float64(spent) >= NearShare*float64(target):
		return Near
	default:
		return OnPace
	}
}

func (p Pace) String() string {
	switch p {
	case Near:
		return "near"
	case Over:
		return "over"
	default:
		return "on pace"
	}
}
