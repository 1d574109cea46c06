// A method that returns an iterator made of a method declared after it:
// pasted declaration by declaration, the first waits for the second, and
// a range over what it returns then knows its type.
package main

import (
	"fmt"
	"iter"
)

type Tree struct{ values []int }

func (t Tree) All() iter.Seq[int] { return t.walk }

func (t Tree) Pairs() iter.Seq2[int, string] { return t.pairs }

func (t Tree) walk(yield func(int) bool) {
	for _, v := range t.values {
		if !yield(v) {
			return
		}
	}
}

func (t Tree) pairs(yield func(int, string) bool) {
	for i, v := range t.values {
		if !yield(i, fmt.Sprint("v", v)) {
			return
		}
	}
}

func main() {
	t := Tree{values: []int{3, 1, 2}}
	for v := range t.All() {
		fmt.Println("value", v)
	}
	for i, s := range (Tree{values: []int{9}}).Pairs() {
		fmt.Println("pair", i, s)
	}
}
