package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/visit"
	"github.com/haruspex/haruspex/internal/mocksite"
)

// TestVisitChromium is the end-to-end test of "haruspex visit", and the
// heaviest test of the module: one batch, as a researcher would run it,
// over two mock police sites and one that cannot be reached, with the
// three consent variants, two browsers at a time (nine browser starts).
// Northshire (OneTrust-style banner) waits for consent; Southshire
// (Civic-style) loads the Meta Pixel whatever the choice, and GA4 only
// after "accept". It requires
//
//   - exit 3, the batch complete, the unreachable site's error in its
//     visit.json and on stderr;
//   - per site and variant, the events "haruspex events" decodes from the
//     capture to be what the page sends for that variant;
//   - the click, fill and submit steps (from flags and a script) in
//     visit.json and in the HAR (log._visit, and the form's POST with the
//     values typed);
//   - every visit its own cookies: different _fbp and _ga values, and no
//     cookie on a visit's first request to facebook.com;
//   - the alert of Southshire's thank-you page answered and recorded.
//
// Only loopback is used. -short skips it.
func TestVisitChromium(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium not found: CI must run .ci/deps (apt-get install chromium) before the tests")
		}
		t.Skip("Chromium not found (run .ci/deps, or apt-get install chromium, or set HARUSPEX_CHROMIUM): skipping the end-to-end visit test")
	}
	if testing.Short() {
		t.Skip("-short: skipping the end-to-end visit test with Chromium")
	}
	dir := t.TempDir()
	pki, err := mocksite.NewPKI()
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(dir, "mock-ca.pem")
	if err := os.WriteFile(caFile, pki.CAPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(mocksite.New())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pki.Cert}}
	srv.StartTLS()
	defer srv.Close()
	mock := srv.Listener.Addr().String()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String() // nothing listens there once closed
	ln.Close()

	const broken = "www.unreachable-police.example"
	urls := filepath.Join(dir, "forces.txt")
	list := "# forces to visit\nhttps://" + mocksite.NorthHost + "/\n\nhttps://" + broken + "/\nhttps://" + mocksite.SouthHost + "/\n"
	if err := os.WriteFile(urls, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "steps.txt")
	steps := "# the rest of the report, as a victim would\nfill What happened?=Test report, please ignore\nsubmit\nscroll bottom\nscreenshot thanks\n"
	if err := os.WriteFile(script, []byte(steps), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "study")
	args := []string{"visit", "--urls", urls, "--out", out, "--consent", "all",
		"--click", "Report domestic abuse", "--fill", "email=jane.doe@example.com", "--script", script,
		"--parallel", "2", "--timeout", "4m", "--chromium", chromium, "--quiet",
		"--ca-dir", filepath.Join(dir, "ca"), "--offline", "--upstream-ca", caFile,
		"--resolve", broken + ":443:" + closed}
	for _, h := range mocksite.Hosts {
		args = append(args, "--resolve", h+":443:"+mock)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != exitPartial {
		t.Fatalf("visit exited %d, want %d (one site unreachable)\nstdout:\n%s\nstderr:\n%s", code, exitPartial, stdout.String(), stderr.String())
	}
	t.Logf("stdout:\n%s", stdout.String())
	if !strings.Contains(stdout.String(), "9 visits: 6 complete, 3 failed") {
		t.Errorf("stdout does not sum up the batch:\n%s", stdout.String())
	}
	if n := strings.Count(stderr.String(), ": failed: opening https://"+broken+"/: the site could not be reached: "); n != 3 {
		t.Errorf("stderr names the unreachable site %d times, want 3, with why:\n%s", n, stderr.String())
	}

	// What each page sends, by design of the mock sites, for each variant.
	meta := []string{"meta:Lead", "meta:PageView", "meta:PageView", "meta:SubscribedButtonClick", "meta:installation", "meta:installation"}
	// GA4, and the gtag.js loads (google-tag installations) that bring it, on each page.
	ga4 := []string{"ga4:form_submit", "ga4:page_view", "ga4:page_view", "google-tag:installation", "google-tag:installation"}
	want := map[string][]string{
		mocksite.NorthHost + "/none":   nil, // nothing before consent
		mocksite.NorthHost + "/accept": sorted(meta, ga4),
		mocksite.NorthHost + "/reject": nil,
		mocksite.SouthHost + "/none":   meta, // the pixel whatever the choice
		mocksite.SouthHost + "/accept": sorted(meta, ga4),
		mocksite.SouthHost + "/reject": meta,
	}
	banner := map[string]string{mocksite.NorthHost: "OneTrust", mocksite.SouthHost: "Civic Cookie Control"}
	fbps, gas := map[string]string{}, map[string]string{}
	for _, site := range []string{mocksite.NorthHost, mocksite.SouthHost} {
		for _, variant := range []string{"none", "accept", "reject"} {
			key := site + "/" + variant
			t.Run(key, func(t *testing.T) {
				vdir := filepath.Join(out, site, variant)
				rec, err := visit.ReadRecord(filepath.Join(vdir, visit.RecordFile))
				if err != nil {
					t.Fatal(err)
				}
				if rec.State != visit.Complete {
					t.Errorf("state %s (%s), want complete", rec.State, rec.Error)
				}
				checkRecord(t, vdir, rec, banner[site], variant)
				var dialogs []string
				for _, d := range rec.Dialogs {
					dialogs = append(dialogs, d.Type+": "+d.Message+" → "+d.Answer)
				}
				var wantDialogs []string
				if site == mocksite.SouthHost {
					wantDialogs = []string{"alert: Thank you. Southshire Police will contact you. → ok"}
				}
				if d := cmp.Diff(wantDialogs, dialogs); d != "" {
					t.Errorf("dialogs mismatch (-want +got):\n%s", d)
				}
				checkHAR(t, vdir, rec)
				events, fbp, ga := decodedEvents(t, filepath.Join(vdir, visit.CaptureFile))
				if d := cmp.Diff(want[key], events); d != "" {
					t.Errorf("haruspex events: events mismatch (-want +got):\n%s", d)
				}
				if fbp != "" {
					fbps[key] = fbp
				}
				if ga != "" {
					gas[key] = ga
				}
			})
		}
	}
	// Fresh profiles: no two visits share a browser identifier, even two
	// made at the same time.
	for name, ids := range map[string]map[string]string{"_fbp": fbps, "_ga client id": gas} {
		seen := map[string]string{}
		for key, id := range ids {
			if other, ok := seen[id]; ok {
				t.Errorf("%s %s in both %s and %s: the visits shared cookies", name, id, key, other)
			}
			seen[id] = key
		}
	}
	if len(fbps) != 4 || len(gas) != 2 {
		t.Errorf("_fbp in %d visits, _ga in %d; want 4 (the Meta ones) and 2 (the GA4 ones)", len(fbps), len(gas))
	}

	for _, variant := range []string{"none", "accept", "reject"} {
		vdir := filepath.Join(out, broken, variant)
		rec, err := visit.ReadRecord(filepath.Join(vdir, visit.RecordFile))
		if err != nil {
			t.Fatal(err)
		}
		if rec.State != visit.Failed || !strings.Contains(rec.Error, "the site could not be reached") || !strings.Contains(rec.Error, "connection refused") {
			t.Errorf("%s/%s: state %s, error %q; want failed, unreachable, connection refused", broken, variant, rec.State, rec.Error)
		}
		if len(rec.Steps) != 1 || rec.Steps[0].Outcome != visit.StepFailed {
			t.Errorf("%s/%s: steps %+v; want the one open, in error", broken, variant, rec.Steps)
		}
		// Its capture is still a HAR, with the failed request in it.
		var so, se bytes.Buffer
		if code := run(context.Background(), []string{"summary", filepath.Join(vdir, visit.CaptureFile)}, strings.NewReader(""), &so, &se); code != exitOK {
			t.Errorf("summary of %s/%s exited %d: %s", broken, variant, code, se.String())
		}
	}
}

func sorted(lists ...[]string) []string {
	out := slices.Concat(lists...)
	slices.Sort(out)
	return out
}

// checkRecord checks a good visit's visit.json: the steps in order with
// their outcomes, what the consent step found and did, the screenshots,
// the capture's hash.
func checkRecord(t *testing.T, vdir string, rec *visit.Record, banner, variant string) {
	t.Helper()
	var got []string
	for _, s := range rec.Steps {
		got = append(got, s.Action.String()+" "+string(s.Outcome))
		if s.Time == "" || s.End == "" || s.End < s.Time {
			t.Errorf("step %d: time %q, end %q", s.N, s.Time, s.End)
		}
		if s.Screenshot == "" || !fileExists(filepath.Join(vdir, s.Screenshot)) {
			t.Errorf("step %d: screenshot %q missing", s.N, s.Screenshot)
		}
	}
	wantSteps := []string{"open ok", "consent ok", "click ok", "fill ok", "fill ok", "submit ok", "scroll ok", "screenshot ok"}
	if d := cmp.Diff(wantSteps, got); d != "" {
		t.Fatalf("steps mismatch (-want +got):\n%s", d)
	}
	details := []string{
		2: `clicked <button id="da"> "Report domestic abuse"`,
		3: `filled <input name="email"> (label "Your email") with "jane.doe@example.com"`,
		4: `filled <textarea name="details"> (label "What happened?") with "Test report, please ignore"`,
		5: `submitted form "report" by pressing <button> "Send report"`,
		7: "saved 08-thanks.png (the whole page)",
	}
	for i, d := range details {
		if d != "" && rec.Steps[i].Detail != d {
			t.Errorf("step %d detail %q, want %q", i+1, rec.Steps[i].Detail, d)
		}
	}
	if rec.Steps[4].Line != 2 || rec.Steps[5].Line != 3 {
		t.Errorf("script steps at lines %d, %d; want 2, 3", rec.Steps[4].Line, rec.Steps[5].Line)
	}
	if rec.Steps[5].Page != "https://"+rec.Site+"/report/sent" {
		t.Errorf("page after sending %q, want the thank-you page", rec.Steps[5].Page)
	}
	c := rec.Consent
	if c.Banner != banner || c.Variant.String() != variant || c.Pressed != (variant != "none") {
		t.Errorf("consent %+v: want the %s banner, %s, pressed %v", c, banner, variant, variant != "none")
	}
	if rec.Browser.Product == "" || rec.Browser.ThirdPartyCookies != "allowed" || rec.Proxy.CAFingerprint == "" || rec.Tool.Name != "haruspex visit" {
		t.Errorf("browser %+v, proxy %+v, tool %+v: want them named", rec.Browser, rec.Proxy, rec.Tool)
	}
	sum, size, err := fileSHA256(filepath.Join(vdir, visit.CaptureFile))
	if err != nil || sum != rec.Capture.SHA256 || size != rec.Capture.Size {
		t.Errorf("capture.har sha256 %s (%d bytes), visit.json says %s (%d): %v", sum, size, rec.Capture.SHA256, rec.Capture.Size, err)
	}
}

// checkHAR checks that the capture names the visit and holds its steps,
// and that the form was posted with what was typed.
func checkHAR(t *testing.T, vdir string, rec *visit.Record) {
	t.Helper()
	f, err := os.Open(filepath.Join(vdir, visit.CaptureFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := har.NewReader(f)
	r.Bodies = true
	var post string
	firstFB := true
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading the capture: %v", err)
		}
		u, _ := url.Parse(e.Request.URL)
		switch {
		case e.Request.Method == "POST" && u.Path == "/report/sent" && e.Request.PostData != nil:
			post = e.Request.PostData.Text
		case u.Host == "www.facebook.com" && firstFB:
			firstFB = false
			if len(e.Request.Cookies) > 0 {
				t.Errorf("the visit's first request to facebook.com carries cookies %+v: not a fresh profile", e.Request.Cookies)
			}
		case u.Host == "accounts.google.com" || u.Host == "update.googleapis.com":
			t.Errorf("entry %d: the browser's own request %s is in the capture", e.Index, e.Request.URL)
		}
	}
	if want := "email=jane.doe%40example.com&tel=&details=Test+report%2C+please+ignore"; post != want {
		t.Errorf("form posted %q, want %q", post, want)
	}
	l := r.Log()
	if l.Creator.Name != "haruspex visit" || l.Browser == nil || !strings.Contains(l.Comment, "visit.json beside this file") {
		t.Errorf("log: creator %q, browser %v, comment %q", l.Creator.String(), l.Browser, l.Comment)
	}
	var hv struct {
		File  string
		Steps []struct {
			Action, Detail, Time string
		}
	}
	for _, fld := range l.Custom {
		if fld.Name == "_visit" {
			if err := json.Unmarshal(fld.Raw, &hv); err != nil {
				t.Errorf("log._visit: %v", err)
			}
		}
	}
	if hv.File != "visit.json" || len(hv.Steps) != len(rec.Steps) {
		t.Fatalf("log._visit %+v: want visit.json and the %d steps", hv, len(rec.Steps))
	}
	for i, s := range hv.Steps {
		if s.Detail != rec.Steps[i].Detail || s.Time != rec.Steps[i].Time {
			t.Errorf("log._visit step %d %+v, visit.json has %q at %s", i+1, s, rec.Steps[i].Detail, rec.Steps[i].Time)
		}
	}
}

// decodedEvents runs "haruspex events" on a capture and returns its
// events as vendor:event (or vendor:kind), sorted, and the _fbp and GA4
// client id they carry.
func decodedEvents(t *testing.T, capture string) (events []string, fbp, ga string) {
	t.Helper()
	var so, se bytes.Buffer
	if code := run(context.Background(), []string{"events", "--format", "ndjson", capture}, strings.NewReader(""), &so, &se); code != exitOK {
		t.Fatalf("haruspex events exited %d: %s", code, se.String())
	}
	dec := json.NewDecoder(&so)
	for {
		var ev struct {
			Vendor, Kind, Event string
			IDs                 map[string]string `json:"ids"`
		}
		if err := dec.Decode(&ev); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("haruspex events output: %v", err)
		}
		name := ev.Event
		if name == "" {
			name = ev.Kind
		}
		events = append(events, ev.Vendor+":"+name)
		for _, pair := range []struct {
			v   string
			dst *string
		}{{ev.IDs["fbp"], &fbp}, {ev.IDs["cid"], &ga}} {
			if pair.v == "" {
				continue
			}
			if *pair.dst != "" && *pair.dst != pair.v {
				t.Errorf("two values %s and %s of one browser identifier in one visit", *pair.dst, pair.v)
			}
			*pair.dst = pair.v
		}
	}
	slices.Sort(events)
	return events, fbp, ga
}
