package decode

import (
	"fmt"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har/site"

	"golang.org/x/net/publicsuffix"

	"github.com/haruspex/haruspex/har"
)

// Decoder decodes one HAR entry into events: usually one, none for an
// entry that carries nothing, several for a batched request. An error
// does not discard the events returned with it; [Registry.Decode] records
// it as a warning on them (or on a generic event, when there are none).
//
// A Decoder must not keep state from one entry to the next: events of one
// request must never leak into another's.
type Decoder interface {
	Decode(e *har.Entry) ([]Event, error)
}

// DecoderFunc adapts a function to the [Decoder] interface.
type DecoderFunc func(e *har.Entry) ([]Event, error)

// Decode calls f(e).
func (f DecoderFunc) Decode(e *har.Entry) ([]Event, error) { return f(e) }

var _ Decoder = DecoderFunc(nil)

// claimer is implemented by a decoder that takes only some of the
// requests its route matches: a route on any host whose path a site may
// use for its own ends (Meta's gateway path /events). claims sees what
// [har.Reader.Want] keeps of an entry (method, URL, request headers such
// as Content-Type), and decides whether the registry claims it
// ([Registry.Claims]); a request it refuses is decoded as if no route
// matched it. A claimer's Decode may still return no event for a request
// it claimed (a body of the wrong shape): the request then becomes a
// generic event, as any other.
type claimer interface {
	claims(e *har.Entry) bool
}

// Route sends the requests to one host and path prefix to a [Decoder].
type Route struct {
	// Host is an exact host ("connect.facebook.net"), "*." and a domain
	// ("*.facebook.com"), which matches the domain itself and every host
	// under it, a name and ".*" ("www.google.*"), which matches the name
	// under any ICANN public suffix (www.google.com, www.google.co.in,
	// www.google.se: a vendor's country domains), or "*" alone, which
	// matches any host: a tracker's path served from the site's own
	// domain (GA4's /g/collect behind server-side tagging). Hosts compare
	// case-insensitively and without port.
	Host string
	// Path is a path prefix, matched on whole segments: "/tr" matches
	// "/tr", "/tr/", "/tr/x" and "/tr;x" (a ";" starts a segment's
	// parameters, as in Floodlight's /activity;src=…) but not "/track";
	// "/" matches every path.
	Path string
	// Name names the route in warnings, e.g. "meta pixel event".
	Name string
	// Vendor is the tracker the route's requests go to; it names the
	// route in the table of supported trackers ([TrackersMarkdown]).
	Vendor  Vendor
	Decoder Decoder
}

// Builtin returns the routes of every decoder haruspex has: the one table
// that lists every tracker it understands. It is a fresh slice on each
// call, so a caller may add or remove rows before [NewRegistry].
//
// A new vendor adds its rows here, pointing at a decoder in its own file
// (ga4.go, tiktok.go, …).
func Builtin() []Route {
	return []Route{
		// Meta Pixel (meta.go). "*.facebook.com" also covers facebook.com
		// and Meta's "tier" hosts (www.<tier>.facebook.com).
		{Host: "*.facebook.com", Path: "/tr", Name: "meta pixel event", Vendor: VendorMeta, Decoder: metaPixel{}},
		{Host: "www.instagram.com", Path: "/tr", Name: "meta pixel event", Vendor: VendorMeta, Decoder: metaPixel{}},
		{Host: "*.facebook.com", Path: "/privacy_sandbox/pixel/register/trigger", Name: "meta privacy-sandbox duplicate", Vendor: VendorMeta, Decoder: metaPixel{duplicate: true}},
		{Host: "*.facebook.com", Path: "/privacy_sandbox/topics/registration", Name: "meta topics registration", Vendor: VendorMeta, Decoder: DecoderFunc(decodeMetaTopics)},
		{Host: "*.facebook.com", Path: "/signals/iwl.js", Name: "meta event setup tool", Vendor: VendorMeta, Decoder: DecoderFunc(decodeMetaIWL)},
		{Host: "*.facebook.com", Path: "/", Name: "meta other request", Vendor: VendorMeta, Decoder: DecoderFunc(decodeMetaRequest)},
		{Host: "connect.facebook.net", Path: "/signals/config", Name: "meta pixel config", Vendor: VendorMeta, Decoder: DecoderFunc(decodeMetaConfig)},
		{Host: "connect.facebook.net", Path: "/signals/plugins", Name: "meta pixel plugin", Vendor: VendorMeta, Decoder: DecoderFunc(decodeMetaPlugin)},
		{Host: "connect.facebook.net", Path: "/", Name: "meta library", Vendor: VendorMeta, Decoder: DecoderFunc(decodeMetaLibrary)},

		// Meta and gateways (issue 18, 14): the pixel's calls to a site's
		// Conversions API Gateway (meta_gateway.go), on any host (only
		// POSTs whose body is a gateway event) and on Meta's gateway
		// domain.
		{Host: "*", Path: "/events", Name: "meta conversions api gateway", Vendor: VendorMeta, Decoder: metaGateway{anyHost: true}},
		{Host: "*.conversionsapigateway.com", Path: "/events", Name: "meta conversions api gateway", Vendor: VendorMeta, Decoder: metaGateway{}},
		{Host: "*.conversionsapigateway.com", Path: "/", Name: "meta conversions api gateway (other request)", Vendor: VendorMeta, Decoder: metaGateway{}},

		// Google Analytics 4 (ga4.go). "*" is any host: /g/collect on the
		// site's own domain is a server-side tagging endpoint.
		{Host: "*.google-analytics.com", Path: "/g/collect", Name: "ga4 hit", Vendor: VendorGA4, Decoder: DecoderFunc(decodeGA4)},
		{Host: "analytics.google.com", Path: "/g/collect", Name: "ga4 hit", Vendor: VendorGA4, Decoder: DecoderFunc(decodeGA4)},
		{Host: "*.analytics.google.com", Path: "/g/collect", Name: "ga4 hit", Vendor: VendorGA4, Decoder: DecoderFunc(decodeGA4)},
		{Host: "stats.g.doubleclick.net", Path: "/g/collect", Name: "ga4 hit (advertising copy)", Vendor: VendorGA4, Decoder: DecoderFunc(decodeGA4)},
		{Host: "*", Path: "/g/collect", Name: "ga4 hit (first-party host)", Vendor: VendorGA4, Decoder: DecoderFunc(decodeGA4)},

		// Universal Analytics (ua.go), and the copies analytics.js sends
		// to DoubleClick when Advertising Features are on (t=dc).
		{Host: "*.google-analytics.com", Path: "/collect", Name: "ua hit", Vendor: VendorUA, Decoder: DecoderFunc(decodeUA)},
		{Host: "*.google-analytics.com", Path: "/j/collect", Name: "ua hit", Vendor: VendorUA, Decoder: DecoderFunc(decodeUA)},
		{Host: "*.google-analytics.com", Path: "/r/collect", Name: "ua hit", Vendor: VendorUA, Decoder: DecoderFunc(decodeUA)},
		{Host: "*.google-analytics.com", Path: "/batch", Name: "ua batch", Vendor: VendorUA, Decoder: DecoderFunc(decodeUA)},
		{Host: "stats.g.doubleclick.net", Path: "/collect", Name: "ua hit (advertising copy)", Vendor: VendorUA, Decoder: DecoderFunc(decodeUA)},
		{Host: "stats.g.doubleclick.net", Path: "/j/collect", Name: "ua hit (advertising copy)", Vendor: VendorUA, Decoder: DecoderFunc(decodeUA)},
		{Host: "stats.g.doubleclick.net", Path: "/r/collect", Name: "ua hit (advertising copy)", Vendor: VendorUA, Decoder: DecoderFunc(decodeUA)},
		{Host: "*.google-analytics.com", Path: "/analytics.js", Name: "ua library", Vendor: VendorUA, Decoder: loader(VendorUA, "Universal Analytics library", "", gaCookies)},

		// Google Ads and DoubleClick (googleads.go).
		{Host: "www.googleadservices.com", Path: "/pagead/conversion", Name: "google ads conversion", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "googleads.g.doubleclick.net", Path: "/pagead/conversion", Name: "google ads conversion", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "googleads.g.doubleclick.net", Path: "/pagead/viewthroughconversion", Name: "google ads remarketing", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.googleadservices.com", Path: "/pagead/viewthroughconversion", Name: "google ads remarketing", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.google.*", Path: "/pagead/1p-user-list", Name: "google ads audience list", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "googleads.g.doubleclick.net", Path: "/pagead/1p-user-list", Name: "google ads audience list", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.google.*", Path: "/pagead/1p-conversion", Name: "google ads first-party conversion", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.google.*", Path: "/ccm/collect", Name: "google ads consent ping", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.googleadservices.com", Path: "/pagead/conversion_async.js", Name: "google ads library", Vendor: VendorGoogleAds, Decoder: loader(VendorGoogleAds, "Google Ads conversion library", "", googleAdsCookies)},
		{Host: "www.googleadservices.com", Path: "/", Name: "google ads other request", Vendor: VendorGoogleAds, Decoder: googleAdServicesRequest},
		{Host: "*.doubleclick.net", Path: "/", Name: "doubleclick request", Vendor: VendorGoogleAds, Decoder: doubleClickRequest},

		// Google family (issue 18). www.google.* is www.google.<country>
		// (www.google.com, www.google.co.in, www.google.se, …).
		// Google Ads on every country domain, its newer endpoints, and
		// Google's ad hosts (googleads.go).
		{Host: "www.google.*", Path: "/ads/user-lists", Name: "google ads remarketing (user list)", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.google.*", Path: "/pagead/privacysandbox/conversion", Name: "google ads privacy-sandbox conversion", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "*.privacysandbox.googleadservices.com", Path: "/pagead/privacysandbox/conversion", Name: "google ads privacy-sandbox conversion", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.google.*", Path: "/ccm/conversion", Name: "google ads consent-mode conversion", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.googleadservices.com", Path: "/ccm/conversion", Name: "google ads consent-mode conversion", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "googleads.g.doubleclick.net", Path: "/td/rul", Name: "google ads protected-audience remarketing", Vendor: VendorGoogleAds, Decoder: DecoderFunc(decodeGoogleAds)},
		{Host: "www.google.*", Path: "/pagead/conversion_async.js", Name: "google ads library", Vendor: VendorGoogleAds, Decoder: loader(VendorGoogleAds, "Google Ads conversion library", "", googleAdsCookies)},
		{Host: "www.google.*", Path: "/pagead", Name: "google ads other request", Vendor: VendorGoogleAds, Decoder: googleAdsRequest},
		{Host: "www.google.*", Path: "/ads", Name: "google ads other request", Vendor: VendorGoogleAds, Decoder: googleAdsRequest},
		{Host: "adservice.google.*", Path: "/", Name: "google ad service request", Vendor: VendorGoogleAds, Decoder: googleAdServiceRequest},
		{Host: "*.2mdn.net", Path: "/", Name: "doubleclick creative request", Vendor: VendorGoogleAds, Decoder: doubleClickCreativeRequest},
		// Classic Google Analytics (gaclassic.go).
		{Host: "*.google-analytics.com", Path: "/__utm.gif", Name: "classic ga hit", Vendor: VendorGAClassic, Decoder: DecoderFunc(decodeGAClassic)},
		{Host: "stats.g.doubleclick.net", Path: "/__utm.gif", Name: "classic ga hit (dc.js)", Vendor: VendorGAClassic, Decoder: DecoderFunc(decodeGAClassic)},
		{Host: "*.google-analytics.com", Path: "/ga.js", Name: "classic ga library", Vendor: VendorGAClassic, Decoder: gaClassicLoader},
		{Host: "*.google-analytics.com", Path: "/urchin.js", Name: "classic ga library", Vendor: VendorGAClassic, Decoder: gaClassicLoader},
		{Host: "*.google-analytics.com", Path: "/u/ga_debug.js", Name: "classic ga library", Vendor: VendorGAClassic, Decoder: gaClassicLoader},
		{Host: "stats.g.doubleclick.net", Path: "/dc.js", Name: "classic ga library (dc.js)", Vendor: VendorGAClassic, Decoder: gaClassicLoader},
		// Universal Analytics plugins and debug library (ua.go's family).
		{Host: "*.google-analytics.com", Path: "/plugins", Name: "ua plugin", Vendor: VendorUA, Decoder: loader(VendorUA, "Universal Analytics plugin", "", gaCookies)},
		{Host: "*.google-analytics.com", Path: "/analytics_debug.js", Name: "ua library", Vendor: VendorUA, Decoder: loader(VendorUA, "Universal Analytics library (debug)", "", gaCookies)},
		// Google Analytics remarketing audiences (gaaudiences.go).
		{Host: "www.google.*", Path: "/ads/ga-audiences", Name: "ga remarketing audience hit", Vendor: VendorGAAudiences, Decoder: DecoderFunc(decodeGAAudiences)},
		// Floodlight (floodlight.go).
		{Host: "*.fls.doubleclick.net", Path: "/", Name: "floodlight activity", Vendor: VendorFloodlight, Decoder: DecoderFunc(decodeFloodlight)},
		{Host: "ad.doubleclick.net", Path: "/activity", Name: "floodlight activity", Vendor: VendorFloodlight, Decoder: DecoderFunc(decodeFloodlight)},
		{Host: "ad.doubleclick.net", Path: "/activityi", Name: "floodlight activity (iframe)", Vendor: VendorFloodlight, Decoder: DecoderFunc(decodeFloodlight)},
		{Host: "ad.doubleclick.net", Path: "/activityj", Name: "floodlight activity", Vendor: VendorFloodlight, Decoder: DecoderFunc(decodeFloodlight)},
		{Host: "ad.doubleclick.net", Path: "/ddm/activity", Name: "floodlight activity", Vendor: VendorFloodlight, Decoder: DecoderFunc(decodeFloodlight)},
		{Host: "ad.doubleclick.net", Path: "/ddm/fls", Name: "floodlight activity", Vendor: VendorFloodlight, Decoder: DecoderFunc(decodeFloodlight)},
		{Host: "adservice.google.*", Path: "/ddm/fls", Name: "floodlight activity (google tag)", Vendor: VendorFloodlight, Decoder: DecoderFunc(decodeFloodlight)},
		// Google tag and Tag Manager loaders (googletag.go).
		{Host: "*.googletagmanager.com", Path: "/gtag/js", Name: "google tag loader", Vendor: VendorGoogleTag, Decoder: DecoderFunc(decodeGoogleTagLoader)},
		{Host: "*.googletagmanager.com", Path: "/gtag/destination", Name: "google tag loader", Vendor: VendorGoogleTag, Decoder: DecoderFunc(decodeGoogleTagLoader)},
		{Host: "*.googletagmanager.com", Path: "/gtm.js", Name: "tag manager container loader", Vendor: VendorGoogleTag, Decoder: DecoderFunc(decodeGoogleTagLoader)},
		{Host: "*.googletagmanager.com", Path: "/ns.html", Name: "tag manager noscript iframe", Vendor: VendorGoogleTag, Decoder: DecoderFunc(decodeGoogleTagLoader)},
		{Host: "*.googletagmanager.com", Path: "/a", Name: "tag manager ping", Vendor: VendorGoogleTag, Decoder: DecoderFunc(decodeGTMPing)},
		{Host: "*.googletagmanager.com", Path: "/", Name: "google tag other request", Vendor: VendorGoogleTag, Decoder: googleTagRequest},
		// Google Ad Manager (admanager.go).
		{Host: "securepubads.g.doubleclick.net", Path: "/gampad/ads", Name: "ad manager ad request", Vendor: VendorGoogleAdManager, Decoder: adRequest(VendorGoogleAdManager, "Google Ad Manager ad request")},
		{Host: "pubads.g.doubleclick.net", Path: "/gampad/ads", Name: "ad manager ad request", Vendor: VendorGoogleAdManager, Decoder: adRequest(VendorGoogleAdManager, "Google Ad Manager ad request")},
		{Host: "pubads.g.doubleclick.net", Path: "/activity", Name: "ad manager audience pixel", Vendor: VendorGoogleAdManager, Decoder: DecoderFunc(adManagerAudiencePixel)},
		{Host: "securepubads.g.doubleclick.net", Path: "/gpt", Name: "google publisher tag library", Vendor: VendorGoogleAdManager, Decoder: gptLoader},
		{Host: "securepubads.g.doubleclick.net", Path: "/tag/js/gpt.js", Name: "google publisher tag library", Vendor: VendorGoogleAdManager, Decoder: gptLoader},
		{Host: "*.googletagservices.com", Path: "/tag/js/gpt.js", Name: "google publisher tag library", Vendor: VendorGoogleAdManager, Decoder: gptLoader},
		{Host: "partner.googleadservices.com", Path: "/gpt", Name: "google publisher tag library", Vendor: VendorGoogleAdManager, Decoder: gptLoader},
		{Host: "securepubads.g.doubleclick.net", Path: "/", Name: "ad manager other request", Vendor: VendorGoogleAdManager, Decoder: adManagerRequest},
		{Host: "pubads.g.doubleclick.net", Path: "/", Name: "ad manager other request", Vendor: VendorGoogleAdManager, Decoder: adManagerRequest},
		{Host: "*.googletagservices.com", Path: "/", Name: "ad manager other request", Vendor: VendorGoogleAdManager, Decoder: adManagerRequest},
		// Google AdSense and googlesyndication.com (adsense.go).
		{Host: "pagead2.googlesyndication.com", Path: "/pagead/show_ads.js", Name: "adsense library", Vendor: VendorAdSense, Decoder: adSenseLoader},
		{Host: "pagead2.googlesyndication.com", Path: "/pagead/js/adsbygoogle.js", Name: "adsense library", Vendor: VendorAdSense, Decoder: adSenseLoader},
		{Host: "pagead2.googlesyndication.com", Path: "/pub-config", Name: "adsense publisher configuration", Vendor: VendorAdSense, Decoder: DecoderFunc(decodeAdSenseConfig)},
		{Host: "pagead2.googlesyndication.com", Path: "/pagead/ads", Name: "adsense ad request", Vendor: VendorAdSense, Decoder: adSenseAdRequest},
		{Host: "googleads.g.doubleclick.net", Path: "/pagead/ads", Name: "adsense ad request", Vendor: VendorAdSense, Decoder: adSenseAdRequest},
		{Host: "*.googlesyndication.com", Path: "/", Name: "googlesyndication request", Vendor: VendorAdSense, Decoder: adSenseRequest},
		// Google Optimize (optimize.go).
		{Host: "*.google-analytics.com", Path: "/gtm/js", Name: "optimize container", Vendor: VendorGoogleOptimize, Decoder: DecoderFunc(decodeOptimize)},
		{Host: "*.googleoptimize.com", Path: "/optimize.js", Name: "optimize container", Vendor: VendorGoogleOptimize, Decoder: DecoderFunc(decodeOptimize)},
		{Host: "*.googleoptimize.com", Path: "/", Name: "optimize other request", Vendor: VendorGoogleOptimize, Decoder: optimizeRequest},

		// TikTok Pixel (tiktok.go).
		{Host: "analytics.tiktok.com", Path: "/api", Name: "tiktok pixel event", Vendor: VendorTikTok, Decoder: DecoderFunc(decodeTikTok)},
		{Host: "analytics.tiktok.com", Path: "/i18n/pixel", Name: "tiktok pixel library", Vendor: VendorTikTok, Decoder: loader(VendorTikTok, "TikTok Pixel library", "sdkid", tiktokCookies)},

		// LinkedIn Insight Tag (linkedin.go).
		{Host: "px.ads.linkedin.com", Path: "/collect", Name: "linkedin insight hit", Vendor: VendorLinkedIn, Decoder: linkedInCollect},
		{Host: "px.ads.linkedin.com", Path: "/wa", Name: "linkedin insight beacon", Vendor: VendorLinkedIn, Decoder: DecoderFunc(decodeLinkedInWA)},
		{Host: "snap.licdn.com", Path: "/li.lms-analytics", Name: "linkedin insight library", Vendor: VendorLinkedIn, Decoder: loader(VendorLinkedIn, "LinkedIn Insight Tag library", "", linkedInCookies)},
		{Host: "*.linkedin.com", Path: "/", Name: "linkedin other request", Vendor: VendorLinkedIn, Decoder: linkedInRequest},

		// X / Twitter (x.go).
		{Host: "analytics.twitter.com", Path: "/i/adsct", Name: "x pixel hit", Vendor: VendorX, Decoder: DecoderFunc(decodeX)},
		{Host: "t.co", Path: "/i/adsct", Name: "x pixel hit", Vendor: VendorX, Decoder: DecoderFunc(decodeX)},
		{Host: "static.ads-twitter.com", Path: "/", Name: "x pixel library", Vendor: VendorX, Decoder: loader(VendorX, "X (Twitter) pixel library", "", xCookies)},
		{Host: "*.twitter.com", Path: "/", Name: "x other request", Vendor: VendorX, Decoder: xRequest},

		// Microsoft Advertising UET (bing.go).
		{Host: "bat.bing.com", Path: "/action", Name: "bing uet hit", Vendor: VendorBing, Decoder: bingUET},
		{Host: "bat.bing.com", Path: "/bat.js", Name: "bing uet library", Vendor: VendorBing, Decoder: loader(VendorBing, "Microsoft UET library", "", bingCookies)},
		{Host: "bat.bing.com", Path: "/", Name: "bing uet other request", Vendor: VendorBing, Decoder: bingRequest},

		// Pinterest Tag (pinterest.go).
		{Host: "ct.pinterest.com", Path: "/v3", Name: "pinterest tag hit", Vendor: VendorPinterest, Decoder: pinterestTag},
		{Host: "ct.pinterest.com", Path: "/user", Name: "pinterest tag hit", Vendor: VendorPinterest, Decoder: pinterestTag},
		{Host: "ct.pinterest.com", Path: "/", Name: "pinterest other request", Vendor: VendorPinterest, Decoder: pinterestRequest},
		{Host: "s.pinimg.com", Path: "/ct", Name: "pinterest tag library", Vendor: VendorPinterest, Decoder: loader(VendorPinterest, "Pinterest Tag library", "", pinterestCookies)},

		// Snap Pixel (snap.go).
		{Host: "tr.snapchat.com", Path: "/p", Name: "snap pixel event", Vendor: VendorSnap, Decoder: snapPixel},
		{Host: "tr.snapchat.com", Path: "/", Name: "snap other request", Vendor: VendorSnap, Decoder: snapRequest},
		{Host: "sc-static.net", Path: "/scevent.min.js", Name: "snap pixel library", Vendor: VendorSnap, Decoder: loader(VendorSnap, "Snap Pixel library", "", snapCookies)},

		// Reddit Pixel (reddit.go).
		{Host: "alb.reddit.com", Path: "/rp.gif", Name: "reddit pixel event", Vendor: VendorReddit, Decoder: redditPixel},
		{Host: "alb.reddit.com", Path: "/", Name: "reddit other request", Vendor: VendorReddit, Decoder: redditRequest},
		{Host: "www.redditstatic.com", Path: "/ads", Name: "reddit pixel library", Vendor: VendorReddit, Decoder: loader(VendorReddit, "Reddit Pixel library", "", redditCookies)},

		// Other vendors (issue 18)

		// Adobe Analytics (adobe.go): /b/ss/ on Adobe's hosts and, on any
		// host, on the site's own CNAME (metrics.<site>).
		{Host: "*.omtrdc.net", Path: "/b/ss", Name: "adobe analytics hit", Vendor: VendorAdobeAnalytics, Decoder: DecoderFunc(decodeAdobeAnalytics)},
		{Host: "*.2o7.net", Path: "/b/ss", Name: "adobe analytics hit", Vendor: VendorAdobeAnalytics, Decoder: DecoderFunc(decodeAdobeAnalytics)},
		{Host: "*", Path: "/b/ss", Name: "adobe analytics hit (first-party host)", Vendor: VendorAdobeAnalytics, Decoder: DecoderFunc(decodeAdobeAnalytics)},
		{Host: "*.omtrdc.net", Path: "/", Name: "adobe other request", Vendor: VendorAdobeAnalytics, Decoder: adobeOtherRequest},
		{Host: "*.2o7.net", Path: "/", Name: "adobe other request", Vendor: VendorAdobeAnalytics, Decoder: adobeOtherRequest},

		// Segment (segment.go).
		{Host: "api.segment.io", Path: "/v1", Name: "segment call", Vendor: VendorSegment, Decoder: segmentEvents},
		{Host: "api.segment.io", Path: "/v1/m", Name: "segment library metrics", Vendor: VendorSegment, Decoder: segmentRequest},
		{Host: "api.segment.io", Path: "/", Name: "segment other request", Vendor: VendorSegment, Decoder: segmentRequest},
		{Host: "*.segmentapis.com", Path: "/v1", Name: "segment call", Vendor: VendorSegment, Decoder: segmentEvents},
		{Host: "cdn.segment.com", Path: "/analytics.js", Name: "segment library", Vendor: VendorSegment, Decoder: pathLoader(VendorSegment, "Segment analytics.js library", pathSegment("/analytics.js/v1", 0), segmentCookies)},
		{Host: "cdn.segment.com", Path: "/", Name: "segment other request", Vendor: VendorSegment, Decoder: segmentRequest},

		// Mixpanel (mixpanel.go).
		{Host: "*.mixpanel.com", Path: "/track", Name: "mixpanel event", Vendor: VendorMixpanel, Decoder: mixpanelEvents},
		{Host: "*.mixpanel.com", Path: "/engage", Name: "mixpanel profile update", Vendor: VendorMixpanel, Decoder: mixpanelEvents},
		{Host: "*.mixpanel.com", Path: "/groups", Name: "mixpanel group update", Vendor: VendorMixpanel, Decoder: mixpanelEvents},
		{Host: "*.mixpanel.com", Path: "/", Name: "mixpanel other request", Vendor: VendorMixpanel, Decoder: mixpanelRequest},
		{Host: "cdn.mxpnl.com", Path: "/", Name: "mixpanel library", Vendor: VendorMixpanel, Decoder: loader(VendorMixpanel, "Mixpanel library", "", mixpanelCookies)},

		// Amplitude (amplitude.go).
		{Host: "*.amplitude.com", Path: "/2/httpapi", Name: "amplitude events", Vendor: VendorAmplitude, Decoder: amplitudeEvents},
		{Host: "api.amplitude.com", Path: "/", Name: "amplitude events", Vendor: VendorAmplitude, Decoder: amplitudeEvents},
		{Host: "api2.amplitude.com", Path: "/", Name: "amplitude events", Vendor: VendorAmplitude, Decoder: amplitudeEvents},
		{Host: "api.eu.amplitude.com", Path: "/", Name: "amplitude events", Vendor: VendorAmplitude, Decoder: amplitudeEvents},
		{Host: "cdn.amplitude.com", Path: "/script", Name: "amplitude library", Vendor: VendorAmplitude, Decoder: pathLoader(VendorAmplitude, "Amplitude library", func(p string) string { return strings.TrimSuffix(pathSegment("/script", 0)(p), ".js") }, amplitudeCookies)},
		{Host: "cdn.amplitude.com", Path: "/", Name: "amplitude library", Vendor: VendorAmplitude, Decoder: loader(VendorAmplitude, "Amplitude library", "", amplitudeCookies)},
		{Host: "*.amplitude.com", Path: "/", Name: "amplitude other request", Vendor: VendorAmplitude, Decoder: amplitudeRequest},

		// Heap (heap.go).
		{Host: "heapanalytics.com", Path: "/h", Name: "heap page view", Vendor: VendorHeap, Decoder: heapHit},
		{Host: "heapanalytics.com", Path: "/api", Name: "heap api call", Vendor: VendorHeap, Decoder: heapHit},
		{Host: "cdn.heapanalytics.com", Path: "/js", Name: "heap library", Vendor: VendorHeap, Decoder: pathLoader(VendorHeap, "Heap library", heapLibraryID, heapCookies)},
		{Host: "*.heapanalytics.com", Path: "/", Name: "heap other request", Vendor: VendorHeap, Decoder: heapRequest},
		{Host: "*.heap-api.com", Path: "/", Name: "heap other request", Vendor: VendorHeap, Decoder: heapRequest},

		// Hotjar (hotjar.go).
		{Host: "static.hotjar.com", Path: "/c", Name: "hotjar library", Vendor: VendorHotjar, Decoder: pathLoader(VendorHotjar, "Hotjar library (session recording and heatmaps)", hotjarLibraryID, hotjarCookies)},
		{Host: "in.hotjar.com", Path: "/api/v2/client/sites", Name: "hotjar visit data", Vendor: VendorHotjar, Decoder: hotjarVisitData},
		{Host: "*.hotjar.com", Path: "/", Name: "hotjar other request", Vendor: VendorHotjar, Decoder: DecoderFunc(decodeHotjarRequest)},
		{Host: "*.hotjar.io", Path: "/", Name: "hotjar other request", Vendor: VendorHotjar, Decoder: DecoderFunc(decodeHotjarRequest)},

		// Microsoft Clarity (clarity.go).
		{Host: "*.clarity.ms", Path: "/collect", Name: "clarity recording upload", Vendor: VendorClarity, Decoder: DecoderFunc(decodeClarity)},
		{Host: "www.clarity.ms", Path: "/tag", Name: "clarity tag", Vendor: VendorClarity, Decoder: pathLoader(VendorClarity, "Microsoft Clarity tag (session recording)", clarityProject, clarityCookies)},
		{Host: "scripts.clarity.ms", Path: "/", Name: "clarity library", Vendor: VendorClarity, Decoder: loader(VendorClarity, "Microsoft Clarity library (session recording)", "", clarityCookies)},
		{Host: "*.clarity.ms", Path: "/", Name: "clarity other request", Vendor: VendorClarity, Decoder: clarityRequest},

		// comScore (comscore.go).
		{Host: "*.scorecardresearch.com", Path: "/b", Name: "comscore beacon", Vendor: VendorComscore, Decoder: comscoreBeacon},
		{Host: "*.scorecardresearch.com", Path: "/b2", Name: "comscore beacon", Vendor: VendorComscore, Decoder: comscoreBeacon},
		{Host: "*.scorecardresearch.com", Path: "/p", Name: "comscore beacon", Vendor: VendorComscore, Decoder: comscoreBeacon},
		{Host: "*.scorecardresearch.com", Path: "/p2", Name: "comscore beacon", Vendor: VendorComscore, Decoder: comscoreBeacon},
		{Host: "*.scorecardresearch.com", Path: "/", Name: "comscore other request", Vendor: VendorComscore, Decoder: comscoreRequest},
		{Host: "*.comscore.com", Path: "/", Name: "comscore other request", Vendor: VendorComscore, Decoder: comscoreRequest},

		// Nielsen (nielsen.go).
		{Host: "*.imrworldwide.com", Path: "/cgi-bin/m", Name: "nielsen beacon", Vendor: VendorNielsen, Decoder: nielsenBeacon},
		{Host: "*.imrworldwide.com", Path: "/cgi-bin/gn", Name: "nielsen dcr beacon", Vendor: VendorNielsen, Decoder: nielsenBeacon},
		{Host: "*.imrworldwide.com", Path: "/", Name: "nielsen other request", Vendor: VendorNielsen, Decoder: nielsenRequest},
		{Host: "*.exelator.com", Path: "/", Name: "nielsen exelate request", Vendor: VendorNielsen, Decoder: nielsenRequest},

		// Chartbeat (chartbeat.go).
		{Host: "*.chartbeat.net", Path: "/ping", Name: "chartbeat ping", Vendor: VendorChartbeat, Decoder: chartbeatPing},
		{Host: "*.chartbeat.net", Path: "/", Name: "chartbeat other request", Vendor: VendorChartbeat, Decoder: chartbeatRequest},
		{Host: "static.chartbeat.com", Path: "/", Name: "chartbeat library", Vendor: VendorChartbeat, Decoder: loader(VendorChartbeat, "Chartbeat library", "", chartbeatCookies)},
		{Host: "*.chartbeat.com", Path: "/", Name: "chartbeat other request", Vendor: VendorChartbeat, Decoder: chartbeatRequest},

		// Quantcast (quantcast.go).
		{Host: "pixel.quantserve.com", Path: "/", Name: "quantcast pixel", Vendor: VendorQuantcast, Decoder: DecoderFunc(decodeQuantcast)},
		{Host: "*.quantserve.com", Path: "/", Name: "quantcast other request", Vendor: VendorQuantcast, Decoder: quantcastRequest},
		{Host: "*.quantcount.com", Path: "/", Name: "quantcast other request", Vendor: VendorQuantcast, Decoder: quantcastRequest},
		{Host: "*.quantcast.com", Path: "/", Name: "quantcast other request", Vendor: VendorQuantcast, Decoder: quantcastRequest},

		// Criteo (criteo.go).
		{Host: "*.criteo.com", Path: "/event", Name: "criteo onetag event", Vendor: VendorCriteo, Decoder: DecoderFunc(decodeCriteoEvent)},
		{Host: "*.criteo.com", Path: "/", Name: "criteo other request", Vendor: VendorCriteo, Decoder: criteoRequest},
		{Host: "static.criteo.net", Path: "/js/ld", Name: "criteo library", Vendor: VendorCriteo, Decoder: loader(VendorCriteo, "Criteo OneTag library", "", criteoCookies)},
		{Host: "*.criteo.net", Path: "/", Name: "criteo other request", Vendor: VendorCriteo, Decoder: criteoRequest},

		// Yandex Metrica (yandex.go), on Yandex's and Yango's hosts.
		{Host: "mc.yandex.ru", Path: "/watch", Name: "yandex metrica hit", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},
		{Host: "mc.yandex.ru", Path: "/webvisor", Name: "yandex webvisor recording", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},
		{Host: "mc.yandex.ru", Path: "/clmap", Name: "yandex click map", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},
		{Host: "mc.yandex.ru", Path: "/", Name: "yandex metrica other request", Vendor: VendorYandexMetrica, Decoder: yandexRequest},
		{Host: "mc.yandex.com", Path: "/watch", Name: "yandex metrica hit", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},
		{Host: "mc.yandex.com", Path: "/webvisor", Name: "yandex webvisor recording", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},
		{Host: "mc.yandex.com", Path: "/clmap", Name: "yandex click map", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},
		{Host: "mc.yandex.com", Path: "/", Name: "yandex metrica other request", Vendor: VendorYandexMetrica, Decoder: yandexRequest},
		{Host: "mc.yango.com", Path: "/watch", Name: "yandex metrica hit", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},
		{Host: "mc.yango.com", Path: "/", Name: "yandex metrica other request", Vendor: VendorYandexMetrica, Decoder: yandexRequest},
		{Host: "*.webvisor.org", Path: "/", Name: "yandex webvisor request", Vendor: VendorYandexMetrica, Decoder: DecoderFunc(decodeYandex)},

		// New Relic Browser (newrelic.go).
		{Host: "*.nr-data.net", Path: "/", Name: "new relic harvest", Vendor: VendorNewRelic, Decoder: newRelicHarvest},
		{Host: "js-agent.newrelic.com", Path: "/", Name: "new relic agent", Vendor: VendorNewRelic, Decoder: loader(VendorNewRelic, "New Relic Browser agent", "", newRelicCookies)},

		// HubSpot (hubspot.go).
		{Host: "*.hubspot.com", Path: "/__ptq.gif", Name: "hubspot tracking hit", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotTrack)},
		{Host: "*.hubspot.com", Path: "/__ptbe.gif", Name: "hubspot custom event", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotTrack)},
		{Host: "*.hubspot.com", Path: "/", Name: "hubspot other request", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotRequest)},
		{Host: "js.hs-scripts.com", Path: "/", Name: "hubspot tracking code", Vendor: VendorHubSpot, Decoder: pathLoader(VendorHubSpot, "HubSpot tracking code", hubSpotScriptID, hubSpotCookies)},
		{Host: "js.hs-analytics.net", Path: "/", Name: "hubspot analytics code", Vendor: VendorHubSpot, Decoder: pathLoader(VendorHubSpot, "HubSpot analytics code", hubSpotScriptID, hubSpotCookies)},
		{Host: "*.hscollectedforms.net", Path: "/", Name: "hubspot collected forms", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotRequest)},
		{Host: "*.hs-banner.com", Path: "/", Name: "hubspot cookie banner", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotRequest)},
		{Host: "*.hsforms.com", Path: "/", Name: "hubspot forms", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotRequest)},
		{Host: "*.hsforms.net", Path: "/", Name: "hubspot forms", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotRequest)},
		{Host: "*.hubapi.com", Path: "/", Name: "hubspot api", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotRequest)},
		{Host: "*.usemessages.com", Path: "/", Name: "hubspot chat", Vendor: VendorHubSpot, Decoder: DecoderFunc(decodeHubSpotRequest)},

		// Matomo (matomo.go): the tracker runs on the site's own server, so
		// its endpoints are routed on any host.
		{Host: "*", Path: "/matomo.php", Name: "matomo hit", Vendor: VendorMatomo, Decoder: DecoderFunc(decodeMatomo)},
		{Host: "*", Path: "/piwik.php", Name: "matomo hit (piwik.php)", Vendor: VendorMatomo, Decoder: DecoderFunc(decodeMatomo)},
		{Host: "*", Path: "/matomo/matomo.php", Name: "matomo hit", Vendor: VendorMatomo, Decoder: DecoderFunc(decodeMatomo)},
		{Host: "*", Path: "/piwik/piwik.php", Name: "matomo hit (piwik.php)", Vendor: VendorMatomo, Decoder: DecoderFunc(decodeMatomo)},
		{Host: "*.matomo.cloud", Path: "/matomo.php", Name: "matomo hit", Vendor: VendorMatomo, Decoder: DecoderFunc(decodeMatomo)},
		{Host: "*.matomo.cloud", Path: "/piwik.php", Name: "matomo hit (piwik.php)", Vendor: VendorMatomo, Decoder: DecoderFunc(decodeMatomo)},
		{Host: "*.matomo.cloud", Path: "/", Name: "matomo cloud request", Vendor: VendorMatomo, Decoder: matomoRequest},

		// Pardot (pardot.go).
		{Host: "*.pardot.com", Path: "/analytics", Name: "pardot tracking hit", Vendor: VendorPardot, Decoder: pardotAnalytics},
		{Host: "*.pardot.com", Path: "/", Name: "pardot other request", Vendor: VendorPardot, Decoder: pardotRequest},

		// Marketo Munchkin (marketo.go).
		{Host: "*.mktoresp.com", Path: "/webevents", Name: "marketo munchkin hit", Vendor: VendorMarketo, Decoder: marketoWebEvent},
		{Host: "*.mktoresp.com", Path: "/", Name: "marketo other request", Vendor: VendorMarketo, Decoder: marketoRequest},
		{Host: "munchkin.marketo.net", Path: "/", Name: "marketo munchkin library", Vendor: VendorMarketo, Decoder: loader(VendorMarketo, "Marketo Munchkin library", "", marketoCookies)},
		{Host: "*.marketo.com", Path: "/", Name: "marketo other request", Vendor: VendorMarketo, Decoder: marketoRequest},
		{Host: "*.marketo.net", Path: "/", Name: "marketo other request", Vendor: VendorMarketo, Decoder: marketoRequest},

		// Salesforce (salesforce.go): the DMP (Krux), Personalization,
		// Marketing Cloud collect.
		{Host: "beacon.krxd.net", Path: "/", Name: "salesforce dmp beacon", Vendor: VendorSalesforce, Decoder: DecoderFunc(decodeKrux)},
		{Host: "*.krxd.net", Path: "/", Name: "salesforce dmp request", Vendor: VendorSalesforce, Decoder: salesforceRequest},
		{Host: "*.evergage.com", Path: "/", Name: "salesforce personalization request", Vendor: VendorSalesforce, Decoder: salesforceRequest},
		{Host: "*.igodigital.com", Path: "/", Name: "salesforce marketing cloud collect", Vendor: VendorSalesforce, Decoder: salesforceRequest},

		// Taboola (taboola.go).
		{Host: "trc.taboola.com", Path: "/", Name: "taboola request", Vendor: VendorTaboola, Decoder: DecoderFunc(decodeTaboola)},
		{Host: "trc-events.taboola.com", Path: "/", Name: "taboola pixel event", Vendor: VendorTaboola, Decoder: DecoderFunc(decodeTaboola)},
		{Host: "cdn.taboola.com", Path: "/libtrc", Name: "taboola library", Vendor: VendorTaboola, Decoder: pathLoader(VendorTaboola, "Taboola library", taboolaLibrary, taboolaCookies)},
		{Host: "cdn.taboola.com", Path: "/libtrc/static", Name: "taboola static file", Vendor: VendorTaboola, Decoder: vendorRequest(VendorTaboola, "Taboola request", taboolaLabels, taboolaCookies)},
		{Host: "*.taboola.com", Path: "/", Name: "taboola other request", Vendor: VendorTaboola, Decoder: vendorRequest(VendorTaboola, "Taboola request", taboolaLabels, taboolaCookies)},

		// Outbrain (outbrain.go).
		{Host: "tr.outbrain.com", Path: "/unifiedPixel", Name: "outbrain pixel event", Vendor: VendorOutbrain, Decoder: outbrainPixel},
		{Host: "tr.outbrain.com", Path: "/pixel", Name: "outbrain pixel event", Vendor: VendorOutbrain, Decoder: outbrainPixel},
		{Host: "amplifypixel.outbrain.com", Path: "/pixel", Name: "outbrain pixel event", Vendor: VendorOutbrain, Decoder: outbrainPixel},
		{Host: "*.outbrain.com", Path: "/", Name: "outbrain other request", Vendor: VendorOutbrain, Decoder: outbrainRequest},
		{Host: "*.outbrainimg.com", Path: "/", Name: "outbrain image", Vendor: VendorOutbrain, Decoder: outbrainRequest},

		// X (x.go): the pixel's newer path (uwt.js 2.4).
		{Host: "analytics.twitter.com", Path: "/1/i/adsct", Name: "x pixel hit", Vendor: VendorX, Decoder: DecoderFunc(decodeX)},
		{Host: "t.co", Path: "/1/i/adsct", Name: "x pixel hit", Vendor: VendorX, Decoder: DecoderFunc(decodeX)},

		// Adobe Audience Manager (demdex.go).
		{Host: "*.demdex.net", Path: "/", Name: "adobe audience manager request", Vendor: VendorAdobeAudienceManager, Decoder: DecoderFunc(decodeDemdex)},

		// Xandr (xandr.go).
		{Host: "*.adnxs.com", Path: "/", Name: "xandr request", Vendor: VendorXandr, Decoder: xandrRequest},
		{Host: "*.adnxs-simple.com", Path: "/", Name: "xandr request", Vendor: VendorXandr, Decoder: xandrRequest},

		// The Trade Desk (tradedesk.go).
		{Host: "*.adsrvr.org", Path: "/", Name: "the trade desk request", Vendor: VendorTradeDesk, Decoder: tradeDeskRequest},

		// Magnite (magnite.go).
		{Host: "*.rubiconproject.com", Path: "/", Name: "magnite request", Vendor: VendorMagnite, Decoder: magniteRequest},

		// PubMatic (pubmatic.go).
		{Host: "*.pubmatic.com", Path: "/", Name: "pubmatic request", Vendor: VendorPubMatic, Decoder: pubmaticRequest},

		// OpenX (openx.go).
		{Host: "*.openx.net", Path: "/", Name: "openx request", Vendor: VendorOpenX, Decoder: openxRequest},
		{Host: "*.servedbyopenx.com", Path: "/", Name: "openx request", Vendor: VendorOpenX, Decoder: openxRequest},

		// Index Exchange (indexexchange.go).
		{Host: "*.casalemedia.com", Path: "/", Name: "index exchange request", Vendor: VendorIndexExchange, Decoder: indexExchangeRequest},

		// LiveRamp (liveramp.go).
		{Host: "*.rlcdn.com", Path: "/", Name: "liveramp id sync", Vendor: VendorLiveRamp, Decoder: liveRampRequest},

		// Amazon Ads (amazonads.go).
		{Host: "*.amazon-adsystem.com", Path: "/", Name: "amazon ads request", Vendor: VendorAmazonAds, Decoder: amazonAdsRequest},

		// Oracle Advertising: Moat and BlueKai (oracle.go).
		{Host: "*.moatads.com", Path: "/", Name: "oracle moat request", Vendor: VendorOracle, Decoder: oracleRequest},
		{Host: "*.moatpixel.com", Path: "/", Name: "oracle moat request", Vendor: VendorOracle, Decoder: oracleRequest},
		{Host: "*.bluekai.com", Path: "/", Name: "oracle bluekai request", Vendor: VendorOracle, Decoder: oracleRequest},
		{Host: "*.bkrtx.com", Path: "/", Name: "oracle bluekai request", Vendor: VendorOracle, Decoder: oracleRequest},

		// Tealium (tealium.go).
		{Host: "tags.tiqcdn.com", Path: "/utag", Name: "tealium tag container", Vendor: VendorTealium, Decoder: pathLoader(VendorTealium, "Tealium tag container", tealiumContainer, tealiumCookies)},
		{Host: "*.tiqcdn.com", Path: "/", Name: "tealium request", Vendor: VendorTealium, Decoder: tealiumRequest},
		{Host: "collect.tealiumiq.com", Path: "/", Name: "tealium collect", Vendor: VendorTealium, Decoder: tealiumCollect},
		{Host: "*.tealiumiq.com", Path: "/", Name: "tealium request", Vendor: VendorTealium, Decoder: tealiumRequest},

		// Optimizely (optimizely.go).
		{Host: "logx.optimizely.com", Path: "/v1/events", Name: "optimizely events", Vendor: VendorOptimizely, Decoder: optimizelyEvents},
		{Host: "*.optimizely.com", Path: "/", Name: "optimizely request", Vendor: VendorOptimizely, Decoder: optimizelyRequest},

		// Nativo (nativo.go).
		{Host: "*.postrelease.com", Path: "/", Name: "nativo request", Vendor: VendorNativo, Decoder: nativoRequest},

		// Crazy Egg (crazyegg.go).
		{Host: "script.crazyegg.com", Path: "/pages", Name: "crazy egg tag", Vendor: VendorCrazyEgg, Decoder: pathLoader(VendorCrazyEgg, "Crazy Egg tag (heatmaps and session recording)", crazyEggAccount, crazyEggCookies)},
		{Host: "*.crazyegg.com", Path: "/", Name: "crazy egg request", Vendor: VendorCrazyEgg, Decoder: crazyEggRequest},

		// Snowplow (snowplow.go): collectors run on the site's own domain.
		{Host: "*", Path: "/com.snowplowanalytics.snowplow/tp2", Name: "snowplow events", Vendor: VendorSnowplow, Decoder: snowplowEvents},
		{Host: "*", Path: "/com.snowplowanalytics.snowplow/i", Name: "snowplow hit", Vendor: VendorSnowplow, Decoder: snowplowGet},
		{Host: "*.snplow.net", Path: "/i", Name: "snowplow hit", Vendor: VendorSnowplow, Decoder: snowplowGet},
		{Host: "*.snplow.net", Path: "/", Name: "snowplow request", Vendor: VendorSnowplow, Decoder: vendorRequest(VendorSnowplow, "Snowplow request", snowplowLabels, snowplowCookies)},

		// FullStory (fullstory.go).
		{Host: "*.fullstory.com", Path: "/rec", Name: "fullstory recording", Vendor: VendorFullStory, Decoder: DecoderFunc(decodeFullStory)},
		{Host: "edge.fullstory.com", Path: "/", Name: "fullstory recorder", Vendor: VendorFullStory, Decoder: loader(VendorFullStory, "FullStory recorder (session replay)", "", fullStoryCookies)},
		{Host: "*.fullstory.com", Path: "/", Name: "fullstory request", Vendor: VendorFullStory, Decoder: vendorRequest(VendorFullStory, "FullStory request", fullStoryLabels, fullStoryCookies)},

		// Tapad (Experian) (tapad.go).
		{Host: "*.tapad.com", Path: "/", Name: "tapad request", Vendor: VendorTapad, Decoder: tapadRequest},

		// Lotame (lotame.go).
		{Host: "*.crwdcntrl.net", Path: "/", Name: "lotame request", Vendor: VendorLotame, Decoder: lotameRequest},

		// MediaMath (mediamath.go).
		{Host: "*.mathtag.com", Path: "/", Name: "mediamath request", Vendor: VendorMediaMath, Decoder: mediaMathRequest},

		// BidSwitch (Criteo) (bidswitch.go).
		{Host: "*.bidswitch.net", Path: "/", Name: "bidswitch request", Vendor: VendorBidswitch, Decoder: bidswitchRequest},

		// Yahoo advertising (yahoo.go).
		{Host: "ads.yahoo.com", Path: "/", Name: "yahoo request", Vendor: VendorYahoo, Decoder: yahooRequest},
		{Host: "*.analytics.yahoo.com", Path: "/", Name: "yahoo request", Vendor: VendorYahoo, Decoder: yahooRequest},
		{Host: "*.advertising.com", Path: "/", Name: "yahoo request", Vendor: VendorYahoo, Decoder: yahooRequest},

		// Neustar AdAdvisor (TransUnion) (neustar.go).
		{Host: "*.agkn.com", Path: "/", Name: "neustar request", Vendor: VendorNeustar, Decoder: neustarRequest},

		// Dynamic Yield (Mastercard) (dynamicyield.go).
		{Host: "*.dynamicyield.com", Path: "/", Name: "dynamic-yield request", Vendor: VendorDynamicYield, Decoder: dynamicYieldRequest},
	}
}

// Registry chooses the [Decoder] for each entry. It is a value: build one
// with [NewRegistry] (usually from [Builtin]) and pass it where needed.
// A Registry is safe for concurrent use.
//
// Matching order: among the routes whose host and path prefix match a
// request, a route with an exact host wins over a "name.*" route, which
// wins over a "*." route (of two, the one with the longer domain), which
// wins over a "*" (any host) route; then the longest path prefix wins;
// then the route earlier in the table.
type Registry struct {
	// RevealSecrets, when set, leaves login secrets ([SecretNames]) as
	// they were sent; by default [Registry.Decode] masks them. Set it
	// before the first Decode.
	RevealSecrets bool

	routes []Route
	// Route indexes by host pattern, so that Find looks only at the
	// routes that can match: exact hosts, "*." domains, "name.*" names
	// (in sorted order in countryNames), and "*".
	exact        map[string][]int
	wild         map[string][]int
	country      map[string][]int
	countryNames []string
	any          []int
}

// NewRegistry returns a registry of routes. It is an error for a route to
// have an empty or malformed host, a path not starting with "/", no
// decoder, or the same host and path as an earlier route.
func NewRegistry(routes []Route) (*Registry, error) {
	r := &Registry{routes: make([]Route, len(routes)), exact: map[string][]int{}, wild: map[string][]int{}, country: map[string][]int{}}
	seen := make(map[[2]string]int, len(routes))
	for i, rt := range routes {
		rt.Host = strings.ToLower(rt.Host)
		domain := strings.TrimPrefix(rt.Host, "*.")
		name, isCountry := countryName(rt.Host)
		switch {
		case rt.Host == anyHost:
			domain = "any"
		case isCountry:
			domain = name
		}
		switch {
		case domain == "" || strings.ContainsAny(domain, "*/:?# "):
			return nil, fmt.Errorf("decode: route %d (%s): malformed host %q", i, rt.Name, rt.Host)
		case !strings.HasPrefix(rt.Path, "/"):
			return nil, fmt.Errorf("decode: route %d (%s): path %q does not start with /", i, rt.Name, rt.Path)
		case rt.Decoder == nil:
			return nil, fmt.Errorf("decode: route %d (%s): no decoder", i, rt.Name)
		}
		key := [2]string{rt.Host, rt.Path}
		if j, dup := seen[key]; dup {
			return nil, fmt.Errorf("decode: route %d (%s): duplicates route %d (%s): host %q path %q", i, rt.Name, j, routes[j].Name, rt.Host, rt.Path)
		}
		seen[key] = i
		r.routes[i] = rt
		switch {
		case rt.Host == anyHost:
			r.any = append(r.any, i)
		case isCountry:
			if r.country[name] == nil {
				r.countryNames = append(r.countryNames, name)
			}
			r.country[name] = append(r.country[name], i)
		case strings.HasPrefix(rt.Host, "*."):
			r.wild[domain] = append(r.wild[domain], i)
		default:
			r.exact[rt.Host] = append(r.exact[rt.Host], i)
		}
	}
	slices.Sort(r.countryNames)
	return r, nil
}

// Routes returns a copy of the registry's routes, in table order.
func (r *Registry) Routes() []Route {
	return append([]Route(nil), r.routes...)
}

// Find returns the route that decodes requests to host and path, and
// whether there is one. See [Registry] for the matching order.
func (r *Registry) Find(host, path string) (Route, bool) {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	// The routes whose host pattern can match.
	var buf [32]int
	cands := append(buf[:0], r.exact[host]...)
	for d := host; ; {
		cands = append(cands, r.wild[d]...)
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	for _, name := range r.countryNames {
		if rest, ok := cutName(host, name); ok && isPublicSuffix(host, rest) {
			cands = append(cands, r.country[name]...)
		}
	}
	cands = append(cands, r.any...)
	// The candidates are not in table order: the earlier route breaks a
	// tie explicitly.
	best, bestRank := -1, 0
	for _, i := range cands {
		rt := r.routes[i]
		var rank int
		if _, ok := countryName(rt.Host); ok {
			rank = rankCountry // a candidate only when host matched it
		} else {
			rank = hostRank(rt.Host, host)
		}
		if rank == 0 || !pathMatches(rt.Path, path) {
			continue
		}
		if best < 0 || rank > bestRank ||
			rank == bestRank && (len(rt.Path) > len(r.routes[best].Path) || len(rt.Path) == len(r.routes[best].Path) && i < best) {
			best, bestRank = i, rank
		}
	}
	if best < 0 {
		return Route{}, false
	}
	return r.routes[best], true
}

// anyHost is the host pattern that matches every host.
const anyHost = "*"

// countryName returns the name of a "name.*" host pattern
// ("www.google.*" gives "www.google") and whether pattern is one.
func countryName(pattern string) (string, bool) {
	name, ok := strings.CutSuffix(pattern, ".*")
	if !ok || name == "" || strings.HasPrefix(pattern, "*.") {
		return "", false
	}
	return name, true
}

// cutName returns what follows name and a dot at the start of host.
func cutName(host, name string) (rest string, ok bool) {
	if len(host) > len(name)+1 && host[len(name)] == '.' && strings.HasPrefix(host, name) {
		return host[len(name)+1:], true
	}
	return "", false
}

// isPublicSuffix reports whether suffix, the end of host, is host's ICANN
// public suffix (com, co.in, se), so that "www.google.*" matches
// www.google.co.in but neither www.google.co.in.example.com nor
// www.google.blogspot.com (a suffix of the list's private section).
func isPublicSuffix(host, suffix string) bool {
	ps, icann := publicsuffix.PublicSuffix(host)
	return icann && ps == suffix
}

// The ranks of host matches ([hostRank]).
const (
	rankAny     = 1
	rankWild    = 2 // plus the length of the domain, below rankCountry
	rankCountry = 1000
	rankExact   = 2000
)

// hostRank says how well host matches pattern, higher being better: an
// exact match, then a "name.*" pattern, then a "*." pattern, the longer
// domain first ("*.fls.doubleclick.net" before "*.doubleclick.net"),
// then "*" (any host); 0 for no match.
func hostRank(pattern, host string) int {
	if pattern == anyHost {
		return rankAny
	}
	if name, ok := countryName(pattern); ok {
		if rest, ok := cutName(host, name); ok && isPublicSuffix(host, rest) {
			return rankCountry
		}
		return 0
	}
	if domain, wild := strings.CutPrefix(pattern, "*."); wild {
		if host == domain || len(host) > len(domain) && host[len(host)-len(domain)-1] == '.' && strings.HasSuffix(host, domain) {
			return rankWild + min(len(domain), rankCountry-rankWild-1)
		}
		return 0
	}
	if host == pattern {
		return rankExact
	}
	return 0
}

// pathMatches reports whether prefix matches path on whole segments.
func pathMatches(prefix, path string) bool {
	if !strings.HasPrefix(path, prefix) {
		return false
	}
	return len(path) == len(prefix) || strings.HasSuffix(prefix, "/") || path[len(prefix)] == '/' || path[len(prefix)] == ';'
}

// Decode decodes any entry: first-party or third-party, the caller
// decides which entries to pass. The entry goes to the route [Registry.Find]
// chooses; an entry no route claims (see [Registry.Claims]) becomes a
// generic [VendorOther] event of [KindRequest] carrying its host, method,
// query and body parameters and cookies. Nothing is dropped: a decoder error (or panic)
// becomes a warning on the event, and a decoder that returns no event
// yields the generic event.
//
// Login secrets ([EntrySecrets]: session cookies such as Facebook's xs,
// Authorization headers, access tokens) are masked in every string of
// every event ([MaskSecret]), wherever they occur, unless
// [Registry.RevealSecrets] is set: every output made from events shows
// them masked.
//
// Each event's first [Source] is file and the entry's index; its SHA-256
// is left empty for [SetSHA256], since a streaming reader knows it only
// at the end of the file.
func (r *Registry) Decode(file string, e *har.Entry) []Event {
	host, path, _ := site.Split(e.Request.URL)
	var evs []Event
	var err error
	rt, ok := r.Find(host, path)
	if c, isClaimer := rt.Decoder.(claimer); ok && isClaimer && !c.claims(e) {
		ok = false
	}
	if ok {
		evs, err = safeDecode(rt.Decoder, e)
	}
	if len(evs) == 0 {
		evs = []Event{decodeGeneric(e, VendorOther)}
	}
	base := entryEvent(e)
	delivery := DeliveryOf(e)
	for i := range evs {
		ev := &evs[i]
		if err != nil {
			ev.Warnings = append(ev.Warnings, fmt.Sprintf("%s decoder: %v", rt.Name, err))
		}
		ev.Time, ev.Host, ev.Method, ev.Path, ev.Cookies, ev.Delivery = base.Time, base.Host, base.Method, base.Path, base.Cookies, delivery
		ev.Sources = []Source{{File: file, Entry: e.Index, Gateway: ev.Gateway != ""}}
		ev.Index = i + 1
		markPlainPersonal(ev)
		markFBI(ev)
	}
	r.MaskSecrets(e, evs)
	return evs
}

// MaskSecrets masks the login secrets e carries ([EntrySecrets]) in
// every string of evs, in place, unless [Registry.RevealSecrets] is set.
// [Registry.Decode] calls it; an event made from e outside the registry
// (report's navigation events) goes through it too, so that no output
// shows a secret.
func (r *Registry) MaskSecrets(e *har.Entry, evs []Event) {
	if r.RevealSecrets || len(evs) == 0 {
		return
	}
	m := newSecretMasker(EntrySecrets(e))
	if m == nil {
		return
	}
	for i := range evs {
		m.mask(&evs[i])
	}
}

// Claims reports whether a route of the registry matches the entry's
// host and path (and, for a route on any host that takes only some
// requests, such as Meta's gateway path /events, whether it takes this
// one: a POST of text or JSON), that is, whether [Registry.Decode] would
// hand it to a tracker's decoder rather than make a generic event of it.
// It reads only what a skimmed entry keeps ([har.Reader.Want]).
func (r *Registry) Claims(e *har.Entry) bool {
	host, path, _ := site.Split(e.Request.URL)
	rt, ok := r.Find(host, path)
	if c, isClaimer := rt.Decoder.(claimer); ok && isClaimer {
		return c.claims(e)
	}
	return ok
}

// ClaimsURL reports whether [Registry.Claims] takes every entry with that
// URL, whatever else it holds: a route matches its host and path, and
// takes all its requests (Meta's gateway path /events, for one, takes
// only some). An entry it says yes to is claimed; one it says no to may
// still be.
func (r *Registry) ClaimsURL(url string) bool {
	all, _ := r.ClaimsByURL(url)
	return all
}

// ClaimsByURL says what an entry's URL alone tells of [Registry.Claims]:
// all, that it takes every entry with that URL ([Registry.ClaimsURL]);
// none, that it takes none (no route matches the URL's host and path).
// With neither, Claims must see the entry.
func (r *Registry) ClaimsByURL(url string) (all, none bool) {
	host, path, _ := site.Split(url)
	rt, ok := r.Find(host, path)
	if !ok {
		return false, true
	}
	_, isClaimer := rt.Decoder.(claimer)
	return !isClaimer, false
}

// safeDecode runs d, turning a panic into an error so that one bad entry
// never stops a file.
func safeDecode(d Decoder, e *har.Entry) (evs []Event, err error) {
	defer func() {
		if p := recover(); p != nil {
			evs, err = nil, fmt.Errorf("panic: %v", p)
		}
	}()
	return d.Decode(e)
}

// SetSHA256 sets the SHA-256 of every source of evs that names file.
func SetSHA256(evs []Event, file, sha256 string) {
	for i := range evs {
		for j := range evs[i].Sources {
			if evs[i].Sources[j].File == file {
				evs[i].Sources[j].SHA256 = sha256
			}
		}
	}
}

// entryEvent returns an event holding the facts every event of e shares.
func entryEvent(e *har.Entry) Event {
	host, path, _ := site.Split(e.Request.URL)
	cookies := cookieStatus(&e.Request)
	t := e.StartedDateTime
	if t.Valid() {
		t.T = t.T.UTC()
	}
	return Event{
		Time:    t,
		Sources: []Source{{Entry: e.Index}},
		Host:    form.ValidUTF8(host),
		Method:  form.ValidUTF8(strings.ToUpper(e.Request.Method)),
		Path:    form.ValidUTF8(path),
		Cookies: cookies,
	}
}

// Host returns a host the vendor's own requests go to, from the routes of
// [Builtin] ("facebook.com" for Meta, "google-analytics.com" for GA4), or
// "" for [VendorOther]: the company that receives what a first-party
// gateway forwards ([Event.Gateway]) is the one behind that host.
func (v Vendor) Host() string {
	for _, rt := range Builtin() {
		if rt.Vendor == v && rt.Host != "*" && !strings.HasSuffix(rt.Host, ".*") {
			return strings.TrimPrefix(rt.Host, "*.")
		}
	}
	return ""
}
