package tcf_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode/tcf"
)

// TestDecodeV1SpecExample decodes the worked example of the TCF v1.1
// specification ("Consent string and vendor list formats v1.1 Final",
// Example Vendor Consent String), whose every field the specification
// prints: all vendors of 2011 have consent except vendor 9, written as a
// range with DefaultConsent 1.
func TestDecodeV1SpecExample(t *testing.T) {
	const s = "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA"
	got, err := tcf.Decode(s)
	if err != nil {
		t.Fatalf("Decode(%q): %v", s, err)
	}
	at := time.Date(2017, 11, 7, 19, 15, 55, 400e6, time.UTC) // 15100821554 deciseconds
	want := &tcf.TCString{Raw: s, Core: tcf.Core{
		Version: 1, Created: at, LastUpdated: at, CmpID: 7, CmpVersion: 1, ConsentScreen: 3,
		ConsentLanguage: "EN", VendorListVersion: 8, PurposesConsent: []int{1, 2, 3},
		VendorConsents: tcf.VendorSet{MaxVendorID: 2011, Encoding: tcf.EncodingRange,
			Ranges: []tcf.Range{{1, 8}, {10, 2011}}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode() mismatch (-want +got):\n%s", diff)
	}
	if got.Core.VendorConsents.Contains(9) || !got.Core.VendorConsents.Contains(2011) || got.Core.VendorConsents.Len() != 2010 {
		t.Errorf("vendor 9 must be the only one without consent among 2011: Len %d", got.Core.VendorConsents.Len())
	}
}

// iabtcfVectors is testdata/iabtcf-core-vectors.json (see its _provenance).
type iabtcfVectors struct {
	Published []iabtcfVector `json:"published"`
	Encoded   []iabtcfVector `json:"encoded"`
}

type iabtcfVector struct {
	Source, Name, String string
	IabtcfError          string
	Decoded              *iabtcfModel
}

type iabtcfModel struct {
	Version, CmpID, CmpVersion, ConsentScreen, VendorListVersion, PolicyVersion int
	Created, LastUpdated                                                        int64
	ConsentLanguage, PublisherCountryCode                                       string
	IsServiceSpecific, UseNonStandardStacks, PurposeOneTreatment                bool
	SpecialFeatureOptins, PurposeConsents, PurposeLegitimateInterests           []int
	VendorConsents, VendorLegitimateInterests, VendorsDisclosed, VendorsAllowed []int
	VendorConsentsMaxID                                                         int `json:"vendorConsentsMaxId"`
	PublisherRestrictions                                                       []struct {
		Purpose, Type int
		Vendors       []int
	}
	PublisherConsents, PublisherLegitimateInterests             []int
	NumCustomPurposes                                           int
	PublisherCustomConsents, PublisherCustomLegitimateInterests []int
}

// view is the part of a decoded string that @iabtcf/core reports, in its
// terms, so that the two decoders can be compared field by field.
func view(t *tcf.TCString) *iabtcfModel {
	c := t.Core
	m := &iabtcfModel{
		Version: c.Version, CmpID: c.CmpID, CmpVersion: c.CmpVersion, ConsentScreen: c.ConsentScreen,
		VendorListVersion: c.VendorListVersion, PolicyVersion: c.TCFPolicyVersion,
		Created: c.Created.UnixMilli(), LastUpdated: c.LastUpdated.UnixMilli(),
		ConsentLanguage: c.ConsentLanguage, PublisherCountryCode: c.PublisherCC,
		IsServiceSpecific: c.IsServiceSpecific, UseNonStandardStacks: c.UseNonStandardTexts, PurposeOneTreatment: c.PurposeOneTreatment,
		SpecialFeatureOptins: nz(c.SpecialFeatureOptIns), PurposeConsents: nz(c.PurposesConsent),
		PurposeLegitimateInterests: nz(c.PurposesLITransparency),
		VendorConsents:             c.VendorConsents.IDs(), VendorLegitimateInterests: c.VendorLegitimateInterests.IDs(),
		VendorsDisclosed: []int{}, VendorsAllowed: []int{},
		PublisherConsents: []int{}, PublisherLegitimateInterests: []int{},
		PublisherCustomConsents: []int{}, PublisherCustomLegitimateInterests: []int{},
	}
	m.PublisherRestrictions = []struct {
		Purpose, Type int
		Vendors       []int
	}{}
	// @iabtcf/core's maxId is the highest ID with consent, not the field.
	if ids := m.VendorConsents; len(ids) > 0 {
		m.VendorConsentsMaxID = ids[len(ids)-1]
	}
	for _, p := range c.PublisherRestrictions {
		var ids []int
		for _, r := range p.Vendors {
			for id := r.First; id <= r.Last; id++ {
				ids = append(ids, id)
			}
		}
		m.PublisherRestrictions = append(m.PublisherRestrictions, struct {
			Purpose, Type int
			Vendors       []int
		}{p.PurposeID, int(p.Type), ids})
	}
	slices.SortFunc(m.PublisherRestrictions, func(a, b struct {
		Purpose, Type int
		Vendors       []int
	}) int {
		if a.Purpose != b.Purpose {
			return a.Purpose - b.Purpose
		}
		return a.Type - b.Type
	})
	for _, s := range t.Segments {
		switch s.Type {
		case tcf.SegmentDisclosedVendors:
			m.VendorsDisclosed = s.Vendors.IDs()
		case tcf.SegmentAllowedVendors:
			m.VendorsAllowed = s.Vendors.IDs()
		case tcf.SegmentPublisherTC:
			p := s.Publisher
			m.PublisherConsents, m.PublisherLegitimateInterests = nz(p.PurposesConsent), nz(p.PurposesLITransparency)
			m.NumCustomPurposes = p.NumCustomPurposes
			m.PublisherCustomConsents, m.PublisherCustomLegitimateInterests = nz(p.CustomPurposesConsent), nz(p.CustomPurposesLITransparency)
		}
	}
	return m
}

func nz(ids []int) []int {
	if ids == nil {
		return []int{}
	}
	return ids
}

// TestDecodeMatchesIABLibrary decodes the IAB's published example
// strings and strings made by the IAB's own encoder, and compares every
// field with what @iabtcf/core decoded from the same string
// (testdata/iabtcf-core-vectors.json says how the file was made).
func TestDecodeMatchesIABLibrary(t *testing.T) {
	b, err := os.ReadFile("testdata/iabtcf-core-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs iabtcfVectors
	if err := json.Unmarshal(b, &vs); err != nil {
		t.Fatal(err)
	}
	all := append(vs.Published, vs.Encoded...)
	if len(vs.Published) < 5 || len(vs.Encoded) < 5 {
		t.Fatalf("testdata holds %d published and %d encoded vectors, want at least 5 each", len(vs.Published), len(vs.Encoded))
	}
	for _, v := range all {
		name := v.Source + v.Name
		t.Run(name, func(t *testing.T) {
			got, err := tcf.Decode(v.String)
			if err != nil {
				t.Fatalf("Decode(%q): %v", v.String, err)
			}
			if len(got.Warnings) > 0 {
				t.Errorf("Decode(%q): unexpected warnings %v", v.String, got.Warnings)
			}
			if v.Decoded == nil {
				// @iabtcf/core refused it (CmpId 0); the string is still
				// well-formed and decodes here: see TestDecodeCmpIDZero.
				if v.IabtcfError == "" {
					t.Fatal("vector has neither a decoded model nor an error")
				}
				return
			}
			if diff := cmp.Diff(v.Decoded, view(got)); diff != "" {
				t.Errorf("Decode(%q) differs from @iabtcf/core (-iabtcf +got):\n%s", v.String, diff)
			}
		})
	}
}

// TestDecodeCmpIDZero checks the one published example @iabtcf/core
// refuses (its model rejects CmpId 0): the pre-2.2 specification's
// four-segment example, with DisclosedVendors, AllowedVendors and
// PublisherTC segments. The expected values were read by hand from the
// string's bits.
func TestDecodeCmpIDZero(t *testing.T) {
	const s = "COw4XqLOw4XqLAAAAAENAXCAAAAAAAAAAAAAAAAAAAAA.IFukWSQgAIQwgI0QEByFAAAAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA.QFukWSQgAIQwgI0QEByFAAAAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA.YAAAAAAAAAAAAAAAAAA"
	got, err := tcf.Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	var types []tcf.SegmentType
	for _, seg := range got.Segments {
		types = append(types, seg.Type)
	}
	if diff := cmp.Diff([]tcf.SegmentType{tcf.SegmentDisclosedVendors, tcf.SegmentAllowedVendors, tcf.SegmentPublisherTC}, types); diff != "" {
		t.Errorf("segment types mismatch (-want +got):\n%s", diff)
	}
	c := got.Core
	if c.CmpID != 0 || c.VendorListVersion != 23 || c.TCFPolicyVersion != 2 || c.ConsentLanguage != "EN" || c.PublisherCC != "AA" {
		t.Errorf("core = CmpID %d, VendorListVersion %d, TCFPolicyVersion %d, ConsentLanguage %q, PublisherCC %q; want 0, 23, 2, EN, AA",
			c.CmpID, c.VendorListVersion, c.TCFPolicyVersion, c.ConsentLanguage, c.PublisherCC)
	}
	// The disclosed and allowed segments differ only in their type bits.
	d, a := got.Segments[0].Vendors, got.Segments[1].Vendors
	if d.Len() == 0 || !cmp.Equal(d.Ranges, a.Ranges) || d.MaxVendorID != a.MaxVendorID {
		t.Errorf("disclosed %d vendors (max %d), allowed %d (max %d): want the same non-empty set", d.Len(), d.MaxVendorID, a.Len(), a.MaxVendorID)
	}
}

// roundTripCases are TC strings built field by field, written by the
// test encoder and decoded again: every vendor encoding (bit field,
// range with single IDs and ranges), publisher restrictions of each
// type, every segment type, and a v1 string.
func roundTripCases() map[string]*tcf.TCString {
	day := time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)
	core := func(f func(c *tcf.Core)) tcf.Core {
		c := tcf.Core{Version: 2, Created: day, LastUpdated: day, CmpID: 300, CmpVersion: 7, ConsentScreen: 2,
			ConsentLanguage: "FR", VendorListVersion: 150, TCFPolicyVersion: 4, IsServiceSpecific: true, PublisherCC: "GB"}
		f(&c)
		return c
	}
	bits := func(max int, rs ...tcf.Range) tcf.VendorSet {
		return tcf.VendorSet{MaxVendorID: max, Encoding: tcf.EncodingBitField, Ranges: rs}
	}
	ranges := func(max int, rs ...tcf.Range) tcf.VendorSet {
		return tcf.VendorSet{MaxVendorID: max, Encoding: tcf.EncodingRange, Ranges: rs}
	}
	return map[string]*tcf.TCString{
		"accept all, bit field": {Core: core(func(c *tcf.Core) {
			c.PurposesConsent = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
			c.PurposesLITransparency = []int{2, 7, 8, 9, 10, 11}
			c.SpecialFeatureOptIns = []int{1, 2}
			c.VendorConsents = bits(55, tcf.Range{1, 3}, tcf.Range{5, 5}, tcf.Range{55, 55})
			c.VendorLegitimateInterests = bits(5, tcf.Range{2, 3}, tcf.Range{5, 5})
		}), Segments: []tcf.Segment{{Index: 1, Type: tcf.SegmentDisclosedVendors, Vendors: &tcf.VendorSet{MaxVendorID: 55, Ranges: []tcf.Range{{1, 55}}}}}},
		"reject all, empty sets": {Core: core(func(c *tcf.Core) {})},
		"range encoding, singles and ranges": {Core: core(func(c *tcf.Core) {
			c.PurposesConsent = []int{1, 7}
			c.PurposeOneTreatment = true
			c.UseNonStandardTexts = true
			c.VendorConsents = ranges(3000, tcf.Range{1, 10}, tcf.Range{755, 755}, tcf.Range{1000, 1000}, tcf.Range{2000, 3000})
			c.VendorLegitimateInterests = ranges(65535, tcf.Range{65535, 65535})
		})},
		"publisher restrictions, all types": {Core: core(func(c *tcf.Core) {
			c.VendorConsents = bits(10, tcf.Range{8, 10})
			c.PublisherRestrictions = []tcf.PubRestriction{
				{PurposeID: 2, Type: tcf.RestrictionNotAllowed, Vendors: []tcf.Range{{8, 9}}},
				{PurposeID: 7, Type: tcf.RestrictionRequireConsent, Vendors: []tcf.Range{{10, 10}}},
				{PurposeID: 3, Type: tcf.RestrictionRequireLI, Vendors: []tcf.Range{{11, 11}, {300, 400}}},
				{PurposeID: 4, Type: tcf.RestrictionNotAllowed},
			}
		})},
		"all segment types": {Core: core(func(c *tcf.Core) { c.PurposesConsent = []int{1} }), Segments: []tcf.Segment{
			{Index: 1, Type: tcf.SegmentDisclosedVendors, Vendors: &tcf.VendorSet{MaxVendorID: 4000, Encoding: tcf.EncodingRange, Ranges: []tcf.Range{{1, 1}, {755, 755}, {4000, 4000}}}},
			{Index: 2, Type: tcf.SegmentAllowedVendors, Vendors: &tcf.VendorSet{MaxVendorID: 6, Ranges: []tcf.Range{{2, 2}, {4, 4}, {6, 6}}}},
			{Index: 3, Type: tcf.SegmentPublisherTC, Publisher: &tcf.PublisherTC{PurposesConsent: []int{1, 3, 5}, PurposesLITransparency: []int{2},
				NumCustomPurposes: 3, CustomPurposesConsent: []int{1, 3}, CustomPurposesLITransparency: []int{2}}},
		}},
		"publisher TC without custom purposes": {Core: core(func(c *tcf.Core) {}), Segments: []tcf.Segment{
			{Index: 1, Type: tcf.SegmentPublisherTC, Publisher: &tcf.PublisherTC{PurposesConsent: []int{24}}},
		}},
		"version 1, range": {Core: tcf.Core{Version: 1, Created: day.Add(123456700 * time.Millisecond), LastUpdated: day.Add(time.Hour), CmpID: 10, CmpVersion: 1,
			ConsentScreen: 1, ConsentLanguage: "DE", VendorListVersion: 180, PurposesConsent: []int{1, 2, 3, 4, 5},
			VendorConsents: ranges(500, tcf.Range{3, 3}, tcf.Range{20, 499})}},
		"version 1, bit field": {Core: tcf.Core{Version: 1, Created: day, LastUpdated: day, CmpID: 10, ConsentLanguage: "EN",
			VendorConsents: bits(12, tcf.Range{1, 1}, tcf.Range{12, 12})}},
	}
}

// TestRoundTrip writes each case with the test encoder and decodes it.
func TestRoundTrip(t *testing.T) {
	for name, want := range roundTripCases() {
		t.Run(name, func(t *testing.T) {
			s := encode(want)
			want.Raw = s
			for i, part := range splitDots(s)[1:] {
				want.Segments[i].Raw = part
			}
			got, err := tcf.Decode(s)
			if err != nil {
				t.Fatalf("Decode(%q): %v", s, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Decode(encode()) mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// TestRoundTripRandom round-trips 500 TC strings with random fields
// (seeded: the same strings on every run), choosing bit field or range
// encoding at random.
func TestRoundTripRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	pick := func(n, max int) []int {
		var ids []int
		for id := 1; id <= max; id++ {
			if rng.IntN(n) == 0 {
				ids = append(ids, id)
			}
		}
		return ids
	}
	set := func() tcf.VendorSet {
		max := rng.IntN(3000)
		var rs []tcf.Range
		for id := 1; id <= max; id++ {
			if rng.IntN(7) != 0 {
				continue
			}
			last := id + rng.IntN(3)*rng.IntN(40)
			if last > max {
				last = max
			}
			rs = append(rs, tcf.Range{id, last})
			id = last + 1 // leave a gap so that ranges stay apart
		}
		return tcf.VendorSet{MaxVendorID: max, Encoding: tcf.Encoding(rng.IntN(2)), Ranges: rs}
	}
	for i := range 500 {
		at := time.UnixMilli(rng.Int64N(1<<36) * 100).UTC()
		want := &tcf.TCString{Core: tcf.Core{Version: 2, Created: at, LastUpdated: at.Add(time.Duration(rng.IntN(1000)) * 100 * time.Millisecond),
			CmpID: rng.IntN(4096), CmpVersion: rng.IntN(4096), ConsentScreen: rng.IntN(64),
			ConsentLanguage:   string([]byte{byte('A' + rng.IntN(26)), byte('A' + rng.IntN(26))}),
			VendorListVersion: rng.IntN(4096), TCFPolicyVersion: rng.IntN(4), IsServiceSpecific: rng.IntN(2) == 0,
			UseNonStandardTexts: rng.IntN(2) == 0, SpecialFeatureOptIns: pick(2, 12), PurposesConsent: pick(2, 24),
			PurposesLITransparency: pick(3, 24), PurposeOneTreatment: rng.IntN(2) == 0, PublisherCC: "IE",
			VendorConsents: set(), VendorLegitimateInterests: set()}}
		for j := range rng.IntN(3) {
			vs := set()
			want.Core.PublisherRestrictions = append(want.Core.PublisherRestrictions,
				tcf.PubRestriction{PurposeID: 1 + j, Type: tcf.RestrictionType(rng.IntN(3)), Vendors: vs.Ranges})
		}
		if rng.IntN(2) == 0 {
			vs := set()
			want.Segments = append(want.Segments, tcf.Segment{Index: 1, Type: tcf.SegmentDisclosedVendors, Vendors: &vs})
		}
		s := encode(want)
		want.Raw = s
		for i, part := range splitDots(s)[1:] {
			want.Segments[i].Raw = part
		}
		got, err := tcf.Decode(s)
		if err != nil {
			t.Fatalf("case %d: Decode(%q): %v", i, s, err)
		}
		got.Warnings = nil // TCFPolicyVersion < 4 here: no 2.2 warnings expected, but not the point
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("case %d: Decode(encode()) mismatch (-want +got):\n%s", i, diff)
		}
	}
}

// flatten returns the *tcf.Error values of a (possibly joined) error.
func flatten(err error) []*tcf.Error {
	var out []*tcf.Error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	var e *tcf.Error
	if errors.As(err, &e) {
		out = append(out, e)
	}
	return out
}

type located struct {
	Segment, Char, Bit int
	Field              string
	Err                error
}

// TestDecodeMalformed checks that broken strings give located errors
// (segment, character, bit, field) and keep what came before.
func TestDecodeMalformed(t *testing.T) {
	const good = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA" // GPP specification example 1
	for _, tc := range []struct {
		name string
		in   string
		want []located
		// check looks at the partial result.
		check func(t *testing.T, got *tcf.TCString)
	}{{
		name: "empty", in: "", // nothing to decode
		want: []located{{0, 0, -1, "", tcf.ErrEmpty}},
	}, {
		name: "unfilled macro", in: "${GDPR_CONSENT_755}", // the page never filled the ad tag's template
		want: []located{{0, 0, -1, "", tcf.ErrMacro}},
	}, {
		name: "cut in SpecialFeatureOptIns", in: good[:24], // 144 bits: the field runs from bit 140 to 151
		want: []located{{0, 24, 144, "SpecialFeatureOptIns", tcf.ErrTruncated}},
		check: func(t *testing.T, got *tcf.TCString) {
			if got.Core.CmpID != 31 || got.Core.TCFPolicyVersion != 2 || !got.Core.IsServiceSpecific {
				t.Errorf("fields before the cut were lost: %+v", got.Core)
			}
		},
	}, {
		name: "cut in the vendor section", in: good[:36], // 216 bits: VendorConsents.MaxVendorId runs from bit 213 to 228
		want: []located{{0, 35, 213, "VendorConsents.MaxVendorId", tcf.ErrTruncated}},
		check: func(t *testing.T, got *tcf.TCString) {
			if got.Core.PublisherCC != "DE" {
				t.Errorf("PublisherCC = %q, want DE (read before the cut)", got.Core.PublisherCC)
			}
		},
	}, {
		name: "character outside base64url", in: good[:21] + "*" + good[22:], // "*" is in no base64 alphabet
		want: []located{{0, 21, -1, "", tcf.ErrBadChar}, {0, 20, 120, "VendorListVersion", tcf.ErrTruncated}},
		check: func(t *testing.T, got *tcf.TCString) {
			if got.Core.ConsentLanguage != "EN" {
				t.Errorf("ConsentLanguage = %q, want EN (before the bad character)", got.Core.ConsentLanguage)
			}
		},
	}, {
		name: "version 3", in: "D" + good[1:], // "D" is 000011: a GPP header, not a TC string
		want: []located{{0, 0, 0, "Version", tcf.ErrVersion}},
	}, {
		name: "empty segment after a dot", in: good + ".", // a trailing dot promises a segment
		want: []located{{1, len(good) + 1, -1, "", tcf.ErrTruncated}},
		check: func(t *testing.T, got *tcf.TCString) {
			if got.Core.CmpID != 31 || len(got.Segments) != 1 || got.Segments[0].Type != -1 {
				t.Errorf("core or placeholder segment lost: %+v", got)
			}
		},
	}, {
		name: "broken segment keeps the core", in: good + ".IA", // DisclosedVendors cut in MaxVendorId
		want: []located{{1, len(good) + 1 + 0, 3, "DisclosedVendors.MaxVendorId", tcf.ErrTruncated}},
		check: func(t *testing.T, got *tcf.TCString) {
			if got.Core.VendorListVersion != 126 || got.Segments[0].Type != tcf.SegmentDisclosedVendors {
				t.Errorf("core or segment type lost: %+v", got)
			}
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tcf.Decode(tc.in)
			var gotLoc []located
			for _, e := range flatten(err) {
				gotLoc = append(gotLoc, located{e.Segment, e.Char, e.Bit, e.Field, e.Err})
			}
			opt := cmp.Comparer(func(a, b error) bool { return errors.Is(a, b) || errors.Is(b, a) })
			if diff := cmp.Diff(tc.want, gotLoc, opt); diff != "" {
				t.Errorf("Decode(%q) errors mismatch (-want +got):\n%s\nerror: %v", tc.in, diff, err)
			}
			if tc.check != nil {
				if got == nil {
					t.Fatal("Decode returned no partial result")
				}
				tc.check(t, got)
			}
		})
	}
}

// TestDecodeWarnings checks values that decode but break the
// specification: each gives a warning that says where, and decoding goes on.
func TestDecodeWarnings(t *testing.T) {
	day := time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)
	base := tcf.Core{Version: 2, Created: day, LastUpdated: day, CmpID: 5, ConsentLanguage: "EN", TCFPolicyVersion: 4, IsServiceSpecific: true, PublisherCC: "FR"}
	global := base
	global.IsServiceSpecific = false
	li := base
	li.PurposesLITransparency = []int{2, 3}
	for _, tc := range []struct {
		name string
		in   string
		want []tcf.Warning
	}{{
		name: "global scope under TCF 2.2", in: encodeCore(global),
		want: []tcf.Warning{{Segment: 0, Bit: 138, Field: "IsServiceSpecific", Msg: "0 (global scope), which TCF 2.2 (policy version 4) makes invalid"}},
	}, {
		name: "legitimate interest for purpose 3", in: encodeCore(li),
		want: []tcf.Warning{{Segment: 0, Bit: 176, Field: "PurposesLITransparency", Msg: "legitimate interest for purpose 3, which TCF 2.2 (policy version 4) forbids for purposes 3 to 6"}},
	}, {
		name: "padding and standard base64", in: "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA=", // v1 example with one "=" added
		want: []tcf.Warning{{Segment: 0, Bit: -1, Msg: `1 padding character(s) "=" at the end (the specification omits padding): ignored`}},
	}, {
		name: "range ending before it starts", in: rangeOf(9, 3),
		want: []tcf.Warning{{Segment: 0, Bit: 242, Field: "VendorConsents.RangeEntry[0]", Msg: "range 9-3 ends before it starts: ignored"}},
	}, {
		name: "undefined segment type", in: encodeCore(base) + ".4A", // "4" is 111000: type 7
		want: []tcf.Warning{{Segment: 1, Bit: 0, Field: "SegmentType", Msg: "segment type 7 is not defined after the core: not decoded"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tcf.Decode(tc.in)
			if err != nil {
				t.Fatalf("Decode(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got.Warnings); diff != "" {
				t.Errorf("Decode(%q) warnings mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// rangeOf writes a core whose vendor consents hold one range entry
// first-last, whatever its order.
func rangeOf(first, last int) string {
	var w bitWriter
	day := uint64(time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC).UnixMilli() / 100)
	w.uint(2, 6)
	w.uint(day, 36)
	w.uint(day, 36)
	w.uint(5, 12)
	w.uint(0, 12)
	w.uint(0, 6)
	w.letters("EN")
	w.uint(1, 12)
	w.uint(2, 6)
	w.bool(true)
	w.bool(false)
	w.uint(0, 12+24+24+1)
	w.letters("FR")
	w.uint(20, 16) // MaxVendorId, bit 213
	w.bool(true)   // IsRangeEncoding, bit 229
	w.rangeEntries(nil)
	w.bits = w.bits[:len(w.bits)-12]
	w.uint(1, 12) // NumEntries
	w.bool(true)  // IsARange, bit 242
	w.uint(uint64(first), 16)
	w.uint(uint64(last), 16)
	w.uint(0, 16+1) // VendorLegitimateInterests: MaxVendorId 0, bit field
	w.uint(0, 12)   // NumPubRestrictions
	return w.base64url()
}
