package decode

import (
	"fmt"
	"slices"
	"testing"

	"github.com/haruspex/haruspex/har"
)

// TestParamFinder holds lastParams and effectiveParams, which look names
// up along the list while it is short and in a map past paramIndexMap,
// to what one map from the start gives, on lists on both sides of that
// length and with repeats before and after it.
func TestParamFinder(t *testing.T) {
	for _, n := range []int{0, 1, 5, paramIndexMap - 1, paramIndexMap, paramIndexMap + 1, 3 * paramIndexMap} {
		var ps []Param
		for i := range n {
			ps = append(ps, Param{Name: fmt.Sprintf("p%d", i%(n/2+1)), Value: fmt.Sprint(i), In: ParamIn(i % 3)}) // query, body, cookie
		}
		// The references: one map, as before.
		wantLast := func() []Param {
			var out []Param
			index := map[string]int{}
			for _, p := range ps {
				if p.In == InCookie {
					continue
				}
				if i, ok := index[p.Name]; ok {
					out[i] = p
					continue
				}
				index[p.Name] = len(out)
				out = append(out, p)
			}
			return out
		}()
		if got := lastParams(ps); !slices.Equal(got, wantLast) && len(got)+len(wantLast) > 0 {
			t.Errorf("%d params: lastParams = %v, want %v", n, got, wantLast)
		}
		var wantEff []Param
		index := map[string]int{}
		for _, p := range ps {
			if i, ok := index[p.Name]; ok {
				if p.In == InBody && wantEff[i].In == InQuery {
					wantEff[i] = p
				}
				continue
			}
			index[p.Name] = len(wantEff)
			wantEff = append(wantEff, p)
		}
		var w warnings
		if got := effectiveParams(ps, &w); !slices.Equal(got, wantEff) && len(got)+len(wantEff) > 0 {
			t.Errorf("%d params: effectiveParams = %v, want %v", n, got, wantEff)
		}
	}
}

// TestCookieStatus: a request's cookies are recorded when the capture
// has a cookie list or a Cookie header, even an empty one; cookieStatus
// says so without reading them, as requestCookies does reading them.
func TestCookieStatus(t *testing.T) {
	for i, tc := range []struct {
		r    har.Request
		want CookieStatus
	}{
		{har.Request{}, CookiesNotCaptured},
		{har.Request{Cookies: []har.Cookie{{Name: "a", Value: "1"}}}, CookiesCaptured},
		{har.Request{Headers: []har.NameValue{{Name: "Cookie", Value: "a=1; b=2"}}}, CookiesCaptured},
		{har.Request{Headers: []har.NameValue{{Name: "cookie", Value: ""}}}, CookiesCaptured},
		{har.Request{Headers: []har.NameValue{{Name: "Referer", Value: "https://a.example/"}}}, CookiesNotCaptured},
		{har.Request{Cookies: []har.Cookie{{Name: "a"}}, Headers: []har.NameValue{{Name: "COOKIE", Value: "b=2"}}}, CookiesCaptured},
	} {
		if got := cookieStatus(&tc.r); got != tc.want {
			t.Errorf("request %d: cookieStatus = %v, want %v", i, got, tc.want)
		}
		if _, got := requestCookies(&tc.r); got != tc.want {
			t.Errorf("request %d: requestCookies says %v, want %v", i, got, tc.want)
		}
	}
}

// FuzzParamLists holds lastParams and effectiveParams, which give a
// request's own list when it can stand as the answer, to the versions
// that always build a list of their own: the same parameters and
// warnings, and a list that an append does not write into the request's.
func FuzzParamLists(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})          // unique names, query params
	f.Add([]byte{0, 1, 2, 0x23, 0x24}) // cookies last
	f.Add([]byte{0, 0x20, 1})          // a cookie before a param
	f.Add([]byte{0, 1, 0x10})          // a name twice, body over query
	f.Add(make([]byte, 40))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Each byte is a parameter: its low 4 bits the name (of 16),
		// the next 2 where it was sent (query, body, cookie).
		var ps []Param
		for i, c := range b {
			ps = append(ps, Param{Name: fmt.Sprintf("n%d", c&15), Value: fmt.Sprint(i), In: ParamIn(c >> 4 & 3 % 3)})
		}
		orig := slices.Clone(ps)
		check := func(what string, got, want []Param) {
			t.Helper()
			if !slices.Equal(got, want) {
				t.Fatalf("%s(%v) = %v, want %v", what, ps, got, want)
			}
			if len(got) > 0 && &got[0] == &ps[0] && cap(got) != len(got) {
				t.Fatalf("%s(%v) shares the request's list with room after it (cap %d, len %d): an append would write into the request's", what, ps, cap(got), len(got))
			}
			if len(got) > 0 {
				_ = append(got, Param{Name: "appended"})
				if !slices.Equal(ps, orig) {
					t.Fatalf("%s(%v): an append to its answer changed the request's parameters", what, orig)
				}
			}
		}
		check("lastParams", lastParams(ps), lastParamsCopy(ps))
		var w1, w2 warnings
		check("effectiveParams", effectiveParams(ps, &w1), effectiveParamsCopy(ps, &w2))
		if !slices.Equal(w1.list, w2.list) {
			t.Fatalf("effectiveParams(%v) warns %q, want %q", ps, w1.list, w2.list)
		}
	})
}
