// %v, %+v and %#v of struct types: nested structs, nil pointers, and the
// names %#v gives them.
package main

import "fmt"

type Inner struct{ X int }
type Host struct {
	Name string
	Port int
	In   Inner
	p    *Inner
}

func main() {
	h := Host{Name: "a", Port: 22, In: Inner{1}}
	fmt.Printf("%v|%+v|%#v\n", h, h, h)
	fmt.Printf("%v|%+v|%#v\n", &h, &h, Inner{2})
	fmt.Println(h, &Inner{3})
	var np *Host
	fmt.Printf("%v %#v\n", np, np)
}

func init() {
	h := Host{p: &Inner{4}}
	s := fmt.Sprintf("%+v", h)
	fmt.Println(s[len(s)-3:] != "4}}", len(s) > 0)
}
