package form

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
)

func TestUnescape(t *testing.T) {
	tests := []struct {
		name, in string
		plus     bool
		want     string
		wantOK   bool
	}{
		{"plain", "abc", true, "abc", true},
		{"escapes", "cd%5Bvalue%5D", true, "cd[value]", true},
		{"plus is space in forms", "a+b", true, "a b", true},
		{"plus kept outside forms", "a+b", false, "a+b", true},
		{"escaped plus", "a%2Bb", true, "a+b", true},
		{"lower-case hex", "%c3%a9", true, "é", true},
		{"empty", "", true, "", true},
		// Bad: a lone % and a truncated escape are kept as written.
		{"lone percent", "100%", true, "100%", false},
		{"bad hex", "%zz%4", true, "%zz%4", false},
		// Bad: an escape cut by the end of the string ("%4" then "1" would be "A").
		{"escape at the end", "%4", false, "%4", false},
		// Bad: bytes that are not UTF-8 are re-escaped.
		{"invalid UTF-8", "a%FFb%C3", true, "a%FFb%C3", false},
		{"raw invalid UTF-8", "a\xffb", false, "a%FFb", false},
		// Bad: raw invalid UTF-8 with nothing to decode takes the fast path.
		{"raw invalid UTF-8, no escape", "\xc3(", true, "%C3(", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Unescape(tt.in, tt.plus)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Unescape(%q, %v) = %q, %v; want %q, %v", tt.in, tt.plus, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestValidUTF8(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ASCII", "abc", "abc"},
		{"UTF-8 kept", "café €", "café €"},
		{"percent kept as it is", "100%", "100%"},
		// Bad: a lone continuation byte, a cut sequence and an overlong form.
		{"continuation byte", "a\x80b", "a%80b"},
		{"cut sequence", "caf\xc3", "caf%C3"},
		{"overlong slash", "\xc0\xaf", "%C0%AF"},
		// Bad: a UTF-16 surrogate encoded in UTF-8.
		{"surrogate", "\xed\xa0\x80", "%ED%A0%80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidUTF8(tt.in); got != tt.want {
				t.Errorf("ValidUTF8(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// fieldTests are the tables of TestFields, and seeds of FuzzFields.
var fieldTests = []struct {
	name, in string
	want     []Field
}{
	{"empty", "", nil},
	{"one", "id=1", []Field{{"id", "id", "1", true}}},
	{"order kept, repeats kept", "b=2&a=1&b=3", []Field{{"b", "b", "2", true}, {"a", "a", "1", true}, {"b", "b", "3", true}}},
	{"decoded", "cd%5Bvalue%5D=9.99&ev=Page+View", []Field{{"cd%5Bvalue%5D", "cd[value]", "9.99", true}, {"ev", "ev", "Page View", true}}},
	{"empty segments skipped", "&&a=1&&", []Field{{"a", "a", "1", true}}},
	{"no equals sign", "flag&a=", []Field{{"flag", "flag", "", true}, {"a", "a", "", true}}},
	{"first equals sign splits", "a==b=c", []Field{{"a", "a", "=b=c", true}}},
	{"whitespace kept", " a = b ", []Field{{" a ", " a ", " b ", true}}},
	// Bad: a lone % in the value, kept as written.
	{"bad escape in value", "dl=100%", []Field{{"dl", "dl", "100%", false}}},
	// Bad: an escape that decodes to a byte that is not UTF-8.
	{"invalid UTF-8 in name", "%FF=1", []Field{{"%FF", "%FF", "1", false}}},
}

func TestFields(t *testing.T) {
	for _, tt := range fieldTests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Collect(Fields(tt.in))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Fields(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestFieldsStop checks that Fields stops when the loop breaks.
func TestFieldsStop(t *testing.T) {
	var got []string
	for f := range Fields("a=1&b=2&c=3") {
		got = append(got, f.Name)
		if f.Name == "b" {
			break
		}
	}
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("Fields() with break mismatch (-want +got):\n%s", diff)
	}
}

func TestCookies(t *testing.T) {
	type pair struct{ Name, Value string }
	tests := []struct {
		name         string
		r            har.Request
		want         []pair
		wantCaptured bool
	}{
		{"none", har.Request{}, nil, false},
		{"cookies list", har.Request{Cookies: []har.Cookie{{Name: "a", Value: "1"}, {Name: "b", Value: "%41"}}},
			[]pair{{"a", "1"}, {"b", "%41"}}, true},
		{"header pairs trimmed, empty pairs skipped", har.Request{Headers: []har.NameValue{{Name: "Cookie", Value: " a = 1 ;; b=2; c"}}},
			[]pair{{"a", "1"}, {"b", "2"}, {"c", ""}}, true},
		{"headers split over HTTP/2 lines, any case", har.Request{Headers: []har.NameValue{{Name: "cookie", Value: "a=1"}, {Name: "Accept", Value: "x=y"}, {Name: "COOKIE", Value: "b=2"}}},
			[]pair{{"a", "1"}, {"b", "2"}}, true},
		{"the list wins over the header", har.Request{Cookies: []har.Cookie{{Name: "a", Value: "1"}}, Headers: []har.NameValue{{Name: "Cookie", Value: "a=1; b=2"}}},
			[]pair{{"a", "1"}}, true},
		{"an empty header is captured", har.Request{Headers: []har.NameValue{{Name: "Cookie", Value: ""}}}, nil, true},
		// Bad: bytes that are not UTF-8, written %XX.
		{"invalid UTF-8", har.Request{Headers: []har.NameValue{{Name: "Cookie", Value: "\xff=\xc3"}}},
			[]pair{{"%FF", "%C3"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []pair
			captured := Cookies(&tt.r, func(name, value string) { got = append(got, pair{name, value}) })
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Cookies() mismatch (-want +got):\n%s", diff)
			}
			if captured != tt.wantCaptured {
				t.Errorf("Cookies() captured = %v, want %v", captured, tt.wantCaptured)
			}
			// CookieCount makes room for them all: exactly, from the
			// list; with a place for each empty pair, from headers.
			if n := CookieCount(&tt.r); n < len(got) || len(tt.r.Cookies) > 0 && n != len(got) {
				t.Errorf("CookieCount() = %d for %d cookies", n, len(got))
			}
		})
	}
}

// FuzzCookieCount checks that CookieCount is never less than the
// cookies a Cookie header gives.
func FuzzCookieCount(f *testing.F) {
	f.Add(" a = 1 ;; b=2; c", "b=2")
	f.Add("", ";")
	f.Fuzz(func(t *testing.T, h1, h2 string) {
		r := har.Request{Headers: []har.NameValue{{Name: "Cookie", Value: h1}, {Name: "X", Value: "a;b"}, {Name: "cookie", Value: h2}}}
		got := 0
		Cookies(&r, func(string, string) { got++ })
		if n := CookieCount(&r); n < got {
			t.Fatalf("CookieCount = %d, Cookies gave %d", n, got)
		}
	})
}

func TestRawNames(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"", nil},
		{"a=1&b=2", []string{"a", "b"}},
		{"a&&=x&b=c=d&%41+=1&", []string{"a", "b", "%41+"}},
	} {
		var got []string
		for name := range RawNames(tt.q) {
			got = append(got, name)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("RawNames(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	// A caller that stops early is not called again.
	n := 0
	for range RawNames("a&b&c") {
		n++
		break
	}
	if n != 1 {
		t.Errorf("RawNames went on after a break: %d names", n)
	}
}
