// Comma-ok forms assigned to variables that exist: a missing key, a failed
// type assertion and a closed channel each set the value to its zero value.
package main

import (
	"fmt"
	"os"
)

var cache = map[string]int{"web-1": 200}

func status(host string) (code int, ok bool) {
	code = -1
	code, ok = cache[host]
	return
}

func main() {
	fmt.Println(status("web-1"))
	fmt.Println(status("web-2"))

	var err error = os.ErrNotExist
	pe := &os.PathError{Op: "stale"}
	var ok bool
	pe, ok = err.(*os.PathError)
	fmt.Println(pe == nil, ok)

	name, count := "x", 3
	var v any = 7
	name, ok = v.(string)
	fmt.Printf("%q %v %d\n", name, ok, count)

	m := map[string][]string{"a": {"1"}}
	list := []string{"old"}
	list, ok = m["b"]
	fmt.Println(list == nil, len(list), ok)

	done := make(chan int, 1)
	done <- 9
	close(done)
	got := -1
	got, ok = <-done
	fmt.Println(got, ok)
	got, ok = <-done
	fmt.Println(got, ok)
}
