package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// siteCookies are trackers' first-party cookies: the browser sends them to
// the site itself, and each tracker copies its own into a parameter of its
// requests. Each gives the ID its decoder names from that parameter, with
// the same value.
var siteCookies = []cookieSpec{
	{name: "_fbp", meaning: label{"Meta browser ID for this site (_fbp cookie)", DataBrowserID}, id: "fbp", value: metaCookieValue("fbp")},
	{name: "_fbc", meaning: label{"Meta click ID for this site (_fbc cookie): the visit followed a click on a Facebook or Instagram ad", DataClickID}, id: "fbc", value: metaCookieValue("fbc")},
	{name: "_ga", meaning: gaClientIDMeaning, id: "cid", value: gaCookieClientID},
	{name: "_gid", meaning: label{"Google Analytics 24-hour browser ID", DataBrowserID}, id: "gid", value: gaCookieClientID},
	{name: "_gcl_au", meaning: label{"Google Ads conversion-linker browser ID", DataBrowserID}, id: "gcl_au", value: dropVersionPrefix},
	{name: "_ttp", meaning: label{"TikTok browser ID for this site", DataBrowserID}, id: "ttp"},
	{name: "_scid", meaning: label{"Snap browser ID for this site", DataBrowserID}, id: "u_c1"},
	{name: "_rdt_uuid", meaning: label{"Reddit browser ID for this site", DataBrowserID}, id: "uuid"},
	{name: "_uetvid", meaning: label{"Microsoft UET visitor ID for this site", DataBrowserID}, id: "vid"},
	{name: "li_fat_id", meaning: label{"LinkedIn first-party click ID", DataClickID}, id: "li_fat_id"},
	{name: "_epik", meaning: label{"Pinterest click ID", DataClickID}, id: "epik"},
	// Google family (issue 18): classic GA copies __utma into utmcc
	// (gaclassic.go), Ad Manager and AdSense __gads into cookie
	// (admanager.go).
	{name: "__utma", meaning: gaClassicVisitorMeaning, id: "cid", value: utmaCookieVisitor},
	{name: "__gads", meaning: label{"Google ad-serving cookie of the site (__gads): identifies this browser to Google's ads on this site", DataBrowserID}, id: "gads"},
	// Other vendors (issue 18): each names the ID its decoder gives the
	// same value (sitecookies_vendors.go has the value readers).
	{name: "AMCV_", prefix: true, meaning: label{"Adobe Experience Cloud ID for this site (AMCV_ cookie)", DataBrowserID}, id: "adobe_mid", value: adobeAMCV},
	{name: "s_ecid", meaning: label{"Adobe Experience Cloud ID for this site (s_ecid cookie)", DataBrowserID}, id: "adobe_mid", value: adobeAMCV},
	{name: "s_fid", meaning: label{"Adobe Analytics fallback visitor ID for this site", DataBrowserID}, id: "adobe_fid"},
	{name: "ajs_anonymous_id", meaning: label{"Segment anonymous ID for this site", DataBrowserID}, id: "ajs_anonymous_id", value: unquoteCookie},
	{name: "ajs_user_id", meaning: label{"the site's user ID, stored by Segment", DataAccountID}, id: "ajs_user_id", value: unquoteCookie},
	{name: "_hjSessionUser_", prefix: true, meaning: label{"Hotjar user ID for this site", DataBrowserID}, id: "hotjar_user_id", value: hotjarCookieID},
	{name: "_clck", meaning: label{"Microsoft Clarity user ID for this site", DataBrowserID}, id: "clarity_user_id", value: clarityCookieID},
	{name: "_clsk", meaning: label{"Microsoft Clarity session ID", DataBrowserID}, id: "clarity_session_id", value: clarityCookieID},
	{name: "__qca", meaning: label{"Quantcast browser ID for this site", DataBrowserID}, id: "qca"},
	{name: "_cb", meaning: label{"Chartbeat user ID for this site", DataBrowserID}, id: "chartbeat_uid"},
	{name: "_ym_uid", meaning: label{"Yandex Metrica user ID for this site", DataBrowserID}, id: "_ym_uid"},
	{name: "hubspotutk", meaning: label{"HubSpot visitor ID for this site", DataBrowserID}, id: "hubspotutk"},
	{name: "_pk_id.", prefix: true, meaning: label{"Matomo visitor ID for this site", DataBrowserID}, id: "_pk_id", value: matomoCookieID},
	{name: "_mkto_trk", meaning: label{"Marketo tracking token for this site", DataBrowserID}, id: "_mkto_trk", value: marketoCookieToken},
	{name: "utag_main", meaning: label{"Tealium visitor ID for this site (utag_main v_id)", DataBrowserID}, id: "tealium_visitor_id", value: tealiumCookieVID},
	{name: "optimizelyEndUserId", meaning: label{"Optimizely visitor ID for this site", DataBrowserID}, id: "optimizely_visitor_id"},
	{name: "_sp_id.", prefix: true, meaning: label{"Snowplow user ID for this site", DataBrowserID}, id: "sp_duid", value: snowplowCookieID},
	{name: "fs_uid", meaning: label{"FullStory user ID for this site", DataBrowserID}, id: "fs_uid", value: fullStoryCookieID},
}

// utmaCookieVisitor turns classic GA's __utma cookie into the visitor ID
// its hits carry (<random>.<first visit>).
func utmaCookieVisitor(v string, w *warnings) (string, []Fact) {
	visitor, facts, ok := utmaFields(v)
	if !ok {
		w.addf("cookie value %q is not in the __utma format", v)
		return v, nil
	}
	return visitor, facts
}

// metaCookieValue returns the value function of Meta's _fbp or _fbc
// cookie: the value as sent in the fbp or fbc parameter, with what it
// decodes to (creation time, fbclid, the parameter builder's appendix).
func metaCookieValue(name string) func(v string, w *warnings) (string, []Fact) {
	return func(v string, w *warnings) (string, []Fact) {
		return v, metaCookieID(name, v, w).Facts
	}
}

// dropVersionPrefix turns a cookie value "1.1.<id>" into "<id>", as the
// tag sends it.
func dropVersionPrefix(v string, _ *warnings) (string, []Fact) {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) == 3 && isDigits(parts[0]) && isDigits(parts[1]) {
		return parts[2], nil
	}
	return v, nil
}

// SiteCookieIDs returns the tracker identifiers among the cookies a
// request carries, named as the decoders name them in [Event.IDs]: the
// _fbp cookie gives "fbp", GA's _ga gives "cid" (without its GA1.1.
// prefix), and so on. On a request to the site itself (the first party),
// these are the cookies of every tracker on the site, sent together by
// one browser: report uses them to link the identifiers that different
// trackers see into one visitor.
func SiteCookieIDs(e *har.Entry) []ID {
	var out []ID
	var w warnings
	form.Cookies(&e.Request, func(name, value string) {
		s := siteCookieIndex.match(name)
		if s == nil {
			return
		}
		id, ok := s.cookieID(name, value, &w)
		if !ok {
			return
		}
		for _, o := range out {
			if o.Name == id.Name && o.Value == id.Value {
				return // the same identifier twice: the first stands
			}
		}
		out = append(out, id)
	})
	return out
}

// siteCookieIndex finds the spec of siteCookies that names a cookie, as
// matchCookie does, without comparing the name with every spec: every
// entry's cookies are looked up (SiteCookieIDs).
var siteCookieIndex = newCookieIndex(siteCookies)

// cookieIndex is a lookup table of cookie specs that gives matchCookie's
// answer: the first spec, in the specs' order, that names the cookie
// exactly or is a prefix of it.
type cookieIndex struct {
	specs  []cookieSpec
	exact  map[string]int // name → the first spec of that exact name
	prefix []int          // the prefix specs, in order
}

func newCookieIndex(specs []cookieSpec) *cookieIndex {
	x := &cookieIndex{specs: specs, exact: map[string]int{}}
	for i, s := range specs {
		if s.prefix {
			x.prefix = append(x.prefix, i)
		} else if _, ok := x.exact[s.name]; !ok {
			x.exact[s.name] = i
		}
	}
	return x
}

func (x *cookieIndex) match(name string) *cookieSpec {
	best, ok := x.exact[name]
	if !ok {
		best = len(x.specs)
	}
	for _, i := range x.prefix {
		if i > best {
			break
		}
		if strings.HasPrefix(name, x.specs[i].name) {
			best = i
			break
		}
	}
	if best == len(x.specs) {
		return nil
	}
	return &x.specs[best]
}
