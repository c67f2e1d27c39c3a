package redact

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRedact redacts the corpus's largest capture (2.25 MB, 607
// entries) with its secrets and two values: both passes, every string.
func BenchmarkRedact(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "pagexray__expressen.har"))
	if err != nil {
		b.Skip(err)
	}
	opt := Options{Name: "expressen.har", Emails: []string{"jane.doe@example.com"}, Values: []string{"expressen-value"}}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Redact(io.Discard, bytes.NewReader(data), opt); err != nil {
			b.Fatal(err)
		}
	}
}
