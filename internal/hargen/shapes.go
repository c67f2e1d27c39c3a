package hargen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// This file holds the mixes other than the default: dense captures (a
// share of tracker hits chosen by Options.Density) and the hostile
// shapes a tool for evidence must survive (WriteRepeated, WriteHugeBody,
// WriteHugeURL).

// dense writes entry i of a capture in which density % of the entries
// are tracker hits.
func (g *gen) dense(i int, t time.Time, density int, body []byte, st *Stats) {
	var s spec
	if g.rnd.IntN(100) < density {
		s = g.tracker(i, t, st)
	} else {
		// The default mix past its trackers and their scripts.
		s = g.mixed(i, t, 5+g.rnd.IntN(95), st)
	}
	g.write(i, t, s, body)
}

// tracker returns a tracker hit: Meta Pixel 25 %, GA4 20 %, Google Ads
// 15 %, TikTok 15 %, LinkedIn 10 %, Microsoft UET 15 %, each in its
// wire format (see PROTOCOLS.md and decode/), all from one browser (the
// default mix's Meta hits rotate five fbp values).
func (g *gen) tracker(i int, t time.Time, st *Stats) spec {
	st.Trackers++
	ms := strconv.FormatInt(t.UnixMilli(), 10)
	page := fmt.Sprintf("https://www.police.example/report/%d/", i%13)
	switch v := g.rnd.IntN(100); {
	case v < 25:
		st.Meta++
		// One browser, one fbp: a session on the site's forms.
		return spec{method: "GET", host: "www.facebook.com", path: g.metaPath(i, t, 1000000000), mime: "image/gif", resType: "image"}
	case v < 45:
		st.GA4++
		en := []string{"page_view", "scroll", "form_start", "form_submit"}[g.rnd.IntN(4)]
		return spec{method: "POST", host: "region1.google-analytics.com",
			path: "/g/collect?v=2&tid=G-ABCDEF1234&gtm=45je36d0&_p=1686733920123&cid=1234567890.1686733920&ul=en-gb&sr=1920x1080&dl=" +
				url.QueryEscape(page) + "&dt=Report%20a%20crime&sid=1686733920&sct=1&seg=1&_s=" + strconv.Itoa(i%50+1),
			mime: "text/plain", resType: "ping", post: "en=" + en + "&_et=" + strconv.Itoa(10+g.rnd.IntN(3000))}
	case v < 60:
		return spec{method: "GET", host: "googleads.g.doubleclick.net",
			path: "/pagead/viewthroughconversion/123456789/?random=" + strconv.Itoa(g.rnd.IntN(1e9)) + "&cv=11&fst=" + ms +
				"&num=1&label=AbC-D_efG-h12_34-567&bg=ffffff&guid=ON&resp=GooglemKTybQhCsO&u_w=1920&u_h=1080&url=" + url.QueryEscape(page) +
				"&tiba=Report%20a%20crime&data=event%3Dconversion&rfmt=3&fmt=4",
			mime: "text/html", resType: "script"}
	case v < 75:
		ev := []string{"ViewContent", "ClickButton", "SubmitForm"}[g.rnd.IntN(3)]
		body := `{"event":"` + ev + `","message_id":"messageId-` + strconv.Itoa(i) + `","event_id":"","is_onsite":false,"timestamp":"` +
			t.Format("2006-01-02T15:04:05.000Z") + `","context":{"ad":{"callback":""},"user":{"anonymous_id":"ab12cd34ef56.tt.1"},` +
			`"pixel":{"code":"C4ABCDEFGHIJ0123KLMN"},"page":{"url":"` + page + `","referrer":"https://www.police.example/"},` +
			`"library":{"name":"pixel.js","version":"2.2.0"}},"properties":{"content_name":"report"},"_inspection":{}}`
		return spec{method: "POST", host: "analytics.tiktok.com", path: "/api/v2/pixel", mime: "application/json", resType: "xhr",
			post: body, postMime: "application/json"}
	case v < 85:
		return spec{method: "GET", host: "px.ads.linkedin.com",
			path: "/collect?v=2&fmt=js&pid=123456&url=" + url.QueryEscape(page) + "&time=" + ms + "&li_adsId=0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6",
			mime: "image/gif", resType: "image"}
	default:
		return spec{method: "GET", host: "bat.bing.com",
			path: "/action/0?ti=123456&Ver=2&mid=eeb8884c-7abb-0791-3ae6-6348dd889664&sid=5f1b2c30abc211eeb2f1&vid=5f1b2c40abc211ee8c4d&vids=0" +
				"&msclkid=N&pi=918639831&lg=en-GB&sw=1920&sh=1080&sc=24&tl=Report%20a%20crime&p=" + url.QueryEscape(page) +
				"&r=&lt=590&evt=pageLoad&sv=1&rn=" + strconv.Itoa(g.rnd.IntN(1e6)),
			mime: "image/gif", resType: "image"}
	}
}

// WriteRepeated writes a HAR of n identical Meta Pixel GET entries (a
// PageView to /tr with the same URL, time and headers, some 600 bytes
// each): every entry an event, every event tied with the others on
// time.
func WriteRepeated(w io.Writer, n int) (Stats, error) {
	return writeShape(w, func(g *gen, st *Stats) {
		t := time.Date(2023, 6, 14, 9, 12, 0, 0, time.UTC)
		u := "https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&dl=https%3A%2F%2Fwww.police.example%2F&rl=&if=false&ts=" +
			strconv.FormatInt(t.UnixMilli(), 10) + "&v=2.9.252&r=stable&fbp=fb.1.1686733920000.1000000000"
		for i := range n {
			if i > 0 {
				g.printf(",")
			}
			g.small(t, u)
			st.Entries++
			st.Meta++
			st.Trackers++
		}
	})
}

// WriteHugeBody writes a HAR of three entries: a Meta Pixel hit, a page
// whose response body (content.text) is size bytes of "A", and another
// hit. Gzipped it is a gzip bomb: 1 GiB compresses to about a megabyte.
func WriteHugeBody(w io.Writer, size int64) (Stats, error) {
	return writeShape(w, func(g *gen, st *Stats) {
		t := time.Date(2023, 6, 14, 9, 12, 0, 0, time.UTC)
		g.small(t, "https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&dl=https%3A%2F%2Fwww.police.example%2F&ts=1686733920000")
		g.printf(`,
      {
        "startedDateTime": "%s",
        "request": {"method": "GET", "url": "https://www.police.example/", "httpVersion": "http/2.0", "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": [], "cookies": [],
          "content": {"size": %d, "mimeType": "text/html", "text": "`, t.Add(time.Second).Format("2006-01-02T15:04:05.000Z"), size)
		g.repeat('A', size)
		g.printf(`"},
          "redirectURL": "", "headersSize": -1, "bodySize": %d},
        "cache": {}, "time": 10, "timings": {"send": 1, "wait": 8, "receive": 1}
      },`, size)
		g.small(t.Add(2*time.Second), "https://www.facebook.com/tr/?id=1234567890123456&ev=Lead&dl=https%3A%2F%2Fwww.police.example%2F&ts=1686733922000")
		st.Entries += 3
		st.Meta += 2
		st.Trackers += 2
	})
}

// WriteHugeURL writes a HAR of three Meta Pixel hits, the second a Lead
// whose URL carries a cd[x] parameter of size bytes of "A" between its
// other parameters (id, ev, dl before it; ts, fbp after).
func WriteHugeURL(w io.Writer, size int64) (Stats, error) {
	return writeShape(w, func(g *gen, st *Stats) {
		t := time.Date(2023, 6, 14, 9, 12, 0, 0, time.UTC)
		g.small(t, "https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&dl=https%3A%2F%2Fwww.police.example%2F&ts=1686733920000")
		g.printf(",")
		g.smallWith(t.Add(time.Second), func() {
			g.printf("https://www.facebook.com/tr/?id=1234567890123456&ev=Lead&dl=https%%3A%%2F%%2Fwww.police.example%%2Freport%%2F&cd[x]=")
			g.repeat('A', size)
			g.printf("&ts=1686733921000&fbp=fb.1.1686733920000.1000000000")
		})
		g.printf(",")
		g.small(t.Add(2*time.Second), "https://www.facebook.com/tr/?id=1234567890123456&ev=ViewContent&dl=https%3A%2F%2Fwww.police.example%2F&ts=1686733922000")
		st.Entries += 3
		st.Meta += 3
		st.Trackers += 3
	})
}

// writeShape writes a HAR whose entries body writes.
func writeShape(w io.Writer, body func(*gen, *Stats)) (Stats, error) {
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	g := &gen{rnd: rand.New(rand.NewPCG(1, 1)), w: bw}
	g.head(time.Date(2023, 6, 14, 9, 12, 0, 0, time.UTC))
	var st Stats
	body(g, &st)
	g.printf("\n    ]\n  }\n}\n")
	if err := bw.Flush(); err != nil {
		return st, err
	}
	st.Bytes = cw.n
	return st, cw.err
}

// small writes a short GET entry for u (JSON-safe), answered 200.
func (g *gen) small(t time.Time, u string) {
	g.smallWith(t, func() { g.w.WriteString(u) })
}

// smallWith writes a short GET entry whose URL url writes.
func (g *gen) smallWith(t time.Time, url func()) {
	g.printf(`
      {"startedDateTime": "%s", "pageref": "page_1",
        "request": {"method": "GET", "url": "`, t.Format("2006-01-02T15:04:05.000Z"))
	url()
	g.printf(`", "httpVersion": "http/2.0",
          "headers": [{"name": "referer", "value": "https://www.police.example/"}, {"name": "user-agent", "value": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36"}],
          "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "", "httpVersion": "http/2.0", "headers": [], "cookies": [],
          "content": {"size": 43, "mimeType": "image/gif"}, "redirectURL": "", "headersSize": -1, "bodySize": 43},
        "cache": {}, "time": 21.5, "timings": {"send": 0.1, "wait": 20, "receive": 1.4}}`)
}

// repeat writes n bytes c.
func (g *gen) repeat(c byte, n int64) {
	chunk := []byte(strings.Repeat(string(c), 1<<16))
	for n > 0 {
		k := min(n, int64(len(chunk)))
		g.w.Write(chunk[:k])
		n -= k
	}
}
