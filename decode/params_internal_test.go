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
