package har_test

import (
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
