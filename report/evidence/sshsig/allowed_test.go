package sshsig

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"
)

const edKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMZvHMLLkxa7eNJCH/3HogN5dC+dxoKscJbbdcFdaCMn"

// line is what the tests compare of an AllowedSigner: everything but
// the key, which is checked by its fingerprint.
type line struct {
	Line          int
	Principals    []string
	CertAuthority bool
	Namespaces    string
	ValidAfter    string
	ValidBefore   string
	Key           string
	Comment       string
}

func summarise(a *AllowedSigners) []line {
	var out []line
	for _, s := range a.Signers {
		l := line{Line: s.Line, Principals: s.Principals, CertAuthority: s.CertAuthority, Namespaces: s.Namespaces,
			Key: ssh.FingerprintSHA256(s.Key), Comment: s.Comment}
		if !s.ValidAfter.IsZero() {
			l.ValidAfter = s.ValidAfter.Format(time.RFC3339)
		}
		if !s.ValidBefore.IsZero() {
			l.ValidBefore = s.ValidBefore.Format(time.RFC3339)
		}
		out = append(out, l)
	}
	return out
}

const edFP = "SHA256:lfIKoNbEg3qNdNCwz+6E6UPIj7n1jvJ0AhIzxYuOtwI"

func TestParseAllowedSigners(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct {
		name string
		in   string
		want []line
		err  string // "" for none
	}{
		{"plain", "jane@example.org " + edKey + " jane's laptop\n",
			[]line{{Line: 1, Principals: []string{"jane@example.org"}, Key: edFP, Comment: "jane's laptop"}}, ""},
		{"comments and blanks", "# examiners\n\n   \n\tjane " + edKey + "\n",
			[]line{{Line: 4, Principals: []string{"jane"}, Key: edFP}}, ""},
		{"several principals", "jane@example.org,*@lab.example.org " + edKey,
			[]line{{Line: 1, Principals: []string{"jane@example.org", "*@lab.example.org"}, Key: edFP}}, ""},
		{"quoted principals", `"jane doe" ` + edKey,
			[]line{{Line: 1, Principals: []string{"jane doe"}, Key: edFP}}, ""},
		{"options", `jane namespaces="haruspex-evidence,file",valid-after="20250101",valid-before="20300101120000Z" ` + edKey,
			[]line{{Line: 1, Principals: []string{"jane"}, Namespaces: "haruspex-evidence,file",
				ValidAfter: "2025-01-01T00:00:00+01:00", ValidBefore: "2030-01-01T12:00:00Z", Key: edFP}}, ""},
		{"option case and quotes", `jane NameSpaces="a b\"c",VALID-AFTER="202501011230UTC" ` + edKey,
			[]line{{Line: 1, Principals: []string{"jane"}, Namespaces: `a b"c`, ValidAfter: "2025-01-01T12:30:00Z", Key: edFP}}, ""},
		{"cert-authority", `*@example.org cert-authority ` + edKey,
			[]line{{Line: 1, Principals: []string{"*@example.org"}, CertAuthority: true, Key: edFP}}, ""},
		{"crlf", "jane " + edKey + "\r\n",
			[]line{{Line: 1, Principals: []string{"jane"}, Key: edFP}}, ""},
		// A bad line is reported with its number; the good ones are kept.
		{"bad line among good", "jane " + edKey + "\nbob\njoe " + edKey + "\n",
			[]line{{Line: 1, Principals: []string{"jane"}, Key: edFP}, {Line: 3, Principals: []string{"joe"}, Key: edFP}},
			"allowed_signers:2: no key after the principals"},
		// OpenSSH requires quotes around option values.
		{"unquoted value", "jane namespaces=file " + edKey, nil, "allowed_signers:1: options: namespaces: value must be in double quotes"},
		{"unknown option", "jane no-touch-required " + edKey, nil, `allowed_signers:1: options: unknown option "no-touch-required"`},
		{"unknown valued option", `jane principals="x" ` + edKey, nil, `allowed_signers:1: options: unknown option "principals"`},
		{"option twice", `jane namespaces="a",namespaces="b" ` + edKey, nil, `allowed_signers:1: options: "namespaces" given twice`},
		{"trailing comma", `jane namespaces="a", ` + edKey, nil, "allowed_signers:1: options: ends in a comma"},
		{"junk after value", `jane namespaces="a"x ` + edKey, nil, `allowed_signers:1: options: "x" after namespaces's value`},
		{"unterminated quote", `jane namespaces="a ` + edKey, nil, "allowed_signers:1: options: unterminated quote"},
		{"bad time", `jane valid-after="2025" ` + edKey, nil, `allowed_signers:1: options: valid-after: time "2025": want YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, then Z for UTC`},
		{"impossible date", `jane valid-after="20251340" ` + edKey, nil, `allowed_signers:1: options: valid-after: time "20251340": parsing time "20251340": month out of range`},
		{"before not after", `jane valid-after="20300101Z",valid-before="20250101Z" ` + edKey, nil, "allowed_signers:1: options: valid-before is not after valid-after"},
		{"no key", `jane namespaces="a"`, nil, "allowed_signers:1: no key after the options"},
		{"bad base64", "jane ssh-ed25519 AAAA!", nil, `allowed_signers:1: "ssh-ed25519" key: base64: illegal base64 data at input byte 4`},
		{"short key", "jane ssh-ed25519 AAAA", nil, `allowed_signers:1: "ssh-ed25519" key: ssh: short read`},
		{"bad key after options", `jane namespaces="a" ssh-ed25519 AAAA`, nil, `allowed_signers:1: "ssh-ed25519" key: ssh: short read`},
		// The type in front must be the key's.
		{"type mismatch", `jane namespaces="a" ssh-rsa ` + strings.Fields(edKey)[1], nil,
			`allowed_signers:1: key type "ssh-rsa" does not match the key, which is ssh-ed25519`},
		{"empty principal", "jane,,bob " + edKey, nil, `allowed_signers:1: empty principal in "jane,,bob"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseAllowedSigners(strings.NewReader(tc.in), "allowed_signers", paris)
			got := ""
			if err != nil {
				got = err.Error()
				var le *LineError
				if !errors.As(err, &le) {
					t.Errorf("error %v is not a *LineError", err)
				}
			}
			if got != tc.err {
				t.Errorf("ParseAllowedSigners() error\n got %s\nwant %s", got, tc.err)
			}
			if diff := cmp.Diff(tc.want, summarise(a)); diff != "" {
				t.Errorf("ParseAllowedSigners() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFind(t *testing.T) {
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(edKey))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, file, ns string
		line           int    // the line found
		err            string // or the error
	}{
		{"listed", "jane " + edKey, ns, 1, ""},
		{"namespace matches", `jane namespaces="file,haruspex-*" ` + edKey, ns, 1, ""},
		{"first allowing line", `bob namespaces="git" ` + edKey + "\njane " + edKey, ns, 2, ""},
		{"not listed", "# nobody\n", ns, 0, "sshsig: key not allowed: ssh-ed25519 " + edFP + " is not in allowed_signers"},
		{"other namespace", `jane namespaces="git" ` + edKey, ns, 0,
			`sshsig: key not allowed: ssh-ed25519 ` + edFP + ` in allowed_signers: line 1 allows it only in namespaces "git"`},
		{"negated namespace", `jane namespaces="*,!haruspex-evidence" ` + edKey, ns, 0,
			`sshsig: key not allowed: ssh-ed25519 ` + edFP + ` in allowed_signers: line 1 allows it only in namespaces "*,!haruspex-evidence"`},
		{"not yet valid", `jane valid-after="20270101Z" ` + edKey, ns, 0,
			`sshsig: key not allowed: ssh-ed25519 ` + edFP + ` in allowed_signers: line 1: not valid until 2027-01-01T00:00:00Z`},
		{"expired", `jane valid-before="20260101Z" ` + edKey, ns, 0,
			`sshsig: key not allowed: ssh-ed25519 ` + edFP + ` in allowed_signers: line 1: expired at 2026-01-01T00:00:00Z`},
		{"valid window", `jane valid-after="20260101Z",valid-before="20270101Z" ` + edKey, ns, 1, ""},
		// A CA's key vouches for certificates it signed, not for itself.
		{"cert authority", `jane cert-authority ` + edKey, ns, 0,
			`sshsig: key not allowed: ssh-ed25519 ` + edFP + ` in allowed_signers: line 1 lists it as a certificate authority, which vouches only for certificates`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseAllowedSigners(strings.NewReader(tc.file), "allowed_signers", nil)
			if err != nil {
				t.Fatal(err)
			}
			s, err := a.Find(key, tc.ns, at)
			switch {
			case tc.err != "":
				if err == nil || err.Error() != tc.err || !errors.Is(err, ErrNotAllowed) {
					t.Errorf("Find() error\n got %v\nwant %s", err, tc.err)
				}
			case err != nil:
				t.Errorf("Find(): %v", err)
			case s.Line != tc.line:
				t.Errorf("Find() found line %d, want %d", s.Line, tc.line)
			}
		})
	}
}

func TestMatchPatternList(t *testing.T) {
	for _, tc := range []struct {
		s, list string
		want    bool
	}{
		{"haruspex-evidence", "haruspex-evidence", true},
		{"haruspex-evidence", "file,haruspex-evidence", true},
		{"haruspex-evidence", "haruspex-*", true},
		{"haruspex-evidence", "h?ruspex-evidenc?", true},
		{"haruspex-evidence", "*", true},
		{"haruspex-evidence", "*,!haruspex-*", false},
		{"haruspex-evidence", "!file", false}, // a negation alone matches nothing
		{"haruspex-evidence", "haruspex", false},
		{"haruspex-evidence", "Haruspex-Evidence", false}, // case matters
		{"haruspex-evidence", "", false},
		{"", "*", true},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*a*c", false},
	} {
		if got := MatchPatternList(tc.s, tc.list); got != tc.want {
			t.Errorf("MatchPatternList(%q, %q) = %v, want %v", tc.s, tc.list, got, tc.want)
		}
	}
}
