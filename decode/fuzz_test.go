package decode_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// FuzzMetaDecode feeds the Meta Pixel decoder arbitrary URLs and bodies.
// It calls the route's decoder directly (the registry would turn a panic
// into a warning and hide it) and checks that it returns one event whose
// strings are valid UTF-8 and whose JSON is valid. Seeds: the vectors in
// vectors_test.go, every request line of ../shared/pixel-vectors.txt
// when present, and the multipart fixture of the table tests.
func FuzzMetaDecode(f *testing.F) {
	for _, v := range []string{vecM01, vecM02, vecM05, vecM07, vecM09, vecM10, vecM12, vecM13, vecM14, vecM15, vecM16, vecM17, vecM18, vecM19, vecM20, vecM22, vecM23} {
		f.Add(v, "", "")
	}
	f.Add("https://www.facebook.com/tr/", "application/x-www-form-urlencoded", vecM21)
	f.Add("https://www.facebook.com/tr/", "multipart/form-data; boundary=----B", crlf(vecM24))
	f.Add("https://www.facebook.com/tr/", "multipart/form-data", crlf(vecM24))
	f.Add("https://www.facebook.com/tr/?id=null&ev=6026192431231&cd%5Bvalue%5D=1.00", "", "")
	f.Add("https://www.facebook.com/tr/?id=1&cd[x]=%FF%&ud[em]=a", "text/plain", "{}")
	if file, err := os.Open("../../shared/pixel-vectors.txt"); err == nil {
		sc := bufio.NewScanner(file)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if line := sc.Text(); strings.HasPrefix(line, "https://") || strings.HasPrefix(line, "http://") {
				f.Add(line, "", "")
			}
		}
		file.Close()
	}
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		e := &har.Entry{Request: har.Request{Method: "GET", URL: url}}
		if body != "" || mimeType != "" {
			e.Request.Method = "POST"
			e.Request.PostData = &har.PostData{MimeType: mimeType, Text: body, HasText: true,
				Params: []har.Param{{Name: "id", Value: body}}}
		}
		rt, ok := reg.Find(hostPath(url))
		if !ok || rt.Host != "*.facebook.com" && rt.Host != "connect.facebook.net" && rt.Host != "www.instagram.com" {
			// Not a Meta route: decode it as a pixel event anyway.
			rt = reg.Routes()[0]
		}
		evs, err := rt.Decoder.Decode(e)
		if err != nil && len(evs) == 0 {
			return
		}
		if len(evs) != 1 {
			t.Fatalf("Decode(%q) returned %d events, want 1", url, len(evs))
		}
		ev := evs[0]
		for _, p := range ev.Params {
			if p.In != decode.InCookie && (!utf8.ValidString(p.Name) || !utf8.ValidString(p.Value)) {
				t.Errorf("param %q=%q is not valid UTF-8", p.Name, p.Value)
			}
		}
		if !utf8.ValidString(ev.Summary) {
			t.Errorf("summary %q is not valid UTF-8", ev.Summary)
		}
		checkEventJSON(t, ev)
	})
}

// hostPath splits a URL as the registry does, crudely: enough to route.
func hostPath(u string) (string, string) {
	s := u
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	host, path := s, "/"
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		host, path = s[:i], s[i:]
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return host, path
}
