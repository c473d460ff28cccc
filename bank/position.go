package bank

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// Positions in a bank file: errors placed at a line and column, and the
// lookups that find a YAML node (and so its position) by key or index.

// errAt records a problem at line and col of the file, with the source
// line for the caret display.
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

// errNode records a problem at n, or at the start of the file when the
// parser did not place n.
func (f *file) errNode(n *yaml.Node, format string, args ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, n.Column
	}
	f.errAt(line, col, format, args...)
}

// errAtOffset records a problem at a byte offset of the file.
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

// plainYAMLMessage is the YAML library's message with its context.
func plainYAMLMessage(e *yaml.LoadError) string {
	msg := e.Message
	if e.ContextMsg != "" {
		msg = e.ContextMsg + ": " + msg
	}
	return "YAML: " + msg
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

// orNode returns n, or fallback when n is nil.
func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}
