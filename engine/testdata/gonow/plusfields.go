// %+v names the unexported fields of structs inside slices, arrays, maps
// and fields as the source writes them, and %#v and %T those of a struct
// type of no name.
package main

import (
	"fmt"
	"log"
	"os"
)

type pair struct {
	k string
	v int
}

type Host struct {
	Name string
	port int
}

type inventory struct {
	Hosts  []Host
	byRole map[string][]Host
	none   []pair
}

func main() {
	fmt.Printf("%+v\n", []pair{{"b", 2}})
	fmt.Printf("%+v\n", [2]pair{{"a", 1}})
	fmt.Printf("%+v\n", map[string]pair{"x": {"a", 1}, "w": {"z", 0}})
	fmt.Printf("%+v\n", pair{"c", 3})
	fmt.Printf("%+v %v\n", []Host{{"a", 1}}, []Host{{"b", 2}})
	fmt.Printf("%+v\n", map[string][]Host{"g": {{"c", 3}}})
	inv := inventory{Hosts: []Host{{"web", 80}}, byRole: map[string][]Host{"db": {{"pg", 5432}}}}
	fmt.Printf("%+v\n", inv)
	fmt.Println(fmt.Sprintf("%+v", struct{ H []pair }{[]pair{{"d", 4}}}))
	fmt.Printf("%+v\n", struct{ k int }{1})
	rows := []struct {
		host string
		up   bool
		Port int
	}{{"a", true, 22}, {"b", false, 80}}
	fmt.Printf("%+v %v\n", rows, rows[0])
	fmt.Printf("%#v %T\n", rows[1], rows[1])
	log.SetOutput(os.Stdout)
	log.SetFlags(0)
	log.Printf("%+v", []any{pair{"e", 5}, 6})
}
