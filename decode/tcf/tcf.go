package tcf

import (
	"fmt"
	"slices"
	"time"
)

// TCString is a decoded TC string: the core segment and, in the order
// they appear, the other segments. A TC string only records what a
// consent management platform (CMP) wrote; it does not show what the
// visitor was shown.
type TCString struct {
	// Raw is the string as given to [Decode].
	Raw string
	// Core is the core segment (always the first). On a string that
	// stops early, the fields read before the stop are set.
	Core Core
	// Segments are the segments after the core, in string order.
	Segments []Segment
	// Warnings are values that decoded but break the specification
	// (IsServiceSpecific 0, legitimate interest for purposes 3 to 6, a
	// letter outside a to z, …). Each says where it is.
	Warnings []Warning
}

// Core is the core segment of a TC string: the CMP's record of the
// visitor's purpose and vendor choices.
//
// Version 1 strings (TCF v1.1, retired in 2020) fill only the fields v1
// has: Version to VendorListVersion, PurposesConsent (v1's
// PurposesAllowed) and VendorConsents; the rest stay zero.
type Core struct {
	Version int
	// Created and LastUpdated are stored in deciseconds since 1970 (UTC).
	// Since TCF 2.2 both hold the day of the last update, at midnight
	// UTC; earlier CMPs wrote the moment itself.
	Created, LastUpdated time.Time
	CmpID                int
	CmpVersion           int
	ConsentScreen        int
	// ConsentLanguage is the two-letter ISO 639-1 code of the language
	// the CMP's interface used, upper-case as the specification prints
	// it ("EN"); a letter outside A to Z is written "?".
	ConsentLanguage   string
	VendorListVersion int
	TCFPolicyVersion  int
	// IsServiceSpecific must be true since TCF 2.2 (false was "global
	// scope", which 2.2 removed).
	IsServiceSpecific   bool
	UseNonStandardTexts bool
	// SpecialFeatureOptIns lists the special features (1 to 12) the
	// visitor opted in to, ascending.
	SpecialFeatureOptIns []int
	// PurposesConsent lists the purposes (1 to 24) with consent,
	// ascending.
	PurposesConsent []int
	// PurposesLITransparency lists the purposes (1 to 24) for which
	// legitimate interest was established and not objected to.
	PurposesLITransparency []int
	// PurposeOneTreatment is true when purpose 1 was not disclosed
	// (a jurisdiction that does not require consent for it).
	PurposeOneTreatment bool
	// PublisherCC is the publisher's ISO 3166-1 alpha-2 country code.
	PublisherCC string
	// VendorConsents are the vendors with consent.
	VendorConsents VendorSet
	// VendorLegitimateInterests are the vendors whose legitimate
	// interest was established and not objected to.
	VendorLegitimateInterests VendorSet
	// PublisherRestrictions are the publisher's restrictions on vendors'
	// purposes, in string order.
	PublisherRestrictions []PubRestriction
}

// VendorSet is a set of GVL vendor IDs as a segment encodes it.
type VendorSet struct {
	// MaxVendorID is the highest vendor ID the section covers.
	MaxVendorID int
	// Encoding is how the section encoded the IDs.
	Encoding Encoding
	// Ranges are the IDs in the set, as inclusive ranges, ascending,
	// merged and without overlaps (whatever order the string used).
	Ranges []Range
}

// Range is an inclusive range of vendor IDs.
type Range struct {
	First, Last int
}

// Len returns the number of IDs in the set.
func (v VendorSet) Len() int {
	n := 0
	for _, r := range v.Ranges {
		n += r.Last - r.First + 1
	}
	return n
}

// Contains reports whether id is in the set.
func (v VendorSet) Contains(id int) bool {
	_, found := slices.BinarySearchFunc(v.Ranges, id, func(r Range, id int) int {
		switch {
		case r.Last < id:
			return -1
		case r.First > id:
			return 1
		}
		return 0
	})
	return found
}

// IDs returns the IDs in the set, ascending (at most 65535 of them: IDs
// are 16 bits).
func (v VendorSet) IDs() []int {
	ids := make([]int, 0, v.Len())
	for _, r := range v.Ranges {
		for id := r.First; id <= r.Last; id++ {
			ids = append(ids, id)
		}
	}
	return ids
}

// Encoding is the encoding of a vendor section.
type Encoding int

// The vendor section encodings.
const (
	EncodingBitField Encoding = iota // one bit per vendor ID, 1 to MaxVendorID
	EncodingRange                    // a list of single IDs and ID ranges
)

// String returns "bit field" or "range".
func (e Encoding) String() string {
	switch e {
	case EncodingBitField:
		return "bit field"
	case EncodingRange:
		return "range"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// PubRestriction is one publisher restriction: a purpose, what is
// restricted, and the vendors it applies to.
type PubRestriction struct {
	PurposeID int
	Type      RestrictionType
	Vendors   []Range // ascending, merged
}

// RestrictionType is the kind of a publisher restriction.
type RestrictionType int

// The restriction types of the TCF v2 specification.
const (
	RestrictionNotAllowed     RestrictionType = 0 // purpose flatly not allowed by the publisher
	RestrictionRequireConsent RestrictionType = 1 // consent required (for a flexible LI purpose)
	RestrictionRequireLI      RestrictionType = 2 // legitimate interest required (for a flexible consent purpose)
	RestrictionUndefined      RestrictionType = 3 // not used by the specification
)

// String names the restriction in words.
func (t RestrictionType) String() string {
	switch t {
	case RestrictionNotAllowed:
		return "not allowed"
	case RestrictionRequireConsent:
		return "consent required"
	case RestrictionRequireLI:
		return "legitimate interest required"
	case RestrictionUndefined:
		return "undefined (3)"
	}
	return fmt.Sprintf("RestrictionType(%d)", int(t))
}

// Segment is one segment after the core.
type Segment struct {
	// Index is the segment's position among the dot-separated parts of
	// the string (the core is 0).
	Index int
	// Type is the segment type in its first three bits; -1 when the
	// segment is too broken to hold one.
	Type SegmentType
	// Vendors is set for DisclosedVendors and AllowedVendors segments.
	Vendors *VendorSet
	// Publisher is set for PublisherTC segments.
	Publisher *PublisherTC
	// Raw is the segment's text.
	Raw string
}

// SegmentType is the type of a segment, from its first three bits.
type SegmentType int

// The segment types. AllowedVendors belonged to TCF 2.0 and 2.1 (for
// out-of-band legal bases) and was removed in 2.2.
const (
	SegmentCore             SegmentType = 0
	SegmentDisclosedVendors SegmentType = 1
	SegmentAllowedVendors   SegmentType = 2
	SegmentPublisherTC      SegmentType = 3
)

// String names the segment type as the specification does.
func (t SegmentType) String() string {
	switch t {
	case SegmentCore:
		return "core"
	case SegmentDisclosedVendors:
		return "DisclosedVendors"
	case SegmentAllowedVendors:
		return "AllowedVendors"
	case SegmentPublisherTC:
		return "PublisherTC"
	}
	return fmt.Sprintf("unknown segment type %d", int(t))
}

// PublisherTC is the publisher's own purposes segment.
type PublisherTC struct {
	PurposesConsent        []int // purposes 1 to 24 with consent for the publisher
	PurposesLITransparency []int // purposes 1 to 24 with legitimate interest established
	NumCustomPurposes      int
	// CustomPurposesConsent and CustomPurposesLITransparency list custom
	// purpose IDs (1 to NumCustomPurposes).
	CustomPurposesConsent        []int
	CustomPurposesLITransparency []int
}

// Warning is a value that decoded but breaks the specification.
type Warning struct {
	Segment int    // segment index (0 is the core)
	Bit     int    // bit offset of the field within the segment
	Field   string // the field, as the specification names it
	Msg     string
}

// String formats the warning as "segment 0, bit 141, IsServiceSpecific: …".
func (w Warning) String() string {
	return fmt.Sprintf("segment %d, bit %d, %s: %s", w.Segment, w.Bit, w.Field, w.Msg)
}
