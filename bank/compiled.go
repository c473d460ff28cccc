package bank

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"maps"
	"slices"
)

// Parsing the embedded YAML takes about 15 ms, most of a frame, on every
// start. The compiled form is the same bank as a gob, made by Compile from a
// bank that loaded cleanly, and tagged with the SHA-256 of its YAML. Loading
// it takes well under a millisecond; the YAML stays the source of truth.

// compiled is the encoded form; it has no maps, so its encoding is stable.
type compiled struct {
	SourceHash [sha256.Size]byte
	Frames     []Frame
	Kinds      []compiledKind
	Topics     []Topic
	Tips       []string
	Questions  []Question
}

type compiledKind struct {
	Kind     Kind
	Settings KindSettings
}

// Compile encodes b, loaded from source alone, for LoadCompiled.
func Compile(b *Bank, source []byte) ([]byte, error) {
	c := compiled{SourceHash: sha256.Sum256(source), Topics: b.Topics, Tips: b.Tips, Questions: b.Questions}
	for _, name := range sortedKeys(b.Frames) {
		c.Frames = append(c.Frames, b.Frames[name])
	}
	for _, k := range slices.Sorted(maps.Keys(b.Kinds)) {
		c.Kinds = append(c.Kinds, compiledKind{k, b.Kinds[k]})
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return nil, fmt.Errorf("compile bank: %w", err)
	}
	return buf.Bytes(), nil
}

// LoadCompiled is Load made fast: when compiled was made by Compile from
// exactly source, it decodes that instead of parsing and validating source
// again (the same bytes give the same result). Otherwise it parses source.
// User files are parsed and validated as by Load either way.
func LoadCompiled(source, compiled []byte, userFiles ...string) (*Bank, error) {
	base, ok := decodeCompiled(source, compiled)
	if !ok {
		return Load(source, userFiles...)
	}
	return load(base, readAll(userFiles))
}

func decodeCompiled(source, data []byte) (*Bank, bool) {
	var c compiled
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil || c.SourceHash != sha256.Sum256(source) {
		return nil, false
	}
	b := &Bank{Frames: map[string]Frame{}, Kinds: map[Kind]KindSettings{}, Topics: c.Topics, Tips: c.Tips, Questions: c.Questions}
	for _, f := range c.Frames {
		b.Frames[f.Name] = f
	}
	for _, k := range c.Kinds {
		b.Kinds[k.Kind] = k.Settings
	}
	return b, true
}
