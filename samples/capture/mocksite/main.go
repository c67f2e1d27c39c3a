// Command mocksite serves the fictional police site of internal/mocksite
// over HTTPS on one local address, for samples/capture/make.sh: it writes
// the CA of its certificate to --ca, prints "listening ADDR", then
// "event EV" for each pixel event its /tr/ endpoint answers.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"

	"github.com/haruspex/haruspex/internal/mocksite"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	caFile := flag.String("ca", "mock-ca.pem", "file to write the site's CA certificate to")
	flag.Parse()
	if err := serve(*addr, *caFile); err != nil {
		fmt.Fprintln(os.Stderr, "mocksite:", err)
		os.Exit(1)
	}
}

func serve(addr, caFile string) error {
	pki, err := mocksite.NewPKI()
	if err != nil {
		return err
	}
	if err := os.WriteFile(caFile, pki.CAPEM, 0o644); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	site := mocksite.New()
	site.OnEvent = func(ev string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf("event %s\n", ev)
	}
	fmt.Printf("listening %s\n", ln.Addr())
	srv := &http.Server{Handler: site, TLSConfig: &tls.Config{Certificates: []tls.Certificate{pki.Cert}}}
	return srv.ServeTLS(ln, "", "")
}
