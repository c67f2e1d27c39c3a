package har_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// queryURLs are URLs with and without a query, as captures hold them and
// as hostile ones could.
var queryURLs = []string{
	"https://www.facebook.com/tr/?id=1&ev=PageView",
	"https://www.facebook.com/tr/",
	"https://www.facebook.com/tr/?",
	"https://www.facebook.com/tr/?#frag",
	"https://www.facebook.com/tr/#?id=1",
	"https://www.facebook.com/tr/?#",
	"https://www.facebook.com/tr/?a#b",
	"https://host?x=1",
	"https://host\\path?x",
	"//host/p?q",
	"data:text/plain,a?b",
	"about:blank",
	"blob:https://a.example/1?x",
	"?",
	"??",
	"#?",
	"",
	"https://user:pa?ss@host/",
	"HTTPS://HOST/P?Q",
}

// TestHasQuery holds hasQuery, which lean reading asks of a URL to leave
// request.queryString out, to the query har/site.Split finds, which the
// decoders read instead.
func TestHasQuery(t *testing.T) {
	for _, u := range queryURLs {
		_, _, query := site.Split(u)
		if got := har.HasQuery(u); got != (query != "") {
			t.Errorf("hasQuery(%q) = %v, but site.Split finds the query %q", u, got, query)
		}
	}
}

// FuzzHasQuery: hasQuery agrees with site.Split on any text.
func FuzzHasQuery(f *testing.F) {
	for _, u := range queryURLs {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		_, _, query := site.Split(u)
		if got := har.HasQuery(u); got != (query != "") {
			t.Fatalf("hasQuery(%q) = %v, but site.Split finds the query %q", u, got, query)
		}
	})
}

// TestLeanQueryString: lean reading leaves request.queryString out only
// when request.url, read before it, has the query; a full read keeps it
// always.
func TestLeanQueryString(t *testing.T) {
	const qs = `"queryString":[{"name":"id","value":"1"},{"name":"ev","value":"Page View"}]`
	want := []har.NameValue{{Name: "id", Value: "1"}, {Name: "ev", Value: "Page View"}}
	for _, tc := range []struct {
		name    string
		request string
		lean    []har.NameValue // what lean reading keeps
	}{
		{"the URL has the query", `"url":"https://www.facebook.com/tr/?id=1&ev=Page%20View",` + qs, nil},
		{"the URL has none", `"url":"https://www.facebook.com/tr/",` + qs, want},
		{"an empty query", `"url":"https://www.facebook.com/tr/?#x",` + qs, want},
		{"the array before the URL", qs + `,"url":"https://www.facebook.com/tr/?id=1&ev=Page%20View"`, want},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := `{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[` +
				`{"startedDateTime":"2023-06-14T09:12:00.123Z","time":1,"request":{"method":"GET",` + tc.request +
				`,"httpVersion":"h2","cookies":[],"headers":[],"headersSize":-1,"bodySize":0},` +
				`"response":{"status":200,"statusText":"","httpVersion":"h2","cookies":[],"headers":[],"content":{"size":0,"mimeType":""},"redirectURL":"","headersSize":-1,"bodySize":-1},` +
				`"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}`
			for _, lean := range []bool{false, true} {
				r := har.NewReader(strings.NewReader(data))
				r.Lean = lean
				es, err := r.ReadAll()
				if err != nil || len(es) != 1 {
					t.Fatalf("lean=%v: %d entries, %v", lean, len(es), err)
				}
				expect := want
				if lean {
					expect = tc.lean
				}
				if got := es[0].Request.QueryString; !reflect.DeepEqual(got, expect) {
					t.Errorf("lean=%v: queryString %v, want %v", lean, got, expect)
				}
				if len(es[0].Warnings) > 0 {
					t.Errorf("lean=%v: warnings %v", lean, es[0].Warnings)
				}
			}
		})
	}
}
