package decode

import (
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/har"
)

// DeliveryState says what a capture proves of a request's journey: that
// the server answered it, that it may have left the browser, or that it
// never did. A capture records what the browser (or proxy) saw; a
// request with no answer recorded may still have reached the server, and
// the state says only that.
type DeliveryState uint8

// The delivery states. The zero value is the one that claims least.
const (
	// DeliveryUnconfirmed: no response was recorded (status 0 or -1, or
	// none), or the request was cut off (net::ERR_ABORTED, a reset
	// connection, a timeout): it may have left the browser, and the
	// server may have received it, but the capture does not show it.
	DeliveryUnconfirmed DeliveryState = iota
	// DeliveryAnswered: a response status of 100 or more was recorded:
	// the request reached a server, which answered.
	DeliveryAnswered
	// DeliveryFailed: the browser reports that the request failed or was
	// blocked before it was sent (blocked by an extension or policy, the
	// host name could not be resolved, the connection or TLS handshake
	// failed): nothing of it reached the server.
	DeliveryFailed
	numDeliveryStates
)

var deliveryNames = [numDeliveryStates]string{"unconfirmed", "answered", "failed"}

// String returns the state's name: "answered", "unconfirmed" or "failed".
func (s DeliveryState) String() string {
	if s < numDeliveryStates {
		return deliveryNames[s]
	}
	return "DeliveryState(" + strconv.Itoa(int(s)) + ")"
}

// Delivery is what a capture shows of whether a request was sent and
// answered: its state, the HTTP status recorded (0 when none) and the
// browser's error text (Chrome's _failureText or _error), as captured.
type Delivery struct {
	State  DeliveryState
	Status int
	Error  string
}

// failedBeforeSending are error texts (Chrome's net:: errors, and the
// words of other producers) that mean the request never left: blocked in
// the browser, or no connection to send it on.
var failedBeforeSending = []string{
	"ERR_BLOCKED_BY_CLIENT",        // an extension (ad blocker) blocked it
	"ERR_BLOCKED_BY_ADMINISTRATOR", // policy
	"ERR_BLOCKED_BY_CSP",           // the page's Content Security Policy
	"ERR_NAME_NOT_RESOLVED",
	"ERR_NAME_RESOLUTION_FAILED",
	"ERR_ADDRESS_UNREACHABLE",
	"ERR_ADDRESS_INVALID",
	"ERR_CONNECTION_REFUSED",
	"ERR_CONNECTION_FAILED",
	"ERR_CONNECTION_TIMED_OUT", // connecting, not waiting for an answer
	"ERR_INTERNET_DISCONNECTED",
	"ERR_NETWORK_ACCESS_DENIED",
	"ERR_PROXY_CONNECTION_FAILED",
	"ERR_TUNNEL_CONNECTION_FAILED",
	"ERR_CERT_",
	"ERR_SSL_",
	"ERR_BAD_SSL_CLIENT_AUTH_CERT",
	"ERR_UNSAFE_PORT",
	"ERR_DISALLOWED_URL_SCHEME",
	"ERR_INVALID_URL",
	"Unable to connect to host", // BrowserMob Proxy
}

// DeliveryOf reads an entry's delivery: answered when a status of 100 or
// more was recorded; failed when the browser's error text says the
// request was blocked or had no connection before it was sent; else
// unconfirmed.
func DeliveryOf(e *har.Entry) Delivery {
	d := Delivery{Status: e.Response.Status, Error: failureText(e)}
	switch {
	case d.Status >= 100:
		d.State = DeliveryAnswered
	case d.Error != "" && failedEarly(d.Error):
		d.State = DeliveryFailed
	default:
		d.State = DeliveryUnconfirmed
	}
	return d
}

func failedEarly(text string) bool {
	for _, f := range failedBeforeSending {
		if strings.Contains(text, f) {
			return true
		}
	}
	return false
}

// failureText returns the error a producer recorded for the request:
// Chrome's _failureText (newer) or _error (older, and BrowserMob's).
func failureText(e *har.Entry) string {
	for _, name := range []string{"_failureText", "_error"} {
		if raw := e.CustomField(name); len(raw) > 0 {
			if s, err := jsontext.AppendUnquote(nil, raw); err == nil && len(s) > 0 {
				return string(s)
			}
		}
	}
	return ""
}
