package report

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGatewayParties: events sent through a first-party gateway (Meta's
// Conversions API Gateway on capig.shop.example; built, not captured: the
// body shape PROTOCOLS.md §8 records from fbevents 2.9.252) are a party of
// their own, attributed to the company they forward to, and a /tr event
// with its gateway twin is counted once by each recipient.
func TestGatewayParties(t *testing.T) {
	const (
		pixel = "1234567890123456"
		fbp   = "fb.1.1749651650057.639940942831715561"
		eidA  = "ob3_plugin-set_1f0a64b1d2c3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccdd"
		eidB  = "ob3_plugin-set_2e1b75c2e3d4f506172839405b6c7d8e9fa0112233445566778899aabbccddee"
	)
	body := func(name, eid string) string {
		b, _ := json.Marshal(`{"event_name":"` + name + `","custom_data":{},"event_id":"` + eid + `","fb.pixel_id":"` + pixel +
			`","website_context":{"location":"https://shop.example/contact","referrer":"","isInIFrame":false},"fb.fbp":"` + fbp + `"}`)
		return string(b)
	}
	post := func(when, name, eid string) string {
		return `{"startedDateTime":"` + when + `","request":{"method":"POST","url":"https://capig.shop.example/events?cee=no","headers":[{"name":"User-Agent","value":"UA1"}],` +
			`"postData":{"mimeType":"text/plain;charset=UTF-8","text":` + body(name, eid) + `}},"response":{"status":200,"content":{"mimeType":"application/json"}}}`
	}
	capture := `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2025-06-12T10:00:00Z","request":{"method":"GET","url":"https://shop.example/contact","headers":[{"name":"Sec-Fetch-Dest","value":"document"},{"name":"User-Agent","value":"UA1"}]},"response":{"status":200,"content":{"mimeType":"text/html"}}},
` + post("2025-06-12T10:00:01Z", "PageView", eidA) + `,
{"startedDateTime":"2025-06-12T10:00:01.100Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=` + pixel + `&ev=PageView&dl=https%3A%2F%2Fshop.example%2Fcontact&ts=1749743254592&fbp=` + fbp + `&eid=` + eidA + `","headers":[{"name":"User-Agent","value":"UA1"}]},"response":{"status":200,"content":{"mimeType":"image/gif"}}},
` + post("2025-06-12T10:00:05Z", "InputData", eidB) + `]}}`
	a, err := Analyze([]Input{{Name: "shop.har", R: strings.NewReader(capture)}}, Options{Generic: true, Navigations: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ps, err := a.Parties()
	if err != nil {
		t.Fatal(err)
	}
	type view struct {
		Domain, Company, Via string
		Requests             int
		Entries              []int
	}
	var got []view
	for _, p := range ps {
		v := view{p.Domain, p.Company, p.Via, p.Requests, nil}
		for _, d := range p.Received {
			if d.Kind == "event" {
				for s, err := range d.SourceSeq() {
					if err != nil {
						t.Fatal(err)
					}
					if s.Gateway != (p.Via != "") {
						t.Errorf("%s: source %v: Gateway %v, want %v", p.Domain, s, s.Gateway, p.Via != "")
					}
					v.Entries = append(v.Entries, s.Entry)
				}
			}
		}
		slices.Sort(v.Entries)
		got = append(got, v)
	}
	want := []view{
		{"capig.shop.example", "Meta", "first-party gateway capig.shop.example", 2, []int{1, 3}},
		{"facebook.com", "Meta", "", 1, []int{2}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parties mismatch (-want +got):\n%s", diff)
	}
	if a.Len() != 3 { // the page, the PageView (once), the button click
		t.Errorf("%d events, want 3 (the /tr PageView and its gateway twin are one)", a.Len())
	}
}
