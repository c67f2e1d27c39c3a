package decode

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode/internal/form"
)

// The readings of JSON bodies as they were before the flattener built
// paths in one buffer and members kept their document's bytes: a string
// for each path, name and value, a copy of each member. They are the
// reference the faster ones are held to.

func refFlattenFrom(doc []byte) ([]jsonParam, error) {
	d := jsontext.NewDecoder(bytes.NewReader(doc), jsonOpts)
	var out []jsonParam
	if err := refFlattenValue(d, "", &out); err != nil {
		return out, err
	}
	if d.PeekKind() != 0 {
		return out, errors.New("data after the JSON document")
	}
	return out, nil
}

func refFlattenValue(d *jsontext.Decoder, path string, out *[]jsonParam) error {
	if len(*out) >= maxJSONParams {
		return fmt.Errorf("more than %d values", maxJSONParams)
	}
	join := func(name string) string {
		if path == "" {
			return name
		}
		return path + "." + name
	}
	switch d.PeekKind() {
	case '{':
		if _, err := d.ReadToken(); err != nil {
			return err
		}
		n := 0
		for d.PeekKind() == '"' {
			name, err := d.ReadToken()
			if err != nil {
				return err
			}
			if err := refFlattenValue(d, join(name.String()), out); err != nil {
				return err
			}
			n++
		}
		if _, err := d.ReadToken(); err != nil {
			return err
		}
		if n == 0 {
			*out = append(*out, jsonParam{path, "{}"})
		}
		return nil
	case '[':
		if _, err := d.ReadToken(); err != nil {
			return err
		}
		n := 0
		for d.PeekKind() != ']' {
			if d.PeekKind() == 0 {
				_, err := d.ReadToken()
				return err
			}
			if err := refFlattenValue(d, path+"["+strconv.Itoa(n)+"]", out); err != nil {
				return err
			}
			n++
		}
		if _, err := d.ReadToken(); err != nil {
			return err
		}
		if n == 0 {
			*out = append(*out, jsonParam{path, "[]"})
		}
		return nil
	}
	tok, err := d.ReadToken()
	if err != nil {
		return err
	}
	*out = append(*out, jsonParam{path, form.ValidUTF8(tok.String())})
	return nil
}

func refJSONParams(prefix string, v jsontext.Value) []Param {
	flat, _ := refFlattenFrom(v)
	ps := make([]Param, 0, len(flat))
	for _, f := range flat {
		name := f.path
		switch {
		case prefix == "":
		case name == "":
			name = prefix
		case strings.HasPrefix(name, "["):
			name = prefix + name
		default:
			name = prefix + "." + name
		}
		ps = append(ps, Param{Name: name, Value: f.value, In: InBody})
	}
	return ps
}

func refObjectMembers(v jsontext.Value) ([]member, error) {
	d := jsontext.NewDecoder(bytes.NewReader(v), jsonOpts)
	if _, err := d.ReadToken(); err != nil {
		return nil, err
	}
	var ms []member
	for d.PeekKind() == '"' {
		tok, err := d.ReadToken()
		if err != nil {
			return ms, err
		}
		name := tok.String()
		val, err := d.ReadValue()
		if err != nil {
			return ms, err
		}
		ms = append(ms, member{name, val.Clone()})
	}
	return ms, nil
}

func refArrayElements(v jsontext.Value) ([]jsontext.Value, error) {
	d := jsontext.NewDecoder(bytes.NewReader(v), jsonOpts)
	if _, err := d.ReadToken(); err != nil {
		return nil, err
	}
	var out []jsontext.Value
	for d.PeekKind() != ']' && d.PeekKind() != 0 {
		val, err := d.ReadValue()
		if err != nil {
			return out, err
		}
		out = append(out, val.Clone())
	}
	return out, nil
}

// jsonBodyCases are JSON bodies as trackers send them, and awkward ones:
// escapes, empty names and containers, duplicates, broken documents.
var jsonBodyCases = []string{
	`{"event":"SubmitForm","context":{"pixel":{"code":"C4AB"},"page":{"url":"https%3A%2F%2Fa.example%2F","referrer":""},"user":{"anonymous_id":"x.tt.1"}},"properties":{"value":20.5,"currency":"GBP","contents":[{"id":"1"},{"id":"2"}]},"_inspection":{}}`,
	`{"batch":[{"event":"a"},{"event":"b","properties":{}}],"context":{"ad":{"callback":""}}}`,
	`{"a\"b":{"c\u00e9":"d\ne\u2028"},"":{"":[]},"x":[[],[1,[true,null]],{}],"y":-1.5e3}`,
	`{"a":1,"a":{"b":2}}`,
	`["x",{"y":"z"},3]`,
	`"just a string"`,
	`12`,
	`{}`,
	`[]`,
	`{"a":[1,2,`,
	`{"a":1}{"b":2}`,
	`{"a":1} x`,
	"{\"a\":\"\xff\"}",
	`{"[0]":"a","b":{"[1]":"c"}}`,
	`{"name":"a" , "value" : [ 1 , { "deep" : "x" } ] }`,
}

// TestJSONBodies: jsonParams, flattenJSON, objectMembers and
// arrayElements read every body as the readings before them did.
func TestJSONBodies(t *testing.T) {
	for _, doc := range jsonBodyCases {
		compareJSONBodies(t, []byte(doc))
	}
}

func FuzzJSONBodies(f *testing.F) {
	for _, doc := range jsonBodyCases {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		compareJSONBodies(t, doc)
	})
}

func compareJSONBodies(t *testing.T, doc []byte) {
	t.Helper()
	errText := func(err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	got, gotErr := flattenJSON(string(doc))
	want, wantErr := refFlattenFrom(doc)
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(jsonParam{})); diff != "" || errText(gotErr) != errText(wantErr) {
		t.Fatalf("flattenJSON(%q): error %v, want %v; mismatch (-want +got):\n%s", doc, gotErr, wantErr, diff)
	}
	for _, prefix := range []string{"", "batch[0]", "data"} {
		if diff := cmp.Diff(refJSONParams(prefix, doc), jsonParams(prefix, doc)); diff != "" {
			t.Fatalf("jsonParams(%q, %q) mismatch (-want +got):\n%s", prefix, doc, diff)
		}
	}
	gm, gmErr := objectMembers(doc)
	wm, wmErr := refObjectMembers(doc)
	if diff := cmp.Diff(wm, gm, cmp.AllowUnexported(member{})); diff != "" || errText(gmErr) != errText(wmErr) {
		t.Fatalf("objectMembers(%q): error %v, want %v; mismatch (-want +got):\n%s", doc, gmErr, wmErr, diff)
	}
	ge, geErr := arrayElements(doc)
	we, weErr := refArrayElements(doc)
	if diff := cmp.Diff(we, ge); diff != "" || errText(geErr) != errText(weErr) {
		t.Fatalf("arrayElements(%q): error %v, want %v; mismatch (-want +got):\n%s", doc, geErr, weErr, diff)
	}
}

// TestObjectMembersOwnBytes: the members objectMembers and arrayElements
// return are the document's bytes, with no room to grow into what
// follows them.
func TestObjectMembersOwnBytes(t *testing.T) {
	doc := jsontext.Value(`{"a":{"b":1},"c":[2]}`)
	ms, err := objectMembers(doc)
	if err != nil || len(ms) != 2 {
		t.Fatalf("objectMembers = %v, %v", ms, err)
	}
	for _, m := range ms {
		if cap(m.value) != len(m.value) {
			t.Errorf("member %s: cap %d, len %d", m.name, cap(m.value), len(m.value))
		}
	}
	_ = append(ms[0].value, 'x')
	if string(doc) != `{"a":{"b":1},"c":[2]}` {
		t.Errorf("appending to a member changed the document: %s", doc)
	}
}
