package main

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"time"
)

// The types below mirror, field for field and in the same order, what Chrome
// DevTools' HAR exporter (front_end/models/har/Log.ts, the version with the
// "sanitize" option) writes, so that encoding/json reproduces a real export's
// key order. Fields DevTools deletes when empty carry omitempty; fields it
// always writes (even as null) do not.

type harFile struct {
	Log harLog `json:"log"`
}

type harLog struct {
	Version string   `json:"version"`
	Creator creator  `json:"creator"`
	Pages   []page   `json:"pages"`
	Entries []*entry `json:"entries"`
}

type creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type page struct {
	StartedDateTime string      `json:"startedDateTime"`
	ID              string      `json:"id"`
	Title           string      `json:"title"`
	PageTimings     pageTimings `json:"pageTimings"`
}

type pageTimings struct {
	OnContentLoad float64 `json:"onContentLoad"`
	OnLoad        float64 `json:"onLoad"`
}

type entry struct {
	ConnectionID    string     `json:"_connectionId,omitempty"`
	FromCache       string     `json:"_fromCache,omitempty"`
	Initiator       *initiator `json:"_initiator"`
	Priority        string     `json:"_priority"`
	ResourceType    string     `json:"_resourceType"`
	Cache           struct{}   `json:"cache"`
	Connection      string     `json:"connection,omitempty"`
	Pageref         string     `json:"pageref,omitempty"`
	Request         request    `json:"request"`
	Response        response   `json:"response"`
	ServerIPAddress string     `json:"serverIPAddress"`
	StartedDateTime string     `json:"startedDateTime"`
	Time            float64    `json:"time"`
	Timings         timings    `json:"timings"`
}

type initiator struct {
	Type       string `json:"type"`
	URL        string `json:"url,omitempty"`
	LineNumber *int   `json:"lineNumber,omitempty"`
	Stack      *stack `json:"stack,omitempty"`
}

type stack struct {
	CallFrames []callFrame `json:"callFrames"`
}

type callFrame struct {
	FunctionName string `json:"functionName"`
	ScriptID     string `json:"scriptId"`
	URL          string `json:"url"`
	LineNumber   int    `json:"lineNumber"`
	ColumnNumber int    `json:"columnNumber"`
}

type nv struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type cookie struct {
	Name     string  `json:"name"`
	Value    string  `json:"value"`
	Path     string  `json:"path"`
	Domain   string  `json:"domain"`
	Expires  *string `json:"expires"`
	HTTPOnly bool    `json:"httpOnly"`
	Secure   bool    `json:"secure"`
	SameSite string  `json:"sameSite,omitempty"`
}

type postData struct {
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
	Params   []nv   `json:"params,omitempty"`
}

type request struct {
	Method      string    `json:"method"`
	URL         string    `json:"url"`
	HTTPVersion string    `json:"httpVersion"`
	Headers     []nv      `json:"headers"`
	QueryString []nv      `json:"queryString"`
	Cookies     []cookie  `json:"cookies"`
	HeadersSize int       `json:"headersSize"`
	BodySize    int       `json:"bodySize"`
	PostData    *postData `json:"postData,omitempty"`
}

type content struct {
	Size        int     `json:"size"`
	MimeType    string  `json:"mimeType"`
	Compression *int    `json:"compression,omitempty"`
	Text        *string `json:"text,omitempty"`
	Encoding    string  `json:"encoding,omitempty"`
}

type response struct {
	Status                  int      `json:"status"`
	StatusText              string   `json:"statusText"`
	HTTPVersion             string   `json:"httpVersion"`
	Headers                 []nv     `json:"headers"`
	Cookies                 []cookie `json:"cookies"`
	Content                 content  `json:"content"`
	RedirectURL             string   `json:"redirectURL"`
	HeadersSize             int      `json:"headersSize"`
	BodySize                int      `json:"bodySize"`
	TransferSize            int      `json:"_transferSize"`
	Error                   *string  `json:"_error"`
	FetchedViaServiceWorker bool     `json:"_fetchedViaServiceWorker"`
}

type timings struct {
	Blocked                  float64  `json:"blocked"`
	DNS                      float64  `json:"dns"`
	SSL                      float64  `json:"ssl"`
	Connect                  float64  `json:"connect"`
	Send                     float64  `json:"send"`
	Wait                     float64  `json:"wait"`
	Receive                  float64  `json:"receive"`
	BlockedQueueing          float64  `json:"_blocked_queueing"`
	WorkerStart              *float64 `json:"_workerStart,omitempty"`
	WorkerReady              *float64 `json:"_workerReady,omitempty"`
	WorkerFetchStart         *float64 `json:"_workerFetchStart,omitempty"`
	WorkerRespondWithSettled *float64 `json:"_workerRespondWithSettled,omitempty"`
}

// marshalChrome encodes v the way DevTools does: JSON.stringify(v, null, 2),
// which escapes neither HTML characters nor non-ASCII text and ends without a
// newline.
func marshalChrome(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// jsonText is JSON.stringify(v) without indentation, used for the JSON
// documents fbevents.js puts inside cd[...] values.
func jsonText(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only called on fixed, known-good literals
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// chromeTime formats like JavaScript's Date.prototype.toJSON: UTC,
// millisecond precision (truncated), trailing Z.
func chromeTime(t time.Time) string {
	return t.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000Z")
}

func sortHeaders(h []nv) []nv {
	sort.SliceStable(h, func(i, j int) bool { return h[i].Name < h[j].Name })
	return h
}

// phases describes one request's network life in milliseconds, the way
// Chrome's ResourceTiming reports it. A value of -1 means "did not happen"
// (a reused connection has no dns/connect/ssl).
type phases struct {
	queue   float64 // issueTime -> startTime (the _blocked_queueing part)
	stall   float64 // requestTime -> first of dnsStart/connectStart/sendStart
	dns     float64
	connect float64 // includes ssl
	ssl     float64
	send    float64
	wait    float64
	receive float64
}

// buildTimings reproduces Log.ts's buildTimings arithmetic on simulated
// monotonic clock values, so the floats carry the same kind of binary noise
// (14.666000031866133) a real export has.
func buildTimings(issueMono float64, p phases) (timings, float64) {
	us := func(ms float64) float64 { return math.Round(ms*1000) / 1000 } // Chrome's timing fields have microsecond resolution
	startTime := issueMono + math.Round(p.queue*1000)/1e6
	requestTime := startTime
	// ResourceTiming offsets, ms relative to requestTime.
	dnsStart, dnsEnd, connectStart, connectEnd, sslStart, sslEnd := -1.0, -1.0, -1.0, -1.0, -1.0, -1.0
	cur := us(p.stall)
	if p.dns >= 0 {
		dnsStart = cur
		cur = us(cur + p.dns)
		dnsEnd = cur
	}
	if p.connect >= 0 {
		connectStart = cur
		if p.ssl >= 0 {
			sslStart = us(cur + p.connect - p.ssl)
			sslEnd = us(cur + p.connect)
		}
		cur = us(cur + p.connect)
		connectEnd = cur
	}
	sendStart := cur
	sendEnd := us(cur + p.send)
	responseReceived := requestTime + us(sendEnd+p.wait)/1000
	endTime := responseReceived + us(p.receive)/1000

	leastNonNegative := func(vs ...float64) float64 {
		best := math.Inf(1)
		for _, v := range vs {
			if v >= 0 && v < best {
				best = v
			}
		}
		return best
	}

	var t timings
	queued := -1.0
	if issueMono < startTime {
		queued = startTime - issueMono
	}
	toMS := func(s float64) float64 {
		if s == -1 {
			return -1
		}
		return s * 1000
	}
	t.Blocked = toMS(queued)
	t.BlockedQueueing = toMS(queued)
	blockedStart := leastNonNegative(dnsStart, connectStart, sendStart)
	if !math.IsInf(blockedStart, 1) {
		t.Blocked += blockedStart
	}
	dS, dE := 0.0, -1.0
	if dnsEnd >= 0 {
		dS, dE = blockedStart, dnsEnd
	}
	t.DNS = dE - dS
	sS, sE := 0.0, -1.0
	if sslEnd > 0 {
		sS, sE = sslStart, sslEnd
	}
	t.SSL = sE - sS
	cS, cE := 0.0, -1.0
	if connectEnd >= 0 {
		cS, cE = leastNonNegative(dE, blockedStart), connectEnd
	}
	t.Connect = cE - cS
	sendS := math.Max(math.Max(cE, dE), blockedStart)
	t.Send = sendEnd - sendS
	if t.Send < 0 {
		t.Send = 0
	}
	highest := math.Max(math.Max(math.Max(sendEnd, cE), math.Max(sE, dE)), math.Max(blockedStart, 0))
	minus1 := -1.0
	t.WorkerStart, t.WorkerReady, t.WorkerFetchStart, t.WorkerRespondWithSettled = &minus1, &minus1, &minus1, &minus1

	waitEnd := toMS(responseReceived - requestTime)
	t.Wait = waitEnd - highest
	t.Receive = math.Max(toMS(endTime-requestTime)-waitEnd, 0)

	total := 0.0
	for _, v := range []float64{t.Blocked, t.DNS, t.Connect, t.Send, t.Wait, t.Receive} {
		total += math.Max(v, 0)
	}
	return t, total
}
