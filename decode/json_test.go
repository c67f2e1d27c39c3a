package decode_test

import (
	"github.com/go-json-experiment/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

func TestEventMarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		ev   decode.Event
		want string
	}{
		{"empty members omitted", decode.Event{Time: har.Time{Raw: "bad"}, Sources: []decode.Source{{File: "a.har", Entry: 0}}},
			`{"time_raw":"bad","source":{"file":"a.har","entry":0},"vendor":"other","kind":"event","cookies":"not captured","delivery":{"state":"unconfirmed","status":0,"error":""}}`},
		{"full event, members in contract order", decode.Event{
			Time:     har.Time{T: mustTime(t, "2023-06-14T10:12:03.1+01:00"), Raw: "x"},
			Sources:  []decode.Source{{File: "a.har", SHA256: "ab", Entry: 12}, {File: "a.har", SHA256: "ab", Entry: 13}},
			Vendor:   decode.VendorMeta,
			Kind:     decode.KindEvent,
			Host:     "www.facebook.com",
			Method:   "GET",
			Path:     "/tr/",
			PixelID:  "1",
			Name:     "SubscribedButtonClick",
			Page:     "https://www.police.example/report/",
			Referrer: "https://www.police.example/",
			IDs: []decode.ID{
				{Name: "fbp", Value: "fb.1.2.3", From: "param fbp", Meaning: "m", Facts: []decode.Fact{{Name: "random", Value: "3"}}, Type: decode.DataBrowserID},
				{Name: "c_user", Value: "1000", From: "cookie c_user", Type: decode.DataAccountID},
				{Name: "fbp", Value: "fb.1.9.9", From: "param fbp"},
			},
			Custom: []decode.Custom{
				{Key: "buttonText", Raw: "Report domestic abuse"},
				{Key: "buttonFeatures", Raw: `{"z":1, "a":[]}`, JSON: []byte(`{"z":1,"a":[]}`)},
			},
			UserData: []decode.UserDatum{
				{Family: "ud", Field: "em", Value: "e", Class: decode.HashSHA256},
				{Family: "udff", Field: "em", Value: "f", Class: decode.HashPlain},
			},
			Matches: []decode.Match{{Param: "ud[em]", Value: "e", Algorithm: "sha256", Kind: "email", Known: "K", Normalised: "k"}},
			Params: []decode.Param{
				{Name: "id", Value: "1", Label: "pixel ID", Type: decode.DataTrackerConfig},
				{Name: "ev", Value: "", In: decode.InBody},
				{Name: "c_user", Value: "1000", In: decode.InCookie, Type: decode.DataCookie},
			},
			Cookies:  decode.CookiesCaptured,
			Delivery: decode.Delivery{State: decode.DeliveryFailed, Error: "net::ERR_BLOCKED_BY_CLIENT"},
			Summary:  `clicked "<b>&"`,
			Warnings: []string{"w1"},
		}, `{"time":"2023-06-14T09:12:03.100Z","source":{"file":"a.har","sha256":"ab","entry":12},"copies":[{"file":"a.har","sha256":"ab","entry":13}],` +
			`"vendor":"meta","kind":"event","host":"www.facebook.com","method":"GET","path":"/tr/","pixel_id":"1","event":"SubscribedButtonClick",` +
			`"page":"https://www.police.example/report/","referrer":"https://www.police.example/",` +
			`"data_types":["account identifier","browser identifier","tracker configuration","cookie (unknown purpose)","unclassified"],` +
			`"ids":{"fbp":"fb.1.2.3","c_user":"1000"},` +
			`"id_details":[{"name":"fbp","value":"fb.1.2.3","from":"param fbp","meaning":"m","type":"browser identifier","facts":[{"name":"random","value":"3"}]},{"name":"c_user","value":"1000","from":"cookie c_user","type":"account identifier"},{"name":"fbp","value":"fb.1.9.9","from":"param fbp"}],` +
			`"custom":{"buttonText":"Report domestic abuse","buttonFeatures":{"z":1,"a":[]}},` +
			`"user_data":{"em":"e","udff[em]":"f"},"user_data_classes":{"em":"sha256","udff[em]":"plain-text"},` +
			`"matches":[{"param":"ud[em]","value":"e","algorithm":"sha256","kind":"email","known":"K","normalised":"k"}],` +
			`"params":[{"name":"id","value":"1","label":"pixel ID","type":"tracker configuration"},{"name":"ev","value":"","in":"body"},{"name":"c_user","value":"1000","type":"cookie (unknown purpose)","in":"cookie"}],` +
			`"cookies":"captured","delivery":{"state":"failed","status":0,"error":"net::ERR_BLOCKED_BY_CLIENT"},"summary":"clicked \"<b>&\"","warnings":["w1"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ev.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("MarshalJSON() mismatch (-want +got):\n%s", diff)
			}
			// json.Marshal uses the method too, and agrees.
			std, err := json.Marshal(tt.ev)
			if err != nil || string(std) != string(got) {
				t.Errorf("json.Marshal() = %s, %v; want MarshalJSON's output", std, err)
			}
		})
	}
}
