package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pixel builds a one-entry-per-line HAR of Meta Pixel requests. Each
// request is "time|query|cookie header" (the cookie part may be empty).
func pixelHAR(reqs ...string) string {
	var es []string
	for _, r := range reqs {
		parts := strings.SplitN(r, "|", 3)
		headers := `[]`
		if len(parts) == 3 && parts[2] != "" {
			headers = fmt.Sprintf(`[{"name":"Cookie","value":%q}]`, parts[2])
		}
		es = append(es, fmt.Sprintf(`{"startedDateTime":%q,"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=111&%s","headers":%s},"response":{"status":200}}`, parts[0], parts[1], headers))
	}
	return `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[` + strings.Join(es, ",\n") + `]}}`
}

func visitorsOf(t *testing.T, files map[string]string, order []string) (*Analysis, []*Visitor) {
	t.Helper()
	var in []Input
	for _, name := range order {
		in = append(in, Input{Name: name, R: strings.NewReader(files[name])})
	}
	a, err := Analyze(in, Options{Navigations: true})
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

func TestLinkVisitors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
		links int // links of V1
	}{{
		name: "two captures of one browser (same _fbp) are one visitor",
		files: map[string]string{
			"monday.har":  pixelHAR("2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
			"tuesday.har": pixelHAR("2023-06-13T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
		},
		want: []string{"V1[monday.har#0 tuesday.har#0]"},
	}, {
		name: "a logged-in and a logged-out visitor are two",
		files: map[string]string{
			"a.har": pixelHAR(
				"2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111|c_user=1000123; datr=AAA",
				"2023-06-12T09:00:05Z|ev=PageView&fbp=fb.1.1686560400000.222|datr=BBB"),
		},
		want:  []string{"V1[a.har#0]", "V2[a.har#1]"},
		links: 2,
	}, {
		name: "identifiers seen apart are joined by a third request",
		files: map[string]string{
			"a.har": pixelHAR(
				"2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111",
				"2023-06-12T09:00:01Z|ev=PageView|c_user=1000123",
				"2023-06-12T09:00:02Z|ev=Lead&fbp=fb.1.1686560400000.111|c_user=1000123"),
		},
		want:  []string{"V1[a.har#0 a.har#1 a.har#2]"},
		links: 1,
	}, {
		name: "a file with no identifiers is its own unidentified visitor",
		files: map[string]string{
			"a.har":    pixelHAR("2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111"),
			"anon.har": pixelHAR("2023-06-12T08:00:00Z|ev=PageView"),
		},
		want: []string{"V1?[anon.har#0]", "V2[a.har#0]"},
	}, {
		name: "a hash of undefined joins nobody",
		files: map[string]string{
			"a.har": pixelHAR(
				"2023-06-12T09:00:00Z|ev=PageView&fbp=fb.1.1686560400000.111&ud[em]=eb045d78d273107348b0300c01d29b7552d622abbc6faf81b3ec55359aa9950c",
				"2023-06-12T09:00:01Z|ev=PageView&fbp=fb.1.1686560400000.222&ud[em]=eb045d78d273107348b0300c01d29b7552d622abbc6faf81b3ec55359aa9950c"),
		},
		want: []string{"V1[a.har#0]", "V2[a.har#1]"},
	}, {
		name: "a hashed e-mail joins two browsers of one person",
		files: map[string]string{
			"phone.har":  pixelHAR("2023-06-12T09:00:00Z|ev=Lead&fbp=fb.1.1686560400000.111&ud[em]=86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"),
			"laptop.har": pixelHAR("2023-06-12T10:00:00Z|ev=Lead&fbp=fb.1.1686560400000.999&ud[em]=86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d"),
		},
		want: []string{"V1[phone.har#0 laptop.har#0]"},
	}, {
		name: "trackers' IDs are linked by the first party's cookies carrying both",
		files: map[string]string{
			"a.har": `{"log":{"entries":[
{"startedDateTime":"2023-06-12T09:00:00Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=PageView&fbp=fb.1.1686560400000.111"},"response":{"status":200}},
{"startedDateTime":"2023-06-12T09:00:01Z","request":{"method":"GET","url":"https://region1.google-analytics.com/g/collect?v=2&tid=G-X&cid=555.1686560400&en=page_view&sid=1686560400"},"response":{"status":200}},
{"startedDateTime":"2023-06-12T09:00:02Z","request":{"method":"GET","url":"https://www.police.example/report/","headers":[{"name":"Sec-Fetch-Dest","value":"document"},{"name":"Cookie","value":"_fbp=fb.1.1686560400000.111; _ga=GA1.1.555.1686560400"}]},"response":{"status":200}}]}}`,
		},
		want:  []string{"V1[a.har#0 a.har#1 a.har#2]"},
		links: 1,
	}, {
		name: "two GA4 visitors whose sessions started in the same second stay apart",
		files: map[string]string{
			"a.har": `{"log":{"entries":[
{"startedDateTime":"2023-06-12T09:00:01Z","request":{"method":"GET","url":"https://region1.google-analytics.com/g/collect?v=2&tid=G-X&cid=555.1686560400&en=page_view&sid=1686560400"},"response":{"status":200}},
{"startedDateTime":"2023-06-12T09:00:02Z","request":{"method":"GET","url":"https://region1.google-analytics.com/g/collect?v=2&tid=G-X&cid=777.1686560400&en=page_view&sid=1686560400"},"response":{"status":200}}]}}`,
		},
		want: []string{"V1[a.har#0]", "V2[a.har#1]"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			for n := range tt.files {
				names = append(names, n)
			}
			// Both orders of the inputs give the same visitors.
			for _, order := range [][]string{names, reverse(names)} {
				a, vs := visitorsOf(t, tt.files, order)
				if diff := cmp.Diff(tt.want, shape(t, a, vs)); diff != "" {
					t.Errorf("visitors (inputs %v) mismatch (-want +got):\n%s", order, diff)
				}
				if tt.links > 0 && len(vs[0].Links) != tt.links {
					t.Errorf("V1 has %d links, want %d: %+v", len(vs[0].Links), tt.links, vs[0].Links)
				}
			}
		})
	}
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}
