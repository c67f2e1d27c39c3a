package render

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// tablewriterTable is how the tables were drawn before they streamed
// (issue 15): the reference the streamed tables must equal, byte for
// byte, up to tableChunk rows.
func tablewriterTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	if header != nil {
		t.Header(cleanRow(header))
	}
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	return t.Render()
}

// streamed draws rows (already safe) through a table, as the writers do.
func streamed(header []string, rows [][]string) string {
	var b bytes.Buffer
	t := newTable(&b, header)
	for _, r := range rows {
		t.add(r)
	}
	if err := t.close(); err != nil {
		panic(err)
	}
	return b.String()
}

func TestTableMatchesTablewriter(t *testing.T) {
	long := strings.Repeat("wide ", 30)
	for _, tc := range []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{"facts, no header", nil, [][]string{{"file", "a.har"}, {"sha256", strings.Repeat("ab", 32)}}},
		{"header", []string{"third party", "requests"}, [][]string{{"facebook.com", "8"}, {"google-analytics.com", "3"}}},
		{"header wider than cells", []string{"a long header", "b"}, [][]string{{"x", "y"}}},
		{"multi-line cells", []string{"time", "summary", "source"}, [][]string{
			{"2025-11-12T09:12:00.161Z", "first line\nsecond line, longer", "a.har#2"},
			{"2025-11-12T09:12:00.171Z", "one", "a.har#3\na.har#4\na.har#5"},
		}},
		{"empty cells", []string{"a", "b", "c"}, [][]string{{"", "x", ""}, {"", "", ""}}},
		{"surrounding spaces trimmed", []string{"a", "b"}, [][]string{{"  x  ", "\ny\n"}, {" \u00a0z", "w "}}},
		{"wide and combining characters", []string{"value", "n"}, [][]string{{"日本語のテキスト", "1"}, {"e\u0301te\u0301", "2"}, {"😀 emoji", "3"}, {"\\x1b[31m escaped", "4"}}},
		{"a long cell", []string{"value"}, [][]string{{long}, {"short"}}},
		{"ragged rows", []string{"a", "b", "c"}, [][]string{{"1"}, {"1", "2", "3"}}},
		{"one column", nil, [][]string{{"x"}}},
		{"empty lines inside a cell", []string{"a"}, [][]string{{"x\n\ny"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want bytes.Buffer
			if err := tablewriterTable(&want, tc.header, tc.rows); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), streamed(tc.header, tc.rows)); diff != "" {
				t.Errorf("table mismatch (-tablewriter +streamed):\n%s", diff)
			}
		})
	}
}

// FuzzTable holds the streamed table to tablewriter's bytes for any
// cells made safe as the writers make them.
func FuzzTable(f *testing.F) {
	f.Add("time", "2025-11-12T09:12:00.161Z", "first\nsecond", "日本", " x ", uint8(3))
	f.Add("", "", "", "", "", uint8(1))
	f.Add("h", "e\u0301", "😀", "\u00a0", "a\n\nb", uint8(2))
	f.Fuzz(func(t *testing.T, h, a, b, c, d string, n uint8) {
		header := []string{h, "b"}
		if h == "" {
			header = nil
		}
		var rows [][]string
		for i := range int(n%5) + 1 {
			rows = append(rows, []string{cell(a+strconv.Itoa(i), 0), cell(b, 0) + "\n" + cell(c, 0), cell(d, 7)})
		}
		var want bytes.Buffer
		if err := tablewriterTable(&want, header, rows); err != nil {
			t.Skip()
		}
		if diff := cmp.Diff(want.String(), streamed(header, rows)); diff != "" {
			t.Errorf("table mismatch (-tablewriter +streamed):\n%s", diff)
		}
	})
}

// TestTableParts: past tableChunk rows a table is drawn in parts, each a
// table of its own, and says once that CSV and NDJSON suit better; the
// rows are all there, in order.
func TestTableParts(t *testing.T) {
	var rows [][]string
	for i := range 2*tableChunk + 5 {
		rows = append(rows, []string{strconv.Itoa(i), strings.Repeat("x", i%7)})
	}
	got := streamed([]string{"n", "x"}, rows)
	if n := strings.Count(got, "| n "); n != 3 {
		t.Errorf("%d headers, want 3 (parts of %d, %d and 5 rows)", n, tableChunk, tableChunk)
	}
	if n := strings.Count(got, "--format csv or --format ndjson suit better"); n != 1 {
		t.Errorf("the note is there %d times, want once", n)
	}
	var want bytes.Buffer
	tablewriterTable(&want, []string{"n", "x"}, rows[:tableChunk])
	if !strings.HasPrefix(got, want.String()) {
		t.Error("the first part differs from tablewriter's table of the same rows")
	}
	last := -1
	for _, l := range strings.Split(got, "\n") {
		f := strings.Fields(strings.Trim(l, "|"))
		if len(f) == 0 || !strings.HasPrefix(l, "| ") {
			continue
		}
		if n, err := strconv.Atoi(f[0]); err == nil {
			if n != last+1 {
				t.Fatalf("row %d follows row %d", n, last)
			}
			last = n
		}
	}
	if last != len(rows)-1 {
		t.Errorf("last row %d, want %d", last, len(rows)-1)
	}
}

// TestTablePartsByBytes: rows of long cells are drawn in parts of at
// most tableBytes of text (and the row that reached it), not tableChunk
// rows, so that the rows held do not grow with the cells; the note says
// so once, and every row is there, in order.
func TestTablePartsByBytes(t *testing.T) {
	const cellLen = 100_000
	var rows [][]string
	for i := range 100 {
		rows = append(rows, []string{strconv.Itoa(i), strings.Repeat("x", cellLen)})
	}
	got := streamed([]string{"n", "x"}, rows)
	perPart := (tableBytes + cellLen - 1) / cellLen // rows until the text reaches tableBytes
	wantParts := (len(rows) + perPart - 1) / perPart
	if n := strings.Count(got, "| n "); n != wantParts {
		t.Errorf("%d parts, want %d (%d rows of %d bytes each)", n, wantParts, perPart, cellLen)
	}
	if n := strings.Count(got, "--format csv or --format ndjson suit better"); n != 1 {
		t.Errorf("the note is there %d times, want once", n)
	}
	if !strings.Contains(got, fmt.Sprintf("(%d rows above;", perPart)) {
		t.Errorf("the note does not count the %d rows of the first part", perPart)
	}
	var ns []int
	for _, l := range strings.Split(got, "\n") {
		if f := strings.Fields(strings.Trim(l, "|")); len(f) > 0 && strings.HasPrefix(l, "| ") {
			if n, err := strconv.Atoi(f[0]); err == nil {
				ns = append(ns, n)
			}
		}
	}
	if len(ns) != len(rows) || !slices.IsSorted(ns) {
		t.Errorf("rows drawn: %v, want 0 to %d in order", ns, len(rows)-1)
	}
}
