package redact

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPlaceholder(t *testing.T) {
	tests := []struct {
		kind Kind
		name string
		n    int
		want string
	}{
		{KindSecret, "xs", 1, "REDACTED-SECRET-xs-1"},
		{KindSecret, "__Secure-3PSID", 2, "REDACTED-SECRET-__Secure-3PSID-2"},
		// Characters a placeholder cannot hold (it must read the same
		// percent-encoded and JSON-escaped) become "_".
		{KindSecret, "we ird/name%", 1, "REDACTED-SECRET-we_ird_name_-1"},
		{KindEmail, "", 3, "REDACTED-EMAIL-3"},
		{KindPhone, "", 1, "REDACTED-PHONE-1"},
		{KindValue, "", 12, "REDACTED-VALUE-12"},
	}
	for _, tt := range tests {
		if got := Placeholder(tt.kind, tt.name, tt.n); got != tt.want {
			t.Errorf("Placeholder(%v, %q, %d) = %q, want %q", tt.kind, tt.name, tt.n, got, tt.want)
		}
	}
}

// testReplacer replaces a secret, an e-mail address, a phone number and a
// value.
func testReplacer() *replacer {
	return newReplacer([]target{
		newTarget(KindSecret, "xs", testXS, testXS, "REDACTED-SECRET-xs-1"),
		newTarget(KindEmail, "", "Jane.Doe@Example.com", "jane.doe@example.com", "REDACTED-EMAIL-1"),
		newTarget(KindPhone, "", "+44 7700 900123", "447700900123", "REDACTED-PHONE-1"),
		newTarget(KindValue, "", "Ünïcode/Straße <x>", "Ünïcode/Straße <x>", "REDACTED-VALUE-1"),
	})
}

const testXS = "21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463"

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestReplace(t *testing.T) {
	const xsDecoded = "21:qR8vZ2kXm4TnJw:2:1761033807:-1:11463"
	const uni = "Ünïcode/Straße <x>"
	tests := []struct {
		name, in, want string
		hows           []string // the forms replaced, in order
	}{
		{"cookie header", "c_user=1; xs=" + testXS + "; fr=0a", "c_user=1; xs=REDACTED-SECRET-xs-1; fr=0a", []string{"as sent"}},
		{"percent-decoded", "s=" + xsDecoded, "s=REDACTED-SECRET-xs-1", []string{"as sent"}},
		{"percent-encoded twice", "u=" + url.QueryEscape(testXS), "u=REDACTED-SECRET-xs-1", []string{"percent-encoded"}},
		{"lower-case hex", "u=" + lowerHex(url.QueryEscape(xsDecoded)), "u=REDACTED-SECRET-xs-1", []string{"percent-encoded"}},
		{"JSON-escaped value", `{"v":"` + `\u00dcn\u00efcode\/Stra\u00dfe <x>` + `"}`, `{"v":"REDACTED-VALUE-1"}`, []string{"JSON-escaped"}},
		{"JSON-escaped twice", `"{\\"v\\":\\"` + `Ünïcode/Straße <x>` + `\\"}"`, `"{\\"v\\":\\"REDACTED-VALUE-1\\"}"`, []string{"as sent"}},
		{"base64 of the value", "t=" + b64(uni), "t=" + b64("REDACTED-VALUE-1"), []string{"base64"}},
		{"base64, percent-encoded", "t=" + url.QueryEscape(b64("jane.doe@example.com")) + "&x", "t=" + url.QueryEscape(b64("REDACTED-EMAIL-1")) + "&x", []string{"base64, percent-encoded"}},
		// Aligned inside a longer run, the value's base64 is not replaced
		// as such (the run would no longer decode) but inside the run.
		{"aligned inside a base64 run", b64("abc" + uni + "xyz"), b64("abcREDACTED-VALUE-1xyz"), []string{"inside base64, as sent"}},
		{"inside a base64 body", "data:" + b64(`{"email":"jane.doe@example.com","n":1}`),
			"data:" + b64(`{"email":"REDACTED-EMAIL-1","n":1}`), []string{"inside base64, as sent"}},
		{"inside a URL-safe JWT payload", "eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"`+xsDecoded+`","x":">>?"}`)) + ".c2ln",
			"eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"REDACTED-SECRET-xs-1","x":">>?"}`)) + ".c2ln", []string{"inside base64, as sent"}},
		{"base64 inside base64", "x=" + b64("p="+b64("jane.doe@example.com")+";"), "x=" + b64("p="+b64("REDACTED-EMAIL-1")+";"), []string{"inside base64, base64"}},
		{"e-mail without regard to case", "to JANE.DOE@EXAMPLE.COM and jane.doe%40example.com", "to REDACTED-EMAIL-1 and REDACTED-EMAIL-1", []string{"as sent", "percent-encoded"}},
		{"phone as given, digits, +digits", "a=+44 7700 900123&b=447700900123&c=%2B447700900123", "a=REDACTED-PHONE-1&b=REDACTED-PHONE-1&c=REDACTED-PHONE-1",
			[]string{"as sent", "as sent", "percent-encoded"}},
		// Bad as matches: the phone's digits inside a longer number are
		// another number.
		{"phone digits inside a longer number", "ts=14477009001234&id=9447700900123", "ts=14477009001234&id=9447700900123", nil},
		{"nothing to replace", "https://www.facebook.com/tr/?id=1", "https://www.facebook.com/tr/?id=1", nil},
	}
	r := testReplacer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hits := r.replace(tt.in)
			if got != tt.want {
				t.Errorf("replace(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			var hows []string
			for _, h := range hits {
				hows = append(hows, h.how)
			}
			if diff := cmp.Diff(tt.hows, hows); diff != "" {
				t.Errorf("forms replaced (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReplaceLongestFirst: where two values start at one place, the
// longer is replaced; a value inside another is not replaced apart.
func TestReplaceLongestFirst(t *testing.T) {
	r := newReplacer([]target{
		newTarget(KindValue, "", "abcdefgh", "abcdefgh", "REDACTED-VALUE-1"),
		newTarget(KindValue, "", "abcdefghijkl", "abcdefghijkl", "REDACTED-VALUE-2"),
	})
	got, _ := r.replace("x abcdefghijkl y abcdefgh z")
	if want := "x REDACTED-VALUE-2 y REDACTED-VALUE-1 z"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzReplace: a value written in any of the encodings a capture uses,
// between any text, is replaced; the result holds none of its forms, and
// replacing again changes nothing.
func FuzzReplace(f *testing.F) {
	f.Add("jane.doe@example.com", "email=", "&x=1", 0)
	f.Add(testXS, "xs=", "; fr=1", 1)
	f.Add("Ünïcode/Straße <x>", `{"a":"`, `"}`, 5)
	f.Add("tok+en/with=padding", "Authorization: Bearer ", "", 7)
	f.Fuzz(func(t *testing.T, value, pre, post string, enc int) {
		if len(value) < MinValueLength || !validText(value) || !validText(pre) || !validText(post) {
			return
		}
		r := newReplacer([]target{newTarget(KindValue, "", value, value, "REDACTED-VALUE-1")})
		if strings.Contains("REDACTED-VALUE-1", value) {
			return // the placeholder would hold the value
		}
		forms := r.forms
		f := forms[uint(enc)%uint(len(forms))]
		for _, g := range forms {
			if strings.Contains(pre+post, g.text) {
				return // the text around holds a form of its own
			}
		}
		if f.base64 && (pre != "" && isBase64Char(pre[len(pre)-1]) || post != "" && (isBase64Char(post[0]) || post[0] == '=')) {
			return // inside a longer run it is another run's bytes, found only if that run decodes
		}
		if f.digits && (pre != "" && isDigit(pre[len(pre)-1]) || post != "" && isDigit(post[0])) {
			return // inside a longer number it is another number
		}
		in := pre + f.text + post
		got, hits := r.replace(in)
		if len(hits) == 0 {
			t.Fatalf("replace(%q): the %s form %q was not replaced", in, f.how, f.text)
		}
		for _, g := range forms {
			if g.how == howAsSent && strings.Contains(got, g.text) && !strings.Contains(pre+"REDACTED-VALUE-1"+post, g.text) {
				t.Fatalf("replace(%q) = %q still holds %q", in, got, g.text)
			}
		}
		again, _ := r.replace(got)
		if again != got {
			t.Fatalf("replacing again changes %q into %q", got, again)
		}
	})
}

// validText reports whether s is valid UTF-8 without NUL: text a JSON
// string holds.
func validText(s string) bool {
	return strings.ToValidUTF8(s, "") == s && !strings.ContainsRune(s, 0)
}
