package capture_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/capture"
	"github.com/haruspex/haruspex/internal/mocksite"
)

// mockSite serves www.police.example (HTTPS and HTTP) and www.facebook.com
// (HTTPS) from local servers, and records nothing itself: the test checks
// what the proxy recorded against what the client sent.
type mockSite struct {
	tlsSrv, plainSrv *httptest.Server
	roots            *x509.CertPool // trusted for the servers' certificates
	block            chan struct{}  // /slow waits on it
	arrived          chan struct{}  // /slow closes it on arrival
}

func newMockSite(t *testing.T) *mockSite {
	t.Helper()
	pki, err := mocksite.NewPKI() // a certificate for www.police.example and www.facebook.com
	if err != nil {
		t.Fatal(err)
	}
	m := &mockSite{roots: x509.NewCertPool(), block: make(chan struct{}), arrived: make(chan struct{})}
	m.roots.AppendCertsFromPEM(pki.CAPEM)
	mux := http.NewServeMux()
	mux.HandleFunc("www.police.example/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3cr3t", Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, pageHTML)
		zw.Close()
	})
	mux.HandleFunc("www.police.example/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/", http.StatusFound)
	})
	mux.HandleFunc("www.police.example/slow", func(w http.ResponseWriter, r *http.Request) {
		close(m.arrived)
		<-m.block
		io.WriteString(w, "late")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Echo the body so that the test can check what reached the server.
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "%s %s %d", r.Method, r.URL.RequestURI(), len(body))
	})
	m.tlsSrv = httptest.NewUnstartedServer(mux)
	m.tlsSrv.TLS = &tls.Config{Certificates: []tls.Certificate{pki.Cert}}
	m.tlsSrv.StartTLS()
	t.Cleanup(m.tlsSrv.Close)
	m.plainSrv = httptest.NewServer(mux)
	t.Cleanup(m.plainSrv.Close)
	t.Cleanup(func() {
		select {
		case <-m.block:
		default:
			close(m.block)
		}
	})
	return m
}

const pageHTML = "<!doctype html><title>Report a crime</title><p>Report domestic abuse</p>\n"

func (m *mockSite) resolve() map[string]string {
	tlsAddr := m.tlsSrv.Listener.Addr().String()
	return map[string]string{
		"www.police.example:443": tlsAddr,
		"www.facebook.com:443":   tlsAddr,
		"www.police.example:80":  m.plainSrv.Listener.Addr().String(),
	}
}

// startSession starts a recording proxy for the mock site and returns it
// with a client that goes through it and trusts its CA.
func startSession(t *testing.T, m *mockSite, out string) (*capture.Session, *http.Client) {
	t.Helper()
	ca, err := capture.LoadOrCreateCA(filepath.Join(t.TempDir(), "ca"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := capture.Start(capture.Options{
		Out:             out,
		Listen:          "127.0.0.1:0",
		CA:              ca,
		Version:         "test",
		UpstreamRoots:   m.roots,
		Resolve:         m.resolve(),
		ResolvedOnly:    true,
		ShutdownTimeout: 500 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, proxyClient(s.Addr(), ca)
}

func proxyClient(addr net.Addr, ca *capture.CA) *http.Client {
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	return &http.Client{
		Transport: &http.Transport{
			Proxy:              http.ProxyURL(&url.URL{Scheme: "http", Host: addr.String()}),
			TLSClientConfig:    &tls.Config{RootCAs: roots},
			DisableCompression: true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
}

// exchange is one request the test client makes.
type exchange struct {
	method, url string
	header      map[string]string
	ctype       string
	body        []byte
}

func do(t *testing.T, c *http.Client, x exchange) *http.Response {
	t.Helper()
	req, err := http.NewRequest(x.method, x.url, bytes.NewReader(x.body))
	if err != nil {
		t.Fatal(err)
	}
	if x.body == nil {
		req.Body = nil
	}
	for k, v := range x.header {
		req.Header.Set(k, v)
	}
	if x.ctype != "" {
		req.Header.Set("Content-Type", x.ctype)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", x.method, x.url, err)
	}
	io.ReadAll(res.Body)
	res.Body.Close()
	return res
}

func readHAR(t *testing.T, path string) (*har.Log, []*har.Entry) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := har.NewReader(f)
	r.Name = path
	r.Bodies = true
	var es []*har.Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading the capture: %v", err)
		}
		if len(e.Warnings) > 0 {
			t.Errorf("entry %d: warnings %v", e.Index, e.Warnings)
		}
		es = append(es, e)
	}
	if w := r.Warnings(); len(w) > 0 {
		t.Errorf("log warnings: %v", w)
	}
	return r.Log(), es
}

func multipartBody(t *testing.T) (string, []byte) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.SetBoundary("----WebKitFormBoundaryHaruspexTest1")
	mw.WriteField("id", "123456789")
	mw.WriteField("ev", "Lead")
	mw.WriteField("ud[em]", "8b1a9953c4611296a827abf8c47804d7")
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), b.Bytes()
}

// TestCaptureInProcess sends a browser's kinds of traffic through the proxy
// and requires the HAR to hold it exactly as sent and received.
func TestCaptureInProcess(t *testing.T) {
	m := newMockSite(t)
	out := filepath.Join(t.TempDir(), "session.har")
	s, c := startSession(t, m, out)

	mpType, mpBody := multipartBody(t)
	binary := []byte{0x00, 0xff, 0xfe, 'a', 0x80}
	sent := []exchange{
		{method: "GET", url: "https://www.police.example/", header: map[string]string{
			"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate", "Accept-Encoding": "gzip",
			"Cookie": `_fbp=fb.1.1700000000000.123; c_user=100012345678901; odd="quoted value"`}},
		{method: "GET", url: "https://www.facebook.com/tr/?id=123456789&ev=PageView&dl=https%3A%2F%2Fwww.police.example%2F&rl=&if=false&ts=1700000000000&cd[buttonText]=Report%20domestic%20abuse&sw=1920&sh=1080&v=2.9.156&r=stable&a=tmgoogletagmanager&ec=0&o=4126&fbp=fb.1.1700000000000.123&it=1700000000000&coo=false&rqm=GET",
			header: map[string]string{"Sec-Fetch-Dest": "image", "Cookie": "c_user=100012345678901; fr=0abc.def"}},
		{method: "POST", url: "https://www.facebook.com/tr/", ctype: "application/x-www-form-urlencoded",
			body: []byte("id=123456789&ev=SubscribedButtonClick&cd%5BbuttonText%5D=Report+domestic+abuse&cd%5BbuttonFeatures%5D=%7B%22classList%22%3A%22btn%22%7D&id=dup")},
		{method: "POST", url: "https://www.police.example/beacon?via=sendBeacon", ctype: "text/plain;charset=UTF-8",
			body: []byte(`{"event":"click","label":"Report domestic abuse","ü":"✓"}`)},
		{method: "POST", url: "https://www.facebook.com/tr/", ctype: mpType, body: mpBody},
		{method: "POST", url: "https://www.police.example/upload", ctype: "application/octet-stream", body: binary},
		{method: "GET", url: "http://www.police.example/plain?q=a+b&bad=%ZZ&empty&=v", header: map[string]string{"Upgrade-Insecure-Requests": "1", "Accept": "text/html,application/xhtml+xml"}},
		{method: "GET", url: "https://www.police.example/moved", header: map[string]string{"Sec-Fetch-Dest": "document"}},
	}
	for _, x := range sent {
		do(t, c, x)
	}
	// A host the proxy may not contact: the browser gets a 502 from the
	// proxy, the HAR says there was no response.
	do(t, c, exchange{method: "GET", url: "https://tracker.invalid/x"})

	if got := s.Stats(); got.Entries != len(sent)+1 {
		t.Errorf("Stats().Entries = %d before Close, want %d", got.Entries, len(sent)+1)
	}
	stats, err := s.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Tunnels: one a host, as the client keeps its connections alive.
	if want := (capture.Stats{Entries: len(sent) + 1, Tunnels: 3}); stats != want {
		t.Errorf("Stats = %+v, want %+v", stats, want)
	}

	l, es := readHAR(t, out)
	if len(es) != len(sent)+1 {
		t.Fatalf("read %d entries, want %d", len(es), len(sent)+1)
	}
	if l.Creator != (har.Creator{Name: "haruspex capture", Version: "test"}) {
		t.Errorf("creator = %+v", l.Creator)
	}
	for i, x := range sent {
		e := es[i]
		if e.Index != i || e.Request.Method != x.method || e.Request.URL != x.url {
			t.Errorf("entry %d: %d %s %s, want %s %s", i, e.Index, e.Request.Method, e.Request.URL, x.method, x.url)
			continue
		}
		if e.Request.Method == http.MethodConnect {
			t.Errorf("entry %d is a CONNECT pseudo-entry", i)
		}
		if e.Time <= 0 {
			t.Errorf("entry %d: time = %v, want the measured time", i, e.Time)
		}
		if e.Timings != (har.Timings{Blocked: -1, DNS: -1, Connect: -1, Send: -1, Wait: -1, Receive: -1, SSL: -1}) {
			t.Errorf("entry %d: timings %+v, want all -1 (not measured), never 0", i, e.Timings)
		}
		if !e.StartedDateTime.Valid() || e.StartedDateTime.Raw != e.StartedDateTime.T.Format(har.TimeLayout) {
			t.Errorf("entry %d: startedDateTime %q is not UTC RFC 3339 with milliseconds", i, e.StartedDateTime.Raw)
		}
		if x.body == nil {
			if e.Request.PostData != nil {
				t.Errorf("entry %d: postData %+v for a request without a body", i, e.Request.PostData)
			}
		} else {
			pd := e.Request.PostData
			if pd == nil {
				t.Errorf("entry %d: no postData", i)
				continue
			}
			text := pd.Text
			if pd.Comment == "text is base64: the body is not UTF-8" {
				b, err := base64.StdEncoding.DecodeString(text)
				if err != nil {
					t.Fatal(err)
				}
				text = string(b)
			}
			if text != string(x.body) || pd.MimeType != x.ctype || e.Request.BodySize != int64(len(x.body)) {
				t.Errorf("entry %d: postData %q (%s, bodySize %d), want %q (%s, %d)", i, text, pd.MimeType, e.Request.BodySize, x.body, x.ctype, len(x.body))
			}
		}
		// Headers sorted by name, deterministically.
		for j := 1; j < len(e.Request.Headers); j++ {
			if strings.ToLower(e.Request.Headers[j-1].Name) > strings.ToLower(e.Request.Headers[j].Name) {
				t.Errorf("entry %d: request headers not sorted: %q before %q", i, e.Request.Headers[j-1].Name, e.Request.Headers[j].Name)
			}
		}
	}

	// Exact cookies, in the order sent, including one net/http would drop.
	wantCookies := []har.Cookie{{Name: "_fbp", Value: "fb.1.1700000000000.123"}, {Name: "c_user", Value: "100012345678901"}, {Name: "odd", Value: `"quoted value"`}}
	if diff := cmp.Diff(wantCookies, es[0].Request.Cookies); diff != "" {
		t.Errorf("request cookies mismatch (-want +got):\n%s", diff)
	}
	wantSet := []har.Cookie{{Name: "session", Value: "s3cr3t", Path: "/", HTTPOnly: true, Secure: true, SameSite: "Lax"}}
	if diff := cmp.Diff(wantSet, es[0].Response.Cookies); diff != "" {
		t.Errorf("response cookies mismatch (-want +got):\n%s", diff)
	}
	// The gzip response, decoded, with the bytes received in bodySize.
	ct := es[0].Response.Content
	if ct.Text != pageHTML || ct.Encoding != "" || ct.Size != int64(len(pageHTML)) || es[0].Response.BodySize <= 0 || ct.Compression != ct.Size-es[0].Response.BodySize {
		t.Errorf("gzip content = %+v, bodySize %d", ct, es[0].Response.BodySize)
	}
	// Query strings in the order sent, decoded as Chrome does.
	wantQS := []har.NameValue{{Name: "id", Value: "123456789"}, {Name: "ev", Value: "PageView"}, {Name: "dl", Value: "https://www.police.example/"}, {Name: "rl"}, {Name: "if", Value: "false"}, {Name: "ts", Value: "1700000000000"}, {Name: "cd[buttonText]", Value: "Report domestic abuse"}}
	if diff := cmp.Diff(wantQS, es[1].Request.QueryString[:len(wantQS)]); diff != "" {
		t.Errorf("query string mismatch (-want +got):\n%s", diff)
	}
	wantQS = []har.NameValue{{Name: "q", Value: "a b"}, {Name: "bad", Value: "%ZZ"}, {Name: "empty"}, {Name: "", Value: "v"}}
	if diff := cmp.Diff(wantQS, es[6].Request.QueryString); diff != "" {
		t.Errorf("plain-HTTP query string mismatch (-want +got):\n%s", diff)
	}
	// Form parameters in the order sent, duplicates kept, beside the raw text.
	wantParams := []har.Param{{Name: "id", Value: "123456789"}, {Name: "ev", Value: "SubscribedButtonClick"}, {Name: "cd[buttonText]", Value: "Report domestic abuse"}, {Name: "cd[buttonFeatures]", Value: `{"classList":"btn"}`}, {Name: "id", Value: "dup"}}
	if diff := cmp.Diff(wantParams, es[2].Request.PostData.Params); diff != "" {
		t.Errorf("form params mismatch (-want +got):\n%s", diff)
	}
	wantParams = []har.Param{{Name: "id", Value: "123456789"}, {Name: "ev", Value: "Lead"}, {Name: "ud[em]", Value: "8b1a9953c4611296a827abf8c47804d7"}}
	if diff := cmp.Diff(wantParams, es[4].Request.PostData.Params); diff != "" {
		t.Errorf("multipart params mismatch (-want +got):\n%s", diff)
	}
	// What the server answered reached the HAR (the echo handler).
	if got, want := es[3].Response.Content.Text, fmt.Sprintf("POST /beacon?via=sendBeacon %d", len(sent[3].body)); got != want {
		t.Errorf("beacon response = %q, want %q", got, want)
	}
	// Pages: the two document navigations; the redirect's target would be a
	// third navigation, but the client does not follow it.
	if len(l.Pages) != 3 || l.Pages[0].Title != "https://www.police.example/" {
		t.Errorf("pages = %+v, want 3 starting with the home page", l.Pages)
	}
	for i, want := range []string{"page_1", "page_1", "page_1", "page_1", "page_1", "page_1", "page_2", "page_3"} {
		if es[i].PageRef != want {
			t.Errorf("entry %d: pageref %q, want %q", i, es[i].PageRef, want)
		}
	}
	if es[7].Response.Status != 302 || es[7].Response.RedirectURL != "/" || es[7].Response.StatusText != "Found" {
		t.Errorf("redirect response %d %q to %q", es[7].Response.Status, es[7].Response.StatusText, es[7].Response.RedirectURL)
	}
	// The refused host: no response, and why.
	last := es[len(es)-1]
	if last.Response.Status != 0 || !strings.Contains(last.Response.Comment, "not in the resolve list") || last.CustomField("_error") == nil {
		t.Errorf("refused exchange: status %d, comment %q, _error %s", last.Response.Status, last.Response.Comment, last.CustomField("_error"))
	}
}

// TestCaptureJournal: while recording, the file on disk already holds every
// completed exchange; cut anywhere (a crash), the reader gets every entry
// before the cut and a located error.
func TestCaptureJournal(t *testing.T) {
	m := newMockSite(t)
	out := filepath.Join(t.TempDir(), "session.har")
	s, c := startSession(t, m, out)
	defer s.Close()
	for i := range 3 {
		do(t, c, exchange{method: "GET", url: fmt.Sprintf("https://www.facebook.com/tr/?id=1&ev=PageView&n=%d", i)})
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{len(data), len(data) * 2 / 3, len(data) / 3} {
		r := har.NewReader(bytes.NewReader(data[:cut]))
		r.Name = "session.har"
		n := 0
		for {
			_, err = r.Next()
			if err != nil {
				break
			}
			n++
		}
		var pe *har.ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("journal cut at %d/%d: error %v, want a *har.ParseError", cut, len(data), err)
		}
		if cut == len(data) && n != 3 {
			t.Errorf("journal: read %d entries, want the 3 completed", n)
		}
		t.Logf("cut at %d/%d: %d entries, then %v", cut, len(data), n, err)
	}
}

// TestCaptureInterrupt: cancelling mid-session (what Ctrl-C does through
// signal.NotifyContext) leaves a valid HAR with every completed exchange,
// and the one still waiting for its server recorded without response.
func TestCaptureInterrupt(t *testing.T) {
	for _, how := range []string{"cancel", "SIGINT"} {
		t.Run(how, func(t *testing.T) {
			m := newMockSite(t)
			out := filepath.Join(t.TempDir(), "session.har")
			ca, err := capture.LoadOrCreateCA(filepath.Join(t.TempDir(), "ca"))
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if how == "SIGINT" {
				var stop context.CancelFunc
				ctx, stop = signal.NotifyContext(ctx, os.Interrupt)
				defer stop()
			}
			ready := make(chan *capture.Session, 1)
			type result struct {
				stats capture.Stats
				err   error
			}
			done := make(chan result, 1)
			go func() {
				st, err := capture.Run(ctx, capture.Options{
					Out: out, Listen: "127.0.0.1:0", CA: ca, Version: "test",
					UpstreamRoots: m.roots, Resolve: m.resolve(), ResolvedOnly: true,
					ShutdownTimeout: 300 * time.Millisecond,
				}, func(s *capture.Session) { ready <- s })
				done <- result{st, err}
			}()
			s := <-ready
			c := proxyClient(s.Addr(), ca)
			for i := range 3 {
				do(t, c, exchange{method: "GET", url: fmt.Sprintf("https://www.facebook.com/tr/?id=1&ev=PageView&n=%d", i)})
			}
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { // in flight when the capture stops
				defer wg.Done()
				req, _ := http.NewRequest("GET", "https://www.police.example/slow", nil)
				if res, err := c.Do(req); err == nil {
					res.Body.Close()
				}
			}()
			<-m.arrived
			if how == "SIGINT" {
				if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
					t.Fatal(err)
				}
			} else {
				cancel()
			}
			r := <-done
			if r.err != nil {
				t.Fatal(r.err)
			}
			close(m.block)
			wg.Wait()
			if want := (capture.Stats{Entries: 4, Incomplete: 1, Tunnels: 2}); r.stats != want {
				t.Errorf("Stats = %+v, want %+v", r.stats, want)
			}
			_, es := readHAR(t, out)
			if len(es) != 4 {
				t.Fatalf("read %d entries, want 3 completed and 1 without response", len(es))
			}
			for i, e := range es[:3] {
				if e.Response.Status != 200 {
					t.Errorf("entry %d: status %d, want 200", i, e.Response.Status)
				}
			}
			if e := es[3]; e.Response.Status != 0 || e.Response.Comment != "no response before the capture stopped" || e.Time != -1 {
				t.Errorf("in-flight entry: status %d, comment %q, time %v", e.Response.Status, e.Response.Comment, e.Time)
			}
			matches, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*tmp*"))
			if len(matches) > 0 {
				t.Errorf("temporary files left: %v", matches)
			}
		})
	}
}

func TestStartErrors(t *testing.T) {
	ca, err := capture.LoadOrCreateCA(filepath.Join(t.TempDir(), "ca"))
	if err != nil {
		t.Fatal(err)
	}
	existing := filepath.Join(t.TempDir(), "evidence.har")
	if err := os.WriteFile(existing, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts capture.Options
		want error
	}{
		// Every interface: other machines could use the proxy.
		{"all interfaces", capture.Options{Out: "x.har", Listen: ":8080", CA: ca}, capture.ErrNotLoopback},
		// A routable address, equally reachable from outside.
		{"routable", capture.Options{Out: "x.har", Listen: "192.0.2.1:8080", CA: ca}, capture.ErrNotLoopback},
		// An existing file may be evidence: never overwritten.
		{"existing output", capture.Options{Out: existing, Listen: "127.0.0.1:0", CA: ca}, capture.ErrExists},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := capture.Start(tt.opts)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Start() error = %v, want %v", err, tt.want)
			}
		})
	}
	if b, _ := os.ReadFile(existing); string(b) != "{}" {
		t.Errorf("existing file was modified: %q", b)
	}
}
