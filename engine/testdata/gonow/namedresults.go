// Named results as ops helpers use them: an error set on one path, a sum,
// results appended to, a recover into err, called again and again from a
// loop.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

type Point struct{ X, Y int }

func add(n int) (sum int) {
	sum += n
	return
}

func check(x int) (err error) {
	if x < 0 {
		err = errors.New("negative")
	}
	return
}

func collect(n int) (out []string, pt Point, arr [2]int) {
	for i := range n {
		out = append(out, strconv.Itoa(i))
	}
	pt.X += n
	arr[0] += n
	return
}

func Sum[T int | float64](xs ...T) (total T) {
	for _, x := range xs {
		total += x
	}
	return
}

type Acc struct{ base int }

func (a Acc) Add(n int) (r int) {
	r += a.base + n
	return
}

func safe(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	f()
	return
}

func main() {
	for _, x := range []int{-1, 1} {
		fmt.Println(x, check(x), add(1))
	}
	for i := range 3 {
		out, pt, arr := collect(i)
		fmt.Println(out, pt, arr, Sum(1, 2), Sum(1.5), Acc{10}.Add(1))
	}
	inc := func(n int) (m int) { m += n; return }
	for range 2 {
		fmt.Println(inc(2))
	}
	for _, f := range []func(){func() { panic("boom") }, func() {}} {
		fmt.Println(safe(f))
	}
}
