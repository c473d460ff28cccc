package bank

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/rehearse-app/rehearse/sanitize"
)

// EmbeddedName is the name errors give the bank built into the binary.
const EmbeddedName = "questions.yaml"

// MaxFileSize is the largest bank file Load reads.
const MaxFileSize = 4 << 20

// Limits on the text of a bank, in characters.
const (
	maxID       = 64
	maxName     = 40
	maxAbout    = 200
	maxTip      = 300
	maxPrompt   = 300
	maxProbes   = 300
	maxCover    = 160
	maxFollowup = 200
	maxGuidance = 4000
	maxOutline  = 4000
	maxExample  = 3000
	maxRedFlag  = 200
	maxHint     = 200
	maxTerm     = 40
)

// Counts a question's lists must have.
const (
	minCover, maxCoverItems = 4, 8
	minFollowups, maxFollow = 2, 5
	minRedFlags, maxRedFlgs = 2, 4
	maxTopicsPerQ           = 4
	maxTermsPerTopic        = 60
	maxCompetencies         = 4
	maxRelated              = 6
)

// The range of target minutes a kind or a question may set.
const (
	minMinutes = 0.5
	maxMinutes = 90.0
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads the embedded bank and then each user file in order, and
// returns the merged, validated bank. A later definition of a frame, kind,
// topic or question id replaces an earlier one; tips add up. The error, if
// any, is an Errors listing every problem with file:line:col.
func Load(embedded []byte, userFiles ...string) (*Bank, error) {
	return load(&Bank{}, append([]source{{name: EmbeddedName, data: embedded}}, readAll(userFiles)...))
}

// readAll reads the user's files; one that cannot be read becomes a source
// with the error to report.
func readAll(paths []string) []source {
	var sources []source
	for _, path := range paths {
		data, err := readCapped(path)
		sources = append(sources, source{name: path, data: data, err: err})
	}
	return sources
}

// load parses sources and merges them, in order, onto a copy of base.
func load(base *Bank, sources []source) (*Bank, error) {
	var parsed []*file
	var errs Errors
	for _, src := range sources {
		if src.err != nil {
			errs = append(errs, src.err)
			continue
		}
		f, ferrs := parse(src)
		errs = append(errs, ferrs...)
		if f != nil {
			parsed = append(parsed, f)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	b, errs := merge(base, parsed)
	if len(errs) > 0 {
		return nil, errs
	}
	return b, nil
}

// UserFiles returns the *.yaml files of dir in name order; a missing
// directory has none.
func UserFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read bank directory: %w", err)
	}
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".yaml") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths, nil
}

type source struct {
	name string
	data []byte
	err  *Error // why the file could not be read
}

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

func readCapped(path string) ([]byte, *Error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Line: 1, Col: 1, Msg: fmt.Sprintf("cannot read the bank: %v", unwrapPath(err))}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &Error{File: path, Line: 1, Col: 1, Msg: fmt.Sprintf("cannot read the bank: %v", unwrapPath(err))}
	}
	return data, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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

// checkValues checks each value of the file on its own.
func (f *file) checkValues() {
	d := &f.doc
	if version := field(f.root, "version"); version == nil {
		f.errNode(f.root, "missing `version: 1` at the top of the bank")
	} else if d.Version != 1 {
		f.errNode(version, "unsupported version %d; this rehearse reads version 1", d.Version)
	}
	frames := field(f.root, "frames")
	for _, name := range sortedKeys(d.Frames) {
		f.checkFrame(name, d.Frames[name], keyNode(frames, name), field(frames, name))
	}
	kinds := field(f.root, "kinds")
	for _, name := range sortedKeys(d.Kinds) {
		n := field(kinds, name)
		switch k := d.Kinds[name]; {
		case !slices.Contains(AllKinds(), Kind(name)):
			f.errNode(keyNode(kinds, name), "unknown kind %q; valid kinds: behavioral, technical", name)
		case k.Frame == "":
			f.errNode(n, "kind %q needs a frame", name)
		default:
			f.checkMinutes(orNode(field(n, "minutes"), n), k.Minutes)
		}
	}
	topics := field(f.root, "topics")
	seenTopic := map[string]int{}
	for i, t := range d.Topics {
		n := item(topics, i)
		switch {
		case !f.checkID(orNode(field(n, "id"), n), t.ID, "topic"):
		case seenTopic[t.ID] > 0:
			f.errNode(field(n, "id"), "duplicate topic id %q (first at line %d)", t.ID, seenTopic[t.ID])
		default:
			seenTopic[t.ID] = lineOf(orNode(field(n, "id"), n))
		}
		f.checkText(n, "name", t.Name, maxName, true)
		f.checkText(n, "about", t.About, maxAbout, false)
		if t.Terms != nil {
			f.checkList(n, "terms", t.Terms, 1, maxTermsPerTopic, maxTerm)
		}
	}
	tips := field(f.root, "tips")
	for i, tip := range d.Tips {
		switch {
		case tip == "":
			f.errNode(item(tips, i), "empty tip")
		case utf8.RuneCountInString(tip) > maxTip:
			f.errNode(item(tips, i), "tip is %d characters; the limit is %d", utf8.RuneCountInString(tip), maxTip)
		}
	}
	questions := field(f.root, "questions")
	seenQuestion := map[string]int{}
	for i := range d.Questions {
		n := item(questions, i)
		q := &d.Questions[i]
		if f.checkID(orNode(field(n, "id"), n), q.ID, "question") {
			if line := seenQuestion[q.ID]; line > 0 {
				f.errNode(field(n, "id"), "duplicate question id %q (first at line %d)", q.ID, line)
			} else {
				seenQuestion[q.ID] = lineOf(orNode(field(n, "id"), n))
			}
		}
		f.checkQuestion(n, q)
	}
}

func (f *file) checkFrame(name string, fr frameDoc, key, n *yaml.Node) {
	if !idPattern.MatchString(name) {
		f.errNode(key, "frame name %q must be lowercase letters, digits and dashes", name)
	}
	if len(fr.Phases) < 2 || len(fr.Phases) > 8 {
		f.errNode(orNode(field(n, "phases"), n), "frame %q needs 2 to 8 phases, has %d", name, len(fr.Phases))
		return
	}
	for i, p := range fr.Phases {
		if !idPattern.MatchString(p) {
			f.errNode(item(field(n, "phases"), i), "phase %q must be lowercase letters, digits and dashes", p)
		} else if slices.Index(fr.Phases, p) < i {
			f.errNode(item(field(n, "phases"), i), "phase %q appears twice", p)
		}
	}
	if hints := field(n, "hints"); hints != nil && len(fr.Hints) != len(fr.Phases) {
		f.errNode(hints, "frame %q has %d phases but %d hints; give one hint per phase", name, len(fr.Phases), len(fr.Hints))
	}
	for i, h := range fr.Hints {
		if utf8.RuneCountInString(h) > maxHint {
			f.errNode(item(field(n, "hints"), i), "hint is %d characters; the limit is %d", utf8.RuneCountInString(h), maxHint)
		}
	}
	shares := field(n, "shares")
	if len(fr.Shares) != len(fr.Phases) {
		f.errNode(orNode(shares, n), "frame %q has %d phases but %d shares; give one share per phase", name, len(fr.Phases), len(fr.Shares))
		return
	}
	sum := 0.0
	for i, s := range fr.Shares {
		if !(s > 0 && s < 1) { // also refuses NaN
			f.errNode(item(shares, i), "share %g must be between 0 and 1", s)
		}
		sum += s
	}
	if math.Abs(sum-1) > 0.001 {
		f.errNode(shares, "shares of frame %q sum to %.3g; they must sum to 1", name, sum)
	}
}

func (f *file) checkQuestion(n *yaml.Node, q *Question) {
	if !slices.Contains(AllKinds(), q.Kind) {
		f.errNode(orNode(field(n, "kind"), n), "question %q: kind %q is not one of: behavioral, technical", q.ID, q.Kind)
	}
	if !slices.Contains(AllLevels(), q.Level) {
		f.errNode(orNode(field(n, "level"), n), "question %q: level %q is not one of: junior, mid, senior, staff", q.ID, q.Level)
	}
	topics := field(n, "topics")
	if len(q.Topics) == 0 || len(q.Topics) > maxTopicsPerQ {
		f.errNode(orNode(topics, n), "question %q needs 1 to %d topics, has %d", q.ID, maxTopicsPerQ, len(q.Topics))
	}
	for i, t := range q.Topics {
		if slices.Index(q.Topics, t) < i {
			f.errNode(item(topics, i), "question %q lists topic %q twice", q.ID, t)
		}
	}
	f.checkText(n, "prompt", q.Prompt, maxPrompt, true)
	f.checkText(n, "probes", q.Probes, maxProbes, true)
	f.checkList(n, "cover", q.Cover, minCover, maxCoverItems, maxCover)
	f.checkList(n, "followups", q.Followups, minFollowups, maxFollow, maxFollowup)
	f.checkText(n, "guidance", q.Guidance, maxGuidance, true)
	f.checkText(n, "outline", q.Outline, maxOutline, q.Kind == Technical)
	f.checkText(n, "example", q.Example, maxExample, false)
	if min := field(n, "minutes"); min != nil {
		f.checkMinutes(min, q.Minutes)
	}
	if fr := field(n, "frame"); fr != nil && !idPattern.MatchString(q.Frame) {
		f.errNode(fr, "question %q: frame %q must be lowercase letters, digits and dashes", q.ID, q.Frame)
	}
	if q.RedFlags != nil || field(n, "red_flags") != nil {
		f.checkList(n, "red_flags", q.RedFlags, minRedFlags, maxRedFlgs, maxRedFlag)
	}
	if comps := field(n, "competencies"); comps != nil {
		switch {
		case q.Kind != Behavioral:
			f.errNode(comps, "question %q: competencies are for behavioral questions", q.ID)
		case len(q.Competencies) == 0 || len(q.Competencies) > maxCompetencies:
			f.errNode(comps, "competencies needs 1 to %d items, has %d", maxCompetencies, len(q.Competencies))
		}
		for i, c := range q.Competencies {
			if !slices.Contains(Competencies(), c) {
				f.errNode(item(comps, i), "question %q: unknown competency %q; valid competencies: %s", q.ID, c, strings.Join(Competencies(), ", "))
			} else if slices.Index(q.Competencies, c) < i {
				f.errNode(item(comps, i), "question %q lists competency %q twice", q.ID, c)
			}
		}
	}
	if rel := field(n, "related"); rel != nil && len(q.Related) > maxRelated {
		f.errNode(rel, "related needs at most %d ids, has %d", maxRelated, len(q.Related))
	}
}

// checkMinutes refuses a target time that is not a number of minutes in
// range: NaN, infinite, zero, negative or too long.
func (f *file) checkMinutes(n *yaml.Node, minutes float64) {
	if !(minutes >= minMinutes && minutes <= maxMinutes) { // also refuses NaN
		f.errNode(n, "minutes must be a number from %g to %g, not %g", minMinutes, maxMinutes, minutes)
	}
}

func (f *file) checkID(n *yaml.Node, id, what string) bool {
	switch {
	case id == "":
		f.errNode(n, "%s needs an id", what)
	case len(id) > maxID || !idPattern.MatchString(id):
		f.errNode(n, "%s id %q must be kebab-case (lowercase letters, digits, single dashes), at most %d characters", what, id, maxID)
	default:
		return true
	}
	return false
}

func (f *file) checkText(parent *yaml.Node, key, text string, limit int, required bool) {
	n := field(parent, key)
	switch count := utf8.RuneCountInString(text); {
	case text == "" && required && n == nil:
		f.errNode(parent, "missing %s", key)
	case text == "" && required:
		f.errNode(n, "empty %s", key)
	case count > limit:
		f.errNode(n, "%s is %d characters; the limit is %d", key, count, limit)
	}
}

func (f *file) checkList(parent *yaml.Node, key string, items []string, least, most, limit int) {
	n := field(parent, key)
	if len(items) < least || len(items) > most {
		f.errNode(orNode(n, parent), "%s needs %d to %d items, has %d", key, least, most, len(items))
	}
	for i, s := range items {
		switch count := utf8.RuneCountInString(s); {
		case s == "":
			f.errNode(item(n, i), "empty item in %s", key)
		case count > limit:
			f.errNode(item(n, i), "%s item is %d characters; the limit is %d", key, count, limit)
		}
	}
}

// merge combines the files in order onto a copy of base, and checks what
// refers across them. Problems can only come from the files: base is valid.
func merge(base *Bank, files []*file) (*Bank, Errors) {
	b := &Bank{
		Frames: maps.Clone(base.Frames), Kinds: maps.Clone(base.Kinds),
		Topics: slices.Clone(base.Topics), Tips: slices.Clone(base.Tips), Questions: slices.Clone(base.Questions),
	}
	if b.Frames == nil {
		b.Frames, b.Kinds = map[string]Frame{}, map[Kind]KindSettings{}
	}
	type origin struct {
		f *file
		n *yaml.Node
	}
	qOrigin := make([]origin, len(b.Questions)) // zero for the base's questions
	kindOrigin := map[Kind]origin{}
	for k := range b.Kinds {
		kindOrigin[k] = origin{}
	}
	for _, f := range files {
		for name, fr := range f.doc.Frames {
			b.Frames[name] = Frame{Name: name, Phases: fr.Phases, Shares: fr.Shares, Hints: fr.Hints}
		}
		for name, k := range f.doc.Kinds {
			b.Kinds[Kind(name)] = KindSettings{Frame: k.Frame, Minutes: k.Minutes}
			kindOrigin[Kind(name)] = origin{f, field(field(field(f.root, "kinds"), name), "frame")}
		}
		for _, t := range f.doc.Topics {
			if i := slices.IndexFunc(b.Topics, func(x Topic) bool { return x.ID == t.ID }); i >= 0 {
				b.Topics[i] = t
			} else {
				b.Topics = append(b.Topics, t)
			}
		}
		b.Tips = append(b.Tips, f.doc.Tips...)
		questions := field(f.root, "questions")
		for i, q := range f.doc.Questions {
			o := origin{f, item(questions, i)}
			if j := slices.IndexFunc(b.Questions, func(x Question) bool { return x.ID == q.ID }); j >= 0 {
				b.Questions[j], qOrigin[j] = q, o
			} else {
				b.Questions = append(b.Questions, q)
				qOrigin = append(qOrigin, o)
			}
		}
	}
	var errs Errors
	for _, k := range AllKinds() {
		o, ok := kindOrigin[k]
		if !ok {
			files[0].errAt(1, 1, "the bank has no settings for kind %q under `kinds`", k)
			continue
		}
		if _, ok := b.Frames[b.Kinds[k].Frame]; !ok && o.f != nil {
			o.f.errNode(o.n, "kind %q uses unknown frame %q; valid frames: %s", k, b.Kinds[k].Frame, strings.Join(sortedKeys(b.Frames), ", "))
		}
	}
	for i, q := range b.Questions {
		o := qOrigin[i]
		if o.f == nil {
			continue
		}
		topics := field(o.n, "topics")
		for j, t := range q.Topics {
			if _, ok := b.Topic(t); !ok {
				o.f.errNode(item(topics, j), "question %q: unknown topic %q; valid topics: %s", q.ID, t, strings.Join(b.TopicIDs(), ", "))
			}
		}
		if _, ok := b.Frames[q.Frame]; q.Frame != "" && !ok {
			o.f.errNode(field(o.n, "frame"), "question %q uses unknown frame %q; valid frames: %s", q.ID, q.Frame, strings.Join(sortedKeys(b.Frames), ", "))
		}
		related := field(o.n, "related")
		for j, id := range q.Related {
			if _, ok := b.Question(id); !ok || id == q.ID {
				o.f.errNode(item(related, j), "question %q: related %q is not another question of the bank", q.ID, id)
			}
		}
	}
	for _, f := range files {
		errs = append(errs, f.errs...)
	}
	if len(b.Questions) == 0 && len(errs) == 0 && len(files) > 0 {
		files[0].errAt(1, 1, "the bank has no questions")
		errs = append(errs, files[0].errs...)
	}
	return b, errs
}

func (f *file) errAt(line, col int, format string, args ...any) {
	// The YAML parser puts an error at the end of the input on the line
	// after the last; it is shown at the end of the last line instead.
	if lines := bytes.Count(f.data, []byte("\n")) + 1; line > lines {
		last := f.data[bytes.LastIndexByte(f.data, '\n')+1:]
		line, col = lines, utf8.RuneCount(last)+1
	}
	src, caret := sourceLine(f.data, line, col)
	f.errs = append(f.errs, &Error{File: f.name, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Source: src, caret: caret})
}

func (f *file) errNode(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, n.Column
	}
	f.errAt(line, col, format, args...)
}

func (f *file) errAtOffset(offset int, msg string) {
	line := 1 + bytes.Count(f.data[:offset], []byte("\n"))
	col := 1 + utf8.RuneCount(f.data[bytes.LastIndexByte(f.data[:offset], '\n')+1:offset])
	f.errAt(line, col, "%s", msg)
}

// yamlErr turns a YAML syntax or type error into Errors at its positions.
func (f *file) yamlErr(err error) {
	var many *yaml.LoadErrors
	if errors.As(err, &many) {
		for _, e := range many.Errors {
			f.errAt(max(e.Mark.Line, 1), max(e.Mark.Column, 1), "%s", plainYAMLMessage(e))
		}
		return
	}
	var one *yaml.LoadError
	if errors.As(err, &one) {
		f.errAt(max(one.Mark.Line, 1), max(one.Mark.Column, 1), "%s", plainYAMLMessage(one))
		return
	}
	f.errAt(1, 1, "%v", err)
}

func plainYAMLMessage(e *yaml.LoadError) string {
	msg := e.Message
	if e.ContextMsg != "" {
		msg = e.ContextMsg + ": " + msg
	}
	return "YAML: " + msg
}

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

// field returns the value of key in mapping m, or nil.
func field(m *yaml.Node, key string) *yaml.Node {
	if k := keyNode(m, key); k != nil {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i] == k {
				return m.Content[i+1]
			}
		}
	}
	return nil
}

// keyNode returns the key node of key in mapping m, or nil.
func keyNode(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// item returns element i of sequence s, or s itself when there is none.
func item(s *yaml.Node, i int) *yaml.Node {
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return s
	}
	return s.Content[i]
}

// lineOf returns the line of n, or 1 for a node the parser did not place.
func lineOf(n *yaml.Node) int {
	if n == nil || n.Line < 1 {
		return 1
	}
	return n.Line
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
