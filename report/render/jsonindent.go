package render

import (
	"bufio"
	"io"
	"iter"
	"strings"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/report"
)

// indenter re-indents compact JSON as it is written through it, exactly
// as json.Indent(dst, src, "", "  ") lays out the whole (and so as an
// Encoder with SetIndent("", "  ") does): a document written piece by
// piece comes out as if it had been encoded at once, without being held
// whole.
type indenter struct {
	w          *bufio.Writer
	depth      int
	needIndent bool
	inString   bool
	escaped    bool
}

func (in *indenter) newline() {
	in.w.WriteByte('\n')
	for range in.depth {
		in.w.WriteString("  ")
	}
}

func (in *indenter) Write(b []byte) (int, error) {
	for _, c := range b {
		if in.inString {
			in.w.WriteByte(c)
			switch {
			case in.escaped:
				in.escaped = false
			case c == '\\':
				in.escaped = true
			case c == '"':
				in.inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if in.needIndent && c != '}' && c != ']' {
			in.needIndent = false
			in.depth++
			in.newline()
		}
		switch c {
		case '"':
			in.inString = true
			in.w.WriteByte(c)
		case '{', '[':
			in.needIndent = true
			in.w.WriteByte(c)
		case ',':
			in.w.WriteByte(c)
			in.newline()
		case ':':
			in.w.WriteString(": ")
		case '}', ']':
			if in.needIndent {
				in.needIndent = false
			} else {
				in.depth--
				in.newline()
			}
			in.w.WriteByte(c)
		default:
			in.w.WriteByte(c)
		}
	}
	return len(b), nil
}

// writePartyJSON writes a party as compact JSON, as json.Marshal (HTML
// left unescaped) would with every disclosure's Sources set, reading the
// sources as it goes ([report.Disclosure.SourceSeq]).
func writePartyJSON(w io.Writer, p *report.Party) error {
	cp := *p
	cp.WithoutConsent, cp.Received = nil, nil
	b, err := marshalNoEscape(&cp)
	if err != nil {
		return err
	}
	const tail = `"sent_without_consent":null,"received":null}`
	if !strings.HasSuffix(string(b), tail) {
		panic("render: a party's JSON does not end with its sent_without_consent and received members")
	}
	w.Write(b[:len(b)-len(tail)])
	io.WriteString(w, `"sent_without_consent":`)
	if err := writeSeqJSON(w, p.WithoutConsentSeq(), "[]"); err != nil {
		return err
	}
	io.WriteString(w, `,"received":`)
	if len(p.Received) == 0 {
		_, err := io.WriteString(w, "null}")
		return err
	}
	io.WriteString(w, "[")
	for i := range p.Received {
		d := &p.Received[i]
		if i > 0 {
			io.WriteString(w, ",")
		}
		dc := *d
		dc.Sources, dc.Events = nil, nil
		db, err := marshalNoEscape(&dc)
		if err != nil {
			return err
		}
		const tail = `"sources":null,"events":null}`
		if !strings.HasSuffix(string(db), tail) {
			panic("render: a disclosure's JSON does not end with its sources and events members")
		}
		w.Write(db[:len(db)-len(tail)])
		io.WriteString(w, `"sources":`)
		if err := writeSeqJSON(w, d.SourceSeq(), "null"); err != nil {
			return err
		}
		io.WriteString(w, `,"events":`)
		if err := writeSeqJSON(w, d.EventSeq(), "null"); err != nil {
			return err
		}
		io.WriteString(w, "}")
	}
	_, err = io.WriteString(w, "]}")
	return err
}

// writeSeqJSON writes the values of seq as a JSON array, empty when
// there are none (json.Marshal writes "null" for a nil slice, "[]" for
// an empty one).
func writeSeqJSON[T any](w io.Writer, seq iter.Seq2[T, error], empty string) error {
	n := 0
	for v, err := range seq {
		if err != nil {
			return err
		}
		b, err := marshalNoEscape(v)
		if err != nil {
			return err
		}
		if n == 0 {
			io.WriteString(w, "[")
		} else {
			io.WriteString(w, ",")
		}
		w.Write(b)
		n++
	}
	if n == 0 {
		_, err := io.WriteString(w, empty)
		return err
	}
	_, err := io.WriteString(w, "]")
	return err
}

// eventsOf lists the IDs of the events that carried a disclosure, as
// [EventIDs] does.
func eventsOf(d *report.Disclosure) (string, error) {
	var b strings.Builder
	last := ""
	for id, err := range d.EventSeq() {
		if err != nil {
			return "", err
		}
		appendEventID(&b, &last, id)
	}
	return b.String(), nil
}

// sourcesOf lists requests read from seq compactly, grouped by file:
// "a.har#5,10,11 b.har#2" ([report.Disclosure.SourceSeq],
// [report.Party.WithoutConsentSeq]).
func sourcesOf(seq iter.Seq2[decode.Source, error]) (string, error) {
	var b strings.Builder
	last := ""
	for s, err := range seq {
		if err != nil {
			return "", err
		}
		appendSource(&b, &last, s.File, s.Entry)
	}
	return b.String(), nil
}

// sourcesText lists sources compactly, grouped by file: "a.har#5,10,11
// b.har#2".
func sourcesText(ss []decode.Source) string {
	var b strings.Builder
	last := ""
	for _, s := range ss {
		appendSource(&b, &last, s.File, s.Entry)
	}
	return b.String()
}
