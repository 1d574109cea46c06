// The program's own writers and handlers held in the standard library's
// interfaces: a type switch on an io.Writer, io.Writer to io.Closer, a
// response writer that can flush, a status type held in an any found as a
// fmt.Stringer, a check whose String has a value receiver found the
// same way, and io.Discard in the same switch.
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

type lineCounter struct{ lines int }

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += strings.Count(string(p), "\n")
	return len(p), nil
}

func (c *lineCounter) Close() error { return nil }

type health int

func (h health) String() string { return [...]string{"down", "degraded", "up"}[h] }

type check struct{ name string }

func (c check) String() string { return "check " + c.name }

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func describe(w io.Writer) string {
	switch v := w.(type) {
	case *lineCounter:
		return fmt.Sprint("counter with ", v.lines, " lines")
	case *strings.Builder:
		return "builder of " + fmt.Sprint(v.Len())
	case fmt.Stringer:
		return "stringer " + v.String()
	default:
		return fmt.Sprintf("other %T", v)
	}
}

func finish(w io.Writer) string {
	if c, ok := w.(io.Closer); ok {
		return fmt.Sprint("closed: ", c.Close() == nil)
	}
	return "nothing to close"
}

func label(v any) string {
	switch t := v.(type) {
	case fmt.Stringer:
		return "[" + t.String() + "]"
	case int:
		return fmt.Sprint("#", t)
	default:
		return fmt.Sprint(t)
	}
}

func main() {
	c := &lineCounter{}
	fmt.Fprintln(c, "web-1 ok")
	fmt.Fprintln(c, "web-2 ok")
	var sb strings.Builder
	sb.WriteString("abc")
	fmt.Println(describe(c))
	fmt.Println(describe(&sb))
	fmt.Println(describe(io.Discard))
	fmt.Println(finish(c), "|", finish(&sb))

	var state any = health(2)
	s, ok := state.(fmt.Stringer)
	fmt.Println(ok, s)
	var e any = check{"disk"}
	_, ok = e.(fmt.Stringer)
	fmt.Println(ok, label(e), label(health(1)), label(7), label("x"))

	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		if f, ok := w.(http.Flusher); ok {
			fmt.Fprint(w, "streaming")
			f.Flush()
			return
		}
		fmt.Fprint(w, "buffered")
	})
	rec := httptest.NewRecorder()
	sr := &statusRecorder{ResponseWriter: rec}
	h.ServeHTTP(sr, httptest.NewRequest("GET", "/events", nil))
	fmt.Println(sr.code, rec.Body.String(), rec.Flushed)
}
