package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// yandexVotegd is a real tag.js page view (Chrome 127, August 2024) on
// votegd.com, from a Gatling recording; browser-info carries the _ym_uid
// (u) and the site's Google Analytics cookie (gi). source: public file,
// repository not recorded.
const yandexVotegd = "https://mc.yandex.ru/watch/78422502?wmode=7&page-url=https%3A%2F%2Fvotegd.com%2F&charset=utf-8&uah=chu%0A%22Not)A%3BBrand%22%3Bv%3D%2299%22%2C%22Google%20Chrome%22%3Bv%3D%22127%22%2C%22Chromium%22%3Bv%3D%22127%22%0Acha%0Ax86%0Achb%0A64%0Achf%0A127.0.6533.119%0Achl%0A%22Not)A%3BBrand%22%3Bv%3D%2299.0.0.0%22%2C%22Google%20Chrome%22%3Bv%3D%22127.0.6533.119%22%2C%22Chromium%22%3Bv%3D%22127.0.6533.119%22%0Achm%0A%3F0%0Achp%0ALinux%0Achv%0A6.5.0&browser-info=pv%3A1%3Avf%3Acstsejpczyib8nf716ce02r1en%3Afu%3A0%3Aen%3Autf-8%3Ala%3Aru-RU%3Av%3A1410%3Acn%3A1%3Adp%3A0%3Als%3A1675303360769%3Ahid%3A768269281%3Az%3A300%3Ai%3A20240817140727%3Aet%3A1723885647%3Ac%3A1%3Arn%3A47083343%3Arqn%3A2%3Au%3A1723885632123336677%3Aw%3A1905x927%3As%3A1920x1080x24%3Ask%3A1%3Awv%3A2%3Ads%3A0%2C0%2C155%2C2%2C1%2C0%2C%2C%2C%2C%2C%2C%2C%3Aco%3A0%3Acpf%3A1%3Antf%3A1%3Ans%3A1723885646901%3Agi%3AR0ExLjEuMTczNjQ1OTI0OS4xNzIzODg1NjMy%3Aadb%3A2%3Arqnl%3A1%3Ast%3A1723885647%3At%3AVote%D0%93%D0%94%20%D1%82%D0%B2%D0%BE%D0%B9%20%D1%81%D0%B0%D0%B9%D1%82%20%D0%BE%20%D0%BF%D0%BE%D0%BB%D0%B8%D1%82%D0%B8%D1%87%D0%B5%D1%81%D0%BA%D0%BE%D0%B9%20%D1%82%D1%83%D1%81%D0%BE%D0%B2%D0%BA%D0%B5%20%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D1%8B&t=gdpr(14)clc(0-0-0)rqnt(1)aw(1)rcm(0)cdl(na)eco(21037568)ti(1)"

func TestYandexMetrica(t *testing.T) {
	checkWireFixtures(t, "yandex-metrica", []wireFixture{
		{name: "votegd-page-view", entry: get(yandexVotegd), want: []brief{{Vendor: decode.VendorYandexMetrica, PixelID: "78422502", Name: "page view", Page: "https://votegd.com/",
			IDs: []string{"_ym_uid=1723885632123336677", "cid=1736459249.1723885632"}, Custom: []string{"title=VoteГД твой сайт о политической тусовке Москвы"}}}},
		// A Webvisor upload of a Gatling recording (shtab.opmoscow.ru,
		// August 2024); its body was a binary file the recording kept
		// apart. source: public file, repository not recorded.
		{name: "webvisor", entry: post("https://mc.yandex.ru/webvisor/89667203?wv-part=1&wv-type=7&wmode=0&wv-hit=631142777&page-url=https%3A%2F%2Fshtab.opmoscow.ru%2Fpress&rn=483912631&browser-info=bt%3A1%3Awe%3A1%3Aet%3A1724486377%3Aw%3A1920x927%3Av%3A1410%3Az%3A300%3Ai%3A20240824125937%3Au%3A1724415537121602245%3Avf%3Acstsejpczyib8nf716ce02r1en%3Ast%3A1724486377&t=gdpr(14)ti(1)", "application/octet-stream", ""),
			want: []brief{{Vendor: decode.VendorYandexMetrica, PixelID: "89667203", Name: "Webvisor session recording", Page: "https://shtab.opmoscow.ru/press", IDs: []string{"_ym_uid=1724415537121602245"}}}},
		// A click-map click of a Bitrix script (diada-arms.ru, December
		// 2019). source: public file, repository not recorded.
		{name: "click-map", entry: get("https://mc.yandex.ru/clmap/25448447?page-url=https%3A%2F%2Fwww.diada-arms.ru%2Fpersonal%2Forder%2F&pointer-click=rn%3A714526767%3Ax%3A14744%3Ay%3A25057%3At%3A485%3Ap%3AP1AAAAAA1A1A4AAF%C2%84A1%3AX%3A285%3AY%3A629&browser-info=ti%3A4%3Arqnl%3A1%3Ast%3A1576156925%3Au%3A15689019311038340106%3App%3A3629563401"),
			want: []brief{{Vendor: decode.VendorYandexMetrica, PixelID: "25448447", Name: "click-map click", Page: "https://www.diada-arms.ru/personal/order/", IDs: []string{"_ym_uid=15689019311038340106"}}}},
		// Bad: no counter in the path.
		{name: "no-counter", entry: get("https://mc.yandex.ru/watch/?page-url=https%3A%2F%2Fa.example%2F"),
			want: []brief{{Vendor: decode.VendorYandexMetrica, Name: "page view", Page: "https://a.example/"}}, warn: "no counter ID"},
	})
}
