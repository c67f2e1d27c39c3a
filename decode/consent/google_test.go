package consent

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseGCDEveryLetter runs ParseGCD over every character of the
// base64url alphabet (the alphabet the letters are drawn from, in David
// Vallejo's reading) in each of the four positions. The nine letters of
// the published table decode to their default and update; every other
// character is reported as unknown, with an error, and never guessed.
func TestParseGCDEveryLetter(t *testing.T) {
	want := map[byte][2]State{
		'l': {StateNotSet, StateNotSet}, 'm': {StateNotSet, StateDenied}, 'n': {StateNotSet, StateGranted},
		'p': {StateDenied, StateNotSet}, 'q': {StateDenied, StateDenied}, 'r': {StateDenied, StateGranted},
		't': {StateGranted, StateNotSet}, 'u': {StateGranted, StateDenied}, 'v': {StateGranted, StateGranted},
	}
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
	for pos := range 4 {
		for i := range len(alphabet) {
			c := alphabet[i]
			v := []byte("13l3l3l3l5")
			v[2+2*pos] = c
			g, err := ParseGCD(string(v))
			if len(g.Types) != 4 {
				t.Fatalf("ParseGCD(%q): %d types, want 4", v, len(g.Types))
			}
			got := g.Types[pos]
			exp, known := want[c]
			if !known {
				exp = [2]State{StateUnknown, StateUnknown}
			}
			if got.Letter != c || got.Default != exp[0] || got.Update != exp[1] {
				t.Errorf("ParseGCD(%q) %s = letter %q default %v update %v, want %q %v %v", v, gcdTypes[pos], got.Letter, got.Default, got.Update, c, exp[0], exp[1])
			}
			if known != (err == nil) {
				t.Errorf("ParseGCD(%q): error %v, want an error only for a letter outside the table", v, err)
			}
			if g.Trailer != "5" {
				t.Errorf("ParseGCD(%q): trailer %q, want 5", v, g.Trailer)
			}
		}
	}
}

func TestParseGCD(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    GCD
		wantErr bool
	}{
		{in: "11p1p1p1p5", want: GCD{Types: []GCDType{
			{"ad_storage", 'p', StateDenied, StateNotSet}, {"analytics_storage", 'p', StateDenied, StateNotSet},
			{"ad_user_data", 'p', StateDenied, StateNotSet}, {"ad_personalization", 'p', StateDenied, StateNotSet}}, Trailer: "5"}},
		// Newer tags: further digit-letter pairs after the fourth letter (kept, not decoded).
		{in: "13l3l3l3l1l1", want: GCD{Types: []GCDType{
			{"ad_storage", 'l', StateNotSet, StateNotSet}, {"analytics_storage", 'l', StateNotSet, StateNotSet},
			{"ad_user_data", 'l', StateNotSet, StateNotSet}, {"ad_personalization", 'l', StateNotSet, StateNotSet}}, Trailer: "1l1"}},
		// Cut after two letters: what was read is kept.
		{in: "11r1u", wantErr: true, want: GCD{Types: []GCDType{
			{"ad_storage", 'r', StateDenied, StateGranted}, {"analytics_storage", 'u', StateGranted, StateDenied}}}},
		// Not starting with a digit: not gcd at all.
		{in: "G111", wantErr: true},
		{in: "", wantErr: true},
	} {
		got, err := ParseGCD(tc.in)
		if (err != nil) != tc.wantErr || err != nil && !errors.Is(err, ErrFormat) {
			t.Errorf("ParseGCD(%q) error = %v, want error %v (ErrFormat)", tc.in, err, tc.wantErr)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseGCD(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestParseGCS covers each state character in each position and the
// malformed forms.
func TestParseGCS(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    GCS
		wantErr bool
	}{
		{in: "G100", want: GCS{StateDenied, StateDenied, ""}},
		{in: "G111", want: GCS{StateGranted, StateGranted, ""}},
		{in: "G110", want: GCS{StateGranted, StateDenied, ""}},
		{in: "G101", want: GCS{StateDenied, StateGranted, ""}},
		{in: "G1--", want: GCS{StateNotSet, StateNotSet, ""}},
		{in: "G1-1x", want: GCS{StateNotSet, StateGranted, "x"}},
		{in: "G1x0", want: GCS{StateUnknown, StateDenied, ""}, wantErr: true}, // x is no state
		{in: "G10", wantErr: true},                                            // too short
		{in: "G200", wantErr: true},                                           // G2 is no known version
	} {
		got, err := ParseGCS(tc.in)
		if (err != nil) != tc.wantErr {
			t.Errorf("ParseGCS(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ParseGCS(%q) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestGCDChoice pins the choice a gcd records: an update records one;
// defaults alone record that none was made; letters l everywhere (no
// default, no update: consent mode not configured) say nothing.
func TestGCDChoice(t *testing.T) {
	for _, tc := range []struct {
		gcd  string
		want Choice
	}{
		{"13r3r3r3r5", ChoiceAccept},
		{"13q3q3q3q5", ChoiceReject},
		{"13p3p3p3p5", ChoiceNone},
		{"13l3l3l3l1l1", ChoiceUnknown}, // the bundled sample's: consent mode not configured
	} {
		sigs := FromParam("gcd", tc.gcd, PartQuery)
		if len(sigs) != 1 {
			t.Fatalf("gcd=%s: %d signals", tc.gcd, len(sigs))
		}
		if got := sigs[0].Choice; got != tc.want {
			t.Errorf("gcd=%s: choice %s, want %s (%s)", tc.gcd, got, tc.want, sigs[0].Description)
		}
	}
}
