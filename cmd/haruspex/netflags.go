package main

import (
	"crypto/x509"
	"fmt"
	"os"

	"github.com/haruspex/haruspex/har/capture"
	flag "github.com/spf13/pflag"
)

// netFlags are the flags of the recording proxy shared by capture and
// visit: the CA it signs with (--ca-dir), and those that point it at a
// mock site or a closed network (--resolve, --offline and --upstream-ca).
type netFlags struct {
	caDir      string
	resolve    []string
	offline    bool
	upstreamCA string
}

func (n *netFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&n.caDir, "ca-dir", "", "directory of the proxy's CA (default: the per-user config directory, e.g. ~/.config/haruspex/ca)")
	dirFlag(fs, "ca-dir")
	fs.StringArrayVar(&n.resolve, "resolve", nil, "HOST:PORT:ADDR:PORT: connect to ADDR:PORT for HOST:PORT (repeatable), as curl's --resolve")
	fs.BoolVar(&n.offline, "offline", false, "connect only to the hosts given with --resolve")
	fs.StringVar(&n.upstreamCA, "upstream-ca", "", "PEM file of the CAs trusted for the websites' certificates, instead of the system's")
	fileFlag(fs, "upstream-ca")
}

// load reads the flags: the hosts to resolve (nil for none) and the CAs
// to trust (nil for the system's). The error is a usage error, worded for
// the user.
func (n *netFlags) load() (resolve map[string]string, roots *x509.CertPool, err error) {
	for _, r := range n.resolve {
		from, to, err := parseResolve(r)
		if err != nil {
			return nil, nil, fmt.Errorf("--resolve %q: %v", r, err)
		}
		if resolve == nil {
			resolve = map[string]string{}
		}
		resolve[from] = to
	}
	if n.offline && len(resolve) == 0 {
		return nil, nil, fmt.Errorf("--offline needs at least one --resolve")
	}
	if n.upstreamCA != "" {
		pem, err := os.ReadFile(n.upstreamCA)
		if err != nil {
			return nil, nil, fmt.Errorf("--upstream-ca: %v", err)
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, nil, fmt.Errorf("--upstream-ca %s: no PEM certificate in it", n.upstreamCA)
		}
	}
	return resolve, roots, nil
}

// loadCA loads the proxy's CA from --ca-dir, or else the per-user
// directory, and creates it there the first time. The error is a usage
// error, worded for the user.
func (n *netFlags) loadCA() (*capture.CA, error) {
	dir := n.caDir
	if dir == "" {
		d, err := capture.DefaultCADir()
		if err != nil {
			return nil, fmt.Errorf("%w (use --ca-dir)", err)
		}
		dir = d
	}
	return capture.LoadOrCreateCA(dir)
}
