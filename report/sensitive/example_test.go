package sensitive_test

import (
	"fmt"
	"strings"

	"github.com/haruspex/haruspex/report/sensitive"
)

func ExampleSet_Match() {
	set := sensitive.Builtin()
	for _, text := range []string{
		"https://www.police.example/ro/report/domestic-abuse/",
		"Report domestic abuse",
		"Grape harvest festival", // "rape" matches whole words only
	} {
		fmt.Printf("%q:\n", text)
		for _, h := range set.Match(text) {
			fmt.Printf("  %s %s %q at %d-%d (%s:%d)\n", h.Category, h.Kind, h.Text, h.Start, h.End, h.File, h.Line)
		}
	}
	// Output:
	// "https://www.police.example/ro/report/domestic-abuse/":
	//   crime-reporting url "/ro/report/" at 26-37 (terms.txt:59)
	//   domestic-abuse term "domestic-abuse" at 37-51 (terms.txt:90)
	// "Report domestic abuse":
	//   domestic-abuse term "domestic abuse" at 7-21 (terms.txt:90)
	// "Grape harvest festival":
}

func ExampleLoad() {
	// An investigator's own list; the second rule's kind is misspelt.
	file := "# my list\n" +
		"housing  term  homeless*\n" +
		"housing  trem  eviction notice\n"
	_, err := sensitive.Load(strings.NewReader(file), "my-terms.txt")
	fmt.Println(err)

	set, err := sensitive.Load(strings.NewReader(file[:strings.LastIndex(file, "housing")]), "my-terms.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range set.Match("/advice/homelessness-support/") {
		fmt.Println(h.Category, h.Value, h.Text)
	}
	// Output:
	// my-terms.txt:3: kind "trem": want term or url
	// housing homeless* homelessness
}
