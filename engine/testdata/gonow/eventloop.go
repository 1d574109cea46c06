// An alert manager's event loop: a struct owning its goroutine started
// by a method value, two inputs disabled by setting them to nil when
// closed, request/response over a channel of structs holding reply
// channels, and a quit handshake.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Alert struct {
	Name     string
	Severity int
}

type query struct {
	minSev int
	reply  chan []string
}

type Manager struct {
	alerts  chan Alert
	silence chan string
	queries chan query
	quit    chan chan int
	active  map[string]Alert
	muted   map[string]bool
}

func NewManager() *Manager {
	m := &Manager{
		alerts:  make(chan Alert),
		silence: make(chan string),
		queries: make(chan query),
		quit:    make(chan chan int),
		active:  map[string]Alert{},
		muted:   map[string]bool{},
	}
	go m.loop()
	return m
}

func (m *Manager) loop() {
	for {
		select {
		case a := <-m.alerts:
			if m.muted[a.Name] {
				continue
			}
			if old, ok := m.active[a.Name]; !ok || a.Severity > old.Severity {
				m.active[a.Name] = a
			}
		case name := <-m.silence:
			m.muted[name] = true
			delete(m.active, name)
		case q := <-m.queries:
			var names []string
			for n, a := range m.active {
				if a.Severity >= q.minSev {
					names = append(names, fmt.Sprintf("%s(%d)", n, a.Severity))
				}
			}
			sort.Strings(names)
			q.reply <- names
		case done := <-m.quit:
			done <- len(m.active)
			return
		}
	}
}

func (m *Manager) Query(min int) []string {
	r := make(chan []string)
	m.queries <- query{minSev: min, reply: r}
	names := <-r
	return names
}

func merge(a, b <-chan string) []string {
	var out []string
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			out = append(out, "a:"+v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			out = append(out, "b:"+v)
		}
	}
	sort.Strings(out)
	return out
}

func feed(vals ...string) <-chan string {
	c := make(chan string)
	go func() {
		defer close(c)
		for _, v := range vals {
			c <- v
		}
	}()
	return c
}

func main() {
	m := NewManager()
	send := m.alerts
	for _, a := range []Alert{{"DiskFull", 2}, {"HighCPU", 1}, {"DiskFull", 3}, {"NodeDown", 4}, {"HighCPU", 1}} {
		send <- a
	}
	fmt.Println(m.Query(0))
	fmt.Println(m.Query(3))
	m.silence <- "NodeDown"
	m.alerts <- Alert{"NodeDown", 5}
	fmt.Println(m.Query(0))
	done := make(chan int)
	m.quit <- done
	fmt.Println("active at quit:", <-done)

	fmt.Println(strings.Join(merge(feed("1", "2"), feed("x", "y", "z")), " "))
	var nilc chan int
	select {
	case v := <-nilc:
		fmt.Println("impossible", v)
	default:
		fmt.Println("nil channel blocks")
	}
}
