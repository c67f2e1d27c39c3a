package consent

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
)

// TestParseUSPrivacy decodes the four examples of the US Privacy String
// specification and malformed strings.
func TestParseUSPrivacy(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    USPrivacy
		wantErr bool
	}{
		{in: "1YNN", want: USPrivacy{1, 'Y', 'N', 'N'}},
		{in: "1NYN", want: USPrivacy{1, 'N', 'Y', 'N'}},
		{in: "1-Y-", want: USPrivacy{1, '-', 'Y', '-'}},
		{in: "1---", want: USPrivacy{1, '-', '-', '-'}},
		{in: "1ynn", want: USPrivacy{1, 'Y', 'N', 'N'}},                // lower case, read as upper
		{in: "1YXN", want: USPrivacy{1, 'Y', 'X', 'N'}, wantErr: true}, // X is not Y, N or -
		{in: "YNN", wantErr: true},                                     // no version
		{in: "1YNNN", wantErr: true},                                   // too long
	} {
		got, err := ParseUSPrivacy(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseUSPrivacy(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseUSPrivacy(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestParseGPP decodes the header and string examples of the GPP
// specification (Core/Consent String Specification.md: Header Examples
// 1 to 3 and GPP String Examples 1 to 3).
func TestParseGPP(t *testing.T) {
	const tc2 = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"
	for _, tc := range []struct {
		in      string
		ids     []int
		tcf     bool // the EU TCF section decoded
		usp     bool // the US Privacy section decoded
		wantErr bool
	}{
		{in: "DBABM~" + tc2, ids: []int{2}, tcf: true},
		{in: "DBACNY~" + tc2 + "~1YNN", ids: []int{2, 6}, tcf: true, usp: true},
		// Example 3: Canadian TCF (5) and US Privacy (6), a Fibonacci group.
		{in: "DBABjw~" + tc2 + "~1YNN", ids: []int{5, 6}, usp: true},
		// The spec's URL example writes the header DBACNYA: a padding A more.
		{in: "DBACNYA~" + tc2 + "~1YNN", ids: []int{2, 6}, tcf: true, usp: true},
		// Header only: the sections the header lists are missing.
		{in: "DBABM", ids: []int{2}, wantErr: true},
		// A TC string is not a GPP string (type 2, not 3).
		{in: tc2, wantErr: true},
	} {
		g, err := ParseGPP(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseGPP(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
		}
		if g == nil {
			if tc.ids != nil {
				t.Errorf("ParseGPP(%q) = nil, want sections %v", tc.in, tc.ids)
			}
			continue
		}
		var ids []int
		var gotTCF, gotUSP bool
		for _, s := range g.Sections {
			ids = append(ids, s.ID)
			gotTCF = gotTCF || s.TCF != nil
			gotUSP = gotUSP || s.USPrivacy != nil
		}
		if diff := cmp.Diff(tc.ids, ids); diff != "" || g.Version != 1 || gotTCF != tc.tcf || gotUSP != tc.usp {
			t.Errorf("ParseGPP(%q): version %d, TCF %v, USP %v, sections (-want +got):\n%s", tc.in, g.Version, gotTCF, gotUSP, diff)
		}
	}
}

// TestFromParam covers the parameters' words and states, and unfilled
// macros.
func TestFromParam(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        string // "kind|choice|description"; "" when the parameter gives no signal
	}{
		{"us_privacy", "1YYN", "us_privacy|reject|US Privacy string (CCPA, version 1): notice given, sale opted out, LSPA not covered"},
		{"us_privacy", "1---", "us_privacy|unknown|US Privacy string: the page says CCPA does not apply (1---)"},
		{"gdpr", "1", "gdpr|unknown|the page says GDPR applies to this visitor (gdpr=1)"},
		{"gdpr", "", "gdpr|unknown|gdpr parameter empty: the page did not say whether GDPR applies"},
		{"gdpr", "yes", ""}, // not a gdpr flag value: another site's parameter
		{"npa", "2", ""},
		{"gdpr_consent", "${GDPR_CONSENT_755}", "tcf|unknown|macro ${GDPR_CONSENT_755}, not filled: the page sent the ad tag's template without a value"},
		{"gpp", "${GPP_STRING_123}", "gpp|unknown|macro ${GPP_STRING_123}, not filled: the page sent the ad tag's template without a value"},
		{"us_privacy", "${US_PRIVACY}", "us_privacy|unknown|macro ${US_PRIVACY}, not filled: the page sent the ad tag's template without a value"},
		{"gdpr_consent", "", "tcf|unknown|gdpr_consent empty: no TC string passed"},
		{"gpp_sid", "2,6", "gpp_sid|unknown|GPP section(s) in force for this request: 2 (tcfeuv2: EU TCF v2), 6 (uspv1: US Privacy string)"},
		{"gpp_sid", "-1", "gpp_sid|unknown|GPP section(s) in force for this request: -1 (not a section: no GPP section in force)"},
		{"addtl_consent", "1~39.4.11.1051", "addtl_consent|unknown|Google Additional Consent (version 1): 4 ad technology provider(s) outside the IAB list with consent"},
		{"addtl_consent", "2~39.4~dv.11.1051", "addtl_consent|unknown|Google Additional Consent (version 2): 2 ad technology provider(s) outside the IAB list with consent, 2 disclosed"},
		{"dma_cps", "syphamo", `dma_cps|unknown|Digital Markets Act consent purposes signalled to Google: "syphamo" (format not published: kept as sent)`},
		{"dpo", "LDU", "meta_ldu|unknown|the site asked Meta for Limited Data Use (dpo=LDU): a US state privacy setting chosen by the site, not a visitor's consent choice"},
		{"dpoco", "1", "meta_ldu|unknown|Limited Data Use country: 1 (United States)"},
		{"dpost", "1000", "meta_ldu|unknown|Limited Data Use state: 1000 (California)"},
		{"dpost", "1003", "meta_ldu|unknown|Limited Data Use state: 1003 (code not in Meta's examples)"},
		{"gpp", "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN", "gpp|unknown|GPP string (version 1) with section(s) 2 (tcfeuv2: EU TCF v2), 6 (uspv1: US Privacy string)"},
		{"utm_source", "x", ""},
	} {
		sigs := FromParam(tc.name, tc.value, PartQuery)
		got := ""
		if len(sigs) == 1 {
			s := sigs[0]
			got = s.Kind.String() + "|" + s.Choice.String() + "|" + s.Description
		} else if len(sigs) > 1 {
			got = "more than one signal"
		}
		if got != tc.want {
			t.Errorf("FromParam(%q, %q) =\n  %s\nwant\n  %s", tc.name, tc.value, got, tc.want)
		}
	}
}

// TestFromEntryParts checks each part of a request: query (and the
// HAR's queryString when the URL has none), urlencoded and multipart
// bodies, JSON bodies (a __tcfapi reply), and cookies from the Cookie
// header; and that Meta's dpo is read only on Meta's hosts or a /tr path.
func TestFromEntryParts(t *testing.T) {
	const tc2 = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"
	for _, tc := range []struct {
		name string
		e    har.Request
		want []string // "kind where"
	}{{
		name: "ad tag with TCF parameters and a cookie",
		e: har.Request{URL: "https://ads.example/sync?gdpr=1&gdpr_consent=" + tc2 + "&us_privacy=1---",
			Headers: []har.NameValue{{Name: "Cookie", Value: "uid=1; euconsent-v2=" + tc2}}},
		want: []string{"gdpr URL parameter gdpr", "tcf URL parameter gdpr_consent", "us_privacy URL parameter us_privacy", "tcf cookie euconsent-v2"},
	}, {
		name: "queryString when the URL has no query",
		e:    har.Request{URL: "https://ads.example/sync", QueryString: []har.NameValue{{Name: "gdpr", Value: "0"}}},
		want: []string{"gdpr URL parameter gdpr"},
	}, {
		name: "__tcfapi reply in a JSON body",
		e: har.Request{Method: "POST", URL: "https://cmp.example/log", PostData: &har.PostData{MimeType: "application/json",
			Text: `{"__tcfapiReturn":{"returnValue":{"tcString":"` + tc2 + `","gdprApplies":true,"cmpId":31},"success":true,"callId":"c1"},"list":[{"gppString":"DBABM~` + tc2 + `"}]}`}},
		want: []string{"tcf request body field __tcfapiReturn.returnValue.tcString", "gpp request body field list[0].gppString"},
	}, {
		name: "Meta /tr multipart body with Limited Data Use",
		e: har.Request{Method: "POST", URL: "https://www.facebook.com/tr/", PostData: &har.PostData{MimeType: "multipart/form-data; boundary=B",
			Text: "--B\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n1234\r\n--B\r\nContent-Disposition: form-data; name=\"dpo\"\r\n\r\nLDU\r\n--B\r\nContent-Disposition: form-data; name=\"dpoco\"\r\n\r\n1\r\n--B--\r\n"}},
		want: []string{"meta_ldu request body field dpo", "meta_ldu request body field dpoco"},
	}, {
		name: "dpo on another host is not Meta's",
		e:    har.Request{URL: "https://shop.example/search?dpo=LDU&gcs=G100"},
		want: []string{"gcs URL parameter gcs"},
	}, {
		// The URL is split by har/site.Split, as decode splits it: a
		// scheme-relative URL has a host, and "://" inside a parameter
		// does not start one.
		name: "scheme-relative URL to Meta",
		e:    har.Request{URL: "//www.facebook.com/tr/?id=1&dpo=LDU"},
		want: []string{"meta_ldu URL parameter dpo"},
	}, {
		name: "a URL in a parameter of a URL without a scheme",
		e:    har.Request{URL: "/collect?dl=https://www.facebook.com/tr&gcs=G100"},
		want: []string{"gcs URL parameter gcs"},
	}, {
		name: "urlencoded body",
		e: har.Request{Method: "POST", URL: "https://www.google.com/ccm/collect", PostData: &har.PostData{MimeType: "application/x-www-form-urlencoded",
			Text: "gcs=G101&gcd=13l3l3l3l1l1&npa=0"}},
		want: []string{"gcs request body field gcs", "gcd request body field gcd", "npa request body field npa"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range FromEntry(&har.Entry{Request: tc.e}) {
				got = append(got, s.Kind.String()+" "+s.Where.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("FromEntry() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
