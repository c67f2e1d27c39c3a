package matrix_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files and fixtures under testdata/")

// The synthetic study: two police forces, each visited twice by two
// different browsers, then force B re-captured after it removed its Meta
// Pixel. Every capture is cut from samples/police-visit.har (synthetic:
// Chrome DevTools' "Export HAR (with sensitive data)" shape, see
// samples/README.md), with the site's domain and the browser's
// identifiers replaced; TestFixtures keeps testdata/synthetic equal to
// what fixtures() makes.
type fixture struct {
	path    string // under testdata/synthetic
	site    string // replaces police.example
	entries []int  // the sample's entries kept, in order
	browser int    // 1 or 2: the sample's identifiers, or another browser's
	noMeta  bool   // drop every request to Meta (the pixel removed)
}

func fixtures() []fixture {
	all := make([]int, 21)
	for i := range all {
		all[i] = i
	}
	return []fixture{
		{"before/force-a.example/visit-1.har", "force-a.example", all, 1, false},
		{"before/force-a.example/visit-2.har", "force-a.example", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, false},
		{"before/force-b.example/visit-1.har", "force-b.example", []int{0, 1, 2, 3, 4, 5, 6}, 1, false},
		{"before/force-b.example/visit-2.har", "force-b.example", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, false},
		{"after/force-a.example/visit-3.har", "force-a.example", all, 1, false},
		{"after/force-b.example/visit-3.har", "force-b.example", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, true},
	}
}

// makeFixture cuts one capture from the sample.
func makeFixture(t *testing.T, f fixture) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "samples", "police-visit.har"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Log struct {
			Version string            `json:"version"`
			Creator json.RawMessage   `json:"creator"`
			Pages   json.RawMessage   `json:"pages"`
			Entries []json.RawMessage `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var kept []json.RawMessage
	for _, i := range f.entries {
		e := doc.Log.Entries[i]
		if f.noMeta && (bytes.Contains(e, []byte(`"url": "https://www.facebook.com/`)) || bytes.Contains(e, []byte(`"url": "https://connect.facebook.net/`))) {
			continue
		}
		kept = append(kept, e)
	}
	doc.Log.Entries = kept
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(out), "police.example", f.site)
	if f.browser == 2 {
		s = strings.NewReplacer(
			"428317650907561234", "917364528190273645", // _fbp
			"1487355908.1762938720", "2093847561.1762940000", // _ga client ID
			"kq3TZ2fWcVx8bN1yR4pLm0sQ", "Zp4mW8xQ2rT6yU1iO9aS3dFg", // datr
			"Hx7pN2qLk9vB4cR8sT1wY6zA", "Lk2jH5gF8dS1aQ4wE7rT0yUi", // sb
			"100012345678901", "100098765432109", // c_user
		).Replace(s)
	}
	return []byte(s + "\n")
}

// TestFixtures keeps the committed captures equal to what fixtures()
// cuts from the sample; -update rewrites them.
func TestFixtures(t *testing.T) {
	for _, f := range fixtures() {
		want := makeFixture(t, f)
		path := filepath.Join("testdata", "synthetic", filepath.FromSlash(f.path))
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what fixtures() makes; run go test ./report/matrix -run TestFixtures -update", path)
		}
	}
}
