package main

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
)

func sortedFields(s string) []string {
	w := strings.Fields(s)
	slices.Sort(w)
	return w
}

func main() {
	fmt.Println(sortedFields("web-3 web-1 web-2"))
	fmt.Println(slices.Contains(os.Args, "--no-such-flag"))
	fmt.Println(slices.Index(strings.Split("a,b,c", ","), "b"))
	fmt.Println(slices.Max(strings.Fields("b a c")), slices.Min(strings.Fields("b a c")))
	h := http.Header{"Accept": {"*/*"}, "Host": {"example.com"}}
	fmt.Println(slices.Sorted(maps.Keys(h)))
	q, _ := url.ParseQuery("b=2&a=1")
	fmt.Println(slices.Sorted(maps.Keys(q)), len(maps.Clone(q)))
	for _, line := range []string{"z y", "b a"} {
		f := strings.Fields(line)
		slices.Sort(f)
		fmt.Println(f, slices.Equal(f, strings.Fields(line)))
	}
}
