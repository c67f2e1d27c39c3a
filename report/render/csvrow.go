package render

import "encoding/csv"

// writeCSVRow writes one CSV record, every field first neutralised for
// spreadsheets ([Spreadsheet]): the one way a CSV row of captured text is
// written. It changes row in place.
func writeCSVRow(cw *csv.Writer, row []string) error {
	for i := range row {
		row[i] = Spreadsheet(row[i])
	}
	return cw.Write(row)
}
