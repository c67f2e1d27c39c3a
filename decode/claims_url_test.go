package decode_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/haruspex/haruspex/har"
)

// TestClaimsURL holds ClaimsURL, which lets the reader read an entry in
// full from its URL alone, to Claims: every corpus request whose URL it
// says yes to is claimed, whatever its method, content type and body;
// and a route that takes only some requests (Meta's gateway path /events)
// is left to Claims.
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
	yes := 0
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
			if !reg.ClaimsURL(e.Request.URL) {
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
	if yes == 0 {
		t.Fatal("ClaimsURL said yes to no corpus request: the test proves nothing")
	}
	t.Logf("%d corpus requests claimed from their URL", yes)
	for _, url := range []string{"https://www.police.example/events", "https://capig.example.org/events"} {
		if reg.ClaimsURL(url) {
			t.Errorf("ClaimsURL(%q) = true: a gateway path takes only some requests", url)
		}
	}
}
