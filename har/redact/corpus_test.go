package redact

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// corpusDir holds the shared corpus of real captures (SOURCES.md there).
const corpusDir = "../../../shared/corpus"

// corpusFiles returns the corpus's captures, or skips the test.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
	if len(files) == 0 {
		t.Skipf("corpus not found at %s", corpusDir)
	}
	return files
}

// token is what a chosen query or cookie value must look like: not a
// host name (a request's host is lower-cased, and its placeholder with
// it), nothing a URL parser reads.
var token = regexp.MustCompile(`^[A-Za-z0-9_-]{10,}$`)

// word is a word long enough to be found only where it is.
var word = regexp.MustCompile(`[A-Za-z]{12,}`)

// chooseValues picks, from a capture's events, values to replace besides
// its secrets: a query value and a cookie value that no decoder labels
// (so that nothing is derived from them), the first page's title (which
// trackers send percent-encoded), and a word of a base64 response body
// (so that a value inside base64 is replaced).
func chooseValues(t *testing.T, data []byte, reg *decode.Registry) []string {
	t.Helper()
	var query, cookie, inBase64 string
	labelled := map[string]bool{}
	hr := har.NewReader(bytes.NewReader(data))
	hr.Bodies = true
	for {
		e, err := hr.Next()
		if err != nil {
			break
		}
		for _, ev := range reg.Decode("f", e) {
			for _, p := range ev.Params {
				if p.Label != "" {
					labelled[p.Value] = true
					continue
				}
				switch {
				case query == "" && p.In == decode.InQuery && token.MatchString(p.Value):
					query = p.Value
				case cookie == "" && p.In == decode.InCookie && token.MatchString(p.Value) && !decode.IsSecret(decode.SecretCookie, p.Name):
					cookie = p.Value
				}
			}
			for _, id := range ev.IDs {
				labelled[id.Value] = true
			}
		}
		c := e.Response.Content
		text := strings.HasPrefix(c.MimeType, "text/") || strings.Contains(c.MimeType, "json") || strings.Contains(c.MimeType, "javascript")
		if inBase64 == "" && c.Encoding == "base64" && text {
			if d, err := base64.StdEncoding.DecodeString(c.Text); err == nil {
				if w := word.Find(d); w != nil {
					inBase64 = string(w)
				}
			}
		}
	}
	var title string
	if ps := hr.Log().Pages; len(ps) > 0 && len(ps[0].Title) >= 10 && strings.Contains(ps[0].Title, " ") && !strings.Contains(ps[0].Title, "://") {
		title = ps[0].Title
	}
	var out []string
	for _, v := range []string{query, cookie, title, inBase64} {
		// A page title is kept even where a decoder labels it (GA4's dt,
		// Ad Manager's page title): nothing is derived from a title.
		if v != "" && (v == title || !labelled[v]) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// TestCorpusRoundTrip redacts every capture of the corpus, with its login
// secrets and values chosen from it, and checks that the copy reads as
// the original did (same entries), holds none of the values in any form
// (redacting it again finds nothing, base64 runs included), gives the
// same events as the original but for the values (each event of the
// original, with the same replacements made in it, is the copy's), and
// verifies against its log.
func TestCorpusRoundTrip(t *testing.T) {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	reg.RevealSecrets = true // compare the values themselves, not their masks
	forms := map[string]int{}
	kinds := map[Kind]int{}
	for _, path := range corpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Name: filepath.Base(path), CopyName: "copy.har", Values: chooseValues(t, data, reg)}
			var cp bytes.Buffer
			l, err := Redact(&cp, bytes.NewReader(data), opt)
			var te *TruncatedError
			switch {
			case errors.Is(err, har.ErrNotHAR):
				t.Skipf("not a HAR: %v", err)
			case errors.As(err, &te):
				t.Logf("truncated: %v", err)
			case err != nil:
				t.Fatal(err)
			}
			for _, r := range l.Replacements {
				forms[r.Form] += r.Count
			}
			for _, v := range l.Values {
				kinds[v.Kind] += v.Occurrences
				if v.Occurrences == 0 {
					t.Errorf("%s (%s) was chosen from the capture but not replaced", v.Placeholder, v.Kind)
				}
			}
			rp := replacerOf(t, data, opt)

			// No value is left, in any form: replacing again finds nothing.
			br := bufio.NewReader(bytes.NewReader(cp.Bytes()))
			if _, err := har.SkipFraming(br); err != nil {
				t.Fatal(err)
			}
			d := jsontext.NewDecoder(br, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
			for {
				tok, err := d.ReadToken()
				if err != nil {
					if err != io.EOF && te == nil {
						t.Fatalf("the copy is not JSON: %v", err)
					}
					break
				}
				if tok.Kind() == '"' {
					if _, hits := rp.replace(tok.String()); len(hits) > 0 {
						t.Errorf("%s still holds %s (%s)", d.StackPointer(), rp.targets[hits[0].target].placeholder, hits[0].how)
					}
				}
				if d.StackDepth() == 0 {
					break // a JSONP wrapper's ")" follows
				}
			}

			// The same entries, and the same events but for the values.
			orig, origErr := decodeAll(data, reg)
			got, gotErr := decodeAll(cp.Bytes(), reg)
			if te == nil && (origErr != nil || gotErr != nil) {
				t.Fatalf("reading: original %v, copy %v", origErr, gotErr)
			}
			if len(orig) != len(got) {
				t.Fatalf("the copy gives %d events, the original %d", len(got), len(orig))
			}
			for i := range orig {
				redactEvent(rp, &orig[i])
				if diff := cmp.Diff(orig[i], got[i]); diff != "" {
					t.Errorf("event %d (entry %d) mismatch (-original, redacted +copy):\n%s", i, orig[i].Sources[0].Entry, diff)
				}
			}

			c, err := Verify(l, bytes.NewReader(cp.Bytes()), bytes.NewReader(data), opt)
			if err != nil {
				t.Fatal(err)
			}
			if !c.OK() {
				t.Errorf("Verify(copy, original) = %+v", c)
			}
		})
	}
	t.Logf("replaced: %v; forms: %v", kinds, forms)
	// The corpus must exercise what the test claims.
	for _, want := range []string{howAsSent, howPercent, "inside base64, as sent"} {
		if forms[want] == 0 {
			t.Errorf("no value was replaced %s in the whole corpus: the test proves little (forms: %v)", want, forms)
		}
	}
	if kinds[KindSecret] == 0 || kinds[KindValue] == 0 {
		t.Errorf("replaced %v: want secrets and values", kinds)
	}
}

// replacerOf returns the replacer Redact used for data and opt.
func replacerOf(t *testing.T, data []byte, opt Options) *replacer {
	t.Helper()
	users, err := userTargets(opt)
	if err != nil {
		t.Fatal(err)
	}
	secrets, _, _, _, err := findSecrets(bytes.NewReader(data), opt.Name)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if !slices.ContainsFunc(secrets, func(s target) bool { return s.value == u.value }) {
			secrets = append(secrets, u)
		}
	}
	return newReplacer(secrets)
}

// decodeAll returns the events of every entry of a capture.
func decodeAll(data []byte, reg *decode.Registry) ([]decode.Event, error) {
	hr := har.NewReader(bytes.NewReader(data))
	var evs []decode.Event
	for {
		e, err := hr.Next()
		if err == io.EOF {
			return evs, nil
		}
		if err != nil {
			return evs, err
		}
		evs = append(evs, reg.Decode("capture.har", e)...)
	}
}

// redactEvent makes in ev the replacements Redact makes in a capture.
func redactEvent(rp *replacer, ev *decode.Event) {
	redactValue(rp, reflect.ValueOf(ev).Elem())
}

func redactValue(rp *replacer, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s, hits := rp.replace(v.String()); len(hits) > 0 {
			v.SetString(s)
		}
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[jsontext.Value]() {
			if s, hits := rp.replace(string(v.Bytes())); len(hits) > 0 {
				v.SetBytes([]byte(s))
			}
			return
		}
		for i := range v.Len() {
			redactValue(rp, v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				redactValue(rp, v.Field(i))
			}
		}
	}
}
