package decode_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

func TestSiteCookieIDs(t *testing.T) {
	e := &har.Entry{Request: har.Request{Method: "GET", URL: "https://www.police.example/report/",
		Headers: []har.NameValue{{Name: "Cookie", Value: "_fbp=fb.1.1762938720298.428317650907561234; _ga=GA1.1.1487355908.1762938720; theme=dark; _ttp=abc123"}}}}
	var got []string
	for _, id := range decode.SiteCookieIDs(e) {
		got = append(got, id.Name+"="+id.Value+" ("+id.From+")")
	}
	want := []string{
		"fbp=fb.1.1762938720298.428317650907561234 (cookie _fbp)",
		"cid=1487355908.1762938720 (cookie _ga)",
		"ttp=abc123 (cookie _ttp)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SiteCookieIDs mismatch (-want +got):\n%s", diff)
	}
	if ids := decode.SiteCookieIDs(&har.Entry{}); len(ids) != 0 {
		t.Errorf("no cookies gave %v", ids)
	}
}
