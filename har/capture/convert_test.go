package capture

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/haruspex/haruspex/har"
)

func TestQueryString(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want []har.NameValue
	}{
		{"none", "https://a.example/", nil},
		{"order and duplicates kept", "https://a.example/?b=2&a=1&b=3", []har.NameValue{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}, {Name: "b", Value: "3"}}},
		{"keys and values decoded", "https://a.example/?cd%5BbuttonText%5D=Report%20domestic+abuse", []har.NameValue{{Name: "cd[buttonText]", Value: "Report domestic abuse"}}},
		// A bad escape is kept as sent, not dropped.
		{"bad escape kept", "https://a.example/?x=%ZZ&y", []har.NameValue{{Name: "x", Value: "%ZZ"}, {Name: "y"}}},
		{"fragment ignored", "https://a.example/?a=1#b=2", []har.NameValue{{Name: "a", Value: "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, queryString(tt.url)); diff != "" {
				t.Errorf("queryString() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequestCookies(t *testing.T) {
	got := requestCookies([]string{`c_user=100012345678901; fr=0abc.def;; odd="a b"`, "xs=1"})
	want := []har.Cookie{{Name: "c_user", Value: "100012345678901"}, {Name: "fr", Value: "0abc.def"}, {Name: "odd", Value: `"a b"`}, {Name: "xs", Value: "1"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requestCookies() mismatch (-want +got):\n%s", diff)
	}
}

func TestDecodeBody(t *testing.T) {
	const text = "<p>Report domestic abuse</p>"
	var gz, zl bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	lw := zlib.NewWriter(&zl)
	lw.Write([]byte(text))
	lw.Close()
	tests := []struct {
		name, encoding string
		body           []byte
		want           string
		wantErr        bool
	}{
		{"identity", "", []byte(text), text, false},
		{"gzip", "gzip", gz.Bytes(), text, false},
		{"deflate", "deflate", zl.Bytes(), text, false},
		// The proxy has no brotli decoder: the body is kept encoded.
		{"brotli", "br", []byte{0x0b, 0x02}, "", true},
		// Claimed gzip that is not: kept as received.
		{"corrupt gzip", "gzip", []byte("plain"), "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeBody(tt.encoding, tt.body)
			if (err != nil) != tt.wantErr || string(got) != tt.want {
				t.Errorf("decodeBody() = %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestContentUndecodable(t *testing.T) {
	c := content(&exchange{encoding: "br", resBody: []byte{0x0b, 0x02, 0x80}, resCtype: "text/html"})
	want := har.Content{Size: -1, Compression: -1, MimeType: "text/html", Text: "CwKA", HasText: true, TextLen: 4, Encoding: "base64",
		Comment: `body as received, Content-Encoding "br" not decoded: unsupported content coding "br"`}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("content() mismatch (-want +got):\n%s", diff)
	}
}

func TestPostDataBinary(t *testing.T) {
	pd := postData("application/octet-stream", []byte{0xff, 0x00})
	want := &har.PostData{MimeType: "application/octet-stream", Text: "/wA=", HasText: true, Comment: "text is base64: the body is not UTF-8"}
	if diff := cmp.Diff(want, pd); diff != "" {
		t.Errorf("postData() mismatch (-want +got):\n%s", diff)
	}
}

// FuzzPostData: any body, under any Content-Type, is kept exactly (as text
// or base64), and parameter parsing never panics.
func FuzzPostData(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", []byte("id=1&ev=Lead&ud%5Bem%5D=abc&=&x"))
	f.Add("multipart/form-data; boundary=b", []byte("--b\r\nContent-Disposition: form-data; name=\"ev\"\r\n\r\nLead\r\n--b--\r\n"))
	f.Add("text/plain;charset=UTF-8", []byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, ctype string, body []byte) {
		pd := postData(ctype, body)
		text := []byte(pd.Text)
		if pd.Comment != "" {
			var err error
			text, err = base64Decode(pd.Text)
			if err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(text, body) {
			t.Fatalf("postData text %q, body %q", text, body)
		}
		queryString("https://a.example/?" + string(body))
	})
}

func base64Decode(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }
