// Package mocksite is a fictional police website with a Meta-Pixel-style
// tracker, served over HTTPS from one local server for every host it
// uses, for recording real browser sessions offline: the end-to-end test
// of haruspex capture and samples/capture/make.sh.
//
// The pages and the pixel stand-in send what ../shared/PROTOCOLS.md
// describes: a PageView by <img> GET to https://www.facebook.com/tr/ on
// load, a SubscribedButtonClick with cd[buttonText] by <img> GET when the
// "Report domestic abuse" button is pressed (the page presses it itself,
// 300 ms after load, as a visitor would), and a Lead by sendBeacon
// (multipart FormData) carrying a hashed e-mail address. The certificate
// covers Hosts and is signed by a CA made for the run ([PKI]).
package mocksite

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Hosts are the names the site answers for: the police site and the
// pixel's hosts, then the consent sites of haruspex visit's test and the
// GA4 stand-in's hosts (see [NorthHost]).
var Hosts = []string{"www.police.example", "connect.facebook.net", "www.facebook.com",
	NorthHost, SouthHost, "www.googletagmanager.com", "region1.google-analytics.com"}

// PixelID is the pixel id the site's tracker sends.
const PixelID = "1122334455667788"

// PKI is a CA made for one run and a server certificate for [Hosts].
type PKI struct {
	CAPEM []byte // the CA certificate, PEM: what the recording proxy must trust
	Cert  tls.Certificate
}

// NewPKI makes a CA and a server certificate valid for a day.
func NewPKI() (*PKI, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mocksite CA (haruspex tests)"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: Hosts[0]},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: Hosts, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	return &PKI{
		CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Cert:  tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key},
	}, nil
}

// Site is the handler for every host. Events reports the pixel events
// (ev values) the tracker endpoint has answered, and the GA4 hits
// ("ga4:" and the event name), in order.
type Site struct {
	// OnEvent, when set, is called with each ev value /tr/ answers.
	OnEvent func(ev string)

	mu     sync.Mutex
	events []string
	notify chan struct{}
}

// New returns the site.
func New() *Site { return &Site{notify: make(chan struct{}, 1)} }

// Events returns the ev values received by /tr/ so far.
func (s *Site) Events() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.events...)
}

// Wait blocks until /tr/ has answered every event in want, or timeout.
func (s *Site) Wait(timeout time.Duration, want ...string) bool {
	deadline := time.After(timeout)
	for {
		got := s.Events()
		all := true
		for _, w := range want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			all = all && found
		}
		if all {
			return true
		}
		select {
		case <-s.notify:
		case <-deadline:
			return false
		}
	}
}

// gif is a 1×1 transparent GIF, as /tr/ answers.
var gif = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	switch {
	case host == "www.police.example" && r.URL.Path == "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, homePage)
	case host == "www.police.example" && r.URL.Path == "/report/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, reportPage)
	case host == "connect.facebook.net" && r.URL.Path == "/en_US/fbevents.js":
		w.Header().Set("Content-Type", "application/x-javascript; charset=utf-8")
		io.WriteString(w, fbevents)
	case host == "www.facebook.com" && (r.URL.Path == "/tr/" || r.URL.Path == "/tr"):
		ev := r.URL.Query().Get("ev")
		if r.Method == http.MethodPost {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			if err := r.ParseMultipartForm(1 << 20); err == nil {
				ev = r.FormValue("ev")
			}
		}
		http.SetCookie(w, &http.Cookie{Name: "fr", Value: "0mockfr.1", Domain: ".facebook.com", Path: "/",
			Secure: true, HttpOnly: true, SameSite: http.SameSiteNoneMode, MaxAge: 7776000})
		w.Header().Set("Content-Type", "image/gif")
		w.Write(gif)
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
	case host == "www.police.example" && r.URL.Path == "/favicon.ico":
		w.WriteHeader(http.StatusNoContent)
	case s.serveConsent(w, r, host):
	default:
		http.NotFound(w, r)
	}
}

const homePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Exampleshire Police (fictional)</title>
<script>
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
document,'script','https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '` + PixelID + `');
fbq('track', 'PageView');
</script></head>
<body><h1>Exampleshire Police</h1>
<p><a id="report" href="/report/">Report a crime</a></p>
<script>
window.addEventListener('load', function () {
  setTimeout(function () { location.href = '/report/'; }, 300);
});
</script>
</body></html>
`

const reportPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Report a crime | Exampleshire Police (fictional)</title>
<script>
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
document,'script','https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '` + PixelID + `');
fbq('track', 'PageView');
</script></head>
<body><h1>Report a crime</h1>
<button id="da" class="btn btn-primary" type="button">Report domestic abuse</button>
<script>
document.getElementById('da').addEventListener('click', function () {
  fbq('trackCustom', 'SubscribedButtonClick', {buttonText: 'Report domestic abuse'});
  // SHA-256 of "jane.doe@example.com"
  fbq('track', 'Lead', {}, {em: '86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d'});
});
window.addEventListener('load', function () {
  setTimeout(function () { document.getElementById('da').click(); }, 300);
});
</script>
</body></html>
`

// fbevents is a stand-in for Meta's fbevents.js: it sends what the real
// library sends, in the same wire format (PROTOCOLS.md §2–3), with none of
// its logic.
var fbevents = strings.ReplaceAll(`(function () {
  var q = window.fbq.queue || [], pixel = '', ec = 0;
  function cookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? m[1] : '';
  }
  var fbp = cookie('_fbp');
  if (!fbp) {
    fbp = 'fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 2147483647);
    document.cookie = '_fbp=' + fbp + '; path=/; max-age=7776000; SameSite=Lax';
  }
  function params(ev, cd) {
    var p = [['id', pixel], ['ev', ev], ['dl', location.href], ['rl', document.referrer],
             ['if', 'false'], ['ts', String(Date.now())]];
    for (var k in cd) p.push(['cd[' + encodeURIComponent(k) + ']', cd[k]]);
    p.push(['sw', String(screen.width)], ['sh', String(screen.height)], ['v', '2.9.156'],
           ['r', 'stable'], ['ec', String(ec++)], ['o', '4126'], ['fbp', fbp],
           ['it', String(performance.timeOrigin | 0)], ['coo', 'false']);
    return p;
  }
  function get(p) {
    p.push(['rqm', 'GET']);
    var s = p.map(function (kv) { return kv[0] + '=' + encodeURIComponent(kv[1]); }).join('&');
    new Image().src = 'https://www.facebook.com/tr/?' + s;
  }
  function beacon(p, ud) {
    for (var k in ud) p.push(['ud[' + k + ']', ud[k]]);
    p.push(['rqm', 'SB']);
    var fd = new FormData();
    p.forEach(function (kv) { fd.append(kv[0], kv[1]); });
    navigator.sendBeacon('https://www.facebook.com/tr/', fd);
  }
  function call(args) {
    switch (args[0]) {
    case 'init': pixel = args[1]; break;
    case 'track':
    case 'trackCustom':
      if (args[3]) beacon(params(args[1], args[2] || {}), args[3]);
      else get(params(args[1], args[2] || {}));
    }
  }
  q.forEach(function (a) { call(a); });
  window.fbq.callMethod = function () { call(arguments); };
})();
`, "\t", "  ")
