package tcf_test

import (
	"testing"

	"github.com/haruspex/haruspex/decode/tcf"
)

// BenchmarkDecode decodes the pre-2.2 specification's four-segment
// example (bit-field vendor sections of about 700 vendors).
func BenchmarkDecode(b *testing.B) {
	const s = "COw4XqLOw4XqLAAAAAENAXCAAAAAAAAAAAAAAAAAAAAA.IFukWSQgAIQwgI0QEByFAAAAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA.QFukWSQgAIQwgI0QEByFAAAAeIAACAIgSAAQAIAgEQACEABAAAgAQFAEAIAAAGBAAgAAAAQAIFAAMCQAAgAAQiRAEQAAAAANAAIAAggAIYQFAAARmggBC3ZCYzU2yIA.YAAAAAAAAAAAAAAAAAA"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tcf.Decode(s); err != nil {
			b.Fatal(err)
		}
	}
}
