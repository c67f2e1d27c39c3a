package main

import (
	"strings"
)

// The four HTML documents of the fictional force's site. They are written
// for this sample (nothing is copied from a real site) and carry the two
// tags the story needs: Google's gtag.js snippet and Meta's published pixel
// base code. Line numbers of the tags are looked up by lineOf so that the
// _initiator fields in the HAR point at the right line.

const siteName = "Exampleshire Police"

func head(title, description, pixelInit string) string {
	return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>` + title + `</title>
<meta name="description" content="` + description + `">
<link rel="icon" href="data:,">
<script async src="https://www.googletagmanager.com/gtag/js?id=` + gaID + `"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', '` + gaID + `');
</script>
<!-- Meta Pixel Code -->
<script>
!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
` + pixelInit + `
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none"
src="https://www.facebook.com/tr?id=` + pixelID + `&ev=PageView&noscript=1"
/></noscript>
<!-- End Meta Pixel Code -->
</head>
<body>
<a class="quick-exit" href="https://weather.example/">Leave this site quickly</a>
<header class="site-header">
<a href="/"><img src="/assets/img/crest.png" alt="` + siteName + `" width="48" height="48"></a>
<nav>
<a href="/report/" class="nav-link">Report a crime</a>
<a href="/contact/" class="nav-link">Contact us</a>
</nav>
</header>
<main>
`
}

const foot = `</main>
<footer><p>This is a fictional site made for a software test sample. In an emergency call 999.</p></footer>
</body>
</html>
`

func defaultInit() string { return "fbq('init', '" + pixelID + "');" }

func homeHTML() string {
	return head(siteName+" | Home", "Report crime, get advice and contact "+siteName+" online.", defaultInit()) +
		`<h1>Welcome to ` + siteName + `</h1>
<p>Report crime, find advice and get in touch with your local neighbourhood team.</p>
<p><a class="tile" href="/report/">Report a crime</a></p>
` + foot
}

func reportHTML() string {
	return head("Report a crime | "+siteName, "Tell us about a crime online.", defaultInit()) +
		`<h1>Report a crime</h1>
<p>Choose what you want to report. If you are in danger now, call 999.</p>
<ul class="report-options">
<li><a class="btn btn--primary btn--start" id="report-da" href="/report/domestic-abuse/">Report domestic abuse</a></li>
<li><a class="btn btn--primary btn--start" id="report-theft" href="/report/theft/">Report theft</a></li>
</ul>
` + foot
}

func domesticAbuseHTML() string {
	return head("Report domestic abuse | "+siteName, "Report domestic abuse to "+siteName+" online.", defaultInit()) +
		`<h1>Report domestic abuse</h1>
<p>You can tell us about domestic abuse that is happening to you or someone else.</p>
<form id="da-report" name="domestic-abuse-report" method="post" action="/report/domestic-abuse/submit/">
<input type="hidden" name="csrf_token" value="` + csrfToken + `">
<label for="da-name">Your name</label>
<input id="da-name" name="name" type="text" autocomplete="name">
<label for="da-email">Email address</label>
<input id="da-email" name="email" type="email" placeholder="name@example.com" autocomplete="email">
<label for="da-phone">Phone number</label>
<input id="da-phone" name="phone" type="tel" autocomplete="tel">
<label for="da-postcode">Postcode</label>
<input id="da-postcode" name="postcode" type="text" autocomplete="postal-code">
<label for="da-contact">How can we contact you safely?</label>
<select id="da-contact" name="safe_contact"><option value="phone">Phone</option><option value="email">Email</option></select>
<label for="da-details">What happened?</label>
<textarea id="da-details" name="details" rows="8"></textarea>
<button id="da-submit" class="btn btn--primary" type="submit">Submit report</button>
</form>
` + foot
}

func submittedHTML() string {
	// The site's confirmation template passes the details the visitor just
	// typed to the pixel as Advanced Matching data.
	init := "fbq('init', '" + pixelID + "', {em: '" + visitorEmailTyped + "', ph: '" + visitorPhoneE164 +
		"', fn: '" + visitorFirst + "', ln: '" + visitorLast + "', ct: '" + visitorCity +
		"', zp: '" + visitorPostcode + "', country: '" + visitorCountry + "'});"
	return head("Report received | "+siteName, "Your report has been received.", init) +
		`<h1>Thank you, we have received your report</h1>
<p>Your reference is <strong>` + reportRef + `</strong>. An officer will contact you using the method you chose.</p>
<script>
fbq('track', 'Lead', {content_name: 'Domestic abuse report', content_category: 'Report a crime online',
  content_ids: ['` + reportRef + `'], content_type: 'crime_report', status: 'submitted',
  form_name: 'domestic-abuse-report', incident_type: 'Domestic abuse', contact_method: 'phone',
  value: 0, currency: 'GBP', language: document.documentElement.lang});
</script>
` + foot
}

// lineOf returns the 0-based line of the first line containing marker.
func lineOf(doc, marker string) int {
	for i, l := range strings.Split(doc, "\n") {
		if strings.Contains(l, marker) {
			return i
		}
	}
	panic("marker not in document: " + marker)
}
