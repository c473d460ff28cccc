package store

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// FuzzDecodeRecords feeds whatever bytes to the decoder of every record
// the file holds, packed (compact.go) or JSON: it never panics, refuses what it cannot read as a damaged
// file (or one from a newer rehearse), and what it accepts encodes and
// decodes back to the same record, which the rest of rehearse can use.
func FuzzDecodeRecords(f *testing.F) {
	s := &Store{path: "fuzz.db"}
	when := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	body := attemptBody{
		Question: snapshotRecord{ID: "q", Kind: "behavioral", Level: "mid", Topics: []string{"databases"}, Frame: "star", Cover: []string{"a"}},
		Steps: []stepRecord{
			{Kind: "phase", Name: "Situation", Target: time.Minute, Spent: 30 * time.Second, Notes: "we had\nan outage"},
			{Kind: "phase", Name: "Action", Target: time.Minute},
			{Kind: "followup", Name: "follow-up 1", Prompt: "Why?", Target: 30 * time.Second},
		},
		Active: 1, Started: when, Finished: when.Add(time.Minute),
		Rating: ratingRecord{Phases: []int{4, 0}, Overall: 3, Covered: []string{"a"}, NextTime: "say the figure"},
	}
	seeds := []versioned{
		&sessionRecord{Version: 1, ID: 3, Started: when, Questions: []string{"q"}, Topics: []string{"databases"}, Settings: settingsRecord{Count: 1}},
		&attemptRecord{Version: 1, SessionID: 3, attemptBody: body, Saved: when, Insights: &insightsRecord{Version: 1, Words: 4}},
		&draftRecord{Version: 1, SessionID: 3, Attempt: body, Saved: when},
		&sessionAgg{Version: 1, Answered: 2, Spent: time.Minute},
		&dayAgg{Version: 1, Attempts: 2, notesAgg: notesAgg{Noted: 1, I: 3}},
		&topicAgg{Version: 1, Attempts: 1, First: when, Last: when, Phases: []phaseAgg{{Frame: "star", Phase: "Action", Spent: time.Second, N: 1}}},
		&questionRecord{Version: 1},
		&planRecord{Version: 1},
	}
	for i, r := range seeds {
		f.Add(uint8(i), encode(r))
		f.Add(uint8(i), pack(encode(r)))
	}
	f.Add(uint8(1), []byte{packedRecord, 0x28, 0xb5, 0x2f, 0xfd, 0, 0x58})
	f.Add(uint8(1), []byte(`{"version":1,"steps":[{"kind":"phase"}],"active":7,"rating":{"phases":[0]}}`))
	f.Add(uint8(2), []byte(`{"version":9}`))
	f.Add(uint8(0), []byte(`{"version":1,"id":-1}`))
	f.Add(uint8(5), []byte(`null`))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fresh := func() versioned {
			return reflect.New(reflect.TypeOf(seeds[int(which)%len(seeds)]).Elem()).Interface().(versioned)
		}
		r := fresh()
		if err := s.decode(data, r, "record"); err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNewerSchema) {
				t.Fatalf("%T: error %v is neither damage nor a newer schema", r, err)
			}
			return
		}
		again := fresh()
		if err := s.decode(encode(r), again, "record"); err != nil {
			t.Fatalf("%T: a record read back does not decode again: %v", r, err)
		}
		if !reflect.DeepEqual(normal(r), normal(again)) {
			t.Fatalf("%T changes when written and read:\n%+v\n%+v", r, r, again)
		}
		switch r := r.(type) {
		case *attemptRecord:
			var packed attemptRecord
			if err := s.decode(encodeAttempt(r), &packed, "record"); err != nil || normal(&packed) != normal(r) {
				t.Fatalf("an attempt record does not read back packed: %v", err)
			}
			a := fromAttemptRecord(r)
			_, _, _ = a.Total(), a.Target(), a.Steps[a.Active]
			_ = a.Rating.Phases[a.PhaseCount()-1]
		case *draftRecord:
			d := fromDraftRecord(r)
			_ = d.Attempt.Steps[d.Attempt.Active]
		case *questionRecord:
			_ = r.state()
		}
	})
}

// normal is r as JSON sees it: times compare as instants, not by their
// monotonic reading or location.
func normal(r versioned) string { return string(encode(r)) }
