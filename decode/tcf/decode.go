package tcf

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Errors a [Decode] can wrap in an [*Error]. Check them with errors.Is.
var (
	// ErrEmpty is an empty string.
	ErrEmpty = errors.New("tcf: empty string")
	// ErrMacro is an unfilled URL macro such as ${GDPR_CONSENT_755}: the
	// page's template was never filled in, so there is no TC string.
	ErrMacro = errors.New("tcf: unfilled macro, not a TC string")
	// ErrBadChar is a character outside the base64url alphabet.
	ErrBadChar = errors.New("tcf: character outside the base64url alphabet")
	// ErrTruncated is a string that ends before a field it must hold.
	ErrTruncated = errors.New("tcf: string ends before the field")
	// ErrVersion is a version this package does not decode (not 1 or 2).
	ErrVersion = errors.New("tcf: unsupported version")
)

// Error is where decoding a TC string stopped. Fields read before it are
// kept in the [TCString] that [Decode] returns alongside.
type Error struct {
	Segment int    // segment index (0 is the core)
	Char    int    // offset in the whole string of the character that holds the problem
	Bit     int    // bit offset within the segment, or -1 when the problem is a character
	Field   string // the field being read, as the specification names it; "" for a character
	Err     error  // one of the Err… values above
}

// Error formats the error as
// "tcf: segment 0, character 29 (bit 174), VendorConsents.MaxVendorId: string ends before the field".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tcf: segment %d, character %d", e.Segment, e.Char)
	if e.Bit >= 0 {
		fmt.Fprintf(&b, " (bit %d)", e.Bit)
	}
	if e.Field != "" {
		b.WriteString(", ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(strings.TrimPrefix(e.Err.Error(), "tcf: "))
	return b.String()
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// IsMacro reports whether s is an unfilled URL macro (${…}), as ad tags
// send when the page never replaced ${GDPR_CONSENT_XXXXX} with a TC
// string, and returns the macro's name.
func IsMacro(s string) (name string, ok bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") {
		return s[2 : len(s)-1], true
	}
	if strings.HasPrefix(s, "%24%7B") || strings.HasPrefix(s, "%24%7b") { // percent-encoded once more
		inner := s[6:]
		inner = strings.TrimSuffix(strings.TrimSuffix(inner, "%7D"), "%7d")
		return inner, true
	}
	return "", false
}

// Decode decodes a TC string (TCF v2, or a v1.1 consent string) from
// the IAB's base64url form. It returns what it could read even when it
// also returns an error: a string that stops early keeps every field
// before the stop, and a broken segment does not stop the others. The
// error is an [*Error] (or several joined with errors.Join) saying where
// reading stopped and why. Decode does not trim or percent-decode s.
func Decode(s string) (*TCString, error) {
	if s == "" {
		return nil, &Error{Char: 0, Bit: -1, Err: ErrEmpty}
	}
	if _, ok := IsMacro(s); ok {
		return nil, &Error{Char: 0, Bit: -1, Err: ErrMacro}
	}
	t := &TCString{Raw: s}
	var errs []error
	start := 0
	for i, part := range strings.Split(s, ".") {
		r, err := newReader(part, i, start, t)
		start += len(part) + 1
		if err != nil {
			// r, when not nil, reads the characters before the bad one.
			errs = append(errs, err)
		}
		if i == 0 {
			if r == nil {
				continue
			}
			if err := r.core(&t.Core); err != nil {
				errs = append(errs, err)
				if errors.Is(err, ErrVersion) {
					break // the other segments' layout depends on the version
				}
			}
			continue
		}
		if r == nil {
			t.Segments = append(t.Segments, Segment{Index: i, Type: -1, Raw: part})
			continue
		}
		seg, err := r.segment(part)
		t.Segments = append(t.Segments, seg)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return t, errors.Join(errs...)
}

// reader reads big-endian bit fields from one segment.
type reader struct {
	sext  []byte // the segment's 6-bit values
	pos   int    // next bit to read
	seg   int    // segment index
	start int    // offset of the segment's first character in the string
	t     *TCString
}

// newReader maps a segment's characters to 6-bit values. Trailing "="
// padding and the "+" and "/" of standard base64 are read with a
// warning. At a character outside the alphabet it returns a reader over
// the characters before it, with the error.
func newReader(part string, seg, start int, t *TCString) (*reader, error) {
	r := &reader{seg: seg, start: start, t: t}
	trimmed := strings.TrimRight(part, "=")
	if len(trimmed) < len(part) {
		r.warn(-1, "", fmt.Sprintf("%d padding character(s) \"=\" at the end (the specification omits padding): ignored", len(part)-len(trimmed)))
	}
	if trimmed == "" {
		return nil, &Error{Segment: seg, Char: start, Bit: -1, Err: fmt.Errorf("%w (empty segment)", ErrTruncated)}
	}
	r.sext = make([]byte, 0, len(trimmed))
	std := false
	for i := 0; i < len(trimmed); i++ {
		c := trimmed[i]
		v, ok := Sextet(c)
		switch {
		case ok:
		case c == '+' || c == '/':
			std = true
			v = 62
			if c == '/' {
				v = 63
			}
		default:
			err := &Error{Segment: seg, Char: start + i, Bit: -1, Err: fmt.Errorf("%w: %q", ErrBadChar, c)}
			if i == 0 {
				return nil, err
			}
			return r, err
		}
		r.sext = append(r.sext, v)
	}
	if std {
		r.warn(-1, "", "standard base64 characters \"+\" or \"/\" instead of base64url \"-\" and \"_\": read as base64url")
	}
	return r, nil
}

// Sextet returns the 6-bit value of a base64url character, the
// alphabet of TC strings (and of the IAB's GPP strings, which reuse it):
// "A"–"Z" are 0–25, "a"–"z" 26–51, "0"–"9" 52–61, "-" 62 and "_" 63. ok
// is false for any other byte, padding "=" and standard base64's "+" and
// "/" included: [Decode] reads those with a warning.
func Sextet(c byte) (v byte, ok bool) {
	switch {
	case 'A' <= c && c <= 'Z':
		return c - 'A', true
	case 'a' <= c && c <= 'z':
		return c - 'a' + 26, true
	case '0' <= c && c <= '9':
		return c - '0' + 52, true
	case c == '-':
		return 62, true
	case c == '_':
		return 63, true
	}
	return 0, false
}

func (r *reader) warn(bit int, field, msg string) {
	r.t.Warnings = append(r.t.Warnings, Warning{Segment: r.seg, Bit: bit, Field: field, Msg: msg})
}

func (r *reader) errAt(bit int, field string, err error) *Error {
	return &Error{Segment: r.seg, Char: r.start + bit/6, Bit: bit, Field: field, Err: err}
}

// uint reads an n-bit unsigned integer (n ≤ 64).
func (r *reader) uint(n int, field string) (uint64, error) {
	if r.pos+n > len(r.sext)*6 {
		return 0, r.errAt(r.pos, field, ErrTruncated)
	}
	var v uint64
	for range n {
		s := r.sext[r.pos/6]
		bit := (s >> (5 - uint(r.pos%6))) & 1
		v = v<<1 | uint64(bit)
		r.pos++
	}
	return v, nil
}

func (r *reader) int(n int, field string, dst *int) error {
	v, err := r.uint(n, field)
	if err != nil {
		return err
	}
	*dst = int(v)
	return nil
}

func (r *reader) bool(field string, dst *bool) error {
	v, err := r.uint(1, field)
	if err != nil {
		return err
	}
	*dst = v == 1
	return nil
}

// deciseconds reads a 36-bit time in deciseconds since 1970.
func (r *reader) deciseconds(field string, dst *time.Time) error {
	v, err := r.uint(36, field)
	if err != nil {
		return err
	}
	*dst = time.UnixMilli(int64(v) * 100).UTC()
	return nil
}

// letters reads n six-bit letters, A=0 … Z=25.
func (r *reader) letters(n int, field string, dst *string) error {
	bit := r.pos
	b := make([]byte, n)
	for i := range b {
		v, err := r.uint(6, field)
		if err != nil {
			return err
		}
		if v > 25 {
			b[i] = '?'
			r.warn(bit, field, fmt.Sprintf("letter %d has value %d, outside a to z (0 to 25)", i+1, v))
			continue
		}
		b[i] = byte('A' + v)
	}
	*dst = string(b)
	return nil
}

// bitList reads an n-bit field in which bit i (from the left) stands for
// ID i+1, and returns the IDs whose bit is set.
func (r *reader) bitList(n int, field string, dst *[]int) error {
	var ids []int
	for i := range n {
		v, err := r.uint(1, field)
		if err != nil {
			*dst = ids
			return err
		}
		if v == 1 {
			ids = append(ids, i+1)
		}
	}
	*dst = ids
	return nil
}

// core reads the core segment (the version decides the layout).
func (r *reader) core(c *Core) error {
	if err := r.int(6, "Version", &c.Version); err != nil {
		return err
	}
	switch c.Version {
	case 1:
		return r.coreV1(c)
	case 2:
		return r.coreV2(c)
	}
	return r.errAt(0, "Version", fmt.Errorf("%w %d (1 and 2 exist)", ErrVersion, c.Version))
}

// coreV2 reads the fields of a TCF v2 core segment after Version.
func (r *reader) coreV2(c *Core) error {
	steps := []func() error{
		func() error { return r.deciseconds("Created", &c.Created) },
		func() error { return r.deciseconds("LastUpdated", &c.LastUpdated) },
		func() error { return r.int(12, "CmpId", &c.CmpID) },
		func() error { return r.int(12, "CmpVersion", &c.CmpVersion) },
		func() error { return r.int(6, "ConsentScreen", &c.ConsentScreen) },
		func() error { return r.letters(2, "ConsentLanguage", &c.ConsentLanguage) },
		func() error { return r.int(12, "VendorListVersion", &c.VendorListVersion) },
		func() error { return r.int(6, "TcfPolicyVersion", &c.TCFPolicyVersion) },
		func() error {
			bit := r.pos
			if err := r.bool("IsServiceSpecific", &c.IsServiceSpecific); err != nil {
				return err
			}
			if !c.IsServiceSpecific && c.TCFPolicyVersion >= 4 {
				r.warn(bit, "IsServiceSpecific", "0 (global scope), which TCF 2.2 (policy version 4) makes invalid")
			}
			return nil
		},
		func() error { return r.bool("UseNonStandardTexts", &c.UseNonStandardTexts) },
		func() error { return r.bitList(12, "SpecialFeatureOptIns", &c.SpecialFeatureOptIns) },
		func() error { return r.bitList(24, "PurposesConsent", &c.PurposesConsent) },
		func() error {
			bit := r.pos
			if err := r.bitList(24, "PurposesLITransparency", &c.PurposesLITransparency); err != nil {
				return err
			}
			if c.TCFPolicyVersion >= 4 {
				for _, p := range c.PurposesLITransparency {
					if 3 <= p && p <= 6 {
						r.warn(bit, "PurposesLITransparency", fmt.Sprintf("legitimate interest for purpose %d, which TCF 2.2 (policy version 4) forbids for purposes 3 to 6", p))
					}
				}
			}
			return nil
		},
		func() error { return r.bool("PurposeOneTreatment", &c.PurposeOneTreatment) },
		func() error { return r.letters(2, "PublisherCC", &c.PublisherCC) },
		func() error { return r.vendorSet("VendorConsents", &c.VendorConsents) },
		func() error { return r.vendorSet("VendorLegitimateInterests", &c.VendorLegitimateInterests) },
		func() error { return r.restrictions(&c.PublisherRestrictions) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// coreV1 reads a TCF v1.1 consent string after Version.
func (r *reader) coreV1(c *Core) error {
	steps := []func() error{
		func() error { return r.deciseconds("Created", &c.Created) },
		func() error { return r.deciseconds("LastUpdated", &c.LastUpdated) },
		func() error { return r.int(12, "CmpId", &c.CmpID) },
		func() error { return r.int(12, "CmpVersion", &c.CmpVersion) },
		func() error { return r.int(6, "ConsentScreen", &c.ConsentScreen) },
		func() error { return r.letters(2, "ConsentLanguage", &c.ConsentLanguage) },
		func() error { return r.int(12, "VendorListVersion", &c.VendorListVersion) },
		func() error { return r.bitList(24, "PurposesAllowed", &c.PurposesConsent) },
		func() error { return r.vendorSetV1(&c.VendorConsents) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// vendorSet reads a v2 vendor section: MaxVendorId, IsRangeEncoding and
// a bit field or a list of range entries.
func (r *reader) vendorSet(name string, v *VendorSet) error {
	if err := r.int(16, name+".MaxVendorId", &v.MaxVendorID); err != nil {
		return err
	}
	var isRange bool
	if err := r.bool(name+".IsRangeEncoding", &isRange); err != nil {
		return err
	}
	if !isRange {
		v.Encoding = EncodingBitField
		var err error
		v.Ranges, err = r.bitRanges(v.MaxVendorID, name+".BitField")
		return err
	}
	v.Encoding = EncodingRange
	var err error
	v.Ranges, err = r.rangeEntries(name, v.MaxVendorID)
	return err
}

// vendorSetV1 reads a v1.1 vendor section, whose range encoding lists the
// exceptions to a default.
func (r *reader) vendorSetV1(v *VendorSet) error {
	if err := r.int(16, "MaxVendorId", &v.MaxVendorID); err != nil {
		return err
	}
	var isRange bool
	if err := r.bool("EncodingType", &isRange); err != nil {
		return err
	}
	if !isRange {
		v.Encoding = EncodingBitField
		var err error
		v.Ranges, err = r.bitRanges(v.MaxVendorID, "BitField")
		return err
	}
	v.Encoding = EncodingRange
	var def bool
	if err := r.bool("DefaultConsent", &def); err != nil {
		return err
	}
	listed, err := r.rangeEntries("", v.MaxVendorID)
	if !def {
		v.Ranges = listed
		return err
	}
	// Default consent: the listed vendors are those without it.
	next := 1
	for _, l := range listed {
		if next > v.MaxVendorID {
			break
		}
		if l.First > next {
			v.Ranges = append(v.Ranges, Range{next, min(l.First-1, v.MaxVendorID)})
		}
		next = max(next, l.Last+1)
	}
	if next <= v.MaxVendorID {
		v.Ranges = append(v.Ranges, Range{next, v.MaxVendorID})
	}
	return err
}

// bitRanges reads an n-bit vendor bit field as ranges.
func (r *reader) bitRanges(n int, field string) ([]Range, error) {
	var rs []Range
	for id := 1; id <= n; id++ {
		v, err := r.uint(1, field)
		if err != nil {
			return rs, err
		}
		if v == 0 {
			continue
		}
		if len(rs) > 0 && rs[len(rs)-1].Last == id-1 {
			rs[len(rs)-1].Last = id
		} else {
			rs = append(rs, Range{id, id})
		}
	}
	return rs, nil
}

// rangeEntries reads NumEntries and the range entries after it. Entries
// out of order, overlapping, ending before they start, naming vendor 0
// or beyond max are kept where they make sense, with a warning.
func (r *reader) rangeEntries(name string, maxID int) ([]Range, error) {
	prefix := name
	if prefix != "" {
		prefix += "."
	}
	var n int
	if err := r.int(12, prefix+"NumEntries", &n); err != nil {
		return nil, err
	}
	var rs []Range
	for i := range n {
		field := fmt.Sprintf("%sRangeEntry[%d]", prefix, i)
		bit := r.pos
		var isRange bool
		if err := r.bool(field+".IsARange", &isRange); err != nil {
			return normalise(rs), err
		}
		var first, last int
		if err := r.int(16, field+".StartOrOnlyVendorId", &first); err != nil {
			return normalise(rs), err
		}
		last = first
		if isRange {
			if err := r.int(16, field+".EndVendorId", &last); err != nil {
				return normalise(rs), err
			}
		}
		switch {
		case last < first:
			r.warn(bit, field, fmt.Sprintf("range %d-%d ends before it starts: ignored", first, last))
			continue
		case first == 0:
			r.warn(bit, field, "vendor ID 0 does not exist: ignored")
			if last == 0 {
				continue
			}
			first = 1
		}
		if maxID > 0 && last > maxID {
			r.warn(bit, field, fmt.Sprintf("vendor ID %d is above MaxVendorId %d", last, maxID))
		}
		rs = append(rs, Range{first, last})
	}
	return normalise(rs), nil
}

// normalise sorts ranges and merges those that overlap or touch.
func normalise(rs []Range) []Range {
	if len(rs) < 2 {
		return rs
	}
	slices.SortFunc(rs, func(a, b Range) int {
		if a.First != b.First {
			return a.First - b.First
		}
		return a.Last - b.Last
	})
	out := rs[:1]
	for _, x := range rs[1:] {
		last := &out[len(out)-1]
		if x.First <= last.Last+1 {
			last.Last = max(last.Last, x.Last)
			continue
		}
		out = append(out, x)
	}
	return out
}

// restrictions reads the publisher restrictions section.
func (r *reader) restrictions(dst *[]PubRestriction) error {
	var n int
	if err := r.int(12, "NumPubRestrictions", &n); err != nil {
		return err
	}
	for i := range n {
		field := fmt.Sprintf("PubRestrictionEntry[%d]", i)
		var p PubRestriction
		if err := r.int(6, field+".PurposeId", &p.PurposeID); err != nil {
			return err
		}
		var t int
		bit := r.pos
		if err := r.int(2, field+".RestrictionType", &t); err != nil {
			return err
		}
		p.Type = RestrictionType(t)
		if p.Type == RestrictionUndefined {
			r.warn(bit, field+".RestrictionType", "value 3 is undefined in the specification")
		}
		var err error
		p.Vendors, err = r.rangeEntries(field, 0)
		*dst = append(*dst, p)
		if err != nil {
			return err
		}
	}
	return nil
}

// segment reads a segment after the core.
func (r *reader) segment(raw string) (Segment, error) {
	s := Segment{Index: r.seg, Type: -1, Raw: raw}
	var t int
	if err := r.int(3, "SegmentType", &t); err != nil {
		return s, err
	}
	s.Type = SegmentType(t)
	switch s.Type {
	case SegmentDisclosedVendors, SegmentAllowedVendors:
		s.Vendors = &VendorSet{}
		err := r.vendorSet(s.Type.String(), s.Vendors)
		return s, err
	case SegmentPublisherTC:
		p := &PublisherTC{}
		s.Publisher = p
		steps := []func() error{
			func() error { return r.bitList(24, "PubPurposesConsent", &p.PurposesConsent) },
			func() error { return r.bitList(24, "PubPurposesLITransparency", &p.PurposesLITransparency) },
			func() error { return r.int(6, "NumCustomPurposes", &p.NumCustomPurposes) },
			func() error {
				return r.bitList(p.NumCustomPurposes, "CustomPurposesConsent", &p.CustomPurposesConsent)
			},
			func() error {
				return r.bitList(p.NumCustomPurposes, "CustomPurposesLITransparency", &p.CustomPurposesLITransparency)
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return s, err
			}
		}
		return s, nil
	}
	r.warn(0, "SegmentType", fmt.Sprintf("segment type %d is not defined after the core: not decoded", t))
	return s, nil
}
