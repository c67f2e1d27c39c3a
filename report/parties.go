package report

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"iter"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report/entity"
)

// Party is one third party — a registrable domain — and everything the
// captures show it received.
type Party struct {
	Domain        string   `json:"domain"`
	Company       string   `json:"company,omitempty"`
	LegalEntity   string   `json:"legal_entity,omitempty"`
	Parent        string   `json:"parent,omitempty"`
	Country       string   `json:"country,omitempty"`
	CompanySource string   `json:"company_source,omitempty"` // where the attribution comes from
	Hosts         []string `json:"hosts"`
	Vendors       []string `json:"vendors"`
	// Via, for a party reached through a first-party gateway, says so:
	// "first-party gateway capig.police.example". Domain is then the
	// gateway's host, and Company the vendor's whose format it spoke.
	Via      string `json:"via,omitempty"`
	Requests int    `json:"requests"`
	// Delivery counts the requests by what the capture shows of their
	// delivery: a failed request never reached the party.
	Delivery DeliveryCount `json:"delivery"`
	// FirstTime and LastTime are when it received its first and last
	// request (UTC, [TimeFormat]); "" when no time could be read.
	FirstTime string   `json:"first_time,omitempty"`
	LastTime  string   `json:"last_time,omitempty"`
	Visitors  []string `json:"visitors"`
	// WithoutConsent are the requests of the tracker events the party
	// received before any choice or after a refusal
	// ([SentWithoutConsent]), sorted by file, SHA-256 and entry.
	// [Analysis.Parties] leaves it nil — there can be millions — and
	// [Party.WithoutConsentSeq] reads them.
	WithoutConsent []decode.Source `json:"sent_without_consent"`
	// Received lists each distinct thing the party received, grouped by
	// kind, with every request that carried it.
	Received []Disclosure `json:"received"`

	woc *sourceList
}

// Disclosure kinds, in the order a party's disclosures are listed.
const (
	disclosedPage         = "page"          // a page URL: dl, rl, Referer, URL-valued parameters
	disclosedPageContent  = "page content"  // the page's title and text: dt, pmd[title], keywords
	disclosedIdentifier   = "identifier"    // visitor identifiers and cookies (c_user, fbp, _ga …)
	disclosedPersonalData = "personal data" // ud[…] and the like, hashed or not
	disclosedFormField    = "form field"    // names of form fields (cd[formFeatures], udff[…])
	disclosedCustomData   = "custom data"   // cd[…] and other event data
	disclosedEvent        = "event"         // event names
)

var disclosureOrder = []string{disclosedPage, disclosedPageContent, disclosedIdentifier, disclosedPersonalData, disclosedFormField, disclosedCustomData, disclosedEvent}

// Disclosure is one distinct value a party received.
type Disclosure struct {
	// Kind is one of "page", "page content", "identifier", "personal
	// data", "form field", "custom data" and "event", the order they are
	// listed in.
	Kind  string `json:"kind"`
	What  string `json:"what"` // how it was sent: "dl", "Referer header", "cookie c_user", "ud[em]" …
	Value string `json:"value"`
	Note  string `json:"note,omitempty"` // what the value is: "sha256", "matches e-mail jane@…" …
	// Sensitive names the sensitive-content rules the value matched:
	// "domestic-abuse: domestic abuse (terms.txt:90)".
	Sensitive []string `json:"sensitive,omitempty"`
	Count     int      `json:"count"`
	// Delivery counts the Count requests by delivery state.
	Delivery DeliveryCount `json:"delivery"`
	// Sources are the requests that carried the value, sorted by file,
	// SHA-256 and entry. [Analysis.Parties] leaves it nil — there can be
	// millions — and [Disclosure.SourceSeq] reads them.
	Sources []decode.Source `json:"sources"`
	// Events are the IDs ([decode.Event.ID]) of the events that carried
	// it, in the analysis's order: each is a row of the events and the
	// timelines. [Analysis.Parties] leaves it nil, and
	// [Disclosure.EventSeq] reads them.
	Events []string `json:"events"`

	src, evs *sourceList
	evCount  int // the events on evs
}

// DeliveryCount counts requests by what the capture shows of their
// delivery ([decode.DeliveryState]).
type DeliveryCount struct {
	Answered    int `json:"answered"`    // a response was recorded
	Unconfirmed int `json:"unconfirmed"` // no response recorded: may have arrived
	Failed      int `json:"failed"`      // failed or blocked before sending: never arrived
}

// add counts one request in state st.
func (c *DeliveryCount) add(st decode.DeliveryState) {
	switch st {
	case decode.DeliveryAnswered:
		c.Answered++
	case decode.DeliveryFailed:
		c.Failed++
	default:
		c.Unconfirmed++
	}
}

// Parties summarises, for each third party, what it received. The
// analysis must have been made with Options.Generic (so that requests no
// decoder claims are counted too). Parties are ordered by requests, most
// first, then by domain. The result is computed once; the requests that
// carried each value are read with [Disclosure.SourceSeq] (until the
// analysis is closed). The error is one reading the events back.
func (a *Analysis) Parties() ([]*Party, error) {
	if a.partiesDone {
		return a.parties, a.partiesErr
	}
	a.partiesDone = true
	a.parties, a.partiesErr = a.makeParties()
	return a.parties, a.partiesErr
}

// partySrc is a request that carried something to a party: for a
// disclosure (its index) or for the party's requests (the party's).
type partySrc struct {
	id    int32
	file  int32
	entry int32
	seq   int64 // the order it was met in
	index int32 // of an event: its Index (decode.Event.ID)
	state decode.DeliveryState
	// gateway: the request went to the first-party gateway (the
	// source's Gateway); without: it carried a tracker event sent
	// without consent (SentWithoutConsent).
	gateway, without bool
}

func (a *Analysis) makeParties() ([]*Party, error) {
	s := a.store
	a.link()
	if a.linkErr != nil {
		return nil, a.linkErr
	}
	type discKey struct{ kind, what, value string }
	type acc struct {
		p      *Party
		id     int
		disc   map[discKey]int // index in discs
		visits map[string]bool
		first  har.Time
		last   har.Time
		// gatewayOf is the vendor whose format a gateway party's requests
		// spoke: the company it forwards to.
		gatewayOf decode.Vendor
	}
	var discs []*Disclosure
	byDomain := map[string]*acc{}
	var order []string
	// The requests, sorted apart: per disclosure (each request once, its
	// state when first met) and per party (each request once, its state
	// when last met).
	bySource := func(x, y *partySrc) int {
		if c := cmp.Compare(x.id, y.id); c != 0 {
			return c
		}
		if x.file != y.file {
			fx, fy := &s.files[x.file], &s.files[y.file]
			if c := cmp.Or(strings.Compare(fx.file, fy.file), strings.Compare(fx.sha, fy.sha)); c != 0 {
				return c
			}
		}
		return cmp.Or(cmp.Compare(x.entry, y.entry), cmp.Compare(x.seq, y.seq))
	}
	discSrcs := newSorter[partySrc](partySrcCodec{}, bySource, s.recMem, s.dir, "records")
	defer discSrcs.close()
	reqs := newSorter[partySrc](partySrcCodec{}, bySource, s.recMem, s.dir, "records")
	defer reqs.close()
	// The events that carried each disclosure, in the analysis order.
	discEvs := newSorter[partySrc](partySrcCodec{}, func(x, y *partySrc) int {
		return cmp.Or(cmp.Compare(x.id, y.id), cmp.Compare(x.seq, y.seq))
	}, s.recMem, s.dir, "records")
	defer discEvs.close()
	seq, evSeq := int64(0), int64(0)
	var sortErr error
	add := func(srt *sorter[partySrc], x partySrc) {
		if err := srt.add(x); err != nil && sortErr == nil {
			sortErr = err
		}
	}
	var readErr error
	a.orderedEvents(func(ev *decode.Event, r *record, err error) bool {
		if err != nil {
			readErr = err
			return false
		}
		if ev.Kind == decode.KindNavigation || ev.Kind == decode.KindConsent {
			return true
		}
		evSeq++
		// The event's recipients: the vendor's host, when the request went
		// there (a third party), and the first-party gateway it went
		// through, each with the requests that reached it.
		var disc []Disclosure
		without := SentWithoutConsent(ev)
		for _, to := range []struct {
			key, host string
			gateway   bool
		}{
			{site.Domain(ev.Host), ev.Host, false},
			{"gateway " + ev.Gateway, ev.Gateway, true},
		} {
			if to.host == "" || !to.gateway && (to.key == "" || to.key == s.first[r.key.file]) {
				continue
			}
			if !slices.ContainsFunc(ev.Sources, func(src decode.Source) bool { return src.Gateway == to.gateway }) {
				continue
			}
			p := byDomain[to.key]
			if p == nil {
				p = &acc{p: &Party{Domain: to.key}, id: len(order), disc: map[discKey]int{}, visits: map[string]bool{}}
				if to.gateway {
					p.p.Domain, p.p.Via = to.host, "first-party gateway "+to.host
					p.gatewayOf = ev.Vendor
				}
				byDomain[to.key] = p
				order = append(order, to.key)
			}
			if !slices.Contains(p.p.Hosts, to.host) {
				p.p.Hosts = append(p.p.Hosts, to.host)
			}
			if vn := ev.Vendor.String(); !slices.Contains(p.p.Vendors, vn) {
				p.p.Vendors = append(p.p.Vendors, vn)
			}
			for _, src := range ev.Sources {
				if src.Gateway != to.gateway {
					continue
				}
				seq++
				add(reqs, partySrc{id: int32(p.id), file: r.key.file, entry: int32(src.Entry), seq: seq, state: ev.Delivery.State, gateway: to.gateway, without: without})
			}
			if t := ev.Time; t.Valid() {
				if !p.first.Valid() || t.T.Before(p.first.T) {
					p.first = t
				}
				if !p.last.Valid() || t.T.After(p.last.T) {
					p.last = t
				}
			}
			if v := a.segVisit[r.seg]; v != nil && v.n > 0 {
				p.visits[v.ID] = true
			}
			if disc == nil {
				disc = disclosures(ev, r.referer)
			}
			for _, d := range disc {
				if strings.TrimSpace(d.Value) == "" {
					continue
				}
				k := discKey{d.Kind, d.What, d.Value}
				i, ok := p.disc[k]
				if !ok {
					i = len(discs)
					p.disc[k] = i
					dc := d
					discs = append(discs, &dc)
				}
				for _, src := range ev.Sources {
					if src.Gateway != to.gateway {
						continue
					}
					seq++
					add(discSrcs, partySrc{id: int32(i), file: r.key.file, entry: int32(src.Entry), seq: seq, state: ev.Delivery.State, gateway: to.gateway})
				}
				if len(ev.Sources) > 0 {
					add(discEvs, partySrc{id: int32(i), file: r.key.file, entry: int32(ev.Sources[0].Entry), index: int32(ev.Index), seq: evSeq})
				}
			}
		}
		return true
	})
	if readErr != nil {
		return nil, readErr
	}
	if sortErr != nil {
		return nil, sortErr
	}
	// Each request once per party: its state when last met.
	if err := reqs.finish(); err != nil {
		return nil, err
	}
	// The requests of every list a party or a disclosure keeps go on one
	// tape, each list in one stretch of it: a party's requests sent
	// without consent (WithoutConsentSeq), a disclosure's requests
	// (SourceSeq) and events (EventSeq).
	a.sources = newTape[partySrc](partySrcCodec{}, s.recMem, s.dir, "records")
	var last *partySrc
	var lastRec partySrc
	without := false
	count := func() error {
		if last == nil {
			return nil
		}
		p := byDomain[order[last.id]].p
		p.Requests++
		p.Delivery.add(last.state)
		if !without {
			return nil
		}
		if p.woc == nil {
			p.woc = &sourceList{a: a, at: a.sources.pos()}
		}
		p.woc.n++
		return a.sources.append(*last)
	}
	for x, err := range reqs.all() {
		if err != nil {
			return nil, err
		}
		if last != nil && (last.id != x.id || !sameSource(s, last, x)) {
			if err := count(); err != nil {
				return nil, err
			}
			without = false
		}
		without = without || x.without
		lastRec = *x
		last = &lastRec
	}
	if err := count(); err != nil {
		return nil, err
	}
	// Each request once per disclosure: its state when first met.
	if err := discSrcs.finish(); err != nil {
		return nil, err
	}
	last = nil
	for x, err := range discSrcs.all() {
		if err != nil {
			return nil, err
		}
		if last != nil && last.id == x.id && sameSource(s, last, x) {
			continue
		}
		dc := discs[x.id]
		if dc.Count == 0 {
			dc.src = &sourceList{a: a, at: a.sources.pos()}
		}
		dc.Count++
		dc.Delivery.add(x.state)
		if err := a.sources.append(*x); err != nil {
			return nil, err
		}
		lastRec = *x
		last = &lastRec
	}
	// Each event once per disclosure, in the analysis order; the events
	// go on the same tape, for EventSeq.
	if err := discEvs.finish(); err != nil {
		return nil, err
	}
	last = nil
	for x, err := range discEvs.all() {
		if err != nil {
			return nil, err
		}
		if last != nil && last.id == x.id && last.seq == x.seq {
			continue
		}
		dc := discs[x.id]
		if dc.evCount == 0 {
			dc.evs = &sourceList{a: a, at: a.sources.pos()}
		}
		dc.evCount++
		if err := a.sources.append(*x); err != nil {
			return nil, err
		}
		lastRec = *x
		last = &lastRec
	}
	var out []*Party
	for _, d := range order {
		p := byDomain[d]
		p.p.FirstTime, p.p.LastTime = timeText(p.first), timeText(p.last)
		for v := range p.visits {
			p.p.Visitors = append(p.p.Visitors, v)
		}
		slices.SortFunc(p.p.Visitors, compareVisitorIDs)
		slices.Sort(p.p.Hosts)
		slices.Sort(p.p.Vendors)
		if p.p.Via != "" {
			if m, ok := a.Entities.Lookup(p.gatewayOf.Host()); ok {
				p.p.Company, p.p.LegalEntity, p.p.Parent, p.p.Country = m.Company, m.LegalEntity, m.Parent, m.Country
				p.p.CompanySource = "the requests' format (" + p.gatewayOf.String() + "), sent through a first-party gateway that forwards them server-side; " +
					m.Source.String() + ", entry " + m.Pattern
			}
		} else if m, ok := lookupCompany(a.Entities, p.p); ok {
			p.p.Company, p.p.LegalEntity, p.p.Parent, p.p.Country = m.Company, m.LegalEntity, m.Parent, m.Country
			p.p.CompanySource = m.Source.String() + ", entry " + m.Pattern
		}
		for _, i := range p.disc {
			dc := discs[i]
			if a.Sensitive != nil && dc.Kind != disclosedIdentifier && dc.Kind != disclosedPersonalData {
				dc.Sensitive = sensitiveLabels(a.Sensitive, dc.Value)
			}
			if dc.src != nil {
				dc.src.n = dc.Count
			}
			if dc.evs != nil {
				dc.evs.n = dc.evCount
			}
			p.p.Received = append(p.p.Received, *dc)
		}
		slices.SortFunc(p.p.Received, func(x, y Disclosure) int {
			return cmp.Or(cmp.Compare(slices.Index(disclosureOrder, x.Kind), slices.Index(disclosureOrder, y.Kind)),
				strings.Compare(x.What, y.What), strings.Compare(x.Value, y.Value))
		})
		if p.p.Visitors == nil {
			p.p.Visitors = []string{}
		}
		out = append(out, p.p)
	}
	slices.SortFunc(out, func(x, y *Party) int {
		return cmp.Or(cmp.Compare(y.Requests, x.Requests), strings.Compare(x.Domain, y.Domain))
	})
	return out, nil
}

// sameSource reports whether two requests are the same source (file,
// SHA-256, entry).
func sameSource(s *store, x, y *partySrc) bool {
	if x.entry != y.entry {
		return false
	}
	return x.file == y.file || s.files[x.file] == s.files[y.file]
}

// sourceList is where the requests that carried a disclosure are.
type sourceList struct {
	a  *Analysis
	at tapePos
	n  int
}

// SourceSeq yields the requests that carried the value, sorted by file,
// SHA-256 and entry: Sources when it is set, else (as [Analysis.Parties]
// leaves it) those kept by the analysis, which must not be closed. A read
// error is yielded once, last.
func (d *Disclosure) SourceSeq() iter.Seq2[decode.Source, error] {
	return sourceSeq(d.Sources, d.src)
}

// WithoutConsentSeq yields the party's requests sent without consent,
// sorted by file, SHA-256 and entry: WithoutConsent when it is set, else
// (as [Analysis.Parties] leaves it) those kept by the analysis, which
// must not be closed. A read error is yielded once, last.
func (p *Party) WithoutConsentSeq() iter.Seq2[decode.Source, error] {
	return sourceSeq(p.WithoutConsent, p.woc)
}

// WithoutConsentCount counts the party's requests sent without consent
// ([Party.WithoutConsentSeq]).
func (p *Party) WithoutConsentCount() int {
	if p.WithoutConsent != nil || p.woc == nil {
		return len(p.WithoutConsent)
	}
	return p.woc.n
}

// sourceSeq yields srcs when set, else the requests of list.
func sourceSeq(srcs []decode.Source, list *sourceList) iter.Seq2[decode.Source, error] {
	return func(yield func(decode.Source, error) bool) {
		if srcs != nil || list == nil {
			for _, s := range srcs {
				if !yield(s, nil) {
					return
				}
			}
			return
		}
		st := list.a.store
		if st.closed {
			yield(decode.Source{}, errors.New("report: reading the sources of a closed analysis"))
			return
		}
		for x, err := range list.a.sources.from(list.at, list.n) {
			if err != nil {
				yield(decode.Source{}, err)
				return
			}
			f := st.files[x.file]
			if !yield(decode.Source{File: f.file, SHA256: f.sha, Entry: int(x.entry), Gateway: x.gateway}, nil) {
				return
			}
		}
	}
}

// EventSeq yields the IDs of the events that carried the value, in the
// analysis order: Events when it is set, else (as [Analysis.Parties]
// leaves it) those kept by the analysis, which must not be closed. A
// read error is yielded once, last.
func (d *Disclosure) EventSeq() iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if d.Events != nil || d.evs == nil {
			for _, id := range d.Events {
				if !yield(id, nil) {
					return
				}
			}
			return
		}
		st := d.evs.a.store
		if st.closed {
			yield("", errors.New("report: reading the events of a closed analysis"))
			return
		}
		for x, err := range d.evs.a.sources.from(d.evs.at, d.evs.n) {
			if err != nil {
				yield("", err)
				return
			}
			f := st.files[x.file]
			ev := decode.Event{Sources: []decode.Source{{SHA256: f.sha, Entry: int(x.entry)}}, Index: int(x.index)}
			if !yield(ev.ID(), nil) {
				return
			}
		}
	}
}

type partySrcCodec struct{}

func (partySrcCodec) size(*partySrc) int { return 48 }

func (partySrcCodec) encode(b []byte, x *partySrc) []byte {
	b = binary.AppendUvarint(b, uint64(x.id))
	b = binary.AppendUvarint(b, uint64(x.file))
	b = binary.AppendUvarint(b, uint64(x.entry))
	b = binary.AppendUvarint(b, uint64(x.seq))
	b = binary.AppendUvarint(b, uint64(x.index))
	flags := uint64(x.state) << 2
	if x.gateway {
		flags |= 1
	}
	if x.without {
		flags |= 2
	}
	return binary.AppendUvarint(b, flags)
}

func (partySrcCodec) decode(br *bufio.Reader, x *partySrc) error {
	id, err := binary.ReadUvarint(br)
	if err != nil {
		return err // io.EOF at the end
	}
	d := &spillReader{r: br}
	x.id = int32(id)
	x.file = int32(d.uvarint())
	x.entry = int32(d.uvarint())
	x.seq = int64(d.uvarint())
	x.index = int32(d.uvarint())
	flags := d.uvarint()
	x.state = decode.DeliveryState(flags >> 2)
	x.gateway, x.without = flags&1 != 0, flags&2 != 0
	return d.err
}

// lookupCompany attributes a party: its registrable domain first, then its
// hosts in (sorted) order.
func lookupCompany(db *entity.DB, p *Party) (entity.Match, bool) {
	if m, ok := db.Lookup(p.Domain); ok {
		return m, true
	}
	for _, h := range p.Hosts {
		if m, ok := db.Lookup(h); ok {
			return m, true
		}
	}
	return entity.Match{}, false
}

// disclosures lists what one event disclosed; referer is the Referer
// header of its request.
func disclosures(ev *decode.Event, referer string) []Disclosure {
	var out []Disclosure
	add := func(kind, what, value, note string) {
		out = append(out, Disclosure{Kind: kind, What: what, Value: value, Note: note})
	}
	seenURL := map[string]bool{}
	if ev.Page != "" {
		add(disclosedPage, "page URL (event)", ev.Page, "")
		seenURL[ev.Page] = true
	}
	if ev.Referrer != "" {
		add(disclosedPage, "referrer (event)", ev.Referrer, "")
		seenURL[ev.Referrer] = true
	}
	if referer != "" {
		add(disclosedPage, "Referer header", referer, "")
	}
	idFrom := map[string]bool{}
	for _, id := range ev.IDs {
		what := id.From
		if what == "" {
			what = id.Name
		}
		idFrom[what] = true
		add(disclosedIdentifier, what, id.Value, id.Meaning)
	}
	for _, p := range ev.Params {
		switch {
		case p.In == decode.InCookie:
			if !idFrom["cookie "+p.Name] {
				add(disclosedIdentifier, "cookie "+p.Name, p.Value, "")
			}
		case isURL(p.Value) && !seenURL[p.Value]:
			add(disclosedPage, "parameter "+p.Name, p.Value, "")
		case p.Type == decode.DataPageContent:
			add(disclosedPageContent, "parameter "+p.Name, p.Value, p.Label)
		}
	}
	for _, u := range ev.UserData {
		note := u.Class.String()
		if u.Class == decode.HashShapeMask {
			note = "shape mask (Advanced Matching): the length and kinds of characters of a value the pixel held, not the value"
		}
		for _, m := range ev.Matches {
			if m.Param == u.Param() && m.Value == u.Value {
				note += "; matches " + m.Kind + " " + m.Known
			}
		}
		add(disclosedPersonalData, u.Param(), u.Value, note)
		// udff, audff, cudff: what automatic Advanced Matching read from a
		// form field (cud and ncud are masks of data the site gave
		// fbq('init'), or matched, and say nothing of a form).
		if strings.HasSuffix(u.Family, "ff") {
			add(disclosedFormField, u.Family+"[…]", u.Field, "field read from a form the visitor filled in (automatic Advanced Matching)")
		}
	}
	for _, c := range ev.Custom {
		v := c.Raw
		if c.JSON != nil {
			v = string(c.JSON)
		}
		if slices.ContainsFunc(ev.Params, func(p decode.Param) bool {
			return p.Type == decode.DataPageContent && (p.Name == c.Key || p.Name == "cd["+c.Key+"]")
		}) {
			continue // listed as page content
		}
		add(disclosedCustomData, "cd["+c.Key+"]", v, "")
		if c.Key == "formFeatures" && c.JSON != nil {
			for _, f := range formFields(c.JSON) {
				add(disclosedFormField, "cd[formFeatures]", f, "")
			}
		}
	}
	if ev.Name != "" {
		add(disclosedEvent, "event", ev.Name, ev.Vendor.String())
	}
	return out
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// formFields names the fields of Meta's cd[formFeatures]: an array of
// {id, name, tag, inputType, placeholder}.
func formFields(raw []byte) []string {
	var fs []struct {
		ID, Name, Tag, InputType, Placeholder string
	}
	if json.Unmarshal(raw, &fs) != nil {
		return nil
	}
	var out []string
	for _, f := range fs {
		name := cmp.Or(f.Name, f.ID, f.Placeholder)
		if name == "" {
			continue
		}
		kind := cmp.Or(f.InputType, f.Tag)
		if kind != "" {
			name += " (" + kind + ")"
		}
		out = append(out, name)
	}
	return out
}
