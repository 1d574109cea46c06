// Generic containers and helpers as people write them since Go 1.18.
package main

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
)

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

func SortedPairs[K cmp.Ordered, V any](m map[K]V) []Pair[K, V] {
	out := make([]Pair[K, V], 0, len(m))
	for k, v := range m {
		out = append(out, Pair[K, V]{k, v})
	}
	slices.SortFunc(out, func(a, b Pair[K, V]) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	items map[K]V
	order []K
	limit int
}

func NewCache[K comparable, V any](limit int) *Cache[K, V] {
	return &Cache[K, V]{items: map[K]V{}, limit: limit}
}

func (c *Cache[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; !ok {
		c.order = append(c.order, k)
	}
	c.items[k] = v
	for len(c.order) > c.limit {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.items[k]
	return v, ok
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func GroupBy[T any, K comparable](xs []T, key func(T) K) map[K][]T {
	out := map[K][]T{}
	for _, x := range xs {
		k := key(x)
		out[k] = append(out[k], x)
	}
	return out
}

func Keys[M ~map[K]V, K cmp.Ordered, V any](m M) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func Ptr[T any](v T) *T { return &v }

func Count[T any](seq iter.Seq[T]) int {
	n := 0
	for range seq {
		n++
	}
	return n
}

func Evens(limit int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < limit; i += 2 {
			if !yield(i) {
				return
			}
		}
	}
}

type Number interface{ ~int | ~float64 }

func Mean[T Number](xs []T) (float64, error) {
	if len(xs) == 0 {
		return 0, errors.New("mean of nothing")
	}
	var s T
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs)), nil
}

type Latency float64

func main() {
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	for _, p := range SortedPairs(m) {
		fmt.Print(p, " ")
	}
	fmt.Println()
	c := NewCache[string, int](2)
	c.Put("x", 1)
	c.Put("y", 2)
	c.Put("z", 3)
	_, okx := c.Get("x")
	vz, okz := c.Get("z")
	fmt.Println(okx, vz, okz, len(c.items))
	words := strings.Fields("alpha beta gamma delta epsilon")
	total := Reduce(words, 0, func(n int, w string) int { return n + len(w) })
	fmt.Println(total)
	byLen := GroupBy(words, func(w string) int { return len(w) })
	for _, k := range Keys(byLen) {
		fmt.Println(k, byLen[k])
	}
	n := Must(fmt.Sscanf("42", "%d", new(int)))
	fmt.Println(n)
	p := Ptr(5)
	*p++
	fmt.Println(*p, *Ptr("s"))
	fmt.Println(Count(Evens(10)), Count(maps.Keys(m)), Count(slices.Values(words)))
	for i := range Evens(5) {
		fmt.Print(i, " ")
	}
	fmt.Println()
	mean, err := Mean([]Latency{1.5, 2.5, 3.5})
	fmt.Printf("%.2f %v\n", mean, err)
	_, err = Mean([]int{})
	fmt.Println(err)
	ps := []Pair[string, float64]{{"p99", 0.8}, {"p50", 0.1}}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Val < ps[j].Val })
	fmt.Println(ps[0], ps[1])
	fmt.Println(slices.MaxFunc(ps, func(a, b Pair[string, float64]) int { return cmp.Compare(a.Val, b.Val) }).Key)
	seen := map[string]bool{}
	uniq := slices.DeleteFunc(strings.Fields("a b a c b"), func(s string) bool {
		if seen[s] {
			return true
		}
		seen[s] = true
		return false
	})
	fmt.Println(uniq, slices.Index(uniq, "c"))
}
