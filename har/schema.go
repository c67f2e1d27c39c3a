package har

import "github.com/haruspex/haruspex/har/internal/jsonscan"

// The kinds of object the walk over an entry tells apart.
const (
	kindEntry    jsonscan.Kind = iota + 2 // the entry object itself
	kindRequest                           // the entry's request
	kindResponse                          // the entry's response
	kindContent                           // the response's content
)

// Skim fields: the values whose place a walk records for a skim.
const (
	spanPageRef = iota
	spanStarted
	spanResourceType
	spanFetchType
	spanInitiator
	spanMethod
	spanURL
	spanHeaders
	spanCookies
	spanStatus
	spanMimeType
	nSpans
)

// The schemas an entry is walked with: response bodies (the "text" of
// response.content) are cut out, the skim fields located and, lean,
// the response's headers and cookies and the entry's timings cut out
// too.
var (
	entrySchema     = newEntrySchema(false)
	leanEntrySchema = newEntrySchema(true)
)

func newEntrySchema(lean bool) *jsonscan.Schema {
	locate := func(name string, span int) jsonscan.Member {
		return jsonscan.Member{Name: name, Do: jsonscan.Locate, Span: span}
	}
	drop := jsonscan.Nothing
	if lean {
		drop = jsonscan.CutValue
	}
	members := make([][]jsonscan.Member, kindContent+1)
	members[kindEntry] = []jsonscan.Member{
		{Name: "request", Kind: kindRequest},
		{Name: "response", Kind: kindResponse},
		{Name: "timings", Do: drop},
		locate("pageref", spanPageRef),
		locate("startedDateTime", spanStarted),
		locate("_resourceType", spanResourceType),
		locate("_fetchType", spanFetchType),
		locate("_initiator", spanInitiator),
	}
	members[kindRequest] = []jsonscan.Member{
		locate("method", spanMethod),
		locate("url", spanURL),
		locate("headers", spanHeaders),
		locate("cookies", spanCookies),
	}
	members[kindResponse] = []jsonscan.Member{
		{Name: "content", Kind: kindContent},
		locate("status", spanStatus),
		{Name: "headers", Do: drop},
		{Name: "cookies", Do: drop},
	}
	members[kindContent] = []jsonscan.Member{
		{Name: "text", Do: jsonscan.CutString},
		locate("mimeType", spanMimeType),
	}
	return &jsonscan.Schema{Root: kindEntry, Members: members}
}
