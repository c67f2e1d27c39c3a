package decode_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

func TestIsSecret(t *testing.T) {
	tests := []struct {
		in   decode.SecretIn
		name string
		want bool
	}{
		{decode.SecretCookie, "xs", true},
		// An account ID is evidence, not a credential.
		{decode.SecretCookie, "c_user", false},
		{decode.SecretCookie, "fr", false},
		{decode.SecretCookie, "_fbp", false},
		{decode.SecretCookie, "auth_token", true},
		{decode.SecretCookie, "ct0", true},
		{decode.SecretCookie, "li_at", true},
		{decode.SecretCookie, "sessionid", true},
		{decode.SecretCookie, "SID", true},
		{decode.SecretCookie, "HSID", true},
		{decode.SecretCookie, "SSID", true},
		{decode.SecretCookie, "APISID", true},
		{decode.SecretCookie, "SAPISID", true},
		{decode.SecretCookie, "__Secure-1PSID", true},
		{decode.SecretCookie, "__Secure-3PSID", true},
		{decode.SecretCookie, "__Secure-1PSIDTS", true},
		{decode.SecretCookie, "__Secure-3PSIDCC", true},
		{decode.SecretCookie, "__Secure-1PAPISID", true},
		{decode.SecretCookie, "ESTSAUTHPERSISTENT", true},
		{decode.SecretCookie, "ASPSESSIONIDQASDCRTB", true},
		// Cookie names compare exactly: Google's SID is not a site's sid.
		{decode.SecretCookie, "sid", false},
		{decode.SecretCookie, "XS", false},
		// Google cookies that are not sign-in.
		{decode.SecretCookie, "__Secure-ENID", false},
		{decode.SecretCookie, "NID", false},
		// A pattern's literal start must match ("x__Secure-1PSID" is not Google's).
		{decode.SecretCookie, "x__Secure-1PSID", false},
		// Header names compare without regard to case.
		{decode.SecretHeader, "Authorization", true},
		{decode.SecretHeader, "authorization", true},
		{decode.SecretHeader, "x-csrf-token", true},
		{decode.SecretHeader, "Cookie", false},
		// Where matters: a cookie named like a header is not the header.
		{decode.SecretCookie, "Authorization", false},
		{decode.SecretParam, "access_token", true},
		{decode.SecretParam, "fb_dtsg", true},
		{decode.SecretParam, "xs", false},
	}
	for _, tt := range tests {
		if got := decode.IsSecret(tt.in, tt.name); got != tt.want {
			t.Errorf("IsSecret(%v, %q) = %v, want %v", tt.in, tt.name, got, tt.want)
		}
	}
}

func TestSecretNamesTable(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range decode.SecretNames() {
		key := s.In.String() + " " + strings.ToLower(s.Name)
		if seen[key] {
			t.Errorf("%s %q listed twice", s.In, s.Name)
		}
		seen[key] = true
		if s.Issuer == "" || s.Why == "" {
			t.Errorf("%s %q: says neither who sets it nor why it is a secret", s.In, s.Name)
		}
		if !decode.IsSecret(s.In, strings.ReplaceAll(s.Name, "*", "X")) {
			t.Errorf("%s %q does not match itself", s.In, s.Name)
		}
	}
}

func TestMaskSecret(t *testing.T) {
	// sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
	if got, want := decode.MaskSecret("xs", "abc"), "«secret: xs, 3 chars, sha256 ba7816bf8f01…»"; got != want {
		t.Errorf("MaskSecret = %q, want %q", got, want)
	}
	// Characters, not bytes.
	if got := decode.MaskSecret("t", "ééé"); !strings.Contains(got, " 3 chars,") {
		t.Errorf("MaskSecret(ééé) = %q, want 3 chars", got)
	}
}

func ExampleMaskSecret() {
	fmt.Println(decode.MaskSecret("xs", "21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463"))
	// Output: «secret: xs, 49 chars, sha256 4dfae399f65f…»
}

func TestEntrySecrets(t *testing.T) {
	const (
		xs     = "21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463"
		token  = "ya29.a0AfH6SMBxLongBearerToken"
		sapsid = "Ab12Cd34Ef56/Gh78Ij90Kl"
		access = "EAAGm0PX4ZCpsBAKZCZAlongtoken"
	)
	tests := []struct {
		name  string
		entry *har.Entry
		want  []decode.SecretValue
	}{
		{"cookies from the list and the header, once each",
			&har.Entry{Request: har.Request{
				URL:     "https://www.facebook.com/tr/?id=1",
				Cookies: []har.Cookie{{Name: "c_user", Value: "100012345678901"}, {Name: "xs", Value: xs}},
				Headers: []har.NameValue{{Name: "Cookie", Value: "c_user=100012345678901; xs=" + xs + "; __Secure-3PAPISID=" + sapsid}},
			}},
			[]decode.SecretValue{{Name: "xs", In: decode.SecretCookie, Value: xs}, {Name: "__Secure-3PAPISID", In: decode.SecretCookie, Value: sapsid}}},
		{"Authorization: the credentials after the scheme",
			&har.Entry{Request: har.Request{URL: "https://api.example/", Headers: []har.NameValue{{Name: "authorization", Value: "Bearer " + token}}}},
			[]decode.SecretValue{{Name: "authorization", In: decode.SecretHeader, Value: token}}},
		{"a header without a scheme is secret whole",
			&har.Entry{Request: har.Request{URL: "https://x.com/", Headers: []har.NameValue{{Name: "x-csrf-token", Value: "0123456789abcdef"}}}},
			[]decode.SecretValue{{Name: "x-csrf-token", In: decode.SecretHeader, Value: "0123456789abcdef"}}},
		{"query and body parameters",
			&har.Entry{Request: har.Request{Method: "POST", URL: "https://graph.facebook.com/me?access_token=" + url.QueryEscape(access),
				PostData: &har.PostData{MimeType: "application/x-www-form-urlencoded", Text: "fb_dtsg=NAcOabcdefgh%3A1&x=1", HasText: true}}},
			[]decode.SecretValue{{Name: "access_token", In: decode.SecretParam, Value: access}, {Name: "fb_dtsg", In: decode.SecretParam, Value: "NAcOabcdefgh:1"}}},
		// Lean reading leaves request.queryString out when the URL has
		// the query: a name written with escapes is found in the URL.
		{"a query parameter whose name is written with escapes",
			&har.Entry{Request: har.Request{URL: "https://graph.facebook.com/me?x=1&access%5Ftoken=" + url.QueryEscape(access) + "&ref+name=a"}},
			[]decode.SecretValue{{Name: "access_token", In: decode.SecretParam, Value: access}}},
		{"response: Set-Cookie and response.cookies",
			&har.Entry{Request: har.Request{URL: "https://www.linkedin.com/"}, Response: har.Response{
				Headers: []har.NameValue{{Name: "Set-Cookie", Value: "li_at=AQEDAR" + token + "; Path=/; Secure"}},
				Cookies: []har.Cookie{{Name: "li_at", Value: "AQEDAR" + token}, {Name: "li_rm", Value: "AQFremember1234"}},
			}},
			[]decode.SecretValue{{Name: "li_at", In: decode.SecretCookie, Value: "AQEDAR" + token}, {Name: "li_rm", In: decode.SecretCookie, Value: "AQFremember1234"}}},
		// Bad as secrets: too short to be a credential (a deleted
		// cookie's tombstone, a flag), or a redaction placeholder.
		{"short values and placeholders are not secrets",
			&har.Entry{Request: har.Request{URL: "https://x.com/",
				Headers: []har.NameValue{{Name: "Cookie", Value: "auth_token=deleted; ct0=1; xs=REDACTED-SECRET-xs-1"}}}},
			nil},
		{"no secrets", get("https://www.facebook.com/tr/?id=1&ev=PageView"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, decode.EntrySecrets(tt.entry)); diff != "" {
				t.Errorf("EntrySecrets mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeMasksSecrets checks that no form of a secret survives in any
// event Decode makes, wherever the request repeats it, and that
// RevealSecrets shows it.
func TestDecodeMasksSecrets(t *testing.T) {
	const xs = "21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463"
	const decoded = "21:qR8vZ2kXm4TnJw:2:1761033807:-1:11463"
	const bearer = "tok_9f8e7d6c5b4a39281706"
	entries := []*har.Entry{
		// Meta: the cookie, and the same value in a custom parameter
		// and the page URL, percent-encoded.
		withCookie(get("https://www.facebook.com/tr/?id=1&ev=PageView&dl="+url.QueryEscape("https://site.example/?s="+decoded)+"&cd[x]="+url.QueryEscape(xs)),
			"c_user=100012345678901; xs="+xs),
		// A request no decoder claims: its parameters and cookies.
		{Request: har.Request{Method: "GET", URL: "https://api.example/v1?token=" + bearer + "&access_token=" + bearer,
			Headers: []har.NameValue{{Name: "Authorization", Value: "Bearer " + bearer}, {Name: "Cookie", Value: "sessionid=" + bearer + "x"}}}},
	}
	forms := []string{xs, decoded, bearer}
	for _, reveal := range []bool{false, true} {
		reg := newRegistry(t)
		reg.RevealSecrets = reveal
		var out strings.Builder
		for i, e := range entries {
			e.Index = i
			for _, ev := range reg.Decode("test.har", e) {
				b, err := json.Marshal(&ev)
				if err != nil {
					t.Fatal(err)
				}
				out.Write(b)
				out.WriteByte('\n')
				// The Go value too: not only what MarshalJSON writes.
				fmt.Fprintf(&out, "%#v\n", ev)
			}
		}
		got := out.String()
		for _, f := range forms {
			if n := strings.Count(got, f); reveal && n == 0 {
				t.Errorf("RevealSecrets: %q does not appear in the events:\n%s", f, got)
			} else if !reveal && n > 0 {
				t.Errorf("%q appears %d times in the events:\n%s", f, n, got)
			}
		}
		if mask := decode.MaskSecret("xs", xs); !reveal && !strings.Contains(got, mask) {
			t.Errorf("the events do not show %q:\n%s", mask, got)
		}
		if !reveal && !strings.Contains(got, "100012345678901") {
			t.Errorf("c_user is masked; it must stay:\n%s", got)
		}
	}
}

// TestDecodeMaskKeepsLinking checks that one secret gives one masked form
// in every event, so that equal values still compare equal.
func TestDecodeMaskKeepsLinking(t *testing.T) {
	const xs = "44%3AsameSessionValue%3A2%3A1761033807"
	reg := newRegistry(t)
	var masks []string
	for _, u := range []string{"https://www.facebook.com/tr/?id=1&ev=PageView", "https://www.facebook.com/tr/?id=1&ev=Lead"} {
		ev := decodeOne(t, reg, withCookie(get(u), "xs="+xs))
		for _, id := range ev.IDs {
			if id.Name == "xs" {
				masks = append(masks, id.Value)
			}
		}
	}
	if len(masks) != 2 || masks[0] != masks[1] || masks[0] != decode.MaskSecret("xs", xs) {
		t.Errorf("xs IDs = %q, want twice %q", masks, decode.MaskSecret("xs", xs))
	}
}

// FuzzDecodeMasksSecrets: whatever a secret cookie's value and wherever
// else the request repeats it, the events never show it.
func FuzzDecodeMasksSecrets(f *testing.F) {
	f.Add("21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463", "https://www.facebook.com/tr/?id=1&ev=PageView&cd[v]=", "x=1&y=")
	f.Add("AQEDARlongLinkedInSession", "https://px.ads.linkedin.com/collect?pid=1&v=", "")
	f.Add("ya29.bearer+/=token", "https://api.example/?q=", "token=")
	f.Fuzz(func(t *testing.T, secret, prefix, body string) {
		// Printable ASCII without quotes or backslashes: as a browser
		// sends a cookie value, and as %#v shows it.
		if len(secret) < decode.MinSecretLength || strings.ContainsAny(secret, ";,\"\\") || !isPrintable(secret) {
			return
		}
		mask := decode.MaskSecret("xs", secret)
		e := &har.Entry{Request: har.Request{Method: "POST", URL: prefix + url.QueryEscape(secret),
			Headers:  []har.NameValue{{Name: "Cookie", Value: "xs=" + secret}},
			PostData: &har.PostData{MimeType: "application/x-www-form-urlencoded", Text: body + url.QueryEscape(secret), HasText: true}}}
		reg := newRegistry(t)
		reg.RevealSecrets = true
		var plain strings.Builder
		for _, ev := range reg.Decode("f.har", e) {
			fmt.Fprintf(&plain, "%#v\n", ev)
		}
		reg.RevealSecrets = false
		for _, ev := range reg.Decode("f.har", e) {
			// The secret may be part of text that is not the secret (its
			// mask, the URL's host): only an occurrence that masking
			// should have removed counts.
			for _, got := range eventStrings(reflect.ValueOf(ev), nil) {
				if strings.Contains(got, secret) && !strings.Contains(mask, secret) && !strings.Contains(prefix+body, secret) {
					t.Fatalf("secret %q shown in %q of %#v\n(revealed: %s)", secret, got, ev, plain.String())
				}
			}
		}
	})
}

// withCookie adds a Cookie header to e.
func withCookie(e *har.Entry, cookie string) *har.Entry {
	e.Request.Headers = append(e.Request.Headers, har.NameValue{Name: "Cookie", Value: cookie})
	return e
}

// eventStrings appends every string v holds (fields, elements, byte
// slices such as jsontext.Value).
func eventStrings(v reflect.Value, out []string) []string {
	switch v.Kind() {
	case reflect.String:
		out = append(out, v.String())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return append(out, string(v.Bytes()))
		}
		for i := range v.Len() {
			out = eventStrings(v.Index(i), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			out = eventStrings(v.Field(i), out)
		}
	}
	return out
}

func isPrintable(s string) bool {
	for _, r := range s {
		if r < 0x21 || r > 0x7e {
			return false
		}
	}
	return true
}

// TestReadmeSecrets checks that README.md's "Login secrets" table is the
// one [decode.SecretsMarkdown] renders. go test -update rewrites it.
func TestReadmeSecrets(t *testing.T) {
	const open, end = "<!-- secrets:begin", "<!-- secrets:end -->"
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, open)
	if i < 0 {
		t.Fatalf("%s has no %q marker", readmePath, open)
	}
	start := i + strings.Index(readme[i:], "\n") + 1
	stop := strings.Index(readme[start:], end)
	if stop < 0 {
		t.Fatalf("%s has no %q marker after %q", readmePath, end, open)
	}
	stop += start
	want, got := decode.SecretsMarkdown(), readme[start:stop]
	if *update && got != want {
		if err := os.WriteFile(readmePath, []byte(readme[:start]+want+readme[stop:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README.md secrets table differs from decode.SecretsMarkdown() (-want +got); run go test ./decode -run ReadmeSecrets -update:\n%s", diff)
	}
}

// BenchmarkDecodeSecrets decodes every entry of the bundled sample (whose
// Meta requests carry the xs cookie) with secrets masked and revealed:
// the difference is what masking costs.
func BenchmarkDecodeSecrets(b *testing.B) {
	f, err := os.Open("../samples/police-visit.har")
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	entries, err := har.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	for _, reveal := range []bool{false, true} {
		b.Run(map[bool]string{false: "masked", true: "revealed"}[reveal], func(b *testing.B) {
			reg := newRegistry(b)
			reg.RevealSecrets = reveal
			for b.Loop() {
				for _, e := range entries {
					reg.Decode("police-visit.har", e)
				}
			}
		})
	}
}
