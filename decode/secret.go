package decode

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/har/site"
)

// This file is the one table of login secrets: the cookies, headers and
// parameters whose values are session credentials, so that whoever holds
// one can act as the signed-in user. [Registry.Decode] masks their values
// in every event it makes (unless [Registry.RevealSecrets]), and
// har/redact replaces them in a copy of a capture; both find them with
// [EntrySecrets].

// SecretIn says where a login secret is carried.
type SecretIn int

// Where a secret is carried.
const (
	SecretCookie SecretIn = iota // a cookie: request.cookies, Cookie, Set-Cookie, response.cookies
	SecretHeader                 // a request or response header
	SecretParam                  // a query or body parameter
	numSecretIns
)

var secretInNames = [numSecretIns]string{SecretCookie: "cookie", SecretHeader: "header", SecretParam: "parameter"}

// String returns "cookie", "header" or "parameter".
func (s SecretIn) String() string {
	if s >= 0 && s < numSecretIns {
		return secretInNames[s]
	}
	return fmt.Sprintf("SecretIn(%d)", int(s))
}

// SecretName is one row of the table of login secrets ([SecretNames]).
type SecretName struct {
	// Name is the cookie, header or parameter name. In a cookie name, "*"
	// matches any run of characters ("__Secure-*PSID*" is
	// __Secure-1PSID, __Secure-3PSIDTS …). Cookie and parameter names
	// compare exactly, header names without regard to case.
	Name string
	In   SecretIn
	// Issuer is who sets it, e.g. "Facebook", "Google", "many sites".
	Issuer string
	// Why says what holding the value lets someone do.
	Why string
}

// MinSecretLength is the length, in characters, below which a value of a
// secret's name is not taken as a secret. Session credentials are long
// random strings; the short values these names also take ("deleted",
// "0", "1") are tombstones and flags, and replacing them wherever they
// occur would replace unrelated text.
const MinSecretLength = 8

// The reasons, shared by the rows they explain.
const (
	whySession  = "the login session: whoever sends it is signed in as the user"
	whyCSRF     = "the anti-forgery token of the login session: with the session cookie it lets requests act as the user"
	whyRemember = "a \"remember me\" token: it signs the browser back in to the account"
	whySiteSess = "a web framework's session cookie: on a site where the visitor is signed in, it is that sign-in"
)

// secretTable lists every login secret haruspex knows, cookies first,
// then headers, then parameters. README.md's "Login secrets" section is
// rendered from it ([SecretsMarkdown]).
var secretTable = []SecretName{
	// Meta. c_user is not here: an account ID is evidence, not a
	// credential; xs is what makes it a session.
	{"xs", SecretCookie, "Facebook", "Facebook's session token: with c_user (the account ID, which stays readable) it signs the browser in to the Facebook account"},
	{"sessionid", SecretCookie, "Instagram, TikTok, Django sites", whySession},
	{"csrftoken", SecretCookie, "Instagram, Pinterest, Django sites", whyCSRF},
	// Google.
	{"SID", SecretCookie, "Google", "Google's sign-in cookies: together they sign the browser in to the Google account"},
	{"HSID", SecretCookie, "Google", "Google sign-in cookie (see SID)"},
	{"SSID", SecretCookie, "Google", "Google sign-in cookie (see SID)"},
	{"APISID", SecretCookie, "Google", "Google sign-in cookie that also signs requests to Google's APIs"},
	{"SAPISID", SecretCookie, "Google", "Google sign-in cookie that also signs requests to Google's APIs"},
	{"SIDCC", SecretCookie, "Google", "Google sign-in cookie (see SID)"},
	{"LSID", SecretCookie, "Google", "Google account sign-in (accounts.google.com)"},
	{"OSID", SecretCookie, "Google", "Google sign-in for a Google service"},
	{"__Secure-*PSID*", SecretCookie, "Google", "Google's sign-in cookies for first- and third-party contexts (__Secure-1PSID, __Secure-3PSIDTS …)"},
	{"__Secure-*PAPISID", SecretCookie, "Google", "Google sign-in cookie that also signs requests to Google's APIs"},
	{"__Secure-OSID", SecretCookie, "Google", "Google sign-in for a Google service"},
	{"__Host-*LSID", SecretCookie, "Google", "Google account sign-in (accounts.google.com)"},
	// X (Twitter).
	{"auth_token", SecretCookie, "X (Twitter)", whySession},
	{"ct0", SecretCookie, "X (Twitter)", "X's anti-forgery token, sent again as the x-csrf-token header: with auth_token it lets requests act as the account"},
	{"kdt", SecretCookie, "X (Twitter)", "X's known-device token: it lets a login on this browser skip verification"},
	{"_twitter_sess", SecretCookie, "X (Twitter)", whySession},
	// LinkedIn.
	{"li_at", SecretCookie, "LinkedIn", whySession},
	{"li_rm", SecretCookie, "LinkedIn", whyRemember},
	// TikTok.
	{"sessionid_ss", SecretCookie, "TikTok", whySession},
	{"sid_tt", SecretCookie, "TikTok", whySession},
	{"sid_guard", SecretCookie, "TikTok", "TikTok's session ID with its expiry: whoever sends it is signed in as the user"},
	{"sid_ucp_v1", SecretCookie, "TikTok", whySession},
	{"ssid_ucp_v1", SecretCookie, "TikTok", whySession},
	// Reddit, Pinterest.
	{"reddit_session", SecretCookie, "Reddit", whySession},
	{"token_v2", SecretCookie, "Reddit", "Reddit's access token for the signed-in account"},
	{"_pinterest_sess", SecretCookie, "Pinterest", whySession},
	// Microsoft.
	{"ESTSAUTH*", SecretCookie, "Microsoft", "Microsoft Entra (Azure AD) sign-in: it signs the browser in to the work or school account"},
	{"MSPAuth", SecretCookie, "Microsoft", "Microsoft account sign-in"},
	{"_U", SecretCookie, "Microsoft (Bing)", "Bing's Microsoft account sign-in"},
	// Amazon, GitHub.
	{"at-main", SecretCookie, "Amazon", "Amazon's access token for the signed-in account"},
	{"sess-at-main", SecretCookie, "Amazon", "Amazon's session access token for the signed-in account"},
	{"at-acb*", SecretCookie, "Amazon", "Amazon's access token for the signed-in account (regional sites)"},
	{"sess-at-acb*", SecretCookie, "Amazon", "Amazon's session access token (regional sites)"},
	{"user_session", SecretCookie, "GitHub", whySession},
	{"__Host-user_session_same_site", SecretCookie, "GitHub", whySession},
	// Web frameworks: a site's own session.
	{"JSESSIONID", SecretCookie, "Java sites, LinkedIn", whySiteSess},
	{"PHPSESSID", SecretCookie, "PHP sites", whySiteSess},
	{"ASP.NET_SessionId", SecretCookie, "ASP.NET sites", whySiteSess},
	{"ASPSESSIONID*", SecretCookie, "classic ASP sites", whySiteSess},
	{".ASPXAUTH", SecretCookie, "ASP.NET sites", "ASP.NET's sign-in ticket: whoever sends it is signed in as the user"},
	{".AspNetCore.Identity.Application", SecretCookie, "ASP.NET Core sites", "ASP.NET Core's sign-in ticket: whoever sends it is signed in as the user"},
	{"connect.sid", SecretCookie, "Node.js (Express) sites", whySiteSess},
	{"laravel_session", SecretCookie, "Laravel sites", whySiteSess},

	// Headers. Of Authorization and Proxy-Authorization, the credentials
	// after the scheme ("Bearer …", "Basic …") are the secret; the
	// scheme stays readable.
	{"Authorization", SecretHeader, "any site", "the credentials the browser proves who it is with (a bearer token, or a password in Basic)"},
	{"Proxy-Authorization", SecretHeader, "any proxy", "the credentials the browser signs in to a proxy with"},
	{"X-CSRF-Token", SecretHeader, "X (Twitter), many sites", whyCSRF},
	{"X-CSRFToken", SecretHeader, "Instagram, Django sites", whyCSRF},
	{"X-XSRF-Token", SecretHeader, "Angular sites", whyCSRF},
	{"X-Auth-Token", SecretHeader, "many sites", "an access token: whoever sends it acts as the user"},
	{"X-API-Key", SecretHeader, "many sites", "an API key: whoever sends it acts as its owner"},
	{"X-Amz-Security-Token", SecretHeader, "Amazon Web Services", "a temporary AWS credential"},

	// Parameters (query or body).
	{"access_token", SecretParam, "OAuth (Facebook Graph API …)", "an OAuth access token: whoever sends it acts as the user"},
	{"id_token", SecretParam, "OpenID Connect", "a signed statement of who the user is, accepted as a sign-in"},
	{"refresh_token", SecretParam, "OAuth", "an OAuth refresh token: it makes new access tokens for the user"},
	{"fb_dtsg", SecretParam, "Facebook", "Facebook's anti-forgery token of the login session: with the session cookies it lets requests act as the user"},
}

// SecretNames returns the table of login secrets: every cookie, header and
// parameter whose value is a session credential, so that whoever holds it
// can act as the user. It is a fresh slice on each call.
func SecretNames() []SecretName {
	return slices.Clone(secretTable)
}

// IsSecret reports whether a cookie, header or parameter of that name
// carries a login secret ([SecretNames]).
func IsSecret(in SecretIn, name string) bool {
	if in < 0 || in >= numSecretIns {
		return false
	}
	ix := &secretIndex[in]
	if in == SecretHeader {
		for _, h := range ix.names {
			if strings.EqualFold(h, name) {
				return true
			}
		}
		return false
	}
	if ix.exact[name] {
		return true
	}
	for _, p := range ix.patterns {
		if p.matches(name) {
			return true
		}
	}
	return false
}

// matches reports whether a cookie or parameter name matches the pattern
// s.Name, whose "*" matches any run of characters.
func (s *SecretName) matches(name string) bool {
	// The literal start first: most names fail there, cheaply.
	// path.Match's * does not cross "/", which no cookie name holds.
	lit, _, _ := strings.Cut(s.Name, "*")
	if !strings.HasPrefix(name, lit) {
		return false
	}
	ok, _ := path.Match(s.Name, name)
	return ok
}

// secretIndex is [secretTable] indexed for [IsSecret], which every entry
// decoded asks about each of its cookies and headers: per place, the
// exact names (headers: a list compared without case) and the patterns.
// It is built once and never changed.
var secretIndex = func() (ix [numSecretIns]struct {
	exact    map[string]bool
	names    []string
	patterns []*SecretName
}) {
	for i := range secretTable {
		s := &secretTable[i]
		x := &ix[s.In]
		switch {
		case s.In == SecretHeader:
			x.names = append(x.names, s.Name)
		case strings.Contains(s.Name, "*"):
			x.patterns = append(x.patterns, s)
		default:
			if x.exact == nil {
				x.exact = map[string]bool{}
			}
			x.exact[s.Name] = true
		}
	}
	return ix
}()

// MaskSecret returns the masked form of a secret value, shown instead of
// it in every output unless secrets are revealed:
//
//	«secret: xs, 44 chars, sha256 1f3a5c0e9b2d…»
//
// name is the cookie, header or parameter it was found in; the length
// counts characters; the hash is the first 12 hex digits of the SHA-256
// of the value as sent. The form depends only on name and value, so
// identical secrets still compare equal (visitors are still linked by
// them), and whoever holds a value can check that it is the one meant.
func MaskSecret(name, value string) string {
	h := sha256.Sum256([]byte(value))
	return fmt.Sprintf("«secret: %s, %d chars, sha256 %s…»", name, utf8.RuneCountInString(value), hex.EncodeToString(h[:6]))
}

// SecretValue is one login secret an entry carries.
type SecretValue struct {
	Name  string // the cookie, header or parameter name, as sent
	In    SecretIn
	Value string // the value as sent (of Authorization: the credentials after the scheme)
}

// EntrySecrets returns the login secrets an entry carries: the values of
// the cookies, headers and parameters that [SecretNames] lists, in the
// request (cookies from request.cookies and the Cookie headers, headers,
// URL query and body parameters) and in the response (Set-Cookie headers,
// response.cookies, headers), in that order, each value once (under the
// first name it was found with). Values shorter than [MinSecretLength]
// and redaction placeholders (REDACTED-…, which har/redact writes in
// place of a secret) are not secrets.
func EntrySecrets(e *har.Entry) []SecretValue {
	var out []SecretValue
	add := func(name string, in SecretIn, value string) {
		if utf8.RuneCountInString(value) < MinSecretLength || isPlaceholder(value) {
			return
		}
		for _, s := range out {
			if s.Value == value {
				return
			}
		}
		out = append(out, SecretValue{Name: name, In: in, Value: value})
	}
	cookie := func(name, value string) {
		if IsSecret(SecretCookie, name) {
			add(name, SecretCookie, value)
		}
	}
	// Every cookie the request records, from both places: a capture may
	// hold the list and the header with different content.
	for _, c := range e.Request.Cookies {
		cookie(c.Name, c.Value)
	}
	for _, h := range e.Request.Headers {
		if strings.EqualFold(h.Name, "cookie") {
			eachCookiePair(h.Value, cookie)
		}
	}
	headers := func(hs []har.NameValue) {
		for _, h := range hs {
			if IsSecret(SecretHeader, h.Name) {
				add(h.Name, SecretHeader, headerCredentials(h.Name, h.Value))
			}
		}
	}
	headers(e.Request.Headers)
	if mentionsSecretParam(e) {
		var w warnings
		for _, p := range requestParams(e, &w) {
			if IsSecret(SecretParam, p.Name) {
				add(p.Name, SecretParam, p.Value)
			}
		}
	}
	for _, h := range e.Response.Headers {
		if strings.EqualFold(h.Name, "set-cookie") {
			// name=value; attributes
			pair, _, _ := strings.Cut(h.Value, ";")
			name, value, _ := strings.Cut(pair, "=")
			cookie(strings.TrimSpace(name), strings.TrimSpace(value))
		}
	}
	for _, c := range e.Response.Cookies {
		cookie(c.Name, c.Value)
	}
	headers(e.Response.Headers)
	return out
}

// eachCookiePair calls fn with each name=value pair of a Cookie header.
func eachCookiePair(header string, fn func(name, value string)) {
	for pair := range strings.SplitSeq(header, ";") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		fn(strings.TrimSpace(name), strings.TrimSpace(value))
	}
}

// headerCredentials returns the secret part of a header's value: of
// Authorization and Proxy-Authorization ("Bearer abc…"), what follows
// the scheme; of any other, the whole value.
func headerCredentials(name, value string) string {
	value = strings.TrimSpace(value)
	if strings.EqualFold(name, "authorization") || strings.EqualFold(name, "proxy-authorization") {
		if scheme, cred, ok := strings.Cut(value, " "); ok && scheme != "" && !strings.ContainsAny(scheme, "=,") {
			return strings.TrimSpace(cred)
		}
	}
	return value
}

// mentionsSecretParam reports whether the entry's URL or body holds the
// name of a secret parameter at all: most do not, and are not parsed.
func mentionsSecretParam(e *har.Entry) bool {
	var body string
	var params []har.Param
	if pd := e.Request.PostData; pd != nil {
		body, params = pd.Text, pd.Params
	}
	// A name the URL writes with escapes is compared decoded: lean
	// reading leaves out request.queryString, the browser's decoded copy,
	// when the URL has the query.
	escaped := escapedQueryNames(e.Request.URL)
	for _, s := range secretTable {
		if s.In != SecretParam {
			continue
		}
		if strings.Contains(e.Request.URL, s.Name) || strings.Contains(body, s.Name) {
			return true
		}
		for _, n := range escaped {
			if strings.Contains(n, s.Name) {
				return true
			}
		}
		for _, q := range e.Request.QueryString {
			if strings.Contains(q.Name, s.Name) {
				return true
			}
		}
		for _, p := range params {
			if strings.Contains(p.Name, s.Name) {
				return true
			}
		}
	}
	return false
}

// escapedQueryNames returns, decoded as form.Fields decodes them, the
// names of the URL's query parameters that are written with a percent
// escape or a "+" (most URLs have none: nil). Their values are not
// decoded: most of a tracker's hit is escaped values.
func escapedQueryNames(rawURL string) []string {
	if !form.Escaped(rawURL) {
		return nil
	}
	_, _, query := site.Split(rawURL)
	var names []string
	for name := range form.RawNames(query) {
		if form.Escaped(name) {
			n, _ := form.Unescape(name, true)
			names = append(names, n)
		}
	}
	return names
}

// placeholderPrefix starts every placeholder har/redact writes in place of
// a replaced value (REDACTED-SECRET-xs-1, REDACTED-EMAIL-2 …).
const placeholderPrefix = "REDACTED-"

// isPlaceholder reports whether v is a whole redaction placeholder:
// REDACTED-, then letters, digits, "_", "." and "-", ending in -<number>.
// A copy made by har/redact shows its placeholders as they are.
func isPlaceholder(v string) bool {
	rest, ok := strings.CutPrefix(v, placeholderPrefix)
	if !ok {
		return false
	}
	i := strings.LastIndexByte(rest, '-')
	if i <= 0 || i == len(rest)-1 {
		return false
	}
	for j := 0; j < len(rest); j++ {
		c := rest[j]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
		if j > i && !(c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// secretMasker replaces the secrets of one entry, in any of the forms an
// event may hold them (as sent, percent-decoded, percent-encoded), with
// their masked forms.
type secretMasker struct {
	forms  []string // longest first
	masks  []string // the mask of each form's secret
	minLen int
	r      *strings.Replacer // made on the first string that holds a form
}

// newSecretMasker returns a masker for secrets, or nil when there are none.
func newSecretMasker(secrets []SecretValue) *secretMasker {
	if len(secrets) == 0 {
		return nil
	}
	type pair struct{ old, new string }
	var pairs []pair
	seen := map[string]bool{}
	for _, s := range secrets {
		mask := MaskSecret(s.Name, s.Value)
		forms := []string{s.Value, form.ValidUTF8(s.Value), url.QueryEscape(s.Value), url.PathEscape(s.Value)}
		if d, ok := form.Unescape(s.Value, false); ok {
			forms = append(forms, d)
		}
		if d, ok := form.Unescape(s.Value, true); ok {
			forms = append(forms, d)
		}
		for _, f := range forms {
			if len(f) >= MinSecretLength && !seen[f] {
				seen[f] = true
				pairs = append(pairs, pair{f, mask})
			}
		}
	}
	// Longest first: at one position, strings.Replacer takes the first
	// pair that matches.
	slices.SortStableFunc(pairs, func(a, b pair) int { return len(b.old) - len(a.old) })
	m := &secretMasker{minLen: len(pairs[len(pairs)-1].old)}
	for _, p := range pairs {
		m.forms = append(m.forms, p.old)
		m.masks = append(m.masks, p.new)
	}
	return m
}

// replace returns s with the secrets masked. Most strings hold none: they
// are only searched.
func (m *secretMasker) replace(s string) string {
	if len(s) < m.minLen || !slices.ContainsFunc(m.forms, func(f string) bool { return strings.Contains(s, f) }) {
		return s
	}
	if m.r == nil {
		args := make([]string, 0, 2*len(m.forms))
		for i := range m.forms {
			args = append(args, m.forms[i], m.masks[i])
		}
		m.r = strings.NewReplacer(args...)
	}
	return m.r.Replace(s)
}

func (m *secretMasker) str(s *string) {
	*s = m.replace(*s)
}

// mask replaces the secrets in every string of ev.
func (m *secretMasker) mask(ev *Event) {
	for _, s := range []*string{&ev.Host, &ev.Method, &ev.Path, &ev.PixelID, &ev.Name, &ev.Page, &ev.Referrer, &ev.Summary} {
		m.str(s)
	}
	for i := range ev.IDs {
		id := &ev.IDs[i]
		m.str(&id.Value)
		m.str(&id.From)
		for j := range id.Facts {
			m.str(&id.Facts[j].Value)
		}
	}
	for i := range ev.Custom {
		c := &ev.Custom[i]
		m.str(&c.Key)
		m.str(&c.Raw)
		if len(c.JSON) > 0 {
			if j := m.replace(string(c.JSON)); j != string(c.JSON) {
				c.JSON = jsontext.Value(j)
				if !c.JSON.IsValid() {
					c.JSON = nil // Raw, masked, still holds the value
				}
			}
		}
	}
	for i := range ev.UserData {
		m.str(&ev.UserData[i].Value)
	}
	for i := range ev.Matches {
		m.str(&ev.Matches[i].Value)
	}
	for i := range ev.Sensitive {
		m.str(&ev.Sensitive[i].Value)
		m.str(&ev.Sensitive[i].Text)
	}
	for i := range ev.Params {
		p := &ev.Params[i]
		m.str(&p.Name)
		m.str(&p.Value)
		m.str(&p.Label)
	}
	for i := range ev.Warnings {
		m.str(&ev.Warnings[i])
	}
}

// SecretsMarkdown renders the table of login secrets for README.md: one
// row per name, with where it is carried, who sets it and why it is a
// secret.
func SecretsMarkdown() string {
	var b strings.Builder
	b.WriteString("| name | in | set by | why it is a secret |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, s := range secretTable {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", s.Name, s.In, s.Issuer, s.Why)
	}
	return b.String()
}
