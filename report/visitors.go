package report

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// Visitor is one browser — one cookie jar — as the captures show it, and
// every event it sent.
//
// Within one capture file, the requests of one User-Agent are one
// browser, from the first entry on, until a browser cookie takes a second
// value (the _fbp, datr, MUID … cookie was reset, or another browser with
// the same User-Agent was recorded): then another browser begins. A
// browser's own export (Chrome, Firefox, Safari, Playwright) records one
// browser; a proxy capture may hold several, told apart by User-Agent,
// which cannot tell two identical browsers apart. Each such stretch of a
// file is a [Visitor.Basis] line.
//
// Stretches of different files (or of one file) are one visitor when
// they carry the same browser-level identifier: a first- or third-party
// cookie ID (_fbp, _fbc, _ga client ID, datr, _gcl_au, _ttp, UET vid …).
// Each such join is a [Link].
//
// Account-level identifiers — c_user, external_id, the GA User-ID, hashed
// e-mail and phone — never join visitors: different browsers can send
// them (two people typing one address; one account on two devices).
// They are the visitor's accounts, and tie visitors into [Group]s; a
// visitor holding two values of one account identifier (two c_user) has a
// [Conflict].
//
// Visitors are labelled V1, V2, … by their earliest entry (time, then
// file, then entry), the same in every command for the same inputs; a
// command lists the visitors that have events in its output.
type Visitor struct {
	ID string
	// Unidentified: the visitor's requests carried no browser-level
	// identifier, so nothing could link it to another file.
	Unidentified bool
	Identifiers  []Identifier // browser- and account-level, by name then value
	Accounts     []Identifier // the account-level ones among them
	Conflicts    []Conflict   // account identifiers with two or more values
	Links        []Link       // why its stretches of captures are one browser
	Basis        []string     // each stretch of a capture it is made of, and why
	Files        []string

	events []int // positions of its events in the analysis order
}

// Len returns the number of the visitor's events.
func (v *Visitor) Len() int { return len(v.events) }

// Identifier is one identifier value of a visitor and where it was first
// seen.
type Identifier struct {
	Name      string        `json:"name"` // e.g. "fbp", "c_user", "sha256(email)"
	Value     string        `json:"value"`
	FirstSeen decode.Source `json:"first_seen"`
	FirstTime string        `json:"first_time,omitempty"`
}

// Link explains why two stretches of captures are one visitor: they
// carried the same browser-level identifier.
type Link struct {
	A      string        `json:"a"`   // the stretch seen first, e.g. "one.har (entries 0–41)"
	B      string        `json:"b"`   // the stretch it is joined to
	Via    string        `json:"via"` // the identifier, e.g. "fbp=fb.1.…"
	Source decode.Source `json:"source"`
	Time   string        `json:"time,omitempty"`
}

// Conflict is an account identifier with several values, in one visitor
// or one group: the capture shows one browser (or one group) tied to
// several accounts.
type Conflict struct {
	Identifier string   `json:"identifier"`
	Values     []string `json:"values"`
}

// Group is a set of visitors that one party can tie together through an
// account-level identifier they all sent it (the same sha256(email), the
// same c_user): different browsers, perhaps different people, whom the
// recipient can match to one account.
type Group struct {
	ID         string          `json:"id"`    // G1, G2 … by first sighting
	Party      string          `json:"party"` // the company that received it, else its domain
	Identifier string          `json:"identifier"`
	Value      string          `json:"value"`
	Visitors   []string        `json:"visitors"`
	Sources    []decode.Source `json:"sources"`
	// Conflicts are the account identifiers the group's visitors hold with
	// several values (two c_user: two accounts).
	Conflicts []Conflict `json:"conflicts"`
}

// VisitorEvents returns a visitor's events in order, as [Analysis.Events]
// does.
func (a *Analysis) VisitorEvents(v *Visitor) iter.Seq2[*decode.Event, error] {
	return func(yield func(*decode.Event, error) bool) {
		recs := make([]int, len(v.events))
		for i, p := range v.events {
			recs[i] = a.store.order[p]
		}
		a.store.events(recs, yield)
	}
}

// Visitors returns the visitors that have events in the analysis, as
// [Visitor] explains; the result is computed once.
func (a *Analysis) Visitors() []*Visitor {
	a.link()
	return a.visitors
}

// Groups returns the identity groups of the analysis's visitors: every
// account-level identifier that two or more visitors sent to one party.
func (a *Analysis) Groups() []*Group {
	a.link()
	return a.groups
}

// segment is one browser's stretch of one capture file: the unit
// visitors are made of.
type segment struct {
	file     int    // index in store.files
	ua       string // its User-Agent, "" when the requests had none
	producer string // log.creator of the file
	begin    string // why a stretch after a file's first began
	first    har.Time
	firstEnt int
	lastEnt  int
	entries  int
}

// segmenter divides one file's entries into segments as they are read.
type segmenter struct {
	a      *Analysis
	file   int
	byUA   map[string]int      // User-Agent → its current segment
	last   int                 // the segment of the previous entry, -1 before the first
	stable map[int][]decode.ID // segment → the stable browser cookies seen in it
}

// resetNames are browser identifiers that keep one value for the life of
// a browser's cookie jar: a second value in one stretch is a reset (or
// another browser). Session and page-load IDs, click IDs (a new ad click
// replaces _fbc) and GA's client ID (a new one per page while consent is
// denied) change on their own, and are not among them.
var resetNames = []string{"fbp", "datr", "sb", "MUID", "IDE", "gcl_au", "ttp", "bcookie", "guest_id", "ttwid"}

func newSegmenter(a *Analysis, file int) *segmenter {
	return &segmenter{a: a, file: file, byUA: map[string]int{}, last: -1, stable: map[int][]decode.ID{}}
}

// at returns the segment of entry e, which carried the browser-level
// identifiers ids, starting a new one for a new User-Agent or a reset.
func (sg *segmenter) at(e *har.Entry, ids []decode.ID) int {
	ua, _ := e.Request.Header("User-Agent")
	ua = strings.TrimSpace(ua)
	var seg int
	switch cur, ok := sg.byUA[ua]; {
	case ua == "" && sg.last >= 0:
		seg = sg.last // a request recorded without its headers: the browser of the one before
	case ok:
		seg = cur
	default:
		why := ""
		if len(sg.byUA) > 0 {
			why = "a second User-Agent in the same capture, " + strconv.Quote(ua) + ": another browser or program"
		}
		seg = sg.start(e, ua, why)
	}
	for _, id := range ids {
		if !slices.Contains(resetNames, id.Name) {
			continue
		}
		i := slices.IndexFunc(sg.stable[seg], func(s decode.ID) bool { return s.Name == id.Name })
		switch {
		case i < 0:
			sg.stable[seg] = append(sg.stable[seg], decode.ID{Name: id.Name, Value: strings.Clone(id.Value)})
		case sg.stable[seg][i].Value != id.Value:
			why := fmt.Sprintf("%s changed from %s to %s at entry %d: the cookie was reset, or another browser with the same User-Agent was recorded",
				id.Name, sg.stable[seg][i].Value, id.Value, e.Index)
			seg = sg.start(e, sg.a.segments[seg].ua, why)
			sg.stable[seg] = []decode.ID{{Name: id.Name, Value: strings.Clone(id.Value)}}
		}
	}
	s := &sg.a.segments[seg]
	s.entries++
	s.lastEnt = max(s.lastEnt, e.Index)
	if t := utc(e.StartedDateTime); compareAt(t, decode.Source{Entry: e.Index}, s.first, decode.Source{Entry: s.firstEnt}) < 0 {
		s.first, s.firstEnt = t, e.Index
	}
	sg.last = seg
	return seg
}

func (sg *segmenter) start(e *har.Entry, ua, why string) int {
	sg.a.segments = append(sg.a.segments, segment{file: sg.file, ua: strings.Clone(ua), begin: why,
		first: utc(e.StartedDateTime), firstEnt: e.Index, lastEnt: e.Index})
	seg := len(sg.a.segments) - 1
	sg.byUA[sg.a.segments[seg].ua] = seg
	return seg
}

// browserIDs returns the identifiers of evs that are browser-level (not
// account-level), from the trackers' own events only.
func browserIDs(evs []decode.Event, cookies []decode.ID) []decode.ID {
	out := slices.Clone(cookies)
	for i := range evs {
		if evs[i].Vendor == decode.VendorOther {
			continue
		}
		for _, id := range evs[i].IDs {
			if id.Type != decode.DataAccountID {
				out = append(out, id)
			}
		}
	}
	return out
}

// visitorKeys returns the identifiers an event carries, as name=value
// keys, in the event's order: browser-level ones, and account-level ones
// (account identifiers, hashed e-mail and phone). Values that identify
// nobody (empty, a hash of "undefined", "", "null") are left out: they
// would join strangers.
func visitorKeys(ev *decode.Event) (browser, account []string) {
	add := func(keys *[]string, name, value string) {
		value = strings.TrimSpace(value)
		if value == "" || value == "undefined" || value == "null" || isHashOfNothing(value) {
			return
		}
		k := name + "=" + value
		if !slices.Contains(*keys, k) {
			*keys = append(*keys, k)
		}
	}
	if ev.Vendor == decode.VendorOther {
		return nil, nil // a request no decoder read: its cookies are no one's identifiers
	}
	for _, id := range ev.IDs {
		if ev.Vendor == decode.VendorGA4 && id.Name == "sid" {
			continue // a session's start time in seconds: shared by strangers
		}
		if id.Type == decode.DataAccountID {
			add(&account, strings.TrimPrefix(id.Name, "_"), id.Value)
		} else {
			add(&browser, strings.TrimPrefix(id.Name, "_"), id.Value)
		}
	}
	for _, u := range ev.UserData {
		if u.Class != decode.HashSHA256 {
			continue
		}
		switch u.Field {
		case "em":
			add(&account, "sha256(email)", strings.ToLower(u.Value))
		case "ph":
			add(&account, "sha256(phone)", strings.ToLower(u.Value))
		}
	}
	return browser, account
}

// isHashOfNothing reports the SHA-256 of "", "undefined" and "null":
// values a site sends when it has no data, shared by everyone.
func isHashOfNothing(v string) bool {
	switch strings.ToLower(v) {
	case "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"eb045d78d273107348b0300c01d29b7552d622abbc6faf81b3ec55359aa9950c",
		"74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b":
		return true
	}
	return false
}

type unionFind struct{ parent []int }

func (u *unionFind) find(k int) int {
	for u.parent[k] != k {
		u.parent[k] = u.parent[u.parent[k]]
		k = u.parent[k]
	}
	return k
}

// union joins a and b, returning true if they were apart. The root is the
// smaller, so the result does not depend on the order of unions.
func (u *unionFind) union(a, b int) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	return true
}

// occurrence is one request's identifiers, in one segment.
type occurrence struct {
	seg              int
	browser, account []string
	src              decode.Source
	time             har.Time
	host             string
	cookies          bool // the first party's cookies, not a tracker request
}

// link builds the visitors and groups, once.
func (a *Analysis) link() {
	if a.linked {
		return
	}
	a.linked = true
	s := a.store
	var occs []occurrence
	for _, i := range s.order {
		r := &s.recs[i]
		if len(r.keys)+len(r.accounts) > 0 {
			occs = append(occs, occurrence{seg: int(r.seg), browser: r.keys, account: r.accounts, src: s.source(i), time: r.time(), host: r.host})
		}
	}
	for _, l := range a.links {
		var ks []string
		for _, id := range l.IDs {
			ks = append(ks, id.Name+"="+id.Value)
		}
		occs = append(occs, occurrence{seg: l.seg, browser: ks, src: l.Source, time: l.Time, host: l.Host, cookies: true})
	}
	slices.SortStableFunc(occs, func(x, y occurrence) int { return compareAt(x.time, x.src, y.time, y.src) })

	// Join segments that carried the same browser-level identifier.
	uf := &unionFind{parent: make([]int, len(a.segments))}
	for i := range uf.parent {
		uf.parent[i] = i
	}
	type seen struct {
		seg  int
		src  decode.Source
		time string
	}
	first := map[string]seen{} // identifier key → where first seen
	type segLink struct {
		Link
		seg int // the segment joined (B)
	}
	var links []segLink
	hasBrowserID := make([]bool, len(a.segments))
	for _, o := range occs {
		for _, k := range o.browser {
			if _, ok := first[k]; !ok {
				first[k] = seen{o.seg, o.src, timeText(o.time)}
			}
		}
		for _, k := range o.browser {
			hasBrowserID[o.seg] = true
			f := first[k]
			if uf.union(f.seg, o.seg) {
				links = append(links, segLink{Link{A: a.segmentText(f.seg), B: a.segmentText(o.seg), Via: k, Source: o.src, Time: timeText(o.time)}, o.seg})
			}
		}
	}

	// Visitors in order of their earliest entry; every segment is one
	// visitor's, so labels do not depend on which events a command keeps.
	segs := make([]int, len(a.segments))
	for i := range segs {
		segs[i] = i
	}
	slices.SortStableFunc(segs, func(x, y int) int { return a.compareSegments(x, y) })
	byRoot := map[int]*Visitor{}
	var all []*Visitor
	for _, sg := range segs {
		r := uf.find(sg)
		v := byRoot[r]
		if v == nil {
			v = &Visitor{ID: "V" + strconv.Itoa(len(all)+1), Unidentified: true}
			byRoot[r] = v
			all = append(all, v)
		}
		if hasBrowserID[sg] {
			v.Unidentified = false
		}
		f := s.files[a.segments[sg].file].file
		if !slices.Contains(v.Files, f) {
			v.Files = append(v.Files, f)
		}
	}
	for _, sg := range segs {
		v := byRoot[uf.find(sg)]
		v.Basis = append(v.Basis, a.segmentBasis(sg))
	}
	for p, i := range s.order {
		if v := byRoot[uf.find(int(s.recs[i].seg))]; v != nil {
			v.events = append(v.events, p)
		}
	}
	for k, f := range first {
		v := byRoot[uf.find(f.seg)]
		name, value, _ := strings.Cut(k, "=")
		id := Identifier{Name: name, Value: value, FirstSeen: f.src, FirstTime: f.time}
		v.Identifiers = append(v.Identifiers, id)
	}
	// An account identifier is each visitor's that sent it, first seen
	// where that visitor first sent it: it joins no one, so several
	// visitors may hold it (and form a group).
	accSeen := map[*Visitor]map[string]bool{}
	for _, o := range occs {
		v := byRoot[uf.find(o.seg)]
		for _, k := range o.account {
			if accSeen[v] == nil {
				accSeen[v] = map[string]bool{}
			}
			if accSeen[v][k] {
				continue
			}
			accSeen[v][k] = true
			if _, ok := first[k]; ok {
				continue // also a browser-level key, listed above
			}
			name, value, _ := strings.Cut(k, "=")
			v.Identifiers = append(v.Identifiers, Identifier{Name: name, Value: value, FirstSeen: o.src, FirstTime: timeText(o.time)})
		}
	}
	for _, l := range links {
		v := byRoot[uf.find(l.seg)]
		v.Links = append(v.Links, l.Link)
	}
	accountOf := map[*Visitor]map[string][]string{} // visitor → account name → values
	for _, o := range occs {
		v := byRoot[uf.find(o.seg)]
		for _, k := range o.account {
			name, value, _ := strings.Cut(k, "=")
			if accountOf[v] == nil {
				accountOf[v] = map[string][]string{}
			}
			if !slices.Contains(accountOf[v][name], value) {
				accountOf[v][name] = append(accountOf[v][name], value)
			}
		}
	}
	for _, v := range all {
		slices.SortFunc(v.Identifiers, func(a, b Identifier) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Value, b.Value))
		})
		for _, id := range v.Identifiers {
			if slices.Contains(accountOf[v][id.Name], id.Value) {
				v.Accounts = append(v.Accounts, id)
			}
		}
		v.Conflicts = conflicts(accountOf[v], "")
		slices.Sort(v.Files)
		if len(v.events) > 0 {
			a.visitors = append(a.visitors, v)
		}
	}
	a.groups = a.makeGroups(occs, func(seg int) *Visitor { return byRoot[uf.find(seg)] }, accountOf)
}

// makeGroups finds the account-level identifiers that two or more
// visitors sent to one party.
func (a *Analysis) makeGroups(occs []occurrence, visitorOf func(int) *Visitor, accountOf map[*Visitor]map[string][]string) []*Group {
	type key struct{ party, k string }
	byKey := map[key]*Group{}
	var order []key
	members := map[key][]*Visitor{}
	for _, o := range occs {
		if o.cookies || len(o.account) == 0 {
			continue
		}
		party := site.Domain(o.host)
		if m, ok := a.Entities.Lookup(o.host); ok && m.Company != "" {
			party = m.Company
		}
		v := visitorOf(o.seg)
		for _, k := range o.account {
			gk := key{party, k}
			g := byKey[gk]
			if g == nil {
				name, value, _ := strings.Cut(k, "=")
				g = &Group{Party: party, Identifier: name, Value: value}
				byKey[gk] = g
				order = append(order, gk)
			}
			if !slices.Contains(g.Sources, o.src) {
				g.Sources = append(g.Sources, o.src)
			}
			if !slices.Contains(members[gk], v) {
				members[gk] = append(members[gk], v)
			}
		}
	}
	var out []*Group
	for _, gk := range order {
		vs := members[gk]
		if len(vs) < 2 {
			continue
		}
		g := byKey[gk]
		all := map[string][]string{}
		for _, v := range vs {
			g.Visitors = append(g.Visitors, v.ID)
			for name, values := range accountOf[v] {
				for _, val := range values {
					if !slices.Contains(all[name], val) {
						all[name] = append(all[name], val)
					}
				}
			}
		}
		slices.SortFunc(g.Visitors, compareVisitorIDs)
		slices.SortFunc(g.Sources, compareSources)
		g.Conflicts = conflicts(all, "")
		g.ID = "G" + strconv.Itoa(len(out)+1)
		out = append(out, g)
	}
	return out
}

// conflicts lists the names with two or more values, by name, values
// sorted.
func conflicts(values map[string][]string, skip string) []Conflict {
	var out []Conflict
	for name, vs := range values {
		if name != skip && len(vs) > 1 {
			out = append(out, Conflict{Identifier: name, Values: slices.Sorted(slices.Values(vs))})
		}
	}
	slices.SortFunc(out, func(a, b Conflict) int { return strings.Compare(a.Identifier, b.Identifier) })
	return out
}

func (a *Analysis) compareSegments(x, y int) int {
	sx, sy := &a.segments[x], &a.segments[y]
	return cmp.Or(compareAt(sx.first, a.segmentSource(x), sy.first, a.segmentSource(y)), cmp.Compare(x, y))
}

func (a *Analysis) segmentSource(i int) decode.Source {
	sg := &a.segments[i]
	f := a.store.files[sg.file]
	return decode.Source{File: f.file, SHA256: f.sha, Entry: sg.firstEnt}
}

// segmentText names a stretch of a capture: "one.har (entries 0–41)".
func (a *Analysis) segmentText(i int) string {
	sg := &a.segments[i]
	return fmt.Sprintf("%s (entries %d–%d)", a.store.files[sg.file].file, sg.firstEnt, sg.lastEnt)
}

// segmentBasis says what a stretch of a capture is and why it is one
// browser.
func (a *Analysis) segmentBasis(i int) string {
	sg := &a.segments[i]
	what := a.segmentText(i) + ": " + strconv.Itoa(sg.entries) + " request(s)"
	if sg.ua != "" {
		what += " from the User-Agent " + strconv.Quote(sg.ua)
	} else {
		what += " recorded without a User-Agent"
	}
	if sg.begin != "" {
		return what + "; a new browser began here: " + sg.begin
	}
	return what + ", taken as one browser (" + producerText(sg.producer) + ")"
}

// producerText says what kind of program made a capture, and so how
// firmly its requests are one browser's.
func producerText(creator string) string {
	c := strings.ToLower(creator)
	switch {
	case c == "":
		return "the capture does not name the program that made it"
	case strings.Contains(c, "proxy") || strings.Contains(c, "mitmproxy") || strings.Contains(c, "charles") ||
		strings.Contains(c, "fiddler") || strings.Contains(c, "zap") || strings.Contains(c, "haruspex capture"):
		return "a proxy capture by " + creator + ": it records every client that used the proxy, told apart here by User-Agent, which cannot tell two identical browsers apart"
	}
	return "a capture by " + creator + ", which records one browser"
}

// compareVisitorIDs orders V2 before V10.
func compareVisitorIDs(a, b string) int {
	na, _ := strconv.Atoi(strings.TrimLeft(a, "VG"))
	nb, _ := strconv.Atoi(strings.TrimLeft(b, "VG"))
	return cmp.Or(cmp.Compare(na, nb), strings.Compare(a, b))
}

// IdentifierMap returns a visitor's identifiers as name → values, the
// shape of the timeline JSON's "identifiers" member.
func (v *Visitor) IdentifierMap() map[string][]string {
	m := map[string][]string{}
	for _, id := range v.Identifiers {
		m[id.Name] = append(m[id.Name], id.Value)
	}
	return m
}
