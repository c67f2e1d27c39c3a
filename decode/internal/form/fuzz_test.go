package form

import (
	"bufio"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/haruspex/haruspex/har/site"
)

// vectorsPath holds real tracker requests (see its header); tests that
// read it skip it when it is absent.
const vectorsPath = "../../../../shared/pixel-vectors.txt"

// vectorQueries returns the raw query of every request URL in
// pixel-vectors.txt, or nothing when the file is absent.
func vectorQueries() []string {
	f, err := os.Open(vectorsPath)
	if err != nil {
		return nil
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "https://") || strings.HasPrefix(line, "http://") {
			_, _, q := site.Split(line)
			qs = append(qs, q)
		}
	}
	return qs
}

// FuzzFields checks Fields on arbitrary strings against what it promises:
// one field per non-empty segment, valid UTF-8, the raw name as written,
// and, where OK, the same text as net/url's strict decoder. Seeds: the
// table of TestFields and the queries of ../shared/pixel-vectors.txt
// when present.
func FuzzFields(f *testing.F) {
	for _, tt := range fieldTests {
		f.Add(tt.in)
	}
	for _, q := range vectorQueries() {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		var segs []string
		for seg := range strings.SplitSeq(q, "&") {
			if seg != "" {
				segs = append(segs, seg)
			}
		}
		i := 0
		for fd := range Fields(q) {
			if i >= len(segs) {
				t.Fatalf("Fields(%q): more fields than the %d non-empty segments", q, len(segs))
			}
			k, v, _ := strings.Cut(segs[i], "=")
			i++
			if fd.RawName != k {
				t.Errorf("Fields(%q): RawName %q, want %q", q, fd.RawName, k)
			}
			if n, okn := Unescape(k, true); n != fd.Name {
				t.Errorf("Fields(%q): name %q, want %q", q, fd.Name, n)
			} else if val, okv := Unescape(v, true); val != fd.Value || fd.OK != (okn && okv) {
				t.Errorf("Fields(%q): %q = %q (OK %v), want %q (OK %v)", q, fd.Name, fd.Value, fd.OK, val, okn && okv)
			}
			if !utf8.ValidString(fd.Name) || !utf8.ValidString(fd.Value) {
				t.Errorf("Fields(%q): %q = %q is not UTF-8", q, fd.Name, fd.Value)
			}
			if !fd.OK {
				continue
			}
			// url.QueryUnescape rejects what Fields keeps, so compare
			// only where Fields says the escapes were good.
			wantName, err1 := url.QueryUnescape(k)
			wantValue, err2 := url.QueryUnescape(v)
			if err1 != nil || err2 != nil || fd.Name != wantName || fd.Value != wantValue {
				t.Errorf("Fields(%q): %q = %q, OK; net/url reads %q = %q (%v, %v)", q, fd.Name, fd.Value, wantName, wantValue, err1, err2)
			}
		}
		if i != len(segs) {
			t.Errorf("Fields(%q): %d fields, want %d", q, i, len(segs))
		}
	})
}

// FuzzUnescape checks Unescape against net/url: where it says ok, the
// text is what url.QueryUnescape (plus) or url.PathUnescape (no plus)
// returns; always, it is valid UTF-8, and a string with nothing to
// decode comes back as it is.
func FuzzUnescape(f *testing.F) {
	for _, s := range []string{"abc", "cd%5Bvalue%5D", "a+b", "%c3%a9", "100%", "%zz%4", "a%FFb%C3", "a\xffb", ""} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, plus bool) {
		got, ok := Unescape(s, plus)
		if !utf8.ValidString(got) {
			t.Fatalf("Unescape(%q, %v) = %q: not UTF-8", s, plus, got)
		}
		if !strings.ContainsAny(s, "%+") && utf8.ValidString(s) && (got != s || !ok) {
			t.Errorf("Unescape(%q, %v) = %q, %v; want it unchanged", s, plus, got, ok)
		}
		if !ok {
			return
		}
		want, err := url.PathUnescape(s)
		if plus {
			want, err = url.QueryUnescape(s)
		}
		if err != nil || got != want {
			t.Errorf("Unescape(%q, %v) = %q, ok; net/url: %q, %v", s, plus, got, want, err)
		}
	})
}

// rawNamesRef is RawNames as strings.SplitSeq and Cut give it.
func rawNamesRef(q string) []string {
	var out []string
	for seg := range strings.SplitSeq(q, "&") {
		if name, _, _ := strings.Cut(seg, "="); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// FuzzRawNames holds RawNames to strings.SplitSeq and Cut, and Escaped
// to strings.ContainsAny, on the queries of pixel-vectors.txt and
// arbitrary strings.
func FuzzRawNames(f *testing.F) {
	for _, q := range []string{"", "&", "a=1&&b&=c&%41+=d=e&", "cd%5Bx%5D=1&ud[em]=h"} {
		f.Add(q)
	}
	for _, q := range vectorQueries() {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		var got []string
		for name := range RawNames(q) {
			got = append(got, name)
			if Escaped(name) != strings.ContainsAny(name, "%+") {
				t.Fatalf("Escaped(%q) = %v", name, Escaped(name))
			}
		}
		if want := rawNamesRef(q); strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
			t.Fatalf("RawNames(%q) = %q, want %q", q, got, want)
		}
	})
}

// unescapeRef is Unescape as it was first written, byte by byte into a
// slice: the reference the run-by-run builder is held to.
func unescapeRef(s string, plus bool) (string, bool) {
	if !strings.ContainsRune(s, '%') && !(plus && strings.ContainsRune(s, '+')) {
		if utf8.ValidString(s) {
			return s, true
		}
		return escapeInvalidUTF8([]byte(s)), false
	}
	ok := true
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '%':
			ok = false
			b = append(b, c)
		case c == '+' && plus:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	if !utf8.Valid(b) {
		return escapeInvalidUTF8(b), false
	}
	return string(b), ok
}

// FuzzUnescapeRef holds Unescape to unescapeRef, exactly.
func FuzzUnescapeRef(f *testing.F) {
	for _, s := range []string{"abc", "cd%5Bvalue%5D", "a+b", "%c3%a9", "100%", "%zz%4", "a%FFb%C3", "a\xffb", "", "%", "%4", "+%2B+", "https%3A%2F%2Fwww.police.example%2Freport%2F"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, plus bool) {
		got, gotOK := Unescape(s, plus)
		want, wantOK := unescapeRef(s, plus)
		if got != want || gotOK != wantOK {
			t.Fatalf("Unescape(%q, %v) = %q, %v; want %q, %v", s, plus, got, gotOK, want, wantOK)
		}
	})
}
