// Iterators a type gives by its methods, as Go 1.23 code writes them:
// for h := range fleet.All(), Seq2 of a value receiver, an iterator kept
// in a variable, and one of slices.Values returned by a method.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
)

type Fleet struct {
	hosts []string
	roles map[string]string
}

func (f *Fleet) All() func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, h := range f.hosts {
			if !yield(h) {
				return
			}
		}
	}
}

func (f Fleet) Roles() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, h := range slices.Sorted(maps.Keys(f.roles)) {
			if !yield(h, f.roles[h]) {
				return
			}
		}
	}
}

func (f *Fleet) Up() iter.Seq[string] { return slices.Values(f.hosts) }

func main() {
	f := &Fleet{hosts: []string{"web1", "web2", "db1"}, roles: map[string]string{"web1": "web", "db1": "db"}}
	for h := range f.All() {
		fmt.Println(h)
	}
	for h, r := range f.Roles() {
		fmt.Println(h, r)
	}
	seq := f.All()
	for h := range seq {
		if h == "web2" {
			break
		}
		fmt.Println("seq", h)
	}
	fmt.Println(slices.Collect(f.Up()))
	for h := range f.Up() {
		fmt.Println("up", h)
	}
}
