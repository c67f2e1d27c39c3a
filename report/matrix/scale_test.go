package matrix_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haruspex/haruspex/internal/hargen"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/matrix"
	"github.com/haruspex/haruspex/report/render"
	"github.com/haruspex/haruspex/report/sensitive"
)

// generated returns n small captures of n/10 sites (at least one), made
// when a worker opens them and never held: the even ones by hargen
// (Chrome-shaped entries, base64 bodies, the odd Meta or GA4 hit), the
// odd ones cut from the synthetic study (Meta and GA4 events, a button
// click), each with its own site and browser identifiers.
func generated(t testing.TB, n int) []matrix.Input {
	t.Helper()
	study, err := os.ReadFile("testdata/synthetic/before/force-b.example/visit-2.har")
	if err != nil {
		t.Fatal(err)
	}
	sites := max(1, n/10)
	var in []matrix.Input
	for i := range n {
		site := fmt.Sprintf("site-%04d.example", i%sites)
		name := fmt.Sprintf("%s/capture-%05d.har", site, i)
		open := func() (io.ReadCloser, error) {
			var b bytes.Buffer
			if i%2 == 0 {
				if _, err := hargen.Write(&b, 16<<10, uint64(i)); err != nil {
					return nil, err
				}
				return io.NopCloser(strings.NewReader(strings.ReplaceAll(b.String(), "police.example", site))), nil
			}
			s := strings.NewReplacer("force-b.example", site, "917364528190273645", fmt.Sprintf("%018d", i)).Replace(string(study))
			return io.NopCloser(strings.NewReader(s)), nil
		}
		in = append(in, matrix.Input{Name: name, Size: -1, Open: open})
	}
	return in
}

// heapPeak samples the heap's live and unswept objects every
// millisecond (runtime/metrics, without stopping the world) until stop
// is called, which returns the highest.
func heapPeak() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// retained is the heap in use after a full collection.
func retained() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// streamed reads captures as the command does: streamed, each
// capture's rows written as CSV to nowhere, and tallied into the grid.
func streamed(t testing.TB, in []matrix.Input, opt matrix.Options) (*matrix.Grid, int) {
	t.Helper()
	rw, err := render.NewMatrixRowWriter(io.Discard, render.MatrixCSV)
	if err != nil {
		t.Fatal(err)
	}
	tally := matrix.NewTally()
	rows := 0
	err = matrix.Stream(context.Background(), in, opt, func(c *matrix.Capture, rs []matrix.Row) error {
		tally.Add(c, rs)
		rows += len(rs)
		return rw.Write(rs...)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	return tally.Grid(), rows
}

// TestThousandCaptures streams 1,000 generated captures of 100 sites:
// every one is listed and read, and the heap stays within a bound that
// does not depend on the number of captures (one analysis per worker,
// the results waiting for their turn, the grid). BenchmarkStream
// measures how it scales.
func TestThousandCaptures(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: 1,000 captures")
	}
	in := generated(t, 1000)
	base := retained()
	stop := heapPeak()
	g, rows := streamed(t, in, matrix.Options{Analysis: report.Options{Sensitive: sensitive.Builtin()}})
	peak := stop()
	var captures []*matrix.Capture
	for _, s := range g.Sites {
		captures = append(captures, s.Captures...)
	}
	if len(captures) != 1000 {
		t.Fatalf("%d captures listed, want 1000", len(captures))
	}
	for _, c := range captures {
		if c.Err() != nil {
			t.Errorf("%s: %v", c.Name, c.Err())
		}
		// The captures cut from the study have a top-level navigation
		// that names their site; hargen's, only a few requests, none.
		var site string
		var n int
		if _, err := fmt.Sscanf(strings.Replace(c.Name, "/", " ", 1), "%s capture-%d.har", &site, &n); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		if n%2 == 1 && c.Site != site {
			t.Errorf("%s: site %q, want %q", c.Name, c.Site, site)
		}
	}
	if len(g.Parties) < 2 {
		t.Errorf("third parties %v: want Meta and Google at least", g.Parties)
	}
	t.Logf("1000 captures, %d rows: peak heap %.1f MiB (%.1f MiB before)", rows, float64(peak)/(1<<20), float64(base)/(1<<20))
	// The bound: GOMAXPROCS analyses of one small capture, twice as many
	// results waiting, and the grid. Memory that grew with the captures
	// read would pass it by far.
	const bound = 64 << 20
	if peak > bound {
		t.Errorf("peak heap %d MiB over %d MiB", peak>>20, bound>>20)
	}
}

// BenchmarkStream streams 10, 100 and 1,000 generated captures as the
// command does, and reports the peak heap (peak-heap-MiB) and captures
// read per second; BenchmarkBuild holds them all in a Matrix and also
// reports what it keeps (matrix-KiB).
func BenchmarkStream(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("captures=%d", n), func(b *testing.B) {
			in := generated(b, n)
			var peak uint64
			for b.Loop() {
				retained()
				stop := heapPeak()
				streamed(b, in, matrix.Options{})
				peak = max(peak, stop())
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "captures/s")
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("captures=%d", n), func(b *testing.B) {
			in := generated(b, n)
			var peak, kept uint64
			for b.Loop() {
				base := retained()
				stop := heapPeak()
				m, err := matrix.Build(context.Background(), in, matrix.Options{})
				peak = max(peak, stop())
				if err != nil {
					b.Fatal(err)
				}
				after := retained()
				kept = after - min(after, base)
				runtime.KeepAlive(m)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(kept)/(1<<10), "matrix-KiB")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "captures/s")
		})
	}
}
