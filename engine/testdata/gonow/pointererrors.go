// Error types with pointer receivers, the usual way: type switches over
// them, a nil pointer returned as an error (Go's classic surprise: the
// error is not nil), an Error method that handles its nil receiver, and
// errors.As into a pointer variable.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e == nil {
		return "no parse error"
	}
	return "line " + strconv.Itoa(e.Line) + ": " + e.Msg
}

type AuthError struct{ User string }

func (e *AuthError) Error() string { return "denied: " + e.User }

func parse(lines []string) error {
	var perr *ParseError
	for i, l := range lines {
		if l == "" {
			perr = &ParseError{i + 1, "empty line"}
			break
		}
	}
	return perr // a nil *ParseError is still a non-nil error
}

func login(user string) error {
	if user != "admin" {
		return &AuthError{user}
	}
	return nil
}

func classify(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case *ParseError:
		if e == nil {
			return "typed nil"
		}
		return fmt.Sprintf("parse error at %d", e.Line)
	case *AuthError:
		return "auth error for " + e.User
	default:
		return "other"
	}
}

func main() {
	err := parse([]string{"a", "b"})
	fmt.Println(err == nil, err)
	fmt.Printf("%v %T\n", err, err)
	fmt.Println(classify(err))
	fmt.Println(classify(parse([]string{"a", ""})))
	fmt.Println(classify(login("bob")), classify(login("admin")))
	fmt.Println(classify(os.ErrPermission))

	var pe *ParseError
	fmt.Println(errors.As(fmt.Errorf("load: %w", parse([]string{""})), &pe), pe.Line)
	var ae *AuthError
	if errors.As(fmt.Errorf("call: %w", login("eve")), &ae) {
		fmt.Println("user", ae.User)
	}
	if p, ok := err.(*ParseError); ok {
		fmt.Println("asserted:", p == nil, p.Error())
	}
}
