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
