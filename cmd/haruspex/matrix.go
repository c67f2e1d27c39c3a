package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/haruspex/haruspex/report"
	"github.com/haruspex/haruspex/report/matrix"
	"github.com/haruspex/haruspex/report/render"
	flag "github.com/spf13/pflag"
)

func runMatrix(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("matrix", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var r ruleFlags
	format := fs.StringP("format", "f", "table", "output format: "+strings.Join(render.MatrixFormats(), ", "))
	closedSet(fs, "format", render.MatrixFormats())
	output := fs.StringP("output", "o", "", "write to this file instead of standard output")
	baseline := fs.Bool("baseline", false, "compare: the paths before -- are the baseline (before), those after it the current captures (after); or give two directories")
	workers := fs.Int("workers", 0, "captures read at once (0: one per core); the output is the same for any number")
	all := fs.Bool("all", false, "also count third-party requests that no decoder claims (vendor \"other\")")
	parties := fs.StringSlice("party", nil, "only these third parties: domains or companies (comma-separated or repeated)")
	types := fs.StringSlice("type", nil, "only these data types, by name (comma-separated or repeated; _ for a space), e.g. page_URL,button_text,account_identifier")
	quiet := fs.BoolP("quiet", "q", false, "no progress display (it is shown only when stderr is a terminal)")
	r.register(fs)
	fs.Usage = func() {
		fmt.Fprint(e.stderr, `Usage: haruspex matrix [flags] PATH...
       haruspex matrix --baseline [flags] OLD... -- NEW...

What each site sent to each third party, across many captures: one row per
site (the first party of each capture; several captures of one site are one
site) and third party (domain and company), with the data types it received,
event counts, sensitive categories, visitors, delivery states, and the
captures it came from with their SHA-256s.

PATH is a .har or .har.gz file, a directory (walked for *.har and *.har.gz),
or - for a list of paths on standard input, one per line. Captures are read
in parallel, each on its own; a capture that cannot be read is listed with
its error (exit code 3) and never stops the others.

Formats: table and markdown show sites down, third parties across and a
code per data type (explained below the table); csv, ndjson and parquet are
the long form, one row per site, party, data type and capture (columns:
`+strings.Join(render.MatrixHeader, ", ")+`);
html is a self-contained heat map.

--baseline compares: each site, party and data type is added, removed or
unchanged (the change column; + and - in the tables).

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(e.stderr, `
Examples:
  haruspex matrix captures/
  haruspex matrix --party Meta --format markdown captures/ > table.md
  haruspex matrix --format parquet -o matrix.parquet captures/
  find . -name '*.har' | haruspex matrix --format csv - > matrix.csv
  haruspex matrix --baseline before/ -- after/

`+exitCodesHelp)
	}
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	f, err := render.ParseMatrixFormat(*format)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex matrix: --format: %v\n", err)
		return exitUsage
	}
	rs, ok := r.load(e, "matrix")
	if !ok {
		return exitUsage
	}
	if !haveInputs(e, fs) {
		return exitUsage
	}
	var sides [][]string
	paths := fs.Args()
	switch dash := fs.ArgsLenAtDash(); {
	case !*baseline && dash >= 0:
		fmt.Fprintln(e.stderr, "haruspex matrix: -- separates the baseline from the current captures: use it with --baseline")
		return exitUsage
	case !*baseline:
		sides = [][]string{paths}
	case dash >= 0:
		sides = [][]string{paths[:dash], paths[dash:]}
	case len(paths) == 2:
		sides = [][]string{paths[:1], paths[1:]}
	default:
		fmt.Fprintln(e.stderr, "haruspex matrix: --baseline needs OLD... -- NEW..., or two directories")
		return exitUsage
	}
	var inputs [][]matrix.Input
	for _, ps := range sides {
		if len(ps) == 0 {
			fmt.Fprintln(e.stderr, "haruspex matrix: --baseline: a side has no captures")
			return exitUsage
		}
		in, err := matrixInputs(e, ps)
		if err != nil {
			fmt.Fprintf(e.stderr, "haruspex matrix: reading the list of paths: %v\n", err)
			return exitUsage
		}
		if len(in) == 0 {
			fmt.Fprintf(e.stderr, "haruspex matrix: no .har or .har.gz file in %s\n", render.Terminal(strings.Join(ps, " ")))
			return exitNoInput
		}
		inputs = append(inputs, in)
	}

	opt := matrix.Options{Workers: *workers, Analysis: report.Options{Generic: *all}}
	rs.apply(&opt.Analysis)
	sel, err := matrix.NewSelection(*parties, *types)
	if err != nil {
		fmt.Fprintf(e.stderr, "haruspex matrix: --type: %v\n", err)
		return exitUsage
	}
	total := 0
	var bytes int64
	for _, in := range inputs {
		total += len(in)
		for _, i := range in {
			bytes += max(i.Size, 0)
		}
	}
	prog := newBatchProgress(e, *quiet, total, bytes)
	opt.Analysis.Progress = func(_ string, r io.Reader) io.Reader { return prog.reader(r) }
	opt.Done = func(*matrix.Capture) { prog.fileDone() }

	out := e.stdout
	if *output != "" {
		of, err := os.Create(*output)
		if err != nil {
			return writeFailed(e, "matrix", err)
		}
		defer of.Close()
		out = of
	}
	bw := bufio.NewWriterSize(out, 64<<10)
	var st batchStatus
	var writeErr error
	if len(inputs) == 1 {
		// One side: streamed, capture by capture, in name order.
		var rw *render.MatrixRowWriter
		tally := matrix.NewTally()
		if f.LongForm() {
			rw, _ = render.NewMatrixRowWriter(bw, f)
		}
		err = matrix.Stream(ctx, inputs[0], opt, func(c *matrix.Capture, rows []matrix.Row) error {
			st.add(c)
			rows = sel.Rows(c, rows)
			if rw == nil {
				tally.Add(c, rows)
				return nil
			}
			writeErr = rw.Write(rows...)
			return writeErr
		})
		prog.finish()
		switch {
		case writeErr != nil:
		case err != nil:
			fmt.Fprintf(e.stderr, "haruspex matrix: %v\n", err)
			return exitNoInput
		case rw != nil:
			writeErr = rw.Close()
		default:
			writeErr = render.MatrixGrid(bw, f, tally.Grid())
		}
	} else {
		// A comparison holds both sides' rows.
		var ms []*matrix.Matrix
		for _, in := range inputs {
			m, err := matrix.Build(ctx, in, opt)
			if err != nil {
				prog.finish()
				fmt.Fprintf(e.stderr, "haruspex matrix: %v\n", err)
				return exitNoInput
			}
			ms = append(ms, m)
		}
		prog.finish()
		m := matrix.Diff(ms[0], ms[1])
		for _, c := range m.Captures {
			st.add(c)
		}
		m, _ = m.Select(*parties, *types)
		writeErr = render.Matrix(bw, f, m)
	}
	for _, msg := range st.errors {
		fmt.Fprintf(e.stderr, "haruspex matrix: %s\n", render.Terminal(msg))
	}
	if writeErr == nil {
		writeErr = bw.Flush()
	}
	if of, ok := out.(*os.File); ok && *output != "" && writeErr == nil {
		writeErr = of.Close()
	}
	if writeErr != nil {
		return writeFailed(e, "matrix", writeErr)
	}
	return st.code()
}

// batchStatus follows the captures of a batch for the exit code: 2 when
// none could be read, 3 when any stopped early or could not be read.
type batchStatus struct {
	usable int
	errors []string
}

func (s *batchStatus) add(c *matrix.Capture) {
	if c.Usable() {
		s.usable++
	}
	if c.Err() != nil {
		s.errors = append(s.errors, c.Error)
	}
}

func (s *batchStatus) code() int {
	switch {
	case s.usable == 0:
		return exitNoInput
	case len(s.errors) > 0:
		return exitPartial
	}
	return exitOK
}

// matrixInputs lists the captures the paths name: files, directories
// walked ([matrix.Files]), and for "-" the paths standard input lists,
// one per line.
func matrixInputs(e *env, paths []string) ([]matrix.Input, error) {
	var list []string
	for _, p := range paths {
		if p != "-" {
			list = append(list, p)
			continue
		}
		sc := bufio.NewScanner(e.stdin)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			if l := strings.TrimRight(sc.Text(), "\r"); strings.TrimSpace(l) != "" {
				list = append(list, l)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return matrix.Files(list...), nil
}
