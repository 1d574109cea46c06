// Health checks behind interfaces that embed fmt.Stringer and error, the
// values of several kinds of types (a float, an int enum, a slice, a
// struct, a pointer), printed through the interfaces.
package main

import (
	"errors"
	"fmt"
	"strings"
)

type Check interface {
	fmt.Stringer
	Healthy() bool
}

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }
func (c Celsius) Healthy() bool  { return c < 80 }

type State int

const (
	Starting State = iota
	Running
	Stopped
)

func (s State) String() string { return [...]string{"starting", "running", "stopped"}[s] }
func (s State) Healthy() bool  { return s == Running }

type Peers []string

func (p Peers) String() string { return strings.Join(p, "+") }
func (p Peers) Healthy() bool  { return len(p) >= 2 }

type Disk struct {
	Mount string
	Used  int
}

func (d Disk) String() string { return fmt.Sprintf("%s %d%%", d.Mount, d.Used) }
func (d Disk) Healthy() bool  { return d.Used < 90 }

type Cert struct{ Days int }

func (c *Cert) String() string { return fmt.Sprintf("cert %dd", c.Days) }
func (c *Cert) Healthy() bool  { return c.Days > 14 }

type Failure interface {
	error
	Retryable() bool
}

type Errno int

func (e Errno) Error() string   { return fmt.Sprintf("errno %d", int(e)) }
func (e Errno) Retryable() bool { return e == 11 }

type Report struct {
	Name  string
	Check Check
}

func main() {
	checks := []Check{Celsius(41.5), Running, Stopped, Peers{"a", "b"}, Peers{"c"}, Disk{"/var", 93}, &Cert{30}}
	var bad []string
	for i, c := range checks {
		mark := "ok"
		if !c.Healthy() {
			mark = "FAIL"
			bad = append(bad, c.String())
		}
		fmt.Printf("%d %-4s %v | %s | %q\n", i, mark, c, c, c)
		fmt.Println(c, mark)
	}
	fmt.Println(strings.Join(bad, ", "))

	byName := map[string]Check{"temp": Celsius(90)}
	r := Report{"state", Starting}
	rs := []Report{r, {"peers", Peers{"x", "y"}}}
	fmt.Println(byName["temp"], r.Check, rs[1].Check)
	fmt.Printf("%v %+v\n", r, rs)
	line := fmt.Sprint(r.Check, " ", byName["temp"])
	fmt.Println(line, len(line))

	fails := []Failure{Errno(11), Errno(2)}
	for _, f := range fails {
		fmt.Println(f, f.Retryable())
		fmt.Printf("%v|%s\n", f, f)
		wrapped := fmt.Errorf("sync: %w", f)
		fmt.Println(wrapped)
		var e Errno
		fmt.Println(errors.As(wrapped, &e), int(e))
	}
	var none Check
	fmt.Println(none)
}
