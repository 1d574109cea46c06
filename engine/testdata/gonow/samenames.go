package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Max, Index and Contains are named like functions of slices, and do
// something else.
func Max[T cmp.Ordered](s []T) T { return s[0] }

func Index[T comparable](s []T, v T) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == v {
			return i
		}
	}
	return -1
}

func Contains[T comparable](s []T, v T) bool { return Index(s, v) > 0 }

type point struct{ Max, Index int }

func main() {
	xs := []int{1, 5, 2, 5}
	fmt.Println(Max(xs), slices.Max(xs))
	fmt.Println(slices.Max(xs), Max(xs))
	fmt.Println(Index(xs, 5), slices.Index(xs, 5))
	fmt.Println(Contains(xs, 1), slices.Contains(xs, 1))
	words := []string{"b", "a", "c"}
	fmt.Println(Max(words), slices.Max(words), strings.Join(words, ""))
	p := point{Max: 1, Index: 2}
	fmt.Println(p.Max+p.Index, Max([]float64{2.5, 3}))
}
