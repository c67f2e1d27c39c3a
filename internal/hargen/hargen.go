// Package hargen writes large, realistic, deterministic HAR files for
// benchmarks: Chrome DevTools-shaped entries with HTTP/2 pseudo-headers,
// cookies, _initiator objects, float timings, base64 bodies on about one
// entry in five (2–50 KB), HTML and script bodies, form POSTs, and Meta
// Pixel and GA4 hits among them. The same size and seed always give the
// same bytes.
package hargen

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Stats describes what Write produced.
type Stats struct {
	Bytes   int64
	Entries int
	Meta    int // facebook.com/tr hits
	GA4     int // /g/collect hits
	// Trackers counts every tracker hit (Meta and GA4 included); the
	// trackers' scripts are not hits.
	Trackers int
}

// Options choose what [Generate] writes.
type Options struct {
	// Size is how many bytes to write at least: the entry that crosses it
	// is finished.
	Size int64
	// Seed makes the output: the same options give the same bytes.
	Seed uint64
	// Density is the percentage of entries that are tracker hits, 1 to
	// 100, drawn from a mix of Meta Pixel, GA4, Google Ads, TikTok,
	// LinkedIn and Microsoft UET hits as a session on a site's forms
	// sends them; the other entries are the default mix's resources
	// (images, scripts, pages, form posts). 0 is the default mix, in
	// which about 6 % of entries are Meta Pixel and GA4 hits and the
	// trackers' scripts.
	Density int
}

// Write writes a HAR of at least size bytes (it finishes the entry that
// crosses size) to w, with a fixed seed, in the default mix.
func Write(w io.Writer, size int64, seed uint64) (Stats, error) {
	return Generate(w, Options{Size: size, Seed: seed})
}

// Generate writes a HAR as opt asks to w.
func Generate(w io.Writer, opt Options) (Stats, error) {
	if opt.Density < 0 || opt.Density > 100 {
		return Stats{}, fmt.Errorf("hargen: density %d is not a percentage", opt.Density)
	}
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	g := &gen{rnd: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9e3779b97f4a7c15)), w: bw}
	start := time.Date(2023, 6, 14, 9, 12, 0, 0, time.UTC)
	g.head(start)
	var st Stats
	body := make([]byte, 50<<10)
	for i := 0; ; i++ {
		if i > 0 {
			g.printf(",")
		}
		t := start.Add(time.Duration(i) * 37 * time.Millisecond)
		if opt.Density == 0 {
			g.entry(i, t, body, &st)
		} else {
			g.dense(i, t, opt.Density, body, &st)
		}
		st.Entries++
		bw.Flush()
		if cw.n >= opt.Size {
			break
		}
	}
	g.printf("\n    ]\n  }\n}\n")
	if err := bw.Flush(); err != nil {
		return st, err
	}
	st.Bytes = cw.n
	return st, cw.err
}

// head writes the HAR up to the first entry.
func (g *gen) head(start time.Time) {
	g.printf(`{
  "log": {
    "version": "1.2",
    "creator": {
      "name": "WebInspector",
      "version": "537.36"
    },
    "pages": [
      {
        "startedDateTime": "%s",
        "id": "page_1",
        "title": "https://www.police.example/",
        "pageTimings": {
          "onContentLoad": 812.345,
          "onLoad": 1503.2190000000001
        }
      }
    ],
    "entries": [`, start.Format("2006-01-02T15:04:05.000Z"))
}

// WriteFile writes a HAR as Write does to the file name, created or
// truncated.
func WriteFile(name string, size int64, seed uint64) (Stats, error) {
	f, err := os.Create(name)
	if err != nil {
		return Stats{}, err
	}
	st, err := Write(f, size, seed)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return st, err
}

type gen struct {
	rnd *rand.Rand
	w   *bufio.Writer
}

func (g *gen) printf(format string, args ...any) { fmt.Fprintf(g.w, format, args...) }

// hosts serve the generic resources: the site's own and common CDNs.
// Trackers' hosts appear only with their real paths (below), as in a
// real capture.
var hosts = []string{"www.police.example", "static.police.example", "cdn.jsdelivr.net", "fonts.gstatic.com"}

// spec is one generated request: what the entry asks for and what its
// response holds.
type spec struct {
	method, host, path, mime, resType string
	post, postMime                    string // postMime "" is the default mix's
	bodyLen                           int
}

// entry writes entry i of the default mix (Options.Density 0): about 2 %
// Meta Pixel hits, 2 % GA4 batches, 1 % the trackers' scripts, 1 % form
// POSTs, 20 % images with bodies, 4 % HTML pages, the rest scripts. The
// random draws are made in the same order as ever, so that a size and
// seed give the same bytes as before densities existed.
func (g *gen) entry(i int, t time.Time, body []byte, st *Stats) {
	g.write(i, t, g.mixed(i, t, g.rnd.IntN(100), st), body)
}

// mixed returns the request of the default mix that the draw r (0–99)
// picks.
func (g *gen) mixed(i int, t time.Time, r int, st *Stats) spec {
	s := spec{method: "GET", host: hosts[g.rnd.IntN(len(hosts))], path: fmt.Sprintf("/assets/%d/file-%d.js", i%97, i), mime: "application/javascript", resType: "script"}
	switch {
	case r < 2: // Meta Pixel
		s.host, s.path, s.mime, s.resType = "www.facebook.com", g.metaPath(i, t, 1000000000+i%5), "image/gif", "image"
		st.Meta++
		st.Trackers++
	case r < 4: // GA4 batched POST
		s.method, s.host, s.path, s.mime, s.resType = "POST", "region1.google-analytics.com", "/g/collect?v=2&tid=G-ABCDEF1234&gtm=45je36d0&_p=1686733920123&cid=1234567890.1686733920&ul=en-gb&sr=1920x1080&dl="+url.QueryEscape("https://www.police.example/report/")+"&dt=Report%20a%20crime&sid=1686733920&sct=1&seg=1", "text/plain", "ping"
		s.post = "en=page_view&_et=12\r\nen=click&ep.link_text=Report%20domestic%20abuse&_et=340"
		st.GA4++
		st.Trackers++
	case r < 5 && i%2 == 0: // the trackers' code, once in a while
		s.host, s.path, s.resType = "connect.facebook.net", "/en_US/fbevents.js", "script"
	case r < 5:
		s.host, s.path, s.resType = "www.googletagmanager.com", "/gtag/js?id=G-ABCDEF1234", "script"
	case r < 6: // form POST
		s.method, s.path, s.mime, s.resType = "POST", "/report/submit", "text/html", "document"
		s.host = "www.police.example"
		s.post = "name=Jane+Doe&email=jane.doe%40example.com&details=" + strings.Repeat("x", g.rnd.IntN(400))
	case r < 26:
		s.mime, s.resType = "image/png", "image"
		s.path = fmt.Sprintf("/img/%d.png", i)
		s.bodyLen = 2<<10 + g.rnd.IntN(48<<10)
	case r < 30:
		s.mime, s.resType = "text/html", "document"
		s.path = fmt.Sprintf("/page/%d/", i)
		s.bodyLen = 1 << 10
	}
	return s
}

// metaPath is the path and query of a Meta Pixel hit whose fbp ends in
// random. (The default mix rotates five: each change is a reset of the
// cookie, and so, for the analysis, another browser.)
func (g *gen) metaPath(i int, t time.Time, random int) string {
	ev := []string{"PageView", "SubscribedButtonClick", "ViewContent", "Lead"}[g.rnd.IntN(4)]
	path := "/tr/?id=1234567890123456&ev=" + ev + "&dl=" + url.QueryEscape(fmt.Sprintf("https://www.police.example/report/%d/", i%13)) +
		"&rl=&if=false&ts=" + strconv.FormatInt(t.UnixMilli(), 10)
	if ev == "SubscribedButtonClick" {
		path += "&cd[buttonText]=" + url.PathEscape("Report domestic abuse") + "&cd[buttonFeatures]=" + url.QueryEscape(`{"classList":"btn","destination":"https://www.police.example/report/domestic-abuse/","id":"","imageUrl":"","innerText":"Report domestic abuse","numChildButtons":0,"tag":"a","type":null}`)
	}
	return path + fmt.Sprintf("&sw=1920&sh=1080&v=2.9.252&r=stable&ec=%d&o=4126&fbp=fb.1.1686733920000.%d&it=1686733919800&coo=false&es=automatic&tm=3&rqm=GET", i%7, random)
}

func (g *gen) write(i int, t time.Time, s spec, body []byte) {
	method, host, path, mime, resType, post, bodyLen := s.method, s.host, s.path, s.mime, s.resType, s.post, s.bodyLen
	started := t.Format("2006-01-02T15:04:05.000Z")
	total := 10 + g.rnd.Float64()*200
	g.printf(`
      {
        "_initiator": {
          "type": "script",
          "stack": {
            "callFrames": [
              {
                "functionName": "n",
                "scriptId": "%d",
                "url": "https://www.police.example/app.js",
                "lineNumber": %d,
                "columnNumber": %d
              }
            ]
          }
        },
        "_priority": "High",
        "_resourceType": "%s",
        "cache": {},
        "connection": "%d",
        "pageref": "page_1",
        "request": {
          "method": "%s",
          "url": "https://%s%s",
          "httpVersion": "http/2.0",
          "headers": [
            {
              "name": ":authority",
              "value": "%s"
            },
            {
              "name": ":method",
              "value": "%s"
            },
            {
              "name": ":path",
              "value": "%s"
            },
            {
              "name": ":scheme",
              "value": "https"
            },
            {
              "name": "accept",
              "value": "*/*"
            },
            {
              "name": "cookie",
              "value": "_fbp=fb.1.1686733920000.1000000000; _ga=GA1.1.1234567890.1686733920"
            },
            {
              "name": "referer",
              "value": "https://www.police.example/"
            },
            {
              "name": "user-agent",
              "value": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36"
            }
          ],
          "queryString": [],
          "cookies": [
            {
              "name": "_fbp",
              "value": "fb.1.1686733920000.1000000000",
              "path": "/",
              "domain": ".police.example",
              "expires": "2023-09-12T09:12:00.000Z",
              "httpOnly": false,
              "secure": false,
              "sameSite": "Lax"
            }
          ],
          "headersSize": -1,
          "bodySize": %d`, 100+i%50, g.rnd.IntN(4000), g.rnd.IntN(200), resType, 1000+i%8, method, host, jsonEscape(path), host, method, jsonEscape(path), len(post))
	if post != "" {
		postMime := s.postMime
		if postMime == "" {
			postMime = map[bool]string{true: "text/plain;charset=UTF-8", false: "application/x-www-form-urlencoded"}[host != "www.police.example"]
		}
		g.printf(`,
          "postData": {
            "mimeType": "%s",
            "text": "%s"
          }`, postMime, jsonEscape(post))
	}
	g.printf(`
        },
        "response": {
          "status": 200,
          "statusText": "",
          "httpVersion": "http/2.0",
          "headers": [
            {
              "name": "content-type",
              "value": "%s"
            },
            {
              "name": "date",
              "value": "Wed, 14 Jun 2023 09:12:00 GMT"
            },
            {
              "name": "server",
              "value": "nginx"
            }
          ],
          "cookies": [],
          "content": {
            "size": %d,
            "mimeType": "%s"`, mime, bodyLen, mime)
	if bodyLen > 0 {
		for j := 0; j < bodyLen; j++ {
			body[j] = byte(g.rnd.Uint32())
		}
		enc := base64.StdEncoding
		g.printf(`,
            "text": "`)
		b64 := make([]byte, enc.EncodedLen(bodyLen))
		enc.Encode(b64, body[:bodyLen])
		g.w.Write(b64)
		g.printf(`",
            "encoding": "base64"`)
	}
	g.printf(`
          },
          "redirectURL": "",
          "headersSize": -1,
          "bodySize": %d,
          "_transferSize": %d,
          "_error": null
        },
        "serverIPAddress": "192.0.2.%d",
        "startedDateTime": "%s",
        "time": %v,
        "timings": {
          "blocked": %v,
          "dns": -1,
          "ssl": -1,
          "connect": -1,
          "send": %v,
          "wait": %v,
          "receive": %v,
          "_blocked_queueing": %v
        }
      }`, bodyLen, bodyLen+300, i%250, started, total, total*0.1, 0.123, total*0.7, total*0.2-0.123, total*0.05)
}

func jsonEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	s = strings.ReplaceAll(s, "\r", `\r`)
	return strings.ReplaceAll(s, "\n", `\n`)
}

type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}
