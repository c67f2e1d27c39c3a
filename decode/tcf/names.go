package tcf

// purposeNames are the TCF purposes as the Global Vendor List names them
// since TCF 2.2 (GVL specification version 3, TCF policy version 4), in
// the English of the IAB's vendor-list.json (copied in iabtcf-es at
// modules/testing/src/vendorlist/v2.2/vendor-list.json). Strings with
// an older TcfPolicyVersion were written under earlier wording (for
// example purpose 2 was "Select basic ads"); the numbers are the same.
var purposeNames = [...]string{
	1:  "Store and/or access information on a device",
	2:  "Use limited data to select advertising",
	3:  "Create profiles for personalised advertising",
	4:  "Use profiles to select personalised advertising",
	5:  "Create profiles to personalise content",
	6:  "Use profiles to select personalised content",
	7:  "Measure advertising performance",
	8:  "Measure content performance",
	9:  "Understand audiences through statistics or combinations of data from different sources",
	10: "Develop and improve services",
	11: "Use limited data to select content",
}

// specialFeatureNames are the TCF special features, from the same list.
var specialFeatureNames = [...]string{
	1: "Use precise geolocation data",
	2: "Actively scan device characteristics for identification",
}

// PurposeName returns the Global Vendor List's English name of TCF
// purpose id (TCF 2.2 wording), or "" for an ID the list does not define.
func PurposeName(id int) string {
	if id > 0 && id < len(purposeNames) {
		return purposeNames[id]
	}
	return ""
}

// SpecialFeatureName returns the English name of TCF special feature id,
// or "" for an ID the list does not define.
func SpecialFeatureName(id int) string {
	if id > 0 && id < len(specialFeatureNames) {
		return specialFeatureNames[id]
	}
	return ""
}
