package render_test

import (
	"bytes"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/internal/hargen"
	"github.com/haruspex/haruspex/report/render"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
)

// analyzeFiles analyses the named files together.
func analyzeFiles(t *testing.T, names []string, opt report.Options) *report.Analysis {
	t.Helper()
	var inputs []report.Input
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, report.Input{Name: filepath.Base(name), R: bytes.NewReader(data)})
	}
	a, err := report.Analyze(inputs, opt)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSpillSameAsMemory checks that an analysis whose events went to a
// temporary file gives exactly what one held in memory gives: the same
// events in the same order (copies folded, known data and sensitive
// content marked), the same visitors, and the same bytes in every format
// for events, timelines and parties — on the samples, the corpus, odd
// times, and a generated capture of 24 MiB.
func TestSpillSameAsMemory(t *testing.T) {
	if _, err := os.Stat(spillCorpusDir); err != nil {
		t.Skipf("corpus not found at %s (../shared is absent)", spillCorpusDir)
	}
	known, err := decode.NewKnownPII([]string{"jane.doe@example.com"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	corpus, _ := filepath.Glob(filepath.Join(spillCorpusDir, "*.har*"))
	// Times far outside what nanoseconds since 1970 can hold, ties, and
	// entries out of time order.
	odd := filepath.Join(t.TempDir(), "odd.har")
	entry := func(when string, n int) string {
		return `{"startedDateTime":"` + when + `","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=PageView&ts=` +
			strconv.Itoa(n) + `&fbp=fb.1.1.` + strconv.Itoa(n%3) + `","headers":[]},"response":{"status":200,"content":{"mimeType":"image/gif"}}}`
	}
	var es []string
	for i, when := range []string{"9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "2023-06-14T09:12:00.5Z", "2023-06-14T09:12:00.5Z", "1500-01-01T00:00:00.000000001Z", "2300-01-01T00:00:00Z", "bad"} {
		es = append(es, entry(when, i))
	}
	if err := os.WriteFile(odd, []byte(`{"log":{"version":"1.2","entries":[`+strings.Join(es, ",")+`]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "big.har")
	if _, err := hargen.WriteFile(big, 24<<20, 7); err != nil {
		t.Fatal(err)
	}
	sets := [][]string{{odd}, {odd, odd}, {"../../samples/police-visit.har"}, {"../../samples/police-visit.har", "../../samples/chromium-capture.har"}, corpus, {big}}
	for _, c := range corpus {
		sets = append(sets, []string{c})
	}
	var folded, flagged, total int // what the comparison covered
	for _, names := range sets {
		for _, opt := range []report.Options{
			{Navigations: true, Sensitive: sensitive.Builtin(), Known: known},
			{Generic: true},
		} {
			opt.MemoryLimit = -1
			mem := analyzeFiles(t, names, opt)
			opt.MemoryLimit = 1 // every event goes to the file
			if len(names) == 1 && names[0] == big {
				// The first events in memory, the rest in the file: the
				// move happens mid-capture.
				opt.MemoryLimit = 64 << 10
			}
			sp := analyzeFiles(t, names, opt)
			label := filepath.Base(names[0])
			if len(names) > 1 {
				label += " and others"
			}
			memEvents := collect(t, mem.Events())
			got := collect(t, sp.Events())
			if sp.Len() != len(memEvents) || len(got) != len(memEvents) {
				t.Fatalf("%s: spilled %d events (Len %d), in memory %d", label, len(got), sp.Len(), len(memEvents))
			}
			for i := range got {
				total++
				if len(got[i].Sources) > 1 {
					folded++
				}
				if len(got[i].Sensitive) > 0 {
					flagged++
				}
				if !reflect.DeepEqual(got[i], memEvents[i]) {
					t.Fatalf("%s: event %d differs:\nspilled %+v\nmemory  %+v", label, i, got[i], memEvents[i])
				}
			}
			memParties, err := mem.Parties()
			if err != nil {
				t.Fatal(err)
			}
			spParties, err := sp.Parties()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []render.Format{render.FormatJSON, render.FormatNDJSON, render.FormatCSV, render.FormatTable} {
				if f == render.FormatTable && len(got) > 20000 {
					continue // the table of a big capture takes long, and is the same code
				}
				var mb, sb bytes.Buffer
				if err := render.Timeline(&mb, f, mem, mem.Visitors(), render.Options{}); err != nil {
					t.Fatal(err)
				}
				if err := render.Timeline(&sb, f, sp, sp.Visitors(), render.Options{}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(mb.Bytes(), sb.Bytes()) {
					t.Errorf("%s: timeline (%v) differs when spilled", label, f)
				}
				mb.Reset()
				sb.Reset()
				if err := render.Events(&mb, f, mem.Files, mem.Events(), render.Options{}); err != nil {
					t.Fatal(err)
				}
				if err := render.Events(&sb, f, sp.Files, sp.Events(), render.Options{}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(mb.Bytes(), sb.Bytes()) {
					t.Errorf("%s: events (%v) differ when spilled", label, f)
				}
				mb.Reset()
				sb.Reset()
				if err := render.Parties(&mb, f, mem.Files, memParties, render.Options{}); err != nil {
					t.Fatal(err)
				}
				if err := render.Parties(&sb, f, sp.Files, spParties, render.Options{}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(mb.Bytes(), sb.Bytes()) {
					t.Errorf("%s: parties (%v) differ when spilled", label, f)
				}
			}
			mem.Close()
			if err := sp.Close(); err != nil {
				t.Fatal(err)
			}
			if err := sp.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
		}
	}
	if folded == 0 || flagged == 0 || total < 1000 {
		t.Fatalf("the comparison covered %d events, %d with folded copies, %d flagged sensitive: too little to trust", total, folded, flagged)
	}
	t.Logf("%d events compared, %d with folded copies, %d flagged sensitive", total, folded, flagged)
}

const spillCorpusDir = "../../../shared/corpus"

func collect(t *testing.T, seq iter.Seq2[*decode.Event, error]) []decode.Event {
	t.Helper()
	var out []decode.Event
	for ev, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, *ev)
	}
	return out
}
