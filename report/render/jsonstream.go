package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"iter"
	"strings"

	"github.com/haruspex/haruspex/decode"
)

// jsonStream writes an indented JSON document piece by piece, laid out
// exactly as encoding/json's Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false) would lay out the whole, but without holding the
// whole document in memory: long arrays of events are written an element
// at a time.
type jsonStream struct {
	w    *bufio.Writer
	buf  bytes.Buffer
	err  error
	jobs *jobPool // for every array of events the stream writes
}

func newJSONStream(w io.Writer) *jsonStream {
	return &jsonStream{w: newBuffered(w), jobs: newJobPool()}
}

func indent(depth int) string { return strings.Repeat("  ", depth) }

// raw writes s as it is.
func (s *jsonStream) raw(str string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(str)
	}
}

// member writes `"name": ` at depth, preceded by a comma unless first.
func (s *jsonStream) member(name string, depth int, first bool) {
	if !first {
		s.raw(",")
	}
	s.raw("\n" + indent(depth))
	b, _ := json.Marshal(name)
	s.raw(string(b) + ": ")
}

// value writes v, indented as if it stood at depth.
func (s *jsonStream) value(v any, depth int) {
	if s.err != nil {
		return
	}
	s.buf.Reset()
	enc := json.NewEncoder(&s.buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indent(depth), "  ")
	if s.err = enc.Encode(v); s.err != nil {
		return
	}
	s.buf.Truncate(s.buf.Len() - 1) // Encode's newline
	_, s.err = s.w.Write(s.buf.Bytes())
}

// item writes one element of an array standing at depth-1, b already
// indented at depth (as MarshalJSONIndent(indent(depth), "  ") gives).
func (s *jsonStream) item(b []byte, depth int, first bool) {
	if s.err != nil {
		return
	}
	if !first {
		s.raw(",")
	}
	s.raw("\n" + indent(depth))
	_, s.err = s.w.Write(b)
}

// close ends an array or object opened at depth, which had n elements.
func (s *jsonStream) close(bracket string, depth, n int) {
	if n > 0 {
		s.raw("\n" + indent(depth))
	}
	s.raw(bracket)
}

func (s *jsonStream) flush() error {
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

// events writes a JSON array of the events seq yields, one at a time,
// the array standing at depth; the first error seq yields is returned.
func (s *jsonStream) events(seq iter.Seq2[*decode.Event, error], depth int) error {
	s.raw("[")
	n := 0
	for b, err := range encoded(seq, indentedJSON(depth), s.jobs) {
		if err != nil {
			return err
		}
		s.item(b, depth+1, n == 0)
		n++
	}
	s.close("]", depth, n)
	return nil
}
