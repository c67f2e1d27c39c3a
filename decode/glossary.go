package decode

import (
	"cmp"
	"slices"
	"strings"
)

// Term is one entry of a glossary: what a parameter or identifier sent to
// a vendor means, in the words of the decoder that read it.
type Term struct {
	Vendor Vendor
	// Name is the parameter as sent ("dl", "cd[buttonText]", "ud[em]"),
	// or for an identifier where it was read ("cookie c_user").
	Name string
	// In is the parts of the request it was read from, in the order
	// query, body, cookie ("query, body"), or "identifier".
	In string
	// Meaning is the decoder's label. Labels that decode the value (an
	// event time, an option bitmask) are those of the first occurrence.
	Meaning string
	// Type is the kind of data it is ([DataType]), given with the label;
	// like Meaning, that of the first occurrence (a personal-data field
	// is typed by its value: hashed, or plain text).
	Type DataType
	// Count is how many events carried it.
	Count int
}

// Glossary lists what each labelled parameter and each identifier of evs
// means and what type of data it is, using the labels and types the
// decoders themselves gave ([Param].Label and Type, [ID].Meaning and
// Type), so that a glossary printed beside a report never drifts from
// the decoders. Unlabelled parameters are left out: the decoders do
// not know them. A parameter sent in several parts of requests is one
// term. Terms are sorted by vendor, name, then where they were read; the
// first label seen (in the order of evs) is kept.
func Glossary(evs []Event) []Term {
	type key struct {
		v    Vendor
		name string
		id   bool
	}
	idx := map[key]int{}
	var out []Term
	var ins [][]string
	seen := map[key]bool{}
	add := func(k key, in, meaning string, t DataType) {
		if meaning == "" {
			return
		}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Term{Vendor: k.v, Name: k.name, Meaning: meaning, Type: t})
			ins = append(ins, nil)
		}
		if !slices.Contains(ins[i], in) {
			ins[i] = append(ins[i], in)
		}
		if !seen[k] {
			seen[k] = true
			out[i].Count++
		}
	}
	for i := range evs {
		ev := &evs[i]
		clear(seen)
		for _, p := range ev.Params {
			add(key{ev.Vendor, p.Name, false}, p.In.String(), p.Label, p.Type)
		}
		for _, id := range ev.IDs {
			add(key{ev.Vendor, cmp.Or(id.From, id.Name), true}, "identifier", id.Meaning, id.Type)
		}
	}
	order := []string{"query", "body", "cookie", "identifier"}
	for i := range out {
		slices.SortFunc(ins[i], func(a, b string) int { return cmp.Compare(slices.Index(order, a), slices.Index(order, b)) })
		out[i].In = strings.Join(ins[i], ", ")
	}
	slices.SortFunc(out, func(a, b Term) int {
		return cmp.Or(cmp.Compare(a.Vendor, b.Vendor), strings.Compare(a.Name, b.Name), strings.Compare(a.In, b.In))
	})
	return out
}

// String prints the term as a glossary line: vendor, name, where it was
// read, its data type and its meaning, e.g.
// "meta dl (query): page URL — page URL (document.location) the event was
// sent from".
func (t Term) String() string {
	return t.Vendor.String() + " " + t.Name + " (" + t.In + "): " + t.Type.String() + " — " + t.Meaning
}
