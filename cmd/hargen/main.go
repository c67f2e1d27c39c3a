// Command hargen writes a large, realistic, deterministic HAR file for
// benchmarks (see bench/run.sh):
//
//	hargen -size 1GiB -seed 1 > big.har
package main

import (
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
	if err := fs.Parse(args); err != nil {
		return 1
	}
	n, err := parseSize(*size)
	if err != nil {
		fmt.Fprintf(stderr, "hargen: --size: %v\n", err)
		return 1
	}
	st, err := hargen.Write(stdout, n, *seed) // buffered inside
	if err != nil {
		fmt.Fprintf(stderr, "hargen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "hargen: %d bytes, %d entries, %d Meta Pixel hits, %d GA4 hits\n", st.Bytes, st.Entries, st.Meta, st.GA4)
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
