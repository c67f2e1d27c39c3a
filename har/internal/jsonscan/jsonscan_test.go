package jsonscan

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/internal/hargen"
)

// opts are the options the careful tokenizer reads HARs with.
var opts = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// stringCases are strings (from their opening quote) and where they end
// (-1: not in the bytes given).
var stringCases = []struct {
	in   string
	want int
}{
	{`"abc"`, 5},
	{`"abc" , "d"`, 5},
	{`""`, 2},
	{`"a\"b"`, 6},           // an escaped quote
	{`"a\\"b"`, 5},          // an escaped backslash, then the end
	{`"a\\\"b"`, 8},         // three backslashes: the quote is escaped
	{`"` + "\x01" + `"`, 3}, // a control character (invalid, but the end is found)
	{`"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789"`, 74}, // longer than the plain test looks
	{`"abc`, -1},   // cut short
	{`"abc\"`, -1}, // cut short after an escaped quote
	{`"abc\`, -1},  // cut short inside an escape
	{`"\\\\\\\\"x`, 10},
}

// refStringEnd is StringEnd byte by byte.
func refStringEnd(v []byte) int {
	for i := 1; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

func TestStringEnd(t *testing.T) {
	for _, tc := range stringCases {
		got, ok := StringEnd([]byte(tc.in), 0, 1)
		if !ok {
			got = -1
		}
		if got != tc.want {
			t.Errorf("StringEnd(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// FuzzStringEnd checks StringEnd against a byte-by-byte scan, resumed
// at every split of the input as a streaming caller resumes it, and the
// plain-string test: when PlainEnd finds an end it is the same, and it
// finds it whenever the string is short and plain.
func FuzzStringEnd(f *testing.F) {
	for _, tc := range stringCases {
		f.Add([]byte(tc.in[1:]), uint(len(tc.in)/2))
	}
	f.Fuzz(func(t *testing.T, content []byte, split uint) {
		v := append([]byte{'"'}, content...)
		want := refStringEnd(v)
		got, ok := StringEnd(v, 0, 1)
		if !ok {
			if got != len(v) {
				t.Fatalf("StringEnd(%q) did not end, resume at %d, want %d", v, got, len(v))
			}
			got = -1
		}
		if got != want {
			t.Fatalf("StringEnd(%q) = %d, want %d", v, got, want)
		}
		k := 1 + int(split%uint(len(v)))
		e, ok := StringEnd(v[:k], 0, 1)
		if ok {
			if e != want {
				t.Fatalf("StringEnd(%q) on the first %d bytes = %d, want %d", v, k, e, want)
			}
		} else {
			if want >= 0 && want <= k {
				t.Fatalf("StringEnd(%q) on the first %d bytes did not end; it ends at %d", v, k, want)
			}
			e2, ok := StringEnd(v, 0, e)
			if !ok {
				e2 = -1
			}
			if e2 != want {
				t.Fatalf("StringEnd(%q) resumed at %d = %d, want %d", v, e, e2, want)
			}
		}
		p := PlainEnd(v, 1)
		plain := want > 0 && bytes.IndexFunc(v[1:want-1], func(r rune) bool { return r == '\\' || r < 0x20 }) < 0
		if p >= 0 && (p != want || !plain) {
			t.Fatalf("PlainEnd(%q) = %d; the string ends at %d, plain %v", v, p, want, plain)
		}
		if q := want - 1; plain && p < 0 && (q-1)/8*8 < shortString && 1+(q-1)/8*8+8 <= len(v) {
			t.Fatalf("PlainEnd(%q) = -1; the string is short and plain, ending at %d", v, want)
		}
	})
}

// FuzzSpecialBytes checks the eight-bytes-at-a-time test against a
// byte-by-byte one: the lowest byte it marks is the first '"', '\\' or
// control character, and it marks none when there is none.
func FuzzSpecialBytes(f *testing.F) {
	for _, s := range []string{"abcdefgh", `abc"efgh`, `a\bcdefg`, "abc\x1fefgh", "\xff\xfe\x80\x7f\x20\x21\x5b\x5d",
		"\x00\x00\x00\x00\x00\x00\x00\x00", `"""""""""`, "\x1f\x20\x22\x5c\x5d\x21\x23\xa2"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 8 {
			b = append(b, "        "[len(b):]...)
		}
		want := -1
		for i, c := range b[:8] {
			if c == '"' || c == '\\' || c < 0x20 {
				want = i
				break
			}
		}
		m := specialBytes(binary.LittleEndian.Uint64(b))
		got := -1
		if m != 0 {
			got = bits.TrailingZeros64(m) >> 3
		}
		if got != want || m&^0x8080808080808080 != 0 {
			t.Errorf("specialBytes(%q) = %#x: first special byte %d, want %d", b[:8], m, got, want)
		}
	})
}

func TestSpace(t *testing.T) {
	for _, tc := range []struct {
		in   string
		i    int
		want int
	}{
		{"", 0, 0},
		{"x", 0, 0},
		{" \t\r\nx", 0, 4},
		{"\n                    x", 0, 21}, // indentation, eight at a time
		{"a   ", 1, 4},
		{"  / ", 0, 2},
		{"\n       \n          \t x", 0, 21}, // runs broken by other white space
		{"\n   x          ", 0, 4},
	} {
		if got := Space([]byte(tc.in), tc.i); got != tc.want {
			t.Errorf("Space(%q, %d) = %d, want %d", tc.in, tc.i, got, tc.want)
		}
	}
}

// validCases are string contents and whether ValidString accepts them.
var validCases = []struct {
	in   string
	want bool
}{
	{"plain text", true},
	{`esc \" \\ \/ \b \f \n \r \t`, true},
	{`\u00e9 and \u20AC`, true},
	{"\xff\xfe invalid UTF-8", true}, // allowed, as the careful tokenizer allows it
	{"tab\tinside", false},           // a control character
	{`bad \x escape`, false},         // an unknown escape
	{`short \u12`, false},            // a \u escape cut short
	{`\ud800`, false},                // a surrogate half: left to the careful tokenizer
	{`ends in \`, false},             // a lone backslash
	{`long plain prefix abcdefgh\n`, true},
}

func TestValidString(t *testing.T) {
	for _, tc := range validCases {
		if got := ValidString([]byte(tc.in)); got != tc.want {
			t.Errorf("ValidString(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzValidString checks ValidString against jsontext: whatever it
// accepts is valid, and it refuses a valid string only for a \u escape
// of a surrogate half.
func FuzzValidString(f *testing.F) {
	for _, tc := range validCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		q := append(append([]byte{'"'}, b...), '"')
		if e, ok := StringEnd(q, 0, 1); !ok || e != len(q) {
			return // a quote inside: not one string's content
		}
		valid := jsontext.Value(q).IsValid(opts...)
		got := ValidString(b)
		if got && !valid {
			t.Fatalf("ValidString(%q) = true; jsontext says it is invalid", b)
		}
		if !got && valid && !bytes.Contains(bytes.ToLower(b), []byte(`\ud`)) {
			t.Fatalf("ValidString(%q) = false; jsontext says it is valid", b)
		}
	})
}

// FuzzValidScalar checks ValidScalar against jsontext on anything that
// could be a number or literal: bytes up to a delimiter.
func FuzzValidScalar(f *testing.F) {
	for _, s := range []string{"0", "-0", "01", "1.5e+10", "1.", "-", "1e", ".5", "true", "nul", "null", "2E-3", "-12.25"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || ScalarEnd(b, 0) != len(b) || b[0] == '"' {
			return
		}
		if got, want := ValidScalar(b), jsontext.Value(b).IsValid(opts...); got != want {
			t.Fatalf("ValidScalar(%q) = %v, jsontext says %v", b, got, want)
		}
	})
}

// The member sets a HAR's cookies are read with.
var (
	cookieStrings = []string{"name", "value", "path", "domain", "expires", "sameSite", "comment"}
	cookieBools   = []string{"httpOnly", "secure"}
)

// objectCases are arrays of objects, as HAR cookies are written, and
// what Objects gives: nil when it refuses the shape.
var objectCases = []struct {
	in   string
	want [][]string // per object, the members of cookieStrings then cookieBools ("-": absent)
}{
	{`[]`, [][]string{}},
	{` [ ] `, [][]string{}},
	{`[{}]`, [][]string{{"-", "-", "-", "-", "-", "-", "-", "-", "-"}}},
	{`[{"name":"a","value":"b","httpOnly":true,"size":12}, {"name" : null}]`,
		[][]string{{`"a"`, `"b"`, "-", "-", "-", "-", "-", "true", "-"}, {"null", "-", "-", "-", "-", "-", "-", "-", "-"}}},
	{`[{"name":"a\"b","comment":"\u00e9"}]`, [][]string{{`"a\"b"`, "-", "-", "-", "-", "-", `"\u00e9"`, "-", "-"}}},
	// A repeated boolean: the last true or false (null leaves it).
	{`[{"secure":true,"secure":false,"httpOnly":false,"httpOnly":null}]`,
		[][]string{{"-", "-", "-", "-", "-", "-", "-", "false", "false"}}},
	{`{"name":"a"}`, nil},               // an object, not an array
	{`[{"name":"a","name":"b"}]`, nil},  // a duplicate member
	{`[{"n\u0061me":"a"}]`, nil},        // an escaped name
	{`[{"name":1}]`, nil},               // a number where a string is read
	{`[{"secure":"yes"}]`, nil},         // a string where a boolean is read
	{`[{"name":"a","x":{"y":1}}]`, nil}, // a nested object
	{`[{"name":"a"},1]`, nil},           // an element that is not an object
}

func TestObjects(t *testing.T) {
	for _, tc := range objectCases {
		got, ok := readObjects([]byte(tc.in))
		if !ok {
			got = nil
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Objects(%s) mismatch (-want +got):\n%s", tc.in, diff)
		}
	}
}

// TestObjectsPrefix: ObjectsPrefix reads the array that starts its input
// and says where it ends, whatever follows; Objects wants nothing after.
func TestObjectsPrefix(t *testing.T) {
	for _, tc := range []struct {
		in   string
		end  int // -1: refused
		objs int
	}{
		{`[],"x":1}`, 2, 0},
		{` [ {"name":"a"} ] , "cookies": []`, 17, 1},
		{`[{"name":"a"},{"value":"b"}]}`, 28, 2},
		{`[{"name":"a"}`, -1, 0},
		{`{"name":"a"}]`, -1, 0},
	} {
		n := 0
		end, ok := ObjectsPrefix([]byte(tc.in), cookieStrings, cookieBools, make([][]byte, 9), func([][]byte) { n++ })
		if !ok {
			end = -1
		}
		if end != tc.end || ok && n != tc.objs {
			t.Errorf("ObjectsPrefix(%s) = %d, %v after %d objects; want %d after %d", tc.in, end, ok, n, tc.end, tc.objs)
		}
		if whole := Objects([]byte(tc.in), cookieStrings, cookieBools, make([][]byte, 9), func([][]byte) {}); whole {
			t.Errorf("Objects(%s) = true with data after the array", tc.in)
		}
	}
}

// readObjects returns what Objects gives, as strings ("-": absent).
func readObjects(v []byte) ([][]string, bool) {
	got := [][]string{}
	ok := Objects(v, cookieStrings, cookieBools, make([][]byte, 9), func(vals [][]byte) {
		o := make([]string, len(vals))
		for i, b := range vals {
			o[i] = "-"
			if b != nil {
				o[i] = string(b)
			}
		}
		got = append(got, o)
	})
	return got, ok
}

// refObjects is Objects done with jsontext.
func refObjects(v []byte) ([][]string, bool) {
	d := jsontext.NewDecoder(bytes.NewReader(v), opts...)
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != '[' {
		return nil, false
	}
	out := [][]string{}
	for d.PeekKind() != ']' {
		if d.PeekKind() != '{' {
			return nil, false
		}
		d.ReadToken()
		o := []string{"-", "-", "-", "-", "-", "-", "-", "-", "-"}
		for d.PeekKind() != '}' {
			raw, _ := d.ReadValue() // the member name, as written
			if bytes.IndexByte(raw, '\\') >= 0 {
				return nil, false
			}
			name := string(raw[1 : len(raw)-1])
			val, _ := d.ReadValue()
			switch k := val[0]; {
			case k == '{' || k == '[':
				return nil, false
			case indexName(cookieStrings, []byte(name)) >= 0:
				m := indexName(cookieStrings, []byte(name))
				if k != '"' && k != 'n' || o[m] != "-" {
					return nil, false
				}
				o[m] = string(val)
			case indexName(cookieBools, []byte(name)) >= 0:
				switch k {
				case 't', 'f':
					o[len(cookieStrings)+indexName(cookieBools, []byte(name))] = string(val)
				case 'n':
				default:
					return nil, false
				}
			}
		}
		d.ReadToken()
		out = append(out, o)
	}
	return out, true
}

// FuzzObjects checks Objects against the same reading done with
// jsontext, on valid JSON (what Objects is given).
func FuzzObjects(f *testing.F) {
	for _, tc := range objectCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if !jsontext.Value(v).IsValid(opts...) {
			return
		}
		got, ok := readObjects(v)
		want, wantOK := refObjects(v)
		if ok != wantOK {
			t.Fatalf("Objects(%q) ok = %v, jsontext reading says %v", v, ok, wantOK)
		}
		if diff := cmp.Diff(want, got); ok && diff != "" {
			t.Fatalf("Objects(%q) mismatch (-jsontext +Objects):\n%s", v, diff)
		}
	})
}

// FuzzSpace holds Space, which skips runs of spaces a word at a time, to
// a byte-at-a-time loop.
func FuzzSpace(f *testing.F) {
	f.Add([]byte("\n                    x"), 0)
	f.Add([]byte("\n       \n          \t x"), 3)
	f.Fuzz(func(t *testing.T, v []byte, i int) {
		if i < 0 || i > len(v) {
			return
		}
		want := i
		for want < len(v) && (v[want] == ' ' || v[want] == '\t' || v[want] == '\r' || v[want] == '\n') {
			want++
		}
		if got := Space(v, i); got != want {
			t.Fatalf("Space(%q, %d) = %d, want %d", v, i, got, want)
		}
	})
}

// BenchmarkObjects reads a request's headers and cookies as Chrome
// writes them (pretty-printed), as the skim reads every entry's: the
// arrays of the first entry of a generated capture.
func BenchmarkObjects(b *testing.B) {
	var capture bytes.Buffer
	if _, err := hargen.Write(&capture, 64<<10, 1); err != nil {
		b.Fatal(err)
	}
	headers, cookies := requestArray(b, capture.Bytes(), "headers"), requestArray(b, capture.Bytes(), "cookies")
	nameValue := []string{"name", "value", "comment"}
	scratch := make([][]byte, 8)
	n := 0
	count := func([][]byte) { n++ }
	for b.Loop() {
		if !Objects(headers, nameValue, nil, scratch, count) || !Objects(cookies, cookieStrings, cookieBools, scratch, count) {
			b.Fatal("Objects gave way")
		}
	}
}

// requestArray returns the value of the first member name of data that
// is an array with objects in it (the first request's headers or
// cookies), as the walk finds it.
func requestArray(tb testing.TB, data []byte, name string) []byte {
	tb.Helper()
	key := []byte(`"` + name + `": [`)
	for off := 0; ; {
		i := bytes.Index(data[off:], key)
		if i < 0 {
			tb.Fatalf("no %s array with objects", name)
		}
		at := off + i + len(key) - 1
		v, err := NewScanner(bytes.NewReader(data[at:])).Walk(nil)
		if err != nil {
			tb.Fatal(err)
		}
		if bytes.IndexByte(v, '{') >= 0 {
			return append([]byte(nil), v...)
		}
		off = at
	}
}
