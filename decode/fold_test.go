package decode_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

func TestFoldDuplicates(t *testing.T) {
	type view struct {
		Kind     decode.Kind
		Name     string
		Sources  []decode.Source
		Warnings []string
	}
	const tr = "https://www.facebook.com/tr/?id=1&ev=Lead&ts=1749743254592&ec=2"
	const ps = "https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?id=1&ev=Lead&ts=1749743254592&ec=2"
	src := func(file string, entry int) decode.Source { return decode.Source{File: file, Entry: entry} }
	tests := []struct {
		name    string
		entries []string // decoded from a.har, entry i
		files   []string // file of entry i; "" for a.har
		want    []view
	}{
		{"real copy folded (M18, M19)", []string{vecM18, vecM19}, nil, []view{
			{decode.KindEvent, "ViewContent", []decode.Source{src("a.har", 0), src("a.har", 1)}, nil},
		}},
		{"copy before its original", []string{ps + "&rqm=FGET", tr + "&rqm=GET"}, nil, []view{
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 1), src("a.har", 0)}, nil},
		}},
		{"different copies differ in params", []string{tr + "&cd[x]=1", ps + "&cd[x]=2&cd[y]=3"}, nil, []view{
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 0), src("a.har", 1)}, []string{"privacy-sandbox copy (entry 1) differs in: cd[x], cd[y]"}},
		}},
		// Bad: the copy's original is missing from the capture.
		{"orphan copy kept once", []string{ps}, nil, []view{
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 0)}, []string{"no matching original request in the input: this privacy-sandbox copy is the only record of the event"}},
		}},
		// Bad: without ts there is no event identity.
		{"no ts, no fold", []string{"https://www.facebook.com/tr/?id=1&ev=Lead", "https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?id=1&ev=Lead"}, nil, []view{
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 0)}, nil},
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 1)}, []string{"no matching original request in the input: this privacy-sandbox copy is the only record of the event"}},
		}},
		{"different ec is a different event", []string{tr, "https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?id=1&ev=Lead&ts=1749743254592&ec=3"}, nil, []view{
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 0)}, nil},
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 1)}, []string{"no matching original request in the input: this privacy-sandbox copy is the only record of the event"}},
		}},
		{"another file is another capture", []string{tr, ps}, []string{"a.har", "b.har"}, []view{
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 0)}, nil},
			{decode.KindEvent, "Lead", []decode.Source{src("b.har", 1)}, []string{"no matching original request in the input: this privacy-sandbox copy is the only record of the event"}},
		}},
		{"two copies, one original, installation untouched", []string{"https://connect.facebook.net/en_US/fbevents.js", tr, ps, ps}, nil, []view{
			{decode.KindInstallation, "", []decode.Source{src("a.har", 0)}, nil},
			{decode.KindEvent, "Lead", []decode.Source{src("a.har", 1), src("a.har", 2), src("a.har", 3)}, nil},
		}},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var evs []decode.Event
			for i, u := range tt.entries {
				file := "a.har"
				if tt.files != nil {
					file = tt.files[i]
				}
				evs = append(evs, reg.Decode(file, &har.Entry{Index: i, Request: har.Request{Method: "GET", URL: u}})...)
			}
			// evs must not be modified: snapshot it.
			snapshot := append([]decode.Event(nil), evs...)
			for i := range snapshot {
				snapshot[i].Sources = append([]decode.Source(nil), evs[i].Sources...)
			}
			var got []view
			for _, ev := range decode.FoldDuplicates(evs) {
				var w []string
				if len(ev.Warnings) > 0 {
					w = ev.Warnings
				}
				got = append(got, view{ev.Kind, ev.Name, ev.Sources, w})
			}
			if diff := cmp.Diff(tt.want, got, cmpEmptyIsNil); diff != "" {
				t.Errorf("FoldDuplicates() mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(snapshot, evs); diff != "" {
				t.Errorf("FoldDuplicates() modified its input (-before +after):\n%s", diff)
			}
		})
	}
}
