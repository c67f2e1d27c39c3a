package evidence

import (
	"fmt"
	"slices"
	"strings"

	"github.com/haruspex/haruspex/report/entity"
)

// methodology is the appendix that says how the report was made. It is
// plain text, rendered by both report.html and report.md.
func methodology(c *caseView, opt *Options) []section {
	nRoutes := len(opt.routes)
	var s []section
	s = append(s, section{"How the inputs were read", []string{
		"Each input was opened read-only and read once, as a stream, by haruspex's HAR reader. Its SHA-256 was computed over the file's bytes as stored (before any gzip decompression) while it was read, and its size counted; the inputs were not modified.",
		"Inputs are named by their base name: the folder they were kept in is not recorded, so that the report is the same wherever the files are. The SHA-256 identifies each file. A source such as \"capture.har#5\" is entry 5 of that file, counting from 0 in the order of log.entries.",
		"Times are each entry's startedDateTime: when the browser started the request, by the clock of the machine that made the capture. They are shown in " + c.Zone + "; the JSON files always carry UTC.",
		"A value of an unexpected kind is kept, with a warning that names the entry; it never stops the file. A truncated or corrupt file contributes every complete entry, and the inputs table says where reading stopped.",
	}})
	known := "No known e-mail address or phone number was given, so hashed personal data is reported as hashed, without saying whose it is."
	if opt.KnownGiven {
		known = "Known e-mail addresses and phone numbers were given (they are listed in manifest.json). Each was normalised and hashed as Meta's pixel does (e-mail trimmed and lower-cased; phone reduced to its digits), and every personal-data value equal to such a hash, or to the value itself, is marked as a match naming the known value."
	}
	s = append(s, section{"How requests were decoded", []string{
		fmt.Sprintf("Each request to a tracker haruspex knows was decoded by that tracker's decoder, chosen from a table of %d routes (host and path prefix, listed with its SHA-256 in manifest.json): parameters percent-decoded and labelled, visitor identifiers, custom data and personal data separated, and a one-line summary written. Every other request to a third party is kept as a \"request\" of vendor \"other\", its parameters unlabelled: nothing is dropped.", nRoutes),
		"Chrome sends a second, privacy-sandbox copy of some Meta Pixel events; such a copy is counted once, with both entries listed as its sources.",
		known,
		"The glossary below lists what each parameter and identifier in this report means, in the words of the decoder that read it, so that it cannot drift from the decoding.",
	}})
	cite := []string{
		"Every row of the report — a page the visitor opened, or an event a third party received — has an ID, such as f9c7f2e4#17.2: the first 8 hexadecimal digits of the SHA-256 of the capture file it was read from, \"#\", the entry's index in that file (counting from 0), and \".\" with the event's place among the events decoded from that one request, counting from 1 (a Google Analytics 4 request can carry several events; a page opened has no such part). The ID depends only on the file's bytes and the event's place in them: it is the same in every output of haruspex (events, timeline, parties, this report, in every format), in every run, whatever the file is called and whichever files are analysed with it. In report.html each row is an anchor named ev- and the ID with \"-\" for \"#\" and \".\" (ev-f9c7f2e4-17-2). An event also read from a copy (Chrome's privacy-sandbox copy, a first-party gateway's twin) keeps the ID of the request it was read from first and lists the copy's entry.",
	}
	if dup := sharedPrefixes(c.Inputs); dup != "" {
		cite = append(cite, "The inputs "+dup+" have SHA-256 values that begin with the same 8 digits, so their events' IDs begin alike: the inputs table and the file column of each row tell them apart.")
	}
	s = append(s, section{"How events are cited", cite})
	s = append(s, section{"How first and third parties were determined", []string{
		"The first party of a capture is the registrable domain (by the Public Suffix List) of its earliest top-level document navigation: a request marked Sec-Fetch-Dest: document, else one the capturing program marks as a document load outside an iframe, else the earliest HTML response. " +
			"A --site option overrides it. Every other registrable domain is a third party; its hosts are listed with it.",
	}})
	s = append(s, section{"How visitors were determined", []string{
		"A visitor is one browser: one cookie jar. Within one capture file, the requests of one User-Agent are taken as one browser, from its first entry on, until a browser cookie that keeps its value for the life of a cookie jar (Meta's _fbp, datr and sb, Microsoft's MUID, Google's IDE and _gcl_au, TikTok's _ttp …) takes a second value: then the cookie was reset, or another browser with the same User-Agent was recorded, and another visitor begins. A browser's own export records one browser; a proxy capture may hold several, which it tells apart only by User-Agent. Each visitor lists these stretches of captures, and why.",
		"Stretches of captures are one visitor when they carried the same browser-level identifier — a first- or third-party cookie ID such as _fbp, _fbc, the Google Analytics client ID, datr or _gcl_au — so the same browser in two captures is one visitor. Each such join is listed under the visitor, with the request that shows it.",
		"Account-level identifiers — Facebook's c_user, the site's external_id, the Google Analytics User-ID, hashed e-mail addresses and phone numbers — never join visitors, because different browsers, and different people, can send the same one. They are listed as the visitor's accounts; when two or more visitors sent one of them to the same party, the report lists them as visitors that party can tie together, without saying that they are one person. A visitor or such a group that holds two values of one account identifier (two c_user values: two accounts) is reported as a conflict.",
		"Visitors are labelled V1, V2, … by their earliest request (time, then file, then entry): the same labels in every output made from the same inputs.",
		"The page a timeline row names is the page the event itself reports (Meta's dl, for example), else the last page the visitor opened in that file, else the request's Referer header.",
	}})
	s = append(s, section{"How companies were determined", []string{
		"Each third-party domain was looked up, by host name, first in haruspex's own curated table (for every tracker haruspex decodes: the company, the legal entity its terms name for users in the United Kingdom, its parent and country, each with the document it comes from), then in the entity list of the third-party-web package version " + entity.ThirdPartyWebVersion + " (MIT licence, Copyright (c) 2019 Patrick Hulce), which names companies but not legal entities. The longest matching host pattern wins, and each attribution names its table and the pattern that matched. A domain neither table knows is left without a company.",
	}})
	if c.Sensitive == nil {
		s = append(s, section{"Sensitive content", []string{
			"No list of sensitive-content categories was applied to this report, so no finding is flagged. The findings section is empty for that reason, not because the captures hold nothing sensitive.",
		}})
	} else {
		what := "the list " + c.Sensitive.Name
		if c.Sensitive.Name == "built-in" {
			what = "haruspex's built-in list"
		}
		cats := ""
		if len(c.Sensitive.Categories) > 0 {
			cats = " Its categories: " + strings.Join(c.Sensitive.Categories, ", ") + "."
		}
		s = append(s, section{"Sensitive content", []string{
			"Page URLs and titles, button texts, custom data and form fields were compared with the terms and URL patterns of " + what + " (SHA-256 " + c.Sensitive.SHA256 + ")." + cats + " Each finding names its category, the term that matched, the field and the value. A finding says that the text matched a term, not what the visitor intended.",
			"A match is site-wide when the same value, in the same field, matched the same term in events sent from two or more different pages of one site, and the field describes the page or the browser (a page title or description, device or configuration data, a parameter no decoder knows) rather than what the visitor did (a button, a form, a search, an event, a page address). Such text — a meta description on every page, say — says nothing about the page the visitor was on: it is listed once, with every event that carried it, and not counted as a finding of each event. The events keep it in events.csv, events.ndjson and the timeline files.",
		}})
	}
	s = append(s, section{"Known limits", []string{
		"A HAR file cannot show the visitor's IP address, but every request to a third party disclosed it to that third party's servers (it is the source address of the connection), together with the browser's User-Agent and, where sent, its cookies for that domain.",
		"Many capturing programs do not record cookies: Chrome's default (\"sanitized\") export drops them. Where the inputs table says cookies were not captured, the absence of a cookie in this report does not show that none was sent.",
		"A capture shows what the browser sent and received, not what the recipient did with it. It holds only the requests of the tab or program recorded, from the time recording started; requests blocked by the browser or an extension may appear with status 0 or not at all.",
		"A SHA-256 of an e-mail address or phone number is not anonymous: anyone who has the address can compute it, which is how the recipient matches it to an account.",
		"Response bodies are not analysed; times come from the capturing machine's clock, which may be wrong.",
	}})
	verify := "haruspex verify FOLDER INPUT..."
	check := []string{
		"manifest.json records the haruspex version and revision that made this report, its arguments, each input's name, size and SHA-256, the decoder table, the versions and licences of the company data, the sensitive-content list's SHA-256, and the SHA-256 of every other file in the folder. \"" + verify + "\" re-hashes every file of the folder and each input given, and says which match. The same inputs and arguments given to the same haruspex version produce the same files, byte for byte, on any machine, in any time zone and locale, and in any order of the inputs.",
		"A file cannot contain its own SHA-256, so each printed page of this report carries its report hash instead: the first 16 hexadecimal digits of the SHA-256 of report.html in which those 16 digits, wherever they occur, are written as zeros. With report.html at hand anyone can check that a printed page belongs to it: \"sed 's/HASH/0000000000000000/g' report.html | sha256sum\" (HASH being the 16 digits printed) must begin with the same 16 digits. manifest.json records the report hash beside report.html's SHA-256, and haruspex verify checks it.",
	}
	if opt.PDF {
		check = append(check, "report.pdf is report.html printed by headless Chromium, with the same running header and footer (case, report hash, page N of M). manifest.json names the browser version that printed it. The same report.html printed by the same browser version with the same fonts gives the same bytes (the PDF's dates are fixed); another version or other fonts may lay it out differently, so report.pdf is compared by its SHA-256 in this folder, and the rest of the folder is what a second run reproduces byte for byte. The manifest says so (\"byte_comparison\").")
	}
	s = append(s, section{"How to check this report", check})
	return s
}

// sharedPrefixes names the inputs whose event IDs begin alike (their
// SHA-256 values share the first [decode.IDDigits] digits), as "a.har
// and b.har"; "" when none do.
func sharedPrefixes(ins []inputView) string {
	var names []string
	for i, a := range ins {
		for j, b := range ins {
			if i != j && a.IDPrefix != "" && a.IDPrefix == b.IDPrefix && !slices.Contains(names, a.Name) {
				names = append(names, a.Name)
			}
		}
	}
	if len(names) < 2 {
		return ""
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
