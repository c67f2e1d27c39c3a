package decode

// This file decodes the Pinterest Tag: ct.pinterest.com/v3/ and /user/
// image hits. tid names the tag; event the event; ed, pd and ad are JSON:
// event data, personal data (hashed e-mail em) and page data (loc, ref).
// PROTOCOLS.md §6 (vector P01), written from Omnibug's Pinterest provider
// and Pinterest's tag documentation
// (https://help.pinterest.com/en/business/article/track-conversions-with-pinterest-tag).

var pinterestTag = queryPixel{
	vendor:  VendorPinterest,
	labels:  pinterestLabels,
	cookies: pinterestCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		for _, p := range eff {
			switch p.Name {
			case "tid":
				ev.PixelID = p.Value
			case "event":
				ev.Name = p.Value
			case "ed":
				if v := jsonValue(p.Value); v != nil && v.Kind() == '{' {
					ms, _ := objectMembers(v)
					for _, m := range ms {
						c := Custom{Key: m.name, Raw: string(m.value), JSON: jsonValue(string(m.value))}
						if m.value.Kind() == '"' {
							c.Raw = jsonString(m.value)
						}
						ev.Custom = append(ev.Custom, c)
					}
				} else if p.Value != "" {
					w.addf("ed: not a JSON object, kept as sent")
				}
			case "pd":
				v := jsonValue(p.Value)
				if v == nil || v.Kind() != '{' {
					if p.Value != "" {
						w.addf("pd: not a JSON object, kept as sent")
					}
					break
				}
				ms, _ := objectMembers(v)
				for _, m := range ms {
					val := string(m.value)
					if m.value.Kind() == '"' {
						val = jsonString(m.value)
					}
					userDatum(ev, "pd", m.name, "pd."+m.name, val, w)
				}
			case "ad":
				v := jsonValue(p.Value)
				if v == nil || v.Kind() != '{' {
					if p.Value != "" {
						w.addf("ad: not a JSON object, kept as sent")
					}
					break
				}
				ms, _ := objectMembers(v)
				for _, m := range ms {
					if m.value.Kind() != '"' {
						continue
					}
					switch m.name {
					case "loc":
						ev.Page = jsonString(m.value)
					case "ref":
						ev.Referrer = jsonString(m.value)
					}
				}
			case "epik":
				addID(ev, "epik", p.Value, "param epik", label{"Pinterest click ID (_epik cookie): the visit followed a click on a Pinterest ad", DataClickID})
			}
		}
		if ev.PixelID == "" {
			w.addf("no tid: the hit names no Pinterest tag")
		}
	},
	summary: func(ev *Event) string { return pixelSummary(ev, "Pinterest tag event", "for tag") },
}

var pinterestLabels = labels{
	"tid":        {"tag ID (the advertiser's Pinterest tag)", DataTrackerConfig},
	"event":      {"event name", DataEventName},
	"ed":         {"event data (JSON)", DataCustomEvent},
	"pd":         {"personal data (JSON; em = hashed e-mail)", DataHashedEmail},
	"ad":         {"page data (JSON: loc page URL, ref referrer, if iframe, sh/sw screen)", DataPageURL},
	"cb":         {"cache buster (ms)", DataTechnical},
	"noscript":   {"<noscript> image fallback of the tag", DataTechnical},
	"epik":       {"Pinterest click ID (_epik cookie)", DataClickID},
	"pin_unauth": {"Pinterest browser ID (_pin_unauth cookie)", DataBrowserID},
	"dep":        {"tag dependencies", DataTrackerConfig},
	"event_id":   {"event ID, for de-duplication with the Conversions API", DataTechnical},
}

// pinterestCookies are Pinterest's cookies on pinterest.com and the
// site's first-party ones.
var pinterestCookies = []cookieSpec{
	{name: "_pinterest_ct_ua", meaning: label{"Pinterest conversion-tag browser ID", DataBrowserID}, id: "pinterest_ct_ua"},
	{name: "_pinterest_sess", meaning: label{"Pinterest login session", DataLoginSession}, id: "pinterest_sess"},
	{name: "_auth", meaning: label{"Pinterest: the visitor is logged in", DataLoginSession}},
	{name: "_epik", meaning: label{"Pinterest click ID (first-party cookie on the site)", DataClickID}, id: "epik"},
	{name: "_pin_unauth", meaning: label{"Pinterest browser ID for visitors who are not logged in", DataBrowserID}, id: "pin_unauth"},
	{name: "ar_debug", meaning: label{"Pinterest attribution-reporting debug cookie", DataTechnical}},
}

// pinterestRequest decodes other requests to ct.pinterest.com.
var pinterestRequest = vendorRequest(VendorPinterest, "Pinterest request", pinterestLabels, pinterestCookies)
