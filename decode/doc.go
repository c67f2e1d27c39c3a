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
// and entry index). Its [Event.ID], "f9c7f2e4#17.2" (the file's SHA-256
// prefix, the entry, the event's place among those of the request), is
// what every output shows for it and a statement cites.
// [Event.MarshalJSON] writes it as one line of the documented NDJSON
// contract.
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
// # First-party gateways
//
// An event may reach its vendor through a server on the site's own
// domain, which the browser calls instead of (or as well as) the vendor,
// and which forwards the event server-side, out of the capture's sight:
// the Meta Pixel POSTs each event as JSON to the site's Conversions API
// Gateway (capig.<site>/events, or a host under conversionsapigateway.com),
// and server-side Google Tag Manager receives GA4's /g/collect on the
// site's host. Such a request is decoded by its vendor's decoder whatever
// its host (a route on any host; the gateway decoder takes only POSTs
// whose body is a gateway event, so that a site's own /events pages stay
// generic requests), and [Event.Gateway] names the host it went through:
//
//	POST https://capig.shop.example/events?cee=no
//	{"event_name":"PageView","event_id":"ob3_plugin-set_…","fb.pixel_id":"1234567890123456",
//	 "fb.advanced_matching":{"em":"<sha256>"},"website_context":{"location":"https://shop.example/"},…}
//
//	Vendor   meta                 Kind     duplicate
//	Gateway  capig.shop.example   PixelID  1234567890123456
//	Name     PageView             Page     https://shop.example/
//	Summary  PageView: viewed https://shop.example/; with e-mail (hashed)
//	         (sent through the Conversions API Gateway at capig.shop.example)
//
// A gateway event is a copy of the pixel event ([KindDuplicate]): the
// pixel sends the same event to /tr with the same event ID (eid), which
// is what Meta itself de-duplicates the two on. [FoldDuplicates] folds
// the gateway call into its /tr twin, which notes "also sent through the
// first-party gateway capig.shop.example (entry 3)"; a gateway call whose
// twin is not in the capture stands alone, as the only record of its
// event.
//
// # What the package provides
//
//   - The event model: [Event], with typed enumerations that print
//     themselves ([Vendor], [Kind], [HashClass], [CookieStatus], [ParamIn]).
//   - [Decoder], one small interface, with the [DecoderFunc] adapter, and
//     [Registry], a value built from the one literal table [Builtin]
//     (host pattern and path prefix → decoder). Matching order: an exact
//     host wins over a "name.*" host (the name under any public suffix:
//     www.google.* is www.google.com, www.google.co.in, …), which wins
//     over a "*." host (the longer domain first), which wins over "*"
//     (any host: GA4's /g/collect
//     on a site's own server-side tagging domain), then the longest path
//     prefix, then table order. [TrackersMarkdown] renders
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
//   - The rest of the Google family (issue 18): classic Google Analytics
//     (gaclassic.go: __utm.gif, whose utmcc carries the site's __utma
//     cookie, the visitor ID), Analytics' remarketing audiences
//     (gaaudiences.go), Floodlight (floodlight.go: parameters in the URL
//     path, [InPath]), the Google tag and Tag Manager loaders, which name
//     the products a site sends to (googletag.go), Ad Manager and AdSense
//     ad requests, with the page, the site's targeting and its
//     identifiers (admanager.go, adsense.go), and Optimize (optimize.go).
//   - First-party gateways (see above): Meta's Conversions API Gateway
//     (meta_gateway.go) and server-side Google Tag Manager, with
//     [Event.Gateway] naming the host an event went through.
//   - [FoldDuplicates], which folds copies into their originals as a
//     further source, so no event is counted twice: Chrome's
//     privacy-sandbox copies, and gateway calls into the /tr request
//     with the same pixel, event name (the gateway's InputData is the
//     pixel's SubscribedButtonClick) and event ID, the /tr event noting
//     "also sent through the first-party gateway …". A gateway call whose
//     /tr twin is not in the capture stands alone, as the only record of
//     its event. [FoldPlan] and [DuplicateKey] let a caller that keeps
//     events out of memory plan the same folds.
//   - The _fbi cookie that Meta's parameter builder sets on a site (the
//     visitor's IP address) is labelled personal data on every request
//     that carries it, and the fifth component of _fbp and _fbc (the
//     builder's appendix: library, version) is decoded.
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
//     e-mail address, phone number, name, postcode or city, trying each
//     in every form Meta and Google normalise it to.
//
// # Login secrets
//
// Some values a request carries are live credentials, not evidence:
// Facebook's xs cookie, X's auth_token, Google's SID family, an
// Authorization header. [SecretNames] is the one table of them (secret.go),
// [EntrySecrets] finds their values in an entry, and [Registry.Decode]
// replaces every one of them, wherever an event holds it, by its mask:
//
//	«secret: xs, 49 chars, sha256 4dfae399f65f…»
//
// ([MaskSecret]: the name, the length and a prefix of the SHA-256, so
// that equal secrets still compare equal), unless
// [Registry.RevealSecrets] is set. Every output is made from events, so
// every output is masked. Account IDs such as c_user are not secrets.
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
