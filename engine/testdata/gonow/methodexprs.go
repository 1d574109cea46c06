// Method expressions: functions whose first parameter is the receiver, of
// the program's types and of the standard library's.
package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

type Host struct {
	Name string
	Port int
}

func (h Host) Addr() string   { return fmt.Sprintf("%s:%d", h.Name, h.Port) }
func (h *Host) Move(port int) { h.Port = port }
func (h Host) Join(sep string, more ...string) string {
	return strings.Join(append([]string{h.Name}, more...), sep)
}

type byPort []Host

func (b byPort) Len() int           { return len(b) }
func (b byPort) Less(i, j int) bool { return b[i].Port < b[j].Port }
func (b byPort) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func apply(hs []Host, f func(Host) string) []string {
	var out []string
	for _, h := range hs {
		out = append(out, f(h))
	}
	return out
}

func main() {
	hs := []Host{{"b", 22}, {"a", 80}, {"c", 443}}
	fmt.Println(apply(hs, Host.Addr))
	move := (*Host).Move
	move(&hs[0], 2222)
	addr := (*Host).Addr
	fmt.Println(addr(&hs[0]), Host.Join(hs[1], "-", "x", "y"))
	sort.Sort(byPort(hs))
	fmt.Println(apply(hs, Host.Addr))
	fmt.Println(time.Duration.String(90*time.Second), (*strings.Builder).Len(&strings.Builder{}))
	read := io.Reader.Read
	buf := make([]byte, 4)
	n, err := read(strings.NewReader("opsh"), buf)
	fmt.Println(n, err, string(buf))
	upper := strings.ToUpper
	fmt.Println(upper("done"))
}
