// Assertions of nil interface values, as ops code writes them: a recover
// that found nothing, a context value that is not there, an optional
// interface of a nil value, a type switch without a nil case.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
)

type Named interface{ Name() string }

type Labeled interface {
	Named
	Label(k string) string
}

type Service struct{ ID string }

func (s Service) Name() string          { return "svc:" + s.ID }
func (s Service) Label(k string) string { return k + "=" + s.ID }

type userKey struct{}

// guarded runs f and says how it ended, reading the recovered value with
// comma-ok assertions as deferred handlers do.
func guarded(f func()) (how string) {
	defer func() {
		r := recover()
		if re, ok := r.(runtime.Error); ok {
			how = "runtime error: " + re.Error()
			return
		}
		if err, ok := r.(error); ok {
			how = "error: " + err.Error()
			return
		}
		how = fmt.Sprint("recovered ", r)
	}()
	f()
	return "ok"
}

func describe(x any) string {
	switch v := x.(type) {
	case fmt.Stringer:
		return "stringer " + v.String()
	case error:
		return "error " + v.Error()
	case Named:
		return "named " + v.Name()
	}
	return fmt.Sprintf("other %v", x)
}

func label(n Named) string {
	if l, ok := n.(Labeled); ok {
		return l.Label("env")
	}
	return "no labels"
}

func timeout(err error) bool {
	t, ok := err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}

func main() {
	fmt.Println(guarded(func() {}))
	fmt.Println(guarded(func() { panic(errors.New("disk full")) }))
	fmt.Println(guarded(func() {
		var m map[string]int
		m["a"] = 1
	}))
	fmt.Println(guarded(func() {
		var x any
		_ = x.(fmt.Stringer)
	}))

	ctx := context.WithValue(context.Background(), userKey{}, "ops")
	user, ok := ctx.Value(userKey{}).(string)
	fmt.Println(user, ok)
	s, ok := ctx.Value("missing").(fmt.Stringer)
	fmt.Println(s, ok)

	fmt.Println(describe(nil), describe(Service{"api"}), describe(io.EOF), describe(7))
	var none Named
	fmt.Println(label(Service{"prod"}), label(none))
	var l Labeled
	l, ok = none.(Labeled)
	fmt.Println(l, ok)
	fmt.Println(timeout(nil), timeout(io.EOF), timeout(context.DeadlineExceeded))

	var closer any
	c, ok := closer.(io.Closer)
	fmt.Println(c, ok, c == nil)
}
