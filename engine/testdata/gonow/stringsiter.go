package main

import (
	"fmt"
	"strings"
)

func main() {
	for l := range strings.Lines("a\nb\nc") {
		fmt.Printf("%q ", l)
	}
	fmt.Println()
	n := 0
	for f := range strings.FieldsSeq("  one two   three ") {
		n += len(f)
	}
	for part := range strings.SplitSeq("x,y", ",") {
		fmt.Print(part)
	}
	fmt.Println(n)
}
