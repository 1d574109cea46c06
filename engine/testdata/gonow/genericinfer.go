package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

func Map[T, U any](s []T, f func(T) U) []U {
	r := make([]U, 0, len(s))
	for _, v := range s {
		r = append(r, f(v))
	}
	return r
}

func Filter[T any](s []T, keep func(T) bool) []T {
	var r []T
	for _, v := range s {
		if keep(v) {
			r = append(r, v)
		}
	}
	return r
}

func Reduce[T, A any](s []T, init A, f func(A, T) A) A {
	acc := init
	for _, v := range s {
		acc = f(acc, v)
	}
	return acc
}

func Keys[K comparable, V any](m map[K]V) []K {
	var r []K
	for k := range m {
		r = append(r, k)
	}
	return r
}

// The type parameters are used in another order than declared.
func Describe[A, B any](b B, a A) string { return fmt.Sprint(a, "/", b) }

// Several parameters share a field.
func Count[K comparable, V any](lo, hi int, m map[K]V) int { return len(m) + lo + hi }

func Apply[T, R any](f func(T) R, x T) R { return f(x) }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprint(p.Key, "=", p.Val) }

func MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }

func Zip[K comparable, V any](ks []K, vs []V) []Pair[K, V] {
	var out []Pair[K, V]
	for i := range ks {
		out = append(out, MakePair(ks[i], vs[i]))
	}
	return out
}

func main() {
	names := Map([]int{1, 2, 3}, func(i int) string { return "#" + strconv.Itoa(i) })
	fmt.Println(names, len(names))
	lens := Map(names, func(s string) int { return len(s) })
	fmt.Println(lens)
	fmt.Println(Map[int, string]([]int{4}, strconv.Itoa))
	fmt.Println(Map[int]([]int{5}, func(i int) float64 { return float64(i) / 2 }))
	fmt.Println(Filter([]string{"a", "bb", "ccc"}, func(s string) bool { return len(s) > 1 }))
	fmt.Println(Reduce([]int{1, 2, 3}, "", func(a string, i int) string { return a + strconv.Itoa(i) }))
	fmt.Println(Reduce([]string{"x", "yy"}, 0, func(n int, s string) int { return n + len(s) }))
	ks := Keys(map[string]int{"b": 2, "a": 1})
	slices.Sort(ks)
	fmt.Println(ks)
	fmt.Println(Describe(1, "x"), Describe[string, int](2, "y"))
	fmt.Println(Count(1, 2, map[string]bool{"a": true}))
	fmt.Println(Apply(strings.ToUpper, "up"), Apply(func(i int) bool { return i > 0 }, 3))
	p := MakePair("k", 2.5)
	fmt.Println(p.String(), p.Key, p.Val)
	for _, z := range Zip([]string{"a", "b"}, []int{1, 2}) {
		fmt.Println(z.String())
	}
}
