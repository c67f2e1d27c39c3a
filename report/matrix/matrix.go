package matrix

import (
	"cmp"
	"context"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/entity"
)

// Maintainer's note, where goroutines meet: [Stream] hands each input to
// a worker goroutine, which opens it, analyses it alone and reduces it
// to a [result] it owns until it sends it; from then on only the calling
// goroutine (the merger) touches the result. Nothing else is shared but
// read-only values (the registry, the entity database, the rules), and
// what the caller's hooks ([Options.Done], report.Options.Progress)
// share, which they must guard. The merger emits results in name order:
// a worker takes a new input only while fewer than twice as many
// results as there are workers are read or waiting, so that memory does
// not grow with the inputs.

// NoParameters is the data type of an event that carried no parameter,
// cookie or identifier haruspex reads: the request itself (a tracker's
// code loading, for one), from which the party still learnt the
// visitor's IP address, browser and, usually through the Referer header,
// the page.
const NoParameters = "no parameters"

// Sides of a comparison ([Diff]).
const (
	SideBaseline = "baseline" // the captures before
	SideCurrent  = "current"  // the captures after
)

// Changes of a cell in a comparison ([Diff]): whether the site sent the
// party that data type before, after, or both times.
const (
	ChangeAdded     = "added"     // after only
	ChangeRemoved   = "removed"   // before only
	ChangeUnchanged = "unchanged" // both times (the counts may differ)
	// ChangeNewSite: the site has captures after only, so nothing is
	// compared.
	ChangeNewSite = "new site"
	// ChangeNotRecaptured: the site has captures before only, so nothing
	// is compared: its absence after is not a removal.
	ChangeNotRecaptured = "not recaptured"
)

// Row is one line of the long form: what one third party received from
// one site, of one data type, in one capture. It is the schema of the
// CSV, NDJSON and Parquet forms, column for column, in this order
// (README, "haruspex matrix"). Summing a column over captures (GROUP BY
// site, party, data_type) gives the site's figure; an event that carried
// several data types counts once in each.
//
// A capture in which no third party received anything has one row with
// an empty Party and DataType, so that every capture, and its SHA-256,
// is in the long form.
type Row struct {
	// Site is the capture's first party (report.File.FirstParty): the
	// registrable domain of the site it is a capture of; "" when none
	// could be found.
	Site string `parquet:"site,dict" json:"site"`
	// Party is the third party's registrable domain, e.g. facebook.com.
	Party string `parquet:"party,dict" json:"party"`
	// Company is who owns the party ([entity.DB]); "" when unknown.
	Company string `parquet:"company,dict" json:"company"`
	// DataType is a data type's name ([decode.DataType.String]), or
	// [NoParameters].
	DataType string `parquet:"data_type,dict" json:"data_type"`
	// Events counts the capture's events to the party that carried the
	// data type.
	Events int64 `parquet:"events" json:"events"`
	// Answered, Unconfirmed and Failed count those events by what the
	// capture shows of their delivery ([decode.DeliveryState]): a failed
	// request never reached the party.
	Answered    int64 `parquet:"answered" json:"answered"`
	Unconfirmed int64 `parquet:"unconfirmed" json:"unconfirmed"`
	Failed      int64 `parquet:"failed" json:"failed"`
	// Visitors counts the visitors (browsers, [report.Visitor]) of the
	// capture that sent it. Each capture is analysed on its own: a
	// browser recorded in two captures counts once in each.
	Visitors int64 `parquet:"visitors" json:"visitors"`
	// Sensitive names the sensitive-content categories a value of this
	// data type matched ([decode.SensitiveHit]), sorted.
	Sensitive []string `parquet:"sensitive,list" json:"sensitive"`
	// Capture is the capture's name as given, SHA256 the SHA-256 of its
	// bytes (lower-case hex; "" when it could not be opened).
	Capture string `parquet:"capture,dict" json:"capture"`
	SHA256  string `parquet:"sha256,dict" json:"sha256"`
	// Error says where reading the capture stopped (its rows hold what
	// was read before), why it could not be read, or that it has the
	// same bytes as another capture, counted instead; "" when it was read
	// whole.
	Error string `parquet:"error,dict" json:"error"`
	// Side and Change are set in a comparison ([Diff]): the side the
	// capture is on, and the change of the site, party and data type
	// between the sides. Both are "" otherwise, and Change is "" on a
	// capture's row with no party.
	Side   string `parquet:"side,dict" json:"side"`
	Change string `parquet:"change,dict" json:"change"`
}

// Capture is one input as the matrix read it.
type Capture struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	// Site is its first party ([Row.Site]).
	Site    string `json:"site"`
	Entries int    `json:"entries"`
	// Events counts its events to third parties.
	Events int `json:"events"`
	// Error is as [Row.Error].
	Error string `json:"error,omitempty"`
	// DuplicateOf names the capture with the same SHA-256 whose rows
	// count instead (the first by name).
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Side is as [Row.Side].
	Side string `json:"side,omitempty"`

	usable bool
	err    error
}

// Err returns the error reading the capture stopped at, or nil.
func (c *Capture) Err() error { return c.err }

// Usable reports whether anything could be read from the capture.
func (c *Capture) Usable() bool { return c.usable }

// Matrix is what third parties received from each site, in long form.
type Matrix struct {
	// Captures are the inputs, sorted by side, then name, then SHA-256.
	Captures []*Capture
	// Rows are sorted by side, capture name and SHA-256, then party and
	// data type (in the vocabulary's listing order, [decode.DataTypes],
	// then [NoParameters]): the same rows in the same order whatever the
	// order of the inputs and the number of workers, and the rows of a
	// capture always together, so that the long forms of shards of the
	// captures, concatenated in name order, are the long form of all.
	Rows []Row
}

// Input is one capture to read.
type Input struct {
	Name string // how it is named in the output
	// Size is its size in bytes, for progress; -1 when unknown.
	Size int64
	// Open opens it; the matrix closes it once read. A capture is opened
	// only when a worker reads it, so that any number of captures can be
	// given.
	Open func() (io.ReadCloser, error)
}

// Options adjust [Stream] and [Build].
type Options struct {
	// Analysis are the options of each capture's analysis: the rules
	// (Known, Sensitive, Site), Generic, Entities, MemoryLimit (per
	// capture) and Progress (called from the workers, concurrently).
	// Navigations is ignored.
	Analysis report.Options
	// Workers is how many captures are read at once; 0 means
	// runtime.GOMAXPROCS(0). The result is the same for any number.
	Workers int
	// Done, when set, is called once for each capture, when it has been
	// read, in the order captures are emitted, from the goroutine that
	// called Stream.
	Done func(*Capture)
}

// result is one capture reduced: its description, its rows (without
// companies) and the hosts of each party it reached.
type result struct {
	capture *Capture
	rows    []Row
	hosts   map[string][]string
}

// Build reads every input, as [Stream] does, and returns them all as one
// [Matrix]. Memory holds the matrix: for captures past what memory
// holds, use Stream.
func Build(ctx context.Context, inputs []Input, opt Options) (*Matrix, error) {
	m := &Matrix{}
	err := Stream(ctx, inputs, opt, func(c *Capture, rows []Row) error {
		m.Captures = append(m.Captures, c)
		m.Rows = append(m.Rows, rows...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Stream reads every input, each in its own analysis, in parallel, and
// calls emit once per capture, in order of name (then SHA-256), with the
// capture and its rows ([Row]: what each third party received of each
// data type) — the order of [Matrix.Rows], whatever the order of the
// inputs and the number of workers. A capture that cannot be read, or
// is truncated, is emitted with its error and never stops the others;
// one with the same bytes as a capture emitted before it is emitted with
// [Capture.DuplicateOf] and its empty row. Memory holds one analysis per
// worker (each bounded by report.Options.MemoryLimit), the results
// waiting for their turn (at most twice as many as workers), and one
// SHA-256 per capture: it does not grow with what the captures hold.
//
// When ctx is cancelled, captures not yet read are emitted as
// interrupted, and those being read stop as if truncated. An error emit
// returns stops the reading and is returned; the other error is a
// failure to set up the decoders.
func Stream(ctx context.Context, inputs []Input, opt Options, emit func(*Capture, []Row) error) error {
	ao := opt.Analysis
	ao.Navigations = false
	if ao.Registry == nil {
		reg, err := decode.NewRegistry(decode.Builtin())
		if err != nil {
			return err
		}
		ao.Registry = reg
	}
	if ao.Entities == nil {
		ao.Entities = entity.Builtin()
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(inputs)))
	// order[k] is the input emitted k-th: by name; inputs of one name are
	// put in SHA-256 order once all of them are read.
	order := make([]int, len(inputs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(inputs[a].Name, inputs[b].Name) })
	// The window of results read or waiting: twice the workers, and at
	// least the largest group of one name (a path given several times),
	// which is emitted only once all of it is read.
	window := 2 * workers
	for k := 0; k < len(order); {
		end := k + 1
		for end < len(order) && inputs[order[end]].Name == inputs[order[k]].Name {
			end++
		}
		window = max(window, end-k)
		k = end
	}

	type done struct {
		k int
		r result
	}
	jobs := make(chan int)
	results := make(chan done)
	slots := make(chan struct{}, window)
	stop := make(chan struct{})
	go func() {
		defer close(jobs)
		for k := range order {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return
			}
			jobs <- k
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for k := range jobs {
				results <- done{k, readCapture(ctx, inputs[order[k]], &ao)}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	pending := map[int]result{}
	next := 0
	first := map[string]string{} // SHA-256 → name of the first capture with those bytes
	var emitErr error
	for d := range results {
		pending[d.k] = d.r
		for next < len(order) {
			// The group of inputs named as the next one, all read.
			end := next + 1
			for end < len(order) && inputs[order[end]].Name == inputs[order[next]].Name {
				end++
			}
			group := make([]result, 0, end-next)
			for k := next; k < end; k++ {
				r, ok := pending[k]
				if !ok {
					break
				}
				group = append(group, r)
			}
			if len(group) < end-next {
				break
			}
			slices.SortStableFunc(group, func(a, b result) int { return strings.Compare(a.capture.SHA256, b.capture.SHA256) })
			for k, r := range group {
				delete(pending, next+k)
				rows := finishCapture(r, first, ao.Entities)
				if opt.Done != nil {
					opt.Done(r.capture)
				}
				if emitErr == nil {
					if emitErr = emit(r.capture, rows); emitErr != nil {
						close(stop)
					}
				}
				<-slots
			}
			next = end
		}
	}
	return emitErr
}

// finishCapture makes a result's rows final: the capture's duplicate of
// an earlier one has only its empty row; each row gets its company; the
// rows are sorted; a capture without rows gets its empty row.
func finishCapture(r result, first map[string]string, db *entity.DB) []Row {
	c := r.capture
	if c.SHA256 != "" {
		if f, ok := first[c.SHA256]; ok {
			c.DuplicateOf = f
			r.rows = nil
		} else {
			first[c.SHA256] = c.Name
		}
	}
	companies := map[string]string{}
	for p, hs := range r.hosts {
		slices.Sort(hs)
		companies[p] = company(db, p, hs)
	}
	for i := range r.rows {
		r.rows[i].Company = companies[r.rows[i].Party]
	}
	if len(r.rows) == 0 {
		r.rows = []Row{emptyRow(c)}
	}
	rank := typeRanks()
	slices.SortFunc(r.rows, func(a, b Row) int { return compareInCapture(a, b, rank) })
	return r.rows
}

// emptyRow is the row of a capture in which no third party received
// anything.
func emptyRow(c *Capture) Row {
	r := Row{Site: c.Site, Capture: c.Name, SHA256: c.SHA256, Error: c.Error, Side: c.Side}
	if c.DuplicateOf != "" {
		r.Error = "same SHA-256 as " + c.DuplicateOf + ", counted there"
	}
	return r
}

// company attributes a party as [report.Analysis.Parties] does: its
// registrable domain first, then its hosts in (sorted) order.
func company(db *entity.DB, domain string, hosts []string) string {
	if m, ok := db.Lookup(domain); ok {
		return m.Company
	}
	for _, h := range hosts {
		if m, ok := db.Lookup(h); ok {
			return m.Company
		}
	}
	return ""
}

// fillEmpty gives each capture without a row its empty row, so that the
// long form lists every capture.
func (m *Matrix) fillEmpty() {
	has := map[[3]string]bool{}
	for _, r := range m.Rows {
		has[[3]string{r.Side, r.Capture, r.SHA256}] = true
	}
	for _, c := range m.Captures {
		if !has[[3]string{c.Side, c.Name, c.SHA256}] {
			m.Rows = append(m.Rows, emptyRow(c))
		}
	}
}

// sortRows puts the rows in their documented order ([Matrix.Rows]).
func (m *Matrix) sortRows() {
	rank := typeRanks()
	slices.SortStableFunc(m.Rows, func(a, b Row) int {
		return cmp.Or(compareSides(a.Side, b.Side), strings.Compare(a.Capture, b.Capture), strings.Compare(a.SHA256, b.SHA256),
			compareInCapture(a, b, rank))
	})
}

// compareInCapture orders the rows of one capture: by party, then data
// type in listing order.
func compareInCapture(a, b Row, rank map[string]int) int {
	return cmp.Or(strings.Compare(a.Party, b.Party), cmp.Compare(rank[a.DataType], rank[b.DataType]), strings.Compare(a.DataType, b.DataType))
}

// typeRanks gives each data type name its listing position: "" (a
// capture's empty row) first, then [decode.DataTypes], then
// [NoParameters].
func typeRanks() map[string]int {
	rank := map[string]int{"": 0}
	for i, t := range decode.DataTypes() {
		rank[t.String()] = i + 1
	}
	rank[NoParameters] = len(rank)
	return rank
}

// compareSites orders sites by domain, the unknown site ("") last.
func compareSites(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return strings.Compare(a, b)
}

// compareSides puts the baseline first.
func compareSides(a, b string) int {
	rank := func(s string) int {
		if s == SideBaseline {
			return 0
		}
		return 1
	}
	return cmp.Compare(rank(a), rank(b))
}

func compareCaptures(x, y *Capture) int {
	return cmp.Or(compareSides(x.Side, y.Side), strings.Compare(x.Name, y.Name), strings.Compare(x.SHA256, y.SHA256))
}

// ErrInterrupted is the error of a capture not read, or not read to its
// end, because the context was cancelled.
var ErrInterrupted = errors.New("matrix: interrupted")
