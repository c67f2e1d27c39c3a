package decode

import "strings"

// This file decodes the Snap Pixel: tr.snapchat.com/p, an urlencoded POST
// per event (pid, ev, pl page URL, rf referrer, u_hem/u_hpn hashed e-mail
// and phone, u_c1 the _scid cookie, e_* event fields, m_* timings), and
// tr.snapchat.com/cm cookie matching. PROTOCOLS.md §6 (vector S01),
// written from Omnibug's Snapchat provider.

var snapPixel = queryPixel{
	vendor:  VendorSnap,
	labels:  snapLabels,
	label:   snapLabel,
	cookies: snapCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch {
			case p.Name == "pid":
				ev.PixelID = p.Value
			case p.Name == "ev":
				ev.Name = p.Value
			case p.Name == "pl":
				ev.Page = p.Value
			case p.Name == "rf":
				ev.Referrer = p.Value
			case p.Name == "u_c1":
				addID(ev, "u_c1", p.Value, "param u_c1", "Snap browser ID for this site (_scid cookie)")
			case p.Name == "u_hem" || p.Name == "u_hpn":
				userDatum(ev, "", p.Name, p.Name, p.Value, w)
			case p.Name == "u_sclid" || p.Name == "sc_click_id" || p.Name == "ScCid":
				addID(ev, "sclid", p.Value, "param "+p.Name, "Snap click ID: the visit followed a click on a Snapchat ad")
			case strings.HasPrefix(p.Name, "e_"):
				ev.Custom = append(ev.Custom, Custom{Key: p.Name, Raw: p.Value})
			}
		}
		if ev.PixelID == "" {
			w.addf("no pid: the hit names no Snap pixel")
		}
	},
	summary: func(ev *Event) string { return pixelSummary(ev, "Snap pixel event", "for pixel") },
}

var snapLabels = labels{
	"pid":    "pixel ID (the advertiser's Snap pixel)",
	"ev":     "event name",
	"pl":     "page URL the event was sent from",
	"rf":     "referrer of that page",
	"ts":     "event time (ms, browser clock)",
	"v":      "pixel version",
	"if":     "page is in an iframe",
	"bt":     "build tag",
	"u_hem":  "hashed e-mail address",
	"u_hpn":  "hashed phone number",
	"u_c1":   "browser ID for this site (_scid cookie)",
	"e_desc": "event description",
	"e_sm":   "sign-up method",
	"e_su":   "success flag",
	"m_sl":   "timing: script load (ms)",
	"m_rd":   "timing: m_rd (ms)",
	"m_pi":   "timing: pixel initialised (ms)",
	"m_pl":   "timing: page load (ms)",
	"m_ic":   "timing: m_ic",
}

func snapLabel(p Param) string {
	switch {
	case p.Name == "ts":
		return "event time " + msLabel(p.Value) + " (browser clock)"
	case strings.HasPrefix(p.Name, "e_"):
		return "event field: " + p.Name[2:]
	case strings.HasPrefix(p.Name, "m_"):
		return "timing measurement"
	}
	return ""
}

// snapCookies are Snap's cookies on snapchat.com.
var snapCookies = []cookieSpec{
	{name: "sc_at", meaning: "Snap advertising browser ID", id: "sc_at"},
	{name: "_scid", meaning: "Snap browser ID for the site", id: "scid"},
	{name: "X-AB", meaning: "Snap experiment bucket"},
}

// snapRequest decodes other requests to tr.snapchat.com (cookie
// matching at /cm).
var snapRequest = vendorRequest(VendorSnap, "Snap request", snapLabels, snapCookies)
