package har

import (
	"strconv"
	"strings"
	"time"
)

// Log holds the metadata of a HAR file: everything under "log" except the
// entries, which a [Reader] streams one at a time.
//
// Producers write "pages" before or after "entries"; a Log returned by
// [Reader.Log] before [Reader.Next] has returned io.EOF holds only what has
// been read so far.
type Log struct {
	Version string   // log.version, e.g. "1.2" (WebPageTest and Firebug write "1.1")
	Creator Creator  // the tool that wrote the file
	Browser *Creator // the browser, when the producer records one
	Pages   []Page   // log.pages; nil when absent, null or empty
	Comment string
	Custom  []Field // "_"-prefixed fields of log, raw
}

// Creator names the application (or browser) that produced a log.
type Creator struct {
	Name    string
	Version string
	Comment string
}

// String returns "Name Version", or "" when both are empty.
func (c *Creator) String() string {
	if c == nil {
		return ""
	}
	return strings.TrimSpace(c.Name + " " + c.Version)
}

// Page is one page (a top-level document load) in log.pages.
type Page struct {
	StartedDateTime Time
	ID              string
	Title           string
	Comment         string
	Custom          []Field
}

// Entry is one request/response pair from log.entries.
type Entry struct {
	// Index is the 0-based position of the entry in log.entries: with the
	// file's SHA-256 it identifies the evidence a finding comes from.
	Index int
	// Offset is the byte offset of the entry's opening brace in the
	// decoded input (after gzip, BOM and JSONP framing are removed).
	Offset int64

	PageRef         string
	StartedDateTime Time
	// Time is the total elapsed time of the request in milliseconds, or -1
	// when the producer did not record it.
	Time            float64
	Request         Request
	Response        Response
	Timings         Timings
	ServerIPAddress string
	Connection      string
	Comment         string
	// Custom holds the entry's "_"-prefixed fields (_initiator,
	// _resourceType, …) as raw JSON, in file order.
	Custom []Field

	// Skimmed reports an entry read only in part (see [Reader.Want]).
	Skimmed bool

	// Warnings lists values of this entry that could not be interpreted.
	// Each such value is kept (raw, where there is no typed home for it).
	Warnings []Warning
}

// CustomField returns the raw JSON of the "_"-prefixed entry field name, or
// nil when the entry has none.
func (e *Entry) CustomField(name string) []byte {
	return lookupField(e.Custom, name)
}

// ResourceType returns the producer's resource type for the entry
// (Chrome's "_resourceType", Safari's "_fetchType"), lower-cased, or "".
func (e *Entry) ResourceType() string {
	for _, name := range [...]string{"_resourceType", "_fetchType"} {
		if raw := e.CustomField(name); raw != nil {
			// The types browsers write come back without allocating.
			if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
				if s, ok := resourceTypes.lookup(raw[1 : len(raw)-1]); ok {
					return s
				}
			}
			if s, ok := rawString(raw); ok {
				return strings.ToLower(s)
			}
		}
	}
	return ""
}

// resourceTypes are the resource types browsers write: Chrome's (its
// DevTools protocol's ResourceType, lower-cased), Firefox's and Safari's.
var resourceTypes = newKnownNames(strings.Fields(`document stylesheet image media font script texttrack xhr
	fetch prefetch eventsource websocket manifest signedexchange ping cspviolationreport preflight other
	beacon imageset object subdocument xmlhttprequest main_frame sub_frame csp_report`))

// Request is the HAR request object.
type Request struct {
	Method      string
	URL         string
	HTTPVersion string
	Cookies     []Cookie
	Headers     []NameValue
	QueryString []NameValue
	PostData    *PostData // nil when the request has no postData
	HeadersSize int64     // -1 when unknown
	BodySize    int64     // -1 when unknown
	Comment     string
	Custom      []Field
}

// hasQuery reports whether a URL has a query: text after its first "?",
// before any "#" — what har/site.Split returns as a URL's query
// (TestHasQuery holds the two together).
func hasQuery(url string) bool {
	if i := strings.IndexByte(url, '#'); i >= 0 {
		url = url[:i]
	}
	i := strings.IndexByte(url, '?')
	return i >= 0 && i+1 < len(url)
}

// Header returns the value of the first header named name (compared
// case-insensitively), and whether there was one.
func (r *Request) Header(name string) (string, bool) {
	return header(r.Headers, name)
}

// Response is the HAR response object.
type Response struct {
	// Status is the HTTP status code; 0 for requests that got no response
	// (blocked, failed, aborted).
	Status      int
	StatusText  string
	HTTPVersion string
	Cookies     []Cookie
	Headers     []NameValue
	Content     Content
	RedirectURL string
	HeadersSize int64 // -1 when unknown
	BodySize    int64 // -1 when unknown
	Comment     string
	Custom      []Field
}

// Header returns the value of the first header named name (compared
// case-insensitively), and whether there was one.
func (r *Response) Header(name string) (string, bool) {
	return header(r.Headers, name)
}

// Content describes the response body.
type Content struct {
	Size        int64 // -1 when unknown or missing
	Compression int64 // -1 when unknown or missing
	MimeType    string
	// Text is the body as stored in the HAR (base64 when Encoding is
	// "base64"). It is empty unless the Reader was asked for bodies
	// (Reader.Bodies); HasText tells whether the file had one.
	Text     string
	HasText  bool
	TextLen  int // length of the stored text in bytes, even when not kept
	Encoding string
	Comment  string
}

// Cookie is a request or response cookie.
type Cookie struct {
	Name     string
	Value    string
	Path     string
	Domain   string
	Expires  string // as written; producers disagree on its format
	HTTPOnly bool
	Secure   bool
	SameSite string
	Comment  string
}

// NameValue is a header or query-string pair.
type NameValue struct {
	Name    string
	Value   string
	Comment string
}

// PostData is the request body.
type PostData struct {
	MimeType string
	Params   []Param
	Text     string
	HasText  bool // the file had a "text" member (possibly empty)
	Comment  string
}

// Param is one posted parameter (form field or multipart part).
type Param struct {
	Name        string
	Value       string
	FileName    string
	ContentType string
	Comment     string
}

// Timings are the phases of a request in milliseconds; -1 means the phase
// does not apply or was not recorded (Firefox writes "timings": {} for
// cached entries).
type Timings struct {
	Blocked, DNS, Connect, Send, Wait, Receive, SSL float64
	Comment                                         string
}

// Field is a member of a HAR object kept as raw JSON: producers' "_"
// custom fields, and values of standard fields that could not be
// interpreted.
type Field struct {
	Name string
	Raw  []byte // the JSON value, exactly as in the file
}

// Time is a HAR date-time: the instant it denotes (when it could be
// parsed) and the text as written, which is kept for the record.
type Time struct {
	T   time.Time // zero when Raw could not be parsed
	Raw string
}

// Valid reports whether the date-time could be parsed.
func (t Time) Valid() bool { return !t.T.IsZero() }

// Warning records a value the reader could not interpret. It never stops
// reading.
type Warning struct {
	Entry  int    // index in log.entries, or -1 for log-level warnings
	Offset int64  // byte offset of the value in the decoded input
	Field  string // JSON path of the value, e.g. "request.cookies"
	Msg    string
	// Raw is the value as written, when it has no typed home in the
	// model (a value of the wrong kind); nil otherwise.
	Raw []byte
}

// String formats the warning as "entry 12 (byte 48213): field: message".
func (w Warning) String() string {
	var b strings.Builder
	if w.Entry >= 0 {
		b.WriteString("entry ")
		b.WriteString(itoa(int64(w.Entry)))
	}
	if w.Offset >= 0 {
		if w.Entry >= 0 {
			b.WriteString(" ")
		}
		b.WriteString("(byte ")
		b.WriteString(itoa(w.Offset))
		b.WriteString(")")
	}
	if w.Field != "" {
		b.WriteString(": ")
		b.WriteString(w.Field)
	}
	b.WriteString(": ")
	b.WriteString(w.Msg)
	return b.String()
}

func header(hs []NameValue, name string) (string, bool) {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

func lookupField(fs []Field, name string) []byte {
	for _, f := range fs {
		if f.Name == name {
			return f.Raw
		}
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
