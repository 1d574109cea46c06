// A range over a function: a defer in its body runs when the enclosing
// function returns, last first, and a return in it gives the function's
// results, an untyped nil or a named result's value among them.
package main

import (
	"errors"
	"fmt"
	"iter"
	"slices"
)

func letters(yield func(string) bool) { _ = yield("a") && yield("b") && yield("c") }

func pairs() iter.Seq2[int, string] {
	return func(yield func(int, string) bool) { _ = yield(1, "x") && yield(2, "y") }
}

func ordered() {
	defer fmt.Println("ordered: before the loop")
	for v := range letters {
		defer fmt.Println("ordered:", v)
		if v == "b" {
			break
		}
	}
	defer fmt.Println("ordered: after the loop")
	fmt.Println("ordered body")
}

func nested() {
	for i, s := range pairs() {
		for v := range letters {
			if v == "b" {
				break
			}
			defer fmt.Println("nested:", i, s, v)
		}
	}
	for v := range slices.Values([]int{4, 5}) {
		defer func() { fmt.Println("nested literal:", v) }()
	}
	fmt.Println("nested body")
}

func deferredResult() (n int) {
	for v := range letters {
		defer func() { n *= 10 }()
		if v == "b" {
			return len(v) + 1
		}
	}
	return 0
}

func namedResults() (s string, err error) {
	for v := range letters {
		s = v
		if v == "b" {
			err = errors.New("stop at b")
			return
		}
	}
	return "none", nil
}

func find() (int, error) {
	for i, s := range pairs() {
		if s == "y" {
			return i, nil
		}
	}
	return 0, nil
}

func failing() ([]int, error) {
	for v := range letters {
		if v == "c" {
			return nil, fmt.Errorf("failed at %s", v)
		}
	}
	return nil, nil
}

func pointer() (*int, bool) {
	for range letters {
		return nil, true
	}
	return nil, false
}

func two() (int, string) { return 7, "seven" }

func forwarded() (int, string) {
	for range letters {
		return two()
	}
	return 0, ""
}

func main() {
	ordered()
	nested()
	fmt.Println(deferredResult())
	fmt.Println(namedResults())
	fmt.Println(find())
	fmt.Println(failing())
	fmt.Println(pointer())
	fmt.Println(forwarded())
	for i := range 2 {
		for v := range letters {
			defer fmt.Println("main:", i, v)
		}
	}
	fmt.Println("main body")
}
