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

// parquetRowGroup is how many rows go in one row group, and
// parquetBatch how many the writer is handed at a time: fixed numbers,
// so that the layout (pages are cut after each batch) depends on the
// rows alone, never on how the caller hands them over.
const (
	parquetRowGroup = 64 << 10
	parquetBatch    = 4 << 10
)

// ParquetWriter writes rows as one Parquet file, as they come: the long
// form's schema ([Row]: one column per field, in order; counts are
// INT64, sensitive a LIST of strings, every other column a
// dictionary-encoded STRING), Snappy-compressed. The same rows give the
// same bytes, however they are handed over: no time, host or version is
// written. DuckDB, Spark, BigQuery and pandas read it as it is. Memory
// holds one row group's columns.
type ParquetWriter struct {
	pw  *parquet.GenericWriter[Row]
	buf []Row
}

// NewParquetWriter starts a Parquet file on w.
func NewParquetWriter(w io.Writer) *ParquetWriter {
	return &ParquetWriter{pw: parquet.NewGenericWriter[Row](w,
		&parquet.WriterConfig{CreatedBy: CreatedBy},
		parquet.Compression(&snappy.Codec{}),
		parquet.MaxRowsPerRowGroup(parquetRowGroup),
	)}
}

// Write adds rows to the file.
func (p *ParquetWriter) Write(rows ...Row) error {
	for len(rows) > 0 {
		n := min(len(rows), parquetBatch-len(p.buf))
		p.buf = append(p.buf, rows[:n]...)
		rows = rows[n:]
		if len(p.buf) == parquetBatch {
			if err := p.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (p *ParquetWriter) flush() error {
	_, err := p.pw.Write(p.buf)
	clear(p.buf)
	p.buf = p.buf[:0]
	return err
}

// Close writes the last rows and the file's footer. It does not close
// the underlying writer.
func (p *ParquetWriter) Close() error {
	if len(p.buf) > 0 {
		if err := p.flush(); err != nil {
			return err
		}
	}
	return p.pw.Close()
}

// WriteParquet writes rows as one Parquet file ([ParquetWriter]).
func WriteParquet(w io.Writer, rows []Row) error {
	p := NewParquetWriter(w)
	if err := p.Write(rows...); err != nil {
		return err
	}
	return p.Close()
}
