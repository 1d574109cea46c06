// A fleet report: tabwriter tables, fmt verbs and Stringers on nested
// structs, pointers and slices.
package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
)

type Status int

const (
	Up Status = iota
	Degraded
	Down
)

func (s Status) String() string {
	switch s {
	case Up:
		return "up"
	case Degraded:
		return "degraded"
	}
	return "down"
}

type Addr struct {
	IP   string
	Port int
}

func (a Addr) String() string { return fmt.Sprintf("%s:%d", a.IP, a.Port) }

type Meta struct {
	Region string
	Tags   []string
}

type Host struct {
	Meta
	Name   string
	Addr   Addr
	Status Status
	CPU    float64
	Mem    uint64
	Owner  *string
}

func main() {
	owner := "sre"
	hosts := []Host{
		{Meta{"eu-west", []string{"web", "prod"}}, "web-1", Addr{"10.0.0.1", 443}, Up, 12.345, 1 << 30, &owner},
		{Meta{"eu-west", nil}, "db-1", Addr{"10.0.0.7", 5432}, Degraded, 87.5, 3 << 30, nil},
		{Meta{"us-east", []string{"cache"}}, "redis-9", Addr{"10.1.0.9", 6379}, Down, 0, 512 << 20, &owner},
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
	fmt.Fprintln(w, "NAME\tADDR\tSTATUS\tCPU%\tMEM MiB\t")
	for _, h := range hosts {
		fmt.Fprintf(w, "%s\t%v\t%s\t%.1f\t%d\t\n", h.Name, h.Addr, h.Status, h.CPU, h.Mem>>20)
	}
	w.Flush()
	tw := tabwriter.NewWriter(os.Stdout, 4, 0, 1, '.', 0)
	for _, h := range hosts {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", h.Name, h.Region, strings.Join(h.Tags, ","))
	}
	tw.Flush()

	h := hosts[1]
	fmt.Printf("%v\n", h.Addr)
	fmt.Printf("%+v\n", h.Meta)
	fmt.Printf("%#v\n", h.Addr)
	fmt.Printf("%#v\n", h.Meta)
	fmt.Printf("%T %T %T\n", h, h.Status, &h)
	fmt.Printf("%v %d %s\n", h.Status, h.Status, h.Status)
	fmt.Printf("[%-10s|%6.2f|%q|%x|%08b]\n", h.Name, h.CPU, h.Name, h.Name, 5)
	fmt.Printf("%x %X % x %#x\n", 255, []byte("hi"), []byte("ops"), 48879)
	fmt.Printf("%v\n", []Addr{{"a", 1}, {"b", 2}})
	fmt.Printf("%v\n", map[string]Addr{"x": {"c", 3}})
	fmt.Printf("%v\n", []Status{Up, Down})
	fmt.Printf("%+v\n", struct {
		A Addr
		S Status
	}{Addr{"d", 4}, Degraded})
	p := &hosts[2].Addr
	fmt.Printf("%v %s\n", p, p)
	fmt.Printf("%5t|%-5t|%v\n", true, false, nil)
	fmt.Printf("%6.2f%%|%e|%g|%G\n", 99.5, 1234.5678, 0.000012, 1e21)
	fmt.Printf("%3c|%U|%#U\n", 'A', 0x1F600, 'é')
	fmt.Printf("%*d|%-*d|%.*f\n", 5, 42, 4, 7, 2, 3.14159)
	fmt.Printf("%!|%z\n", 1)
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c", 3.5, nil))
	fmt.Println(fmt.Sprintln("x", 1) + "|")
}
