package capture_test

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"

	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/capture"
)

// Recording an HTTPS request through the proxy and reading the HAR back.
// The "website" is a local test server standing in for example.com.
func Example() {
	site := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		io.WriteString(w, "GIF89a")
	}))
	defer site.Close()
	siteRoots := x509.NewCertPool()
	siteRoots.AddCert(site.Certificate())

	dir, _ := os.MkdirTemp("", "capture-example")
	defer os.RemoveAll(dir)
	ca, err := capture.LoadOrCreateCA(filepath.Join(dir, "ca"))
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := capture.Start(capture.Options{
		Out:           filepath.Join(dir, "visit.har"),
		Listen:        "127.0.0.1:0",
		CA:            ca,
		Version:       "example",
		UpstreamRoots: siteRoots,
		Resolve:       map[string]string{"example.com:443": site.Listener.Addr().String()},
		ResolvedOnly:  true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The browser: trusts the proxy's CA, sends everything through it.
	browserRoots := x509.NewCertPool()
	browserRoots.AddCert(ca.Cert)
	browser := &http.Client{Transport: &http.Transport{
		Proxy:           http.ProxyURL(&url.URL{Scheme: "http", Host: s.Addr().String()}),
		TLSClientConfig: &tls.Config{RootCAs: browserRoots},
	}}
	res, err := browser.Get("https://example.com/tr/?id=1&ev=PageView")
	if err != nil {
		fmt.Println(err)
		return
	}
	res.Body.Close()

	stats, err := s.Close()
	fmt.Printf("%+v %v\n", stats, err)

	f, _ := os.Open(filepath.Join(dir, "visit.har"))
	defer f.Close()
	r := har.NewReader(f)
	entries, err := r.ReadAll()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Log().Creator.Name)
	for _, e := range entries {
		fmt.Println(e.Request.Method, e.Request.URL, e.Response.Status, e.Request.QueryString, e.Timings.Wait)
	}
	// Output:
	// {Entries:1 Incomplete:0 Tunnels:1 TLSErrors:0} <nil>
	// haruspex capture
	// GET https://example.com/tr/?id=1&ev=PageView 200 [{id 1 } {ev PageView }] -1
}
