package decode

import (
	"bytes"
	"mime"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes the requests the Meta Pixel sends to a site's
// Conversions API Gateway (Meta's internal names: "capig", openbridge,
// cbsdk): the pixel's openbridge3 plugin POSTs each event, as one JSON
// object, to a gateway the advertiser runs on its own subdomain
// (capig.<site>/events) or on a host under conversionsapigateway.com,
// which forwards it to Meta server-side (PROTOCOLS.md §1.1 and §8):
//
//	POST https://capig.shop.example/events?cee=no
//	Content-Type: text/plain;charset=UTF-8
//	{"event_name":"PageView","fb.dynamic_product_ads":{},"custom_data":{…},
//	 "event_id":"ob3_plugin-set_<64 hex>","fb.pixel_id":"1234567890123456",
//	 "fb.advanced_matching":{"em":"<sha256>"},
//	 "website_context":{"location":"https://shop.example/","referrer":"","isInIFrame":false},
//	 "fb.fbp":"fb.1.…"}
//
// The member names are those of the configuration script of pixel
// 2.9.252 (CFG-252: event_name, conversion_value, automatic_parameters,
// fb.order_id, fb.dynamic_product_ads, custom_data, fb.num_items,
// fb.predicted_ltv, fb.registration_status, fb.search_string, event_id,
// fb.pixel_id, fb.advanced_matching, website_context,
// fb.data_processing_options, fb.fbp, fb.clickID, event_meta_info). The
// same code shows that the gateway event carries the event ID of the
// pixel's /tr request (eid), that a SubscribedButtonClick is renamed
// InputData and sent without its custom data, only when form fields gave
// personal data, and that the /tr twin of any other event gets cf=1.
//
// A gateway event is a copy of the pixel event ([KindDuplicate]): when
// the /tr request with the same pixel, event name and event ID is in the
// capture, [FoldDuplicates] folds the gateway request into it; when it is
// not (the gateway was the only route, as when a site suppresses the
// browser events), the gateway request is the only record of the event.

// metaGateway decodes a request to a gateway's /events path. On any host
// (anyHost) it takes only requests whose body has the gateway's shape,
// so that a site's own /events pages and APIs stay generic requests; on
// a gateway host (conversionsapigateway.com) any other request becomes
// a Meta request.
type metaGateway struct{ anyHost bool }

var (
	_ Decoder = metaGateway{}
	_ claimer = metaGateway{}
)

// claims takes, on any host, only what can be a gateway call: a POST
// whose body, if its type is recorded, is text or JSON. The body itself
// is checked by Decode.
func (g metaGateway) claims(e *har.Entry) bool {
	if !g.anyHost {
		return true
	}
	if !strings.EqualFold(e.Request.Method, "POST") {
		return false
	}
	ctype, _ := e.Request.Header("Content-Type")
	if pd := e.Request.PostData; pd != nil && pd.MimeType != "" {
		ctype = pd.MimeType
	}
	if ctype == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ctype)
	return err == nil && (mt == "text/plain" || mt == "application/json")
}

// Decode decodes a gateway call into one event; on any host it returns
// no event (and so a generic one) for a body that is not a gateway
// event.
func (g metaGateway) Decode(e *har.Entry) ([]Event, error) {
	var w warnings
	body, _ := bodyText(e, &w)
	doc := jsontext.Value(strings.TrimSpace(body)).Clone()
	var members []member
	if err := doc.Compact(jsonOpts); err == nil && doc.Kind() == '{' {
		members, _ = objectMembers(doc)
	}
	if !isGatewayEvent(members) {
		if g.anyHost {
			return nil, nil
		}
		ev := metaNonEvent(e, KindRequest, nil)
		ev.Gateway = ev.Host
		ev.Summary = "request to Meta's Conversions API Gateway at " + ev.Host + ": " + genericSummary(&ev)
		return []Event{ev}, nil
	}
	ev := newVendorEvent(e, VendorMeta, KindDuplicate)
	ev.Gateway = ev.Host
	ps := queryParams(e, &w)
	applyLabels(ps, labels{"cee": {"cee=no: the gateway is told not to enrich the event (enrichmentDisabled in the pixel's gateway configuration)", DataTrackerConfig}}, nil)
	for _, m := range members {
		ps = append(ps, jsonParams(m.name, m.value)...)
		if m.name == "custom_data" && m.value.Kind() == '{' {
			ev.Custom = gatewayCustom(m.value)
		}
	}
	for i := range ps {
		p := &ps[i]
		if p.In != InBody {
			continue
		}
		gatewayLabel(p.Name, p.Value).apply(p)
		switch key, family := gatewayMember(p.Name); {
		case p.Name == "event_name":
			ev.Name = p.Value
		case p.Name == "fb.pixel_id":
			ev.PixelID = metaPixelID(p.Value, &w)
		case p.Name == "website_context.location":
			ev.Page = p.Value
		case p.Name == "website_context.referrer" && p.Value != "null":
			ev.Referrer = p.Value
		case p.Name == "fb.fbp":
			id := metaCookieID("fbp", p.Value, &w)
			id.From = "fb.fbp"
			ev.IDs = append(ev.IDs, id)
		case p.Name == "fb.clickID":
			ev.IDs = append(ev.IDs, gatewayClickID(p.Value, &w))
		case key != "" && gatewayHashedFields[key]:
			u := gatewayUserDatum(p.Name, family, key, p.Value, &w)
			ev.UserData = append(ev.UserData, u)
			p.Label += " (" + u.Class.describe() + ")"
			if key == "external_id" && p.Value != "" {
				addID(&ev, "external_id", p.Value, p.Name, label{"the site's own ID for the visitor (Advanced Matching, sent to the gateway), " + u.Class.describe(), DataAccountID})
			}
		case key != "":
			if l, ok := gatewayIDs[key]; ok {
				addID(&ev, key, p.Value, p.Name, l)
			}
		}
	}
	ev.Params = ps
	addGatewayCookies(&ev, e)
	if ev.Name == "InputData" && len(ev.UserData) == 0 {
		w.addf("InputData without personal data: the pixel sends InputData to the gateway only when form fields gave some")
	}
	ev.Warnings = w.list
	ev.Summary = gatewaySummary(&ev)
	return []Event{ev}, nil
}

// isGatewayEvent reports whether a JSON object's members are a gateway
// event's: it names the event and the pixel.
func isGatewayEvent(ms []member) bool {
	var name, pixel bool
	for _, m := range ms {
		switch m.name {
		case "event_name":
			name = m.value.Kind() == '"'
		case "fb.pixel_id":
			pixel = m.value.Kind() == '"' || m.value.Kind() == '0'
		}
	}
	return name && pixel
}

// gatewayUserData are the members holding personal data:
// fb.advanced_matching, what the pixel sends, and user_data, which the
// pixel of 2.9.252 removes before sending (moved into
// fb.advanced_matching when that is missing) but other versions may not.
var gatewayUserData = []string{"fb.advanced_matching", "user_data"}

// gatewayMember returns the field of a personal-data member
// ("fb.advanced_matching.em" gives "em") and its family.
func gatewayMember(name string) (field, family string) {
	for _, f := range gatewayUserData {
		if k, ok := strings.CutPrefix(name, f+"."); ok && k != "" && !strings.ContainsAny(k, ".[") {
			return k, f
		}
	}
	return "", ""
}

// gatewayHashedFields are the Advanced Matching fields that the gateway
// SDK normalises and hashes (SHA-256), and external_id, which it passes
// unchanged; the others it passes unchanged are identifiers
// ([gatewayIDs]) or device data.
var gatewayHashedFields = map[string]bool{
	"em": true, "ph": true, "fn": true, "ln": true, "ge": true, "db": true,
	"ct": true, "st": true, "zp": true, "country": true, "external_id": true,
}

// gatewayUserDatum classifies one personal-data value sent to the
// gateway, and warns as for the pixel's own (external_id, which the
// gateway SDK never hashes, is said to be unhashed by design).
func gatewayUserDatum(param, family, field, value string, w *warnings) UserDatum {
	u := UserDatum{Family: family, Field: field, Value: value, Class: ClassifyHash(value)}
	switch u.Class {
	case HashPlain:
		if field == "external_id" {
			w.addf("%s: the site's user ID sent unhashed (the gateway SDK passes it unchanged)", param)
		} else {
			w.addf("%s: %s sent NOT HASHED: plain-text personal data", param, metaFieldName(field))
		}
	case HashMD5, HashSHA256Undefined, HashSHA256Empty, HashSHA256Null:
		w.addf("%s: %s", param, u.Class.describe())
	}
	return u
}

// gatewayIDs are the identifying fields the gateway SDK sends unhashed.
var gatewayIDs = map[string]label{
	"fb_login_id":     {"the visitor's Facebook login ID (the ID Facebook Login gave the site for this person), sent unhashed", DataAccountID},
	"lead_id":         {"Meta lead ID: the lead form the visitor filled in on Facebook or Instagram, sent unhashed", DataAccountID},
	"subscription_id": {"the site's subscription ID for the visitor, sent unhashed", DataAccountID},
	"madid":           {"mobile advertiser ID of the visitor's device, sent unhashed", DataBrowserID},
}

// gatewayOtherFields label the other fields of the personal-data
// members, which the gateway SDK passes unchanged.
var gatewayOtherFields = map[string]label{
	"chmd":         {"client hint: device model", DataDevice},
	"chpv":         {"client hint: platform version", DataDevice},
	"chfv":         {"client hint: full browser version", DataDevice},
	"partner_id":   {"partner ID of the integration", DataTrackerConfig},
	"partner_name": {"partner name of the integration", DataTrackerConfig},
}

// gatewayLabels are the fixed labels of the gateway body's members.
var gatewayLabels = labels{
	"event_name":                 {"event name", DataEventName},
	"event_id":                   {"event ID: the same as the eid of the pixel's /tr request for this event, and what Meta de-duplicates the two on", DataTechnical},
	"fb.pixel_id":                {"pixel ID (dataset the event is forwarded to)", DataTrackerConfig},
	"fb.fbp":                     {"browser ID for this site (_fbp first-party cookie)", DataBrowserID},
	"fb.clickID":                 {"click ID (_fbc cookie, or the fbclid in the page URL): a click on a Facebook or Instagram ad", DataClickID},
	"website_context.location":   {"page URL the event was sent from (the referrer instead, in an iframe)", DataPageURL},
	"website_context.referrer":   {"referrer of that page", DataReferrer},
	"website_context.isInIFrame": {"page is in an iframe", DataTechnical},
	"fb.order_id":                {"order ID", DataPurchase},
	"fb.num_items":               {"number of items", DataPurchase},
	"fb.predicted_ltv":           {"predicted lifetime value of the customer", DataPurchase},
	"fb.registration_status":     {"registration status", DataCustomEvent},
	"fb.search_string":           {"search string", DataSearchTerms},
	"conversion_value.value":     {"conversion value", DataPurchase},
	"conversion_value.currency":  {"conversion currency", DataPurchase},
	"fb.dynamic_product_ads":     {"dynamic product ads data: none", DataPurchase},
	"fb.advanced_matching":       {"Advanced Matching: none", DataHashedPersonal},
	"fb.data_processing_options": {"Data Processing Options: none", DataConsent},
	"custom_data":                {"custom data: none", DataCustomEvent},
	"automatic_parameters":       {"automatic parameters: none", DataPurchase},
	"event_meta_info":            {"event metadata: none", DataTechnical},
}

// gatewayLabel labels one member of the gateway body, named by its path.
func gatewayLabel(name, value string) label {
	if name == "event_name" && value == "InputData" {
		return label{"event name: InputData, the gateway's name for the pixel's automatic SubscribedButtonClick (a button click; sent with the personal data of the form's fields, without the button's text)", DataEventName}
	}
	if name == "event_name" {
		return label{metaEventLabel(value), DataEventName}
	}
	if l, ok := gatewayLabels[name]; ok {
		return l
	}
	if field, family := gatewayMember(name); field != "" {
		what := "Advanced Matching sent to the gateway"
		if family == "user_data" {
			what = "user data sent to the gateway"
		}
		if l, ok := gatewayIDs[field]; ok {
			return label{what + ": " + l.text, l.typ}
		}
		if l, ok := gatewayOtherFields[field]; ok {
			return label{what + ": " + l.text, l.typ}
		}
		return label{what + ": " + metaFieldName(field), metaUserDataType("ud", field)}
	}
	for _, f := range []struct {
		prefix string
		l      label
	}{
		{"custom_data.", label{"custom data: ", DataCustomEvent}},
		{"fb.dynamic_product_ads.", label{"dynamic product ads data: ", DataPurchase}},
		{"automatic_parameters.", label{"automatic parameter (scraped product data): ", DataPurchase}},
		{"fb.data_processing_options.", label{"Data Processing Options: ", DataConsent}},
		{"event_meta_info.", label{"event metadata (experiments, click-ID sources): ", DataTechnical}},
	} {
		if k, ok := strings.CutPrefix(name, f.prefix); ok {
			if f.prefix == "custom_data." {
				return label{f.l.text + k, metaCustomType(propertyKey(k))}
			}
			return label{f.l.text + k, f.l.typ}
		}
	}
	return label{}
}

// gatewayCustom returns the members of custom_data as custom data, one
// per key: objects and arrays as JSON, strings unquoted, other values as
// written.
func gatewayCustom(obj jsontext.Value) []Custom {
	ms, _ := objectMembers(obj)
	out := make([]Custom, 0, len(ms))
	for _, m := range ms {
		c := Custom{Key: m.name}
		switch m.value.Kind() {
		case '{', '[':
			c.Raw, c.JSON = string(m.value), m.value
		case '"':
			d := jsontext.NewDecoder(bytes.NewReader(m.value))
			t, _ := d.ReadToken()
			c.Raw = form.ValidUTF8(t.String())
		default:
			c.Raw = string(m.value)
		}
		out = append(out, c)
	}
	return out
}

// gatewayClickID decodes fb.clickID: the _fbc cookie's value, or, when
// the pixel had none, the fbclid read from the page URL.
func gatewayClickID(v string, w *warnings) ID {
	if strings.HasPrefix(v, "fb.") {
		id := metaCookieID("fbc", v, w)
		id.From = "fb.clickID"
		return id
	}
	return ID{Name: "fbc", Value: v, From: "fb.clickID", Type: DataClickID,
		Meaning: "Meta click ID (the fbclid of the page URL): links the visit to a click on a Facebook or Instagram ad",
		Facts:   []Fact{{Name: "fbclid", Value: v}}}
}

// gatewayCookies label the first-party cookies a gateway call carries
// (the pixel sends it with credentials): the trackers' site cookies and
// the consent cookies of the common consent platforms (PROTOCOLS.md §9).
// They are labelled, not made identifiers: the gateway, the site's own
// server, receives them; what it forwards to Meta is the body.
var gatewayConsentCookies = []cookieSpec{
	{name: "OptanonConsent", meaning: label{"OneTrust consent cookie: the visitor's choices per cookie group (C0001:1,C0002:0 …)", DataConsent}},
	{name: "OptanonAlertBoxClosed", meaning: label{"OneTrust cookie: when the visitor closed the consent banner", DataConsent}},
	{name: "euconsent-v2", meaning: label{"IAB TCF consent string of the site's consent platform", DataConsent}},
}

// addGatewayCookies appends the request's cookies to ev.Params, labelled
// from the site-cookie and consent tables, and sets ev.Cookies.
func addGatewayCookies(ev *Event, e *har.Entry) {
	cookies, status := requestCookies(&e.Request)
	ev.Cookies = status
	for _, c := range cookies {
		s := matchCookie(siteCookies, c.Name)
		if s == nil {
			s = matchCookie(gatewayConsentCookies, c.Name)
		}
		if s != nil {
			s.meaning.apply(&c)
		}
		ev.Params = append(ev.Params, c)
	}
}

// gatewaySummary writes the summary of a gateway event: the pixel event's
// own, then the gateway it went through.
func gatewaySummary(ev *Event) string {
	var s string
	if ev.Name == "InputData" {
		s = "InputData: a button click (the gateway's name for SubscribedButtonClick)"
		if ev.Page != "" {
			s += " on " + ev.Page
		}
		if pd := personalDataPhrase(ev.UserData); pd != "" {
			s += "; with " + pd
		}
	} else {
		s = metaSummary(ev)
	}
	return s + " (sent through the Conversions API Gateway at " + ev.Gateway + ")"
}
