package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// TestSampleUpToDate fails when samples/police-visit.har no longer matches
// what this generator writes.
func TestSampleUpToDate(t *testing.T) {
	want, err := build()
	if err != nil {
		t.Fatal(err)
	}
	again, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, again) {
		t.Fatal("build() is not deterministic")
	}
	got, err := os.ReadFile("../../police-visit.har")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("samples/police-visit.har is stale: run `go run ./samples/internal/mksample` from the repository root")
	}
	if len(got) >= 200_000 {
		t.Errorf("sample is %d bytes, want < 200000", len(got))
	}
}

type sampleEntry struct {
	Pageref         string `json:"pageref"`
	StartedDateTime string `json:"startedDateTime"`
	Request         struct {
		Method   string `json:"method"`
		URL      string `json:"url"`
		Headers  []nv   `json:"headers"`
		PostData *struct {
			Text string `json:"text"`
		} `json:"postData"`
	} `json:"request"`
}

func loadSample(t *testing.T) []sampleEntry {
	t.Helper()
	b, err := build()
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Log struct {
			Entries []sampleEntry `json:"entries"`
		} `json:"log"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Log.Entries
}

// pixelParams returns the decoded parameters of a /tr or privacy-sandbox
// request, from the URL or the form body.
func pixelParams(t *testing.T, e sampleEntry) url.Values {
	t.Helper()
	raw := ""
	if e.Request.PostData != nil {
		raw = e.Request.PostData.Text
	} else if i := strings.IndexByte(e.Request.URL, '?'); i >= 0 {
		raw = e.Request.URL[i+1:]
	}
	v, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("%s: %v", e.Request.URL, err)
	}
	return v
}

// TestPixelEvents checks the facts README.md and the decoder tests rely on.
func TestPixelEvents(t *testing.T) {
	var events []string
	for _, e := range loadSample(t) {
		u := e.Request.URL
		if !strings.HasPrefix(u, trEndpoint) && !strings.HasPrefix(u, sandboxPoint) {
			continue
		}
		p := pixelParams(t, e)
		events = append(events, e.Pageref+" "+e.Request.Method+" "+p.Get("ev")+" "+p.Get("rqm"))
		if e.Request.Method == "GET" && len(u) >= maxGET {
			t.Errorf("%s: GET URL of %d chars; fbevents.js would have used formPOST", p.Get("ev"), len(u))
		}
		if p.Get("id") != pixelID || p.Get("fbp") != fbp {
			t.Errorf("%s: id %q fbp %q", p.Get("ev"), p.Get("id"), p.Get("fbp"))
		}
		// ts is Date.now() just before the request is issued.
		started, err := time.Parse("2006-01-02T15:04:05.000Z", e.StartedDateTime)
		if err != nil {
			t.Fatal(err)
		}
		if ts := p.Get("ts"); len(ts) != 13 {
			t.Errorf("%s: ts %q is not 13-digit epoch milliseconds", p.Get("ev"), ts)
		}
		if d := started.UnixMilli() - mustInt(t, p.Get("ts")); d < 0 || d > 10 {
			t.Errorf("%s: ts is %d ms before startedDateTime, want 0..10", p.Get("ev"), d)
		}
		if !strings.Contains(header(e.Request.Headers, "cookie"), "c_user="+cUser) {
			t.Errorf("%s: no c_user cookie", p.Get("ev"))
		}
		if p.Get("ev") == "Lead" {
			if got, want := p.Get("ud[em]"), "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"; got != want || got != sha256hex("jane.doe@example.com") {
				t.Errorf("Lead ud[em] = %s, want %s", got, want)
			}
			if !strings.Contains(e.Request.PostData.Text, "ud%5Bem%5D=") {
				t.Error("Lead body keys are not percent-encoded")
			}
		}
	}
	want := []string{
		"page_1 GET PageView GET",
		"page_2 GET PageView GET",
		"page_2 GET SubscribedButtonClick GET",
		"page_2 GET SubscribedButtonClick FGET",
		"page_3 GET PageView GET",
		"page_3 GET SubscribedButtonClick GET",
		"page_4 GET PageView GET",
		"page_4 POST Lead formPOST",
	}
	if strings.Join(events, "\n") != strings.Join(want, "\n") {
		t.Errorf("pixel events:\n%s\nwant:\n%s", strings.Join(events, "\n"), strings.Join(want, "\n"))
	}
}

func TestEntriesSorted(t *testing.T) {
	es := loadSample(t)
	for i := 1; i < len(es); i++ {
		if es[i].StartedDateTime < es[i-1].StartedDateTime {
			t.Errorf("entry %d starts before entry %d", i, i-1)
		}
	}
}

func TestEncoders(t *testing.T) {
	tests := []struct{ name, in, uri, form string }{
		{"reserved", "a b/c?d=e&f", "a%20b%2Fc%3Fd%3De%26f", "a+b%2Fc%3Fd%3De%26f"},
		{"marks", "*-._!~'()", "*-._!~'()", "*-._%21%7E%27%28%29"},
		{"brackets", "ud[em]", "ud%5Bem%5D", "ud%5Bem%5D"},
		{"utf8", "é", "%C3%A9", "%C3%A9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := encodeURIComponent(tt.in); got != tt.uri {
				t.Errorf("encodeURIComponent(%q) = %q, want %q", tt.in, got, tt.uri)
			}
			if got := formEncode(tt.in); got != tt.form {
				t.Errorf("formEncode(%q) = %q, want %q", tt.in, got, tt.form)
			}
		})
	}
	if got, want := pixelKey("cd[buttonText]"), "cd[buttonText]"; got != want {
		t.Errorf("pixelKey = %q, want %q", got, want)
	}
	if got, want := censor("+44 Ab1"), "+## ^*#"; got != want {
		t.Errorf("censor = %q, want %q", got, want)
	}
}

func header(hs []nv, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a number: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
