package decode

import (
	"fmt"
	"strings"
)

// Vendor is the company or product a request was sent to. It prints
// itself as the short lower-case name used in every output format
// ("meta", "ga4", …); [ParseVendor] reads it back.
type Vendor int

// The vendors haruspex names. [VendorOther] is the zero value: a request
// that no decoder claims is still reported, as an "other" event.
const (
	VendorOther     Vendor = iota // no decoder claimed the request
	VendorMeta                    // Meta (Facebook) Pixel, connect.facebook.net
	VendorGA4                     // Google Analytics 4 (/g/collect)
	VendorUA                      // Universal Analytics (/collect, retired)
	VendorGoogleAds               // Google Ads conversion and remarketing tags
	VendorTikTok                  // TikTok Pixel
	VendorLinkedIn                // LinkedIn Insight Tag
	VendorX                       // X (Twitter) pixel
	VendorBing                    // Microsoft Advertising UET
	VendorPinterest               // Pinterest Tag
	VendorSnap                    // Snap Pixel
	VendorReddit                  // Reddit Pixel
	// Google family (issue 18)
	VendorGAClassic       // classic Google Analytics: urchin.js, ga.js, dc.js (__utm.gif)
	VendorGAAudiences     // Google Analytics remarketing audiences (/ads/ga-audiences)
	VendorFloodlight      // Campaign Manager 360 Floodlight activity tags (DoubleClick)
	VendorGoogleTag       // Google tag (gtag.js) and Google Tag Manager loaders
	VendorGoogleAdManager // Google Ad Manager (Google Publisher Tag ad requests)
	VendorAdSense         // Google AdSense and Google's display-ad serving hosts
	VendorGoogleOptimize  // Google Optimize (A/B testing, retired 2023)
	// Other vendors (issue 18)
	VendorAdobeAnalytics       // Adobe Analytics (/b/ss/), and Adobe Target
	VendorSegment              // Segment (Twilio), api.segment.io
	VendorMixpanel             // Mixpanel
	VendorAmplitude            // Amplitude
	VendorHeap                 // Heap (Contentsquare)
	VendorHotjar               // Hotjar (Contentsquare)
	VendorClarity              // Microsoft Clarity
	VendorComscore             // comScore
	VendorNielsen              // Nielsen (Digital Content Ratings, eXelate)
	VendorChartbeat            // Chartbeat
	VendorQuantcast            // Quantcast Measure
	VendorCriteo               // Criteo
	VendorYandexMetrica        // Yandex Metrica (and Yango)
	VendorNewRelic             // New Relic Browser
	VendorHubSpot              // HubSpot
	VendorMatomo               // Matomo (Piwik)
	VendorPardot               // Pardot (Salesforce Account Engagement)
	VendorMarketo              // Marketo Munchkin (Adobe)
	VendorSalesforce           // Salesforce DMP (Krux), Personalization, Marketing Cloud
	VendorTaboola              // Taboola
	VendorOutbrain             // Outbrain (Teads)
	VendorAdobeAudienceManager // Adobe Audience Manager (demdex)
	VendorXandr                // Xandr (AppNexus, Microsoft)
	VendorTradeDesk            // The Trade Desk
	VendorMagnite              // Magnite (Rubicon Project)
	VendorPubMatic             // PubMatic
	VendorOpenX                // OpenX
	VendorIndexExchange        // Index Exchange (casalemedia)
	VendorLiveRamp             // LiveRamp (rlcdn)
	VendorAmazonAds            // Amazon Ads (amazon-adsystem)
	VendorOracle               // Oracle Advertising (Moat, BlueKai; closed 2024)
	VendorTealium              // Tealium (tag manager, Collect)
	VendorOptimizely           // Optimizely
	VendorNativo               // Nativo (postrelease)
	VendorCrazyEgg             // Crazy Egg
	VendorSnowplow             // Snowplow
	VendorFullStory            // FullStory
	VendorTapad                // Tapad (Experian)
	VendorLotame               // Lotame
	VendorMediaMath            // MediaMath
	VendorBidswitch            // BidSwitch (Criteo)
	VendorYahoo                // Yahoo advertising
	VendorNeustar              // Neustar AdAdvisor (TransUnion)
	VendorDynamicYield         // Dynamic Yield (Mastercard)
	numVendors
)

var vendorNames = [numVendors]string{
	VendorOther:     "other",
	VendorMeta:      "meta",
	VendorGA4:       "ga4",
	VendorUA:        "ua",
	VendorGoogleAds: "google-ads",
	VendorTikTok:    "tiktok",
	VendorLinkedIn:  "linkedin",
	VendorX:         "x",
	VendorBing:      "bing",
	VendorPinterest: "pinterest",
	VendorSnap:      "snap",
	VendorReddit:    "reddit",
	// Google family (issue 18)
	VendorGAClassic:       "ga-classic",
	VendorGAAudiences:     "ga-audiences",
	VendorFloodlight:      "floodlight",
	VendorGoogleTag:       "google-tag",
	VendorGoogleAdManager: "google-ad-manager",
	VendorAdSense:         "adsense",
	VendorGoogleOptimize:  "google-optimize",
	// Other vendors (issue 18)
	VendorAdobeAnalytics:       "adobe-analytics",
	VendorSegment:              "segment",
	VendorMixpanel:             "mixpanel",
	VendorAmplitude:            "amplitude",
	VendorHeap:                 "heap",
	VendorHotjar:               "hotjar",
	VendorClarity:              "clarity",
	VendorComscore:             "comscore",
	VendorNielsen:              "nielsen",
	VendorChartbeat:            "chartbeat",
	VendorQuantcast:            "quantcast",
	VendorCriteo:               "criteo",
	VendorYandexMetrica:        "yandex-metrica",
	VendorNewRelic:             "newrelic",
	VendorHubSpot:              "hubspot",
	VendorMatomo:               "matomo",
	VendorPardot:               "pardot",
	VendorMarketo:              "marketo",
	VendorSalesforce:           "salesforce",
	VendorTaboola:              "taboola",
	VendorOutbrain:             "outbrain",
	VendorAdobeAudienceManager: "adobe-audience-manager",
	VendorXandr:                "xandr",
	VendorTradeDesk:            "tradedesk",
	VendorMagnite:              "magnite",
	VendorPubMatic:             "pubmatic",
	VendorOpenX:                "openx",
	VendorIndexExchange:        "index-exchange",
	VendorLiveRamp:             "liveramp",
	VendorAmazonAds:            "amazon-ads",
	VendorOracle:               "oracle-advertising",
	VendorTealium:              "tealium",
	VendorOptimizely:           "optimizely",
	VendorNativo:               "nativo",
	VendorCrazyEgg:             "crazyegg",
	VendorSnowplow:             "snowplow",
	VendorFullStory:            "fullstory",
	VendorTapad:                "tapad",
	VendorLotame:               "lotame",
	VendorMediaMath:            "mediamath",
	VendorBidswitch:            "bidswitch",
	VendorYahoo:                "yahoo",
	VendorNeustar:              "neustar",
	VendorDynamicYield:         "dynamic-yield",
}

// Vendors returns every vendor, in declaration order ([VendorOther]
// first). It is a fresh slice on each call.
func Vendors() []Vendor {
	vs := make([]Vendor, numVendors)
	for i := range vs {
		vs[i] = Vendor(i)
	}
	return vs
}

// String returns the vendor's short name, e.g. "meta" or "google-ads".
func (v Vendor) String() string {
	if v >= 0 && v < numVendors {
		return vendorNames[v]
	}
	return fmt.Sprintf("Vendor(%d)", int(v))
}

// MarshalText returns the vendor's short name.
func (v Vendor) MarshalText() ([]byte, error) {
	if v < 0 || v >= numVendors {
		return nil, fmt.Errorf("decode: unknown vendor %d", int(v))
	}
	return []byte(v.String()), nil
}

// ParseVendor returns the vendor whose short name is s (compared
// case-insensitively).
func ParseVendor(s string) (Vendor, error) {
	for i, name := range vendorNames {
		if strings.EqualFold(s, name) {
			return Vendor(i), nil
		}
	}
	return VendorOther, fmt.Errorf("decode: unknown vendor %q (want one of %s)", s, strings.Join(vendorNames[:], ", "))
}

// Kind says what sort of fact an [Event] records.
type Kind int

// The kinds of [Event].
const (
	// KindEvent is a tracking event: the site told the vendor something
	// happened (a page view, a click, a lead).
	KindEvent Kind = iota
	// KindInstallation is the load of a vendor's code or per-site
	// configuration: it proves the tracker was installed on the page
	// (and, for the Meta Pixel configuration, which pixel ID) but carries
	// no event.
	KindInstallation
	// KindDuplicate is a copy of an event sent to a second endpoint:
	// Chrome's privacy-sandbox attribution copy of a Meta Pixel event, or
	// the pixel's call to the site's Conversions API Gateway
	// ([Event.Gateway]). [FoldDuplicates] folds it into its original as a
	// further source, so that it is never counted twice, and makes a copy
	// whose original is missing an event of its own.
	KindDuplicate
	// KindRequest is any other request to a third party: a vendor
	// endpoint that carries no event, or a request no decoder claims.
	// Its parameters are still decoded and kept.
	KindRequest
	// KindNavigation is a top-level page the visitor opened (a document
	// navigation on the first party). Decoders never produce it; report
	// timelines add it so that a reader sees which page each event was
	// sent from.
	KindNavigation
	// KindConsent is a consent signal a request carried (a TC string, a
	// Google consent mode parameter, a consent platform's cookie: see
	// [Event.Consent]), or one inferred from what a page did not send.
	// Decoders never produce it; report adds it, a marker on the
	// timeline, from which each event's consent state in force is derived
	// ([Event.ConsentInForce]).
	KindConsent
	numKinds
)

var kindNames = [numKinds]string{
	KindEvent:        "event",
	KindInstallation: "installation",
	KindDuplicate:    "duplicate",
	KindRequest:      "request",
	KindNavigation:   "navigation",
	KindConsent:      "consent",
}

// String returns "event", "installation", "duplicate", "request",
// "navigation" or "consent".
func (k Kind) String() string {
	if k >= 0 && k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// MarshalText returns the kind's name.
func (k Kind) MarshalText() ([]byte, error) {
	if k < 0 || k >= numKinds {
		return nil, fmt.Errorf("decode: unknown kind %d", int(k))
	}
	return []byte(k.String()), nil
}

// ParseKind returns the kind named s (compared case-insensitively).
func ParseKind(s string) (Kind, error) {
	for i, name := range kindNames {
		if strings.EqualFold(s, name) {
			return Kind(i), nil
		}
	}
	return KindEvent, fmt.Errorf("decode: unknown kind %q (want one of %s)", s, strings.Join(kindNames[:], ", "))
}

// ParamIn says which part of the request a [Param] was read from.
type ParamIn int

// Where a parameter was found.
const (
	InQuery  ParamIn = iota // the query string of request.url
	InBody                  // the request body (urlencoded, multipart, or raw)
	InCookie                // a cookie sent with the request
	// InPath is a name=value parameter of the URL path, after a ";"
	// (Floodlight's /activity;src=…;type=…), percent-decoded. Google
	// family (issue 18).
	InPath
	numParamIns
)

var paramInNames = [numParamIns]string{InQuery: "query", InBody: "body", InCookie: "cookie", InPath: "path"}

// String returns "query", "body", "cookie" or "path".
func (p ParamIn) String() string {
	if p >= 0 && p < numParamIns {
		return paramInNames[p]
	}
	return fmt.Sprintf("ParamIn(%d)", int(p))
}

// MarshalText returns the name of the request part.
func (p ParamIn) MarshalText() ([]byte, error) {
	if p < 0 || p >= numParamIns {
		return nil, fmt.Errorf("decode: unknown parameter location %d", int(p))
	}
	return []byte(p.String()), nil
}

// CookieStatus says what the capture records about the cookies sent with
// a request. The zero value is the cautious one: a capture without cookie
// data proves nothing either way.
type CookieStatus int

// The cookie statuses.
const (
	// CookiesNotCaptured: the entry has neither a Cookie header nor a
	// request.cookies entry. Chrome's default "sanitized" HAR export drops
	// cookies, and browsers may block third-party cookies, so this does
	// not mean that no cookies were sent: report "cookies not captured".
	CookiesNotCaptured CookieStatus = iota
	// CookiesCaptured: the entry records the cookies that were sent.
	CookiesCaptured
	numCookieStatuses
)

var cookieStatusNames = [numCookieStatuses]string{
	CookiesNotCaptured: "not captured",
	CookiesCaptured:    "captured",
}

// String returns "not captured" or "captured".
func (c CookieStatus) String() string {
	if c >= 0 && c < numCookieStatuses {
		return cookieStatusNames[c]
	}
	return fmt.Sprintf("CookieStatus(%d)", int(c))
}

// MarshalText returns the status's name.
func (c CookieStatus) MarshalText() ([]byte, error) {
	if c < 0 || c >= numCookieStatuses {
		return nil, fmt.Errorf("decode: unknown cookie status %d", int(c))
	}
	return []byte(c.String()), nil
}
