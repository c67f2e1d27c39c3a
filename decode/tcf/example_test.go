package tcf_test

import (
	"errors"
	"fmt"

	"github.com/haruspex/haruspex/decode/tcf"
)

// Decoding the example TC string of the GPP specification: which CMP
// wrote it, when, and what it records.
func ExampleDecode() {
	t, err := tcf.Decode("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA")
	if err != nil {
		fmt.Println(err)
		return
	}
	c := t.Core
	fmt.Println("version", c.Version, "CMP", c.CmpID, "version", c.CmpVersion, "language", c.ConsentLanguage, "publisher country", c.PublisherCC)
	fmt.Println("last updated", c.LastUpdated.Format("2006-01-02T15:04:05.0Z07:00"))
	fmt.Println("purposes with consent", c.PurposesConsent, "vendors with consent", c.VendorConsents.Len())
	// Output:
	// version 2 CMP 31 version 640 language EN publisher country DE
	// last updated 2022-04-20T22:00:00.0Z
	// purposes with consent [] vendors with consent 0
}

// A string cut short keeps what came before the cut, and the error says
// where reading stopped.
func ExampleDecode_truncated() {
	t, err := tcf.Decode("CPXxRfAPXxRfAAfKABENB-CgAAAA")
	fmt.Println(err)
	fmt.Println(errors.Is(err, tcf.ErrTruncated), "CMP", t.Core.CmpID)
	// Output:
	// tcf: segment 0, character 28 (bit 168), PurposesConsent: string ends before the field
	// true CMP 31
}

// A vendor set read from a range-encoded section.
func ExampleVendorSet() {
	t, _ := tcf.Decode("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA") // the TCF v1.1 specification's example
	v := t.Core.VendorConsents
	fmt.Println(v.Encoding, v.MaxVendorID, v.Len(), v.Contains(9), v.Contains(10), v.Ranges)
	// Output:
	// range 2011 2010 false true [{1 8} {10 2011}]
}

func ExamplePurposeName() {
	fmt.Println(tcf.PurposeName(1))
	fmt.Println(tcf.PurposeName(4))
	// Output:
	// Store and/or access information on a device
	// Use profiles to select personalised advertising
}
