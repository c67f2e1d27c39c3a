package mocksite

import (
	"io"
	"net/http"
	"strings"
)

// The consent sites: two fictional police forces with a cookie banner,
// for the end-to-end test of haruspex visit. Both have a "Report domestic
// abuse" button that shows a report form (e-mail, phone, what happened),
// posted to /report/sent; both use the Meta Pixel stand-in ([PixelID]) and
// a GA4 stand-in ([GA4ID]).
//
//   - Northshire ([NorthHost]) has a OneTrust-style banner and waits for
//     consent: no tracker loads before "Accept All Cookies", none after
//     "Reject All".
//   - Southshire ([SouthHost]) has a Civic Cookie Control-style banner
//     and loads the Meta Pixel before any choice and whatever the choice
//     (what the 2023 police finding was about); only GA4 waits for
//     consent.
//
// The choice is kept in the cookie cookie_consent (accept or reject) of
// the site's host. On the pixel, the button sends a SubscribedButtonClick
// with cd[buttonText] (GET); submitting the form sends a Lead by
// sendBeacon with ud[em] = SHA-256 of the e-mail address typed in
// (automatic advanced matching), and GA4 a form_submit. Southshire's
// thank-you page opens an alert.
const (
	NorthHost = "www.northshire-police.example"
	SouthHost = "www.southshire-police.example"
	GA4ID     = "G-MOCK12345"
)

// consentPage is the page of a consent site: banner is its banner's
// markup, gate the script that loads the trackers as the site does.
func consentPage(force, banner, gate string) string {
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>` + force + ` Police (fictional)</title>
<style>
body { font: 16px/1.4 sans-serif; margin: 2em; }
.banner { position: fixed; left: 0; right: 0; bottom: 0; padding: 1em; background: #eee; border-top: 2px solid #333; }
.banner[hidden], form[hidden] { display: none; }
label { display: block; margin-top: .6em; }
</style>
<script>
function consentChoice() {
  var m = document.cookie.match(/(?:^|; )cookie_consent=(accept|reject)/);
  return m ? m[1] : '';
}
function loadMeta() {
  if (window.fbq) return;
  !function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
  n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
  n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
  t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
  document,'script','https://connect.facebook.net/en_US/fbevents.js');
  fbq('init', '` + PixelID + `');
  fbq('track', 'PageView');
}
function loadGA() {
  if (window.gtag) return;
  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { dataLayer.push(arguments); };
  gtag('js', new Date());
  gtag('config', '` + GA4ID + `');
  var s = document.createElement('script');
  s.async = true;
  s.src = 'https://www.googletagmanager.com/gtag/js?id=` + GA4ID + `';
  document.head.appendChild(s);
}
function choose(v) {
  document.cookie = 'cookie_consent=' + v + '; path=/; max-age=15552000; SameSite=Lax';
  document.querySelector('.banner').hidden = true;
  if (v === 'accept') consented();
}
` + gate + `
</script></head>
<body><h1>` + force + ` Police</h1>
<p>Welcome to ` + force + ` Police. If you are in danger, call 999.</p>
<p><button id="da" type="button">Report domestic abuse</button></p>
<form id="report" name="report" method="post" action="/report/sent" hidden>
<label for="email">Your email</label><input id="email" name="email" type="email">
<label for="phone">Phone number</label><input id="phone" name="tel" type="tel">
<label>What happened? <textarea name="details" rows="4" cols="40"></textarea></label>
<p><button type="submit">Send report</button></p>
</form>
` + banner + `
<script>
document.querySelector('.banner').hidden = consentChoice() !== '';
document.getElementById('da').addEventListener('click', function () {
  if (window.fbq) fbq('trackCustom', 'SubscribedButtonClick', {buttonText: 'Report domestic abuse'});
  document.getElementById('report').hidden = false;
});
document.getElementById('report').addEventListener('submit', function (e) {
  e.preventDefault();
  var form = this, email = form.email.value.trim().toLowerCase();
  crypto.subtle.digest('SHA-256', new TextEncoder().encode(email)).then(function (d) {
    var hex = Array.from(new Uint8Array(d)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
    if (window.fbq) fbq('track', 'Lead', {}, {em: hex});
    if (window.gtag) gtag('event', 'form_submit', {form_id: 'report'});
    setTimeout(function () { form.submit(); }, 50);
  });
});
</script>
</body></html>
`
}

// northGate waits for consent for every tracker.
const northGate = `function consented() { loadMeta(); loadGA(); }
if (consentChoice() === 'accept') consented();`

// southGate loads the pixel at once, whatever the choice; GA4 waits.
const southGate = `function consented() { loadGA(); }
loadMeta();
if (consentChoice() === 'accept') consented();`

// oneTrustBanner is markup in the style of OneTrust's banner.
const oneTrustBanner = `<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="banner otFlat" role="region" aria-label="Cookie banner">
<div id="onetrust-policy-text">We use cookies to make this site work and, with your consent, to measure how it is used.</div>
<div id="onetrust-button-group">
<button id="onetrust-pc-btn-handler" type="button">Cookie Settings</button>
<button id="onetrust-reject-all-handler" type="button" onclick="choose('reject')">Reject All</button>
<button id="onetrust-accept-btn-handler" type="button" onclick="choose('accept')">Accept All Cookies</button>
</div></div></div>`

// civicBanner is markup in the style of Civic Cookie Control's notice.
const civicBanner = `<div id="ccc"><div id="ccc-notify" class="banner ccc-notify-box" role="region" aria-label="Cookie preferences">
<div class="ccc-notify-text"><h3>This site uses cookies to store information on your computer.</h3></div>
<div class="ccc-notify-buttons">
<button id="ccc-notify-accept" class="ccc-notify-button ccc-accept-button" type="button" onclick="choose('accept')">Accept Recommended Settings</button>
<button id="ccc-notify-reject" class="ccc-notify-button ccc-reject-button" type="button" onclick="choose('reject')">Reject All</button>
<button class="ccc-notify-button ccc-link" type="button">Cookie Preferences</button>
</div></div></div>`

// sentPage thanks the visitor; the trackers load as on the home page.
// Southshire's says so in an alert too.
func sentPage(force, gate string) string {
	if force == "Southshire" {
		gate += "\nwindow.addEventListener('load', function () { alert('Thank you. Southshire Police will contact you.'); });"
	}
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report sent | ` + force + ` Police (fictional)</title>
<script>
function consentChoice() {
  var m = document.cookie.match(/(?:^|; )cookie_consent=(accept|reject)/);
  return m ? m[1] : '';
}
function loadMeta() {
  !function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
  n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
  n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
  t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
  document,'script','https://connect.facebook.net/en_US/fbevents.js');
  fbq('init', '` + PixelID + `');
  fbq('track', 'PageView');
}
function loadGA() {
  window.dataLayer = window.dataLayer || [];
  window.gtag = function () { dataLayer.push(arguments); };
  gtag('js', new Date());
  gtag('config', '` + GA4ID + `');
  var s = document.createElement('script');
  s.async = true;
  s.src = 'https://www.googletagmanager.com/gtag/js?id=` + GA4ID + `';
  document.head.appendChild(s);
}
` + gate + `
</script></head>
<body><h1>Thank you</h1><p>Your report has been sent. (This is a fictional site: nothing was sent to anyone.)</p></body></html>
`
}

// gtagJS is a stand-in for Google's gtag.js for GA4: it sends what the
// real library sends for page_view and events (PROTOCOLS.md §6), one hit
// per event by sendBeacon to /g/collect, with none of its logic. The
// client id is the _ga cookie's, made on first use.
const gtagJS = `(function () {
  var dl = window.dataLayer = window.dataLayer || [];
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? m[1] : '';
  }
  var ga = cookie('_ga');
  if (!ga) {
    ga = 'GA1.1.' + Math.floor(Math.random() * 2147483647) + '.' + Math.floor(Date.now() / 1000);
    document.cookie = '_ga=' + ga + '; path=/; max-age=63072000; SameSite=Lax';
  }
  var cid = ga.replace(/^GA1\.1\./, ''), tid = '', seq = 1, p = Math.floor(Math.random() * 2147483647);
  var sid = String(Math.floor(Date.now() / 1000));
  function send(en, params) {
    var q = [['v', '2'], ['tid', tid], ['gtm', '45je5000'], ['_p', String(p)], ['cid', cid],
             ['ul', navigator.language.toLowerCase()], ['sr', screen.width + 'x' + screen.height],
             ['sid', sid], ['sct', '1'], ['seg', '0'], ['_s', String(seq++)],
             ['dl', location.href], ['dr', document.referrer], ['dt', document.title], ['en', en]];
    for (var k in params) q.push(['ep.' + k, String(params[k])]);
    var s = q.map(function (kv) { return kv[0] + '=' + encodeURIComponent(kv[1]); }).join('&');
    navigator.sendBeacon('https://region1.google-analytics.com/g/collect?' + s);
  }
  function handle(a) {
    if (a[0] === 'config') { tid = a[1]; send('page_view', {}); }
    else if (a[0] === 'event') send(a[1], a[2] || {});
  }
  for (var i = 0; i < dl.length; i++) handle(dl[i]);
  dl.push = function (a) { handle(a); return Array.prototype.push.call(dl, a); };
})();
`

// serveConsent answers the consent sites and the GA4 stand-in; it reports
// whether it answered.
func (s *Site) serveConsent(w http.ResponseWriter, r *http.Request, host string) bool {
	html := func(body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}
	force, banner, gate := "", "", ""
	switch host {
	case NorthHost:
		force, banner, gate = "Northshire", oneTrustBanner, northGate
	case SouthHost:
		force, banner, gate = "Southshire", civicBanner, southGate
	}
	switch {
	case force != "" && r.URL.Path == "/":
		html(consentPage(force, banner, gate))
	case force != "" && r.URL.Path == "/report/sent" && r.Method == http.MethodPost:
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		html(sentPage(force, gate))
	case force != "" && r.URL.Path == "/favicon.ico":
		w.WriteHeader(http.StatusNoContent)
	case host == "www.googletagmanager.com" && r.URL.Path == "/gtag/js":
		w.Header().Set("Content-Type", "application/javascript; charset=utf-8")
		io.WriteString(w, gtagJS)
	case strings.HasSuffix(host, ".google-analytics.com") && r.URL.Path == "/g/collect":
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		w.WriteHeader(http.StatusNoContent)
		s.record("ga4:" + r.URL.Query().Get("en"))
	default:
		return false
	}
	return true
}

// record notes an event the trackers received.
func (s *Site) record(ev string) {
	s.mu.Lock()
	s.events = append(s.events, ev)
	s.mu.Unlock()
	if s.OnEvent != nil {
		s.OnEvent(ev)
	}
	select {
	case s.notify <- struct{}{}:
	default:
	}
}
