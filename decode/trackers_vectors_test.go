package decode_test

// Real tracker requests from ../shared/pixel-vectors.txt (PROTOCOLS.md
// §6), copied verbatim; each constant names its vector and the vector's
// source. The corpus has no TikTok, Snap or Reddit requests: these are
// the fixtures for them.

// vecG01: GA4 page_view, GET, client hints and session parameters.
// source: public file, repository not recorded (a CSP that pasted a real hit)
const vecG01 = `https://region1.google-analytics.com/g/collect?v=2&tid=G-FJ2J5B3EPX&gtm=45je32m0&_p=619933021&cid=538657379.1677346703&ul=it&sr=360x640&uaa=&uab=64&uafvl=Chromium%3B110.0.5481.177%7CNot%2520A(Brand%3B24.0.0.0%7CGoogle%2520Chrome%3B110.0.5481.177&uamb=1&uam=Moto%20G%20(4)&uap=Android&uapv=6.0.1&uaw=0&_s=1&sid=1677346702&sct=1&seg=0&dl=https%3A%2F%2Fwww.louontour.it%2Fcontatti&dt=Lou%20On%20Tour%20-%20Contatti&en=page_view&_fv=1&_nsi=1&_ss=1&_ee=1`

// vecG03URL, vecG03Body: GA4 batched POST (synthetic fixture from a JS test).
const (
	vecG03URL  = `https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123&gcs=G100&gcd=13p3p3p3p5l1&cid=1.2`
	vecG03Body = "en=scroll&epn.percent_scrolled=90\r\nen=user_engagement&_et=5123\r\n"
)

// vecU01: UA event hit as a POST body.
// source: github.com/MisterPhilip/omnibug test/providers/GoogleAnalytics4.js
const vecU01 = `v=1&_v=j68&a=40871850&t=event&_s=2&dl=https%3A%2F%2Fomnibug.io%2F&ul=en-us&de=UTF-8&dt=Omnibug%20%7C%20A%20Digital%20Marketing%20Debugging%20Tool&sd=24-bit&sr=2560x1440&vp=2560x1307&je=0&ec=exit%20link&ea=click&el=https%3A%2F%2Ftwitter.com%2Fomnibug&_u=CACAAUAB~&jid=&gjid=&cid=191425359.1527202446&_gid=1457163284.1531235778&gtm=u6c&z=1127167073`

// vecA01: Google Ads remarketing / view-through with event data.
// source: github.com/MisterPhilip/omnibug test/providers/GoogleAds.js
const vecA01 = `https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1111111/?random=846177263&cv=9&fst=*&num=1&label=AbC-D_efG-h12_34-567&bg=ffffff&guid=ON&resp=GooglemKTybQhCsO&u_h=1440&u_w=2560&u_ah=1400&u_aw=2560&u_cd=24&u_his=2&u_tz=-420&u_java=false&u_nplug=3&u_nmime=4&gtm=2ou430&sendb=1&data=event%3Dpurchase%3Ballow_custom_scripts%3Dtrue&frm=0&url=https://omnibug.io/&tiba=Omnibug%20%7C%20A%20Digital%20Marketing%20Debugging%20Tool&async=1&fmt=3&ctc_id=CAIVAgAAAB0CAAAA&ct_cookie_present=false&ocp_id=BLrEXM3MC6KonAf3x6yQCw&crd=&gtd=`

// vecT01: TikTok pixel JSON body.
// source: github.com/MisterPhilip/omnibug test/providers/TikTok.js
const vecT01 = `{"event":"AddToCart","context":{"ad":{"ad_id":"","req_id":"","creative_id":"","log_extra":"{}","idc":"","convert_id":"","callback":""},"user":{"user_id":"","device_id":""},"pixel":{"code":"BT24M8TQUU2IQ2BVG9NG"},"page":{"url":"https%3A%2F%2Fdigital-intelligence.myshopify.com%2F","referrer":""},"library":{"version":"0.0.24","name":"pixel.js"}},"analytics_uniq_id":"f1udvvnn6gt0jhsn6wirp3q","timestamp":"2020-09-04T11:22:12.961Z"}`

// vecL01: LinkedIn Insight.
// source: github.com/MisterPhilip/omnibug test/providers/LinkedIn.js
const vecL01 = `https://px.ads.linkedin.com/collect?v=2&fmt=js&pid=123456&url=https%3A%2F%2Fwww.example.com%2F&time=1583871950665`

// vecX01: X purchase; events is a JSON array of [name, data].
// source: github.com/MisterPhilip/omnibug test/providers/Twitter.js
const vecX01 = `https://analytics.twitter.com/i/adsct?p_id=Twitter&p_user_id=0&txn_id=abc123&tw_sale_amount=29.95&tw_order_quantity=3&events=%5B%5B%22purchase%22%2C%7B%22value%22%3A%2229.95%22%2C%22currency%22%3A%22USD%22%2C%22num_items%22%3A%223%22%7D%5D%5D&tw_iframe_status=0&tpx_cb=twttr.conversion.loadPixels&tw_document_href=https%3A%2F%2Fwww.example.com%2F`

// vecP01: Pinterest checkout with a hashed e-mail in pd and page data in ad.
// source: github.com/MisterPhilip/omnibug test/providers/Pinterest.js
const vecP01 = `https://ct.pinterest.com/v3/?event=checkout&ed=%7B%22value%22%3A116%2C%22order_quantity%22%3A2%2C%22currency%22%3A%22USD%22%2C%22transaction_id%22%3A%22AAAA123%22%2C%22line_items%22%3A%7B%22product_name%22%3A%22Pillows%20(Set%20of%202)%22%2C%22product_id%22%3A%2211%22%2C%22product_price%22%3A48%2C%22product_quantity%22%3A1%7D%7D&tid=abc123&pd=%7B%22em%22%3A%22f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a%22%7D&ad=%7B%22loc%22%3A%22https%3A%2F%2Fwww.example.com%2F%22%2C%22ref%22%3A%22%22%2C%22if%22%3Afalse%2C%22sh%22%3A1440%2C%22sw%22%3A2560%7D&cb=1583868246432`

// vecS01: Snap pixel, POST https://tr.snapchat.com/p with an urlencoded body.
// source: github.com/MisterPhilip/omnibug test/providers/Snapchat.js
const vecS01 = `pid=b2ade379-a55e-4ca7-893b-b9fac04c843f&ev=PAGE_VIEW&pl=https%3A%2F%2Fomnibug.io%2F&ts=1583875341291&rf=&v=1.4&if=false&bt=__LIVE__&e_desc=Example+Page&e_sm=foobar&e_su=1&u_hem=f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a&u_hpn=009875cdd7e8a0abe6dc0444d693ff435599e9c68793dac5bc277066d4bc0dc3&u_c1=842d7ddb-e7ea-478c-85a7-cd256905dd2c&m_sl=7889&m_rd=1555565&m_pi=287&m_pl=590&m_ic=0`

// vecB01: Microsoft UET page load.
// source: github.com/MisterPhilip/omnibug test/providers/BingAds.js
const vecB01 = `https://bat.bing.com/action/0?ti=123456&Ver=2&mid=eeb8884c-7abb-0791-3ae6-6348dd889664&pi=1200101525&lg=en-US&sw=2560&sh=1440&sc=24&tl=Omnibug%20%7C%20A%20Digital%20Marketing%20Debugging%20Tool&kw=Omnibug%20browser%20extension%20debug%20web%20metrics%20analytics%20Adobe%20Analytics%20Target%20Omniture%20SiteCatalyst%20Moniforce%20WebTrends%20Google%20Urchin&p=https%3A%2F%2Fomnibug.io%2F&r=&lt=590&evt=pageLoad&msclkid=N&rn=187899`

// vecR01: Reddit pixel.
// source: github.com/MisterPhilip/omnibug test/providers/RedditPixel.js
const vecR01 = `https://alb.reddit.com/rp.gif?ts=1708362676211&id=xx_abc123z&event=AddToCart&m.itemCount=2&m.value=&m.valueDecimal=20&m.currency=USD&m.transactionId=&m.customEventName=&m.products=&m.conversionId=&uuid=c6959068-f901-4338-a393-7dda9cbd1fc3&aaid=&em=&external_id=&idfa=&integration=reddit&opt_out=0&sh=2560&sw=1440&v=rdt_c9439d84&dpm=&dpcc=&dprc=`
