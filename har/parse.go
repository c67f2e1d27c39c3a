package har

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// parser reads typed HAR values from the tokens of one value (an entry,
// or a log member) that the scanner has delimited. A value of an
// unexpected kind is consumed whole, recorded as a warning with its raw
// text, and reading goes on: only a syntax error (a broken file) stops it.
type parser struct {
	r     *Reader
	d     tokenReader
	base  int64 // input offset of the first byte of the value
	cuts  []cut // bodies cut out of the value before tokenising
	cut   int   // index of the next cut to be met
	entry int
	warn  *[]Warning
	raw   []byte // the block custom copies raw values into (custom)
}

// skip consumes the next value, checking only that it is well-formed.
func (p *parser) skip() error {
	if err := p.d.SkipValue(); err != nil {
		return p.fail(err)
	}
	return nil
}

// cut is a response body removed from an entry's bytes: at is where its
// empty replacement "" stands in the bytes the decoder sees, removed how
// many bytes less than the original there are.
type cut struct {
	at      int64
	removed int64
	textLen int  // length of the body's JSON string content, as written
	mark    bool // not a body: where a long value was cut (long.go), its marker in place
}

var decodeOptions = []jsontext.Options{
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
}

// parse runs fn over the tokens of data: one value, delimited by the
// scanner, at input offset base, with the bodies in cuts cut out. valid
// says the framer's walk found the value valid JSON: its tokens are then
// read by validTokens, and an error from that reading is errNotFast's
// (the caller reads the value again with valid false).
func (r *Reader) parse(entry int, warn *[]Warning, data []byte, base int64, cuts []cut, valid bool, fn func(p *parser) error) error {
	var d tokenReader
	if valid {
		r.fast.reset(data)
		d = &r.fast
	} else {
		r.br.Reset(data)
		if r.dec == nil {
			r.dec = jsontext.NewDecoder(&r.br, decodeOptions...)
		} else {
			r.dec.Reset(&r.br, decodeOptions...)
		}
		d = r.dec
	}
	p := &parser{r: r, d: d, base: base, cuts: cuts, entry: entry, warn: warn}
	err := fn(p)
	if err == nil {
		err = p.end()
	}
	return err
}

// parseEntry parses the entry r.index from data (bodies cut out as cuts
// say), at input offset off. An entry the framer's walk found valid
// (valid) is read by validTokens first, and again by jsontext's decoder
// only if that fails, so that every error is the decoder's.
func (r *Reader) parseEntry(data []byte, off int64, cuts []cut, valid bool) (*Entry, error) {
	if valid && !r.careful {
		if e, err := r.parseEntryBy(data, off, cuts, true); err == nil {
			return e, nil
		}
	}
	return r.parseEntryBy(data, off, cuts, false)
}

func (r *Reader) parseEntryBy(data []byte, off int64, cuts []cut, valid bool) (*Entry, error) {
	e := newEntry(r.index, off)
	err := r.parse(r.index, &e.Warnings, data, off, cuts, valid, func(p *parser) error {
		return p.object("", func(name string) error {
			switch name {
			case "pageref":
				s, err := p.str("pageref")
				e.PageRef = s
				return err
			case "startedDateTime":
				return p.time("startedDateTime", &e.StartedDateTime)
			case "time":
				return p.float("time", &e.Time)
			case "request":
				return p.request(&e.Request)
			case "response":
				return p.response(&e.Response)
			case "timings":
				return p.timings(&e.Timings)
			case "serverIPAddress":
				s, err := p.str("serverIPAddress")
				e.ServerIPAddress = s
				return err
			case "connection":
				s, err := p.str("connection")
				e.Connection = s
				return err
			case "comment":
				s, err := p.str("comment")
				e.Comment = s
				return err
			case "cache":
				return p.skip()
			default:
				return p.custom(name, &e.Custom)
			}
		})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// orig maps an offset in the decoder's bytes to the input offset.
func (p *parser) orig(x int64) int64 {
	o := p.base + x
	for _, c := range p.cuts {
		if c.at < x {
			o += c.removed
		}
	}
	return o
}

func (p *parser) offset() int64 { return p.orig(p.d.InputOffset()) }

// valueOffset returns the input offset of the next value, past the
// white space and separators before it.
func (p *parser) valueOffset() int64 { return p.orig(nextValueAt(p.d)) }

// nextValueAt returns where d's next value starts, in d's input: past
// the white space and separators after the last token read. It peeks
// at the value first, so that they are buffered: jsontext's decoder
// reads its input in blocks, and when a block ends right after a
// member's name its unread buffer is empty: that had put a warning's
// offset on the colon (found by FuzzValidTokens) and left a long
// value's warning without its field (TestOffsetsAtBlockEnds,
// TestPointersAtBlockEnds).
func nextValueAt(d tokenReader) int64 {
	d.PeekKind()
	b := d.UnreadBuffer()
	return d.InputOffset() + int64(len(b)-len(bytes.TrimLeft(b, " \t\r\n,:")))
}

// fail turns a decoder error into a located ParseError.
func (p *parser) fail(err error) error {
	off := p.offset()
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		off = p.orig(se.ByteOffset)
		if se.Err != nil {
			err = se.Err
		}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		err = jsonscan.ErrEOF
	}
	return &ParseError{File: p.r.Name, Entry: p.entry, Offset: off, Err: err}
}

// end checks that the value has been read whole.
func (p *parser) end() error {
	if _, err := p.d.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("unexpected data after the value")
		}
		return p.fail(err)
	}
	return nil
}

// bodyCut returns the cut standing at the decoder's next value, if any.
func (p *parser) bodyCut() (cut, bool) {
	at := nextValueAt(p.d)
	for _, c := range p.cuts {
		if c.at == at && !c.mark {
			return c, true
		}
	}
	return cut{}, false
}

// keepRaw consumes the next value and records it with a warning.
func (p *parser) keepRaw(path, want string) error {
	off := p.valueOffset()
	v, err := p.d.ReadValue()
	if err != nil {
		return p.fail(err)
	}
	p.warnf(off, path, v, "expected %s, got %s; kept raw", want, describe(v))
	return nil
}

func (p *parser) warnf(off int64, path string, raw []byte, format string, args ...any) {
	w := Warning{Entry: p.entry, Offset: off, Field: path, Msg: fmt.Sprintf(format, args...)}
	if raw != nil {
		w.Raw = bytes.Clone(raw)
	}
	*p.warn = append(*p.warn, w)
}

// skipOrWarn consumes a value of the wrong kind where want was expected;
// null is accepted silently as "absent".
func (p *parser) skipOrWarn(path, want string) error {
	if p.d.PeekKind() == 'n' {
		_, err := p.d.ReadToken()
		if err != nil {
			return p.fail(err)
		}
		return nil
	}
	return p.keepRaw(path, want)
}

// object reads an object, calling member for each member name; member must
// consume the value. null is treated as absent.
func (p *parser) object(path string, member func(name string) error) error {
	switch p.d.PeekKind() {
	case '{':
	case 0:
		_, err := p.d.ReadToken()
		return p.fail(err)
	default:
		return p.skipOrWarn(path, "an object")
	}
	if _, err := p.d.ReadToken(); err != nil {
		return p.fail(err)
	}
	for p.d.PeekKind() != '}' {
		name, err := p.name()
		if err != nil {
			return err
		}
		if err := member(name); err != nil {
			return err
		}
	}
	if _, err := p.d.ReadToken(); err != nil {
		return p.fail(err)
	}
	return nil
}

// array reads an array, calling elem for each element. A lone object where
// an array was expected (IE11 writes request.cookies so) is read as a
// one-element array, with a warning.
// name reads a member name. The names a HAR has (memberNames) are not
// allocated again for each entry.
func (p *parser) name() (string, error) {
	if p.d.PeekKind() != '"' {
		tok, err := p.d.ReadToken()
		if err != nil {
			return "", p.fail(err)
		}
		return "", p.fail(fmt.Errorf("expected a member name, got %v", tok.Kind()))
	}
	v, err := p.d.ReadValue()
	if err != nil {
		return "", p.fail(err)
	}
	return p.unquoteKnown(v, memberNames)
}

// unquoteKnown unquotes the JSON string v as the tokenizer does (each byte
// that is not UTF-8 a U+FFFD), taking a plain string that is in known
// from there rather than allocating it.
func (p *parser) unquoteKnown(v jsontext.Value, known *knownNames) (string, error) {
	raw := v[1 : len(v)-1]
	// A known name is plain ASCII: bytes that spell one are the string.
	if s, ok := known.lookup(raw); ok {
		return s, nil
	}
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return string(raw), nil
	}
	tok, err := jsontext.NewDecoder(bytes.NewReader(v), decodeOptions...).ReadToken()
	if err != nil {
		return "", p.fail(err)
	}
	return tok.String(), nil
}

// memberNames holds the member names of a HAR's objects, the HAR 1.2
// fields and the custom fields browsers write: the names of every entry.
var memberNames = newKnownNames(strings.Fields(`log version creator browser pages entries comment name startedDateTime id
		title pageTimings onContentLoad onLoad pageref time request response cache timings serverIPAddress
		connection method url httpVersion cookies headers queryString postData headersSize bodySize value
		path domain expires httpOnly secure sameSite mimeType params text fileName contentType status
		statusText content redirectURL size compression encoding beforeRequest afterRequest lastAccess eTag
		hitCount blocked dns connect send wait receive ssl _initiator _priority _resourceType _fetchType
		_transferSize _error _fromCache _fromDiskCache _webSocketMessages _securityDetails _connectionId
		_serverPort _wasFetchedViaServiceWorker _blocked_queueing _blocked_proxy _workerStart _workerReady
		_workerFetchStart _workerRespondWithSettled _isLinkPreload type stack callFrames functionName
		scriptId lineNumber columnNumber parent description _charlesStatus _timestamp _timings`))

func (p *parser) array(path string, elem func(i int) error) error {
	switch p.d.PeekKind() {
	case '[':
	case '{':
		p.warnf(p.valueOffset(), path, nil, "expected an array, got an object; read as a one-element array")
		return elem(0)
	case 0:
		_, err := p.d.ReadToken()
		return p.fail(err)
	default:
		return p.skipOrWarn(path, "an array")
	}
	if _, err := p.d.ReadToken(); err != nil {
		return p.fail(err)
	}
	for i := 0; p.d.PeekKind() != ']'; i++ {
		if err := elem(i); err != nil {
			return err
		}
	}
	if _, err := p.d.ReadToken(); err != nil {
		return p.fail(err)
	}
	return nil
}

// str reads a string. null reads as ""; a number or boolean is kept as its
// JSON text, with a warning.
func (p *parser) str(path string) (string, error) {
	switch p.d.PeekKind() {
	case '"':
		tok, err := p.d.ReadToken()
		if err != nil {
			return "", p.fail(err)
		}
		return tok.String(), nil
	case 'n':
		_, err := p.d.ReadToken()
		if err != nil {
			return "", p.fail(err)
		}
		return "", nil
	case '0', 't', 'f':
		off := p.valueOffset()
		v, err := p.d.ReadValue()
		if err != nil {
			return "", p.fail(err)
		}
		p.warnf(off, path, v, "expected a string, got %s; read as text", describe(v))
		return string(v), nil
	case 0:
		_, err := p.d.ReadToken()
		return "", p.fail(err)
	default:
		return "", p.keepRaw(path, "a string")
	}
}

// text reads a string; an object or array (chrome-har writes parsed JSON
// bodies so) is kept as its JSON text, with a warning.
// knownStr is str for a string that is often one of known's: that one
// is not allocated again.
func (p *parser) knownStr(path string, known *knownNames) (string, error) {
	if p.d.PeekKind() == '"' {
		v, err := p.d.ReadValue()
		if err != nil {
			return "", p.fail(err)
		}
		return p.unquoteKnown(v, known)
	}
	return p.str(path)
}

// headerNames holds the HTTP header names most requests and responses
// carry, as HTTP/2 (lower case) and HTTP/1.1 write them.
var headerNames = func() *knownNames {
	var names []string
	for _, n := range strings.Fields(`:authority :method :path :scheme :status accept accept-encoding accept-language
		accept-ranges access-control-allow-origin access-control-allow-credentials access-control-expose-headers
		age alt-svc cache-control connection content-encoding content-length content-type content-security-policy
		cookie cross-origin-resource-policy date etag expires host last-modified location origin pragma priority
		referer referrer-policy sec-ch-ua sec-ch-ua-mobile sec-ch-ua-platform sec-fetch-dest sec-fetch-mode
		sec-fetch-site sec-fetch-user server set-cookie strict-transport-security timing-allow-origin
		upgrade-insecure-requests user-agent vary via x-content-type-options x-frame-options x-xss-protection
		report-to nel cf-ray cf-cache-status x-cache content-disposition keep-alive transfer-encoding dnt te
		proxy-connection if-none-match if-modified-since range content-range x-requested-with`) {
		names = append(names, n)
		// HTTP/1.1's Title-Case.
		parts := strings.Split(n, "-")
		for i, p := range parts {
			if p != "" && p[0] != ':' {
				parts[i] = strings.ToUpper(p[:1]) + p[1:]
			}
		}
		names = append(names, strings.Join(parts, "-"))
	}
	return newKnownNames(names)
}()

func (p *parser) text(path string) (string, error) {
	switch p.d.PeekKind() {
	case '{', '[':
		off := p.valueOffset()
		v, err := p.d.ReadValue()
		if err != nil {
			return "", p.fail(err)
		}
		p.warnf(off, path, nil, "expected a string, got %s; kept its JSON text", describe(v))
		return string(v), nil
	}
	return p.str(path)
}

// float reads a number into *f. null leaves *f unchanged (unknown); a
// numeric string is accepted with a warning.
func (p *parser) float(path string, f *float64) error {
	switch p.d.PeekKind() {
	case '0':
		off := p.valueOffset()
		tok, err := p.d.ReadToken()
		if err != nil {
			return p.fail(err)
		}
		v, ferr := tok.Float()
		if ferr != nil {
			p.warnf(off, path, []byte(tok.String()), "number out of range: %v", ferr)
		}
		*f = v
		return nil
	case 'n':
		_, err := p.d.ReadToken()
		if err != nil {
			return p.fail(err)
		}
		return nil
	case '"':
		off := p.valueOffset()
		tok, err := p.d.ReadToken()
		if err != nil {
			return p.fail(err)
		}
		s := tok.String()
		if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			*f = v
			p.warnf(off, path, nil, "expected a number, got the string %q; read as %v", s, v)
			return nil
		}
		p.warnf(off, path, []byte(strconv.Quote(s)), "expected a number, got the string %q; kept raw", s)
		return nil
	case 0:
		_, err := p.d.ReadToken()
		return p.fail(err)
	default:
		return p.keepRaw(path, "a number")
	}
}

// size reads a byte count; fractions are truncated, and an unknown size
// stays -1.
func (p *parser) size(path string, n *int64) error {
	f := float64(*n)
	if err := p.float(path, &f); err != nil {
		return err
	}
	*n = int64(f)
	return nil
}

func (p *parser) boolean(path string, b *bool) error {
	switch p.d.PeekKind() {
	case 't', 'f':
		tok, err := p.d.ReadToken()
		if err != nil {
			return p.fail(err)
		}
		*b = tok.Bool()
		return nil
	case 'n':
		_, err := p.d.ReadToken()
		if err != nil {
			return p.fail(err)
		}
		return nil
	case 0:
		_, err := p.d.ReadToken()
		return p.fail(err)
	default:
		return p.keepRaw(path, "a boolean")
	}
}

// custom keeps a member as a raw Field. The raw values of one entry are
// copied into blocks of the parser's (raw) rather than one allocation
// each: browsers write half a dozen custom fields an entry.
func (p *parser) custom(name string, fs *[]Field) error {
	v, err := p.d.ReadValue()
	if err != nil {
		return p.fail(err)
	}
	if *fs == nil {
		*fs = make([]Field, 0, 4)
	}
	if cap(p.raw)-len(p.raw) < len(v) {
		// A new block; the fields cut from the last keep it.
		p.raw = make([]byte, 0, max(customBlock, len(v)))
	}
	start := len(p.raw)
	p.raw = append(p.raw, v...)
	*fs = append(*fs, Field{Name: name, Raw: p.raw[start:len(p.raw):len(p.raw)]})
	return nil
}

// customBlock is the size of the blocks custom copies raw values into.
const customBlock = 512

func (p *parser) time(path string, t *Time) error {
	off := p.valueOffset()
	s, err := p.str(path)
	if err != nil {
		return err
	}
	t.Raw = s
	tt, err := ParseTime(s)
	if err != nil {
		p.warnf(off, path, nil, "%v; kept as written", err)
		return nil
	}
	t.T = tt
	return nil
}

// ParseTime parses a HAR date-time as real producers write it: ISO 8601
// with 0 to 9 fractional digits and a Z or numeric offset (with or without
// a colon). The result is in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if _, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		return time.Time{}, fmt.Errorf("date-time %q has no time zone", s)
	}
	return time.Time{}, fmt.Errorf("date-time %q is not ISO 8601", s)
}

func (p *parser) creator(path string, c *Creator) error {
	return p.object(path, func(name string) error {
		var err error
		switch name {
		case "name":
			c.Name, err = p.str(path + ".name")
		case "version":
			c.Version, err = p.str(path + ".version")
		case "comment":
			c.Comment, err = p.str(path + ".comment")
		default:
			err = p.skip()
		}
		return err
	})
}

func (p *parser) page(path string, pg *Page) error {
	return p.object(path, func(name string) error {
		var err error
		switch name {
		case "startedDateTime":
			err = p.time(path+".startedDateTime", &pg.StartedDateTime)
		case "id":
			pg.ID, err = p.str(path + ".id")
		case "title":
			pg.Title, err = p.str(path + ".title")
		case "comment":
			pg.Comment, err = p.str(path + ".comment")
		default:
			err = p.custom(name, &pg.Custom)
		}
		return err
	})
}

func (p *parser) request(q *Request) error {
	return p.object("request", func(name string) error {
		var err error
		switch name {
		case "method":
			q.Method, err = p.str("request.method")
		case "url":
			q.URL, err = p.str("request.url")
		case "httpVersion":
			q.HTTPVersion, err = p.str("request.httpVersion")
		case "cookies":
			err = p.cookies("request.cookies", requestCookiePaths, &q.Cookies)
		case "headers":
			err = p.nameValues("request.headers", requestHeaderPaths, &q.Headers)
		case "queryString":
			if p.r.Lean && hasQuery(q.URL) {
				// The URL, read already, has the query: lean reading
				// leaves its copy out (see Reader.Lean).
				err = p.skip()
				break
			}
			err = p.nameValues("request.queryString", queryStringPaths, &q.QueryString)
		case "postData":
			if p.d.PeekKind() == 'n' {
				err = p.skipOrWarn("request.postData", "an object")
				break
			}
			pd := new(PostData)
			err = p.postData(pd)
			q.PostData = pd
		case "headersSize":
			err = p.size("request.headersSize", &q.HeadersSize)
		case "bodySize":
			err = p.size("request.bodySize", &q.BodySize)
		case "comment":
			q.Comment, err = p.str("request.comment")
		default:
			err = p.custom(name, &q.Custom)
		}
		return err
	})
}

func (p *parser) response(s *Response) error {
	return p.object("response", func(name string) error {
		var err error
		switch name {
		case "status":
			f := float64(0)
			err = p.float("response.status", &f)
			s.Status = int(f)
		case "statusText":
			s.StatusText, err = p.str("response.statusText")
		case "httpVersion":
			s.HTTPVersion, err = p.str("response.httpVersion")
		case "cookies":
			err = p.cookies("response.cookies", responseCookiePaths, &s.Cookies)
		case "headers":
			err = p.nameValues("response.headers", responseHeaderPaths, &s.Headers)
		case "content":
			err = p.content(&s.Content)
		case "redirectURL":
			s.RedirectURL, err = p.str("response.redirectURL")
		case "headersSize":
			err = p.size("response.headersSize", &s.HeadersSize)
		case "bodySize":
			err = p.size("response.bodySize", &s.BodySize)
		case "comment":
			s.Comment, err = p.str("response.comment")
		default:
			err = p.custom(name, &s.Custom)
		}
		return err
	})
}

func (p *parser) content(c *Content) error {
	return p.object("response.content", func(name string) error {
		var err error
		switch name {
		case "size":
			err = p.size("response.content.size", &c.Size)
		case "compression":
			err = p.size("response.content.compression", &c.Compression)
		case "mimeType":
			c.MimeType, err = p.str("response.content.mimeType")
		case "text":
			if p.r.Bodies || p.d.PeekKind() != '"' {
				c.Text, err = p.str("response.content.text")
				c.HasText = true
				c.TextLen = len(c.Text)
				break
			}
			bc, cutHere := p.bodyCut()
			v, rerr := p.d.ReadValue()
			if rerr != nil {
				return p.fail(rerr)
			}
			c.HasText = true
			c.TextLen = len(v) - 2
			if cutHere {
				c.TextLen = bc.textLen
			}
		case "encoding":
			c.Encoding, err = p.str("response.content.encoding")
		case "comment":
			c.Comment, err = p.str("response.content.comment")
		default:
			err = p.skip()
		}
		return err
	})
}

func (p *parser) postData(pd *PostData) error {
	return p.object("request.postData", func(name string) error {
		var err error
		switch name {
		case "mimeType":
			pd.MimeType, err = p.str("request.postData.mimeType")
		case "text":
			pd.Text, err = p.str("request.postData.text")
			pd.HasText = true
		case "params":
			err = p.array("request.postData.params", func(int) error {
				var pm Param
				err := p.object("request.postData.params", func(name string) error {
					var err error
					switch name {
					case "name":
						pm.Name, err = p.str("request.postData.params.name")
					case "value":
						pm.Value, err = p.text("request.postData.params.value")
					case "fileName":
						pm.FileName, err = p.str("request.postData.params.fileName")
					case "contentType":
						pm.ContentType, err = p.str("request.postData.params.contentType")
					case "comment":
						pm.Comment, err = p.str("request.postData.params.comment")
					default:
						err = p.skip()
					}
					return err
				})
				pd.Params = append(pd.Params, pm)
				return err
			})
		case "comment":
			pd.Comment, err = p.str("request.postData.comment")
		default:
			err = p.skip()
		}
		return err
	})
}

// The paths of the members of the arrays every entry has, for warnings:
// made once, not for each entry.
var (
	requestHeaderPaths  = fieldPaths("request.headers", nameValueFields)
	queryStringPaths    = fieldPaths("request.queryString", nameValueFields)
	responseHeaderPaths = fieldPaths("response.headers", nameValueFields)
	requestCookiePaths  = fieldPaths("request.cookies", cookieFields)
	responseCookiePaths = fieldPaths("response.cookies", cookieFields)
)

var (
	nameValueFields = []string{".name", ".value", ".comment"}
	cookieFields    = []string{".name", ".value", ".path", ".domain", ".expires", ".httpOnly", ".secure", ".sameSite", ".comment"}
)

// fieldPaths returns path+f for each of fields.
func fieldPaths(path string, fields []string) []string {
	ps := make([]string, len(fields))
	for i, f := range fields {
		ps[i] = path + f
	}
	return ps
}

// nameValues reads an array of name/value objects; paths are its
// members' paths (fieldPaths of nameValueFields).
func (p *parser) nameValues(path string, paths []string, out *[]NameValue) error {
	pn, pv, pc := paths[0], paths[1], paths[2]
	// The pairs are gathered in a buffer the Reader reuses and copied
	// out once: not a doubling series of slices for each entry.
	nvs := p.r.nvs[:0]
	defer func() {
		*out = append(*out, nvs...)
		clear(nvs)
		p.r.nvs = nvs[:0]
	}()
	if p.arrayAtOnce(nameValueMembers, nil, func(vals [][]byte) bool {
		var nv NameValue
		ok := validText(&nv.Name, vals[0], headerNames) && validText(&nv.Value, vals[1], nil) &&
			validText(&nv.Comment, vals[2], nil)
		nvs = append(nvs, nv)
		return ok
	}) {
		return nil
	}
	clear(nvs)
	nvs = nvs[:0]
	return p.array(path, func(int) error {
		var nv NameValue
		err := p.object(path, func(name string) error {
			var err error
			switch name {
			case "name":
				nv.Name, err = p.knownStr(pn, headerNames)
			case "value":
				nv.Value, err = p.str(pv)
			case "comment":
				nv.Comment, err = p.str(pc)
			default:
				err = p.skip()
			}
			return err
		})
		nvs = append(nvs, nv)
		return err
	})
}

// arrayAtOnce reads the next value at once when it is an array of an
// entry the framer's walk found valid: jsonscan.ObjectsPrefix reads it as
// it reads a skim's, and calls take with each object's raw values (of
// strs, then bools). It reports whether the array was read; when not
// (not such an array, or an object ObjectsPrefix or take gave way on: a
// value that is not a string, an escaped or duplicate member name, a
// nested value, text that is not UTF-8 — what warns or needs the
// decoder), nothing is consumed, and the caller drops what take kept and
// reads the array token by token. Headers and cookies are most of an
// entry: reading them so took 8–20 % off parsing an entry at hargen's
// three densities (issue 15, BenchmarkParseEntries).
func (p *parser) arrayAtOnce(strs, bools []string, take func(vals [][]byte) bool) bool {
	t, ok := p.d.(*validTokens)
	if !ok {
		return false
	}
	i := t.next()
	if i >= len(t.v) || t.v[i] != '[' {
		return false
	}
	good := true
	end, ok := jsonscan.ObjectsPrefix(t.v[i:], strs, bools, p.r.vals[:], func(vals [][]byte) {
		good = take(vals) && good
	})
	if !ok || !good {
		return false
	}
	t.advance(i + end)
	p.r.arraysAtOnce++
	return true
}

// validText sets *dst to the text of raw, a string or null that
// jsonscan.Objects found (nil when absent), as the parser's str reads it
// from validTokens: a known string, when known has it, is not allocated
// again. It reports false where validTokens would give way (a string
// that is not UTF-8).
func validText(dst *string, raw []byte, known *knownNames) bool {
	if raw == nil || raw[0] == 'n' {
		*dst = ""
		return true
	}
	if known != nil {
		if s, ok := known.lookup(raw[1 : len(raw)-1]); ok {
			*dst = s
			return true
		}
	}
	s, ok := unquoteValid(raw)
	*dst = s
	return ok
}

// cookies reads an array of cookies; fp are its members' paths
// (fieldPaths of cookieFields).
func (p *parser) cookies(path string, fp []string, out *[]Cookie) error {
	cs := p.r.cookies[:0] // as nameValues gathers its pairs
	defer func() {
		*out = append(*out, cs...)
		clear(cs)
		p.r.cookies = cs[:0]
	}()
	if p.arrayAtOnce(cookieStringMembers, cookieBoolMembers, func(vals [][]byte) bool {
		c := Cookie{HTTPOnly: string(vals[7]) == "true", Secure: string(vals[8]) == "true"}
		ok := validText(&c.Name, vals[0], nil) && validText(&c.Value, vals[1], nil) &&
			validText(&c.Path, vals[2], nil) && validText(&c.Domain, vals[3], nil) &&
			validText(&c.Expires, vals[4], nil) && validText(&c.SameSite, vals[5], nil) &&
			validText(&c.Comment, vals[6], nil)
		cs = append(cs, c)
		return ok
	}) {
		return nil
	}
	clear(cs)
	cs = cs[:0]
	return p.array(path, func(int) error {
		var c Cookie
		err := p.object(path, func(name string) error {
			var err error
			switch name {
			case "name":
				c.Name, err = p.str(fp[0])
			case "value":
				c.Value, err = p.str(fp[1])
			case "path":
				c.Path, err = p.str(fp[2])
			case "domain":
				c.Domain, err = p.str(fp[3])
			case "expires":
				c.Expires, err = p.str(fp[4])
			case "httpOnly":
				err = p.boolean(fp[5], &c.HTTPOnly)
			case "secure":
				err = p.boolean(fp[6], &c.Secure)
			case "sameSite":
				c.SameSite, err = p.str(fp[7])
			case "comment":
				c.Comment, err = p.str(fp[8])
			default:
				err = p.skip()
			}
			return err
		})
		cs = append(cs, c)
		return err
	})
}

func (p *parser) timings(t *Timings) error {
	return p.object("timings", func(name string) error {
		var err error
		switch name {
		case "blocked":
			err = p.float("timings.blocked", &t.Blocked)
		case "dns":
			err = p.float("timings.dns", &t.DNS)
		case "connect":
			err = p.float("timings.connect", &t.Connect)
		case "send":
			err = p.float("timings.send", &t.Send)
		case "wait":
			err = p.float("timings.wait", &t.Wait)
		case "receive":
			err = p.float("timings.receive", &t.Receive)
		case "ssl":
			err = p.float("timings.ssl", &t.SSL)
		case "comment":
			t.Comment, err = p.str("timings.comment")
		default:
			err = p.skip()
		}
		return err
	})
}

// describe names the kind of a raw JSON value for messages.
func describe(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "the number " + string(v)
	}
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '0':
		return "a number"
	}
	return "nothing"
}

// rawString unquotes a raw JSON string value.
func rawString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	v, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		return "", false
	}
	return string(v), true
}
