// slices and maps on values of compiled types the source shows: a
// parameter's field (r.Header), a struct's field, a method's result.
package main

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
)

func headerNames(r *http.Request) []string {
	return slices.Sorted(maps.Keys(r.Header))
}

type Req struct {
	H http.Header
}

func main() {
	r, _ := http.NewRequest("GET", "http://x", nil)
	r.Header.Set("B", "1")
	r.Header.Set("A", "2")
	fmt.Println(headerNames(r))
	q := Req{H: r.Header}
	fmt.Println(slices.Sorted(maps.Keys(q.H)))
	vals := r.URL.Query()
	fmt.Println(len(slices.Collect(maps.Keys(vals))))
}
