package decode

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/haruspex/haruspex/decode/consent"
)

// binaryVersion is the first byte of every encoding written by
// [Event.AppendBinary]. It must change whenever the layout does (a field
// added to [Event] or to a type it contains), so that data written with
// another layout is rejected rather than misread.
//
// The layout is the version byte, then the fields of the event, and of
// the types it contains, in declaration order:
//
//   - a string is a uvarint length and the bytes;
//   - an int or integer enum is a varint;
//   - a slice is a uvarint count, 0 for a nil slice and len+1 otherwise
//     (so that nil and empty slices stay distinct), then its elements;
//     a []byte ([Custom.JSON]) is the count and the bytes;
//   - a time.Time is a uvarint length and [time.Time.AppendBinary]'s
//     encoding, or the length 0 alone for the zero time.
//
// There is no framing: a writer of a stream of events must record each
// event's length itself.
const binaryVersion = 7 // 2: Param.Type and ID.Type; 3: Delivery; 4: Event.Gateway and Match.Form; 5: Source.Gateway; 6: Consent and ConsentInForce; 7: Event.Index

// Minimum encoded sizes, in bytes, of the elements of each slice (one byte
// per field). UnmarshalBinary rejects a count that the remaining data
// could not hold, so that a malformed count cannot make it allocate more
// than a small multiple of the input's size.
const (
	minSource       = 4
	minID           = 6
	minFact         = 2
	minCustom       = 3
	minUserDatum    = 4
	minMatch        = 7
	minSensitiveHit = 6
	minParam        = 5
	minString       = 1

	minConsentPurpose = 4
)

// MarshalBinary returns the event's binary encoding, for spilling events
// to a temporary file. It is AppendBinary(nil).
func (ev *Event) MarshalBinary() ([]byte, error) { return ev.AppendBinary(nil) }

// AppendBinary appends the event's binary encoding to b and returns the
// extended buffer, so that a caller spilling many events can reuse one
// buffer. [Event.UnmarshalBinary] reads it back into an equal event
// (reflect.DeepEqual), with two exceptions inherited from time's own
// encoding: Time.T loses its monotonic clock reading, and its location
// comes back as UTC, [time.Local] (when Local had the same offset at that
// instant) or an unnamed fixed zone with the same offset. Times read from
// a HAR file are in UTC, so events from [Registry.Decode] are exact.
//
// The only error is a time whose zone offset time's encoding cannot
// represent: an offset of more than about 22 days, or a negative offset
// that is not a whole number of minutes. On error b is returned
// unextended.
func (ev *Event) AppendBinary(b []byte) ([]byte, error) {
	start := len(b)
	b = append(b, binaryVersion)
	b, err := appendTime(b, ev.Time.T)
	if err != nil {
		return b[:start], fmt.Errorf("decode: encoding event: %w", err)
	}
	b = appendString(b, ev.Time.Raw)

	b = appendCount(b, ev.Sources)
	for i := range ev.Sources {
		s := &ev.Sources[i]
		b = appendString(b, s.File)
		b = appendString(b, s.SHA256)
		b = binary.AppendVarint(b, int64(s.Entry))
		b = appendBool(b, s.Gateway)
	}
	b = binary.AppendVarint(b, int64(ev.Index))
	b = binary.AppendVarint(b, int64(ev.Vendor))
	b = binary.AppendVarint(b, int64(ev.Kind))
	b = appendString(b, ev.Host)
	b = appendString(b, ev.Method)
	b = appendString(b, ev.Path)
	b = appendString(b, ev.Gateway)
	b = appendString(b, ev.PixelID)
	b = appendString(b, ev.Name)
	b = appendString(b, ev.Page)
	b = appendString(b, ev.Referrer)

	b = appendCount(b, ev.IDs)
	for i := range ev.IDs {
		id := &ev.IDs[i]
		b = appendString(b, id.Name)
		b = appendString(b, id.Value)
		b = appendString(b, id.From)
		b = appendString(b, id.Meaning)
		b = appendCount(b, id.Facts)
		for _, f := range id.Facts {
			b = appendString(b, f.Name)
			b = appendString(b, f.Value)
		}
		b = binary.AppendVarint(b, int64(id.Type))
	}

	b = appendCount(b, ev.Custom)
	for i := range ev.Custom {
		c := &ev.Custom[i]
		b = appendString(b, c.Key)
		b = appendString(b, c.Raw)
		b = appendCount(b, c.JSON)
		b = append(b, c.JSON...)
	}

	b = appendCount(b, ev.UserData)
	for i := range ev.UserData {
		u := &ev.UserData[i]
		b = appendString(b, u.Family)
		b = appendString(b, u.Field)
		b = appendString(b, u.Value)
		b = binary.AppendVarint(b, int64(u.Class))
	}

	b = appendCount(b, ev.Matches)
	for i := range ev.Matches {
		m := &ev.Matches[i]
		b = appendString(b, m.Param)
		b = appendString(b, m.Value)
		b = appendString(b, m.Algorithm)
		b = appendString(b, m.Kind)
		b = appendString(b, m.Known)
		b = appendString(b, m.Normalised)
		b = appendString(b, m.Form)
	}

	b = appendCount(b, ev.Sensitive)
	for i := range ev.Sensitive {
		h := &ev.Sensitive[i]
		b = appendString(b, h.Category)
		b = appendString(b, h.Rule)
		b = appendString(b, h.Where)
		b = appendString(b, h.Field)
		b = appendString(b, h.Value)
		b = appendString(b, h.Text)
	}

	b = appendCount(b, ev.Params)
	for i := range ev.Params {
		p := &ev.Params[i]
		b = appendString(b, p.Name)
		b = appendString(b, p.Value)
		b = appendString(b, p.Label)
		b = binary.AppendVarint(b, int64(p.In))
		b = binary.AppendVarint(b, int64(p.Type))
	}

	b = binary.AppendVarint(b, int64(ev.Cookies))
	b = binary.AppendVarint(b, int64(ev.Delivery.State))
	b = binary.AppendVarint(b, int64(ev.Delivery.Status))
	b = appendString(b, ev.Delivery.Error)
	b = appendString(b, ev.Summary)

	b = appendCount(b, ev.Warnings)
	for _, w := range ev.Warnings {
		b = appendString(b, w)
	}

	c := &ev.Consent
	b = binary.AppendVarint(b, int64(c.Kind))
	b = binary.AppendVarint(b, int64(c.Where.Part))
	b = appendString(b, c.Where.Name)
	b = appendString(b, c.Value)
	b = appendString(b, c.Source)
	b = binary.AppendVarint(b, int64(c.Choice))
	if b, err = appendTime(b, c.ChoiceTime); err != nil {
		return b[:start], fmt.Errorf("decode: encoding event: %w", err)
	}
	b = appendCount(b, c.Purposes)
	for i := range c.Purposes {
		p := &c.Purposes[i]
		b = appendString(b, p.Name)
		b = binary.AppendVarint(b, int64(p.Category))
		b = binary.AppendVarint(b, int64(p.State))
		b = appendString(b, p.Note)
	}
	b = appendCount(b, c.Details)
	for _, d := range c.Details {
		b = appendString(b, d.Name)
		b = appendString(b, d.Value)
	}
	b = appendString(b, c.Macro)
	b = appendString(b, c.Inference)

	f := &ev.ConsentInForce
	b = binary.AppendVarint(b, int64(f.State))
	b = appendString(b, f.RestsOn.File)
	b = appendString(b, f.RestsOn.SHA256)
	b = binary.AppendVarint(b, int64(f.RestsOn.Entry))
	b = appendBool(b, f.RestsOn.Gateway)
	b = appendString(b, f.Signal)
	if b, err = appendTime(b, f.At); err != nil {
		return b[:start], fmt.Errorf("decode: encoding event: %w", err)
	}
	return b, nil
}

// appendString appends s's length and bytes.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendCount appends the count that starts an encoded slice: 0 for a nil
// slice, len+1 otherwise.
func appendCount[S ~[]E, E any](b []byte, s S) []byte {
	if s == nil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(len(s))+1)
}

// appendTime appends t's length-prefixed binary encoding; the zero time is
// the length 0 alone. It refuses a negative offset that is not a whole
// number of minutes, which [time.Time.UnmarshalBinary] would misread as a
// positive one.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	if t == (time.Time{}) { // exactly the zero value, location included
		return append(b, 0), nil
	}
	var buf [16]byte
	enc, err := t.AppendBinary(buf[:0])
	if err != nil {
		return b, err
	}
	if len(enc) == 16 && int8(enc[15]) < 0 {
		_, offset := t.Zone()
		return b, fmt.Errorf("time zone offset %ds is negative and not a whole number of minutes", offset)
	}
	b = append(b, byte(len(enc)))
	return append(b, enc...), nil
}

// UnmarshalBinary sets ev to the event encoded in data, as written by
// [Event.AppendBinary]. It reports an error, and never panics, on data
// that is truncated, malformed, written with another layout version, or
// followed by trailing bytes; on error ev is left unchanged.
//
// The decoded strings do not alias data, so the caller may reuse it. They
// share one copy of data, so keeping any of them keeps that copy (about
// the size of the encoding) alive.
func (ev *Event) UnmarshalBinary(data []byte) error {
	if len(data) == 0 {
		return errors.New("decode: decoding event: no data")
	}
	if data[0] != binaryVersion {
		return fmt.Errorf("decode: decoding event: encoding version %d, want %d", data[0], binaryVersion)
	}
	r := binReader{data: data, s: string(data), off: 1}
	var e Event
	e.Time.T = r.time()
	e.Time.Raw = r.string()

	e.Sources = readSlice(&r, minSource, func(s *Source) {
		s.File = r.string()
		s.SHA256 = r.string()
		s.Entry = r.int()
		s.Gateway = r.int() != 0
	})
	e.Index = r.int()
	e.Vendor = Vendor(r.int())
	e.Kind = Kind(r.int())
	e.Host = r.string()
	e.Method = r.string()
	e.Path = r.string()
	e.Gateway = r.string()
	e.PixelID = r.string()
	e.Name = r.string()
	e.Page = r.string()
	e.Referrer = r.string()

	e.IDs = readSlice(&r, minID, func(id *ID) {
		id.Name = r.string()
		id.Value = r.string()
		id.From = r.string()
		id.Meaning = r.string()
		id.Facts = readSlice(&r, minFact, func(f *Fact) {
			f.Name = r.string()
			f.Value = r.string()
		})
		id.Type = DataType(r.int())
	})

	e.Custom = readSlice(&r, minCustom, func(c *Custom) {
		c.Key = r.string()
		c.Raw = r.string()
		c.JSON = r.bytes()
	})

	e.UserData = readSlice(&r, minUserDatum, func(u *UserDatum) {
		u.Family = r.string()
		u.Field = r.string()
		u.Value = r.string()
		u.Class = HashClass(r.int())
	})

	e.Matches = readSlice(&r, minMatch, func(m *Match) {
		m.Param = r.string()
		m.Value = r.string()
		m.Algorithm = r.string()
		m.Kind = r.string()
		m.Known = r.string()
		m.Normalised = r.string()
		m.Form = r.string()
	})

	e.Sensitive = readSlice(&r, minSensitiveHit, func(h *SensitiveHit) {
		h.Category = r.string()
		h.Rule = r.string()
		h.Where = r.string()
		h.Field = r.string()
		h.Value = r.string()
		h.Text = r.string()
	})

	e.Params = readSlice(&r, minParam, func(p *Param) {
		p.Name = r.string()
		p.Value = r.string()
		p.Label = r.string()
		p.In = ParamIn(r.int())
		p.Type = DataType(r.int())
	})

	e.Cookies = CookieStatus(r.int())
	e.Delivery.State = DeliveryState(r.int())
	e.Delivery.Status = r.int()
	e.Delivery.Error = r.string()
	e.Summary = r.string()

	e.Warnings = readSlice(&r, minString, func(w *string) { *w = r.string() })

	c := &e.Consent
	c.Kind = consent.Kind(r.int())
	c.Where.Part = consent.Part(r.int())
	c.Where.Name = r.string()
	c.Value = r.string()
	c.Source = r.string()
	c.Choice = consent.Choice(r.int())
	c.ChoiceTime = r.time()
	c.Purposes = readSlice(&r, minConsentPurpose, func(p *consent.Purpose) {
		p.Name = r.string()
		p.Category = consent.Category(r.int())
		p.State = consent.State(r.int())
		p.Note = r.string()
	})
	c.Details = readSlice(&r, minFact, func(d *consent.Detail) {
		d.Name = r.string()
		d.Value = r.string()
	})
	c.Macro = r.string()
	c.Inference = r.string()

	f := &e.ConsentInForce
	f.State = ConsentState(r.int())
	f.RestsOn.File = r.string()
	f.RestsOn.SHA256 = r.string()
	f.RestsOn.Entry = r.int()
	f.RestsOn.Gateway = r.int() != 0
	f.Signal = r.string()
	f.At = r.time()

	if r.err == nil && r.off != len(data) {
		r.err = fmt.Errorf("decode: decoding event: %d bytes of trailing data at byte %d", len(data)-r.off, r.off)
	}
	if r.err != nil {
		return r.err
	}
	*ev = e
	return nil
}

// binReader reads the fields of one encoded event. After the first error
// it reads nothing more: every read returns a zero value, and the caller
// checks err once at the end.
type binReader struct {
	data []byte
	s    string // a copy of data: decoded strings are substrings of it
	off  int
	err  error
}

// fail records the first error, at the current offset, and stops reading.
func (r *binReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("decode: decoding event: %s at byte %d", fmt.Sprintf(format, args...), r.off)
	}
	r.off = len(r.data)
}

// remaining returns the number of unread bytes.
func (r *binReader) remaining() int { return len(r.data) - r.off }

// uvarint reads an unsigned varint.
func (r *binReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.data[r.off:])
	if n <= 0 {
		r.fail("truncated or overlong uvarint")
		return 0
	}
	r.off += n
	return v
}

// int reads a varint and checks that it fits in an int.
func (r *binReader) int() int {
	v, n := binary.Varint(r.data[r.off:])
	if n <= 0 {
		r.fail("truncated or overlong varint")
		return 0
	}
	if int64(int(v)) != v {
		r.fail("integer %d overflows int", v)
		return 0
	}
	r.off += n
	return int(v)
}

// length reads a byte length and checks it against the remaining data.
func (r *binReader) length() int {
	v := r.uvarint()
	if v > uint64(r.remaining()) {
		r.fail("length %d exceeds the %d bytes left", v, r.remaining())
		return 0
	}
	return int(v)
}

// string reads a length-prefixed string, as a substring of the copy of
// the input.
func (r *binReader) string() string {
	n := r.length()
	if n == 0 {
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

// bytes reads a []byte encoded as a slice (nil stays nil) into a fresh
// array.
func (r *binReader) bytes() []byte {
	v := r.uvarint()
	if v == 0 {
		return nil
	}
	if v-1 > uint64(r.remaining()) {
		r.fail("length %d exceeds the %d bytes left", v-1, r.remaining())
		return nil
	}
	n := int(v - 1)
	b := make([]byte, n)
	copy(b, r.data[r.off:])
	r.off += n
	return b
}

// time reads a length-prefixed time. It accepts only the encoding that
// [time.Time.AppendBinary] writes for the decoded time, so that every
// time it accepts encodes back to itself: time's decoder alone accepts
// nanoseconds out of range and reads a negative sub-minute offset as a
// positive one.
func (r *binReader) time() time.Time {
	n := r.length()
	if n == 0 {
		return time.Time{}
	}
	enc := r.data[r.off : r.off+n]
	var t time.Time
	if err := t.UnmarshalBinary(enc); err != nil {
		r.fail("%v", err)
		return time.Time{}
	}
	var buf [16]byte
	if again, err := t.AppendBinary(buf[:0]); err != nil || !bytes.Equal(again, enc) {
		r.fail("time encoding is not canonical")
		return time.Time{}
	}
	r.off += n
	return t
}

// readSlice reads a slice encoded as its count (0 for nil, len+1
// otherwise) and its elements, read by elem. minSize is the fewest bytes
// an element can take: a count that the remaining data could not hold is
// an error, so that a malformed count cannot cause a huge allocation.
func readSlice[E any](r *binReader, minSize int, elem func(*E)) []E {
	v := r.uvarint()
	if v == 0 {
		return nil
	}
	if v-1 > uint64(r.remaining()/minSize) {
		r.fail("count %d exceeds what the %d bytes left can hold", v-1, r.remaining())
		return nil
	}
	s := make([]E, v-1)
	for i := range s {
		if r.err != nil {
			break
		}
		elem(&s[i])
	}
	return s
}

// The event is a binary marshaler, appender and unmarshaler.
var (
	_ encoding.BinaryAppender    = (*Event)(nil)
	_ encoding.BinaryMarshaler   = (*Event)(nil)
	_ encoding.BinaryUnmarshaler = (*Event)(nil)
)

// appendBool appends b as a varint 0 or 1.
func appendBool(b []byte, v bool) []byte {
	if v {
		return binary.AppendVarint(b, 1)
	}
	return binary.AppendVarint(b, 0)
}
