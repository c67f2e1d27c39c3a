// Package tcf decodes IAB Transparency and Consent Framework (TCF) TC
// strings: the consent record a consent management platform (CMP)
// writes to the euconsent-v2 cookie and passes to ad tech in
// gdpr_consent= URL parameters and __tcfapi replies.
//
// # Specifications
//
// The decoder is written from the IAB's specifications, not from
// another implementation (no Go TCF library is served by the module
// proxy):
//
//   - "Transparency and Consent String with Global Vendor & CMP List
//     Formats", TCF v2.2 (IAB Tech Lab, May 2023):
//     https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework/blob/master/TCFv2/IAB%20Tech%20Lab%20-%20Consent%20string%20and%20vendor%20list%20formats%20v2.md
//     (The Core String, Disclosed Vendors, Publisher Purposes
//     Transparency and Consent; the AllowedVendors segment, type 2, is
//     from the same document before TCF 2.2);
//   - "Consent string and vendor list formats v1.1 Final", same
//     repository, for version 1 strings (retired in 2020, still found in
//     old captures).
//
// Tests compare every field with the IAB's own library, @iabtcf/core
// 1.5.6, on the specifications' published example strings and on
// strings its encoder made (testdata/iabtcf-core-vectors.json), and
// round-trip strings from an encoder written for the tests.
//
// # Worked example
//
// A TC string is base64url text in dot-separated segments. The GPP
// specification's example, CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA,
// is one core segment. Its first character, "C", is 000010: Version 2.
// The next 72 bits are Created and LastUpdated in deciseconds since 1970
// (2022-04-20T22:00:00Z: since TCF 2.2 both hold the day of the last
// update), then CmpId 31 and CmpVersion 640 (12 bits each),
// ConsentScreen 1, ConsentLanguage "EN" (two 6-bit letters, A=0),
// VendorListVersion 126, TcfPolicyVersion 2, IsServiceSpecific 1, and
// 24-bit fields for the purposes with consent and with legitimate
// interest, all zero here: the string records no purpose consent and no
// vendor consent.
//
//	t, err := tcf.Decode(s)
//	if err != nil {
//		// *tcf.Error: segment, character, bit and field where reading
//		// stopped; t still holds everything read before it.
//	}
//	fmt.Println(t.Core.CmpID, t.Core.PurposesConsent, t.Core.VendorConsents.Contains(755))
//
// Vendor sections come as a bit field (one bit per vendor ID) or as
// range entries; either way [VendorSet] holds sorted, merged [Range]
// values, so memory stays proportional to the string's length whatever
// the ranges claim.
//
// # What a TC string does not say
//
// A TC string records what the CMP stored, not what the visitor saw or
// clicked: a CMP can write consent the visitor never gave. Unfilled URL
// macros such as ${GDPR_CONSENT_755} are not TC strings ([ErrMacro],
// [IsMacro]): the ad tag's template was never filled in. Values that
// decode but break the specification (global scope under TCF 2.2,
// legitimate interest for purposes 3 to 6, padding) are kept, with a
// [Warning] that says where.
package tcf
