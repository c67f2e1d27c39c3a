package evidence

import (
	"regexp"
	"strings"
	"testing"
)

// TestConsentSection builds the evidence folder of the synthetic capture
// in which a Meta Pixel fires before a OneTrust banner is answered, the
// visitor accepts, and it fires again: the report lists the events sent
// before any choice first, in their own section, with the signal each
// rests on; the ViewContent and PageView sent after the accept are not
// among them; every file that lists events says each one's state.
func TestConsentSection(t *testing.T) {
	const fixture = "../testdata/consent-pixel-accept.har"
	b := build(t, Options{GeneratedAt: "2024-03-07"}, fixture)
	files := map[string]string{}
	for _, f := range b.Files {
		files[f.Name] = string(f.Data)
	}
	md := files["report.md"]
	start := strings.Index(md, "## 2b Sent without consent")
	end := strings.Index(md, "## 3 Visitors and timelines")
	if start < 0 || end < start {
		t.Fatalf("report.md has no section 2b before section 3:\n%s", md)
	}
	section := md[start:end]
	for _, want := range []string{
		"4 third-party request(s) were sent before any choice or after a refusal",
		"not what the visitor saw",
		"| 2024-03-06T10:00:00.700Z | V1 | facebook.com (Meta) | PageView (event) | **before any choice** | consent-pixel-accept.har#0 no consent platform cookie with the page opened (cookie OptanonConsent first sent later): no choice recorded, at 2024-03-06T10:00:00.000Z | consent-pixel-accept.har#4 |",
		"| 2024-03-06T10:00:05.000Z | V1 | facebook.com (Meta) | SubscribedButtonClick (event) | **before any choice** | consent-pixel-accept.har#5 cookie OptanonConsent (OneTrust): no choice recorded, at 2024-03-06T10:00:00.900Z | consent-pixel-accept.har#6 |",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("section 2b lacks %q:\n%s", want, section)
		}
	}
	for _, not := range []string{"ViewContent", "consent-pixel-accept.har#12"} {
		if strings.Contains(section, not) {
			t.Errorf("section 2b lists %s, sent after the accept:\n%s", not, section)
		}
	}
	// Tracking events first, then the loads of code and configuration.
	if i, j := strings.Index(section, "SubscribedButtonClick"), strings.Index(section, "(installation)"); i < 0 || j < i {
		t.Errorf("section 2b does not list tracking events first:\n%s", section)
	}
	for name, want := range map[string][]string{
		"report.html":   {`<h2>2b Sent without consent</h2>`, `<td class="flag">before any choice</td>`, "SENT WITHOUT CONSENT: before any choice (rests on consent-pixel-accept.har#5)"},
		"timeline.csv":  {",ViewContent,", `,after accept,"consent-pixel-accept.har#8 cookie OptanonConsent (OneTrust): accept, at 2024-03-06T10:00:05.050Z"` + "\n", ",consent,consent: OptanonAlertBoxClosed,"},
		"events.csv":    {`,before any choice,"consent-pixel-accept.har#5 cookie OptanonConsent (OneTrust): no choice recorded, at 2024-03-06T10:00:00.900Z"` + "\n"},
		"events.ndjson": {`"consent":{"state":"after accept","rests_on":{"file":"consent-pixel-accept.har","sha256":"`},
		"timeline.json": {`"consent_signal": {`, `"signal": "cmp_cookie"`, `"state": "before any choice"`},
	} {
		for _, w := range want {
			// report.html wraps values in spans that mark where a line
			// may break: its text is what the reader sees.
			if !strings.Contains(files[name], w) && !strings.Contains(htmlTags.ReplaceAllString(files[name], ""), w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}
	// events.csv and events.ndjson list events, not the consent markers.
	if strings.Contains(files["events.csv"], ",consent,consent:") || strings.Contains(files["events.ndjson"], `"kind":"consent"`) {
		t.Error("the events files list consent markers")
	}
}

// htmlTags matches an HTML tag.
var htmlTags = regexp.MustCompile(`<[^>]*>`)
