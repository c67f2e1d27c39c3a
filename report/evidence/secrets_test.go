package evidence

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/sensitive"
)

// secretValues are live-looking login secrets, each sent by
// secretCapture under the name given.
var secretValues = []struct{ name, value string }{
	{"xs", "21%3AqR8vZ2kXm4TnJw%3A2%3A1761033807%3A-1%3A11463"},
	{"auth_token", "8f14e45fceea167a5a36dedd4bea2543f00d1e2a"},
	{"ct0", "c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2"},
	{"__Secure-3PSID", "g.a000mAhQ7x-Secure3PSIDvalue-0123456789"},
	{"SAPISID", "Zx9Y8w7V6u5T4s3R/Ab-CdEfGhIjK"},
	{"li_at", "AQEDARqLinkedInSessionToken0123456789"},
	{"Authorization", "ya29.a0AfH6SMCbearerTokenForTheTest"},
	{"access_token", "EAAGm0PX4ZCpsBAGraphAccessToken99"},
}

// secretCapture writes a capture whose requests carry every secret of
// secretValues: in cookies (the list and the header), an Authorization
// header and a query parameter, and again inside other values (the xs
// value in a custom parameter and, percent-decoded, in a page URL).
func secretCapture(t *testing.T) string {
	t.Helper()
	v := map[string]string{}
	for _, s := range secretValues {
		v[s.name] = s.value
	}
	xsDecoded, err := url.QueryUnescape(v["xs"])
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 11, 12, 9, 0, 0, 0, time.UTC)
	entry := func(i int, method, u string, headers ...har.NameValue) *har.Entry {
		return &har.Entry{StartedDateTime: har.NewTime(t0.Add(time.Duration(i) * time.Second)), Time: 10,
			Request: har.Request{Method: method, URL: u, HTTPVersion: "HTTP/2", HeadersSize: -1, BodySize: 0, Headers: append([]har.NameValue{
				{Name: "User-Agent", Value: "Mozilla/5.0 test"}, {Name: "Referer", Value: "https://www.site.example/"}}, headers...)},
			Response: har.Response{Status: 200, StatusText: "OK", HTTPVersion: "HTTP/2", HeadersSize: -1, BodySize: 0,
				Content: har.Content{Size: 0, Compression: -1, MimeType: "image/gif"}},
			Timings: har.Timings{Blocked: -1, DNS: -1, Connect: -1, Send: 0, Wait: 10, Receive: 0, SSL: -1}}
	}
	entries := []*har.Entry{
		entry(0, "GET", "https://www.site.example/", har.NameValue{Name: "Sec-Fetch-Dest", Value: "document"}, har.NameValue{Name: "Sec-Fetch-Mode", Value: "navigate"}),
		entry(1, "GET", "https://www.facebook.com/tr/?id=1122334455667788&ev=PageView&dl="+url.QueryEscape("https://www.site.example/?s="+xsDecoded)+"&cd[session]="+url.QueryEscape(v["xs"]),
			har.NameValue{Name: "Cookie", Value: "c_user=100012345678901; xs=" + v["xs"] + "; fr=0abcdefghijk"}),
		entry(2, "GET", "https://analytics.twitter.com/i/adsct?txn_id=o1abc&p_id=Twitter",
			har.NameValue{Name: "Cookie", Value: "auth_token=" + v["auth_token"] + "; ct0=" + v["ct0"] + "; twid=u%3D123456789"},
			har.NameValue{Name: "x-csrf-token", Value: v["ct0"]}),
		entry(3, "GET", "https://www.google.com/ccm/collect?en=page_view&dl="+url.QueryEscape("https://www.site.example/"),
			har.NameValue{Name: "Cookie", Value: "__Secure-3PSID=" + v["__Secure-3PSID"] + "; SAPISID=" + v["SAPISID"] + "; NID=511=abc"}),
		entry(4, "GET", "https://px.ads.linkedin.com/collect?pid=123&fmt=gif",
			har.NameValue{Name: "Cookie", Value: "li_at=" + v["li_at"] + "; bcookie=v%3D2"}),
		entry(5, "GET", "https://graph.facebook.com/v19.0/me?access_token="+url.QueryEscape(v["access_token"]),
			har.NameValue{Name: "Authorization", Value: "Bearer " + v["Authorization"]}),
	}
	path := filepath.Join(t.TempDir(), "secrets.har")
	var b bytes.Buffer
	if err := har.WriteAll(&b, &har.Log{Version: "1.2", Creator: har.Creator{Name: "haruspex test", Version: "1"}}, entries); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNoSecretInFolder writes the evidence folder of a capture full of
// login secrets, and of the bundled sample (whose xs cookie is live-
// looking), and greps every file of it for each secret, as sent and
// percent-decoded: none may appear. With RevealSecrets they all do, and
// the manifest says so.
func TestNoSecretInFolder(t *testing.T) {
	path := secretCapture(t)
	for _, reveal := range []bool{false, true} {
		inputs := []report.Input{}
		for _, p := range []string{path, sample} {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			inputs = append(inputs, report.Input{Name: filepath.Base(p), R: f})
		}
		reg, err := decode.NewRegistry(decode.Builtin())
		if err != nil {
			t.Fatal(err)
		}
		reg.RevealSecrets = reveal
		an, err := report.Analyze(inputs, report.Options{Generic: true, Navigations: true, Registry: reg, Sensitive: sensitive.Builtin()})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Build(an, Options{Tool: testTool, RevealSecrets: reveal})
		an.Close()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := b.WriteDir(dir, false); err != nil {
			t.Fatal(err)
		}
		files, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range secretValues {
				decoded, _ := url.QueryUnescape(s.value)
				for _, form := range []string{s.value, decoded} {
					if n := bytes.Count(data, []byte(form)); n > 0 && !reveal {
						t.Errorf("%s holds the %s secret %q %d times", f.Name(), s.name, form, n)
					}
				}
			}
			all.Write(data)
		}
		for _, s := range secretValues {
			if s.name == "Authorization" {
				continue // a header: no output lists headers
			}
			if mask := decode.MaskSecret(s.name, s.value); !reveal && !strings.Contains(all.String(), mask) {
				t.Errorf("the folder does not show the %s secret masked (%s)", s.name, mask)
			}
			if reveal && !strings.Contains(all.String(), s.value) {
				t.Errorf("revealed: the folder does not show the %s secret", s.name)
			}
		}
		if !strings.Contains(all.String(), "100012345678901") {
			t.Errorf("reveal=%v: c_user is not shown; an account ID is evidence and stays", reveal)
		}
		if got, want := b.Manifest.Secrets, map[bool]string{true: SecretsRevealed}[reveal]; got != want {
			t.Errorf("reveal=%v: manifest secrets = %q, want %q", reveal, got, want)
		}
	}
}
