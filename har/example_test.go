package har_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/haruspex/haruspex/har"
)

func ExampleReader() {
	const capture = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},
	"entries":[
	  {"startedDateTime":"2023-06-14T10:12:00.123+01:00","request":{"method":"GET","url":"https://www.police.example/report/"}},
	  {"startedDateTime":"2023-06-14T09:12:01.456Z","request":{"method":"GET","url":"https://www.facebook.com/tr/?id=1&ev=PageView","cookies":{"name":"c_user","value":"100"}}}
	]}}`
	r := har.NewReader(strings.NewReader(capture))
	r.Name = "visit.har"
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(e.Index, e.StartedDateTime.T.Format("15:04:05.000Z07:00"), e.Request.URL)
		for _, w := range e.Warnings {
			fmt.Println("  warning:", w)
		}
	}
	fmt.Println(r.Log().Creator.String())
	// Output:
	// 0 09:12:00.123Z https://www.police.example/report/
	// 1 09:12:01.456Z https://www.facebook.com/tr/?id=1&ev=PageView
	//   warning: entry 1 (byte 356): request.cookies: expected an array, got an object; read as a one-element array
	// WebInspector 537.36
}

func ExampleParseError() {
	truncated := `{"log":{"entries":[{"request":{"url":"https://a.example/"}},{"request":{"url":"https://b.exa`
	r := har.NewReader(strings.NewReader(truncated))
	r.Name = "cut.har"
	for {
		e, err := r.Next()
		var pe *har.ParseError
		if errors.As(err, &pe) {
			fmt.Println("stopped:", err)
			fmt.Println("entry", pe.Entry, "offset", pe.Offset)
			break
		}
		fmt.Println("read", e.Request.URL)
	}
	// Output:
	// read https://a.example/
	// stopped: cut.har: entry 1 (byte 92): unexpected end of input (truncated file?)
	// entry 1 offset 92
}
