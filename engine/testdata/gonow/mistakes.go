// Code as people write it in a hurry: shadowing, early returns, maps of
// maps, nil slices and maps, string building in loops, integer parsing
// with fallbacks, and an init that fills a table.
package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

var ports map[string]int

func init() {
	ports = map[string]int{"http": 80, "https": 443, "ssh": 22}
}

var ErrNotFound = errors.New("not found")

func lookup(name string) (int, error) {
	if p, ok := ports[name]; ok {
		return p, nil
	}
	if n, err := strconv.Atoi(name); err == nil {
		return n, nil
	}
	return 0, fmt.Errorf("port %q: %w", name, ErrNotFound)
}

func parseHosts(spec string) (map[string][]int, error) {
	out := map[string][]int{}
	for _, part := range strings.Split(spec, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		host, list, ok := strings.Cut(part, ":")
		if !ok {
			return nil, fmt.Errorf("%q: want host:ports", part)
		}
		for _, p := range strings.Split(list, ",") {
			n, err := lookup(p)
			if err != nil {
				return out, fmt.Errorf("host %s: %w", host, err)
			}
			out[host] = append(out[host], n)
		}
	}
	return out, nil
}

func main() {
	hosts, err := parseHosts("web:http,https; db:5432 ; bastion:ssh;")
	fmt.Println(err)
	names := make([]string, 0, len(hosts))
	for h := range hosts {
		names = append(names, h)
	}
	sort.Strings(names)
	for _, h := range names {
		fmt.Println(h, hosts[h])
	}
	_, err = parseHosts("web:http,gopher")
	fmt.Println(err, errors.Is(err, ErrNotFound))
	_, err = parseHosts("nocolon")
	fmt.Println(err)

	var nilSlice []string
	var nilMap map[string]int
	fmt.Println(len(nilSlice), nilSlice == nil, len(nilMap), nilMap["x"])
	for range nilSlice {
		fmt.Println("never")
	}
	nilSlice = append(nilSlice, "now")
	fmt.Println(nilSlice)

	nested := map[string]map[string]int{}
	for _, kv := range []string{"a.x=1", "a.y=2", "b.x=3"} {
		key, val, _ := strings.Cut(kv, "=")
		outer, inner, _ := strings.Cut(key, ".")
		if nested[outer] == nil {
			nested[outer] = map[string]int{}
		}
		n, _ := strconv.Atoi(val)
		nested[outer][inner] += n
	}
	fmt.Println(nested, len(nested["a"]))

	x := 1
	if x := 2; x > 1 {
		fmt.Println("inner", x)
	}
	fmt.Println("outer", x)
	err = nil
	if _, err := lookup("nope"); err != nil {
		fmt.Println("shadowed:", err)
	}
	fmt.Println("outer err:", err)

	s := ""
	for i := 0; i < 5; i++ {
		s += strconv.Itoa(i)
		if i < 4 {
			s += ","
		}
	}
	fmt.Println(s)
	total := 0
	for _, f := range strings.Fields("10 x 20 -5 3.5") {
		n, err := strconv.Atoi(f)
		if err != nil {
			fmt.Fprintf(os.Stdout, "skip %s (%v)\n", f, err.(*strconv.NumError).Err)
			continue
		}
		total += n
	}
	fmt.Println("total", total)
	defer fmt.Println("exiting")
	if total > 0 {
		return
	}
	fmt.Println("unreachable")
}
