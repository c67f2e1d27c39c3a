package decode_test

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
)

func TestNormalise(t *testing.T) {
	tests := []struct {
		name, fn, in, want string
	}{
		{"email trimmed and lower-cased", "email", "  Jane.Doe@Example.COM\t", "jane.doe@example.com"},
		{"phone digits only", "phone", "+44 (7700) 900-123", "447700900123"},
		{"phone leading zeros (international prefix) removed", "phone", "0044 7700 900123", "447700900123"},
		{"phone letters removed", "phone", "tel: +1 555 0100 ext", "15550100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decode.NormaliseEmail(tt.in)
			if tt.fn == "phone" {
				got = decode.NormalisePhone(tt.in)
			}
			if got != tt.want {
				t.Errorf("Normalise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNewKnownPIIErrors(t *testing.T) {
	// Bad: an e-mail address without "@".
	if _, err := decode.NewKnownPII([]string{"jane.example.com"}, nil); err == nil || err.Error() != `decode: known e-mail "jane.example.com": not an e-mail address` {
		t.Errorf("NewKnownPII(bad e-mail) error = %v", err)
	}
	// Bad: a phone number without digits.
	if _, err := decode.NewKnownPII(nil, []string{"+ ( )"}); err == nil || err.Error() != `decode: known phone "+ ( )": no digits` {
		t.Errorf("NewKnownPII(bad phone) error = %v", err)
	}
	for _, tt := range []struct {
		name string
		v    decode.KnownValues
		want string
	}{
		// Bad: without its country code a number is ambiguous.
		{"national phone number", decode.KnownValues{Phones: []string{"07700 900123"}}, `decode: known phone "07700 900123": a national number: give it with its country code (+44 7700 900123, not 07700 900123)`},
		// Bad: zeros only.
		{"zeros", decode.KnownValues{Phones: []string{"+00 000"}}, `decode: known phone "+00 000": no digits`},
		// Bad: nothing to hash.
		{"name of punctuation", decode.KnownValues{Names: []string{" -' "}}, `decode: known name " -' ": no letters or digits`},
		{"empty postcode", decode.KnownValues{Postcodes: []string{"  "}}, `decode: known postcode "  ": no letters or digits`},
		{"city without letters", decode.KnownValues{Cities: []string{"—"}}, `decode: known city "—": no letters or digits`},
	} {
		if _, err := decode.NewKnownPIIFrom(tt.v); err == nil || err.Error() != tt.want {
			t.Errorf("NewKnownPIIFrom(%s) error = %v, want %s", tt.name, err, tt.want)
		}
	}
}

func TestKnownPIIMark(t *testing.T) {
	const (
		// SHA-256 and MD5 of "test@example.com", SHA-256 of "447700900123".
		emailSHA = "973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b"
		emailMD5 = "55502f40dc8b7c769880b10874abc9d0"
		phoneSHA = "033134b911b137918338415ee3d20a064b24773d36a3b02e8b99fdd3fcd6b4cd"
	)
	known, err := decode.NewKnownPII([]string{"Test@Example.com"}, []string{"+44 7700 900123"})
	if err != nil {
		t.Fatal(err)
	}
	match := func(param, value, alg, kind string) decode.Match {
		m := decode.Match{Param: param, Value: value, Algorithm: alg, Kind: kind, Known: "Test@Example.com", Normalised: "test@example.com",
			Form: "trimmed and lower-cased (Meta's and Google's normalisation)"}
		if kind == "phone" {
			m.Known, m.Normalised, m.Form = "+44 7700 900123", "447700900123", "E.164 without + (Meta's normalisation)"
		}
		return m
	}
	tests := []struct {
		name string
		url  string
		want []decode.Match
	}{
		{"ud and aud SHA-256, upper-case hex too", "https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=" + emailSHA + "&aud[em]=973DFE463EC85785F5F95AF5BA3906EEDB2D931C24E69824A89EA65DBA4E813B",
			[]decode.Match{match("ud[em]", emailSHA, "sha256", "email"), match("aud[em]", "973DFE463EC85785F5F95AF5BA3906EEDB2D931C24E69824A89EA65DBA4E813B", "sha256", "email")}},
		{"MD5 passed through", "https://www.facebook.com/tr/?id=1&ev=Lead&ud[external_id]=" + emailMD5,
			[]decode.Match{match("ud[external_id]", emailMD5, "md5", "email")}},
		{"phone hash", "https://www.facebook.com/tr/?id=1&ev=Lead&udff[ph]=" + phoneSHA,
			[]decode.Match{match("udff[ph]", phoneSHA, "sha256", "phone")}},
		{"plain-text e-mail anywhere", "https://www.facebook.com/tr/?id=1&ev=Lead&cd[contact]=%20TEST%40example.com",
			[]decode.Match{match("cd[contact]", "TEST@example.com", "plain", "email")}},
		{"plain-text phone in a phone field", "https://www.facebook.com/tr/?id=1&ev=Lead&ud[ph]=%2B44%207700%20900123",
			[]decode.Match{{Param: "ud[ph]", Value: "+44 7700 900123", Algorithm: "plain", Kind: "phone", Known: "+44 7700 900123", Normalised: "+44 7700 900123", Form: "international format, as written"}}},
		// Bad: digits that equal the phone outside a phone field are not claimed.
		{"phone digits elsewhere", "https://www.facebook.com/tr/?id=1&ev=Lead&cd[order]=447700900123", nil},
		// Bad: someone else's hash.
		{"no match", "https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=" + sha256Test, nil},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := decodeOne(t, reg, get(tt.url))
			known.Mark(&ev)
			known.Mark(&ev) // twice: nothing new
			if diff := cmp.Diff(tt.want, ev.Matches); diff != "" {
				t.Errorf("Matches mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// sha256Of returns the SHA-256 of s in hex, as a site sends it.
func sha256Of(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// md5Hex returns the MD5 of s in hex.
func md5Hex(s string) string {
	h := md5.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

// knownCase is one value sent (hashed or not) in one parameter, and the
// match expected: the form of the known value it is, or none.
type knownCase struct {
	name       string
	url        string // the request; the value is in it
	param      string // the parameter the match names
	value      string // the value as sent
	alg        string
	normalised string // "" when no match is expected
	form       string
}

// runKnownCases decodes each case's request, marks it with known, and
// compares the matches.
func runKnownCases(t *testing.T, known *decode.KnownPII, kind, given string, tests []knownCase) {
	t.Helper()
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := decodeOne(t, reg, get(tt.url))
			known.Mark(&ev)
			var want []decode.Match
			if tt.normalised != "" {
				want = []decode.Match{{Param: tt.param, Value: tt.value, Algorithm: tt.alg, Kind: kind, Known: given, Normalised: tt.normalised, Form: tt.form}}
			}
			if diff := cmp.Diff(want, ev.Matches); diff != "" {
				t.Errorf("Matches mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// ud returns a pixel request carrying v in ud[field].
func ud(field, v string) string {
	return "https://www.facebook.com/tr/?id=1&ev=Lead&ud[" + field + "]=" + url.QueryEscape(v)
}

// ga4em returns a GA4 hit carrying user-provided data (em=tv.1~…), as
// gtag.js sends enhanced-conversion data: fields named em, pn, fn, ln,
// ct, pc (read into em.ph, em.fn, em.zp …).
func ga4em(field, v string) string {
	return "https://region1.google-analytics.com/g/collect?v=2&tid=G-X&en=purchase&em=" + url.QueryEscape("tv.1~"+field+"."+v)
}

// TestKnownPhoneFormats is the table of phone formats × normalisations:
// a known number, given once with its country code, is found whichever
// way a site or tracker wrote it before hashing, and the match says which.
// The national formats are libphonenumber's.
func TestKnownPhoneFormats(t *testing.T) {
	const (
		meta     = "E.164 without + (Meta's normalisation)"
		google   = "E.164 with + (Google's normalisation)"
		natDig   = "national number, digits only (the country code left out)"
		natMeta  = "national number without leading zeros (Meta's normalisation of a number typed without its country code)"
		natWrite = "national format, as written"
		intWrite = "international format, as written"
	)
	t.Run("UK mobile", func(t *testing.T) {
		given := "+44 7700 900123"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Phones: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "phone", given, []knownCase{
			{"E.164 digits hashed (Meta Pixel)", ud("ph", sha256Of("447700900123")), "ud[ph]", sha256Of("447700900123"), "sha256", "447700900123", meta},
			{"E.164 with + hashed (Google, GA4 user-provided data)", ga4em("pn", sha256Of("+447700900123")), "em.ph", sha256Of("+447700900123"), "sha256", "+447700900123", google},
			{"national digits hashed", ud("ph", sha256Of("07700900123")), "ud[ph]", sha256Of("07700900123"), "sha256", "07700900123", natDig},
			{"national number as Meta normalises it", ud("ph", sha256Of("7700900123")), "ud[ph]", sha256Of("7700900123"), "sha256", "7700900123", natMeta},
			{"national format MD5, in any parameter", "https://www.facebook.com/tr/?id=1&ev=Lead&cd[tel]=" + md5Hex("07700 900123"), "cd[tel]", md5Hex("07700 900123"), "md5", "07700 900123", natWrite},
			{"international format in plain text", ud("ph", "+44 7700 900123"), "ud[ph]", "+44 7700 900123", "plain", "+44 7700 900123", intWrite},
			{"national format in plain text", ud("ph", "07700 900123"), "ud[ph]", "07700 900123", "plain", "07700 900123", natWrite},
			{"international prefix 00, dashes, in plain text", ud("ph", "0044-7700-900123"), "ud[ph]", "0044-7700-900123", "plain", "447700900123", meta},
			// Bad: another number.
			{"another number", ud("ph", sha256Of("447700900124")), "", "", "", "", ""},
			// Bad: the digits in a field that is no phone field are not claimed.
			{"digits outside a phone field", "https://www.facebook.com/tr/?id=1&ev=Lead&cd[order]=07700900123", "", "", "", "", ""},
		})
	})
	t.Run("Italian landline: the leading zero is part of the number", func(t *testing.T) {
		given := "+39 06 1234 5678"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Phones: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "phone", given, []knownCase{
			{"E.164 digits keep the zero", ud("ph", sha256Of("390612345678")), "ud[ph]", sha256Of("390612345678"), "sha256", "390612345678", meta},
			{"national digits", ud("ph", sha256Of("0612345678")), "ud[ph]", sha256Of("0612345678"), "sha256", "0612345678", natDig},
			{"national number as Meta's pixel strips it", ud("ph", sha256Of("612345678")), "ud[ph]", sha256Of("612345678"), "sha256", "612345678", natMeta},
		})
	})
	t.Run("US number: no trunk prefix", func(t *testing.T) {
		given := "+1 (201) 555-0123"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Phones: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "phone", given, []knownCase{
			{"E.164 digits", ud("ph", sha256Of("12015550123")), "ud[ph]", sha256Of("12015550123"), "sha256", "12015550123", meta},
			{"national digits are already Meta's form", ud("ph", sha256Of("2015550123")), "ud[ph]", sha256Of("2015550123"), "sha256", "2015550123", natDig + " = " + natMeta},
			{"national format in plain text (TikTok's field)", "https://analytics.tiktok.com/api/v2/pixel?context.user.phone_number=" + url.QueryEscape("(201) 555-0123"),
				"context.user.phone_number", "(201) 555-0123", "plain", "(201) 555-0123", natWrite},
		})
	})
}

// TestKnownNamesPostcodesCities checks names, postcodes and cities hashed
// as Meta and Google normalise them, and sent in plain text where Google
// sends them so (city and postal code are not hashed).
func TestKnownNamesPostcodesCities(t *testing.T) {
	const (
		metaName   = "lower-case without spaces or punctuation (Meta's normalisation of fn and ln)"
		latinName  = "lower-case without spaces, punctuation or accents (the Latin form Meta recommends)"
		googleName = "trimmed and lower-cased (Google's normalisation)"
	)
	t.Run("name", func(t *testing.T) {
		given := "José O'Brien-Núñez"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Names: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "name", given, []knownCase{
			{"first name as Meta normalises it", ud("fn", sha256Of("josé")), "ud[fn]", sha256Of("josé"), "sha256", "josé", metaName + " = " + googleName},
			{"first name without its accent", ud("fn", sha256Of("jose")), "ud[fn]", sha256Of("jose"), "sha256", "jose", latinName},
			{"last name as Meta normalises it", ud("ln", sha256Of("obriennúñez")), "ud[ln]", sha256Of("obriennúñez"), "sha256", "obriennúñez", metaName},
			{"last name as Google normalises it (GA4)", ga4em("ln", sha256Of("o'brien-núñez")), "em.ln", sha256Of("o'brien-núñez"), "sha256", "o'brien-núñez", googleName},
			{"whole name, Latin letters", ud("fn", sha256Of("joseobriennunez")), "ud[fn]", sha256Of("joseobriennunez"), "sha256", "joseobriennunez", latinName},
			{"first name in plain text, upper case", ud("fn", "JOSÉ"), "ud[fn]", "JOSÉ", "plain", "josé", metaName + " = " + googleName},
			// Bad: a name in plain text outside a name field is not claimed.
			{"name outside a name field", "https://www.facebook.com/tr/?id=1&ev=Lead&cd[author]=jos%C3%A9", "", "", "", "", ""},
			// Bad: another name.
			{"another name", ud("fn", sha256Of("joseph")), "", "", "", "", ""},
		})
	})
	t.Run("UK postcode", func(t *testing.T) {
		given := "SW1A 1AA"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Postcodes: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "postcode", given, []knownCase{
			{"Meta Pixel's form keeps the space", ud("zp", sha256Of("sw1a 1aa")), "ud[zp]", sha256Of("sw1a 1aa"), "sha256", "sw1a 1aa", "lower-case, cut at the first dash (Meta Pixel's normalisation)"},
			{"without the space (Conversions API)", ud("zp", sha256Of("sw1a1aa")), "ud[zp]", sha256Of("sw1a1aa"), "sha256", "sw1a1aa", "lower-case without spaces or dash (Meta's Conversions API normalisation)"},
			{"sector only", ud("zp", sha256Of("sw1a1")), "ud[zp]", sha256Of("sw1a1"), "sha256", "sw1a1", "UK postcode cut to its area, district and sector (a coarser form some sites send)"},
			{"unhashed, as Google sends it (GA4)", ga4em("pc", "SW1A 1AA"), "em.zp", "SW1A 1AA", "plain", "SW1A 1AA", "as given (Google sends postal codes unhashed)"},
			{"plain text written otherwise", ud("zp", "sw1a1aa"), "ud[zp]", "sw1a1aa", "plain", "sw1a1aa", "lower-case without spaces or dash (Meta's Conversions API normalisation)"},
			// Bad: another postcode.
			{"another postcode", ud("zp", sha256Of("sw1a 2aa")), "", "", "", "", ""},
		})
	})
	t.Run("US ZIP+4", func(t *testing.T) {
		given := "94035-1234"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Postcodes: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "postcode", given, []knownCase{
			{"five digits", ud("zp", sha256Of("94035")), "ud[zp]", sha256Of("94035"), "sha256", "94035",
				"lower-case, cut at the first dash (Meta Pixel's normalisation) = lower-case without spaces or dash (Meta's Conversions API normalisation)"},
			{"ZIP+4 as given", ud("zp", sha256Of("94035-1234")), "ud[zp]", sha256Of("94035-1234"), "sha256", "94035-1234", "as given (Google sends postal codes unhashed)"},
		})
	})
	t.Run("city", func(t *testing.T) {
		given := "São Paulo"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Cities: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "city", given, []knownCase{
			{"Meta drops the non-Latin letter", ud("ct", sha256Of("sopaulo")), "ud[ct]", sha256Of("sopaulo"), "sha256", "sopaulo",
				"lower-case, Latin letters and digits only (Meta Pixel's normalisation) = lower-case, letters a–z only (Meta's Conversions API Gateway)"},
			{"accents removed", ud("ct", sha256Of("saopaulo")), "ud[ct]", sha256Of("saopaulo"), "sha256", "saopaulo", "lower-case, accents removed, letters only (the Latin form Meta recommends)"},
			{"unhashed, as Google sends it (GA4)", ga4em("ct", "são paulo"), "em.ct", "são paulo", "plain", "são paulo", "trimmed and lower-cased (Google sends cities unhashed)"},
			{"plain text without accents", ud("ct", "Sao Paulo"), "ud[ct]", "Sao Paulo", "plain", "saopaulo", "lower-case, accents removed, letters only (the Latin form Meta recommends)"},
			// Bad: another city.
			{"another city", ud("ct", sha256Of("rio")), "", "", "", "", ""},
		})
	})
	t.Run("Gmail address", func(t *testing.T) {
		given := "Jane.Doe@gmail.com"
		known, err := decode.NewKnownPIIFrom(decode.KnownValues{Emails: []string{given}})
		if err != nil {
			t.Fatal(err)
		}
		runKnownCases(t, known, "email", given, []knownCase{
			{"Meta's form", ud("em", sha256Of("jane.doe@gmail.com")), "ud[em]", sha256Of("jane.doe@gmail.com"), "sha256", "jane.doe@gmail.com", "trimmed and lower-cased (Meta's and Google's normalisation)"},
			{"Google's form without the dots", ga4em("em", sha256Of("janedoe@gmail.com")), "em.em", sha256Of("janedoe@gmail.com"), "sha256", "janedoe@gmail.com", "Gmail address without the dots in its name (Google's normalisation)"},
			{"hashed as typed", ud("em", sha256Of("Jane.Doe@gmail.com")), "ud[em]", sha256Of("Jane.Doe@gmail.com"), "sha256", "Jane.Doe@gmail.com", "as given, not normalised"},
		})
	})
}

// FuzzKnownPII gives the normalisers arbitrary known values and values
// sent (in a field for them, and hashed elsewhere): no panic, every match
// names its kind and form, and a known value sent hashed as given in a
// field of its kind is found unless the value was refused. Seeds: the
// test tables.
func FuzzKnownPII(f *testing.F) {
	for _, s := range [][2]string{
		{"+44 7700 900123", "07700 900123"}, {"+39 06 1234 5678", "612345678"}, {"+1 (201) 555-0123", "(201) 555-0123"},
		{"José O'Brien-Núñez", "JOSÉ"}, {"SW1A 1AA", "sw1a1aa"}, {"94035-1234", "94035"}, {"São Paulo", "Sao Paulo"},
		{"Jane.Doe@gmail.com", "janedoe@gmail.com"}, {"\xff\xfe", "\x00"}, {"+999 1", "1"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, given, sent string) {
		for _, tc := range []struct {
			field string
			v     decode.KnownValues
		}{
			{"em", decode.KnownValues{Emails: []string{given}}},
			{"ph", decode.KnownValues{Phones: []string{given}}},
			{"fn", decode.KnownValues{Names: []string{given}}},
			{"zp", decode.KnownValues{Postcodes: []string{given}}},
			{"ct", decode.KnownValues{Cities: []string{given}}},
		} {
			known, err := decode.NewKnownPIIFrom(tc.v)
			if err != nil {
				continue
			}
			for _, v := range []string{sent, given} {
				ev := decode.Event{Params: []decode.Param{{Name: "ud[" + tc.field + "]", Value: v}, {Name: "cd[x]", Value: sha256Of(v)}}}
				known.Mark(&ev)
				known.Mark(&ev)
				for _, m := range ev.Matches {
					if m.Form == "" || m.Kind == "" {
						t.Errorf("match %+v has no form or kind", m)
					}
				}
			}
			// Every kind keeps a form of the value trimmed (as given, or
			// lower-cased for names): its hash is always found.
			trimmed := strings.TrimSpace(given)
			if tc.field == "fn" {
				trimmed = strings.ToLower(trimmed)
			}
			ev := decode.Event{Params: []decode.Param{{Name: "cd[x]", Value: sha256Of(trimmed)}}}
			known.Mark(&ev)
			if len(ev.Matches) == 0 {
				t.Errorf("%s %q: the SHA-256 of %q was not found", tc.field, given, trimmed)
			}
		}
	})
}

// TestKnownPIIRealLead marks the real Lead request of pixel-vectors M21
// (fbevents 2.9.345, a stape template): its ud[]/aud[] hashes are those of
// the e-mail test@test.de and of the name "test" for both first and last
// name, as Meta normalises them.
func TestKnownPIIRealLead(t *testing.T) {
	known, err := decode.NewKnownPIIFrom(decode.KnownValues{Emails: []string{"test@test.de"}, Names: []string{"Test"}})
	if err != nil {
		t.Fatal(err)
	}
	ev := decodeOne(t, newRegistry(t), post("https://www.facebook.com/tr/", "application/x-www-form-urlencoded", vecM21))
	known.Mark(&ev)
	var got []string
	for _, m := range ev.Matches {
		got = append(got, m.Param+" "+m.Kind+" "+m.Normalised)
	}
	want := []string{
		"ud[em] email test@test.de", "ud[fn] name test", "ud[ln] name test",
		"aud[em] email test@test.de", "aud[fn] name test", "aud[ln] name test",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Matches mismatch (-want +got):\n%s", diff)
	}
}

// BenchmarkKnownPIIMark marks the events of the real Lead of M21 (26
// personal-data parameters) and a button click, with two known e-mail
// addresses and two phone numbers: the work the report store does for
// every event when --known-… is given.
func BenchmarkKnownPIIMark(b *testing.B) {
	known, err := decode.NewKnownPII([]string{"jane.doe@example.com", "test@test.de"}, []string{"+44 7700 900123", "+49 170 1234567"})
	if err != nil {
		b.Fatal(err)
	}
	reg := newRegistry(b)
	var evs []decode.Event
	evs = append(evs, reg.Decode("a.har", post("https://www.facebook.com/tr/", "application/x-www-form-urlencoded", vecM21))...)
	evs = append(evs, reg.Decode("a.har", get(vecM20))...)
	b.ReportAllocs()
	for b.Loop() {
		for i := range evs {
			ev := evs[i]
			ev.Matches = nil
			known.Mark(&ev)
		}
	}
}
