package capture

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/martian/v3"
	mhar "github.com/google/martian/v3/har"
	"github.com/google/martian/v3/mitm"
	"github.com/haruspex/haruspex/har"
)

// MartianVersion is the version of github.com/google/martian/v3 this
// package is built and tested with (pinned in go.mod; see the README).
const MartianVersion = "v3.3.3"

// CreatorName is the log.creator.name of every capture.
const CreatorName = "haruspex capture"

// ErrNotLoopback reports a listening address other machines could reach,
// given without [Options.AllowRemote].
var ErrNotLoopback = errors.New("capture: listening address is not loopback")

// ErrExists reports an output file that already exists: a capture never
// overwrites a file.
var ErrExists = errors.New("capture: output file exists")

// syncEvery is the longest time a completed exchange may sit in the
// operating system's buffers before the journal is synced to disk.
const syncEvery = 2 * time.Second

// Options configure a [Session]. Out and CA are required.
type Options struct {
	// Out is the HAR file to write. It must not exist.
	Out string
	// Listen is the proxy's address, e.g. "127.0.0.1:8080"; port 0 picks
	// a free port (see [Session.Addr]). Default "127.0.0.1:8080".
	Listen string
	// AllowRemote allows a Listen address that is not loopback. Anyone who
	// can reach the proxy can use it and read what it records.
	AllowRemote bool
	// CA signs the proxy's per-host certificates ([LoadOrCreateCA]).
	CA *CA
	// Version is haruspex's version, recorded in log.creator.version.
	Version string
	// UpstreamRoots are the roots trusted for the servers' certificates;
	// nil trusts the system's. Server certificates are always verified.
	UpstreamRoots *x509.CertPool
	// Resolve maps "host:port" to the "address:port" to connect to instead,
	// as curl's --resolve does: to record a visit to a mock site.
	Resolve map[string]string
	// ResolvedOnly refuses to connect to any host:port not in Resolve, so
	// that a recording against a mock site never touches the network.
	ResolvedOnly bool
	// ShutdownTimeout bounds how long Close waits for exchanges in flight
	// (default 5 s); those still unanswered are recorded without response.
	ShutdownTimeout time.Duration
	// OnEntry, when set, is called with each entry once it is on disk.
	OnEntry func(*har.Entry)
	// OnTLSError, when set, is called when a client refuses the proxy's
	// certificate (it does not trust the CA) or the TLS handshake fails.
	OnTLSError func(host string, err error)
	// Annotate, when set, is called with the log header each time it is
	// written (when Out is created, and when it is finalised) and may add
	// to it: log.browser, a sentence to log.comment, custom fields, another
	// creator name. It is called with no lock held.
	Annotate func(*har.Log)
}

// Stats counts what a session recorded.
type Stats struct {
	Entries    int // exchanges written
	Incomplete int // of those, requests without a response when the capture stopped
	Tunnels    int // CONNECT tunnels opened (not entries)
	TLSErrors  int // TLS handshakes with clients that failed
}

// Session is a running recording proxy. Start it with [Start]; [Session.Close]
// stops it and finalises the HAR.
type Session struct {
	opts   Options
	ln     net.Listener
	proxy  *martian.Proxy
	logger *mhar.Logger
	served chan error

	mu       sync.Mutex
	journal  *os.File
	w        *har.Writer
	lastSync time.Time
	werr     error // first error writing the journal
	closed   bool
	seq      int
	pending  map[string]*exchange
	entries  []recorded
	pages    []har.Page
	page     string            // current page id
	redirect map[string]string // URL a navigation was redirected to → its page
	stats    Stats
}

type recorded struct {
	e   *har.Entry
	seq int
}

const ctxKey = "haruspex.exchange"

// Start listens on opts.Listen, creates opts.Out and starts recording.
func Start(opts Options) (*Session, error) {
	if opts.CA == nil {
		return nil, errors.New("capture: no CA (use LoadOrCreateCA)")
	}
	if opts.Out == "" {
		return nil, errors.New("capture: no output file")
	}
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:8080"
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 5 * time.Second
	}
	if !opts.AllowRemote {
		if err := checkLoopback(opts.Listen); err != nil {
			return nil, err
		}
	}
	mc, err := mitm.NewConfig(opts.CA.Cert, opts.CA.Key)
	if err != nil {
		return nil, fmt.Errorf("capture: setting up MITM: %w", err)
	}
	mc.SetValidity(24 * time.Hour)
	mc.SetOrganization("haruspex capture")

	f, err := os.OpenFile(opts.Out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("%w: %s", ErrExists, opts.Out)
	}
	if err != nil {
		return nil, fmt.Errorf("capture: creating %s: %w", opts.Out, err)
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		f.Close()
		os.Remove(opts.Out)
		return nil, fmt.Errorf("capture: %w", err)
	}
	s := &Session{
		opts:     opts,
		ln:       ln,
		logger:   mhar.NewLogger(),
		served:   make(chan error, 1),
		journal:  f,
		w:        har.NewWriter(f),
		lastSync: time.Now(),
		pending:  map[string]*exchange{},
		redirect: map[string]string{},
	}
	// The recorder reads bodies itself: martian's logger keeps form posts
	// only as parsed parameters and fails the entry on a body it cannot
	// decode.
	s.logger.SetOption(mhar.PostDataLogging(false), mhar.BodyLogging(false))
	mc.SetHandshakeErrorCallback(s.tlsError)

	p := martian.NewProxy()
	p.SetMITM(mc)
	p.SetDial(s.dial)
	p.SetRoundTripper(&roundTripper{s: s, t: &http.Transport{
		DialContext:           s.dialContext,
		TLSClientConfig:       &tls.Config{RootCAs: opts.UpstreamRoots},
		TLSNextProto:          map[string]func(string, *tls.Conn) http.RoundTripper{}, // HTTP/1.1 upstream, as martian does
		DisableCompression:    true,                                                   // forward and record bodies as the server sent them
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}})
	p.SetRequestModifier(martian.RequestModifierFunc(s.modifyRequest))
	p.SetResponseModifier(martian.ResponseModifierFunc(s.modifyResponse))
	s.proxy = p

	if err := s.w.Begin(s.annotated()); err != nil {
		ln.Close()
		f.Close()
		return nil, fmt.Errorf("capture: writing %s: %w", opts.Out, err)
	}
	if err := s.w.Flush(); err != nil {
		ln.Close()
		f.Close()
		return nil, fmt.Errorf("capture: writing %s: %w", opts.Out, err)
	}
	go func() { s.served <- p.Serve(ln) }()
	return s, nil
}

// Addr returns the address the proxy listens on.
func (s *Session) Addr() net.Addr { return s.ln.Addr() }

// Stats returns what has been recorded so far.
func (s *Session) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Pending returns how many requests the proxy has received and not yet
// recorded (CONNECT tunnels aside): those still waiting for their server,
// or being read.
func (s *Session) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, x := range s.pending {
		if !x.connect {
			n++
		}
	}
	return n
}

func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("capture: listening address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%w: %q can be reached from other machines; use 127.0.0.1 or allow it explicitly", ErrNotLoopback, addr)
}

// annotated is the log header with Options.Annotate applied.
func (s *Session) annotated() *har.Log {
	l := s.log()
	if s.opts.Annotate != nil {
		s.opts.Annotate(l)
	}
	return l
}

// log is the log header of the capture.
func (s *Session) log() *har.Log {
	return &har.Log{
		Version: "1.2",
		Creator: har.Creator{Name: CreatorName, Version: s.opts.Version},
		Comment: "Recorded through a man-in-the-middle proxy (github.com/google/martian/v3 " + MartianVersion + "). " +
			"time is from the proxy receiving the request to its receiving the whole response; " +
			"the timing phases were not measured (-1). Header names are as Go canonicalises them; " +
			"header order is by name. CONNECT tunnels are not entries.",
	}
}

func (s *Session) dial(network, addr string) (net.Conn, error) {
	return s.dialContext(context.Background(), network, addr)
}

// dialContext connects to a server, through Options.Resolve.
func (s *Session) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if to, ok := s.opts.Resolve[addr]; ok {
		addr = to
	} else if s.opts.ResolvedOnly {
		return nil, fmt.Errorf("capture: %s is not in the resolve list and only listed hosts may be contacted", addr)
	}
	d := net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return d.DialContext(ctx, network, addr)
}

func (s *Session) tlsError(req *http.Request, err error) {
	s.mu.Lock()
	s.stats.TLSErrors++
	s.mu.Unlock()
	if s.opts.OnTLSError != nil {
		s.opts.OnTLSError(req.Host, err)
	}
}

// roundTripper notes the server's address and any failure on the
// exchange before martian turns a failure into a 502 of its own.
type roundTripper struct {
	s *Session
	t *http.Transport
}

func (rt *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	x := exchangeOf(req)
	if x != nil {
		trace := &httptrace.ClientTrace{GotConn: func(ci httptrace.GotConnInfo) {
			if host, _, err := net.SplitHostPort(ci.Conn.RemoteAddr().String()); err == nil {
				rt.s.mu.Lock()
				x.serverIP = host
				rt.s.mu.Unlock()
			}
		}}
		ctx := httptrace.WithClientTrace(req.Context(), trace)
		out := req.WithContext(ctx)
		res, err := rt.t.RoundTrip(out)
		if err != nil {
			rt.s.mu.Lock()
			x.rtErr = err
			rt.s.mu.Unlock()
		}
		return res, err
	}
	return rt.t.RoundTrip(req)
}

func exchangeOf(req *http.Request) *exchange {
	if v, ok := martian.NewContext(req).Get(ctxKey); ok {
		return v.(*exchange)
	}
	return nil
}

// modifyRequest records a request as the proxy receives it. It never
// fails: martian would add a Warning header to the forwarded request.
func (s *Session) modifyRequest(req *http.Request) error {
	ctx := martian.NewContext(req)
	x := &exchange{id: ctx.ID(), connect: req.Method == http.MethodConnect}
	if !x.connect {
		x.url = requestURL(req)
		x.cookie = slices.Clone(req.Header.Values("Cookie"))
		x.ctype = req.Header.Get("Content-Type")
		if req.Body != nil && req.Body != http.NoBody {
			body, err := io.ReadAll(req.Body)
			req.Body.Close()
			req.Body = io.NopCloser(bytes.NewReader(body))
			x.reqBody, x.bodyErr = body, err
			x.hasBody = len(body) > 0
		}
	}
	s.mu.Lock()
	x.start = time.Now()
	x.seq = s.seq
	s.seq++
	if x.connect {
		s.stats.Tunnels++
	} else {
		s.assignPage(req, x)
	}
	s.pending[x.id] = x
	s.mu.Unlock()
	ctx.Set(ctxKey, x)
	s.logger.ModifyRequest(req)
	return nil
}

// requestURL is the URL with the request target exactly as sent.
func requestURL(req *http.Request) string {
	target := req.RequestURI
	if strings.HasPrefix(target, "/") {
		return req.URL.Scheme + "://" + req.URL.Host + target
	}
	if target != "" && target != "*" {
		return target // absolute form, to a plain-HTTP proxy
	}
	return req.URL.String()
}

// assignPage starts a page at a top-level document navigation, and gives
// every request the page current when it arrived. s.mu is held.
func (s *Session) assignPage(req *http.Request, x *exchange) {
	if isNavigation(req) {
		x.nav = true
		if id, ok := s.redirect[x.url]; ok && id == s.page {
			x.page = id // a redirect continues its page
			return
		}
		id := fmt.Sprintf("page_%d", len(s.pages)+1)
		s.pages = append(s.pages, har.Page{
			StartedDateTime: har.NewTime(x.start),
			ID:              id,
			Title:           x.url,
			Custom:          []har.Field{{Name: "pageTimings", Raw: []byte(`{"onContentLoad": -1, "onLoad": -1}`)}},
		})
		s.page = id
	}
	x.page = s.page
}

// isNavigation reports a top-level document navigation: Sec-Fetch-Dest:
// document (browsers send it over HTTPS and to localhost), or, without
// Sec-Fetch headers, a GET or POST for HTML with Upgrade-Insecure-Requests,
// which browsers send with navigations only.
func isNavigation(req *http.Request) bool {
	if dest := req.Header.Get("Sec-Fetch-Dest"); dest != "" {
		return dest == "document"
	}
	return (req.Method == http.MethodGet || req.Method == http.MethodPost) &&
		req.Header.Get("Upgrade-Insecure-Requests") == "1" &&
		strings.Contains(req.Header.Get("Accept"), "text/html")
}

// modifyResponse reads the whole response body as received, records the
// exchange and writes it to the journal. It never fails.
func (s *Session) modifyResponse(res *http.Response) error {
	x := exchangeOf(res.Request)
	if x != nil && !x.connect {
		var body []byte
		var err error
		if res.Body != nil {
			body, err = io.ReadAll(res.Body)
			res.Body.Close()
			res.Body = io.NopCloser(bytes.NewReader(body))
		}
		s.mu.Lock()
		x.end = time.Now()
		x.resBody, x.resErr = body, err
		x.status = res.Status
		x.setCookies = slices.Clone(res.Header.Values("Set-Cookie"))
		x.location = res.Header.Get("Location")
		x.encoding = res.Header.Get("Content-Encoding")
		x.resCtype = res.Header.Get("Content-Type")
		if x.nav && x.rtErr == nil && res.StatusCode >= 300 && res.StatusCode < 400 && x.location != "" {
			if base, err := url.Parse(x.url); err == nil {
				if loc, err := base.Parse(x.location); err == nil {
					s.redirect[loc.String()] = x.page
				}
			}
		}
		s.mu.Unlock()
	}
	s.logger.ModifyResponse(res)
	s.collect(s.logger.ExportAndReset().Log.Entries)
	return nil
}

// collect converts completed entries and appends them to the journal.
func (s *Session) collect(ms []*mhar.Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range ms {
		x := s.pending[m.ID]
		if x == nil {
			x = &exchange{id: m.ID, start: m.StartedDateTime}
		}
		delete(s.pending, m.ID)
		if s.closed {
			continue
		}
		s.record(m, x)
	}
}

// record converts one entry and writes it. s.mu is held.
func (s *Session) record(m *mhar.Entry, x *exchange) {
	e, ok := convert(m, x)
	if !ok {
		return
	}
	if x.end.IsZero() && x.rtErr == nil {
		s.stats.Incomplete++
	}
	e.Index = s.stats.Entries
	s.stats.Entries++
	s.entries = append(s.entries, recorded{e, x.seq})
	if s.w != nil && s.werr == nil {
		err := s.w.WriteEntry(e)
		if err == nil {
			err = s.w.Flush()
		}
		if err == nil && time.Since(s.lastSync) >= syncEvery {
			err = s.journal.Sync()
			s.lastSync = time.Now()
		}
		if err != nil {
			s.werr = fmt.Errorf("capture: writing %s: %w", s.opts.Out, err)
		}
	}
	if s.opts.OnEntry != nil {
		s.opts.OnEntry(e)
	}
}

// Close stops the proxy, waits up to Options.ShutdownTimeout for the
// exchanges in flight, records those still unanswered as requests without
// a response, and replaces the journal with the final HAR: entries in
// order of start (then arrival), pages before entries, written to a
// temporary file in the same directory, synced and renamed over Out.
func (s *Session) Close() (Stats, error) {
	s.ln.Close()
	done := make(chan struct{})
	go func() {
		s.proxy.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(s.opts.ShutdownTimeout):
	}

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return s.stats, errors.New("capture: session already closed")
	}
	s.mu.Unlock()
	// Requests still without a response: martian's Export keeps them.
	rest := s.logger.Export().Log.Entries
	header := s.annotated()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range rest {
		if m == nil {
			continue
		}
		if x := s.pending[m.ID]; x != nil {
			delete(s.pending, m.ID)
			s.record(m, x)
		}
	}
	s.closed = true
	werr := s.werr
	if err := s.journal.Close(); err != nil && werr == nil {
		werr = fmt.Errorf("capture: writing %s: %w", s.opts.Out, err)
	}
	if err := s.finalise(header); err != nil {
		return s.stats, err
	}
	return s.stats, werr
}

// finalise writes the final HAR, under the log header l, and renames it
// over the journal.
func (s *Session) finalise(l *har.Log) error {
	slices.SortStableFunc(s.entries, func(a, b recorded) int {
		if c := a.e.StartedDateTime.T.Compare(b.e.StartedDateTime.T); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	es := make([]*har.Entry, len(s.entries))
	for i, r := range s.entries {
		r.e.Index = i
		es[i] = r.e
	}
	l.Pages = s.pages
	if l.Pages == nil {
		l.Pages = []har.Page{}
	}
	dir, base := filepath.Split(s.opts.Out)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("capture: finalising %s: %w", s.opts.Out, err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("capture: finalising %s (the journal there keeps every entry): %w", s.opts.Out, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := har.WriteAll(tmp, l, es); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), s.opts.Out); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("capture: finalising %s (the journal there keeps every entry): %w", s.opts.Out, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Run records until ctx is done (Ctrl-C, SIGTERM), then closes the session.
// ready, when set, is called once the proxy is listening.
func Run(ctx context.Context, opts Options, ready func(*Session)) (Stats, error) {
	s, err := Start(opts)
	if err != nil {
		return Stats{}, err
	}
	if ready != nil {
		ready(s)
	}
	select {
	case <-ctx.Done():
	case err := <-s.served:
		stats, cerr := s.Close()
		if cerr != nil {
			return stats, cerr
		}
		return stats, fmt.Errorf("capture: proxy stopped: %w", err)
	}
	return s.Close()
}
