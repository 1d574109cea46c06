// The session's types given to the standard library through its
// interfaces: sort.Sort of a slice type, container/heap of a priority
// queue with pointer methods, io.Writer and io.Reader implemented by
// structs, fmt.Formatter and fmt.Stringer on pointers in containers,
// json.Marshaler; and method values given as callbacks.
package main

import (
	"container/heap"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

type byLoad []Node

type Node struct {
	Name string
	Load float64
}

func (b byLoad) Len() int           { return len(b) }
func (b byLoad) Less(i, j int) bool { return b[i].Load < b[j].Load }
func (b byLoad) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

type item struct {
	task string
	prio int
}

type queue []*item

func (q queue) Len() int           { return len(q) }
func (q queue) Less(i, j int) bool { return q[i].prio > q[j].prio }
func (q queue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)        { *q = append(*q, x.(*item)) }
func (q *queue) Pop() any          { old := *q; n := len(old); it := old[n-1]; *q = old[:n-1]; return it }
func (it *item) String() string    { return fmt.Sprintf("%s(%d)", it.task, it.prio) }

type counter struct {
	lines, bytes int
}

func (c *counter) Write(p []byte) (int, error) {
	c.bytes += len(p)
	c.lines += strings.Count(string(p), "\n")
	return len(p), nil
}

type repeat struct {
	s string
	n int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	r.n--
	return copy(p, r.s), nil
}

type Status int

func (s Status) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[Status]string{0: "down", 1: "up"}[s])
}

type Check struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
}

type logger struct{ prefix string }

func (l logger) log(s string) string { return l.prefix + s }

func main() {
	nodes := []Node{{"c", 0.9}, {"a", 0.2}, {"b", 0.5}}
	sort.Sort(byLoad(nodes))
	fmt.Println(nodes)
	sort.Sort(sort.Reverse(byLoad(nodes)))
	fmt.Println(nodes[0].Name, sort.IsSorted(byLoad(nodes)))

	q := &queue{}
	heap.Init(q)
	for i, t := range []string{"backup", "page", "rotate", "deploy"} {
		heap.Push(q, &item{t, []int{1, 9, 2, 5}[i]})
	}
	fmt.Println(q.Len(), (*q)[0])
	var order []string
	for q.Len() > 0 {
		order = append(order, heap.Pop(q).(*item).String())
	}
	fmt.Println(strings.Join(order, " "))

	c := &counter{}
	n, err := io.Copy(c, &repeat{"ok\n", 4})
	fmt.Println(n, err, c.lines, c.bytes)
	fmt.Fprintf(c, "%d more\n", 2)
	fmt.Println(c.lines)

	b, err := json.Marshal([]Check{{"api", 1}, {"db", 0}})
	fmt.Println(string(b), err)

	l := logger{"[ops] "}
	f := l.log
	l.prefix = "[changed] "
	fmt.Println(strings.Join(mapStrings([]string{"a", "b"}, f), ","))
	up := strings.ToUpper
	fmt.Println(mapStrings([]string{"x"}, up))
}

func mapStrings(in []string, f func(string) string) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		out = append(out, f(s))
	}
	return out
}
