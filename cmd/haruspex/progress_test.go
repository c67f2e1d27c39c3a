package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// TestProgress: the progress line of one input shows bytes read of the
// total, the rate and the time left, or bytes and rate when the size is
// unknown; a batch's line counts the captures done of the total; the
// line is cleared at the end, and only if it was drawn.
func TestProgress(t *testing.T) {
	tests := []struct {
		name        string
		files       int
		total       int64
		want, avoid []string
	}{
		{"one file", 0, 4e6, []string{"reading x.har: 1.0 MB of 4.0 MB (25%), 0 MB/s, ", "s left"}, []string{" of 3,"}},
		{"standard input", 0, -1, []string{"reading x.har: 1.0 MB, 0 MB/s"}, []string{" left", "%"}},
		{"batch", 3, 3e6, []string{"reading captures: 1 of 3, 1.0 MB of 3.0 MB (33%)", "s left"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			now := time.Now()
			name := "x.har"
			if tt.files > 0 {
				name = "captures"
			}
			p := &progress{w: &buf, name: name, files: tt.files, total: tt.total, start: now.Add(-10 * time.Second), last: now.Add(-time.Second)}
			if _, err := io.Copy(io.Discard, p.reader(bytes.NewReader(make([]byte, 1e6)))); err != nil {
				t.Fatal(err)
			}
			// Redraw now: the copy's reads came within 200 ms.
			p.last = time.Time{}
			if tt.files > 0 {
				p.fileDone()
			} else {
				p.update(0, 0)
			}
			line := buf.String()
			if i := strings.LastIndex(line, "\r\x1b[K"); i >= 0 {
				line = line[i:]
			}
			for _, want := range tt.want {
				if !strings.Contains(line, want) {
					t.Errorf("progress %q does not show %q", line, want)
				}
			}
			for _, avoid := range tt.avoid {
				if strings.Contains(line, avoid) {
					t.Errorf("progress %q shows %q", line, avoid)
				}
			}
			buf.Reset()
			p.finish()
			if buf.String() != "\r\x1b[K" {
				t.Errorf("finish wrote %q, want the line cleared", buf.String())
			}
			buf.Reset()
			p.finish()
			if buf.Len() > 0 {
				t.Errorf("a second finish wrote %q, want nothing: no line is shown", buf.String())
			}
		})
	}
	var nilp *progress
	nilp.fileDone()
	nilp.finish()
	if r := strings.NewReader("x"); nilp.reader(r) != io.Reader(r) {
		t.Error("a nil progress wraps its reader")
	}
}
