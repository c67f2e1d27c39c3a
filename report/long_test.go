package report_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/internal/hargen"
	"github.com/haruspex/haruspex/report"
)

// TestLongURL: a Meta Pixel Lead whose URL carries a 4 MiB cd[x] between
// its other parameters (hargen's huge-url shape) is still decoded: the
// pixel, the event, the page, the fbp and the event time come from the
// parameters around the long one, which keeps its first bytes and says
// what was cut; the file has a located warning with the URL's length
// and SHA-256.
func TestLongURL(t *testing.T) {
	const size = 4 << 20
	var buf bytes.Buffer
	if _, err := hargen.WriteHugeURL(&buf, size); err != nil {
		t.Fatal(err)
	}
	a, err := report.Analyze([]report.Input{{Name: "url.har", R: bytes.NewReader(buf.Bytes())}}, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var lead *decode.Event
	for ev, err := range a.Events() {
		if err != nil {
			t.Fatal(err)
		}
		if ev.Name == "Lead" {
			lead = ev
		}
	}
	if lead == nil {
		t.Fatal("no Lead event")
	}
	got := map[string]string{"pixel": lead.PixelID, "page": lead.Page}
	for _, id := range lead.IDs {
		got["id "+id.Name] = id.Value
	}
	for _, p := range lead.Params {
		if p.Name != "cd[x]" {
			got["param "+p.Name] = p.Value
		}
	}
	want := map[string]string{"pixel": "1234567890123456", "page": "https://www.police.example/report/",
		"id fbp": "fb.1.1686733920000.1000000000", "param id": "1234567890123456", "param ev": "Lead",
		"param dl": "https://www.police.example/report/", "param ts": "1686733921000", "param fbp": "fb.1.1686733920000.1000000000"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lead mismatch (-want +got):\n%s", diff)
	}
	// The URL as the file has it, for its digest.
	url := buf.String()[strings.Index(buf.String(), "https://www.facebook.com/tr/?id=1234567890123456&ev=Lead"):]
	url = url[:strings.IndexByte(url, '"')]
	sum := fmt.Sprintf("%x", sha256.Sum256([]byte(url)))
	if len(lead.Custom) != 1 || lead.Custom[0].Key != "x" ||
		!strings.HasPrefix(lead.Custom[0].Raw, strings.Repeat("A", har.KeepPart-len("&cd[x]="))+"…(haruspex cut ") ||
		!strings.Contains(lead.Custom[0].Raw, sum) || len(lead.Custom[0].Raw) > har.KeepPart+200 {
		t.Errorf("cd[x] kept as %d bytes: …%q", len(lead.Custom[0].Raw), lead.Custom[0].Raw[max(0, len(lead.Custom[0].Raw)-160):])
	}
	off := strings.Index(buf.String(), `"`+url)
	wantWarning := fmt.Sprintf("entry 1 (byte %d): request.url: a value of %d bytes (sha256 %s)", off, len(url), sum)
	found := false
	for _, w := range a.Files[0].Warnings {
		found = found || strings.HasPrefix(w, wantWarning)
	}
	if !found {
		t.Errorf("warnings %q, want one starting %q", a.Files[0].Warnings, wantWarning)
	}
}
