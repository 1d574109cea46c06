// Generic functions over channels of one direction infer their type
// arguments from a channel of both, as Go does: a pipeline of stages.
package main

import (
	"fmt"
	"strings"
)

func generate[T any](items ...T) <-chan T {
	out := make(chan T, len(items))
	for _, it := range items {
		out <- it
	}
	close(out)
	return out
}

func stage[In, Out any](in <-chan In, f func(In) Out) <-chan Out {
	out := make(chan Out)
	go func() {
		defer close(out)
		for v := range in {
			out <- f(v)
		}
	}()
	return out
}

func collect[T any](in <-chan T) []T {
	var all []T
	for v := range in {
		all = append(all, v)
	}
	return all
}

func send[T any](out chan<- T, v T) { out <- v }

func first[T any](in <-chan T) T { return <-in }

func main() {
	hosts := generate("web-1", "db-1", "cache-1")
	upper := stage(hosts, strings.ToUpper)
	lengths := stage(upper, func(s string) int { return len(s) })
	fmt.Println(collect(lengths))

	c := make(chan int, 3)
	send(c, 7)
	send(c, 8)
	fmt.Println(first(c))
	close(c)
	fmt.Println(collect(c))
}
