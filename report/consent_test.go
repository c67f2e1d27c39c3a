package report

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/decode/consent"
)

// consentRows analyses HAR files and returns each visitor's timeline as
// "V1 #entry kind name: state [rests on #entry signal]" lines.
func consentRows(t *testing.T, opt Options, paths ...string) []string {
	t.Helper()
	var in []Input
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		in = append(in, Input{Name: p, R: f})
	}
	a, err := Analyze(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var out []string
	for _, v := range a.Visitors() {
		for r, err := range a.Timeline(v) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v.ID+" "+consentLine(r.Event))
		}
	}
	return out
}

func consentLine(ev *decode.Event) string {
	src := firstSource(ev)
	s := fmt.Sprintf("#%d %s", src.Entry, ev.Kind)
	if ev.Name != "" {
		s += " " + ev.Name
	}
	if ev.Kind == decode.KindConsent {
		c := ev.Consent
		if c.Inference != "" {
			return s + " inferred " + c.Inference
		}
		return s + " " + c.Where.String() + ": " + c.Choice.String()
	}
	f := ev.ConsentInForce
	s += ": " + f.State.String()
	if f.RestsOn != (decode.Source{}) {
		s += fmt.Sprintf(" [rests on #%d %s", f.RestsOn.Entry, f.Signal)
		if !f.At.IsZero() {
			s += " at " + f.At.UTC().Format(TimeFormat)
		}
		s += "]"
	}
	return s
}

// TestConsentPixelBeforeBanner is the capture of issue 17: a Meta Pixel
// fires before the banner is answered, the visitor accepts, and it fires
// again. The events before the choice rest on the first page's request,
// which carried no consent cookie, then on OneTrust's cookie before any
// interaction; the ViewContent sent 550 ms after the click, before any
// request carried the new cookie, is after the accept because
// OptanonAlertBoxClosed records the choice at 10:00:05.050.
func TestConsentPixelBeforeBanner(t *testing.T) {
	const har = "testdata/consent-pixel-accept.har"
	none := "[rests on #0 no consent platform cookie with the page opened (cookie OptanonConsent first sent later): no choice recorded at 2024-03-06T10:00:00.000Z]"
	onetrustNone := "[rests on #5 cookie OptanonConsent (OneTrust): no choice recorded at 2024-03-06T10:00:00.900Z]"
	accept := "[rests on #8 cookie OptanonConsent (OneTrust): accept at 2024-03-06T10:00:05.050Z]"
	want := []string{
		"V1 #0 navigation: not assessed",
		"V1 #2 installation: before any choice " + none,
		"V1 #3 installation: before any choice " + none,
		"V1 #4 event PageView: before any choice " + none,
		"V1 #5 consent cookie OptanonConsent: no choice recorded",
		"V1 #6 event SubscribedButtonClick: before any choice " + onetrustNone,
		"V1 #7 event ViewContent: after accept " + accept,
		"V1 #8 consent cookie OptanonConsent: accept",
		"V1 #8 consent cookie OptanonAlertBoxClosed: unknown",
		"V1 #9 navigation: not assessed",
		"V1 #10 installation: after accept " + accept,
		"V1 #11 installation: after accept " + accept,
		"V1 #12 event PageView: after accept " + accept,
	}
	got := consentRows(t, Options{Navigations: true, Consent: true}, har)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("timeline mismatch (-want +got):\n%s", diff)
	}

	// Without markers the states are the same, and every output that
	// lists events says them.
	var wantEvents []string
	for _, l := range want {
		if kind := strings.TrimSuffix(strings.Fields(l)[2], ":"); kind != "consent" && kind != "navigation" {
			wantEvents = append(wantEvents, l)
		}
	}
	if diff := cmp.Diff(wantEvents, consentRows(t, Options{}, har)); diff != "" {
		t.Errorf("states without markers mismatch (-want +got):\n%s", diff)
	}
}

// TestConsentModeSessions reads the consent-mode fixtures of package
// consent through an analysis: Google consent mode defaults deny every
// type, then the visitor accepts (or refuses) on a OneTrust banner and
// the tag sends an update; the hit before the choice is before any
// choice (its own gcd records defaults only), the hits after rest on
// OneTrust's record of the choice.
func TestConsentModeSessions(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"accept", []string{
			"V1 #1 event page_view: before any choice [rests on #1 URL parameter gcd (Google tag): no choice recorded at 2024-03-06T10:14:58.500Z]",
			"V1 #4 event user_engagement: after accept [rests on #3 cookie OptanonConsent (OneTrust): accept at 2024-03-06T10:15:00.123Z]",
			"V1 #4 event scroll: after accept [rests on #3 cookie OptanonConsent (OneTrust): accept at 2024-03-06T10:15:00.123Z]",
			"V1 #5 event page_view: after accept [rests on #3 cookie OptanonConsent (OneTrust): accept at 2024-03-06T10:15:00.123Z]",
		}},
		{"reject", []string{
			"V1 #1 event page_view: before any choice [rests on #1 URL parameter gcd (Google tag): no choice recorded at 2024-03-06T10:14:58.500Z]",
			"V1 #4 event user_engagement: after reject [rests on #3 cookie OptanonConsent (OneTrust): reject at 2024-03-06T10:15:00.123Z]",
			"V1 #4 event scroll: after reject [rests on #3 cookie OptanonConsent (OneTrust): reject at 2024-03-06T10:15:00.123Z]",
			"V1 #5 event page_view: after reject [rests on #3 cookie OptanonConsent (OneTrust): reject at 2024-03-06T10:15:00.123Z]",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := consentRows(t, Options{}, "../decode/consent/testdata/consent-mode-"+tc.name+".har")
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConsentFold pins the folding rules (consent.go's header) on
// sequences of decisions.
func TestConsentFold(t *testing.T) {
	type d struct {
		choice string // "none", "accept", "reject", "partial"
		cmp    bool
	}
	choices := map[string]consent.Choice{"none": consent.ChoiceNone, "accept": consent.ChoiceAccept, "reject": consent.ChoiceReject, "partial": consent.ChoicePartial}
	for _, tc := range []struct {
		name string
		ds   []d
		want string // state, then the index of the decision it rests on
	}{
		{"nothing", nil, "unknown"},
		{"tag defaults only", []d{{"none", false}}, "before any choice 0"},
		{"platform before interaction", []d{{"none", true}}, "before any choice 0"},
		{"tag update after platform's no choice", []d{{"none", true}, {"accept", false}}, "after accept 1"},
		// A tag sending granted does not undo a refusal the platform recorded.
		{"tag granted after platform refusal", []d{{"reject", true}, {"accept", false}}, "after reject 0"},
		{"platform refusal after tag accept", []d{{"accept", false}, {"reject", true}}, "after reject 1"},
		// Each new page sends the tag's defaults before the update.
		{"tag defaults after tag accept", []d{{"accept", false}, {"none", false}}, "after accept 0"},
		{"tag defaults after platform accept", []d{{"accept", true}, {"none", false}}, "after accept 0"},
		// The platform's cookie was cleared, or consent is asked again.
		{"platform no choice after its accept", []d{{"accept", true}, {"none", true}}, "before any choice 1"},
		{"platform changes its mind", []d{{"accept", true}, {"reject", true}}, "after reject 1"},
		{"partial", []d{{"none", true}, {"partial", true}}, "after partial choice 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := make([]consentMark, len(tc.ds))
			var f consentFold
			for i, x := range tc.ds {
				ms[i] = consentMark{entry: int32(i), choice: choices[x.choice], cmp: x.cmp}
				f.add(&ms[i])
			}
			st, on := f.state()
			got := st.String()
			if on != nil {
				got += fmt.Sprintf(" %d", on.entry)
			}
			if got != tc.want {
				t.Errorf("state = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestConsentMetaHeldBack checks the inference of a pixel held back: on
// the first page only fbevents.js loaded; on the second the pixel ran.
func TestConsentMetaHeldBack(t *testing.T) {
	entry := func(page, at, url string) string {
		return fmt.Sprintf(`{"pageref":%q,"startedDateTime":%q,"request":{"method":"GET","url":%q,"headers":[{"name":"User-Agent","value":"UA1"}]},"response":{"status":200}}`, page, at, url)
	}
	har := `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"1"},"entries":[` + strings.Join([]string{
		entry("page_1", "2024-03-06T10:00:00.100Z", "https://connect.facebook.net/en_US/fbevents.js"),
		entry("page_2", "2024-03-06T10:01:00.100Z", "https://connect.facebook.net/en_US/fbevents.js"),
		entry("page_2", "2024-03-06T10:01:00.200Z", "https://connect.facebook.net/signals/config/111?v=2.9.252"),
		entry("page_2", "2024-03-06T10:01:00.300Z", "https://www.facebook.com/tr/?id=111&ev=PageView&fbp=fb.1.1.1"),
	}, ",") + `]}}`
	a, err := Analyze([]Input{{Name: "held.har", R: strings.NewReader(har)}}, Options{Consent: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var got []string
	for ev, err := range a.Events() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, consentLine(ev))
	}
	want := []string{
		"#0 installation: unknown",
		"#0 consent inferred meta_pixel_held_back",
		"#1 installation: unknown",
		"#2 installation: unknown",
		"#3 event PageView: unknown",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events mismatch (-want +got):\n%s", diff)
	}
}

// TestPartiesWithoutConsent: each party's requests sent without consent,
// read back from the analysis (Parties leaves the list to
// WithoutConsentSeq), the same whether the analysis keeps its records in
// memory or spills them at once.
func TestPartiesWithoutConsent(t *testing.T) {
	for _, limit := range []int64{-1, 1} {
		f, err := os.Open("testdata/consent-pixel-accept.har")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		a, err := Analyze([]Input{{Name: "c.har", R: f}}, Options{Generic: true, Navigations: true, MemoryLimit: limit})
		if err != nil {
			t.Fatal(err)
		}
		ps, err := a.Parties()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]int{}
		for _, p := range ps {
			if p.WithoutConsent != nil {
				t.Errorf("%s: Parties set WithoutConsent: %v", p.Domain, p.WithoutConsent)
			}
			for s, err := range p.WithoutConsentSeq() {
				if err != nil {
					t.Fatal(err)
				}
				got[p.Domain] = append(got[p.Domain], s.Entry)
			}
			if n := p.WithoutConsentCount(); n != len(got[p.Domain]) {
				t.Errorf("%s: WithoutConsentCount %d, %d listed", p.Domain, n, len(got[p.Domain]))
			}
		}
		// The PageView and the button click before the accept, and the
		// pixel's library and configuration loads of the first page.
		want := map[string][]int{"facebook.com": {4, 6}, "facebook.net": {2, 3}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("memory limit %d: requests sent without consent (-want +got):\n%s", limit, diff)
		}
		a.Close()
	}
}
