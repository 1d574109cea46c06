// Method values of a pointer receiver taken of elements and fields in a
// loop are bound to each element, as Go binds them.
package main

import "fmt"

type C struct{ N int }

func (c *C) Inc() { c.N++ }

type Pool struct{ workers [3]C }

func main() {
	cs := []C{{0}, {0}, {0}}
	var fs []func()
	for i := range cs {
		fs = append(fs, cs[i].Inc)
	}
	for i := range cs {
		f := cs[i].Inc
		f()
	}
	for _, f := range fs {
		f()
	}
	fmt.Println(cs)
	var p Pool
	var gs []func()
	for i := range p.workers {
		gs = append(gs, p.workers[i].Inc)
	}
	gs[0]()
	gs[2]()
	fmt.Println(p.workers)
	c := C{}
	h := c.Inc
	h()
	h()
	fmt.Println(c)
}
