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
}

// Write writes a HAR of at least size bytes (it finishes the entry that
// crosses size) to w, with a fixed seed.
func Write(w io.Writer, size int64, seed uint64) (Stats, error) {
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	g := &gen{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), w: bw}
	start := time.Date(2023, 6, 14, 9, 12, 0, 0, time.UTC)
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
	var st Stats
	body := make([]byte, 50<<10)
	for i := 0; ; i++ {
		if i > 0 {
			g.printf(",")
		}
		t := start.Add(time.Duration(i) * 37 * time.Millisecond)
		g.entry(i, t, body, &st)
		st.Entries++
		bw.Flush()
		if cw.n >= size {
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

func (g *gen) entry(i int, t time.Time, body []byte, st *Stats) {
	r := g.rnd.IntN(100)
	method, host, path, mime := "GET", hosts[g.rnd.IntN(len(hosts))], fmt.Sprintf("/assets/%d/file-%d.js", i%97, i), "application/javascript"
	var post, resType = "", "script"
	var bodyLen int
	switch {
	case r < 2: // Meta Pixel
		host, path, mime, resType = "www.facebook.com", "/tr/", "image/gif", "image"
		ev := []string{"PageView", "SubscribedButtonClick", "ViewContent", "Lead"}[g.rnd.IntN(4)]
		ts := t.UnixMilli()
		path += "?id=1234567890123456&ev=" + ev + "&dl=" + url.QueryEscape(fmt.Sprintf("https://www.police.example/report/%d/", i%13)) +
			"&rl=&if=false&ts=" + strconv.FormatInt(ts, 10)
		if ev == "SubscribedButtonClick" {
			path += "&cd[buttonText]=" + url.PathEscape("Report domestic abuse") + "&cd[buttonFeatures]=" + url.QueryEscape(`{"classList":"btn","destination":"https://www.police.example/report/domestic-abuse/","id":"","imageUrl":"","innerText":"Report domestic abuse","numChildButtons":0,"tag":"a","type":null}`)
		}
		path += fmt.Sprintf("&sw=1920&sh=1080&v=2.9.252&r=stable&ec=%d&o=4126&fbp=fb.1.1686733920000.%d&it=1686733919800&coo=false&es=automatic&tm=3&rqm=GET", i%7, 1000000000+i%5)
		st.Meta++
	case r < 4: // GA4 batched POST
		method, host, path, mime, resType = "POST", "region1.google-analytics.com", "/g/collect?v=2&tid=G-ABCDEF1234&gtm=45je36d0&_p=1686733920123&cid=1234567890.1686733920&ul=en-gb&sr=1920x1080&dl="+url.QueryEscape("https://www.police.example/report/")+"&dt=Report%20a%20crime&sid=1686733920&sct=1&seg=1", "text/plain", "ping"
		post = "en=page_view&_et=12\r\nen=click&ep.link_text=Report%20domestic%20abuse&_et=340"
		st.GA4++
	case r < 5 && i%2 == 0: // the trackers' code, once in a while
		host, path, resType = "connect.facebook.net", "/en_US/fbevents.js", "script"
	case r < 5:
		host, path, resType = "www.googletagmanager.com", "/gtag/js?id=G-ABCDEF1234", "script"
	case r < 6: // form POST
		method, path, mime, resType = "POST", "/report/submit", "text/html", "document"
		host = "www.police.example"
		post = "name=Jane+Doe&email=jane.doe%40example.com&details=" + strings.Repeat("x", g.rnd.IntN(400))
	case r < 26:
		mime, resType = "image/png", "image"
		path = fmt.Sprintf("/img/%d.png", i)
		bodyLen = 2<<10 + g.rnd.IntN(48<<10)
	case r < 30:
		mime, resType = "text/html", "document"
		path = fmt.Sprintf("/page/%d/", i)
		bodyLen = 1 << 10
	}
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
		g.printf(`,
          "postData": {
            "mimeType": "%s",
            "text": "%s"
          }`, map[bool]string{true: "text/plain;charset=UTF-8", false: "application/x-www-form-urlencoded"}[host != "www.police.example"], jsonEscape(post))
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
