package decode

import (
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/haruspex/haruspex/decode/internal/form"
)

// This file reads the values of the issue-18 vendors' first-party
// cookies that no decoder file reads already (siteCookies lists them).

// hotjarCookieID returns the id of a _hjSessionUser_<site> cookie:
// base64 of {"id":"<uuid>","created":…,"existing":…}.
func hotjarCookieID(v string, _ *warnings) (string, []Fact) {
	s, ok := decodeBase64Text(v)
	if !ok || !looksJSON(s) {
		return "", nil
	}
	doc := compactJSON(s)
	if doc == nil || doc.Kind() != '{' {
		return "", nil
	}
	ms, _ := objectMembers(doc)
	for _, m := range ms {
		if m.name == "id" && m.value.Kind() == '"' {
			return jsonString(jsontext.Value(m.value)), nil
		}
	}
	return "", nil
}

// tealiumCookieVID returns the v_id of a utag_main cookie
// ("v_id:<id>$_sn:1$…").
func tealiumCookieVID(v string, _ *warnings) (string, []Fact) {
	if u, ok := form.Unescape(v, false); ok {
		v = u
	}
	for field := range strings.SplitSeq(v, "$") {
		if id, ok := strings.CutPrefix(field, "v_id:"); ok {
			return id, nil
		}
	}
	return "", nil
}
