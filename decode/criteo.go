package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes Criteo, the retargeting company. Its OneTag
// (static.criteo.net/js/ld/ld.js) sends each page's events to
// sslwidget.criteo.com/event (or widget.<region>.criteo.com/event): a
// names the advertiser's account and p0, p1, … are the events, each an
// urlencoded string whose e names it: vh home page, vp product page (p
// the product), vl listing (p the products), vb basket, vc purchase (id
// the order, p the items), ce the visitor's e-mail address (m, hashed or
// not), exd extra data (site_type d/m/t), dis a display call. The uid
// cookie on criteo.com identifies the browser across every site with
// Criteo's tag; gum.criteo.com/sync synchronises it with partners.
// Written from Criteo's OneTag documentation for advertisers
// (help.criteo.com, "All Criteo OneTag events and parameters") and
// Omnibug's CriteoOneTag provider (src/providers/CriteoOneTag.js),
// whose test requests are fixtures, and the corpus's captures
// (ryanair.com 2016, expressen.se 2018, cnn.com 2017).

// criteoEventNames name OneTag's event codes.
var criteoEventNames = map[string]string{
	"vh":  "viewHome",
	"vp":  "viewItem",
	"vl":  "viewList",
	"vb":  "viewBasket",
	"vc":  "trackTransaction",
	"vs":  "viewSearch",
	"ce":  "setEmail",
	"exd": "setSiteType",
	"dis": "display",
	"sd":  "setData",
	"vpg": "viewPage",
	"ac":  "addToCart",
}

// criteoAux are the events that accompany the page's main event.
var criteoAux = map[string]bool{"ce": true, "exd": true, "dis": true, "sd": true}

// decodeCriteoEvent decodes one OneTag /event request.
func decodeCriteoEvent(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorCriteo, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, criteoLabels, func(p Param) label {
		if len(p.Name) > 1 && p.Name[0] == 'p' && isDigits(p.Name[1:]) {
			return label{"OneTag event " + p.Name + " (urlencoded: e=<event>&…)", DataCustomEvent}
		}
		return label{}
	})
	var aux []string
	for _, p := range effectiveParams(ev.Params, &w) {
		switch {
		case p.Name == "a":
			ev.PixelID = p.Value
		case len(p.Name) > 1 && p.Name[0] == 'p' && isDigits(p.Name[1:]):
			sub := parseQuery(p.Value, InQuery, &w)
			code := value(sub, "e")
			name := criteoEventNames[code]
			if name == "" {
				name = code
			}
			if criteoAux[code] {
				aux = append(aux, name)
			} else if ev.Name == "" {
				ev.Name = name
			}
			for _, f := range sub {
				if f.Name == "e" {
					continue
				}
				key := code + "." + f.Name
				switch {
				case code == "ce" && f.Name == "m":
					m := strings.Trim(f.Value, "[]")
					userDatum(&ev, p.Name, "em", p.Name+" (m)", m, &w)
				case code == "exd" && f.Name == "site_type":
					ev.Custom = append(ev.Custom, Custom{Key: "site_type", Raw: f.Value})
				case f.Name == "p" && strings.HasPrefix(f.Value, "["):
					// A product list or an order's items, each an urlencoded
					// string: [i=A122&pr=44.9&q=2,…].
					v := f.Value
					if u, ok := form.Unescape(v, false); ok {
						v = u
					}
					ev.Custom = append(ev.Custom, Custom{Key: key, Raw: v})
				default:
					ev.Custom = append(ev.Custom, Custom{Key: key, Raw: f.Value})
				}
			}
		}
	}
	if ev.Name == "" && len(aux) > 0 {
		ev.Name = aux[0]
	}
	// The personal data of a setEmail event makes its event parameter
	// personal data: typed as hashed, retyped if plain.
	for _, u := range ev.UserData {
		for i := range ev.Params {
			if ev.Params[i].Name == u.Family && ev.Params[i].In != InCookie {
				label{"OneTag event " + u.Family + ": setEmail (m = the visitor's e-mail address)", DataHashedEmail}.apply(&ev.Params[i])
				if u.Class == HashPlain {
					ev.Params[i].Type = DataPlainPersonal
				}
			}
		}
	}
	if ev.PixelID == "" {
		w.addf("no a: the event names no Criteo account")
	}
	addVendorCookies(&ev, e, criteoCookies, &w)
	ev.Warnings = w.list
	s := pixelSummary(&ev, "Criteo OneTag event", "for account")
	if len(aux) > 0 {
		s += " (with " + strings.Join(aux, ", ") + ")"
	}
	ev.Summary = s
	return []Event{ev}, nil
}

var criteoLabels = labels{
	"a":         {"Criteo account ID (the advertiser's)", DataTrackerConfig},
	"v":         {"OneTag version", DataTrackerConfig},
	"tld":       {"site's top-level domain", DataPageURL},
	"adce":      {"ad-blocker check (1 = ads allowed)", DataTechnical},
	"dtycbr":    {"cache buster", DataTechnical},
	"cb":        {"cache buster", DataTechnical},
	"dc":        {"data centre flag", DataTechnical},
	"fu":        {"page URL", DataPageURL},
	"pu":        {"page URL", DataPageURL},
	"ceid":      {"Criteo event ID", DataTechnical},
	"rt":        {"response type", DataTechnical},
	"sc_r":      {"screen resolution", DataDevice},
	"sc_d":      {"screen colour depth", DataDevice},
	"ref":       {"referrer", DataReferrer},
	"p":         {"Criteo account ID", DataTrackerConfig},
	"c":         {"partner ID (cookie sync)", DataTrackerConfig},
	"r":         {"sync redirect mode", DataTechnical},
	"j":         {"JavaScript callback", DataTechnical},
	"ptv":       {"publisher tag version", DataTrackerConfig},
	"profileId": {"publisher profile ID", DataTrackerConfig},
	"av":        {"adapter version", DataTrackerConfig},
}

// criteoCookies are Criteo's cookies on criteo.com and the site's
// cto_bundle.
var criteoCookies = []cookieSpec{
	{name: "uid", meaning: label{"Criteo browser ID: identifies this browser across every site with Criteo's tag", DataBrowserID}, id: "criteo_uid"},
	{name: "cto_bundle", meaning: label{"Criteo first-party cookie of the site: IDs for this browser, encoded", DataBrowserID}, id: "cto_bundle"},
	{name: "optout", meaning: label{"Criteo opt-out", DataConsent}},
	{name: "cto_optout", meaning: label{"Criteo opt-out", DataConsent}},
}

// criteoRequest decodes other requests to Criteo's hosts: cookie syncs
// (gum.criteo.com/sync), display calls (dis.criteo.com), header bidding
// (bidder.criteo.com/cdb) and the library.
var criteoRequest = partnerRequest{
	vendor:   VendorCriteo,
	company:  "Criteo",
	labels:   criteoLabels,
	cookies:  criteoCookies,
	describe: pathDescriber("/sync", "cookie sync", "/dis", "retargeting display call", "/cdb", "header-bidding request", "/js", "library load", "/delivery", "ad delivery"),
}
