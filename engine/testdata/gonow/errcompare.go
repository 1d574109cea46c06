// Errors compared as ops code compares them: sentinels of the session's
// types and of the standard library with ==, error values of a struct type
// with value receivers under %T, %#v and ==, and two error types of the
// same fields told apart.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

type HTTPError struct {
	Status int
	URL    string
}

func (e HTTPError) Error() string { return fmt.Sprintf("%s: status %d", e.URL, e.Status) }

type TimeoutError struct {
	Status int
	URL    string
}

func (e *TimeoutError) Error() string { return e.URL + ": timed out" }

type Code int

func (c Code) Error() string { return fmt.Sprint("exit code ", int(c)) }

var (
	ErrMaintenance error = &TimeoutError{503, "maint"}
	ErrEmpty             = errors.New("empty response")
)

func fetch(i int) error {
	switch i {
	case 0:
		return ErrMaintenance
	case 1:
		return ErrEmpty
	case 2:
		return io.EOF
	case 3:
		return Code(2)
	case 4:
		return HTTPError{404, "/x"}
	case 5:
		return fmt.Errorf("stat: %w", fs.ErrNotExist)
	}
	return nil
}

func classify(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case HTTPError:
		return fmt.Sprint("http ", e.Status)
	case *TimeoutError:
		return "timeout " + e.URL
	case Code:
		return fmt.Sprint("code ", int(e))
	}
	return "other"
}

func main() {
	for i := range 7 {
		err := fetch(i)
		fmt.Println(i, err == ErrMaintenance, err == ErrEmpty, err == io.EOF, err == Code(2),
			err == HTTPError{404, "/x"}, errors.Is(err, fs.ErrNotExist), err != nil, classify(err))
	}
	var a, b error = HTTPError{500, "/y"}, HTTPError{500, "/y"}
	fmt.Println(a == b, a != HTTPError{501, "/y"})
	fmt.Printf("%T %v|%#v\n", a, a, HTTPError{1, "/z"})
	var target HTTPError
	fmt.Println(errors.As(fmt.Errorf("get: %w", a), &target), target.Status)
}
