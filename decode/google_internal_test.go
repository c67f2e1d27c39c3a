package decode

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The parsers of the Google family's sub-formats (issue 18).

func TestParseX10(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []x10Project
		ok   bool
	}{
		{"event", "5(Videos*Play*Baby'0s First Birthday)(1)", []x10Project{{5, [][]x10Item{{{1, "Videos"}, {2, "Play"}, {3, "Baby's First Birthday"}}, {{1, "1"}}}}}, true},
		{"custom variables with indexes", "8(2!Gender*Age)9(2!F*40)11(2!1*1)", []x10Project{
			{8, [][]x10Item{{{2, "Gender"}, {3, "Age"}}}},
			{9, [][]x10Item{{{2, "F"}, {3, "40"}}}},
			{11, [][]x10Item{{{2, "1"}, {3, "1"}}}},
		}, true},
		{"every escape", "5(a'1b*c'2d*e'3f'0)", []x10Project{{5, [][]x10Item{{{1, "a)b"}, {2, "c*d"}, {3, "e!f'"}}}}}, true},
		{"empty group", "14()", []x10Project{{14, [][]x10Item{{{1, ""}}}}}, true},
		// Bad: no project number.
		{"no number", "(a)", nil, false},
		// Bad: a group that never closes.
		{"unclosed", "5(a*b", nil, false},
		// Bad: text between projects.
		{"junk after", "5(a)x", nil, false},
		// Bad: nothing at all.
		{"empty", "", nil, false},
		// Bad: a number too long to be a project.
		{"long number", "123456(a)", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseX10(tt.in)
			if ok != tt.ok {
				t.Fatalf("parseX10(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(x10Project{}, x10Item{})); diff != "" {
				t.Errorf("parseX10(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestPathParams(t *testing.T) {
	type nv struct{ Name, Value string }
	tests := []struct {
		name, path string
		tag        string
		want       []nv
		warn       bool
	}{
		{"activity tag", "/activity;src=1;type=a;cat=b", "activity", []nv{{"src", "1"}, {"type", "a"}, {"cat", "b"}}, false},
		{"ddm form", "/ddm/activity/src=1;type=a", "", []nv{{"src", "1"}, {"type", "a"}}, false},
		{"google tag form", "/ddm/fls/z/dc_pre=X;src=2;~oref=https%3A%2F%2Fa.example%2F", "", []nv{{"dc_pre", "X"}, {"src", "2"}, {"~oref", "https://a.example/"}}, false},
		{"slash inside a value", "/activity;dc_iu=/123/Pixel;dc_seg=9", "activity", []nv{{"dc_iu", "/123/Pixel"}, {"dc_seg", "9"}}, false},
		{"one parameter, no ;", "/ddm/activity/src=1", "", []nv{{"src", "1"}}, false},
		{"plus is kept", "/activity;u1=a+b", "activity", []nv{{"u1", "a+b"}}, false},
		{"empty segments skipped", "/activity;;src=1;", "activity", []nv{{"src", "1"}}, false},
		{"no parameters", "/json", "", nil, false},
		// Bad: an invalid escape is kept as written, with a warning.
		{"bad escape", "/activity;u1=%ZZ", "activity", []nv{{"u1", "%ZZ"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w warnings
			tag, ps := pathParams(tt.path, &w)
			var got []nv
			for _, p := range ps {
				if p.In != InPath {
					t.Errorf("param %s read from %s, want path", p.Name, p.In)
				}
				got = append(got, nv{p.Name, p.Value})
			}
			if tag != tt.tag {
				t.Errorf("tag = %q, want %q", tag, tt.tag)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pathParams(%q) mismatch (-want +got):\n%s", tt.path, diff)
			}
			if (len(w.list) > 0) != tt.warn {
				t.Errorf("warnings %q, want some: %v", w.list, tt.warn)
			}
		})
	}
}

func TestGoogleAdsPath(t *testing.T) {
	tests := []struct{ path, endpoint, id string }{
		{"/pagead/viewthroughconversion/931905991/", "viewthroughconversion", "931905991"},
		{"/pagead/1p-conversion/987/", "1p-conversion", "987"},
		{"/pagead/privacysandbox/conversion/987/", "privacysandbox/conversion", "987"},
		{"/ads/user-lists/931905991/", "ads/user-lists", "931905991"},
		{"/ccm/conversion/987/", "ccm/conversion", "987"},
		{"/td/rul/987", "td/rul", "987"},
		{"/ccm/collect", "ccm/collect", ""},
		{"/pagead/drt/ui", "drt", "ui"},
		{"/pagead", "pagead", ""},
		{"/", "", ""},
	}
	for _, tt := range tests {
		endpoint, id := googleAdsPath(tt.path)
		if endpoint != tt.endpoint || id != tt.id {
			t.Errorf("googleAdsPath(%q) = %q, %q; want %q, %q", tt.path, endpoint, id, tt.endpoint, tt.id)
		}
	}
}

func TestUTMCookies(t *testing.T) {
	const utmcc = "__utma=230887938.1463229748.1317737798.1317737798.1317737798.1;+__utmz=230887938.1317737798.1.1.utmcsr=google|utmccn=(organic)|utmcmd=organic|utmctr=tracking%20qr%20codes;+__utmv=1.member%3Dgold;"
	got := parseUTMCookies(utmcc)
	want := []utmCookie{
		{"__utma", "230887938.1463229748.1317737798.1317737798.1317737798.1"},
		{"__utmz", "230887938.1317737798.1.1.utmcsr=google|utmccn=(organic)|utmcmd=organic|utmctr=tracking%20qr%20codes"},
		{"__utmv", "1.member%3Dgold"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(utmCookie{})); diff != "" {
		t.Errorf("parseUTMCookies mismatch (-want +got):\n%s", diff)
	}
	visitor, facts, ok := utmaFields(want[0].value)
	if !ok || visitor != "1463229748.1317737798" || len(facts) != 6 || facts[2] != (Fact{"first_visit", "2011-10-04T14:16:38.000Z"}) {
		t.Errorf("utmaFields = %q, %v, %v", visitor, facts, ok)
	}
	// Bad: five fields, and a letter where a time should be.
	for _, bad := range []string{"1.2.3.4.5", "1.2.x.4.5.6"} {
		if _, _, ok := utmaFields(bad); ok {
			t.Errorf("utmaFields(%q) ok", bad)
		}
	}
	_, kv := utmzFields(want[1].value)
	wantKV := [][2]string{{"utmcsr", "google"}, {"utmccn", "(organic)"}, {"utmcmd", "organic"}, {"utmctr", "tracking qr codes"}}
	if diff := cmp.Diff(wantKV, kv); diff != "" {
		t.Errorf("utmzFields mismatch (-want +got):\n%s", diff)
	}
}
