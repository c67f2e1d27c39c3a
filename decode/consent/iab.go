package consent

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/decode/tcf"
)

// This file reads the IAB's signals: TC strings (via decode/tcf), the
// gdpr flag, US Privacy strings and GPP strings.

// tcfSignal decodes s.Raw as a TC string.
func tcfSignal(s *Signal) {
	t, err := tcf.Decode(s.Raw)
	s.TCF = t
	if err != nil {
		s.Warnings = append(s.Warnings, strings.Split(err.Error(), "\n")...)
	}
	if t == nil {
		s.Description = "TC string " + strconv.Quote(s.Raw) + ": not decoded"
		return
	}
	for _, w := range t.Warnings {
		s.Warnings = append(s.Warnings, "tcf: "+w.String())
	}
	c := t.Core
	s.Source = fmt.Sprintf("IAB TCF, CMP %d", c.CmpID)
	if c.Version == 0 || errors.Is(err, tcf.ErrVersion) {
		s.Description = "TC string " + strconv.Quote(s.Raw) + ": not decoded"
		return
	}
	n := 10 // purposes defined before TCF 2.2
	switch {
	case c.Version == 1:
		n = 5
	case c.TCFPolicyVersion >= 4:
		n = 11
	}
	li := map[int]bool{}
	for _, p := range c.PurposesLITransparency {
		li[p] = true
	}
	granted := map[int]bool{}
	for _, p := range c.PurposesConsent {
		granted[p] = true
	}
	for id := 1; id <= n; id++ {
		p := Purpose{Name: fmt.Sprintf("purpose %d", id), Category: tcfCategory(id), State: StateDenied}
		if granted[id] {
			p.State = StateGranted
		}
		var notes []string
		if name := tcf.PurposeName(id); name != "" && c.Version == 2 {
			notes = append(notes, name)
		}
		if li[id] {
			notes = append(notes, "legitimate interest established")
		}
		p.Note = strings.Join(notes, "; ")
		s.Purposes = append(s.Purposes, p)
	}
	if err == nil || c.VendorConsents.MaxVendorID > 0 || len(c.PurposesConsent) > 0 {
		s.Choice = choiceOf(s.Purposes)
	}
	if !c.LastUpdated.IsZero() {
		s.ChoiceTime = c.LastUpdated
	}
	var b strings.Builder
	fmt.Fprintf(&b, "TC string (TCF v%d", c.Version)
	if c.Version == 2 {
		fmt.Fprintf(&b, ", policy version %d", c.TCFPolicyVersion)
	}
	fmt.Fprintf(&b, ") last updated by CMP %d", c.CmpID)
	if !c.LastUpdated.IsZero() {
		fmt.Fprintf(&b, " on %s", c.LastUpdated.Format("2006-01-02"))
	}
	fmt.Fprintf(&b, ": consent recorded for %s; %d vendor(s) with consent", purposesText(c.PurposesConsent), c.VendorConsents.Len())
	if c.Version == 2 {
		fmt.Fprintf(&b, ", %d with legitimate interest", c.VendorLegitimateInterests.Len())
	}
	b.WriteString(" (what the CMP stored, not what the visitor saw)")
	s.Description = b.String()
	d := []Detail{
		{"CMP", fmt.Sprintf("%d, version %d, screen %d", c.CmpID, c.CmpVersion, c.ConsentScreen)},
		{"created", timeText(c.Created)},
		{"last updated", timeText(c.LastUpdated)},
		{"consent language", c.ConsentLanguage},
		{"vendor list version", strconv.Itoa(c.VendorListVersion)},
	}
	if c.Version == 2 {
		d = append(d,
			Detail{"policy version", strconv.Itoa(c.TCFPolicyVersion)},
			Detail{"publisher country", c.PublisherCC},
			Detail{"purposes with legitimate interest", idList(c.PurposesLITransparency, "none")},
			Detail{"special features opted in", idList(c.SpecialFeatureOptIns, "none")},
			Detail{"vendors with consent", vendorText(c.VendorConsents)},
			Detail{"vendors with legitimate interest", vendorText(c.VendorLegitimateInterests)},
			Detail{"publisher restrictions", strconv.Itoa(len(c.PublisherRestrictions))},
		)
		if c.PurposeOneTreatment {
			d = append(d, Detail{"purpose one treatment", "purpose 1 was not disclosed (publisher's jurisdiction)"})
		}
	} else {
		d = append(d, Detail{"vendors with consent", vendorText(c.VendorConsents)})
	}
	for _, seg := range t.Segments {
		v := seg.Type.String()
		if seg.Vendors != nil {
			v += ": " + vendorText(*seg.Vendors)
		}
		d = append(d, Detail{fmt.Sprintf("segment %d", seg.Index), v})
	}
	s.Details = d
}

// tcfCategory maps TCF purposes to categories: 1 storage and access;
// 2, 3, 4 and 7 advertising; 5, 6 and 11 content personalisation
// (functional); 8 and 9 measurement (analytics); 10 other.
func tcfCategory(id int) Category {
	switch id {
	case 1:
		return CategoryStorageAccess
	case 2, 3, 4, 7:
		return CategoryAdvertising
	case 5, 6, 11:
		return CategoryFunctional
	case 8, 9:
		return CategoryAnalytics
	}
	return CategoryOther
}

// idList writes IDs as "1, 2, 7", or none when there are none.
func idList(ids []int, none string) string {
	if len(ids) == 0 {
		return none
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, ", ")
}

// purposesText writes "no purpose", "purpose 1" or "purposes 1, 2".
func purposesText(ids []int) string {
	switch len(ids) {
	case 0:
		return "no purpose"
	case 1:
		return "purpose " + strconv.Itoa(ids[0])
	}
	return "purposes " + idList(ids, "")
}

func vendorText(v tcf.VendorSet) string {
	return fmt.Sprintf("%d of IDs up to %d (%s)", v.Len(), v.MaxVendorID, v.Encoding)
}

func gdprSignal(s *Signal) bool {
	switch s.Raw {
	case "1":
		s.Description = "the page says GDPR applies to this visitor (gdpr=1)"
	case "0":
		s.Description = "the page says GDPR does not apply to this visitor (gdpr=0)"
	case "":
		s.Description = "gdpr parameter empty: the page did not say whether GDPR applies"
	default:
		return false
	}
	return true
}

// USPrivacy is a decoded IAB US Privacy (CCPA) string such as 1YNN.
type USPrivacy struct {
	Version int
	// Notice, OptOutSale and LSPA are 'Y', 'N' or '-' (not applicable).
	Notice, OptOutSale, LSPA byte
}

// ParseUSPrivacy decodes a US Privacy string: a version digit, then Y, N
// or - for notice given, opted out of sale, and covered by the IAB's
// Limited Service Provider Agreement (IAB Tech Lab, "US Privacy String",
// version 1, March 2020:
// https://github.com/InteractiveAdvertisingBureau/USPrivacy/blob/master/CCPA/US%20Privacy%20String.md).
func ParseUSPrivacy(v string) (USPrivacy, error) {
	if len(v) != 4 || !isDigit(v[0]) {
		return USPrivacy{}, fmt.Errorf("%w: us_privacy %q: want a version digit and three of Y, N or -", ErrFormat, v)
	}
	u := USPrivacy{Version: int(v[0] - '0'), Notice: upper(v[1]), OptOutSale: upper(v[2]), LSPA: upper(v[3])}
	for _, c := range []byte{u.Notice, u.OptOutSale, u.LSPA} {
		if c != 'Y' && c != 'N' && c != '-' {
			return u, fmt.Errorf("%w: us_privacy %q: %q is not Y, N or -", ErrFormat, v, c)
		}
	}
	return u, nil
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func uspSignal(s *Signal) {
	u, err := ParseUSPrivacy(s.Raw)
	if err != nil {
		s.Warnings = append(s.Warnings, err.Error())
		s.Description = "US Privacy string " + strconv.Quote(s.Raw) + ": not decoded"
		return
	}
	s.Source = "IAB US Privacy"
	yn := func(c byte, yes, no string) string {
		switch c {
		case 'Y':
			return yes
		case 'N':
			return no
		}
		return "not applicable or unknown"
	}
	p := Purpose{Name: "opt-out of sale", Category: CategorySaleOrSharing}
	switch u.OptOutSale {
	case 'Y':
		p.State, p.Note = StateDenied, "the visitor opted out of the sale of personal data"
		s.Choice = ChoiceReject
	case 'N':
		p.State, p.Note = StateGranted, "no opt-out of sale recorded"
	default:
		p.State = StateNotSet
	}
	s.Purposes = []Purpose{p}
	if u.Notice == '-' && u.OptOutSale == '-' && u.LSPA == '-' {
		s.Description = "US Privacy string: the page says CCPA does not apply (" + s.Raw + ")"
		return
	}
	s.Description = fmt.Sprintf("US Privacy string (CCPA, version %d): notice %s, sale %s, LSPA %s",
		u.Version, yn(u.Notice, "given", "not given"), yn(u.OptOutSale, "opted out", "not opted out"),
		yn(u.LSPA, "covered", "not covered"))
}

// additionalConsentSignal reads Google's Additional Consent string
// (addtl_consent): a version, "~", and the IDs of Google's ad technology
// providers (outside the IAB list) with consent, dot-separated; version 2
// adds "~dv." and the IDs disclosed. Source: Google's "Additional
// Consent Mode technical specification" (Google Ad Manager Help).
func additionalConsentSignal(s *Signal) {
	s.Source = "Google Additional Consent"
	parts := strings.Split(s.Raw, "~")
	if len(parts) < 2 || (parts[0] != "1" && parts[0] != "2") {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%v: addtl_consent %q: want 1~ or 2~ and provider IDs", ErrFormat, s.Raw))
		s.Description = "Additional Consent string " + strconv.Quote(s.Raw) + ": not decoded"
		return
	}
	count := func(p string) int {
		n := 0
		for f := range strings.SplitSeq(p, ".") {
			if f != "" && isAllDigits(f) {
				n++
			}
		}
		return n
	}
	consented := count(parts[1])
	s.Description = fmt.Sprintf("Google Additional Consent (version %s): %d ad technology provider(s) outside the IAB list with consent", parts[0], consented)
	for _, p := range parts[2:] {
		if strings.HasPrefix(p, "dv.") {
			s.Description += fmt.Sprintf(", %d disclosed", count(p[3:]))
		}
	}
}

func isAllDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// gppSections names the GPP section IDs (IAB Tech Lab, "Section
// Information", Global-Privacy-Platform/Sections/Section Information.md).
var gppSections = map[int][2]string{
	1: {"tcfeuv1", "EU TCF v1 (deprecated)"}, 2: {"tcfeuv2", "EU TCF v2"}, 3: {"", "GPP header"},
	4: {"", "GPP signal integrity"}, 5: {"tcfcav1", "Canadian TCF"}, 6: {"uspv1", "US Privacy string"},
	7: {"usnat", "US national (MSPA)"}, 8: {"usca", "US California"}, 9: {"usva", "US Virginia"},
	10: {"usco", "US Colorado"}, 11: {"usut", "US Utah"}, 12: {"usct", "US Connecticut"},
	13: {"usfl", "US Florida"}, 14: {"usmt", "US Montana"}, 15: {"usor", "US Oregon"},
	16: {"ustx", "US Texas"}, 17: {"usde", "US Delaware"}, 18: {"usia", "US Iowa"},
	19: {"usne", "US Nebraska"}, 20: {"usnh", "US New Hampshire"}, 21: {"usnj", "US New Jersey"},
	22: {"ustn", "US Tennessee"}, 23: {"usmn", "US Minnesota"}, 24: {"usmd", "US Maryland"},
	25: {"usin", "US Indiana"}, 26: {"usky", "US Kentucky"}, 27: {"usri", "US Rhode Island"},
}

func sectionName(id int) string {
	n, ok := gppSections[id]
	switch {
	case !ok:
		return fmt.Sprintf("%d (not a known section)", id)
	case n[0] == "":
		return fmt.Sprintf("%d (%s)", id, n[1])
	}
	return fmt.Sprintf("%d (%s: %s)", id, n[0], n[1])
}

// GPP is a decoded IAB Global Privacy Platform string: its header and,
// for the sections this package reads (EU TCF v2 and US Privacy), the
// decoded section.
type GPP struct {
	Version  int
	Sections []GPPSection
}

// GPPSection is one section of a GPP string.
type GPPSection struct {
	ID  int    // section ID from the header
	API string // the section's API prefix ("tcfeuv2", "usnat"), "" when unknown
	Raw string // the section's text
	// TCF is set for an EU TCF v2 section (ID 2), whose text is a TC string.
	TCF *tcf.TCString
	// USPrivacy is set for a US Privacy section (ID 6).
	USPrivacy *USPrivacy
}

// ParseGPP decodes a GPP string (IAB Tech Lab, "Global Privacy Platform
// String", Core/Consent String Specification.md): a header of Type 3,
// Version and a Fibonacci-coded range of section IDs, then one
// "~"-separated section per ID. EU TCF v2 and US Privacy sections are
// decoded; the others are kept as text. What was read is returned with
// any error.
func ParseGPP(v string) (*GPP, error) {
	parts := strings.Split(v, "~")
	r := bits(parts[0])
	if r == nil {
		return nil, fmt.Errorf("%w: gpp header %q: not base64url", ErrFormat, parts[0])
	}
	typ, ok1 := r.read(6)
	ver, ok2 := r.read(6)
	if !ok1 || !ok2 || typ != 3 {
		return nil, fmt.Errorf("%w: gpp header %q: type %d, want 3", ErrFormat, parts[0], typ)
	}
	g := &GPP{Version: int(ver)}
	ids, err := r.fibonacciRange()
	if err != nil {
		err = fmt.Errorf("%w: gpp header %q: %v", ErrFormat, parts[0], err)
	}
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	if len(ids) != len(parts)-1 {
		errs = append(errs, fmt.Errorf("%w: gpp %q: header lists %d section(s), the string has %d", ErrFormat, v, len(ids), len(parts)-1))
	}
	for i, id := range ids {
		sec := GPPSection{ID: id, API: gppSections[id][0]}
		if i+1 < len(parts) {
			sec.Raw = parts[i+1]
		}
		switch {
		case sec.Raw == "":
		case id == 2:
			t, err := tcf.Decode(sec.Raw)
			sec.TCF = t
			if err != nil {
				errs = append(errs, fmt.Errorf("gpp section %d: %w", id, err))
			}
		case id == 6:
			u, err := ParseUSPrivacy(sec.Raw)
			if err == nil {
				sec.USPrivacy = &u
			} else {
				errs = append(errs, fmt.Errorf("gpp section %d: %w", id, err))
			}
		}
		g.Sections = append(g.Sections, sec)
	}
	return g, errors.Join(errs...)
}

// bitString reads big-endian bits from base64url text.
type bitString struct {
	sext []byte
	pos  int
}

func bits(s string) *bitString {
	b := &bitString{}
	for i := range len(s) {
		v, ok := tcf.Sextet(s[i])
		if !ok {
			return nil
		}
		b.sext = append(b.sext, v)
	}
	return b
}

func (b *bitString) read(n int) (uint64, bool) {
	if b.pos+n > len(b.sext)*6 {
		return 0, false
	}
	var v uint64
	for range n {
		v = v<<1 | uint64(b.sext[b.pos/6]>>(5-uint(b.pos%6))&1)
		b.pos++
	}
	return v, true
}

// fibonacci reads a Fibonacci-coded integer: bits for 1, 2, 3, 5, 8 …
// ended by a second consecutive 1.
func (b *bitString) fibonacci() (int, bool) {
	f1, f2 := 1, 2
	v, prev := 0, uint64(0)
	for i := 0; ; i++ {
		bit, ok := b.read(1)
		if !ok || i > 40 {
			return 0, false
		}
		if bit == 1 && prev == 1 {
			return v, true
		}
		if bit == 1 {
			v += f1
		}
		prev = bit
		f1, f2 = f2, f1+f2
	}
}

// fibonacciRange reads a Range(Fibonacci): a 12-bit count, then for each
// item a group bit, an offset from the last ID (0 at first) and, for a
// group, its length.
func (b *bitString) fibonacciRange() ([]int, error) {
	n, ok := b.read(12)
	if !ok {
		return nil, errors.New("ends before the number of sections")
	}
	var ids []int
	last := 0
	for i := range int(n) {
		group, ok := b.read(1)
		if !ok {
			return ids, fmt.Errorf("ends in range item %d", i)
		}
		off, ok := b.fibonacci()
		if !ok {
			return ids, fmt.Errorf("ends in range item %d", i)
		}
		first := last + off
		end := first
		if group == 1 {
			l, ok := b.fibonacci()
			if !ok {
				return ids, fmt.Errorf("ends in range item %d", i)
			}
			end = first + l
		}
		if end-first > 64 || end > 1000 {
			return ids, fmt.Errorf("range item %d (%d to %d) is implausibly large", i, first, end)
		}
		for id := first; id <= end; id++ {
			ids = append(ids, id)
		}
		last = end
	}
	return ids, nil
}

func gppSignal(s *Signal) {
	g, err := ParseGPP(s.Raw)
	s.GPP = g
	if err != nil {
		s.Warnings = append(s.Warnings, strings.Split(err.Error(), "\n")...)
	}
	if g == nil {
		s.Description = "GPP string " + strconv.Quote(s.Raw) + ": not decoded"
		return
	}
	s.Source = "IAB GPP"
	var names []string
	choices := map[Choice]bool{}
	for _, sec := range g.Sections {
		names = append(names, sectionName(sec.ID))
		var sub Signal
		switch {
		case sec.TCF != nil:
			sub = Signal{Raw: sec.Raw}
			tcfSignal(&sub)
		case sec.USPrivacy != nil:
			sub = Signal{Raw: sec.Raw}
			uspSignal(&sub)
		default:
			if sec.Raw != "" {
				s.Details = append(s.Details, Detail{fmt.Sprintf("section %d", sec.ID), "not decoded"})
			}
			continue
		}
		for _, p := range sub.Purposes {
			p.Name = sec.API + " " + p.Name
			s.Purposes = append(s.Purposes, p)
		}
		s.Details = append(s.Details, Detail{fmt.Sprintf("section %d", sec.ID), sub.Description})
		choices[sub.Choice] = true
		if s.ChoiceTime.IsZero() {
			s.ChoiceTime = sub.ChoiceTime
		}
	}
	if len(choices) == 1 {
		for c := range choices {
			s.Choice = c
		}
	}
	s.Description = fmt.Sprintf("GPP string (version %d) with section(s) %s", g.Version, strings.Join(names, ", "))
}

func gppSIDSignal(s *Signal) {
	var names []string
	for f := range strings.SplitSeq(s.Raw, ",") {
		f = strings.TrimSpace(f)
		id, err := strconv.Atoi(f)
		switch {
		case err != nil:
			s.Warnings = append(s.Warnings, fmt.Sprintf("%v: gpp_sid %q: %q is not a number", ErrFormat, s.Raw, f))
		case id < 0:
			names = append(names, f+" (not a section: no GPP section in force)")
		default:
			names = append(names, sectionName(id))
		}
	}
	s.Description = "GPP section(s) in force for this request: " + strings.Join(names, ", ")
}
