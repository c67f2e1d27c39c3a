package decode_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// brief is the part of an event the tracker table tests compare.
type brief struct {
	Vendor   decode.Vendor
	Kind     decode.Kind
	PixelID  string
	Name     string
	Page     string
	Referrer string
	IDs      []string // name=value
	Custom   []string // key=raw
	UserData []string // param=class
}

func briefOf(ev decode.Event) brief {
	b := brief{Vendor: ev.Vendor, Kind: ev.Kind, PixelID: ev.PixelID, Name: ev.Name, Page: ev.Page, Referrer: ev.Referrer}
	for _, id := range ev.IDs {
		b.IDs = append(b.IDs, id.Name+"="+id.Value)
	}
	for _, c := range ev.Custom {
		b.Custom = append(b.Custom, c.Key+"="+c.Raw)
	}
	for _, u := range ev.UserData {
		b.UserData = append(b.UserData, u.Param()+"="+u.Class.String())
	}
	return b
}

const sha = "f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a"

// policeBatch is entry 17 of samples/police-visit.har: two GA4 events in
// one POST body, text/plain.
const policeBatch = "en=scroll&epn.percent_scrolled=90&_et=21804\r\nen=form_submit&ep.form_id=da-report&ep.form_name=domestic-abuse-report&ep.form_destination=https%3A%2F%2Fwww.police.example%2Freport%2Fdomestic-abuse%2Fsubmit%2F&epn.form_length=8&ep.form_submit_text=Submit%20report&_et=59214"

func TestTrackerVectors(t *testing.T) {
	tiktokBatch := `{"batch":[` + vecT01 + `,{"event":"Pageview","context":{"pixel":{"code":"C1"},"page":{"url":"https://www.police.example/"},"user":{"anonymous_id":"ttp-1","email":"` + sha + `"},"ad":{"callback":"E.C.P.x"}},"properties":{"contents":[{"content_id":"7"}],"value":3}}]}`
	tests := []struct {
		name  string
		entry *har.Entry
		want  []brief
		warn  string // a substring one event's warnings must contain; "" for none expected
	}{
		{"GA4 page_view GET (G01)", get(vecG01), []brief{{Vendor: decode.VendorGA4, PixelID: "G-FJ2J5B3EPX", Name: "page_view", Page: "https://www.louontour.it/contatti",
			IDs: []string{"cid=538657379.1677346703", "sid=1677346702"}}}, ""},
		{"GA4 batched POST (G03)", post(vecG03URL, "text/plain;charset=UTF-8", vecG03Body), []brief{
			{Vendor: decode.VendorGA4, PixelID: "G-ABC123", Name: "scroll", IDs: []string{"cid=1.2"}, Custom: []string{"percent_scrolled=90"}},
			{Vendor: decode.VendorGA4, PixelID: "G-ABC123", Name: "user_engagement", IDs: []string{"cid=1.2"}},
		}, ""},
		{"GA4 batched POST, police sample entry 17, LF only", post("https://region1.google-analytics.com/g/collect?v=2&tid=G-EXAMPLE001&cid=1487355908.1762938720&dl=https%3A%2F%2Fwww.police.example%2Freport%2Fdomestic-abuse%2F", "text/plain;charset=UTF-8", strings.ReplaceAll(policeBatch, "\r\n", "\n")), []brief{
			{Vendor: decode.VendorGA4, PixelID: "G-EXAMPLE001", Name: "scroll", Page: "https://www.police.example/report/domestic-abuse/", IDs: []string{"cid=1487355908.1762938720"}, Custom: []string{"percent_scrolled=90"}},
			{Vendor: decode.VendorGA4, PixelID: "G-EXAMPLE001", Name: "form_submit", Page: "https://www.police.example/report/domestic-abuse/", IDs: []string{"cid=1487355908.1762938720"},
				Custom: []string{"form_id=da-report", "form_name=domestic-abuse-report", "form_destination=https://www.police.example/report/domestic-abuse/submit/", "form_length=8", "form_submit_text=Submit report"}},
		}, ""},
		{"GA4 on a first-party host (server-side tagging), _ga cookie", &har.Entry{Request: har.Request{Method: "GET", URL: "https://sgtm.police.example/g/collect?v=2&tid=G-X1&en=page_view&cid=5.6&uid=u-42",
			Headers: []har.NameValue{{Name: "Cookie", Value: "_ga=GA1.1.5.6; FPID=FPID2.2.abc"}}}}, []brief{
			{Vendor: decode.VendorGA4, PixelID: "G-X1", Name: "page_view", IDs: []string{"cid=5.6", "uid=u-42", "cid=5.6", "FPID=FPID2.2.abc"}},
		}, "not a Google host"},
		// Bad: a JSON body on /g/collect is not event lines.
		{"GA4 malformed body", post("https://www.google-analytics.com/g/collect?v=2&tid=G-1&en=x", "application/json", `{"en":"x"}`), []brief{
			{Vendor: decode.VendorGA4, PixelID: "G-1", Name: "x"}}, "body is not hit lines"},
		{"UA event in a POST body (U01)", post("https://www.google-analytics.com/collect", "text/plain;charset=UTF-8", vecU01+"&tid=UA-1-1"), []brief{
			{Vendor: decode.VendorUA, PixelID: "UA-1-1", Name: "event", Page: "https://omnibug.io/", IDs: []string{"cid=191425359.1527202446", "gid=1457163284.1531235778"}}}, ""},
		{"UA /batch of two hits", post("https://www.google-analytics.com/batch", "text/plain", "v=1&t=pageview&tid=UA-1-1&cid=1.2&dl=https%3A%2F%2Fa.example%2F\nv=1&t=event&tid=UA-1-1&cid=1.2&ec=c&ea=a"), []brief{
			{Vendor: decode.VendorUA, PixelID: "UA-1-1", Name: "pageview", Page: "https://a.example/", IDs: []string{"cid=1.2"}},
			{Vendor: decode.VendorUA, PixelID: "UA-1-1", Name: "event", IDs: []string{"cid=1.2"}}}, ""},
		// Bad: WebPageTest kept no body for this POST (corpus expressen entry 183).
		{"UA POST without a recorded body", post("https://www.google-analytics.com/collect", "", ""), []brief{{Vendor: decode.VendorUA}}, "no recorded body"},
		{"Google Ads remarketing (A01)", get(vecA01), []brief{{Vendor: decode.VendorGoogleAds, PixelID: "1111111", Name: "purchase", Page: "https://omnibug.io/",
			Custom: []string{"allow_custom_scripts=true"}}}, ""},
		{"TikTok event (T01)", post("https://analytics.tiktok.com/api/v2/pixel", "text/plain", vecT01), []brief{{Vendor: decode.VendorTikTok, PixelID: "BT24M8TQUU2IQ2BVG9NG", Name: "AddToCart",
			Page: "https://digital-intelligence.myshopify.com/", IDs: []string{"analytics_uniq_id=f1udvvnn6gt0jhsn6wirp3q"}}}, ""},
		{"TikTok batch", post("https://analytics.tiktok.com/api/v2/pixel/batch", "application/json", tiktokBatch), []brief{
			{Vendor: decode.VendorTikTok, PixelID: "BT24M8TQUU2IQ2BVG9NG", Name: "AddToCart", Page: "https://digital-intelligence.myshopify.com/", IDs: []string{"analytics_uniq_id=f1udvvnn6gt0jhsn6wirp3q"}},
			{Vendor: decode.VendorTikTok, PixelID: "C1", Name: "Pageview", Page: "https://www.police.example/", IDs: []string{"ttp=ttp-1", "ttclid=E.C.P.x"},
				Custom: []string{`contents=[{"content_id":"7"}]`, "value=3"}, UserData: []string{"context.user.email=sha256"}}}, ""},
		// Bad: truncated JSON.
		{"TikTok malformed body", post("https://analytics.tiktok.com/api/v2/pixel", "application/json", `{"event":"Purchase","context":`), []brief{{Vendor: decode.VendorTikTok}}, "not valid JSON"},
		{"LinkedIn Insight (L01)", get(vecL01), []brief{{Vendor: decode.VendorLinkedIn, PixelID: "123456", Page: "https://www.example.com/"}}, ""},
		{"X purchase (X01)", get(vecX01), []brief{{Vendor: decode.VendorX, PixelID: "abc123", Name: "purchase", Page: "https://www.example.com/",
			Custom: []string{"value=29.95", "currency=USD", "num_items=3"}}}, ""},
		// Bad: events is not JSON.
		{"X malformed events", get("https://t.co/i/adsct?txn_id=o1&p_id=Twitter&events=%5B%5B"), []brief{{Vendor: decode.VendorX, PixelID: "o1"}}, "not a JSON array"},
		{"X partner cookie sync (corpus nytimes entry 266)", get("https://analytics.twitter.com/i/adsct?p_user_id=KBj6rbe8&p_id=10623"), []brief{{Vendor: decode.VendorX, Kind: decode.KindRequest, PixelID: "10623", IDs: []string{"p_user_id=KBj6rbe8"}}}, ""},
		{"Pinterest checkout (P01)", get(vecP01), []brief{{Vendor: decode.VendorPinterest, PixelID: "abc123", Name: "checkout", Page: "https://www.example.com/",
			Custom:   []string{"value=116", "order_quantity=2", "currency=USD", "transaction_id=AAAA123", `line_items={"product_name":"Pillows (Set of 2)","product_id":"11","product_price":48,"product_quantity":1}`},
			UserData: []string{"pd.em=sha256"}}}, ""},
		// Bad: pd is not JSON.
		{"Pinterest malformed pd", get("https://ct.pinterest.com/v3/?tid=1&event=pagevisit&pd=%7Bem"), []brief{{Vendor: decode.VendorPinterest, PixelID: "1", Name: "pagevisit"}}, "pd: not a JSON object"},
		{"Snap page view (S01)", post("https://tr.snapchat.com/p", "application/x-www-form-urlencoded", vecS01), []brief{{Vendor: decode.VendorSnap, PixelID: "b2ade379-a55e-4ca7-893b-b9fac04c843f", Name: "PAGE_VIEW", Page: "https://omnibug.io/",
			IDs: []string{"u_c1=842d7ddb-e7ea-478c-85a7-cd256905dd2c"}, Custom: []string{"e_desc=Example Page", "e_sm=foobar", "e_su=1"}, UserData: []string{"u_hem=sha256", "u_hpn=sha256"}}}, ""},
		{"Microsoft UET page load (B01)", get(vecB01), []brief{{Vendor: decode.VendorBing, PixelID: "123456", Name: "pageLoad", Page: "https://omnibug.io/", IDs: []string{"mid=eeb8884c-7abb-0791-3ae6-6348dd889664"}}}, ""},
		{"Reddit AddToCart (R01)", get(vecR01), []brief{{Vendor: decode.VendorReddit, PixelID: "xx_abc123z", Name: "AddToCart", IDs: []string{"uuid=c6959068-f901-4338-a393-7dda9cbd1fc3"},
			Custom: []string{"itemCount=2", "valueDecimal=20", "currency=USD"}}}, "no page URL parameter"},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := reg.Decode("test.har", tt.entry)
			var got []brief
			var warns []string
			for _, ev := range evs {
				got = append(got, briefOf(ev))
				warns = append(warns, ev.Warnings...)
				if ev.Summary == "" {
					t.Errorf("event %q has no summary", ev.Name)
				}
				if _, err := ev.MarshalJSON(); err != nil {
					t.Errorf("MarshalJSON: %v", err)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpEmptyIsNil); diff != "" {
				t.Errorf("Decode() mismatch (-want +got):\n%s", diff)
			}
			if tt.warn != "" && !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, tt.warn) }) {
				t.Errorf("warnings %q do not mention %q", warns, tt.warn)
			}
		})
	}
}

func TestGA4Consent(t *testing.T) {
	ev := reg1(t, get("https://www.google-analytics.com/g/collect?v=2&tid=G-1&en=page_view&gcs=G101&gcd=13p3r3l3v5l1&npa=1"))
	for name, want := range map[string]string{
		"gcs": "consent state: ad_storage denied, analytics_storage granted",
		"gcd": "consent defaults and updates: ad_storage denied by default, no update, analytics_storage denied by default, granted by update, ad_user_data not set, ad_personalization granted by default and by update (letter codes as documented by the tagging community; Google does not publish them)",
		"npa": "ads personalisation disabled (non-personalised ads)",
	} {
		if got := paramLabel(ev, name); got != want {
			t.Errorf("label of %s = %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(ev.Summary, "consent: ad_storage denied, analytics_storage granted") {
		t.Errorf("summary %q does not state the consent", ev.Summary)
	}
}

// TestGA4CustomKeys: ep.x and epn.x name the same custom key; custom
// data keeps one entry per key (the first), says why the other is not
// there, and the params keep both (found by FuzzGoogleAnalyticsDecode:
// the event's JSON had the member twice).
func TestGA4CustomKeys(t *testing.T) {
	ev := reg1(t, get("https://www.google-analytics.com/g/collect?v=2&tid=G-1&en=purchase&ep.value=ten&epn.value=10&epn.items=2"))
	var custom []string
	for _, c := range ev.Custom {
		custom = append(custom, c.Key+"="+c.Raw)
	}
	if want := []string{"value=ten", "items=2"}; !slices.Equal(custom, want) {
		t.Errorf("custom = %q, want %q", custom, want)
	}
	for _, name := range []string{"ep.value", "epn.value", "epn.items"} {
		if !slices.ContainsFunc(ev.Params, func(p decode.Param) bool { return p.Name == name }) {
			t.Errorf("param %s is missing", name)
		}
	}
	if !slices.ContainsFunc(ev.Warnings, func(w string) bool { return strings.Contains(w, `epn.value: custom data "value" was sent already`) }) {
		t.Errorf("warnings %q do not say why epn.value is not in custom", ev.Warnings)
	}
	b, err := ev.MarshalJSON()
	if err != nil || !jsontext.Value(b).IsValid() {
		t.Errorf("MarshalJSON: %v, valid JSON without duplicate names: %v", err, jsontext.Value(b).IsValid())
	}

	// Past customKeysMap keys the taken ones are in a set: a key taken
	// before the set was made, and one after, are both seen.
	var u strings.Builder
	u.WriteString("https://www.google-analytics.com/g/collect?v=2&tid=G-1&en=x")
	for i := range 100 {
		fmt.Fprintf(&u, "&ep.k%d=%d", i, i)
	}
	u.WriteString("&epn.k5=5&epn.k90=90&epn.new=1")
	ev = reg1(t, get(u.String()))
	if len(ev.Custom) != 101 {
		t.Errorf("%d custom entries, want 101 (100 ep. and epn.new)", len(ev.Custom))
	}
	for _, k := range []string{"k5", "k90"} {
		if !slices.ContainsFunc(ev.Warnings, func(w string) bool { return strings.HasPrefix(w, "epn."+k+": custom data") }) {
			t.Errorf("no warning for epn.%s among %d", k, len(ev.Warnings))
		}
	}
}

func reg1(t *testing.T, e *har.Entry) decode.Event {
	t.Helper()
	return decodeOne(t, newRegistry(t), e)
}

// TestTrackerStateIsolation decodes the same requests twice, in
// different orders, with one registry: no decoder may carry state from
// one entry to the next, and the events of a batch must not share
// slices.
func TestTrackerStateIsolation(t *testing.T) {
	entries := func() []*har.Entry {
		return []*har.Entry{
			post(vecG03URL, "text/plain", vecG03Body), get(vecG01), get(vecX01), get(vecP01), get(vecR01), get(vecB01), get(vecA01), get(vecL01),
			post("https://analytics.tiktok.com/api/v2/pixel", "text/plain", vecT01),
			post("https://tr.snapchat.com/p", "application/x-www-form-urlencoded", vecS01),
		}
	}
	reg := newRegistry(t)
	first := map[string][]byte{}
	for _, e := range entries() {
		for _, ev := range reg.Decode("a.har", e) {
			b, _ := ev.MarshalJSON()
			first[e.Request.URL] = append(first[e.Request.URL], b...)
		}
	}
	es := entries()
	slices.Reverse(es)
	for _, e := range es {
		var got []byte
		for _, ev := range reg.Decode("a.har", e) {
			b, _ := ev.MarshalJSON()
			got = append(got, b...)
		}
		if diff := cmp.Diff(string(first[e.Request.URL]), string(got)); diff != "" {
			t.Errorf("%s decodes differently the second time (-first +second):\n%s", e.Request.URL, diff)
		}
	}
	evs := reg.Decode("a.har", post(vecG03URL, "text/plain", vecG03Body))
	evs[0].Params[0].Value = "changed"
	evs[0].IDs[0].Value = "changed"
	if evs[1].Params[0].Value == "changed" || evs[1].IDs[0].Value == "changed" {
		t.Error("the events of one batched request share parameter or ID slices")
	}
}

// TestTikTokBatchName: a body is read as a batch by its member named
// batch however the name is written, and read whole without one.
func TestTikTokBatchName(t *testing.T) {
	reg := newRegistry(t)
	url := "https://analytics.tiktok.com/api/v2/pixel/batch"
	decodeBody := func(body string) []decode.Event {
		return reg.Decode("test.har", post(url, "application/json", body))
	}
	plain := decodeBody(`{"batch":[` + vecT01 + `,` + vecT01 + `]}`)
	escaped := decodeBody(`{"b\u0061tch":[` + vecT01 + `,` + vecT01 + `]}`)
	if len(plain) != 2 {
		t.Fatalf("%d events from a batch of two", len(plain))
	}
	if diff := cmp.Diff(plain, escaped); diff != "" {
		t.Errorf("batch named with an escape read otherwise (-plain +escaped):\n%s", diff)
	}
	one := decodeBody(vecT01)
	if len(one) != 1 || one[0].Name != "AddToCart" || one[0].PixelID != "BT24M8TQUU2IQ2BVG9NG" {
		t.Errorf("one event body: %+v", one)
	}
	// "batch" as a value, not a name, leaves the body one event.
	if evs := decodeBody(`{"event":"batch","context":{"pixel":{"code":"C1"}}}`); len(evs) != 1 || evs[0].Name != "batch" {
		t.Errorf("body with batch as a value: %d events", len(evs))
	}
}
