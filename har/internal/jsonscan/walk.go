package jsonscan

import "fmt"

// A Kind is the kind of a container on a walk: [Array], [Object], or a
// kind a [Schema] names, from 2 up.
type Kind uint8

// The kinds every walk knows.
const (
	Array  Kind = iota // an array
	Object             // an object no Schema names
)

// A Schema says which members of a value a walk acts on. Each object has
// a kind: the outermost one Root, one that is a member's value that
// member's Kind, any other [Object]. Members[k] lists the members that
// matter in an object of kind k.
type Schema struct {
	Root    Kind
	Members [][]Member
}

// A Member is a member a walk acts on.
type Member struct {
	Name string
	Kind Kind   // the kind of its value when that is an object (0: Object)
	Do   Action // what the walk does with its value
	Span int    // with Do == Locate, the index in [Walk.Spans]
}

// An Action is what a walk does with a member's value.
type Action uint8

// The actions.
const (
	Nothing   Action = iota
	CutString        // a string value is cut out, to be replaced by ""
	CutValue         // an object or array value is cut out, to be replaced by null
	Locate           // where the value is is recorded in Walk.Spans[Span]
)

// member returns the member name in an object of kind k, or nil.
func (sc *Schema) member(k Kind, name []byte) *Member {
	if int(k) >= len(sc.Members) {
		return nil
	}
	ms := sc.Members[k]
	for i := range ms {
		if ms[i].Name == string(name) {
			return &ms[i]
		}
	}
	return nil
}

// A Cut is a value a walk cut out: Start and End are offsets from the
// first byte of the value walked.
type Cut struct {
	Start, End int
	Null       bool // an object or array (CutValue), not a string
}

// A Span is where a located member's value is, as offsets from the
// first byte of the value walked; N counts the times the member occurred
// (a duplicate name is for a careful parser to judge).
type Span struct {
	Start, End int
	N          int
}

// A Walk says what [Scanner.Walk] records of a value, and holds what it
// found.
type Walk struct {
	Schema *Schema // the members that matter; nil: none
	Check  bool    // check the grammar (Valid says whether it holds)
	Spans  []Span  // where the Locate members are; cleared by the walk

	Cuts  []Cut // the values cut out, in order; reset by the walk
	Valid bool  // with Check, whether the value is valid JSON
}

// grammar states of a walk: what may come next.
const (
	wantValue    = iota // a value (after ':', or ',' in an array)
	wantFirst           // a value or ']' (after '[')
	wantKey             // a member name (after ',' in an object)
	wantKeyOrEnd        // a member name or '}' (after '{')
	wantColon           // ':' (after a member name)
	wantNext            // ',' or the container's end (after a value)
)

// Walk moves past the JSON value at the next byte that is not white
// space and returns its bytes, valid until the Scanner next reads; on an
// error, they run up to where the walk stopped ([Scanner.Offset]). The
// error is [ErrEOF] if the input ends inside the value, or names a byte
// that cannot be where it is; a number or literal at the end of the
// input ends there.
//
// With w (which may be nil) it records what w.Schema asks for: the
// values cut out, in w.Cuts (inside a value cut out, nothing is cut
// again), and where the Locate members' values are, in w.Spans.
// With w.Check it also checks the grammar, strictly: w.Valid is true
// only if the value is valid JSON — cut strings aside, which are not
// looked into — and false for anything it is unsure of, for a careful
// tokenizer to decide.
func (s *Scanner) Walk(w *Walk) ([]byte, error) {
	if _, ok := s.Peek(); !ok {
		return nil, ErrEOF
	}
	if w != nil {
		w.Cuts = w.Cuts[:0]
		clear(w.Spans)
	}
	s.Shortened = s.Shortened[:0]
	s.mark = s.pos
	var ok bool
	var err error
	s.stack, ok, err = s.walk(w, s.stack[:0])
	if w != nil {
		w.Valid = ok && w.Check
	}
	v := s.buf[s.mark:s.pos]
	s.mark = -1
	// What was cut out of the value is behind: offsets go on from the
	// input's.
	s.base += s.removed
	s.removed = 0
	return v, err
}

// walk is Walk from s.mark, with stack (empty) for its open containers;
// ok says whether the grammar held. It has no closures and no defers, so
// that its position stays in a register.
func (s *Scanner) walk(w *Walk, stack []Kind) (_ []Kind, ok bool, err error) {
	var schema *Schema
	var spans []Span
	checking := false
	if w != nil {
		schema, spans, checking = w.Schema, w.Spans, w.Check
	}
	ok = true // the grammar holds so far
	want := wantValue
	var m *Member                 // the member whose value comes next
	skipFrom, skipDepth := -1, 0  // a value being cut: its start (from mark) and depth
	spanField, spanDepth := -1, 0 // a located container value being walked
	// The loop works on locals, which the compiler keeps in registers;
	// they go back to s around every call that reads more input, which
	// may move the data (keeping everything from mark on).
	buf, pos, end, mark := s.buf, s.pos, s.end, s.mark
	for {
		if pos >= end {
			s.pos = pos
			got := s.fill()
			buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
			if !got {
				return stack, ok, ErrEOF
			}
			continue
		}
		switch c := buf[pos]; c {
		case ' ', '\t', '\r', '\n':
			pos = Space(buf[:end], pos)
		case '{', '[':
			if want != wantValue && want != wantFirst {
				ok = false
			}
			kind := Array
			if c == '{' {
				kind = Object
				switch {
				case len(stack) == 0:
					if schema != nil {
						kind = schema.Root
					}
				case m != nil && m.Kind > Object:
					kind = m.Kind
				}
			}
			// A value is cut out only where one may stand: the bytes
			// left then have the grammar, and the errors, of the input.
			if m != nil && m.Do == CutValue && skipFrom < 0 && want == wantValue {
				skipFrom, skipDepth = pos-mark, len(stack)
			}
			if m != nil && m.Do == Locate && spans != nil && spanField < 0 {
				spanField, spanDepth = m.Span, len(stack)
				spans[spanField].Start = pos - mark
				spans[spanField].N++
			}
			stack = append(stack, kind)
			want = wantFirst
			if c == '{' {
				want = wantKeyOrEnd
			}
			m = nil
			pos++
		case '}', ']':
			pos++
			if len(stack) == 0 {
				s.pos = pos
				return stack, ok, fmt.Errorf("invalid character %q", c)
			}
			if isArray := stack[len(stack)-1] == Array; c == '}' && (isArray || want != wantKeyOrEnd && want != wantNext) ||
				c == ']' && (!isArray || want != wantFirst && want != wantNext) {
				ok = false
			}
			stack = stack[:len(stack)-1]
			if skipFrom >= 0 && len(stack) == skipDepth {
				w.Cuts = append(w.Cuts, Cut{Start: skipFrom, End: pos - mark, Null: true})
				skipFrom = -1
			}
			if spanField >= 0 && len(stack) == spanDepth {
				spans[spanField].End = pos - mark
				spanField = -1
			}
			if len(stack) == 0 {
				s.pos = pos
				return stack, ok, nil
			}
			want, m = wantNext, nil
		case ',':
			pos++
			if want != wantNext {
				ok = false
			}
			want = wantKey
			if len(stack) > 0 && stack[len(stack)-1] == Array {
				want = wantValue
			}
			m = nil
		case ':':
			pos++
			if want != wantColon {
				ok = false
			}
			want = wantValue
		case '"':
			isKey := want == wantKey || want == wantKeyOrEnd
			if !isKey && want != wantValue && want != wantFirst {
				ok = false
			}
			// Find the closing quote; work relative to mark, as reading
			// more input may move the data.
			rel := pos - mark
			pos++
			body := want == wantValue && m != nil && m.Do == CutString && skipFrom < 0
			// Most strings are short and plain: the plain-string test
			// finds their end and says they are valid at once. Any
			// other (long, escaped, invalid, not wholly read yet, or a
			// string to cut, which is long) is left to StringEnd.
			plain := false
			if !body {
				if e := PlainEnd(buf[:end], pos); e >= 0 {
					pos, plain = e, true
				}
			}
			for !plain {
				e, done := StringEnd(buf[:end], mark+rel, pos)
				if s.Long.Limit > 0 && e-(mark+rel) > s.Long.Limit {
					// Longer as written than strings are kept whole:
					// read on elsewhere, shortening it if it is long
					// decoded too.
					s.pos = e
					e, err := s.longString(rel)
					buf, end, mark = s.buf, s.end, s.mark
					if err != nil {
						return stack, ok, err
					}
					pos = e
					break
				}
				if done {
					pos = e
					break
				}
				// Read on; an error at the end of the input is placed
				// before the string's trailing backslashes.
				for e > mark+rel+1 && buf[e-1] == '\\' {
					e--
				}
				s.pos = e
				got := s.fill()
				buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
				if !got {
					return stack, ok, ErrEOF
				}
			}
			q := mark + rel
			str := buf[q+1 : pos-1]
			if checking && ok && !body && !plain && !ValidString(str) {
				ok = false
			}
			switch {
			case isKey:
				m = nil
				if schema != nil && len(stack) > 0 {
					m = schema.member(stack[len(stack)-1], str)
				}
				want = wantColon
				// A name is followed by ':' and, pretty-printed, a space:
				// taken here rather than by two more turns of the loop.
				if pos+1 < end && buf[pos] == ':' {
					want = wantValue
					pos++
					if buf[pos] == ' ' {
						pos++
					}
				}
				continue
			case body:
				w.Cuts = append(w.Cuts, Cut{Start: rel, End: pos - mark})
			case m != nil && m.Do == Locate && spans != nil && spanField < 0:
				sp := &spans[m.Span]
				sp.Start, sp.End = rel, pos-mark
				sp.N++
			}
			m, want = nil, wantNext
			if len(stack) == 0 {
				s.pos = pos
				return stack, ok, nil
			}
			pos = afterValue(buf, pos, end, stack, &want)
		default:
			if len(stack) == 0 {
				// A number or literal on its own: it ends at ',', '}',
				// ']', white space or the end of the input.
				for {
					for pos < end && buf[pos] != ',' && buf[pos] != '}' && buf[pos] != ']' && !isSpace[buf[pos]] {
						pos++
					}
					if pos < end {
						break
					}
					s.pos = pos
					got := s.fill()
					buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
					if !got {
						break
					}
				}
				s.pos = pos
				if checking && ok && !ValidScalar(buf[mark:pos]) {
					ok = false
				}
				return stack, ok, nil
			}
			// A number or literal: it ends at the next delimiter.
			if want != wantValue && want != wantFirst {
				ok = false
			}
			start := pos - mark
			pos++
			for {
				pos = ScalarEnd(buf[:end], pos)
				if pos < end {
					break
				}
				s.pos = pos
				got := s.fill()
				buf, pos, end, mark = s.buf, s.pos, s.end, s.mark
				if !got {
					break
				}
			}
			if pos >= end {
				s.pos = pos
				return stack, ok, ErrEOF
			}
			if checking && ok && !ValidScalar(buf[mark+start:pos]) {
				ok = false
			}
			if m != nil && m.Do == Locate && spans != nil && spanField < 0 {
				sp := &spans[m.Span]
				sp.Start, sp.End = start, pos-mark
				sp.N++
			}
			m, want = nil, wantNext
			pos = afterValue(buf, pos, end, stack, &want)
		}
	}
}

// afterValue takes the ',' that follows a value inside a container, as
// the walk's ',' case does, and returns the position after it (pos, when
// something else follows).
func afterValue(buf []byte, pos, end int, stack []Kind, want *int) int {
	if pos < end && buf[pos] == ',' {
		*want = wantKey
		if stack[len(stack)-1] == Array {
			*want = wantValue
		}
		return pos + 1
	}
	return pos
}
