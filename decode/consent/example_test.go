package consent_test

import (
	"fmt"

	"github.com/haruspex/haruspex/decode/consent"
	"github.com/haruspex/haruspex/har"
)

// The consent signals of a GA4 hit sent after an accept, with a
// OneTrust cookie.
func ExampleFromEntry() {
	e := &har.Entry{Request: har.Request{
		URL:     "https://region1.google-analytics.com/g/collect?v=2&tid=G-XXXX&gcs=G111&gcd=13r3r3r3r5&en=page_view",
		Headers: []har.NameValue{{Name: "Cookie", Value: "OptanonConsent=interactionCount=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A1; OptanonAlertBoxClosed=2024-03-06T10:15:00.123Z"}},
	}}
	for _, s := range consent.FromEntry(e) {
		fmt.Printf("%s | %s | %s\n", s.Where, s.Choice, s.Description)
	}
	// Output:
	// URL parameter gcs | unknown | the Google tag sent consent state ad_storage granted, analytics_storage granted (gcs does not say whether a visitor set it)
	// URL parameter gcd | accept | the Google tag sent consent ad_storage denied by default, granted by an update, analytics_storage denied by default, granted by an update, ad_user_data denied by default, granted by an update, ad_personalization denied by default, granted by an update (an update records a choice)
	// cookie OptanonConsent | accept | OneTrust consent cookie recording C0001 granted, C0002 granted, C0004 granted after 1 interaction(s) with the banner
	// cookie OptanonAlertBoxClosed | unknown | OneTrust recorded that the banner was closed (a choice saved) at 2024-03-06T10:15:00.123Z
}

func ExampleParseGCD() {
	g, err := consent.ParseGCD("11p1q1r1t5")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range g.Types {
		fmt.Println(t.Name, string(t.Letter), "default", t.Default, "update", t.Update, "in force", t.State())
	}
	// Output:
	// ad_storage p default denied update not set in force denied
	// analytics_storage q default denied update denied in force denied
	// ad_user_data r default denied update granted in force granted
	// ad_personalization t default granted update not set in force granted
}

// An ad tag whose gdpr_consent macro the page never filled in.
func ExampleFromParam() {
	for _, s := range consent.FromParam("gdpr_consent", "${GDPR_CONSENT_755}", consent.PartQuery) {
		fmt.Println(s.Kind, s.Macro, "-", s.Description)
	}
	// Output:
	// tcf GDPR_CONSENT_755 - macro ${GDPR_CONSENT_755}, not filled: the page sent the ad tag's template without a value
}

func ExampleFromCookie() {
	for _, s := range consent.FromCookie("cookieyes-consent", "consentid:abc,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no,other:no") {
		fmt.Println(s.Source, s.Choice)
		for _, p := range s.Purposes {
			fmt.Println(" ", p.Name, p.Category, p.State, p.Category.Tracking())
		}
	}
	// Output:
	// CookieYes reject
	//   necessary necessary granted false
	//   functional functional denied false
	//   analytics analytics denied true
	//   performance analytics denied true
	//   advertisement advertising denied true
	//   other other denied false
}
