package har

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/har/internal/jsonscan"
)

// Long values. A string value of more than MaxValue bytes (a URL, a body,
// a header, a cookie, a parameter, a member name) is never held whole: as
// the scanner reads it, it keeps of each &-separated part (a URL's or a
// form body's parameters) the first KeepPart bytes, and no more than
// MaxValue in all, and puts in place of each run of bytes it drops a
// marker:
//
//	…(haruspex cut 67043328 bytes of this 67108900-byte value with sha256 3f9a…)
//
// so that a URL with one huge parameter keeps its other parameters, and
// a decoder still reads them. The entry gets a located warning naming
// the field, the value's length and its SHA-256 (of the value decoded
// from JSON; bytes that are not UTF-8 as they are): what is needed to
// show that the value in the file is the one described. A response body
// longer than MaxValue that is not kept anyway (Reader.Bodies off) gets
// the same warning. Offsets in warnings and errors stay those of the
// file.
const (
	// MaxValue is the longest string value kept whole, in bytes.
	MaxValue = 1 << 20
	// KeepPart is how much of each &-separated part of a longer value is
	// kept, in bytes (a cut never splits a UTF-8 character or a %XX
	// escape).
	KeepPart = 64 << 10
)

// longRule is the scanner's rule for long values.
var longRule = jsonscan.Long{Limit: MaxValue, Part: KeepPart, Total: MaxValue, Mark: longMark}

// longMark is the marker that stands where bytes of a long value were
// cut. It holds no character that separates parameters in the formats
// decoders read (& = ; , # + % / ?), so that the parameter it falls in
// keeps it.
func longMark(cut, size int64, sum []byte) string {
	return "…(haruspex cut " + strconv.FormatInt(cut, 10) + " bytes of this " + strconv.FormatInt(size, 10) +
		"-byte value with sha256 " + hex.EncodeToString(sum) + ")"
}

// longWarnings returns the warnings for the strings shs a walk
// shortened, of the value walked whose bytes (as shortened) are raw, at
// input offset off; at is where each string starts in raw, inBody
// whether it is a body cut out. path prefixes the fields ("" for an
// entry).
func longWarnings(path string, raw []byte, off int64, shs []jsonscan.Shortened, at []int, inBody []bool) []Warning {
	fields := pointers(raw, at)
	var out []Warning
	var shift int64 // input bytes the marks before a string stand for, less the marks
	mi := 0
	var marks []jsonscan.Mark
	for _, sh := range shs {
		marks = append(marks, sh.Marks...)
	}
	for i, sh := range shs {
		for mi < len(marks) && marks[mi].At < sh.Start {
			shift += marks[mi].Raw - int64(marks[mi].Len)
			mi++
		}
		var cut int64
		for _, m := range sh.Marks {
			cut += m.Raw - int64(m.Len)
		}
		field := fields[i]
		switch {
		case path == "":
		case field == "" || field[0] == '[':
			field = path + field
		default:
			field = path + "." + field
		}
		msg := fmt.Sprintf("a value of %d bytes (sha256 %x), longer than %d: kept as its first bytes, %d bytes of the file cut where it says \"(haruspex cut …)\"",
			sh.Size, sh.SHA256, MaxValue, cut)
		if inBody[i] {
			msg = fmt.Sprintf("a body of %d bytes (sha256 %x), longer than %d: not kept (bodies are not read), nor held whole", sh.Size, sh.SHA256, MaxValue)
		}
		out = append(out, Warning{Offset: off + int64(sh.Start) + shift, Field: field, Msg: msg})
	}
	return out
}

// pointers names the fields of the strings at the positions at of the
// JSON value data (read up to its first error) ("request.url", "request.headers[3].value"): the
// fields of warnings. A position that no string starts at is named "".
func pointers(data []byte, at []int) []string {
	out := make([]string, len(at))
	d := jsontext.NewDecoder(bytes.NewReader(data), decodeOptions...)
	for {
		start := nextValueAt(d)
		kind := d.PeekKind()
		if _, err := d.ReadToken(); err != nil {
			return out
		}
		if kind != '"' {
			continue
		}
		for i, a := range at {
			if int64(a) == start {
				out[i] = fieldOf(string(d.StackPointer()))
			}
		}
	}
}

// fieldOf turns a JSON Pointer into a field as warnings name them:
// "/request/headers/3/value" is "request.headers[3].value".
func fieldOf(ptr string) string {
	if ptr == "" {
		return ""
	}
	var b strings.Builder
	for _, seg := range strings.Split(ptr[1:], "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		if _, err := strconv.Atoi(seg); err == nil {
			b.WriteString("[" + seg + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}
