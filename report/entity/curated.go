package entity

// Curated returns haruspex's own table: the trackers haruspex decodes, with
// the legal entity behind each. It returns a new slice on each call.
//
// Which legal entity is named: LegalEntity is the company that the
// provider's own terms or privacy notice name as responsible for users in
// the United Kingdom, haruspex's first audience, because that is the
// company a UK court or the ICO would address; Note names the entity for
// users in the EU/EEA where it differs, and Reference links the document.
// Providers change these (Meta, Google and LinkedIn moved UK users from
// their Irish to their US companies after Brexit): an expert report should
// quote the version of the document in force on the date of the capture.
//
// Hosts are patterns as in [Entity.Domains]. A whole registrable domain
// ("*.facebook.net") is listed only where the company owns it outright.
func Curated() []Entity {
	return []Entity{
		{
			// Meta announced in December 2020 that it would move "legal
			// responsibilities and obligations for UK users from Facebook
			// Ireland to Facebook Inc" (Reuters, 15 December 2020); its
			// privacy policy names Meta Platforms, Inc. outside the European
			// Region and Meta Platforms Ireland Limited within it.
			// https://www.facebook.com/privacy/policy/
			Name:        "Facebook",
			Company:     "Meta",
			LegalEntity: "Meta Platforms, Inc.",
			Country:     "US",
			Parent:      "Meta Platforms, Inc.",
			Homepage:    "https://www.facebook.com",
			Category:    "social",
			Domains:     []string{"*.facebook.com", "*.facebook.net", "*.fbcdn.net", "*.fbsbx.com", "*.meta.com"},
			Note:        "Meta Platforms Ireland Limited (IE) for users in the EU/EEA. Facebook, Inc. was renamed Meta Platforms, Inc. on 28 October 2021.",
			Reference:   "https://www.facebook.com/privacy/policy/",
			Source:      SourceHaruspex,
		},
		{
			// Same terms as Facebook: Instagram is a Meta Product.
			// https://privacycenter.instagram.com/policy/
			Name:        "Instagram",
			Company:     "Meta",
			LegalEntity: "Meta Platforms, Inc.",
			Country:     "US",
			Parent:      "Meta Platforms, Inc.",
			Homepage:    "https://www.instagram.com",
			Category:    "social",
			Domains:     []string{"*.cdninstagram.com", "*.instagram.com"},
			Note:        "Meta Platforms Ireland Limited (IE) for users in the EU/EEA.",
			Reference:   "https://privacycenter.instagram.com/policy/",
			Source:      SourceHaruspex,
		},
		{
			// Google's terms name Google LLC as the provider for users in the
			// UK (since 2021) and Google Ireland Limited for users in the EEA
			// and Switzerland. https://policies.google.com/terms?gl=GB
			Name:        "Google Analytics",
			Company:     "Google",
			LegalEntity: "Google LLC",
			Country:     "US",
			Parent:      "Alphabet Inc.",
			Homepage:    "https://marketingplatform.google.com/about/analytics/",
			Category:    "analytics",
			Domains:     []string{"*.google-analytics.com", "analytics.google.com"},
			Note:        "Google Ireland Limited (IE) for users in the EEA and Switzerland. For an advertiser's contract Google may name another entity: see the customer's agreement.",
			Reference:   "https://policies.google.com/privacy?gl=GB",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Google Tag Manager",
			Company:     "Google",
			LegalEntity: "Google LLC",
			Country:     "US",
			Parent:      "Alphabet Inc.",
			Homepage:    "https://marketingplatform.google.com/about/tag-manager/",
			Category:    "tag-manager",
			Domains:     []string{"*.googletagmanager.com"},
			Note:        "Google Ireland Limited (IE) for users in the EEA and Switzerland.",
			Reference:   "https://policies.google.com/privacy?gl=GB",
			Source:      SourceHaruspex,
		},
		{
			// Google Ads conversion tracking and remarketing, and
			// DoubleClick (Campaign Manager 360, Display & Video 360).
			Name:        "Google Ads and DoubleClick",
			Company:     "Google",
			LegalEntity: "Google LLC",
			Country:     "US",
			Parent:      "Alphabet Inc.",
			Homepage:    "https://ads.google.com",
			Category:    "ad",
			Domains:     []string{"*.2mdn.net", "*.doubleclick.net", "*.googleadservices.com", "*.googlesyndication.com", "*.googletagservices.com"},
			Note:        "Google Ireland Limited (IE) for users in the EEA and Switzerland.",
			Reference:   "https://policies.google.com/privacy?gl=GB",
			Source:      SourceHaruspex,
		},
		{
			// www.google.com receives Google Ads conversions (/pagead/,
			// /ads/) and Google tag data (/ccm/collect).
			Name:        "Google",
			Company:     "Google",
			LegalEntity: "Google LLC",
			Country:     "US",
			Parent:      "Alphabet Inc.",
			Homepage:    "https://www.google.com",
			Category:    "other",
			Domains:     []string{"*.google.co.uk", "*.google.com", "*.googleapis.com", "*.gstatic.com"},
			Note:        "Google Ireland Limited (IE) for users in the EEA and Switzerland.",
			Reference:   "https://policies.google.com/privacy?gl=GB",
			Source:      SourceHaruspex,
		},
		{
			// TikTok's privacy policy for the EEA, UK and Switzerland names
			// TikTok Information Technologies UK Limited and TikTok
			// Technology Limited as joint controllers for UK users; TikTok
			// Technology Limited alone for the EEA. TikTok Pte. Ltd.
			// (Singapore) serves users in other regions. Both UK entities are
			// ByteDance subsidiaries (the ICO's 2023 fine named TikTok
			// Information Technologies UK Limited and TikTok Inc).
			// https://www.tiktok.com/legal/page/eea/privacy-policy/en
			Name:        "TikTok",
			Company:     "TikTok",
			LegalEntity: "TikTok Information Technologies UK Limited",
			Country:     "GB",
			Parent:      "ByteDance Ltd.",
			Homepage:    "https://www.tiktok.com",
			Category:    "ad",
			Domains:     []string{"*.tiktok.com", "*.tiktokcdn.com"},
			Note:        "Joint controller with TikTok Technology Limited (IE) for UK users; TikTok Technology Limited for users in the EEA; TikTok Pte. Ltd. (SG) in most other regions. ByteDance Ltd. is incorporated in the Cayman Islands.",
			Reference:   "https://www.tiktok.com/legal/page/eea/privacy-policy/en",
			Source:      SourceHaruspex,
		},
		{
			// LinkedIn's European Regional Privacy Notice: "If you are
			// located in the United Kingdom, LinkedIn Corporation ... is the
			// data controller"; LinkedIn Ireland Unlimited Company in the EU,
			// EEA and Switzerland. https://www.linkedin.com/legal/privacy/eu
			Name:        "LinkedIn",
			Company:     "LinkedIn",
			LegalEntity: "LinkedIn Corporation",
			Country:     "US",
			Parent:      "Microsoft Corporation",
			Homepage:    "https://www.linkedin.com",
			Category:    "ad",
			Domains:     []string{"*.licdn.com", "*.linkedin.com"},
			Note:        "LinkedIn Ireland Unlimited Company (IE) for users in the EU, EEA and Switzerland.",
			Reference:   "https://www.linkedin.com/legal/privacy/eu",
			Source:      SourceHaruspex,
		},
		{
			// X's privacy policy names an Irish company as controller for
			// users in the EU, EFTA States and the United Kingdom, and X
			// Corp. elsewhere. https://x.com/en/privacy
			Name:        "X (Twitter)",
			Company:     "X",
			LegalEntity: "Twitter International Unlimited Company",
			Country:     "IE",
			Parent:      "X Corp.",
			Homepage:    "https://x.com",
			Category:    "social",
			Domains:     []string{"*.ads-twitter.com", "*.t.co", "*.twimg.com", "*.twitter.com", "*.x.com"},
			Note:        "Controller for users in the EU, EFTA States and the UK as named in X's privacy policy; later versions may name it X Internet Unlimited Company. X Corp. (US) for users elsewhere.",
			Reference:   "https://x.com/en/privacy",
			Source:      SourceHaruspex,
		},
		{
			// Microsoft's privacy statement names Microsoft Corporation as
			// controller, with Microsoft Ireland Operations Limited as its
			// representative in the EEA and Switzerland.
			// https://privacy.microsoft.com/privacystatement
			Name:        "Microsoft Advertising (UET)",
			Company:     "Microsoft",
			LegalEntity: "Microsoft Corporation",
			Country:     "US",
			Parent:      "Microsoft Corporation",
			Homepage:    "https://ads.microsoft.com",
			Category:    "ad",
			Domains:     []string{"*.bing.com"},
			Note:        "Microsoft Ireland Operations Limited (IE) is Microsoft's data-protection representative in the EEA and Switzerland.",
			Reference:   "https://privacy.microsoft.com/privacystatement",
			Source:      SourceHaruspex,
		},
		{
			// Pinterest's privacy policy names Pinterest Europe Ltd. as
			// controller for users outside the United States.
			// https://policy.pinterest.com/en-gb/privacy-policy
			Name:        "Pinterest",
			Company:     "Pinterest",
			LegalEntity: "Pinterest Europe Ltd.",
			Country:     "IE",
			Parent:      "Pinterest, Inc.",
			Homepage:    "https://www.pinterest.com",
			Category:    "social",
			Domains:     []string{"*.pinimg.com", "*.pinterest.co.uk", "*.pinterest.com"},
			Note:        "Pinterest, Inc. (US) for users in the United States.",
			Reference:   "https://policy.pinterest.com/en-gb/privacy-policy",
			Source:      SourceHaruspex,
		},
		{
			// Snap's terms and privacy policy name Snap Group Limited, a
			// company registered in England and Wales, for users outside the
			// United States. https://values.snap.com/privacy/privacy-policy
			Name:        "Snapchat",
			Company:     "Snap",
			LegalEntity: "Snap Group Limited",
			Country:     "GB",
			Parent:      "Snap Inc.",
			Homepage:    "https://www.snapchat.com",
			Category:    "ad",
			Domains:     []string{"*.sc-static.net", "*.snapchat.com"},
			Note:        "Snap Inc. (US) for users in the United States.",
			Reference:   "https://values.snap.com/privacy/privacy-policy",
			Source:      SourceHaruspex,
		},
		{
			// Reddit's privacy policy names Reddit, Inc.; the Reddit Pixel
			// sends to alb.reddit.com. https://www.reddit.com/policies/privacy-policy
			Name:        "Reddit",
			Company:     "Reddit",
			LegalEntity: "Reddit, Inc.",
			Country:     "US",
			Parent:      "Reddit, Inc.",
			Homepage:    "https://www.reddit.com",
			Category:    "social",
			Domains:     []string{"*.redd.it", "*.reddit.com", "*.redditmedia.com", "*.redditstatic.com"},
			Note:        "Check the policy in force at the capture date for a regional entity in the EEA.",
			Reference:   "https://www.reddit.com/policies/privacy-policy",
			Source:      SourceHaruspex,
		},
		// Other vendors (issue 18). For analytics and marketing tools the
		// site is usually the controller and the provider its processor;
		// LegalEntity is still the company whose privacy notice names it
		// for the provider's own processing. Where Note says "not
		// verified", haruspex has not read the notice in force for UK
		// users: the entity named is the company that publishes it.
		{
			// Adobe's privacy policy: Adobe Inc. for North America, Adobe
			// Systems Software Ireland Limited elsewhere (the UK included).
			Name:        "Adobe Experience Cloud (Analytics, Target, Audience Manager)",
			Company:     "Adobe",
			LegalEntity: "Adobe Systems Software Ireland Limited",
			Country:     "IE",
			Parent:      "Adobe Inc.",
			Homepage:    "https://business.adobe.com",
			Category:    "analytics",
			Domains:     []string{"*.2o7.net", "*.adobedc.net", "*.demdex.net", "*.everesttech.net", "*.omtrdc.net"},
			Note:        "Adobe Inc. (US) for users in North America. For Analytics and Target Adobe processes data on the site's behalf; requests to the site's own CNAME (metrics.<site>) are Adobe's too but resolve to the site's domain.",
			Reference:   "https://www.adobe.com/privacy/policy.html",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Marketo Engage (Munchkin)",
			Company:     "Adobe",
			LegalEntity: "Adobe Systems Software Ireland Limited",
			Country:     "IE",
			Parent:      "Adobe Inc.",
			Homepage:    "https://business.adobe.com/products/marketo.html",
			Category:    "marketing",
			Domains:     []string{"*.marketo.com", "*.marketo.net", "*.mktoresp.com"},
			Note:        "Marketo, Inc. is an Adobe company (acquired 2018); Adobe's privacy policy applies. Adobe Inc. (US) for users in North America.",
			Reference:   "https://www.adobe.com/privacy/policy.html",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Segment",
			Company:     "Twilio",
			LegalEntity: "Twilio Inc.",
			Country:     "US",
			Parent:      "Twilio Inc.",
			Homepage:    "https://segment.com",
			Category:    "analytics",
			Domains:     []string{"*.segment.com", "*.segment.io", "*.segmentapis.com"},
			Note:        "Segment.io, Inc. became part of Twilio in 2020. Not verified: Twilio Ireland Limited may be named for the EEA and UK.",
			Reference:   "https://www.twilio.com/en-us/legal/privacy",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Mixpanel",
			Company:     "Mixpanel",
			LegalEntity: "Mixpanel, Inc.",
			Country:     "US",
			Parent:      "Mixpanel, Inc.",
			Homepage:    "https://mixpanel.com",
			Category:    "analytics",
			Domains:     []string{"*.mixpanel.com", "*.mxpnl.com"},
			Note:        "Not verified against the notice in force for UK users.",
			Reference:   "https://mixpanel.com/legal/privacy-policy/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Amplitude",
			Company:     "Amplitude",
			LegalEntity: "Amplitude, Inc.",
			Country:     "US",
			Parent:      "Amplitude, Inc.",
			Homepage:    "https://amplitude.com",
			Category:    "analytics",
			Domains:     []string{"*.amplitude.com"},
			Note:        "Not verified against the notice in force for UK users.",
			Reference:   "https://amplitude.com/privacy",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Heap",
			Company:     "Contentsquare",
			LegalEntity: "Heap Inc.",
			Country:     "US",
			Parent:      "Contentsquare SAS",
			Homepage:    "https://www.heap.io",
			Category:    "analytics",
			Domains:     []string{"*.heap-api.com", "*.heapanalytics.com"},
			Note:        "Contentsquare acquired Heap in 2023. Not verified against the notice in force for UK users.",
			Reference:   "https://www.heap.io/privacy",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Hotjar",
			Company:     "Contentsquare",
			LegalEntity: "Hotjar Ltd",
			Country:     "MT",
			Parent:      "Contentsquare SAS",
			Homepage:    "https://www.hotjar.com",
			Category:    "analytics",
			Domains:     []string{"*.hotjar.com", "*.hotjar.io"},
			Note:        "Contentsquare acquired Hotjar in 2021. Hotjar processes recordings on the site's behalf.",
			Reference:   "https://www.hotjar.com/legal/policies/privacy/",
			Source:      SourceHaruspex,
		},
		{
			// Microsoft's privacy statement names Microsoft Corporation, with
			// Microsoft Ireland Operations Limited as its EEA representative.
			Name:        "Microsoft Clarity",
			Company:     "Microsoft",
			LegalEntity: "Microsoft Corporation",
			Country:     "US",
			Parent:      "Microsoft Corporation",
			Homepage:    "https://clarity.microsoft.com",
			Category:    "analytics",
			Domains:     []string{"*.clarity.ms"},
			Note:        "Microsoft Ireland Operations Limited (IE) is Microsoft's data-protection representative in the EEA. Clarity's terms make the site and Microsoft joint users of the data for some purposes (ads improvement).",
			Reference:   "https://privacy.microsoft.com/privacystatement",
			Source:      SourceHaruspex,
		},
		{
			Name:        "comScore",
			Company:     "comScore",
			LegalEntity: "comScore, Inc.",
			Country:     "US",
			Parent:      "comScore, Inc.",
			Homepage:    "https://www.comscore.com",
			Category:    "analytics",
			Domains:     []string{"*.comscore.com", "*.scorecardresearch.com"},
			Note:        "Not verified: comScore's notice may name a European subsidiary for the EEA and UK.",
			Reference:   "https://www.comscore.com/About/Privacy-Policy",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Nielsen (Digital Content Ratings, eXelate)",
			Company:     "Nielsen",
			LegalEntity: "The Nielsen Company (US), LLC",
			Country:     "US",
			Homepage:    "https://www.nielsen.com",
			Category:    "analytics",
			Domains:     []string{"*.exelator.com", "*.imrworldwide.com"},
			Note:        "eXelate (Nielsen Marketing Cloud) was bought by Nielsen in 2015. Not verified against the notice in force for UK users.",
			Reference:   "https://www.nielsen.com/legal/privacy-statement/digital-measurement/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Chartbeat",
			Company:     "Chartbeat",
			LegalEntity: "Chartbeat, Inc.",
			Country:     "US",
			Parent:      "Chartbeat, Inc.",
			Homepage:    "https://chartbeat.com",
			Category:    "analytics",
			Domains:     []string{"*.chartbeat.com", "*.chartbeat.net"},
			Note:        "Not verified against the notice in force for UK users.",
			Reference:   "https://chartbeat.com/privacy/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Quantcast",
			Company:     "Quantcast",
			LegalEntity: "Quantcast International Limited",
			Country:     "IE",
			Parent:      "Quantcast Corporation",
			Homepage:    "https://www.quantcast.com",
			Category:    "ad",
			Domains:     []string{"*.quantcast.com", "*.quantcount.com", "*.quantserve.com"},
			Note:        "Quantcast Corporation (US) for users outside Europe. Not verified against the notice in force for UK users.",
			Reference:   "https://www.quantcast.com/privacy/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Criteo",
			Company:     "Criteo",
			LegalEntity: "Criteo SA",
			Country:     "FR",
			Parent:      "Criteo SA",
			Homepage:    "https://www.criteo.com",
			Category:    "ad",
			Domains:     []string{"*.criteo.com", "*.criteo.net"},
			Note:        "Not verified against the notice in force for UK users.",
			Reference:   "https://www.criteo.com/privacy/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Yandex Metrica",
			Company:     "Yandex",
			LegalEntity: "YANDEX LLC",
			Country:     "RU",
			Homepage:    "https://metrica.yandex.com",
			Category:    "analytics",
			Domains:     []string{"*.webvisor.org", "mc.yandex.com", "mc.yandex.ru", "mc.yango.com"},
			Note:        "Yandex Metrica's terms of use name YANDEX LLC (Moscow). Yango is the international brand of services Yandex split off in 2024; mc.yango.com may belong to another company. Not verified.",
			Reference:   "https://yandex.com/legal/metrica_termsofuse/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "New Relic Browser",
			Company:     "New Relic",
			LegalEntity: "New Relic, Inc.",
			Country:     "US",
			Homepage:    "https://newrelic.com",
			Category:    "utility",
			Domains:     []string{"*.nr-data.net", "js-agent.newrelic.com"},
			Note:        "New Relic processes the data on the site's behalf. Not verified against the notice in force for UK users.",
			Reference:   "https://newrelic.com/termsandconditions/privacy",
			Source:      SourceHaruspex,
		},
		{
			Name:        "HubSpot",
			Company:     "HubSpot",
			LegalEntity: "HubSpot, Inc.",
			Country:     "US",
			Parent:      "HubSpot, Inc.",
			Homepage:    "https://www.hubspot.com",
			Category:    "marketing",
			Domains:     []string{"*.hs-analytics.net", "*.hs-banner.com", "*.hs-scripts.com", "*.hscollectedforms.net", "*.hsforms.com", "*.hsforms.net", "*.hubapi.com", "*.hubspot.com", "*.usemessages.com"},
			Note:        "HubSpot processes tracking data on the site's behalf. Not verified: HubSpot Ireland Limited may be named for the EEA.",
			Reference:   "https://legal.hubspot.com/privacy-policy",
			Source:      SourceHaruspex,
		},
		{
			// Matomo Cloud only: a self-hosted Matomo is the site itself.
			Name:        "Matomo Cloud",
			Company:     "InnoCraft",
			LegalEntity: "InnoCraft Ltd",
			Country:     "NZ",
			Parent:      "InnoCraft Ltd",
			Homepage:    "https://matomo.org",
			Category:    "analytics",
			Domains:     []string{"*.matomo.cloud"},
			Note:        "A self-hosted Matomo (matomo.php on the site's own server) sends nothing to InnoCraft. Not verified against the notice in force for UK users.",
			Reference:   "https://matomo.org/privacy-policy/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Salesforce (Pardot, DMP, Personalization, Marketing Cloud)",
			Company:     "Salesforce",
			LegalEntity: "Salesforce, Inc.",
			Country:     "US",
			Parent:      "Salesforce, Inc.",
			Homepage:    "https://www.salesforce.com",
			Category:    "marketing",
			Domains:     []string{"*.evergage.com", "*.igodigital.com", "*.krxd.net", "*.pardot.com"},
			Note:        "salesforce.com, inc. was renamed Salesforce, Inc. in 2022; Krux (krxd.net) was bought in 2016 and Pardot came with ExactTarget in 2013. Not verified against the notice in force for UK users.",
			Reference:   "https://www.salesforce.com/company/privacy/",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Taboola",
			Company:     "Taboola",
			LegalEntity: "Taboola.com Ltd.",
			Country:     "IL",
			Parent:      "Taboola.com Ltd.",
			Homepage:    "https://www.taboola.com",
			Category:    "ad",
			Domains:     []string{"*.taboola.com", "*.taboolasyndication.com"},
			Note:        "Not verified: Taboola's notice may name a regional subsidiary for the EEA and UK.",
			Reference:   "https://www.taboola.com/policies/privacy-policy",
			Source:      SourceHaruspex,
		},
		{
			Name:        "Outbrain",
			Company:     "Outbrain",
			LegalEntity: "Outbrain Inc.",
			Country:     "US",
			Parent:      "Outbrain Inc.",
			Homepage:    "https://www.outbrain.com",
			Category:    "ad",
			Domains:     []string{"*.outbrain.com", "*.outbrainimg.com"},
			Note:        "Outbrain acquired Teads in 2025 and took its name (Teads Holding Co.). Not verified against the notice in force for UK users.",
			Reference:   "https://www.outbrain.com/privacy/",
			Source:      SourceHaruspex,
		},
	}
}
