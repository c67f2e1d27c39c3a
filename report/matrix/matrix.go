package matrix

import (
	"cmp"
	"context"
	"errors"
	"io"
	"runtime"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/entity"
)

// Maintainer's note, where goroutines meet: [Build] hands each input to
// a worker goroutine, which opens it, analyses it alone and reduces it
// to a [result] it owns until it sends it; from then on only the calling
// goroutine (the merger) touches the result. Nothing else is shared but
// read-only values (the registry, the entity database, the rules), and
// what the caller's hooks ([Options.Done], report.Options.Progress)
// share, which they must guard.

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
	// Rows are sorted by site, party, data type (in the vocabulary's
	// listing order, [decode.DataTypes], then [NoParameters]), capture
	// name, SHA-256 and side: the same rows in the same order whatever
	// the order of the inputs and the number of workers.
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

// Options adjust [Build].
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
	// read, from the goroutine that called Build.
	Done func(*Capture)
}

// result is one capture reduced: its description, its rows (without
// companies) and the hosts of each party it reached.
type result struct {
	capture *Capture
	rows    []Row
	hosts   map[string][]string
}

// Build reads every input, each in its own analysis, in parallel, and
// merges what third parties received into one [Matrix]. A capture that
// cannot be read, or is truncated, is listed with its error and never
// stops the others. Memory holds, besides the matrix, one analysis per
// worker (each bounded by report.Options.MemoryLimit). When ctx is
// cancelled, captures not yet read are listed as interrupted, and the
// one being read stops as if truncated. The error is a failure to set up
// the decoders.
func Build(ctx context.Context, inputs []Input, opt Options) (*Matrix, error) {
	ao := opt.Analysis
	ao.Navigations = false
	if ao.Registry == nil {
		reg, err := decode.NewRegistry(decode.Builtin())
		if err != nil {
			return nil, err
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

	jobs := make(chan int)
	results := make(chan result)
	go func() {
		defer close(jobs)
		for i := range inputs {
			jobs <- i
		}
	}()
	done := make(chan struct{})
	for range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range jobs {
				results <- readCapture(ctx, inputs[i], &ao)
			}
		}()
	}
	go func() {
		for range workers {
			<-done
		}
		close(results)
	}()

	m := &Matrix{}
	hosts := map[string][]string{}
	for r := range results {
		m.Captures = append(m.Captures, r.capture)
		m.Rows = append(m.Rows, r.rows...)
		for p, hs := range r.hosts {
			for _, h := range hs {
				if !slices.Contains(hosts[p], h) {
					hosts[p] = append(hosts[p], h)
				}
			}
		}
		if opt.Done != nil {
			opt.Done(r.capture)
		}
	}
	companies := map[string]string{}
	for p, hs := range hosts {
		slices.Sort(hs)
		companies[p] = company(ao.Entities, p, hs)
	}
	for i := range m.Rows {
		m.Rows[i].Company = companies[m.Rows[i].Party]
	}
	m.finish()
	return m, nil
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

// finish sorts the captures, counts each distinct SHA-256 once (the
// first capture by name holds the rows), gives every capture without a
// row its empty row, and sorts the rows.
func (m *Matrix) finish() {
	slices.SortFunc(m.Captures, compareCaptures)
	first := map[[2]string]string{} // side, SHA-256 → name of the first capture with those bytes
	dup := map[[2]string]bool{}     // side, name of a duplicate
	for _, c := range m.Captures {
		if c.SHA256 == "" {
			continue
		}
		k := [2]string{c.Side, c.SHA256}
		if f, ok := first[k]; ok {
			c.DuplicateOf = f
			dup[[2]string{c.Side, c.Name}] = true
			continue
		}
		first[k] = c.Name
	}
	m.Rows = slices.DeleteFunc(m.Rows, func(r Row) bool { return dup[[2]string{r.Side, r.Capture}] })
	m.fillEmpty()
	m.sortRows()
}

// fillEmpty gives each capture without a row one row with an empty
// party, so that the long form lists every capture.
func (m *Matrix) fillEmpty() {
	has := map[[3]string]bool{}
	for _, r := range m.Rows {
		has[[3]string{r.Side, r.Capture, r.SHA256}] = true
	}
	for _, c := range m.Captures {
		if has[[3]string{c.Side, c.Name, c.SHA256}] {
			continue
		}
		r := Row{Site: c.Site, Capture: c.Name, SHA256: c.SHA256, Error: c.Error, Side: c.Side}
		if c.DuplicateOf != "" {
			r.Error = "same SHA-256 as " + c.DuplicateOf + ", counted there"
		}
		m.Rows = append(m.Rows, r)
	}
}

func (m *Matrix) sortRows() {
	rank := typeRanks()
	slices.SortFunc(m.Rows, func(a, b Row) int {
		return cmp.Or(compareSites(a.Site, b.Site), strings.Compare(a.Party, b.Party),
			cmp.Compare(rank[a.DataType], rank[b.DataType]), strings.Compare(a.DataType, b.DataType),
			strings.Compare(a.Capture, b.Capture), strings.Compare(a.SHA256, b.SHA256), compareSides(a.Side, b.Side))
	})
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
