// %v, %+v and %#v of struct types: nested structs, nil pointers, and the
// names %#v gives them, also in slices, arrays and maps.
package main

import "fmt"

type Inner struct{ X int }
type Level int
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
	hs := []Host{{Name: "b", Port: 1}}
	fmt.Printf("%#v\n", hs)
	fmt.Printf("%#v|%#v\n", map[string]Inner{"x": {5}}, []*Inner{nil})
	var none []Inner
	fmt.Printf("%#v %#v %#v\n", [1]Inner{}, none, []Level{1, 2})
}

func init() {
	h := Host{p: &Inner{4}}
	s := fmt.Sprintf("%+v", h)
	fmt.Println(s[len(s)-3:] != "4}}", len(s) > 0)
}
