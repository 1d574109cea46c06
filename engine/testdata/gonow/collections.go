// Everyday collections: sort.Interface on a slice type, methods on a map
// type, generic functions and types, slices and maps, a ticker with a
// timeout, and fmt widths.
package main

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

type Host struct {
	Name string
	Load float64
}

type ByLoad []Host

func (b ByLoad) Len() int           { return len(b) }
func (b ByLoad) Less(i, j int) bool { return b[i].Load < b[j].Load }
func (b ByLoad) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

type Inventory map[string][]Host

func (inv Inventory) Count() int {
	n := 0
	for _, hs := range inv {
		n += len(hs)
	}
	return n
}

type Number interface{ ~int | ~float64 }

func Avg[T Number](xs []T) float64 {
	if len(xs) == 0 {
		return 0
	}
	var s T
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs))
}

type Set[T comparable] struct{ m map[T]struct{} }

func NewSet[T comparable](xs ...T) *Set[T] {
	s := &Set[T]{m: map[T]struct{}{}}
	for _, x := range xs {
		s.m[x] = struct{}{}
	}
	return s
}

func (s *Set[T]) Has(x T) bool { _, ok := s.m[x]; return ok }
func (s *Set[T]) Len() int     { return len(s.m) }

func parseKV(s string) map[string]int {
	out := map[string]int{}
	for _, kv := range strings.Fields(s) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			continue
		}
		out[k] = n
	}
	return out
}

func main() {
	hs := ByLoad{{"a", 0.7}, {"b", 0.2}, {"c", 0.9}}
	sort.Sort(hs)
	fmt.Println(hs[0].Name, hs[2].Name)
	sort.Sort(sort.Reverse(hs))
	fmt.Println(hs[0].Name)
	inv := Inventory{"web": {{"w1", 1}}, "db": {{"d1", 2}, {"d2", 3}}}
	fmt.Println(inv.Count(), slices.Sorted(maps.Keys(inv)))
	fmt.Println(Avg([]int{1, 2, 3, 4}), Avg([]float64{}))
	s := NewSet("a", "b", "a")
	fmt.Println(s.Len(), s.Has("b"), s.Has("z"))
	m := parseKV("cpu=4 mem=16 bad disk=x")
	fmt.Println(len(m), m["cpu"], m["mem"])
	loads := []Host{{"x", 3}, {"y", 1}, {"z", 2}}
	slices.SortFunc(loads, func(a, b Host) int { return cmp.Compare(a.Load, b.Load) })
	idx := slices.IndexFunc(loads, func(h Host) bool { return h.Name == "z" })
	fmt.Println(loads[0].Name, idx, slices.ContainsFunc(loads, func(h Host) bool { return h.Load > 2.5 }))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ticks := 0
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
			ticks++
		}
	}
	fmt.Println(ticks > 0, ctx.Err())
	fmt.Printf("|%-8s|%8.2f|%03d|%x|%q|\n", "host", 3.14159, 7, 255, "a\"b")
	words := strings.FieldsFunc("a,b;;c", func(r rune) bool { return r == ',' || r == ';' })
	fmt.Println(words, len(words), strings.Join(words, "+"))
}
