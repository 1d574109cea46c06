// Generic types with several parameters, methods that return other
// instances, constraints with methods, and generic helpers over maps.
package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

type Ordered interface{ cmp.Ordered }

type Tree[K Ordered, V any] struct {
	keys []K
	vals map[K]V
	size int
}

func (t *Tree[K, V]) Put(k K, v V) {
	if t.vals == nil {
		t.vals = map[K]V{}
	}
	i, found := slices.BinarySearch(t.keys, k)
	if !found {
		t.keys = slices.Insert(t.keys, i, k)
		t.size++
	}
	t.vals[k] = v
}

func (t *Tree[K, V]) Get(k K) (V, bool) {
	v, ok := t.vals[k]
	return v, ok
}

func (t *Tree[K, V]) Walk(f func(K, V)) {
	for _, k := range t.keys {
		f(k, t.vals[k])
	}
}

type Stringer interface{ String() string }

type Named[T any] struct {
	Name string
	Val  T
}

func (n Named[T]) String() string { return fmt.Sprintf("%s(%v)", n.Name, n.Val) }

func JoinAll[T Stringer](xs []T, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.String()
	}
	return strings.Join(parts, sep)
}

func MapValues[K comparable, V, W any](m map[K]V, f func(V) W) map[K]W {
	out := make(map[K]W, len(m))
	for k, v := range m {
		out[k] = f(v)
	}
	return out
}

func Partition[T any](xs []T, pred func(T) bool) (yes, no []T) {
	for _, x := range xs {
		if pred(x) {
			yes = append(yes, x)
		} else {
			no = append(no, x)
		}
	}
	return
}

type Number interface{ ~int | ~float64 }

func SumBy[T any, N Number](xs []T, f func(T) N) N {
	var s N
	for _, x := range xs {
		s += f(x)
	}
	return s
}

func main() {
	var t Tree[string, int]
	for i, w := range strings.Fields("delta alpha charlie bravo alpha") {
		t.Put(w, i)
	}
	v, ok := t.Get("alpha")
	_, missing := t.Get("zulu")
	fmt.Println(t.size, v, ok, missing)
	t.Walk(func(k string, v int) { fmt.Print(k, "=", v, " ") })
	fmt.Println()

	items := []Named[int]{{"a", 1}, {"b", 2}}
	fmt.Println(JoinAll(items, ", "))
	lens := MapValues(map[string]string{"x": "abc", "y": "de"}, func(s string) int { return len(s) })
	fmt.Println(lens["x"], lens["y"], len(lens))
	evens, odds := Partition([]int{1, 2, 3, 4, 5}, func(n int) bool { return n%2 == 0 })
	fmt.Println(evens, odds)
	total := SumBy(items, func(n Named[int]) float64 { return float64(n.Val) * 1.5 })
	fmt.Println(total)
	words := []string{"bb", "a", "ccc"}
	slices.SortFunc(words, func(a, b string) int { return cmp.Compare(len(a), len(b)) })
	fmt.Println(words, slices.IndexFunc(words, func(s string) bool { return len(s) > 1 }))
}
