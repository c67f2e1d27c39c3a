package report_test

import (
	"fmt"
	"strings"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
)

func ExampleAnalysis_Visitors() {
	const capture = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2023-06-14T09:12:00.000Z","request":{"method":"GET","url":"https://www.police.example/report/","headers":[{"name":"Sec-Fetch-Dest","value":"document"}]},"response":{"status":200}},
{"startedDateTime":"2023-06-14T09:12:03.123Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1122334455667788&ev=SubscribedButtonClick&dl=https%3A%2F%2Fwww.police.example%2Freport%2F&cd[buttonText]=Report%20domestic%20abuse&fbp=fb.1.1686733920000.111","headers":[{"name":"Cookie","value":"c_user=100012345678901"}]},"response":{"status":200}}]}}`
	a, err := report.Analyze([]report.Input{{Name: "visit.har", R: strings.NewReader(capture)}},
		report.Options{Navigations: true, Sensitive: sensitive.Builtin()})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	for _, v := range a.Visitors() {
		for _, id := range v.Identifiers {
			fmt.Printf("%s %s=%s\n", v.ID, id.Name, id.Value)
		}
		for row, err := range a.Timeline(v) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println(v.ID, row.Party, row.Event.Summary)
			for _, h := range row.Event.Sensitive {
				fmt.Printf("  sensitive: %s (%q in %s)\n", h.Category, h.Text, h.Field)
			}
		}
	}
	// Output:
	// V1 c_user=100012345678901
	// V1 fbp=fb.1.1686733920000.111
	// V1  opened https://www.police.example/report/
	// V1 facebook.com SubscribedButtonClick: clicked "Report domestic abuse" on https://www.police.example/report/
	//   sensitive: domestic-abuse ("domestic abuse" in cd[buttonText])
}

// Events come back one at a time, in order, whether they waited in
// memory or, past Options.MemoryLimit, in a temporary file.
func ExampleAnalysis_Events() {
	const capture = `{"log":{"version":"1.2","entries":[
{"startedDateTime":"2023-06-14T09:12:03.123Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1122334455667788&ev=Lead&fbp=fb.1.1686733920000.111"},"response":{"status":200}},
{"startedDateTime":"2023-06-14T09:12:00.000Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1122334455667788&ev=PageView&fbp=fb.1.1686733920000.111"},"response":{"status":200}}]}}`
	a, err := report.Analyze([]report.Input{{Name: "visit.har", R: strings.NewReader(capture)}}, report.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	fmt.Println(a.Len(), "events")
	for ev, err := range a.Events() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ev.Time.T.Format("15:04:05.000"), ev.Name, "entry", ev.Sources[0].Entry)
	}
	// Output:
	// 2 events
	// 09:12:00.000 PageView entry 1
	// 09:12:03.123 Lead entry 0
}

// The consent state in force when each event was sent: a GA4 hit whose
// gcd records consent mode's defaults only, then, after a OneTrust
// cookie recording an accept, a Meta Pixel event.
func ExampleSentWithoutConsent() {
	const capture = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2024-03-06T10:00:00.500Z","request":{"method":"GET","url":"https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=1.2&en=page_view&gcs=G100&gcd=13p3p3p3p5","headers":[]},"response":{"status":204}},
{"startedDateTime":"2024-03-06T10:00:06.000Z","request":{"method":"GET","url":"https://www.shop.example/favicon.ico","headers":[{"name":"Cookie","value":"OptanonConsent=interactionCount=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A1; OptanonAlertBoxClosed=2024-03-06T10:00:05.050Z"}]},"response":{"status":200}},
{"startedDateTime":"2024-03-06T10:00:08.700Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=111&ev=PageView&fbp=fb.1.1.1","headers":[]},"response":{"status":200}}]}}`
	a, err := report.Analyze([]report.Input{{Name: "visit.har", R: strings.NewReader(capture)}}, report.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer a.Close()
	for ev, err := range a.Events() {
		if err != nil {
			fmt.Println(err)
			return
		}
		f := ev.ConsentInForce
		fmt.Printf("%s %s: %s (rests on entry %d, %s); without consent: %v\n",
			ev.Vendor, ev.Name, f.State, f.RestsOn.Entry, f.Signal, report.SentWithoutConsent(ev))
	}
	// Output:
	// ga4 page_view: before any choice (rests on entry 0, URL parameter gcd (Google tag): no choice recorded); without consent: true
	// meta PageView: after accept (rests on entry 1, cookie OptanonConsent (OneTrust): accept); without consent: false
}
