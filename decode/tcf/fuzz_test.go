package tcf_test

import (
	"encoding/json"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode/tcf"
)

// FuzzDecode feeds Decode arbitrary strings. It must never panic; a
// string that decodes without error or warning must survive a round
// trip through the test encoder unchanged (the same core and segments),
// and every error must be located inside the string. Seeds: the IAB
// vectors in testdata, the round-trip cases and the malformed table.
func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile("testdata/iabtcf-core-vectors.json"); err == nil {
		var vs iabtcfVectors
		if json.Unmarshal(b, &vs) == nil {
			for _, v := range append(vs.Published, vs.Encoded...) {
				f.Add(v.String)
			}
		}
	}
	for _, c := range roundTripCases() {
		f.Add(encode(c))
	}
	for _, s := range []string{"", "${GDPR_CONSENT_755}", "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA=", "C.", "C..", "CPXxRfAPXxRfAAfKABENB*Cg", "D", "+/", rangeOf(9, 3)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := tcf.Decode(s)
		for _, e := range flatten(err) {
			if e.Char < 0 || e.Char > len(s) {
				t.Errorf("Decode(%q): error located at character %d, outside the string: %v", s, e.Char, e)
			}
		}
		if got == nil {
			return
		}
		for _, seg := range got.Segments {
			if seg.Vendors != nil {
				checkRanges(t, s, seg.Vendors.Ranges)
			}
		}
		checkRanges(t, s, got.Core.VendorConsents.Ranges)
		checkRanges(t, s, got.Core.VendorLegitimateInterests.Ranges)
		if !utf8.ValidString(got.Core.ConsentLanguage + got.Core.PublisherCC) {
			t.Errorf("Decode(%q): letters are not UTF-8", s)
		}
		if err != nil || len(got.Warnings) > 0 || got.Core.Version != 2 {
			return
		}
		for _, seg := range got.Segments {
			if seg.Type < tcf.SegmentDisclosedVendors || seg.Type > tcf.SegmentPublisherTC {
				return
			}
		}
		again, err := tcf.Decode(encode(got))
		if err != nil {
			t.Fatalf("Decode(encode(Decode(%q))): %v", s, err)
		}
		opt := cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Raw" }, cmp.Ignore())
		if diff := cmp.Diff(got, again, opt); diff != "" {
			t.Errorf("round trip of %q mismatch (-first +second):\n%s", s, diff)
		}
	})
}

// checkRanges checks that a decoded vendor set is sorted, merged and
// inside the 16-bit ID space.
func checkRanges(t *testing.T, s string, rs []tcf.Range) {
	t.Helper()
	for i, r := range rs {
		if r.First < 1 || r.Last > 65535 || r.Last < r.First || i > 0 && r.First <= rs[i-1].Last+1 {
			t.Errorf("Decode(%q): vendor ranges not normalised: %v", s, rs)
			return
		}
	}
}
