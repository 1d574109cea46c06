package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/testenv"
)

// TestExits: what ends a Go program ends the cell, with the program's
// status, running no deferred call and stopped by no recover, and the
// session goes on; nothing a cell calls ends the process.
func TestExits(t *testing.T) {
	for _, tc := range []struct {
		desc   string
		setup  []string
		cell   string
		code   int
		output string // what the cell writes, to stdout or to sb, exactly
	}{
		{"os.Exit runs no deferred call",
			nil, `func() { defer fmt.Println("deferred"); os.Exit(3) }()`, 3, ""},
		{"a deferred recover does not stop os.Exit",
			nil, `func() { defer func() { fmt.Println("recovered", recover()) }(); os.Exit(4) }()`, 4, ""},
		{"os.Exit in a goroutine ends the cell waiting for it",
			nil, `func() { defer fmt.Println("deferred"); done := make(chan bool); go func() { defer close(done); os.Exit(5) }(); <-done; fmt.Println("not reached") }()`, 5, ""},
		{"log.Fatal writes its message and exits with status 1",
			[]string{`log.SetFlags(0)`, `log.SetOutput(&sb)`}, `func() { defer fmt.Println("deferred"); log.Fatalf("no %s", "host") }()`, 1, "no host\n"},
		{"a logger's Fatal exits through the session, not the process",
			[]string{`l := log.New(&sb, "app: ", 0)`}, `l.Fatalln("down", 2)`, 1, "app: down 2\n"},
		{"a flag.ExitOnError set's bad flag exits with status 2",
			[]string{`fs := flag.NewFlagSet("start", flag.ExitOnError)`, `fs.SetOutput(&sb)`, `fs.Bool("v", false, "verbose")`},
			`fs.Parse([]string{"-x"})`, 2, "flag provided but not defined: -x\nUsage of start:\n  -v\tverbose\n"},
		{"a flag.ExitOnError set's -h exits with status 0",
			[]string{`fs := flag.NewFlagSet("start", flag.ExitOnError)`, `fs.SetOutput(&sb)`},
			`fs.Parse([]string{"-h"})`, 0, "Usage of start:\n"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			out := &testenv.Buffer{}
			e, err := NewEvaluator(EvalOptions{Stdout: out, Stderr: out})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range append([]string{`var sb strings.Builder`}, tc.setup...) {
				if r := e.Eval(t.Context(), c); r.Failed() {
					t.Fatalf("%s: %v", c, r.Err)
				}
			}
			before := len(out.String())
			r := e.Eval(t.Context(), tc.cell)
			var exit *ExitError
			if !errors.As(r.Err, &exit) || exit.Code != tc.code {
				t.Fatalf("err = %v, want os.Exit(%d)", r.Err, tc.code)
			}
			written := e.Eval(t.Context(), `sb.String()`)
			if written.Failed() {
				t.Fatal(written.Err)
			}
			if got := out.String()[before:] + written.Values[0].String(); got != tc.output {
				t.Errorf("output %q, want %q", got, tc.output)
			}
			if r := e.Eval(t.Context(), `1 + 1`); r.Failed() || r.Values[0].Int() != 2 {
				t.Errorf("after the exit: %v %v", r.Values, r.Err)
			}
		})
	}
}

// TestExitBetweenCells: a goroutine's os.Exit while no cell runs is told
// of at the prompt, and ends a script's next cell before it runs.
func TestExitBetweenCells(t *testing.T) {
	for _, script := range []bool{false, true} {
		out := &testenv.Buffer{}
		e, err := NewEvaluator(EvalOptions{Stdout: out, Stderr: out, GoPanicFails: script})
		if err != nil {
			t.Fatal(err)
		}
		ready := filepath.Join(t.TempDir(), "ready")
		start := fmt.Sprintf(`go func() { for { if _, err := os.Stat(%q); err == nil { os.Exit(6) }; time.Sleep(time.Millisecond) } }()`, ready)
		if r := e.Eval(t.Context(), start); r.Failed() {
			t.Fatal(r.Err)
		}
		if err := os.WriteFile(ready, nil, 0o600); err != nil { // while no cell runs
			t.Fatal(err)
		}
		testenv.WaitFor(t, 5*time.Second, "the goroutine's exit", func() error {
			e.exits.mu.Lock()
			defer e.exits.mu.Unlock()
			if e.exits.pending == nil && !strings.Contains(out.String(), "os.Exit(6) in a goroutine") {
				return fmt.Errorf("output %q", out.String())
			}
			return nil
		})
		r := e.Eval(context.Background(), `fmt.Println("next")`)
		var exit *ExitError
		if script != (errors.As(r.Err, &exit) && exit.Code == 6) {
			t.Errorf("script %v: the next cell: %v", script, r.Err)
		}
		if script == strings.Contains(out.String(), "next") {
			t.Errorf("script %v: output %q", script, out.String())
		}
	}
}

// TestGoroutinePanicEndsProgram: a script's program whose goroutine panics
// stops there, as Go's does, and fails with the panic; at the prompt the
// program runs on, and the panic is told of.
func TestGoroutinePanicEndsProgram(t *testing.T) {
	const sleeps = "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tgo func() { panic(\"boom\") }()\n\tfor i := 0; i < 200; i++ {\n\t\ttime.Sleep(5 * time.Millisecond)\n\t}\n\tfmt.Println(\"still running\")\n}\n"
	// main waiting in a select, which the stop wakes
	const selects = "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tvar m map[string]int\n\t\tm[\"x\"] = 1\n\t\tdone <- true\n\t}()\n\tselect {\n\tcase <-done:\n\tcase <-time.After(time.Second):\n\t}\n\tfmt.Println(\"still running\")\n}\n"
	for i, script := range []bool{false, true, false, true} {
		program, want := sleeps, "boom"
		if i > 1 {
			program, want = selects, "assignment to entry in nil map"
		}
		out := &testenv.Buffer{}
		e, err := NewEvaluator(EvalOptions{Stdout: out, Stderr: out, GoPanicFails: script})
		if err != nil {
			t.Fatal(err)
		}
		r := e.Eval(t.Context(), program)
		var p *PanicError
		if script && (!errors.As(r.Err, &p) || fmt.Sprint(p.Value) != want) {
			t.Errorf("script: the program failed with %v, want the goroutine's panic", r.Err)
		}
		if script == strings.Contains(out.String(), "still running") {
			t.Errorf("script %v: output %q", script, out.String())
		}
	}
}
