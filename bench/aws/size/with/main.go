// Command with is a yaegi interpreter with the standard library and the aws
// builtin's symbol table: bench/aws/size.sh compares its size with
// ../without to measure what the aws builtin adds to opsh.
package main

import (
	"fmt"
	"os"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	awssym "github.com/opsh/opsh/builtins/aws/symbols"
)

func main() {
	i := interp.New(interp.Options{Unrestricted: true})
	i.Use(stdlib.Symbols)
	i.Use(awssym.Symbols)
	if len(os.Args) > 1 {
		if _, err := i.Eval(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
