package main

import (
	"cmp"
	"fmt"
	"slices"
)

type host struct {
	name string
	load int
}

func main() {
	hs := []host{{"b", 3}, {"a", 3}, {"c", 1}}
	slices.SortFunc(hs, func(x, y host) int {
		return cmp.Or(cmp.Compare(x.load, y.load), cmp.Compare(x.name, y.name))
	})
	fmt.Println(hs)
	xs := []int{3, 1, 2, 3, 1}
	slices.Sort(xs)
	fmt.Println(slices.Compact(xs), slices.Contains(xs, 2), slices.Index(xs, 3), slices.Max(xs))
	fmt.Println(cmp.Or("", "default"))
}
