package form_test

import (
	"fmt"

	"github.com/haruspex/haruspex/decode/internal/form"
	"github.com/haruspex/haruspex/har"
)

func ExampleFields() {
	for f := range form.Fields("id=1&cd%5Bvalue%5D=9.99&ev=Page+View&dl=100%&x=%FF") {
		fmt.Printf("%q = %q (ok %v)\n", f.Name, f.Value, f.OK)
	}
	// Output:
	// "id" = "1" (ok true)
	// "cd[value]" = "9.99" (ok true)
	// "ev" = "Page View" (ok true)
	// "dl" = "100%" (ok false)
	// "x" = "%FF" (ok false)
}

func ExampleUnescape() {
	fmt.Println(form.Unescape("a+b%2Bc", true))
	fmt.Println(form.Unescape("a+b%2Bc", false))
	fmt.Println(form.Unescape("caf%C3", false))
	// Output:
	// a b+c true
	// a+b+c true
	// caf%C3 false
}

func ExampleCookies() {
	r := &har.Request{Headers: []har.NameValue{{Name: "Cookie", Value: "_fbp=fb.1.2.3; OptanonConsent=groups%3DC0001%3A1; "}}}
	captured := form.Cookies(r, func(name, value string) {
		fmt.Printf("%s = %s\n", name, value)
	})
	fmt.Println("captured:", captured)
	// Output:
	// _fbp = fb.1.2.3
	// OptanonConsent = groups%3DC0001%3A1
	// captured: true
}
