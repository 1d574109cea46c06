// Method values: of a value receiver, a copy of the receiver made when the
// value is taken (also in a range loop); of a pointer receiver, the pointer.
package main

import "fmt"

type Counter struct{ N int }

func (c Counter) Get() int      { return c.N }
func (c Counter) Add(d int) int { return c.N + d }
func (c *Counter) Inc()         { c.N++ }

func main() {
	t := Counter{1}
	f := t.Get
	add := t.Add
	inc := t.Inc
	t.N = 5
	inc()
	fmt.Println(f(), add(10), t.Get(), t.N)
	fs := []func() int{}
	for _, c := range []Counter{{1}, {2}} {
		fs = append(fs, c.Get)
	}
	fmt.Println(fs[0](), fs[1]())
}
