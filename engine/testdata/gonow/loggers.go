// A *log.Logger prints the session's values through their String and
// Error methods, as the log package's functions and fmt do.
package main

import (
	"fmt"
	"log"
	"os"
)

type Host struct {
	Name string
	port int
}

func (h Host) String() string { return fmt.Sprintf("%s:%d", h.Name, h.port) }

type Level int

func (l Level) String() string { return [...]string{"debug", "info", "warn"}[l] }

type DownErr struct{ Host string }

func (e *DownErr) Error() string { return e.Host + " is down" }

type pair struct {
	k string
	v int
}

func main() {
	l := log.New(os.Stdout, "[deploy] ", 0)
	h := Host{"web", 22}
	l.Printf("host %v level %s", h, Level(1))
	l.Println(h, []Host{h}, Level(2))
	var err error = &DownErr{"db"}
	l.Print(err)
	l.Printf("%+v %d", pair{"a", 1}, Level(1))
	l.Printf("wrapped: %v", fmt.Errorf("rollout: %w", err))
	args := []any{h, Level(0)}
	l.Printf("%v/%v", args...)
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		l.Panicf("giving up on %v", h)
	}()
	std := log.Default()
	std.SetOutput(os.Stdout)
	std.SetFlags(0)
	std.Printf("std %v", h)
}
