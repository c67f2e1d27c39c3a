package har

import (
	"fmt"
	"slices"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// The top level of a HAR: the object around log, and the members of log
// other than its entries (version, creator, browser, pages, comment,
// custom fields), read on the caller's goroutine while no batch of
// entries is being framed. Each member's value is found by the scanner
// and parsed by the parser like an entry.

// startLog reads from the top-level '{' up to the log object.
func (r *Reader) startLog() error {
	sc := r.sc
	sc.Skip(1) // '{', checked by skipPrefix
	first := true
	for {
		c, ok := sc.Peek()
		if !ok {
			return r.scanError(jsonscan.ErrEOF)
		}
		if c == '}' {
			return r.scanError(fmt.Errorf("%w: no \"log\" object", ErrNotHAR))
		}
		if !first {
			if c != ',' {
				return r.unexpected("',' or '}' after an object member")
			}
			sc.Skip(1)
		}
		first = false
		name, err := r.memberName()
		if err != nil {
			return err
		}
		if name != "log" {
			if _, _, err := r.rawValue(); err != nil {
				return err
			}
			continue
		}
		c, ok = sc.Peek()
		if !ok {
			return r.scanError(jsonscan.ErrEOF)
		}
		if c != '{' {
			return r.scanError(fmt.Errorf("%w: \"log\" is %s, not an object", ErrNotHAR, kindName(jsontext.Kind(kindOf(c)))))
		}
		sc.Skip(1)
		r.state = stateLog
		return nil
	}
}

// kindOf maps the first byte of a JSON value to its jsontext kind byte.
func kindOf(c byte) byte {
	switch {
	case c == '-' || c >= '0' && c <= '9':
		return '0'
	case c == '{' || c == '[' || c == '"' || c == 't' || c == 'f' || c == 'n':
		return c
	}
	return 0
}

// memberName reads an object member's name and the colon after it.
func (r *Reader) memberName() (string, error) {
	sc := r.sc
	c, ok := sc.Peek()
	if !ok {
		return "", r.scanError(jsonscan.ErrEOF)
	}
	if c != '"' {
		return "", r.unexpected("a member name")
	}
	off := sc.Offset()
	raw, err := sc.Walk(nil)
	if err != nil {
		return "", r.scanError(err)
	}
	name, ok := rawString(raw)
	if !ok {
		return "", r.errorf(off, fmt.Errorf("invalid member name %s", raw))
	}
	c, ok = sc.Peek()
	if !ok {
		return "", r.scanError(jsonscan.ErrEOF)
	}
	if c != ':' {
		return "", r.unexpected("':' after a member name")
	}
	sc.Skip(1)
	return name, nil
}

// rawValue scans the next value and returns its bytes (valid until the
// next scan) and offset, without tokenising it.
func (r *Reader) rawValue() ([]byte, int64, error) {
	sc := r.sc
	if _, ok := sc.Peek(); !ok {
		return nil, 0, r.scanError(jsonscan.ErrEOF)
	}
	off := sc.Offset()
	v, err := sc.Walk(nil)
	if err != nil {
		return nil, 0, r.scanError(err)
	}
	return v, off, nil
}

// readLogMembers reads members of log until log.entries opens (false) or
// the log object and the top-level object end (true).
func (r *Reader) readLogMembers() (bool, error) {
	sc := r.sc
	for {
		c, ok := sc.Peek()
		if !ok {
			return false, r.scanError(jsonscan.ErrEOF)
		}
		if c == '}' {
			sc.Skip(1) // end of log
			if !r.entries {
				r.warnings = append(r.warnings, Warning{Entry: -1, Offset: sc.Offset(), Field: "log.entries", Msg: "missing; the file has no entries"})
			}
			// The rest of the top-level object is not ours to read, but
			// it must be there: a file cut after log is still cut.
			for {
				c, ok := sc.Peek()
				if !ok {
					return false, r.scanError(jsonscan.ErrEOF)
				}
				if c == '}' {
					sc.Skip(1)
					return true, nil
				}
				if c != ',' {
					return false, r.unexpected("',' or '}' after an object member")
				}
				sc.Skip(1)
				if _, err := r.memberName(); err != nil {
					return false, err
				}
				if _, _, err := r.rawValue(); err != nil {
					return false, err
				}
			}
		}
		if r.afterMember {
			if c != ',' {
				return false, r.unexpected("',' or '}' after an object member")
			}
			sc.Skip(1)
		}
		r.afterMember = true
		name, err := r.memberName()
		if err != nil {
			return false, err
		}
		if name == "entries" {
			r.entries = true
			c, ok := sc.Peek()
			if !ok {
				return false, r.scanError(jsonscan.ErrEOF)
			}
			if c == '[' {
				sc.Skip(1)
				r.state = stateEntries
				r.fr.scan.afterEntry = false
				return false, nil
			}
		}
		v, off, err := r.rawValue()
		if err != nil {
			return false, err
		}
		// A long value the scanner shortened: its marks for the offsets,
		// and a warning (long.go).
		var cuts []cut
		if shs := sc.Shortened; len(shs) > 0 {
			at := make([]int, len(shs))
			for i, sh := range shs {
				at[i] = sh.Start
				for _, m := range sh.Marks {
					cuts = append(cuts, cut{at: int64(m.At), removed: m.Raw - int64(m.Len), mark: true})
				}
			}
			for _, w := range longWarnings("log."+name, v, off, shs, at, make([]bool, len(shs))) {
				w.Entry = -1
				r.warnings = append(r.warnings, w)
			}
		}
		err = r.parse(-1, &r.warnings, v, off, cuts, false, func(p *parser) error {
			switch name {
			case "entries":
				return p.skipOrWarn("log.entries", "array")
			case "version":
				var err error
				r.log.Version, err = p.str("log.version")
				return err
			case "creator":
				return p.creator("log.creator", &r.log.Creator)
			case "browser":
				if p.d.PeekKind() == 'n' {
					_, err := p.d.ReadToken()
					if err != nil {
						return p.fail(err)
					}
					return nil
				}
				r.log.Browser = new(Creator)
				return p.creator("log.browser", r.log.Browser)
			case "pages":
				return p.array("log.pages", func(i int) error {
					var pg Page
					if err := p.page(fmt.Sprintf("log.pages[%d]", i), &pg); err != nil {
						return err
					}
					r.log.Pages = append(r.log.Pages, pg)
					return nil
				})
			case "comment":
				var err error
				r.log.Comment, err = p.str("log.comment")
				return err
			default:
				return p.custom(name, &r.log.Custom)
			}
		})
		if err != nil {
			return false, err
		}
	}
}

// scanError reports a structural error found by the scanner at pos.
func (r *Reader) scanError(err error) error {
	if r.sc.Err() != nil {
		err = fmt.Errorf("reading input: %w", r.sc.Err())
	}
	return r.errorf(r.sc.Offset(), err)
}

// unexpected reports a byte that cannot be where it is.
func (r *Reader) unexpected(what string) error {
	c, ok := r.sc.Peek()
	if !ok {
		return r.scanError(jsonscan.ErrEOF)
	}
	return r.scanError(fmt.Errorf("invalid character %q, expected %s", c, what))
}

// danglingPagerefs warns, once the whole file has been read, of each
// pageref that names no page, at the first entry using it.
func (r *Reader) danglingPagerefs() {
	ids := make(map[string]bool, len(r.log.Pages))
	for _, p := range r.log.Pages {
		ids[p.ID] = true
	}
	var dangling []Warning
	for id, first := range r.pagerefs {
		if !ids[id] {
			dangling = append(dangling, Warning{Entry: first, Offset: -1, Field: "pageref",
				Msg: fmt.Sprintf("%q names no page in log.pages", id)})
		}
	}
	// Deterministic order: by first entry (each id has its own).
	slices.SortFunc(dangling, func(a, b Warning) int { return a.Entry - b.Entry })
	r.warnings = append(r.warnings, dangling...)
}
