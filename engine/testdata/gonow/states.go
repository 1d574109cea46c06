// A deploy state machine: iota states with String, a transition table,
// labeled loops, switch with fallthrough, method values in a map, and a
// struct embedding a mutex.
package main

import (
	"fmt"
	"strings"
	"sync"
)

type State int

const (
	Pending State = iota
	Building
	Deploying
	Live
	Failed
)

var stateNames = [...]string{"pending", "building", "deploying", "live", "failed"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", int(s))
}

type Event string

var transitions = map[State]map[Event]State{
	Pending:   {"build": Building},
	Building:  {"ok": Deploying, "fail": Failed},
	Deploying: {"ok": Live, "fail": Failed},
}

type Deploy struct {
	sync.Mutex
	Name    string
	State   State
	History []State
}

func (d *Deploy) Fire(e Event) error {
	d.Lock()
	defer d.Unlock()
	next, ok := transitions[d.State][e]
	if !ok {
		return fmt.Errorf("%s: no transition from %v on %q", d.Name, d.State, e)
	}
	d.History = append(d.History, d.State)
	d.State = next
	return nil
}

func severity(s State) string {
	out := []string{}
	switch s {
	case Failed:
		out = append(out, "page")
		fallthrough
	case Deploying:
		out = append(out, "watch")
	case Live, Pending:
		out = append(out, "none")
	default:
		out = append(out, "log")
	}
	return strings.Join(out, "+")
}

func main() {
	ds := []*Deploy{{Name: "api"}, {Name: "web"}, {Name: "db"}}
	plans := map[string][]Event{
		"api": {"build", "ok", "ok"},
		"web": {"build", "fail", "ok"},
		"db":  {"ok"},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 10)
	for _, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, e := range plans[d.Name] {
				if err := d.Fire(e); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	var msgs []string
	for err := range errs {
		msgs = append(msgs, err.Error())
	}
	fmt.Println(len(msgs), "errors")
	for _, d := range ds {
		fmt.Printf("%-4s %-9v history=%v severity=%s\n", d.Name, d.State, d.History, severity(d.State))
	}
	fmt.Println(State(7), Live, fmt.Sprintf("%d %s %q", Live, Failed, Building))
	grid := [][]State{{Pending, Live}, {Failed, Building}}
outer:
	for i, row := range grid {
		for j, s := range row {
			if s == Failed {
				fmt.Println("first failure at", i, j)
				break outer
			}
		}
	}
	actions := map[string]func(Event) error{}
	for _, d := range ds {
		actions[d.Name] = d.Fire
	}
	fmt.Println(actions["db"]("build"), ds[2].State)
	counts := map[State]int{}
	for _, d := range ds {
		counts[d.State]++
	}
	fmt.Println(counts)
}
