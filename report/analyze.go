package report

import (
	"cmp"
	"errors"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/report/entity"
	"github.com/haruspex/haruspex/report/sensitive"
)

// Input is one capture to analyse.
type Input struct {
	Name string    // how the file is named in output and sources
	R    io.Reader // its bytes, as given (gzip is detected)
}

// Options adjust [Analyze].
type Options struct {
	// Registry decodes entries; nil means the built-in decoders.
	Registry *decode.Registry
	// Known, when set, marks values that are hashes of known personal data.
	Known *decode.KnownPII
	// Sensitive, when set, flags the sensitive content each event sent
	// (see [FlagSensitive]).
	Sensitive *sensitive.Set
	// Entities attributes third parties to companies; nil means
	// entity.Builtin().
	Entities *entity.DB
	// Site overrides the first party found from each capture's navigations.
	Site string
	// Generic keeps a generic event for every third-party request no
	// decoder claims (vendor "other"); without it only tracker events
	// are kept.
	Generic bool
	// Navigations adds a [decode.KindNavigation] event for every top-level
	// document navigation (the pages the visitor opened), for timelines.
	Navigations bool
	// Progress, when set, wraps each input's reader (for a progress bar).
	Progress func(name string, r io.Reader) io.Reader
	// Spill keeps the decoded events in a temporary file (in the system's
	// temporary directory) rather than in memory, so that memory does not
	// grow with the captures: [Analysis.Events] is then nil, and the
	// events are read back one at a time through [Analysis.All] and
	// [Analysis.VisitorEvents]. Call [Analysis.Close] when done.
	Spill bool
}

// FileInfo is what an analysis records of one input: its provenance and
// how reading went.
type FileInfo struct {
	Name       string   `json:"name"`
	SHA256     string   `json:"sha256"`
	Size       int64    `json:"size"`
	Entries    int      `json:"entries"`
	FirstParty string   `json:"first_party"`
	Cookies    string   `json:"cookies"` // "captured" or "not captured"
	Warnings   []string `json:"warnings"`
	Error      string   `json:"error,omitempty"`

	err error
}

// Err is where reading stopped, or nil.
func (f *FileInfo) Err() error { return f.err }

// Usable reports whether anything could be read from the file.
func (f *FileInfo) Usable() bool { return usable(f.err) }

// Analysis is the decoded content of one or more captures.
type Analysis struct {
	// Files are the inputs, sorted by name then SHA-256 so that the order
	// they were given in does not change the output.
	Files []*FileInfo
	// Events are the decoded events of every file, privacy-sandbox
	// duplicates folded into their originals, sorted by time, then file,
	// then entry index.
	Events []decode.Event

	// Sensitive and Entities are the options' sets, kept for [Parties].
	Sensitive *sensitive.Set
	Entities  *entity.DB

	// CookieLinks are the tracker identifiers that requests to the first
	// party carried together as cookies (_fbp with _ga, …): one browser's,
	// so they link visitors across trackers. Sorted like Events.
	CookieLinks []CookieLink

	// entries records, for each entry that gave an event, its pageref and
	// Referer header.
	entries map[fileKey][]entryFacts

	known *decode.KnownPII
	spill *spill // with Options.Spill: where the events are
	order []int  // the spilled events' records, in analysis order
}

// Len returns the number of events.
func (a *Analysis) Len() int {
	if a.spill != nil {
		return len(a.order)
	}
	return len(a.Events)
}

// All returns the events in order: from Events, or read back one at a
// time from the spill file (see [Options.Spill]); an event yielded may
// be kept. A read error is yielded once, last.
func (a *Analysis) All() iter.Seq2[*decode.Event, error] {
	return func(yield func(*decode.Event, error) bool) {
		if a.spill == nil {
			for i := range a.Events {
				if !yield(&a.Events[i], nil) {
					return
				}
			}
			return
		}
		a.spill.readBack(a.order, a, yield)
	}
}

// Close removes the spill file, if any. It is safe to call on any
// analysis, and more than once.
func (a *Analysis) Close() error {
	if a.spill == nil || a.spill.f == nil {
		return nil
	}
	err := a.spill.close()
	a.spill.f = nil
	return err
}

// CookieLink is a first-party request whose cookies carried tracker
// identifiers.
type CookieLink struct {
	Source decode.Source
	Time   har.Time
	Host   string
	IDs    []decode.ID
}

// entryFacts are kept in entry order, one per entry that gave an event.
type entryFacts struct {
	entry   int
	page    string
	referer string
}

func (a *Analysis) facts(s decode.Source) entryFacts {
	fs := a.entries[fileKey{s.File, s.SHA256}]
	if i, ok := slices.BinarySearchFunc(fs, s.Entry, func(f entryFacts, e int) int { return cmp.Compare(f.entry, e) }); ok {
		return fs[i]
	}
	return entryFacts{}
}

// pageOf returns the pageref of the entry an event came from.
func (a *Analysis) pageOf(s decode.Source) string { return a.facts(s).page }

// RefererOf returns the Referer header of the request an event came from.
func (a *Analysis) RefererOf(s decode.Source) string { return a.facts(s).referer }

// Analyze reads and decodes every input. A truncated or corrupt input
// contributes what could be read; its FileInfo says where it stopped.
func Analyze(inputs []Input, opt Options) (*Analysis, error) {
	reg := opt.Registry
	if reg == nil {
		var err error
		if reg, err = decode.NewRegistry(decode.Builtin()); err != nil {
			return nil, err
		}
	}
	a := &Analysis{entries: map[fileKey][]entryFacts{}, Sensitive: opt.Sensitive, Entities: opt.Entities, known: opt.Known}
	if a.Entities == nil {
		a.Entities = entity.Builtin()
	}
	if opt.Spill {
		sp, err := newSpill("")
		if err != nil {
			return nil, err
		}
		a.spill = sp
	}
	for _, in := range inputs {
		fi, evs, facts, links, err := analyzeFile(in, reg, opt, a.spill)
		if err != nil {
			a.Close()
			return nil, err
		}
		a.Files = append(a.Files, fi)
		a.Events = append(a.Events, evs...)
		a.CookieLinks = append(a.CookieLinks, links...)
		a.entries[fileKey{fi.Name, fi.SHA256}] = facts
	}
	slices.SortStableFunc(a.CookieLinks, func(x, y CookieLink) int {
		return compareAt(x.Time, x.Source, y.Time, y.Source)
	})
	slices.SortStableFunc(a.Files, func(x, y *FileInfo) int {
		return cmp.Or(strings.Compare(x.Name, y.Name), strings.Compare(x.SHA256, y.SHA256))
	})
	if a.spill != nil {
		// Folding, marks and flags happen as each event is read back.
		a.order = a.spill.order()
		return a, nil
	}
	SortEvents(a.Events)
	if opt.Known != nil {
		for i := range a.Events {
			opt.Known.Mark(&a.Events[i])
		}
	}
	FlagSensitive(a.Events, opt.Sensitive)
	return a, nil
}

// UnreadableFile records an input that could not be opened.
func UnreadableFile(name string, err error) *FileInfo {
	return &FileInfo{Name: name, Error: err.Error(), err: errors.Join(errOpen, err), Warnings: []string{}}
}

// analyzeFile reads and decodes one input. With sp set, its events go to
// the spill file rather than into the slice returned; err is then a
// failure to write there.
func analyzeFile(in Input, reg *decode.Registry, opt Options, sp *spill) (*FileInfo, []decode.Event, []entryFacts, []CookieLink, error) {
	src := in.R
	if opt.Progress != nil {
		src = opt.Progress(in.Name, src)
	}
	hr := har.NewReader(src)
	hr.Name = in.Name
	hr.Lean = true // response headers, cookies and timings are not used here
	if !opt.Generic {
		// Only the entries a decoder claims are read in full; of the
		// rest, first-party detection, navigations and cookie links need
		// only what a skim reads.
		hr.Want = reg.Claims
	}
	fi := &FileInfo{Name: in.Name}
	spillFrom, fileIndex := 0, 0
	var spillErr error
	strs := interner{}
	if sp != nil {
		spillFrom, fileIndex = len(sp.recs), len(sp.files)
		sp.files = append(sp.files, fileKey{file: in.Name})
	}
	var (
		fp       FirstParty
		evs      []decode.Event
		generic  []decode.Event
		warnings []har.Warning
		cookies  bool
		facts    []entryFacts
		links    []CookieLink
	)
	for {
		e, err := hr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fi.err = err
			fi.Error = err.Error()
			break
		}
		fi.Entries++
		warnings = append(warnings, e.Warnings...)
		fp.Observe(e)
		if !cookies && hasCookies(e) {
			cookies = true
		}
		host := Host(e.Request.URL)
		if host == "" {
			continue
		}
		if ids := decode.SiteCookieIDs(e); len(ids) > 1 && !sameIDs(links, in.Name, ids) {
			t := e.StartedDateTime
			if t.Valid() {
				t.T = t.T.UTC()
			}
			links = append(links, CookieLink{Source: decode.Source{File: in.Name, Entry: e.Index}, Time: t, Host: strings.Clone(host), IDs: ids})
		}
		var got, gotGeneric []decode.Event
		if opt.Navigations && IsNavigation(e) {
			got = append(got, navigationEvent(in.Name, e))
		}
		// A skimmed entry is one Want (reg.Claims) refused; any other was
		// wanted, or read in full because there is no Want.
		if !e.Skimmed && (hr.Want != nil || reg.Claims(e)) {
			got = append(got, reg.Decode(in.Name, e)...)
		} else if opt.Generic {
			gotGeneric = reg.Decode(in.Name, e)
		}
		if sp != nil {
			for i := range got {
				if err := sp.add(&got[i], fileIndex, false); err != nil && spillErr == nil {
					spillErr = err
				}
			}
			for i := range gotGeneric {
				if err := sp.add(&gotGeneric[i], fileIndex, true); err != nil && spillErr == nil {
					spillErr = err
				}
			}
		} else {
			evs = append(evs, got...)
			generic = append(generic, gotGeneric...)
		}
		if len(got)+len(gotGeneric) > 0 {
			ref, _ := e.Request.Header("Referer")
			// Interned: a capture has few pages and referrers, and many
			// entries.
			facts = append(facts, entryFacts{entry: e.Index, page: strs.intern(e.PageRef), referer: strs.intern(ref)})
		}
	}
	fi.SHA256 = hr.SHA256()
	fi.Size = hr.Size()
	if opt.Site != "" {
		fi.FirstParty = Domain(opt.Site)
	} else if nav, ok := fp.Result(); ok {
		fi.FirstParty = nav.Domain
	}
	for _, g := range generic {
		if Domain(g.Host) != fi.FirstParty {
			evs = append(evs, g)
		}
	}
	fi.Cookies = "not captured"
	if cookies {
		fi.Cookies = "captured"
	}
	warnings = append(warnings, hr.Warnings()...)
	slices.SortStableFunc(warnings, func(a, b har.Warning) int { return cmp.Compare(a.Entry, b.Entry) })
	fi.Warnings = make([]string, 0, len(warnings))
	for _, w := range warnings {
		fi.Warnings = append(fi.Warnings, w.String())
	}
	if sp != nil {
		sp.files[fileIndex].sha = fi.SHA256
		sp.finishFile(spillFrom, fi.FirstParty, fi.SHA256)
	}
	// Sort within the file before folding, so that an original precedes
	// its copies whatever the order of entries in the file.
	SortEvents(evs)
	evs = decode.FoldDuplicates(evs)
	decode.SetSHA256(evs, in.Name, fi.SHA256)
	// Only the first party's own cookies link trackers: a tracker's
	// cookies on its own domain are already in its events.
	links = slices.DeleteFunc(links, func(l CookieLink) bool { return Domain(l.Host) != fi.FirstParty })
	for i := range links {
		links[i].Source.SHA256 = fi.SHA256
	}
	return fi, evs, facts, links, spillErr
}

// navigationEvent records a top-level page the visitor opened.
func navigationEvent(file string, e *har.Entry) decode.Event {
	t := e.StartedDateTime
	if t.Valid() {
		t.T = t.T.UTC()
	}
	ev := decode.Event{
		Time:    t,
		Sources: []decode.Source{{File: file, Entry: e.Index}},
		Vendor:  decode.VendorOther,
		Kind:    decode.KindNavigation,
		Host:    Host(e.Request.URL),
		Method:  strings.ToUpper(e.Request.Method),
		Path:    urlPath(e.Request.URL),
		Page:    e.Request.URL,
		Summary: "opened " + e.Request.URL,
	}
	if ref, ok := e.Request.Header("Referer"); ok {
		ev.Referrer = ref
	}
	if !strings.EqualFold(ev.Method, "GET") {
		ev.Summary = "submitted " + ev.Method + " " + e.Request.URL
	}
	return ev
}

// hasCookies reports whether the capture recorded any request cookie on
// the entry (Chrome's sanitized export drops them all).
func hasCookies(e *har.Entry) bool {
	if len(e.Request.Cookies) > 0 {
		return true
	}
	_, ok := e.Request.Header("Cookie")
	return ok
}

func urlPath(raw string) string {
	_, rest, ok := strings.Cut(raw, "//")
	if !ok {
		return "/"
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return "/"
	}
	rest = rest[i:]
	if j := strings.IndexAny(rest, "?#"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// SortEvents sorts events by time, then file, then entry index, then
// their order in the entry: a complete order, the same on every machine.
// Events whose time could not be read sort last, by file and entry.
func SortEvents(evs []decode.Event) {
	slices.SortStableFunc(evs, compareEvents)
}

func compareEvents(a, b decode.Event) int {
	return compareAt(a.Time, firstSource(a), b.Time, firstSource(b))
}

// compareAt orders by time (unknown times last), then file, SHA-256 and
// entry: the order of [SortEvents], for anything that has a time and a
// source.
func compareAt(at har.Time, as decode.Source, bt har.Time, bs decode.Source) int {
	av, bv := at.Valid(), bt.Valid()
	switch {
	case av && !bv:
		return -1
	case !av && bv:
		return 1
	case av && bv:
		if c := at.T.Compare(bt.T); c != 0 {
			return c
		}
	}
	return cmp.Or(strings.Compare(as.File, bs.File), strings.Compare(as.SHA256, bs.SHA256), cmp.Compare(as.Entry, bs.Entry))
}

func firstSource(e decode.Event) decode.Source {
	if len(e.Sources) == 0 {
		return decode.Source{}
	}
	return e.Sources[0]
}

// sameIDs reports whether the last cookie link recorded carried the same
// identifiers: a browser sends the same cookies on every request, and one
// record of them is enough.
func sameIDs(links []CookieLink, file string, ids []decode.ID) bool {
	if len(links) == 0 {
		return false
	}
	last := links[len(links)-1]
	return last.Source.File == file && slices.EqualFunc(last.IDs, ids, func(a, b decode.ID) bool {
		return a.Name == b.Name && a.Value == b.Value
	})
}

// interner returns one copy of each string it is given.
type interner map[string]string

func (m interner) intern(s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	s = strings.Clone(s)
	m[s] = s
	return s
}
