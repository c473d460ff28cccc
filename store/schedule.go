package store

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v3"
	"go.etcd.io/bbolt"

	"github.com/rehearse-app/rehearse/coach"
)

// The schedule is a record per question practised: its FSRS card and the
// figures smart selection and the question browser show. It is updated in
// the transaction that saves each answer; the plan (the interview date and
// topics) is a record of meta.

// questionRecord is the record of questions.
type questionRecord struct {
	Version    int        `json:"version"`
	Card       cardRecord `json:"card"`
	Attempts   int        `json:"attempts"` // saved answers, skipped ones included
	Rated      int        `json:"rated"`
	SumOverall int        `json:"sum_overall"`
	Last       time.Time  `json:"last"`
}

func (r *questionRecord) version() int { return r.Version }

type cardRecord struct {
	Due           time.Time `json:"due"`
	Stability     float64   `json:"stability"`
	Difficulty    float64   `json:"difficulty"`
	ElapsedDays   uint64    `json:"elapsed_days"`
	ScheduledDays uint64    `json:"scheduled_days"`
	Reps          uint64    `json:"reps"`
	Lapses        uint64    `json:"lapses"`
	State         int8      `json:"state"`
	LastReview    time.Time `json:"last_review"`
}

func toCardRecord(c coach.Card) cardRecord {
	return cardRecord{Due: c.Due, Stability: c.Stability, Difficulty: c.Difficulty, ElapsedDays: c.ElapsedDays,
		ScheduledDays: c.ScheduledDays, Reps: c.Reps, Lapses: c.Lapses, State: int8(c.State), LastReview: c.LastReview}
}

func fromCardRecord(r cardRecord) coach.Card {
	return coach.Card{Due: r.Due, Stability: r.Stability, Difficulty: r.Difficulty, ElapsedDays: r.ElapsedDays,
		ScheduledDays: r.ScheduledDays, Reps: r.Reps, Lapses: r.Lapses, State: fsrs.State(r.State), LastReview: r.LastReview}
}

func newQuestionRecord() *questionRecord {
	return &questionRecord{Version: recordVersion, Card: toCardRecord(coach.NewCard())}
}

// review counts answer a, saved at its time, in the record: the card moves
// by the answer's grade (an unrated answer leaves it where it was).
func (r *questionRecord) review(a *attemptRecord, plan *coach.Plan) {
	when := attemptTime(a.Started, a.Finished)
	r.Attempts++
	if when.After(r.Last) {
		r.Last = when
	}
	if !a.Skipped && a.Rating.Overall > 0 {
		r.Rated++
		r.SumOverall += a.Rating.Overall
	}
	if g, ok := coach.Grade(a.Rating.Overall, a.Skipped); ok {
		card := coach.Review(fromCardRecord(r.Card), g, when, plan.DueBy(a.Question.Topics, when))
		r.Card = toCardRecord(card)
	}
}

func (r *questionRecord) state() coach.State {
	return coach.State{Card: fromCardRecord(r.Card), Attempts: r.Attempts, Rated: r.Rated, AvgOverall: average(r.SumOverall, r.Rated), Last: r.Last.Local()}
}

// States returns the schedule of every question practised, by id.
func (s *Store) States() (map[string]coach.State, error) {
	states := map[string]coach.State{}
	_, err := s.read(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketQuestions).ForEach(func(k, v []byte) error {
			var r questionRecord
			if err := s.decode(v, &r, "schedule of question %q", k); err != nil {
				return err
			}
			states[string(k)] = r.state()
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return states, nil
}

// planRecord is the record of meta's "plan".
type planRecord struct {
	Version int      `json:"version"`
	Date    string   `json:"date"` // YYYY-MM-DD
	Topics  []string `json:"topics,omitempty"`
	PerDay  int      `json:"per_day,omitempty"`
}

func (r *planRecord) version() int { return r.Version }

// readPlan returns the plan in tx, or nil.
func (s *Store) readPlan(tx *bbolt.Tx) (*coach.Plan, error) {
	v := tx.Bucket(bucketMeta).Get(keyPlan)
	if v == nil {
		return nil, nil
	}
	var r planRecord
	if err := s.decode(v, &r, "plan"); err != nil {
		return nil, err
	}
	date, err := time.ParseInLocation(time.DateOnly, r.Date, s.loc)
	if err != nil {
		return nil, corruptError(s.path, fmt.Errorf("plan date %q: %w", r.Date, err))
	}
	return &coach.Plan{Date: date, Topics: r.Topics, PerDay: r.PerDay}, nil
}

// Plan returns the interview plan, or nil when there is none.
func (s *Store) Plan() (*coach.Plan, error) {
	var p *coach.Plan
	_, err := s.read(func(tx *bbolt.Tx) error {
		var err error
		p, err = s.readPlan(tx)
		return err
	})
	return p, err
}

// SetPlan stores the plan (nil removes it). The schedule of the questions
// it covers is capped at once: each comes back before the interview.
func (s *Store) SetPlan(p *coach.Plan) error {
	err := s.update(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if p == nil {
			return meta.Delete(keyPlan)
		}
		for _, t := range p.Topics {
			if t == "" || strings.ContainsRune(t, 0) {
				return fmt.Errorf("bad topic %q", t)
			}
		}
		r := planRecord{Version: recordVersion, Date: p.Date.Format(time.DateOnly), Topics: p.Topics, PerDay: p.PerDay}
		if err := meta.Put(keyPlan, encode(&r)); err != nil {
			return err
		}
		return s.capSchedule(tx, p)
	})
	if err != nil {
		return fmt.Errorf("save the plan: %w", err)
	}
	return nil
}

// capSchedule brings forward every scheduled question the plan covers whose
// due date falls after the day before the interview.
func (s *Store) capSchedule(tx *bbolt.Tx, p *coach.Plan) error {
	b := tx.Bucket(bucketQuestions)
	now := time.Now().In(s.loc)
	type change struct {
		key []byte
		rec questionRecord
	}
	var changes []change
	err := b.ForEach(func(k, v []byte) error {
		var r questionRecord
		if err := s.decode(v, &r, "schedule of question %q", k); err != nil {
			return err
		}
		topics, err := s.questionTopics(tx, string(k))
		if err != nil {
			return err
		}
		if by := p.DueBy(topics, now); !by.IsZero() && r.Card.State != int8(fsrs.New) && r.Card.Due.After(by) {
			r.Card.Due = by
			changes = append(changes, change{bytes.Clone(k), r})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range changes {
		if err := b.Put(c.key, encode(&c.rec)); err != nil {
			return err
		}
	}
	return nil
}

// questionTopics returns the topics of a question as its latest saved
// answer has them.
func (s *Store) questionTopics(tx *bbolt.Tx, id string) ([]string, error) {
	prefix := namePrefix(id)
	c := tx.Bucket(bucketByQuestion).Cursor()
	k, _ := newestBefore(c, prefix, nil)
	if k == nil || !bytes.HasPrefix(k, prefix) {
		return nil, nil
	}
	var a attemptRecord
	if _, err := s.get(tx.Bucket(bucketAttempts), k[len(prefix):], &a, "attempt at key %x", k[len(prefix):]); err != nil {
		return nil, err
	}
	return a.Question.Topics, nil
}

// scheduleAnswer counts a newly saved answer in its question's schedule.
func (s *Store) scheduleAnswer(tx *bbolt.Tx, a *attemptRecord) error {
	plan, err := s.readPlan(tx)
	if err != nil {
		return err
	}
	b := tx.Bucket(bucketQuestions)
	r := newQuestionRecord()
	if _, err := s.get(b, []byte(a.Question.ID), r, "schedule of question %q", a.Question.ID); err != nil {
		return err
	}
	if attemptTime(a.Started, a.Finished).Before(r.Last) {
		// An answer older than the last one (an import): the cards are
		// folded again in time order.
		return s.replaySchedule(tx, a.Question.ID)
	}
	r.review(a, plan)
	r.Version = recordVersion
	return b.Put([]byte(a.Question.ID), encode(r))
}

// replaySchedule computes a question's schedule again from all its saved
// answers, oldest first: after an answer is replaced or deleted.
func (s *Store) replaySchedule(tx *bbolt.Tx, id string) error {
	plan, err := s.readPlan(tx)
	if err != nil {
		return err
	}
	prefix := namePrefix(id)
	attempts := tx.Bucket(bucketAttempts)
	var answers []attemptRecord
	c := tx.Bucket(bucketByQuestion).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var a attemptRecord
		if _, err := s.get(attempts, k[len(prefix):], &a, "attempt at key %x", k[len(prefix):]); err != nil {
			return err
		}
		answers = append(answers, a)
	}
	b := tx.Bucket(bucketQuestions)
	if len(answers) == 0 {
		return b.Delete([]byte(id))
	}
	r := replay(answers, plan)
	return b.Put([]byte(id), encode(r))
}

// replay folds answers to one question into its record, in the order they
// were finished.
func replay(answers []attemptRecord, plan *coach.Plan) *questionRecord {
	slices.SortStableFunc(answers, func(a, b attemptRecord) int {
		return attemptTime(a.Started, a.Finished).Compare(attemptTime(b.Started, b.Finished))
	})
	r := newQuestionRecord()
	for i := range answers {
		r.review(&answers[i], plan)
	}
	return r
}

// rebuildSchedule computes the whole schedule again from every saved
// answer: the migration to schema 3, and repair.
func (s *Store) rebuildSchedule(tx *bbolt.Tx) error {
	plan, err := s.readPlan(tx)
	if err != nil {
		return err
	}
	byQuestion := map[string][]attemptRecord{}
	err = tx.Bucket(bucketAttempts).ForEach(func(k, v []byte) error {
		var a attemptRecord
		if err := s.decode(v, &a, "attempt at key %x", k); err != nil {
			return err
		}
		byQuestion[a.Question.ID] = append(byQuestion[a.Question.ID], a)
		return nil
	})
	if err != nil {
		return err
	}
	if tx.Bucket(bucketQuestions) != nil {
		if err := tx.DeleteBucket(bucketQuestions); err != nil {
			return err
		}
	}
	b, err := tx.CreateBucket(bucketQuestions)
	if err != nil {
		return err
	}
	b.FillPercent = 0.9 // keys come in order
	for _, id := range slices.Sorted(maps.Keys(byQuestion)) {
		if err := b.Put([]byte(id), encode(replay(byQuestion[id], plan))); err != nil {
			return err
		}
	}
	return nil
}
