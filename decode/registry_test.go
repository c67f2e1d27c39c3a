package decode_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// named returns a decoder that yields one event named name.
func named(name string) decode.Decoder {
	return decode.DecoderFunc(func(e *har.Entry) ([]decode.Event, error) {
		return []decode.Event{{Name: name}}, nil
	})
}

func TestRegistryFind(t *testing.T) {
	routes := []decode.Route{
		{Host: "*.example.com", Path: "/", Name: "wild root", Decoder: named("wild root")},
		{Host: "*.example.com", Path: "/collect", Name: "wild collect", Decoder: named("wild collect")},
		{Host: "www.example.com", Path: "/", Name: "exact root", Decoder: named("exact root")},
		{Host: "*.example.com", Path: "/a/b", Name: "wild a/b first", Decoder: named("wild a/b first")},
		{Host: "*.b.example.com", Path: "/a/b", Name: "wild a/b second", Decoder: named("wild a/b second")},
		{Host: "Cdn.Example.NET", Path: "/js/", Name: "cdn js", Decoder: named("cdn js")},
		{Host: "www.example.*", Path: "/ads", Name: "country ads", Decoder: named("country ads")},
		{Host: "*.example.com", Path: "/ads", Name: "wild ads", Decoder: named("wild ads")},
		{Host: "ad.example.info", Path: "/activity", Name: "activity", Decoder: named("activity")},
		{Host: "*.example.info", Path: "/", Name: "wild net", Decoder: named("wild net")},
		{Host: "*.example.info", Path: "/deep/path", Name: "wild net deep", Decoder: named("wild net deep")},
		{Host: "*.fls.example.info", Path: "/", Name: "wild fls", Decoder: named("wild fls")},
	}
	reg, err := decode.NewRegistry(routes)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, host, path string
		want             string // route name, "" for no match
	}{
		{"exact host beats longer wildcard path", "www.example.com", "/collect", "exact root"},
		{"longest path prefix", "img.example.com", "/collect/x", "wild collect"},
		{"segment match: /collector is not /collect", "img.example.com", "/collector", "wild root"},
		{"wildcard matches the apex", "example.com", "/collect", "wild collect"},
		{"wildcard does not match a mere suffix", "badexample.com", "/collect", ""},
		{"the longer *. domain wins over the earlier route", "x.b.example.com", "/a/b/c", "wild a/b second"},
		{"the shorter *. domain serves its other hosts", "x.example.com", "/a/b/c", "wild a/b first"},
		{"host compared case-insensitively, trailing dot ignored", "cdn.example.net.", "/js/app.js", "cdn js"},
		{"prefix ending in / needs the slash", "cdn.example.net", "/js", ""},
		{"unknown host", "tracker.example.org", "/", ""},
		{"name.* matches a country domain", "www.example.co.in", "/ads/x", "country ads"},
		{"name.* matches a one-label suffix", "www.example.se", "/ads", "country ads"},
		{"exact host beats name.*", "www.example.com", "/ads", "exact root"},
		{"name.* beats a *. domain", "www.example.com.au", "/ads", "country ads"},
		{"name.* needs the whole suffix to be public", "www.example.co.in.evil.org", "/ads", ""},
		{"name.* ignores the list's private section", "www.example.blogspot.com", "/ads", ""},
		{"name.* needs a known suffix", "www.example.nosuchtld", "/ads", ""},
		{"name.* needs the name whole", "xwww.example.se", "/ads", ""},
		{"a ; ends a segment", "ad.example.info", "/activity;src=1;type=a", "activity"},
		{"a ; ends only a whole segment", "ad.example.info", "/activityi;src=1", "wild net"},
		{"the longer *. domain beats the longer path", "1.fls.example.info", "/deep/path", "wild fls"},
		{"the shorter *. domain still matches its own hosts", "2.example.info", "/deep/path/x", "wild net deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt, ok := reg.Find(tt.host, tt.path)
			if got := rt.Name; got != tt.want || ok != (tt.want != "") {
				t.Errorf("Find(%q, %q) = %q, %v; want %q", tt.host, tt.path, got, ok, tt.want)
			}
		})
	}
}

func TestNewRegistryErrors(t *testing.T) {
	d := named("x")
	tests := []struct {
		name    string
		routes  []decode.Route
		wantErr string
	}{
		// Bad: the same host and path twice (host compared case-insensitively).
		{"duplicate row", []decode.Route{
			{Host: "a.example", Path: "/x", Name: "one", Decoder: d},
			{Host: "A.example", Path: "/x", Name: "two", Decoder: d},
		}, `decode: route 1 (two): duplicates route 0 (one): host "a.example" path "/x"`},
		// Bad: empty host.
		{"empty host", []decode.Route{{Host: "", Path: "/", Name: "e", Decoder: d}}, `decode: route 0 (e): malformed host ""`},
		// Bad: a wildcard in the middle.
		{"inner wildcard", []decode.Route{{Host: "a.*.example", Path: "/", Name: "w", Decoder: d}}, `decode: route 0 (w): malformed host "a.*.example"`},
		// Bad: a wildcard at both ends.
		{"wildcard at both ends", []decode.Route{{Host: "*.a.*", Path: "/", Name: "w", Decoder: d}}, `decode: route 0 (w): malformed host "*.a.*"`},
		// Bad: a name.* pattern with no name.
		{"no name before .*", []decode.Route{{Host: ".*", Path: "/", Name: "w", Decoder: d}}, `decode: route 0 (w): malformed host ".*"`},
		// Bad: a host with a path in it.
		{"host with path", []decode.Route{{Host: "a.example/x", Path: "/", Name: "p", Decoder: d}}, `decode: route 0 (p): malformed host "a.example/x"`},
		// Bad: relative path.
		{"relative path", []decode.Route{{Host: "a.example", Path: "tr", Name: "r", Decoder: d}}, `decode: route 0 (r): path "tr" does not start with /`},
		// Bad: no decoder.
		{"nil decoder", []decode.Route{{Host: "a.example", Path: "/", Name: "n"}}, `decode: route 0 (n): no decoder`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode.NewRegistry(tt.routes)
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("NewRegistry() error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestBuiltinIsFresh(t *testing.T) {
	a := decode.Builtin()
	a[0].Host = "changed.example"
	if b := decode.Builtin(); b[0].Host == "changed.example" {
		t.Error("Builtin() returned shared state: a change to one result shows in the next")
	}
	reg := newRegistry(t)
	routes := reg.Routes()
	routes[0].Host = "changed.example"
	if reg.Routes()[0].Host == "changed.example" {
		t.Error("Registry.Routes() returned the registry's own slice")
	}
}

func TestDecodeGeneric(t *testing.T) {
	e := &har.Entry{
		Index:           7,
		StartedDateTime: har.Time{Raw: "2023-06-14T10:12:03.123+01:00"},
		Request: har.Request{
			Method:  "post",
			URL:     "https://tracker.example.org:8443/p?a=1&b=x%20y#frag",
			Headers: []har.NameValue{{Name: "Cookie", Value: "uid=42"}},
			PostData: &har.PostData{
				MimeType: "application/json",
				Text:     `{"event":"view"}`,
			},
		},
	}
	e.StartedDateTime.T = mustTime(t, e.StartedDateTime.Raw)
	ev := decodeOne(t, newRegistry(t), e)
	want := decode.Event{
		Time:    har.Time{T: mustTime(t, "2023-06-14T09:12:03.123Z"), Raw: "2023-06-14T10:12:03.123+01:00"},
		Sources: []decode.Source{{File: "test.har", Entry: 7}},
		Index:   1,
		Vendor:  decode.VendorOther,
		Kind:    decode.KindRequest,
		Host:    "tracker.example.org",
		Method:  "POST",
		Path:    "/p",
		Params: []decode.Param{
			{Name: "a", Value: "1"},
			{Name: "b", Value: "x y"},
			{Name: "(body)", Value: `{"event":"view"}`, Label: "request body (application/json)", In: decode.InBody, Type: decode.DataUndecodedBody},
			{Name: "uid", Value: "42", In: decode.InCookie, Type: decode.DataCookie},
		},
		Cookies: decode.CookiesCaptured,
		Summary: "POST tracker.example.org/p (3 parameters)",
	}
	if diff := cmp.Diff(want, ev); diff != "" {
		t.Errorf("Decode() mismatch (-want +got):\n%s", diff)
	}
	if !ev.Time.T.Equal(want.Time.T) || ev.Time.T.Location().String() != "UTC" {
		t.Errorf("Time = %v, want %v in UTC", ev.Time.T, want.Time.T)
	}
}

func TestDecodeQueryStringFallback(t *testing.T) {
	// Bad: request.url without its query (some producers); queryString is the only record.
	e := get("https://tracker.example.org/p")
	e.Request.QueryString = []har.NameValue{{Name: "a", Value: "1"}}
	ev := decodeOne(t, newRegistry(t), e)
	if diff := cmp.Diff([][3]string{{"query", "a", "1"}}, nameValues(ev.Params)); diff != "" {
		t.Errorf("Params mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"request.url has no query; parameters read from request.queryString"}, ev.Warnings); diff != "" {
		t.Errorf("Warnings mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeNeverAborts(t *testing.T) {
	tests := []struct {
		name         string
		decoder      decode.Decoder
		wantKind     decode.Kind
		wantName     string
		wantWarnings []string
	}{
		// Bad: the decoder fails but returns what it decoded.
		{"error with events", decode.DecoderFunc(func(e *har.Entry) ([]decode.Event, error) {
			return []decode.Event{{Name: "partial", Kind: decode.KindEvent}}, errors.New("bad field")
		}), decode.KindEvent, "partial", []string{"test route decoder: bad field"}},
		// Bad: the decoder fails with nothing.
		{"error without events", decode.DecoderFunc(func(e *har.Entry) ([]decode.Event, error) {
			return nil, errors.New("unreadable")
		}), decode.KindRequest, "", []string{"test route decoder: unreadable"}},
		// Bad: the decoder panics.
		{"panic", decode.DecoderFunc(func(e *har.Entry) ([]decode.Event, error) {
			var m map[string]int
			m["x"] = 1
			return nil, nil
		}), decode.KindRequest, "", []string{"test route decoder: panic: assignment to entry in nil map"}},
		{"no events, no error", decode.DecoderFunc(func(e *har.Entry) ([]decode.Event, error) {
			return nil, nil
		}), decode.KindRequest, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg, err := decode.NewRegistry([]decode.Route{{Host: "t.example", Path: "/", Name: "test route", Decoder: tt.decoder}})
			if err != nil {
				t.Fatal(err)
			}
			ev := decodeOne(t, reg, get("https://t.example/x?q=1"))
			if ev.Kind != tt.wantKind || ev.Name != tt.wantName {
				t.Errorf("Kind, Name = %v, %q; want %v, %q", ev.Kind, ev.Name, tt.wantKind, tt.wantName)
			}
			if diff := cmp.Diff(tt.wantWarnings, ev.Warnings); diff != "" {
				t.Errorf("Warnings mismatch (-want +got):\n%s", diff)
			}
			// The registry fills the entry's facts whatever the decoder did.
			if ev.Host != "t.example" || ev.Path != "/x" || ev.Method != "GET" || len(ev.Sources) != 1 {
				t.Errorf("entry facts not filled: host %q path %q method %q sources %v", ev.Host, ev.Path, ev.Method, ev.Sources)
			}
		})
	}
}

func TestSetSHA256(t *testing.T) {
	evs := []decode.Event{
		{Sources: []decode.Source{{File: "a.har", Entry: 1}, {File: "b.har", Entry: 2}}},
		{Sources: []decode.Source{{File: "b.har", Entry: 3}}},
	}
	decode.SetSHA256(evs, "b.har", "beef")
	want := []decode.Event{
		{Sources: []decode.Source{{File: "a.har", Entry: 1}, {File: "b.har", SHA256: "beef", Entry: 2}}},
		{Sources: []decode.Source{{File: "b.har", SHA256: "beef", Entry: 3}}},
	}
	if diff := cmp.Diff(want, evs); diff != "" {
		t.Errorf("SetSHA256() mismatch (-want +got):\n%s", diff)
	}
}

func TestEnumsPrintThemselves(t *testing.T) {
	var names []string
	for _, v := range decode.Vendors() {
		names = append(names, v.String())
		back, err := decode.ParseVendor(strings.ToUpper(v.String()))
		if err != nil || back != v {
			t.Errorf("ParseVendor(%q) = %v, %v; want %v", v, back, err, v)
		}
	}
	want := "other meta ga4 ua google-ads tiktok linkedin x bing pinterest snap reddit" +
		// Google family (issue 18)
		" ga-classic ga-audiences floodlight google-tag google-ad-manager adsense google-optimize" +
		" adobe-analytics segment mixpanel amplitude heap hotjar clarity comscore nielsen chartbeat quantcast criteo yandex-metrica newrelic hubspot matomo pardot marketo salesforce taboola outbrain adobe-audience-manager xandr tradedesk magnite pubmatic openx index-exchange liveramp amazon-ads oracle-advertising tealium optimizely nativo crazyegg snowplow fullstory tapad lotame mediamath bidswitch yahoo neustar dynamic-yield"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("vendors = %q, want %q", got, want)
	}
	// Bad: unknown names and values.
	if _, err := decode.ParseVendor("facebook"); err == nil {
		t.Error("ParseVendor(\"facebook\") succeeded")
	}
	if _, err := decode.Vendor(99).MarshalText(); err == nil {
		t.Error("Vendor(99).MarshalText() succeeded")
	}
	for s, k := range map[string]decode.Kind{"event": decode.KindEvent, "installation": decode.KindInstallation, "duplicate": decode.KindDuplicate, "request": decode.KindRequest} {
		if got, err := decode.ParseKind(s); err != nil || got != k || k.String() != s {
			t.Errorf("ParseKind(%q) = %v, %v; String() = %q", s, got, err, k)
		}
	}
	if got := decode.CookiesNotCaptured.String(); got != "not captured" {
		t.Errorf("CookiesNotCaptured = %q", got)
	}
}
