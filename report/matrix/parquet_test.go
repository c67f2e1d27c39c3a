package matrix_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/parquet-go/parquet-go"

	"github.com/haruspex/haruspex/report/matrix"
	"github.com/haruspex/haruspex/report/render"
)

// studyMatrix is what the Parquet tests write: the baseline comparison
// of the synthetic study (every column set, side and change among them)
// and, when present, the corpus.
func studyMatrix(t *testing.T) *matrix.Matrix {
	t.Helper()
	d := matrix.Diff(build(t, matrix.Files("testdata/synthetic/before"), 0), build(t, matrix.Files("testdata/synthetic/after"), 0))
	if _, err := os.Stat(corpus); err == nil {
		c := build(t, corpusInputs(t), 0)
		d.Rows = append(d.Rows, c.Rows...)
	}
	return d
}

func writeParquet(t *testing.T, rows []matrix.Row) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := matrix.WriteParquet(&b, rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestParquetRoundTrip: parquet-go's own reader gives back the rows
// written, and the file names haruspex, not a build, as its writer; the
// same rows always give the same bytes.
func TestParquetRoundTrip(t *testing.T) {
	m := studyMatrix(t)
	raw := writeParquet(t, m.Rows)
	if again := writeParquet(t, m.Rows); !bytes.Equal(raw, again) {
		t.Error("two writes of the same rows differ")
	}
	got, err := parquet.Read[matrix.Row](bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.Rows, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("rows read back mismatch (-want +got):\n%s", diff)
	}
	f, err := parquet.OpenFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if cb := f.Metadata().CreatedBy; cb != matrix.CreatedBy {
		t.Errorf("created_by = %q, want %q", cb, matrix.CreatedBy)
	}
	var cols []string
	for _, c := range f.Schema().Fields() {
		cols = append(cols, c.Name())
	}
	if diff := cmp.Diff(render.MatrixHeader, cols); diff != "" {
		t.Errorf("Parquet columns mismatch the CSV header (-want +got):\n%s", diff)
	}
	// An empty matrix is a valid, empty file.
	empty := writeParquet(t, nil)
	rows, err := parquet.Read[matrix.Row](bytes.NewReader(empty), int64(len(empty)))
	if err != nil || len(rows) != 0 {
		t.Errorf("empty file: %d rows, %v", len(rows), err)
	}
}

// duckDBVersion is the npm package the DuckDB tests read Parquet with
// (.ci/deps installs it).
const duckDBVersion = "@duckdb/node-api@1.5.6-r.1"

// duckDB returns the node_modules directory holding @duckdb/node-api:
// $HARUSPEX_DUCKDB_NODE, else the user's cache directory, installed there
// with npm when missing. Without node or npm the test is skipped, except
// under CI=true, where it fails.
func duckDB(t *testing.T) string {
	t.Helper()
	unavailable := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf(format+" (.ci/deps installs it)", args...)
		}
		t.Skipf(format, args...)
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			unavailable("DuckDB test: %s is not installed", tool)
		}
	}
	dir := os.Getenv("HARUSPEX_DUCKDB_NODE")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			unavailable("DuckDB test: no cache directory: %v", err)
		}
		dir = filepath.Join(cache, "haruspex", "duckdb-node")
	}
	mods := filepath.Join(dir, "node_modules")
	if _, err := os.Stat(filepath.Join(mods, "@duckdb", "node-api", "package.json")); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			unavailable("DuckDB test: %v", err)
		}
		out, err := exec.Command("npm", "install", "--no-audit", "--no-fund", "--prefix", dir, duckDBVersion).CombinedOutput()
		if err != nil {
			unavailable("DuckDB test: npm install %s: %v\n%s", duckDBVersion, err, out)
		}
	}
	return mods
}

// duckDBScript runs each SQL statement given and prints its rows as one
// JSON array per line.
const duckDBScript = `const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  for (const q of process.argv.slice(2)) {
    const r = await conn.runAndReadAll(q);
    console.log(JSON.stringify(r.getRowObjectsJson()));
  }
})().catch(e => { console.error(e); process.exit(1); });
`

// queryDuckDB runs the queries in DuckDB and returns each one's rows.
func queryDuckDB(t *testing.T, mods string, queries ...string) [][]map[string]any {
	t.Helper()
	script := filepath.Join(t.TempDir(), "query.js")
	if err := os.WriteFile(script, []byte(duckDBScript), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", append([]string{script}, queries...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+mods)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var res [][]map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var rows []map[string]any
		if err := json.Unmarshal([]byte(line), &rows); err != nil {
			t.Fatalf("DuckDB output %q: %v", line, err)
		}
		res = append(res, rows)
	}
	return res
}

// TestParquetDuckDB: DuckDB, an independent reader, reads the Parquet
// file: the same rows, value for value, as the CSV, and a GROUP BY over
// each gives the same answer.
func TestParquetDuckDB(t *testing.T) {
	mods := duckDB(t)
	m := studyMatrix(t)
	dir := t.TempDir()
	pq, cs := filepath.Join(dir, "matrix.parquet"), filepath.Join(dir, "matrix.csv")
	if err := os.WriteFile(pq, writeParquet(t, m.Rows), 0o644); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.Matrix(&b, render.MatrixCSV, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cs, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}

	parquetSrc := "read_parquet('" + pq + "')"
	csvSrc := "read_csv('" + cs + `', header = true, nullstr = '\N')`
	group := "SELECT site, party, company, data_type, sum(events) AS events, sum(failed) AS failed, count(DISTINCT sha256) AS captures FROM %s WHERE party <> '' GROUP BY ALL ORDER BY ALL"
	res := queryDuckDB(t, mods,
		"SELECT * FROM "+parquetSrc,
		strings.Replace(group, "%s", parquetSrc, 1),
		strings.Replace(group, "%s", csvSrc, 1),
		"SELECT created_by FROM parquet_file_metadata('"+pq+"')",
	)

	// Row for row, value for value, the CSV's records (as written, before
	// any formula neutralising: the study has no such value).
	if len(res[0]) != len(records)-1 {
		t.Fatalf("DuckDB reads %d rows from the Parquet file, the CSV has %d", len(res[0]), len(records)-1)
	}
	for i, row := range res[0] {
		var got []string
		for _, col := range render.MatrixHeader {
			switch v := row[col].(type) {
			case string:
				got = append(got, v)
			case []any:
				var parts []string
				for _, p := range v {
					parts = append(parts, p.(string))
				}
				got = append(got, strings.Join(parts, "; "))
			default:
				t.Fatalf("row %d column %s: unexpected %T %v", i, col, v, v)
			}
		}
		if diff := cmp.Diff(records[i+1], got); diff != "" {
			t.Fatalf("row %d: Parquet (DuckDB) mismatch with the CSV (-csv +parquet):\n%s", i, diff)
		}
	}
	if len(res[1]) == 0 {
		t.Fatal("the GROUP BY over the Parquet file returned nothing")
	}
	if diff := cmp.Diff(res[2], res[1]); diff != "" {
		t.Errorf("GROUP BY: Parquet mismatch with the CSV (-csv +parquet):\n%s", diff)
	}
	// And the same as summing the rows here.
	var total int64
	for _, r := range m.Rows {
		total += r.Events
	}
	var sum int64
	for _, r := range res[1] {
		n, err := strconv.ParseInt(r["events"].(string), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		sum += n
	}
	if sum != total {
		t.Errorf("DuckDB's events sum to %d, the rows to %d", sum, total)
	}
	if cb := res[3][0]["created_by"]; cb != matrix.CreatedBy {
		t.Errorf("DuckDB reads created_by %v, want %q", cb, matrix.CreatedBy)
	}
}
