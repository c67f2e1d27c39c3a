package decode_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// Gateway fixtures. They are built, not captured: the body shape is the
// one PROTOCOLS.md §8 records from a capture of fbevents 2.9.252 in
// Chromium and Firefox (POST https://<gateway>/events?cee=no, text/plain,
// one JSON object), with the member names of that release's openbridge3
// plugin (CFG-252). The button click travels as event_name "InputData",
// without custom_data, with the form's hashed personal data.
const (
	gwPixel = "1234567890123456"
	gwFBP   = "fb.1.1749651650057.639940942831715561"
	// Event IDs as openbridge3 makes them: "ob3_plugin-set_" and a SHA-256.
	gwEIDView  = "ob3_plugin-set_1f0a64b1d2c3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccdd"
	gwEIDClick = "ob3_plugin-set_2e1b75c2e3d4f506172839405b6c7d8e9fa0112233445566778899aabbccddee"
	// SHA-256 of "jane.doe@example.com" and of "447700900123".
	gwEmailSHA = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"
	gwPhoneSHA = "033134b911b137918338415ee3d20a064b24773d36a3b02e8b99fdd3fcd6b4cd"

	gwPageView = `{"event_name":"PageView","fb.dynamic_product_ads":{},"custom_data":{"content_category":"support"},` +
		`"event_id":"` + gwEIDView + `","fb.pixel_id":"` + gwPixel + `","fb.advanced_matching":{"em":"` + gwEmailSHA + `"},` +
		`"website_context":{"location":"https://shop.example/contact","referrer":"https://www.google.com/","isInIFrame":false},` +
		`"fb.fbp":"` + gwFBP + `"}`
	gwInputData = `{"event_name":"InputData","fb.dynamic_product_ads":{},` +
		`"event_id":"` + gwEIDClick + `","fb.pixel_id":"` + gwPixel + `","fb.advanced_matching":{"em":"` + gwEmailSHA + `","ph":"` + gwPhoneSHA + `"},` +
		`"website_context":{"location":"https://shop.example/contact","referrer":"https://www.google.com/","isInIFrame":false},` +
		`"fb.fbp":"` + gwFBP + `","fb.clickID":"fb.1.1749651650000.IwAR2xyz"}`

	// The pixel's own /tr requests for the same two events, with the
	// eid the gateway copies carry (and cf=1 on all but the click).
	gwTrView  = "https://www.facebook.com/tr/?id=" + gwPixel + "&ev=PageView&dl=https%3A%2F%2Fshop.example%2Fcontact&ts=1749743254592&ec=0&fbp=" + gwFBP + "&eid=" + gwEIDView + "&cf=1&rqm=GET"
	gwTrClick = "https://www.facebook.com/tr/?id=" + gwPixel + "&ev=SubscribedButtonClick&dl=https%3A%2F%2Fshop.example%2Fcontact&ts=1749743260001&ec=1&cd[buttonText]=Send&fbp=" + gwFBP + "&eid=" + gwEIDClick + "&es=automatic&rqm=GET"
)

// gatewayPost returns the pixel's POST of body to a gateway at url, with
// the first-party cookies it carries (credentials: "include").
func gatewayPost(url, body string) *har.Entry {
	e := post(url, "text/plain;charset=UTF-8", body)
	e.Request.Headers = []har.NameValue{
		{Name: "Content-Type", Value: "text/plain;charset=UTF-8"},
		{Name: "Cookie", Value: "_fbp=" + gwFBP + "; OptanonConsent=groups%3DC0001%3A1%2CC0004%3A1; _fbi=203.0.113.7.AQYCAQMA"},
	}
	return e
}

func TestMetaGateway(t *testing.T) {
	type view struct {
		Vendor   decode.Vendor
		Kind     decode.Kind
		Gateway  string
		PixelID  string
		Name     string
		Page     string
		Referrer string
		IDs      []string // name=value
		Custom   []string // key=raw
		UserData []string // param=class
		Summary  string
	}
	viewOf := func(ev decode.Event) view {
		v := view{ev.Vendor, ev.Kind, ev.Gateway, ev.PixelID, ev.Name, ev.Page, ev.Referrer, nil, nil, nil, ev.Summary}
		for _, id := range ev.IDs {
			v.IDs = append(v.IDs, id.Name+"="+id.Value)
		}
		for _, c := range ev.Custom {
			v.Custom = append(v.Custom, c.Key+"="+c.Raw)
		}
		for _, u := range ev.UserData {
			v.UserData = append(v.UserData, u.Param()+"="+u.Class.String())
		}
		return v
	}
	tests := []struct {
		name  string
		entry *har.Entry
		want  view
	}{
		{"PageView on a first-party gateway", gatewayPost("https://capig.shop.example/events?cee=no", gwPageView), view{
			decode.VendorMeta, decode.KindDuplicate, "capig.shop.example", gwPixel, "PageView", "https://shop.example/contact", "https://www.google.com/",
			[]string{"fbp=" + gwFBP}, []string{"content_category=support"}, []string{"fb.advanced_matching.em=sha256"},
			"PageView: viewed https://shop.example/contact; with e-mail (hashed) (sent through the Conversions API Gateway at capig.shop.example)"}},
		{"button click (InputData) on a first-party gateway", gatewayPost("https://capig.shop.example/events?cee=no", gwInputData), view{
			decode.VendorMeta, decode.KindDuplicate, "capig.shop.example", gwPixel, "InputData", "https://shop.example/contact", "https://www.google.com/",
			[]string{"fbp=" + gwFBP, "fbc=fb.1.1749651650000.IwAR2xyz"}, nil, []string{"fb.advanced_matching.em=sha256", "fb.advanced_matching.ph=sha256"},
			"InputData: a button click (the gateway's name for SubscribedButtonClick) on https://shop.example/contact; with e-mail (hashed), phone (hashed) (sent through the Conversions API Gateway at capig.shop.example)"}},
		{"gateway under conversionsapigateway.com", gatewayPost("https://shop-1.conversionsapigateway.com/events", gwPageView), view{
			decode.VendorMeta, decode.KindDuplicate, "shop-1.conversionsapigateway.com", gwPixel, "PageView", "https://shop.example/contact", "https://www.google.com/",
			[]string{"fbp=" + gwFBP}, []string{"content_category=support"}, []string{"fb.advanced_matching.em=sha256"},
			"PageView: viewed https://shop.example/contact; with e-mail (hashed) (sent through the Conversions API Gateway at shop-1.conversionsapigateway.com)"}},
		{"gateway path with a further segment (usePathCookie)", gatewayPost("https://capig.shop.example/events/5f2b", gwPageView), view{
			decode.VendorMeta, decode.KindDuplicate, "capig.shop.example", gwPixel, "PageView", "https://shop.example/contact", "https://www.google.com/",
			[]string{"fbp=" + gwFBP}, []string{"content_category=support"}, []string{"fb.advanced_matching.em=sha256"},
			"PageView: viewed https://shop.example/contact; with e-mail (hashed) (sent through the Conversions API Gateway at capig.shop.example)"}},
		{"numeric pixel ID, raw fbclid as the click ID", gatewayPost("https://capig.shop.example/events", `{"event_name":"Lead","fb.pixel_id":1234567890123456,"fb.clickID":"IwAR2xyz","website_context":{"location":"https://shop.example/","referrer":null,"isInIFrame":false}}`), view{
			decode.VendorMeta, decode.KindDuplicate, "capig.shop.example", gwPixel, "Lead", "https://shop.example/", "",
			[]string{"fbc=IwAR2xyz"}, nil, nil,
			"Lead: standard event on https://shop.example/ (sent through the Conversions API Gateway at capig.shop.example)"}},
		{"other request to a gateway host", gatewayPost("https://shop-1.conversionsapigateway.com/hub/health", ""), view{
			decode.VendorMeta, decode.KindRequest, "shop-1.conversionsapigateway.com", "", "", "", "",
			nil, nil, nil,
			"request to Meta's Conversions API Gateway at shop-1.conversionsapigateway.com: POST shop-1.conversionsapigateway.com/hub/health (no parameters)"}},
		// Bad: a site's own API at /events is not a gateway: a generic request.
		{"first-party JSON API at /events", gatewayPost("https://shop.example/events", `{"events":[{"id":7,"title":"Open day"}]}`), view{
			decode.VendorOther, decode.KindRequest, "", "", "", "", "",
			nil, nil, nil, "POST shop.example/events (1 parameter)"}},
		// Bad: a page at /events is not a gateway call.
		{"first-party page at /events", get("https://shop.example/events?month=6"), view{
			decode.VendorOther, decode.KindRequest, "", "", "", "", "",
			nil, nil, nil, "GET shop.example/events (1 parameter)"}},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := decodeOne(t, reg, tt.entry)
			got := viewOf(ev)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decode() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMetaGatewayParams checks the labels and types of a gateway body's
// members and of the cookies the call carries.
func TestMetaGatewayParams(t *testing.T) {
	ev := decodeOne(t, newRegistry(t), gatewayPost("https://capig.shop.example/events?cee=no", gwInputData))
	type p struct {
		In, Name, Value, Label string
		Type                   decode.DataType
	}
	var got []p
	for _, x := range ev.Params {
		got = append(got, p{x.In.String(), x.Name, x.Value, x.Label, x.Type})
	}
	want := []p{
		{"query", "cee", "no", "cee=no: the gateway is told not to enrich the event (enrichmentDisabled in the pixel's gateway configuration)", decode.DataTrackerConfig},
		{"body", "event_name", "InputData", "event name: InputData, the gateway's name for the pixel's automatic SubscribedButtonClick (a button click; sent with the personal data of the form's fields, without the button's text)", decode.DataEventName},
		{"body", "fb.dynamic_product_ads", "{}", "dynamic product ads data: none", decode.DataPurchase},
		{"body", "event_id", gwEIDClick, "event ID: the same as the eid of the pixel's /tr request for this event, and what Meta de-duplicates the two on", decode.DataTechnical},
		{"body", "fb.pixel_id", gwPixel, "pixel ID (dataset the event is forwarded to)", decode.DataTrackerConfig},
		{"body", "fb.advanced_matching.em", gwEmailSHA, "Advanced Matching sent to the gateway: e-mail (SHA-256 hash)", decode.DataHashedEmail},
		{"body", "fb.advanced_matching.ph", gwPhoneSHA, "Advanced Matching sent to the gateway: phone (SHA-256 hash)", decode.DataHashedPhone},
		{"body", "website_context.location", "https://shop.example/contact", "page URL the event was sent from (the referrer instead, in an iframe)", decode.DataPageURL},
		{"body", "website_context.referrer", "https://www.google.com/", "referrer of that page", decode.DataReferrer},
		{"body", "website_context.isInIFrame", "false", "page is in an iframe", decode.DataTechnical},
		{"body", "fb.fbp", gwFBP, "browser ID for this site (_fbp first-party cookie)", decode.DataBrowserID},
		{"body", "fb.clickID", "fb.1.1749651650000.IwAR2xyz", "click ID (_fbc cookie, or the fbclid in the page URL): a click on a Facebook or Instagram ad", decode.DataClickID},
		{"cookie", "_fbp", gwFBP, "Meta browser ID for this site (_fbp cookie)", decode.DataBrowserID},
		{"cookie", "OptanonConsent", "groups%3DC0001%3A1%2CC0004%3A1", "OneTrust consent cookie: the visitor's choices per cookie group (C0001:1,C0002:0 …)", decode.DataConsent},
		{"cookie", "_fbi", "203.0.113.7.AQYCAQMA", "the visitor's IP address 203.0.113.7 (_fbi cookie of Meta's parameter builder, kept for the Conversions API match key client_ip_address; Meta parameter builder 1.3.0, client-side JavaScript (clientParamBuilder); new cookie (net new)): personal data, sent readable", decode.DataPlainPersonal},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Params mismatch (-want +got):\n%s", diff)
	}
	wantWarnings := []string{"cookie _fbi: the visitor's IP address 203.0.113.7, stored by Meta's parameter builder, was sent to capig.shop.example"}
	if diff := cmp.Diff(wantWarnings, ev.Warnings); diff != "" {
		t.Errorf("Warnings mismatch (-want +got):\n%s", diff)
	}
}

// TestMetaGatewayUserData checks how personal data sent to the gateway is
// classified and warned about: hashed, not hashed, and the identifiers
// the gateway SDK passes unhashed by design.
func TestMetaGatewayUserData(t *testing.T) {
	body := `{"event_name":"Lead","fb.pixel_id":"1","fb.advanced_matching":{"em":"jane.doe@example.com","fn":"` + sha256Test + `","external_id":"u-42","fb_login_id":"10001","chmd":"Pixel 8"}}`
	e := gatewayPost("https://capig.shop.example/events", body)
	e.Request.Headers = e.Request.Headers[:1] // no cookies
	ev := decodeOne(t, newRegistry(t), e)
	var ud []string
	for _, u := range ev.UserData {
		ud = append(ud, u.Param()+"="+u.Class.String())
	}
	if diff := cmp.Diff([]string{"fb.advanced_matching.em=plain-text", "fb.advanced_matching.fn=sha256", "fb.advanced_matching.external_id=plain-text"}, ud); diff != "" {
		t.Errorf("UserData mismatch (-want +got):\n%s", diff)
	}
	var ids []string
	for _, id := range ev.IDs {
		ids = append(ids, id.Name+"="+id.Value+" ("+id.Type.String()+")")
	}
	if diff := cmp.Diff([]string{"external_id=u-42 (account identifier)", "fb_login_id=10001 (account identifier)"}, ids); diff != "" {
		t.Errorf("IDs mismatch (-want +got):\n%s", diff)
	}
	types := map[string]decode.DataType{}
	for _, p := range ev.Params {
		types[p.Name] = p.Type
	}
	for name, want := range map[string]decode.DataType{
		"fb.advanced_matching.em":          decode.DataPlainPersonal, // retyped: sent in plain text
		"fb.advanced_matching.fn":          decode.DataHashedPersonal,
		"fb.advanced_matching.external_id": decode.DataAccountID,
		"fb.advanced_matching.chmd":        decode.DataDevice,
	} {
		if types[name] != want {
			t.Errorf("type of %s = %v, want %v", name, types[name], want)
		}
	}
	wantWarnings := []string{
		"fb.advanced_matching.em: e-mail sent NOT HASHED: plain-text personal data",
		"fb.advanced_matching.external_id: the site's user ID sent unhashed (the gateway SDK passes it unchanged)",
	}
	if diff := cmp.Diff(wantWarnings, ev.Warnings); diff != "" {
		t.Errorf("Warnings mismatch (-want +got):\n%s", diff)
	}
}

// TestRegistryClaimsGateway checks which requests to /events the registry
// claims, reading only what a skimmed entry keeps.
func TestRegistryClaimsGateway(t *testing.T) {
	withType := func(e *har.Entry, ctype string) *har.Entry {
		e.Request.PostData = nil // a skimmed entry has no body
		e.Request.Headers = nil
		if ctype != "" {
			e.Request.Headers = []har.NameValue{{Name: "Content-Type", Value: ctype}}
		}
		return e
	}
	tests := []struct {
		name  string
		entry *har.Entry
		want  bool
	}{
		{"POST text/plain", withType(post("https://capig.shop.example/events?cee=no", "", ""), "text/plain;charset=UTF-8"), true},
		{"POST JSON", withType(post("https://capig.shop.example/events", "", ""), "application/json"), true},
		{"POST, type not recorded", withType(post("https://capig.shop.example/events", "", ""), ""), true},
		{"gateway host, any request", get("https://x.conversionsapigateway.com/hub"), true},
		// Bad: a page, a form and an upload at /events are not gateway calls.
		{"GET", get("https://shop.example/events"), false},
		{"POST form", withType(post("https://shop.example/events", "", ""), "application/x-www-form-urlencoded"), false},
		{"POST multipart", withType(post("https://shop.example/events", "", ""), "multipart/form-data; boundary=x"), false},
		{"POST, malformed type", withType(post("https://shop.example/events", "", ""), "text/"), false},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reg.Claims(tt.entry); got != tt.want {
				t.Errorf("Claims(%s %s) = %v, want %v", tt.entry.Request.Method, tt.entry.Request.URL, got, tt.want)
			}
		})
	}
}

// TestServerSideGTMGateway checks that a GA4 hit sent to the site's own
// host (server-side Google Tag Manager) names that host as its gateway,
// and one sent to Google does not.
func TestServerSideGTMGateway(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://sgtm.shop.example/g/collect?v=2&tid=G-ABC&en=page_view", "sgtm.shop.example"},
		{"https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC&en=page_view", ""},
		{"https://www.google.com/g/collect?v=2&tid=G-ABC&en=page_view", ""},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		ev := decodeOne(t, reg, get(tt.url))
		if ev.Vendor != decode.VendorGA4 || ev.Gateway != tt.want {
			t.Errorf("Decode(%s): vendor %v, gateway %q; want ga4, %q", tt.url, ev.Vendor, ev.Gateway, tt.want)
		}
	}
}

// TestFoldGatewayTwins checks that a gateway call folds into the pixel's
// /tr request for the same event (pixel, event name, event ID; InputData
// being SubscribedButtonClick), is not counted twice, and stands alone
// when it has no twin.
func TestFoldGatewayTwins(t *testing.T) {
	type view struct {
		Kind     decode.Kind
		Name     string
		Gateway  string
		Entries  []int
		Warnings []string
	}
	tests := []struct {
		name    string
		entries []*har.Entry // entry i of a.har
		want    []view
	}{
		{"PageView and a button click, each with its /tr twin", []*har.Entry{
			gatewayPost("https://capig.shop.example/events?cee=no", gwPageView), get(gwTrView),
			gatewayPost("https://capig.shop.example/events?cee=no", gwInputData), get(gwTrClick),
		}, []view{
			{decode.KindEvent, "PageView", "capig.shop.example", []int{1, 0}, []string{"also sent through the first-party gateway capig.shop.example (entry 0)"}},
			{decode.KindEvent, "SubscribedButtonClick", "capig.shop.example", []int{3, 2}, []string{"also sent through the first-party gateway capig.shop.example (entry 2)"}},
		}},
		{"gateway call without a twin stands alone", []*har.Entry{
			gatewayPost("https://capig.shop.example/events", gwInputData), get(gwTrView),
		}, []view{
			{decode.KindEvent, "InputData", "capig.shop.example", []int{0}, []string{"no direct request of this event (same pixel, event name and event ID) in the input: this request through the first-party gateway capig.shop.example is the only record of the event"}},
			{decode.KindEvent, "PageView", "", []int{1}, nil},
		}},
		{"/tr, its privacy-sandbox copy and its gateway twin: one event", []*har.Entry{
			gatewayPost("https://capig.shop.example/events", gwPageView), get(gwTrView),
			get(strings.Replace(strings.Replace(gwTrView, "/tr/", "/privacy_sandbox/pixel/register/trigger/", 1), "rqm=GET", "rqm=FGET", 1)),
		}, []view{
			{decode.KindEvent, "PageView", "capig.shop.example", []int{1, 0, 2}, []string{"also sent through the first-party gateway capig.shop.example (entry 0)"}},
		}},
		{"gateway twin and privacy-sandbox copy without the /tr request: one event", []*har.Entry{
			gatewayPost("https://capig.shop.example/events", gwPageView),
			get(strings.Replace(gwTrView, "/tr/", "/privacy_sandbox/pixel/register/trigger/", 1)),
		}, []view{
			{decode.KindEvent, "PageView", "capig.shop.example", []int{0, 1}, []string{
				"also sent as a privacy-sandbox copy (entry 1)",
				"no direct request of this event (same pixel, event name and event ID) in the input: this request through the first-party gateway capig.shop.example is the only record of the event",
			}},
		}},
		// Bad: another event ID is another event.
		{"different event ID", []*har.Entry{
			gatewayPost("https://capig.shop.example/events", strings.Replace(gwPageView, gwEIDView, gwEIDClick, 1)), get(gwTrView),
		}, []view{
			{decode.KindEvent, "PageView", "capig.shop.example", []int{0}, []string{"no direct request of this event (same pixel, event name and event ID) in the input: this request through the first-party gateway capig.shop.example is the only record of the event"}},
			{decode.KindEvent, "PageView", "", []int{1}, nil},
		}},
		// Bad: InputData is a button click, not a PageView with the same ID.
		{"same event ID, other event", []*har.Entry{
			gatewayPost("https://capig.shop.example/events", strings.Replace(gwInputData, gwEIDClick, gwEIDView, 1)), get(gwTrView),
		}, []view{
			{decode.KindEvent, "InputData", "capig.shop.example", []int{0}, []string{"no direct request of this event (same pixel, event name and event ID) in the input: this request through the first-party gateway capig.shop.example is the only record of the event"}},
			{decode.KindEvent, "PageView", "", []int{1}, nil},
		}},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var evs []decode.Event
			for i, e := range tt.entries {
				e.Index = i
				evs = append(evs, reg.Decode("a.har", e)...)
			}
			// The events as a store keeps them: sorted by time is entry
			// order here; FoldDuplicates folds whatever order it is given.
			var got []view
			for _, ev := range decode.FoldDuplicates(evs) {
				v := view{ev.Kind, ev.Name, ev.Gateway, nil, nil}
				for _, s := range ev.Sources {
					v.Entries = append(v.Entries, s.Entry)
				}
				for _, w := range ev.Warnings {
					if !strings.Contains(w, "cookie _fbi:") { // TestFoldGatewayKeepsEvidence
						v.Warnings = append(v.Warnings, w)
					}
				}
				got = append(got, v)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FoldDuplicates() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFoldGatewayKeepsEvidence checks that folding a gateway call into
// its /tr twin keeps what only the gateway call carried: a known
// person's matched data and the warnings about that request.
func TestFoldGatewayKeepsEvidence(t *testing.T) {
	reg := newRegistry(t)
	known, err := decode.NewKnownPII([]string{"jane.doe@example.com"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	gw := gatewayPost("https://capig.shop.example/events", strings.Replace(gwPageView, gwEmailSHA, "Jane.Doe@example.com", 1))
	gw.Index = 0
	tr := get(gwTrView)
	tr.Index = 1
	evs := append(reg.Decode("a.har", gw), reg.Decode("a.har", tr)...)
	for i := range evs {
		known.Mark(&evs[i])
	}
	folded := decode.FoldDuplicates(evs)
	if len(folded) != 1 {
		t.Fatalf("FoldDuplicates returned %d events, want 1", len(folded))
	}
	ev := folded[0]
	wantMatches := []decode.Match{{Param: "fb.advanced_matching.em", Value: "Jane.Doe@example.com", Algorithm: "plain", Kind: "email",
		Known: "jane.doe@example.com", Normalised: "jane.doe@example.com", Form: "trimmed and lower-cased (Meta's and Google's normalisation)"}}
	if diff := cmp.Diff(wantMatches, ev.Matches); diff != "" {
		t.Errorf("Matches mismatch (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"also sent through the first-party gateway capig.shop.example (entry 0)",
		"in the request through the first-party gateway capig.shop.example (entry 0): fb.advanced_matching.em: e-mail sent NOT HASHED: plain-text personal data",
		"in the request through the first-party gateway capig.shop.example (entry 0): cookie _fbi: the visitor's IP address 203.0.113.7, stored by Meta's parameter builder, was sent to capig.shop.example",
	}
	if diff := cmp.Diff(wantWarnings, ev.Warnings); diff != "" {
		t.Errorf("Warnings mismatch (-want +got):\n%s", diff)
	}
}

// FuzzMetaGateway feeds the gateway decoder arbitrary bodies, and
// arbitrary _fbp/_fbi cookie values (the parameter builder's appendix and
// IP address), through the registry's route for capig.<site>/events. It
// calls the route's decoder directly (the registry would turn a panic
// into a warning) and checks that it returns at most one event, whose
// strings are valid UTF-8 and whose JSON is valid. Seeds: the fixtures.
func FuzzMetaGateway(f *testing.F) {
	f.Add(gwPageView, "203.0.113.7.AQYCAQMA")
	f.Add(gwInputData, "2001:db8::1.Bg")
	f.Add(`{"event_name":"Lead","fb.pixel_id":1,"fb.clickID":"IwAR","custom_data":{"contents":[{"id":"1"}],"value":3}}`, "1.2.3.4")
	f.Add(`{"event_name":"x","fb.pixel_id":"1","fb.advanced_matching":{"em":"\u00ff","external_id":""},"website_context":null}`, "x.AQYCAQ")
	f.Add(`{"events":[]}`, "")
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		f.Fatal(err)
	}
	rt, ok := reg.Find("capig.shop.example", "/events")
	if !ok {
		f.Fatal("no route for capig.shop.example/events")
	}
	f.Fuzz(func(t *testing.T, body, cookie string) {
		e := post("https://capig.shop.example/events?cee=no", "text/plain;charset=UTF-8", body)
		e.Request.Headers = []har.NameValue{{Name: "Cookie", Value: "_fbp=fb.1.1.2." + cookie + "; _fbi=" + cookie}}
		evs, err := rt.Decoder.Decode(e)
		if err != nil {
			t.Fatalf("Decode: %v", err)
		}
		if len(evs) > 1 {
			t.Fatalf("Decode returned %d events, want at most 1", len(evs))
		}
		// Through the registry too: _fbi is labelled there.
		for _, ev := range append(evs, reg.Decode("f.har", e)...) {
			for _, p := range ev.Params {
				if p.In != decode.InCookie && (!utf8.ValidString(p.Name) || !utf8.ValidString(p.Value) || !utf8.ValidString(p.Label)) {
					t.Errorf("param %q=%q (%q) is not valid UTF-8", p.Name, p.Value, p.Label)
				}
			}
			checkEventJSON(t, ev)
		}
	})
}

// TestMetaGatewayUserDataMember checks the user_data member, which pixel
// 2.9.252 moves into fb.advanced_matching before sending but another
// version may send as it is: its fields are personal data too.
func TestMetaGatewayUserDataMember(t *testing.T) {
	body := `{"event_name":"Lead","fb.pixel_id":"1","user_data":{"em":"` + gwEmailSHA + `","madid":"a1b2"}}`
	ev := decodeOne(t, newRegistry(t), post("https://capig.shop.example/events", "text/plain", body))
	type p struct {
		Name, Label string
		Type        decode.DataType
	}
	var got []p
	for _, x := range ev.Params {
		if strings.HasPrefix(x.Name, "user_data.") {
			got = append(got, p{x.Name, x.Label, x.Type})
		}
	}
	want := []p{
		{"user_data.em", "user data sent to the gateway: e-mail (SHA-256 hash)", decode.DataHashedEmail},
		{"user_data.madid", "user data sent to the gateway: mobile advertiser ID of the visitor's device, sent unhashed", decode.DataBrowserID},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Params mismatch (-want +got):\n%s", diff)
	}
	if len(ev.UserData) != 1 || ev.UserData[0].Param() != "user_data.em" || len(ev.IDs) != 1 || ev.IDs[0].Name != "madid" {
		t.Errorf("UserData %+v, IDs %+v: want user_data.em and the madid identifier", ev.UserData, ev.IDs)
	}
}
