package visit

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haruspex/haruspex/internal/chromium"
)

// testBrowser starts one headless Chromium for a test, or skips (fails
// under CI=true) when there is none.
func testBrowser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("HARUSPEX_CHROMIUM")
	if path == "" {
		p, err := FindChromium()
		if err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("Chromium not found: CI must run .ci/deps (apt-get install chromium) before the tests")
			}
			t.Skip("Chromium not found (apt-get install chromium, or set HARUSPEX_CHROMIUM): skipping the in-browser test of page.js")
		}
		path = p
	}
	if testing.Short() {
		t.Skip("-short: skipping the in-browser test of page.js")
	}
	fs := append(chromium.Headless(),
		switchArg{Name: "window-size", Value: fmt.Sprintf("%d,%d", WindowWidth, WindowHeight)},
		switchArg{Name: "host-resolver-rules", Value: "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"})
	fs = append(fs, chromium.NoSandbox()...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), allocatorOptions(path, fs)...)
	t.Cleanup(cancelA)
	discard := func(string, ...any) {}
	tab, cancelT := chromedp.NewContext(actx, chromedp.WithLogf(discard), chromedp.WithErrorf(discard))
	t.Cleanup(cancelT)
	if err := chromedp.Do(tab); err != nil {
		t.Skipf("Chromium at %s cannot start (%v): skipping the in-browser test of page.js", path, err)
	}
	return tab
}

// pageCase is one page and what page.js must find on it.
type pageCase struct {
	name string
	html string
	op   string
	arg  map[string]any
	want string // the result's fields, as describe prints them
}

// describe prints the fields of a result a case checks.
func describe(r pageResult) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("found", fmt.Sprint(r.Found))
	add("hit", map[bool]string{true: "true"}[r.Hit])
	add("banner", r.Banner)
	add("via", r.Via)
	add("selector", r.Selector)
	add("phrase", r.Phrase)
	add("lang", r.Lang)
	add("tag", r.Tag)
	add("text", r.Text)
	add("id", r.ID)
	add("name", r.Name)
	add("kind", r.Kind)
	add("label", r.Label)
	add("value", r.Value)
	add("form", r.Form)
	add("error", r.Error)
	return strings.Join(parts, " ")
}

const oneTrust = `<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk"><p>We use cookies.</p>
<button id="onetrust-pc-btn-handler">Cookie Settings</button>
<button id="onetrust-reject-all-handler">Reject All</button>
<button id="onetrust-accept-btn-handler">Accept All Cookies</button></div></div>`

// TestPageScript runs page.js in one real browser against a page per
// case: the banner patterns of each platform and language, and how click,
// fill and submit find their element.
func TestPageScript(t *testing.T) {
	tab := testBrowser(t)
	p := Builtin()
	consent := func(v string) map[string]any { return map[string]any{"variant": v, "patterns": &p} }
	cases := []pageCase{
		{"OneTrust accept", oneTrust, "consent", consent("accept"),
			"found=true hit=true banner=OneTrust via=selector selector=#onetrust-accept-btn-handler tag=button text=Accept All Cookies id=onetrust-accept-btn-handler"},
		{"OneTrust reject", oneTrust, "consent", consent("reject"),
			"found=true hit=true banner=OneTrust via=selector selector=#onetrust-reject-all-handler tag=button text=Reject All id=onetrust-reject-all-handler"},
		{"OneTrust, none: seen, not pressed", oneTrust, "consent", consent("none"), "found=false banner=OneTrust"},
		{"OneTrust without a reject button", `<div id="onetrust-banner-sdk">Cookies! <button id="onetrust-accept-btn-handler">OK</button></div>`,
			"consent", consent("reject"), "found=false banner=OneTrust"},
		{"Cookiebot accept", `<div id="CybotCookiebotDialog">This website uses cookies
<button id="CybotCookiebotDialogBodyButtonDecline">Deny</button>
<button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all</button></div>`, "consent", consent("accept"),
			"found=true hit=true banner=Cookiebot via=selector selector=#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll tag=button text=Allow all id=CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll"},
		{"Didomi reject", `<div id="didomi-host"><div id="didomi-notice">We and our partners
<button id="didomi-notice-disagree-button">Continue without agreeing</button>
<button id="didomi-notice-agree-button">Agree and close</button></div></div>`, "consent", consent("reject"),
			"found=true hit=true banner=Didomi via=selector selector=#didomi-notice-disagree-button tag=button text=Continue without agreeing id=didomi-notice-disagree-button"},
		// Quantcast's reject has no id of its own here: its text finds it, in the banner.
		{"Quantcast Choice reject by text", `<div id="qc-cmp2-container"><div id="qc-cmp2-ui"><p>We value your privacy</p>
<div class="qc-cmp2-summary-buttons"><button mode="secondary">MORE OPTIONS</button><button mode="secondary">DISAGREE</button>
<button mode="primary">AGREE</button></div></div></div>`, "consent", consent("reject"),
			"found=true hit=true banner=Quantcast Choice via=text phrase=disagree lang=en tag=button text=DISAGREE"},
		{"Quantcast Choice accept", `<div id="qc-cmp2-container"><div id="qc-cmp2-ui"><p>We value your privacy</p>
<div class="qc-cmp2-summary-buttons"><button mode="secondary">MORE OPTIONS</button><button mode="primary">AGREE</button></div></div></div>`,
			"consent", consent("accept"), `found=true hit=true banner=Quantcast Choice via=selector selector=.qc-cmp2-summary-buttons > button[mode="primary"] tag=button text=AGREE`},
		// Usercentrics draws its banner in a shadow root.
		{"Usercentrics in a shadow root", `<div id="usercentrics-root"></div><script>
var root = document.getElementById('usercentrics-root').attachShadow({mode: 'open'});
root.innerHTML = '<div style="position:fixed;bottom:0">Privacy settings <button data-testid="uc-deny-all-button">Deny</button>' +
  '<button data-testid="uc-accept-all-button">Accept All</button></div>';
</script>`, "consent", consent("accept"),
			`found=true hit=true banner=Usercentrics via=selector selector=[data-testid="uc-accept-all-button"] tag=button text=Accept All`},
		{"CookieYes reject", `<div class="cky-consent-container"><p>We value your privacy</p>
<button class="cky-btn cky-btn-reject" data-cky-tag="reject-button">Reject All</button>
<button class="cky-btn cky-btn-accept" data-cky-tag="accept-button">Accept All</button></div>`, "consent", consent("reject"),
			`found=true hit=true banner=CookieYes via=selector selector=[data-cky-tag="reject-button"] tag=button text=Reject All`},
		{"Civic Cookie Control accept", `<div id="ccc"><div id="ccc-notify"><h3>This site uses cookies.</h3>
<button id="ccc-notify-accept">Accept Recommended Settings</button><button id="ccc-notify-reject">Reject All</button></div></div>`,
			"consent", consent("accept"), "found=true hit=true banner=Civic Cookie Control via=selector selector=#ccc-notify-accept tag=button text=Accept Recommended Settings id=ccc-notify-accept"},
		// A platform's banner that is not displayed does not count: the next pattern does.
		{"hidden OneTrust, generic German", `<div id="onetrust-banner-sdk" style="display:none"><button id="onetrust-accept-btn-handler">Accept</button></div>
<div class="hinweis">Wir verwenden Cookies. <a href="#" role="button">Einstellungen</a> <button>✓ Alle akzeptieren!</button></div>`,
			"consent", consent("accept"), "found=true hit=true banner=generic via=text phrase=alle akzeptieren lang=de tag=button text=✓ Alle akzeptieren!"},
		{"generic French reject", `<div id="bandeau">Ce site utilise des traceurs. <button>Tout accepter</button><button>Tout refuser</button></div>`,
			"consent", consent("reject"), "found=true hit=true banner=generic via=text phrase=tout refuser lang=fr tag=button text=Tout refuser"},
		{"generic Spanish reject", `<div>Utilizamos cookies propias y de terceros. <a href="#x">Rechazar todo</a> <a href="#y">Aceptar todo</a></div>`,
			"consent", consent("reject"), "found=true hit=true banner=generic via=text phrase=rechazar todo lang=es tag=a text=Rechazar todo"},
		{"generic Italian accept", `<section aria-label="Informativa cookie">Questo sito usa cookie. <button>Rifiuta</button> <button>Accetta tutti</button></section>`,
			"consent", consent("accept"), "found=true hit=true banner=generic via=text phrase=accetta tutti lang=it tag=button text=Accetta tutti"},
		{"generic Dutch reject", `<div id="cookiemelding">Wij gebruiken cookies. <button>Alles accepteren</button><button>Alles weigeren</button></div>`,
			"consent", consent("reject"), "found=true hit=true banner=generic via=text phrase=alles weigeren lang=nl tag=button text=Alles weigeren"},
		{"generic English, none: seen", `<div id="cookie-notice">We use cookies. <button>Accept all cookies</button></div>`,
			"consent", consent("none"), "found=false banner=generic phrase=accept all cookies lang=en"},
		// "I agree" on a form that says nothing of cookies is not a banner's.
		{"agree outside a banner", `<form><h2>Terms of service</h2><p>You must be 18 or over.</p><button type="button">I agree</button></form>`,
			"consent", consent("accept"), "found=false"},
		{"no banner", `<h1>Exampleshire Police</h1><button>Report a crime</button>`, "consent", consent("none"), "found=false"},

		{"click: exact text before containing text", `<button>Report a crime online</button> <a href="/r">Report</a>`,
			"click", map[string]any{"text": "report"}, "found=true hit=true tag=a text=Report"},
		{"click: containing, any case", `<p><a href="/da">Report Domestic Abuse</a></p>`,
			"click", map[string]any{"text": "report domestic"}, "found=true hit=true tag=a text=Report Domestic Abuse"},
		{"click: hidden buttons do not count", `<button style="visibility:hidden">Report</button><button hidden>Report</button><button>Report it</button>`,
			"click", map[string]any{"text": "Report"}, "found=true hit=true tag=button text=Report it"},
		{"click: covered, so not by mouse", `<button>Report</button><div style="position:fixed;inset:0;background:#fff"></div>`,
			"click", map[string]any{"text": "Report"}, "found=true tag=button text=Report"},
		{"click: input buttons and aria-label", `<input type="submit" value="Send report"> <button aria-label="Close"><svg width="10" height="10"></svg></button>`,
			"click", map[string]any{"text": "close"}, "found=true hit=true tag=button text=Close"},
		{"click: nothing", `<p>Report domestic abuse</p>`, "click", map[string]any{"text": "Report domestic abuse"}, "found=false"},

		{"fill: by name", reportForm, "fill", map[string]any{"name": "email", "value": "x"},
			"found=true tag=input id=email name=email kind=text label=Your email"},
		{"fill: by id", reportForm, "fill", map[string]any{"name": "phone", "value": "x"},
			"found=true tag=input id=phone name=tel kind=text label=Phone number"},
		{"fill: by label, any case", reportForm, "fill", map[string]any{"name": "what happened?", "value": "x"},
			"found=true tag=textarea name=details kind=text label=What happened?"},
		{"fill: by part of a label", reportForm, "fill", map[string]any{"name": "happened", "value": "x"},
			"found=true tag=textarea name=details kind=text label=What happened?"},
		{"fill: by placeholder", reportForm, "fill", map[string]any{"name": "Postcode", "value": "x"},
			"found=true tag=input name=pc kind=text"},
		{"fill: a select by an option's text", reportForm, "fill", map[string]any{"name": "Crime", "value": "Domestic abuse"},
			"found=true tag=select id=crime name=crime kind=select label=Crime value=da"},
		{"fill: a select without that option", reportForm, "fill", map[string]any{"name": "crime", "value": "Burglary"},
			`found=true tag=select id=crime name=crime kind=select label=Crime error=no option "Burglary"`},
		{"fill: a checkbox", reportForm, "fill", map[string]any{"name": "consent", "value": "yes"},
			"found=true tag=input name=consent kind=check label=I agree to be contacted value=checked"},
		{"fill: a radio by its label", reportForm, "fill", map[string]any{"name": "contact", "value": "By phone"},
			"found=true tag=input name=contact kind=radio label=By phone value=phone"},
		{"fill: nothing", reportForm, "fill", map[string]any{"name": "nickname", "value": "x"}, "found=false"},

		{"submit: the form of a field, by its button", reportForm, "submit", map[string]any{"form": "", "field": "email"},
			"found=true hit=true tag=button text=Send report form=report"},
		{"submit: a form by id, without a button", `<form id="f"><input name="q"></form>`, "submit", map[string]any{"form": "f", "field": ""},
			"found=true tag=form id=f form=f"},
		{"submit: nothing", `<p>no form</p>`, "submit", map[string]any{"form": "", "field": ""}, "found=false"},
	}
	mux := http.NewServeMux()
	for i, c := range cases {
		body := "<!doctype html><html lang=en><head><meta charset=utf-8><title>case</title></head><body>" + c.html + "</body></html>"
		mux.HandleFunc(fmt.Sprintf("/case/%d", i), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(tab, 20*time.Second)
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/case/%d", srv.URL, i))); err != nil {
				t.Fatal(err)
			}
			r, err := evalPage(ctx, c.op, c.arg)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(r); got != c.want {
				t.Errorf("%s:\n got %s\nwant %s", c.op, got, c.want)
			}
		})
	}
}

const reportForm = `<form id="report" name="report" method="post" action="/sent">
<label for="email">Your email</label><input id="email" name="email" type="email">
<label for="phone">Phone number</label><input id="phone" name="tel" type="tel">
<label>What happened? <textarea name="details"></textarea></label>
<input name="pc" placeholder="Postcode">
<label for="crime">Crime</label><select id="crime" name="crime"><option value="">Choose</option><option value="da">Domestic abuse</option></select>
<label><input type="checkbox" name="consent"> I agree to be contacted</label>
<label><input type="radio" name="contact" value="email"> By email</label>
<label><input type="radio" name="contact" value="phone"> By phone</label>
<input type="hidden" name="email" value="hidden">
<button type="button">Cancel</button><button>Send report</button>
</form>`
