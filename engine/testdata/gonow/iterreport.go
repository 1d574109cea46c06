// Iterators over log records: iter.Seq and iter.Seq2 producers, filters
// and take written as adapters, range over func with break and continue,
// and the slices/maps iterator helpers.
package main

import (
	"bufio"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

const text = `web-1 200 GET /a
web-2 500 GET /b
web-1 404 POST /c
# comment
web-3 200 GET /d
web-2 503 PUT /e
web-1 200 GET /f`

type Rec struct {
	Host   string
	Status int
	Method string
	Path   string
}

func (r Rec) String() string { return fmt.Sprintf("%s %d %s", r.Host, r.Status, r.Path) }

func Lines(s string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		sc := bufio.NewScanner(strings.NewReader(s))
		n := 0
		for sc.Scan() {
			n++
			if !yield(n, sc.Text()) {
				return
			}
		}
	}
}

func Records(s string) iter.Seq[Rec] {
	return func(yield func(Rec) bool) {
		for _, line := range Lines(s) {
			if strings.HasPrefix(line, "#") {
				continue
			}
			var r Rec
			if _, err := fmt.Sscanf(line, "%s %d %s %s", &r.Host, &r.Status, &r.Method, &r.Path); err != nil {
				continue
			}
			if !yield(r) {
				return
			}
		}
	}
}

func Filter[T any](seq iter.Seq[T], keep func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}

func Take[T any](seq iter.Seq[T], n int) iter.Seq[T] {
	return func(yield func(T) bool) {
		if n <= 0 {
			return
		}
		i := 0
		for v := range seq {
			if !yield(v) {
				return
			}
			i++
			if i == n {
				return
			}
		}
	}
}

func main() {
	for n, l := range Lines(text) {
		if n > 2 {
			break
		}
		fmt.Printf("%d: %s\n", n, l)
	}
	errs := Filter(Records(text), func(r Rec) bool { return r.Status >= 400 })
	for r := range errs {
		fmt.Println("err:", r)
	}
	fmt.Println("first two:", slices.Collect(Take(Records(text), 2)))
	perHost := map[string]int{}
	for r := range Records(text) {
		perHost[r.Host]++
	}
	for _, h := range slices.Sorted(maps.Keys(perHost)) {
		fmt.Printf("%-6s %s\n", h, strings.Repeat("#", perHost[h]))
	}
	for i, v := range slices.Backward([]string{"a", "b", "c"}) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	next, stop := iter.Pull(Records(text))
	defer stop()
	for {
		r, ok := next()
		if !ok {
			break
		}
		if r.Method == "POST" {
			fmt.Println("first POST:", r)
			break
		}
	}
	chunks := slices.Collect(slices.Chunk([]int{1, 2, 3, 4, 5}, 2))
	fmt.Println(chunks, len(chunks))
	for k, v := range maps.All(map[string]int{"only": 1}) {
		fmt.Println(k, v)
	}
	total := 0
outer:
	for r := range Records(text) {
		for _, c := range r.Path {
			if c == 'e' {
				break outer
			}
		}
		total += r.Status
	}
	fmt.Println("total:", total)
}
