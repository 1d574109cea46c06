// Interfaces, embedding, generics with constraints, function types.
package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(v T)      { s[v] = struct{}{} }
func (s Set[T]) Has(v T) bool { _, ok := s[v]; return ok }
func (s Set[T]) Len() int     { return len(s) }

type Bytes int64

func (b Bytes) String() string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1fGiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%dB", int64(b))
}

type Named struct{ Name string }

func (n Named) Label() string { return "[" + n.Name + "]" }

type Volume struct {
	Named
	Size Bytes
}

type Labeler interface{ Label() string }

type HandlerFunc func(string) string

func (f HandlerFunc) Handle(s string) string { return f(s) }

type Handler interface{ Handle(string) string }

func chain(hs ...Handler) Handler {
	return HandlerFunc(func(s string) string {
		for _, h := range hs {
			s = h.Handle(s)
		}
		return s
	})
}

func main() {
	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2.5), Sum[Bytes](1<<20, 1<<20))
	vols := []Volume{{Named{"root"}, 20 << 30}, {Named{"logs"}, 512 << 20}, {Named{"tmp"}, 100}}
	fmt.Println(Map(vols, func(v Volume) string { return v.Label() + "=" + v.Size.String() }))
	big := Filter(vols, func(v Volume) bool { return v.Size > 1<<20 })
	fmt.Println(len(big), big[0].Name, big[1].Size)
	var ls []Labeler
	for _, v := range vols {
		ls = append(ls, v)
	}
	fmt.Println(ls[2].Label())
	s := Set[string]{}
	for _, w := range strings.Fields("a b a c b") {
		s.Add(w)
	}
	fmt.Println(s.Len(), s.Has("c"), s.Has("z"), slices.Sorted(maps.Keys(s)))
	h := chain(HandlerFunc(strings.ToUpper), HandlerFunc(strings.TrimSpace), HandlerFunc(func(s string) string { return s + "!" }))
	fmt.Println(h.Handle("  hello "))
	fmt.Printf("%v %s %d\n", vols[1].Size, vols[0].Size, vols[2].Size)
	total := Sum(Map(vols, func(v Volume) Bytes { return v.Size })...)
	fmt.Println("total", total)
}
