package decode

import (
	"slices"
	"strings"
	"testing"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har/site"
)

// refEscapedQueryNames is escapedQueryNames as it was written first, with
// strings.SplitSeq and Cut: the reference the faster loop is held to.
func refEscapedQueryNames(rawURL string) []string {
	if !strings.ContainsAny(rawURL, "%+") {
		return nil
	}
	_, _, query := site.Split(rawURL)
	var names []string
	for seg := range strings.SplitSeq(query, "&") {
		name, _, _ := strings.Cut(seg, "=")
		if strings.ContainsAny(name, "%+") {
			n, _ := form.Unescape(name, true)
			names = append(names, n)
		}
	}
	return names
}

var escapedNameCases = []string{
	"https://a.example/p?access%5Ftoken=x&b=1",
	"https://a.example/p?a=%41&b+c=2&&=&d%2=3&e",
	"https://a.example/p?x=1&",
	"https://a.example/p?",
	"https://a.example/p#frag?x%41=1",
	"https://a.example/p?%&+&=%&a=b=c%41",
	"https://www.facebook.com/tr/?id=1&ev=PageView&cd%5BbuttonText%5D=Report%20abuse&ud[em]=x",
	"no query at all %",
}

func TestEscapedQueryNames(t *testing.T) {
	for _, u := range escapedNameCases {
		if got, want := escapedQueryNames(u), refEscapedQueryNames(u); !slices.Equal(got, want) {
			t.Errorf("escapedQueryNames(%q) = %q, want %q", u, got, want)
		}
	}
}

func FuzzEscapedQueryNames(f *testing.F) {
	for _, u := range escapedNameCases {
		f.Add(u)
	}
	f.Fuzz(func(t *testing.T, u string) {
		if got, want := escapedQueryNames(u), refEscapedQueryNames(u); !slices.Equal(got, want) {
			t.Fatalf("escapedQueryNames(%q) = %q, want %q", u, got, want)
		}
	})
}
