package site

import (
	"errors"
	"io"
	"os"
	"path/filepath"
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
