// Inventory from CSV: parse, group by several keys, sort stably, write
// CSV back, and summarize with generic helpers.
package main

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const data = `host,dc,role,cores,mem_gb
web-1,ams,web,8,16
web-2,ams,web,8,32
db-1,fra,db,32,256
"cache, primary",ams,cache,4,64
web-3,fra,web,16,32
db-2,ams,db,32,128
`

type Machine struct {
	Host, DC, Role string
	Cores, MemGB   int
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

func Reduce[T, A any](xs []T, acc A, f func(A, T) A) A {
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func GroupBy[T any, K comparable](xs []T, key func(T) K) map[K][]T {
	g := make(map[K][]T)
	for _, x := range xs {
		k := key(x)
		g[k] = append(g[k], x)
	}
	return g
}

func SortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

func main() {
	r := csv.NewReader(strings.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("header:", recs[0], len(recs)-1, "rows")
	var ms []Machine
	for _, rec := range recs[1:] {
		c, _ := strconv.Atoi(rec[3])
		m, _ := strconv.Atoi(rec[4])
		ms = append(ms, Machine{rec[0], rec[1], rec[2], c, m})
	}
	byDC := GroupBy(ms, func(m Machine) string { return m.DC })
	for _, dc := range SortedKeys(byDC) {
		hosts := Map(byDC[dc], func(m Machine) string { return m.Host })
		cores := Reduce(byDC[dc], 0, func(a int, m Machine) int { return a + m.Cores })
		fmt.Printf("%s: %d cores %q\n", dc, cores, hosts)
	}
	big := Filter(ms, func(m Machine) bool { return m.MemGB >= 64 })
	fmt.Println("big:", len(big), Map(big, func(m Machine) int { return m.MemGB }))

	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Role < ms[j].Role })
	fmt.Println(Map(ms, func(m Machine) string { return m.Role + "/" + m.Host }))
	slices.SortStableFunc(ms, func(a, b Machine) int {
		return cmp.Or(cmp.Compare(a.DC, b.DC), -cmp.Compare(a.MemGB, b.MemGB))
	})
	w := csv.NewWriter(os.Stdout)
	w.Comma = ';'
	for _, m := range ms {
		w.Write([]string{m.Host, m.DC, strconv.Itoa(m.MemGB)})
	}
	w.Flush()
	fmt.Println("err:", w.Error())

	_, err = csv.NewReader(strings.NewReader("a,b\nc\n")).ReadAll()
	fmt.Println("short:", err)
	var pe *csv.ParseError
	if e, ok := err.(*csv.ParseError); ok {
		pe = e
		fmt.Println(pe.Line, pe.Err == csv.ErrFieldCount)
	}
	byRole := GroupBy(ms, func(m Machine) string { return m.Role })
	counts := map[string]int{}
	for k, v := range byRole {
		counts[k] = len(v)
	}
	fmt.Println(counts)
	idx, found := slices.BinarySearchFunc(SortedKeys(counts), "db", strings.Compare)
	fmt.Println(idx, found, slices.Index(SortedKeys(counts), "web"))
}
