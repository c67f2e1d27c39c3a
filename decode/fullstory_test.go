package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

func TestFullStory(t *testing.T) {
	checkWireFixtures(t, "fullstory", []wireFixture{
		// A recording upload built from the query names FullStory's
		// recorder uses (OrgId, UserId, SessionId, PageId, Seq …; not
		// publicly documented), with made-up IDs and a compressed body a
		// HAR export could not keep intact.
		{name: "bundle", entry: withCookies(post("https://rs.fullstory.com/rec/bundle/v2?OrgId=o-1ABC2D-na1&UserId=5a3c0c7e-0000-4000-8000-000000000006&SessionId=6b4d1d8f-0000-4000-8000-000000000007&PageId=7c5e2e90-0000-4000-8000-000000000008&Seq=3&ClientTime=1704067205000&PageStart=1704067200000&PrevBundleTime=1704067202000&LastActivity=1704067204800&IsNewSession=false&ContentEncoding=gzip", "text/plain", "\x1f\ufffd\x08\x00\x00\x00\x00\x00\x00\x03\ufffd"),
			"fs_uid=#o-1ABC2D-na1#5a3c0c7e-0000-4000-8000-000000000006:6b4d1d8f-0000-4000-8000-000000000007:1704067200000::1#/1735603200"),
			want: []brief{{Vendor: decode.VendorFullStory, PixelID: "o-1ABC2D-na1", Name: "session recording upload",
				IDs: []string{"fs_uid=5a3c0c7e-0000-4000-8000-000000000006", "fs_session=6b4d1d8f-0000-4000-8000-000000000007", "fs_uid=5a3c0c7e-0000-4000-8000-000000000006"}}}},
		{name: "recorder", entry: get("https://edge.fullstory.com/s/fs.js"),
			want: []brief{{Vendor: decode.VendorFullStory, Kind: decode.KindInstallation}}},
	})
}
