// Command hargen writes a large, realistic, deterministic HAR file for
// benchmarks (see bench/run.sh):
//
//	hargen --size 1GiB --seed 1 > big.har              about 6 % tracker hits
//	hargen --size 1GiB --density 25 > dense.har        25 % tracker hits
//	hargen --shape repeat --entries 200000 > tr.har    200,000 identical /tr hits
//	hargen --shape huge-body --value 1GiB --gzip > bomb.har.gz
//	hargen --shape huge-url --value 64MiB > url.har    a /tr URL with a 64 MiB cd[x]
package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/haruspex/haruspex/internal/hargen"
	flag "github.com/spf13/pflag"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hargen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "100MiB", "approximate output size (B, KiB, MiB, GiB suffixes)")
	seed := fs.Uint64("seed", 1, "random seed; the same size and seed give the same bytes")
	density := fs.Int("density", 0, "percentage of entries that are tracker hits (Meta, GA4, Google Ads, TikTok, LinkedIn, Bing), 1-100; 0 is the default mix (about 6 %)")
	shape := fs.String("shape", "chrome", "chrome (a browsing session), repeat (--entries identical /tr hits), huge-body (a response body of --value bytes), huge-url (a /tr URL with a cd[x] of --value bytes)")
	entries := fs.Int("entries", 200000, "entries of --shape repeat")
	value := fs.String("value", "1GiB", "the huge value's size, for --shape huge-body and huge-url")
	gz := fs.Bool("gzip", false, "gzip the output (best compression)")
	if err := fs.Parse(args); err != nil {
		return 1
	}
	n, err := parseSize(*size)
	if err != nil {
		fmt.Fprintf(stderr, "hargen: --size: %v\n", err)
		return 1
	}
	v, err := parseSize(*value)
	if err != nil {
		fmt.Fprintf(stderr, "hargen: --value: %v\n", err)
		return 1
	}
	out := stdout
	var zw *gzip.Writer
	if *gz {
		zw, _ = gzip.NewWriterLevel(stdout, gzip.BestCompression)
		out = zw
	}
	var st hargen.Stats
	switch *shape {
	case "chrome":
		st, err = hargen.Generate(out, hargen.Options{Size: n, Seed: *seed, Density: *density}) // buffered inside
	case "repeat":
		st, err = hargen.WriteRepeated(out, *entries)
	case "huge-body":
		st, err = hargen.WriteHugeBody(out, v)
	case "huge-url":
		st, err = hargen.WriteHugeURL(out, v)
	default:
		fmt.Fprintf(stderr, "hargen: --shape %q: want chrome, repeat, huge-body or huge-url\n", *shape)
		return 1
	}
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "hargen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "hargen: %d bytes, %d entries, %d tracker hits (%d Meta Pixel, %d GA4)\n", st.Bytes, st.Entries, st.Trackers, st.Meta, st.GA4)
	return 0
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size", s)
	}
	return int64(n * float64(mult)), nil
}
