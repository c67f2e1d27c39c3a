package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// xUWT24 is a real uwt.js 2.4.11 page view (2026) on
// docs.langchain.com, as a public Markdown snapshot of the page kept it
// (the t.co copy; the analytics.twitter.com copy is identical). source:
// public file, repository not recorded.
const xUWT24 = "https://t.co/1/i/adsct?bci=4&dv=UTC%26en-US%2Cen%26Google%20Inc.%26Linux%20x86_64%26255%261280%261280%2610%2624%261280%261280%260%26na&eci=3&event=%7B%7D&event_id=e6984b05-c59e-49ae-babb-03a08ce4098a&integration=gtm&p_id=Twitter&p_user_id=0&pl_id=541286d4-067c-45f3-ab72-170893cc6b85&tw_ch_fvl=Google%20Chrome%2F153.0.8010.47%2CNot_A%20Brand%2F8.0.0.0%2CChromium%2F153.0.8010.47&tw_document_href=https%3A%2F%2Fdocs.langchain.com%2Foss%2Fpython%2Flanggraph%2Fchoosing-apis&tw_engaged_ms=1&tw_iframe_status=0&tw_pid_src=1&tw_session_count=1&tw_session_id=1789894459211-271657084&tw_session_start=1&twpid=tw.1789894459210.445460455345390724&txn_id=qr5t6&type=javascript&version=2.4.11"

func TestXNewerEndpoints(t *testing.T) {
	ids := []string{"tw_session_id=1789894459211-271657084", "twpid=tw.1789894459210.445460455345390724"}
	checkWireFixtures(t, "x", []wireFixture{
		{name: "uwt24-page-view", entry: get(xUWT24), want: []brief{{Vendor: decode.VendorX, PixelID: "qr5t6", Page: "https://docs.langchain.com/oss/python/langgraph/choosing-apis", IDs: ids}}},
		{name: "uwt24-analytics-host", entry: get("https://analytics.twitter.com/1/i/adsct?event=%7B%22value%22%3A%2249.00%22%2C%22currency%22%3A%22EUR%22%2C%22conversion_id%22%3A%22ord-1%22%7D&event_id=0f9d2b0a-0000-4000-8000-000000000001&p_id=Twitter&p_user_id=0&tw_document_href=https%3A%2F%2Fshop.example%2Fthanks&twclid=2-abc&txn_id=o1abc&type=javascript&version=2.4.11"),
			want: []brief{{Vendor: decode.VendorX, PixelID: "o1abc", Page: "https://shop.example/thanks", IDs: []string{"twclid=2-abc"}, Custom: []string{"value=49.00", "currency=EUR", "conversion_id=ord-1"}}}},
		// Bad: event is not a JSON object.
		{name: "uwt24-bad-event", entry: get("https://t.co/1/i/adsct?event=%5B1%5D&txn_id=o1&p_id=Twitter"),
			want: []brief{{Vendor: decode.VendorX, PixelID: "o1"}}, warn: "not a JSON object"},
	})
}
