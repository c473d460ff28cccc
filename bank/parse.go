package bank

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/rehearse-app/rehearse/sanitize"
)

// Parsing: a source becomes a file. parse refuses what is not UTF-8 YAML
// text, checks the document's shape (no aliases, no duplicate or unknown
// keys), decodes it, strips control sequences from its text, and checks
// each value on its own (validate.go).

// file is one parsed bank file, with its YAML nodes kept for positions.
type file struct {
	source
	root *yaml.Node // the top-level mapping
	doc  fileDoc
	errs Errors

	sawAlias bool // an alias was reported: one report is enough
}

type fileDoc struct {
	Version   int                 `yaml:"version"`
	Frames    map[string]frameDoc `yaml:"frames"`
	Kinds     map[string]kindDoc  `yaml:"kinds"`
	Topics    []Topic             `yaml:"topics"`
	Tips      []string            `yaml:"tips"`
	Questions []Question          `yaml:"questions"`
}

type frameDoc struct {
	Phases []string  `yaml:"phases"`
	Shares []float64 `yaml:"shares"`
	Hints  []string  `yaml:"hints"`
}

type kindDoc struct {
	Frame   string  `yaml:"frame"`
	Minutes float64 `yaml:"minutes"`
}

// fields lists the keys a mapping may have, by its place in the document.
func fields(place string) []string {
	switch place {
	case "":
		return []string{"version", "frames", "kinds", "topics", "tips", "questions"}
	case "frames.*":
		return []string{"phases", "shares", "hints"}
	case "kinds.*":
		return []string{"frame", "minutes"}
	case "topics[]":
		return []string{"id", "name", "about", "terms"}
	case "questions[]":
		return []string{
			"id", "kind", "topics", "level", "prompt", "probes", "cover", "followups", "guidance", "outline",
			"frame", "minutes", "red_flags", "example", "competencies", "related",
		}
	}
	return nil
}

// parse reads one file and checks everything that does not depend on other
// files. It returns nil when the file cannot be used at all.
func parse(src source) (*file, Errors) {
	f := &file{source: src}
	if len(src.data) > MaxFileSize {
		f.errAt(1, 1, "the file is larger than %d KiB; a bank may be at most %d KiB", MaxFileSize/1024, MaxFileSize/1024)
		return nil, f.errs
	}
	if i := bytes.IndexByte(src.data, 0); i >= 0 {
		f.errAtOffset(i, "this is not a text file (NUL byte); a bank is UTF-8 YAML")
		return nil, f.errs
	}
	if i := indexRawControl(src.data); i >= 0 {
		f.errAtOffset(i, fmt.Sprintf("control character U+%04X is not allowed in a bank; write escapes as \\e inside double quotes", src.data[i]))
		return nil, f.errs
	}
	if !utf8.Valid(src.data) {
		f.errAtOffset(firstInvalidUTF8(src.data), "invalid UTF-8; a bank is UTF-8 YAML")
		return nil, f.errs
	}
	var doc yaml.Node
	if err := yaml.Load(src.data, &doc); err != nil {
		if len(bytes.TrimSpace(src.data)) == 0 || strings.Contains(err.Error(), "no documents") {
			f.errAt(1, 1, "the bank is empty; it needs at least `version: 1` and some questions")
		} else {
			f.yamlErr(err)
		}
		return nil, f.errs
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		f.errAt(1, 1, "the bank is empty; it needs at least `version: 1` and some questions")
		return nil, f.errs
	}
	f.root = doc.Content[0]
	if f.root.Kind != yaml.MappingNode {
		f.errNode(f.root, "the bank must be a mapping with version, frames, kinds, topics, tips and questions")
		return nil, f.errs
	}
	f.checkShape(f.root, "")
	if len(f.errs) > 0 {
		return nil, f.errs
	}
	if err := f.root.Load(&f.doc); err != nil {
		f.yamlErr(err)
		return nil, f.errs
	}
	f.clean()
	f.checkValues()
	return f, f.errs
}

// checkShape walks the document for what strict decoding would miss or
// report badly: anchors and aliases, duplicate keys and unknown fields.
func (f *file) checkShape(n *yaml.Node, place string) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		if !f.sawAlias {
			f.errNode(n, "anchors and aliases (&name, *name) are not allowed in a bank")
			f.sawAlias = true
		}
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		allowed := fields(place)
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if first, ok := seen[k.Value]; ok {
				f.errNode(k, "duplicate key %q (first at line %d)", k.Value, first.Line)
				continue
			}
			seen[k.Value] = k
			if allowed != nil && !slices.Contains(allowed, k.Value) {
				f.errNode(k, "unknown field %q in %s; valid fields: %s", k.Value, describe(place), strings.Join(allowed, ", "))
				continue
			}
			f.checkShape(v, childPlace(place, k.Value))
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			f.checkShape(c, place+"[]")
		}
	}
}

func childPlace(place, key string) string {
	switch {
	case place == "" && (key == "frames" || key == "kinds"):
		return key
	case place == "frames" || place == "kinds":
		return place + ".*"
	case place == "":
		return key
	}
	return place + "." + key
}

func describe(place string) string {
	switch place {
	case "":
		return "the bank"
	case "frames.*":
		return "a frame"
	case "kinds.*":
		return "a kind"
	case "topics[]":
		return "a topic"
	case "questions[]":
		return "a question"
	}
	return place
}

// clean strips terminal control sequences from every text of the file.
func (f *file) clean() {
	d := &f.doc
	for name, fr := range d.Frames {
		for i := range fr.Hints {
			fr.Hints[i] = cleanLine(fr.Hints[i])
		}
		d.Frames[name] = fr
	}
	for i := range d.Topics {
		t := &d.Topics[i]
		t.ID, t.Name, t.About = cleanLine(t.ID), cleanLine(t.Name), cleanLine(t.About)
		cleanLines(t.Terms)
	}
	for i := range d.Tips {
		d.Tips[i] = cleanLine(d.Tips[i])
	}
	for i := range d.Questions {
		q := &d.Questions[i]
		q.ID, q.Prompt, q.Probes = cleanLine(q.ID), cleanLine(q.Prompt), cleanLine(q.Probes)
		q.Kind, q.Level = Kind(cleanLine(string(q.Kind))), Level(cleanLine(string(q.Level)))
		q.Frame = cleanLine(q.Frame)
		for _, list := range [][]string{q.Topics, q.Cover, q.Followups, q.RedFlags, q.Competencies, q.Related} {
			cleanLines(list)
		}
		q.Guidance, q.Outline, q.Example = cleanBlock(q.Guidance), cleanBlock(q.Outline), cleanBlock(q.Example)
	}
}

func cleanLines(list []string) {
	for i := range list {
		list[i] = cleanLine(list[i])
	}
}

func cleanLine(s string) string  { return strings.TrimSpace(sanitize.Text(s)) }
func cleanBlock(s string) string { return strings.TrimRight(sanitize.Text(s), " \n") }

// indexRawControl returns the offset of the first C0 control other than
// tab, newline and carriage return, or of DEL; -1 if there is none.
func indexRawControl(data []byte) int {
	for i, c := range data {
		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f {
			return i
		}
	}
	return -1
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}
