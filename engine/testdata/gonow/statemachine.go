package main

import (
	"errors"
	"fmt"
)

type State int

const (
	Pending State = iota
	Provisioning
	Running
	Draining
	Terminated
)

func (s State) String() string {
	switch s {
	case Pending:
		return "Pending"
	case Provisioning:
		return "Provisioning"
	case Running:
		return "Running"
	case Draining:
		return "Draining"
	case Terminated:
		return "Terminated"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

type Event string

type transition struct {
	from State
	ev   Event
}

var table = map[transition]State{
	{Pending, "provision"}:  Provisioning,
	{Provisioning, "ready"}: Running,
	{Provisioning, "fail"}:  Terminated,
	{Running, "drain"}:      Draining,
	{Draining, "terminate"}: Terminated,
	{Running, "terminate"}:  Terminated,
}

var ErrInvalid = errors.New("invalid transition")

type TransitionError struct {
	From State
	Ev   Event
}

func (e TransitionError) Error() string { return fmt.Sprintf("%v --%s--> ?", e.From, e.Ev) }
func (e TransitionError) Unwrap() error { return ErrInvalid }

type Machine struct {
	state   State
	history []State
	hooks   map[State][]func(from State)
}

func (m *Machine) On(s State, f func(from State)) {
	if m.hooks == nil {
		m.hooks = map[State][]func(State){}
	}
	m.hooks[s] = append(m.hooks[s], f)
}

func (m *Machine) Fire(ev Event) error {
	next, ok := table[transition{m.state, ev}]
	if !ok {
		return TransitionError{m.state, ev}
	}
	prev := m.state
	m.history = append(m.history, prev)
	m.state = next
	for _, h := range m.hooks[next] {
		h(prev)
	}
	return nil
}

func main() {
	var m Machine
	var log []string
	m.On(Running, func(from State) { log = append(log, "up from "+from.String()) })
	m.On(Terminated, func(from State) { log = append(log, fmt.Sprint("gone from ", from)) })
	for _, ev := range []Event{"provision", "ready", "provision", "drain", "terminate", "ready"} {
		if err := m.Fire(ev); err != nil {
			var te TransitionError
			fmt.Println("error:", err, errors.Is(err, ErrInvalid), errors.As(err, &te), te.Ev)
			continue
		}
		fmt.Printf("%-9s -> %v\n", ev, m.state)
	}
	fmt.Println(m.history, m.state, log)
	fmt.Printf("%v %d %s %v\n", State(7), Running, Draining, []State{Pending, Running})
	counts := map[State]int{}
	for _, s := range m.history {
		counts[s]++
	}
	fmt.Println(counts[Pending], counts[Running], len(counts))
}
