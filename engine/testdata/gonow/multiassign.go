// Assignments of several values as ops code writes them: parsing sizes,
// bounds, swaps, package-level pairs, values from calls, literals and
// channels side by side.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

var units, base = []string{"B", "KiB", "MiB", "GiB"}, 1024.0

type Span struct{ Lo, Hi int }

func parseSize(s string) (float64, string, error) {
	num, unit := s, ""
	if i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }); i >= 0 {
		num, unit = s[:i], strings.ToUpper(strings.TrimSpace(s[i:]))
	}
	v, err := strconv.ParseFloat(num, 64)
	return v, unit, err
}

func human(n float64) string {
	i, v := 0, n
	for v >= base && i < len(units)-1 {
		i, v = i+1, v/base
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}

func bounds(xs []int) (lo, hi int) {
	lo, hi = -1, -1
	if len(xs) > 0 {
		lo, hi = 0, len(xs)-1
	}
	return
}

func main() {
	for _, s := range []string{"1.5k", "20 mb", "512"} {
		v, u, err := parseSize(s)
		fmt.Println(v, u, err)
	}
	fmt.Println(human(1536), human(3*1024*1024), human(12))
	fmt.Println(bounds(nil))
	fmt.Println(bounds([]int{4, 5, 6}))

	var sp Span
	sp.Lo, sp.Hi = 7, len("abcdefghij")
	fmt.Println(sp)

	m := map[string]int{}
	m["a"], m["b"] = 1, strings.Count("a,b,c", ",")
	fmt.Println(m["a"], m["b"])

	hosts, ports := []string{"web1", "web2"}, map[string]int{"web1": 80}
	fmt.Println(hosts, ports)

	ch := make(chan string, 1)
	ch <- "ready"
	state, n := <-ch, 3
	fmt.Println(state, n)

	i, arr := 0, []int{0, 0, 0}
	i, arr[i] = 2, len("four")
	fmt.Println(i, arr)

	f, g := 1.5, func(x float64) float64 { return x * 2 }
	fmt.Println(f, g(f))

	var a, b, c = 1, 2, strconv.Itoa(3)
	fmt.Println(a, b, c, units[1], base)
}
