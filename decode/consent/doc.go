// Package consent finds the consent signals a captured request carries
// and says in words what each records: IAB TCF TC strings (through
// [github.com/haruspex/haruspex/decode/tcf]), Google consent mode
// parameters (gcs, gcd, npa, dma, dma_cps, gcu), IAB US Privacy and GPP
// strings, Google Additional Consent, the cookies of common consent
// management platforms (OneTrust, Cookiebot, Didomi, Quantcast Choice,
// Usercentrics, CookieYes, Civic Cookie Control) and Meta's Limited Data
// Use parameters.
//
// # Worked example
//
// A GA4 hit sent after a visitor accepted a banner on a site whose
// consent mode defaults deny everything:
//
//	GET https://region1.google-analytics.com/g/collect?v=2&tid=G-XXXX&gcs=G111&gcd=13r3r3r3r5&en=page_view
//	Cookie: OptanonConsent=…&interactionCount=1&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A1; OptanonAlertBoxClosed=2024-03-06T10:15:00.123Z
//
// [FromEntry] returns, in request order:
//
//	gcs  URL parameter gcs   ad_storage granted, analytics_storage granted   choice unknown
//	gcd  URL parameter gcd   each type denied by default, granted by an update  choice accept
//	cmp_cookie  cookie OptanonConsent   C0001 granted, C0002 granted, C0004 granted  choice accept
//	cmp_cookie  cookie OptanonAlertBoxClosed  banner closed at 2024-03-06T10:15:00.123Z
//
// Each [Signal] says where it was found ([Where]: the part of the
// request and the parameter or cookie name), the value as found, a
// plain-English Description, and a normalised state: per purpose a
// [State] (granted, denied, not set) with a [Category] that says whether
// it is about tracking, and overall a [Choice] (accept, reject, partial,
// no choice recorded, unknown) and, where the signal holds one, the time
// of the choice. Later code folds these, in capture order, into "before
// any choice", "after accept", "after reject" or "unknown".
//
// A signal shows what the page recorded or passed on, not what the
// visitor saw: a CMP can store consent the visitor never gave, and a tag
// can send granted on its own. Descriptions are worded so.
//
// # Sources
//
//   - TCF: IAB Europe / IAB Tech Lab TCF v2.2 specification (see package tcf).
//   - US Privacy: IAB Tech Lab, "US Privacy String" v1 (March 2020),
//     https://github.com/InteractiveAdvertisingBureau/USPrivacy.
//   - GPP: IAB Tech Lab, "Global Privacy Platform String" and "Section
//     Information", https://github.com/InteractiveAdvertisingBureau/Global-Privacy-Platform
//     (the header, and EU TCF v2 and US Privacy sections, are decoded;
//     other sections are named, not decoded).
//   - Google consent mode: Google's consent types
//     (https://support.google.com/tagmanager/answer/13802165); the gcs and
//     gcd wire formats are not published by Google and come from Markus
//     Baersch's guest post on simoahava.com (2024) and David Vallejo's
//     "Google Consent Parser" template (2025): see google.go. Letters
//     outside the published table are reported as unknown.
//   - CMP cookies: the shapes each CMP writes, cited in cmp.go per CMP.
//   - Meta Limited Data Use: Meta, "Data Processing Options for US Users".
//
// Unfilled URL macros (${GDPR_CONSENT_755}, ${GPP_STRING_123},
// ${US_PRIVACY}) are reported as such, with [Signal.Macro] set: the page
// sent an ad tag's template without filling it in.
package consent
