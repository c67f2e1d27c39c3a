package decode_test

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/corpus")

// corpusDir is the shared corpus of real HAR files; its SOURCES.md
// records where each came from (producer, browser, commit, SHA-256).
const corpusDir = "../../shared/corpus"

// wantPixelRequests is the number of facebook.com/tr requests SOURCES.md
// records ("28 across 9 files").
const (
	wantPixelRequests = 28
	wantPixelFiles    = 9
)

// pixelRow is one row of SOURCES.md's "Meta Pixel requests" table.
type pixelRow struct {
	File  string
	Entry int
	ID    string // the id parameter as sent
	Ev    string
}

// readPixelTable parses the "Meta Pixel requests" table of SOURCES.md, so
// that the test checks the decoder against the corpus's own record.
func readPixelTable(t *testing.T) []pixelRow {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "SOURCES.md"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus not found at %s (../shared is absent): skipping corpus tests", corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\| `([^`]+)` \\| (\\d+) \\| ([^|]+) \\| ([^|]+) \\|")
	var rows []pixelRow
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "## ") {
			in = strings.HasPrefix(line, "## Meta Pixel requests")
			continue
		}
		if m := row.FindStringSubmatch(line); in && m != nil {
			n, _ := strconv.Atoi(m[2])
			rows = append(rows, pixelRow{m[1], n, strings.TrimSpace(m[3]), strings.TrimSpace(m[4])})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// decodeFile decodes every entry of a corpus file, folds duplicates and
// stamps the file's SHA-256, as the events command does.
func decodeFile(t *testing.T, reg *decode.Registry, name string) []decode.Event {
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
			t.Fatalf("reading %s: %v", name, err)
		}
		evs = append(evs, reg.Decode(name, e)...)
	}
	evs = decode.FoldDuplicates(evs)
	decode.SetSHA256(evs, name, r.SHA256())
	return evs
}

func isPixelEvent(ev decode.Event) bool {
	return ev.Vendor == decode.VendorMeta && ev.Kind == decode.KindEvent &&
		(ev.Host == "facebook.com" || strings.HasSuffix(ev.Host, ".facebook.com")) &&
		(ev.Path == "/tr" || ev.Path == "/tr/")
}

// TestCorpusMetaPixel decodes every facebook.com/tr request in the real
// corpus and checks them against SOURCES.md. TestCorpusTrackers compares
// the events with the golden files.
func TestCorpusMetaPixel(t *testing.T) {
	rows := readPixelTable(t)
	if len(rows) != wantPixelRequests {
		t.Fatalf("SOURCES.md lists %d Meta Pixel requests, want %d", len(rows), wantPixelRequests)
	}
	var files []string
	for _, r := range rows {
		if len(files) == 0 || files[len(files)-1] != r.File {
			files = append(files, r.File)
		}
	}
	if len(files) != wantPixelFiles {
		t.Fatalf("SOURCES.md lists Meta Pixel requests in %d files, want %d", len(files), wantPixelFiles)
	}
	reg := newRegistry(t)
	var got []pixelRow
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			for _, ev := range decodeFile(t, reg, file) {
				if isPixelEvent(ev) {
					id := ""
					for _, p := range ev.Params {
						if p.Name == "id" {
							id = p.Value
							break
						}
					}
					got = append(got, pixelRow{ev.Sources[0].File, ev.Sources[0].Entry, id, ev.Name})
				}
			}
		})
	}
	if diff := cmp.Diff(rows, got); diff != "" {
		t.Errorf("decoded facebook.com/tr requests differ from SOURCES.md (-want +got):\n%s", diff)
	}
}

// TestCorpusNeverDrops decodes every corpus file and checks that each
// entry yields at least one event: nothing is dropped.
func TestCorpusNeverDrops(t *testing.T) {
	readPixelTable(t) // skips without the corpus
	names, err := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if err != nil {
		t.Fatal(err)
	}
	reg := newRegistry(t)
	for _, path := range names {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := har.NewReader(f)
			for {
				e, err := r.Next()
				if err != nil {
					break // unreadable files stop here: the har tests cover them
				}
				evs := reg.Decode(name, e)
				if len(evs) == 0 {
					t.Errorf("entry %d: no event", e.Index)
				}
				for _, ev := range evs {
					if _, err := ev.MarshalJSON(); err != nil {
						t.Errorf("entry %d: MarshalJSON: %v", e.Index, err)
					}
				}
			}
		})
	}
}

// TestCorpusSummary pins the summary line of every Meta event in the
// corpus to testdata/corpus/meta-summaries.golden, so that a change to a
// summary is a diff a reviewer reads (go test -update rewrites it). Each
// line must also be a plain one-line sentence: no control characters.
func TestCorpusSummary(t *testing.T) {
	rows := readPixelTable(t)
	reg := newRegistry(t)
	seen := map[string]bool{}
	var got strings.Builder
	for _, r := range rows {
		if seen[r.File] {
			continue
		}
		seen[r.File] = true
		for _, ev := range decodeFile(t, reg, r.File) {
			if ev.Vendor == decode.VendorMeta && ev.Kind != decode.KindRequest {
				checkSummary(t, r.File, &ev)
				fmt.Fprintf(&got, "%s #%d %s: %s\n", r.File, ev.Sources[0].Entry, ev.Kind, ev.Summary)
			}
		}
	}
	compareGolden(t, filepath.Join("testdata", "corpus", "meta-summaries.golden"), got.String())
}

// checkSummary fails on a summary that is empty or holds a control
// character (a raw value that escaped decoding).
func checkSummary(t *testing.T, file string, ev *decode.Event) {
	t.Helper()
	if strings.TrimSpace(ev.Summary) == "" {
		t.Errorf("%s #%d: %s event with an empty summary", file, ev.Sources[0].Entry, ev.Vendor)
	}
	if i := strings.IndexFunc(ev.Summary, func(r rune) bool { return r < 0x20 || r == 0x7f }); i >= 0 {
		t.Errorf("%s #%d: summary %q holds a control character", file, ev.Sources[0].Entry, ev.Summary)
	}
}

// compareGolden compares got with the golden file at path, rewriting it
// first with -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}
