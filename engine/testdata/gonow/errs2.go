// Error handling idioms: sentinels compared with ==, errors.Join and Is
// across branches, %w twice, a panic turned into an error, error types
// with fields, and wrapping with context in a call chain.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
)

var (
	ErrAuth    = errors.New("auth failed")
	ErrTimeout = errors.New("timeout")
)

type QueryError struct {
	Query string
	Code  int
	Err   error
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("query %q (code %d): %v", e.Query, e.Code, e.Err)
}

func (e *QueryError) Unwrap() error { return e.Err }

func query(q string) error {
	switch q {
	case "slow":
		return &QueryError{q, 504, ErrTimeout}
	case "forbidden":
		return &QueryError{q, 403, ErrAuth}
	}
	return nil
}

func service(q string) error {
	if err := query(q); err != nil {
		return fmt.Errorf("service: %w", err)
	}
	return nil
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("safeDiv(%d, %d): %v", a, b, r)
		}
	}()
	return a / b, nil
}

func parseAll(xs []string) ([]int, error) {
	var errs []error
	var out []int
	for _, x := range xs {
		n, err := strconv.Atoi(x)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, n)
	}
	return out, errors.Join(errs...)
}

func main() {
	for _, q := range []string{"ok", "slow", "forbidden"} {
		err := service(q)
		var qe *QueryError
		switch {
		case err == nil:
			fmt.Println(q, "fine")
		case errors.Is(err, ErrTimeout):
			errors.As(err, &qe)
			fmt.Println(q, "retry later", qe.Code)
		case errors.Is(err, ErrAuth):
			fmt.Println(q, "check credentials:", err)
		}
	}
	both := fmt.Errorf("sync failed: %w and %w", ErrAuth, io.ErrUnexpectedEOF)
	fmt.Println(both, errors.Is(both, ErrAuth), errors.Is(both, io.ErrUnexpectedEOF), errors.Is(both, ErrTimeout))
	nums, err := parseAll([]string{"1", "x", "3", "4.5"})
	fmt.Println(nums)
	fmt.Println(err)
	var ne *strconv.NumError
	fmt.Println(errors.As(err, &ne), ne.Func, ne.Num, errors.Is(err, strconv.ErrSyntax))
	fmt.Println(safeDiv(10, 2))
	fmt.Println(safeDiv(1, 0))
	_, err = os.Open("/nonexistent/opsh/file")
	var pe *fs.PathError
	fmt.Println(errors.Is(err, fs.ErrNotExist), errors.As(err, &pe), pe.Op, pe.Path)
	if err == io.EOF {
		fmt.Println("never")
	}
	wrapped := fmt.Errorf("level2: %w", fmt.Errorf("level1: %w", io.EOF))
	fmt.Println(errors.Unwrap(errors.Unwrap(wrapped)) == io.EOF, wrapped)
	joined := errors.Join(nil, nil)
	fmt.Println(joined == nil)
}
