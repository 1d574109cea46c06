package main

import (
	"fmt"
	"strings"
)

type Endpoint struct {
	Host string
	Port int
}

type Counter struct {
	name string
	n    int
}

func (c Counter) Value() int    { return c.n }
func (c *Counter) Inc()         { c.n++ }
func (c Counter) Label() string { return fmt.Sprintf("%s=%d", c.name, c.n) }

type Window [4]int

func (w Window) Sum() int {
	s := 0
	for _, v := range w {
		s += v
	}
	return s
}

func (w *Window) Shift(v int) {
	copy(w[:], w[1:])
	w[len(w)-1] = v
}

func main() {
	// Structs as map keys and ==.
	seen := map[Endpoint]int{}
	for _, e := range []Endpoint{{"a", 80}, {"b", 443}, {"a", 80}, {"a", 8080}} {
		seen[e]++
	}
	fmt.Println(len(seen), seen[Endpoint{"a", 80}], Endpoint{"a", 1} == Endpoint{"a", 1})
	type key struct {
		svc  string
		zone [2]byte
	}
	k1, k2 := key{"api", [2]byte{'e', 'u'}}, key{"api", [2]byte{'e', 'u'}}
	fmt.Println(k1 == k2, map[key]bool{k1: true}[k2])

	// Arrays copy, slices alias.
	arr := [3]int{1, 2, 3}
	arr2 := arr
	arr2[0] = 100
	sl := arr[:]
	sl[1] = 200
	fmt.Println(arr, arr2, sl)

	base := make([]int, 3, 10)
	x := append(base, 1)
	y := append(base, 2)
	fmt.Println(x[3], y[3], len(base), cap(x))
	full := []int{1, 2, 3}
	p := append(full, 4)
	q := append(full, 5)
	p[0] = 99
	fmt.Println(full, p, q)
	clipped := full[:2:2]
	clipped = append(clipped, 7)
	fmt.Println(full, clipped)
	dst := make([]int, 2)
	n := copy(dst, []int{9, 8, 7})
	bs := make([]byte, 5)
	fmt.Println(n, dst, copy(bs, "hi"), string(bs[:2]))

	var w Window
	for i := 1; i <= 6; i++ {
		w.Shift(i)
	}
	fmt.Println(w, w.Sum())
	wc := w
	wc.Shift(0)
	fmt.Println(w, wc)

	// Method values and method expressions.
	c := Counter{name: "req"}
	inc := c.Inc
	val := c.Value
	inc()
	inc()
	fmt.Println(c.n, val(), c.Value())
	label := Counter.Label
	incE := (*Counter).Inc
	incE(&c)
	fmt.Println(label(c), Counter.Value(c))
	fns := []func() string{c.Label, Counter{"x", 5}.Label}
	c.n = 42
	var out []string
	for _, f := range fns {
		out = append(out, f())
	}
	fmt.Println(strings.Join(out, " "))
	ptr := &c
	pv := ptr.Value
	ptr.n = 1
	fmt.Println(pv(), ptr.Value())
}
