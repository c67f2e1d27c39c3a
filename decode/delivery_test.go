package decode_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// TestDeliveryOf reads each producer's way of saying a request failed,
// as their exports write it.
func TestDeliveryOf(t *testing.T) {
	tests := []struct {
		name  string
		entry string // the entry's JSON
		want  decode.Delivery
	}{
		{"answered (Chrome)", `{"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1"},"response":{"status":200}}`,
			decode.Delivery{State: decode.DeliveryAnswered, Status: 200}},
		{"answered, an error status is still an answer", `{"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1"},"response":{"status":404}}`,
			decode.Delivery{State: decode.DeliveryAnswered, Status: 404}},
		// Chrome 120+: an image request cancelled by navigating away.
		{"Chrome aborted", `{"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1"},"response":{"status":-1},"_failureText":"net::ERR_ABORTED"}`,
			decode.Delivery{State: decode.DeliveryUnconfirmed, Status: -1, Error: "net::ERR_ABORTED"}},
		// Chrome with an ad blocker: never sent.
		{"Chrome blocked by client", `{"request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1"},"response":{"status":0},"_failureText":"net::ERR_BLOCKED_BY_CLIENT"}`,
			decode.Delivery{State: decode.DeliveryFailed, Error: "net::ERR_BLOCKED_BY_CLIENT"}},
		// Chrome 110 (corpus mitmproxy__chrome.har): _error, offline.
		{"Chrome 110 offline", `{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":0},"_error":"net::ERR_INTERNET_DISCONNECTED"}`,
			decode.Delivery{State: decode.DeliveryFailed, Error: "net::ERR_INTERNET_DISCONNECTED"}},
		{"Chrome name not resolved", `{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":0},"_failureText":"net::ERR_NAME_NOT_RESOLVED"}`,
			decode.Delivery{State: decode.DeliveryFailed, Error: "net::ERR_NAME_NOT_RESOLVED"}},
		{"Chrome TLS failure", `{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":0},"_failureText":"net::ERR_CERT_AUTHORITY_INVALID"}`,
			decode.Delivery{State: decode.DeliveryFailed, Error: "net::ERR_CERT_AUTHORITY_INVALID"}},
		// A reset after sending: the server may have it.
		{"Chrome reset", `{"request":{"method":"POST","url":"https://a.example/"},"response":{"status":0},"_failureText":"net::ERR_CONNECTION_RESET"}`,
			decode.Delivery{State: decode.DeliveryUnconfirmed, Error: "net::ERR_CONNECTION_RESET"}},
		// Firefox records a beacon it did not see answered as status 0, no text.
		{"Firefox status 0", `{"request":{"method":"POST","url":"https://www.facebook.com/tr/"},"response":{"status":0,"statusText":""}}`,
			decode.Delivery{State: decode.DeliveryUnconfirmed}},
		// BrowserMob Proxy (corpus SOURCES.md).
		{"BrowserMob cannot connect", `{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":0},"_error":"Unable to connect to host"}`,
			decode.Delivery{State: decode.DeliveryFailed, Error: "Unable to connect to host"}},
		// A proxy that saw no response at all (ZAP's noresponse corpus file).
		{"no response recorded", `{"request":{"method":"GET","url":"https://a.example/"}}`,
			decode.Delivery{State: decode.DeliveryUnconfirmed}},
		// Bad: the error field is not a string; it is ignored, not trusted.
		{"error of the wrong kind", `{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":0},"_failureText":42}`,
			decode.Delivery{State: decode.DeliveryUnconfirmed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := readEntry(t, tt.entry)
			if diff := cmp.Diff(tt.want, decode.DeliveryOf(e)); diff != "" {
				t.Errorf("DeliveryOf() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// readEntry reads one entry through the HAR reader.
func readEntry(t *testing.T, entry string) *har.Entry {
	t.Helper()
	r := har.NewReader(strings.NewReader(`{"log":{"version":"1.2","entries":[` + entry + `]}}`))
	e, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	return e
}
