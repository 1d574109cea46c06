// Functions as values: recursion through a variable, variadic forwarding,
// middleware chains, memoization, defer order and deferred arguments, and
// functions returning several closures over one state.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

type Handler func(req string) (string, error)

type Middleware func(Handler) Handler

func chain(h Handler, ms ...Middleware) Handler {
	for i := len(ms) - 1; i >= 0; i-- {
		h = ms[i](h)
	}
	return h
}

func logging(log *[]string) Middleware {
	return func(next Handler) Handler {
		return func(req string) (string, error) {
			*log = append(*log, "in:"+req)
			resp, err := next(req)
			*log = append(*log, fmt.Sprintf("out:%s:%v", resp, err))
			return resp, err
		}
	}
}

func auth(token string) Middleware {
	return func(next Handler) Handler {
		return func(req string) (string, error) {
			if !strings.HasPrefix(req, token) {
				return "", errors.New("unauthorized")
			}
			return next(strings.TrimPrefix(req, token))
		}
	}
}

func logf(out *strings.Builder, format string, args ...any) {
	fmt.Fprintf(out, "[app] "+format+"\n", args...)
}

func memo(f func(int) int) func(int) int {
	cache := map[int]int{}
	return func(n int) int {
		if v, ok := cache[n]; ok {
			return v
		}
		v := f(n)
		cache[n] = v
		return v
	}
}

func account() (deposit func(int), withdraw func(int) error, balance func() int) {
	total := 0
	deposit = func(n int) { total += n }
	withdraw = func(n int) error {
		if n > total {
			return fmt.Errorf("insufficient: have %d, want %d", total, n)
		}
		total -= n
		return nil
	}
	balance = func() int { return total }
	return
}

func deferOrder() (out []string) {
	for i := range 3 {
		defer func() { out = append(out, fmt.Sprint("closure ", i)) }()
	}
	x := 1
	defer func(v int) { out = append(out, fmt.Sprint("arg ", v)) }(x)
	x = 2
	return []string{"body"}
}

func main() {
	var fib func(int) int
	calls := 0
	fib = memo(func(n int) int {
		calls++
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	})
	fmt.Println(fib(40), calls)

	var log []string
	h := chain(func(req string) (string, error) { return strings.ToUpper(req), nil }, logging(&log), auth("t0k:"))
	fmt.Println(h("t0k:status"))
	fmt.Println(h("bad:status"))
	fmt.Println(log)

	var sb strings.Builder
	logf(&sb, "%d hosts, %s", 3, "ok")
	logf(&sb, "no args")
	parts := []any{"a", 1}
	logf(&sb, "%v-%v", parts...)
	fmt.Print(sb.String())

	dep, wd, bal := account()
	dep(50)
	fmt.Println(wd(20), wd(100), bal())

	fmt.Println(deferOrder())

	ops := map[string]func(float64, float64) float64{
		"+": func(a, b float64) float64 { return a + b },
		"*": func(a, b float64) float64 { return a * b },
	}
	keys := make([]string, 0)
	for k := range ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Print(k, ops[k](3, 4), " ")
	}
	fmt.Println()
	apply := func(fs ...func(string) string) func(string) string {
		return func(s string) string {
			for _, f := range fs {
				s = f(s)
			}
			return s
		}
	}
	fmt.Println(apply(strings.TrimSpace, strings.ToLower, func(s string) string { return s + "!" })("  HeLLo "))
}
