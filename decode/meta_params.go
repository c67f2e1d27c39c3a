package decode

import (
	"strconv"
	"strings"
	"time"
)

// This file is the Meta Pixel parameter dictionary: what each /tr
// parameter means and what its value decodes to (PROTOCOLS.md §3).

// metaLabels are the fixed labels of Meta Pixel /tr parameters whose
// value needs no decoding.
var metaLabels = map[string]label{
	"id":        {"pixel ID (dataset the event is sent to)", DataTrackerConfig},
	"dl":        {"page URL (document.location) the event was sent from", DataPageURL},
	"rl":        {"referrer of that page (document.referrer)", DataReferrer},
	"sw":        {"screen width in pixels", DataDevice},
	"sh":        {"screen height in pixels", DataDevice},
	"v":         {"pixel library version (fbq.version)", DataTrackerConfig},
	"r":         {"pixel release segment", DataTrackerConfig},
	"ec":        {"event counter for this pixel on this page load (from 0)", DataTechnical},
	"eid":       {"event ID, for de-duplication with the Conversions API", DataTechnical},
	"exp":       {"experiment code (legacy QE)", DataTechnical},
	"fbp":       {"browser ID for this site (_fbp first-party cookie)", DataBrowserID},
	"fbc":       {"click ID (_fbc cookie): a click on a Facebook or Instagram ad", DataClickID},
	"fbcs":      {"recent click IDs (fbc values), comma-separated", DataClickID},
	"aems":      {"Aggregated Event Measurement source tag", DataTechnical},
	"noscript":  {"<noscript> image fallback of the pixel base code", DataTechnical},
	"dlc":       {"dl differs from the live document.location", DataTechnical},
	"rlc":       {"rl differs from the live document.referrer", DataTechnical},
	"de":        {"disabled pixel extensions", DataTrackerConfig},
	"chmd":      {"client hint: device model", DataDevice},
	"chpv":      {"client hint: platform version", DataDevice},
	"chfv":      {"client hint: full browser version", DataDevice},
	"plt":       {"page load time in milliseconds (DOMContentLoaded end minus navigation start)", DataTechnical},
	"iab":       {"in-app browser marker", DataDevice},
	"lspk":      {"local search keywords", DataSearchTerms},
	"ped":       {"private e-mail domain flag (1 Apple relay, 2 iCloud)", DataHashedEmail},
	"apcm_eid":  {"event ID set by the in-app browser PCM bridge", DataTechnical},
	"up_url":    {"names of URL parameters removed from dl", DataTechnical},
	"rp_url":    {"names of referrer parameters removed from rl", DataTechnical},
	"cs_est":    {"cs_est flag (inferred: Meta documents nothing, and fbevents.js 2.9.252 does not set it)", DataTechnical},
	"iss":       {"iss flag (inferred: Meta documents nothing; seen in 2.9.345)", DataTechnical},
	"imft":      {"imft flag (inferred: Meta documents nothing; seen in 2.9.345)", DataTechnical},
	"iw":        {"iw flag (inferred: Meta documents nothing; seen in 2.9.345)", DataTechnical},
	"hrl":       {"hrl (inferred: Meta documents nothing)", DataTechnical},
	"se":        {"se (sendBeacon field; meaning not established)", DataTechnical},
	"ss":        {"ss (sendBeacon field; meaning not established)", DataTechnical},
	"ts_source": {"source of ts", DataTechnical},
	"cf":        {"cf=1: the event was also handed to the site's Conversions API Gateway (openbridge3 plugin)", DataTechnical},
}

// metaFamilies label bracketed parameters by the part before "[".
// Custom data (cd) is typed by its key ([metaCustomType]).
var metaFamilies = map[string]label{
	"cd":    {"custom data", DataCustomEvent},
	"pmd":   {"page metadata", DataPageContent},
	"ap":    {"automatic parameter (scraped product data)", DataPurchase},
	"bfs":   {"bot-detection flag", DataTechnical},
	"expv2": {"experiment (QE v2) result", DataTechnical},
	"oed":   {"pending event data", DataCustomEvent},
	"ie":    {"internal flag", DataTechnical},
}

// metaCustomType types a custom-data key: the keys fbevents.js fills
// itself (button and form features, page data scraped for Microdata
// events), then the standard keys every tracker shares.
func metaCustomType(key string) DataType {
	switch key {
	case "buttonFeatures":
		return DataButtonText
	case "pageFeatures", "Meta", "MetaTag", "OpenGraph", "Schema.org", "JSON-LD":
		return DataPageContent
	case "referrer":
		return DataReferrer
	case "userAgent", "language":
		return DataDevice
	}
	return customDataType(key)
}

// metaUserDataFamilies describe the personal-data families.
var metaUserDataFamilies = map[string]string{
	"ud":    "Advanced Matching",
	"udff":  "Advanced Matching, read from a form field the visitor filled in",
	"aud":   "Advanced Matching, alternate normalisation",
	"audff": "Advanced Matching, alternate normalisation, read from a form field",
	"cud":   "shape of the raw value",
	"cudff": "shape of the raw value read from a form field",
	"ncud":  "shape of the normalised value",
}

// metaFields name the Advanced Matching keys (PROTOCOLS.md §3.5).
var metaFields = map[string]string{
	"em":          "e-mail",
	"ph":          "phone",
	"fn":          "first name",
	"ln":          "last name",
	"ge":          "gender",
	"db":          "date of birth",
	"ct":          "city",
	"st":          "state",
	"zp":          "postcode",
	"country":     "country",
	"external_id": "site's user ID",
	"doby":        "birth year",
	"dobm":        "birth month",
	"dobd":        "birth day",
	"uid":         "user ID (sent unhashed by design)",
}

func metaFieldName(k string) string {
	if n, ok := metaFields[k]; ok {
		return n
	}
	return k
}

// metaInternalFlags are the ie[…] flags.
var metaInternalFlags = map[string]string{
	"a": "automatic single-page-app PageView",
	"c": "a plugin overwrote a parameter",
	"d": "event name was missing",
	"e": "click on an extended selector",
}

// metaStandardEvents are Meta's standard event names (PROTOCOLS.md §4.1).
var metaStandardEvents = []string{
	"AddPaymentInfo", "AddToCart", "AddToWishlist", "CompleteRegistration",
	"Contact", "CustomizeProduct", "Donate", "FindLocation",
	"InitiateCheckout", "Lead", "PageView", "Purchase", "Schedule", "Search",
	"StartTrial", "SubmitApplication", "Subscribe", "ViewContent",
}

// metaEventClass classifies an event name: "standard", "automatic",
// "internal", "legacy" (numeric: an old conversion-pixel ID), "custom",
// or "" when there is none. canonical is the standard spelling when the
// name is a standard event in another case.
func metaEventClass(name string) (class, canonical string) {
	switch name {
	case "":
		return "", ""
	case "SubscribedButtonClick", "Microdata":
		return "automatic", name
	case "PixelInitialized":
		return "internal", name
	}
	for _, s := range metaStandardEvents {
		if strings.EqualFold(name, s) {
			return "standard", s
		}
	}
	if isDigits(name) {
		return "legacy", name
	}
	return "custom", name
}

// metaOptBits are the opttracking bits of o (PROTOCOLS.md §3.6).
var metaOptBits = []struct {
	bit  int64
	name string
}{
	{1, "AUTO_CONFIG_OPT_OUT"}, {2, "AUTO_CONFIG"}, {4, "CONFIG_LOADING"},
	{8, "SUPPORTS_DEFINE_PROPERTY"}, {16, "SUPPORTS_SEND_BEACON"},
	{32, "HAS_INVALIDATED_PII"}, {64, "SHOULD_PROXY"}, {128, "IS_HEADLESS"},
	{256, "IS_SELENIUM"}, {512, "HAS_DETECTION_FAILED"},
	{1024, "HAS_CONFLICTING_PII"}, {2048, "HAS_AUTOMATCHED_PII"},
	{4096, "FIRST_PARTY_COOKIES"}, {8192, "IS_SHADOW_TEST"},
}

// metaOptNames decodes the o bitmask into bit names.
func metaOptNames(v string) ([]string, bool) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return nil, false
	}
	var names []string
	for _, b := range metaOptBits {
		if n&b.bit != 0 {
			names = append(names, b.name)
			n &^= b.bit
		}
	}
	for bit := int64(1); n != 0; bit <<= 1 {
		if n&bit != 0 {
			names = append(names, "unknown bit "+strconv.FormatInt(bit, 10))
			n &^= bit
		}
	}
	return names, true
}

// metaTrackMethod names the tm values.
func metaTrackMethod(v string) string {
	switch v {
	case "0":
		return "fbq('track'): standard event"
	case "1":
		return "fbq('trackSingle'): standard event for one pixel"
	case "2":
		return "fbq('trackSingleCustom'): custom event for one pixel"
	case "3":
		return "trackSingleSystem: generated by the pixel itself"
	case "4":
		return "fbq('trackCustom'): custom event"
	case "5":
		return "trackSystem: generated by the pixel itself"
	}
	return ""
}

// metaTransport names the rqm values.
func metaTransport(v string) string {
	switch v {
	case "GET":
		return "GET image request"
	case "FGET":
		return "GET image with attributionsrc (privacy-sandbox copy)"
	case "SB":
		return "navigator.sendBeacon (multipart POST)"
	case "formPOST":
		return "hidden iframe form POST"
	case "fetch":
		return "fetch()"
	}
	return ""
}

// metaLabel returns the label of a /tr parameter, adding warnings for
// values an investigator should know about.
func metaLabel(name, value string, w *warnings) label {
	if l, ok := metaLabels[name]; ok {
		return l
	}
	if l, ok := metaValueLabel(name, value); ok {
		return l
	}
	switch name {
	case "ev":
		return label{metaEventLabel(value), DataEventName}
	case "ts":
		return label{"event time " + msLabel(value) + " (browser clock)", DataTechnical}
	case "it":
		if value == "-1" {
			return label{"pixel init time: never initialised", DataTechnical}
		}
		return label{"pixel init time " + msLabel(value) + " (browser clock)", DataTechnical}
	case "if":
		return label{"page is in an iframe: " + value, DataTechnical}
	case "o":
		names, ok := metaOptNames(value)
		if !ok {
			return label{"pixel option bitmask (not a number)", DataTrackerConfig}
		}
		for _, n := range names {
			if n == "IS_HEADLESS" || n == "IS_SELENIUM" {
				w.addf("o=%s: the pixel detected an automated browser (%s); the capture was probably made by a crawler", value, n)
			}
		}
		if len(names) == 0 {
			return label{"pixel option bitmask: none", DataTrackerConfig}
		}
		return label{"pixel option bitmask: " + strings.Join(names, "|"), DataTrackerConfig}
	case "es":
		if value == "automatic" {
			return label{"system category: automatic (generated by the pixel itself, not by a site call)", DataTechnical}
		}
		return label{"system category", DataTechnical}
	case "tm":
		if m := metaTrackMethod(value); m != "" {
			return label{"track method: " + m, DataTechnical}
		}
		return label{"track method", DataTechnical}
	case "rqm":
		if t := metaTransport(value); t != "" {
			return label{"transport: " + t, DataTechnical}
		}
		return label{"transport", DataTechnical}
	}
	family, key, ok := splitBracket(name)
	if !ok {
		return label{}
	}
	if desc, ok := metaUserDataFamilies[family]; ok {
		return label{desc + ": " + metaFieldName(key), metaUserDataType(family, key)}
	}
	switch family {
	case "ie":
		if f, ok := metaInternalFlags[key]; ok {
			return label{"internal flag: " + f, DataTechnical}
		}
	case "oed":
		if key == "event_id" {
			return label{"pending Lead event ID (_fbleid cookie)", DataTechnical}
		}
	case "cd":
		return label{"custom data: " + key, metaCustomType(key)}
	case "pmd":
		if l, ok := metaPageMetadata[key]; ok {
			return l
		}
	case "expv2":
		// fbevents.js setAsDict: one indexed key per experiment universe.
		return label{"experiment (QE v2) result " + key + " (inferred: an experiment's code and the group this browser is in; Meta documents nothing)", DataTechnical}
	}
	if l, ok := metaFamilies[family]; ok {
		l.text += ": " + key
		return l
	}
	return label{}
}

// metaUserDataType types a personal-data field by its key: hashed e-mail,
// phone, or other personal details; the site's user IDs are account
// identifiers; the shape masks (cud, cudff, ncud) reveal only the length
// and form of a value, and are technical. [Registry.Decode] retypes a
// hashed field sent in plain text ([markPlainPersonal]).
func metaUserDataType(family, key string) DataType {
	switch {
	case isShapeFamily(family):
		return DataTechnical
	case key == "em":
		return DataHashedEmail
	case key == "ph":
		return DataHashedPhone
	case key == "external_id" || key == "uid":
		return DataAccountID
	}
	return DataHashedPersonal
}

func metaEventLabel(name string) string {
	class, canonical := metaEventClass(name)
	switch class {
	case "standard":
		if canonical != name {
			return "event name: standard event " + canonical + " written in another case"
		}
		return "event name: standard event"
	case "automatic":
		return "event name: automatic event generated by the pixel"
	case "internal":
		return "event name: pixel initialisation"
	case "legacy":
		return "event name: numeric, a legacy conversion-tracking pixel ID (fbds.js era)"
	case "custom":
		return "event name: custom event named by the site"
	}
	return "event name"
}

// msLabel renders a millisecond Unix time as UTC RFC 3339 with
// milliseconds, or says it is not one.
func msLabel(v string) string {
	if t, ok := parseMillis(v); ok {
		return t
	}
	return "(not a millisecond timestamp: " + strconv.Quote(v) + ")"
}

// parseMillis parses a millisecond Unix time (as JavaScript's Date.now()).
func parseMillis(v string) (string, bool) {
	if !isDigits(v) || len(v) > 15 {
		return "", false
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return "", false
	}
	return formatTime(time.UnixMilli(ms)), true
}

// timeLayout is UTC RFC 3339 with milliseconds, the format of every time
// haruspex writes.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitBracket splits "cd[buttonText]" into "cd" and "buttonText".
func splitBracket(name string) (family, key string, ok bool) {
	i := strings.IndexByte(name, '[')
	if i <= 0 || !strings.HasSuffix(name, "]") {
		return "", "", false
	}
	return name[:i], name[i+1 : len(name)-1], true
}
