package jsonscan_test

import (
	"fmt"
	"strings"

	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// A walk over an object whose "body" is cut out and whose "id" is
// located, as har walks an entry.
func ExampleScanner_Walk() {
	schema := &jsonscan.Schema{Root: 2, Members: [][]jsonscan.Member{
		2: {{Name: "body", Do: jsonscan.CutString}, {Name: "id", Do: jsonscan.Locate, Span: 0}},
	}}
	s := jsonscan.NewScanner(strings.NewReader(`{"id": 7, "body": "long text"} {"next": 1}`))
	w := &jsonscan.Walk{Schema: schema, Check: true, Spans: make([]jsonscan.Span, 1)}
	v, err := s.Walk(w)
	fmt.Printf("%s %v valid=%v\n", v, err, w.Valid)
	c, id := w.Cuts[0], w.Spans[0]
	fmt.Printf("cut %s, id %s\n", v[c.Start:c.End], v[id.Start:id.End])
	// Output:
	// {"id": 7, "body": "long text"} <nil> valid=true
	// cut "long text", id 7
}

func ExampleStringEnd() {
	v := []byte(`"a\"b", "c"`)
	end, ok := jsonscan.StringEnd(v, 0, 1)
	fmt.Println(end, ok, string(v[:end]))
	fmt.Println(jsonscan.Space(v, end+1))
	// Output:
	// 6 true "a\"b"
	// 8
}
