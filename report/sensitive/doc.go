// Package sensitive flags text that reveals something sensitive about the
// person who produced it: that they were reporting a crime, a sexual
// offence or domestic abuse, looking for help with their health, their
// sexuality, their religion, their immigration status or their debts, or
// about a child.
//
// A page URL, title, button text, custom-data value or form field sent to
// a third party is flagged when it matches a rule, and every flag says
// which category and which rule (file and line) matched, and where in the
// text.
//
// # Worked example
//
// A police site's Meta Pixel sends the page URL and the text of the
// button the visitor pressed:
//
//	dl=https://www.police.example/ro/report/domestic-abuse/
//	cd[buttonText]=Report domestic abuse
//
// With the built-in set,
//
//	set := sensitive.Builtin()
//	set.Match("https://www.police.example/ro/report/domestic-abuse/")
//
// returns two hits, ordered by position:
//
//	crime-reporting  url   /ro/report/      terms.txt:59  bytes 26–37  "/ro/report/"
//	domestic-abuse   term  domestic abuse   terms.txt:90  bytes 37–51  "domestic-abuse"
//
// and set.Match("Report domestic abuse") returns the domestic-abuse hit
// for "domestic abuse" at bytes 7–21. A report records [Set.SHA256] and
// [Set.Name] in its manifest, so a reader knows which list was used.
//
// # The set file
//
// A set is a UTF-8 text file, one rule a line, three fields separated by
// white space (category, kind, value):
//
//	# category          kind  value
//	domestic-abuse      term  coercive control
//	stalking-harassment term  harass*
//	health              url   nhs.uk/conditions/
//
// The category is lower-case letters, digits and "-": any name the
// investigator chooses. The built-in set uses crime-reporting,
// sexual-offences, domestic-abuse, stalking-harassment, health, sexuality,
// religion, immigration, finance and children. The value is the rest of
// the line.
//
// Kind "term": one or more words, matched case-insensitively on word
// boundaries. Any character that is not a letter or a digit separates
// words, and so does a percent-escape: "domestic abuse" matches "Domestic
// Abuse", "domestic-abuse", "domestic_abuse", "domestic+abuse",
// "domestic%20abuse" and "domestic/abuse", but not "domesticabuse"; "rape"
// does not match "grape". A word ending in "*" (three letters or more
// before it) matches any word it begins: "harass*" matches "harassed" and
// "harassment". Apostrophes separate words too, so "women's aid" is the
// words "women", "s", "aid".
//
// Kind "url": a glob, matched case-insensitively anywhere in the text. "*"
// matches any run of characters (the shortest that matches, so the hit's
// Text ends where the glob's last literal part does), every other
// character only itself: globs, not regular expressions, so "." and "?"
// need no escaping.
//
// Blank lines and lines starting with "#" are ignored; a rule may not
// repeat. [Load] reads a file (an investigator's own list replaces the
// built-in one) and reports every bad line as file:line; [Builtin] reads
// the embedded terms.txt, whose comments explain what was left out to
// avoid absurd false positives ("aids": hearing aids; "trans":
// trans-Pennine; "grooming": dog grooming).
//
// Matching is a flag for a human to review, not a finding: "church" also
// matches "Church Road", "visa" the card, "benefits" the benefits of a
// scheme. The hit's Text shows what matched.
package sensitive
