package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
)

func countdown(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := n; i > 0; i-- {
			if !yield(i) {
				return
			}
		}
	}
}

func firstOver(limit int) int {
	for v := range countdown(10) {
		if v < limit {
			return v
		}
	}
	return -1
}

func main() {
	for v := range countdown(5) {
		if v == 4 {
			continue
		}
		if v == 2 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	fmt.Println(firstOver(7))
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	fmt.Println(slices.Sorted(maps.Keys(m)))
	for i, s := range slices.All([]string{"x", "y"}) {
		fmt.Print(i, s, " ")
	}
	fmt.Println()
}
