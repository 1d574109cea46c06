package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// NotFound is an error type of the program, with a pointer receiver.
type NotFound struct{ Name string }

func (e *NotFound) Error() string { return "not found: " + e.Name }

// Retry wraps another error and says so with Unwrap.
type Retry struct {
	Attempts int
	Err      error
}

func (r *Retry) Error() string { return fmt.Sprintf("after %d attempts: %v", r.Attempts, r.Err) }
func (r *Retry) Unwrap() error { return r.Err }

// Timeout matches ErrTimeout through its Is method.
type Timeout struct{ Op string }

func (t *Timeout) Error() string        { return t.Op + ": timeout" }
func (t *Timeout) Is(target error) bool { return target == ErrTimeout }

// Code is an error type that is not a struct, with a value receiver.
type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

var (
	ErrTimeout = errors.New("timeout")
	ErrGone    = &NotFound{"gone"}
)

func lookup(name string) error { return &NotFound{name} }

func main() {
	err := lookup("web-1")
	var nf *NotFound
	fmt.Println(errors.As(err, &nf), nf.Name)

	wrapped := fmt.Errorf("deploy: %w", lookup("web-2"))
	nf = nil
	fmt.Println(wrapped, errors.As(wrapped, &nf), nf.Name)

	joined := errors.Join(errors.New("first"), lookup("web-3"))
	nf = nil
	fmt.Println(errors.As(joined, &nf), nf.Name)

	nf = nil
	fmt.Println(errors.As(errors.New("plain"), &nf), nf == nil)

	retry := &Retry{3, fmt.Errorf("dial: %w", &NotFound{"db"})}
	nf = nil
	fmt.Println(errors.As(retry, &nf), nf.Name, errors.Unwrap(retry) == retry.Err)

	var anyErr error
	fmt.Println(errors.As(wrapped, &anyErr), anyErr == wrapped)

	_, openErr := os.Open("/no/such/file")
	var pe *fs.PathError
	fmt.Println(errors.As(&Retry{1, openErr}, &pe), pe.Op)

	fmt.Println(errors.Is(fmt.Errorf("a: %w", ErrGone), ErrGone), errors.Is(lookup("gone"), ErrGone))
	fmt.Println(errors.Is(&Timeout{"read"}, ErrTimeout), errors.Is(fmt.Errorf("x: %w", &Timeout{"write"}), ErrTimeout))
	fmt.Println(errors.Is(&Retry{2, ErrTimeout}, ErrTimeout), errors.Is(errors.Join(ErrGone), ErrGone))

	var c Code
	fmt.Println(errors.As(fmt.Errorf("exit: %w", Code(3)), &c), c, errors.Is(Code(4), Code(4)))
	fmt.Println(lookup("printed"), Code(7))
}
