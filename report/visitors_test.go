package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pixelHAR builds a HAR of Meta Pixel requests from one browser (the
// User-Agent "UA1"). Each request is "time|query|cookie header" (the
// cookie part may be empty).
func pixelHAR(reqs ...string) string { return uaHAR("WebInspector", "UA1", reqs...) }

// uaHAR is pixelHAR for a producer and a User-Agent; a request may name
// its own User-Agent as a fourth part.
func uaHAR(creator, ua string, reqs ...string) string {
	var es []string
	for _, r := range reqs {
		parts := strings.SplitN(r, "|", 4)
		agent := ua
		if len(parts) == 4 {
			agent = parts[3]
		}
		headers := []string{fmt.Sprintf(`{"name":"User-Agent","value":%q}`, agent)}
		if len(parts) >= 3 && parts[2] != "" {
			headers = append(headers, fmt.Sprintf(`{"name":"Cookie","value":%q}`, parts[2]))
		}
		es = append(es, fmt.Sprintf(`{"startedDateTime":%q,"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=111&%s","headers":[%s]},"response":{"status":200}}`, parts[0], parts[1], strings.Join(headers, ",")))
	}
	return `{"log":{"version":"1.2","creator":{"name":` + strconvQuote(creator) + `,"version":"1"},"entries":[` + strings.Join(es, ",\n") + `]}}`
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

func visitorsOf(t *testing.T, files map[string]string, order []string, opt Options) (*Analysis, []*Visitor) {
	t.Helper()
	var in []Input
	for _, name := range order {
		in = append(in, Input{Name: name, R: strings.NewReader(files[name])})
	}
	a, err := Analyze(in, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		if f.Err() != nil {
			t.Fatalf("%s: %v", f.Name, f.Err())
		}
	}
	t.Cleanup(func() { a.Close() })
	return a, a.Visitors()
}

// shape renders visitors as "V1[file#entry …]" for comparison.
func shape(t *testing.T, a *Analysis, vs []*Visitor) []string {
	t.Helper()
	var out []string
	for _, v := range vs {
		var srcs []string
		for ev, err := range a.VisitorEvents(v) {
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, fmt.Sprintf("%s#%d", ev.Sources[0].File, ev.Sources[0].Entry))
		}
		u := ""
		if v.Unidentified {
			u = "?"
		}
		out = append(out, v.ID+u+"["+strings.Join(srcs, " ")+"]")
	}
	return out
}

const (
	hashJane   = "86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d" // sha256(jane.doe@example.com)
	hashUndef  = "eb045d78d273107348b0300c01d29b7552d622abbc6faf81b3ec55359aa9950c" // sha256("undefined")
	gaHit      = `{"startedDateTime":"2023-06-12T09:00:01Z","request":{"method":"GET","url":"https://region1.google-analytics.com/g/collect?v=2&tid=G-X&cid=%s&en=page_view&sid=1686560400","headers":[{"name":"User-Agent","value":"UA1"}]},"response":{"status":200}}`
	adsHit     = `{"startedDateTime":"2023-06-12T09:00:03Z","request":{"method":"GET","url":"https://www.google.com/pagead/1p-conversion/123/?gcl_au=1.1.999.1686560400&url=https%3A%2F%2Fwww.police.example%2F","headers":[{"name":"User-Agent","value":"UA1"}]},"response":{"status":200}}`
	firstParty = `{"startedDateTime":"2023-06-12T09:00:02Z","request":{"method":"GET","url":"https://www.police.example/report/","headers":[{"name":"Sec-Fetch-Dest","value":"document"},{"name":"User-Agent","value":"UA1"},{"name":"Cookie","value":"_fbp=fb.1.1686560400000.111; _ga=GA1.1.555.1686560400"}]},"response":{"status":200}}`
)

// TestLinkVisitors pins each linking rule, each in both orders of the
// inputs: a visitor is one browser; browser-level identifiers join
// browsers across files; account-level ones never join, but make groups
// and conflicts.
func TestLinkVisitors(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		want      []string
		links     int      // links of V1
		conflicts []string // of V1: "name=v1,v2"
		groups    []string // "party identifier: visitors; conflicts"
	}{{
		name: "two captures of one browser (same _fbp) are one visitor",
		files: map[string]string{
			"monday.har":  pixelHAR("2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
			"tuesday.har": pixelHAR("2023-06-13T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
		},
		want:  []string{"V1[monday.har#0 tuesday.har#0]"},
		links: 1,
	}, {
		name: "a cookie reset mid-file starts a second visitor",
		files: map[string]string{
			"a.har": pixelHAR(
				"2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111|c_user=1000123; datr=AAA",
				"2023-06-12T09:00:03Z|ev=Lead&fbp=fb.1.1686560400000.111|c_user=1000123; datr=AAA",
				"2023-06-12T09:00:05Z|ev=PageView&fbp=fb.1.1686560400000.222|datr=BBB"),
		},
		want: []string{"V1[a.har#0 a.har#1]", "V2[a.har#2]"},
	}, {
		name: "one DevTools file whose trackers never meet is one visitor",
		files: map[string]string{
			"a.har": `{"log":{"creator":{"name":"WebInspector","version":"537.36"},"entries":[
{"startedDateTime":"2023-06-12T09:00:00Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=PageView&fbp=fb.1.1686560400000.111","headers":[{"name":"User-Agent","value":"UA1"}]},"response":{"status":200}},
` + fmt.Sprintf(gaHit, "555.1686560400") + `,` + adsHit + `,
{"startedDateTime":"2023-06-12T09:00:04Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=Lead","headers":[{"name":"User-Agent","value":"UA1"}]},"response":{"status":200}}]}}`,
		},
		want: []string{"V1[a.har#0 a.har#1 a.har#2 a.har#3]"},
	}, {
		name: "a proxy capture with two User-Agents gives two visitors",
		files: map[string]string{
			"proxy.har": uaHAR("mitmproxy", "UA1",
				"2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111||Mozilla/5.0 (X11; Linux x86_64) Chrome/156",
				"2023-06-12T09:00:01Z|ev=PageView||Mozilla/5.0 (iPhone) Safari/605",
				"2023-06-12T09:00:02Z|ev=Lead&fbp=fb.1.1686560400000.111||Mozilla/5.0 (X11; Linux x86_64) Chrome/156"),
		},
		want: []string{"V1[proxy.har#0 proxy.har#2]", "V2?[proxy.har#1]"},
	}, {
		name: "two browsers with the same hashed e-mail stay two visitors and form one group",
		files: map[string]string{
			"phone.har":  pixelHAR("2023-06-12T09:00:00Z|ev=Lead&fbp=fb.1.1686560400000.111&ud[em]=" + hashJane),
			"laptop.har": pixelHAR("2023-06-12T10:00:00Z|ev=Lead&fbp=fb.1.1686560400000.999&ud[em]=" + hashJane),
		},
		want:   []string{"V1[phone.har#0]", "V2[laptop.har#0]"},
		groups: []string{"Meta sha256(email): V1 V2"},
	}, {
		name: "two c_user values in one browser give a conflict",
		files: map[string]string{
			"a.har": pixelHAR(
				"2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111|c_user=1000123",
				"2023-06-12T09:30:00Z|ev=PageView&fbp=fb.1.1686560400000.111|c_user=1000456"),
		},
		want:      []string{"V1[a.har#0 a.har#1]"},
		conflicts: []string{"c_user=1000123,1000456"},
	}, {
		name: "three browsers, two accounts, one e-mail: three visitors, one group with a conflict",
		files: map[string]string{
			"one.har":   pixelHAR("2023-06-12T09:00:00Z|ev=Lead&fbp=fb.1.1686560400000.111&ud[em]=" + hashJane + "|c_user=1000123"),
			"two.har":   pixelHAR("2023-06-12T09:10:00Z|ev=Lead&fbp=fb.1.1686560400000.222&ud[em]=" + hashJane + "|c_user=1000456"),
			"three.har": pixelHAR("2023-06-12T09:20:00Z|ev=Lead&fbp=fb.1.1686560400000.333&ud[em]=" + hashJane),
		},
		want:   []string{"V1[one.har#0]", "V2[two.har#0]", "V3[three.har#0]"},
		groups: []string{"Meta sha256(email): V1 V2 V3; conflict c_user=1000123,1000456"},
	}, {
		name: "a file with no identifiers is its own unidentified visitor",
		files: map[string]string{
			"a.har":    pixelHAR("2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
			"anon.har": pixelHAR("2023-06-12T08:00:00Z|ev=PageView"),
		},
		want: []string{"V1?[anon.har#0]", "V2[a.har#0]"},
	}, {
		name: "a hash of undefined joins nobody and groups nobody",
		files: map[string]string{
			"a.har": pixelHAR("2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111&ud[em]=" + hashUndef),
			"b.har": pixelHAR("2023-06-12T09:00:01Z|ev=PageView&fbp=fb.1.1686560400000.222&ud[em]=" + hashUndef),
		},
		want: []string{"V1[a.har#0]", "V2[b.har#0]"},
	}, {
		name: "the first party's cookies carry one tracker's ID into another capture",
		files: map[string]string{
			"a.har": pixelHAR("2023-06-12T08:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
			"b.har": `{"log":{"entries":[` + fmt.Sprintf(gaHit, "555.1686560400") + `,` + firstParty + `]}}`,
		},
		want:  []string{"V1[a.har#0 b.har#0 b.har#1]"},
		links: 1,
	}, {
		name: "two GA4 browsers whose sessions started in the same second stay apart",
		files: map[string]string{
			"a.har": `{"log":{"entries":[` + fmt.Sprintf(gaHit, "555.1686560400") + `]}}`,
			"b.har": `{"log":{"entries":[` + fmt.Sprintf(gaHit, "777.1686560400") + `]}}`,
		},
		want: []string{"V1[a.har#0]", "V2[b.har#0]"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			for n := range tt.files {
				names = append(names, n)
			}
			slices.Sort(names)
			// Both orders of the inputs give the same visitors.
			for _, order := range [][]string{names, reverse(names)} {
				a, vs := visitorsOf(t, tt.files, order, Options{Navigations: true})
				if diff := cmp.Diff(tt.want, shape(t, a, vs)); diff != "" {
					t.Errorf("visitors (inputs %v) mismatch (-want +got):\n%s", order, diff)
				}
				if len(vs[0].Links) != tt.links {
					t.Errorf("V1 has %d links, want %d: %+v", len(vs[0].Links), tt.links, vs[0].Links)
				}
				var conflicts []string
				for _, c := range vs[0].Conflicts {
					conflicts = append(conflicts, c.Identifier+"="+strings.Join(c.Values, ","))
				}
				if diff := cmp.Diff(tt.conflicts, conflicts); diff != "" {
					t.Errorf("V1's conflicts mismatch (-want +got):\n%s", diff)
				}
				var groups []string
				for _, g := range a.Groups() {
					text := g.Party + " " + g.Identifier + ": " + strings.Join(g.Visitors, " ")
					for _, c := range g.Conflicts {
						text += "; conflict " + c.Identifier + "=" + strings.Join(c.Values, ",")
					}
					groups = append(groups, text)
				}
				if diff := cmp.Diff(tt.groups, groups); diff != "" {
					t.Errorf("groups mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestVisitorLabelsSameInEveryCommand: a visitor's label does not depend
// on which events a command keeps (events keeps no navigation, parties
// keeps every third-party request).
func TestVisitorLabelsSameInEveryCommand(t *testing.T) {
	files := map[string]string{
		"a.har": `{"log":{"entries":[
{"startedDateTime":"2023-06-12T08:00:00Z","request":{"method":"GET","url":"https://www.police.example/","headers":[{"name":"Sec-Fetch-Dest","value":"document"},{"name":"User-Agent","value":"UA0"}]},"response":{"status":200}},
{"startedDateTime":"2023-06-12T08:00:01Z","request":{"method":"GET","url":"https://cdn.example.net/x.js","headers":[{"name":"User-Agent","value":"UA0"}]},"response":{"status":200}}]}}`,
		"b.har": pixelHAR("2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
	}
	names := []string{"a.har", "b.har"}
	label := func(opt Options) map[string]string {
		a, vs := visitorsOf(t, files, names, opt)
		out := map[string]string{}
		for _, v := range vs {
			for ev, err := range a.VisitorEvents(v) {
				if err != nil {
					t.Fatal(err)
				}
				out[ev.Sources[0].File] = v.ID
			}
		}
		return out
	}
	events, timeline, parties := label(Options{}), label(Options{Navigations: true}), label(Options{Navigations: true, Generic: true})
	if events["b.har"] != "V2" || timeline["b.har"] != "V2" || parties["b.har"] != "V2" || timeline["a.har"] != "V1" {
		t.Errorf("labels differ between commands: events %v, timeline %v, parties %v", events, timeline, parties)
	}
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// TestHarnessUserAgent: WebPageTest appends "PTST/384" to the browser's
// User-Agent on some requests (corpus PerfCascade__wpt_h2_www.nghttp2.org.har):
// one browser, not two.
func TestHarnessUserAgent(t *testing.T) {
	const ua = "Mozilla/5.0 (Windows NT 10.0; WOW64; rv:54.0) Gecko/20100101 Firefox/54.0"
	files := map[string]string{"wpt.har": uaHAR("WebPagetest", ua,
		"2023-06-12T09:00:00Z|ev=PageView",
		"2023-06-12T09:00:01Z|ev=Lead||"+ua+" PTST/384",
		"2023-06-12T09:00:02Z|ev=ViewContent")}
	a, vs := visitorsOf(t, files, []string{"wpt.har"}, Options{})
	if diff := cmp.Diff([]string{"V1?[wpt.har#0 wpt.har#1 wpt.har#2]"}, shape(t, a, vs)); diff != "" {
		t.Errorf("visitors mismatch (-want +got):\n%s", diff)
	}
}

// TestAccountsOfEveryVisitor: an account identifier that several
// browsers sent is an account of each of them, first seen where each
// sent it. (It was once listed only under the visitor that sent it
// first, so the others' headlines left it out while their group named
// it.)
func TestAccountsOfEveryVisitor(t *testing.T) {
	files := map[string]string{
		"one.har":   pixelHAR("2023-06-12T09:00:00Z|ev=Lead&fbp=fb.1.1686560400000.111&ud[em]=" + hashJane + "|c_user=1000123"),
		"two.har":   pixelHAR("2023-06-12T09:10:00Z|ev=Lead&fbp=fb.1.1686560400000.222&ud[em]=" + hashJane + "|c_user=1000456"),
		"three.har": pixelHAR("2023-06-12T09:20:00Z|ev=Lead&fbp=fb.1.1686560400000.333&ud[em]=" + hashJane),
	}
	_, vs := visitorsOf(t, files, []string{"one.har", "three.har", "two.har"}, Options{Navigations: true})
	got := map[string][]string{}
	for _, v := range vs {
		for _, id := range v.Accounts {
			got[v.ID] = append(got[v.ID], id.Name+"="+id.Value[:min(len(id.Value), 8)]+" "+id.FirstSeen.File+"#"+fmt.Sprint(id.FirstSeen.Entry)+" "+id.FirstTime)
		}
	}
	want := map[string][]string{
		"V1": {"c_user=1000123 one.har#0 2023-06-12T09:00:00.000Z", "sha256(email)=" + hashJane[:8] + " one.har#0 2023-06-12T09:00:00.000Z"},
		"V2": {"c_user=1000456 two.har#0 2023-06-12T09:10:00.000Z", "sha256(email)=" + hashJane[:8] + " two.har#0 2023-06-12T09:10:00.000Z"},
		"V3": {"sha256(email)=" + hashJane[:8] + " three.har#0 2023-06-12T09:20:00.000Z"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accounts mismatch (-want +got):\n%s", diff)
	}
}
