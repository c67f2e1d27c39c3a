package report

import (
	"slices"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/decode/consent"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// This file finds the consent markers of a capture as it is read
// (consentScan, one per file), and tells, for each event read back, the
// consent state in force when it was sent (consentIndex).
//
// A marker is a consent signal a request carried ([consent.FromEntry]):
// a TC string, a Google consent mode parameter, a consent platform's
// cookie. A signal repeated unchanged — the same cookie on every request
// to the site, the same gcs on every hit — is one marker, at the first
// request that carried it; a new marker comes when its meaning changes.
// Markers are kept per browser stretch (segment) and per registrable
// domain of the request, so that they belong to the visitor whose events
// they bear on.
//
// Of the markers, those that record a choice (accept, reject, partial)
// or that none was made are decisions, kept in memory for the whole
// analysis (a few per page at most); the state of each event is derived
// from the decisions of its visitor when the event is read back, never
// stored per event.
//
// Folding rules (consentFold), in the order of the decisions:
//
//   - A consent platform's own record — its cookie, a TC string, a US
//     Privacy or GPP string — ranks above a tag's parameters (Google
//     consent mode's gcd): once the platform has recorded a choice, a tag
//     sending another state does not change the state in force (a tag can
//     send "granted" on its own).
//   - A tag's choice (gcd with an update) counts when no platform record
//     of a choice is in force: the first evidence of an accept is often
//     the next hit, since a third-party request carries no first-party
//     cookie.
//   - "No choice recorded" from a platform (its cookie before any
//     interaction) sets the state to before any choice, whatever came
//     before; from a tag (consent mode defaults with no update) only when
//     no choice has been seen: each new page sends its defaults before
//     the platform's update.
//   - A platform's cookie that records when the choice was made
//     (OptanonAlertBoxClosed, Cookiebot's utc, …) places the choice at
//     that time, when it is earlier than the request that carried the
//     cookie: the request that follows a click on the banner is often a
//     third party's, without the cookie. The TC string's own time is
//     left aside: TCF 2.2 keeps only the day.
//   - With no decision before it, an event's state is unknown.

// consentMark is one decision: a marker that records a choice, or that
// none was made.
type consentMark struct {
	file  int32 // index in store.files
	entry int32
	seg   int32
	at    har.Time // when the choice was made, as the marker says, else when it was sent
	// choice is the choice recorded: ChoiceNone, ChoiceAccept,
	// ChoiceReject or ChoicePartial.
	choice consent.Choice
	cmp    bool   // recorded by a consent platform, not a tag's parameter
	signal string // e.g. "cookie OptanonConsent (OneTrust): accept"
}

// consentScan finds the markers of one file as its entries are read.
type consentScan struct {
	a    *Analysis
	file int
	name string
	keep bool // store the markers as events (Options.Consent)

	last map[markKey]string // the meaning of the last marker of each key
	// bare is, per segment and site, the first page opened there whose
	// request carried no consent platform cookie; cookieSeen, whether a
	// platform's cookie has been seen there since.
	bare       map[siteKey]consentMark
	cookieSeen map[siteKey]bool
	lastCMP    map[int]har.Time // segment → when its last platform decision was sent
	nav        map[int]string   // segment → the page last opened in it
	pages      map[pageKey]*metaPage
	order      []pageKey
	lib        *metaPage // the page whose library the entry being read loaded, if any
}

// markKey is what a marker repeats under: the same signal, in the same
// place, to the same site, from the same browser.
type markKey struct {
	seg    int
	domain string
	kind   consent.Kind
	part   consent.Part
	name   string
}

// siteKey is one site (registrable domain) in one browser stretch.
type siteKey struct {
	seg    int
	domain string
}

// pageKey is one page of one browser stretch.
type pageKey struct {
	seg  int
	page string
}

// metaPage is what a page showed of the Meta Pixel.
type metaPage struct {
	library *decode.Event // the first fbevents.js load
	referer string        // the Referer header of its request
	index   int           // the Index of the marker that says the pixel was held back (numbered)
	ran     bool          // a configuration, an event or a gateway call followed
}

func (a *Analysis) newConsentScan(file int, name string, keep bool) *consentScan {
	return &consentScan{a: a, file: file, name: name, keep: keep, last: map[markKey]string{}, lastCMP: map[int]har.Time{},
		nav: map[int]string{}, pages: map[pageKey]*metaPage{}, bare: map[siteKey]consentMark{}, cookieSeen: map[siteKey]bool{}}
}

// entry reads the consent signals of entry e (host its host, seg its
// segment), records its decisions, and returns its markers as events when
// they are kept. claimed says whether a decoder claimed the entry: the
// body of any other request is left aside, since the analysis does not
// read it in every mode ([har.Reader.Want]). got are the tracker events
// decoded from it, for the Meta Pixel inference; referer its Referer
// header.
func (cs *consentScan) entry(e *har.Entry, host string, seg int, claimed bool, got []decode.Event, referer string) []decode.Event {
	cs.lib = nil
	page := e.PageRef
	nav := site.IsNavigation(e)
	if nav {
		cs.nav[seg] = e.Request.URL
	}
	if page == "" {
		page = cs.nav[seg]
	}
	cs.watchMeta(pageKey{seg, page}, got, referer)
	var sigs []consent.Signal
	if consent.Candidate(e) {
		if !claimed && e.Request.PostData != nil {
			c := *e
			c.Request.PostData = nil
			e = &c
		}
		sigs = consent.FromEntry(e)
	}
	if len(sigs) == 0 && !nav {
		return nil
	}
	domain := site.Domain(host)
	sent := utc(e.StartedDateTime)
	if nav && !slices.ContainsFunc(sigs, platformCookie) {
		k := siteKey{seg, domain}
		if _, ok := cs.bare[k]; !ok && !cs.cookieSeen[k] {
			k.domain = strings.Clone(domain)
			cs.bare[k] = consentMark{file: int32(cs.file), entry: int32(e.Index), seg: int32(seg), at: sent, choice: consent.ChoiceNone, cmp: true,
				signal: "no consent platform cookie with the page opened"}
		}
	}
	var out []decode.Event
	for i := range sigs {
		s := &sigs[i]
		k := markKey{seg, domain, s.Kind, s.Where.Part, s.Where.Name}
		meaning := s.Description + "\x00" + s.Choice.String() + "\x00" + s.ChoiceTime.String() + "\x00" + s.Macro
		if prev, ok := cs.last[k]; ok && prev == meaning {
			continue
		}
		if _, ok := cs.last[k]; !ok {
			k.domain = strings.Clone(k.domain)
			k.name = strings.Clone(k.name)
		}
		cs.last[k] = meaning
		cs.decide(s, sigs, e.Index, seg, domain, sent)
		if cs.keep {
			out = append(out, markerEvent(cs.name, e, host, s))
		}
	}
	return out
}

// decide records a marker as a decision, when it records a choice or
// that none was made.
func (cs *consentScan) decide(s *consent.Signal, all []consent.Signal, entry, seg int, domain string, sent har.Time) {
	switch s.Choice {
	case consent.ChoiceNone, consent.ChoiceAccept, consent.ChoiceReject, consent.ChoicePartial:
	default:
		return
	}
	m := consentMark{file: int32(cs.file), entry: int32(entry), seg: int32(seg), at: sent, choice: s.Choice,
		cmp: byPlatform(s.Kind), signal: signalText(s)}
	if m.cmp && s.Choice != consent.ChoiceNone {
		if t, ok := choiceTime(s, all); ok && sent.Valid() && t.Before(sent.T) {
			// Not before the platform's previous decision: its records
			// follow one another.
			if prev, ok := cs.lastCMP[seg]; !ok || !t.Before(prev.T) {
				m.at = har.Time{T: t}
			}
		}
	}
	if m.cmp {
		cs.lastCMP[seg] = sent
	}
	if platformCookie(*s) {
		k := siteKey{seg, domain}
		if !cs.cookieSeen[k] {
			// The first cookie of a platform on this site: a page opened
			// there before it, whose request carried no such cookie,
			// was opened before any choice was stored.
			k.domain = strings.Clone(domain)
			cs.cookieSeen[k] = true
			if b, ok := cs.bare[k]; ok && compareAt(b.at, decode.Source{Entry: int(b.entry)}, m.at, decode.Source{Entry: entry}) < 0 {
				b.signal += " (" + s.Where.String() + " first sent later): " + consent.ChoiceNone.String()
				cs.a.consent.marks = append(cs.a.consent.marks, b)
			}
		}
	}
	cs.a.consent.marks = append(cs.a.consent.marks, m)
}

// platformCookie reports whether a signal is a consent platform's cookie
// (a TC string or US Privacy string in a cookie included).
func platformCookie(s consent.Signal) bool {
	return s.Where.Part == consent.PartCookie && byPlatform(s.Kind)
}

// byPlatform reports whether a kind of signal is a consent platform's own
// record rather than a tag's parameter.
func byPlatform(k consent.Kind) bool {
	switch k {
	case consent.KindCMPCookie, consent.KindTCF, consent.KindUSPrivacy, consent.KindGPP:
		return true
	}
	return false
}

// choiceTime returns when a platform's cookie says the choice was made:
// its own time, else that of a cookie of the same platform in the same
// request that holds only a time (OneTrust's OptanonAlertBoxClosed beside
// OptanonConsent).
func choiceTime(s *consent.Signal, all []consent.Signal) (t time.Time, ok bool) {
	if s.Kind != consent.KindCMPCookie {
		return t, false
	}
	if !s.ChoiceTime.IsZero() {
		return s.ChoiceTime, true
	}
	for i := range all {
		o := &all[i]
		if o.Kind == consent.KindCMPCookie && o.Source == s.Source && o.Choice == consent.ChoiceUnknown && !o.ChoiceTime.IsZero() {
			return o.ChoiceTime, true
		}
	}
	return t, false
}

// signalText names a marker for the events that rest on it:
// "cookie OptanonConsent (OneTrust): accept".
func signalText(s *consent.Signal) string {
	t := s.Where.String()
	if s.Source != "" {
		t += " (" + s.Source + ")"
	}
	return t + ": " + s.Choice.String()
}

// markerEvent is the event of a marker.
func markerEvent(file string, e *har.Entry, host string, s *consent.Signal) decode.Event {
	_, path, _ := site.Split(e.Request.URL)
	return decode.Event{
		Time:     utc(e.StartedDateTime),
		Sources:  []decode.Source{{File: file, Entry: e.Index}},
		Vendor:   decode.VendorOther,
		Kind:     decode.KindConsent,
		Host:     strings.Clone(host),
		Method:   strings.ToUpper(e.Request.Method),
		Path:     path,
		Summary:  s.Where.String() + ": " + s.Description,
		Delivery: decode.DeliveryOf(e),
		Warnings: s.Warnings,
		Consent:  decode.NewConsentSignal(s),
	}
}

// watchMeta notes, per page, a load of the Meta Pixel library and
// whatever shows the pixel ran: its configuration, an event, a gateway
// call.
func (cs *consentScan) watchMeta(k pageKey, got []decode.Event, referer string) {
	for i := range got {
		ev := &got[i]
		if ev.Vendor != decode.VendorMeta {
			continue
		}
		p := cs.pages[k]
		if p == nil {
			p = &metaPage{}
			cs.pages[k] = p
			cs.order = append(cs.order, k)
		}
		switch {
		case ev.Kind == decode.KindInstallation && strings.HasSuffix(ev.Path, "/fbevents.js"):
			if p.library == nil {
				lib := *ev
				p.library, p.referer = &lib, strings.Clone(referer)
				cs.lib = p
			}
		case strings.HasPrefix(ev.Path, "/signals/config/"), ev.Kind == decode.KindEvent, ev.Kind == decode.KindDuplicate, ev.Gateway != "":
			p.ran = true
		}
	}
}

// numbered says that the events of the entry just read, its markers
// included, are numbered up to n ([decode.Event.Index]): a marker that
// the pixel whose library it loaded was held back, made once the file is
// read, is the entry's event n+1.
func (cs *consentScan) numbered(n int) {
	if cs.lib != nil {
		cs.lib.index = n + 1
		cs.lib = nil
	}
}

// heldBack returns, with their segments and Referer headers, the markers of the pages on
// which the Meta Pixel library loaded and nothing showed it ran.
func (cs *consentScan) heldBack() (evs []decode.Event, segs []int, referers []string) {
	for _, k := range cs.order {
		p := cs.pages[k]
		if p.library == nil || p.ran {
			continue
		}
		lib := p.library
		ev := decode.Event{
			Time: lib.Time, Sources: lib.Sources[:1:1], Vendor: decode.VendorOther, Kind: decode.KindConsent,
			Host: lib.Host, Method: lib.Method, Path: lib.Path, Page: k.page, Delivery: lib.Delivery,
			Summary: "Meta Pixel library fbevents.js loaded, but no pixel configuration, no /tr event and no gateway call followed on this page: " +
				"consistent with fbq('consent','revoke') holding the pixel back (an inference from what is missing, not a signal the page sent; " +
				"a capture that stopped early shows the same)",
			Consent: decode.ConsentSignal{Inference: decode.InferenceMetaHeldBack, Source: "Meta Pixel"},
			Index:   p.index,
		}
		evs = append(evs, ev)
		segs = append(segs, k.seg)
		referers = append(referers, p.referer)
	}
	return evs, segs, referers
}

// consentData is what an analysis keeps of consent.
type consentData struct {
	marks []consentMark
	// byVisitor, once built, holds each visitor's decisions in order,
	// with the state each leaves in force.
	byVisitor map[*Visitor][]foldedMark
	built     bool
}

// foldedMark is a decision and the state in force from it on.
type foldedMark struct {
	m       *consentMark
	state   decode.ConsentState
	restsOn *consentMark
}

// index builds, once, each visitor's decisions in order and the state
// each leaves in force.
func (a *Analysis) consentIndex() map[*Visitor][]foldedMark {
	c := &a.consent
	if c.built {
		return c.byVisitor
	}
	c.built = true
	if len(c.marks) == 0 {
		return nil
	}
	a.link()
	if a.linkErr != nil || a.segVisit == nil {
		return nil // the error is the reader's to report
	}
	s := a.store
	src := func(m *consentMark) decode.Source {
		f := s.files[m.file]
		return decode.Source{File: f.file, SHA256: f.sha, Entry: int(m.entry)}
	}
	byVisitor := map[*Visitor][]*consentMark{}
	var order []*Visitor
	for i := range c.marks {
		m := &c.marks[i]
		v := a.segVisit[m.seg]
		if v == nil {
			continue
		}
		if _, ok := byVisitor[v]; !ok {
			order = append(order, v)
		}
		byVisitor[v] = append(byVisitor[v], m)
	}
	c.byVisitor = map[*Visitor][]foldedMark{}
	for _, v := range order {
		ms := byVisitor[v]
		slices.SortStableFunc(ms, func(x, y *consentMark) int { return compareAt(x.at, src(x), y.at, src(y)) })
		var f consentFold
		out := make([]foldedMark, len(ms))
		for i, m := range ms {
			f.add(m)
			out[i] = foldedMark{m: m}
			out[i].state, out[i].restsOn = f.state()
		}
		c.byVisitor[v] = out
	}
	return c.byVisitor
}

// consentFold keeps the decisions that make the state in force.
type consentFold struct {
	platform, tag, none *consentMark
}

func (f *consentFold) add(m *consentMark) {
	switch {
	case m.choice == consent.ChoiceNone && m.cmp:
		f.platform, f.tag, f.none = nil, nil, m
	case m.choice == consent.ChoiceNone:
		if f.platform == nil && f.tag == nil {
			f.none = m
		}
	case m.cmp:
		f.platform = m
	default:
		f.tag = m
	}
}

func (f *consentFold) state() (decode.ConsentState, *consentMark) {
	m := f.platform
	if m == nil {
		m = f.tag
	}
	if m == nil {
		if f.none == nil {
			return decode.ConsentUnknown, nil
		}
		return decode.ConsentBeforeChoice, f.none
	}
	switch m.choice {
	case consent.ChoiceAccept:
		return decode.ConsentAfterAccept, m
	case consent.ChoiceReject:
		return decode.ConsentAfterReject, m
	}
	return decode.ConsentAfterPartial, m
}

// assess sets ev.ConsentInForce: ev was sent in segment seg.
func (a *Analysis) assess(ev *decode.Event, seg int32) {
	if ev.Kind == decode.KindNavigation || ev.Kind == decode.KindConsent {
		ev.ConsentInForce = decode.ConsentInForce{}
		return
	}
	ev.ConsentInForce = decode.ConsentInForce{State: decode.ConsentUnknown}
	idx := a.consentIndex()
	if idx == nil {
		return
	}
	s := a.store
	v := a.segVisit[seg]
	ms := idx[v]
	src := firstSource(ev)
	// The last decision at or before the event.
	n, _ := slices.BinarySearchFunc(ms, 0, func(fm foldedMark, _ int) int {
		f := s.files[fm.m.file]
		if compareAt(fm.m.at, decode.Source{File: f.file, SHA256: f.sha, Entry: int(fm.m.entry)}, ev.Time, src) <= 0 {
			return -1
		}
		return 1
	})
	if n == 0 {
		return
	}
	fm := ms[n-1]
	ev.ConsentInForce.State = fm.state
	if r := fm.restsOn; r != nil {
		f := s.files[r.file]
		ev.ConsentInForce.RestsOn = decode.Source{File: f.file, SHA256: f.sha, Entry: int(r.entry)}
		ev.ConsentInForce.Signal = r.signal
		ev.ConsentInForce.At = r.at.T
	}
}

// assessed wraps yield so that each event it is given has its consent
// state set.
func (a *Analysis) assessed(yield func(*decode.Event, *record, error) bool) func(*decode.Event, *record, error) bool {
	return func(ev *decode.Event, r *record, err error) bool {
		if err == nil && ev != nil {
			a.assess(ev, r.seg)
		}
		return yield(ev, r, err)
	}
}

// orderedEvents yields the events of the analysis in order, as Events
// does, each with its record.
func (a *Analysis) orderedEvents(yield func(*decode.Event, *record, error) bool) {
	a.store.events(a.store.order.all(), a.assessed(yield))
}

// SentWithoutConsent reports whether an event read from an analysis is
// a tracker's (not a request no decoder claims, such as the consent
// platform's own script) that was sent without consent: before any
// choice, or after a refusal, as its visitor's consent signals show
// ([decode.Event.ConsentInForce]). A consent signal shows what the page
// recorded, not what the visitor saw.
func SentWithoutConsent(ev *decode.Event) bool {
	return ev.Vendor != decode.VendorOther && ev.ConsentInForce.State.WithoutConsent()
}
