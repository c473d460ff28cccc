// Package practice is the domain of a rehearsal: a session of drawn
// questions, and for each an attempt that walks the answer's frame phase by
// phase, then the follow-ups, each against a target time, and ends with the
// candidate's ratings. It has no UI and no storage; time comes from a clock
// passed in.
package practice

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/rehearse-app/rehearse/bank"
)

// Clock tells the time; tests pass a fake one.
type Clock func() time.Time

// StepKind tells a phase of the answer from a follow-up question.
type StepKind string

// The kinds of step in an attempt.
const (
	PhaseStep    StepKind = "phase"
	FollowupStep StepKind = "followup"
)

// Step is one timed part of an attempt: a phase of the frame (situation,
// task, …) or a follow-up question.
type Step struct {
	Kind   StepKind
	Name   string // phase name, or "follow-up 1"
	Prompt string // the follow-up question
	Target time.Duration
	Spent  time.Duration
	Notes  string
}

// Pace of this step against its target.
func (s Step) Pace() Pace { return PaceOf(s.Spent, s.Target) }

// QuestionSnapshot is what an attempt keeps of its question, so that history
// stays readable when the bank changes. The guidance stays in the bank.
type QuestionSnapshot struct {
	ID     string
	Kind   string
	Level  string
	Topics []string
	Prompt string
	Frame  string
	Cover  []string
}

// Rating is the candidate's own judgement of an attempt.
type Rating struct {
	Phases   []int // 1-5 per phase step, 0 while unrated
	Overall  int   // 1-5, 0 while unrated
	Covered  []string
	NextTime string
}

// Attempt is one answer to one question. Its exported fields are its whole
// saved state; the clock state is not saved, and a restored attempt starts
// paused.
type Attempt struct {
	Question QuestionSnapshot
	Steps    []Step
	Active   int // index into Steps
	Started  time.Time
	Finished time.Time
	Skipped  bool
	Rating   Rating

	clock   Clock
	running bool
	since   time.Time // when the active step's clock last started
}

// Errors an attempt returns when asked something it cannot do.
var (
	ErrNotRunning = errors.New("the attempt is not in progress")
	ErrBadRating  = errors.New("a rating is a whole number from 1 to 5")
)

// FollowupTarget is the target time of a follow-up answer for an answer
// target of total: a quarter of it, from 30 seconds to 3 minutes (a
// follow-up in a 40-minute design round is still a follow-up).
func FollowupTarget(total time.Duration) time.Duration {
	return min(max(30*time.Second, total/4), 3*time.Minute)
}

// NewAttempt prepares an attempt at q in frame, with an answer target of
// minutes split across the phases by the frame's shares, and followups
// follow-up questions (0, 1 or 2 are usual) drawn from q by seed. Its
// clock does not run until Start.
func NewAttempt(q bank.Question, frame bank.Frame, minutes float64, followups int, seed uint64, clock Clock) *Attempt {
	total := time.Duration(minutes * float64(time.Minute))
	a := &Attempt{
		Question: QuestionSnapshot{
			ID: q.ID, Kind: string(q.Kind), Level: string(q.Level), Topics: q.Topics, Prompt: q.Prompt,
			Frame: frame.Name, Cover: q.Cover,
		},
		clock: clock,
	}
	for i, phase := range frame.Phases {
		target := time.Duration(float64(total) * frame.Shares[i]).Round(time.Second)
		a.Steps = append(a.Steps, Step{Kind: PhaseStep, Name: phase, Target: target})
	}
	r := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	for i, j := range r.Perm(len(q.Followups))[:min(followups, len(q.Followups))] {
		a.Steps = append(a.Steps, Step{
			Kind: FollowupStep, Name: fmt.Sprintf("follow-up %d", i+1),
			Prompt: q.Followups[j], Target: FollowupTarget(total),
		})
	}
	a.Rating.Phases = make([]int, a.PhaseCount())
	return a
}

// Restore gives an attempt loaded from storage a clock again. It stays
// paused until Resume.
func (a *Attempt) Restore(clock Clock) { a.clock, a.running = clock, false }

// Start starts the clock of the first step.
func (a *Attempt) Start() {
	if a.Started.IsZero() {
		a.Started = a.clock()
	}
	a.Resume()
}

// Running reports whether the active step's clock runs.
func (a *Attempt) Running() bool { return a.running }

// Done reports whether the attempt was finished or skipped.
func (a *Attempt) Done() bool { return !a.Finished.IsZero() }

// Pause stops the clock; time does not accrue until Resume.
func (a *Attempt) Pause() {
	if !a.running {
		return
	}
	a.Steps[a.Active].Spent += a.clock().Sub(a.since)
	a.running = false
}

// Resume starts the clock again on the active step.
func (a *Attempt) Resume() {
	if a.running || a.Done() {
		return
	}
	if a.Started.IsZero() {
		a.Started = a.clock()
	}
	a.since = a.clock()
	a.running = true
}

// TogglePause pauses a running attempt and resumes a paused one.
func (a *Attempt) TogglePause() {
	if a.running {
		a.Pause()
	} else {
		a.Resume()
	}
}

// Spent returns the time spent on step i so far, the running clock included.
func (a *Attempt) Spent(i int) time.Duration {
	s := a.Steps[i].Spent
	if a.running && i == a.Active {
		s += a.clock().Sub(a.since)
	}
	return s
}

// Goto makes step i active; time spent so far stays with the step that was
// active. A paused attempt stays paused.
func (a *Attempt) Goto(i int) {
	if i < 0 || i >= len(a.Steps) || i == a.Active || a.Done() {
		return
	}
	running := a.running
	a.Pause()
	a.Active = i
	if running {
		a.Resume()
	}
}

// Next moves to the next step, if there is one.
func (a *Attempt) Next() { a.Goto(a.Active + 1) }

// Prev moves to the previous step, if there is one.
func (a *Attempt) Prev() { a.Goto(a.Active - 1) }

// Advance ends the current stage: from a phase it moves to the first
// follow-up, from a follow-up to the next one; with nothing left it
// finishes the attempt. It reports whether the attempt is finished.
func (a *Attempt) Advance() bool {
	first := a.PhaseCount()
	switch {
	case a.Active < first && first < len(a.Steps):
		a.Goto(first)
	case a.Active >= first && a.Active+1 < len(a.Steps):
		a.Next()
	default:
		a.Finish()
	}
	return a.Done()
}

// Finish stops the clock and ends the attempt; the ratings come next.
func (a *Attempt) Finish() {
	a.Pause()
	if !a.Done() {
		a.Finished = a.clock()
	}
}

// Reopen takes a finished attempt back to answering, paused on the step it
// ended on, for an answer finished too soon.
func (a *Attempt) Reopen() {
	a.Finished, a.Skipped, a.running = time.Time{}, false, false
}

// Skip ends the attempt without an answer.
func (a *Attempt) Skip() {
	if a.Started.IsZero() {
		a.Started = a.clock()
	}
	a.Finish()
	a.Skipped = true
}

// SetNotes replaces the notes of the active step.
func (a *Attempt) SetNotes(notes string) { a.Steps[a.Active].Notes = notes }

// Snapshot returns a copy of the attempt with the running time folded into
// the active step, for saving a draft without stopping the clock.
func (a *Attempt) Snapshot() Attempt {
	c := *a
	c.Steps = append([]Step(nil), a.Steps...)
	c.Steps[a.Active].Spent = a.Spent(a.Active)
	c.Rating.Phases = append([]int(nil), a.Rating.Phases...)
	c.Rating.Covered = append([]string(nil), a.Rating.Covered...)
	c.running, c.clock = false, nil
	return c
}

// Check reports whether the attempt's parts fit together: phases first,
// then follow-ups, the active step among them, a rating (0 while unrated,
// else 1-5) for each phase and overall, and no negative time. An attempt
// made by NewAttempt always does; one read back from a damaged file may
// not, and would break whatever shows it.
func (a *Attempt) Check() error {
	phases := a.PhaseCount()
	switch {
	case phases == 0:
		return errors.New("the answer has no phases")
	case a.Active < 0 || a.Active >= len(a.Steps):
		return fmt.Errorf("the active step %d is not one of the %d steps", a.Active, len(a.Steps))
	case len(a.Rating.Phases) != phases:
		return fmt.Errorf("%d phase ratings for %d phases", len(a.Rating.Phases), phases)
	case a.Rating.Overall < 0 || a.Rating.Overall > 5:
		return fmt.Errorf("overall rating %d is not 0-5", a.Rating.Overall)
	}
	for i, s := range a.Steps {
		switch {
		case s.Kind != PhaseStep && s.Kind != FollowupStep:
			return fmt.Errorf("step %d is of unknown kind %q", i+1, s.Kind)
		case s.Kind == PhaseStep && i >= phases:
			return fmt.Errorf("phase %q comes after a follow-up", s.Name)
		case s.Target < 0 || s.Spent < 0:
			return fmt.Errorf("step %d has a negative time", i+1)
		}
	}
	for i, r := range a.Rating.Phases {
		if r < 0 || r > 5 {
			return fmt.Errorf("the rating of phase %d is %d, not 0-5", i+1, r)
		}
	}
	return nil
}

// PhaseCount returns how many steps are phases of the frame; the
// follow-ups come after them.
func (a *Attempt) PhaseCount() int {
	n := 0
	for _, s := range a.Steps {
		if s.Kind == PhaseStep {
			n++
		}
	}
	return n
}

// Target returns the target of the whole attempt, follow-ups included.
func (a *Attempt) Target() time.Duration {
	var t time.Duration
	for _, s := range a.Steps {
		t += s.Target
	}
	return t
}

// Total returns the time spent on the whole attempt so far.
func (a *Attempt) Total() time.Duration {
	var t time.Duration
	for i := range a.Steps {
		t += a.Spent(i)
	}
	return t
}

// Pace of the active step and of the whole attempt.
func (a *Attempt) Pace() (step, overall Pace) {
	return PaceOf(a.Spent(a.Active), a.Steps[a.Active].Target), PaceOf(a.Total(), a.Target())
}

// RatePhase sets the rating of phase i, 1 to 5.
func (a *Attempt) RatePhase(i, stars int) error {
	if stars < 1 || stars > 5 {
		return ErrBadRating
	}
	if i < 0 || i >= len(a.Rating.Phases) {
		return fmt.Errorf("no phase %d", i)
	}
	a.Rating.Phases[i] = stars
	return nil
}

// RateOverall sets the overall rating, 1 to 5.
func (a *Attempt) RateOverall(stars int) error {
	if stars < 1 || stars > 5 {
		return ErrBadRating
	}
	a.Rating.Overall = stars
	return nil
}

// ToggleCovered marks an area of the question as covered, or unmarks it.
func (a *Attempt) ToggleCovered(area string) {
	if i := slices.Index(a.Rating.Covered, area); i >= 0 {
		a.Rating.Covered = slices.Delete(a.Rating.Covered, i, i+1)
		return
	}
	a.Rating.Covered = append(a.Rating.Covered, area)
}

// IsCovered reports whether area is marked as covered.
func (a *Attempt) IsCovered(area string) bool {
	return slices.Contains(a.Rating.Covered, area)
}
