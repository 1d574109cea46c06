// Error types written with value receivers, as much Go code writes them:
// a struct error found again by errors.As, errors.AsType, a type switch
// and an assertion, wrapped with %w and joined; one that unwraps to a
// cause; comparisons with errors.Is; and such values stored in error
// variables of the top level.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

type NotFound struct {
	Kind, Name string
}

func (e NotFound) Error() string { return e.Kind + " " + e.Name + " not found" }

type HTTPError struct {
	Status int
	URL    string
	Err    error
}

func (e HTTPError) Error() string {
	return fmt.Sprintf("GET %s: %d: %v", e.URL, e.Status, e.Err)
}

func (e HTTPError) Unwrap() error { return e.Err }

func (e HTTPError) Temporary() bool { return e.Status >= 500 }

var ErrThrottled = errors.New("throttled")

var notFoundHost error = NotFound{"host", "web-9"}

func lookup(name string) (string, error) {
	if strings.HasPrefix(name, "web-") {
		return "10.0.0." + name[4:], nil
	}
	return "", NotFound{"host", name}
}

func fetch(url string, status int) error {
	if status == 200 {
		return nil
	}
	var cause error = ErrThrottled
	if status == 404 {
		cause = NotFound{"page", url}
	}
	return fmt.Errorf("fetch: %w", HTTPError{status, url, cause})
}

func describe(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case NotFound:
		return "missing " + e.Kind
	case HTTPError:
		return fmt.Sprintf("http %d", e.Status)
	default:
		return "other: " + err.Error()
	}
}

func main() {
	for _, n := range []string{"web-1", "db-1"} {
		addr, err := lookup(n)
		var nf NotFound
		if errors.As(err, &nf) {
			fmt.Println("no", nf.Kind, "named", nf.Name)
			continue
		}
		fmt.Println(n, "is at", addr)
	}

	err := fetch("/status", 503)
	fmt.Println(err)
	var he HTTPError
	if errors.As(err, &he) {
		fmt.Println("status", he.Status, "temporary", he.Temporary())
	}
	fmt.Println("throttled:", errors.Is(err, ErrThrottled))
	if e, ok := errors.AsType[HTTPError](err); ok {
		fmt.Println("AsType:", e.URL)
	}

	err = fetch("/missing", 404)
	var nf NotFound
	fmt.Println(errors.As(err, &nf), nf.Name)
	fmt.Println(errors.Is(err, NotFound{"page", "/missing"}), errors.Is(err, NotFound{"page", "/other"}))
	type temporary interface{ Temporary() bool }
	var t temporary
	fmt.Println(errors.As(err, &t) && !t.Temporary())

	fmt.Println(describe(nil))
	fmt.Println(describe(NotFound{"user", "bob"}))
	fmt.Println(describe(errors.Unwrap(fetch("/x", 500))))
	fmt.Println(describe(os.ErrNotExist))

	if v, ok := notFoundHost.(NotFound); ok {
		fmt.Println("top-level:", v.Name, notFoundHost)
	}
	joined := errors.Join(NotFound{"disk", "sdb"}, ErrThrottled)
	fmt.Println(errors.As(joined, &nf), nf.Kind, errors.Is(joined, ErrThrottled))
	fmt.Printf("%v | %+v | %s\n", nf, nf, NotFound{"key", "k1"})
}
