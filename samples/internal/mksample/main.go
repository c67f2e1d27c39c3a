// Command mksample writes samples/police-visit.har, a synthetic capture in
// the format of Chrome DevTools' "Export HAR (with sensitive data)" of a
// visit to a fictional police force's website that embeds the Meta Pixel and
// Google Analytics 4. See samples/README.md for the story and what is
// synthetic.
//
// The output is fully determined by this program: fixed clock, fixed
// identifiers, no randomness. Run from the repository root:
//
//	go run ./samples/internal/mksample
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

func main() {
	out := flag.String("o", "samples/police-visit.har", "output file")
	flag.Parse()
	b, err := build()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mksample:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "mksample:", err)
		os.Exit(1)
	}
}

// maxGET is fbevents.js's limit: an event goes out as an <img> GET only if
// the whole URL is shorter than this; otherwise Chrome gets the hidden
// iframe form POST (PROTOCOLS §2.1).
const maxGET = 2048

// build renders the capture.
func build() ([]byte, error) {
	c := &capture{mono0: 84211.512344}

	pl := []*pageLoad{
		{n: 1, url: site + "/", ref: "https://www.google.com/", title: siteName + " | Home", html: homeHTML(),
			start: 0, scriptIDs: [4]string{"12", "17", "21", "24"}},
		{n: 2, url: site + "/report/", ref: site + "/", title: "Report a crime | " + siteName, html: reportHTML(),
			start: 13902.611, scriptIDs: [4]string{"61", "66", "70", "73"}},
		{n: 3, url: site + "/report/domestic-abuse/", ref: site + "/report/", title: "Report domestic abuse | " + siteName,
			html: domesticAbuseHTML(), start: 35447.93, scriptIDs: [4]string{"109", "114", "118", "121"}},
		{n: 4, url: site + "/report/domestic-abuse/submit/", ref: site + "/report/domestic-abuse/",
			title: "Report received | " + siteName, html: submittedHTML(), start: 116214.683,
			scriptIDs: [4]string{"160", "165", "169", "172"}},
	}
	crest := crestPNG()

	// Per-page constants of the loading sequence (ms after the page's start).
	type load struct {
		docConn       string
		doc           phases
		onDCL, onLoad float64
		it, pv, ga    float64 // pixel init, PageView issue, GA page_view issue
		cached        bool    // scripts and crest come from the disk cache
	}
	loads := []load{
		{docConn: "10482", doc: phases{queue: 1.207, stall: 0.522, dns: 18.384, connect: 32.117, ssl: 21.688, send: 0.311, wait: 84.206, receive: 6.873},
			onDCL: 212.43, onLoad: 361.72, it: 253.046, pv: 303.926, ga: gaHitTimes[0]},
		{docConn: "10482", doc: phases{queue: 0.884, stall: 0.403, dns: -1, connect: -1, ssl: -1, send: 0.296, wait: 61.804, receive: 4.418},
			onDCL: 104.81, onLoad: 161.27, it: 102.26, pv: 128.659, ga: gaHitTimes[1] - 13902.611, cached: true},
		{docConn: "10482", doc: phases{queue: 0.912, stall: 0.377, dns: -1, connect: -1, ssl: -1, send: 0.271, wait: 73.552, receive: 5.106},
			onDCL: 118.05, onLoad: 176.33, it: 113.47, pv: 139.804, ga: gaHitTimes[2] - 35447.93, cached: true},
		{docConn: "10693", doc: phases{queue: 1.044, stall: 0.611, dns: -1, connect: 21.302, ssl: 14.876, send: 0.534, wait: 96.118, receive: 4.772},
			onDCL: 151.62, onLoad: 214.9, it: 146.93, pv: 171.285, ga: gaHitTimes[4] - 116214.683, cached: true},
	}

	for i, p := range pl {
		ld := loads[i]
		abs := func(off float64) float64 { return p.start + off }
		p.it = msEpoch(abs(ld.it))
		p.pLoad = []int64{1983306112, 2069447321, 418775530, 1224730938}[i] // gtag's random page-load id
		ids := p.scriptIDs

		// The document.
		doc := spec{page: p.n, method: "GET", url: p.url, proto: "http/2.0", k: kDocument, priority: "VeryHigh",
			referer: p.ref, site: "same-origin", userNav: true, jar: firstParty,
			init: &initiator{Type: "other"}, start: p.start, p: ld.doc, connID: ld.docConn, ip: siteIP,
			status: 200, respHdrs: siteDocHdrs, mime: "text/html", bodyText: strp(p.html)}
		doc.transfer = gzipLen(p.html) + 412
		if p.n == 1 {
			doc.site = "cross-site"
		}
		if p.n == 4 {
			doc.method = "POST"
			doc.bodyType = "application/x-www-form-urlencoded"
			doc.body = formBody([]param{{"csrf_token", csrfToken}, {"name", visitorFirst + " " + visitorLast},
				{"email", visitorEmailTyped}, {"phone", visitorPhoneTyped}, {"postcode", visitorPostcode},
				{"safe_contact", "phone"}, {"details", visitorDetailsText}})
		}
		c.add(doc)
		c.pages = append(c.pages, page{StartedDateTime: chromeTime(at(p.start)), ID: "page_" + strconv.Itoa(p.n), Title: p.url,
			PageTimings: pageTimings{OnContentLoad: ((c.mono0 + abs(ld.onDCL)/1000) - (c.mono0 + p.start/1000)) * 1000,
				OnLoad: ((c.mono0 + abs(ld.onLoad)/1000) - (c.mono0 + p.start/1000)) * 1000}})

		docEnd := ld.doc.queue + ld.doc.stall + max0(ld.doc.dns) + max0(ld.doc.connect) + ld.doc.send + ld.doc.wait + ld.doc.receive
		cacheP := func(q, w float64) phases {
			return phases{queue: q, stall: 0.081, dns: -1, connect: -1, ssl: -1, send: 0, wait: w, receive: 0.214}
		}

		// Subresources: crest, gtag.js, fbevents.js, signals/config.
		crestS := spec{page: p.n, method: "GET", url: site + "/assets/img/crest.png", proto: "http/2.0", k: kImage,
			priority: "High", referer: p.url, site: "same-origin", jar: firstParty,
			init: parserInit(p.url, lineOf(p.html, "crest.png")), ip: siteIP, status: 200, respHdrs: logoHdrs,
			mime: "image/png", body64: crest, transfer: len(crest) + 118}
		gtagS := spec{page: p.n, method: "GET", url: gtagURL, proto: "http/2.0", k: kScript, priority: "Low",
			referer: site + "/", site: "cross-site", init: parserInit(p.url, lineOf(p.html, "gtag/js?id=")),
			ip: gtmIP, status: 200, respHdrs: gtagHdrs, mime: "application/javascript", size: 402316, transfer: 131871}
		fbeS := spec{page: p.n, method: "GET", url: fbeventsURL, proto: "http/2.0", k: kScript, priority: "Low",
			referer: site + "/", site: "cross-site",
			init: scriptInit(fr("", ids[0], p.url, lineOf(p.html, "s.parentNode.insertBefore"), 20)),
			ip:   cdnIP, status: 200, respHdrs: fbJSHdrs("98652", "pX2q3J0vYb7cT1rU8wL5nK4hG6fD9sA0zE3mQ7iO2yV5tR1uB8cN4xW6jH9kP0lF2aS7dG3=="),
			mime: "application/x-javascript", size: 397063, transfer: 99104}
		cfgS := spec{page: p.n, method: "GET", url: configURL(), proto: "http/2.0", k: kScript, priority: "Low",
			referer: site + "/", site: "cross-site",
			init: scriptInit(fr("Ce", ids[2], fbeventsURL, 24, 104877)),
			ip:   cdnIP, status: 200, respHdrs: fbJSHdrs("87419", "Lm4sT8vQ1xZ5cB9nR2wK6yH0jD3fG7aP4eU8iO1tV5qX9bN2mC6kJ0rS3hW7lA4zE8gY1=="),
			mime: "application/x-javascript", size: 311842, transfer: 87866}
		if !ld.cached {
			crestS.start, crestS.connID = 160.412, ld.docConn
			crestS.p = phases{queue: 0.734, stall: 0.2, dns: -1, connect: -1, ssl: -1, send: 0.186, wait: 22.61, receive: 0.912}
			gtagS.start, gtagS.connID = 161.238, "10489"
			gtagS.p = phases{queue: 1.51, stall: 0.9, dns: 12.301, connect: 19.842, ssl: 12.604, send: 0.402, wait: 31.518, receive: 14.226}
			fbeS.start, fbeS.connID = 171.904, "10494"
			fbeS.p = phases{queue: 1.103, stall: 0.61, dns: 9.117, connect: 16.402, ssl: 10.83, send: 0.288, wait: 22.704, receive: 18.335}
			cfgS.start, cfgS.connID = 255.617, "10494"
			cfgS.p = phases{queue: 0.612, stall: 0.3, dns: -1, connect: -1, ssl: -1, send: 0.19, wait: 24.903, receive: 12.611}
		} else {
			base := p.start + docEnd
			crestS.start, crestS.fromCache, crestS.p = base+7.431, "disk", cacheP(0.412, 0.987)
			gtagS.start, gtagS.fromCache, gtagS.p = base+8.305, "disk", cacheP(0.655, 3.412)
			fbeS.start, fbeS.fromCache, fbeS.p = base+16.877, "disk", cacheP(0.508, 3.904)
			cfgS.start, cfgS.fromCache, cfgS.p = abs(ld.it)+3.52, "disk", cacheP(0.47, 3.118)
			for _, s := range []*spec{&crestS, &gtagS, &fbeS, &cfgS} {
				s.jar = nil
			}
		}
		if !ld.cached {
			// Later pages take the crest and gtag.js from the disk cache;
			// those entries are left out to keep the file small (README).
			c.add(crestS)
			c.add(gtagS)
		}
		if p.n <= 2 {
			// Pages 3 and 4 load both from the disk cache as page 2 does;
			// left out to keep the file small (README).
			c.add(fbeS)
			c.add(cfgS)
		}

		// PageView.
		var ud []param
		if p.n == 4 {
			ud = advancedMatching()
		}
		pvStart := abs(ld.pv)
		fbProto, fbConn := "h3", ""
		pvPhases := phases{queue: 0.604, stall: 0.212, dns: -1, connect: -1, ssl: -1, send: 0.181, wait: 33.907, receive: 0.288}
		switch p.n {
		case 1: // first contact with www.facebook.com
			fbProto, fbConn = "http/2.0", "10517"
			pvPhases = phases{queue: 0.822, stall: 0.41, dns: 11.02, connect: 18.93, ssl: 12.11, send: 0.3, wait: 37.62, receive: 0.41}
		case 2: // Alt-Svc learnt: Chrome opens a QUIC connection
			pvPhases = phases{queue: 0.52, stall: 0.25, dns: -1, connect: 13.884, ssl: 9.221, send: 0.21, wait: 34.78, receive: 0.33}
		}
		trInit := func(fn string, col int) *initiator {
			return scriptInit(fr(fn, ids[2], fbeventsURL, 24, col),
				fr("", ids[0], p.url, lineOf(p.html, "fbq('track', 'PageView')"), 0))
		}
		pv := pixelEvent(p, "PageView", msEpoch(pvStart)-1, nil, ud, false)
		if err := c.addPixel(spec{page: p.n, proto: fbProto, priority: "Low", start: pvStart, p: pvPhases,
			connID: fbConn, init: trInit("g", 15208)}, pv, false); err != nil {
			return nil, err
		}

		// GA4 page_view (a body-less fetch POST; everything is in the URL).
		gaSeq := []int{1, 2, 3, 5}[i] // _s: hit sequence in the session (4 is the batched hit on page 3)
		seg := "1"
		if p.n == 1 {
			seg = "0"
		}
		gq := gaShared(p, gaSeq, seg)
		gq = append(gq, param{"en", "page_view"})
		if p.n == 1 {
			gq = append(gq, param{"_fv", "1"}, param{"_nsi", "1"}, param{"_ss", "1"})
		}
		gq = append(gq, param{"tfd", strconv.Itoa(int(ld.ga + 0.5))})
		gaS := spec{page: p.n, method: "POST", url: gaEndpoint + "?" + gaQuery(gq), proto: "h3", k: kFetch, priority: "High",
			referer: site + "/", site: "cross-site", start: abs(ld.ga),
			init: scriptInit(fr("Cn", ids[1], gtagURL, 513, 318)),
			p:    phases{queue: 0.911, stall: 0.305, dns: -1, connect: -1, ssl: -1, send: 0.204, wait: 27.118, receive: 0.356},
			ip:   gaIP, status: 204, respHdrs: gaHdrs, mime: "text/plain", bodyText: strp(""), transfer: 112}
		switch p.n {
		case 1:
			gaS.proto, gaS.connID = "http/2.0", "10523"
			gaS.p = phases{queue: 1.021, stall: 0.44, dns: 10.204, connect: 17.531, ssl: 11.198, send: 0.287, wait: 28.395, receive: 0.612}
		case 3: // Alt-Svc learnt: first QUIC connection to GA
			gaS.p = phases{queue: 0.73, stall: 0.28, dns: -1, connect: 12.704, ssl: 8.412, send: 0.22, wait: 25.911, receive: 0.301}
		}
		if p.n == 1 || p.n == 3 {
			// The page_view hits of pages 2 and 4 (same shape, _s 2 and 5)
			// are left out to keep the file small (README).
			c.add(gaS)
		}

		switch p.n {
		case 2: // ... and "Report domestic abuse"; Chrome also gets the Privacy Sandbox copy
			clk := 35418.0
			cd := sbcData(buttonFeatures{ClassList: "btn btn--primary btn--start", Destination: site + "/report/domestic-abuse/",
				ID: "report-da", InnerText: "Report domestic abuse", Tag: "a"}, "Report domestic abuse", []formFeature{}, p.title)
			ev := pixelEvent(p, "SubscribedButtonClick", msEpoch(clk), cd, nil, true)
			if err := c.addPixel(spec{page: 2, proto: "h3", priority: "Low", start: 35419.614,
				p:    phases{queue: 0.48, stall: 0.23, dns: -1, connect: -1, ssl: -1, send: 0.19, wait: 31.27, receive: 0.27},
				init: sbcInit(p, ids)}, ev, false); err != nil {
				return nil, err
			}
			dup := make([]param, len(ev))
			copy(dup, ev)
			dup = append(dup, param{"rqm", "FGET"})
			c.add(spec{page: 2, method: "GET", url: sandboxPoint + "?" + pixelQuery(dup), proto: "h3", k: kImage, priority: "Low",
				referer: site + "/", site: "cross-site", jar: facebook,
				extra: []nv{{"attribution-reporting-eligible", "event-source, trigger"}},
				init:  scriptInit(fr("", ids[2], fbeventsURL, 24, 219487), fr("", ids[3], configURL(), 112, 5403)),
				start: 35422.307, p: phases{queue: 0.51, stall: 0.2, dns: -1, connect: -1, ssl: -1, send: 0.17, wait: 38.66, receive: 0.24},
				ip: fbIP, status: 200, respHdrs: trHdrs(httpDate(at(35462))), mime: "image/gif", body64: trGIF, transfer: 131})
		case 3: // the visitor fills in the form and presses "Submit report"
			clk := 116204.0
			ff := []formFeature{
				{Name: "csrf_token", Tag: "input", InputType: strp("hidden")},
				{ID: "da-name", Name: "name", Tag: "input", InputType: strp("text")},
				{ID: "da-email", Name: "email", Tag: "input", Placeholder: strp("name@example.com"), InputType: strp("email")},
				{ID: "da-phone", Name: "phone", Tag: "input", InputType: strp("tel")},
				{ID: "da-postcode", Name: "postcode", Tag: "input", InputType: strp("text")},
				{ID: "da-contact", Name: "safe_contact", Tag: "select"},
				{ID: "da-details", Name: "details", Tag: "textarea"},
			}
			cd := sbcData(buttonFeatures{ClassList: "btn btn--primary", Destination: site + "/report/domestic-abuse/submit/",
				ID: "da-submit", InnerText: "Submit report", Tag: "button", Type: strp("submit"), Value: strp("")},
				"Submit report", ff, p.title)
			ev := pixelEvent(p, "SubscribedButtonClick", msEpoch(clk), cd, nil, true)
			if err := c.addPixel(spec{page: 3, proto: "h3", priority: "Low", start: 116205.771,
				p:    phases{queue: 0.55, stall: 0.24, dns: -1, connect: -1, ssl: -1, send: 0.2, wait: 36.14, receive: 0.31},
				init: sbcInit(p, ids)}, ev, false); err != nil {
				return nil, err
			}
			// gtag's form_submit listener flushes its queue with sendBeacon:
			// one POST, shared parameters in the URL, one event per line.
			lines := []string{
				gaQuery([]param{{"en", "scroll"}, {"epn.percent_scrolled", "90"}, {"_et", "21804"}}),
				gaQuery([]param{{"en", "form_submit"}, {"ep.form_id", "da-report"}, {"ep.form_name", "domestic-abuse-report"},
					{"ep.form_destination", site + "/report/domestic-abuse/submit/"}, {"epn.form_length", "8"},
					{"ep.form_submit_text", "Submit report"}, {"_et", "59214"}}),
			}
			body := strings.Join(lines, "\r\n")
			c.add(spec{page: 3, method: "POST", url: gaEndpoint + "?" + gaQuery(gaShared(p, 4, "1")), proto: "h3", k: kPing,
				priority: "VeryLow", referer: site + "/", site: "cross-site", body: body, bodyType: "text/plain;charset=UTF-8",
				init:  scriptInit(fr("Jq", ids[1], gtagURL, 498, 77)),
				start: gaHitTimes[3], p: phases{queue: 0.62, stall: 0.27, dns: -1, connect: -1, ssl: -1, send: 0.31, wait: 29.804, receive: 0.28},
				ip: gaIP, status: 204, respHdrs: gaHdrs, mime: "text/plain", bodyText: strp(""), transfer: 109})
		case 4: // the confirmation page fires Lead with the visitor's details
			cd := leadData()
			ev := pixelEvent(p, "Lead", msEpoch(abs(ld.pv+4.1)), cd, ud, false)
			if err := c.addPixel(spec{page: 4, proto: "h3", priority: "VeryHigh", start: abs(ld.pv + 5.388),
				p: phases{queue: 1.207, stall: 0.34, dns: -1, connect: -1, ssl: -1, send: 0.62, wait: 58.91, receive: 0.41},
				init: scriptInit(fr("Cb", ids[2], fbeventsURL, 24, 17930),
					fr("", ids[0], p.url, lineOf(p.html, "fbq('track', 'Lead'"), 0))},
				ev, true); err != nil {
				return nil, err
			}
		}
	}

	// DevTools sorts by issue time.
	sort.SliceStable(c.entries, func(i, j int) bool { return c.entries[i].StartedDateTime < c.entries[j].StartedDateTime })
	f := harFile{Log: harLog{Version: "1.2", Creator: creator{Name: "WebInspector", Version: "537.36"}, Pages: c.pages, Entries: c.entries}}
	b, err := marshalChrome(f)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(b, []byte("\\u00")) {
		return nil, fmt.Errorf("unexpected escape in output")
	}
	return b, nil
}

func max0(v float64) float64 {
	if v < 0 {
		return 0
	}
	return v
}

// addPixel sends one /tr event the way fbevents.js does in Chrome: an image
// GET when the URL is short enough, else the hidden-iframe form POST. wantPOST
// states which one the story expects, so an edit that changes the outcome
// fails loudly instead of silently changing the sample.
func (c *capture) addPixel(s spec, ps []param, wantPOST bool) error {
	get := append(append([]param{}, ps...), param{"rqm", "GET"})
	u := trEndpoint + "?" + pixelQuery(get)
	s.method, s.referer, s.site, s.jar, s.ip, s.status = "GET", site+"/", "cross-site", facebook, fbIP, 200
	if len(u) < maxGET {
		if wantPOST {
			return fmt.Errorf("page %d %s: URL is %d chars, would be sent as GET", s.page, evName(ps), len(u))
		}
		s.url, s.k = u, kImage
		s.respHdrs, s.mime, s.body64, s.transfer = trHdrs(httpDate(at(s.start+40))), "image/gif", trGIF, 126
		c.add(s)
		return nil
	}
	if !wantPOST {
		return fmt.Errorf("page %d %s: URL is %d chars, would be sent as formPOST", s.page, evName(ps), len(u))
	}
	post := append(append([]param{}, ps...), param{"rqm", "formPOST"})
	s.method, s.url, s.k = "POST", trEndpoint, kIframe
	s.body, s.bodyType = formBody(post), "application/x-www-form-urlencoded"
	s.respHdrs, s.mime, s.bodyText, s.transfer = trPostHdrs, "text/html", strp(""), 143
	c.add(s)
	return nil
}

func evName(ps []param) string {
	for _, p := range ps {
		if p.k == "ev" {
			return p.v
		}
	}
	return "?"
}

// leadData is the custom data the confirmation page passes with Lead
// (the object literal in submittedHTML), flattened one level the way
// SignalsParamList does: arrays and objects become JSON text.
func leadData() []param {
	return []param{
		{"cd[content_name]", "Domestic abuse report"},
		{"cd[content_category]", "Report a crime online"},
		{"cd[content_ids]", jsonText([]string{reportRef})},
		{"cd[content_type]", "crime_report"},
		{"cd[status]", "submitted"},
		{"cd[form_name]", "domestic-abuse-report"},
		{"cd[incident_type]", "Domestic abuse"},
		{"cd[contact_method]", "phone"},
		{"cd[value]", "0"},
		{"cd[currency]", "GBP"},
		{"cd[language]", "en-GB"},
	}
}

// ---- SubscribedButtonClick custom data ---------------------------------

// buttonFeatures has the key order of fbevents 2.9.2xx's inferredevents
// plugin (M16, M20): classList, destination, id, imageUrl, innerText,
// numChildButtons, tag, type, name, value (value only for form controls).
type buttonFeatures struct {
	ClassList       string  `json:"classList"`
	Destination     string  `json:"destination"`
	ID              string  `json:"id"`
	ImageURL        string  `json:"imageUrl"`
	InnerText       string  `json:"innerText"`
	NumChildButtons int     `json:"numChildButtons"`
	Tag             string  `json:"tag"`
	Type            *string `json:"type"`
	Name            string  `json:"name"`
	Value           *string `json:"value,omitempty"`
}

type formFeature struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Tag         string  `json:"tag"`
	Placeholder *string `json:"placeholder,omitempty"`
	InputType   *string `json:"inputType,omitempty"`
}

func sbcData(bf buttonFeatures, text string, ff []formFeature, title string) []param {
	return []param{
		{"cd[buttonFeatures]", jsonText(bf)},
		{"cd[buttonText]", text},
		{"cd[formFeatures]", jsonText(ff)},
		{"cd[pageFeatures]", jsonText(struct {
			Title string `json:"title"`
		}{title})},
		{"cd[parameters]", "[]"},
	}
}

// sbcInit is the click handler's stack: the inferredevents plugin in the
// per-pixel config script calling into fbevents.js.
func sbcInit(p *pageLoad, ids [4]string) *initiator {
	return scriptInit(fr("g", ids[2], fbeventsURL, 24, 15208), fr("", ids[3], configURL(), 112, 5403))
}
