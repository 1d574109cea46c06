// The session's types implementing the standard library's interfaces:
// sort.Interface, heap.Interface, io.Writer and io.Reader, http.Handler,
// fmt.Stringer and fmt.Formatter, errors with Unwrap and Is.
package main

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
)

type Person struct {
	Name string
	Age  int
}

type byAge []Person

func (a byAge) Len() int           { return len(a) }
func (a byAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }
func (a byAge) Less(i, j int) bool { return a[i].Age < a[j].Age }

type Task struct {
	Name     string
	Priority int
}

type TaskQueue []*Task

func (q TaskQueue) Len() int           { return len(q) }
func (q TaskQueue) Less(i, j int) bool { return q[i].Priority > q[j].Priority }
func (q TaskQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *TaskQueue) Push(x any)        { *q = append(*q, x.(*Task)) }
func (q *TaskQueue) Pop() any {
	old := *q
	n := len(old)
	t := old[n-1]
	*q = old[:n-1]
	return t
}

type countingWriter struct {
	w     io.Writer
	bytes int
	lines int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.bytes += len(p)
	c.lines += strings.Count(string(p), "\n")
	return c.w.Write(p)
}

type upperReader struct{ r io.Reader }

func (u upperReader) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	copy(p, strings.ToUpper(string(p[:n])))
	return n, err
}

type health struct{ checks map[string]bool }

func (h *health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bad := []string{}
	for name, ok := range h.checks {
		if !ok {
			bad = append(bad, name)
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "failing: %s", strings.Join(bad, ","))
		return
	}
	fmt.Fprint(w, "ok")
}

var ErrTimeout = errors.New("timeout")

type OpError struct {
	Op  string
	Err error
}

func (e *OpError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *OpError) Unwrap() error { return e.Err }

type codeErr struct{ code int }

func (e *codeErr) Error() string { return fmt.Sprintf("code %d", e.code) }
func (e *codeErr) Is(target error) bool {
	t, ok := target.(*codeErr)
	return ok && t.code/100 == e.code/100
}

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func main() {
	people := []Person{{"ann", 41}, {"bob", 29}, {"cy", 35}}
	sort.Sort(byAge(people))
	fmt.Println(people)
	sort.Sort(sort.Reverse(byAge(people)))
	fmt.Println(people[0].Name, sort.IsSorted(byAge(people)))

	q := &TaskQueue{}
	heap.Init(q)
	for i, n := range []string{"low", "high", "mid"} {
		heap.Push(q, &Task{n, []int{1, 9, 5}[i]})
	}
	for q.Len() > 0 {
		t := heap.Pop(q).(*Task)
		fmt.Print(t.Name, ":", t.Priority, " ")
	}
	fmt.Println()

	var sb strings.Builder
	cw := &countingWriter{w: &sb}
	fmt.Fprintf(cw, "a=%d\n", 1)
	fmt.Fprintln(cw, "second line")
	io.WriteString(cw, "tail")
	fmt.Println(cw.bytes, cw.lines, sb.Len())

	sc := bufio.NewScanner(upperReader{strings.NewReader("quiet words\nmore")})
	for sc.Scan() {
		fmt.Print("[", sc.Text(), "]")
	}
	fmt.Println()
	data, _ := io.ReadAll(io.LimitReader(upperReader{strings.NewReader("abcdef")}, 4))
	fmt.Println(string(data))

	h := &health{checks: map[string]bool{"db": true, "cache": false, "queue": false}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/health", nil))
	fmt.Println(rec.Code, rec.Body.String())
	srv := httptest.NewServer(h)
	resp, err := http.Get(srv.URL)
	if err == nil {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, string(b))
	}
	srv.Close()

	err = fmt.Errorf("deploy: %w", &OpError{"dial", ErrTimeout})
	fmt.Println(err, errors.Is(err, ErrTimeout))
	var oe *OpError
	fmt.Println(errors.As(err, &oe), oe.Op, errors.Unwrap(errors.Unwrap(err)) == ErrTimeout)
	e404 := fmt.Errorf("get: %w", &codeErr{404})
	fmt.Println(errors.Is(e404, &codeErr{400}), errors.Is(e404, &codeErr{500}))
	temps := []Celsius{21.5, -3}
	fmt.Println(temps, Celsius(37), fmt.Sprintf("%v|%s|%.2f", temps[0], temps[1], float64(temps[0])))
}
