package consent

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary is the part of a signal the CMP tests compare.
type summary struct {
	Kind       Kind
	Where      string
	Source     string
	Choice     Choice
	ChoiceTime string
	Purposes   []string // "name state category"
}

func summarise(sigs []Signal) []summary {
	var out []summary
	for _, s := range sigs {
		sm := summary{Kind: s.Kind, Where: s.Where.String(), Source: s.Source, Choice: s.Choice}
		if !s.ChoiceTime.IsZero() {
			sm.ChoiceTime = timeText(s.ChoiceTime)
		}
		for _, p := range s.Purposes {
			sm.Purposes = append(sm.Purposes, fmt.Sprintf("%s %s %s", p.Name, p.State, p.Category))
		}
		out = append(out, sm)
	}
	return out
}

// didomi encodes a token as Didomi writes it: standard base64 of JSON.
func didomi(json string) string { return base64.StdEncoding.EncodeToString([]byte(json)) }

// A TC string made by @iabtcf/core (testdata of decode/tcf: "accept all,
// bit-field vendors, disclosed vendors").
const acceptAllTC = "CP7DPQAP7DPQAEsAHCFRCWEsAP_gAEPgAAwIAbukICABAAAIACmgAAAA.IAbvkICABAAAIAAA"

// TestCMPCookies decodes one fixture per CMP (several for the CMPs whose
// cookie records "no choice yet" differently), each in the shape that
// CMP writes: the shapes and where they come from are cited on each
// reader in cmp.go. IDs and times are made up.
func TestCMPCookies(t *testing.T) {
	for _, tc := range []struct {
		name, cookie, value string
		want                []summary
	}{{
		name: "OneTrust after a partial choice", cookie: "OptanonConsent",
		value: "isGpcEnabled=0&datestamp=Fri+Oct+13+2023+16%3A09%3A28+GMT%2B0300+(Eastern+European+Summer+Time)&version=202309.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=3902b780-0000-4000-8000-000000000000&interactionCount=2&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A0%2CV2STACK42%3A0&geolocation=LT%3BVL&AwaitingReconsent=false",
		want: []summary{{KindCMPCookie, "cookie OptanonConsent", "OneTrust", ChoicePartial, "", []string{
			"C0001 granted necessary", "C0002 granted analytics", "C0003 denied functional", "C0004 denied advertising", "V2STACK42 denied other"}}},
	}, {
		name: "OneTrust before interaction, targeting on by default", cookie: "OptanonConsent",
		value: "isGpcEnabled=0&datestamp=Wed+Jun+05+2024+23%3A01%3A10+GMT%2B0600+(Kyrgyzstan+Time)&version=202403.1.0&browserGpcFlag=0&isIABGlobal=false&hosts=&consentId=9dbeb4d8-0000-4000-8000-000000000000&interactionCount=0&isAnonUser=1&landingPath=https%3A%2F%2Fwww.example.com%2Fnews%2F&groups=C0002%3A1%2CC0004%3A1%2CC0001%3A1%2CC0003%3A1",
		want: []summary{{KindCMPCookie, "cookie OptanonConsent", "OneTrust", ChoiceNone, "", []string{
			"C0002 granted analytics", "C0004 granted advertising", "C0001 granted necessary", "C0003 granted functional"}}},
	}, {
		name: "OneTrust banner closed", cookie: "OptanonAlertBoxClosed", value: "2024-04-03T05:46:58.824Z",
		want: []summary{{KindCMPCookie, "cookie OptanonAlertBoxClosed", "OneTrust", ChoiceUnknown, "2024-04-03T05:46:58.824Z", nil}},
	}, {
		name: "Cookiebot explicit refusal", cookie: "CookieConsent",
		value: "{stamp:%27G+6rYDfrzwrZItFRfHCbe8iQIFLhMDCgjBS+/Oq/gZe0Lovh65ODgg==%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:false%2Cmarketing:false%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1705162226478%2Cregion:%27gb%27}",
		want: []summary{{KindCMPCookie, "cookie CookieConsent", "Cookiebot", ChoiceReject, "2024-01-13T16:10:26.478Z", []string{
			"necessary granted necessary", "preferences denied functional", "statistics denied analytics", "marketing denied advertising"}}},
	}, {
		name: "Cookiebot accept with a TC string and Additional Consent", cookie: "CookieConsent",
		value: "{stamp:%27ALwlL4byOChi7fogrtFyNc54Vru1aALhfZsUHdzXartA1rx9BIvH+g==%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:true%2Cmarketing:true%2Cmethod:%27explicit%27%2Cver:1%2Cutc:1707240048272%2Ciab2:%27" + acceptAllTC + "%27%2Cgacm:%271~39.4.11%27%2Cregion:%27nl%27}",
		want: []summary{
			{KindCMPCookie, "cookie CookieConsent", "Cookiebot", ChoiceAccept, "2024-02-06T17:20:48.272Z", []string{
				"necessary granted necessary", "preferences granted functional", "statistics granted analytics", "marketing granted advertising"}},
			{KindTCF, "cookie CookieConsent:iab2", "IAB TCF, CMP 300", ChoiceAccept, "2024-03-06T00:00:00.000Z", []string{
				"purpose 1 granted storage_access", "purpose 2 granted advertising", "purpose 3 granted advertising", "purpose 4 granted advertising",
				"purpose 5 granted functional", "purpose 6 granted functional", "purpose 7 granted advertising", "purpose 8 granted analytics",
				"purpose 9 granted analytics", "purpose 10 granted other", "purpose 11 granted functional"}},
			{KindAdditionalConsent, "cookie CookieConsent:gacm", "Google Additional Consent", ChoiceUnknown, "", nil},
		},
	}, {
		name: "Cookiebot implied consent, no choice asked", cookie: "CookieConsent",
		value: "{stamp:%27-1%27%2Cnecessary:true%2Cpreferences:true%2Cstatistics:true%2Cmarketing:true%2Cmethod:%27implied%27%2Cver:1%2Cutc:1695456095624%2Cregion:%27CN%27}",
		want: []summary{{KindCMPCookie, "cookie CookieConsent", "Cookiebot", ChoiceNone, "", []string{
			"necessary granted necessary", "preferences granted functional", "statistics granted analytics", "marketing granted advertising"}}},
	}, {
		name: "Didomi partial", cookie: "didomi_token",
		value: didomi(`{"user_id":"19192b02-0000-4000-8000-000000000000","created":"2024-08-27T07:15:05.610Z","updated":"2024-08-27T07:52:40.352Z","vendors":{"enabled":["google","c:hotjar"],"disabled":["c:mixpanel"]},"purposes":{"enabled":["measure_content_performance"],"disabled":["geolocation_data","device_characteristics"]},"version":2,"ac":"AFmACAFk.AAAA"}`),
		want: []summary{{KindCMPCookie, "cookie didomi_token", "Didomi", ChoicePartial, "2024-08-27T07:52:40.352Z", []string{
			"measure_content_performance granted analytics", "geolocation_data denied other", "device_characteristics denied other"}}},
	}, {
		name: "Didomi refusal", cookie: "didomi_token",
		value: didomi(`{"user_id":"19192b02-0000-4000-8000-000000000001","created":"2024-08-27T07:15:05.610Z","updated":"2024-08-27T07:15:09.000Z","version":2,"purposes":{"disabled":["geolocation_data","device_characteristics"]},"vendors":{"disabled":["google","c:linkedin-marketing-solutions"]}}`),
		want: []summary{{KindCMPCookie, "cookie didomi_token", "Didomi", ChoiceReject, "2024-08-27T07:15:09.000Z", []string{
			"geolocation_data denied other", "device_characteristics denied other"}}},
	}, {
		name: "Didomi token before any choice", cookie: "didomi_token",
		value: didomi(`{"user_id":"17436863-0000-4000-8000-000000000000","created":"2022-03-09T19:20:55.244Z","updated":"2022-03-09T19:20:55.244Z","version":null}`),
		want:  []summary{{KindCMPCookie, "cookie didomi_token", "Didomi", ChoiceNone, "", nil}},
	}, {
		name: "Quantcast Choice re-prompt hash", cookie: "_cmpRepromptHash", value: acceptAllTC + ".1.KTvSi1ifP7BGbdpiCttXPA==",
		want: []summary{{KindCMPCookie, "cookie _cmpRepromptHash", "Quantcast Choice", ChoiceAccept, "2024-03-06T00:00:00.000Z", []string{
			"purpose 1 granted storage_access", "purpose 2 granted advertising", "purpose 3 granted advertising", "purpose 4 granted advertising",
			"purpose 5 granted functional", "purpose 6 granted functional", "purpose 7 granted advertising", "purpose 8 granted analytics",
			"purpose 9 granted analytics", "purpose 10 granted other", "purpose 11 granted functional"}}},
	}, {
		name: "Quantcast Choice non-IAB vendors", cookie: "noniabvendorconsent", value: "P21TmRP21TmRAKAaAB4AAAAA",
		want: []summary{{KindCMPCookie, "cookie noniabvendorconsent", "Quantcast Choice", ChoiceUnknown, "", nil}},
	}, {
		name: "Quantcast Choice US Privacy cookie", cookie: "usprivacy", value: "1YNN",
		want: []summary{{KindUSPrivacy, "cookie usprivacy", "IAB US Privacy", ChoiceUnknown, "", []string{"opt-out of sale granted sale_or_sharing"}}},
	}, {
		name: "Usercentrics interaction", cookie: "uc_user_interaction", value: "true",
		want: []summary{{KindCMPCookie, "cookie uc_user_interaction", "Usercentrics", ChoiceUnknown, "", nil}},
	}, {
		name: "Usercentrics settings after deny all", cookie: "uc_settings",
		value: url.QueryEscape(`{"controllerId":"1bef0918490e","id":"Tr_3B1GDkkB1q2","language":"de","services":[{"id":"H1Vl5NidjWX","processorId":"p1","status":true,"history":[{"action":"onInitialPageLoad","status":true,"timestamp":1709720098000,"type":"implicit"},{"action":"onDenyAllServices","status":true,"timestamp":1709720100000,"type":"explicit"}]},{"id":"HkocEodjb7","processorId":"p2","status":false,"history":[{"action":"onDenyAllServices","status":false,"timestamp":1709720100000,"type":"explicit"}]}],"version":"3.59.1"}`),
		want: []summary{{KindCMPCookie, "cookie uc_settings", "Usercentrics", ChoiceReject, "2024-03-06T10:15:00.000Z", []string{
			"H1Vl5NidjWX granted other", "HkocEodjb7 denied other"}}},
	}, {
		name: "CookieYes accept", cookie: "cookieyes-consent",
		value: "consentid:d2JnOWNtWmgyM0pMdEU0ZkZXSGhzdE9BaTkxekF3WEk,consent:yes,action:yes,necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:yes,other:yes",
		want: []summary{{KindCMPCookie, "cookie cookieyes-consent", "CookieYes", ChoiceAccept, "", []string{
			"necessary granted necessary", "functional granted functional", "analytics granted analytics", "performance granted analytics",
			"advertisement granted advertising", "other granted other"}}},
	}, {
		name: "CookieYes reject", cookie: "cookieyes-consent",
		value: "consentid:WHRLbHhJZVJlTXR3b0F4MUpUQWNCZDRNbXRpTWNEcmE,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no,other:no",
		want: []summary{{KindCMPCookie, "cookie cookieyes-consent", "CookieYes", ChoiceReject, "", []string{
			"necessary granted necessary", "functional denied functional", "analytics denied analytics", "performance denied analytics",
			"advertisement denied advertising", "other denied other"}}},
	}, {
		name: "CookieYes before any action", cookie: "cookieyes-consent",
		value: "consentid:a0luUlByM3NGTFp2dkMyQkJXdHoxdHFVeHI2TEM5Yms,consent:no,action:,necessary:yes,functional:yes,analytics:no,performance:no,advertisement:no",
		want: []summary{{KindCMPCookie, "cookie cookieyes-consent", "CookieYes", ChoiceNone, "", []string{
			"necessary granted necessary", "functional granted functional", "analytics denied analytics", "performance denied analytics",
			"advertisement denied advertising"}}},
	}, {
		name: "Civic Cookie Control partial (UK council shape)", cookie: "CookieControl",
		value: url.QueryEscape(`{"necessaryCookies":["ASP.NET_SessionId","CookieControl"],"optionalCookies":{"analytics":"accepted","marketing":"revoked"},"statement":{"shown":true,"updated":"28/02/2024"},"consentDate":1709720100000,"consentExpiry":90,"interactedWith":true,"user":"F102F62C-0000-4000-8000-000000000000"}`),
		want: []summary{{KindCMPCookie, "cookie CookieControl", "Civic Cookie Control", ChoicePartial, "2024-03-06T10:15:00.000Z", []string{
			"analytics granted analytics", "marketing denied advertising"}}},
	}, {
		name: "Civic Cookie Control refusal", cookie: "CookieControl",
		value: url.QueryEscape(`{"necessaryCookies":[],"optionalCookies":{"analytics":"revoked","preferences":"revoked","marketing":"revoked"},"statement":{},"consentDate":1709720100000,"consentExpiry":90,"interactedWith":true}`),
		want: []summary{{KindCMPCookie, "cookie CookieControl", "Civic Cookie Control", ChoiceReject, "2024-03-06T10:15:00.000Z", []string{
			"analytics denied analytics", "marketing denied advertising", "preferences denied functional"}}},
	}, {
		name: "Civic Cookie Control not interacted with", cookie: "CookieControl",
		value: url.QueryEscape(`{"necessaryCookies":[],"optionalCookies":{"analytics":"revoked"},"statement":{},"consentExpiry":90,"interactedWith":false}`),
		want:  []summary{{KindCMPCookie, "cookie CookieControl", "Civic Cookie Control", ChoiceNone, "", []string{"analytics denied analytics"}}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			sigs := FromCookie(tc.cookie, tc.value)
			if diff := cmp.Diff(tc.want, summarise(sigs)); diff != "" {
				t.Errorf("FromCookie(%q) mismatch (-want +got):\n%s", tc.cookie, diff)
			}
			for _, s := range sigs {
				if s.Description == "" || len(s.Warnings) > 0 {
					t.Errorf("FromCookie(%q): description %q, warnings %v; want a description and no warnings", tc.cookie, s.Description, s.Warnings)
				}
			}
		})
	}
	if got := FromCookie("_ga", "GA1.1.1.2"); got != nil {
		t.Errorf("FromCookie(_ga) = %v, want nothing: not a consent cookie", got)
	}
}
