package decode_test

import (
	"bufio"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
)

// vectorsPath is the shared file of real tracker requests (PROTOCOLS.md
// §6); FuzzMetaDecode seeds from it too.
const vectorsPath = "../../shared/pixel-vectors.txt"

// vectorBodyURLs are where the vectors that are a bare request body were
// sent, by the letter of the vector's ID (PROTOCOLS.md §6), and their MIME
// type; a body starting with "--" is multipart.
var vectorBodyURLs = map[byte][2]string{
	'M': {"https://www.facebook.com/tr/", "application/x-www-form-urlencoded"},
	'U': {"https://www.google-analytics.com/collect", "text/plain"},
	'T': {"https://analytics.tiktok.com/api/v2/pixel", "application/json"},
	'S': {"https://tr.snapchat.com/p", "application/x-www-form-urlencoded"},
	'G': {"https://region1.google-analytics.com/g/collect", "text/plain"},
}

// readVectors returns an entry for every vector of pixel-vectors.txt,
// keyed by its ID ("M01"), in file order. Each block is "## <ID> …",
// "source: …" and the request: a URL (GET), "URL: …" and "BODY: …" lines
// (POST), or a bare body, posted to the vendor's endpoint. "\r\n" in a
// body is a CRLF. It fails the test on a block it cannot read, so that a
// new kind of vector is taught here rather than skipped.
func readVectors(t *testing.T) ([]string, map[string]*har.Entry) {
	t.Helper()
	f, err := os.Open(vectorsPath)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not found (../shared is absent): skipping the vectors", vectorsPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []string
	entries := map[string]*har.Entry{}
	var id, url string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			id, _, _ = strings.Cut(strings.TrimPrefix(line, "## "), " ")
			url = ""
			continue
		case id == "" || line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "source:"):
			continue
		}
		var e *har.Entry
		switch {
		case strings.HasPrefix(line, "http://") || strings.HasPrefix(line, "https://"):
			e = get(line)
		case strings.HasPrefix(line, "URL:"):
			url = strings.TrimSpace(strings.TrimPrefix(line, "URL:"))
			continue
		case strings.HasPrefix(line, "BODY:") && url != "":
			e = post(url, "text/plain", crlf(strings.TrimSpace(strings.TrimPrefix(line, "BODY:"))))
		default:
			to, ok := vectorBodyURLs[id[0]]
			if !ok {
				t.Fatalf("%s:%d: vector %s is a body, and vectorBodyURLs does not say where %c vectors go", vectorsPath, n, id, id[0])
			}
			mime := to[1]
			if strings.HasPrefix(line, "--") {
				mime = "multipart/form-data"
			}
			e = post(to[0], mime, crlf(line))
		}
		if entries[id] != nil {
			t.Fatalf("%s:%d: vector %s has a second request", vectorsPath, n, id)
		}
		ids = append(ids, id)
		entries[id] = e
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Fatalf("%s: no vectors read", vectorsPath)
	}
	return ids, entries
}

// tableEntries are the requests of this package's test tables: the
// vectors copied into vectors_test.go and trackers_vectors_test.go, and
// requests that reach labels no vector does (cookies, consent, batches,
// plain-text personal data, the installation decoders).
func tableEntries() map[string]*har.Entry {
	withCookie := func(e *har.Entry, cookie string) *har.Entry {
		e.Request.Headers = []har.NameValue{{Name: "Cookie", Value: cookie}}
		return e
	}
	es := map[string]*har.Entry{
		"M21": post("https://www.facebook.com/tr/", "application/x-www-form-urlencoded", vecM21),
		"M24": post("https://www.facebook.com/tr/", "multipart/form-data; boundary=----B", crlf(vecM24)),
		"G03": post(vecG03URL, "text/plain", vecG03Body),
		"U01": post("https://www.google-analytics.com/collect", "text/plain", vecU01),
		"T01": post("https://analytics.tiktok.com/api/v2/pixel", "application/json", vecT01),
		"S01": post("https://tr.snapchat.com/p", "application/x-www-form-urlencoded", vecS01),
		"meta cookies": withCookie(get("https://www.facebook.com/tr/?id=1&ev=PageView&fbc=fb.1.2.x&dpo=LDU&ie[a]=1&oed[event_id]=1&pmd[locale]=de&ap[currency]=EUR&cd[search_string]=x&cd[buttonFeatures]=%7B%7D"),
			"c_user=1; xs=2; fr=3; datr=4; sb=5; wd=6; presence=7; locale=8; spin=9; act=10; other=11"),
		"meta plain personal data": get("https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=a@b.example&udff[ph]=123&ud[uid]=u1&ud[external_id]=x"),
		"meta plugin":              get("https://connect.facebook.net/signals/plugins/identity.js?v=2.9.1"),
		"meta topics":              get("https://www.facebook.com/privacy_sandbox/topics/registration/?id=1"),
		"meta event setup tool":    get("https://www.facebook.com/signals/iwl.js?pixel_id=1"),
		"ga4 consent, user data": withCookie(get("https://region1.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G111&gcd=13l3l3l3l1&npa=1&em=tv.1~em.a@b.example&uid=42&sid=1700000000&ep.search_term=boots&up.tier=gold&pr1=id1~nmX"),
			"_ga=GA1.1.1.2; _ga_X=GS1.1.1700000000.1; _gid=GA1.1.3.4; FPID=5; FPLC=6; _gcl_au=1.1.7; _gcl_aw=GCL.1.g"),
		"ga4 unparsed body":  post("https://region1.google-analytics.com/g/collect?v=2&tid=G-1", "application/json", `{"a":1}`),
		"ua t=dc and custom": get("https://stats.g.doubleclick.net/collect?v=1&t=dc&tid=UA-1-1&cid=1.2&cd1=x&cm2=3&pr1id=p&uid=9"),
		"google ads cookies": withCookie(get("https://www.google.com/ccm/collect?tid=AW-1&en=conversion&gcs=G101&gcd=13l3l3l3l1&dma=1&em=tv.1~em.abc&auid=1.2&gclaw=GCL.1.g"),
			"IDE=1; DSID=2; test_cookie=3; NID=4; ANID=5; AEC=6; 1P_JAR=7"),
		"tiktok batch with plain e-mail": post("https://analytics.tiktok.com/api/v2/pixel/batch", "application/json",
			`{"batch":[{"event":"Purchase","context":{"user":{"email":"a@b.example","user_id":"u","device_id":"d"},"ad":{"callback":"c"},"ip":"1.2.3.4"},"properties":{"value":1,"contents":[{"price":2}],"query":"q"}}]}`),
		"tiktok unparsed body": post("https://analytics.tiktok.com/api/v2/pixel", "application/json", `{"event":`),
		"linkedin wa":          withCookie(post("https://px.ads.linkedin.com/wa/", "application/json", `{"pids":[1],"pageUrl":"https://a.example/","liFatId":"f","hem":"a@b.example"}`), "bcookie=1; bscookie=2; li_sugr=3; UserMatchHistory=4; AnalyticsSyncHistory=5; lidc=6; li_gc=7; lang=8; li_at=9; liap=10; JSESSIONID=11"),
		"x cookie sync":        withCookie(get("https://analytics.twitter.com/i/adsct?p_id=38594&p_user_id=abc&twclid=t"), "personalization_id=1; guest_id=2; guest_id_ads=3; guest_id_marketing=4; muc_ads=5; twid=6; auth_token=7; ct0=8"),
		"bing cookies":         withCookie(get("https://bat.bing.com/action/0?ti=1&evt=custom&ec=a&gv=1&gc=USD&msclkid=m&sid=s&vid=v&asc=G"), "MUID=1; MUIDB=2; MR=3; SRM_B=4; _EDGE_V=5; ANON=6"),
		"pinterest cookies":    withCookie(get("https://ct.pinterest.com/v3/?tid=1&event=checkout&pd=%7B%22em%22%3A%22a%40b.example%22%7D&epik=e"), "_pinterest_ct_ua=1; _pinterest_sess=2; _auth=3; _epik=4; _pin_unauth=5; ar_debug=6"),
		"snap cookies":         withCookie(post("https://tr.snapchat.com/p", "application/x-www-form-urlencoded", "pid=1&ev=PURCHASE&u_hem=a@b.example&e_price=1&m_x=1&u_sclid=c"), "sc_at=1; _scid=2; X-AB=3"),
		"reddit cookies":       withCookie(get("https://alb.reddit.com/rp.gif?id=t2_1&event=Purchase&m.value=1&m.itemCount=2&click_id=c&em=a@b.example"), "loid=1; reddit_session=2; session_tracker=3; edgebucket=4; csv=5"),
		"loaders":              get("https://www.googleadservices.com/pagead/conversion_async.js?id=AW-1"),
	}
	for name, v := range map[string]string{
		"M01": vecM01, "M02": vecM02, "M05": vecM05, "M07": vecM07, "M09": vecM09, "M10": vecM10, "M11": vecM11,
		"M12": vecM12, "M13": vecM13, "M14": vecM14, "M15": vecM15, "M16": vecM16, "M17": vecM17, "M18": vecM18,
		"M19": vecM19, "M20": vecM20, "M22": vecM22, "M23": vecM23,
		"G01": vecG01, "A01": vecA01, "L01": vecL01, "X01": vecX01, "P01": vecP01, "B01": vecB01, "R01": vecR01,
	} {
		es[name] = get(v)
	}
	return es
}

// checkTyped reports every labelled parameter and every identifier of evs
// that has no data type, saying where it came from.
func checkTyped(t *testing.T, where string, evs []decode.Event) {
	t.Helper()
	for _, ev := range evs {
		for _, p := range ev.Params {
			if p.Label != "" && p.Type == decode.DataUnclassified {
				t.Errorf("%s: %s %s parameter %q (label %q) has no data type: give its label one where the decoder defines it", where, ev.Vendor, p.In, p.Name, p.Label)
			}
			if strings.HasPrefix(p.Type.String(), "DataType(") {
				t.Errorf("%s: %s parameter %q has an unknown data type %d", where, ev.Vendor, p.Name, int(p.Type))
			}
		}
		for _, id := range ev.IDs {
			if id.Type == decode.DataUnclassified || strings.HasPrefix(id.Type.String(), "DataType(") {
				t.Errorf("%s: %s identifier %s (%s, meaning %q) has no data type", where, ev.Vendor, id.Name, id.From, id.Meaning)
			}
		}
	}
}

// TestVocabulary checks that every field the decoders label maps to a
// data type: every parameter label and every identifier of the events
// decoded from every vector of pixel-vectors.txt, every corpus file and
// the test tables, and so every term of their [decode.Glossary]. A
// decoder that adds a label without a type fails here.
func TestVocabulary(t *testing.T) {
	reg := newRegistry(t)
	var all []decode.Event
	t.Run("vectors", func(t *testing.T) {
		ids, entries := readVectors(t)
		for _, id := range ids {
			evs := reg.Decode(id, entries[id])
			checkTyped(t, "vector "+id, evs)
			all = append(all, evs...)
		}
	})
	t.Run("corpus", func(t *testing.T) {
		readPixelTable(t) // skips without the corpus
		names, err := filepath.Glob(filepath.Join(corpusDir, "*.har*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range names {
			name := filepath.Base(path)
			evs := decodeFileLenient(t, reg, name)
			checkTyped(t, name, evs)
			all = append(all, evs...)
		}
	})
	t.Run("tables", func(t *testing.T) {
		es := tableEntries()
		for _, name := range slices.Sorted(maps.Keys(es)) {
			evs := reg.Decode(name, es[name])
			checkTyped(t, "table entry "+name, evs)
			all = append(all, evs...)
		}
	})
	terms := decode.Glossary(all)
	if len(terms) == 0 {
		t.Fatal("no glossary terms: nothing was decoded")
	}
	seen := map[decode.DataType]bool{}
	for _, term := range terms {
		seen[term.Type] = true
		if term.Type == decode.DataUnclassified {
			t.Errorf("glossary term %s has no data type", term)
		}
	}
	var unused []string
	for _, dt := range decode.DataTypes() {
		if !seen[dt] {
			unused = append(unused, dt.String())
		}
	}
	t.Logf("%d glossary terms; data types no term has: %s", len(terms), strings.Join(unused, ", "))
}

// TestPlainPersonalData checks that a field typed as hashed personal
// data is retyped when its value was sent in plain text, and only then.
func TestPlainPersonalData(t *testing.T) {
	tests := []struct {
		name  string
		entry *har.Entry
		param string
		want  decode.DataType
	}{
		{"meta ud[em] hashed", get("https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=" + sha256Test), "ud[em]", decode.DataHashedEmail},
		{"meta ud[em] plain", get("https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=a@b.example"), "ud[em]", decode.DataPlainPersonal},
		{"meta ud[em] empty", get("https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]="), "ud[em]", decode.DataHashedEmail},
		{"meta udff[ph] plain", get("https://www.facebook.com/tr/?id=1&ev=Lead&udff[ph]=447700900123"), "udff[ph]", decode.DataPlainPersonal},
		{"meta ud[zp] SHA-256 of undefined", get("https://www.facebook.com/tr/?id=1&ev=Lead&ud[zp]=eb045d78d273107348b0300c01d29b7552d622abbc6faf81b3ec55359aa9950c"), "ud[zp]", decode.DataHashedPersonal},
		// uid is an account identifier, hashed or not.
		{"meta ud[uid] plain", get("https://www.facebook.com/tr/?id=1&ev=Lead&ud[uid]=42"), "ud[uid]", decode.DataAccountID},
		{"meta cud[em] shape mask", get("https://www.facebook.com/tr/?id=1&ev=Lead&cud[em]=****%40****.**"), "cud[em]", decode.DataTechnical},
		{"snap u_hem plain", post("https://tr.snapchat.com/p", "application/x-www-form-urlencoded", "pid=1&u_hem=a@b.example"), "u_hem", decode.DataPlainPersonal},
		{"snap u_hem hashed", post("https://tr.snapchat.com/p", "application/x-www-form-urlencoded", "pid=1&u_hem="+sha256Test), "u_hem", decode.DataHashedEmail},
		// The container parameter is retyped when a value in it is plain.
		{"pinterest pd plain", get("https://ct.pinterest.com/v3/?tid=1&pd=%7B%22em%22%3A%22a%40b.example%22%7D"), "pd", decode.DataPlainPersonal},
		{"pinterest pd hashed", get("https://ct.pinterest.com/v3/?tid=1&pd=%7B%22em%22%3A%22" + sha256Test + "%22%7D"), "pd", decode.DataHashedEmail},
		{"ga4 em plain", get("https://region1.google-analytics.com/g/collect?v=2&tid=G-1&en=x&em=a@b.example"), "em", decode.DataPlainPersonal},
		{"ga4 em hashed fields", get("https://region1.google-analytics.com/g/collect?v=2&tid=G-1&en=x&em=tv.1~em." + sha256Test), "em", decode.DataHashedEmail},
		{"tiktok batch e-mail plain", post("https://analytics.tiktok.com/api/v2/pixel/batch", "application/json",
			`{"batch":[{"event":"x","context":{"user":{"email":"a@b.example"}}}]}`), "batch[0].context.user.email", decode.DataPlainPersonal},
		{"tiktok sha256_email", post("https://analytics.tiktok.com/api/v2/pixel", "application/json",
			`{"event":"x","context":{"user":{"sha256_email":"`+sha256Test+`"}}}`), "context.user.sha256_email", decode.DataHashedEmail},
	}
	reg := newRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := reg.Decode("test.har", tt.entry)[0]
			got := decode.DataType(-1)
			for _, p := range ev.Params {
				if p.Name == tt.param {
					got = p.Type
					break
				}
			}
			if got != tt.want {
				t.Errorf("%s type = %v, want %v", tt.param, got, tt.want)
			}
		})
	}
}

func TestEventDataTypes(t *testing.T) {
	tests := []struct {
		name string
		ev   decode.Event
		want []decode.DataType
	}{
		{"none", decode.Event{}, nil},
		{"sorted, distinct, params and IDs, unclassified last", decode.Event{
			Params: []decode.Param{
				{Name: "zz"}, // unknown: unclassified
				{Name: "sw", Label: "screen width", Type: decode.DataDevice},
				{Name: "dl", Label: "page URL", Type: decode.DataPageURL},
				{Name: "sh", Label: "screen height", Type: decode.DataDevice},
				{Name: "uid", In: decode.InCookie, Type: decode.DataCookie},
			},
			IDs: []decode.ID{{Name: "fbp", Type: decode.DataBrowserID}, {Name: "fbc", Type: decode.DataClickID}},
		}, []decode.DataType{decode.DataPageURL, decode.DataBrowserID, decode.DataClickID, decode.DataDevice, decode.DataCookie, decode.DataUnclassified}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.ev.DataTypes()); diff != "" {
				t.Errorf("DataTypes() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDataTypeNames(t *testing.T) {
	all := decode.DataTypes()
	if n := len(all); n < 20 || n > 27 {
		t.Errorf("%d data types: the vocabulary should stay around 20–25, each one a reader can tell apart", n)
	}
	if all[len(all)-1] != decode.DataUnclassified {
		t.Errorf("DataTypes() ends with %v, want unclassified last", all[len(all)-1])
	}
	names := map[string]decode.DataType{}
	for _, dt := range all {
		name, def := dt.String(), dt.Definition()
		if name == "" || def == "" || strings.HasPrefix(name, "DataType(") {
			t.Errorf("DataType(%d): name %q, definition %q: every type needs both", int(dt), name, def)
		}
		if strings.ContainsAny(name+def, "|\n") {
			t.Errorf("%s: name or definition holds | or a newline, which break the README table", name)
		}
		if prev, ok := names[strings.ToLower(name)]; ok {
			t.Errorf("DataType(%d) and DataType(%d) are both named %q", int(prev), int(dt), name)
		}
		names[strings.ToLower(name)] = dt
		got, err := decode.ParseDataType(strings.ToUpper(name))
		if err != nil || got != dt {
			t.Errorf("ParseDataType(%q) = %v, %v; want %v", strings.ToUpper(name), got, err, dt)
		}
		text, err := dt.MarshalText()
		if err != nil || string(text) != name {
			t.Errorf("%v.MarshalText() = %q, %v; want %q", dt, text, err, name)
		}
	}
	// Bad: not a type's name.
	if _, err := decode.ParseDataType("e-mail"); err == nil {
		t.Error(`ParseDataType("e-mail") succeeded`)
	}
	// Bad: out of range.
	if _, err := decode.DataType(len(all)).MarshalText(); err == nil {
		t.Errorf("DataType(%d).MarshalText() succeeded", len(all))
	}
	if got, want := decode.DataType(-1).String(), "DataType(-1)"; got != want {
		t.Errorf("DataType(-1).String() = %q, want %q", got, want)
	}
}

const (
	dataTypesOpen = "<!-- datatypes:begin"
	dataTypesEnd  = "<!-- datatypes:end -->"
)

// TestReadmeDataTypes checks that README.md's "Data types" table is the
// one [decode.DataTypesMarkdown] renders, so the README never disagrees
// with the vocabulary. go test -update rewrites the block (and nothing
// else).
func TestReadmeDataTypes(t *testing.T) {
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, dataTypesOpen)
	if i < 0 {
		t.Fatalf("%s has no %q marker", readmePath, dataTypesOpen)
	}
	nl := strings.Index(readme[i:], "\n")
	if nl < 0 {
		t.Fatalf("%s: nothing after the %q marker", readmePath, dataTypesOpen)
	}
	start := i + nl + 1
	end := strings.Index(readme[start:], dataTypesEnd)
	if end < 0 {
		t.Fatalf("%s has no %q marker after %q", readmePath, dataTypesEnd, dataTypesOpen)
	}
	end += start
	want := decode.DataTypesMarkdown()
	got := readme[start:end]
	if *update && got != want {
		if err := os.WriteFile(readmePath, []byte(readme[:start]+want+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README.md data types table differs from decode.DataTypesMarkdown() (-want +got); run go test ./decode -run ReadmeDataTypes -update:\n%s", diff)
	}
}

func ExampleDataType() {
	dt := decode.DataHashedEmail
	fmt.Printf("%s: %s\n", dt, dt.Definition())
	// Output:
	// hashed e-mail: an e-mail address sent as a hash (SHA-256 or MD5): not readable as sent, but the vendor can match it to an account or list holding the same address
}

func ExampleEvent_DataTypes() {
	reg, err := decode.NewRegistry(decode.Builtin())
	if err != nil {
		panic(err)
	}
	e := &har.Entry{Request: har.Request{Method: "GET",
		URL:     "https://www.facebook.com/tr/?id=1&ev=Lead&dl=https%3A%2F%2Fshop.example%2F&ud[em]=a%40b.example&fbp=fb.1.1700000000000.1",
		Headers: []har.NameValue{{Name: "Cookie", Value: "c_user=1000; xs=1%3Aa; mystery=1"}},
	}}
	for _, ev := range reg.Decode("visit.har", e) {
		for _, dt := range ev.DataTypes() {
			fmt.Println(dt)
		}
	}
	// Output:
	// page URL
	// event name
	// plain-text personal data
	// account identifier
	// browser identifier
	// login session
	// tracker configuration
	// cookie (unknown purpose)
}
