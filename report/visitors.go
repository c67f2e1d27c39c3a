package report

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"iter"
	"maps"
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

	n     int     // its events
	index int     // its place among all visitors (with events or not)
	at    tapePos // where its events start on the visitor tape
}

// Len returns the number of the visitor's events.
func (v *Visitor) Len() int { return v.n }

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
		a.visitorEvents(v, func(ev *decode.Event, _ *record, err error) bool { return yield(ev, err) })
	}
}

// visitorEvents yields a visitor's events in order, each with its
// record.
func (a *Analysis) visitorEvents(v *Visitor, yield func(*decode.Event, *record, error) bool) {
	a.link()
	if a.linkErr != nil {
		yield(nil, nil, a.linkErr)
		return
	}
	if a.byVisit == nil {
		// One visitor: its events are all the analysis's.
		a.store.events(a.store.order.all(), a.assessed(yield))
		return
	}
	a.store.events(a.byVisit.events(v), a.assessed(yield))
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
	cur, ok := sg.byUA[ua]
	if !ok && ua != "" {
		// A test harness appends its own token to the browser's
		// User-Agent on some requests (WebPageTest's "PTST/384"): a
		// User-Agent that extends another, or that another extends, is
		// the same browser's.
		for _, known := range slices.Sorted(maps.Keys(sg.byUA)) { // in one order, whatever the map's
			if known != "" && (strings.HasPrefix(ua, known+" ") || strings.HasPrefix(known, ua+" ")) {
				cur, ok = sg.byUA[known], true
				break
			}
		}
	}
	switch {
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
	keep := func(ev *decode.Event, id *decode.ID) bool {
		return ev.Vendor != decode.VendorOther && id.Type != decode.DataAccountID
	}
	n := len(cookies)
	for i := range evs {
		for j := range evs[i].IDs {
			if keep(&evs[i], &evs[i].IDs[j]) {
				n++
			}
		}
	}
	if n == 0 {
		return nil
	}
	out := append(make([]decode.ID, 0, n), cookies...) // one allocation
	for i := range evs {
		for j := range evs[i].IDs {
			if keep(&evs[i], &evs[i].IDs[j]) {
				out = append(out, evs[i].IDs[j])
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
	key              orderKey
	host             string
	cookies          bool // the first party's cookies, not a tracker request
}

// occurrences yields every request's identifiers in the analysis order:
// the events', and the first party's cookie links, an event before a
// link of the same entry. An occurrence yielded is valid until the next.
func (a *Analysis) occurrences() iter.Seq2[*occurrence, error] {
	return func(yield func(*occurrence, error) bool) {
		s := a.store
		nextLink, stop := iter.Pull2(a.links.all())
		defer stop()
		// nextCookies returns the next link to the first party.
		nextCookies := func() (*linkRec, error) {
			for {
				l, err, ok := nextLink()
				if !ok || err != nil {
					return nil, err
				}
				// Only the first party's own cookies link trackers: a
				// tracker's cookies on its own domain are already in its
				// events.
				if site.Domain(l.host) == s.first[l.key.file] {
					return l, nil
				}
			}
		}
		l, err := nextCookies()
		if err != nil {
			yield(nil, err)
			return
		}
		var o occurrence
		link := func() bool {
			o = occurrence{seg: int(l.seg), browser: l.ids, key: l.key, host: l.host, cookies: true}
			if !yield(&o, nil) {
				return false
			}
			var err error
			if l, err = nextCookies(); err != nil {
				yield(nil, err)
				return false
			}
			return true
		}
		for r, err := range s.order.all() {
			if err != nil {
				yield(nil, err)
				return
			}
			if len(r.keys)+len(r.accounts) == 0 {
				continue
			}
			for l != nil && compareAt(l.key.time(), s.source(&l.key), r.key.time(), s.source(&r.key)) < 0 {
				if !link() {
					return
				}
			}
			o = occurrence{seg: int(r.seg), browser: r.keys, account: r.accounts, key: r.key, host: r.host}
			if !yield(&o, nil) {
				return
			}
		}
		for l != nil {
			if !link() {
				return
			}
		}
	}
}

// link builds the visitors and groups, once: two passes over the
// occurrences, and, when there are several visitors, one over the events
// to put them in order by visitor.
func (a *Analysis) link() {
	if a.linked {
		return
	}
	a.linked = true
	a.linkErr = a.linkAll()
}

func (a *Analysis) linkAll() error {
	s := a.store
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
	for o, err := range a.occurrences() {
		if err != nil {
			return err
		}
		src := s.source(&o.key)
		for _, k := range o.browser {
			if _, ok := first[k]; !ok {
				first[k] = seen{o.seg, src, timeText(o.key.time())}
			}
		}
		for _, k := range o.browser {
			hasBrowserID[o.seg] = true
			f := first[k]
			if uf.union(f.seg, o.seg) {
				links = append(links, segLink{Link{A: a.segmentText(f.seg), B: a.segmentText(o.seg), Via: k, Source: src, Time: timeText(o.key.time())}, o.seg})
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
			v = &Visitor{ID: "V" + strconv.Itoa(len(all)+1), Unidentified: true, index: len(all)}
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
	a.segVisit = make([]*Visitor, len(a.segments))
	for _, sg := range segs {
		v := byRoot[uf.find(sg)]
		v.Basis = append(v.Basis, a.segmentBasis(sg))
		a.segVisit[sg] = v
	}
	for k, f := range first {
		v := a.segVisit[f.seg]
		name, value, _ := strings.Cut(k, "=")
		id := Identifier{Name: name, Value: value, FirstSeen: f.src, FirstTime: f.time}
		v.Identifiers = append(v.Identifiers, id)
	}
	for _, l := range links {
		v := a.segVisit[l.seg]
		v.Links = append(v.Links, l.Link)
	}
	// The second pass: each visitor's accounts, and the groups.
	accountOf := map[*Visitor]map[string][]string{} // visitor → account name → values
	g := newGrouper(a)
	for o, err := range a.occurrences() {
		if err != nil {
			return err
		}
		v := a.segVisit[o.seg]
		for _, k := range o.account {
			name, value, _ := strings.Cut(k, "=")
			if accountOf[v] == nil {
				accountOf[v] = map[string][]string{}
			}
			if !slices.Contains(accountOf[v][name], value) {
				accountOf[v][name] = append(accountOf[v][name], value)
				// An account identifier is each visitor's that sent it,
				// first seen where that visitor first sent it: it joins
				// no one, so several visitors may hold it (and form a
				// group).
				if _, ok := first[k]; !ok {
					v.Identifiers = append(v.Identifiers, Identifier{Name: name, Value: value, FirstSeen: s.source(&o.key), FirstTime: timeText(o.key.time())})
				}
			}
		}
		g.add(o, v)
	}
	// The events of each visitor.
	for r, err := range s.order.all() {
		if err != nil {
			return err
		}
		a.segVisit[r.seg].n++
	}
	withEvents := 0
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
		if v.n > 0 {
			a.visitors = append(a.visitors, v)
			withEvents++
		}
	}
	a.groups = g.groups(accountOf)
	if withEvents > 1 {
		bv, err := newVisitorTape(s, a.segVisit, all)
		if err != nil {
			return err
		}
		a.byVisit = bv
	}
	return nil
}

// grouper finds the account-level identifiers that two or more
// visitors sent to one party, from the occurrences in order. The
// requests that carried each are sorted apart (a sorter), so that one
// account identifier sent on every request costs no memory.
type grouper struct {
	a     *Analysis
	index map[groupKey]int
	keys  []groupInfo
	srcs  *sorter[groupSrc]
	err   error
}

type groupKey struct{ party, k string }

type groupInfo struct {
	groupKey
	members []*Visitor
}

// groupSrc is a request that carried the identifier of keys[g].
type groupSrc struct {
	g   int32
	key orderKey
}

func newGrouper(a *Analysis) *grouper {
	s := a.store
	g := &grouper{a: a, index: map[groupKey]int{}}
	g.srcs = newSorter[groupSrc](groupSrcCodec{}, func(x, y *groupSrc) int {
		return cmp.Or(cmp.Compare(x.g, y.g), compareSources(s.source(&x.key), s.source(&y.key)), cmp.Compare(x.key.file, y.key.file))
	}, s.recMem, s.dir, "records")
	return g
}

// add counts one occurrence, sent by visitor v.
func (g *grouper) add(o *occurrence, v *Visitor) {
	if o.cookies || len(o.account) == 0 || g.err != nil {
		return
	}
	party := site.Domain(o.host)
	if m, ok := g.a.Entities.Lookup(o.host); ok && m.Company != "" {
		party = m.Company
	}
	for _, k := range o.account {
		gk := groupKey{party, k}
		i, ok := g.index[gk]
		if !ok {
			i = len(g.keys)
			g.index[gk] = i
			g.keys = append(g.keys, groupInfo{groupKey: gk})
		}
		if !slices.Contains(g.keys[i].members, v) {
			g.keys[i].members = append(g.keys[i].members, v)
		}
		if err := g.srcs.add(groupSrc{g: int32(i), key: o.key}); err != nil {
			g.err = err
		}
	}
}

// groups returns the groups: the keys with two or more visitors, in the
// order first seen, each with its sources sorted.
func (g *grouper) groups(accountOf map[*Visitor]map[string][]string) []*Group {
	defer g.srcs.close()
	byKey := map[int]*Group{}
	var out []*Group
	for i, info := range g.keys {
		vs := info.members
		if len(vs) < 2 {
			continue
		}
		name, value, _ := strings.Cut(info.k, "=")
		gr := &Group{Party: info.party, Identifier: name, Value: value}
		all := map[string][]string{}
		for _, v := range vs {
			gr.Visitors = append(gr.Visitors, v.ID)
			for name, values := range accountOf[v] {
				for _, val := range values {
					if !slices.Contains(all[name], val) {
						all[name] = append(all[name], val)
					}
				}
			}
		}
		slices.SortFunc(gr.Visitors, compareVisitorIDs)
		gr.Conflicts = conflicts(all, "")
		gr.ID = "G" + strconv.Itoa(len(out)+1)
		byKey[i] = gr
		out = append(out, gr)
	}
	if len(out) == 0 || g.err != nil {
		return out
	}
	if err := g.srcs.finish(); err != nil {
		g.err = err
		return out
	}
	for x, err := range g.srcs.all() {
		if err != nil {
			g.err = err
			break
		}
		if gr := byKey[int(x.g)]; gr != nil {
			if src := g.a.store.source(&x.key); len(gr.Sources) == 0 || gr.Sources[len(gr.Sources)-1] != src {
				gr.Sources = append(gr.Sources, src)
			}
		}
	}
	return out
}

type groupSrcCodec struct{}

func (groupSrcCodec) size(*groupSrc) int { return 48 }

func (groupSrcCodec) encode(b []byte, x *groupSrc) []byte {
	b = appendKey(b, &x.key)
	return binary.AppendUvarint(b, uint64(x.g))
}

func (groupSrcCodec) decode(br *bufio.Reader, x *groupSrc) error {
	d := &spillReader{r: br}
	first, err := d.first()
	if err != nil {
		return err
	}
	readKey(d, first, &x.key)
	x.g = int32(d.uvarint())
	return d.err
}

// visitorTape holds the events of the analysis in order by visitor, then
// in the analysis order: what VisitorEvents reads, one visitor after
// another, without reading every event for each.
type visitorTape struct {
	t *tape[record]
}

// byVisitor is an event of a visitor, for sorting.
type byVisitor struct {
	v   int32 // Visitor.index
	pos int64 // its place in the analysis order
	rec record
}

// newVisitorTape writes the events of the analysis by visitor, and sets
// each visitor's place on the tape.
func newVisitorTape(s *store, segVisit []*Visitor, all []*Visitor) (*visitorTape, error) {
	rc := recordCodec{strs: s.strs}
	srt := newSorter[byVisitor](byVisitorCodec{rc}, func(x, y *byVisitor) int {
		return cmp.Or(cmp.Compare(x.v, y.v), cmp.Compare(x.pos, y.pos))
	}, s.recMem, s.dir, "records")
	defer srt.close()
	pos := int64(0)
	for r, err := range s.order.all() {
		if err != nil {
			return nil, err
		}
		x := byVisitor{v: int32(segVisit[r.seg].index), pos: pos, rec: *r}
		x.rec.keys, x.rec.accounts = nil, nil // not needed, and reused by the tape
		x.rec.folded = slices.Clone(r.folded)
		if err := srt.add(x); err != nil {
			return nil, err
		}
		pos++
	}
	if err := srt.finish(); err != nil {
		return nil, err
	}
	t := newTape[record](rc, s.recMem, s.dir, "records")
	last := int32(-1)
	for x, err := range srt.all() {
		if err != nil {
			t.close()
			return nil, err
		}
		if x.v != last {
			all[x.v].at = t.pos()
			last = x.v
		}
		rec := x.rec
		rec.folded = slices.Clone(rec.folded)
		if err := t.append(rec); err != nil {
			t.close()
			return nil, err
		}
	}
	return &visitorTape{t: t}, nil
}

// events yields the records of a visitor's events.
func (vt *visitorTape) events(v *Visitor) iter.Seq2[*record, error] { return vt.t.from(v.at, v.n) }

func (vt *visitorTape) close() error { return vt.t.close() }

type byVisitorCodec struct{ rc recordCodec }

func (c byVisitorCodec) size(x *byVisitor) int { return 16 + c.rc.size(&x.rec) }

func (c byVisitorCodec) encode(b []byte, x *byVisitor) []byte {
	b = binary.AppendUvarint(b, uint64(x.v))
	b = binary.AppendUvarint(b, uint64(x.pos))
	return c.rc.encode(b, &x.rec)
}

func (c byVisitorCodec) decode(br *bufio.Reader, x *byVisitor) error {
	v, err := binary.ReadUvarint(br)
	if err != nil {
		return err // io.EOF at the end
	}
	pos, err := binary.ReadUvarint(br)
	if err != nil {
		return fmt.Errorf("report: reading records back: %w", io.ErrUnexpectedEOF)
	}
	x.v, x.pos = int32(v), int64(pos)
	if err := c.rc.decode(br, &x.rec); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	return nil
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
