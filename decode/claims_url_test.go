package decode_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/haruspex/haruspex/har"
)

// TestClaimsURL holds ClaimsURL and ClaimsByURL, which let the reader
// read an entry in full, or refuse it, from its URL alone, to Claims:
// every corpus request whose URL they say all to is claimed and every
// one they say none to is not, whatever its method, content type and
// body; and a route that takes only some requests (Meta's gateway path
// /events) is left to Claims.
func TestClaimsURL(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if len(names) == 0 {
		t.Skip("no corpus")
	}
	reg := newRegistry(t)
	variants := []func(e *har.Entry){
		func(*har.Entry) {},
		func(e *har.Entry) { e.Request.Method, e.Request.PostData = "GET", nil },
		func(e *har.Entry) {
			e.Request.Method = "POST"
			e.Request.PostData = &har.PostData{MimeType: "application/json", Text: `{"a":1}`, HasText: true}
		},
		func(e *har.Entry) {
			e.Request.Method = "POST"
			e.Request.PostData = &har.PostData{MimeType: "text/html", Text: "<p>", HasText: true}
		},
	}
	yes, no := 0, 0
	for _, path := range names {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := har.NewReader(f)
		for {
			e, err := r.Next()
			if err == io.EOF || err != nil {
				break
			}
			all, none := reg.ClaimsByURL(e.Request.URL)
			if all != reg.ClaimsURL(e.Request.URL) || all && none {
				t.Errorf("%s#%d: ClaimsByURL(%q) = %v, %v", filepath.Base(path), e.Index, e.Request.URL, all, none)
			}
			if none {
				no++
				for i, change := range variants {
					c := *e
					change(&c)
					if reg.Claims(&c) {
						t.Errorf("%s#%d (variant %d): ClaimsByURL(%q) says none, Claims says yes", filepath.Base(path), e.Index, i, e.Request.URL)
					}
				}
			}
			if !all {
				continue
			}
			yes++
			for i, change := range variants {
				c := *e
				change(&c)
				if !reg.Claims(&c) {
					t.Errorf("%s#%d (variant %d): ClaimsURL(%q) says yes, Claims says no", filepath.Base(path), e.Index, i, e.Request.URL)
				}
			}
		}
		f.Close()
	}
	if yes == 0 || no == 0 {
		t.Fatalf("ClaimsByURL said all to %d corpus requests and none to %d: the test proves nothing", yes, no)
	}
	t.Logf("%d corpus requests claimed from their URL", yes)
	for _, url := range []string{"https://www.police.example/events", "https://capig.example.org/events"} {
		if all, none := reg.ClaimsByURL(url); all || none {
			t.Errorf("ClaimsByURL(%q) = %v, %v: a gateway path takes only some requests", url, all, none)
		}
	}
}
