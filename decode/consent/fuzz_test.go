package consent

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/haruspex/haruspex/har"
)

// checkSignals checks what every signal must satisfy: valid UTF-8 text
// (it goes into JSON and reports), a description, and enumerations in
// range.
func checkSignals(t *testing.T, sigs []Signal) {
	t.Helper()
	for _, s := range sigs {
		texts := []string{s.Raw, s.Description, s.Source, s.Where.Name, s.Macro}
		for _, p := range s.Purposes {
			texts = append(texts, p.Name, p.Note)
		}
		for _, d := range s.Details {
			texts = append(texts, d.Name, d.Value)
		}
		texts = append(texts, s.Warnings...)
		for _, x := range texts {
			if !utf8.ValidString(x) {
				t.Errorf("%s %s: text %q is not UTF-8", s.Kind, s.Where, x)
			}
		}
		if s.Description == "" {
			t.Errorf("%s %s (%q): no description", s.Kind, s.Where, s.Raw)
		}
		if _, err := s.Kind.MarshalText(); err != nil {
			t.Error(err)
		}
		if _, err := s.Choice.MarshalText(); err != nil {
			t.Error(err)
		}
		for _, p := range s.Purposes {
			if _, err := p.State.MarshalText(); err != nil {
				t.Error(err)
			}
		}
	}
}

// FuzzFromEntry feeds FromEntry arbitrary URLs, bodies and Cookie
// headers. Seeds: the requests of the session fixtures and the tables.
func FuzzFromEntry(f *testing.F) {
	f.Add("https://region1.google-analytics.com/g/collect?gcs=G100&gcd=13p3p3p3p5&npa=1&dma=1&gcu=1", "", "", "OptanonConsent=interactionCount=1&groups=C0001%3A1")
	f.Add("https://ads.example/?gdpr=1&gdpr_consent=CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA&gpp=DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN&gpp_sid=2", "", "", "euconsent-v2=CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA")
	f.Add("https://cmp.example/", "application/json", `{"__tcfapiReturn":{"returnValue":{"tcString":"CPXx"}},"a":[{"gppString":"DBABM"}]}`, "didomi_token=e30=")
	f.Add("https://www.facebook.com/tr/", "multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; name=\"dpo\"\r\n\r\nLDU\r\n--B--\r\n", "CookieConsent={stamp:%27-1%27%2Cmethod:%27implied%27}")
	f.Add("https://x.example/?us_privacy=${US_PRIVACY}&addtl_consent=2~1.2~dv.3", "text/plain", "gcs=G1x\ngcd=1", "CookieControl=%7B%22interactedWith%22%3Atrue%7D; cookieyes-consent=action:yes,analytics:no; uc_settings=%7B%7D")
	f.Fuzz(func(t *testing.T, url, mimeType, body, cookie string) {
		e := &har.Entry{Request: har.Request{Method: "GET", URL: url, Headers: []har.NameValue{{Name: "Cookie", Value: cookie}}}}
		if body != "" {
			e.Request.PostData = &har.PostData{MimeType: mimeType, Text: body, HasText: true}
		}
		checkSignals(t, FromEntry(e))
	})
}

// FuzzFromCookie feeds every CMP cookie reader arbitrary values.
func FuzzFromCookie(f *testing.F) {
	for name := range cmpCookies {
		f.Add(name, "")
	}
	f.Add("OptanonConsent", "interactionCount=0&groups=C0001%3A1%2CSTACK42%3A1&datestamp=Tue+Oct+19+2021+11%3A31%3A41+GMT%2B0800+(x)")
	f.Add("CookieConsent", "{stamp:%27x%27%2Cnecessary:true%2Ciab2:%27CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA%27}")
	f.Add("didomi_token", "eyJwdXJwb3NlcyI6eyJlbmFibGVkIjpbImNvb2tpZXMiXX19")
	f.Add("_cmpRepromptHash", "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA.1.KTvSi1ifP7BGbdpiCttXPA==")
	f.Add("uc_settings", `{"services":[{"id":"a","status":true,"history":[{"action":"onAcceptAllServices","timestamp":1,"type":"explicit"}]}]}`)
	f.Add("euconsent", "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA")
	f.Fuzz(func(t *testing.T, name, value string) {
		checkSignals(t, FromCookie(name, value))
	})
}

// FuzzParseGPP feeds ParseGPP arbitrary strings: it must not panic, and
// section IDs stay in the bounds the reader enforces.
func FuzzParseGPP(f *testing.F) {
	for _, s := range []string{"DBABM~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA", "DBACNY~x~1YNN", "DBABjw~~1YNN", "DBACNYA", "D", "DBA_____"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, _ := ParseGPP(s)
		if g == nil {
			return
		}
		if len(g.Sections) > 4096*65 {
			t.Errorf("ParseGPP(%q): %d sections", s, len(g.Sections))
		}
		for _, sec := range g.Sections {
			if sec.ID < 0 || sec.ID > 1000 {
				t.Errorf("ParseGPP(%q): section ID %d out of bounds", s, sec.ID)
			}
		}
	})
}

// FuzzParseGCD checks that ParseGCD never panics and reads at most four
// types.
func FuzzParseGCD(f *testing.F) {
	for _, s := range []string{"11p1p1p1p5", "13l3l3l3l1l1", "11r1u", "1", "", "13v3v3v3v5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, _ := ParseGCD(s)
		if len(g.Types) > 4 {
			t.Errorf("ParseGCD(%q): %d types", s, len(g.Types))
		}
		ParseGCS(s)
		ParseUSPrivacy(s)
	})
}

// TestCorpus reads the real HAR files of ../../../shared/corpus (when
// present) and checks every signal found. pagexray__ferguson.har (Chrome
// 97, 2022) holds ad-sync requests with gdpr= and gdpr_consent= empty.
func TestCorpus(t *testing.T) {
	dir := "../../../shared/corpus"
	files, _ := filepath.Glob(filepath.Join(dir, "*.har"))
	if len(files) == 0 {
		t.Skipf("no corpus at %s", dir)
	}
	counts := map[string]int{}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r := har.NewReader(f)
		for {
			e, err := r.Next()
			if err != nil {
				break
			}
			sigs := FromEntry(e)
			checkSignals(t, sigs)
			for _, s := range sigs {
				counts[filepath.Base(path)+" "+s.Kind.String()]++
			}
		}
		f.Close()
	}
	if counts["pagexray__ferguson.har gdpr"] == 0 || counts["pagexray__ferguson.har tcf"] == 0 {
		t.Errorf("ferguson.har: found %v; want its empty gdpr and gdpr_consent parameters", counts)
	}
	t.Logf("signals found: %v", counts)
}

// FuzzMayNameJSONSignal holds the test that passes JSON bodies over
// without reading them to what reading them finds: a body it passes over
// has no signal.
func FuzzMayNameJSONSignal(f *testing.F) {
	for _, s := range []string{
		`{"__tcfapiReturn":{"returnValue":{"tcString":"CPXx"}},"a":[{"gppString":"DBABM"}]}`,
		`{"TC_STRING":"CPXx"}`, `{"tc\u0073tring":"CPXx"}`, `{"usprİvacy":"1YNN"}`, `{"Us_Privacy":"1---"}`,
		`{"event":"Purchase","custom_data":{"value":12}}`, `[{"addtlConsent":"2~1.2~dv.3"}]`, `{"x":"consent"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !mayNameJSONSignal(text) {
			if sigs := readJSON(text); len(sigs) > 0 {
				t.Fatalf("%q passed over, but it has %d signals (first: %s %s)", text, len(sigs), sigs[0].Kind, sigs[0].Where)
			}
		}
	})
}

func TestMayNameJSONSignal(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{`{"event":"Purchase","custom_data":{"value":12}}`, false},
		{`{"tcString":"CPXx"}`, true},
		{`{"TCSTRING":"CPXx"}`, true},
		{`{"US_PRIVACY":"1YNN"}`, true},
		{`{"addtl_consent":"2~1"}`, true},
		{`{"tc\u0073tring":"CPXx"}`, true}, // an escape may spell a name
		{`{"usprİvacy":"1YNN"}`, true},     // İ lower-cases to i
		{`{"page":"Le café"}`, true},       // any byte outside ASCII: read
		{``, false},
	} {
		if got := mayNameJSONSignal(c.text); got != c.want {
			t.Errorf("mayNameJSONSignal(%q) = %v, want %v", c.text, got, c.want)
		}
		if !c.want && len(readJSON(c.text)) > 0 {
			t.Errorf("%q: passed over, but reading it finds signals", c.text)
		}
	}
	// The cases the test must let through do hold signals.
	for _, text := range []string{`{"tc\u0073tring":"CPXx"}`, `{"usprİvacy":"1YNN"}`, `{"TCSTRING":"CPXx"}`} {
		if len(readJSON(text)) == 0 {
			t.Errorf("readJSON(%q): no signal", text)
		}
	}
}
