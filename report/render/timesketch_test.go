package render_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/render"
	"github.com/haruspex/haruspex/report/sensitive"
)

// analyse reads captures for a timeline, as `haruspex timeline` does.
func analyse(t *testing.T, paths ...string) *report.Analysis {
	t.Helper()
	var in []report.Input
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		in = append(in, report.Input{Name: p, R: f})
	}
	a, err := report.Analyze(in, report.Options{Navigations: true, Consent: true, Generic: true, Sensitive: sensitive.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

const (
	consentFixture = "../testdata/consent-pixel-accept.har"
	policeSample   = "../../samples/police-visit.har"
)

// TestTimesketch checks every line of the Timesketch output of the
// bundled sample and the consent fixture, in UTC and another zone: the
// fields Timesketch's importer requires are there, datetime parses with
// its offset and microseconds, timestamp is the same instant in
// microseconds, and the line validates against
// testdata/timesketch.schema.json.
func TestTimesketch(t *testing.T) {
	c := jsonschema.NewCompiler()
	schema, err := c.Compile("testdata/timesketch.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		loc  *time.Location
	}{{"UTC", nil}, {"Asia/Kolkata", kolkata}} {
		t.Run(tc.name, func(t *testing.T) {
			a := analyse(t, policeSample, consentFixture)
			var buf bytes.Buffer
			if err := render.Timeline(&buf, render.FormatTimesketch, a, a.Visitors(), render.Options{Location: tc.loc}); err != nil {
				t.Fatal(err)
			}
			n, types := 0, map[string]int{}
			sc := bufio.NewScanner(&buf)
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				n++
				line := sc.Text()
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil {
					t.Fatalf("line %d: %v", n, err)
				}
				for _, f := range []string{"message", "datetime", "timestamp", "timestamp_desc"} {
					if _, ok := m[f]; !ok {
						t.Errorf("line %d: no %s", n, f)
					}
				}
				dt, err := time.Parse(time.RFC3339Nano, m["datetime"].(string))
				if err != nil {
					t.Errorf("line %d: datetime: %v", n, err)
				}
				_, off := dt.Zone()
				if want := offsetOf(tc.loc, dt); off != want {
					t.Errorf("line %d: datetime %s has offset %d s, want %d", n, m["datetime"], off, want)
				}
				if ts := int64(m["timestamp"].(float64)); ts != dt.UnixMicro() {
					t.Errorf("line %d: timestamp %d, datetime %s is %d µs", n, ts, m["datetime"], dt.UnixMicro())
				}
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
				if err != nil {
					t.Fatal(err)
				}
				if err := schema.Validate(inst); err != nil {
					t.Errorf("line %d does not validate: %v\n%s", n, err, line)
				}
				types[m["data_type"].(string)]++
			}
			if n == 0 || types["haruspex:consent"] == 0 || types["haruspex:page:open"] == 0 || types["haruspex:tracker:event"] == 0 {
				t.Errorf("%d lines, by data_type %v: want all three", n, types)
			}
		})
	}
}

func offsetOf(loc *time.Location, t time.Time) int {
	if loc == nil {
		return 0
	}
	_, off := t.In(loc).Zone()
	return off
}

// TestTimesketchConsent checks the lines of the pixel that fired before
// the banner was answered and again after the accept.
func TestTimesketchConsent(t *testing.T) {
	a := analyse(t, consentFixture)
	var buf bytes.Buffer
	if err := render.Timeline(&buf, render.FormatTimesketch, a, a.Visitors(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for line := range strings.Lines(buf.String()) {
		var m struct {
			Event, Consent, Datetime string
			Entry                    int      `json:"source_entry"`
			Tag                      []string `json:"tag"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if m.Event == "PageView" || m.Event == "ViewContent" {
			got = append(got, fmt.Sprintf("#%d %s %s: %s %v", m.Entry, m.Datetime, m.Event, m.Consent, m.Tag))
		}
	}
	want := []string{
		"#4 2024-03-06T10:00:00.700000+00:00 PageView: before any choice [no-consent]",
		"#7 2024-03-06T10:00:05.600000+00:00 ViewContent: after accept []",
		"#12 2024-03-06T10:00:08.700000+00:00 PageView: after accept []",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines mismatch (-want +got):\n%s", diff)
	}
}

// TestL2TCSV checks Plaso's l2tcsv: the header, 17 fields on every line,
// dates and times as Plaso writes them, and the consent state.
func TestL2TCSV(t *testing.T) {
	a := analyse(t, consentFixture)
	var buf bytes.Buffer
	if err := render.Timeline(&buf, render.FormatL2TCSV, a, a.Visitors(), render.Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if want := "date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra"; lines[0] != want {
		t.Errorf("header %q, want %q", lines[0], want)
	}
	for i, l := range lines[1:] {
		if n := len(strings.Split(l, ",")); n != 17 {
			t.Errorf("line %d: %d fields, want 17: %s", i+1, n, l)
		}
	}
	want := "03/06/2024,10:00:00,UTC,....,WEBHIST,HAR capture,Request Sent,-,-,PageView to Meta,PageView: viewed https://www.shop.example/,2,../testdata/consent-pixel-accept.har,-,no-consent,haruspex,consent: before any choice; "
	if !strings.Contains(buf.String(), "\n"+want) {
		t.Errorf("no line starting %q in:\n%s", want, buf.String())
	}
}
