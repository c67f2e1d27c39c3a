// Package site answers, for a HAR capture, "where did a request go, and
// whose site was it?": the one URL parser of haruspex ([Split], [Host]),
// registrable domains from the Public Suffix List ([Domain]), and the
// first party of a capture, found from its top-level document
// navigations ([FirstParty], [IsNavigation]).
//
// A request's host is what the first- and third-party split rests on, so
// every package reads it here, the same way: decoders route requests by
// it, the analysis groups third parties by its registrable domain.
//
// A worked example:
//
//	host, path, query := site.Split("https://user@WWW.Facebook.com:443/tr/?id=1&ev=PageView#x")
//	// host "www.facebook.com", path "/tr/", query "id=1&ev=PageView"
//	site.Domain(host) // "facebook.com"
//	site.Host("blob:https://www.police.example/u") // "": nothing left the browser
//
// and, over a capture's entries:
//
//	var fp site.FirstParty
//	for each entry e { fp.Observe(e) }
//	nav, ok := fp.Result() // nav.Domain "police.example", nav.Entry 0, nav.How "earliest top-level navigation (Sec-Fetch-Dest: document)"
//
// Registrable domains follow the Public Suffix List
// (https://publicsuffix.org/) as golang.org/x/net/publicsuffix embeds it.
package site
