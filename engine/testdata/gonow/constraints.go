package main

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

type Celsius float64
type Fahrenheit float64

func (c Celsius) String() string    { return strconv.FormatFloat(float64(c), 'f', 1, 64) + "C" }
func (f Fahrenheit) String() string { return strconv.FormatFloat(float64(f), 'f', 1, 64) + "F" }

// Temperature is a constraint with both a type set and a method.
type Temperature interface {
	~float64
	String() string
}

func Hottest[T Temperature](ts []T) string {
	if len(ts) == 0 {
		return "none"
	}
	return slices.Max(ts).String()
}

func Average[T ~float64 | ~int](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s / T(len(xs))
}

type Keyed interface {
	comparable
	Key() string
}

type Host struct {
	Name string
	Port int
}

func (h Host) Key() string { return h.Name + ":" + strconv.Itoa(h.Port) }

func Dedup[T Keyed](xs []T) []string {
	seen := map[T]bool{}
	var keys []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			keys = append(keys, x.Key())
		}
	}
	return keys
}

type Numeric interface{ ~int | ~int64 | ~float64 }

func Clamp[T cmp.Ordered](v, lo, hi T) T { return min(max(v, lo), hi) }

func Scale[S ~[]E, E Numeric](s S, k E) S {
	out := make(S, len(s))
	for i, v := range s {
		out[i] = v * k
	}
	return out
}

type Latencies []int

func (l Latencies) P50() int {
	c := slices.Clone(l)
	slices.Sort(c)
	return c[len(c)/2]
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func Ptr[T any](v T) *T { return &v }

func main() {
	fmt.Println(Hottest([]Celsius{21.5, 38.25, -4}), Hottest([]Fahrenheit{70, 99.5}), Hottest([]Celsius{}))
	fmt.Println(Average(1.0, 2.0, 4.5), Average(1, 2, 4), Average(Celsius(10), Celsius(20)))
	hosts := []Host{{"a", 80}, {"b", 80}, {"a", 80}, {"a", 443}}
	fmt.Println(Dedup(hosts))
	fmt.Println(Clamp(120, 0, 100), Clamp(-0.5, 0, 1), Clamp("m", "a", "k"))
	lat := Latencies{30, 10, 20, 50, 40}
	scaled := Scale(lat, 2)
	fmt.Println(scaled, scaled.P50(), lat.P50())
	total := Reduce(hosts, 0, func(n int, h Host) int { return n + h.Port })
	csv := Reduce([]string{"x", "y"}, "", func(a, s string) string { return a + s + ";" })
	fmt.Println(total, csv)
	p := Ptr(Celsius(3))
	*p += 1
	q := Ptr("s")
	fmt.Println(*p, *q+"!", strings.Repeat("=", int(*p)))
	idx, found := slices.BinarySearchFunc(hosts[:2], "b", func(h Host, k string) int { return cmp.Compare(h.Name, k) })
	fmt.Println(idx, found, slices.IndexFunc(hosts, func(h Host) bool { return h.Port == 443 }))
}
