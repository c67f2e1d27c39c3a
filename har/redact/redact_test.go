package redact_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/redact"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The values of testdata/secrets.har, a capture hand-written for these
// tests (every value in it is made up): login secrets in cookies (list,
// Cookie and Set-Cookie headers), an x-csrf-token and an Authorization
// header, an access_token parameter (also in a custom _initiator field),
// and an e-mail address and phone number in a page, a URL, an urlencoded
// body, a JSON body (\u-escaped) and a base64 response body.
const (
	fixture = "testdata/secrets.har"
	xs      = "21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463"
	auth    = "8f14e45fceea167a5a36dedd4bea2543f00d1e2a"
	ct0     = "c3ab8ff13720e8ad9047dd39466b3c8974e592c2"
	bearer  = "ya29.a0AfH6SMCbearerTokenForTheTest"
	access  = "EAAGm0PX4ZCpsBAGraphAccessToken99"
	sess    = "site0session0identifier0abc"
	email   = "Jane.Doe@Example.com"
	phone   = "+44 7700 900123"
)

var testTool = redact.Tool{Name: "haruspex", Version: "(test)"}

func fixtureOptions() redact.Options {
	return redact.Options{Emails: []string{email}, Phones: []string{phone}, Tool: testTool}
}

// leaks returns the forms of the fixture's values that data still holds,
// looking into base64 runs too.
func leaks(data []byte) []string {
	texts := []string{string(data)}
	for _, run := range strings.FieldsFunc(string(data), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' || r == '=')
	}) {
		if d, err := base64.StdEncoding.DecodeString(run); err == nil && len(run) >= 12 {
			texts = append(texts, string(d))
		}
	}
	var out []string
	for _, v := range []string{xs, "qR8vZ2kXm4TnJw", auth, ct0, bearer, access, sess, "jane.doe", "Jane.Doe", "7700 900123", "447700900123"} {
		for _, t := range texts {
			if strings.Contains(t, v) || strings.Contains(t, url.QueryEscape(v)) {
				out = append(out, v)
				break
			}
		}
	}
	return out
}

// TestGolden redacts testdata/secrets.har and compares the copy and its
// log with testdata/secrets.redacted.har and its .redaction.json. Run with
// -update to rewrite them, then read the diff.
func TestGolden(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "secrets.redacted.har")
	l, err := redact.WriteFile(fixture, out, false, fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"secrets.redacted.har", "secrets.redacted.har" + redact.LogSuffix} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
		}
	}
	copyData, _ := os.ReadFile(out)
	if got := leaks(copyData); len(got) > 0 {
		t.Errorf("the copy still holds %q", got)
	}
	orig, _ := os.ReadFile(fixture)
	if got := leaks(orig); len(got) < 10 {
		t.Errorf("the fixture holds only %q: the test proves little", got)
	}
	sameExceptStrings(t, orig, copyData)
	var kinds []string
	for _, v := range l.Values {
		kinds = append(kinds, fmt.Sprintf("%s %s %d", v.Placeholder, v.Kind, v.Occurrences))
	}
	want := []string{
		"REDACTED-SECRET-PHPSESSID-1 secret 2", "REDACTED-SECRET-xs-1 secret 3", "REDACTED-SECRET-auth_token-1 secret 1",
		"REDACTED-SECRET-ct0-1 secret 5", "REDACTED-SECRET-Authorization-1 secret 2", "REDACTED-SECRET-access_token-1 secret 3",
		"REDACTED-EMAIL-1 email 8", "REDACTED-PHONE-1 phone 3",
	}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
}

// sameExceptStrings checks that the copy has the original's JSON tokens,
// but for strings that now hold a placeholder (or base64 that does).
func sameExceptStrings(t *testing.T, orig, cp []byte) {
	t.Helper()
	tokens := func(b []byte) []jsontext.Token {
		d := jsontext.NewDecoder(bytes.NewReader(b))
		var ts []jsontext.Token
		for {
			tok, err := d.ReadToken()
			if err == io.EOF {
				return ts
			}
			if err != nil {
				t.Fatal(err)
			}
			ts = append(ts, tok.Clone())
		}
	}
	a, b := tokens(orig), tokens(cp)
	if len(a) != len(b) {
		t.Fatalf("the copy has %d JSON tokens, the original %d", len(b), len(a))
	}
	for i := range a {
		if a[i].Kind() != b[i].Kind() {
			t.Fatalf("token %d: %v in the copy, %v in the original", i, b[i].Kind(), a[i].Kind())
		}
		if a[i].String() == b[i].String() {
			continue
		}
		s := b[i].String()
		if d, err := base64.StdEncoding.DecodeString(s); err == nil {
			s = string(d)
		}
		if a[i].Kind() != '"' || !strings.Contains(s, "REDACTED-") {
			t.Errorf("token %d changed from %q to %q", i, a[i].String(), b[i].String())
		}
	}
}

// TestFraming: a byte-order mark, a JSONP wrapper and what follows the
// JSON are kept; a gzip-compressed original gives a plain copy.
func TestFraming(t *testing.T) {
	body := `{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"https://x.com/","headers":[{"name":"Cookie","value":"auth_token=` + auth + `"}]}}]}}`
	tests := []struct {
		name     string
		in       []byte
		want     string
		wantGzip bool
	}{
		{"BOM and JSONP", []byte("\xef\xbb\xbf onInputData(" + body + ");\n"), "\xef\xbb\xbf onInputData(" + strings.ReplaceAll(body, auth, "REDACTED-SECRET-auth_token-1") + ");\n", false},
		{"gzip", gz(t, body), strings.ReplaceAll(body, auth, "REDACTED-SECRET-auth_token-1"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			l, err := redact.Redact(&out, bytes.NewReader(tt.in), redact.Options{Name: "in.har"})
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("copy\n got %q\nwant %q", out.String(), tt.want)
			}
			if sum := fmt.Sprintf("%x", sha256.Sum256(tt.in)); l.Original.SHA256 != sum || l.Original.Size != int64(len(tt.in)) || l.Original.Gzip != tt.wantGzip {
				t.Errorf("original = %+v, want size %d, sha256 %s, gzip %v", l.Original, len(tt.in), sum, tt.wantGzip)
			}
			if sum := fmt.Sprintf("%x", sha256.Sum256(out.Bytes())); l.Copy.SHA256 != sum {
				t.Errorf("copy sha256 = %s, want %s", l.Copy.SHA256, sum)
			}
		})
	}
}

func gz(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestTruncated cuts the fixture inside the xs cookie of entry 1: the
// copy ends before that entry (the xs of its cookie list, before the cut,
// included), both files are written, and the error says where.
func TestTruncated(t *testing.T) {
	orig, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(orig, []byte(`xs=21%3AqR8v`)) + len(`xs=21%3AqR8v`)
	dir := t.TempDir()
	in := filepath.Join(dir, "cut.har")
	if err := os.WriteFile(in, orig[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "cut.redacted.har")
	l, err := redact.WriteFile(in, out, false, redact.Options{})
	var te *redact.TruncatedError
	if !errors.As(err, &te) {
		t.Fatalf("WriteFile(cut capture) error = %v, want a *TruncatedError", err)
	}
	if l == nil || l.Truncated == "" {
		t.Fatalf("log = %+v, want one that says where the input stopped", l)
	}
	cp, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(cp, []byte("qR8v")) {
		t.Errorf("the copy holds part of the cut secret:\n%s", cp[max(0, len(cp)-200):])
	}
	// A partial entry is not copied (a secret in it may not have been
	// found): the copy ends with entry 0.
	if te.Entry != 1 || !bytes.HasSuffix(cp, []byte("}\n      }")) || bytes.Contains(cp, []byte("facebook.com/tr")) {
		t.Errorf("the copy does not end with entry 0 (error %v):\n%q", err, cp[max(0, len(cp)-80):])
	}
	if _, err := os.Stat(out + redact.LogSuffix); err != nil {
		t.Errorf("no log written: %v", err)
	}
}

func TestNotHAR(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "page.har")
	os.WriteFile(in, []byte("<html>not a capture</html>"), 0o644)
	out := filepath.Join(dir, "out.har")
	if _, err := redact.WriteFile(in, out, false, redact.Options{}); !errors.Is(err, har.ErrNotHAR) {
		t.Errorf("WriteFile(HTML) = %v, want ErrNotHAR", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

func TestWriteFileRefuses(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.har")
	orig, _ := os.ReadFile(fixture)
	os.WriteFile(in, orig, 0o644)
	link := filepath.Join(dir, "link.har")
	if err := os.Symlink(in, link); err != nil {
		t.Skip(err)
	}
	exists := filepath.Join(dir, "exists.har")
	os.WriteFile(exists, []byte("x"), 0o644)
	tests := []struct {
		name, in, out string
		want          error
	}{
		{"the input itself", in, in, redact.ErrSameFile},
		{"the input by another path", in, filepath.Join(dir, ".", "in.har"), redact.ErrSameFile},
		{"a link to the input", in, link, redact.ErrSameFile},
		{"an output that exists", in, exists, redact.ErrExists},
	}
	// The log is the output's name + .redaction.json: c.har's log is
	// the input c.har.redaction.json.
	logIn := filepath.Join(dir, "c.har"+redact.LogSuffix)
	os.WriteFile(logIn, orig, 0o644)
	tests = append(tests, struct {
		name, in, out string
		want          error
	}{"a log that is the input", logIn, filepath.Join(dir, "c.har"), redact.ErrSameFile})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := redact.WriteFile(tt.in, tt.out, false, redact.Options{})
			if !errors.Is(err, tt.want) {
				t.Errorf("WriteFile(%s, %s) = %v, want %v", tt.in, tt.out, err, tt.want)
			}
		})
	}
	if _, err := redact.WriteFile(in, exists, true, redact.Options{}); err != nil {
		t.Errorf("WriteFile(overwrite) = %v", err)
	}
	after, _ := os.ReadFile(in)
	if !bytes.Equal(orig, after) {
		t.Error("the input was changed")
	}
}

func TestOptionErrors(t *testing.T) {
	for _, opt := range []redact.Options{
		{Emails: []string{"not an address"}},
		{Phones: []string{"+44 12"}}, // fewer than 6 digits
		{Values: []string{"abc"}},    // too short: it would replace any "abc"
	} {
		if _, err := redact.Redact(io.Discard, strings.NewReader(`{"log":{"entries":[]}}`), opt); err == nil {
			t.Errorf("Redact(%+v) = nil error, want one", opt)
		}
	}
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "c.har")
	l, err := redact.WriteFile(fixture, out, false, fixtureOptions())
	if err != nil {
		t.Fatal(err)
	}
	cp, _ := os.ReadFile(out)
	orig, _ := os.ReadFile(fixture)
	tampered := bytes.Replace(cp, []byte("REDACTED-EMAIL-1"), []byte("jane.doe@example.com"), 1)
	other := bytes.Replace(orig, []byte("dark"), []byte("lite"), 1)
	tests := []struct {
		name     string
		cp, orig []byte
		opt      redact.Options
		ok       bool
		check    func(c *redact.Check) string
	}{
		{"copy and original", cp, orig, fixtureOptions(), true, nil},
		{"copy alone", cp, nil, redact.Options{}, true, nil},
		{"a changed copy", tampered, orig, fixtureOptions(), false, func(c *redact.Check) string {
			if c.CopyOK || !c.OriginalOK || c.RedoneOK {
				return "want the copy (only) not to match"
			}
			return ""
		}},
		{"another original", cp, other, fixtureOptions(), false, func(c *redact.Check) string {
			if !c.CopyOK || c.OriginalOK {
				return "want the original not to match"
			}
			return ""
		}},
		{"the e-mail not given again", cp, orig, redact.Options{Phones: []string{phone}}, false, func(c *redact.Check) string {
			if len(c.Missing) != 1 || c.Missing[0].Placeholder != "REDACTED-EMAIL-1" || c.Redone {
				return "want REDACTED-EMAIL-1 missing and nothing redone"
			}
			return ""
		}},
		{"a value the log does not name", cp, orig, redact.Options{Emails: []string{email}, Phones: []string{phone}, Values: []string{"other value"}}, false, func(c *redact.Check) string {
			if len(c.Unknown) != 1 {
				return "want one unknown value"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o io.ReadSeeker
			if tt.orig != nil {
				o = bytes.NewReader(tt.orig)
			}
			c, err := redact.Verify(l, bytes.NewReader(tt.cp), o, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if c.OK() != tt.ok {
				t.Errorf("OK() = %v, want %v: %+v", c.OK(), tt.ok, c)
			}
			if tt.check != nil {
				if msg := tt.check(c); msg != "" {
					t.Errorf("%s: %+v", msg, c)
				}
			}
		})
	}
	// The log as written reads back to the same log.
	f, _ := os.Open(out + redact.LogSuffix)
	defer f.Close()
	back, err := redact.ReadLog(f)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(l, back); diff != "" {
		t.Errorf("ReadLog(WriteFile's log) mismatch (-want +got):\n%s", diff)
	}
	if _, err := redact.ReadLog(strings.NewReader(`{"format":"other/1"}`)); err == nil {
		t.Error("ReadLog(another format) = nil error")
	}
}

func ExampleRedact() {
	capture := `{"log":{"version":"1.2","entries":[
 {"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=Lead&em=jane%40example.com",
  "headers":[{"name":"Cookie","value":"c_user=100012345678901; xs=44%3AAbCdEfGhIjKlMn%3A2%3A1761033807"}]}}]}}`
	var out bytes.Buffer
	l, err := redact.Redact(&out, strings.NewReader(capture), redact.Options{Emails: []string{"jane@example.com"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.String())
	for _, v := range l.Values {
		fmt.Println(v.Placeholder, v.Kind, v.Name, v.Length, v.Occurrences)
	}
	for _, r := range l.Replacements {
		fmt.Println(*r.Entry, r.Field, r.Placeholder, r.Form)
	}
	// Output:
	// {"log":{"version":"1.2","entries":[
	//  {"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=Lead&em=REDACTED-EMAIL-1",
	//   "headers":[{"name":"Cookie","value":"c_user=100012345678901; xs=REDACTED-SECRET-xs-1"}]}}]}}
	// REDACTED-SECRET-xs-1 secret xs 36 1
	// REDACTED-EMAIL-1 email  16 1
	// 0 /request/url REDACTED-EMAIL-1 percent-encoded
	// 0 /request/headers/0/value REDACTED-SECRET-xs-1 as sent
}
