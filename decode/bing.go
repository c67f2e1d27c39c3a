package decode

import "strconv"

// This file decodes Microsoft Advertising's Universal Event Tracking
// (UET): bat.bing.com/action/0 image hits. ti is the tag; evt the event
// type (pageLoad, custom, …); p and r the page and referrer; mid, sid and
// vid identify the page load, session and visitor. PROTOCOLS.md §6
// (vector B01), written from Omnibug's BingAds provider and Microsoft's
// UET documentation
// (https://help.ads.microsoft.com/#apex/ads/en/56686/2).

var bingUET = queryPixel{
	vendor:  VendorBing,
	labels:  bingLabels,
	cookies: bingCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch p.Name {
			case "ti":
				ev.PixelID = p.Value
			case "evt":
				ev.Name = p.Value
			case "p":
				ev.Page = p.Value
			case "r":
				ev.Referrer = p.Value
			case "ec", "ea", "el", "ev", "gv", "gc", "prodid", "pagetype":
				ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
			case "mid":
				addID(ev, "mid", p.Value, "param mid", label{"UET page-load ID: a random UUID the tag creates on each page, joining that page's hits", DataBrowserID})
			case "sid":
				addID(ev, "sid", p.Value, "param sid", label{"UET session ID (_uetsid cookie on the site)", DataBrowserID})
			case "vid":
				addID(ev, "vid", p.Value, "param vid", label{"UET visitor ID (_uetvid cookie on the site): identifies this browser on the site for up to 13 months", DataBrowserID})
			case "msclkid":
				if p.Value != "N" {
					addID(ev, "msclkid", p.Value, "param msclkid", label{"Microsoft Advertising click ID: the visit followed a click on a Microsoft (Bing) ad", DataClickID})
				}
			}
		}
		if ev.PixelID == "" {
			w.addf("no ti: the hit names no UET tag")
		}
	},
	summary: func(ev *Event) string {
		eff := lastParams(ev.Params)
		var what string
		switch ev.Name {
		case "pageLoad":
			what = "viewed"
			if t := value(eff, "tl"); t != "" {
				what += " " + strconv.Quote(t)
			}
		default:
			what = "UET event"
			for _, c := range ev.Custom {
				what += " " + c.Key + "=" + strconv.Quote(c.Raw)
			}
		}
		s := "Microsoft UET " + summarise(ev.Name, what, ev.Page)
		if ev.PixelID != "" {
			s += " (tag " + ev.PixelID + ")"
		}
		return s
	},
}

var bingLabels = labels{
	"ti":        {"UET tag ID (the advertiser's tag)", DataTrackerConfig},
	"Ver":       {"UET protocol version", DataTechnical},
	"evt":       {"event type (pageLoad = page view, custom = an event)", DataEventName},
	"p":         {"page URL the hit was sent from", DataPageURL},
	"r":         {"referrer of that page", DataReferrer},
	"tl":        {"page title", DataPageContent},
	"kw":        {"page's keywords meta tag", DataPageContent},
	"lt":        {"page load time (ms)", DataTechnical},
	"pi":        {"plug-in information", DataDevice},
	"lg":        {"browser language", DataDevice},
	"sw":        {"screen width", DataDevice},
	"sh":        {"screen height", DataDevice},
	"sc":        {"screen colour depth", DataDevice},
	"ec":        {"event category", DataCustomEvent},
	"ea":        {"event action", DataCustomEvent},
	"el":        {"event label", DataCustomEvent},
	"ev":        {"event value", DataCustomEvent},
	"gv":        {"goal revenue", DataPurchase},
	"gc":        {"goal currency", DataPurchase},
	"prodid":    {"product ID", DataPurchase},
	"pagetype":  {"page type", DataPageContent},
	"mid":       {"page-load ID (random UUID)", DataBrowserID},
	"sid":       {"session ID (_uetsid cookie)", DataBrowserID},
	"vid":       {"visitor ID (_uetvid cookie)", DataBrowserID},
	"msclkid":   {"Microsoft Advertising click ID (N = none)", DataClickID},
	"rn":        {"cache buster", DataTechnical},
	"ifm":       {"page is in an iframe", DataTechnical},
	"spa":       {"single-page application", DataTechnical},
	"page_path": {"page path", DataPageURL},
	"en":        {"event name", DataEventName},
	"asc":       {"consent mode: ad_storage (G granted, D denied)", DataConsent},
	"tpp":       {"third-party cookies allowed", DataDevice},
	"bo":        {"hit counter", DataTechnical},
	"uach":      {"client hints", DataDevice},
	"cdb":       {"consent data", DataConsent},
	"vids":      {"visitor ID state", DataTechnical},
}

// bingCookies are Microsoft's cookies on bing.com.
var bingCookies = []cookieSpec{
	{name: "MUID", meaning: label{"Microsoft user ID: identifies this browser across Microsoft sites and advertising", DataBrowserID}, id: "MUID"},
	{name: "MUIDB", meaning: label{"Microsoft user ID (backup copy)", DataBrowserID}, id: "MUIDB"},
	{name: "MR", meaning: label{"Microsoft cookie refresh flag", DataTechnical}},
	{name: "SRM_B", meaning: label{"Microsoft advertising browser ID", DataBrowserID}, id: "SRM_B"},
	{name: "_EDGE_V", meaning: label{"Microsoft browser ID", DataBrowserID}, id: "_EDGE_V"},
	{name: "ANON", meaning: label{"Microsoft account ID of a signed-in user (hashed)", DataAccountID}, id: "ANON"},
}

// bingRequest decodes other requests to bat.bing.com, e.g. bat.js.
var bingRequest = vendorRequest(VendorBing, "Microsoft UET request", bingLabels, bingCookies)
