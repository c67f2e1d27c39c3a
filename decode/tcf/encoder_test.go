package tcf_test

import (
	"strings"

	"github.com/haruspex/haruspex/decode/tcf"
)

// This file is the test encoder: it writes a [tcf.TCString] back as a
// TC string, field by field from the IAB specification ("Consent string
// and vendor list formats v2", The Core String, Disclosed Vendors,
// Publisher Purposes Transparency and Consent; v1.1 for version 1). It is
// written independently of the decoder (a bit writer, not the decoder's
// reader run backwards) so that the round trip tests one against the
// other. Vendor sets are written in the encoding their Encoding field
// names; range entries are written one per [tcf.Range], a single ID
// when First == Last.

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

type bitWriter struct{ bits []byte }

func (w *bitWriter) uint(v uint64, n int) {
	for i := n - 1; i >= 0; i-- {
		w.bits = append(w.bits, byte(v>>uint(i)&1))
	}
}

func (w *bitWriter) bool(b bool) {
	if b {
		w.uint(1, 1)
	} else {
		w.uint(0, 1)
	}
}

// ids writes an n-bit field with bit i set for each ID i+1 in ids.
func (w *bitWriter) ids(ids []int, n int) {
	set := map[int]bool{}
	for _, id := range ids {
		set[id] = true
	}
	for i := 1; i <= n; i++ {
		w.bool(set[i])
	}
}

func (w *bitWriter) letters(s string) {
	for i := range 2 {
		c := byte('A')
		if i < len(s) {
			c = s[i]
		}
		w.uint(uint64(c-'A'), 6)
	}
}

// base64url pads to a multiple of 6 bits and maps each sextet to a
// character of the URL-safe alphabet, without "=" padding.
func (w *bitWriter) base64url() string {
	for len(w.bits)%6 != 0 {
		w.bits = append(w.bits, 0)
	}
	var b strings.Builder
	for i := 0; i < len(w.bits); i += 6 {
		v := 0
		for _, bit := range w.bits[i : i+6] {
			v = v<<1 | int(bit)
		}
		b.WriteByte(alphabet[v])
	}
	return b.String()
}

func (w *bitWriter) rangeEntries(rs []tcf.Range) {
	w.uint(uint64(len(rs)), 12)
	for _, r := range rs {
		w.bool(r.First != r.Last)
		w.uint(uint64(r.First), 16)
		if r.First != r.Last {
			w.uint(uint64(r.Last), 16)
		}
	}
}

func (w *bitWriter) vendorSet(v tcf.VendorSet) {
	w.uint(uint64(v.MaxVendorID), 16)
	w.bool(v.Encoding == tcf.EncodingRange)
	if v.Encoding == tcf.EncodingRange {
		w.rangeEntries(v.Ranges)
		return
	}
	w.ids(v.IDs(), v.MaxVendorID)
}

func deciseconds(c tcf.Core, last bool) uint64 {
	t := c.Created
	if last {
		t = c.LastUpdated
	}
	return uint64(t.UnixMilli() / 100)
}

// encode writes t's core and segments, joined with ".".
func encode(t *tcf.TCString) string {
	parts := []string{encodeCore(t.Core)}
	for _, s := range t.Segments {
		parts = append(parts, encodeSegment(s))
	}
	return strings.Join(parts, ".")
}

func encodeCore(c tcf.Core) string {
	var w bitWriter
	w.uint(uint64(c.Version), 6)
	w.uint(deciseconds(c, false), 36)
	w.uint(deciseconds(c, true), 36)
	w.uint(uint64(c.CmpID), 12)
	w.uint(uint64(c.CmpVersion), 12)
	w.uint(uint64(c.ConsentScreen), 6)
	w.letters(c.ConsentLanguage)
	w.uint(uint64(c.VendorListVersion), 12)
	if c.Version == 1 {
		w.ids(c.PurposesConsent, 24)
		v := c.VendorConsents
		w.uint(uint64(v.MaxVendorID), 16)
		w.bool(v.Encoding == tcf.EncodingRange)
		if v.Encoding == tcf.EncodingRange {
			w.bool(false) // DefaultConsent 0: the entries are the vendors with consent
			w.rangeEntries(v.Ranges)
		} else {
			w.ids(v.IDs(), v.MaxVendorID)
		}
		return w.base64url()
	}
	w.uint(uint64(c.TCFPolicyVersion), 6)
	w.bool(c.IsServiceSpecific)
	w.bool(c.UseNonStandardTexts)
	w.ids(c.SpecialFeatureOptIns, 12)
	w.ids(c.PurposesConsent, 24)
	w.ids(c.PurposesLITransparency, 24)
	w.bool(c.PurposeOneTreatment)
	w.letters(c.PublisherCC)
	w.vendorSet(c.VendorConsents)
	w.vendorSet(c.VendorLegitimateInterests)
	w.uint(uint64(len(c.PublisherRestrictions)), 12)
	for _, p := range c.PublisherRestrictions {
		w.uint(uint64(p.PurposeID), 6)
		w.uint(uint64(p.Type), 2)
		w.rangeEntries(p.Vendors)
	}
	return w.base64url()
}

func encodeSegment(s tcf.Segment) string {
	var w bitWriter
	w.uint(uint64(s.Type), 3)
	switch {
	case s.Vendors != nil:
		w.vendorSet(*s.Vendors)
	case s.Publisher != nil:
		p := s.Publisher
		w.ids(p.PurposesConsent, 24)
		w.ids(p.PurposesLITransparency, 24)
		w.uint(uint64(p.NumCustomPurposes), 6)
		w.ids(p.CustomPurposesConsent, p.NumCustomPurposes)
		w.ids(p.CustomPurposesLITransparency, p.NumCustomPurposes)
	}
	return w.base64url()
}
