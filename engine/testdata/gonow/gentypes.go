package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
)

type Set[T comparable] struct{ m map[T]struct{} }

func NewSet[T comparable](xs ...T) *Set[T] {
	s := &Set[T]{m: make(map[T]struct{})}
	for _, x := range xs {
		s.Add(x)
	}
	return s
}
func (s *Set[T]) Add(x T)      { s.m[x] = struct{}{} }
func (s *Set[T]) Has(x T) bool { _, ok := s.m[x]; return ok }
func (s *Set[T]) Len() int     { return len(s.m) }
func (s *Set[T]) Union(o *Set[T]) *Set[T] {
	out := NewSet[T]()
	for k := range s.m {
		out.Add(k)
	}
	for k := range o.m {
		out.Add(k)
	}
	return out
}

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	x := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return x, true
}

type Cache[K comparable, V any] struct {
	data  map[K]V
	order []K
	limit int
}

func NewCache[K comparable, V any](limit int) *Cache[K, V] {
	return &Cache[K, V]{data: map[K]V{}, limit: limit}
}
func (c *Cache[K, V]) Put(k K, v V) {
	if _, ok := c.data[k]; !ok {
		c.order = append(c.order, k)
	}
	c.data[k] = v
	if len(c.order) > c.limit {
		old := c.order[0]
		c.order = c.order[1:]
		delete(c.data, old)
	}
}
func (c *Cache[K, V]) Get(k K) (V, bool) { v, ok := c.data[k]; return v, ok }

type Result[T any] struct {
	Val T
	Err error
}

func Try[T any](v T, err error) Result[T] { return Result[T]{v, err} }
func (r Result[T]) OrElse(d T) T {
	if r.Err != nil {
		return d
	}
	return r.Val
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func SortedPairs[V any](m map[string]V) []Pair[string, V] {
	out := make([]Pair[string, V], 0, len(m))
	for k, v := range m {
		out = append(out, Pair[string, V]{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func main() {
	a := NewSet("web-1", "web-2")
	b := NewSet("web-2", "db-1")
	u := a.Union(b)
	fmt.Println(u.Len(), u.Has("db-1"), u.Has("x"), a.Len())
	ports := NewSet(80, 443, 80)
	fmt.Println(ports.Len(), ports.Has(443))

	var st Stack[string]
	for _, s := range []string{"a", "b", "c"} {
		st.Push(s)
	}
	for {
		x, ok := st.Pop()
		if !ok {
			break
		}
		fmt.Print(x, " ")
	}
	fmt.Println()

	c := NewCache[string, int](2)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("a", 10)
	c.Put("c", 3)
	_, okA := c.Get("a")
	vb, okB := c.Get("b")
	fmt.Println(okA, vb, okB, len(c.data), c.order)

	fmt.Println(Try(strconv.Atoi("42")).OrElse(-1), Try(strconv.Atoi("x")).OrElse(-1))
	r := Result[string]{Err: errors.New("boom")}
	fmt.Println(r.OrElse("default"), r.Err)
	for _, p := range SortedPairs(map[string]int{"b": 2, "a": 1, "c": 3}) {
		fmt.Print(p.Key, "=", p.Val, " ")
	}
	fmt.Println()
	p := Pair[string, []int]{"xs", []int{1, 2}}
	fmt.Println(p.Key, p.Val, len(p.Val))
}
