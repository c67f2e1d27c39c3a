package site

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/har"
)

const corpusDir = "../../../shared/corpus"

// TestFirstPartyCorpus: the first party of real captures, each checked by
// eye against the file (its first document request).
func TestFirstPartyCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); errors.Is(err, os.ErrNotExist) {
		t.Skipf("corpus not found at %s (../shared is absent)", corpusDir)
	}
	tests := []struct {
		file, domain string
		entry        int
	}{
		{"pagexray__ferguson.har", "ferguson.com", 0},     // Sec-Fetch-Dest
		{"haralyzer__cnn-chrome.har", "cnn.com", 2},       // Chrome HAR Capturer: the HTML after two redirects
		{"mitmproxy__firefox.har", "mitmproxy.org", 0},    // Firefox: HTML response
		{"harviewer__ie11.har", "gitgrimbo.github.io", 0}, // IE11; github.io is a public suffix
		{"compare__browsertime-chrome-wikipedia.har.gz", "wikipedia.org", 0},
		{"sitespeed.io__www-theverge-com.har", "theverge.com", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(corpusDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := har.NewReader(f)
			var fp FirstParty
			for {
				e, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				fp.Observe(e)
			}
			nav, ok := fp.Result()
			if !ok || nav.Domain != tt.domain || nav.Entry != tt.entry {
				t.Errorf("first party = %+v, want %s from entry %d", nav, tt.domain, tt.entry)
			}
		})
	}
}

// TestFirstPartyPrefersNavigation: an earlier image from another site
// does not make that site the first party; an iframe document does not
// either.
func TestFirstPartyPrefersNavigation(t *testing.T) {
	at := func(s string) har.Time { tt, _ := har.ParseTime(s); return har.Time{T: tt, Raw: s} }
	entries := []*har.Entry{
		{Index: 0, StartedDateTime: at("2023-06-14T09:12:00.000Z"), Request: har.Request{Method: "GET", URL: "https://www.facebook.com/tr/?id=1",
			Headers: []har.NameValue{{Name: "Sec-Fetch-Dest", Value: "image"}}}},
		{Index: 1, StartedDateTime: at("2023-06-14T09:12:00.500Z"), Request: har.Request{Method: "GET", URL: "https://ads.example.net/frame.html",
			Headers: []har.NameValue{{Name: "sec-fetch-dest", Value: "iframe"}}}},
		{Index: 2, StartedDateTime: at("2023-06-14T09:12:01.000Z"), Request: har.Request{Method: "GET", URL: "https://www.police.example/",
			Headers: []har.NameValue{{Name: "sec-fetch-dest", Value: "document"}}}},
		{Index: 3, StartedDateTime: at("2023-06-14T09:12:05.000Z"), Request: har.Request{Method: "GET", URL: "https://other.example/",
			Headers: []har.NameValue{{Name: "sec-fetch-dest", Value: "document"}}}},
	}
	var fp FirstParty
	for i := len(entries) - 1; i >= 0; i-- { // order of observation must not matter
		fp.Observe(entries[i])
	}
	nav, _ := fp.Result()
	if nav.Domain != "police.example" || nav.Entry != 2 {
		t.Errorf("first party = %+v, want police.example from entry 2", nav)
	}
}

// entryJSON builds one entry: time, URL, status, MIME type and request
// headers as name=value pairs.
func entryJSON(when, url string, status int, mime string, headers ...string) string {
	var hs []string
	for _, h := range headers {
		n, v, _ := strings.Cut(h, "=")
		hs = append(hs, fmt.Sprintf(`{"name":%q,"value":%q}`, n, v))
	}
	return fmt.Sprintf(`{"startedDateTime":%q,"request":{"method":"GET","url":%q,"headers":[%s]},"response":{"status":%d,"content":{"mimeType":%q}}}`,
		when, url, strings.Join(hs, ","), status, mime)
}

// firstPartyOf reads a capture and returns its first party.
func firstPartyOf(t *testing.T, pages string, entries ...string) Navigation {
	t.Helper()
	r := har.NewReader(strings.NewReader(`{"log":{"version":"1.2","pages":[` + pages + `],"entries":[` + strings.Join(entries, ",") + `]}}`))
	var fp FirstParty
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		fp.Observe(e)
	}
	for _, p := range r.Log().Pages {
		fp.ObservePage(p)
	}
	nav, _ := fp.Result()
	return nav
}

// TestFirstPartyEvidence: captures without their top-level document, as
// a crawler or a DevTools export opened after the page loaded makes
// them, are read from the rest of the evidence and marked uncertain.
func TestFirstPartyEvidence(t *testing.T) {
	const img, js = "image/gif", "application/javascript"
	tests := []struct {
		name      string
		pages     string
		entries   []string
		domain    string
		uncertain bool
		alts      int
	}{{
		// The export starts mid-page: the earliest request is an ad
		// server's (chase.com once came out as tripadvisor.com).
		name: "no document: the Referer majority names the site",
		entries: []string{
			entryJSON("2024-01-01T10:00:00Z", "https://www.tripadvisor.com/pixel.gif", 200, img, "Referer=https://www.chase.com/"),
			entryJSON("2024-01-01T10:00:01Z", "https://static.chasecdn.com/app.js", 200, js, "Referer=https://www.chase.com/"),
			entryJSON("2024-01-01T10:00:02Z", "https://www.chase.com/api/x", 200, "application/json", "Referer=https://www.chase.com/", "Origin=https://www.chase.com"),
		},
		domain: "chase.com", uncertain: true,
	}, {
		name:  "no document, only log.pages[].id",
		pages: `{"startedDateTime":"2024-01-01T10:00:00Z","id":"https://www.walmart.com/","title":"Walmart.com"}`,
		entries: []string{
			entryJSON("2024-01-01T10:00:00Z", "https://recs.richrelevance.com/rrserver/p13n.js", 200, js),
		},
		domain: "walmart.com", uncertain: true,
	}, {
		name: "a navigation decides, and the Referer majority agrees",
		entries: []string{
			entryJSON("2024-01-01T09:59:59Z", "https://ads.adzerk.net/x.gif", 200, img),
			entryJSON("2024-01-01T10:00:00Z", "https://espn.go.com/", 200, "text/html", "Sec-Fetch-Dest=document"),
			entryJSON("2024-01-01T10:00:01Z", "https://a.espncdn.com/x.js", 200, js, "Referer=https://espn.go.com/"),
		},
		domain: "go.com",
	}, {
		name: "a redirect through a click tracker is not the site",
		entries: []string{
			entryJSON("2024-01-01T10:00:00Z", "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.police.example%2F", 302, "text/html", "Sec-Fetch-Dest=document"),
			entryJSON("2024-01-01T10:00:01Z", "https://www.police.example/", 200, "text/html", "Sec-Fetch-Dest=document", "Referer=https://l.facebook.com/"),
		},
		domain: "police.example", // facebook.com only redirected
	}, {
		name:  "conflicting evidence: a navigation says one site, the pages another",
		pages: `{"startedDateTime":"2024-01-01T10:00:00Z","id":"page_1","title":"https://www.yahoo.com/"}`,
		entries: []string{
			entryJSON("2024-01-01T10:00:00Z", "https://s.yimg.com/rq/darla/boot.html", 200, "text/html", "Sec-Fetch-Dest=document"),
		},
		domain: "yimg.com", uncertain: true, alts: 1,
	}, {
		name: "an old Firefox export: the HTML response, confirmed by the Referer majority",
		entries: []string{
			entryJSON("2014-01-01T10:00:00Z", "http://www.sebastianstoehr.de/", 200, "text/html"),
			entryJSON("2014-01-01T10:00:01Z", "http://www.sebastianstoehr.de/app.css", 200, "text/css", "Referer=http://www.sebastianstoehr.de/"),
		},
		domain: "sebastianstoehr.de",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nav := firstPartyOf(t, tt.pages, tt.entries...)
			if nav.Domain != tt.domain || nav.Uncertain != tt.uncertain || len(nav.Alternatives) != tt.alts {
				t.Errorf("first party = %+v, want %s, uncertain %v, %d alternative(s)", nav, tt.domain, tt.uncertain, tt.alts)
			}
			if w := nav.Warning(); (w != "") != tt.uncertain || tt.uncertain && !strings.Contains(w, "--site") {
				t.Errorf("warning %q for uncertain=%v", w, tt.uncertain)
			}
		})
	}
}
