package report_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/haruspex/haruspex/internal/hargen"
	"github.com/haruspex/haruspex/report"
)

// benchSize is the size of the generated HAR the pipeline benchmarks read:
// large enough that per-file costs vanish and throughput shows.
const benchSize = 256 << 20

func benchFile(b *testing.B) (string, int64) {
	b.Helper()
	name := filepath.Join(b.TempDir(), "bench.har")
	st, err := hargen.WriteFile(name, benchSize, 1)
	if err != nil {
		b.Fatal(err)
	}
	return name, st.Bytes
}

// BenchmarkAnalyze runs the decode pipeline that `haruspex events` and
// `haruspex timeline` share (read, decode, first party, cookie links,
// sort, fold, sensitive flags) over a generated Chrome-style HAR.
func BenchmarkAnalyze(b *testing.B) {
	for _, bc := range []struct {
		name string
		opt  report.Options
	}{
		{"events", report.Options{}},
		{"timeline", report.Options{Navigations: true}},
		{"timeline+consent", report.Options{Navigations: true, Consent: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			name, size := benchFile(b)
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				f, err := os.Open(name)
				if err != nil {
					b.Fatal(err)
				}
				a, err := report.Analyze([]report.Input{{Name: "bench.har", R: f}}, bc.opt)
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
				if a.Files[0].Err() != nil {
					b.Fatal(a.Files[0].Err())
				}
				b.ReportMetric(float64(a.Len()), "events/op")
				a.Close()
			}
		})
	}
}
