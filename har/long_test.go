package har_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/internal/hargen"
)

// longHAR is a HAR with a long value in each place a value can be: a
// URL with a 2 MiB parameter among others, a 2 MiB header, a 2 MiB
// response body, a 2 MiB page title; then an entry whose wrong-typed
// field makes a warning, whose offset shows that offsets after the cut
// values are still the file's.
func longHAR() (string, map[string]string) {
	big := strings.Repeat("A", 2<<20)
	url := "https://www.facebook.com/tr/?id=1&ev=Lead&dl=https%3A%2F%2Fwww.police.example%2F&cd[x]=" + big + "&ts=1686733921000&fbp=fb.1.2.3"
	header := "x" + big
	body := strings.Repeat(`\/`, 1<<20) // 2 MiB written, 1 MiB decoded: not long
	longBody := big + "B"
	title := "T" + big
	s := `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},
"pages":[{"startedDateTime":"2023-06-14T09:12:00.000Z","id":"page_1","title":"` + title + `"}],
"entries":[
{"startedDateTime":"2023-06-14T09:12:00.123Z","request":{"method":"GET","url":"` + url + `","headers":[{"name":"X-Long","value":"` + header + `"}]},
 "response":{"status":200,"content":{"mimeType":"text/html","text":"` + longBody + `"}}},
{"startedDateTime":"2023-06-14T09:12:01.000Z","request":{"method":"GET","url":"https://www.police.example/"},
 "response":{"status":200,"content":{"mimeType":"text/html","text":"` + body + `"}}},
{"startedDateTime":"2023-06-14T09:12:02.000Z","time":"slow","request":{"method":"GET","url":"https://www.police.example/2"},"response":{"status":200}}
]}}`
	return s, map[string]string{"url": url, "header": header, "body": longBody, "title": title}
}

func sum(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }

func TestLongValues(t *testing.T) {
	s, vals := longHAR()
	for _, mode := range []struct {
		name   string
		bodies bool
		want   bool // with Want
		none   bool // Want refuses every entry
	}{{"plain", false, false, false}, {"bodies", true, false, false}, {"skim", false, true, false}, {"skimmed", false, true, true}} {
		t.Run(mode.name, func(t *testing.T) {
			r := har.NewReader(strings.NewReader(s))
			r.Bodies = mode.bodies
			if mode.want {
				r.Want = func(e *har.Entry) bool { return !mode.none && strings.Contains(e.Request.URL, "/tr/") }
			}
			es, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 3 {
				t.Fatalf("%d entries", len(es))
			}
			e := es[0]
			// The URL keeps its other parameters, and the first KeepPart
			// bytes of the long one, then the marker.
			// The part is "&cd[x]=AAA…": its first KeepPart bytes.
			kept := har.KeepPart - len("&cd[x]=")
			mark := fmt.Sprintf("…(haruspex cut %d bytes of this %d-byte value with sha256 %s)", 2<<20-kept, len(vals["url"]), sum(vals["url"]))
			want := strings.Replace(vals["url"], strings.Repeat("A", 2<<20), strings.Repeat("A", kept)+mark, 1)
			if e.Request.URL != want {
				t.Errorf("URL = %.120q…, want %.120q…", e.Request.URL, want)
			}
			if !strings.HasSuffix(e.Request.URL, "&ts=1686733921000&fbp=fb.1.2.3") {
				t.Errorf("URL lost the parameters after the long one: …%q", e.Request.URL[len(e.Request.URL)-60:])
			}
			// Each long value has a located warning: its field, the byte
			// of its opening quote in the file, its length and digest.
			for _, w := range []struct{ field, value string }{{"request.url", "url"}, {"request.headers[0].value", "header"}, {"response.content.text", "body"}} {
				// (A skim reads no header X-Long: its warning is there all
				// the same.)
				off := int64(strings.Index(s, `"`+vals[w.value]))
				found := false
				for _, x := range e.Warnings {
					if x.Field == w.field {
						found = true
						if x.Entry != 0 || x.Offset != off || !strings.Contains(x.Msg, fmt.Sprintf("%d bytes (sha256 %s)", len(vals[w.value]), sum(vals[w.value]))) {
							t.Errorf("%s warning %s, want entry 0, byte %d, %d bytes, sha256 %s", w.field, x, off, len(vals[w.value]), sum(vals[w.value]))
						}
					}
				}
				if !found {
					t.Errorf("no warning for %s: %v", w.field, e.Warnings)
				}
			}
			if mode.bodies {
				if got := e.Response.Content.Text; !strings.HasPrefix(got, strings.Repeat("A", har.KeepPart)+"…(haruspex cut ") {
					t.Errorf("body kept: %.100q", got)
				}
			}
			if got := e.Response.Content.TextLen; !mode.bodies && !mode.none && got != len(vals["body"]) {
				t.Errorf("TextLen = %d, want %d (the length in the file)", got, len(vals["body"]))
			}
			if !mode.want || len(es[1].Warnings) > 0 {
				// 1 MiB decoded, 2 MiB written: kept whole, no warning.
				if len(es[1].Warnings) > 0 {
					t.Errorf("entry 1: %v", es[1].Warnings)
				}
				if mode.bodies && es[1].Response.Content.Text != strings.Repeat("/", 1<<20) {
					t.Errorf("entry 1: body of %d bytes", len(es[1].Response.Content.Text))
				}
			}
			// Offsets after the cut values are the file's. (A skim reads
			// no time.)
			off := int64(strings.Index(s, `"slow"`))
			if w := es[2].Warnings; !mode.want && (len(w) != 1 || w[0].Offset != off || w[0].Field != "time") {
				t.Errorf("entry 2 warnings %v, want one for time at byte %d", w, off)
			}
			// The page title, a log member.
			found := false
			for _, w := range r.Warnings() {
				if w.Field == "log.pages[0].title" {
					found = true
					if off := int64(strings.Index(s, `"`+vals["title"])); w.Offset != off || w.Entry != -1 || !strings.Contains(w.Msg, sum(vals["title"])) {
						t.Errorf("title warning %s, want byte %d", w, off)
					}
				}
			}
			if !found {
				t.Errorf("no warning for the page title: %v", r.Warnings())
			}
			if got := r.Log().Pages[0].Title; len(got) > har.KeepPart+200 || !strings.HasPrefix(got, "TAAA") {
				t.Errorf("page title of %d bytes", len(got))
			}
		})
	}
}

// TestGzipBomb: a .har.gz whose one response body is 64 MiB of "A"
// (64 KiB compressed) is read without holding the body: what reading it
// allocates is a small fraction of the body, and the body is described
// by a located warning.
func TestGzipBomb(t *testing.T) {
	const size = 64 << 20
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := hargen.WriteHugeBody(zw, size); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	read := func() []*har.Entry {
		r := har.NewReader(bytes.NewReader(gz.Bytes()))
		es, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	read() // once, so that what is set up once is not counted
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	es := read()
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > size/8 {
		t.Errorf("reading a %d-byte body allocated %d bytes", size, got)
	}
	if len(es) != 3 {
		t.Fatalf("%d entries", len(es))
	}
	ws := es[1].Warnings
	if len(ws) != 1 || ws[0].Field != "response.content.text" || !strings.Contains(ws[0].Msg, fmt.Sprintf("a body of %d bytes (sha256 %s)", size, sum(strings.Repeat("A", size)))) {
		t.Errorf("warnings %v", ws)
	}
	if es[1].Response.Content.TextLen != size {
		t.Errorf("TextLen %d, want %d", es[1].Response.Content.TextLen, size)
	}
}

var _ = io.EOF
