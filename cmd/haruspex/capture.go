package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/capture"
	"github.com/haruspex/haruspex/report/evidence"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

const captureHelp = `Usage: haruspex capture --out FILE [flags]

Record a browsing session as a HAR file through a recording proxy: the
browser talks to the proxy, the proxy to the websites, and every request
and response (headers, cookies, bodies) is written to FILE as it
completes. Stop with Ctrl-C (or SIGTERM): the file is then finalised as a
HAR 1.2 log (entries in order of start, pages from the top-level
navigations), written to a temporary file and renamed over FILE. If the
proxy dies instead, FILE still holds every completed exchange, and
"haruspex summary" reads it as partial (exit 3). FILE must not exist:
a capture never overwrites a file.

HTTPS is recorded by interception: the proxy presents certificates signed
by its own certificate authority (CA). On first use it creates the CA in
--ca-dir (key file mode 0600) and prints its SHA-256 fingerprint and
public-key (SPKI) hash. Only a browser told to trust that CA can be
recorded; use a separate browser profile for it.

Chromium or Chrome: start it with a fresh profile, the proxy, and the
CA's SPKI hash (printed at start), for example

  chromium --user-data-dir="$(mktemp -d)" \
    --proxy-server=http://127.0.0.1:8080 \
    --ignore-certificate-errors-spki-list=<spki> \
    --disable-quic https://www.police.example/

  (google-chrome, or Chrome's full path on macOS and Windows.) Chrome
  honours --ignore-certificate-errors-spki-list only together with
  --user-data-dir, and a fresh profile keeps the trust out of your own.
  Add --proxy-bypass-list='<-loopback>' to record sites on localhost too
  (Chromium bypasses the proxy for them by default).

Firefox: Settings > Privacy & Security > Certificates > View Certificates
> Authorities > Import..., choose ca.pem from --ca-dir, tick "Trust this
CA to identify websites"; then Settings > Network Settings > Manual proxy
configuration: HTTP Proxy 127.0.0.1, Port 8080, tick "Also use this proxy
for HTTPS". Remove the CA when done.

Flags:
`

const captureExample = `
Example:
  haruspex capture --out visit.har
  # browse with Chromium as printed, press Ctrl-C, then:
  haruspex summary visit.har

  # record a mock site offline (samples/capture/make.sh does this):
  haruspex capture --out mock.har --listen 127.0.0.1:0 --offline \
    --resolve www.police.example:443:127.0.0.1:8443 --upstream-ca mock-ca.pem

Exit codes:
  0  the session was recorded and FILE finalised
  1  usage or setup error (bad flag, FILE exists, address not loopback or
     in use, CA unreadable)
  3  partial: writing or finalising FILE failed (stderr says how); FILE
     still holds every exchange written before the failure
`

func runCapture(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	out := fs.StringP("out", "o", "", "HAR file to write (must not exist)")
	listen := fs.String("listen", "127.0.0.1:8080", "proxy address; port 0 picks a free one")
	allowRemote := fs.Bool("allow-remote", false, "allow a --listen address other machines can reach (they could use the proxy and read the capture)")
	var nf netFlags
	nf.register(fs)
	quiet := fs.BoolP("quiet", "q", false, "do not list each exchange on stderr as it is recorded")
	fileFlag(fs, "out")
	fs.Usage = func() {
		fmt.Fprint(e.stderr, captureHelp)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, captureExample)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	usageErr := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "haruspex capture: "+format+"\n", args...)
		return exitUsage
	}
	if *out == "" {
		return usageErr("--out FILE is required")
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	opts := capture.Options{
		Out: *out, Listen: *listen, AllowRemote: *allowRemote,
		Version: haruspexVersion(), ResolvedOnly: nf.offline,
	}
	var err error
	if opts.Resolve, opts.UpstreamRoots, err = nf.load(); err != nil {
		return usageErr("%v", err)
	}
	ca, err := nf.loadCA()
	if err != nil {
		return usageErr("%v", err)
	}
	opts.CA = ca

	var mu sync.Mutex // stderr is written from the proxy's goroutines
	if !*quiet {
		opts.OnEntry = func(en *har.Entry) {
			mu.Lock()
			defer mu.Unlock()
			status := "-"
			if en.Response.Status != 0 {
				status = fmt.Sprint(en.Response.Status)
			}
			fmt.Fprintf(e.stderr, "%5d %s %s %s\n", en.Index, render.Terminal(en.Request.Method), status, render.Terminal(en.Request.URL))
		}
	}
	opts.OnTLSError = func(host string, err error) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(e.stderr, "haruspex capture: TLS with the browser for %s failed (does it trust the CA?): %s\n",
			render.Terminal(host), render.Terminal(err.Error()))
	}

	stats, err := capture.Run(ctx, opts, func(s *capture.Session) {
		mu.Lock()
		defer mu.Unlock()
		printCaptureStart(e.stdout, s.Addr(), ca, *out)
	})
	if err != nil && (errors.Is(err, capture.ErrExists) || errors.Is(err, capture.ErrNotLoopback) || stats == (capture.Stats{}) && !fileExists(*out)) {
		return usageErr("%v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex capture: %v\n", err)
		return exitPartial
	}
	sum, size, herr := fileSHA256(*out)
	if herr != nil {
		fmt.Fprintf(e.stderr, "haruspex capture: %v\n", herr)
		return exitPartial
	}
	fmt.Fprintf(e.stdout, "\nrecorded %d entries (%d without a response) in %s\nsha256 %s (%d bytes)\n",
		stats.Entries, stats.Incomplete, render.Terminal(*out), sum, size)
	if stats.TLSErrors > 0 {
		fmt.Fprintf(e.stderr, "haruspex capture: %d TLS handshakes with the browser failed: what went through them was not recorded\n", stats.TLSErrors)
	}
	return exitOK
}

// printCaptureStart tells the user how to point a browser at the proxy.
func printCaptureStart(w io.Writer, addr net.Addr, ca *capture.CA, out string) {
	created := ""
	if ca.Created {
		created = " (created now)"
	}
	fmt.Fprintf(w, `recording to %s
proxy    http://%s
CA       %s%s
sha256   %s
spki     %s

Chromium/Chrome:
  chromium --user-data-dir="$(mktemp -d)" --proxy-server=http://%s --ignore-certificate-errors-spki-list=%s --disable-quic
Firefox: import %s under Settings > Certificates > Authorities ("Trust this CA to identify websites"),
  and set the HTTP proxy %s for HTTPS too (see haruspex capture --help).
Press Ctrl-C to stop and finalise the file.
`, render.Terminal(out), addr, render.Terminal(ca.CertPath()), created, ca.Fingerprint(), ca.SPKI(),
		addr, ca.SPKI(), render.Terminal(ca.CertPath()), addr)
}

// parseResolve parses HOST:PORT:ADDR:PORT (ADDR may be a bracketed IPv6
// address) into "HOST:PORT" and "ADDR:PORT".
func parseResolve(s string) (string, string, error) {
	host, rest, ok := strings.Cut(s, ":")
	if !ok || host == "" {
		return "", "", errors.New("want HOST:PORT:ADDR:PORT")
	}
	port, to, ok := strings.Cut(rest, ":")
	if !ok || port == "" {
		return "", "", errors.New("want HOST:PORT:ADDR:PORT")
	}
	if _, _, err := net.SplitHostPort(to); err != nil {
		return "", "", fmt.Errorf("want HOST:PORT:ADDR:PORT: %v", err)
	}
	return net.JoinHostPort(host, port), to, nil
}

// haruspexVersion is the module version of the running binary, with the
// VCS revision when the build recorded one: from [evidence.BuildTool], as
// "haruspex version" and a report's manifest have it.
func haruspexVersion() string {
	t := evidence.BuildTool()
	if len(t.Revision) >= 12 {
		return t.Version + " " + t.Revision[:12]
	}
	return t.Version
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func fileSHA256(name string) (string, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("hashing %s: %w", name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
