// Package visit makes the same visit to many websites with a real
// browser, and records each as a capture an investigator can re-analyse,
// verify and exhibit: for researchers replicating a finding (the 2023
// finding that police forces' websites sent what victims did to Meta)
// across every site, the same way each time.
//
// A visit is one URL with one consent [Variant]. It gets a fresh browser
// profile: headless Chromium (Debian's chromium), driven over the
// DevTools protocol with github.com/chromedp/chromedp (v0.23.1), whose
// every request goes through an in-process recording proxy of package
// [capture] (its HAR writer and CA; the browser trusts the CA by its SPKI
// hash, for that profile only). The HAR is haruspex's own and complete:
// bodies and POSTs included.
//
// The steps ([Step]) are: open the URL and wait for the network to
// settle; deal with the cookie banner ([Consent]: press accept or reject,
// or only note which banner was there, by the [Patterns] of seven
// consent platforms and generic button texts in six languages); then the
// caller's steps: [Click] a button or link by its text, [Fill] a form
// field by name, id or label, [Submit], [Wait], [Scroll], [Screenshot],
// from flags or from a script ([ParseScript]). After each step the visit
// waits until no request has been in flight for a moment (Options.Settle)
// by the browser's DevTools events and the proxy's count, so a step's
// network traffic belongs to it; then it takes a screenshot.
//
// # What a visit writes
//
// [Plan] gives each visit a directory, out/<site>/<variant>, that must
// not exist ([SiteName]: the host, with port and path when not the
// default). [Run] writes there:
//
//	capture.har     the proxy's HAR; log.creator "haruspex visit",
//	                log.browser the browser, log.comment naming visit.json,
//	                log._visit the steps with their times and outcomes
//	visit.json      the [Record]: URL, variant, state, each step's time,
//	                outcome and detail ("clicked <button> \"Report domestic
//	                abuse\""), the browser (version, flags, its whole command
//	                line), the proxy CA's fingerprint, the tool's version,
//	                the capture's SHA-256
//	NN-STEP.png     a screenshot after each step
//
// A visit that fails (the site cannot be reached, TLS, a timeout, the
// browser crashing) is recorded with its error in its visit.json and does
// not stop the others. Timelines can show each step's Detail as a marker
// at its Time.
//
// # What the browser is
//
// Headless Chromium says so in its user agent (HeadlessChrome) and sets
// navigator.webdriver: a site can tell it from a person's browser and
// behave differently. Each visit's profile is new (no cookies, no
// history), in the language of Options.Lang, with third-party cookies
// allowed as Chrome allows them for its users unless
// Options.BlockThirdPartyCookies. Its own calls to Google's update and
// account services are not sent. Banners drawn inside iframes
// (Sourcepoint, TrustArc) are not reached. The form a visit fills is
// really submitted to the site: use a test persona.
//
// # Worked example
//
// Three visits of one police site, accepting, rejecting and leaving the
// banner, each clicking "Report domestic abuse":
//
//	ca, err := capture.LoadOrCreateCA(caDir)
//	if err != nil { … }
//	variants, _ := visit.ParseVariants("all")
//	jobs, err := visit.Plan("study", []string{"https://www.police.example/"}, variants)
//	if err != nil { … } // a URL that is not http(s), a directory that exists
//	click, _ := visit.NewStep(visit.Click, "Report domestic abuse")
//	recs, err := visit.Run(ctx, jobs, visit.Options{
//		CA: ca, Version: "v1.2.0", Steps: []visit.Step{click}, Parallel: 2,
//	})
//	for _, r := range recs {
//		fmt.Println(r.Site, r.Variant, r.State, r.Consent.Banner, r.Capture.SHA256)
//	}
//
// which writes study/www.police.example/{none,accept,reject}/ and prints,
// for example,
//
//	www.police.example none complete OneTrust 5f0c…
//	www.police.example accept complete OneTrust 9a41…
//	www.police.example reject complete OneTrust 03be…
//
// "haruspex visit" is this with flags. ExamplePlan and ExampleRun are
// the tested programs.
package visit
