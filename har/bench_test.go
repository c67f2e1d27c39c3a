package har_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/internal/hargen"
)

// benchSize is the size of the generated HAR BenchmarkReader reads:
// multi-hundred-MB so that per-file costs vanish and throughput shows.
const benchSize = 256 << 20

func benchFile(b *testing.B, size int64) string {
	b.Helper()
	name := filepath.Join(b.TempDir(), "bench.har")
	if _, err := hargen.WriteFile(name, size, 1); err != nil {
		b.Fatal(err)
	}
	return name
}

// BenchmarkReader streams a generated Chrome-style HAR (see
// internal/hargen) through the Reader, bodies skipped, SHA-256 included.
func BenchmarkReader(b *testing.B) {
	name := benchFile(b, benchSize)
	st, _ := os.Stat(name)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		r := har.NewReader(f)
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		f.Close()
		b.ReportMetric(float64(n), "entries/op")
	}
}

// oneEntry is a one-entry HAR of about 230 bytes, as a short capture or
// a test writes one: reading it costs the reader's set-up, not its
// throughput.
const oneEntry = `{"log":{"version":"1.2","entries":[` +
	`{"startedDateTime":"2023-06-14T09:12:00.123Z","request":{"method":"GET","url":"https://www.police.example/"},` +
	`"response":{"status":200,"content":{"mimeType":"text/html","text":"hi"}},"timings":{}}]}}`

// BenchmarkReaderOneEntry reads a one-entry HAR, SHA-256 included: the
// fixed cost of a Reader, which tests reading thousands of small inputs
// (every truncation of a file) pay once per input.
func BenchmarkReaderOneEntry(b *testing.B) {
	b.SetBytes(int64(len(oneEntry)))
	b.ReportAllocs()
	for b.Loop() {
		r := har.NewReader(strings.NewReader(oneEntry))
		for {
			if _, err := r.Next(); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
		r.SHA256()
	}
}
