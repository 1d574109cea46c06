// A ring buffer of log lines, generic over its element: methods giving
// iter.Seq and iter.Seq2 ranged over, range over an integer field in a
// generic method, and a generic constructor.
package main

import (
	"fmt"
	"iter"
	"strings"
)

type Ring[T any] struct {
	buf   []T
	start int
	size  int
}

func NewRing[T any](n int) *Ring[T] { return &Ring[T]{buf: make([]T, n)} }

func (r *Ring[T]) Push(v T) {
	end := (r.start + r.size) % len(r.buf)
	r.buf[end] = v
	if r.size < len(r.buf) {
		r.size++
	} else {
		r.start = (r.start + 1) % len(r.buf)
	}
}

func (r *Ring[T]) All() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i := range r.size {
			if !yield(i, r.buf[(r.start+i)%len(r.buf)]) {
				return
			}
		}
	}
}

func (r *Ring[T]) Len() int { return r.size }

type Line struct {
	N    int
	Text string
}

func (l Line) String() string { return fmt.Sprintf("%03d %s", l.N, l.Text) }

func tail(text string, n int) []Line {
	r := NewRing[Line](n)
	i := 0
	for l := range strings.Lines(text) {
		i++
		r.Push(Line{i, strings.TrimRight(l, "\n")})
	}
	var out []Line
	for _, l := range r.All() {
		out = append(out, l)
	}
	return out
}

func main() {
	var sb strings.Builder
	for i := range 10 {
		fmt.Fprintf(&sb, "log line %d\n", i)
	}
	for _, l := range tail(sb.String(), 3) {
		fmt.Println(l)
	}
	r := NewRing[int](4)
	for i := range 6 {
		r.Push(i * i)
	}
	for i, v := range r.All() {
		fmt.Print(i, ":", v, " ")
	}
	fmt.Println(r.Len())
	rs := NewRing[string](2)
	rs.Push("a")
	for _, v := range rs.All() {
		fmt.Println(v)
	}
}
