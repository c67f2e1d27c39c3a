package decode_test

import (
	"testing"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// fuzzRoute decodes url/mimeType/body with the route the registry finds
// for host and path (the fuzzed URL's own route is ignored, so that each
// target exercises its decoder family), calling the decoder directly: the
// registry would turn a panic into a warning and hide it. It checks that
// the decoder returns at least one event whose strings are valid UTF-8
// and whose JSON is valid.
func fuzzRoute(t *testing.T, reg *decode.Registry, host, path, url, mimeType, body string) {
	rt, ok := reg.Find(host, path)
	if !ok {
		t.Fatalf("no route for %s%s", host, path)
	}
	e := &har.Entry{Request: har.Request{Method: "GET", URL: url}}
	if body != "" || mimeType != "" {
		e.Request.Method = "POST"
		e.Request.PostData = &har.PostData{MimeType: mimeType, Text: body, HasText: true}
	}
	evs, err := rt.Decoder.Decode(e)
	if err != nil && len(evs) == 0 {
		return
	}
	if len(evs) == 0 {
		t.Fatalf("%s: Decode(%q, %q) returned no event", rt.Name, url, body)
	}
	for _, ev := range evs {
		for _, p := range ev.Params {
			if p.In != decode.InCookie && (!utf8.ValidString(p.Name) || !utf8.ValidString(p.Value)) {
				t.Errorf("param %q=%q is not valid UTF-8", p.Name, p.Value)
			}
		}
		checkEventJSON(t, ev)
	}
}

// checkEventJSON fails unless ev's JSON is valid. Duplicate member names
// are legal JSON, and a value copied from the request keeps those it was
// sent with (jsonOpts); the objects of the event's own fields have one
// member per name: custom data one per key, user data one per family
// and field.
func checkEventJSON(t *testing.T, ev decode.Event) {
	t.Helper()
	b, err := ev.MarshalJSON()
	if err != nil {
		t.Fatalf("MarshalJSON: %v", err)
	}
	if !jsontext.Value(b).IsValid(jsontext.AllowDuplicateNames(true)) {
		t.Fatalf("MarshalJSON wrote invalid JSON: %s", b)
	}
	keys := map[string]bool{}
	for _, c := range ev.Custom {
		if keys[c.Key] {
			t.Fatalf("custom data %q twice in %s", c.Key, b)
		}
		keys[c.Key] = true
	}
	clear(keys)
	for _, u := range ev.UserData {
		if k := u.Family + "[" + u.Field + "]"; keys[k] {
			t.Fatalf("user data %s twice in %s", k, b)
		} else {
			keys[k] = true
		}
	}
}

// FuzzGoogleAnalyticsDecode fuzzes the GA4 and UA decoders (URL and
// hit-line bodies). Seeds: G01, G03, U01, the police sample's batch.
func FuzzGoogleAnalyticsDecode(f *testing.F) {
	f.Add(vecG01, "", "")
	f.Add(vecG03URL, "text/plain", vecG03Body)
	f.Add("https://www.google-analytics.com/collect", "text/plain", vecU01)
	f.Add("https://region1.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G1&gcd=1", "text/plain", policeBatch)
	f.Add("https://www.google-analytics.com/g/collect?v=2", "application/json", `{"en":`)
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoute(t, reg, "www.google-analytics.com", "/g/collect", url, mimeType, body)
		fuzzRoute(t, reg, "www.google-analytics.com", "/batch", url, mimeType, body)
	})
}

// FuzzGoogleAdsDecode fuzzes the Google Ads decoder. Seed: A01.
func FuzzGoogleAdsDecode(f *testing.F) {
	f.Add(vecA01, "", "")
	f.Add("https://www.google.com/ccm/collect?tid=AW-1&en=page_view&gcd=13l3&data=event%3D;=;x", "", "")
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoute(t, reg, "googleads.g.doubleclick.net", "/pagead/viewthroughconversion", url, mimeType, body)
	})
}

// FuzzTikTokDecode fuzzes the TikTok JSON decoder. Seeds: T01, a batch,
// truncated JSON.
func FuzzTikTokDecode(f *testing.F) {
	f.Add("https://analytics.tiktok.com/api/v2/pixel", "text/plain", vecT01)
	f.Add("https://analytics.tiktok.com/api/v2/pixel/batch", "application/json", `{"batch":[`+vecT01+`,[],1,{"properties":[]}]}`)
	f.Add("https://analytics.tiktok.com/api/v2/pixel", "application/json", `{"event":"Purchase","context":`)
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoute(t, reg, "analytics.tiktok.com", "/api/v2/pixel", url, mimeType, body)
	})
}

// FuzzQueryPixelDecode fuzzes the parameter-based pixels: LinkedIn, X,
// UET, Pinterest, Snap, Reddit. Seeds: L01, X01, B01, P01, S01, R01.
func FuzzQueryPixelDecode(f *testing.F) {
	for _, v := range []string{vecL01, vecX01, vecB01, vecP01, vecR01, "https://t.co/i/adsct?txn_id=1&events=%5B%5B1%5D%2C%5B%22a%22%2C%5B%5D%5D%5D"} {
		f.Add(v, "", "")
	}
	f.Add("https://tr.snapchat.com/p", "application/x-www-form-urlencoded", vecS01)
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		for _, hp := range [][2]string{
			{"px.ads.linkedin.com", "/collect"}, {"px.ads.linkedin.com", "/wa"}, {"analytics.twitter.com", "/i/adsct"},
			{"bat.bing.com", "/action/0"}, {"ct.pinterest.com", "/v3/"}, {"tr.snapchat.com", "/p"}, {"alb.reddit.com", "/rp.gif"},
		} {
			fuzzRoute(t, reg, hp[0], hp[1], url, mimeType, body)
		}
	})
}
