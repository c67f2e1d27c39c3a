package har_test

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
)

// corpusDir is the shared corpus of real HAR files (see its SOURCES.md).
const corpusDir = "../../shared/corpus"

// corpusFile is what SOURCES.md records of one file.
type corpusFile struct {
	name    string
	entries int    // -1 for "n/a" (unparseable)
	pages   int    // len(log.pages); 0 for absent, null or []
	sha256  string // from the per-file provenance section
}

// readSources parses SOURCES.md: the summary table gives entries and pages,
// the per-file sections give the SHA-256. The test therefore checks the
// reader against the corpus's own record, not against numbers copied here.
func readSources(t testing.TB) []corpusFile {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, "SOURCES.md"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus not found at %s (../shared is absent): skipping corpus tests", corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var files []corpusFile
	byName := map[string]int{}
	row := regexp.MustCompile("^\\| `([^`]+)` \\|")
	section := regexp.MustCompile("^### `([^`]+)`")
	sum := regexp.MustCompile("SHA-256 `([0-9a-f]{64})`")
	cur := ""
	inSummary := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## Summary table"):
			inSummary = true
		case strings.HasPrefix(line, "## ") && inSummary:
			inSummary = false
		}
		if m := row.FindStringSubmatch(line); m != nil && inSummary {
			cells := strings.Split(line, "|")
			// | file | producer | captured | size | entries | pages | …
			entries, pages := -1, 0
			if n, err := strconv.Atoi(strings.TrimSpace(cells[5])); err == nil {
				entries = n
			}
			if n, err := strconv.Atoi(strings.TrimSpace(cells[6])); err == nil {
				pages = n
			}
			byName[m[1]] = len(files)
			files = append(files, corpusFile{name: m[1], entries: entries, pages: pages})
		}
		if m := section.FindStringSubmatch(line); m != nil {
			cur = m[1]
		}
		if m := sum.FindStringSubmatch(line); m != nil && cur != "" {
			if i, ok := byName[cur]; ok {
				files[i].sha256 = m[1]
			}
		}
	}
	if len(files) != 37 {
		t.Fatalf("SOURCES.md lists %d files in its summary table, want 37", len(files))
	}
	return files
}

func TestCorpus(t *testing.T) {
	for _, cf := range readSources(t) {
		t.Run(cf.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(corpusDir, cf.name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			r := har.NewReader(f)
			r.Name = cf.name
			n := 0
			for {
				e, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					if cf.entries >= 0 {
						t.Fatalf("Next() = %v, want every entry of a readable file", err)
					}
					var pe *har.ParseError
					if !errors.As(err, &pe) || pe.File != cf.name || !errors.Is(err, har.ErrNotHAR) {
						t.Fatalf("Next() = %v, want a *ParseError naming %s and wrapping ErrNotHAR", err, cf.name)
					}
					break
				}
				if e.Index != n {
					t.Errorf("entry %d has Index %d", n, e.Index)
				}
				n++
			}
			if cf.entries >= 0 && n != cf.entries {
				t.Errorf("read %d entries, SOURCES.md says %d", n, cf.entries)
			}
			if cf.entries >= 0 && len(r.Log().Pages) != cf.pages {
				t.Errorf("read %d pages, SOURCES.md says %d", len(r.Log().Pages), cf.pages)
			}
			if r.Size() != st.Size() {
				t.Errorf("Size() = %d, file has %d bytes", r.Size(), st.Size())
			}
			if cf.sha256 != "" && r.SHA256() != cf.sha256 {
				t.Errorf("SHA256() = %s, SOURCES.md says %s", r.SHA256(), cf.sha256)
			}
		})
	}
}

// TestCorpusWarnings pins the warnings the real files deserve: each names a
// value the reader kept but could not interpret.
func TestCorpusWarnings(t *testing.T) {
	readSources(t)
	tests := []struct {
		file  string
		count int    // entry-level warnings
		field string // field of the first one
		log   []string
	}{
		// The literal NaN-NaN-… date Firebug 1.12 wrote for 2 entries.
		{file: "har-reader__sstoehr.invalid-date.har", count: 2, field: "startedDateTime"},
		// IE11 writes request.cookies as a single object, 13 times.
		{file: "harviewer__ie11.har", count: 13, field: "request.cookies"},
		// chrome-har 0.2 writes parsed JSON objects as postData param values.
		{file: "pagexray__case-sensitive-protocol.har", count: 5, field: "request.postData.params.value"},
		// Chrome 110 export with a pageref naming a page that is not there.
		{file: "mitmproxy__chrome.har", log: []string{`entry 2: pageref: "page_2" names no page in log.pages`}},
		{file: "pagexray__ferguson.har"},
		{file: "mitmproxy__firefox.har"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(corpusDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := har.NewReader(f)
			var ws []har.Warning
			for {
				e, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				ws = append(ws, e.Warnings...)
			}
			if len(ws) != tt.count {
				t.Fatalf("%d entry warnings, want %d: %v", len(ws), tt.count, ws)
			}
			if tt.count > 0 && ws[0].Field != tt.field {
				t.Errorf("first warning is about %q, want %q", ws[0].Field, tt.field)
			}
			var logw []string
			for _, w := range r.Warnings() {
				logw = append(logw, w.String())
			}
			if diff := cmp.Diff(tt.log, logw); diff != "" {
				t.Errorf("log warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
