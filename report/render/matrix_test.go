package render_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report/matrix"
	"github.com/haruspex/haruspex/report/render"
)

// hostileMatrix holds captured strings an attacker chose: a capture name
// with a terminal escape, markup and a Markdown cell break, a company
// that is a spreadsheet formula, a sensitive category with markup and an
// error with a newline.
func hostileMatrix() *matrix.Matrix {
	name := "\x1b[31mred|`x`<script>alert(1)</script>\u202e.har"
	c := &matrix.Capture{Name: name, SHA256: strings.Repeat("ab", 32), Site: "evil.example", Entries: 2, Error: "stopped\nhere <b>"}
	return &matrix.Matrix{
		Captures: []*matrix.Capture{c},
		Rows: []matrix.Row{{Site: "evil.example", Party: "tracker.example", Company: `=HYPERLINK("http://x")`, DataType: "button text",
			Events: 2, Answered: 1, Failed: 1, Visitors: 1, Sensitive: []string{"cat<b>|"}, Capture: name, SHA256: c.SHA256, Error: c.Error}},
	}
}

func renderMatrix(t *testing.T, f render.MatrixFormat, m *matrix.Matrix) string {
	t.Helper()
	var b bytes.Buffer
	if err := render.Matrix(&b, f, m); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return b.String()
}

// TestMatrixHostile: no format lets a captured string act: no raw
// escape or bidi override on a terminal, no markup or cell break in
// Markdown and HTML, no formula in CSV; NDJSON keeps the values as they
// are, JSON-escaped.
func TestMatrixHostile(t *testing.T) {
	m := hostileMatrix()
	for _, f := range []render.MatrixFormat{render.MatrixTable, render.MatrixMarkdown, render.MatrixHTML, render.MatrixCSV} {
		out := renderMatrix(t, f, m)
		if strings.ContainsAny(out, "\x1b\u202e") {
			t.Errorf("%s: a raw escape or bidi override reached the output", f)
		}
		if !strings.Contains(out, `\x1b`) {
			t.Errorf("%s: the escape is not shown as \\x1b", f)
		}
		if f != render.MatrixTable && f != render.MatrixCSV && strings.Contains(out, "<script>") {
			t.Errorf("%s: markup from a capture name reached the output", f)
		}
	}
	md := renderMatrix(t, render.MatrixMarkdown, m)
	if !strings.Contains(md, "red\\|\\`x\\`\\<script\\>") {
		t.Errorf("Markdown does not escape the capture name:\n%s", md)
	}
	html := renderMatrix(t, render.MatrixHTML, m)
	for _, want := range []string{"&lt;script&gt;", "cat&lt;b&gt;|", "stopped\\x0ahere &lt;b&gt;", `content="default-src 'none'; style-src 'unsafe-inline'"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(renderMatrix(t, render.MatrixCSV, m))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[1][2]; got != `'=HYPERLINK("http://x")` {
		t.Errorf("CSV company = %q, want the formula neutralised", got)
	}
	var row map[string]any
	if err := json.Unmarshal([]byte(renderMatrix(t, render.MatrixNDJSON, m)), &row); err != nil {
		t.Fatal(err)
	}
	if row["capture"] != m.Rows[0].Capture || row["company"] != m.Rows[0].Company {
		t.Errorf("NDJSON changed the values: %v", row)
	}
}

// TestMatrixEmpty: a matrix without captures says so; the long forms
// are a header (CSV) or nothing.
func TestMatrixEmpty(t *testing.T) {
	m := &matrix.Matrix{}
	for f, want := range map[render.MatrixFormat]string{
		render.MatrixTable:    "no captures\n",
		render.MatrixMarkdown: "No captures.\n",
		render.MatrixCSV:      strings.Join(render.MatrixHeader, ",") + "\n",
		render.MatrixNDJSON:   "",
	} {
		if got := renderMatrix(t, f, m); got != want {
			t.Errorf("%s: %q, want %q", f, got, want)
		}
	}
}

// TestDataTypeCodes: every data type has its own code.
func TestDataTypeCodes(t *testing.T) {
	seen := map[string]string{}
	names := []string{matrix.NoParameters}
	for _, dt := range decode.DataTypes() {
		names = append(names, dt.String())
	}
	for _, n := range names {
		c := render.DataTypeCode(n)
		if c == "?" || len(c) != 2 {
			t.Errorf("%q has code %q, want two letters", n, c)
		}
		if other, ok := seen[c]; ok {
			t.Errorf("%q and %q share the code %q", n, other, c)
		}
		seen[c] = n
	}
	if c := render.DataTypeCode("not a type"); c != "?" {
		t.Errorf("an unknown type has code %q, want ?", c)
	}
}

func TestParseMatrixFormat(t *testing.T) {
	var got []string
	for _, n := range render.MatrixFormats() {
		f, err := render.ParseMatrixFormat(n)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f.String())
	}
	if diff := cmp.Diff(render.MatrixFormats(), got); diff != "" {
		t.Errorf("format names mismatch (-want +got):\n%s", diff)
	}
	if _, err := render.ParseMatrixFormat("xml"); err == nil {
		t.Error("ParseMatrixFormat(xml) = nil error")
	}
	if _, err := render.NewMatrixRowWriter(&bytes.Buffer{}, render.MatrixTable); err == nil {
		t.Error("NewMatrixRowWriter(table) = nil error: a table is not a long form")
	}
}
