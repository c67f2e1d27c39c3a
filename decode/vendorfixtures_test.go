package decode_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// wireFixture is one request of a vendor's test table (adobe_test.go,
// mixpanel_test.go, …): the comment above it names where it comes from
// (the vendor's documentation, Omnibug's provider tests, a corpus file and
// entry). want holds what its events must carry; the golden file
// testdata/vendors/<vendor>/<name>.golden holds every event whole, as
// indented JSON (go test -update rewrites it: review the diff as code).
type wireFixture struct {
	name  string // the golden file's name, e.g. "page-view"
	entry *har.Entry
	want  []brief
	warn  string // a substring one event's warnings must contain; "" for none expected
}

// checkWireFixtures decodes each fixture with the built-in registry and
// compares its events with want and with the fixture's golden file. It
// also checks what every decoder promises: a summary without control
// characters, a data type on every labelled parameter and identifier,
// valid JSON.
func checkWireFixtures(t *testing.T, vendor string, fixtures []wireFixture) {
	t.Helper()
	reg := newRegistry(t)
	seen := map[string]bool{}
	for _, fx := range fixtures {
		if seen[fx.name] {
			t.Fatalf("two fixtures named %q", fx.name)
		}
		seen[fx.name] = true
		t.Run(fx.name, func(t *testing.T) {
			evs := reg.Decode("test.har", fx.entry)
			var got []brief
			var warns []string
			var golden bytes.Buffer
			for _, ev := range evs {
				got = append(got, briefOf(ev))
				warns = append(warns, ev.Warnings...)
				checkSummary(t, fx.name, &ev)
				b, err := ev.MarshalJSONIndent("", "  ")
				if err != nil {
					t.Fatalf("MarshalJSONIndent: %v", err)
				}
				golden.Write(b)
				golden.WriteByte('\n')
			}
			checkTyped(t, fx.name, evs)
			if diff := cmp.Diff(fx.want, got, cmpEmptyIsNil); diff != "" {
				t.Errorf("Decode() mismatch (-want +got):\n%s", diff)
			}
			if fx.warn != "" && !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, fx.warn) }) {
				t.Errorf("warnings %q do not mention %q", warns, fx.warn)
			}
			dir := filepath.Join("testdata", "vendors", vendor)
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			compareGolden(t, filepath.Join(dir, fx.name+".golden"), golden.String())
		})
	}
}

// fuzzRoutes runs fuzzRoute for each host and path pair.
func fuzzRoutes(t *testing.T, reg *decode.Registry, hostPaths [][2]string, url, mimeType, body string) {
	for _, hp := range hostPaths {
		fuzzRoute(t, reg, hp[0], hp[1], url, mimeType, body)
	}
}

// corpusEntry returns entry index of a corpus file, or false when the
// corpus is absent (the fixture is then left out and says so).
func corpusEntry(t *testing.T, name string, index int) (*har.Entry, bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, name))
	if err != nil {
		t.Logf("corpus file %s not found: its fixture is skipped", name)
		return nil, false
	}
	defer f.Close()
	r := har.NewReader(f)
	for {
		e, err := r.Next()
		if err != nil {
			t.Fatalf("%s: no entry %d: %v", name, index, err)
		}
		if e.Index == index {
			return e, true
		}
	}
}
