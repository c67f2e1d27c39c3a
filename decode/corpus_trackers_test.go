package decode_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// sourcesCounts are the tracker counts of one corpus file, read from the
// "other trackers" column of SOURCES.md's summary table, e.g.
// "GA4 /g/collect 2, LinkedIn Insight 4".
type sourcesCounts struct {
	File   string
	Counts map[string]int
}

// readSummaryTable parses SOURCES.md's summary table.
func readSummaryTable(t *testing.T) []sourcesCounts {
	t.Helper()
	readPixelTable(t) // skips without the corpus
	f, err := os.Open(filepath.Join(corpusDir, "SOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\| `([^`]+)` \\|.*\\| ([^|]+) \\|$")
	count := regexp.MustCompile(`^(.*\S) (\d+)$`)
	var rows []sourcesCounts
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = strings.HasPrefix(line, "## Summary table")
			continue
		}
		m := row.FindStringSubmatch(line)
		if !in || m == nil {
			continue
		}
		r := sourcesCounts{File: m[1], Counts: map[string]int{}}
		for item := range strings.SplitSeq(strings.TrimSpace(m[2]), ", ") {
			if c := count.FindStringSubmatch(item); c != nil {
				n, _ := strconv.Atoi(c[2])
				r.Counts[c[1]] = n
			}
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// sourcesCategories say which decoded events each SOURCES.md tracker
// category counts. SOURCES.md counts requests by URL: "GA Universal
// /collect" counts www.google-analytics.com hits only (the
// stats.g.doubleclick.net copies are under DoubleClick there, and are UA
// hits here); "Bing UET" counts bat.js and the hits; "Twitter/X" counts
// every twitter.com request, widgets included. "DoubleClick/Google Ads"
// counts every doubleclick.net and googlesyndication.com request (ad
// serving included) and has no one-to-one vendor here: the golden files
// record those events instead.
var sourcesCategories = map[string]func(decode.Event) bool{
	"GA4 /g/collect": func(ev decode.Event) bool { return ev.Vendor == decode.VendorGA4 },
	"GA Universal /collect": func(ev decode.Event) bool {
		return ev.Vendor == decode.VendorUA && ev.Kind == decode.KindEvent && ev.Host == "www.google-analytics.com"
	},
	"Bing UET":         func(ev decode.Event) bool { return ev.Vendor == decode.VendorBing },
	"Pinterest":        func(ev decode.Event) bool { return ev.Vendor == decode.VendorPinterest },
	"LinkedIn Insight": func(ev decode.Event) bool { return ev.Vendor == decode.VendorLinkedIn },
	"Twitter/X":        func(ev decode.Event) bool { return ev.Vendor == decode.VendorX },
}

// sourcesExtra are requests this package attributes to a tracker that
// SOURCES.md's counts leave out, each checked by hand.
var sourcesExtra = map[string]map[string]int{
	// SOURCES.md counts 3 Twitter widget requests (platform.twitter.com
	// entries 11, 15, 16); entry 19, syndication.twitter.com/i/jot (the
	// widgets' telemetry, which carries the page URL), is a fourth
	// request to X's hosts.
	"PerfCascade__wpt_h2_www.nghttp2.org.har": {"Twitter/X": 1},
}

// decodeFileLenient decodes a corpus file up to its first read error
// (mitmproxy__brokenfile.har is not JSON), folding and stamping as
// decodeFile does.
func decodeFileLenient(t *testing.T, reg *decode.Registry, name string) []decode.Event {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := har.NewReader(f)
	r.Name = name
	var evs []decode.Event
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return decode.FoldDuplicates(evs)
		}
		evs = append(evs, reg.Decode(name, e)...)
	}
	evs = decode.FoldDuplicates(evs)
	decode.SetSHA256(evs, name, r.SHA256())
	return evs
}

// TestCorpusTrackers decodes every corpus file, checks the requests of
// each tracker SOURCES.md counts (GA4, UA, Bing UET, Pinterest, LinkedIn,
// X) against its counts, file by file (distinct entries: a batched GA4
// body is one request), and compares every event of a known vendor with
// the file's golden NDJSON in testdata/corpus (go test -update rewrites
// them: review the diff as code).
func TestCorpusTrackers(t *testing.T) {
	rows := readSummaryTable(t)
	if len(rows) != 37 {
		t.Fatalf("SOURCES.md summary table lists %d files, want 37", len(rows))
	}
	reg := newRegistry(t)
	for _, row := range rows {
		t.Run(row.File, func(t *testing.T) {
			evs := decodeFileLenient(t, reg, row.File)
			want, got := map[string]int{}, map[string]int{}
			for cat, match := range sourcesCategories {
				want[cat] = row.Counts[cat] + sourcesExtra[row.File][cat]
				var entries []int
				for _, ev := range evs {
					if match(ev) && !slices.Contains(entries, ev.Sources[0].Entry) {
						entries = append(entries, ev.Sources[0].Entry)
					}
				}
				got[cat] = len(entries)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("tracker requests differ from SOURCES.md (-want +got):\n%s", diff)
			}
			var golden bytes.Buffer
			for _, ev := range evs {
				if ev.Vendor == decode.VendorOther {
					continue
				}
				line, err := ev.MarshalJSON()
				if err != nil {
					t.Fatalf("entry %d: MarshalJSON: %v", ev.Sources[0].Entry, err)
				}
				golden.Write(line)
				golden.WriteByte('\n')
			}
			path := filepath.Join("testdata", "corpus", row.File+".ndjson")
			if golden.Len() == 0 {
				if _, err := os.Stat(path); err == nil {
					t.Errorf("%s exists but the file has no tracker events", path)
				}
				return
			}
			if *update {
				if err := os.WriteFile(path, golden.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantGolden, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(wantGolden), golden.String()); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestCorpusTrackerSummary pins the summary line of every non-Meta
// tracker event in the corpus to
// testdata/corpus/tracker-summaries.golden (go test -update rewrites it),
// each a plain one-line sentence.
func TestCorpusTrackerSummary(t *testing.T) {
	reg := newRegistry(t)
	var got strings.Builder
	for _, row := range readSummaryTable(t) {
		for _, ev := range decodeFileLenient(t, reg, row.File) {
			if ev.Vendor != decode.VendorOther && ev.Vendor != decode.VendorMeta {
				checkSummary(t, row.File, &ev)
				fmt.Fprintf(&got, "%s #%d %s %s: %s\n", row.File, ev.Sources[0].Entry, ev.Vendor, ev.Kind, ev.Summary)
			}
		}
	}
	compareGolden(t, filepath.Join("testdata", "corpus", "tracker-summaries.golden"), got.String())
}
