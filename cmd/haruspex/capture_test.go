package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/capture"
	"github.com/haruspex/haruspex/internal/mocksite"
)

// syncBuffer is a bytes.Buffer safe for the proxy's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// findChromium returns the Chromium or Chrome binary, or "".
func findChromium() string {
	if p := os.Getenv("HARUSPEX_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// ChromiumFlags are the flags the end-to-end test and samples/capture/make.sh
// start headless Chromium with: no sandbox (root in a container), no QUIC
// (it would bypass an HTTP proxy), no background traffic, a fresh profile.
// The host resolver fails every name but the proxy's, so that nothing
// Chromium sends around the proxy reaches the network; the proxy itself
// maps the mock site's names with --resolve (Chromium sends CONNECT with
// the name, not an address, so its resolver rules do not apply to
// proxied requests).
func chromiumFlags(profile, proxy, spki string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-domain-reliability", "--no-pings",
		"--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
		"--user-data-dir=" + profile,
		"--proxy-server=http://" + proxy,
		"--proxy-bypass-list=update.googleapis.com;accounts.google.com;clients2.google.com",
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--ignore-certificate-errors-spki-list=" + spki,
	}
}

// TestCaptureChromium records a real headless Chromium visiting the mock
// police site through "haruspex capture", and requires the HAR to hold the
// pixel's PageView, SubscribedButtonClick and Lead exactly as sent, and
// "haruspex events" to read them. Only loopback is used.
func TestCaptureChromium(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium not found: CI must run .ci/deps (apt-get install chromium) before the tests")
		}
		t.Skip("Chromium not found (run .ci/deps, or apt-get install chromium, or set HARUSPEX_CHROMIUM): skipping the end-to-end capture test")
	}
	if testing.Short() {
		t.Skip("-short: skipping the end-to-end capture test with Chromium")
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
	site := mocksite.New()
	srv := httptest.NewUnstartedServer(site)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{pki.Cert}}
	srv.StartTLS()
	defer srv.Close()
	mock := srv.Listener.Addr().String()

	out := filepath.Join(dir, "chromium.har")
	args := []string{"--out", out, "--listen", "127.0.0.1:0", "--ca-dir", filepath.Join(dir, "ca"),
		"--offline", "--upstream-ca", caFile}
	for _, h := range mocksite.Hosts {
		args = append(args, "--resolve", h+":443:"+mock)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var stdout, stderr syncBuffer
	code := make(chan int, 1)
	go func() {
		code <- runCapture(ctx, &env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr}, args)
	}()

	proxyRE := regexp.MustCompile(`(?m)^proxy +http://(\S+)$`)
	spkiRE := regexp.MustCompile(`(?m)^spki +(\S+)$`)
	var proxy, spki string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := proxyRE.FindStringSubmatch(stdout.String()); m != nil {
			proxy = m[1]
		}
		if m := spkiRE.FindStringSubmatch(stdout.String()); m != nil {
			spki = m[1]
		}
		if proxy != "" && spki != "" {
			break
		}
	}
	if proxy == "" || spki == "" {
		t.Fatalf("capture did not print its address and SPKI\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}

	var chromeOut syncBuffer
	cmd := exec.Command(chromium, append(chromiumFlags(filepath.Join(dir, "profile"), proxy, spki), "https://www.police.example/")...)
	cmd.Stdout, cmd.Stderr = &chromeOut, &chromeOut
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Skipf("Chromium at %s cannot start (%v): skipping the end-to-end capture test", chromium, err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	defer func() {
		stopGroup(cmd)
		<-waited
	}()

	if !site.Wait(60*time.Second, "PageView", "SubscribedButtonClick", "Lead") {
		t.Fatalf("the mock site received the events %q, want PageView, SubscribedButtonClick and Lead\ncapture stderr:\n%s\nchromium:\n%s",
			site.Events(), stderr.String(), tail(chromeOut.String(), 3000))
	}
	// The proxy writes an exchange once the server has answered it: wait
	// for the journal to hold the last one, then stop as Ctrl-C would.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if n := countEvents(out); n >= 4 {
			break
		}
	}
	stop()
	select {
	case c := <-code:
		if c != exitOK {
			t.Fatalf("capture exited with %d\nstderr:\n%s", c, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("capture did not stop within 20 s of the interrupt")
	}
	if !strings.Contains(stdout.String(), "recorded ") || !strings.Contains(stdout.String(), "sha256 ") {
		t.Errorf("capture did not report what it recorded:\n%s", stdout.String())
	}

	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := har.NewReader(f)
	r.Name = "chromium.har"
	r.Bodies = true
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	type seen struct{ method, ev, buttonText, udEm, mime string }
	var events []seen
	var entries int
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading the capture: %v", err)
		}
		entries++
		if e.Request.Method == "CONNECT" {
			t.Errorf("entry %d is a CONNECT pseudo-entry", e.Index)
		}
		u, err := url.Parse(e.Request.URL)
		if err != nil || u.Host != "www.facebook.com" || !strings.HasPrefix(u.Path, "/tr") {
			continue
		}
		// Decode by hand from the URL and the body, as the HAR holds them…
		s := seen{method: e.Request.Method, ev: u.Query().Get("ev"), buttonText: u.Query().Get("cd[buttonText]")}
		if pd := e.Request.PostData; pd != nil {
			s.mime = pd.MimeType
			for _, p := range pd.Params {
				switch p.Name {
				case "ev":
					s.ev = p.Value
				case "ud[em]":
					s.udEm = p.Value
				}
			}
			if !strings.Contains(pd.Text, `name="ev"`) {
				t.Errorf("entry %d: postData.text is not the raw multipart body: %q", e.Index, pd.Text)
			}
		}
		events = append(events, s)
		// …and with the Meta decoder.
		evs := reg.Decode("chromium.har", e)
		if len(evs) != 1 || evs[0].Vendor.String() != "meta" || evs[0].Name != s.ev || evs[0].PixelID != mocksite.PixelID {
			t.Errorf("entry %d: decode gave %d events %+v, want one Meta %s for pixel %s", e.Index, len(evs), evs, s.ev, mocksite.PixelID)
		}
	}
	log := r.Log()
	if log.Creator.Name != "haruspex capture" || len(log.Pages) < 2 {
		t.Errorf("creator %q, %d pages; want haruspex capture and the two navigations", log.Creator.String(), len(log.Pages))
	}
	want := map[seen]bool{
		{method: "GET", ev: "PageView"}: true,
		{method: "GET", ev: "SubscribedButtonClick", buttonText: "Report domestic abuse"}: true,
	}
	var lead bool
	for _, s := range events {
		delete(want, s)
		if s.method == "POST" && s.ev == "Lead" && strings.HasPrefix(s.mime, "multipart/form-data; boundary=") &&
			s.udEm == "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d" {
			lead = true
		}
	}
	if len(want) > 0 || !lead {
		t.Errorf("pixel requests in the capture: %+v; missing %+v (Lead by sendBeacon found: %v)", events, want, lead)
	}
	t.Logf("%d entries, %d pages, pixel requests %+v", entries, len(log.Pages), events)

	// The same capture through "haruspex events".
	var evOut, evErr bytes.Buffer
	if c := run(context.Background(), []string{"events", out}, strings.NewReader(""), &evOut, &evErr); c != exitOK {
		t.Errorf("haruspex events exited with %d: %s", c, evErr.String())
	}
	for _, name := range []string{"PageView", "SubscribedButtonClick", "Lead", "Report domestic abuse"} {
		if !strings.Contains(evOut.String(), name) {
			t.Errorf("haruspex events output lacks %q:\n%s", name, evOut.String())
		}
	}
}

// countEvents counts the /tr requests in a capture being written.
func countEvents(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	r := har.NewReader(f)
	n := 0
	for {
		e, err := r.Next()
		if err != nil {
			return n
		}
		if strings.HasPrefix(e.Request.URL, "https://www.facebook.com/tr") {
			n++
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// TestCaptureCrashSummary: the file on disk while a capture runs is what a
// crash leaves; "haruspex summary" reads every completed exchange from it
// and exits 3 (partial), saying where it stops.
func TestCaptureCrashSummary(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	dir := t.TempDir()
	ca, err := capture.LoadOrCreateCA(filepath.Join(dir, "ca"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "live.har")
	s, err := capture.Start(capture.Options{Out: out, Listen: "127.0.0.1:0", CA: ca, Version: "test",
		Resolve: map[string]string{"www.police.example:80": srv.Listener.Addr().String()}, ResolvedOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(&url.URL{Scheme: "http", Host: s.Addr().String()})}}
	for _, u := range []string{"http://www.police.example/", "http://www.police.example/report/"} {
		res, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	live, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	crashed := filepath.Join(dir, "crashed.har")
	if err := os.WriteFile(crashed, live, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"summary", "--format", "json", crashed}, strings.NewReader(""), &stdout, &stderr)
	if code != exitPartial {
		t.Errorf("summary exited with %d, want %d (partial)\nstderr: %s", code, exitPartial, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"entries": 2`) || !strings.Contains(stderr.String(), "truncated file?") {
		t.Errorf("summary of the crashed capture:\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
	}
}
