package main

import (
	"fmt"
	"sort"
	"strings"
)

// Reader, Writer and ReadWriter: interfaces embedding interfaces.
type Namer interface{ Name() string }

type Checker interface {
	Namer
	Check() (ok bool, detail string)
}

type Reporter interface {
	Checker
	fmt.Stringer
}

type Celsius float64

func (c Celsius) Name() string   { return "temp" }
func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }
func (c Celsius) Check() (bool, string) {
	if c > 80 {
		return false, "too hot: " + c.String()
	}
	return true, c.String()
}

type Status int

const (
	Unknown Status = iota
	Up
	Degraded
	Down
)

var statusNames = [...]string{"unknown", "up", "degraded", "down"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}
func (s Status) Name() string          { return "status" }
func (s Status) Check() (bool, string) { return s == Up, s.String() }

type Disk struct {
	Mount string
	Used  int
}

func (d *Disk) Name() string          { return "disk " + d.Mount }
func (d *Disk) String() string        { return fmt.Sprintf("%s at %d%%", d.Mount, d.Used) }
func (d *Disk) Check() (bool, string) { return d.Used < 90, d.String() }

type Labels []string

func (l Labels) Name() string          { return "labels" }
func (l Labels) String() string        { return strings.Join(l, ",") }
func (l Labels) Check() (bool, string) { return len(l) > 0, fmt.Sprint(len(l), " labels") }

func run(rs []Reporter) (failed []string) {
	for _, r := range rs {
		ok, detail := r.Check()
		mark := "ok"
		if !ok {
			mark = "FAIL"
			failed = append(failed, r.Name())
		}
		fmt.Printf("%-12s %-5s %s | %v\n", r.Name(), mark, detail, r)
	}
	sort.Strings(failed)
	return
}

func main() {
	rs := []Reporter{Celsius(42.5), Celsius(91), Up, Down, Status(9), &Disk{"/", 40}, &Disk{"/var", 95}, Labels{"a", "b"}, Labels(nil)}
	fmt.Println(run(rs))

	var c Checker = Degraded
	var n Namer = c
	fmt.Println(n.Name(), c)
	if r, ok := n.(Reporter); ok {
		fmt.Println("reporter:", r.String())
	}
	if _, ok := n.(*Disk); !ok {
		fmt.Println("not a disk")
	}
	for _, x := range []any{Celsius(1), Up, &Disk{"/tmp", 1}, Labels{"x"}, 3} {
		switch v := x.(type) {
		case Status:
			fmt.Println("status", v, int(v))
		case Celsius:
			fmt.Println("celsius", v, float64(v)+1)
		case Reporter:
			fmt.Println("reporter", v.Name())
		default:
			fmt.Println("other", v)
		}
	}
	fmt.Printf("%v %s %d %q\n", Down, Down, Down, Down)
	fmt.Println(fmt.Sprint(Celsius(-3)), fmt.Sprintf("%v", []Status{Up, Down}))
}
