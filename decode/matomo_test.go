package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// The Matomo fixtures are Omnibug's Matomo provider tests
// (github.com/MisterPhilip/omnibug test/providers/Matomo.js).
const matomoPageView = "https://omnibug.matomo.cloud/matomo.php?action_name=&idsite=1&rec=1&r=037654&h=13&m=12&s=57&url=http%3A%2F%2Flocalhost%2Fmatomo.html&_id=6a45e22e58f0786b&_idts=1575143580&_idvc=1&_idn=0&_refts=0&_viewts=1575143580&_ects=1575144372&cs=windows-1252&send_image=1&pdf=1&qt=0&realp=0&wma=0&dir=0&fla=0&java=0&gears=0&ag=0&cookie=1&res=2560x1440&gt_ms=1&pv_id=wYQaNh"

func TestMatomo(t *testing.T) {
	const id = "_pk_id=6a45e22e58f0786b"
	checkWireFixtures(t, "matomo", []wireFixture{
		{name: "page-view", entry: get(matomoPageView), want: []brief{{Vendor: decode.VendorMatomo, PixelID: "1", Name: "page view", Page: "http://localhost/matomo.html", IDs: []string{id}}}},
		{name: "order", entry: get("https://omnibug.matomo.cloud/matomo.php?idgoal=0&ec_id=A1133323&revenue=69.46&ec_st=74.46&ec_tx=5&ec_sh=15&ec_dt=10&ec_items=%5B%5B%22123456%22%2C%22Test%20Book%22%2C%5B%22Books%22%2C%22Best%20sellers%22%5D%2C25.33%2C2%5D%2C%5B%229780786706211%22%2C%22Endurance%3A%20Shackleton%27s%20Incredible%20Voyage%22%2C%5B%22Adventure%20Books%22%2C%22Best%20sellers%22%5D%2C8.8%2C1%5D%5D&idsite=1&rec=1&r=738851&h=13&m=30&s=11&url=http%3A%2F%2Flocalhost%2Fmatomo.html&_id=6a45e22e58f0786b&_idts=1575143580&_idvc=1&_idn=0&_refts=0&_viewts=1575143580&_ects=1575144372&cs=windows-1252&send_image=1&pdf=1&qt=0&realp=0&wma=0&dir=0&fla=0&java=0&gears=0&ag=0&cookie=1&res=2560x1440&gt_ms=1&pv_id=2f8yA2"),
			want: []brief{{Vendor: decode.VendorMatomo, PixelID: "1", Name: "e-commerce order or cart", Page: "http://localhost/matomo.html", IDs: []string{id},
				Custom: []string{"ec_id=A1133323", "revenue=69.46", "ec_st=74.46", "ec_tx=5", "ec_sh=15", "ec_dt=10", `ec_items=[["123456","Test Book",["Books","Best sellers"],25.33,2],["9780786706211","Endurance: Shackleton's Incredible Voyage",["Adventure Books","Best sellers"],8.8,1]]`}}}},
		// The site search test, on a self-hosted server (any host).
		{name: "site-search-self-hosted", entry: get("https://stats.omnibug.io/matomo.php?search=Banana&search_cat=Organic%20Food&search_count=35&idsite=1&rec=1&r=387935&h=13&m=36&s=21&url=http%3A%2F%2Flocalhost%2Fmatomo.html&_id=6a45e22e58f0786b&_idts=1575143580&_idvc=1&_idn=0&_refts=0&_viewts=1575143580&_ects=1575145811&cs=windows-1252&send_image=1&pdf=1&qt=0&realp=0&wma=0&dir=0&fla=0&java=0&gears=0&ag=0&cookie=1&res=2560x1440&gt_ms=1&pv_id=tDfpI9"),
			want: []brief{{Vendor: decode.VendorMatomo, PixelID: "1", Name: "site search", Page: "http://localhost/matomo.html", IDs: []string{id}, Custom: []string{"search=Banana", "search_cat=Organic Food"}}}},
		// A bulk POST in the shape the Tracking API documents ("Bulk
		// tracking"), with the site's user ID on the second hit.
		{name: "bulk", entry: post("https://stats.example.org/piwik.php", "application/json", `{"requests":["?idsite=3&rec=1&action_name=Home&url=https%3A%2F%2Fa.example%2F&_id=0123456789abcdef","?idsite=3&rec=1&e_c=video&e_a=play&uid=user%40a.example&_id=0123456789abcdef"]}`),
			want: []brief{
				{Vendor: decode.VendorMatomo, PixelID: "3", Name: "page view", Page: "https://a.example/", IDs: []string{"_pk_id=0123456789abcdef"}, Custom: []string{"action_name=Home"}},
				{Vendor: decode.VendorMatomo, PixelID: "3", Name: "event", IDs: []string{"matomo_uid=user@a.example", "_pk_id=0123456789abcdef"}, Custom: []string{"e_c=video", "e_a=play"}},
			}},
	})
}
