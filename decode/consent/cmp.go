package consent

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haruspex/haruspex/decode/internal/form"
)

// This file reads the cookies consent management platforms (CMPs) write.
// A CMP cookie records what the CMP stored for the visitor, which is
// not always what the visitor chose. Each reader cites where the cookie's
// shape comes from; the test fixtures (cmp_test.go) use those shapes.

// cmpCookies maps cookie names to their readers; names are matched
// exactly (cookie names are case-sensitive).
var cmpCookies = map[string]func(s *Signal) []Signal{
	"OptanonConsent":        oneTrustConsent,
	"OptanonAlertBoxClosed": oneTrustAlertBoxClosed,
	"CookieConsent":         cookiebot,
	"didomi_token":          didomiToken,
	"_cmpRepromptHash":      quantcastReprompt,
	"noniabvendorconsent":   quantcastNonIAB,
	"uc_user_interaction":   usercentricsInteraction,
	"uc_settings":           usercentricsSettings,
	"cookieyes-consent":     cookieYes,
	"CookieControl":         civicCookieControl,
}

// oneTrustGroups are OneTrust's default cookie category IDs (OneTrust
// cookie consent: C0001 Strictly Necessary, C0002 Performance, C0003
// Functional, C0004 Targeting, C0005 Social Media; older scripts number
// them 1 to 4). A site can rename or repurpose categories, so the
// category is inferred from the ID and the purpose says so.
var oneTrustGroups = map[string]Category{
	"C0001": CategoryNecessary, "C0002": CategoryAnalytics, "C0003": CategoryFunctional,
	"C0004": CategoryAdvertising, "C0005": CategorySocialMedia,
	"1": CategoryNecessary, "2": CategoryAnalytics, "3": CategoryFunctional, "4": CategoryAdvertising,
}

// oneTrustConsent reads OptanonConsent, a form-encoded list such as
// isGpcEnabled=0&datestamp=Tue+Oct+19+2021+…&version=6.20.0&consentId=…
// &interactionCount=1&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A0
// (shape seen in request cookies captured from OneTrust sites in public
// code; haruspex PROTOCOLS.md §9). interactionCount 0, or a landingPath
// other than NotLandingPage, means the visitor has not acted: the groups
// are the site's defaults.
func oneTrustConsent(s *Signal) []Signal {
	s.Source = "OneTrust"
	fields := slices.Collect(form.Fields(s.Raw))
	get := func(k string) (string, bool) {
		for _, f := range fields {
			if strings.TrimSpace(f.Name) == k {
				return strings.TrimSpace(f.Value), true
			}
		}
		return "", false
	}
	groups, ok := get("groups")
	if !ok {
		s.Description = "OneTrust consent cookie with no groups: no category choice recorded"
		s.Choice = ChoiceNone
	}
	for g := range strings.SplitSeq(groups, ",") {
		id, v, found := strings.Cut(strings.TrimSpace(g), ":")
		if id == "" {
			continue
		}
		p := Purpose{Name: id, Category: CategoryOther, State: StateUnknown}
		if c, ok := oneTrustGroups[id]; ok {
			p.Category = c
			p.Note = "category inferred from OneTrust's default ID"
		} else if strings.Contains(id, "STACK") {
			p.Note = "IAB TCF stack " + strings.TrimLeft(id, "V2STACK")
		}
		switch {
		case found && v == "1":
			p.State = StateGranted
		case found && v == "0":
			p.State = StateDenied
		}
		s.Purposes = append(s.Purposes, p)
	}
	count, hasCount := get("interactionCount")
	landing, hasLanding := get("landingPath")
	switch {
	case !ok:
	case hasCount && count == "0", !hasCount && hasLanding && landing != "NotLandingPage":
		s.Choice = ChoiceNone
		s.Description = "OneTrust consent cookie before any interaction: the categories are the site's defaults (" + groupText(s.Purposes) + ")"
	default:
		s.Choice = choiceOf(s.Purposes)
		s.Description = "OneTrust consent cookie recording " + groupText(s.Purposes)
		if hasCount {
			s.Description += " after " + count + " interaction(s) with the banner"
		}
	}
	for _, k := range []string{"datestamp", "version", "consentId", "interactionCount", "landingPath", "isGpcEnabled", "browserGpcFlag", "geolocation", "AwaitingReconsent"} {
		if v, ok := get(k); ok {
			if k == "datestamp" {
				if t, ok := jsDate(v); ok {
					v += " (" + timeText(t) + ")"
				}
			}
			s.Details = append(s.Details, Detail{k, v})
		}
	}
	return nil
}

// groupText writes purposes as "C0002 denied, C0004 granted".
func groupText(ps []Purpose) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.Name+" "+p.State.String())
	}
	if len(parts) == 0 {
		return "no categories"
	}
	return strings.Join(parts, ", ")
}

// jsDate parses JavaScript's Date.toString() form, "Tue Oct 19 2021
// 11:31:41 GMT+0800 (Taipei Standard Time)", which OneTrust writes.
func jsDate(v string) (time.Time, bool) {
	v, _, _ = strings.Cut(v, " (")
	t, err := time.Parse("Mon Jan 02 2006 15:04:05 GMT-0700", strings.TrimSpace(v))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// oneTrustAlertBoxClosed reads OptanonAlertBoxClosed, the ISO 8601 time
// OneTrust stores when the banner is closed by a choice
// (2021-10-19T03:31:41.236Z; PROTOCOLS.md §9).
func oneTrustAlertBoxClosed(s *Signal) []Signal {
	s.Source = "OneTrust"
	t, err := time.Parse(time.RFC3339Nano, s.Raw)
	if err != nil {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%v: OptanonAlertBoxClosed %q: not an ISO 8601 time", ErrFormat, s.Raw))
		s.Description = "OneTrust recorded that the banner was closed (a choice saved); time not readable"
		return nil
	}
	s.ChoiceTime = t.UTC()
	s.Description = "OneTrust recorded that the banner was closed (a choice saved) at " + timeText(t)
	return nil
}

// cookiebot reads Cookiebot's CookieConsent, a JavaScript-like object,
// percent-encoded: {stamp:'…',necessary:true,preferences:false,
// statistics:false,marketing:false,method:'explicit',ver:1,
// utc:1705162226478,region:'ae'} (shape seen in request cookies from
// Cookiebot sites in public code; the properties are those of Cookiebot's
// consent object, https://www.cookiebot.com/en/developer/). method
// 'implied' means no choice was asked (inferred: such cookies carry stamp
// '-1'). An iab2 field holds a TC string and gacm an Additional Consent
// string; each becomes a signal of its own.
func cookiebot(s *Signal) []Signal {
	s.Source = "Cookiebot"
	v, _ := form.Unescape(s.Raw, false)
	if !strings.HasPrefix(v, "{") {
		s.Description = fmt.Sprintf("Cookiebot consent cookie %q, not the documented object: not decoded", s.Raw)
		return nil
	}
	v = strings.TrimSuffix(strings.TrimPrefix(v, "{"), "}")
	var fields [][2]string
	for f := range strings.SplitSeq(v, ",") {
		k, val, _ := strings.Cut(strings.TrimSpace(f), ":")
		fields = append(fields, [2]string{k, strings.Trim(val, "'")})
	}
	get := func(k string) (string, bool) {
		for _, f := range fields {
			if f[0] == k {
				return f[1], true
			}
		}
		return "", false
	}
	for _, c := range []struct {
		name string
		cat  Category
	}{{"necessary", CategoryNecessary}, {"preferences", CategoryFunctional}, {"statistics", CategoryAnalytics}, {"marketing", CategoryAdvertising}} {
		val, ok := get(c.name)
		if !ok {
			continue
		}
		p := Purpose{Name: c.name, Category: c.cat, State: StateUnknown}
		switch val {
		case "true":
			p.State = StateGranted
		case "false":
			p.State = StateDenied
		}
		s.Purposes = append(s.Purposes, p)
	}
	method, _ := get("method")
	if method == "implied" {
		s.Choice = ChoiceNone
		s.Description = "Cookiebot consent cookie with implied consent (no choice asked): " + groupText(s.Purposes)
	} else {
		s.Choice = choiceOf(s.Purposes)
		s.Description = "Cookiebot consent cookie recording " + groupText(s.Purposes)
		if method != "" {
			s.Description += " (" + method + ")"
		}
		if u, ok := get("utc"); ok {
			if ms, err := strconv.ParseInt(u, 10, 64); err == nil && ms > 0 {
				s.ChoiceTime = time.UnixMilli(ms).UTC()
			}
		}
	}
	for _, k := range []string{"stamp", "method", "ver", "utc", "region"} {
		if val, ok := get(k); ok {
			if k == "utc" {
				if ms, err := strconv.ParseInt(val, 10, 64); err == nil {
					val += " (" + timeText(time.UnixMilli(ms)) + ")"
				}
			}
			s.Details = append(s.Details, Detail{k, val})
		}
	}
	var extra []Signal
	if tc, ok := get("iab2"); ok && tc != "" {
		t := Signal{Kind: KindTCF, Where: Where{PartCookie, s.Where.Name + ":iab2"}, Raw: tc}
		tcfSignal(&t)
		extra = append(extra, t)
	}
	if ac, ok := get("gacm"); ok && ac != "" {
		a := Signal{Kind: KindAdditionalConsent, Where: Where{PartCookie, s.Where.Name + ":gacm"}, Raw: ac}
		additionalConsentSignal(&a)
		extra = append(extra, a)
	}
	return extra
}

// didomiPurposes maps Didomi's own purpose IDs to categories (inferred
// from the IDs, which name TCF purposes and Didomi's custom ones).
var didomiPurposes = map[string]Category{
	"cookies": CategoryStorageAccess, "select_basic_ads": CategoryAdvertising,
	"create_ads_profile": CategoryAdvertising, "select_personalized_ads": CategoryAdvertising,
	"measure_ad_performance": CategoryAdvertising, "market_research": CategoryAnalytics,
	"measure_content_performance": CategoryAnalytics, "improve_products": CategoryOther,
	"create_content_profile": CategoryFunctional, "select_personalized_content": CategoryFunctional,
}

type didomiLists struct {
	Enabled, Disabled []string
}

// didomiToken reads Didomi's didomi_token, base64 JSON such as
// {"user_id":"…","created":"2023-06-06T12:06:18.131Z","updated":…,
// "vendors":{"enabled":["google","c:linkedin-marketing-solutions"]},
// "purposes":{"enabled":["geolocation_data"],"disabled":[…]},
// "version":2,"ac":"…"} (shape decoded from didomi_token cookies
// captured from Didomi sites in public code). A token without purposes or
// vendors records no choice. Didomi keeps IAB purposes in euconsent-v2.
func didomiToken(s *Signal) []Signal {
	s.Source = "Didomi"
	raw, _ := form.Unescape(s.Raw, false)
	var b []byte
	var err error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err = enc.DecodeString(raw); err == nil {
			break
		}
	}
	var tok struct {
		UserID            string `json:"user_id"`
		Created, Updated  string
		Vendors, Purposes didomiLists
		VendorsLI         didomiLists `json:"vendors_li"`
		PurposesLI        didomiLists `json:"purposes_li"`
		Version           json.RawMessage
		AdditionalConsent string `json:"ac"`
	}
	if err == nil {
		err = json.Unmarshal(b, &tok)
	}
	if err != nil {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%v: didomi_token: not base64 JSON: %v", ErrFormat, err))
		s.Description = "Didomi consent token: not decoded"
		return nil
	}
	add := func(ids []string, st State) {
		for _, id := range ids {
			p := Purpose{Name: id, Category: CategoryOther, State: st}
			if c, ok := didomiPurposes[id]; ok {
				p.Category, p.Note = c, "category inferred from Didomi's purpose ID"
			}
			s.Purposes = append(s.Purposes, p)
		}
	}
	add(tok.Purposes.Enabled, StateGranted)
	add(tok.Purposes.Disabled, StateDenied)
	vendors := []Purpose{}
	for _, v := range tok.Vendors.Enabled {
		vendors = append(vendors, Purpose{Name: v, State: StateGranted})
	}
	for _, v := range tok.Vendors.Disabled {
		vendors = append(vendors, Purpose{Name: v, State: StateDenied})
	}
	switch {
	case len(s.Purposes) > 0:
		s.Choice = choiceOf(s.Purposes)
	case len(vendors) > 0:
		s.Choice = choiceOf(vendors)
	default:
		s.Choice = ChoiceNone
	}
	s.Description = fmt.Sprintf("Didomi consent token: purposes %d enabled, %d disabled; vendors %d enabled, %d disabled",
		len(tok.Purposes.Enabled), len(tok.Purposes.Disabled), len(tok.Vendors.Enabled), len(tok.Vendors.Disabled))
	if s.Choice == ChoiceNone {
		s.Description = "Didomi consent token with no purposes or vendors: no choice recorded"
	}
	if t, err := time.Parse(time.RFC3339Nano, tok.Updated); err == nil && s.Choice != ChoiceNone {
		s.ChoiceTime = t.UTC()
	}
	s.Details = []Detail{{"user_id", tok.UserID}, {"created", tok.Created}, {"updated", tok.Updated}, {"version", string(tok.Version)}}
	if len(tok.Vendors.Enabled)+len(tok.Vendors.Disabled) > 0 {
		s.Details = append(s.Details, Detail{"vendors enabled", strings.Join(tok.Vendors.Enabled, ", ")}, Detail{"vendors disabled", strings.Join(tok.Vendors.Disabled, ", ")})
	}
	if tok.AdditionalConsent != "" {
		s.Details = append(s.Details, Detail{"ac (Didomi's compressed additional consent, not decoded)", tok.AdditionalConsent})
	}
	return nil
}

// quantcastReprompt reads Quantcast Choice's _cmpRepromptHash: the TC
// string it last wrote, then ".1." and a hash it compares to decide when
// to ask again (CPhMso….YAAAAAAAAAAA.1.KTvSi1ifP7BGbdpiCttXPA==; shape
// seen in cookies from Quantcast Choice sites in public code; Quantcast's
// "Group Consent Guide" names it among Choice's cookies with euconsent-v2,
// noniabvendorconsent and addtl_consent).
func quantcastReprompt(s *Signal) []Signal {
	s.Source = "Quantcast Choice"
	parts := strings.Split(s.Raw, ".")
	n := len(parts)
	for i, p := range parts {
		if i > 0 && isAllDigits(p) {
			n = i
			break
		}
	}
	t := Signal{Kind: KindTCF, Where: Where{PartCookie, s.Where.Name}, Raw: strings.Join(parts[:n], ".")}
	tcfSignal(&t)
	s.Description = "Quantcast Choice's copy of the TC string it last wrote, with a re-prompt hash"
	s.TCF, s.Purposes, s.Choice, s.ChoiceTime = t.TCF, t.Purposes, t.Choice, t.ChoiceTime
	s.Details = append([]Detail{{"TC string", t.Description}}, t.Details...)
	s.Warnings = append(s.Warnings, t.Warnings...)
	return nil
}

func quantcastNonIAB(s *Signal) []Signal {
	s.Source = "Quantcast Choice"
	s.Description = "Quantcast Choice consent for vendors outside the IAB list (encoded bit field, not decoded)"
	return nil
}

// usercentricsInteraction reads uc_user_interaction, "true" once the
// visitor has acted on the Usercentrics banner. Usercentrics keeps its
// consent in localStorage (@usercentrics/cmp-browser-sdk, Storage/enums:
// uc_settings, uc_user_interaction, uc_gcm, uc_tcf, uc_usprivacy …);
// a HAR shows it only where a site mirrors it into cookies.
func usercentricsInteraction(s *Signal) []Signal {
	s.Source = "Usercentrics"
	switch s.Raw {
	case "true":
		s.Description = "Usercentrics recorded that the visitor acted on the banner (the choice itself is not in this cookie)"
	case "false":
		s.Choice = ChoiceNone
		s.Description = "Usercentrics recorded no interaction with the banner"
	default:
		s.Description = fmt.Sprintf("Usercentrics interaction flag %q: not true or false", s.Raw)
	}
	return nil
}

// usercentricsSettings reads uc_settings, JSON of the SDK's
// StorageSettings: {"controllerId","id","language","services":[{"id",
// "processorId","status","history":[{"action","status","timestamp",
// "type"}]}],"version"} (@usercentrics/cmp-browser-sdk 4.x,
// Storage/interfaces). The latest history action says how the choice was
// made (CONSENT_ACTION: onAcceptAllServices, onDenyAllServices,
// onUpdateServices, onInitialPageLoad …; CONSENT_TYPE explicit or
// implicit).
func usercentricsSettings(s *Signal) []Signal {
	s.Source = "Usercentrics"
	var set struct {
		ControllerID string `json:"controllerId"`
		ID, Language string
		Services     []struct {
			ID      string
			Status  *bool
			History []struct {
				Action    string
				Status    bool
				Timestamp int64
				Type      string
			}
		}
	}
	text, _ := form.Unescape(s.Raw, false)
	if err := json.Unmarshal([]byte(text), &set); err != nil {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%v: uc_settings: not JSON: %v", ErrFormat, err))
		s.Description = "Usercentrics settings: not decoded"
		return nil
	}
	var latest struct {
		action, typ string
		ts          int64
	}
	for _, svc := range set.Services {
		p := Purpose{Name: svc.ID, Category: CategoryOther, State: StateUnknown, Note: "Usercentrics service ID"}
		if svc.Status != nil {
			p.State = StateDenied
			if *svc.Status {
				p.State = StateGranted
			}
		}
		s.Purposes = append(s.Purposes, p)
		for _, h := range svc.History {
			if h.Timestamp >= latest.ts {
				latest.action, latest.typ, latest.ts = h.Action, h.Type, h.Timestamp
			}
		}
	}
	s.Details = []Detail{{"settings ID", set.ID}, {"controllerId", set.ControllerID}, {"language", set.Language}}
	if len(set.Services) == 0 {
		s.Description = "Usercentrics settings without services: no choice recorded in this cookie"
		return nil
	}
	s.Details = append(s.Details, Detail{"latest action", latest.action + " (" + latest.typ + ")"})
	switch {
	case latest.typ == "implicit" || latest.action == "onInitialPageLoad" || latest.action == "onNonEURegion":
		s.Choice = ChoiceNone
	case latest.action == "onAcceptAllServices":
		s.Choice = ChoiceAccept
	case latest.action == "onDenyAllServices":
		s.Choice = choiceOf(s.Purposes) // essential services stay granted
		if s.Choice == ChoicePartial {
			s.Choice = ChoiceReject
		}
	default:
		s.Choice = choiceOf(s.Purposes)
	}
	if s.Choice != ChoiceNone && latest.ts > 0 {
		s.ChoiceTime = time.UnixMilli(latest.ts).UTC()
	}
	granted := 0
	for _, p := range s.Purposes {
		if p.State == StateGranted {
			granted++
		}
	}
	s.Description = fmt.Sprintf("Usercentrics settings: %d of %d services allowed, latest action %s (%s)", granted, len(s.Purposes), latest.action, latest.typ)
	return nil
}

// cookieYes reads cookieyes-consent, comma-separated key:value pairs:
// consentid:…,consent:yes,action:yes,necessary:yes,functional:no,
// analytics:no,performance:no,advertisement:no,other:no (shape seen in
// cookies from CookieYes sites in public code). action:yes means the
// visitor acted; without it the categories are the banner's defaults.
func cookieYes(s *Signal) []Signal {
	s.Source = "CookieYes"
	cats := map[string]Category{"necessary": CategoryNecessary, "functional": CategoryFunctional, "analytics": CategoryAnalytics,
		"performance": CategoryAnalytics, "advertisement": CategoryAdvertising, "other": CategoryOther}
	var action, consent string
	text, _ := form.Unescape(s.Raw, false)
	for f := range strings.SplitSeq(text, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), ":")
		switch k {
		case "action":
			action = v
		case "consent":
			consent = v
		case "consentid", "lastRenewedDate":
			s.Details = append(s.Details, Detail{k, v})
		}
		c, ok := cats[k]
		if !ok {
			continue
		}
		p := Purpose{Name: k, Category: c, State: StateNotSet}
		switch v {
		case "yes":
			p.State = StateGranted
		case "no":
			p.State = StateDenied
		}
		s.Purposes = append(s.Purposes, p)
	}
	s.Details = append(s.Details, Detail{"consent", consent}, Detail{"action", action})
	if action != "yes" {
		s.Choice = ChoiceNone
		s.Description = "CookieYes consent cookie with no action by the visitor: the categories are the banner's defaults (" + groupText(s.Purposes) + ")"
		return nil
	}
	s.Choice = choiceOf(s.Purposes)
	s.Description = "CookieYes consent cookie recording " + groupText(s.Purposes)
	return nil
}

// civicCookieControl reads Civic Cookie Control's CookieControl,
// percent-encoded JSON: {"necessaryCookies":[…],"optionalCookies":
// {"analytics":"accepted","marketing":"revoked"},"statement":{…},
// "consentDate":1690000000000,"consentExpiry":90,"interactedWith":true,
// "user":"…"} (shape seen in CookieControl cookies from UK sites in
// public code and in test fixtures of sites that use it). The optional
// categories are named by the site, so their category is inferred from
// the name.
func civicCookieControl(s *Signal) []Signal {
	s.Source = "Civic Cookie Control"
	var cc struct {
		OptionalCookies map[string]string `json:"optionalCookies"`
		ConsentDate     int64             `json:"consentDate"`
		ConsentExpiry   *int              `json:"consentExpiry"`
		InteractedWith  *bool             `json:"interactedWith"`
		User            string            `json:"user"`
		IABConsent      string            `json:"iabConsent"`
	}
	text, _ := form.Unescape(s.Raw, false)
	if err := json.Unmarshal([]byte(text), &cc); err != nil {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%v: CookieControl: not JSON: %v", ErrFormat, err))
		s.Description = "Civic Cookie Control cookie: not decoded"
		return nil
	}
	names := make([]string, 0, len(cc.OptionalCookies))
	for n := range cc.OptionalCookies {
		names = append(names, n)
	}
	slices.Sort(names) // a JSON object has no order to keep
	for _, n := range names {
		p := Purpose{Name: n, Category: nameCategory(n), State: StateUnknown, Note: "category named by the site; inferred from the name"}
		switch cc.OptionalCookies[n] {
		case "accepted":
			p.State = StateGranted
		case "revoked":
			p.State = StateDenied
		}
		s.Purposes = append(s.Purposes, p)
	}
	interacted := cc.InteractedWith != nil && *cc.InteractedWith
	if !interacted {
		s.Choice = ChoiceNone
		s.Description = "Civic Cookie Control cookie with no interaction recorded: " + groupText(s.Purposes)
	} else {
		s.Choice = choiceOf(s.Purposes)
		s.Description = "Civic Cookie Control cookie recording " + groupText(s.Purposes)
		if cc.ConsentDate > 0 {
			s.ChoiceTime = time.UnixMilli(cc.ConsentDate).UTC()
		}
	}
	s.Details = []Detail{{"interactedWith", strconv.FormatBool(interacted)}, {"user", cc.User}}
	if cc.ConsentDate > 0 {
		s.Details = append(s.Details, Detail{"consentDate", timeText(time.UnixMilli(cc.ConsentDate))})
	}
	if cc.IABConsent != "" {
		s.Details = append(s.Details, Detail{"iabConsent (Civic's encoding, not decoded)", cc.IABConsent})
	}
	return nil
}

// nameCategory guesses a category from a name a site chose.
func nameCategory(n string) Category {
	l := strings.ToLower(n)
	switch {
	case strings.Contains(l, "analytic"), strings.Contains(l, "statistic"), strings.Contains(l, "performance"):
		return CategoryAnalytics
	case strings.Contains(l, "marketing"), strings.Contains(l, "advert"), strings.Contains(l, "target"):
		return CategoryAdvertising
	case strings.Contains(l, "social"):
		return CategorySocialMedia
	case strings.Contains(l, "necessary"), strings.Contains(l, "essential"):
		return CategoryNecessary
	case strings.Contains(l, "functional"), strings.Contains(l, "preference"):
		return CategoryFunctional
	}
	return CategoryOther
}

// timeText writes a time as UTC RFC 3339 with milliseconds.
func timeText(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
