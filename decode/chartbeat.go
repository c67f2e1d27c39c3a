package decode

import "strings"

// This file decodes Chartbeat, the real-time audience tool of news
// sites: chartbeat.js pings ping.chartbeat.net/ping every few seconds
// while a page is open, with h the site, p the path, i the title, r the
// referrer, g the account ID, g0 the sections and g1 the authors the
// site declares, u the _cb cookie (the browser's Chartbeat user ID), c
// the engaged time and x/y the scroll depth and page height. A site
// configures Chartbeat with _sf_async_config (uid, domain, sections,
// authors), which Chartbeat documents for its customers; which short
// ping parameter carries which setting is INFERRED from the corpus's
// captures, where the values match the pages' configuration (cnet.com
// 2018: g=65713, g0=home, g1=No Author; cnn.com 2017; nytimes.com 2015),
// and every such label says so.

var chartbeatPing = queryPixel{
	vendor:  VendorChartbeat,
	labels:  chartbeatLabels,
	cookies: chartbeatCookies,
	fill: func(ev *Event, eff []Param, w *warnings) {
		ev.Name = "engagement ping"
		host, path := "", ""
		for _, p := range eff {
			switch p.Name {
			case "g":
				ev.PixelID = p.Value
			case "h":
				host = p.Value
			case "p":
				path = p.Value
			case "r":
				ev.Referrer = p.Value
			case "u":
				addID(ev, "chartbeat_uid", p.Value, "param u", label{"Chartbeat user ID for this browser (_cb cookie on the site)", DataBrowserID})
			case "t":
				addID(ev, "chartbeat_token", p.Value, "param t", label{"Chartbeat page-view token (joins the pings of one page view) (inferred)", DataBrowserID})
			}
		}
		switch {
		case path != "" && host != "" && strings.HasPrefix(path, host):
			ev.Page = path // the path already names the host (nytimes.com/)
		case host != "":
			ev.Page = host + path
		}
		if ev.Path != "" && len(ev.Path) > 5 && ev.Path[:5] == "/ping" && len(ev.Path) > 6 {
			ev.Name = "engagement ping (" + ev.Path[6:] + ")"
		}
	},
	summary: func(ev *Event) string {
		s := "Chartbeat " + ev.Name
		if ev.PixelID != "" {
			s += " for account " + ev.PixelID
		}
		if t := value(ev.Params, "i"); t != "" {
			s += " (\"" + t + "\")"
		}
		return s + pageSuffix(ev.Page)
	},
}

var chartbeatLabels = labels{
	"h":      {"site (host) the page belongs to (inferred)", DataPageURL},
	"p":      {"page path (inferred)", DataPageURL},
	"d":      {"site domain (inferred)", DataPageURL},
	"i":      {"page title (inferred)", DataPageContent},
	"r":      {"referrer (inferred)", DataReferrer},
	"g":      {"Chartbeat account ID (the site's) (inferred)", DataTrackerConfig},
	"g0":     {"site sections the page belongs to (inferred)", DataPageContent},
	"g1":     {"authors of the page (inferred)", DataPageContent},
	"g2":     {"zone (inferred)", DataPageContent},
	"u":      {"Chartbeat user ID for this browser (_cb cookie) (inferred)", DataBrowserID},
	"t":      {"page-view token (inferred)", DataBrowserID},
	"n":      {"new visitor (1) (inferred)", DataTechnical},
	"f":      {"visit frequency (days of the last 16 the browser visited) (inferred)", DataTechnical},
	"c":      {"engaged time (minutes) (inferred)", DataTechnical},
	"x":      {"scroll position (px) (inferred)", DataTechnical},
	"m":      {"maximum scroll depth (px) (inferred)", DataTechnical},
	"y":      {"page height (px) (inferred)", DataDevice},
	"o":      {"window width (px) (inferred)", DataDevice},
	"w":      {"window height (px) (inferred)", DataDevice},
	"j":      {"time to the next ping (s) (inferred)", DataTechnical},
	"R":      {"flag R (inferred)", DataTechnical},
	"W":      {"flag W (inferred)", DataTechnical},
	"I":      {"flag I (inferred)", DataTechnical},
	"E":      {"engaged seconds in this ping interval (inferred)", DataTechnical},
	"e":      {"flag e (inferred)", DataTechnical},
	"b":      {"page load time (ms) (inferred)", DataTechnical},
	"V":      {"library version", DataTrackerConfig},
	"tz":     {"time-zone offset (minutes) (inferred)", DataDevice},
	"sn":     {"session number (inferred)", DataTechnical},
	"sv":     {"session token (_cb_svref) (inferred)", DataBrowserID},
	"sd":     {"session depth (inferred)", DataTechnical},
	"im":     {"image hash (inferred)", DataTechnical},
	"v":      {"headline-test variant (inferred)", DataTechnical},
	"ml":     {"headline-test mode (inferred)", DataTechnical},
	"sl":     {"headline-test slots (inferred)", DataTechnical},
	"_":      {"cache buster", DataTechnical},
	"host":   {"site (host)", DataPageURL},
	"domain": {"site domain", DataPageURL},
	"path":   {"page path", DataPageURL},
}

// chartbeatCookies are Chartbeat's cookies (first-party on the site;
// they reach Chartbeat's hosts only through a proxy).
var chartbeatCookies = []cookieSpec{
	{name: "_cb", meaning: label{"Chartbeat user ID for this browser", DataBrowserID}, id: "chartbeat_uid"},
	{name: "_chartbeat2", meaning: label{"Chartbeat user ID and visit history", DataBrowserID}},
	{name: "_cb_svref", meaning: label{"Chartbeat: the referrer of the session", DataReferrer}},
	{name: "_cb_ls", meaning: label{"Chartbeat: local-storage check", DataTechnical}},
}

// chartbeatRequest decodes other requests to Chartbeat's hosts (the
// library, headline tests).
var chartbeatRequest = vendorRequest(VendorChartbeat, "Chartbeat request", chartbeatLabels, chartbeatCookies)
