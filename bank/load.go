package bank

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EmbeddedName is the name errors give the bank built into the binary.
const EmbeddedName = "questions.yaml"

// MaxFileSize is the largest bank file Load reads.
const MaxFileSize = 4 << 20

// Load reads the embedded bank and then each user file in order, and
// returns the merged, validated bank. A later definition of a frame, kind,
// topic or question id replaces an earlier one; tips add up. The error, if
// any, is an Errors listing every problem with file:line:col.
func Load(embedded []byte, userFiles ...string) (*Bank, error) {
	return load(&Bank{}, append([]source{{name: EmbeddedName, data: embedded}}, readAll(userFiles)...))
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

// source is one bank file's name and bytes, as read (read.go), before
// parsing (parse.go), validation (validate.go) and merging (merge.go).
type source struct {
	name string
	data []byte
	err  *Error // why the file could not be read
}
