// Command bareyaegi is the baseline for opsh's benchmarks: a yaegi
// interpreter with only the standard library, evaluating its argument, or
// with no argument each line of its standard input.
package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func main() {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		panic(err)
	}
	if len(os.Args) > 1 {
		v, err := i.Eval(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(v)
		return
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		if _, err := i.Eval(sc.Text()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
