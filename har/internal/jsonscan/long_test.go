package jsonscan

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// testLong shortens strings of more than 64 bytes to 4 bytes a part and
// 12 in all, with a marker that names what it stands for. (Strings of
// up to 64 bytes without escapes are never looked at: PlainEnd.)
var testLong = Long{Limit: 64, Part: 4, Total: 12, Mark: func(cut, size int64, sum []byte) string {
	return fmt.Sprintf("<cut %d of %d>", cut, size)
}}

// refShorten is the rule of [Long] applied token by token to a string's
// content held whole (what the walk does as the input comes): the
// content it keeps with its markers, the decoded size and the SHA-256.
func refShorten(content []byte, rule Long) (string, int64, [32]byte, error) {
	var d strDecoder
	type token struct{ dec, raw string }
	var toks []token
	var decoded []byte
	for i := 0; i < len(content); {
		tok, n, closing, err := d.next(content, i, true)
		if err != nil {
			return "", 0, [32]byte{}, err
		}
		if closing {
			return "", 0, [32]byte{}, fmt.Errorf("a quote in the content")
		}
		toks = append(toks, token{string(tok), string(content[i : i+n])})
		decoded = append(decoded, tok...)
		i += n
	}
	sum := sha256.Sum256(decoded)
	size := int64(len(decoded))
	if size <= int64(rule.Limit) {
		return string(content), size, sum, nil
	}
	var out strings.Builder
	var kept, part, cut int64
	pct, last := 0, false
	for _, t := range toks {
		if t.dec == "&" {
			part = 0
		}
		var keep bool
		switch {
		case pct > 0 && len(t.dec) == 1 && isHex(t.dec[0]):
			keep, pct = true, (pct+1)%3
		case len(t.dec) == 1 && t.dec[0] >= 0x80 && t.dec[0] < 0xc0 && last:
			keep, pct = true, 0
		default:
			pct = 0
			keep = part < int64(rule.Part) && kept < int64(rule.Total)
			if keep && t.dec == "%" {
				pct = 1
			}
		}
		last = keep
		if !keep {
			cut += int64(len(t.dec))
			continue
		}
		if cut > 0 {
			out.WriteString(rule.Mark(cut, size, sum[:]))
			cut = 0
		}
		out.WriteString(t.raw)
		kept += int64(len(t.dec))
		part += int64(len(t.dec))
	}
	if cut > 0 {
		out.WriteString(rule.Mark(cut, size, sum[:]))
	}
	return out.String(), size, sum, nil
}

// walkLong walks the first value of in (read through wrap) with rule,
// and the offset after it.
func walkLong(in []byte, wrap func([]byte) *Scanner, rule Long) (string, []Shortened, int64, error) {
	s := wrap(in)
	s.Long = rule
	raw, err := s.Walk(&Walk{Schema: testSchema, Check: true, Spans: make([]Span, 2)})
	return string(raw), append([]Shortened(nil), s.Shortened...), s.Offset(), err
}

func TestLongStrings(t *testing.T) {
	as := strings.Repeat("A", 100)
	for _, tc := range []struct {
		name, content string
		want          string // the shortened content
	}{
		{"short: kept whole", as[:64], as[:64]},
		{"short decoded, long written", strings.Repeat(`\u00e9`, 32), strings.Repeat(`\u00e9`, 32)},
		{"one part", as, "AAAA<cut 96 of 100>"},
		{"parameters kept around a long one", "a=1&b=" + as + "&c=3", "a=1&b=A<cut 99 of 110>&c=3"},
		{"total reached", "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=0&k=1&l=2&m=3&n=4&o=5&p=6&q=7", "a=1&b=2&c=3&<cut 55 of 67>"},
		{"%XX escapes not split", strings.Repeat("%41", 22), "%41%41<cut 60 of 66>"},
		{"UTF-8 characters not split", strings.Repeat("é", 33), "éé<cut 62 of 66>"},
		{"escapes kept as written", `\"\"\"\"` + as, `\"\"\"\"<cut 100 of 104>`},
		{"surrogate pairs", strings.Repeat(`\ud83d\ude00`, 17), `\ud83d\ude00<cut 64 of 68>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, size, sum, err := refShorten([]byte(tc.content), testLong)
			if err != nil {
				t.Fatal(err)
			}
			var dec string
			if err := json.Unmarshal([]byte(`"`+tc.content+`"`), &dec); err != nil || sha256.Sum256([]byte(dec)) != sum || int64(len(dec)) != size {
				t.Errorf("reference: size %d, sum %x; not those of the string decoded (%v)", size, sum, err)
			}
			if want != tc.want {
				t.Errorf("reference = %q, want %q", want, tc.want)
			}
			in := `{"id":1,"s":"` + tc.content + `","n":2} `
			for name, wrap := range withChunks(map[string]func([]byte) *Scanner{"whole": whole, "one byte at a time": oneByte}) {
				raw, shs, off, err := walkLong([]byte(in), wrap, testLong)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if got := `{"id":1,"s":"` + tc.want + `","n":2}`; raw != got {
					t.Errorf("%s: walk = %q, want %q", name, raw, got)
				}
				if off != int64(len(in))-1 {
					t.Errorf("%s: offset after = %d, want %d", name, off, len(in)-1)
				}
				if tc.want == tc.content {
					if len(shs) != 0 {
						t.Errorf("%s: shortened %v", name, shs)
					}
					continue
				}
				if len(shs) != 1 {
					t.Fatalf("%s: %d shortened, want 1", name, len(shs))
				}
				sh := shs[0]
				if sh.Size != size || sh.SHA256 != sum || sh.Raw != int64(len(tc.content))+2 || raw[sh.Start:sh.End] != `"`+tc.want+`"` {
					t.Errorf("%s: shortened %+v, want size %d, sum %x, raw %d", name, sh, size, sum, len(tc.content)+2)
				}
				// The marks account for every byte of the input.
				n := int64(sh.End - sh.Start)
				for _, m := range sh.Marks {
					if !strings.HasPrefix(raw[m.At:], "<cut ") || raw[m.At+m.Len-1] != '>' {
						t.Errorf("%s: mark %+v is not at a marker: %q", name, m, raw[m.At:])
					}
					n += m.Raw - int64(m.Len)
				}
				if n != sh.Raw {
					t.Errorf("%s: the marks stand for %d bytes, the string had %d", name, n, sh.Raw)
				}
			}
		})
	}
}

func TestLongStringErrors(t *testing.T) {
	as := strings.Repeat("A", 100)
	for _, tc := range []struct {
		name, in string
		err      error
		off      int64 // where the error is, in the input
	}{
		// A control character in the part that is dropped.
		{"control character", `{"s":"` + as + "\x01" + `"}`, errControl, int64(6 + 100)},
		// An escape JSON does not have, past the limit.
		{"bad escape", `{"s":"` + as + `\x"}`, errEscape, int64(6 + 100)},
		// The input ends inside the string.
		{"truncated", `{"s":"` + as + as, ErrEOF, int64(6 + 200)},
		// Inside an escape: at the end, as for a string not cut.
		{"truncated escape", `{"s":"` + as + `\u00`, ErrEOF, int64(6 + 104)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for name, wrap := range withChunks(map[string]func([]byte) *Scanner{"whole": whole, "one byte at a time": oneByte}) {
				_, _, off, err := walkLong([]byte(tc.in), wrap, testLong)
				if err != tc.err || off != tc.off {
					t.Errorf("%s: error %v at %d, want %v at %d", name, err, off, tc.err, tc.off)
				}
			}
		})
	}
}

// TestLongStringMemory: a string of 64 MiB is read with a buffer that
// stays small: what is cut is never held.
func TestLongStringMemory(t *testing.T) {
	const size = 64 << 20
	in := io_multi(`{"s":"`, 'A', size, `"} `)
	s := NewScanner(in)
	s.Long = Long{Limit: 1 << 20, Part: 64 << 10, Total: 1 << 20, Mark: testLong.Mark}
	raw, err := s.Walk(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 70<<10 || len(s.buf) > 4<<20 {
		t.Errorf("walked %d bytes with a buffer of %d", len(raw), len(s.buf))
	}
	if len(s.Shortened) != 1 || s.Shortened[0].Size != size {
		t.Errorf("shortened %v", s.Shortened)
	}
	if off := s.Offset(); off != int64(size+8) {
		t.Errorf("offset after the value %d, want %d", off, size+8)
	}
}

// io_multi returns a reader of prefix, n bytes c, suffix, never holding
// the n bytes.
func io_multi(prefix string, c byte, n int, suffix string) *repeatReader {
	return &repeatReader{parts: []string{prefix}, c: c, n: n, suffix: suffix}
}

type repeatReader struct {
	parts  []string
	c      byte
	n      int
	suffix string
}

func (r *repeatReader) Read(b []byte) (int, error) {
	if len(r.parts) > 0 {
		n := copy(b, r.parts[0])
		if r.parts[0] = r.parts[0][n:]; r.parts[0] == "" {
			r.parts = r.parts[1:]
		}
		return n, nil
	}
	if r.n > 0 {
		k := min(len(b), r.n)
		for i := range k {
			b[i] = r.c
		}
		r.n -= k
		return k, nil
	}
	if r.suffix == "" {
		return 0, errEOFReader
	}
	n := copy(b, r.suffix)
	r.suffix = r.suffix[n:]
	return n, nil
}

var errEOFReader = fmt.Errorf("EOF")

// FuzzLong: a long string reads the same whatever the reads' sizes, as
// the token-by-token rule keeps it; its digest and size are those of the
// string decoded; the value walked is valid JSON and decodes to what
// was kept, markers in place.
func FuzzLong(f *testing.F) {
	f.Add("a=1&b=" + strings.Repeat("A", 100) + "&c=3")
	f.Add(`%41%42%43\u00e9é\ud83d\ude00&&&` + strings.Repeat("x", 70))
	f.Add(strings.Repeat(`\"`, 70))
	f.Fuzz(func(t *testing.T, content string) {
		want, size, sum, refErr := refShorten([]byte(content), testLong)
		in := []byte(`{"s":"` + content + `"} `)
		rawW, shW, offW, errW := walkLong(in, whole, testLong)
		rawO, shO, offO, errO := walkLong(in, oneByte, testLong)
		if errW != nil || errO != nil {
			// On an error the bytes are those up to where it stopped,
			// less what was cut there: only where matters.
			rawW, rawO, shW, shO = "", "", nil, nil
		}
		if errW != errO || rawW != rawO || offW != offO || !cmp.Equal(shW, shO) {
			t.Fatalf("whole and one byte at a time differ: %q %v %d %v / %q %v %d %v", rawW, shW, offW, errW, rawO, shO, offO, errO)
		}
		for name, wrap := range chunkWraps {
			rawC, shC, offC, errC := walkLong(in, wrap, testLong)
			if errC != nil {
				rawC, shC = "", nil
			}
			if errW != errC || rawW != rawC || offW != offC || !cmp.Equal(shW, shC) {
				t.Fatalf("whole and %s differ: %q %v %d %v / %q %v %d %v", name, rawW, shW, offW, errW, rawC, shC, offC, errC)
			}
		}
		if errW != nil || refErr != nil {
			if refErr == nil && !strings.Contains(content, `"`) {
				t.Fatalf("walk failed (%v), the reference did not", errW)
			}
			return
		}
		if strings.Contains(content, `"`) {
			return // the string ends early; not a long-string case
		}
		if got := rawW[5 : len(rawW)-1]; got != `"`+want+`"` {
			t.Fatalf("walk kept %q, want %q", got, `"`+want+`"`)
		}
		if len(shW) > 0 && (shW[0].Size != size || shW[0].SHA256 != sum) {
			t.Fatalf("size %d sum %x, want %d %x", shW[0].Size, shW[0].SHA256, size, sum)
		}
		if utf8.ValidString(content) {
			var v struct{ S string }
			if err := json.Unmarshal([]byte(rawW), &v); err != nil {
				t.Fatalf("the value walked is not valid JSON: %v", err)
			}
			var dec string
			if err := json.Unmarshal([]byte(`"`+content+`"`), &dec); err == nil && !strings.Contains(dec, "\ufffd") && len(shW) > 0 {
				if got := sha256.Sum256([]byte(dec)); got != sum {
					t.Fatalf("sha256 %x, want that of the decoded string %x", sum, got)
				}
			}
		}
	})
}

var _ = bytes.NewReader
var _ = iotest.OneByteReader

// withChunks adds chunkWraps to wraps.
func withChunks(wraps map[string]func([]byte) *Scanner) map[string]func([]byte) *Scanner {
	for name, w := range chunkWraps {
		wraps[name] = w
	}
	return wraps
}
