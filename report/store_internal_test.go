package report

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// spilledAnalysis analyses a capture of n Meta pixel hits, spilled.
func spilledAnalysis(t *testing.T, n int) *Analysis {
	t.Helper()
	var es []string
	for i := range n {
		es = append(es, `{"startedDateTime":"2023-06-14T09:12:`+strconv.Itoa(10+i%50)+`.`+strconv.Itoa(100+i)+`Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=PageView&ts=`+
			strconv.Itoa(i)+`&fbp=fb.1.1.`+strconv.Itoa(i%3)+`","headers":[]},"response":{"status":200,"content":{"mimeType":"image/gif"}}}`)
	}
	har := `{"log":{"version":"1.2","entries":[` + strings.Join(es, ",") + `]}}`
	a, err := Analyze([]Input{{Name: "hits.har", R: strings.NewReader(har)}}, Options{MemoryLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if !a.store.spilled() || a.Len() != n {
		t.Fatalf("spilled %v, %d events; want spilled, %d", a.store.spilled(), a.Len(), n)
	}
	return a
}

// TestReadBackStops checks that a consumer that stops early leaves no
// read-ahead goroutine behind, whichever batch it stops in.
func TestReadBackStops(t *testing.T) {
	a := spilledAnalysis(t, 5*readAheadBatch+3)
	before := runtime.NumGoroutine()
	for _, stopAt := range []int{0, 1, readAheadBatch - 1, readAheadBatch, 3*readAheadBatch + 1, a.Len() - 1} {
		n := 0
		for _, err := range a.Events() {
			if err != nil {
				t.Fatal(err)
			}
			if n == stopAt {
				break
			}
			n++
		}
		if n != stopAt {
			t.Errorf("stopped at %d, want %d", n, stopAt)
		}
		// readBack waits for its goroutine; allow the runtime a moment
		// to retire it.
		for i := 0; runtime.NumGoroutine() > before && i < 100; i++ {
			time.Sleep(time.Millisecond)
		}
		if got := runtime.NumGoroutine(); got > before {
			t.Errorf("stopping after %d events: %d goroutines, %d before", stopAt, got, before)
		}
	}
}

// TestReadBackError checks that a spill file that cannot be read back
// yields the events before the damage, then the error, then nothing.
func TestReadBackError(t *testing.T) {
	a := spilledAnalysis(t, 3*readAheadBatch)
	const good = readAheadBatch + 7
	var off int64 = -1
	i := 0
	for r, err := range a.store.order.all() {
		if err != nil {
			t.Fatal(err)
		}
		if i == good {
			off = r.off
		}
		i++
	}
	if err := a.store.ev.file.f.Truncate(off); err != nil {
		t.Fatal(err)
	}
	var n, errs int
	for ev, err := range a.Events() {
		switch {
		case err != nil:
			errs++
			if !strings.Contains(err.Error(), "reading stored events") {
				t.Errorf("error %q does not say what failed", err)
			}
		case errs > 0:
			t.Fatal("an event after the error")
		case ev == nil:
			t.Fatal("nil event without an error")
		default:
			n++
		}
	}
	if n != good || errs != 1 {
		t.Errorf("got %d events and %d errors; want %d and 1", n, errs, good)
	}
}

// TestMemoryLimit checks the one knob of the event store: under the
// limit the events stay in memory, past it they go to a temporary file
// (and the file is gone from the directory), never with MemoryLimit < 0.
func TestMemoryLimit(t *testing.T) {
	dir := t.TempDir()
	var es []string
	for i := range 200 {
		es = append(es, `{"startedDateTime":"2023-06-14T09:12:00.`+strconv.Itoa(100+i)+`Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=PageView&ts=`+strconv.Itoa(i)+`"},"response":{"status":200}}`)
	}
	har := `{"log":{"version":"1.2","entries":[` + strings.Join(es, ",") + `]}}`
	for _, tt := range []struct {
		limit   int64
		spilled bool
	}{{0, false}, {-1, false}, {1, true}, {4096, true}, {1 << 30, false}} {
		a, err := Analyze([]Input{{Name: "hits.har", R: strings.NewReader(har)}}, Options{MemoryLimit: tt.limit, TempDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if a.store.spilled() != tt.spilled || a.Len() != 200 {
			t.Errorf("MemoryLimit %d: spilled %v with %d events; want %v with 200", tt.limit, a.store.spilled(), a.Len(), tt.spilled)
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("MemoryLimit %d: %d file(s) left in the temporary directory", tt.limit, len(left))
		}
		a.Close()
	}
}

// TestEventWindow reads a spilled event file in order and one event in
// fifty: every encoding comes back as written, and the window grows to
// eventWindow for the first and shrinks to eventWindowMin for the
// second, which would otherwise read a whole window for each event.
func TestEventWindow(t *testing.T) {
	f := &eventFile{budget: 1, dir: t.TempDir()}
	defer f.close()
	var at []evBytes
	var want [][]byte
	for i := range 3000 {
		b := []byte(strings.Repeat(strconv.Itoa(i)+";", 150+i%7))
		p, err := f.write(b)
		if err != nil {
			t.Fatal(err)
		}
		at, want = append(at, p), append(want, b)
	}
	if err := f.flush(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		step     int
		wantSize int
	}{
		{"in order", 1, eventWindow},
		{"one in fifty", 50, eventWindowMin},
	} {
		r := f.reader()
		for i := 0; i < len(at); i += c.step {
			got, err := r.bytes(at[i])
			if err != nil {
				t.Fatalf("%s: event %d: %v", c.name, i, err)
			}
			if string(got) != string(want[i]) {
				t.Fatalf("%s: event %d read back as %.40q…, want %.40q…", c.name, i, got, want[i])
			}
		}
		if r.size != c.wantSize {
			t.Errorf("%s: window of %d bytes at the end, want %d", c.name, r.size, c.wantSize)
		}
	}
}

// TestTextSet holds textSet, a list while small and a map past
// textSetMap, to a map from the start, across that size and a reset.
func TestTextSet(t *testing.T) {
	var ts textSet
	for _, n := range []int{0, 1, textSetMap, textSetMap + 1, 5 * textSetMap} {
		ts.reset()
		want := map[string]bool{}
		for i := range 2 * n {
			text := strconv.Itoa(i % (n + 1)) // each text twice or more
			if got := ts.add(text); got != !want[text] {
				t.Fatalf("%d texts: add(%q) = %v, want %v", n, text, got, !want[text])
			}
			want[text] = true
		}
	}
}
