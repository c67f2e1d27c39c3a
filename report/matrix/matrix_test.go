package matrix_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/matrix"
	"github.com/haruspex/haruspex/report/render"
	"github.com/haruspex/haruspex/report/sensitive"
)

// corpus is the real captures (../shared/corpus beside the repository).
const corpus = "../../../shared/corpus"

func build(t testing.TB, inputs []matrix.Input, workers int) *matrix.Matrix {
	t.Helper()
	m, err := matrix.Build(context.Background(), inputs, matrix.Options{Workers: workers,
		Analysis: report.Options{Sensitive: sensitive.Builtin()}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// outputs renders m in every format but Parquet (compared apart).
func outputs(t testing.TB, m *matrix.Matrix) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range []render.MatrixFormat{render.MatrixTable, render.MatrixMarkdown, render.MatrixCSV, render.MatrixNDJSON, render.MatrixHTML, render.MatrixParquet} {
		var b bytes.Buffer
		if err := render.Matrix(&b, f, m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f.String()] = b.Bytes()
	}
	return out
}

var goldenExt = map[string]string{"table": "txt", "markdown": "md", "csv": "csv", "ndjson": "ndjson", "html": "html"}

// checkGolden compares every text output with testdata/NAME.EXT; -update
// rewrites them.
func checkGolden(t *testing.T, name string, out map[string][]byte) {
	t.Helper()
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for k := range goldenExt {
			if !yield(k) {
				return
			}
		}
	}) {
		path := filepath.Join("testdata", name+"."+goldenExt[f])
		if *update {
			if err := os.WriteFile(path, out[f], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(out[f])); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
		}
	}
}

// orders are the input orders and worker counts every golden is made
// with: the output must be the same bytes for each.
func orders(in []matrix.Input) []struct {
	name    string
	inputs  []matrix.Input
	workers int
} {
	rev := slices.Clone(in)
	slices.Reverse(rev)
	shuf := slices.Clone(in)
	rand.New(rand.NewPCG(16, 2)).Shuffle(len(shuf), func(i, j int) { shuf[i], shuf[j] = shuf[j], shuf[i] })
	return []struct {
		name    string
		inputs  []matrix.Input
		workers int
	}{
		{"given order, 1 worker", in, 1},
		{"reversed, 2 workers", rev, 2},
		{"shuffled, 5 workers", shuf, 5},
		{"shuffled, all cores", shuf, 0},
	}
}

// goldenIn builds the matrix in every order of orders(), checks that
// every format is the same bytes each time, and returns the outputs.
func goldenIn(t *testing.T, in []matrix.Input) (*matrix.Matrix, map[string][]byte) {
	t.Helper()
	var first map[string][]byte
	var m0 *matrix.Matrix
	for _, o := range orders(in) {
		m := build(t, o.inputs, o.workers)
		out := outputs(t, m)
		if first == nil {
			first, m0 = out, m
			continue
		}
		for f, b := range out {
			if !bytes.Equal(b, first[f]) {
				t.Errorf("%s: %s output differs from the given order's with 1 worker", o.name, f)
			}
		}
	}
	return m0, first
}

// TestSynthetic: two sites, each visited twice by two browsers. Golden
// in every format, identical whatever the input order and workers.
func TestSynthetic(t *testing.T) {
	m, out := goldenIn(t, matrix.Files("testdata/synthetic/before"))
	checkGolden(t, "synthetic", out)
	if len(m.Captures) != 4 {
		t.Errorf("%d captures, want 4", len(m.Captures))
	}
	// What the published table says of force B and Meta: pages, button
	// text (sensitive), the Facebook account ID, in both visits.
	type fact struct {
		DataType  string
		Events    int64
		Captures  int
		Sensitive []string
	}
	var got []fact
	g := m.Grid()
	for i, s := range g.Sites {
		for j, p := range g.Parties {
			if s.Site != "force-b.example" || p.Domain != "facebook.com" {
				continue
			}
			for _, tc := range g.Cells[i][j].Types {
				switch tc.Type {
				case "page URL", "button text", "account identifier":
					got = append(got, fact{tc.Type, tc.Events, tc.Captures, tc.Sensitive})
				}
			}
		}
	}
	want := []fact{
		{"page URL", 4, 2, nil},
		{"button text", 1, 1, []string{"domestic-abuse"}},
		{"account identifier", 4, 2, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("force-b.example × facebook.com mismatch (-want +got):\n%s", diff)
	}
}

// corpusInputs are the 37 real captures, named by their base names.
func corpusInputs(t testing.TB) []matrix.Input {
	t.Helper()
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus %s absent: %v", corpus, err)
	}
	in := matrix.Files(corpus)
	for i := range in {
		in[i].Name = filepath.Base(in[i].Name)
	}
	if len(in) != 37 {
		t.Fatalf("corpus has %d captures, want 37", len(in))
	}
	return in
}

// TestCorpus: the 37 real captures, golden in every format, identical
// whatever the input order and workers; the broken file is listed with
// its error and the rest is read.
func TestCorpus(t *testing.T) {
	m, out := goldenIn(t, corpusInputs(t))
	checkGolden(t, "corpus", out)
	var failed []string
	for _, c := range m.Captures {
		if c.Err() != nil {
			failed = append(failed, c.Name)
		}
	}
	if diff := cmp.Diff([]string{"mitmproxy__brokenfile.har"}, failed); diff != "" {
		t.Errorf("captures with an error mismatch (-want +got):\n%s", diff)
	}
	listed := map[string]bool{}
	for _, r := range m.Rows {
		listed[r.Capture] = true
	}
	if len(listed) != 37 {
		t.Errorf("the long form lists %d captures, want all 37", len(listed))
	}
}

// TestBaseline: force B re-captured after it removed its Meta Pixel: its
// Meta cells are removed, the rest unchanged; force A, re-captured the
// same, is unchanged throughout.
func TestBaseline(t *testing.T) {
	before := build(t, matrix.Files("testdata/synthetic/before"), 0)
	after := build(t, matrix.Files("testdata/synthetic/after"), 0)
	d := matrix.Diff(before, after)
	changes := map[[2]string]map[string]bool{} // site, party → changes
	for _, r := range d.Rows {
		if r.Party == "" {
			continue
		}
		k := [2]string{r.Site, r.Party}
		if changes[k] == nil {
			changes[k] = map[string]bool{}
		}
		changes[k][r.Change] = true
	}
	want := map[[2]string]map[string]bool{
		{"force-a.example", "facebook.com"}:         {matrix.ChangeUnchanged: true},
		{"force-a.example", "facebook.net"}:         {matrix.ChangeUnchanged: true},
		{"force-a.example", "google-analytics.com"}: {matrix.ChangeUnchanged: true},
		{"force-a.example", "googletagmanager.com"}: {matrix.ChangeUnchanged: true},
		{"force-b.example", "facebook.com"}:         {matrix.ChangeRemoved: true},
		{"force-b.example", "facebook.net"}:         {matrix.ChangeRemoved: true},
		{"force-b.example", "google-analytics.com"}: {matrix.ChangeUnchanged: true},
		{"force-b.example", "googletagmanager.com"}: {matrix.ChangeUnchanged: true},
	}
	if diff := cmp.Diff(want, changes); diff != "" {
		t.Errorf("changes by site and party mismatch (-want +got):\n%s", diff)
	}
	checkGolden(t, "baseline", outputs(t, d))

	// The other way round, the pixel is added.
	back := matrix.Diff(after, before)
	for _, r := range back.Rows {
		if r.Site == "force-b.example" && r.Party == "facebook.com" && r.Change != matrix.ChangeAdded {
			t.Errorf("reversed: %s × %s %s is %q, want added", r.Site, r.Party, r.DataType, r.Change)
		}
	}
}

// TestBaselineOneSided: a site captured before only is not recaptured,
// not removed; one captured after only is new, not added.
func TestBaselineOneSided(t *testing.T) {
	before := build(t, matrix.Files("testdata/synthetic/before/force-a.example"), 0)
	after := build(t, matrix.Files("testdata/synthetic/before/force-b.example"), 0)
	d := matrix.Diff(before, after)
	got := map[string]map[string]bool{}
	for _, r := range d.Rows {
		if r.Party == "" {
			continue
		}
		if got[r.Site] == nil {
			got[r.Site] = map[string]bool{}
		}
		got[r.Site][r.Change] = true
	}
	want := map[string]map[string]bool{
		"force-a.example": {matrix.ChangeNotRecaptured: true},
		"force-b.example": {matrix.ChangeNewSite: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes by site mismatch (-want +got):\n%s", diff)
	}
}

// TestDuplicateCapture: the same bytes given twice count once; the copy
// is listed, with whose rows count (the first by name).
func TestDuplicateCapture(t *testing.T) {
	one := matrix.Files("testdata/synthetic/before/force-b.example/visit-1.har")
	raw, err := os.ReadFile(one[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	copyIn := matrix.Input{Name: "zz-copy.har", Size: int64(len(raw)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(raw)), nil
	}}
	single := build(t, one, 1)
	both := build(t, append(one, copyIn), 2)
	var rows []matrix.Row
	for _, r := range both.Rows {
		if r.Capture == "zz-copy.har" {
			if r.Party != "" || !strings.Contains(r.Error, "same SHA-256 as "+one[0].Name) {
				t.Errorf("the copy's row %+v: want one empty row saying whose rows count", r)
			}
			continue
		}
		rows = append(rows, r)
	}
	if diff := cmp.Diff(single.Rows, rows); diff != "" {
		t.Errorf("rows with a duplicate capture mismatch (-want +got):\n%s", diff)
	}
	if both.Captures[1].DuplicateOf != one[0].Name {
		t.Errorf("zz-copy.har DuplicateOf = %q, want %q", both.Captures[1].DuplicateOf, one[0].Name)
	}
}

// TestUnreadable: a capture that cannot be opened, one that is not a
// HAR and one truncated are listed with their errors; the others are
// read.
func TestUnreadable(t *testing.T) {
	good := matrix.Files("testdata/synthetic/before/force-b.example/visit-1.har")
	raw, err := os.ReadFile(good[0].Name)
	if err != nil {
		t.Fatal(err)
	}
	mem := func(name string, b []byte) matrix.Input {
		return matrix.Input{Name: name, Size: int64(len(b)), Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }}
	}
	in := append(good,
		matrix.Files("testdata/does-not-exist.har")[0],
		mem("not-a-har.har", []byte(`{"log": []}`)),
		mem("truncated.har", raw[:len(raw)*2/3]),
	)
	m := build(t, in, 2)
	got := map[string]string{}
	for _, c := range m.Captures {
		if c.Err() != nil {
			got[c.Name] = c.Error
		}
	}
	for _, name := range []string{"testdata/does-not-exist.har", "not-a-har.har", "truncated.har"} {
		if got[name] == "" {
			t.Errorf("%s has no error", name)
		}
	}
	if len(got) != 3 {
		t.Errorf("errors %v: want only the three bad captures", got)
	}
	var truncatedRows, goodRows int
	for _, r := range m.Rows {
		switch r.Capture {
		case "truncated.har":
			truncatedRows++
			if r.Error == "" {
				t.Errorf("truncated.har row %s × %s has no error", r.Party, r.DataType)
			}
		case good[0].Name:
			goodRows++
		}
	}
	if truncatedRows == 0 || goodRows == 0 {
		t.Errorf("rows: %d of the truncated capture, %d of the good one: want both read", truncatedRows, goodRows)
	}
}

// TestSelect keeps the chosen parties and types, by domain or company,
// and rejects an unknown type.
func TestSelect(t *testing.T) {
	m := build(t, matrix.Files("testdata/synthetic/before"), 0)
	s, err := m.Select([]string{"meta"}, []string{"Button Text", matrix.NoParameters})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ party, typ string }
	got := map[key]bool{}
	for _, r := range s.Rows {
		got[key{r.Party, r.DataType}] = true
	}
	want := map[key]bool{{"facebook.com", "button text"}: true, {"facebook.net", "no parameters"}: true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("selected rows mismatch (-want +got):\n%s", diff)
	}
	if _, err := m.Select(nil, []string{"favourite colour"}); err == nil || !strings.Contains(err.Error(), `"favourite colour"`) {
		t.Errorf("Select(unknown type) error = %v, want one naming it", err)
	}
	// A capture left with nothing selected keeps an empty row.
	s, err = m.Select([]string{"example.invalid"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 4 {
		t.Errorf("selecting no party leaves %d rows, want one per capture (4)", len(s.Rows))
	}
}

// TestShards: the corpus read in three shards of consecutive names gives,
// concatenated, the rows of the whole, in the same order.
func TestShards(t *testing.T) {
	in := corpusInputs(t)
	slices.SortFunc(in, func(a, b matrix.Input) int { return strings.Compare(a.Name, b.Name) })
	whole := build(t, in, 0)
	var rows []matrix.Row
	for _, shard := range [][]matrix.Input{in[:10], in[10:11], in[11:]} {
		rows = append(rows, build(t, shard, 0).Rows...)
	}
	if diff := cmp.Diff(whole.Rows, rows); diff != "" {
		t.Errorf("shards concatenated mismatch the whole (-whole +shards):\n%s", diff)
	}
}

// TestStreamStops: a cancelled context lists every capture not read as
// interrupted; an error from emit stops the reading and is returned.
func TestStreamStops(t *testing.T) {
	in := matrix.Files("testdata/synthetic/before")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n := 0
	err := matrix.Stream(ctx, in, matrix.Options{Workers: 2}, func(c *matrix.Capture, rows []matrix.Row) error {
		n++
		if !errors.Is(c.Err(), matrix.ErrInterrupted) || c.Usable() {
			t.Errorf("%s: error %v, usable %v: want interrupted, unusable", c.Name, c.Err(), c.Usable())
		}
		if len(rows) != 1 || rows[0].Party != "" || rows[0].Error == "" {
			t.Errorf("%s: rows %+v, want its empty row with the error", c.Name, rows)
		}
		return nil
	})
	if err != nil || n != len(in) {
		t.Errorf("cancelled: %d of %d captures emitted, error %v", n, len(in), err)
	}

	stop := errors.New("disk full")
	n = 0
	err = matrix.Stream(context.Background(), generated(t, 40), matrix.Options{Workers: 3}, func(*matrix.Capture, []matrix.Row) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("emit failing: %d captures emitted, error %v; want 1 and %v", n, err, stop)
	}
}

// TestSameNameMany: one path given more times than results may wait
// (twice the workers) is read, each time, without waiting for ever, and
// counted once.
func TestSameNameMany(t *testing.T) {
	one := matrix.Files("testdata/synthetic/before/force-b.example/visit-1.har")[0]
	var in []matrix.Input
	for range 7 {
		in = append(in, one)
	}
	m := build(t, in, 1)
	dups := 0
	for _, c := range m.Captures {
		if c.DuplicateOf != "" {
			dups++
		}
	}
	if len(m.Captures) != 7 || dups != 6 {
		t.Errorf("%d captures, %d duplicates: want 7 and 6", len(m.Captures), dups)
	}
}
