package redact

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// FuzzRedact: any input redacts without panicking; a copy is JSON where
// the original was, and holds none of the values (redacting it again with
// the same values replaces nothing).
func FuzzRedact(f *testing.F) {
	if b, err := os.ReadFile("testdata/secrets.har"); err == nil {
		f.Add(b, "jane.doe@example.com")
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.har"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 32<<10 {
			f.Add(b, "example")
		}
	}
	f.Add([]byte(`{"log":{"entries":[{"request":{"url":"https://x.com/?a=dmFsdWVhYmNk","headers":[{"name":"Cookie","value":"auth_token=0123456789"}]}}]}}`), "valueabcd")
	f.Fuzz(func(t *testing.T, data []byte, value string) {
		opt := Options{Name: "f.har"}
		if len(value) >= MinValueLength && strings.ToValidUTF8(value, "") == value {
			opt.Values = []string{value}
		}
		var cp bytes.Buffer
		l, err := Redact(&cp, bytes.NewReader(data), opt)
		var te *TruncatedError
		if err != nil && !errors.As(err, &te) {
			return // not a HAR: nothing written
		}
		if l == nil {
			t.Fatalf("Redact returned no log with error %v", err)
		}
		if te == nil && jsontext.Value(data).IsValid() && !jsontext.Value(cp.Bytes()).IsValid() {
			t.Fatalf("the copy of valid JSON is not JSON:\n%s", cp.Bytes())
		}
		rp := replacerOf(t, data, opt)
		if te == nil && jsontext.Value(cp.Bytes()).IsValid() {
			d := jsontext.NewDecoder(bytes.NewReader(cp.Bytes()), jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
			for {
				tok, err := d.ReadToken()
				if err != nil {
					break
				}
				if tok.Kind() == '"' {
					if _, hits := rp.replace(tok.String()); len(hits) > 0 {
						t.Fatalf("%s still holds %s (%s):\n%s", d.StackPointer(), rp.targets[hits[0].target].placeholder, hits[0].how, cp.Bytes())
					}
				}
			}
		}
	})
}
