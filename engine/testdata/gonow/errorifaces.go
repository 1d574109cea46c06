// An error of the session's type asserted to other interfaces (the
// session's, a literal, a package's) and found by errors.As into a variable
// of such an interface, through wrapping.
package main

import (
	"errors"
	"fmt"
)

type Temporary interface{ Temporary() bool }

type NetErr struct{ msg string }

func (e *NetErr) Error() string   { return e.msg }
func (e *NetErr) Temporary() bool { return true }
func (e *NetErr) String() string  { return "net:" + e.msg }

type Code int

func (c Code) Error() string   { return fmt.Sprint("code ", int(c)) }
func (c Code) Temporary() bool { return c >= 500 }

func retryable(err error) bool {
	t, ok := err.(Temporary)
	return ok && t.Temporary()
}

func main() {
	var e error = &NetErr{"reset"}
	fmt.Println(retryable(e), retryable(errors.New("plain")), retryable(Code(503)), retryable(Code(404)))
	if s, ok := e.(fmt.Stringer); ok {
		fmt.Println(s.String())
	}
	if t, ok := e.(interface{ Temporary() bool }); ok {
		fmt.Println("anon", t.Temporary())
	}
	w := fmt.Errorf("wrapped: %w", e)
	fmt.Println(retryable(errors.Unwrap(w)), retryable(w))
	var t Temporary
	fmt.Println(errors.As(w, &t), t != nil && t.Temporary())
	var st interface{ String() string }
	fmt.Println(errors.As(fmt.Errorf("x: %w", &NetErr{"y"}), &st), st != nil)
	var none Temporary
	fmt.Println(errors.As(errors.New("plain"), &none), none == nil)
	defer func() { fmt.Println("recovered:", recover() != nil) }()
	_ = errors.New("x").(Temporary)
}
