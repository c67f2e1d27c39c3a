package sshsig

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seedSignatures are the armoured signatures in testdata.
func seedSignatures(f *testing.F) [][]byte {
	names, err := filepath.Glob("testdata/*.sig")
	if err != nil || len(names) == 0 {
		f.Fatalf("no testdata/*.sig: %v", err)
	}
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzUnarmor: any bytes give a blob or an error, never a panic, and a
// non-empty blob re-armoured reads back the same.
func FuzzUnarmor(f *testing.F) {
	for _, s := range seedSignatures(f) {
		f.Add(s)
		f.Add(s[:len(s)/2])
		f.Add(bytes.ReplaceAll(s, []byte("\n"), []byte("\r\n")))
	}
	f.Add([]byte(armorBegin + "\n" + armorEnd + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		blob, err := Unarmor(data)
		if err != nil || len(blob) == 0 {
			// An empty blob armours to a BEGIN line directly followed
			// by the END line, which neither OpenSSH nor Unarmor reads.
			return
		}
		again, err := Unarmor(Armor(blob))
		if err != nil || !bytes.Equal(again, blob) {
			t.Fatalf("Unarmor(Armor(blob)) = %x, %v; want %x", again, err, blob)
		}
	})
}

// FuzzParseSignature: any blob parses or errs, never panics; what parses
// marshals back to the same bytes (the reserved field aside, which is
// written empty) and Verify returns without panicking.
func FuzzParseSignature(f *testing.F) {
	for _, s := range seedSignatures(f) {
		blob, err := Unarmor(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(blob)
		f.Add(blob[:len(blob)-3])
	}
	msg, err := os.ReadFile("testdata/message")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, blob []byte) {
		sig, err := ParseSignature(blob)
		if err != nil {
			return
		}
		again, err := ParseSignature(sig.Marshal())
		if err != nil {
			t.Fatalf("ParseSignature(Marshal()) = %v", err)
		}
		if !bytes.Equal(again.Marshal(), sig.Marshal()) {
			t.Fatalf("Marshal is not stable")
		}
		_ = Verify(sig, ns, bytes.NewReader(msg))
	})
}

// FuzzParseAllowedSigners: any file parses line by line without panic;
// each line kept has a key and principals, and Find runs on it.
func FuzzParseAllowedSigners(f *testing.F) {
	b, err := os.ReadFile("testdata/allowed_signers")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	for _, l := range []string{
		"jane " + edKey,
		`"jane doe",*@lab namespaces="a,b",valid-after="20250101",valid-before="20300101120000Z" ` + edKey + " comment",
		`jane cert-authority,namespaces="a\"b" ` + edKey,
		`jane namespaces="a ` + edKey,
		"# comment\n\n",
		`jane valid-after="20251340" ` + edKey,
	} {
		f.Add(l)
	}
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, file string) {
		a, _ := ParseAllowedSigners(strings.NewReader(file), "fuzz", time.UTC)
		for _, s := range a.Signers {
			if s.Key == nil || len(s.Principals) == 0 || s.Line < 1 {
				t.Fatalf("line %d kept without key or principals: %+v", s.Line, s)
			}
			_, _ = a.Find(s.Key, ns, at)
		}
	})
}

// FuzzMatchPatternList: never panics, and a list that is the string
// itself matches.
func FuzzMatchPatternList(f *testing.F) {
	f.Add("haruspex-evidence", "file,haruspex-*")
	f.Add("a", "*,!a")
	f.Add("aaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*c")
	f.Fuzz(func(t *testing.T, s, list string) {
		MatchPatternList(s, list)
		if !strings.ContainsAny(s, ",*?") && !strings.HasPrefix(s, "!") && !MatchPatternList(s, s) {
			t.Fatalf("%q does not match itself", s)
		}
	})
}
