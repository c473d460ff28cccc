package store

import (
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// From schema 4 an attempt record is stored packed: the byte packedRecord,
// then its JSON compressed as one zstd frame with a dictionary made of a
// typical record (packDict), which holds the field names and the words
// every answer repeats. A packed answer of 3.2 KB of JSON takes about a
// quarter of that, so that several share a page. decode unpacks any record
// that starts with packedRecord; JSON starts with '{', so records of
// earlier schemas read as they are.

// packedRecord is the first byte of a packed record.
const packedRecord = 0x01

// packDictID names the dictionary in each frame; a new dictionary would
// get a new id and keep the old one for the records written with it.
const packDictID = 0x72680001

// maxUnpacked caps the size a packed record may unpack to, so that a
// damaged record cannot ask for unbounded memory.
const maxUnpacked = 64 << 20

// packDict is the dictionary of packed records: never change it, records
// on disk need it to be read.
var packDict = []byte(`{"version":1,"session_id":1,"index":0,"question":{"id":"","kind":"behavioral","level":"mid","topics":["debugging","architecture"],"prompt":"Tell me about a time you ","frame":"star","cover":["scope and impact","your role","the result, with a figure"]},` +
	`"steps":[{"kind":"phase","name":"situation","target_ns":45000000000,"spent_ns":,"notes":"We had "},{"kind":"phase","name":"task","target_ns":27000000000,"spent_ns":,"notes":"I "},{"kind":"phase","name":"action","target_ns":90000000000,"spent_ns":,"notes":""},{"kind":"phase","name":"result","target_ns":18000000000,"spent_ns":,"notes":""},` +
	`{"kind":"phase","name":"define","target_ns":},{"kind":"phase","name":"mechanism"},{"kind":"phase","name":"example"},{"kind":"phase","name":"tradeoffs"},{"kind":"followup","name":"follow-up 1","prompt":"What would you do differently?","target_ns":30000000000,"spent_ns":}],` +
	`"active":3,"started":"2026-01-01T10:00:00.000000000Z","finished":"2026-01-01T10:03:00.000000000Z","skipped":true,"rating":{"phases":[3,4,2,5],"overall":4,"covered":["scope and impact"],"next_time":""},"saved":"2026-01-01T10:03:00.000000000+01:00",` +
	`"insights":{"version":1,"words":,"phases":[{"name":"situation","words":,"share":0.25,"target_share":0.25},{"name":"task","words":,"share":,"target_share":0.15},{"name":"action","words":,"share":,"target_share":0.5},{"name":"result","words":,"share":,"target_share":0.1}],` +
	`"i_count":,"we_count":,"quantified":true,"numbers":["2.4 s","300 ms","p99"],"fillers":[{"word":"just","count":1},{"word":"basically","count":1}],"hedges":[{"word":"maybe","count":1}],"areas_mentioned":[],"terms_used":[],"suggestions":["Say what you did: ","Give the result a figure","the result took"]}}`)

var (
	packer = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderDictRaw(packDictID, packDict))
		if err != nil {
			panic(fmt.Sprintf("store: zstd encoder: %v", err))
		}
		return e
	})
	unpacker = sync.OnceValue(func() *zstd.Decoder {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxUnpacked),
			zstd.WithDecoderDictRaw(packDictID, packDict))
		if err != nil {
			panic(fmt.Sprintf("store: zstd decoder: %v", err))
		}
		return d
	})
)

// pack returns the packed form of a record's JSON.
func pack(data []byte) []byte {
	return packer().EncodeAll(data, []byte{packedRecord})
}

// unpack returns the JSON of a record, packed or not.
func unpack(data []byte) ([]byte, error) {
	if len(data) == 0 || data[0] != packedRecord {
		return data, nil
	}
	plain, err := unpacker().DecodeAll(data[1:], nil)
	if err != nil {
		return nil, fmt.Errorf("packed record: %w", err)
	}
	if len(plain) == 0 {
		return nil, errors.New("packed record: empty")
	}
	return plain, nil
}

// encodeAttempt returns an attempt record as it is stored.
func encodeAttempt(r *attemptRecord) []byte { return pack(encode(r)) }
