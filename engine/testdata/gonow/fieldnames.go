// Structs with unexported fields under %+v and %#v: the fields' own names.
package main

import "fmt"

type inner struct {
	id  int
	Tag string
}

type result struct {
	host string
	ok   bool
	In   inner
	p    *inner
	err  error
}

func main() {
	r := result{host: "web-1", ok: true, In: inner{3, "t"}}
	fmt.Printf("%+v\n", r)
	fmt.Printf("%v\n", r)
	fmt.Printf("%+v\n", &r)
	fmt.Printf("%#v\n", inner{1, "x"})
	s := fmt.Sprintf("%+v|%s|%d", inner{2, "y"}, inner{2, "y"}, inner{2, "y"})
	fmt.Println(s)
	fmt.Println(r.In, inner{4, "z"})
}
