package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haruspex/haruspex/report/matrix"
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

// TestBatchProgress: the progress line counts captures done of the
// total, bytes read of the total, and the time left, and is cleared at
// the end.
func TestBatchProgress(t *testing.T) {
	var buf bytes.Buffer
	now := time.Now()
	p := &batchProgress{w: &buf, total: 3, totalBytes: 3e6, start: now.Add(-10 * time.Second), last: now.Add(-time.Second)}
	if _, err := io.Copy(io.Discard, p.reader(bytes.NewReader(make([]byte, 1e6)))); err != nil {
		t.Fatal(err)
	}
	p.last = time.Time{}
	p.done(&matrix.Capture{})
	line := buf.String()
	for _, want := range []string{"reading captures: 1 of 3, 1.0 MB of 3.0 MB", "s left"} {
		if !strings.Contains(line, want) {
			t.Errorf("progress %q does not show %q", line, want)
		}
	}
	buf.Reset()
	p.finish()
	if buf.String() != "\r\x1b[K" {
		t.Errorf("finish wrote %q, want the line cleared", buf.String())
	}
	var nilp *batchProgress
	nilp.done(nil)
	nilp.finish()
	if r := strings.NewReader("x"); nilp.reader(r) != io.Reader(r) {
		t.Error("a nil progress wraps its reader")
	}
}
