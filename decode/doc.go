// Package decode turns the requests in a HAR capture into tracking events
// an investigator can read aloud: which tracker received what, from which
// page, identifying whom.
//
// # Worked example
//
// A police site with the Meta Pixel installed sends this request when a
// visitor presses a button (pixel-vectors.txt M16 has a real one):
//
//	GET https://www.facebook.com/tr/?id=1234567890123456&ev=SubscribedButtonClick
//	    &dl=https%3A%2F%2Fwww.police.example%2Freport%2F
//	    &cd[buttonText]=Report%20domestic%20abuse
//	    &fbp=fb.1.1686733923123.1879912052&ts=1686733923123&ec=2&rqm=GET
//	Cookie: c_user=100012345678901; fr=0abc…
//
// [Registry.Decode] finds the route for www.facebook.com/tr in the table
// of [Builtin], and the Meta Pixel decoder reads every parameter from the
// URL (percent-decoding keys too: cd%5Bvalue%5D is cd[value]) and the
// body (urlencoded or multipart), labels each one, and returns an
// [Event]:
//
//	Vendor   meta                 Kind   event
//	PixelID  1234567890123456     Name   SubscribedButtonClick
//	Page     https://www.police.example/report/
//	Custom   buttonText = "Report domestic abuse"
//	IDs      fbp    (browser ID for this site, created 2023-06-14T09:12:03.123Z)
//	         c_user (the Facebook account ID of the logged-in visitor)
//	Summary  SubscribedButtonClick: clicked "Report domestic abuse" on https://www.police.example/report/
//	DataTypes  page URL, event name, button text, account identifier,
//	           browser identifier, tracker configuration, technical
//
// Each event keeps every raw parameter ([Event.Params], in wire order,
// unknown ones included) and where it came from ([Source]: file, SHA-256
// and entry index). [Event.MarshalJSON] writes it as one line of the
// documented NDJSON contract.
//
// # Data types
//
// Every labelled parameter and every identifier has a [DataType] from one
// small vocabulary a non-programmer reads (page URL, button text, hashed
// e-mail, browser identifier, consent signal, …; datatype.go lists them,
// README.md prints them). A decoder gives the type where it defines the
// label, as a {text, type} pair, so that a label without a type does not
// compile:
//
//	var fooLabels = labels{
//		"u":   {"page URL the hit was sent from", DataPageURL},
//		"em":  {"hashed e-mail address", DataHashedEmail},
//		"cid": {"browser ID for this site (_foo cookie)", DataBrowserID},
//	}
//	addID(ev, "cid", p.Value, "param cid", label{"Foo browser ID for this site", DataBrowserID})
//
// Cookie specs, the label functions of parameter families and [ID]s work
// the same way. A parameter no decoder knows stays [DataUnclassified]; a
// cookie no decoder knows is [DataCookie]; a value typed as hashed that
// was sent in plain text becomes [DataPlainPersonal]. [Event.DataTypes]
// lists an event's types and [Glossary] gives each term its type.
//
// # What the package provides
//
//   - The event model: [Event], with typed enumerations that print
//     themselves ([Vendor], [Kind], [HashClass], [CookieStatus], [ParamIn]).
//   - [Decoder], one small interface, with the [DecoderFunc] adapter, and
//     [Registry], a value built from the one literal table [Builtin]
//     (host pattern and path prefix → decoder). Matching order: an exact
//     host wins over a "*." host, which wins over "*" (any host: GA4's
//     /g/collect on a site's own server-side tagging domain), then the
//     longest path prefix, then table order. [TrackersMarkdown] renders
//     the table for README.md. Nothing is dropped: a request no decoder claims becomes a
//     generic "other" event; a decoder error becomes a warning.
//   - The Meta Pixel decoder (/tr events, Chrome's privacy-sandbox copies,
//     and the loads of fbevents.js and signals/config/<pixel ID> as
//     installation facts), with Advanced Matching values classified
//     ([ClassifyHash]: SHA-256, MD5, SHA-256 of "undefined", plain text …),
//     fbp/fbc decoded, and Meta's cookies (c_user, xs, fr, datr, sb) read
//     from request.cookies or the Cookie header. When an entry records no
//     cookies at all, [Event.Cookies] is [CookiesNotCaptured]: Chrome's
//     default HAR export drops cookies, so this is "cookies not captured",
//     never "no cookies sent".
//   - Decoders for Google Analytics 4 (ga4.go: batched POST bodies, one
//     event per line; consent gcs/gcd/npa in plain words), Universal
//     Analytics (ua.go), Google Ads and DoubleClick (googleads.go), TikTok
//     (tiktok.go: JSON bodies flattened into parameters), LinkedIn
//     (linkedin.go), X (x.go), Microsoft UET (bing.go), Pinterest
//     (pinterest.go), Snap (snap.go) and Reddit (reddit.go), each yielding
//     the same [Event] model, with the vendor's identifiers in [Event.IDs]
//     (GA client ID, TikTok ttp, UET vid, …). PROTOCOLS.md §6 lists their
//     wire formats.
//   - Decoders for more than forty further vendors (issue 18), each in
//     its own file: analytics and tag managers (Adobe Analytics, also on
//     a site's own metrics.<site> CNAME; Segment, Mixpanel, Amplitude,
//     Heap, Matomo and Snowplow, also self-hosted; Yandex Metrica,
//     Tealium, Optimizely, New Relic), session recording (Hotjar,
//     Microsoft Clarity, FullStory, Crazy Egg: labels say what a recording
//     captures, without claiming more), audience measurement (comScore,
//     Nielsen, Chartbeat, Quantcast), marketing automation (HubSpot,
//     Pardot, Marketo, Salesforce) and advertising technology (Criteo,
//     Taboola, Outbrain, Xandr, The Trade Desk, LiveRamp, Magnite …).
//     They share two skeletons: jsonevents.go reads events sent as JSON
//     or base64-encoded JSON, in a body or a form field; partner.go
//     decodes cookie syncs and other ad-tech requests, naming the partner
//     and the IDs exchanged. Where a vendor publishes no wire format, a
//     label says "(inferred)" and the value is kept as sent.
//   - [FoldDuplicates], which folds privacy-sandbox copies into their
//     originals as a second source, so no event is counted twice.
//   - [KnownPII], which proves that hashed values are a known person's
//     e-mail address or phone number.
//
// # Specifications
//
// HAR 1.2: http://www.softwareishard.com/blog/har-12-spec/. The Meta
// Pixel wire format: haruspex's research note PROTOCOLS.md (shared with
// the project), written from Meta's fbevents.js 2.9.252 and its
// per-pixel configuration script, Meta's developer documentation
// (https://developers.facebook.com/docs/meta-pixel/advanced/ and
// …/advanced-matching/), and the decoders of Blacklight, Mozilla Rally and
// Omnibug.
package decode
