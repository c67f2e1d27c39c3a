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
		// Google family (issue 18): __utma gives the cid of classic GA's
		// hits (harviewer__softwareishard.com.har#17 sends this one in
		// utmcc); __gads the cookie of Ad Manager's requests.
		{"classic GA and ad-serving cookies", har.Request{Headers: header("__utma=57327400.167033691.1286268803.1286268803.1286268803.1; __utmz=57327400.1286268803.1.1.utmccn=(direct); __gads=ID=abc:T=1451827100:S=sig")},
			[]string{"cid=167033691.1286268803 (cookie __utma)", "gads=ID=abc:T=1451827100:S=sig (cookie __gads)"}},
		// Bad: a __utma of the wrong shape is kept whole.
		{"malformed __utma", har.Request{Headers: header("__utma=xyz")}, []string{"cid=xyz (cookie __utma)"}},
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

// TestSiteCookieMetaFacts checks that the site's own _fbp and _fbc
// cookies decode as their parameters do, the parameter builder's
// appendix (capi-param-builder appendixUtil) included.
func TestSiteCookieMetaFacts(t *testing.T) {
	ids := decode.SiteCookieIDs(&har.Entry{Request: har.Request{Headers: []har.NameValue{{Name: "Cookie",
		Value: "_fbp=fb.1.1778869247376.52390506499288804.AQYCAQMA; _fbc=fb.1.1686733923123.IwAR2xyz.Bg"}}}})
	var got [][]decode.Fact
	for _, id := range ids {
		got = append(got, id.Facts)
	}
	want := [][]decode.Fact{
		{{Name: "subdomain_index", Value: "1"}, {Name: "created", Value: "2026-05-15T18:20:47.376Z"}, {Name: "random", Value: "52390506499288804"}, {Name: "appendix", Value: "AQYCAQMA"},
			{Name: "set_by", Value: "Meta parameter builder 1.3.0, client-side JavaScript (clientParamBuilder)"}, {Name: "appendix_type", Value: "new cookie (net new)"}},
		{{Name: "subdomain_index", Value: "1"}, {Name: "created", Value: "2023-06-14T09:12:03.123Z"}, {Name: "fbclid", Value: "IwAR2xyz"}, {Name: "appendix", Value: "Bg"},
			{Name: "set_by", Value: "Meta parameter builder, client-side JavaScript (clientParamBuilder)"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("facts mismatch (-want +got):\n%s", diff)
	}
}

// TestSiteCookieIDsVendors checks the first-party cookies of the issue-18
// vendors: each gives the ID its decoder gives (the values come from the
// fixtures of those decoders: the cnet.com Tealium data layer, the
// verizonwireless.com AMCV cookie, the ryanair.com s_fid cookie).
func TestSiteCookieIDsVendors(t *testing.T) {
	req := har.Request{Headers: []har.NameValue{{Name: "Cookie", Value: "AMCV_843F02BE53271A1A0A490D4C%40AdobeOrg=2096510701%7CMCIDTS%7C17570%7CMCMID%7C53821922053672455783640947214275450498%7CMCAAMLH-1518612461%7C6; " +
		"s_fid=749EEC5101E416A2-3BDE122329D862B9; ajs_anonymous_id=%227e5c1f1f-bf99-4725-809d-67785f64933b%22; " +
		"_hjSessionUser_1699068=eyJpZCI6IjE1NDc5YThmLWQwNDItNWI4Yi1hMDI5LTM2ZjY4OTdlMjljYyIsImNyZWF0ZWQiOjE3MDQwNjcyMDAwMDAsImV4aXN0aW5nIjp0cnVlfQ==; " +
		"_clck=aln5en%7C2%7Cfhw%7C0%7C1; _pk_id.1.1fff=6a45e22e58f0786b.1575143580.; hubspotutk=1380c106cd176e612b1a11420d30d35b; " +
		"_mkto_trk=id:281-OBQ-266&token:_mch-crowdstrike.com-d292972b603d4598c10cdd175d1f8c61; " +
		"utag_main=v_id:016717477de700072f25dfb08fa003079001507100838$_sn:1$_ss:1; _sp_id.1fff=9b2f4e1c-0000-4000-8000-000000000003.1704067200.3.1704067200.1703980800.2f6c2a3e"}}}
	want := []string{
		"adobe_mid=53821922053672455783640947214275450498 (cookie AMCV_843F02BE53271A1A0A490D4C%40AdobeOrg)",
		"adobe_fid=749EEC5101E416A2-3BDE122329D862B9 (cookie s_fid)",
		"ajs_anonymous_id=7e5c1f1f-bf99-4725-809d-67785f64933b (cookie ajs_anonymous_id)",
		"hotjar_user_id=15479a8f-d042-5b8b-a029-36f6897e29cc (cookie _hjSessionUser_1699068)",
		"clarity_user_id=aln5en (cookie _clck)",
		"_pk_id=6a45e22e58f0786b (cookie _pk_id.1.1fff)",
		"hubspotutk=1380c106cd176e612b1a11420d30d35b (cookie hubspotutk)",
		"_mkto_trk=_mch-crowdstrike.com-d292972b603d4598c10cdd175d1f8c61 (cookie _mkto_trk)",
		"tealium_visitor_id=016717477de700072f25dfb08fa003079001507100838 (cookie utag_main)",
		"sp_duid=9b2f4e1c-0000-4000-8000-000000000003 (cookie _sp_id.1fff)",
	}
	var got []string
	for _, id := range decode.SiteCookieIDs(&har.Entry{Request: req}) {
		got = append(got, id.Name+"="+id.Value+" ("+id.From+")")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SiteCookieIDs mismatch (-want +got):\n%s", diff)
	}
}
