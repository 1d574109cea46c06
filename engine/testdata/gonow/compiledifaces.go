// Values of the standard library asserted to interfaces the program
// declares or writes as literals: a timeout check, a size, a file's
// times, a type switch over errors, errors.As into an interface, and
// printing what an assertion found.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
)

type sizer interface{ Size() int64 }

type modTimer interface {
	ModTime() time.Time
	Name() string
}

type myErr struct{ code int }

func (e *myErr) Error() string   { return fmt.Sprintf("code %d", e.code) }
func (e *myErr) Timeout() bool   { return e.code == 408 }
func (e *myErr) Temporary() bool { return true }

func classify(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case interface{ Timeout() bool }:
		return fmt.Sprintf("timeout=%v", e.Timeout())
	case interface{ Unwrap() []error }:
		return fmt.Sprintf("multi of %d", len(e.Unwrap()))
	default:
		return "other: " + e.Error()
	}
}

func main() {
	var r io.Reader = strings.NewReader("hello, world")
	if s, ok := r.(sizer); ok {
		fmt.Println("size", s.Size())
		fmt.Printf("%v|%T\n", s != nil, r)
	}
	dir, _ := os.MkdirTemp("", "fwd")
	defer os.RemoveAll(dir)
	os.WriteFile(dir+"/a.txt", []byte("abc"), 0o600)
	var fi fs.FileInfo
	fi, _ = os.Stat(dir + "/a.txt")
	var x any = fi
	if m, ok := x.(modTimer); ok {
		fmt.Println("name", m.Name(), !m.ModTime().IsZero())
	}
	_, err := os.Open(dir + "/missing")
	fmt.Println(classify(err))
	fmt.Println(classify(&myErr{408}), classify(&myErr{500}))
	fmt.Println(classify(errors.Join(errors.New("a"), errors.New("b"))))
	fmt.Println(classify(nil))
	var te interface{ Timeout() bool }
	wrapped := fmt.Errorf("call: %w", &myErr{408})
	fmt.Println(errors.As(wrapped, &te), te.Timeout())
	var pe interface{ Path() string }
	fmt.Println(errors.As(err, &pe))
	e2 := errors.New("plain")
	_, isT := e2.(interface{ Timeout() bool })
	fmt.Println(isT)
	u, ok := fmt.Errorf("x: %w", e2).(interface{ Unwrap() error })
	fmt.Println(ok, u.Unwrap() == e2, u)
	fmt.Printf("%v %s %q\n", u, u, u)
}
