package visit_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har/capture"
	"github.com/haruspex/haruspex/har/visit"
)

func TestSiteName(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://www.police.example/", "www.police.example"},
		{"https://WWW.Police.Example.", "www.police.example"},
		{"https://www.police.example:443/", "www.police.example"},
		{"http://www.police.example:80/", "www.police.example"},
		{"https://www.police.example:8443/", "www.police.example_8443"},
		{"http://www.police.example:443/", "www.police.example_443"},
		{"https://www.police.example/report/", "www.police.example_report"},
		{"https://www.police.example/Report/Domestic%20Abuse?x=1#y", "www.police.example_report-domestic-20abuse"},
		{"https://www.police.example/../../etc/passwd", "www.police.example_etc-passwd"},
		{"http://127.0.0.1:8080/", "127.0.0.1_8080"},
		{"http://[::1]:8080/", "ipv6-1_8080"},
		{"https://xn--bcher-kva.example/", "xn--bcher-kva.example"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := visit.SiteName(u); got != tt.want {
			t.Errorf("SiteName(%s) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestPlan(t *testing.T) {
	out := t.TempDir()
	jobs, err := visit.Plan(out, []string{"https://www.north.example/", "https://www.south.example/", "https://www.north.example/report/"},
		[]visit.Variant{visit.None, visit.Reject})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, j := range jobs {
		rel, _ := filepath.Rel(out, j.Dir)
		got = append(got, j.URL+" "+j.Site+" "+j.Variant.String()+" "+filepath.ToSlash(rel))
	}
	want := []string{
		"https://www.north.example/ www.north.example none www.north.example/none",
		"https://www.north.example/ www.north.example reject www.north.example/reject",
		"https://www.south.example/ www.south.example none www.south.example/none",
		"https://www.south.example/ www.south.example reject www.south.example/reject",
		"https://www.north.example/report/ www.north.example_report none www.north.example_report/none",
		"https://www.north.example/report/ www.north.example_report reject www.north.example_report/reject",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Plan mismatch (-want +got):\n%s", d)
	}

	// Two URLs whose names clash get -2.
	jobs, err = visit.Plan(out, []string{"https://a.example/x?1", "https://a.example/x?2"}, []visit.Variant{visit.None})
	if err != nil || len(jobs) != 2 || jobs[1].Site != "a.example_x-2" {
		t.Errorf("clashing names: %+v, %v; want a.example_x and a.example_x-2", jobs, err)
	}

	bad := []struct {
		name string
		urls []string
		want string
	}{
		// A visit directory is evidence: never written over.
		{"existing directory", []string{"https://www.exists.example/"}, "exists: a visit never writes over another"},
		{"a URL twice", []string{"https://a.example/", "https://a.example/"}, "listed twice"},
		{"relative URL", []string{"/report/"}, "want an absolute http or https URL"},
		{"other scheme", []string{"file:///etc/passwd"}, "want an absolute http or https URL"},
		// A password in the URL would end up in the capture and visit.json.
		{"user in the URL", []string{"https://user:pw@a.example/"}, "user name or password"},
	}
	if err := os.MkdirAll(filepath.Join(out, "www.exists.example", "none"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range bad {
		if _, err := visit.Plan(out, tt.urls, []visit.Variant{visit.None}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Plan error %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := visit.Plan(out, []string{"https://a.example/"}, nil); err == nil {
		t.Error("Plan with no variant: no error")
	}
}

// TestRunCancelled: a run whose context is already done starts no
// browser, writes nothing, and records every visit as skipped.
func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	ca, err := capture.LoadOrCreateCA(filepath.Join(dir, "ca"))
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := visit.Plan(filepath.Join(dir, "study"), []string{"https://www.police.example/"}, []visit.Variant{visit.None, visit.Accept})
	if err != nil {
		t.Fatal(err)
	}
	browser := filepath.Join(dir, "not-a-browser")
	if err := os.WriteFile(browser, []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	recs, err := visit.Run(ctx, jobs, visit.Options{CA: ca, Chromium: browser,
		OnStart: func(int, visit.Job) { t.Error("a visit started") }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Variant.String()+" "+string(r.State)+" "+r.Dir)
	}
	if d := cmp.Diff([]string{"none skipped ", "accept skipped "}, got); d != "" {
		t.Errorf("records mismatch (-want +got):\n%s", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "study")); !os.IsNotExist(err) {
		t.Errorf("study/ was written: %v", err)
	}
	// Options that cannot work are an error before any visit.
	if _, err := visit.Run(context.Background(), jobs, visit.Options{Chromium: browser}); err == nil || !strings.Contains(err.Error(), "no CA") {
		t.Errorf("Run without a CA: %v", err)
	}
	if _, err := visit.Run(context.Background(), jobs, visit.Options{CA: ca, Chromium: dir}); err == nil || !strings.Contains(err.Error(), "not an executable file") {
		t.Errorf("Run with a directory for a browser: %v", err)
	}
}
