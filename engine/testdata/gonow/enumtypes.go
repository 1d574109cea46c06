// Types whose String or Error method fmt calls though reflect does not
// know them (type State int is an int to it): in slices, arrays and maps,
// in the fields of structs, through pointers, embedded, and under %T.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
)

type State int

const (
	Stopped State = iota
	Running
)

func (s State) String() string { return [...]string{"stopped", "running"}[s] }

type Port int

func (p Port) String() string { return fmt.Sprintf(":%d", int(p)) }

type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

type Counter int

func (c *Counter) String() string { return fmt.Sprintf("counter %d", int(*c)) }

type Ref struct{ ID int }

func (r *Ref) String() string { return fmt.Sprint("ref ", r.ID) }

type Host struct {
	Name  string
	State State
	Ports []Port
	Last  *State
}

type Cluster struct {
	Hosts []Host
	By    map[string]State
}

type Named struct {
	State
	Name string
}

type svc struct {
	name string
	st   State
}

func states() []State { return []State{Running, Stopped} }

func (h Host) Open() []Port { return h.Ports }

func describe(ss []State, ports ...Port) string {
	return fmt.Sprintf("%v on %v", ss, ports)
}

func main() {
	h := Host{Name: "web-1", State: Running, Ports: []Port{22, 80}}
	fmt.Println(h)
	fmt.Printf("%v|%+v|%s|%d\n", h, h, h, h.State)
	ss := []State{Stopped, Running}
	fmt.Println(ss, len(ss))
	fmt.Printf("%v %s %q %x %d\n", ss, ss, ss, ss, ss)
	var arr [2]State
	arr[1] = Running
	fmt.Println(arr)
	m := map[string]State{"b": Stopped, "a": Running}
	fmt.Println(m)
	fmt.Println(map[State]int{Running: 2, Stopped: 1})
	fmt.Println([]Code{3, 4}, errors.New("x"))
	cs := []Counter{1, 2}
	fmt.Println(cs)
	c := Counter(5)
	fmt.Println([]*Counter{&c})
	// A method of the pointer receiver is not a value's.
	fmt.Println(c, &c, Counter(6), Ref{1}, &Ref{2})
	fmt.Printf("%v %s %+v\n", Ref{3}, Ref{4}, Ref{5})
	fmt.Println(&h)
	last := Stopped
	h.Last = &last
	fmt.Printf("%v\n", h.Last != nil)
	cl := Cluster{Hosts: []Host{{Name: "db-1", State: Stopped}}, By: map[string]State{"db-1": Stopped}}
	fmt.Printf("%v\n%+v\n", cl, cl)
	fmt.Println(Named{Running, "n"})
	fmt.Printf("%+v\n", svc{"api", Running})
	fmt.Println(describe(states(), 8080, 8443))
	fmt.Println(states(), h.Open(), len(h.Open()))
	byName := map[string]Host{"web": h}
	fmt.Println(byName["web"].Open())
	got := states()
	fmt.Printf("%v %d\n", got, got)
	err := fmt.Errorf("hosts %v are down", ss)
	fmt.Println(err)
	fmt.Printf("%T %T %T %T %T %T\n", Running, ss, arr, m, h, &h)
	s := fmt.Sprint(ss) + fmt.Sprintln(m)
	fmt.Print(s)
	log.SetFlags(0)
	log.SetOutput(os.Stdout)
	log.Println("log:", ss, h)
	log.Printf("log: %v %T", m, m)
}
