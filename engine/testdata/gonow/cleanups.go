package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
)

type rack struct {
	name  string
	disks [][]string // shelf by slot: "ok", "degraded", "failed"
}

// firstFailed finds the first failed disk, keeping the position in
// variables declared before the loops.
func firstFailed(r rack) (shelf, slot int, found bool) {
search:
	for shelf = range r.disks {
		for slot = range r.disks[shelf] {
			if r.disks[shelf][slot] == "failed" {
				found = true
				break search
			}
		}
	}
	return shelf, slot, found
}

// lastHealthy assigns key and value of a range over a slice and a map.
func lastHealthy(states []string, owners map[string]string) (int, string, string) {
	i, state := -1, ""
	for i, state = range states {
		if state != "ok" {
			break
		}
	}
	var owner string
	for owner = range owners {
	}
	return i, state, owner
}

// attempts counts the retries a flaky step needed.
func attempts(fail int) int {
	var n int
	for n = range 5 {
		if n >= fail {
			break
		}
	}
	return n
}

// drain closes its channel on the way out, and a second time when
// closeTwice says so; the panic of the second close becomes the error.
func drain(jobs []string, closeTwice bool) (done []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("drain cleanup: %v", r)
		}
	}()
	ch := make(chan string, len(jobs))
	defer close(ch)
	if closeTwice {
		defer close(ch)
	}
	for _, j := range jobs {
		ch <- j
		done = append(done, strings.ToUpper(j))
	}
	return done, nil
}

// step runs a maintenance step whose own cleanup may panic; the wrapper
// reports the step's failure and the cleanup's.
func step(name string, body, cleanup func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = fmt.Errorf("%s: %w", name, e)
				return
			}
			err = fmt.Errorf("%s: %v", name, r)
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			panic(fmt.Sprintf("wrapped(%v)", r))
		}
	}()
	defer cleanup()
	body()
	return nil
}

// setting reads a config value that must be an int, turning a bad one
// into an error.
func setting(cfg map[string]any, key string) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			var tae *runtime.TypeAssertionError
			if e, ok := r.(error); ok && errors.As(e, &tae) {
				err = fmt.Errorf("%s: %v (%T)", key, e, r)
				return
			}
			err = fmt.Errorf("%s: %v", key, r)
		}
	}()
	return cfg[key].(int), nil
}

// hook runs a plugin hook; a hook that panics with nil is still caught.
func hook(f func()) (msg string) {
	defer func() {
		r := recover()
		if r == nil {
			msg = "no panic"
			return
		}
		_, isRuntime := r.(runtime.Error)
		msg = fmt.Sprintf("%T %v runtime.Error=%v", r, r, isRuntime)
	}()
	f()
	return ""
}

// actions lists what an alert of a level does; unknown levels are logged
// and paged, as the level after them.
func actions(level string) []string {
	var out []string
	switch level {
	case "critical":
		out = append(out, "call")
		fallthrough
	default:
		out = append(out, "log")
		fallthrough
	case "page":
		out = append(out, "page")
	case "info":
		out = append(out, "note")
	}
	return out
}

func main() {
	r := rack{"r1", [][]string{{"ok", "ok"}, {"degraded", "failed"}, {"failed", "ok"}}}
	shelf, slot, found := firstFailed(r)
	fmt.Println(r.name, "first failed:", shelf, slot, found)
	shelf, slot, found = firstFailed(rack{"r2", [][]string{{"ok"}, {"ok", "ok"}}})
	fmt.Println("r2 first failed:", shelf, slot, found)

	i, state, owner := lastHealthy([]string{"ok", "ok", "degraded", "ok"}, map[string]string{"ops": "alice"})
	fmt.Println("stopped at", i, state, "owner", owner)
	fmt.Println("attempts:", attempts(2), attempts(9))

	done, err := drain([]string{"a", "b"}, false)
	fmt.Println(done, err)
	done, err = drain([]string{"c"}, true)
	fmt.Println(done, err)

	fmt.Println(step("rotate", func() {}, func() {}))
	fmt.Println(step("reboot", func() {}, func() { panic("unmount failed") }))
	fmt.Println(step("resize", func() { var m map[string]int; m["x"]++ }, func() {}))

	cfg := map[string]any{"workers": 8, "timeout": "30s"}
	for _, k := range []string{"workers", "timeout", "missing"} {
		n, err := setting(cfg, k)
		fmt.Println(k, n, err)
	}

	fmt.Println(hook(func() {}))
	fmt.Println(hook(func() { panic(nil) }))
	fmt.Println(hook(func() { var x any = 1.5; _ = x.(string) }))

	for _, l := range []string{"critical", "page", "info", "weird"} {
		fmt.Println(l, actions(l))
	}
}
