package report

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
	"github.com/haruspex/haruspex/report/entity"
	"github.com/haruspex/haruspex/report/sensitive"
)

// Input is one capture to analyse.
type Input struct {
	Name string    // how the file is named in output and sources
	R    io.Reader // its bytes, as given (gzip is detected)
	// Err, when set, is why the input could not be opened: it is listed
	// among the files, in order, with that error, and nothing is read.
	Err error
}

// Options adjust [Analyze].
type Options struct {
	// Registry decodes entries; nil means the built-in decoders.
	Registry *decode.Registry
	// Known, when set, marks values that are hashes of known personal data.
	Known *decode.KnownPII
	// Sensitive, when set, flags the sensitive content each event sent
	// ([decode.Event.Sensitive]) and each value a party received.
	Sensitive *sensitive.Set
	// Entities attributes third parties to companies; nil means
	// entity.Builtin().
	Entities *entity.DB
	// Site overrides the first party found from each capture's evidence:
	// a host, a registrable domain or a URL ([site.ParseSite]).
	Site string
	// Generic keeps a generic event for every third-party request no
	// decoder claims (vendor "other"); without it only tracker events
	// are kept.
	Generic bool
	// Navigations adds a [decode.KindNavigation] event for every top-level
	// document navigation (the pages the visitor opened), for timelines.
	Navigations bool
	// Consent adds a [decode.KindConsent] event for each consent signal
	// the requests carried (a TC string, a Google consent mode
	// parameter, a consent platform's cookie), at the first request that
	// carried it and again each time its meaning changed, and for each
	// page on which the Meta Pixel library loaded but the pixel never ran
	// (an inference, worded as such), for timelines. Each event's
	// consent state in force ([decode.Event.ConsentInForce]) is derived
	// from the same signals with or without it.
	Consent bool
	// FilesOnly reads each input in full for its description ([File])
	// and decodes nothing: what `haruspex summary` shows.
	FilesOnly bool
	// Progress, when set, wraps each input's reader (for a progress bar).
	Progress func(name string, r io.Reader) io.Reader
	// MemoryLimit is how many bytes of decoded events (in their binary
	// encoding) an analysis keeps in memory; past it they go to a
	// temporary file in TempDir (removed from the directory as soon as it
	// is made, where the system allows), so that memory does not grow
	// with the captures. 0 means 1 MiB; a negative limit keeps every
	// event in memory. The results are the same bytes either way. The
	// events are personal data: choose TempDir accordingly.
	MemoryLimit int64
	// TempDir is where the temporary file goes; "" is the system's.
	TempDir string
}

// Analysis is the decoded content of one or more captures. Its events
// are read through [Analysis.Events] and [Analysis.VisitorEvents]; call
// [Analysis.Close] when done.
type Analysis struct {
	// Files are the inputs, sorted by name then SHA-256 so that the order
	// they were given in does not change the output.
	Files []*File

	// Sensitive and Entities are the options' sets (Entities defaulted).
	Sensitive *sensitive.Set
	Entities  *entity.DB

	store *store
	// links are the tracker identifiers that requests carried together
	// as cookies (_fbp with _ga, …): one browser's, so those sent to the
	// first party link visitors across trackers. Sorted like events.
	links    *sorter[linkRec]
	segments []segment  // each browser's stretch of each file
	visitors []*Visitor // Visitors' result, once asked for
	groups   []*Group
	linked   bool
	byVisit  *visitorTape // the events by visitor, when there are several
	segVisit []*Visitor   // the visitor of each segment
	linkErr  error        // reading the events back to link them

	parties     []*Party // Parties' result, once asked for
	partiesErr  error
	partiesDone bool
	sources     *tape[partySrc] // the requests of each disclosure of the parties

	consent consentData
}

// Len returns the number of events.
func (a *Analysis) Len() int { return a.store.len() }

// Events returns the events in order — time, then file, SHA-256 and
// entry index, then their order in the entry — with privacy-sandbox
// copies folded into their originals, known personal data marked and
// sensitive content flagged. An event yielded may be kept. A read error
// (of the temporary file) is yielded once, last.
func (a *Analysis) Events() iter.Seq2[*decode.Event, error] {
	return func(yield func(*decode.Event, error) bool) {
		a.orderedEvents(func(ev *decode.Event, _ *record, err error) bool { return yield(ev, err) })
	}
}

// Close releases the events (and removes their temporary files, if any).
// It is safe to call on any analysis, and more than once.
func (a *Analysis) Close() error {
	err := a.store.close()
	if cerr := a.links.close(); err == nil {
		err = cerr
	}
	if a.byVisit != nil {
		if cerr := a.byVisit.close(); err == nil {
			err = cerr
		}
	}
	if a.sources != nil {
		if cerr := a.sources.close(); err == nil {
			err = cerr
		}
	}
	return err
}

// linkRec is a request whose cookies carried two or more tracker
// identifiers.
type linkRec struct {
	key  orderKey
	host string
	ids  []string // name=value
	seg  int32
}

type fileKey struct {
	file, sha string
}

// Analyze reads and decodes every input. A truncated or corrupt input
// contributes what could be read; its File says where it stopped. The
// error is a failure to store the events (a temporary file that cannot
// be written).
func Analyze(inputs []Input, opt Options) (*Analysis, error) {
	reg := opt.Registry
	if reg == nil {
		var err error
		if reg, err = decode.NewRegistry(decode.Builtin()); err != nil {
			return nil, err
		}
	}
	if opt.Site != "" {
		d, err := site.ParseSite(opt.Site)
		if err != nil {
			return nil, fmt.Errorf("report: the first party given: %w", err)
		}
		opt.Site = d
	}
	a := &Analysis{Sensitive: opt.Sensitive, Entities: opt.Entities, store: newStore(&opt)}
	a.links = newSorter[linkRec](linkCodec{strs: a.store.strs}, func(x, y *linkRec) int { return a.store.compareKeys(&x.key, &y.key) },
		a.store.recMem, a.store.dir, "records")
	a.links.group = func(l *linkRec) int { return int(l.key.file) }
	if a.Entities == nil {
		a.Entities = entity.Builtin()
	}
	for _, in := range inputs {
		if in.Err != nil {
			a.Files = append(a.Files, unreadable(in.Name, in.Err))
			continue
		}
		fi, err := a.readFile(in, reg, &opt)
		if err != nil {
			a.Close()
			return nil, err
		}
		a.Files = append(a.Files, fi)
	}
	slices.SortStableFunc(a.Files, compareFiles)
	if err := a.store.finish(); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.links.finish(); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// readFile reads one input, entry by entry: the loop every analysis
// shares, [Options.FilesOnly] or not. It describes the file, and unless
// FilesOnly stores its events and the facts linking needs.
func (a *Analysis) readFile(in Input, reg *decode.Registry, opt *Options) (*File, error) {
	src := in.R
	if opt.Progress != nil {
		src = opt.Progress(in.Name, src)
	}
	hr := har.NewReader(src)
	hr.Name = in.Name
	decoding := !opt.FilesOnly
	if decoding {
		hr.Lean = true // response headers, cookies and timings are not used here
		if !opt.Generic {
			// Only the entries a decoder claims are read in full; of the
			// rest, first-party detection, navigations and cookie links
			// need only what a skim reads.
			// What the URL says is asked once: an entry whose URL no
			// route matches is refused without routing it again (both
			// run in turn on this goroutine, inside Next).
			var refused string // a URL no route matches
			hr.WantURL = func(url string) bool {
				all, none := reg.ClaimsByURL(url)
				if none {
					refused = url
				}
				return all
			}
			hr.Want = func(e *har.Entry) bool {
				if refused != "" && e.Request.URL == refused {
					return false
				}
				return reg.Claims(e)
			}
			hr.SkimHeaders = skimHeaders
		}
	}
	fi := &File{Name: in.Name}
	s := a.store
	file := s.addFile(in.Name)
	var (
		fp          site.FirstParty
		first, last time.Time
		hosts       = hostCounts{}
		warnings    []har.Warning
		cookies     bool
		fpWarning   string
	)
	// What an entry says of the file is read here; what it sent (decoding,
	// browsers, cookie links, storing) on another goroutine, in entry
	// order: on two cores, reading the next entries and storing the
	// events of these overlap.
	w := &fileWorker{a: a, reg: reg, opt: opt, name: in.Name, file: file, claimed: hr.Want != nil, sg: newSegmenter(a, file),
		cs: a.newConsentScan(file, in.Name, opt.Consent)}
	// Entries go over in batches: one channel operation per entry cost
	// more than what the worker does with most of them.
	const batchLen = 32 // two batches queued before each stage: at most 224 entries in flight
	// Decoding (which needs nothing but the entry) and storing (which
	// needs the entries before) are two stages of their own: at high
	// densities of tracker events each is as much work as reading.
	var todo chan []toDecode
	var batch []toDecode
	done := make(chan struct{})
	if decoding {
		todo = make(chan []toDecode, 2)
		decoded := make(chan []toDecode, 2)
		go func() {
			defer close(decoded)
			for b := range todo {
				for i := range b {
					w.decode(&b[i])
				}
				decoded <- b
			}
		}()
		go func() {
			defer close(done)
			for b := range decoded {
				for i := range b {
					w.entry(&b[i])
				}
			}
		}()
	}
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
		fi.Delivery.add(decode.DeliveryOf(e).State)
		warnings = append(warnings, e.Warnings...)
		fp.Observe(e)
		if t := e.StartedDateTime.T; !t.IsZero() {
			if first.IsZero() || t.Before(first) {
				first = t
			}
			if last.IsZero() || t.After(last) {
				last = t
			}
		}
		if !cookies && hasCookies(e) {
			cookies = true
		}
		host := site.Host(e.Request.URL)
		if host == "" {
			continue
		}
		hosts.add(host)
		if decoding {
			batch = append(batch, toDecode{e: e, host: host})
			if len(batch) == batchLen {
				todo <- batch
				batch = make([]toDecode, 0, batchLen)
			}
		}
	}
	if decoding {
		if len(batch) > 0 {
			todo <- batch
		}
		close(todo)
		<-done
		if opt.Consent {
			w.heldBack()
		}
	}
	storeErr := w.err
	fi.SHA256 = hr.SHA256()
	fi.Size = hr.Size()
	lg := hr.Log()
	for i := range a.segments {
		if a.segments[i].file == file {
			a.segments[i].producer = lg.Creator.String()
		}
	}
	fi.Version, fi.Creator, fi.Browser, fi.Pages = lg.Version, lg.Creator.String(), lg.Browser.String(), len(lg.Pages)
	if !first.IsZero() {
		fi.FirstRequest = first.UTC().Format(TimeFormat)
		fi.LastRequest = last.UTC().Format(TimeFormat)
	}
	for _, p := range lg.Pages {
		fp.ObservePage(p)
	}
	if opt.Site != "" {
		fi.FirstParty = opt.Site
	} else if nav, ok := fp.Result(); ok {
		fi.FirstParty = nav.Domain
		fi.FirstPartyAt = &nav
		fpWarning = nav.Warning()
	}
	fi.ThirdParties = hosts.thirdParties(fi.FirstParty)
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
	if fpWarning != "" {
		fi.Warnings = append(fi.Warnings, fpWarning)
	}
	s.finishFile(file, fi.FirstParty, fi.SHA256)
	return fi, storeErr
}

// toDecode is an entry for the file worker, with its host, and what
// decoding it gave.
type toDecode struct {
	e    *har.Entry
	host string

	cookieIDs    []decode.ID    // its site-cookie identifiers
	claimed      bool           // a decoder claims it
	got, generic []decode.Event // its tracker events (and navigation), and generic ones
}

// fileWorker decodes the entries of one file, in order, finds the
// browser each was sent by, and stores the events and cookie links: the
// part of reading a file that touches the analysis's state, which only
// it touches while the file is read. It is two stages, each on a
// goroutine of its own: decode (which touches only cookies of the
// worker's state) and entry (everything else).
type fileWorker struct {
	a        *Analysis
	reg      *decode.Registry
	opt      *Options
	name     string
	file     int
	claimed  bool // the reader skims: an entry read in full is one a decoder claims
	sg       *segmenter
	lastLink *linkRec
	cs       *consentScan
	cookies  cookieMemo
	err      error // the first failure to store
}

// cookieMemo gives the site-cookie identifiers of an entry
// (decode.SiteCookieIDs), reusing the last entry's when its cookies are
// the same: a browser sends the same cookies with request after request.
type cookieMemo struct {
	cookies []har.Cookie // the last entry's, and its Cookie headers
	headers []string
	ids     []decode.ID // shared: not to be changed
	valid   bool
}

func (m *cookieMemo) of(e *har.Entry) []decode.ID {
	same := m.valid && slices.EqualFunc(m.cookies, e.Request.Cookies, func(a, b har.Cookie) bool {
		return a.Name == b.Name && a.Value == b.Value
	})
	n := 0
	for _, h := range e.Request.Headers {
		if strings.EqualFold(h.Name, "cookie") {
			same = same && n < len(m.headers) && m.headers[n] == h.Value
			n++
		}
	}
	if same && n == len(m.headers) {
		return m.ids
	}
	m.cookies, m.headers = e.Request.Cookies, m.headers[:0]
	for _, h := range e.Request.Headers {
		if strings.EqualFold(h.Name, "cookie") {
			m.headers = append(m.headers, h.Value)
		}
	}
	m.ids, m.valid = decode.SiteCookieIDs(e), true
	return m.ids
}

// hasVendorOther reports whether an event of evs is a generic request's,
// looking at each in place (an event is large to copy).
func hasVendorOther(evs []decode.Event) bool {
	for i := range evs {
		if evs[i].Vendor == decode.VendorOther {
			return true
		}
	}
	return false
}

// decode decodes an entry: what needs nothing but the entry (and, for
// the site cookies, the entry before), on a goroutine of its own.
func (w *fileWorker) decode(t *toDecode) {
	e, opt, reg := t.e, w.opt, w.reg
	t.cookieIDs = w.cookies.of(e)
	var got, generic []decode.Event
	if opt.Navigations && site.IsNavigation(e) {
		nav := []decode.Event{navigationEvent(w.name, e)}
		reg.MaskSecrets(e, nav)
		got = append(got, nav...)
	}
	// A skimmed entry is one Want (reg.Claims) refused; any other was
	// wanted, or read in full because there is no Want.
	claimed := !e.Skimmed && (w.claimed || reg.Claims(e))
	if claimed {
		evs := reg.Decode(w.name, e)
		if got == nil && !hasVendorOther(evs) {
			got = evs // as they are
		} else {
			for _, ev := range evs {
				// A claimed request its decoder turned down (a page at
				// /events that is no gateway call) is a generic request:
				// dropped, like any, when it goes to the first party.
				if ev.Vendor == decode.VendorOther {
					generic = append(generic, ev)
				} else {
					got = append(got, ev)
				}
			}
		}
	} else if opt.Generic {
		generic = reg.Decode(w.name, e)
	}
	t.claimed, t.got, t.generic = claimed, got, generic
}

// entry finds the browser a decoded entry was sent by and stores its
// events and cookie links, in entry order.
func (w *fileWorker) entry(t *toDecode) {
	a, s, reg := w.a, w.a.store, w.reg
	e, host, cookieIDs, claimed, got, generic := t.e, t.host, t.cookieIDs, t.claimed, t.got, t.generic
	*t = toDecode{} // the batch does not keep the entry past this
	seg := w.sg.at(e, browserIDs(got, cookieIDs))
	if len(cookieIDs) > 1 && !sameIDs(w.lastLink, seg, cookieIDs) {
		// Kept whatever the host: whether it is the first party is
		// known at the end of the file (link).
		l := linkRec{key: orderKey{file: int32(w.file), entry: int32(e.Index), seq: s.seq}, host: s.strs.intern(host), seg: int32(seg)}
		s.seq++
		if t := utc(e.StartedDateTime); t.Valid() {
			l.key.valid, l.key.sec, l.key.nsec = true, t.T.Unix(), int32(t.T.Nanosecond())
		}
		for _, id := range cookieIDs {
			l.ids = append(l.ids, s.strs.intern(id.Name+"="+id.Value))
		}
		if err := a.links.add(l); err != nil && w.err == nil {
			w.err = err
		}
		w.lastLink = &l
	}
	ref, _ := e.Request.Header("Referer")
	marks := w.cs.entry(e, host, seg, claimed, got, ref)
	if len(marks) > 0 {
		reg.MaskSecrets(e, marks)
	}
	// The markers are events of the request, numbered after those its
	// decoders made: each has its own ID.
	n := 0
	for _, evs := range [][]decode.Event{got, generic} {
		for i := range evs {
			n = max(n, evs[i].Index)
		}
	}
	for i := range marks {
		n++
		marks[i].Index = n
	}
	w.cs.numbered(n)
	w.store(got, seg, false, ref)
	w.store(generic, seg, true, ref)
	w.store(marks, seg, false, ref)
}

// store stores events of segment seg; referer is the Referer header of
// their request.
func (w *fileWorker) store(evs []decode.Event, seg int, generic bool, referer string) {
	for i := range evs {
		if err := w.a.store.add(&evs[i], w.file, seg, generic, referer); err != nil && w.err == nil {
			w.err = err
		}
	}
}

// heldBack stores, once the file is read, the markers of the pages on
// which the Meta Pixel library loaded and nothing showed the pixel ran.
func (w *fileWorker) heldBack() {
	evs, segs, refs := w.cs.heldBack()
	for i := range evs {
		w.store(evs[i:i+1], segs[i], false, refs[i])
	}
}

// skimHeaders are the request headers the analysis reads of an entry no
// decoder claims: where the request came from (first-party detection,
// navigations, visitors) and its cookies (cookie links).
var skimHeaders = []string{"Cookie", "Referer", "Origin", "Content-Type", "User-Agent",
	"Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User"}

// utc returns t in UTC, when it is known.
func utc(t har.Time) har.Time {
	if t.Valid() {
		t.T = t.T.UTC()
	}
	return t
}

// navigationEvent records a top-level page the visitor opened.
func navigationEvent(file string, e *har.Entry) decode.Event {
	_, path, _ := site.Split(e.Request.URL)
	ev := decode.Event{
		Time:     utc(e.StartedDateTime),
		Sources:  []decode.Source{{File: file, Entry: e.Index}},
		Vendor:   decode.VendorOther,
		Kind:     decode.KindNavigation,
		Host:     site.Host(e.Request.URL),
		Method:   strings.ToUpper(e.Request.Method),
		Path:     path,
		Page:     e.Request.URL,
		Summary:  "opened " + e.Request.URL,
		Delivery: decode.DeliveryOf(e),
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

// sameIDs reports whether the last cookie link recorded in the file
// carried the same identifiers: a browser sends the same cookies on every
// request, and one record of them is enough.
func sameIDs(last *linkRec, seg int, ids []decode.ID) bool {
	if last == nil || last.seg != int32(seg) || len(last.ids) != len(ids) {
		return false
	}
	for i, id := range ids {
		if last.ids[i] != id.Name+"="+id.Value {
			return false
		}
	}
	return true
}

// linkCodec encodes cookie links for their sorter.
type linkCodec struct{ strs *interner }

func (linkCodec) size(l *linkRec) int { return 80 + 16*len(l.ids) }

func (linkCodec) encode(b []byte, l *linkRec) []byte {
	b = appendKey(b, &l.key)
	b = appendStr(b, l.host)
	b = appendStrs(b, l.ids)
	return binary.AppendVarint(b, int64(l.seg))
}

func (c linkCodec) decode(br *bufio.Reader, l *linkRec) error {
	d := &spillReader{r: br, in: c.strs}
	first, err := d.first()
	if err != nil {
		return err
	}
	readKey(d, first, &l.key)
	l.host = d.str()
	l.ids = d.strs(l.ids)
	l.seg = int32(d.varint())
	return d.err
}
