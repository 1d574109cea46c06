package main

import (
	"errors"
	"fmt"
	"strings"
)

type StepError struct {
	Step int
	Err  error
}

func (e *StepError) Error() string { return fmt.Sprintf("step %d: %v", e.Step, e.Err) }
func (e *StepError) Unwrap() error { return e.Err }

var ErrAbort = errors.New("abort")

// runStep turns a panic into an error through a named result.
func runStep(i int, f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			switch v := r.(type) {
			case error:
				err = &StepError{i, v}
			case string:
				err = &StepError{i, errors.New(v)}
			default:
				panic(r)
			}
		}
	}()
	f()
	return nil
}

func counted() (n int, trace []string) {
	defer func() { n *= 2; trace = append(trace, "double") }()
	defer func() { n++; trace = append(trace, "inc") }()
	for i := 0; i < 3; i++ {
		defer func() { trace = append(trace, fmt.Sprint("d", i)) }()
	}
	return 10, []string{"start"}
}

func severity(code int) []string {
	var out []string
	switch {
	case code >= 500:
		out = append(out, "page")
		fallthrough
	case code >= 400:
		out = append(out, "ticket")
		fallthrough
	case code >= 300:
		out = append(out, "log")
	case code == 0:
		out = append(out, "none")
	default:
		out = append(out, "ignore")
	}
	return out
}

func main() {
	steps := []func(){
		func() {},
		func() { panic("disk full") },
		func() { panic(ErrAbort) },
		func() { var m map[string]int; m["x"] = 1 },
		func() { xs := []int{}; _ = xs[3] },
	}
	for i, s := range steps {
		err := runStep(i, s)
		fmt.Println(i, err != nil, errors.Is(err, ErrAbort))
		if err != nil {
			fmt.Println("  ", strings.SplitN(err.Error(), " [", 2)[0])
		}
	}
	func() {
		defer func() { fmt.Println("re-panicked:", recover()) }()
		_ = runStep(9, func() { panic(42) })
	}()

	n, trace := counted()
	fmt.Println(n, trace)

	for _, c := range []int{503, 404, 302, 0, 200} {
		fmt.Println(c, severity(c))
	}

	grid := [][]int{{1, 2, 3}, {4, -1, 6}, {7, 8, 9}}
	found := 0
outer:
	for r, row := range grid {
		for c, v := range row {
			switch {
			case v < 0:
				fmt.Println("negative at", r, c)
				continue outer
			case v == 8:
				break outer
			}
			found += v
		}
	}
	fmt.Println("found", found)

	x := 1
	fs := []func() int{}
	for x := 0; x < 3; x++ {
		x := x * 10
		fs = append(fs, func() int { return x })
	}
	if x := 5; x > 2 {
		fmt.Println("inner x", x)
	}
	fmt.Println("outer x", x, fs[0](), fs[1](), fs[2]())
	acc := func() func(int) int {
		total := 0
		return func(d int) int { total += d; return total }
	}()
	acc(5)
	acc(7)
	fmt.Println(acc(0))
}
