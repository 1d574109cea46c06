package main

import (
	"fmt"
	"sort"
	"strings"
)

// Pair is a key and its value, as a lookup returns them.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// Stack is a stack of pending work.
type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

// Box holds one measurement.
type Box[T any] struct{ V T }

// Port is a listening port, of the same fields as a Box[int].
type Port struct{ V int }

func (p Port) String() string { return fmt.Sprintf("port %d", p.V) }

func New[T any]() *T { return new(T) }

func lookup[K comparable, V any](m map[K]V, k K) (Pair[K, V], string) {
	if v, ok := m[k]; ok {
		return Pair[K, V]{k, v}, "found"
	}
	return Pair[K, V]{}, "missing"
}

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func describe(x any) string {
	switch v := x.(type) {
	case Box[int]:
		return fmt.Sprintf("int box %d", v.V)
	case Box[string]:
		return "string box " + v.V
	case Port:
		return v.String()
	}
	return "unknown"
}

var upper = Map[string, string]

func main() {
	owners := map[string]int{"web-1": 3, "db-1": 1}
	first := Pair[string, int]{"web-1", owners["web-1"]}
	fmt.Println("first:", first.Key, first.Val)
	fmt.Println("checking")
	second := Pair[string, int]{Key: "db-1", Val: owners["db-1"]}
	fmt.Println("second:", second.Key, second.Val)
	for _, host := range []string{"web-1", "cache-1"} {
		p, status := lookup(owners, host)
		fmt.Printf("%s: %s %d %s\n", host, p.Key, p.Val, status)
	}
	ptr := &Pair[string, bool]{"tls", true}
	fmt.Println(ptr.Key, ptr.Val)

	pending := New[Stack[string]]()
	pending.Push("restart web-1")
	pending.Push("drain db-1")
	for {
		job, ok := pending.Pop()
		if !ok {
			break
		}
		fmt.Println("job:", job)
	}

	var x any = Box[int]{8080}
	_, isPort := x.(Port)
	b, isBox := x.(Box[int])
	fmt.Println(isPort, isBox, b.V)
	fmt.Println(describe(x), "|", describe(Box[string]{"up"}), "|", describe(Port{22}))
	fmt.Printf("%#v %T\n", Box[int]{1}, Box[Port]{})
	var s Stack[string]
	fmt.Printf("%T %T\n", s, &s)

	names := upper([]string{"web-1", "db-1"}, strings.ToUpper)
	sort.Strings(names)
	fmt.Println(names)
}
