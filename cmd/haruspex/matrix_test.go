package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatrixOutputFailure: output that cannot be written exits 5 and
// says so, in every format, streamed or not.
func TestMatrixOutputFailure(t *testing.T) {
	dir := filepath.Join("..", "..", "report", "matrix", "testdata", "synthetic")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"table", []string{"matrix", filepath.Join(dir, "before")}},
		{"csv", []string{"matrix", "--format", "csv", filepath.Join(dir, "before")}},
		{"parquet", []string{"matrix", "--format", "parquet", filepath.Join(dir, "before")}},
		{"html baseline", []string{"matrix", "--format", "html", "--baseline", filepath.Join(dir, "before"), filepath.Join(dir, "after")}},
	} {
		args := tc.args
		t.Run(tc.name, func(t *testing.T) {
			var stderr strings.Builder
			code := run(context.Background(), args, strings.NewReader(""), failingWriter{}, &stderr)
			if code != exitOutput {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitOutput, stderr.String())
			}
			if !strings.Contains(stderr.String(), "writing output: no space left on device") {
				t.Errorf("stderr %q does not say the output could not be written", stderr.String())
			}
		})
	}
}
