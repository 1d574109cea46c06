// Command without is a yaegi interpreter with the standard library only:
// the baseline bench/aws/size.sh measures the aws builtin against.
package main

import (
	"fmt"
	"os"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func main() {
	i := interp.New(interp.Options{Unrestricted: true})
	i.Use(stdlib.Symbols)
	if len(os.Args) > 1 {
		if _, err := i.Eval(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
