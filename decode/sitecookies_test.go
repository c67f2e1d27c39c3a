package decode_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

func TestSiteCookieIDs(t *testing.T) {
	header := func(v ...string) []har.NameValue {
		var hs []har.NameValue
		for _, s := range v {
			hs = append(hs, har.NameValue{Name: "Cookie", Value: s})
		}
		return hs
	}
	tests := []struct {
		name string
		req  har.Request
		want []string
	}{
		{"header", har.Request{Headers: header("_fbp=fb.1.1762938720298.428317650907561234; _ga=GA1.1.1487355908.1762938720; theme=dark; _ttp=abc123")},
			[]string{"fbp=fb.1.1762938720298.428317650907561234 (cookie _fbp)", "cid=1487355908.1762938720 (cookie _ga)", "ttp=abc123 (cookie _ttp)"}},
		{"none", har.Request{}, nil},
		{"no tracker cookie", har.Request{Headers: header("theme=dark; _fbpx=1; fbp=2")}, nil},
		// The cookies list, when there is one, is what was sent; the
		// header is not read again.
		{"list wins over header", har.Request{Cookies: []har.Cookie{{Name: "_fbc", Value: "fb.1.1.abc"}}, Headers: header("_fbp=fb.1.2.3")},
			[]string{"fbc=fb.1.1.abc (cookie _fbc)"}},
		{"same id twice", har.Request{Headers: header("_fbp=fb.1.2.3", " _fbp = fb.1.2.3 ;_fbp=fb.1.2.4")},
			[]string{"fbp=fb.1.2.3 (cookie _fbp)", "fbp=fb.1.2.4 (cookie _fbp)"}},
		{"empty value", har.Request{Headers: header("_fbp=; _ttp")}, nil},
		{"invalid UTF-8", har.Request{Cookies: []har.Cookie{{Name: "_fbp", Value: "fb.1.\xff"}, {Name: "_fbp\xff", Value: "x"}}},
			[]string{"fbp=fb.1.%FF (cookie _fbp)"}},
		{"gcl prefix dropped", har.Request{Headers: header("_gcl_au=1.1.987.654")}, []string{"gcl_au=987.654 (cookie _gcl_au)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, id := range decode.SiteCookieIDs(&har.Entry{Request: tt.req}) {
				got = append(got, id.Name+"="+id.Value+" ("+id.From+")")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SiteCookieIDs mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
