// Everyday shapes: sort.Interface and container/heap on session types,
// embedding, a function type with a method, wrapped errors, a template,
// array copies, runes, fallthrough.
package main

import (
	"container/heap"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"
)

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

type item struct {
	host string
	prio int
}
type pq []*item

func (q pq) Len() int           { return len(q) }
func (q pq) Less(i, j int) bool { return q[i].prio < q[j].prio }
func (q pq) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *pq) Push(x any)        { *q = append(*q, x.(*item)) }
func (q *pq) Pop() any          { old := *q; n := len(old); it := old[n-1]; *q = old[:n-1]; return it }

type Base struct{ ID int }

func (b Base) Describe() string { return fmt.Sprintf("id=%d", b.ID) }

type Server struct {
	Base
	Name string
}

type HandlerFunc func(string) string

func (f HandlerFunc) Handle(s string) string { return f(s) }

var ErrDown = errors.New("down")

type CheckError struct {
	Host string
	Err  error
}

func (e *CheckError) Error() string { return e.Host + ": " + e.Err.Error() }
func (e *CheckError) Unwrap() error { return e.Err }

func check(h string) error {
	if strings.HasPrefix(h, "db") {
		return &CheckError{h, ErrDown}
	}
	return nil
}

func main() {
	names := byLen{"ccc", "a", "bb"}
	sort.Sort(names)
	fmt.Println(names)

	q := &pq{}
	heap.Init(q)
	heap.Push(q, &item{"web", 3})
	heap.Push(q, &item{"db", 1})
	heap.Push(q, &item{"cache", 2})
	for q.Len() > 0 {
		fmt.Print(heap.Pop(q).(*item).host, " ")
	}
	fmt.Println()

	s := Server{Base{7}, "web-1"}
	fmt.Println(s.Describe(), s.ID)

	h := HandlerFunc(strings.ToUpper)
	fmt.Println(h.Handle("ok"))

	for _, host := range []string{"web-1", "db-1"} {
		err := check(host)
		var ce *CheckError
		switch {
		case err == nil:
			fmt.Println(host, "ok")
		case errors.As(err, &ce) && errors.Is(err, ErrDown):
			fmt.Println("down:", ce.Host, err)
		}
	}

	tmpl := template.Must(template.New("t").Parse("{{range .}}{{.Name}}={{.Base.ID}};{{end}}\n"))
	tmpl.Execute(os.Stdout, []Server{s, {Base{8}, "web-2"}})

	r := strings.NewReplacer("<", "&lt;", ">", "&gt;")
	fmt.Println(r.Replace("<b>"))

	a := [3]int{1, 2, 3}
	b := a
	b[0] = 9
	fmt.Println(a, b, a == [3]int{1, 2, 3})

	for i, r := range "héllo" {
		if r == 'é' {
			fmt.Println("é at", i)
		}
	}
	switch x := 2; x {
	case 2:
		fmt.Println("two")
		fallthrough
	case 3:
		fmt.Println("three")
	}
}
