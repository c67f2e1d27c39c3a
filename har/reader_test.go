package har_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/internal/hargen"
)

// minimal is a small valid HAR used as a base for quirk cases.
const minimal = `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},
"pages":[{"startedDateTime":"2023-06-14T09:12:00.000Z","id":"page_1","title":"https://www.police.example/"}],
"entries":[{"pageref":"page_1","startedDateTime":"2023-06-14T09:12:00.123Z","time":12.5,
"request":{"method":"GET","url":"https://www.police.example/","httpVersion":"h2","cookies":[],"headers":[{"name":":authority","value":"www.police.example"}],"queryString":[],"headersSize":-1,"bodySize":0},
"response":{"status":200,"statusText":"","httpVersion":"h2","cookies":[],"headers":[],"content":{"size":5,"mimeType":"text/html","text":"hello"},"redirectURL":"","headersSize":-1,"bodySize":-1},
"cache":{},"timings":{"blocked":1.5,"dns":-1,"connect":-1,"send":0.2,"wait":8,"receive":2.8,"ssl":-1},"_resourceType":"document"}]}}`

func readString(t *testing.T, s string) (*har.Reader, []*har.Entry, error) {
	t.Helper()
	r := har.NewReader(strings.NewReader(s))
	r.Name = "test.har"
	var es []*har.Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			return r, es, nil
		}
		if err != nil {
			return r, es, err
		}
		es = append(es, e)
	}
}

func TestReaderMinimal(t *testing.T) {
	r, es, err := readString(t, minimal)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("got %d entries, want 1", len(es))
	}
	e := es[0]
	want := time.Date(2023, 6, 14, 9, 12, 0, 123e6, time.UTC)
	if !e.StartedDateTime.T.Equal(want) {
		t.Errorf("StartedDateTime = %v, want %v", e.StartedDateTime.T, want)
	}
	if e.Time != 12.5 || e.Timings.Receive != 2.8 || e.Timings.DNS != -1 {
		t.Errorf("times not read: time %v timings %+v", e.Time, e.Timings)
	}
	if e.Response.Content.Text != "" || !e.Response.Content.HasText || e.Response.Content.TextLen != 5 {
		t.Errorf("body should be skipped but measured: %+v", e.Response.Content)
	}
	if e.ResourceType() != "document" {
		t.Errorf("ResourceType() = %q", e.ResourceType())
	}
	if got := r.Log().Pages[0].Title; got != "https://www.police.example/" {
		t.Errorf("page title = %q", got)
	}
	if len(e.Warnings) != 0 || len(r.Warnings()) != 0 {
		t.Errorf("unexpected warnings %v %v", e.Warnings, r.Warnings())
	}
	if e.Offset != int64(strings.Index(minimal, `{"pageref"`)) {
		t.Errorf("Offset = %d, want %d", e.Offset, strings.Index(minimal, `{"pageref"`))
	}
}

func TestReaderBodies(t *testing.T) {
	r := har.NewReader(strings.NewReader(minimal))
	r.Bodies = true
	e, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if e.Response.Content.Text != "hello" {
		t.Errorf("Text = %q with Bodies set, want %q", e.Response.Content.Text, "hello")
	}
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// TestReaderQuirks feeds one quirk at a time, each seen in a real file.
func TestReaderQuirks(t *testing.T) {
	entry := func(fields string) string {
		return `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{` + fields + `}]}}`
	}
	tests := []struct {
		name     string
		in       string
		entries  int
		pages    int
		warnings []string // entry-level warning fields, in order
		check    func(t *testing.T, r *har.Reader, es []*har.Entry)
	}{
		{name: "BOM", in: "\xef\xbb\xbf" + minimal, entries: 1, pages: 1},
		{name: "JSONP wrapper (Firebug harviewer)", in: "onInputData(" + minimal + ");\n", entries: 1, pages: 1},
		{name: "gzip by magic bytes", in: gzipped(minimal), entries: 1, pages: 1},
		{name: "pages absent", in: entry(`"startedDateTime":"2023-01-01T00:00:00Z"`), entries: 1},
		{name: "pages null (Fiddler 2.3)", in: `{"log":{"pages":null,"entries":[{}]}}`, entries: 1},
		{name: "pages after entries", in: `{"log":{"entries":[{"pageref":"p"}],"pages":[{"id":"p"}]}}`, entries: 1, pages: 1,
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if len(r.Warnings()) != 0 {
					t.Errorf("pageref resolved by later pages still warned: %v", r.Warnings())
				}
			}},
		{name: "dangling pageref", in: `{"log":{"pages":[],"entries":[{"pageref":"page_9"}]}}`, entries: 1,
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if len(r.Warnings()) != 1 || r.Warnings()[0].Field != "pageref" {
					t.Errorf("want one pageref warning, got %v", r.Warnings())
				}
			}},
		{name: "7 fractional digits and offset (Fiddler)", in: entry(`"startedDateTime":"2020-06-23T10:23:02.7221474+01:00"`), entries: 1,
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				want := time.Date(2020, 6, 23, 9, 23, 2, 722147400, time.UTC)
				if !es[0].StartedDateTime.T.Equal(want) || es[0].StartedDateTime.T.Location() != time.UTC {
					t.Errorf("got %v, want %v", es[0].StartedDateTime.T, want)
				}
			}},
		{name: "2 fractional digits (IE11)", in: entry(`"startedDateTime":"2016-06-28T19:07:26.51Z"`), entries: 1},
		{name: "NaN date (Firebug 1.12)", in: entry(`"startedDateTime":"NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN"`), entries: 1,
			warnings: []string{"startedDateTime"},
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if es[0].StartedDateTime.Valid() || es[0].StartedDateTime.Raw != "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN" {
					t.Errorf("NaN date should be invalid and kept as written: %+v", es[0].StartedDateTime)
				}
			}},
		{name: "cookies as an object (IE11)", in: entry(`"request":{"cookies":{"name":"a","value":"b"}}`), entries: 1,
			warnings: []string{"request.cookies"},
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if diff := cmp.Diff([]har.Cookie{{Name: "a", Value: "b"}}, es[0].Request.Cookies); diff != "" {
					t.Errorf("cookies (-want +got):\n%s", diff)
				}
			}},
		{name: "status 0 and empty timings (Firefox 111 cached, blocked)", in: entry(`"response":{"status":0,"statusText":""},"timings":{}`), entries: 1,
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if es[0].Response.Status != 0 || es[0].Timings.Send != -1 || es[0].Timings.Wait != -1 {
					t.Errorf("status %d timings %+v", es[0].Response.Status, es[0].Timings)
				}
			}},
		{name: "null where objects are expected (Playwright cache)", in: entry(`"cache":{"beforeRequest":null},"request":null,"response":{"content":null},"timings":null`), entries: 1},
		{name: "float, -1 and missing sizes", in: entry(`"request":{"headersSize":-1,"bodySize":12.0},"response":{"content":{"size":-1}}`), entries: 1,
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if es[0].Request.BodySize != 12 || es[0].Request.HeadersSize != -1 || es[0].Response.BodySize != -1 || es[0].Response.Content.Size != -1 {
					t.Errorf("sizes %+v %+v", es[0].Request, es[0].Response)
				}
			}},
		{name: "number as string", in: entry(`"response":{"status":"200"}`), entries: 1, warnings: []string{"response.status"},
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if es[0].Response.Status != 200 {
					t.Errorf("status %d, want 200", es[0].Response.Status)
				}
			}},
		{name: "array where a string is expected", in: entry(`"request":{"url":["x"]}`), entries: 1, warnings: []string{"request.url"},
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if string(es[0].Warnings[0].Raw) != `["x"]` {
					t.Errorf("raw value not kept: %q", es[0].Warnings[0].Raw)
				}
			}},
		{name: "log.version 1.1 and custom fields", in: `{"log":{"version":"1.1","_x":{"a":1},"entries":[{"_cpu.EvaluateScript":3,"_initiator":{"type":"other"}}]}}`, entries: 1,
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if r.Log().Version != "1.1" || string(r.Log().Custom[0].Raw) != `{"a":1}` {
					t.Errorf("log %+v", r.Log())
				}
				if string(es[0].CustomField("_cpu.EvaluateScript")) != "3" || string(es[0].CustomField("_initiator")) != `{"type":"other"}` {
					t.Errorf("custom %+v", es[0].Custom)
				}
			}},
		{name: "non-object entry is skipped with a warning", in: `{"log":{"entries":[1,{}]}}`, entries: 1,
			check: func(t *testing.T, r *har.Reader, es []*har.Entry) {
				if es[0].Index != 1 || len(r.Warnings()) != 1 {
					t.Errorf("index %d, warnings %v", es[0].Index, r.Warnings())
				}
			}},
		{name: "invalid UTF-8 in a value", in: entry("\"request\":{\"url\":\"https://x.example/\xff\"}"), entries: 1},
		{name: "duplicate member names", in: entry(`"comment":"a","comment":"b"`), entries: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, es, err := readString(t, tt.in)
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			if len(es) != tt.entries || len(r.Log().Pages) != tt.pages {
				t.Fatalf("got %d entries and %d pages, want %d and %d", len(es), len(r.Log().Pages), tt.entries, tt.pages)
			}
			var got []string
			for _, e := range es {
				for _, w := range e.Warnings {
					got = append(got, w.Field)
				}
			}
			if diff := cmp.Diff(tt.warnings, got); diff != "" {
				t.Errorf("warnings mismatch (-want +got):\n%s", diff)
			}
			if tt.check != nil {
				tt.check(t, r, es)
			}
		})
	}
}

// TestReaderNotHAR: inputs that are not HAR files at all get ErrNotHAR,
// located and naming the file.
func TestReaderNotHAR(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"white space only", " \n\t"},
		{"HTML", "<!DOCTYPE html><html><body>Login</body></html>"},
		{"JSON array", "[1,2,3]"},
		{"JSON object without log", `{"foo":{"entries":[]}}`},
		{"log is an array (mitmproxy brokenfile)", "{\"log\":\n[\n    2,1,3\n]\n\"request:\"}"},
		{"log is a string", `{"log":"x"}`},
		{"identifier without parenthesis", "onInputData{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, es, err := readString(t, tt.in)
			if !errors.Is(err, har.ErrNotHAR) {
				t.Fatalf("err = %v, want ErrNotHAR", err)
			}
			var pe *har.ParseError
			if !errors.As(err, &pe) || pe.File != "test.har" || !strings.HasPrefix(err.Error(), "test.har: ") {
				t.Errorf("err = %q, want a ParseError naming test.har", err)
			}
			if len(es) != 0 {
				t.Errorf("got %d entries from a non-HAR", len(es))
			}
		})
	}
}

func TestReaderCorrupt(t *testing.T) {
	// A missing comma between entries: both sides are complete JSON, so
	// the first entry is returned and the error points at the second.
	in := `{"log":{"entries":[{"comment":"a"} {"comment":"b"}]}}`
	_, es, err := readString(t, in)
	var pe *har.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *ParseError", err)
	}
	if len(es) != 1 || pe.Entry != 1 || pe.Offset != int64(strings.Index(in, `{"comment":"b"}`)) {
		t.Errorf("entries %d, error %+v (%v)", len(es), pe, err)
	}
}

// TestTruncation cuts real files at many offsets: every entry complete
// before the cut is returned, identical to a full read, then a ParseError
// at or before the cut.
func TestTruncation(t *testing.T) {
	readSources(t)
	for _, name := range []string{"PerfCascade__capture-har_redirect-loop.har", "playwright__har-fulfill.har", "harviewer__1.har", "compare__browsertime-chrome-wikipedia.har.gz"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				t.Fatal(err)
			}
			full, fullEntries, err := readBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			gz := strings.HasSuffix(name, ".gz")
			var decodedLen int64
			if gz {
				zr, _ := gzip.NewReader(bytes.NewReader(data))
				n, _ := io.Copy(io.Discard, zr)
				decodedLen = n
			} else {
				decodedLen = int64(len(data))
			}
			_ = full
			step := len(data)/200 + 1
			for cut := 0; cut < len(data); cut += step {
				_, es, err := readBytes(data[:cut])
				if err == nil && len(es) == len(fullEntries) {
					continue // only framing after the JSON value was cut (JSONP's ")")
				}
				var pe *har.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("cut at %d: err = %v, want *ParseError", cut, err)
				}
				for i, e := range es {
					if !reflect.DeepEqual(fullEntries[i], e) {
						t.Fatalf("cut at %d: entry %d differs from a full read (-want +got):\n%s", cut, i, cmp.Diff(fullEntries[i], e))
					}
				}
				if gz {
					if pe.Offset > decodedLen {
						t.Fatalf("cut at %d: error offset %d beyond the data", cut, pe.Offset)
					}
					continue
				}
				// Entries whose successor starts before the cut were complete.
				complete := 0
				for i := 0; i+1 < len(fullEntries); i++ {
					if fullEntries[i+1].Offset <= int64(cut) {
						complete = i + 1
					}
				}
				if len(es) < complete {
					t.Fatalf("cut at %d: got %d entries, %d were complete", cut, len(es), complete)
				}
				if pe.Offset > int64(cut) {
					t.Fatalf("cut at %d: error at byte %d, after the cut (%v)", cut, pe.Offset, err)
				}
			}
		})
	}
}

func readBytes(b []byte) (*har.Reader, []*har.Entry, error) {
	r := har.NewReader(bytes.NewReader(b))
	var es []*har.Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			return r, es, nil
		}
		if err != nil {
			return r, es, err
		}
		es = append(es, e)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("onInputData(" + minimal + ")"))
	f.Add([]byte(`{"log":{"entries":[{"request":{"cookies":{"name":"a"}}}]}}`))
	f.Add([]byte(gzipped(minimal))) // the gzip path: decompression read ahead
	if files, _ := filepath.Glob(filepath.Join(corpusDir, "*.har")); files != nil {
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		read := func(lean bool) (*har.Reader, []*har.Entry, error) {
			r := har.NewReader(bytes.NewReader(data))
			r.Lean = lean
			es, err := r.ReadAll()
			return r, es, err
		}
		r, full, err := read(false)
		var pe *har.ParseError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("error %v (%T) is not a *ParseError", err, err)
		}
		for i, e := range full {
			if e.Index < i {
				t.Fatalf("entry index %d after %d entries", e.Index, i)
			}
		}
		if r.Size() != int64(len(data)) {
			t.Fatalf("Size() = %d, input has %d bytes", r.Size(), len(data))
		}
		// Lean reading skips parts of entries without tokenising them: it
		// must read the same entries, less what it skips, and fail where
		// a full read fails, with the same error.
		_, lean, leanErr := read(true)
		if fmt.Sprint(leanErr) != fmt.Sprint(err) {
			t.Fatalf("lean read error %v, full read %v", leanErr, err)
		}
		want := make([]*har.Entry, len(full))
		for i, e := range full {
			want[i] = leanView(e)
		}
		if diff := cmp.Diff(want, lean, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("lean read mismatch (-full, less what lean reading skips +lean):\n%s", diff)
		}
		// The input's chunks are read where they are (the read above);
		// from a source whose first read gives one byte, the bytes that
		// tell gzip apart cannot be put back, and the input is copied:
		// the same entries, and the same error.
		one := io.MultiReader(bytes.NewReader(data[:min(1, len(data))]), bytes.NewReader(data[min(1, len(data)):]))
		copied, copiedErr := har.NewReader(one).ReadAll()
		if fmt.Sprint(copiedErr) != fmt.Sprint(err) {
			t.Fatalf("copied read error %v, chunked read %v", copiedErr, err)
		}
		if diff := cmp.Diff(full, copied, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("chunked and copied reads differ (-chunked +copied):\n%s", diff)
		}
	})
}

// leanSkips reports whether a lean read leaves out the warning w.
func leanSkips(w har.Warning) bool {
	for _, path := range []string{"response.headers", "response.cookies", "timings"} {
		switch {
		case w.Field == path: // an object or array is cut out, a scalar left in
			return len(w.Raw) == 0 || w.Raw[0] == '{' || w.Raw[0] == '['
		case strings.HasPrefix(w.Field, path+"."):
			return true
		}
	}
	return false
}

// leanView is what a lean read gives of an entry read in full: no
// response headers or cookies, timings unknown (-1), and no warning
// about them — except about one that is a string, number or boolean,
// which lean reading leaves in (it cuts out objects and arrays only) and
// warns about as a full read does.
func leanView(e *har.Entry) *har.Entry {
	v := *e
	v.Response.Headers, v.Response.Cookies = nil, nil
	v.Timings = har.Timings{Blocked: -1, DNS: -1, Connect: -1, Send: -1, Wait: -1, Receive: -1, SSL: -1}
	// The URL has the query (these files write url before queryString):
	// the array, a copy of it, is left out, and so are its warnings.
	_, _, query := site.Split(e.Request.URL)
	if query != "" {
		v.Request.QueryString = nil
	}
	v.Warnings = nil
	for _, w := range e.Warnings {
		if query != "" && (w.Field == "request.queryString" || strings.HasPrefix(w.Field, "request.queryString.")) {
			continue
		}
		if !leanSkips(w) {
			v.Warnings = append(v.Warnings, w)
		}
	}
	return &v
}

// TestReaderLean: lean reading gives the same entries as a full read,
// less response headers, response cookies, timings and the query string
// of a URL that has a query, on real files.
func TestReaderLean(t *testing.T) {
	readSources(t)
	for _, name := range []string{"pagexray__ferguson.har", "harviewer__ie11.har", "mitmproxy__firefox.har", "compare__browsertime-chrome-wikipedia.har.gz", "har-reader__sstoehr.invalid-date.har"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(corpusDir, name))
			if err != nil {
				t.Fatal(err)
			}
			_, full, err := readBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			r := har.NewReader(bytes.NewReader(data))
			r.Lean = true
			var lean []*har.Entry
			for {
				e, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				lean = append(lean, e)
			}
			if len(lean) != len(full) {
				t.Fatalf("lean read %d entries, full read %d", len(lean), len(full))
			}
			for i, f := range full {
				want := *leanView(f)
				got := *lean[i]
				if diff := cmp.Diff(&want, &got, cmpopts.EquateEmpty()); diff != "" {
					t.Fatalf("entry %d (-full +lean):\n%s", i, diff)
				}
			}
		})
	}
}

// TestGzipMembers reads a .har.gz written as several gzip members, as
// concatenating compressed parts (or some tools) produce, and ones with
// bytes after a member: the first reads like the plain file; the others
// fail, after what was readable, with a located error that names the
// cause.
func TestGzipMembers(t *testing.T) {
	_, want, err := readBytes([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	half := len(minimal) / 2
	multi := gzipped(minimal[:half]) + gzipped(minimal[half:])
	_, got, err := readBytes([]byte(multi))
	if err != nil {
		t.Fatalf("two members: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("two members: entries differ from the plain file (-want +got):\n%s", cmp.Diff(want, got))
	}
	// After the member, bytes that are not one: the error says so (a
	// few bytes, too short for a gzip header, read as a truncation).
	for after, msg := range map[string]string{
		"this is not a gzip member at all": "reading input: gzip: invalid header",
		"not gzip":                         "unexpected end of input (truncated file?)",
	} {
		_, got, err = readBytes([]byte(gzipped(minimal[:half]) + after))
		var pe *har.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q after a member: err = %v, want a *ParseError", after, err)
		}
		if pe.Offset > int64(half) || pe.Err.Error() != msg {
			t.Errorf("%q after a member: error %q at byte %d; want %q at or before byte %d", after, pe.Err, pe.Offset, msg, half)
		}
		if len(got) > len(want) {
			t.Errorf("%q after a member: %d entries", after, len(got))
		}
	}
}

// TestReadAll checks that ReadAll reads with the Reader's settings: Name
// in its error, Bodies in its entries, and the entries before an error.
func TestReadAll(t *testing.T) {
	r := har.NewReader(strings.NewReader(minimal))
	r.Bodies = true
	es, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Response.Content.Text != "hello" || len(r.Log().Pages) != 1 {
		t.Errorf("ReadAll with Bodies: %d entries, %d pages, text %q; want 1, 1, \"hello\"", len(es), len(r.Log().Pages), es[0].Response.Content.Text)
	}

	two := strings.Replace(minimal, `"entries":[{`, `"entries":[{"comment":"first"},{`, 1)
	cut := two[:strings.Index(two, `"timings"`)] // inside the second entry
	r = har.NewReader(strings.NewReader(cut))
	r.Name = "cut.har"
	es, err = r.ReadAll()
	var pe *har.ParseError
	if !errors.As(err, &pe) || pe.Entry != 1 || !strings.HasPrefix(err.Error(), "cut.har: entry 1 ") {
		t.Errorf("ReadAll on a cut file: error %v, want a ParseError at entry 1 naming cut.har", err)
	}
	if len(es) != 1 || es[0].Comment != "first" {
		t.Errorf("ReadAll on a cut file: %d entries, want the first one", len(es))
	}
}

// TestDigestMidStream asks for Size and SHA256 while a file is being
// read, plain and gzipped, with every goroutine reading ahead at work,
// then reads on: the reading is undisturbed and, at the end, the digest
// and size are those of the whole input (run with -race, this pins that
// asking stops the goroutines first).
func TestDigestMidStream(t *testing.T) {
	plain := generated(t, 4<<20)
	for name, data := range map[string][]byte{"plain": plain, "gzip": []byte(gzipped(string(plain)))} {
		t.Run(name, func(t *testing.T) {
			_, want, err := readBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			r := har.NewReader(bytes.NewReader(data))
			var got []*har.Entry
			for i := 0; ; i++ {
				if i%100 == 50 {
					r.Size()
					r.SHA256()
				}
				e, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, e)
			}
			if len(got) != len(want) || !reflect.DeepEqual(got, want) {
				t.Fatalf("read with Size and SHA256 asked: %d entries, or different ones; want %d", len(got), len(want))
			}
			sum := sha256.Sum256(data)
			if r.Size() != int64(len(data)) || r.SHA256() != hex.EncodeToString(sum[:]) {
				t.Errorf("Size() = %d, SHA256() = %s; want %d, %x", r.Size(), r.SHA256(), len(data), sum)
			}
		})
	}
}

// generated returns a generated Chrome-style capture of about size bytes.
func generated(tb testing.TB, size int64) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if _, err := hargen.Write(&buf, size, 1); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestMemberNames reads member names written with escapes or bytes that
// are not UTF-8 as the tokenizer unquotes them: the parser takes plain
// names from its table of a HAR's names without unquoting them.
func TestMemberNames(t *testing.T) {
	const doc = `{"log":{"entries":[{"startedDateTime":"2023-06-14T09:12:00Z","re\u0071uest":{"method":"GET","\u0075rl":"https://a.example/x","headers":[{"name":"user-\u0061gent","value":"UA"},{"name":"accept","value":"*/*"},{"name":"X-` + "\xff" + `","value":"v"}]},` +
		`"_x` + "\xff" + `":1,"_pl\u0061in":2,"_plain":3,"response":{"status":200}}]}}`
	_, es, err := readBytes([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 {
		t.Fatalf("%d entries, want 1", len(es))
	}
	e := es[0]
	if e.Request.URL != "https://a.example/x" || e.Request.Method != "GET" {
		t.Errorf("request read as %q %q, want GET https://a.example/x", e.Request.Method, e.Request.URL)
	}
	var headers []string
	for _, h := range e.Request.Headers {
		headers = append(headers, h.Name)
	}
	if want := []string{"user-agent", "accept", "X-\uFFFD"}; !slices.Equal(headers, want) {
		t.Errorf("header names %q, want %q", headers, want)
	}
	var names []string
	for _, f := range e.Custom {
		names = append(names, f.Name)
	}
	if want := []string{"_x\uFFFD", "_plain", "_plain"}; !slices.Equal(names, want) {
		t.Errorf("custom fields %q, want %q", names, want)
	}
}
