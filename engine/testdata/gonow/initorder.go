// A service registry filled by package-level variables: initialized in
// Go's order, where a variable's value calls a function that uses
// variables declared after it.
package main

import (
	"fmt"
	"slices"
	"strings"
)

var defaultService = register("api", 8080)

var registry = map[string]int{}

var registered int

var _ = register("db", 5432)

func register(name string, port int) string {
	registry[name] = port
	registered++
	return name
}

var banner = strings.ToUpper(defaultService) + fmt.Sprint(len(registry))

func main() {
	fmt.Println(defaultService, registered, registry["api"], registry["db"])
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	fmt.Println(names, banner)
}
