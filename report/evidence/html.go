package evidence

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"

	"github.com/haruspex/haruspex/report/render"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate renders report.html. html/template escapes every value
// for its context, so a captured string (a URL holding <script>, a
// button text with an onerror attribute) shows as text and never becomes
// markup. Captured URLs are never made into links. A Content Security
// Policy forbids scripts and every external load, should anything slip.
var htmlTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"visible": render.Terminal, // control and bidi characters as visible escapes
	"u":       unbroken,        // a time, number, ID or name: never broken
	"w":       wrapped,         // a value, URL or sentence: broken only after separators
	"t":       timeHTML,        // a time: broken only before its "T"
	"inc":     func(i int) int { return i + 1 },
	"minus":   func(a, b int) int { return a - b },
	"size":    func(n int64) string { return strconv.FormatInt(n, 10) + " bytes" },
}).Parse(htmlSource))

func writeHTML(w io.Writer, c *caseView) error {
	return htmlTemplate.Execute(w, c)
}
