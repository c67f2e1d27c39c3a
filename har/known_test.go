package har

import (
	"strings"
	"testing"
)

func TestKnownNames(t *testing.T) {
	k := newKnownNames([]string{"name", "value", "url", "nave", "Name", "", "name"})
	for _, tc := range []struct {
		raw  string
		want string
		ok   bool
	}{
		{"name", "name", true},
		{"Name", "Name", true},
		{"nave", "nave", true},
		{"value", "value", true},
		{"url", "url", true},
		{"nane", "", false},  // same length, first and last bytes
		{"names", "", false}, // longer than any of its length
		{"nam", "", false},
		{"", "", false},
		{"NAME", "", false},
		{"a very long name beyond every known length", "", false},
		{"na\\u006de", "", false}, // escaped: not the name's bytes
	} {
		got, ok := k.lookup([]byte(tc.raw))
		if got != tc.want || ok != tc.ok {
			t.Errorf("lookup(%q) = %q, %v; want %q, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
	// Every name of the parser's sets is found as itself, once.
	for _, set := range []*knownNames{memberNames, headerNames} {
		n := 0
		for l, names := range set.byLen {
			for _, name := range names {
				n++
				if len(name) != l {
					t.Errorf("%q kept with the names of length %d", name, l)
				}
				if got, ok := set.lookup([]byte(strings.Clone(name))); !ok || got != name {
					t.Errorf("lookup(%q) = %q, %v", name, got, ok)
				}
			}
		}
		if n < 90 {
			t.Errorf("only %d names in a set", n)
		}
	}
}

// A name found is returned without allocating.
func TestKnownNamesAllocs(t *testing.T) {
	raw := []byte("startedDateTime")
	if n := testing.AllocsPerRun(100, func() {
		if _, ok := memberNames.lookup(raw); !ok {
			t.Fatal("not found")
		}
	}); n != 0 {
		t.Errorf("%v allocations per lookup", n)
	}
}

func TestResourceType(t *testing.T) {
	for _, tc := range []struct {
		fields []Field
		want   string
	}{
		{[]Field{{Name: "_resourceType", Raw: []byte(`"document"`)}}, "document"},
		{[]Field{{Name: "_resourceType", Raw: []byte(`"XHR"`)}}, "xhr"},
		{[]Field{{Name: "_resourceType", Raw: []byte(`"x\u0068r"`)}}, "xhr"},
		{[]Field{{Name: "_resourceType", Raw: []byte(`"Some-Type"`)}}, "some-type"},
		{[]Field{{Name: "_resourceType", Raw: []byte(`""`)}}, ""},
		{[]Field{{Name: "_resourceType", Raw: []byte(`3`)}, {Name: "_fetchType", Raw: []byte(`"Fetch"`)}}, "fetch"},
		{[]Field{{Name: "_fetchType", Raw: []byte(`"image"`)}}, "image"},
		{[]Field{{Name: "_initiator", Raw: []byte(`"script"`)}}, ""},
		{nil, ""},
	} {
		e := &Entry{Custom: tc.fields}
		if got := e.ResourceType(); got != tc.want {
			t.Errorf("ResourceType() of %s = %q, want %q", tc.fields, got, tc.want)
		}
	}
	e := &Entry{Custom: []Field{{Name: "_resourceType", Raw: []byte(`"script"`)}}}
	if n := testing.AllocsPerRun(100, func() { e.ResourceType() }); n != 0 {
		t.Errorf("%v allocations for a type browsers write", n)
	}
}
