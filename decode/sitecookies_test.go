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
