// Function types with methods given where the standard library takes an
// interface: a line source read by bufio.Scanner and io.ReadAll, an
// error-returning handler type registered on a ServeMux, and a method
// expression of a compiled type whose parameter is an interface.

package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

type lines func() (string, bool)

func (l lines) Read(p []byte) (int, error) {
	s, ok := l()
	if !ok {
		return 0, io.EOF
	}
	return copy(p, s+"\n"), nil
}

type appHandler func(http.ResponseWriter, *http.Request) error

func (f appHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := f(w, r); err != nil {
		http.Error(w, "error: "+err.Error(), http.StatusInternalServerError)
	}
}

func status(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("fail") != "" {
		return fmt.Errorf("backend down")
	}
	fmt.Fprintln(w, "all good")
	return nil
}

func main() {
	hosts := []string{"web-1", "web-2", "db-1"}
	i := 0
	next := lines(func() (string, bool) {
		if i == len(hosts) {
			return "", false
		}
		i++
		return hosts[i-1], true
	})
	sc := bufio.NewScanner(next)
	for sc.Scan() {
		fmt.Println("host", sc.Text())
	}
	mux := http.NewServeMux()
	mux.Handle("/status", appHandler(status))
	h := appHandler(status)
	http.NewServeMux().Handle("/status2", h)
	for _, u := range []string{"/status", "/status?fail=1"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	b, _ := io.ReadAll(io.LimitReader(lines(func() (string, bool) { return "yes", true }), 7))
	fmt.Printf("%q\n", b)
	f := (*strings.Reader).WriteTo
	var sb strings.Builder
	f(strings.NewReader("wt"), &sb)
	fmt.Println(sb.String())
}
