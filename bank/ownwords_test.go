package bank_test

import (
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rehearse-app/rehearse/bank"
)

// The bank, README and CONTRIBUTING must be in our own words: facts from the
// source articles carry over, sentences do not. The test below looks for any
// run of eight words that also appears in an article. The articles are not
// in this repository; testdata/seed-runs.bin holds only a hash of each of
// their eight-word runs, made with -seeds DIR from the articles' text.

var seedsDir = flag.String("seeds", "", "rewrite testdata/seed-runs.bin from the articles in this directory")

// runLength is how many words in a row count as copied.
const runLength = 8

var wordPattern = regexp.MustCompile(`[a-z0-9]+(?:'[a-z0-9]+)*`)

// words splits text into lowercase words; punctuation and markup between
// words are ignored, so a run may cross them.
func words(text string) []string {
	text = strings.NewReplacer("’", "'", "‘", "'").Replace(strings.ToLower(text))
	return wordPattern.FindAllString(text, -1)
}

func runHash(ws []string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(ws, " ")))
	return h.Sum64()
}

// runs returns the hashes of every run of runLength words in text.
func runs(text string) []uint64 {
	ws := words(text)
	var out []uint64
	for i := 0; i+runLength <= len(ws); i++ {
		out = append(out, runHash(ws[i:i+runLength]))
	}
	return out
}

const seedRunsFile = "testdata/seed-runs.bin"

func loadSeedRuns(t *testing.T) []uint64 {
	t.Helper()
	if *seedsDir != "" {
		files, err := filepath.Glob(filepath.Join(*seedsDir, "*.txt"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no articles in %s: %v", *seedsDir, err)
		}
		var all []uint64
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, runs(string(data))...)
		}
		slices.Sort(all)
		all = slices.Compact(all)
		var buf []byte
		for _, h := range all {
			buf = binary.BigEndian.AppendUint64(buf, h)
		}
		if err := os.WriteFile(seedRunsFile, buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(seedRunsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(data)%8 != 0 || len(data) < 8*1000 {
		t.Fatalf("%s is damaged or too small (%d bytes)", seedRunsFile, len(data))
	}
	out := make([]uint64, len(data)/8)
	for i := range out {
		out[i] = binary.BigEndian.Uint64(data[i*8:])
	}
	return out
}

// copiedRuns returns the runs of text found among the seed runs, as text.
func copiedRuns(seed []uint64, text string) []string {
	ws := words(text)
	var out []string
	for i := 0; i+runLength <= len(ws); i++ {
		if _, ok := slices.BinarySearch(seed, runHash(ws[i:i+runLength])); ok {
			out = append(out, strings.Join(ws[i:i+runLength], " "))
			i += runLength - 1 // report a long copied run once or twice, not word by word
		}
	}
	return out
}

// bankTexts returns every text of the bank, labelled by where it is.
func bankTexts(b *bank.Bank) map[string]string {
	texts := map[string]string{}
	for i, tip := range b.Tips {
		texts[fmt.Sprintf("tips[%d]", i)] = tip
	}
	for name, f := range b.Frames {
		texts["frames."+name+".hints"] = strings.Join(f.Hints, "\n")
	}
	for _, t := range b.Topics {
		texts["topics."+t.ID] = t.Name + "\n" + t.About
	}
	for _, q := range b.Questions {
		add := func(field, text string) { texts[q.ID+"."+field] = text }
		add("prompt", q.Prompt)
		add("probes", q.Probes)
		add("cover", strings.Join(q.Cover, "\n"))
		add("followups", strings.Join(q.Followups, "\n"))
		add("guidance", q.Guidance)
		add("outline", q.Outline)
		add("example", q.Example)
		add("red_flags", strings.Join(q.RedFlags, "\n"))
	}
	return texts
}

func TestTextIsInOurOwnWords(t *testing.T) {
	seed := loadSeedRuns(t)
	texts := bankTexts(loadEmbedded(t))
	for _, doc := range []string{"../README.md", "../CONTRIBUTING.md"} {
		if data, err := os.ReadFile(doc); err == nil {
			texts[filepath.Base(doc)] = string(data)
		}
	}
	var where []string
	for w := range texts {
		where = append(where, w)
	}
	slices.Sort(where)
	copied := 0
	for _, w := range where {
		for _, run := range copiedRuns(seed, texts[w]) {
			t.Errorf("%s repeats the words of a source article: %q", w, run)
			copied++
		}
	}
	if copied > 0 {
		t.Logf("%d copied runs: say these in our own words", copied)
	}
}

func TestCopiedRunsAreFound(t *testing.T) {
	seed := []uint64{runHash(words("the quick brown fox jumps over the lazy"))}
	slices.Sort(seed)
	if got := copiedRuns(seed, "Well, THE quick-brown fox jumps over: the lazy dog."); len(got) != 1 {
		t.Errorf("a copied run with other case and punctuation was not found: %v", got)
	}
	if got := copiedRuns(seed, "the quick brown fox leaps over the lazy dog"); len(got) != 0 {
		t.Errorf("a run with one word changed was reported: %v", got)
	}
}
