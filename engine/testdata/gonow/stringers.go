// The String and Error methods of struct types, on the elements of slices
// and on a map's values, under the verbs that print through them.
package main

import "fmt"

type Host struct {
	Name string
	Port int
}

func (h Host) String() string { return fmt.Sprintf("%s:%d", h.Name, h.Port) }

type N struct{ v int }

func (n *N) String() string { return fmt.Sprint("n", n.v) }

type E struct{ code int }

func (e E) Error() string { return fmt.Sprint("code ", e.code) }

func main() {
	hs := []Host{{"web-1", 22}, {"db-1", 5432}}
	fmt.Println(hs)
	fmt.Printf("%v|%s|%q|%d\n", hs, hs, hs, len(hs))
	m := map[string]Host{"a": {"x", 1}}
	fmt.Println(m)
	ns := []*N{{1}, {2}}
	fmt.Println(ns)
	fmt.Println(fmt.Sprint([]Host{}))
	fmt.Println([]E{{3}})
	fmt.Println(hs[0])
}
