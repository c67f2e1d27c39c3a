package decode_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode"
)

// amplitudeJSBody is a real amplitude-js 5.2.2 form POST to
// api.amplitude.com/ (July 2019, trustpilot.com's business login), the
// event in e as a JSON array. source: public file, repository not
// recorded (a PHP script replaying a browser session with curl).
const amplitudeJSBody = "checksum=c40af0d23c0aee7401846993ee217aed&client=de1e2fc13cf22ef1024015ecc1bb8ccd&e=%5B%7B%22device_id%22%3A%22f8592d0a-7f5b-4ca9-a326-fda59d8b9c8dR%22%2C%22user_id%22%3A%229b265a104a8ab3c3ade4be2479c3612c58584d4d%22%2C%22timestamp%22%3A1563501767986%2C%22event_id%22%3A394%2C%22session_id%22%3A1563500401416%2C%22event_type%22%3A%22BusinessUserLoggedIn%22%2C%22version_name%22%3Anull%2C%22platform%22%3A%22Web%22%2C%22os_name%22%3A%22Chrome%22%2C%22os_version%22%3A%2275%22%2C%22device_model%22%3A%22Windows%22%2C%22language%22%3A%22vi-VN%22%2C%22api_properties%22%3A%7B%7D%2C%22event_properties%22%3A%7B%22businessUnitId%22%3A%225caec20458378f0001217235%22%7D%2C%22user_properties%22%3A%7B%7D%2C%22uuid%22%3A%22bc8b19fa-1a15-4d02-93b4-588003d195c7%22%2C%22library%22%3A%7B%22name%22%3A%22amplitude-js%22%2C%22version%22%3A%225.2.2%22%7D%2C%22sequence_number%22%3A681%2C%22groups%22%3A%7B%7D%2C%22group_properties%22%3A%7B%7D%2C%22user_agent%22%3A%22Mozilla%2F5.0%20%28Windows%20NT%2010.0%3B%20Win64%3B%20x64%29%20AppleWebKit%2F537.36%20%28KHTML%2C%20like%20Gecko%29%20Chrome%2F75.0.3770.142%20Safari%2F537.36%22%7D%5D&upload_time=1563501767987&v=2"

// amplitudeHTTPV2 is a Browser SDK 2 batch in the shape of Amplitude's
// HTTP V2 API documentation (https://amplitude.com/docs/apis/analytics/http-v2,
// whose example names user 203201202 and device
// C8F9E604-F01A-4BD9-95C6-8E5357DF265D): an automatic page view with the
// SDK's [Amplitude] page properties, and an identify setting the e-mail
// address.
const amplitudeHTTPV2 = `{"api_key":"0123456789abcdef0123456789abcdef","events":[{"user_id":"203201202","device_id":"C8F9E604-F01A-4BD9-95C6-8E5357DF265D","session_id":1704067200000,"time":1704067201000,"platform":"Web","language":"en-GB","ip":"$remote","insert_id":"d2f7c1a0-0000-4000-8000-000000000001","event_type":"[Amplitude] Page Viewed","event_properties":{"[Amplitude] Page Domain":"www.example.com","[Amplitude] Page Location":"https://www.example.com/clinic/booking?step=2","[Amplitude] Page Path":"/clinic/booking","[Amplitude] Page Title":"Book an appointment","[Amplitude] Page URL":"https://www.example.com/clinic/booking","service":"sexual-health"},"event_id":1,"library":"amplitude-ts/2.4.1"},{"user_id":"203201202","device_id":"C8F9E604-F01A-4BD9-95C6-8E5357DF265D","session_id":1704067200000,"time":1704067202000,"event_type":"$identify","user_properties":{"$set":{"email":"pat@mail.example","plan":"basic"}},"event_id":2,"library":"amplitude-ts/2.4.1"}],"options":{}}`

func TestAmplitude(t *testing.T) {
	const device = "amplitude_device_id=C8F9E604-F01A-4BD9-95C6-8E5357DF265D"
	checkWireFixtures(t, "amplitude", []wireFixture{
		{name: "amplitude-js-form", entry: post("https://api.amplitude.com/", "application/x-www-form-urlencoded; charset=UTF-8", amplitudeJSBody),
			want: []brief{{Vendor: decode.VendorAmplitude, PixelID: "de1e2fc13cf22ef1024015ecc1bb8ccd", Name: "BusinessUserLoggedIn",
				IDs:    []string{"amplitude_device_id=f8592d0a-7f5b-4ca9-a326-fda59d8b9c8dR", "amplitude_user_id=9b265a104a8ab3c3ade4be2479c3612c58584d4d"},
				Custom: []string{"businessUnitId=5caec20458378f0001217235"}}}},
		{name: "http-v2-batch", entry: post("https://api2.amplitude.com/2/httpapi", "application/json", amplitudeHTTPV2), want: []brief{
			{Vendor: decode.VendorAmplitude, PixelID: "0123456789abcdef0123456789abcdef", Name: "[Amplitude] Page Viewed", Page: "https://www.example.com/clinic/booking?step=2",
				IDs: []string{"amplitude_user_id=203201202", device}, Custom: []string{"service=sexual-health"}},
			{Vendor: decode.VendorAmplitude, PixelID: "0123456789abcdef0123456789abcdef", Name: "$identify",
				IDs: []string{"amplitude_user_id=203201202", device}, UserData: []string{"events[1].user_properties.$set.email=plain-text"}},
		}, warn: "NOT HASHED"},
		// Bad: e is not JSON.
		{name: "bad-e", entry: post("https://api.amplitude.com/", "application/x-www-form-urlencoded", "client=k&e=%5B%7B&v=2"),
			want: []brief{{Vendor: decode.VendorAmplitude, PixelID: "k"}}, warn: "neither JSON nor base64"},
	})
}
