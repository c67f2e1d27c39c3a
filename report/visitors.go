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
)

// Visitor is one browser (or person) as the captures show it: the set of
// identifiers that occurred together in requests, and every event linked
// to them.
//
// Identifiers sent together in one request belong to one visitor: a
// union–find over every identifier the decoders expose (Meta's fbp, fbc,
// external_id and the c_user, datr, sb, xs, fr cookies; the GA client ID;
// SHA-256 hashes of e-mail and phone from ud[em]/ud[ph] and their
// automatic-matching variants; …). Linking works across requests, sessions
// and files: the same _fbp in two captures is the same browser. Each join
// is recorded as a [Link].
//
// An event that carries no identifier (a navigation, a pixel library load,
// a request from a sanitized export) is attributed to the visitor
// identified on the same page of the same file when there is exactly one,
// else to the one visitor identified in the same file; otherwise it falls
// into that file's own unidentified visitor, never merged with others.
//
// Visitors are labelled V1, V2, … by their first event in time order
// (ties by file, then entry).
type Visitor struct {
	ID           string
	Unidentified bool // no identifier: everything a file showed without one
	Identifiers  []Identifier
	Links        []Link
	Attributed   []string // how events without identifiers were attributed
	Files        []string

	events []int // positions of its events in the analysis order
}

// Len returns the number of the visitor's events.
func (v *Visitor) Len() int { return len(v.events) }

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

// eventMeta is what linking needs of an event.
type eventMeta struct {
	keys []string
	src  decode.Source
	time har.Time
	host string
}

// metas returns what linking needs of each event, in analysis order,
// without reading the events back.
func (a *Analysis) metas() []eventMeta {
	s := a.store
	out := make([]eventMeta, len(s.order))
	for p, i := range s.order {
		r := &s.recs[i]
		out[p] = eventMeta{keys: r.keys, src: s.source(i), time: r.time(), host: r.host}
	}
	return out
}

// Identifier is one identifier value of a visitor and where it was first
// seen.
type Identifier struct {
	Name      string        `json:"name"` // e.g. "fbp", "c_user", "sha256(email)"
	Value     string        `json:"value"`
	FirstSeen decode.Source `json:"first_seen"`
	FirstTime string        `json:"first_time,omitempty"`
}

// Link explains why two identifiers belong to one visitor: they were sent
// together in the request at Source.
type Link struct {
	A      string        `json:"a"` // name=value
	B      string        `json:"b"`
	Source decode.Source `json:"source"`
	Time   string        `json:"time,omitempty"`
	Via    string        `json:"via"` // "request to www.facebook.com", "first-party cookies to www.police.example"
}

// visitorKeys returns the identifiers an event carries, as name=value
// keys, in the event's order. Values that identify nobody (empty, a hash
// of "undefined", "", "null") are left out: they would join strangers.
func visitorKeys(ev *decode.Event) []string {
	var keys []string
	add := func(name, value string) {
		value = strings.TrimSpace(value)
		if value == "" || value == "undefined" || value == "null" {
			return
		}
		k := name + "=" + value
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, id := range ev.IDs {
		if ev.Vendor == decode.VendorGA4 && id.Name == "sid" {
			continue // a session's start time in seconds: shared by strangers
		}
		add(strings.TrimPrefix(id.Name, "_"), id.Value)
	}
	for _, u := range ev.UserData {
		if u.Class != decode.HashSHA256 {
			continue
		}
		switch u.Field {
		case "em":
			add("sha256(email)", strings.ToLower(u.Value))
		case "ph":
			add("sha256(phone)", strings.ToLower(u.Value))
		}
	}
	return keys
}

type unionFind struct{ parent map[string]string }

func (u *unionFind) find(k string) string {
	p, ok := u.parent[k]
	if !ok {
		u.parent[k] = k
		return k
	}
	if p == k {
		return k
	}
	r := u.find(p)
	u.parent[k] = r
	return r
}

// union joins a and b, returning true if they were apart. The root is the
// smaller key, so the result does not depend on the order of unions.
func (u *unionFind) union(a, b string) bool {
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

// Visitors groups the events of the analysis (navigations included) into
// visitors, as [Visitor] explains; the result is computed once.
func (a *Analysis) Visitors() []*Visitor {
	if !a.linked {
		a.visitors, a.linked = linkVisitors(a), true
	}
	return a.visitors
}

func linkVisitors(a *Analysis) []*Visitor {
	evs := a.metas()
	uf := &unionFind{parent: map[string]string{}}
	keys := make([][]string, len(evs))
	// Occurrences of identifiers together, in time order: the events, and
	// the first party's cookies (which link one tracker's IDs to another's).
	type occurrence struct {
		keys    []string
		src     decode.Source
		time    har.Time
		host    string
		cookies bool // the first party's cookies, not a tracker request
	}
	var occs []occurrence
	for i := range evs {
		keys[i] = evs[i].keys
		if len(keys[i]) > 0 {
			occs = append(occs, occurrence{keys[i], evs[i].src, evs[i].time, evs[i].host, false})
		}
	}
	for _, l := range a.links {
		var ks []string
		for _, id := range l.IDs {
			ks = append(ks, id.Name+"="+id.Value)
		}
		occs = append(occs, occurrence{ks, l.Source, l.Time, l.Host, true})
	}
	slices.SortStableFunc(occs, func(x, y occurrence) int {
		return compareAt(x.time, x.src, y.time, y.src)
	})
	text := func(o occurrence) (when, via string) {
		via = "request to " + o.host
		if o.cookies {
			via = "first-party cookies sent to " + o.host
		}
		return timeText(o.time), via
	}
	var links []Link
	type seen struct {
		src  decode.Source
		time string
	}
	first := map[string]seen{} // identifier key → where first seen
	for _, o := range occs {
		for _, k := range o.keys {
			if _, ok := first[k]; !ok {
				when, _ := text(o)
				first[k] = seen{o.src, when}
			}
		}
		for _, k := range o.keys[1:] {
			if uf.union(o.keys[0], k) {
				when, via := text(o)
				links = append(links, Link{A: o.keys[0], B: k, Source: o.src, Time: when, Via: via})
			}
		}
	}
	// Attribute events without identifiers.
	type pageKey struct {
		f    fileKey
		page string
	}
	byPage := map[pageKey][]string{}
	byFile := map[fileKey][]string{}
	for i := range evs {
		if len(keys[i]) == 0 {
			continue
		}
		r := uf.find(keys[i][0])
		s := evs[i].src
		fk := fileKey{s.File, s.SHA256}
		pk := pageKey{fk, a.pageOf(s)}
		if !slices.Contains(byPage[pk], r) {
			byPage[pk] = append(byPage[pk], r)
		}
		if !slices.Contains(byFile[fk], r) {
			byFile[fk] = append(byFile[fk], r)
		}
	}
	owner := make([]string, len(evs)) // root key, or "?file" for unidentified
	how := make([]string, len(evs))
	for i := range evs {
		if len(keys[i]) > 0 {
			owner[i] = uf.find(keys[i][0])
			continue
		}
		s := evs[i].src
		fk := fileKey{s.File, s.SHA256}
		page := a.pageOf(s)
		switch {
		case page != "" && len(byPage[pageKey{fk, page}]) == 1:
			owner[i], how[i] = byPage[pageKey{fk, page}][0], "page"
		case len(byFile[fk]) == 1:
			owner[i], how[i] = byFile[fk][0], "file"
		default:
			owner[i] = "?" + s.File + "\x00" + s.SHA256
		}
	}
	// Build visitors in order of first event.
	var vs []*Visitor
	byOwner := map[string]*Visitor{}
	counts := map[*Visitor]map[string]int{}
	for i := range evs {
		v := byOwner[owner[i]]
		if v == nil {
			v = &Visitor{ID: "V" + strconv.Itoa(len(vs)+1), Unidentified: strings.HasPrefix(owner[i], "?")}
			byOwner[owner[i]] = v
			vs = append(vs, v)
			counts[v] = map[string]int{}
		}
		v.events = append(v.events, i)
		if how[i] != "" {
			counts[v][how[i]]++
		}
		// An event's copies (decode.FoldDuplicates) are of its own file.
		if f := evs[i].src.File; !slices.Contains(v.Files, f) {
			v.Files = append(v.Files, f)
		}
	}
	for k, f := range first {
		v := byOwner[uf.find(k)]
		if v == nil {
			continue // seen only in cookies of a browser with no event
		}
		name, value, _ := strings.Cut(k, "=")
		v.Identifiers = append(v.Identifiers, Identifier{Name: name, Value: value, FirstSeen: f.src, FirstTime: f.time})
	}
	for _, l := range links {
		if v := byOwner[uf.find(l.A)]; v != nil {
			v.Links = append(v.Links, l)
		}
	}
	for _, v := range vs {
		slices.Sort(v.Files)
		slices.SortFunc(v.Identifiers, func(a, b Identifier) int {
			return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.Value, b.Value))
		})
		if n := counts[v]["page"]; n > 0 {
			v.Attributed = append(v.Attributed, fmt.Sprintf("%d event(s) without identifiers attributed by page: same file and page as this visitor's identified events, and no other visitor's", n))
		}
		if n := counts[v]["file"]; n > 0 {
			v.Attributed = append(v.Attributed, fmt.Sprintf("%d event(s) without identifiers attributed by file: the only visitor identified in the same capture file", n))
		}
		if v.Unidentified {
			v.Attributed = append(v.Attributed, "no identifier: the events of one capture file that could not be attributed to an identified visitor")
		}
	}
	return vs
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
