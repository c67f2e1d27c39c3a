package har_test

import (
	"io"
	"os"
	"path/filepath"
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
