package bank

import (
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Merging: the parsed files, in order, over the embedded bank; a later
// definition of a frame, kind, topic or question replaces an earlier one.

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
			b.Kinds[Kind(name)] = KindSettings(k)
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

// sortedKeys returns the keys of m in order, for stable messages.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
