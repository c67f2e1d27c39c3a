package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// clarityPlain and clarityGzip64 are one real Clarity 0.7.58 upload,
// plain and as base64 of its gzip-compressed bytes: mouse movement, a
// mouse down and up, and a click on a button labelled "Annehmen"
// ("Accept") in project n59ae4ieqq. It was sent to
// copilot.microsoft.com's first-party collector (/cl/eus2/collect); the
// fixtures post it to Clarity's own host. source: public file,
// repository not recorded (a Python client that replays a browser
// session recorded in a HAR).
const (
	clarityPlain  = `{"e":["0.7.58",5,7284,4779,"n59ae4ieqq","aln5en","1upufhz",1,0,0],"a":[[7323,12,65,217,324],[7344,12,65,214,329],[7385,12,65,211,334],[7407,12,65,210,337],[7428,12,65,209,338],[7461,12,65,209,339],[7497,12,65,209,339],[7531,12,65,208,340],[7545,12,65,208,342],[11654,13,65,208,342],[11728,14,65,208,342],[11728,9,65,208,342,17535,19455,0,0,0,"Annehmen",null,"52w7wqv1r.8ovjfyrpu",1],[7284,4,1,393,968,393,968,0,0,231,310,939,0],[12063,0,2,147,3,4,4,18,5,1,10,79,25,15],[12063,36,6,[11938,0]]]}`
	clarityGzip64 = "H4sIAAAAAAAAA23RwU7DMAwG4HfJ2aqS2E5ibjxH1cMOnQYqYZvUTQPx7vyJRGGAemj01XWcP+9udg+j80MetDhSyrEISc5GrqrtZnmaTydHbrdUnSsWYT2u+8Obo0Ce/IQvaDBmjkwhUlKKIRNHmQgosqEArWPRDQMx90rxeUMPzB1j+UJvwNIxhTvsPcXyX1T+rizE4juK3mEEhpAUg/JvzW1/+U/tB1LATmhqotoiweMea50PLy2vui4LOY3XfD1dwnkor5fn/e18XBFgm6fHjSzZmCyV7d3aRByAEYextaTHEH3i5pgKGVP/s+DScE5PuLKIpW6FnCi1gY3Rbpqmj0/DI/+L7QEAAA=="
)

// clarityDimensions is a made-up upload in the same format with a
// dimension event (types/data.d.ts: 1 URL, 2 referrer, 3 title) and a
// playback event, so that the page is read from the payload.
const clarityDimensions = `{"e":["0.7.58",1,0,1200,"n59ae4ieqq","aln5en","1upufhz",1,0,0],"a":[[10,1,1,["https://www.example.com/results?q=debt+advice"],2,["https://www.search.example/"],3,["Debt advice - results"]]],"p":[[12,5,[1,null,"*D","html"]]]}`

func TestClarity(t *testing.T) {
	ids := []string{"clarity_user_id=aln5en", "clarity_session_id=1upufhz"}
	checkWireFixtures(t, "clarity", []wireFixture{
		{name: "upload-plain", entry: post("https://k.clarity.ms/collect", "text/plain;charset=UTF-8", clarityPlain),
			want: []brief{{Vendor: decode.VendorClarity, PixelID: "n59ae4ieqq", Name: "session recording upload", IDs: ids}}},
		{name: "upload-base64-gzip", entry: post("https://k.clarity.ms/collect", "application/octet-stream", clarityGzip64),
			want: []brief{{Vendor: decode.VendorClarity, PixelID: "n59ae4ieqq", Name: "session recording upload", IDs: ids}}, warn: "base64 of gzip"},
		{name: "upload-dimensions", entry: post("https://k.clarity.ms/collect", "text/plain", clarityDimensions),
			want: []brief{{Vendor: decode.VendorClarity, PixelID: "n59ae4ieqq", Name: "session recording upload", Page: "https://www.example.com/results?q=debt+advice", Referrer: "https://www.search.example/", IDs: ids}}},
		// Bad: gzip bytes a HAR export mangled (the replacement character
		// where bytes were not UTF-8) cannot be read; they are kept.
		{name: "upload-mangled-gzip", entry: post("https://k.clarity.ms/collect", "application/octet-stream", "\x1f\ufffd\x08\x00\x00\x00\x00\x00\x00\x03\ufffd\ufffd"),
			want: []brief{{Vendor: decode.VendorClarity, Name: "session recording upload"}}, warn: "kept as sent"},
		// Omnibug's MicrosoftClarity test URL (test/providers/MicrosoftClarity.js).
		{name: "tag", entry: get("https://www.clarity.ms/tag/4fc7usxxxx"),
			want: []brief{{Vendor: decode.VendorClarity, Kind: decode.KindInstallation, PixelID: "4fc7usxxxx"}}},
	})
}
