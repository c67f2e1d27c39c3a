package decode

import "strings"

// This file decodes Pardot (Salesforce Marketing Cloud Account
// Engagement): pd.js requests pi.pardot.com/analytics (or the site's
// tracker domain) for each page with account_id and campaign_id naming
// the site's Pardot account, url, title and referrer the page, and
// visitor_id the visitor_id<account> cookie, Pardot's ID for the browser,
// which Pardot joins to a named prospect once the visitor fills in a
// form or clicks a link in a Pardot e-mail. pi_email, sent by some
// integrations, names the prospect by e-mail address. Written from
// Salesforce's help pages on the Account Engagement tracking code and
// cookies (help.salesforce.com, "Tracking Code", "Account Engagement
// Cookies"), Segment's Pardot integration
// (which builds this request: pi_email, pi_opt_in, visitor_id) and real
// requests named in pardot_test.go.

var pardotAnalytics = queryPixel{
	vendor:  VendorPardot,
	labels:  pardotLabels,
	cookies: pardotCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		ev.Name = "page view"
		for _, p := range eff {
			switch p.Name {
			case "account_id":
				ev.PixelID = p.Value
			case "url":
				ev.Page = p.Value
			case "referrer":
				ev.Referrer = p.Value
			case "visitor_id":
				addID(ev, "pardot_visitor_id", p.Value, "param visitor_id", label{"Pardot visitor ID for this browser (visitor_id<account> cookie), joined to a named prospect once known", DataBrowserID})
			case "pi_email":
				if p.Value != "" {
					ev.Name = "identify (names the prospect)"
				}
				userDatum(ev, "", "pi_email", "pi_email", p.Value, w)
			case "title":
				ev.Custom = append(ev.Custom, Custom{Key: "title", Raw: p.Value})
			}
		}
		if ev.PixelID == "" {
			w.addf("no account_id: the hit names no Pardot account")
		}
	},
	summary: func(ev *Event) string {
		return pixelSummary(ev, "Pardot (Salesforce Account Engagement) tracking", "for account")
	},
}

var pardotLabels = labels{
	"ver":             {"tracking code version", DataTrackerConfig},
	"account_id":      {"Pardot account ID (the site's)", DataTrackerConfig},
	"campaign_id":     {"Pardot campaign ID", DataAdCampaign},
	"visitor_id":      {"visitor ID (visitor_id<account> cookie)", DataBrowserID},
	"visitor_id_sign": {"signature of the visitor ID", DataTechnical},
	"pi_opt_in":       {"tracking opt-in (pi_opt_in<account> cookie)", DataConsent},
	"pi_email":        {"the visitor's e-mail address (identify)", DataHashedEmail},
	"title":           {"page title", DataPageContent},
	"url":             {"page URL", DataPageURL},
	"referrer":        {"referrer", DataReferrer},
	"pi_profile_id":   {"profile ID", DataTrackerConfig},
	"pi_point":        {"score points for this page", DataTechnical},
}

// pardotCookies are Pardot's cookies; they are named after the account
// (visitor_id<account>), so they are matched by prefix.
var pardotCookies = []cookieSpec{
	{name: "visitor_id", prefix: true, meaning: label{"Pardot visitor ID (visitor_id<account>; -hash: its signature)", DataBrowserID}, id: "pardot_visitor_id", value: pardotCookieValue},
	{name: "pi_opt_in", prefix: true, meaning: label{"Pardot tracking opt-in", DataConsent}},
	{name: "lpv", prefix: true, meaning: label{"Pardot: page view counted (lpv<account>)", DataTechnical}},
	{name: "pardot", meaning: label{"Pardot session cookie", DataBrowserID}},
}

// pardotCookieValue keeps a visitor_id<account> cookie's value (a
// number) and drops its visitor_id<account>-hash companion (a long hex
// signature, not an ID).
func pardotCookieValue(v string, _ *warnings) (string, []Fact) {
	if len(v) >= 40 && strings.Trim(v, "0123456789abcdefABCDEF") == "" {
		return "", nil
	}
	return v, nil
}

// pardotRequest decodes other requests to Pardot's hosts (pd.js, form
// handlers, e-mail link redirects).
var pardotRequest = partnerRequest{
	vendor:   VendorPardot,
	company:  "Pardot (Salesforce)",
	labels:   pardotLabels,
	cookies:  pardotCookies,
	describe: pathDescriber("/pd.js", "tracking code load", "/l/", "form or landing page", "/e/", "e-mail link redirect"),
}
