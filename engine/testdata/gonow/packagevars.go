package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Package-level variables set by generic functions: the Go 1.21 idiom of
// a lazily loaded configuration, and values computed with slices and a
// generic helper of the program's.

type Config struct {
	Port  int
	Hosts []string
}

var loadConfig = sync.OnceValue(func() Config {
	fmt.Println("loading config")
	return Config{Port: 8080, Hosts: []string{"web-2", "web-1"}}
})

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

var upper []string = Map([]string{"db-1", "db-2"}, strings.ToUpper)

var ports []int = slices.Sorted(slices.Values([]int{443, 80, 8080}))

var loadPair = sync.OnceValues(func() (string, error) { return "pair", nil })

func main() {
	c := loadConfig()
	again := loadConfig()
	hosts := slices.Clone(c.Hosts)
	slices.Sort(hosts)
	fmt.Println(c.Port, again.Port, hosts)
	fmt.Println(upper, ports)
	p, err := loadPair()
	fmt.Println(p, err)
}
