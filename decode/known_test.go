package decode_test

import (
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
		m := decode.Match{Param: param, Value: value, Algorithm: alg, Kind: kind, Known: "Test@Example.com", Normalised: "test@example.com"}
		if kind == "phone" {
			m.Known, m.Normalised = "+44 7700 900123", "447700900123"
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
			[]decode.Match{match("ud[ph]", "+44 7700 900123", "plain", "phone")}},
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
