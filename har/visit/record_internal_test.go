package visit

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/visit.json")

// TestRecordFile pins visit.json's shape (testdata/visit.json; -update
// rewrites it) and reads it back.
func TestRecordFile(t *testing.T) {
	rec := &Record{
		URL: "https://www.police.example/", Site: "www.police.example", Variant: Accept,
		State: Incomplete, Error: `step 3 (click "Report domestic abuse"): no visible button or link with the text "Report domestic abuse"`,
		Started: "2026-11-24T10:00:00.000Z", Ended: "2026-11-24T10:00:09.500Z",
		Tool: Tool{Name: ToolName, Version: "v1.2.0"},
		Browser: Browser{Path: "/usr/bin/chromium", Product: "Chrome/156.0.8078.114", UserAgent: "Mozilla/5.0 … HeadlessChrome/156.0.0.0 Safari/537.36",
			Protocol: "1.3", Flags: []string{"--headless", "--user-data-dir=" + newTempDir}, ThirdPartyCookies: "allowed"},
		Proxy:   Proxy{CAFingerprint: "AB:CD", CASPKI: "c6X0=", Offline: true, Resolve: []string{"www.police.example:443=127.0.0.1:8443"}},
		Capture: Capture{File: CaptureFile, SHA256: "5f…", Size: 100231, Entries: 21},
		Consent: ConsentResult{Variant: Accept, Banner: "OneTrust", Via: "selector", Selector: "#onetrust-accept-btn-handler", Button: "Accept All Cookies", Pressed: true},
		Steps: []StepRecord{
			{N: 1, Action: Open, Arg: "https://www.police.example/", Time: "2026-11-24T10:00:01.000Z", End: "2026-11-24T10:00:02.000Z",
				Outcome: OK, Detail: "opened https://www.police.example/ (HTTP 200)", Page: "https://www.police.example/", Network: "settled", Requests: 4, Screenshot: "01-open.png"},
			{N: 2, Action: Consent, Arg: "accept", Time: "2026-11-24T10:00:02.100Z", End: "2026-11-24T10:00:03.000Z",
				Outcome: OK, Detail: `accepted cookies: pressed <button id="onetrust-accept-btn-handler"> "Accept All Cookies" on the OneTrust banner`, Network: "settled", Requests: 5},
			{N: 3, Action: Click, Arg: "Report domestic abuse", Line: 2, Time: "2026-11-24T10:00:03.000Z", End: "2026-11-24T10:00:03.600Z",
				Outcome: NotFound, Detail: `no visible button or link with the text "Report domestic abuse"`, Network: "settled"},
		},
	}
	dir := t.TempDir()
	if err := rec.write(dir); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, RecordFile))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "visit.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("visit.json mismatch (-want +got):\n%s", d)
	}
	back, err := ReadRecord(filepath.Join(dir, RecordFile))
	if err != nil {
		t.Fatal(err)
	}
	rec.Dir = dir
	if d := cmp.Diff(rec, back); d != "" {
		t.Errorf("ReadRecord mismatch (-want +got):\n%s", d)
	}
	if _, err := ReadRecord(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("ReadRecord of a missing file: no error")
	}
}
