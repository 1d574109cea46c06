package main

import (
	"cmp"
	"fmt"
	"sort"
	"strings"
)

type Pod struct {
	Name     string
	Restarts int
	CPU      float64
}

// ByRestarts sorts pods by restarts, then by name.
type ByRestarts []Pod

func (b ByRestarts) Len() int      { return len(b) }
func (b ByRestarts) Swap(i, j int) { b[i], b[j] = b[j], b[i] }
func (b ByRestarts) Less(i, j int) bool {
	if b[i].Restarts != b[j].Restarts {
		return b[i].Restarts > b[j].Restarts
	}
	return b[i].Name < b[j].Name
}

type Number interface {
	~int | ~int64 | ~float64
}

type Millis int64

func Sum[T Number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func MaxBy[T any, K cmp.Ordered](xs []T, key func(T) K) (T, bool) {
	var best T
	if len(xs) == 0 {
		return best, false
	}
	best = xs[0]
	for _, x := range xs[1:] {
		if key(x) > key(best) {
			best = x
		}
	}
	return best, true
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func GroupBy[T any, K comparable](xs []T, key func(T) K) map[K][]T {
	m := make(map[K][]T)
	for _, x := range xs {
		k := key(x)
		m[k] = append(m[k], x)
	}
	return m
}

type Named interface{ GetName() string }

func (p Pod) GetName() string { return p.Name }

func Names[T Named](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = x.GetName()
	}
	return strings.Join(parts, ",")
}

func main() {
	pods := []Pod{{"web-2", 3, 0.5}, {"web-1", 3, 1.25}, {"db-0", 0, 2}, {"cache-0", 7, 0.1}}
	sort.Sort(ByRestarts(pods))
	fmt.Println(Names(pods))
	sort.Sort(sort.Reverse(ByRestarts(pods)))
	fmt.Println(Names(pods), sort.IsSorted(ByRestarts(pods)))
	sort.SliceStable(pods, func(i, j int) bool { return pods[i].CPU < pods[j].CPU })
	fmt.Println(Map(pods, func(p Pod) string { return fmt.Sprintf("%s=%.2f", p.Name, p.CPU) }))

	fmt.Println(Sum([]int{1, 2, 3}), Sum([]float64{0.5, 0.25}), Sum([]Millis{100, 250}))
	fmt.Println(Sum(Map(pods, func(p Pod) int { return p.Restarts })))
	best, ok := MaxBy(pods, func(p Pod) float64 { return p.CPU })
	fmt.Println(best.Name, ok)
	_, ok = MaxBy([]Pod{}, func(p Pod) int { return p.Restarts })
	fmt.Println(ok)

	groups := GroupBy(pods, func(p Pod) string { return strings.SplitN(p.Name, "-", 2)[0] })
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s:%d ", k, len(groups[k]))
	}
	fmt.Println()
	var total Millis = Sum([]Millis{1, 2})
	fmt.Println(int64(total)*2, cmp.Compare("a", "b"), min(Millis(5), 3), max(2.5, 1))
}
