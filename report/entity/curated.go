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
		// Google family (issue 18).
		{
			// Google's country domains, www.google.<country>: Google Ads
			// (/pagead/, /ads/user-lists/) and Google Analytics'
			// remarketing audiences (/ads/ga-audiences) send there as well
			// as to www.google.com (corpus pagexray__ferguson.har entries
			// 103 and 116: www.google.se), and Google's ad libraries load
			// adservice.google.<country>. The list is Google's search
			// domains (https://www.google.com/supported_domains) as two
			// independent public copies agree (google.com and google.co.uk
			// are the entity "Google" above); same terms as Google.
			Name:        "Google (country domains)",
			Company:     "Google",
			LegalEntity: "Google LLC",
			Country:     "US",
			Parent:      "Alphabet Inc.",
			Homepage:    "https://www.google.com",
			Category:    "ad",
			Domains: []string{
				"*.google.ad", "*.google.ae", "*.google.al", "*.google.am", "*.google.as", "*.google.at",
				"*.google.az", "*.google.ba", "*.google.be", "*.google.bf", "*.google.bg", "*.google.bi",
				"*.google.bj", "*.google.bs", "*.google.bt", "*.google.by", "*.google.ca", "*.google.cat",
				"*.google.cd", "*.google.cf", "*.google.cg", "*.google.ch", "*.google.ci", "*.google.cl",
				"*.google.cm", "*.google.co.ao", "*.google.co.bw", "*.google.co.ck", "*.google.co.cr",
				"*.google.co.id", "*.google.co.il", "*.google.co.in", "*.google.co.jp", "*.google.co.ke",
				"*.google.co.kr", "*.google.co.ls", "*.google.co.ma", "*.google.co.mz", "*.google.co.nz",
				"*.google.co.th", "*.google.co.tz", "*.google.co.ug", "*.google.co.uz", "*.google.co.ve",
				"*.google.co.vi", "*.google.co.za", "*.google.co.zm", "*.google.co.zw", "*.google.com.af",
				"*.google.com.ag", "*.google.com.ar", "*.google.com.au", "*.google.com.bd", "*.google.com.bh",
				"*.google.com.bn", "*.google.com.bo", "*.google.com.br", "*.google.com.bz", "*.google.com.co",
				"*.google.com.cu", "*.google.com.cy", "*.google.com.do", "*.google.com.ec", "*.google.com.eg",
				"*.google.com.et", "*.google.com.fj", "*.google.com.gh", "*.google.com.gi", "*.google.com.gt",
				"*.google.com.hk", "*.google.com.jm", "*.google.com.kh", "*.google.com.kw", "*.google.com.lb",
				"*.google.com.ly", "*.google.com.mm", "*.google.com.mt", "*.google.com.mx", "*.google.com.my",
				"*.google.com.na", "*.google.com.ng", "*.google.com.ni", "*.google.com.np", "*.google.com.om",
				"*.google.com.pa", "*.google.com.pe", "*.google.com.pg", "*.google.com.ph", "*.google.com.pk",
				"*.google.com.pr", "*.google.com.py", "*.google.com.qa", "*.google.com.sa", "*.google.com.sb",
				"*.google.com.sg", "*.google.com.sl", "*.google.com.sv", "*.google.com.tj", "*.google.com.tr",
				"*.google.com.tw", "*.google.com.ua", "*.google.com.uy", "*.google.com.vc", "*.google.com.vn",
				"*.google.cv", "*.google.cz", "*.google.de", "*.google.dj", "*.google.dk", "*.google.dm",
				"*.google.dz", "*.google.ee", "*.google.es", "*.google.fi", "*.google.fm", "*.google.fr",
				"*.google.ga", "*.google.ge", "*.google.gg", "*.google.gl", "*.google.gm", "*.google.gr",
				"*.google.gy", "*.google.hn", "*.google.hr", "*.google.ht", "*.google.hu", "*.google.ie",
				"*.google.im", "*.google.iq", "*.google.is", "*.google.it", "*.google.je", "*.google.jo",
				"*.google.kg", "*.google.ki", "*.google.kz", "*.google.la", "*.google.li", "*.google.lk",
				"*.google.lt", "*.google.lu", "*.google.lv", "*.google.md", "*.google.me", "*.google.mg",
				"*.google.mk", "*.google.ml", "*.google.mn", "*.google.mu", "*.google.mv", "*.google.mw",
				"*.google.ne", "*.google.nl", "*.google.no", "*.google.nr", "*.google.nu", "*.google.pl",
				"*.google.pn", "*.google.ps", "*.google.pt", "*.google.ro", "*.google.rs", "*.google.ru",
				"*.google.rw", "*.google.sc", "*.google.se", "*.google.sh", "*.google.si", "*.google.sk",
				"*.google.sm", "*.google.sn", "*.google.so", "*.google.sr", "*.google.st", "*.google.td",
				"*.google.tg", "*.google.tl", "*.google.tm", "*.google.tn", "*.google.to", "*.google.tt",
				"*.google.vu", "*.google.ws",
			},
			Note:      "Google Ireland Limited (IE) for users in the EEA and Switzerland.",
			Reference: "https://policies.google.com/privacy?gl=GB",
			Source:    SourceHaruspex,
		},
		{
			// Google Optimize (A/B testing, retired September 2023) loads
			// from www.googleoptimize.com; same terms as Google Analytics.
			Name:        "Google Optimize",
			Company:     "Google",
			LegalEntity: "Google LLC",
			Country:     "US",
			Parent:      "Alphabet Inc.",
			Homepage:    "https://marketingplatform.google.com/about/optimize/",
			Category:    "analytics",
			Domains:     []string{"*.googleoptimize.com"},
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
	}
}
