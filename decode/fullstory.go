package decode

import (
	"strings"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

// This file decodes FullStory, a session-replay and analytics tool. Its
// snippet loads edge.fullstory.com/s/fs.js; the recording starts with
// rs.fullstory.com/rec/page (the page, the screen, the user agent) and
// continues as rs.fullstory.com/rec/bundle uploads whose query names the
// organisation (OrgId), the browser (UserId: the fs_uid cookie), the
// session and page (SessionId, PageId) and the upload's sequence; the
// bundle bodies, usually gzip-compressed, carry the recording: the
// page's structure and content and every change to it, mouse movements,
// clicks, scrolling and, unless the site masks them, what is typed into
// fields. FullStory's "Private by Default" mode, which masks text, is a
// site's choice. Written from FullStory's documentation of its data
// capture, privacy controls and cookies (help.fullstory.com;
// https://developer.fullstory.com/browser/getting-started/) and the query
// names its recorder sends; the meanings of the fields are INFERRED where
// marked.

// decodeFullStory decodes a /rec/ request.
func decodeFullStory(e *har.Entry) ([]Event, error) {
	ev := newVendorEvent(e, VendorFullStory, KindEvent)
	var w warnings
	ev.Params = requestParams(e, &w)
	applyLabels(ev.Params, fullStoryLabels, nil)
	for i := range ev.Params {
		if p := &ev.Params[i]; p.Name == "(body)" {
			label{"session-recording data: the page's content and changes, mouse movements, clicks, scrolling and input, as FullStory's recorder captured them (usually compressed): kept as sent", DataUndecodedBody}.apply(p)
		}
	}
	for _, p := range effectiveParams(ev.Params, &w) {
		switch p.Name {
		case "OrgId":
			ev.PixelID = p.Value
		case "UserId":
			addID(&ev, "fs_uid", p.Value, "param UserId", label{"FullStory user ID for this browser (fs_uid cookie on the site)", DataBrowserID})
		case "SessionId":
			addID(&ev, "fs_session", p.Value, "param SessionId", label{"FullStory session ID", DataBrowserID})
		case "Url":
			ev.Page = p.Value
		}
	}
	switch {
	case strings.HasPrefix(ev.Path, "/rec/bundle"):
		ev.Name = "session recording upload"
	case strings.HasPrefix(ev.Path, "/rec/page"):
		ev.Name = "session recording start (page)"
	default:
		ev.Name = "recorder call"
	}
	if ev.PixelID == "" {
		w.addf("no OrgId: the request names no FullStory organisation")
	}
	addVendorCookies(&ev, e, fullStoryCookies, &w)
	ev.Warnings = w.list
	ev.Summary = pixelSummary(&ev, "FullStory", "for organisation") + " (a recording captures the page's content and changes, mouse movements, clicks and scrolling)"
	return []Event{ev}, nil
}

var fullStoryLabels = labels{
	"OrgId":           {"organisation ID (the site's FullStory account)", DataTrackerConfig},
	"UserId":          {"user ID for this browser (fs_uid cookie)", DataBrowserID},
	"SessionId":       {"session ID", DataBrowserID},
	"PageId":          {"page ID", DataTechnical},
	"Seq":             {"upload sequence number", DataTechnical},
	"ClientTime":      {"time sent (ms)", DataTechnical},
	"PageStart":       {"page start (ms)", DataTechnical},
	"PrevBundleTime":  {"time of the previous upload (ms) (inferred)", DataTechnical},
	"LastActivity":    {"time of the visitor's last activity (ms) (inferred)", DataTechnical},
	"IsNewSession":    {"new session", DataTechnical},
	"ContentEncoding": {"body encoding (gzip)", DataTechnical},
	"DeltaT":          {"time since the previous upload (ms) (inferred)", DataTechnical},
	"Url":             {"page URL", DataPageURL},
	"Base":            {"page base URL", DataPageURL},
	"Referrer":        {"referrer", DataReferrer},
	"Width":           {"window width", DataDevice},
	"Height":          {"window height", DataDevice},
	"ScreenWidth":     {"screen width", DataDevice},
	"ScreenHeight":    {"screen height", DataDevice},
	"UserAgent":       {"user agent", DataDevice},
}

// fullStoryCookies are FullStory's cookies (first-party on the site).
var fullStoryCookies = []cookieSpec{
	{name: "fs_uid", meaning: label{"FullStory user ID (#<org>#<user ID>:<session ID>/…)", DataBrowserID}, id: "fs_uid", value: fullStoryCookieID},
	{name: "fs_lua", meaning: label{"FullStory last user activity", DataTechnical}},
	{name: "fs_cid", meaning: label{"FullStory consent state", DataConsent}},
}

// fullStoryCookieID returns the user ID of an fs_uid cookie
// ("#<org>#<user>:<session>/…"), as UserId sends it.
func fullStoryCookieID(v string, _ *warnings) (string, []Fact) {
	if u, ok := form.Unescape(v, false); ok {
		v = u
	}
	parts := strings.Split(v, "#")
	if len(parts) >= 3 {
		user, _, _ := strings.Cut(parts[2], ":")
		return user, nil
	}
	return v, nil
}
