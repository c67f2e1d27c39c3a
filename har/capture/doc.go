// Package capture records browsing sessions as HAR files through a
// recording HTTP/HTTPS proxy, for investigators who cannot rely on a
// browser's own export and researchers who must record a visit again.
//
// It wraps the man-in-the-middle proxy and HAR logger of
// github.com/google/martian/v3 (pinned at [MartianVersion]; its last
// release was in 2022) and writes our own HAR model ([har.Entry], with
// [har.Writer]), correcting what martian's logger does not record
// faithfully:
//
//   - request bodies are kept exactly as sent: form-urlencoded and
//     multipart bodies as their raw text (martian keeps only parsed
//     parameters), with the parameters beside them in wire order; a body
//     that is not UTF-8 as base64, with a comment saying so;
//   - response bodies are read as received; gzip and deflate are decoded,
//     with the received size in bodySize; br and zstd are kept encoded, in
//     base64, with a comment;
//   - timings the proxy cannot measure are -1 (absent), never 0; time is
//     from the proxy receiving the request to its receiving the whole
//     response;
//   - CONNECT tunnels are not written as entries (martian logs one per
//     tunnel); [Stats.Tunnels] counts them;
//   - headers are sorted by name (martian's come in map order), query
//     strings and cookies are split from the request as sent, in order;
//   - a request the server never answered is an entry with status 0 and a
//     comment (and "_error"), not the 502 the proxy gave the browser;
//   - log.creator is "haruspex capture" and its version; log.pages are the
//     top-level document navigations (Sec-Fetch-Dest: document), and each
//     request belongs to the page current when it arrived.
//
// # Nothing lost
//
// Each exchange is appended to the output file as soon as it completes and
// flushed to the operating system (synced to disk at least every two
// seconds): if the process dies, a [har.Reader] reads every completed
// exchange and then reports where the file stops. [Session.Close] (on
// Ctrl-C or SIGTERM in "haruspex capture") waits for the exchanges in
// flight, then writes the final HAR to a temporary file beside the output,
// syncs it and renames it over the output. The output file must not exist:
// a capture never overwrites a file.
//
// # Limits
//
// The proxy reads each response whole before passing it on, so a stream
// that never ends (server-sent events, long polling) reaches the browser
// only when it ends, and is recorded then. Browser and proxy, and proxy
// and server, speak HTTP/1.1: the httpVersion recorded is that of the
// proxy's connections, not the site's HTTP/2 or HTTP/3. WebSocket traffic
// is not recorded. [Session.Close] holds every entry in memory to sort
// them: captures are interactive sessions, not bulk crawls.
//
// # Trust
//
// The proxy presents certificates signed by its own [CA], which
// [LoadOrCreateCA] creates on first use (key mode 0600). A browser must be
// told to trust it: Chromium with --ignore-certificate-errors-spki-list=
// [CA.SPKI] (Chrome honours it only with --user-data-dir), Firefox by importing
// the certificate. The proxy listens on loopback unless
// [Options.AllowRemote] is set, and always verifies the websites'
// certificates ([Options.UpstreamRoots]).
//
// # Worked example
//
// Recording a session until the context is cancelled:
//
//	ca, err := capture.LoadOrCreateCA(dir) // prints nothing; see ca.SPKI()
//	if err != nil { … }
//	stats, err := capture.Run(ctx, capture.Options{
//		Out:     "visit.har",
//		Listen:  "127.0.0.1:8080",
//		CA:      ca,
//		Version: "v1.0.0",
//	}, nil)
//
// and, while it runs, in another terminal:
//
//	chromium --user-data-dir="$(mktemp -d)" --proxy-server=http://127.0.0.1:8080 \
//	  --ignore-certificate-errors-spki-list=<ca.SPKI()> https://www.police.example/
//
// visit.har then holds, for a pixel request, an entry such as
//
//	"request": {"method": "GET",
//	  "url": "https://www.facebook.com/tr/?id=1122334455667788&ev=PageView&dl=…",
//	  "queryString": [{"name": "id", "value": "1122334455667788"}, {"name": "ev", "value": "PageView"}, …]}
//	"timings": {"blocked": -1, "dns": -1, "connect": -1, "send": -1, "wait": -1, "receive": -1, "ssl": -1}
//
// See Example for a complete, tested program.
package capture
