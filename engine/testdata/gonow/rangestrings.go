// Ranging over strings with the index: byte positions, also after a byte
// that is not UTF-8, with continue, into variables declared before, over a
// function's result, a parameter, a struct's field and a method's result.
package main

import (
	"fmt"
	"net/url"
	"strings"
)

func lastNewline(text string) (at int) {
	at = -1
	for i, c := range text {
		if c == '\n' {
			at = i
		}
	}
	return at
}

type Host struct {
	Name  string
	Notes []string
}

func (h Host) Label() string { return "«" + h.Name + "»" }

func main() {
	h := Host{Name: "dépôt", Notes: []string{"né"}}
	for i := range h.Name {
		fmt.Print(i, " ")
	}
	for i := range h.Label() {
		fmt.Print(i, " ")
	}
	for i := range h.Notes[0] {
		fmt.Print(i, " ")
	}
	u, _ := url.Parse("http://example.com/dépôt")
	for i := range u.Path {
		fmt.Print(i, " ")
	}
	fmt.Println()
	for i := range "héllo" {
		fmt.Print(i, " ")
	}
	fmt.Println()
	for i, r := range "h\xffllo" {
		fmt.Print(i, ":", r, " ")
	}
	fmt.Println()
	for i, c := range strings.ToUpper("héy") {
		if c == 'É' {
			fmt.Println("É at", i)
			continue
		}
		fmt.Println(i, string(c))
	}
	var j int
	var ch rune
	for j, ch = range "añb" {
	}
	fmt.Println(j, string(ch))
	fmt.Println(lastNewline(strings.Repeat("ab\n", 1000)))
	s := "ça va"
	n := 0
	for i := range s + "!" {
		n += i
	}
	fmt.Println(n)
}
