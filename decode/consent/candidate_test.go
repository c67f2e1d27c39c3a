package consent

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/haruspex/haruspex/har"
)

// TestCandidate checks that Candidate says no only where FromEntry finds
// nothing, and says no to requests that carry no signal.
func TestCandidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    har.Entry
		want bool
	}{
		{"no query, no cookie", har.Entry{Request: har.Request{URL: "https://cdn.example/app.js"}}, false},
		{"other parameters and cookies", har.Entry{Request: har.Request{URL: "https://x.example/p?v=2&tid=G-1&en=page_view",
			Headers: []har.NameValue{{Name: "Cookie", Value: "_ga=GA1.1.1.2; _fbp=fb.1.2.3"}}}}, false},
		{"gcs in the URL", har.Entry{Request: har.Request{URL: "https://x.example/g/collect?v=2&gcs=G100"}}, true},
		{"escaped name", har.Entry{Request: har.Request{URL: "https://x.example/?gdpr%5Fconsent=x"}}, true},
		{"queryString list", har.Entry{Request: har.Request{URL: "https://x.example/", QueryString: []har.NameValue{{Name: "us_privacy", Value: "1YNN"}}}}, true},
		{"OneTrust cookie in the header", har.Entry{Request: har.Request{URL: "https://www.example/",
			Headers: []har.NameValue{{Name: "cookie", Value: "a=b;  OptanonAlertBoxClosed=2024-03-06T10:15:00.123Z"}}}}, true},
		{"cookies list", har.Entry{Request: har.Request{URL: "https://www.example/", Cookies: []har.Cookie{{Name: "euconsent-v2", Value: "CP"}}}}, true},
		{"a body", har.Entry{Request: har.Request{URL: "https://x.example/", PostData: &har.PostData{Text: "a=b"}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Candidate(&tc.e); got != tc.want {
				t.Errorf("Candidate() = %v, want %v", got, tc.want)
			}
			if !tc.want && len(FromEntry(&tc.e)) > 0 {
				t.Errorf("FromEntry found signals where Candidate says none")
			}
		})
	}
}

// FuzzCandidate checks that FromEntry finds nothing where Candidate says
// there is nothing to find.
func FuzzCandidate(f *testing.F) {
	f.Add("https://region1.google-analytics.com/g/collect?gcs=G100&gcd=13p3p3p3p5", "OptanonConsent=groups=C0001%3A1", "")
	f.Add("https://x.example/?a=b", "_ga=1; CookieConsent={}", "euconsent-v2")
	f.Add("https://www.facebook.com/tr/?dpo=LDU", "", "")
	f.Add("https://x.example/? gpp =DBABM", "\xffx=1", "")
	f.Fuzz(func(t *testing.T, url, cookie, listCookie string) {
		e := &har.Entry{Request: har.Request{URL: url, Headers: []har.NameValue{{Name: "Cookie", Value: cookie}}}}
		if listCookie != "" {
			e.Request.Cookies = []har.Cookie{{Name: listCookie, Value: cookie}}
		}
		if !Candidate(e) {
			if sigs := FromEntry(e); len(sigs) > 0 {
				t.Errorf("Candidate() = false, but FromEntry found %d signal(s), the first %s %s", len(sigs), sigs[0].Kind, sigs[0].Where)
			}
		}
	})
}

// TestCandidateCorpus checks Candidate against FromEntry on every entry
// of the real captures (when present), and counts how many it lets skip.
func TestCandidateCorpus(t *testing.T) {
	dir := "../../../shared/corpus"
	files, _ := filepath.Glob(filepath.Join(dir, "*.har"))
	if len(files) == 0 {
		t.Skipf("no corpus at %s", dir)
	}
	skipped, total := 0, 0
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := har.NewReader(f)
		for {
			e, err := r.Next()
			if err != nil {
				break
			}
			total++
			if Candidate(e) {
				continue
			}
			skipped++
			if sigs := FromEntry(e); len(sigs) > 0 {
				t.Errorf("%s entry %d: Candidate() = false, but FromEntry found %s %s", filepath.Base(path), e.Index, sigs[0].Kind, sigs[0].Where)
			}
		}
		f.Close()
	}
	t.Logf("Candidate let %d of %d entries skip FromEntry", skipped, total)
}

// BenchmarkCandidate reads a request that carries no consent signal.
func BenchmarkCandidate(b *testing.B) {
	e := &har.Entry{Request: har.Request{
		URL:     "https://www.example.org/static/app.js?v=123&build=456&lang=en",
		Headers: []har.NameValue{{Name: "Cookie", Value: "_ga=GA1.1.1.2; _fbp=fb.1.2.3; session=abcdef; _gid=GA1.2.3.4"}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		Candidate(e)
	}
}

// BenchmarkFromEntryNoSignal reads the same request with FromEntry.
func BenchmarkFromEntryNoSignal(b *testing.B) {
	e := &har.Entry{Request: har.Request{
		URL:     "https://www.example.org/static/app.js?v=123&build=456&lang=en",
		Headers: []har.NameValue{{Name: "Cookie", Value: "_ga=GA1.1.1.2; _fbp=fb.1.2.3; session=abcdef; _gid=GA1.2.3.4"}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		FromEntry(e)
	}
}
