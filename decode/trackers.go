package decode

import "strings"

// vendorTitles say what each vendor value stands for, in the table of
// supported trackers.
var vendorTitles = [numVendors]string{
	VendorOther:     "any other request (generic fallback)",
	VendorMeta:      "Meta (Facebook) Pixel, and its calls to a site's Conversions API Gateway",
	VendorGA4:       "Google Analytics 4",
	VendorUA:        "Universal Analytics (retired 2023–24)",
	VendorGoogleAds: "Google Ads and DoubleClick",
	VendorTikTok:    "TikTok Pixel",
	VendorLinkedIn:  "LinkedIn Insight Tag",
	VendorX:         "X (Twitter) pixel",
	VendorBing:      "Microsoft Advertising UET (Bing)",
	VendorPinterest: "Pinterest Tag",
	VendorSnap:      "Snap Pixel",
	VendorReddit:    "Reddit Pixel",
	// Google family (issue 18)
	VendorGAClassic:       "classic Google Analytics (urchin.js, ga.js, dc.js: before Universal Analytics)",
	VendorGAAudiences:     "Google Analytics remarketing audiences (Advertising Features)",
	VendorFloodlight:      "Floodlight (Campaign Manager 360, formerly DoubleClick)",
	VendorGoogleTag:       "Google tag and Google Tag Manager (loaders: which tags a site installs)",
	VendorGoogleAdManager: "Google Ad Manager (Google Publisher Tag)",
	VendorAdSense:         "Google AdSense and Google's display-ad serving (googlesyndication.com)",
	VendorGoogleOptimize:  "Google Optimize (A/B testing; retired 2023)",
	// Other vendors (issue 18)
	VendorAdobeAnalytics:       "Adobe Analytics (Omniture SiteCatalyst) and Adobe Target",
	VendorSegment:              "Segment (Twilio)",
	VendorMixpanel:             "Mixpanel",
	VendorAmplitude:            "Amplitude",
	VendorHeap:                 "Heap (Contentsquare)",
	VendorHotjar:               "Hotjar (session recording and heatmaps; Contentsquare)",
	VendorClarity:              "Microsoft Clarity (session recording and heatmaps)",
	VendorComscore:             "comScore",
	VendorNielsen:              "Nielsen (Digital Content Ratings, eXelate)",
	VendorChartbeat:            "Chartbeat",
	VendorQuantcast:            "Quantcast Measure",
	VendorCriteo:               "Criteo (OneTag retargeting)",
	VendorYandexMetrica:        "Yandex Metrica (and Yango)",
	VendorNewRelic:             "New Relic Browser",
	VendorHubSpot:              "HubSpot",
	VendorMatomo:               "Matomo (Piwik), self-hosted or Matomo Cloud",
	VendorPardot:               "Pardot (Salesforce Marketing Cloud Account Engagement)",
	VendorMarketo:              "Marketo Munchkin (Adobe Marketo Engage)",
	VendorSalesforce:           "Salesforce (DMP/Krux, Personalization, Marketing Cloud)",
	VendorTaboola:              "Taboola (recommendations and Taboola Pixel)",
	VendorOutbrain:             "Outbrain (recommendations and Outbrain Pixel)",
	VendorAdobeAudienceManager: "Adobe Audience Manager and Experience Cloud ID service (demdex)",
	VendorXandr:                "Xandr (AppNexus, Microsoft)",
	VendorTradeDesk:            "The Trade Desk",
	VendorMagnite:              "Magnite (Rubicon Project)",
	VendorPubMatic:             "PubMatic",
	VendorOpenX:                "OpenX",
	VendorIndexExchange:        "Index Exchange (casalemedia)",
	VendorLiveRamp:             "LiveRamp",
	VendorAmazonAds:            "Amazon Ads (amazon-adsystem)",
	VendorOracle:               "Oracle Advertising (Moat, BlueKai; closed 2024)",
	VendorTealium:              "Tealium (iQ tag manager, Collect)",
	VendorOptimizely:           "Optimizely (experimentation)",
	VendorNativo:               "Nativo (native advertising)",
	VendorCrazyEgg:             "Crazy Egg (heatmaps and session recording)",
	VendorSnowplow:             "Snowplow (self-hosted or Snowplow-hosted collectors)",
	VendorFullStory:            "FullStory (session replay)",
	VendorTapad:                "Tapad (Experian)",
	VendorLotame:               "Lotame",
	VendorMediaMath:            "MediaMath",
	VendorBidswitch:            "BidSwitch (Criteo)",
	VendorYahoo:                "Yahoo advertising",
	VendorNeustar:              "Neustar AdAdvisor (TransUnion)",
	VendorDynamicYield:         "Dynamic Yield (Mastercard)",
}

// TrackersMarkdown renders routes (usually [Builtin]) as one Markdown
// table of the supported trackers: one row per vendor, in [Vendors]
// order, listing the vendor value, what it is, and every host and path
// prefix routed to it, in table order. Host "*" is written "any host".
// README.md's "Supported trackers" section is this table; a test keeps
// the two the same.
func TrackersMarkdown(routes []Route) string {
	var b strings.Builder
	b.WriteString("| vendor | tracker | hosts and paths |\n")
	b.WriteString("|---|---|---|\n")
	for _, v := range Vendors() {
		var where []string
		for _, rt := range routes {
			if rt.Vendor != v {
				continue
			}
			if rt.Host == anyHost {
				where = append(where, "any host `"+rt.Path+"`")
			} else {
				where = append(where, "`"+rt.Host+rt.Path+"`")
			}
		}
		if len(where) == 0 {
			continue
		}
		b.WriteString("| `" + v.String() + "` | " + vendorTitles[v] + " | " + strings.Join(where, ", ") + " |\n")
	}
	b.WriteString("| `other` | " + vendorTitles[VendorOther] + " | every request no route claims: its parameters and cookies, unlabelled |\n")
	return b.String()
}
