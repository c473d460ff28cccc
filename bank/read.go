package bank

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Reading: the user's bank files come from disk here, each capped at
// MaxFileSize; a file that cannot be read becomes an error to report with
// the others rather than stopping the load.

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
