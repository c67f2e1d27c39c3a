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
				addID(ev, "u_c1", p.Value, "param u_c1", label{"Snap browser ID for this site (_scid cookie)", DataBrowserID})
			case p.Name == "u_hem" || p.Name == "u_hpn":
				userDatum(ev, "", p.Name, p.Name, p.Value, w)
			case p.Name == "u_sclid" || p.Name == "sc_click_id" || p.Name == "ScCid":
				addID(ev, "sclid", p.Value, "param "+p.Name, label{"Snap click ID: the visit followed a click on a Snapchat ad", DataClickID})
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
	"pid":    {"pixel ID (the advertiser's Snap pixel)", DataTrackerConfig},
	"ev":     {"event name", DataEventName},
	"pl":     {"page URL the event was sent from", DataPageURL},
	"rf":     {"referrer of that page", DataReferrer},
	"ts":     {"event time (ms, browser clock)", DataTechnical},
	"v":      {"pixel version", DataTrackerConfig},
	"if":     {"page is in an iframe", DataTechnical},
	"bt":     {"build tag", DataTrackerConfig},
	"u_hem":  {"hashed e-mail address", DataHashedEmail},
	"u_hpn":  {"hashed phone number", DataHashedPhone},
	"u_c1":   {"browser ID for this site (_scid cookie)", DataBrowserID},
	"e_desc": {"event description", DataCustomEvent},
	"e_sm":   {"sign-up method", DataCustomEvent},
	"e_su":   {"success flag", DataCustomEvent},
	"m_sl":   {"timing: script load (ms)", DataTechnical},
	"m_rd":   {"timing: m_rd (ms)", DataTechnical},
	"m_pi":   {"timing: pixel initialised (ms)", DataTechnical},
	"m_pl":   {"timing: page load (ms)", DataTechnical},
	"m_ic":   {"timing: m_ic", DataTechnical},
}

func snapLabel(p Param) label {
	switch {
	case p.Name == "ts":
		return label{"event time " + msLabel(p.Value) + " (browser clock)", DataTechnical}
	case strings.HasPrefix(p.Name, "e_"):
		return label{"event field: " + p.Name[2:], customDataType(p.Name[2:])}
	case strings.HasPrefix(p.Name, "m_"):
		return label{"timing measurement", DataTechnical}
	}
	return label{}
}

// snapCookies are Snap's cookies on snapchat.com.
var snapCookies = []cookieSpec{
	{name: "sc_at", meaning: label{"Snap advertising browser ID", DataBrowserID}, id: "sc_at"},
	{name: "_scid", meaning: label{"Snap browser ID for the site", DataBrowserID}, id: "scid"},
	{name: "X-AB", meaning: label{"Snap experiment bucket", DataTechnical}},
}

// snapRequest decodes other requests to tr.snapchat.com (cookie
// matching at /cm).
var snapRequest = vendorRequest(VendorSnap, "Snap request", snapLabels, snapCookies)
