package har_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/internal/hargen"
)

// skimView is what a skim promises of an entry, taken from an entry read
// in full, for comparison with a skimmed one.
func skimView(e *har.Entry) *har.Entry {
	v := &har.Entry{Index: e.Index, Offset: e.Offset, PageRef: e.PageRef, StartedDateTime: e.StartedDateTime, Time: -1}
	v.Request.HeadersSize, v.Request.BodySize = -1, -1
	v.Response.HeadersSize, v.Response.BodySize = -1, -1
	v.Response.Content.Size, v.Response.Content.Compression = -1, -1
	v.Timings = har.Timings{Blocked: -1, DNS: -1, Connect: -1, Send: -1, Wait: -1, Receive: -1, SSL: -1}
	v.Request.Method, v.Request.URL = e.Request.Method, e.Request.URL
	for _, h := range e.Request.Headers {
		switch strings.ToLower(h.Name) {
		case "cookie", "referer", "origin", "content-type", "sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-fetch-user":
			v.Request.Headers = append(v.Request.Headers, h)
		}
	}
	for _, c := range e.Request.Cookies {
		v.Request.Cookies = append(v.Request.Cookies, har.Cookie{Name: c.Name, Value: c.Value})
	}
	v.Response.Status, v.Response.Content.MimeType = e.Response.Status, e.Response.Content.MimeType
	for _, f := range e.Custom {
		switch f.Name {
		case "_resourceType", "_fetchType", "_initiator":
			v.Custom = append(v.Custom, f)
		}
	}
	// Warnings about the fields a skim reads, and no others.
	for _, w := range e.Warnings {
		switch f := w.Field; {
		case f == "pageref", f == "startedDateTime", f == "request", f == "request.method", f == "request.url",
			f == "response", f == "response.status", f == "response.content", f == "response.content.mimeType",
			f == "request.headers", strings.HasPrefix(f, "request.headers."),
			f == "request.cookies", strings.HasPrefix(f, "request.cookies."):
			v.Warnings = append(v.Warnings, w)
		}
	}
	return v
}

// readBoth reads data in full and skimmed (Want refusing every entry);
// it returns the entries and errors of both.
func readBoth(data []byte) (full, skim []*har.Entry, fullErr, skimErr error) {
	read := func(want func(*har.Entry) bool) ([]*har.Entry, error) {
		r := har.NewReader(bytes.NewReader(data))
		r.Lean = true
		r.Want = want
		var es []*har.Entry
		for {
			e, err := r.Next()
			if err != nil {
				return es, err
			}
			es = append(es, e)
		}
	}
	full, fullErr = read(nil)
	skim, skimErr = read(func(*har.Entry) bool { return false })
	return
}

// compareSkim checks that a skim read the same entries as a full read,
// each with the fields a skim promises, and the warnings about them,
// equal, and stopped where it did.
func compareSkim(t *testing.T, name string, data []byte) {
	t.Helper()
	full, skim, fullErr, skimErr := readBoth(data)
	if len(full) != len(skim) || (fullErr == io.EOF) != (skimErr == io.EOF) {
		t.Fatalf("%s: full read %d entries (%v), skim %d (%v)", name, len(full), fullErr, len(skim), skimErr)
	}
	var fpe, spe *har.ParseError
	if errors.As(fullErr, &fpe) && errors.As(skimErr, &spe) && fpe.Entry != spe.Entry {
		t.Errorf("%s: full read stopped at entry %d, skim at %d", name, fpe.Entry, spe.Entry)
	}
	for i := range full {
		if !skim[i].Skimmed {
			t.Fatalf("%s: entry %d not marked skimmed", name, i)
		}
		got, want := *skim[i], *skimView(full[i])
		got.Skimmed = false
		for _, e := range []*har.Entry{&got, &want} {
			if len(e.Warnings) == 0 {
				e.Warnings = nil
			}
			if len(e.Request.Headers) == 0 {
				e.Request.Headers = nil
			}
			if len(e.Request.Cookies) == 0 {
				e.Request.Cookies = nil
			}
			if len(e.Custom) == 0 {
				e.Custom = nil
			}
		}
		if !reflect.DeepEqual(&got, &want) {
			t.Fatalf("%s: entry %d skimmed as\n%+v\nwant\n%+v", name, i, got, want)
		}
	}
}

// TestSkimCorpus checks the skim against a full read of every real
// capture: same entries, same values for every field a skim reads.
func TestSkimCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		compareSkim(t, filepath.Base(name), data)
	}
}

// TestSkimWant checks that the entries Want accepts are read in full,
// the others skimmed.
func TestSkimWant(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "ferguson.har"))
	if err != nil {
		t.Skip(err)
	}
	r := har.NewReader(bytes.NewReader(data))
	r.Want = func(e *har.Entry) bool { return strings.Contains(e.Request.URL, "facebook.com/tr") }
	full, _, _, _ := readBoth(data)
	n := 0
	for i := 0; ; i++ {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		wanted := strings.Contains(e.Request.URL, "facebook.com/tr")
		if e.Skimmed == wanted {
			t.Fatalf("entry %d (%s): skimmed %v", i, e.Request.URL, e.Skimmed)
		}
		if wanted {
			n++
			if len(e.Request.QueryString) != len(full[i].Request.QueryString) || e.Time != full[i].Time {
				t.Errorf("entry %d: wanted entry not read in full", i)
			}
		}
	}
	if n == 0 {
		t.Fatal("no facebook.com/tr request in ferguson.har")
	}
}

// TestSkimOddities covers what the fast skim must leave to the careful
// parser: each input must skim exactly as a full read says.
func TestSkimOddities(t *testing.T) {
	entry := func(body string) []byte {
		return []byte(`{"log":{"version":"1.2","entries":[` + body + `]}}`)
	}
	const req = `"request":{"method":"GET","url":"https://a.example/","headers":[{"name":"Referer","value":"https://b.example/"}]}`
	const resp = `"response":{"status":200,"content":{"mimeType":"text/html","text":"PGh0bWw+"}}`
	for name, body := range map[string]string{
		"plain":            `{"startedDateTime":"2023-01-02T03:04:05.678Z",` + req + `,` + resp + `}`,
		"escaped url":      `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"https:\/\/a.example\/\u00e9"},` + resp + `}`,
		"duplicate url":    `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"url":"https://a.example/","url":"https://b.example/"},` + resp + `}`,
		"status string":    `{"startedDateTime":"2023-01-02T03:04:05Z",` + req + `,"response":{"status":"404","content":{"mimeType":"x"}}}`,
		"bad time":         `{"startedDateTime":"yesterday",` + req + `,` + resp + `}`,
		"no time":          `{` + req + `,` + resp + `}`,
		"cookies object":   `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"url":"https://a.example/","cookies":{"name":"a","value":"b"}},` + resp + `}`,
		"header number":    `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"url":"https://a.example/","headers":[{"name":"Referer","value":7}]},` + resp + `}`,
		"cookie bool":      `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"url":"https://a.example/","cookies":[{"name":"a","value":"b","httpOnly":"yes"}]},` + resp + `}`,
		"request null":     `{"startedDateTime":"2023-01-02T03:04:05Z","request":null,` + resp + `}`,
		"control char":     "{\"startedDateTime\":\"2023-01-02T03:04:05Z\",\"comment\":\"a\tb\"," + req + `,` + resp + `}`,
		"bad literal":      `{"startedDateTime":"2023-01-02T03:04:05Z","time":tru,` + req + `,` + resp + `}`,
		"leading zero":     `{"startedDateTime":"2023-01-02T03:04:05Z","time":01,` + req + `,` + resp + `}`,
		"missing colon":    `{"startedDateTime":"2023-01-02T03:04:05Z","time" 1,` + req + `,` + resp + `}`,
		"surrogate escape": `{"startedDateTime":"2023-01-02T03:04:05Z","comment":"\ud800",` + req + `,` + resp + `}`,
		"initiator":        `{"_initiator":{"type":"parser","url":"https://x.example/"},"startedDateTime":"2023-01-02T03:04:05Z","_resourceType":"document",` + req + `,` + resp + `}`,
		"spaces":           "{ \"startedDateTime\" : \"2023-01-02T03:04:05Z\" ,\n        \"pageref\" : null , " + req + " , " + resp + " }",
		// Invalid UTF-8 is read as U+FFFD by the careful parser: the
		// fast skim must not keep the raw bytes.
		"invalid UTF-8 mime":   "{\"startedDateTime\":\"2023-01-02T03:04:05Z\"," + req + ",\"response\":{\"status\":0,\"content\":{\"mimeType\":\"\xff\"}}}",
		"invalid UTF-8 url":    "{\"startedDateTime\":\"2023-01-02T03:04:05Z\",\"request\":{\"method\":\"GET\",\"url\":\"https://a.example/\xc3(\"}," + resp + "}",
		"invalid UTF-8 header": "{\"startedDateTime\":\"2023-01-02T03:04:05Z\",\"request\":{\"url\":\"https://a.example/\",\"headers\":[{\"name\":\"Referer\",\"value\":\"\xed\xa0\x80\"}],\"cookies\":[{\"name\":\"a\xff\",\"value\":\"\xf0\x28\x8c\x28\"}]}," + resp + "}",
		// Strings the walk reads eight bytes at a time, and those it
		// leaves to the slower loop: long, escaped after the first word,
		// a control character, a backslash at a word's end.
		"long url":        `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"https://a.example/` + strings.Repeat("abcdefgh", 40) + `"},` + resp + `}`,
		"late escape":     `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"https://a.example/abcdefghij\"k\u00e9"},` + resp + `}`,
		"control in url":  "{\"startedDateTime\":\"2023-01-02T03:04:05Z\",\"request\":{\"method\":\"GET\",\"url\":\"https://a.example/\x01\"}," + resp + "}",
		"word-end escape": `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"https://a.exam\\"},` + resp + `}`,
	} {
		t.Run(name, func(t *testing.T) {
			compareSkim(t, name, entry(body))
		})
	}
}

// FuzzSkim checks, on any input, that skimming finds the same entries as
// a full read, with the same values.
func FuzzSkim(f *testing.F) {
	f.Add([]byte(minimal))
	if files, _ := filepath.Glob(filepath.Join(corpusDir, "*.har")); files != nil {
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareSkim(t, "input", data)
	})
}

// TestSkimHeaders checks that SkimHeaders chooses the request headers a
// skimmed entry keeps, by name, whatever their case in the file.
func TestSkimHeaders(t *testing.T) {
	data := []byte(`{"log":{"entries":[{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"https://a.example/",` +
		`"headers":[{"name":"user-agent","value":"UA"},{"name":"Referer","value":"https://b.example/"},{"name":"X-Other","value":"x"}]},` +
		`"response":{"status":200,"content":{"mimeType":"text/html"}}}]}}`)
	for _, tt := range []struct {
		keep []string
		want []string
	}{
		{nil, []string{"Referer"}},
		{[]string{"User-Agent", "x-other"}, []string{"user-agent", "X-Other"}},
		{[]string{}, nil},
	} {
		r := har.NewReader(bytes.NewReader(data))
		r.Want = func(*har.Entry) bool { return false }
		r.SkimHeaders = tt.keep
		e, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range e.Request.Headers {
			got = append(got, h.Name)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SkimHeaders %q: kept %q, want %q", tt.keep, got, tt.want)
		}
	}
}

// TestWantURL checks that WantURL, which lets an entry be read in full
// from its URL alone, changes nothing the reader returns: on every real
// capture, the same entries, read in full or skimmed alike, as with Want
// alone.
func TestWantURL(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	claimed := func(url string) bool {
		return strings.Contains(url, "/tr") || strings.Contains(url, "collect") || strings.Contains(url, "pixel")
	}
	asked, yes := 0, 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		read := func(byURL bool) ([]*har.Entry, error) {
			r := har.NewReader(bytes.NewReader(data))
			r.Lean = true
			r.Want = func(e *har.Entry) bool { return claimed(e.Request.URL) }
			if byURL {
				r.WantURL = func(url string) bool {
					asked++
					if claimed(url) {
						yes++
						return true
					}
					return false
				}
			}
			es, err := r.ReadAll()
			return es, err
		}
		want, wantErr := read(false)
		got, gotErr := read(true)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("%s: error %v with WantURL, %v without", filepath.Base(name), gotErr, wantErr)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d entries with WantURL, %d without", filepath.Base(name), len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("%s: entry %d read as\n%+v\nwith WantURL, as\n%+v\nwithout", filepath.Base(name), i, got[i], want[i])
			}
		}
	}
	if asked == 0 || yes == 0 {
		t.Fatalf("WantURL asked %d times, said yes %d times: the test proves nothing", asked, yes)
	}
	t.Logf("WantURL asked about %d entries, %d read in full at once", asked, yes)
}

// TestWantAhead checks the contract of Want and WantURL now that entries
// are judged as they are framed, on another goroutine: each entry is
// asked about at most once, never while another is, and the entries
// returned are those of a read in full (claimed) or skimmed from it
// (refused). Some entries repeat a member, so that the fast skim gives
// way and the entry is judged by the goroutine that called Next, between
// entries judged ahead.
func TestWantAhead(t *testing.T) {
	var buf bytes.Buffer
	if _, err := hargen.Write(&buf, 2<<20, 1); err != nil {
		t.Fatal(err)
	}
	// Every seventh entry gets a second pageref.
	parts := strings.Split(buf.String(), `"_priority": "High",`)
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(`"_priority": "High",`)
			if i%7 == 0 {
				b.WriteString(` "pageref": "page_1",`)
			}
		}
		b.WriteString(p)
	}
	data := []byte(b.String())
	claimed := func(url string) bool { return strings.Contains(url, "/tr") || strings.Contains(url, "collect") }

	full, err := har.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var busy atomic.Bool
	var overlaps atomic.Int64
	asked := map[int]int{} // Want's calls by entry; only one call runs at a time
	// Each call takes a while, so that two calls at once would overlap.
	enter := func() {
		if !busy.CompareAndSwap(false, true) {
			overlaps.Add(1)
		}
		time.Sleep(20 * time.Microsecond)
	}
	r := har.NewReader(bytes.NewReader(data))
	r.Want = func(e *har.Entry) bool {
		enter()
		defer busy.Store(false)
		asked[e.Index]++
		return claimed(e.Request.URL)
	}
	byURL := 0
	r.WantURL = func(url string) bool {
		enter()
		defer busy.Store(false)
		byURL++
		return claimed(url)
	}
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if n := overlaps.Load(); n > 0 {
		t.Fatalf("Want or WantURL was called %d time(s) while another call ran", n)
	}
	if len(got) != len(full) || len(got) < 200 {
		t.Fatalf("%d entries, %d read in full: too few to be framed ahead, or lost", len(got), len(full))
	}
	// A member twice makes the fast skim give way (skimFast).
	twice := len(parts) / 7
	skimmed := 0
	for i, e := range got {
		if asked[i] > 1 {
			t.Errorf("entry %d: Want asked %d times", i, asked[i])
		}
		if claimed(e.Request.URL) {
			if !reflect.DeepEqual(e, full[i]) {
				t.Fatalf("entry %d, claimed: read as\n%+v\nnot as in full\n%+v", i, e, full[i])
			}
			continue
		}
		skimmed++
		if !e.Skimmed || e.Index != i || e.Request.URL != full[i].Request.URL || e.StartedDateTime != full[i].StartedDateTime {
			t.Fatalf("entry %d, refused: skimmed as %+v", i, e)
		}
	}
	if skimmed == 0 || skimmed == len(got) || byURL == 0 || twice < 20 {
		t.Fatalf("%d of %d entries skimmed, WantURL asked %d times, %d entries with a repeated member: the test proves little", skimmed, len(got), byURL, twice)
	}
}
