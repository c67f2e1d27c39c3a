package har

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// readWanted reads data with every entry wanted (so each is framed,
// walked and read in full), by validTokens where the walk found an entry
// valid, or with careful by jsontext's decoder only. It returns the
// entries and the error that ended the reading.
func readWanted(data []byte, careful bool) (es []*Entry, err error) {
	r := NewReader(bytes.NewReader(data))
	r.Lean = true
	r.careful = careful
	r.Want = func(*Entry) bool { return true }
	for {
		e, err := r.Next()
		if err != nil {
			return es, err
		}
		es = append(es, e)
	}
}

// compareTokens fails unless reading data through validTokens gives the
// same entries (every field, every warning and its offset) and the same
// error as reading it through the decoder.
func compareTokens(t *testing.T, name string, data []byte) {
	t.Helper()
	want, wantErr := readWanted(data, true)
	got, gotErr := readWanted(data, false)
	if (wantErr == io.EOF) != (gotErr == io.EOF) || (wantErr != io.EOF && wantErr.Error() != gotErr.Error()) {
		t.Fatalf("%s: the decoder ended with %v, validTokens with %v", name, wantErr, gotErr)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: the decoder read %d entries, validTokens %d", name, len(want), len(got))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("%s: entry %d read by validTokens as\n%+v\nby the decoder as\n%+v", name, i, got[i], want[i])
		}
	}
}

// TestValidTokens: validTokens reads every real capture, generated
// captures and entries of awkward shapes exactly as jsontext's decoder
// does, and reads the entries of an ordinary capture itself.
func TestValidTokens(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("../../shared/corpus", "*.har*"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		compareTokens(t, filepath.Base(name), data)
	}
	compareTokens(t, "generated", generated(t, 4<<20))

	resp := `"response":{"status":200,"content":{"size":3,"mimeType":"text/plain","text":"abc"}}`
	entry := func(s string) []byte {
		return []byte(`{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[` + s + `]}}`)
	}
	for name, e := range map[string]string{
		"escapes":      `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"https:\/\/a.example\/?q=\"x\"\u00e9\t"},` + resp + `}`,
		"invalid utf8": "{\"startedDateTime\":\"2023-01-02T03:04:05Z\",\"request\":{\"method\":\"GET\",\"url\":\"https://a.example/\xff\xfe\"}," + resp + "}",
		"numbers":      `{"startedDateTime":"2023-01-02T03:04:05Z","time":-0.5e3,"request":{"method":"GET","url":"u","headersSize":1E2,"bodySize":-0},"response":{"status":2e2,"content":{"size":1e400}},"timings":{"wait":123456789012345678901234567890}}`,
		"wrong kinds":  `{"startedDateTime":12,"time":"7","request":{"method":true,"url":["x"],"headers":{"name":"a","value":"b"},"cookies":null,"postData":{"text":{"a":1},"params":[{"name":"p","value":{"b":[1,2]}}]}},"response":{"status":"200","content":null},"timings":{"ssl":"x"}}`,
		"custom":       `{"_x":{"a":[1,"]}",{"b":"\\"}]},"_y":  [ ] ,"startedDateTime":"2023-01-02T03:04:05+0100","request":{"method":"POST","url":"u","_z":null},` + resp + `}`,
		"spacing":      "{ \"startedDateTime\" : \"2023-01-02T03:04:05Z\" ,\n\t\"request\" :\r\n {\"method\":\"GET\" , \"url\" : \"u\" , \"headers\" : [ { \"name\" : \"a\" , \"value\" : \"b\" } ] } , " + resp + " }",
		"surrogates":   `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"\ud83d\ude00 \ud800"},` + resp + `}`,
		"duplicates":   `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","method":"POST","url":"u"},` + resp + `,"time":1,"time":2}`,
		// Header and cookie arrays that arrayAtOnce reads, and
		// those it leaves to the tokens.
		"arrays":       `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"u","headers":[{"name":"Accept","value":"*/*","comment":"c"},{"name":null,"value":null},{},{"value":"\u00e9\"","x":[1]}],"cookies":[{"name":"a","value":"b","httpOnly":true,"httpOnly":null,"secure":false,"secure":true,"expires":null,"sameSite":"Lax","size":3}]},"response":{"status":200,"headers":[],"cookies":[ ],"content":{"size":0}}}`,
		"array shapes": `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"u","headers":[{"name":"a","name":"b","value":"c"}],"cookies":[{"name":"a","expires":1700000000}]},"response":{"status":200,"headers":[{"n\u0061me":"a","value":"b"}],"cookies":[{"name":"a","secure":"yes"}],"content":{"size":0}}}`,
		"array kinds":  `{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"u","headers":[{"name":"a","value":7}],"cookies":[{"name":"a"},1]},"response":{"status":200,"headers":null,"cookies":{"name":"a","value":"b"},"content":{"size":0}}}`,
		"array utf8":   "{\"startedDateTime\":\"2023-01-02T03:04:05Z\",\"request\":{\"method\":\"GET\",\"url\":\"u\",\"headers\":[{\"name\":\"a\xff\",\"value\":\"b\"}],\"cookies\":[{\"name\":\"a\",\"value\":\"\xfe\"}]}," + resp + "}",
	} {
		compareTokens(t, name, entry(e))
	}

	// The ordinary entries are validTokens' own: a change that made it
	// give way on each would pass every comparison.
	r := entriesReader(t, generated(t, 1<<20))
	r.fr.scan.skim = nil // keep every entry's bytes
	for {
		it := r.fr.scan.item(nil)
		if it.kind != itemEntry {
			break
		}
		if !it.valid {
			t.Fatalf("entry %d: the walk found valid JSON invalid", r.index)
		}
		if _, err := r.parseEntryBy(it.data, it.off, it.cuts, true); err != nil {
			t.Fatalf("entry %d: validTokens gave way (%v) on\n%s", r.index, err, it.data)
		}
		r.index++
	}
	if r.index < 100 {
		t.Fatalf("only %d entries read by validTokens", r.index)
	}
	// Their headers and cookies are read at once (arrayAtOnce): three
	// arrays in most entries.
	if r.arraysAtOnce < 2*r.index {
		t.Fatalf("%d header and cookie arrays of %d entries read at once", r.arraysAtOnce, r.index)
	}
}

// FuzzValidTokens: on any input, validTokens reads what the decoder
// reads.
func FuzzValidTokens(f *testing.F) {
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"2023-01-02T03:04:05Z","request":{"method":"GET","url":"u\"\u00e9","headers":[{"name":"a","value":"b"}]},"response":{"status":200}}]}}`))
	if files, _ := filepath.Glob(filepath.Join("../../shared/corpus", "*.har")); files != nil {
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareTokens(t, "input", data)
	})
}
