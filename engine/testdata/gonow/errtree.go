package main

import (
	"errors"
	"fmt"
	"strings"
)

var (
	ErrNotFound   = errors.New("not found")
	ErrPermission = errors.New("permission denied")
	ErrTransient  = errors.New("transient")
)

// HTTPError has a value receiver.
type HTTPError struct {
	Code int
	URL  string
}

func (e HTTPError) Error() string { return fmt.Sprintf("GET %s: %d", e.URL, e.Code) }
func (e HTTPError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Code == 404
	case ErrPermission:
		return e.Code == 401 || e.Code == 403
	case ErrTransient:
		return e.Code >= 500
	}
	return false
}

// MultiError has a pointer receiver and unwraps to several errors.
type MultiError struct {
	Op   string
	Errs []error
}

func (m *MultiError) Error() string {
	parts := make([]string, len(m.Errs))
	for i, e := range m.Errs {
		parts[i] = e.Error()
	}
	return m.Op + ": " + strings.Join(parts, "; ")
}
func (m *MultiError) Unwrap() []error { return m.Errs }

type ExitCode int

func (c ExitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

func fetch(url string) error {
	switch {
	case strings.HasSuffix(url, "/missing"):
		return HTTPError{404, url}
	case strings.HasSuffix(url, "/secret"):
		return HTTPError{403, url}
	case strings.HasSuffix(url, "/flaky"):
		return fmt.Errorf("fetch %s: %w", url, HTTPError{503, url})
	}
	return nil
}

func classify(err error) string {
	var he HTTPError
	var ec ExitCode
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrTransient):
		return "retry"
	case errors.Is(err, ErrPermission):
		return "auth"
	case errors.Is(err, ErrNotFound):
		return "missing"
	case errors.As(err, &ec):
		return fmt.Sprintf("exit=%d", int(ec))
	case errors.As(err, &he):
		return fmt.Sprintf("http=%d", he.Code)
	}
	return "unknown"
}

func main() {
	urls := []string{"/ok", "/missing", "/secret", "/flaky"}
	var errs []error
	for _, u := range urls {
		err := fetch(u)
		fmt.Printf("%-9s %-8s %v\n", u, classify(err), err)
		if err != nil {
			errs = append(errs, err)
		}
	}
	multi := &MultiError{Op: "sync", Errs: errs}
	fmt.Println(multi)
	fmt.Println(errors.Is(multi, ErrNotFound), errors.Is(multi, ErrTransient), classify(multi))

	both := fmt.Errorf("deploy failed: %w (cleanup: %w)", ExitCode(2), ErrPermission)
	fmt.Println(both, classify(both), errors.Is(both, ErrPermission))
	var ec ExitCode
	fmt.Println(errors.As(both, &ec), int(ec))
	if u, ok := both.(interface{ Unwrap() []error }); ok {
		fmt.Println("unwraps to", len(u.Unwrap()))
	}

	joined := errors.Join(nil, ErrNotFound, nil, fmt.Errorf("wrap: %w", ExitCode(7)))
	fmt.Printf("%q\n", joined.Error())
	fmt.Println(classify(joined), errors.Unwrap(joined) == nil)
	fmt.Println(errors.Join(nil, nil) == nil)

	var target *MultiError
	wrapped := fmt.Errorf("outer: %w", multi)
	fmt.Println(errors.As(wrapped, &target), target.Op, len(target.Errs))
	fmt.Println(errors.Is(HTTPError{404, "x"}, HTTPError{404, "x"}), HTTPError{500, "a"} == HTTPError{500, "a"})
}
