package report_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/haruspex/haruspex/internal/hargen"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
	"github.com/haruspex/haruspex/report/sensitive"
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

// densityBenchSize is the size of the captures BenchmarkDensity reads.
const densityBenchSize = 128 << 20

// BenchmarkDensity is `haruspex events --format ndjson` (analysis with
// the built-in sensitive list, then every event written) on generated
// captures of three densities of tracker events: hargen's default mix
// (about 6 % of entries), 25 % and 100 % (hargen --density). The
// densities of bench/run.sh, at a size a benchmark can repeat.
func BenchmarkDensity(b *testing.B) {
	for _, density := range []int{0, 25, 100} {
		label := fmt.Sprintf("events=%d%%", density)
		if density == 0 {
			label = "events=6%"
		}
		b.Run(label, func(b *testing.B) {
			name := filepath.Join(b.TempDir(), "bench.har")
			f, err := os.Create(name)
			if err != nil {
				b.Fatal(err)
			}
			st, err := hargen.Generate(f, hargen.Options{Size: densityBenchSize, Seed: 1, Density: density})
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(st.Bytes)
			b.ReportAllocs()
			set := sensitive.Builtin()
			for b.Loop() {
				f, err := os.Open(name)
				if err != nil {
					b.Fatal(err)
				}
				a, err := report.Analyze([]report.Input{{Name: "bench.har", R: f}}, report.Options{Sensitive: set})
				f.Close()
				if err != nil {
					b.Fatal(err)
				}
				if err := render.Events(io.Discard, render.FormatNDJSON, a.Files, a.Events(), render.Options{}); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(a.Len()), "events/op")
				a.Close()
			}
		})
	}
}
