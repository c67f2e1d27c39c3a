package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// The HubSpot fixtures are real requests from uniorg.de (2026), kept in a
// public test file of a browser extension (the identify call there uses
// made-up contact data). source: public file, repository not recorded.
const (
	hubSpotPageView = "https://track-eu1.hubspot.com/__ptq.gif?k=1&sd=1920x1080&cd=24-bit&cs=UTF-8&ln=de-de&bfp=00e63ec9928f28f2d526e7bab8305878&v=1.1&a=147292866&rcu=https%3A%2F%2Fwww.uniorg.de%2F&pu=https%3A%2F%2Fwww.uniorg.de%2F&t=UNIORG+-+Beratung%2C+die+sich+auszahlt.+Seit+1974.&cts=1783937751329&vi=1380c106cd176e612b1a11420d30d35b&nc=false&u=226818242.1380c106cd176e612b1a11420d30d35b.1783669943308.1783669943308.1783937475079.2&b=226818242.2.1783937475079&cc=15"
	hubSpotIdentify = "https://track-eu1.hubspot.com/__ptbe.gif?n=my_test_event2&_property_name=property_value&sd=1920x1080&cd=24-bit&cs=UTF-8&ln=de-de&bfp=00e63ec9928f28f2d526e7bab8305878&v=1.1&a=147292866&rcu=https%3A%2F%2Fwww.uniorg.de%2F&pu=https%3A%2F%2Fwww.uniorg.de%2F&t=UNIORG+-+Beratung%2C+die+sich+auszahlt.+Seit+1974.&cts=1783937897903&i=email%3Dvisitor%2540example.com%26firstname%3DJohn%26lastname%3DDoe&vi=1380c106cd176e612b1a11420d30d35b&nc=false&u=226818242.1380c106cd176e612b1a11420d30d35b.1783669943308.1783669943308.1783937475079.2&b=226818242.2.1783937475079&cc=15"
)

func TestHubSpot(t *testing.T) {
	ids := []string{"hubspot_bfp=00e63ec9928f28f2d526e7bab8305878", "hubspotutk=1380c106cd176e612b1a11420d30d35b"}
	checkWireFixtures(t, "hubspot", []wireFixture{
		{name: "page-view", entry: get(hubSpotPageView), want: []brief{{Vendor: decode.VendorHubSpot, PixelID: "147292866", Name: "page view", Page: "https://www.uniorg.de/", IDs: ids}}},
		{name: "custom-event-identify", entry: get(hubSpotIdentify), want: []brief{{Vendor: decode.VendorHubSpot, PixelID: "147292866", Name: "my_test_event2", Page: "https://www.uniorg.de/", IDs: ids,
			Custom: []string{"property_name=property_value"}, UserData: []string{"i.email=plain-text", "i.firstname=plain-text", "i.lastname=plain-text"}}}, warn: "NOT HASHED"},
		// An RSS view pixel from ceph.com's blog (2013), kept in a public
		// Markdown export. source: public file, repository not recorded.
		{name: "rss-view", entry: get("http://track.hubspot.com/__ptq.gif?a=268973&k=14&bu=http://ceph.com&r=http://ceph.com/releases/v0-68-released/&bvt=rss&p=wordpress"),
			want: []brief{{Vendor: decode.VendorHubSpot, PixelID: "268973", Name: "RSS or e-mail view", Referrer: "http://ceph.com/releases/v0-68-released/"}}},
		{name: "tracking-code", entry: get("https://js.hs-scripts.com/6407318.js"),
			want: []brief{{Vendor: decode.VendorHubSpot, Kind: decode.KindInstallation, PixelID: "6407318"}}},
		// A collected-forms submission: its body is the form's fields.
		{name: "collected-form", entry: post("https://forms.hscollectedforms.net/collected-forms/submit/form", "application/json", `{"portalId":147292866,"formValues":{"email":"visitor@example.com","message":"I need help"}}`),
			want: []brief{{Vendor: decode.VendorHubSpot, Kind: decode.KindRequest}}},
	})
}
