package decode_test

import "testing"

// The fuzz targets of the decoders issue 18 adds, one per body format:
// JSON bodies (FuzzJSONBodyVendors), urlencoded forms and query strings
// (FuzzFormVendors), and base64-encoded JSON in a form field
// (FuzzBase64Vendors). Each runs every decoder of its format on the
// fuzzed request through fuzzRoute, seeded from the vendors' fixtures.

// jsonBodyRoutes are the routes whose decoders read a JSON body.
var jsonBodyRoutes = [][2]string{
	{"api.segment.io", "/v1/t"},
}

// FuzzJSONBodyVendors fuzzes the JSON-body decoders. Seeds: the Segment
// fixtures, a batch, truncated and odd JSON.
func FuzzJSONBodyVendors(f *testing.F) {
	f.Add("https://api.segment.io/v1/p", "text/plain", omnibugSegmentPage)
	f.Add("https://api.segment.io/v1/batch", "application/json", segmentBatch)
	f.Add("https://api.segment.io/v1/t", "application/json", `{"type":"track","event":"Order Completed","properties":{"total":`)
	f.Add("https://api.segment.io/v1/batch", "application/json", `{"batch":[1,[],{"traits":{"email":null}}],"batch":{}}`)
	f.Add("https://api.segment.io/v1/t", "application/json", `[[[]],"x",{"a":{"b":[{}]}}]`)
	reg := newRegistry(f)
	f.Fuzz(func(t *testing.T, url, mimeType, body string) {
		fuzzRoutes(t, reg, jsonBodyRoutes, url, mimeType, body)
	})
}
