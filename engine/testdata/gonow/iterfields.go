// A range over a function held in a struct's field, or of a named
// function type, a generic one's instance included.
package main

import "fmt"

type Inventory struct {
	Each func(yield func(string) bool)
}

type Seq func(func(int) bool)

type Seq2[K, V any] func(func(K, V) bool)

type List[V any] func(func(V) bool)

func count(n int) Seq {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func indexed(words []string) Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, w := range words {
			if !yield(i, w) {
				return
			}
		}
	}
}

type Fleet struct {
	hosts []string
	Walk  Seq
}

func main() {
	inv := Inventory{Each: func(yield func(string) bool) { _ = yield("web") && yield("db") }}
	for s := range inv.Each {
		fmt.Println("inventory:", s)
	}
	p := &inv
	for s := range p.Each {
		fmt.Println("by pointer:", s)
	}
	var s Seq = count(2)
	for i := range s {
		fmt.Println("seq:", i)
	}
	for i := range count(5) {
		if i == 3 {
			break
		}
		fmt.Println("count:", i)
	}
	for i, w := range indexed([]string{"a", "b"}) {
		fmt.Println("indexed:", i, w)
	}
	var l List[string] = func(yield func(string) bool) { yield("only") }
	for v := range l {
		fmt.Println("list:", v)
	}
	f := Fleet{hosts: []string{"h1"}, Walk: count(1)}
	for i := range f.Walk {
		fmt.Println("fleet:", i, f.hosts[i])
	}
}
