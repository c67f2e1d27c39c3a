package visit_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har/visit"
)

func TestParseVariants(t *testing.T) {
	tests := []struct {
		in   string
		want []visit.Variant
	}{
		{"none", []visit.Variant{visit.None}},
		{"accept", []visit.Variant{visit.Accept}},
		{"all", []visit.Variant{visit.None, visit.Accept, visit.Reject}},
		{"reject,accept", []visit.Variant{visit.Accept, visit.Reject}},
		{"reject, reject", []visit.Variant{visit.Reject}},
	}
	for _, tt := range tests {
		got, err := visit.ParseVariants(tt.in)
		if err != nil {
			t.Errorf("ParseVariants(%q): %v", tt.in, err)
			continue
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("ParseVariants(%q) mismatch (-want +got):\n%s", tt.in, d)
		}
	}
	// Names are lower case; "all" is not one of a list; empty parts are not variants.
	for _, bad := range []string{"", "Accept", "all,none", "accept,", "yes"} {
		if _, err := visit.ParseVariants(bad); err == nil {
			t.Errorf("ParseVariants(%q): no error", bad)
		}
	}
}

// TestBuiltinPatterns checks the table itself: the seven platforms the
// issue names, each with a banner, an accept and a reject selector; the
// phrases as the page compares them (folded, no symbols at the ends),
// in the six languages, longest first, none both an accept and a reject
// text.
func TestBuiltinPatterns(t *testing.T) {
	p := visit.Builtin()
	var names []string
	for _, c := range p.CMPs {
		names = append(names, c.Name)
		if len(c.Banner) == 0 || len(c.Accept) == 0 || len(c.Reject) == 0 {
			t.Errorf("%s: banner %v, accept %v, reject %v: want at least one of each", c.Name, c.Banner, c.Accept, c.Reject)
		}
		for _, sel := range slices.Concat(c.Banner, c.Accept, c.Reject) {
			if strings.TrimSpace(sel) != sel || sel == "" || strings.Contains(sel, ",") {
				t.Errorf("%s: selector %q: want one selector, trimmed (lists are the table's job)", c.Name, sel)
			}
		}
	}
	want := []string{"OneTrust", "Cookiebot", "Didomi", "Quantcast Choice", "Usercentrics", "CookieYes", "Civic Cookie Control"}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("platforms mismatch (-want +got):\n%s", d)
	}
	folded := regexp.MustCompile(`^[\p{Ll}\p{N}](?:[\p{Ll}\p{N}' ,]*[\p{Ll}\p{N}])?$`)
	accept := map[string]bool{}
	for _, list := range []struct {
		name    string
		phrases []visit.Phrase
	}{{"accept", p.Accept}, {"reject", p.Reject}} {
		langs := map[string]bool{}
		for i, ph := range list.phrases {
			langs[ph.Lang] = true
			if !folded.MatchString(ph.Text) || strings.Contains(ph.Text, "  ") {
				t.Errorf("%s phrase %q: not as the page compares texts (lower case, single spaces, no symbols at the ends)", list.name, ph.Text)
			}
			if i > 0 && len(ph.Text) > len(list.phrases[i-1].Text) {
				t.Errorf("%s phrase %q after the shorter %q: longer phrases go first", list.name, ph.Text, list.phrases[i-1].Text)
			}
			if list.name == "accept" {
				accept[ph.Text] = true
			} else if accept[ph.Text] {
				t.Errorf("%q is both an accept and a reject text", ph.Text)
			}
		}
		for _, l := range []string{"en", "de", "fr", "es", "it", "nl"} {
			if !langs[l] {
				t.Errorf("no %s phrase in %s", list.name, l)
			}
		}
	}
	for _, w := range p.Context {
		if w != strings.ToLower(w) || w == "" {
			t.Errorf("context word %q: want lower case", w)
		}
	}
}

func TestVariantString(t *testing.T) {
	for _, v := range []visit.Variant{visit.None, visit.Accept, visit.Reject} {
		back, err := visit.ParseVariant(v.String())
		if err != nil || back != v {
			t.Errorf("ParseVariant(%q) = %v, %v", v, back, err)
		}
	}
	if s := visit.Variant(7).String(); s != "Variant(7)" {
		t.Errorf("Variant(7).String() = %q", s)
	}
}
