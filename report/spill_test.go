package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

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

// TestSpillSameAsMemory checks that an analysis whose events are spilled
// to a file gives exactly what one held in memory gives: the same events
// in the same order (copies folded, known data and sensitive content
// marked), the same visitors, and the same bytes in every format for
// events, timelines and parties.
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
	sets := [][]string{{odd}, {odd, odd}, {"../samples/police-visit.har"}, {"../samples/police-visit.har", "../samples/chromium-capture.har"}, corpus}
	for _, c := range corpus {
		sets = append(sets, []string{c})
	}
	var folded, flagged, total int // what the comparison covered
	for _, names := range sets {
		for _, opt := range []report.Options{
			{Navigations: true, Sensitive: sensitive.Builtin(), Known: known},
			{Generic: true},
		} {
			mem := analyzeFiles(t, names, opt)
			opt.Spill = true
			sp := analyzeFiles(t, names, opt)
			label := filepath.Base(names[0])
			if len(names) > 1 {
				label += " and others"
			}
			var got []decode.Event
			for ev, err := range sp.All() {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, *ev)
			}
			if sp.Events != nil || sp.Len() != len(mem.Events) || len(got) != len(mem.Events) {
				t.Fatalf("%s: spilled %d events (Len %d), in memory %d", label, len(got), sp.Len(), len(mem.Events))
			}
			for i := range got {
				total++
				if len(got[i].Sources) > 1 {
					folded++
				}
				if len(got[i].Sensitive) > 0 {
					flagged++
				}
				if !reflect.DeepEqual(got[i], mem.Events[i]) {
					t.Fatalf("%s: event %d differs:\nspilled %+v\nmemory  %+v", label, i, got[i], mem.Events[i])
				}
			}
			for _, f := range []report.Format{report.FormatJSON, report.FormatNDJSON, report.FormatCSV, report.FormatTable} {
				var mb, sb bytes.Buffer
				if err := report.WriteTimeline(&mb, f, mem, report.LinkVisitors(mem), report.Display{}); err != nil {
					t.Fatal(err)
				}
				if err := report.WriteTimeline(&sb, f, sp, report.LinkVisitors(sp), report.Display{}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(mb.Bytes(), sb.Bytes()) {
					t.Errorf("%s: timeline (%v) differs when spilled", label, f)
				}
				mb.Reset()
				sb.Reset()
				if err := report.WriteEvents(&mb, f, mem.Files, mem.Events, report.Display{}); err != nil {
					t.Fatal(err)
				}
				if err := report.WriteEventsSeq(&sb, f, sp.Files, sp.All(), report.Display{}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(mb.Bytes(), sb.Bytes()) {
					t.Errorf("%s: events (%v) differ when spilled", label, f)
				}
				mb.Reset()
				sb.Reset()
				if err := report.WriteParties(&mb, f, mem.Files, report.Parties(mem, report.LinkVisitors(mem))); err != nil {
					t.Fatal(err)
				}
				if err := report.WriteParties(&sb, f, sp.Files, report.Parties(sp, report.LinkVisitors(sp))); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(mb.Bytes(), sb.Bytes()) {
					t.Errorf("%s: parties (%v) differ when spilled", label, f)
				}
			}
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

const spillCorpusDir = "../../shared/corpus"
