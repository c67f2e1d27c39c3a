package main

import (
	"io"
	"os"
)

// openInput opens a command-line input read-only: evidence is never
// modified. "-" is standard input.
func openInput(e *env, name string) (io.ReadCloser, string, error) {
	if name == "-" {
		return io.NopCloser(e.stdin), "-", nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, err
	}
	return f, name, nil
}

// inputSize returns the size of a regular file, or -1.
func inputSize(r io.Reader) int64 {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	}
	return -1
}
