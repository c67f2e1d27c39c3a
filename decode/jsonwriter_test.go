package decode

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// sameAsEncoder fails unless the event's JSON, written by jsonWriter's
// appending path, is what jsontext's encoder writes (encodeJSON), byte
// for byte, compact and laid out with two prefixes, after what a buffer
// already holds; and unless both fail together.
func sameAsEncoder(t *testing.T, what string, ev *Event) {
	t.Helper()
	for _, lay := range []struct {
		multiline      bool
		prefix, indent string
	}{{false, "", ""}, {true, "", "  "}, {true, "      ", "\t"}, {true, "", ""}, {true, "  ", ""},
		// Spaces past the run newline appends at once, and spaces then a
		// tab.
		{true, strings.Repeat(" ", 125), "  "}, {true, "    ", " \t"}} {
		prefix, indent := lay.prefix, lay.indent
		want, wantErr := ev.encodeJSON([]byte("x"), lay.multiline, prefix, indent)
		w := newJSONWriter([]byte("x"), lay.multiline, prefix, indent)
		ev.writeJSON(&w)
		if wantErr != nil {
			if w.err == nil {
				t.Fatalf("%s, layout %+v: the encoder fails (%v) and the writer does not:\n%s", what, lay, wantErr, w.b)
			}
			// appendJSON must then give the encoder's own error.
			if _, err := ev.appendJSON(nil, lay.multiline, prefix, indent); err == nil || err.Error() != wantErr.Error() {
				t.Fatalf("%s, layout %+v: appendJSON error %v, want the encoder's %v", what, lay, err, wantErr)
			}
			continue
		}
		if w.err != nil {
			t.Fatalf("%s, layout %+v: the writer fails (%v) and the encoder does not", what, lay, w.err)
		}
		if !bytes.Equal(w.b, want) {
			t.Fatalf("%s, layout %+v: writer gave\n%s\nencoder gives\n%s", what, lay, w.b, want)
		}
	}
}

// oddEvent is an event whose strings test quoting at every offset of
// the eight-byte words the writer reads: s is put at the start of
// fields, after each of up to 8 bytes, and in custom data.
func oddEvent(s string, raw jsontext.Value) Event {
	ev := Event{
		Vendor: VendorMeta, Kind: KindEvent, Host: "www.facebook.com",
		Name:     s,
		Page:     "https://a.example/?q=" + s,
		Referrer: s + s,
		Sources:  []Source{{File: s, SHA256: "ab", Entry: 7}, {File: "b", Entry: 1, Gateway: true}},
		IDs:      []ID{{Name: "fbp", Value: s, Facts: []Fact{{Name: s, Value: ""}}}},
		Custom:   []Custom{{Key: s, Raw: s}, {Key: "j", Raw: "x", JSON: raw}},
		UserData: []UserDatum{{Family: "ud", Field: s, Value: s}},
		Consent:  ConsentSignal{Value: s},
		Warnings: []string{s, ""},
	}
	for i := range 9 {
		ev.Params = append(ev.Params, Param{Name: "p"[:min(i, 1)] + "12345678"[:i], Value: "12345678"[:i] + s, In: InBody})
	}
	return ev
}

// TestJSONWriterMatchesEncoder: the writer writes what jsontext's
// encoder writes for every event of the corpus files and for strings and
// custom values that test escaping, UTF-8, layout and failure.
func TestJSONWriterMatchesEncoder(t *testing.T) {
	for _, name := range codecCorpusFiles {
		for i, ev := range corpusEvents(t, name) {
			sameAsEncoder(t, name+" event "+string(rune('0'+i%10)), &ev)
		}
	}
	strs := []string{
		"", "plain", "\"quoted\"", `back\slash`, "tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f",
		"<script>&amp;</script>", "é ü 中文 😀", "\u2028\u2029", "\xff", "ok\xc3", "\xed\xa0\x80",
		"12345678\"", "1234567\x01", "€uro€uro€uro", "\ufffd", "a\x00b\x00c\x00d\x00e\x00f\x00",
	}
	raws := []jsontext.Value{
		nil, jsontext.Value(`{}`), jsontext.Value(`[]`), jsontext.Value("{ \"a\" :\t[ 1 , {\"b\":[]} ] , \"a\":null }"),
		jsontext.Value(`"\u00e9\/"`), jsontext.Value(`[1,2`), jsontext.Value(`1e400`), jsontext.Value("\"\xff\""),
	}
	for _, s := range strs {
		for _, raw := range raws {
			ev := oddEvent(s, raw)
			sameAsEncoder(t, "odd event "+string(jsontext.Value(s).Clone()), &ev)
		}
	}
	var empty Event
	sameAsEncoder(t, "empty event", &empty)
}

// FuzzJSONWriter holds the writer to jsontext's encoder for any string
// and any custom value.
func FuzzJSONWriter(f *testing.F) {
	f.Add("plain", []byte(`{"a":[1,"x"]}`))
	f.Add("tab\t\"q\"\\ é\xff", []byte(`[ ]`))
	f.Add("12345678\x1f€", []byte(`nul`))
	f.Fuzz(func(t *testing.T, s string, raw []byte) {
		ev := oddEvent(s, jsontext.Value(raw))
		sameAsEncoder(t, "fuzzed event", &ev)
	})
}

// BenchmarkEventJSON: an event of the corpus written compact and
// indented, as events and timeline write it.
func BenchmarkEventJSON(b *testing.B) {
	evs := corpusEvents(b, codecCorpusFiles[0])
	for _, lay := range []struct {
		name      string
		multiline bool
	}{{"compact", false}, {"indented", true}} {
		b.Run(lay.name, func(b *testing.B) {
			var buf []byte
			var n int64
			for b.Loop() {
				for i := range evs {
					var err error
					if buf, err = evs[i].appendJSON(buf[:0], lay.multiline, "    ", "  "); err != nil {
						b.Fatal(err)
					}
					n += int64(len(buf))
				}
			}
			b.SetBytes(n / int64(b.N))
		})
	}
}

// TestJSONKeysPlain: every member name written by jsonWriter.key, or
// through str or strBytes, is a string literal that needs no escape, as key assumes.
func TestJSONKeysPlain(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "json.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	ast.Inspect(file, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "key" && sel.Sel.Name != "str" && sel.Sel.Name != "strBytes") || len(call.Args) == 0 {
			return true
		}
		if fn, ok := sel.X.(*ast.Ident); !ok || fn.Name != "w" {
			return true
		}
		calls++
		pos := fset.Position(call.Pos())
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			if id, ok := call.Args[0].(*ast.Ident); ok && id.Name == "key" && sel.Sel.Name == "key" {
				return true // str's own call of key, with its parameter
			}
			t.Errorf("%s: w.%s with a member name that is not a string literal", pos, sel.Sel.Name)
			return true
		}
		k, err := strconv.Unquote(lit.Value)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(k); i++ {
			if !plainASCII[k[i]] {
				t.Errorf("%s: member name %q needs escaping", pos, k)
			}
		}
		return true
	})
	if calls < 40 {
		t.Errorf("only %d calls of key and str found", calls)
	}
}

// TestJSONNamesPlain: the names jsonWriter.plain writes without looking
// for escapes (data types, request parts, and what String says of an
// unknown one) need none.
func TestJSONNamesPlain(t *testing.T) {
	var names []string
	for d := DataType(-1); d <= numDataTypes; d++ {
		names = append(names, d.String())
	}
	for p := ParamIn(-1); p <= numParamIns; p++ {
		names = append(names, p.String())
	}
	for _, n := range names {
		for i := 0; i < len(n); i++ {
			if !plainASCII[n[i]] {
				t.Errorf("%q needs escaping", n)
			}
		}
	}
}
