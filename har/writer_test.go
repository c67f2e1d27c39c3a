package har_test

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/haruspex/haruspex/har"
)

var updateWriter = flag.Bool("update", false, "rewrite har/testdata/*.golden")

// ignoreReadState leaves out what a Reader adds that depends on where the
// bytes were: entry offsets, and the warnings (a value of the wrong kind is
// kept with a warning when read, and written in its typed form).
var ignoreReadState = cmpopts.IgnoreFields(har.Entry{}, "Offset", "Warnings")

// readBack reads a whole HAR with bodies, failing the test on any error.
func readBack(t *testing.T, data []byte) (*har.Log, []*har.Entry) {
	t.Helper()
	r := har.NewReader(bytes.NewReader(data))
	r.Bodies = true
	var es []*har.Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			return r.Log(), es
		}
		if err != nil {
			t.Fatalf("reading back the written HAR: %v\n%s", err, data)
		}
		es = append(es, e)
	}
}

// writerSample is a log made in code with every kind of member the
// writer handles.
func writerSample() (*har.Log, []*har.Entry) {
	t0 := time.Date(2025, 11, 12, 9, 12, 0, 123456789, time.UTC)
	l := &har.Log{
		Version: "1.2",
		Creator: har.Creator{Name: "haruspex capture", Version: "test"},
		Browser: &har.Creator{Name: "Chromium", Version: "131.0", Comment: "headless"},
		Pages: []har.Page{{
			StartedDateTime: har.NewTime(t0),
			ID:              "page_1",
			Title:           "https://www.police.example/",
			Custom:          []har.Field{{Name: "pageTimings", Raw: []byte(`{"onContentLoad":-1,"onLoad":-1}`)}},
		}},
		Comment: "recorded for the test",
		Custom:  []har.Field{{Name: "_haruspex", Raw: []byte(`{"tunnels": 2}`)}},
	}
	get := &har.Entry{
		Index:           0,
		PageRef:         "page_1",
		StartedDateTime: har.NewTime(t0),
		Time:            12.5,
		Request: har.Request{
			Method:      "GET",
			URL:         "https://www.facebook.com/tr/?id=1&ev=PageView&dl=https%3A%2F%2Fwww.police.example%2F",
			HTTPVersion: "HTTP/1.1",
			Cookies:     []har.Cookie{{Name: "c_user", Value: "100012345678901"}, {Name: "fr", Value: "0abc", Path: "/", Domain: ".facebook.com", Expires: "2026-02-10T09:12:00Z", HTTPOnly: true, Secure: true, SameSite: "None"}},
			Headers:     []har.NameValue{{Name: "Host", Value: "www.facebook.com"}, {Name: "Referer", Value: "https://www.police.example/"}},
			QueryString: []har.NameValue{{Name: "id", Value: "1"}, {Name: "ev", Value: "PageView"}, {Name: "dl", Value: "https://www.police.example/"}},
			HeadersSize: -1,
			BodySize:    0,
		},
		Response: har.Response{
			Status:      200,
			StatusText:  "OK",
			HTTPVersion: "HTTP/1.1",
			Headers:     []har.NameValue{{Name: "Content-Type", Value: "image/gif"}},
			Content:     har.Content{Size: 43, Compression: -1, MimeType: "image/gif", Text: "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", HasText: true, TextLen: 56, Encoding: "base64"},
			HeadersSize: -1,
			BodySize:    43,
		},
		Timings:         har.Timings{Blocked: -1, DNS: -1, Connect: -1, Send: -1, Wait: -1, Receive: -1, SSL: -1, Comment: "not measured"},
		ServerIPAddress: "127.0.0.1",
		Custom:          []har.Field{{Name: "_resourceType", Raw: []byte(`"image"`)}},
	}
	post := &har.Entry{
		Index:           1,
		PageRef:         "page_1",
		StartedDateTime: har.Time{T: t0.Add(time.Second).Truncate(time.Microsecond), Raw: "2025-11-12T10:12:01.123456+01:00"},
		Time:            -1,
		Request: har.Request{
			Method:      "POST",
			URL:         "https://www.police.example/report",
			HTTPVersion: "HTTP/1.1",
			Headers:     []har.NameValue{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
			PostData: &har.PostData{
				MimeType: "application/x-www-form-urlencoded",
				Params:   []har.Param{{Name: "email", Value: "a@b.example"}, {Name: "crime", Value: "domestic abuse"}},
				Text:     "email=a%40b.example&crime=domestic+abuse",
				HasText:  true,
			},
			HeadersSize: -1,
			BodySize:    40,
			Comment:     "form",
		},
		Response: har.Response{
			Status:      0,
			HTTPVersion: "",
			Content:     har.Content{Size: -1, Compression: -1},
			HeadersSize: -1,
			BodySize:    -1,
		},
		Timings: har.Timings{Blocked: 0.25, DNS: -1, Connect: -1, Send: 0.001, Wait: 1e-7, Receive: 3, SSL: -1},
	}
	return l, []*har.Entry{get, post}
}

func TestWriterRoundTrip(t *testing.T) {
	l, es := writerSample()
	var buf bytes.Buffer
	if err := har.WriteAll(&buf, l, es); err != nil {
		t.Fatal(err)
	}
	gotLog, got := readBack(t, buf.Bytes())
	if diff := cmp.Diff(l, gotLog); diff != "" {
		t.Errorf("Log mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(es, got, ignoreReadState); diff != "" {
		t.Errorf("entries mismatch (-want +got):\n%s", diff)
	}

	golden := filepath.Join("testdata", "writer.golden")
	if *updateWriter {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./har -run TestWriterRoundTrip -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
	}
}

// TestWriterStreaming writes pages after the entries, as a recording does,
// and checks a cut after every byte reads as every complete entry and a
// located error: a recording that crashes loses at most the entry it was
// writing.
func TestWriterStreaming(t *testing.T) {
	l, es := writerSample()
	pages := l.Pages
	l.Pages = nil
	var buf bytes.Buffer
	w := har.NewWriter(&buf)
	if err := w.Begin(l); err != nil {
		t.Fatal(err)
	}
	var ends []int // file length after each flushed entry
	for _, e := range es {
		if err := w.WriteEntry(e); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		ends = append(ends, buf.Len())
	}
	if err := w.End(pages); err != nil {
		t.Fatal(err)
	}
	gotLog, got := readBack(t, buf.Bytes())
	l.Pages = pages
	if diff := cmp.Diff(l, gotLog); diff != "" {
		t.Errorf("Log mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(es, got, ignoreReadState); diff != "" {
		t.Errorf("entries mismatch (-want +got):\n%s", diff)
	}

	data := buf.Bytes()
	for cut := 0; cut < len(data)-2; cut++ {
		complete := 0
		for _, end := range ends {
			if cut >= end {
				complete++
			}
		}
		r := har.NewReader(bytes.NewReader(data[:cut]))
		n := 0
		var err error
		for {
			_, err = r.Next()
			if err != nil {
				break
			}
			n++
		}
		if err == io.EOF {
			t.Fatalf("cut at %d of %d: read as a whole file", cut, len(data))
		}
		var pe *har.ParseError
		if !errors.As(err, &pe) && !errors.Is(err, har.ErrNotHAR) {
			t.Fatalf("cut at %d: error %v is neither a ParseError nor ErrNotHAR", cut, err)
		}
		if n < complete {
			t.Fatalf("cut at %d: read %d entries, want at least the %d flushed before the cut", cut, n, complete)
		}
	}
}

// TestWriterErrors: misuse and unwritable input are errors, not bad files.
func TestWriterErrors(t *testing.T) {
	tests := []struct {
		name string
		do   func(w *har.Writer) error
		want string
	}{
		{
			// WriteEntry before Begin would write an entry outside log.entries.
			name: "entry before Begin",
			do:   func(w *har.Writer) error { return w.WriteEntry(&har.Entry{}) },
			want: "har: Writer.WriteEntry called outside Begin…End",
		},
		{
			// A body read without Reader.Bodies is not in the model: writing ""
			// would say the body was empty.
			name: "body not kept",
			do: func(w *har.Writer) error {
				if err := w.Begin(&har.Log{Version: "1.2"}); err != nil {
					return err
				}
				return w.WriteEntry(&har.Entry{Response: har.Response{Content: har.Content{HasText: true, TextLen: 10}}})
			},
			want: "har: entry 0: response.content.text was not kept (10 bytes; read with Reader.Bodies to write it)",
		},
		{
			// Raw fields are written verbatim: one that is not JSON would
			// make the whole file unreadable.
			name: "raw field not JSON",
			do: func(w *har.Writer) error {
				if err := w.Begin(&har.Log{Version: "1.2"}); err != nil {
					return err
				}
				return w.WriteEntry(&har.Entry{Custom: []har.Field{{Name: "_x", Raw: []byte(`{"a":`)}}})
			},
			want: `har: entry 0: field "_x" is not one JSON value: "{\"a\":"`,
		},
		{
			// End without Begin would write a fragment.
			name: "End before Begin",
			do:   func(w *har.Writer) error { return w.End(nil) },
			want: "har: Writer.End called without Begin",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do(har.NewWriter(io.Discard))
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestWriterCorpus writes every real capture the reader reads, reads the
// output back and requires the same model, and requires writing that
// again to give the same bytes.
func TestWriterCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("corpus not found at %s (../shared is absent): skipping the writer's corpus round trip", corpusDir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := har.NewReader(f)
			r.Bodies = true
			var es []*har.Entry
			for {
				e, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					// Broken files: round-trip what was read.
					t.Logf("reading stopped: %v", err)
					break
				}
				es = append(es, e)
			}
			l := r.Log()
			var out bytes.Buffer
			if err := har.WriteAll(&out, l, es); err != nil {
				t.Fatal(err)
			}
			gotLog, got := readBack(t, out.Bytes())
			if diff := cmp.Diff(l, gotLog, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Log mismatch (-want +got):\n%s", diff)
			}
			if len(got) != len(es) {
				t.Fatalf("read back %d entries, wrote %d", len(got), len(es))
			}
			for i := range es {
				if diff := cmp.Diff(es[i], got[i], ignoreReadState); diff != "" {
					t.Fatalf("entry %d mismatch (-want +got):\n%s", i, diff)
				}
			}
			var again bytes.Buffer
			if err := har.WriteAll(&again, gotLog, got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), again.Bytes()) {
				t.Errorf("writing the read-back model gave different bytes (%d, then %d)", out.Len(), again.Len())
			}
		})
	}
}

// FuzzWriterRoundTrip: whatever the reader reads, the writer writes so that
// the reader reads the same model back.
func FuzzWriterRoundTrip(f *testing.F) {
	l, es := writerSample()
	var buf bytes.Buffer
	if err := har.WriteAll(&buf, l, es); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN","time":"12","request":{"cookies":{"name":"a"}}}]}}`))
	f.Add([]byte("{\"log\":{\"version\":\"1.2\",\"entries\":[{\"request\":{\"url\":\"\xff\"},\"_x\":[1, 2]}],\"pages\":[]}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := har.NewReader(bytes.NewReader(data))
		r.Bodies = true
		var es []*har.Entry
		for {
			e, err := r.Next()
			if err != nil {
				break
			}
			es = append(es, e)
		}
		var out bytes.Buffer
		if err := har.WriteAll(&out, r.Log(), es); err != nil {
			t.Fatal(err)
		}
		r2 := har.NewReader(bytes.NewReader(out.Bytes()))
		r2.Bodies = true
		for i := 0; ; i++ {
			e, err := r2.Next()
			if err == io.EOF {
				if i != len(es) {
					t.Fatalf("read back %d entries, wrote %d", i, len(es))
				}
				break
			}
			if err != nil {
				t.Fatalf("reading back: %v\n%s", err, out.Bytes())
			}
			if i >= len(es) {
				t.Fatalf("read back more entries than written")
			}
			if diff := cmp.Diff(es[i], e, ignoreReadState, cmpopts.EquateNaNs()); diff != "" {
				t.Fatalf("entry %d mismatch (-want +got):\n%s\nwritten:\n%s", i, diff, out.Bytes())
			}
		}
	})
}

func ExampleWriter() {
	l := &har.Log{Version: "1.2", Creator: har.Creator{Name: "example", Version: "1"}}
	e := &har.Entry{
		StartedDateTime: har.NewTime(time.Date(2025, 11, 12, 9, 12, 0, 123456789, time.UTC)),
		Time:            -1,
		Request: har.Request{Method: "GET", URL: "https://www.facebook.com/tr/?id=1&ev=PageView", HTTPVersion: "HTTP/1.1",
			QueryString: []har.NameValue{{Name: "id", Value: "1"}, {Name: "ev", Value: "PageView"}}, HeadersSize: -1, BodySize: 0},
		Response: har.Response{Status: 200, StatusText: "OK", HTTPVersion: "HTTP/1.1",
			Content: har.Content{Size: 0, Compression: -1, MimeType: "image/gif"}, HeadersSize: -1, BodySize: 0},
		Timings: har.Timings{Blocked: -1, DNS: -1, Connect: -1, Send: -1, Wait: -1, Receive: -1, SSL: -1},
	}
	var out strings.Builder
	if err := har.WriteAll(&out, l, []*har.Entry{e}); err != nil {
		panic(err)
	}
	os.Stdout.WriteString(out.String())
	// Output:
	// {
	//   "log": {
	//     "version": "1.2",
	//     "creator": {
	//       "name": "example",
	//       "version": "1"
	//     },
	//     "entries": [
	//       {
	//         "startedDateTime": "2025-11-12T09:12:00.123Z",
	//         "time": -1,
	//         "request": {
	//           "method": "GET",
	//           "url": "https://www.facebook.com/tr/?id=1&ev=PageView",
	//           "httpVersion": "HTTP/1.1",
	//           "cookies": [],
	//           "headers": [],
	//           "queryString": [
	//             {
	//               "name": "id",
	//               "value": "1"
	//             },
	//             {
	//               "name": "ev",
	//               "value": "PageView"
	//             }
	//           ],
	//           "headersSize": -1,
	//           "bodySize": 0
	//         },
	//         "response": {
	//           "status": 200,
	//           "statusText": "OK",
	//           "httpVersion": "HTTP/1.1",
	//           "cookies": [],
	//           "headers": [],
	//           "content": {
	//             "size": 0,
	//             "mimeType": "image/gif"
	//           },
	//           "redirectURL": "",
	//           "headersSize": -1,
	//           "bodySize": 0
	//         },
	//         "cache": {},
	//         "timings": {
	//           "blocked": -1,
	//           "dns": -1,
	//           "connect": -1,
	//           "send": -1,
	//           "wait": -1,
	//           "receive": -1,
	//           "ssl": -1
	//         }
	//       }
	//     ]
	//   }
	// }
}
