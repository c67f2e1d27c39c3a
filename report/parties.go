package report

import (
	"cmp"
	"encoding/json"
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
	// Received lists each distinct thing the party received, grouped by
	// kind, with every request that carried it.
	Received []Disclosure `json:"received"`
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
	Delivery DeliveryCount   `json:"delivery"`
	Sources  []decode.Source `json:"sources"`
	// Events are the IDs ([decode.Event.ID]) of the events that carried
	// it, in the analysis's order: each is a row of the events and the
	// timelines.
	Events []string `json:"events"`
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
// first, then by domain. The error is one reading the events back.
func (a *Analysis) Parties() ([]*Party, error) {
	firstParty := map[fileKey]string{}
	for _, f := range a.Files {
		firstParty[fileKey{f.Name, f.SHA256}] = f.FirstParty
	}
	// The visitor of each event, by its position in the analysis order.
	visitorAt := make([]string, a.Len())
	for _, v := range a.Visitors() {
		for _, p := range v.events {
			visitorAt[p] = v.ID
		}
	}
	type discKey struct{ kind, what, value string }
	type acc struct {
		p      *Party
		disc   map[discKey]*Disclosure
		reqs   map[decode.Source]decode.DeliveryState
		visits map[string]bool
		first  har.Time
		last   har.Time
		// gatewayOf is the vendor whose format a gateway party's requests
		// spoke: the company it forwards to.
		gatewayOf decode.Vendor
	}
	byDomain := map[string]*acc{}
	var order []string
	pos := -1
	for ev, err := range a.Events() {
		if err != nil {
			return nil, err
		}
		pos++
		if ev.Kind == decode.KindNavigation {
			continue
		}
		src := firstSource(ev)
		fp := firstParty[fileKey{src.File, src.SHA256}]
		// The event's recipients: the vendor's host, when the request went
		// there (a third party), and the first-party gateway it went
		// through, each with the requests that reached it.
		var direct, via []decode.Source
		for _, s := range ev.Sources {
			if s.Gateway {
				via = append(via, s)
			} else {
				direct = append(direct, s)
			}
		}
		disc := disclosures(a, ev)
		for _, r := range []struct {
			key, host string
			gateway   bool
			sources   []decode.Source
		}{
			{site.Domain(ev.Host), ev.Host, false, direct},
			{"gateway " + ev.Gateway, ev.Gateway, true, via},
		} {
			if len(r.sources) == 0 || r.host == "" || !r.gateway && (r.key == "" || r.key == fp) {
				continue
			}
			p := byDomain[r.key]
			if p == nil {
				p = &acc{p: &Party{Domain: r.key}, disc: map[discKey]*Disclosure{}, reqs: map[decode.Source]decode.DeliveryState{}, visits: map[string]bool{}}
				if r.gateway {
					p.p.Domain, p.p.Via = r.host, "first-party gateway "+r.host
					p.gatewayOf = ev.Vendor
				}
				byDomain[r.key] = p
				order = append(order, r.key)
			}
			if !slices.Contains(p.p.Hosts, r.host) {
				p.p.Hosts = append(p.p.Hosts, r.host)
			}
			if vn := ev.Vendor.String(); !slices.Contains(p.p.Vendors, vn) {
				p.p.Vendors = append(p.p.Vendors, vn)
			}
			for _, s := range r.sources {
				p.reqs[s] = ev.Delivery.State
			}
			if t := ev.Time; t.Valid() {
				if !p.first.Valid() || t.T.Before(p.first.T) {
					p.first = t
				}
				if !p.last.Valid() || t.T.After(p.last.T) {
					p.last = t
				}
			}
			if v := visitorAt[pos]; v != "" {
				p.visits[v] = true
			}
			for _, d := range disc {
				if strings.TrimSpace(d.Value) == "" {
					continue
				}
				k := discKey{d.Kind, d.What, d.Value}
				dc := p.disc[k]
				if dc == nil {
					dc = &Disclosure{Kind: d.Kind, What: d.What, Value: d.Value, Note: d.Note}
					p.disc[k] = dc
				}
				for _, s := range r.sources {
					if !slices.Contains(dc.Sources, s) {
						dc.Sources = append(dc.Sources, s)
						dc.Count++
						dc.Delivery.add(ev.Delivery.State)
					}
				}
				if id := ev.ID(); id != "" && !slices.Contains(dc.Events, id) {
					dc.Events = append(dc.Events, id)
				}
			}
		}
	}
	var out []*Party
	for _, d := range order {
		p := byDomain[d]
		p.p.Requests = len(p.reqs)
		p.p.FirstTime, p.p.LastTime = timeText(p.first), timeText(p.last)
		for _, st := range p.reqs {
			p.p.Delivery.add(st)
		}
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
		for _, dc := range p.disc {
			slices.SortFunc(dc.Sources, compareSources)
			if dc.Events == nil {
				dc.Events = []string{}
			}
			if a.Sensitive != nil && dc.Kind != disclosedIdentifier && dc.Kind != disclosedPersonalData {
				dc.Sensitive = sensitiveLabels(a.Sensitive, dc.Value)
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

// disclosures lists what one event disclosed.
func disclosures(a *Analysis, ev *decode.Event) []Disclosure {
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
	if ref := a.refererOf(firstSource(ev)); ref != "" {
		add(disclosedPage, "Referer header", ref, "")
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
