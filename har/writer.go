package har

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// TimeLayout is how a [Writer] writes a [Time] made in code (one whose Raw
// is empty): UTC, RFC 3339, milliseconds.
const TimeLayout = "2006-01-02T15:04:05.000Z07:00"

// NewTime returns the [Time] for t as a [Writer] writes it and a [Reader]
// reads it back: in UTC, truncated to the millisecond, with Raw set.
func NewTime(t time.Time) Time {
	t = t.UTC().Truncate(time.Millisecond)
	return Time{T: t, Raw: t.Format(TimeLayout)}
}

// A Writer writes a HAR file from the read model, one entry at a time, so
// that a recording can be flushed to disk as it goes. Its output is
// deterministic: two-space indentation, members in the order of the HAR 1.2
// specification, each object's "_" custom fields ([Field]) after its
// standard members, in their stored order and byte for byte as stored.
//
// What the model holds is written as it is, so that a [Reader] reads the
// output back into the same model (entry offsets and warnings aside):
//
//   - a [Time] read from a file is written as it was written there
//     (Time.Raw), because rewriting a date would alter the evidence; a
//     Time made in code (empty Raw) is written as UTC RFC 3339 with
//     milliseconds ([TimeLayout]); a zero Time is left out;
//   - -1 (unknown) times, timings and sizes are written as -1, every
//     timing included, and content.compression is left out when -1;
//   - optional strings (pageref, serverIPAddress, connection, comments,
//     cookie attributes) are left out when empty, required ones are
//     always written; "cache" is written as {} (the model does not keep it);
//   - strings that are not valid UTF-8, which JSON cannot hold, have each
//     bad byte replaced by U+FFFD, as a Reader would read them.
//
// A "_" field whose Raw is not one JSON value would break the file, and is
// an error. A response body the Reader was not asked to keep (Content.HasText with
// an empty Text and a non-zero TextLen) cannot be written faithfully, and
// WriteEntry returns an error instead of writing an empty body.
//
// Call [Writer.Begin], then [Writer.WriteEntry] for each entry, then
// [Writer.End]. Output is buffered: call [Writer.Flush] to push what has
// been written to the underlying writer. A file cut after any entry (a
// crash) is read by a Reader as every complete entry and then a
// *[ParseError].
type Writer struct {
	w       *bufio.Writer
	buf     []byte
	log     *Log
	pages   bool // pages were written by Begin
	entries int
	state   int // 0 before Begin, 1 in entries, 2 ended
	err     error
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, 64<<10)}
}

// Begin writes the start of the file: log.version, log.creator,
// log.browser (when not nil) and, when l.Pages is not nil, log.pages,
// then opens log.entries. Pages not known yet (as in a recording) can be
// given to [Writer.End] instead, which writes them after the entries; a
// Reader accepts both.
func (w *Writer) Begin(l *Log) error {
	if w.err != nil {
		return w.err
	}
	if w.state != 0 {
		return w.fail(errors.New("har: Writer.Begin called twice"))
	}
	if err := checkLog(l); err != nil {
		return err
	}
	w.log = l
	b := w.buf[:0]
	b = append(b, "{\n  \"log\": {\n"...)
	b = member(b, 2, "version")
	b = quote(b, l.Version)
	b = append(b, ",\n"...)
	b = member(b, 2, "creator")
	b = creator(b, 2, &l.Creator)
	if l.Browser != nil {
		b = append(b, ",\n"...)
		b = member(b, 2, "browser")
		b = creator(b, 2, l.Browser)
	}
	if l.Pages != nil {
		b = append(b, ",\n"...)
		b = pages(b, 2, l.Pages)
		w.pages = true
	}
	b = append(b, ",\n"...)
	b = member(b, 2, "entries")
	b = append(b, '[')
	w.state = 1
	return w.write(b)
}

// WriteEntry writes one entry of log.entries. It does not flush.
func (w *Writer) WriteEntry(e *Entry) error {
	if w.err != nil {
		return w.err
	}
	if w.state != 1 {
		return w.fail(errors.New("har: Writer.WriteEntry called outside Begin…End"))
	}
	for _, fs := range [][]Field{e.Custom, e.Request.Custom, e.Response.Custom} {
		if err := checkFields(fs); err != nil {
			return fmt.Errorf("har: entry %d: %w", w.entries, err)
		}
	}
	if c := &e.Response.Content; c.HasText && c.Text == "" && c.TextLen > 0 {
		return fmt.Errorf("har: entry %d: response.content.text was not kept (%d bytes; read with Reader.Bodies to write it)", w.entries, c.TextLen)
	}
	b := w.buf[:0]
	if w.entries > 0 {
		b = append(b, ',')
	}
	b = append(b, '\n')
	b = entry(b, 3, e)
	w.entries++
	return w.write(b)
}

// End closes log.entries, writes the pages given (unless [Writer.Begin]
// wrote pages already; nil writes none), then log.comment and the log's
// custom fields as they are in the Log given to Begin at this point, and
// ends the file. It flushes.
func (w *Writer) End(pg []Page) error {
	if w.err != nil {
		return w.err
	}
	if w.state != 1 {
		return w.fail(errors.New("har: Writer.End called without Begin"))
	}
	if err := checkLog(w.log); err != nil {
		return err
	}
	for _, p := range pg {
		if err := checkFields(p.Custom); err != nil {
			return fmt.Errorf("har: page %q: %w", p.ID, err)
		}
	}
	b := w.buf[:0]
	if w.entries > 0 {
		b = append(b, '\n')
		b = indent(b, 2)
	}
	b = append(b, ']')
	if !w.pages && pg != nil {
		b = append(b, ",\n"...)
		b = pages(b, 2, pg)
	}
	b = optString(b, 1, "comment", w.log.Comment)
	b = custom(b, 1, w.log.Custom)
	b = append(b, "\n  }\n}\n"...)
	w.state = 2
	if err := w.write(b); err != nil {
		return err
	}
	return w.Flush()
}

// Flush writes any buffered output to the underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		return w.fail(err)
	}
	return nil
}

func (w *Writer) write(b []byte) error {
	w.buf = b[:0]
	if _, err := w.w.Write(b); err != nil {
		return w.fail(err)
	}
	return nil
}

func (w *Writer) fail(err error) error {
	w.err = err
	return err
}

// checkLog checks the raw fields of the log and its pages.
func checkLog(l *Log) error {
	if err := checkFields(l.Custom); err != nil {
		return fmt.Errorf("har: log: %w", err)
	}
	for _, p := range l.Pages {
		if err := checkFields(p.Custom); err != nil {
			return fmt.Errorf("har: page %q: %w", p.ID, err)
		}
	}
	return nil
}

// checkFields requires each raw field to be one JSON value, so that it can
// be written verbatim without breaking the file.
func checkFields(fs []Field) error {
	for _, f := range fs {
		if len(f.Raw) > 0 && !jsontext.Value(f.Raw).IsValid(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true)) {
			return fmt.Errorf("field %q is not one JSON value: %.40q", f.Name, f.Raw)
		}
	}
	return nil
}

// WriteAll writes a whole HAR file: l with its pages before the entries,
// as the specification orders them.
func WriteAll(w io.Writer, l *Log, entries []*Entry) error {
	hw := NewWriter(w)
	if err := hw.Begin(l); err != nil {
		return err
	}
	for _, e := range entries {
		if err := hw.WriteEntry(e); err != nil {
			return err
		}
	}
	return hw.End(nil)
}

// The encoders below append to b at a nesting depth (in units of two
// spaces). Each writes its members one per line, comma-separated, without
// a trailing newline.

func indent(b []byte, depth int) []byte {
	for range depth {
		b = append(b, "  "...)
	}
	return b
}

func member(b []byte, depth int, name string) []byte {
	b = indent(b, depth)
	b = quote(b, name)
	return append(b, ": "...)
}

func quote(b []byte, s string) []byte {
	b, _ = jsontext.AppendQuote(b, s) // invalid UTF-8 becomes U+FFFD, as a Reader reads it
	return b
}

func number(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...) // not JSON; a Reader reads null as unknown
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(b, f, format, -1, 64)
}

// first and next start the first and each following member of an object.
func first(b []byte, depth int, name string) []byte {
	b = append(b, "{\n"...)
	return member(b, depth+1, name)
}

func next(b []byte, depth int, name string) []byte {
	b = append(b, ",\n"...)
	return member(b, depth+1, name)
}

func closeObject(b []byte, depth int) []byte {
	b = append(b, '\n')
	b = indent(b, depth)
	return append(b, '}')
}

func str(b []byte, depth int, name, v string) []byte {
	b = next(b, depth, name)
	return quote(b, v)
}

func optString(b []byte, depth int, name, v string) []byte {
	if v == "" {
		return b
	}
	return str(b, depth, name, v)
}

func num(b []byte, depth int, name string, v float64) []byte {
	b = next(b, depth, name)
	return number(b, v)
}

func integer(b []byte, depth int, name string, v int64) []byte {
	b = next(b, depth, name)
	return strconv.AppendInt(b, v, 10)
}

func boolean(b []byte, depth int, name string, v bool) []byte {
	b = next(b, depth, name)
	return strconv.AppendBool(b, v)
}

// custom appends the "_" fields of the object at depth, verbatim.
func custom(b []byte, depth int, fs []Field) []byte {
	for _, f := range fs {
		b = next(b, depth, f.Name)
		if len(f.Raw) == 0 {
			b = append(b, "null"...)
			continue
		}
		b = append(b, f.Raw...)
	}
	return b
}

func creator(b []byte, depth int, c *Creator) []byte {
	b = first(b, depth, "name")
	b = quote(b, c.Name)
	b = str(b, depth, "version", c.Version)
	b = optString(b, depth, "comment", c.Comment)
	return closeObject(b, depth)
}

func pages(b []byte, depth int, ps []Page) []byte {
	b = member(b, depth, "pages")
	if len(ps) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = indent(b, depth+1)
		b = page(b, depth+1, &ps[i])
	}
	b = append(b, '\n')
	b = indent(b, depth)
	return append(b, ']')
}

func page(b []byte, depth int, p *Page) []byte {
	b = append(b, '{')
	sep := ""
	if t, ok := timeText(p.StartedDateTime); ok {
		b = append(b, '\n')
		b = member(b, depth+1, "startedDateTime")
		b = quote(b, t)
		sep = ","
	}
	b = append(b, sep...)
	b = append(b, '\n')
	b = member(b, depth+1, "id")
	b = quote(b, p.ID)
	b = str(b, depth, "title", p.Title)
	b = optString(b, depth, "comment", p.Comment)
	b = custom(b, depth, p.Custom)
	return closeObject(b, depth)
}

// timeText returns the text a Time is written as, and false for a zero
// Time (left out).
func timeText(t Time) (string, bool) {
	switch {
	case t.Raw != "":
		return t.Raw, true
	case !t.T.IsZero():
		return t.T.UTC().Format(TimeLayout), true
	}
	return "", false
}

func entry(b []byte, depth int, e *Entry) []byte {
	b = indent(b, depth)
	b = append(b, '{')
	var started bool
	open := func(name string) {
		if started {
			b = append(b, ',')
		}
		started = true
		b = append(b, '\n')
		b = member(b, depth+1, name)
	}
	if e.PageRef != "" {
		open("pageref")
		b = quote(b, e.PageRef)
	}
	if t, ok := timeText(e.StartedDateTime); ok {
		open("startedDateTime")
		b = quote(b, t)
	}
	open("time")
	b = number(b, e.Time)
	b = request(b, depth, &e.Request)
	b = response(b, depth, &e.Response)
	b = next(b, depth, "cache")
	b = append(b, "{}"...)
	b = next(b, depth, "timings")
	b = timings(b, depth+1, &e.Timings)
	b = optString(b, depth, "serverIPAddress", e.ServerIPAddress)
	b = optString(b, depth, "connection", e.Connection)
	b = optString(b, depth, "comment", e.Comment)
	b = custom(b, depth, e.Custom)
	return closeObject(b, depth)
}

func request(b []byte, depth int, q *Request) []byte {
	b = next(b, depth, "request")
	d := depth + 1
	b = first(b, d, "method")
	b = quote(b, q.Method)
	b = str(b, d, "url", q.URL)
	b = str(b, d, "httpVersion", q.HTTPVersion)
	b = cookies(b, d, q.Cookies)
	b = nameValues(b, d, "headers", q.Headers)
	b = nameValues(b, d, "queryString", q.QueryString)
	if q.PostData != nil {
		b = next(b, d, "postData")
		b = postData(b, d+1, q.PostData)
	}
	b = integer(b, d, "headersSize", q.HeadersSize)
	b = integer(b, d, "bodySize", q.BodySize)
	b = optString(b, d, "comment", q.Comment)
	b = custom(b, d, q.Custom)
	return closeObject(b, d)
}

func response(b []byte, depth int, s *Response) []byte {
	b = next(b, depth, "response")
	d := depth + 1
	b = first(b, d, "status")
	b = strconv.AppendInt(b, int64(s.Status), 10)
	b = str(b, d, "statusText", s.StatusText)
	b = str(b, d, "httpVersion", s.HTTPVersion)
	b = cookies(b, d, s.Cookies)
	b = nameValues(b, d, "headers", s.Headers)
	b = next(b, d, "content")
	b = content(b, d+1, &s.Content)
	b = str(b, d, "redirectURL", s.RedirectURL)
	b = integer(b, d, "headersSize", s.HeadersSize)
	b = integer(b, d, "bodySize", s.BodySize)
	b = optString(b, d, "comment", s.Comment)
	b = custom(b, d, s.Custom)
	return closeObject(b, d)
}

func content(b []byte, depth int, c *Content) []byte {
	b = first(b, depth, "size")
	b = strconv.AppendInt(b, c.Size, 10)
	if c.Compression != -1 {
		b = integer(b, depth, "compression", c.Compression)
	}
	b = str(b, depth, "mimeType", c.MimeType)
	if c.HasText || c.Text != "" {
		b = str(b, depth, "text", c.Text)
	}
	b = optString(b, depth, "encoding", c.Encoding)
	b = optString(b, depth, "comment", c.Comment)
	return closeObject(b, depth)
}

func postData(b []byte, depth int, p *PostData) []byte {
	b = first(b, depth, "mimeType")
	b = quote(b, p.MimeType)
	if len(p.Params) > 0 {
		b = next(b, depth, "params")
		b = append(b, '[')
		for i := range p.Params {
			pm := &p.Params[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '\n')
			b = indent(b, depth+2)
			b = first(b, depth+2, "name")
			b = quote(b, pm.Name)
			b = str(b, depth+2, "value", pm.Value)
			b = optString(b, depth+2, "fileName", pm.FileName)
			b = optString(b, depth+2, "contentType", pm.ContentType)
			b = optString(b, depth+2, "comment", pm.Comment)
			b = closeObject(b, depth+2)
		}
		b = append(b, '\n')
		b = indent(b, depth+1)
		b = append(b, ']')
	}
	if p.HasText || p.Text != "" {
		b = str(b, depth, "text", p.Text)
	}
	b = optString(b, depth, "comment", p.Comment)
	return closeObject(b, depth)
}

func cookies(b []byte, depth int, cs []Cookie) []byte {
	b = next(b, depth, "cookies")
	if len(cs) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i := range cs {
		c := &cs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = indent(b, depth+2)
		b = first(b, depth+2, "name")
		b = quote(b, c.Name)
		b = str(b, depth+2, "value", c.Value)
		b = optString(b, depth+2, "path", c.Path)
		b = optString(b, depth+2, "domain", c.Domain)
		b = optString(b, depth+2, "expires", c.Expires)
		b = boolean(b, depth+2, "httpOnly", c.HTTPOnly)
		b = boolean(b, depth+2, "secure", c.Secure)
		b = optString(b, depth+2, "sameSite", c.SameSite)
		b = optString(b, depth+2, "comment", c.Comment)
		b = closeObject(b, depth+2)
	}
	b = append(b, '\n')
	b = indent(b, depth+1)
	return append(b, ']')
}

func nameValues(b []byte, depth int, name string, nvs []NameValue) []byte {
	b = next(b, depth, name)
	if len(nvs) == 0 {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i := range nvs {
		nv := &nvs[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = indent(b, depth+2)
		b = first(b, depth+2, "name")
		b = quote(b, nv.Name)
		b = str(b, depth+2, "value", nv.Value)
		b = optString(b, depth+2, "comment", nv.Comment)
		b = closeObject(b, depth+2)
	}
	b = append(b, '\n')
	b = indent(b, depth+1)
	return append(b, ']')
}

func timings(b []byte, depth int, t *Timings) []byte {
	b = first(b, depth, "blocked")
	b = number(b, t.Blocked)
	b = num(b, depth, "dns", t.DNS)
	b = num(b, depth, "connect", t.Connect)
	b = num(b, depth, "send", t.Send)
	b = num(b, depth, "wait", t.Wait)
	b = num(b, depth, "receive", t.Receive)
	b = num(b, depth, "ssl", t.SSL)
	b = optString(b, depth, "comment", t.Comment)
	return closeObject(b, depth)
}
