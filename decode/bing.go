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
				addID(ev, "mid", p.Value, "param mid", "UET page-load ID: a random UUID the tag creates on each page, joining that page's hits")
			case "sid":
				addID(ev, "sid", p.Value, "param sid", "UET session ID (_uetsid cookie on the site)")
			case "vid":
				addID(ev, "vid", p.Value, "param vid", "UET visitor ID (_uetvid cookie on the site): identifies this browser on the site for up to 13 months")
			case "msclkid":
				if p.Value != "N" {
					addID(ev, "msclkid", p.Value, "param msclkid", "Microsoft Advertising click ID: the visit followed a click on a Microsoft (Bing) ad")
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
	"ti":        "UET tag ID (the advertiser's tag)",
	"Ver":       "UET protocol version",
	"evt":       "event type (pageLoad = page view, custom = an event)",
	"p":         "page URL the hit was sent from",
	"r":         "referrer of that page",
	"tl":        "page title",
	"kw":        "page's keywords meta tag",
	"lt":        "page load time (ms)",
	"pi":        "plug-in information",
	"lg":        "browser language",
	"sw":        "screen width",
	"sh":        "screen height",
	"sc":        "screen colour depth",
	"ec":        "event category",
	"ea":        "event action",
	"el":        "event label",
	"ev":        "event value",
	"gv":        "goal revenue",
	"gc":        "goal currency",
	"prodid":    "product ID",
	"pagetype":  "page type",
	"mid":       "page-load ID (random UUID)",
	"sid":       "session ID (_uetsid cookie)",
	"vid":       "visitor ID (_uetvid cookie)",
	"msclkid":   "Microsoft Advertising click ID (N = none)",
	"rn":        "cache buster",
	"ifm":       "page is in an iframe",
	"spa":       "single-page application",
	"page_path": "page path",
	"en":        "event name",
	"asc":       "consent mode: ad_storage (G granted, D denied)",
	"tpp":       "third-party cookies allowed",
	"bo":        "hit counter",
	"uach":      "client hints",
	"cdb":       "consent data",
	"vids":      "visitor ID state",
}

// bingCookies are Microsoft's cookies on bing.com.
var bingCookies = []cookieSpec{
	{name: "MUID", meaning: "Microsoft user ID: identifies this browser across Microsoft sites and advertising", id: "MUID"},
	{name: "MUIDB", meaning: "Microsoft user ID (backup copy)", id: "MUIDB"},
	{name: "MR", meaning: "Microsoft cookie refresh flag"},
	{name: "SRM_B", meaning: "Microsoft advertising browser ID", id: "SRM_B"},
	{name: "_EDGE_V", meaning: "Microsoft browser ID", id: "_EDGE_V"},
	{name: "ANON", meaning: "Microsoft account ID of a signed-in user (hashed)", id: "ANON"},
}

// bingRequest decodes other requests to bat.bing.com, e.g. bat.js.
var bingRequest = vendorRequest(VendorBing, "Microsoft UET request", bingLabels, bingCookies)
