package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"

	"github.com/haruspex/haruspex/har"
)

// codecCorpusDir is the shared corpus of real HAR files (see corpusDir in
// corpus_test.go, which is in package decode_test).
const codecCorpusDir = "../../shared/corpus"

// codecCorpusFiles are the corpus files whose events TestEventBinaryCorpus
// round-trips: the Meta Pixel files and some with other trackers.
var codecCorpusFiles = []string{
	"pagexray__ferguson.har",
	"pagexray__case-sensitive-protocol.har",
	"pagexray__expressen.har",
	"pagexray__www.nytimes.com.har",
	"coach-core__cpuTime.har",
}

// Slice shapes for fillEvent.
const (
	sliceNil   = -1 // a nil slice
	sliceEmpty = 0  // a non-nil empty slice
	sliceFull  = 2  // two elements
)

// eventFiller fills a value with non-zero data by reflection, so that a
// field added to Event, or to a type it contains, is filled without
// changing the test, and a codec that forgets it fails the round trip.
type eventFiller struct {
	tb testing.TB
	n  int64 // the last number handed out: every int and string differs
	// shape returns the length of a slice at the given depth (0 for the
	// event's own fields), or sliceNil.
	shape func(depth int) int
	// short makes every string and JSON value a few bytes long, for
	// fuzzing seeds: the fuzzer minimises each new input it finds in
	// time quadratic in its length.
	short bool
}

// fillEvent returns an event whose every field, at every depth, is set:
// slices as shape says, strings to distinct non-empty values (their path,
// some long enough for a two-byte length), ints to distinct non-zero
// values of both signs, the time to a non-UTC time with nanoseconds, and
// JSON to a small valid document.
func fillEvent(tb testing.TB, shape func(depth int) int) Event {
	tb.Helper()
	return (&eventFiller{tb: tb, shape: shape}).event()
}

// event returns a filled event.
func (f *eventFiller) event() Event {
	f.tb.Helper()
	var ev Event
	f.fill(reflect.ValueOf(&ev).Elem(), "Event", 0)
	return ev
}

// shortEvent returns an event filled as fillEvent does, but with short
// strings and JSON values.
func shortEvent(tb testing.TB, shape func(depth int) int) Event {
	tb.Helper()
	return (&eventFiller{tb: tb, shape: shape, short: true}).event()
}

var (
	timeType = reflect.TypeFor[time.Time]()
	jsonType = reflect.TypeFor[jsontext.Value]()
)

func (f *eventFiller) fill(v reflect.Value, path string, depth int) {
	f.tb.Helper()
	f.n++
	switch t := v.Type(); {
	case t == timeType:
		// An odd offset, so that no Local zone has it and the time comes
		// back in an unnamed fixed zone, as it was.
		zone := time.FixedZone("", -(3*3600 + 17*60))
		v.Set(reflect.ValueOf(time.Date(2023, 6, 14, 9, 12, 3, 123456789+int(f.n), zone)))
		return
	case t == jsonType:
		switch n := f.shape(depth); n {
		case sliceNil:
		case sliceEmpty:
			v.Set(reflect.ValueOf(jsontext.Value{}))
		default:
			js := fmt.Sprintf(`{"path":%q,"n":[%d,true,null]}`, path, f.n)
			if f.short {
				js = fmt.Sprintf("[%d]", f.n)
			}
			v.Set(reflect.ValueOf(jsontext.Value(js)))
		}
		return
	}
	switch v.Kind() {
	case reflect.String:
		s := fmt.Sprintf("%s#%d", path, f.n)
		if f.short {
			s = fmt.Sprint(f.n)
		} else if f.n%3 == 0 {
			s += " é " + strings.Repeat("x", 130) // a length over 127: two bytes
		}
		v.SetString(s)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x := f.n
		if f.n%2 == 0 {
			x = -x << 40 // negative and large, where the type allows
		}
		if v.OverflowInt(x) {
			x = f.n
		}
		if v.OverflowInt(x) {
			f.tb.Fatalf("%s: %d overflows %s", path, x, v.Type())
		}
		v.SetInt(x)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.OverflowUint(uint64(f.n)) {
			f.tb.Fatalf("%s: %d overflows %s", path, f.n, v.Type())
		}
		v.SetUint(uint64(f.n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				f.tb.Fatalf("%s.%s is unexported: the codec cannot see it; teach the codec and this filler", path, sf.Name)
			}
			f.fill(v.Field(i), path+"."+sf.Name, depth)
		}
	case reflect.Slice:
		n := f.shape(depth)
		if n == sliceNil {
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			f.fill(s.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1)
		}
		v.Set(s)
	default:
		f.tb.Fatalf("%s: kind %s has no filler: teach the codec and this filler about %s", path, v.Kind(), v.Type())
	}
}

// nested returns a slice shape with one element in the event's own
// slices and inner slices of length n (or nil).
func nested(n int) func(depth int) int {
	return func(depth int) int {
		if depth == 0 {
			return 1
		}
		return n
	}
}

// roundTrip encodes ev, checks the encoding, decodes it and returns the
// decoded event and the encoding.
func roundTrip(tb testing.TB, ev *Event) (Event, []byte) {
	tb.Helper()
	enc, err := ev.AppendBinary(nil)
	if err != nil {
		tb.Fatalf("AppendBinary: %v", err)
	}
	if m, err := ev.MarshalBinary(); err != nil || !bytes.Equal(m, enc) {
		tb.Fatalf("MarshalBinary differs from AppendBinary(nil) (error %v)", err)
	}
	var got Event
	if err := got.UnmarshalBinary(enc); err != nil {
		tb.Fatalf("UnmarshalBinary: %v", err)
	}
	if !reflect.DeepEqual(got, *ev) {
		// cmp compares times with Equal: show their locations too.
		tb.Fatalf("round trip changed the event (-want +got):\n%s\ntime: want %v (%p), got %v (%p)",
			cmp.Diff(*ev, got), ev.Time.T, ev.Time.T.Location(), got.Time.T, got.Time.T.Location())
	}
	return got, enc
}

// TestEventBinaryComplete round-trips an event whose every field at every
// depth is set. Because the event is filled by reflection, a field added
// to Event or to a type it contains is set here, and the test fails until
// the codec encodes it.
func TestEventBinaryComplete(t *testing.T) {
	ev := fillEvent(t, func(int) int { return sliceFull })
	// Check the filler itself: no field anywhere is zero.
	var checkNonZero func(v reflect.Value, path string)
	checkNonZero = func(v reflect.Value, path string) {
		if v.IsZero() {
			t.Errorf("filler left %s zero", path)
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			if v.Type() == timeType {
				return
			}
			for i := range v.NumField() {
				checkNonZero(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice:
			for i := range v.Len() {
				checkNonZero(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	}
	checkNonZero(reflect.ValueOf(ev), "Event")

	got, enc := roundTrip(t, &ev)
	if _, off := got.Time.T.Zone(); off != -(3*3600 + 17*60) {
		t.Errorf("time zone offset = %d, want %d", off, -(3*3600 + 17*60))
	}

	// Appending extends the buffer without touching what was there.
	prefix := []byte("prefix")
	appended, err := ev.AppendBinary(bytes.Clone(prefix))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(appended, prefix) || !bytes.Equal(appended[len(prefix):], enc) {
		t.Errorf("AppendBinary(prefix) = prefix + %d bytes, want prefix + the %d-byte encoding", len(appended)-len(prefix), len(enc))
	}
}

// TestEventBinaryNilEmpty checks that nil and empty slices, at the top
// level and inside elements, come back as they were.
func TestEventBinaryNilEmpty(t *testing.T) {
	for _, tc := range []struct {
		name  string
		shape func(depth int) int
	}{
		{"all nil", func(int) int { return sliceNil }},
		{"all empty", func(int) int { return sliceEmpty }},
		{"nested nil", nested(sliceNil)},
		{"nested empty", nested(sliceEmpty)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := fillEvent(t, tc.shape)
			roundTrip(t, &ev)
		})
	}
	t.Run("zero event", func(t *testing.T) {
		var ev Event
		_, enc := roundTrip(t, &ev)
		t.Logf("the zero event encodes in %d bytes", len(enc))
	})
}

// TestEventBinaryTime checks the times the codec keeps exactly, and the
// one it refuses.
func TestEventBinaryTime(t *testing.T) {
	base := time.Date(2022, 2, 4, 10, 11, 12, 987654321, time.UTC)
	for _, tc := range []struct {
		name string
		t    time.Time
	}{
		{"zero", time.Time{}},
		{"UTC", base},
		{"parsed HAR time", mustParseHARTime(t, "2018-02-07T16:03:35.123456+01:00")},
		{"fixed zone", base.In(time.FixedZone("", 5*3600+45*60+1))},
		{"seconds offset (time's version 2)", base.In(time.FixedZone("", 30))},
		{"Local", base.In(time.Local)},
		{"before year 1", time.Date(-5, 1, 1, 0, 0, 0, 1, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := Event{Time: har.Time{T: tc.t, Raw: tc.name}}
			got, _ := roundTrip(t, &ev)
			if tc.t.IsZero() != got.Time.T.IsZero() {
				t.Errorf("IsZero = %v, want %v", got.Time.T.IsZero(), tc.t.IsZero())
			}
		})
	}

	// A named zone keeps the instant and the offset, not the name.
	berlin := base.In(time.FixedZone("CET", 3600))
	ev := Event{Time: har.Time{T: berlin}}
	enc, err := ev.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got Event
	if err := got.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	if _, off := got.Time.T.Zone(); !got.Time.T.Equal(berlin) || off != 3600 {
		t.Errorf("named zone: got %v (offset %d), want %v (offset 3600)", got.Time.T, off, berlin)
	}

	// time's decoder would read -30s back as +226s: refuse it.
	ev = Event{Time: har.Time{T: base.In(time.FixedZone("", -30))}}
	if b, err := ev.AppendBinary([]byte("x")); err == nil || string(b) != "x" {
		t.Errorf("AppendBinary(offset -30s) = %q, %v; want the buffer unextended and an error", b, err)
	}
}

func mustParseHARTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	tm, err := har.ParseTime(s)
	if err != nil {
		tb.Fatal(err)
	}
	return tm
}

// corpusEvents decodes every entry of the named corpus file with the
// built-in registry, folds duplicates and stamps the SHA-256, as the
// events command does. It skips the test when the corpus is absent.
func corpusEvents(tb testing.TB, name string) []Event {
	tb.Helper()
	f, err := os.Open(filepath.Join(codecCorpusDir, name))
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("corpus not found at %s (../shared is absent): skipping", codecCorpusDir)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	reg, err := NewRegistry(Builtin())
	if err != nil {
		tb.Fatal(err)
	}
	r := har.NewReader(f)
	r.Name = name
	var evs []Event
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("reading %s: %v", name, err)
		}
		evs = append(evs, reg.Decode(name, e)...)
	}
	evs = FoldDuplicates(evs)
	SetSHA256(evs, name, r.SHA256())
	return evs
}

// TestEventBinaryCorpus round-trips every event decoded from real HAR
// files, through one reused buffer as a spill file would, and checks that
// the decoded strings do not alias it.
func TestEventBinaryCorpus(t *testing.T) {
	var buf []byte
	total, n := 0, 0
	for _, name := range codecCorpusFiles {
		evs := corpusEvents(t, name)
		if len(evs) == 0 {
			t.Errorf("%s: no events", name)
		}
		for i := range evs {
			var err error
			buf, err = evs[i].AppendBinary(buf[:0])
			if err != nil {
				t.Fatalf("%s event %d: AppendBinary: %v", name, i, err)
			}
			var got Event
			if err := got.UnmarshalBinary(buf); err != nil {
				t.Fatalf("%s event %d: UnmarshalBinary: %v", name, i, err)
			}
			// Overwrite the buffer: the decoded event must not change.
			for j := range buf {
				buf[j] = 0xFF
			}
			if !reflect.DeepEqual(got, evs[i]) {
				t.Fatalf("%s event %d: round trip changed the event (-want +got):\n%s", name, i, cmp.Diff(evs[i], got))
			}
			total += len(buf)
			n++
		}
	}
	t.Logf("%d events, %.0f bytes each on average", n, float64(total)/float64(n))
}

// TestEventBinaryMalformed checks that truncated, corrupted and hostile
// data is an error, never a panic, and leaves the event unchanged.
func TestEventBinaryMalformed(t *testing.T) {
	full := fillEvent(t, func(int) int { return sliceFull })
	_, enc := roundTrip(t, &full)
	sentinel := Event{Host: "unchanged"}

	t.Run("truncated", func(t *testing.T) {
		for i := range len(enc) {
			ev := sentinel
			if err := ev.UnmarshalBinary(enc[:i]); err == nil {
				t.Fatalf("UnmarshalBinary of the first %d of %d bytes succeeded", i, len(enc))
			}
			if !reflect.DeepEqual(ev, sentinel) {
				t.Fatalf("UnmarshalBinary of the first %d bytes changed the event on error", i)
			}
		}
	})

	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"version 0", append([]byte{0}, enc[1:]...)},
		{"next version", append([]byte{binaryVersion + 1}, enc[1:]...)},
		{"version 1 (before Param.Type and ID.Type)", append([]byte{1}, enc[1:]...)},
		{"trailing byte", append(bytes.Clone(enc), 0)},
		// Version, zero time, empty Raw, then a Sources count of 2^62.
		{"huge count", []byte{binaryVersion, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40}},
		{"huge string length", []byte{binaryVersion, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}},
		{"overlong uvarint", []byte{binaryVersion, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}},
		{"bad time version", withTime([]byte{15, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})},
		{"bad time length", withTime([]byte{14, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})},
		// Nanoseconds 0xFFFFFFFF, which time's own decoder accepts.
		{"time nanoseconds out of range", withTime([]byte{15, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})},
		// Offset -1 minute plus 30 seconds: time reads it as -30s, which
		// does not encode back to these bytes.
		{"time offset not canonical", withTime([]byte{16, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 30})},
		// An empty Sources, then a Vendor varint of more than 64 bits.
		{"varint overflow", []byte{binaryVersion, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := sentinel
			err := ev.UnmarshalBinary(tc.data)
			if err == nil {
				t.Fatalf("UnmarshalBinary(% x) succeeded", tc.data)
			}
			if !reflect.DeepEqual(ev, sentinel) {
				t.Fatalf("UnmarshalBinary changed the event on error %v", err)
			}
			t.Log(err)
		})
	}

	t.Run("valid time bytes", func(t *testing.T) {
		// The control for the time cases above: 2^32 seconds after year 1, UTC.
		var ev Event
		if err := ev.UnmarshalBinary(withTime([]byte{15, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF})); err != nil {
			t.Fatal(err)
		}
		if want := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Add(1 << 32 * time.Second); !reflect.DeepEqual(ev.Time.T, want) {
			t.Errorf("time = %v, want %v", ev.Time.T, want)
		}
	})

	t.Run("garbage", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for range 20000 {
			data := make([]byte, rng.IntN(64))
			for i := range data {
				data[i] = byte(rng.Uint32())
			}
			if len(data) > 0 && rng.IntN(2) == 0 {
				data[0] = binaryVersion
			}
			checkReencode(t, data)
		}
	})

	t.Run("corrupted", func(t *testing.T) {
		// Every single-byte change of a valid encoding (of short values,
		// to keep the test quick).
		ev := shortEvent(t, func(int) int { return sliceFull })
		_, enc := roundTrip(t, &ev)
		t.Logf("corrupting each of %d bytes", len(enc))
		data := bytes.Clone(enc)
		for i := range data {
			orig := data[i]
			for _, x := range []byte{0, 0xFF, orig ^ 1} {
				data[i] = x
				checkReencode(t, data)
			}
			data[i] = orig
		}
	})
}

// withTime returns the encoding of the zero event with its time encoded
// as enc (length included), so that the time is its only fault.
func withTime(enc []byte) []byte {
	var zero Event
	z, err := zero.AppendBinary(nil)
	if err != nil {
		panic(err)
	}
	if z[1] != 0 {
		panic("the zero event's time is not the single byte 0")
	}
	return append(append([]byte{binaryVersion}, enc...), z[2:]...)
}

// checkReencode decodes data and, when that succeeds, checks that the
// event encodes again and decodes to an equal event, and that the second
// encoding is its own fixed point.
func checkReencode(tb testing.TB, data []byte) {
	tb.Helper()
	var ev Event
	if err := ev.UnmarshalBinary(data); err != nil {
		return
	}
	enc, err := ev.AppendBinary(nil)
	if err != nil {
		tb.Fatalf("decoded % x, but AppendBinary fails: %v", data, err)
	}
	var again Event
	if err := again.UnmarshalBinary(enc); err != nil {
		tb.Fatalf("decoded % x, but its encoding % x does not decode: %v", data, enc, err)
	}
	if !reflect.DeepEqual(again, ev) {
		tb.Fatalf("decoded % x, but its encoding decodes to another event (-first +second):\n%s", data, cmp.Diff(ev, again))
	}
	if enc2, err := again.AppendBinary(nil); err != nil || !bytes.Equal(enc2, enc) {
		tb.Fatalf("decoded % x: encoding is not a fixed point (error %v)", data, err)
	}
}

// maxFuzzEvent is the longest input FuzzEventUnmarshalBinary decodes.
const maxFuzzEvent = 512

// FuzzEventUnmarshalBinary checks that arbitrary bytes never make
// UnmarshalBinary panic, and that an event it accepts round-trips. The
// seeds are events filled with short values in several slice shapes, so
// that every field is present in under 300 bytes.
//
// Inputs longer than maxFuzzEvent are skipped: the fuzzer minimises each
// new input it finds by trying every cut, in time quadratic in its
// length, and a kilobyte-long input stalls it for most of a 30-second
// run. Short inputs reach every branch of the decoder.
func FuzzEventUnmarshalBinary(f *testing.F) {
	for _, shape := range []func(int) int{
		func(int) int { return 1 },
		func(int) int { return sliceFull },
		nested(sliceEmpty),
		nested(sliceNil),
	} {
		ev := shortEvent(f, shape)
		_, enc := roundTrip(f, &ev)
		f.Add(enc)
	}
	var zero Event
	enc, err := zero.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	f.Add([]byte{})
	f.Add([]byte{binaryVersion})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzEvent {
			return
		}
		checkReencode(t, data)
	})
}

// BenchmarkEventCodec encodes and decodes a real Meta Pixel event (the
// Microdata event of pagexray__ferguson.har, entry 143, with five JSON
// custom-data values), reporting the encoded size and, for comparison,
// the size of its NDJSON line.
func BenchmarkEventCodec(b *testing.B) {
	var ev Event
	found := false
	for _, e := range corpusEvents(b, "pagexray__ferguson.har") {
		if e.Vendor == VendorMeta && e.Name == "Microdata" {
			ev, found = e, true
			break
		}
	}
	if !found {
		b.Fatal("no Meta Pixel Microdata event in pagexray__ferguson.har")
	}
	enc, err := ev.AppendBinary(nil)
	if err != nil {
		b.Fatal(err)
	}
	js, err := ev.MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("append", func(b *testing.B) {
		buf := make([]byte, 0, len(enc))
		b.SetBytes(int64(len(enc)))
		b.ReportAllocs()
		for b.Loop() {
			buf, err = ev.AppendBinary(buf[:0])
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(enc)), "bytes/event")
		b.ReportMetric(float64(len(js)), "json-bytes/event")
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(enc)))
		b.ReportAllocs()
		var got Event
		for b.Loop() {
			if err := got.UnmarshalBinary(enc); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(enc)), "bytes/event")
	})
	b.Run("json", func(b *testing.B) {
		b.SetBytes(int64(len(js)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ev.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
