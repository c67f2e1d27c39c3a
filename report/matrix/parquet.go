package matrix

import (
	"io"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// CreatedBy is what a Parquet file written by [WriteParquet] says wrote
// it (its footer's created_by). It is fixed, never the build's version,
// so that the same rows give the same bytes from any build.
const CreatedBy = "haruspex matrix"

// parquetRowGroup is how many rows go in one row group: a fixed number,
// so that the layout does not depend on the writer's buffers.
const parquetRowGroup = 64 << 10

// WriteParquet writes rows as one Parquet file, the long form's schema
// ([Row]: one column per field, in order; counts are INT64, sensitive a
// LIST of strings, every other column a dictionary-encoded STRING),
// Snappy-compressed. The same rows always give the same bytes: no time,
// host or version is written. DuckDB, Spark, BigQuery and pandas read it
// as it is.
func WriteParquet(w io.Writer, rows []Row) error {
	pw := parquet.NewGenericWriter[Row](w,
		&parquet.WriterConfig{CreatedBy: CreatedBy},
		parquet.Compression(&snappy.Codec{}),
		parquet.MaxRowsPerRowGroup(parquetRowGroup),
	)
	for len(rows) > 0 {
		n := min(len(rows), parquetRowGroup)
		if _, err := pw.Write(rows[:n]); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return pw.Close()
}
