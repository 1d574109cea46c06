// Structs that embed standard library types have their methods, for
// calls, for interfaces and for fmt and encoding/json, as Go promotes them.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

type Event struct {
	time.Time
	Name string
}

type Timeout struct {
	time.Duration
	Op string
}

type Store struct {
	sync.Mutex
	hits map[string]int
}

type Report struct {
	bytes.Buffer
	title string
}

type buf struct{ parts []string }

func (b *buf) Write(p []byte) (int, error) { b.parts = append(b.parts, string(p)); return len(p), nil }
func (b *buf) String() string              { return strings.Join(b.parts, "|") }

func withLock(l sync.Locker, f func()) {
	l.Lock()
	defer l.Unlock()
	f()
}

func main() {
	ev := Event{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "deploy"}
	fmt.Println(ev.Name, ev.Year(), ev.Format(time.RFC3339))
	fmt.Println(ev)
	b, _ := json.Marshal(ev)
	fmt.Println(string(b))

	t := Timeout{90 * time.Second, "dial"}
	fmt.Println(t, t.Minutes(), t.Op)
	fmt.Printf("%v %s\n", t, t)

	s := &Store{hits: map[string]int{}}
	withLock(s, func() { s.hits["a"]++ })
	fmt.Println(s.hits)

	r := &Report{title: "disk"}
	fmt.Fprintf(r, "%s: %d%%\n", r.title, 91)
	fmt.Print(r.String())

	w := &buf{}
	fmt.Fprintf(w, "a=%d", 1)
	fmt.Fprintln(w, "b")
	fmt.Printf("%q\n", w.String())
}
