package repl

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opsh/opsh/wire"
)

// TestWorkerDeathLeavesTheSessionAlive: each mistake that ends a Go
// process (no recover catches them) ends only the worker. The cell fails
// saying so, the next cell runs in a fresh worker within 2 s, and :restore
// brings back the variables by running the earlier cells again. (The
// runtime's own reason, "fatal error: …", is checked with the opsh binary
// in cmd/opsh's worker_death script.)
func TestWorkerDeathLeavesTheSessionAlive(t *testing.T) {
	for _, tc := range []struct {
		name, cell string
		dies       bool
	}{
		{"stack overflow", "func down(n int) int { return down(n+1) + 1 }\ndown(0)", true},
		{"concurrent map writes", "m := map[int]int{}\nfor i := 0; i < 8; i++ {\n\tgo func() {\n\t\tfor j := 0; ; j++ {\n\t\t\tm[j] = j\n\t\t}\n\t}()\n}\nselect {}", true},
		{"out of memory", "b := make([]byte, 1<<40)\nlen(b)", true},
		{"a panic in a goroutine's deferred function", "go func() { defer func() { panic(\"g2\") }(); panic(\"g\") }()\ntime.Sleep(time.Second)", false},
		{"killed from outside", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, w, out := sessionOfX(t)
			ctx := context.Background()
			cell := tc.cell
			if cell == "" {
				cell = "select {}"
				pid := w.PID()
				time.AfterFunc(200*time.Millisecond, func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
			}
			r := s.Do(ctx, cell)
			var died *WorkerDiedError
			if !tc.dies {
				// A goroutine's panic in a deferred function is reported,
				// not fatal: the worker may live on.
				if r.Err != nil && !errors.As(r.Err, &died) {
					t.Fatalf("cell failed with %v", r.Err)
				}
			} else if !errors.As(r.Err, &died) {
				t.Fatalf("err = %v, want the worker's death", r.Err)
			}
			start := time.Now()
			if r := s.Do(ctx, `1 + 1`); r.Err != nil {
				t.Fatalf("the next cell failed: %v", r.Err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("the next cell took %v after the death, want ≤ 2 s", d)
			}
			if died == nil {
				return
			}
			if !strings.Contains(out.String(), ":restore re-runs cells 1") {
				t.Errorf("output does not offer :restore:\n%s", out.String())
			}
			if r := s.Do(ctx, `x`); r.Err == nil {
				t.Fatalf("x survived the death")
			}
			checkRestored(t, s, out)
		})
	}
}

// sessionOfX is a session in a worker of its own, its output in out,
// that has run x := 41.
func sessionOfX(t *testing.T) (s *Session, w *wire.Client, out *bytes.Buffer) {
	t.Helper()
	out = &bytes.Buffer{}
	w = newWorker(t)
	s, err := New(Config{Reader: &lines{}, Stdout: out, Stderr: out, Interactive: true, Backend: w})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Do(context.Background(), `x := 41`); r.Err != nil {
		t.Fatal(r.Err)
	}
	return s, w, out
}

// checkRestored checks that :restore brings x back after a death.
func checkRestored(t *testing.T, s *Session, out *bytes.Buffer) {
	t.Helper()
	ctx := context.Background()
	if r := s.Do(ctx, `:restore yes`); r.Err != nil {
		t.Fatal(r.Err)
	}
	out.Reset()
	if r := s.Do(ctx, `x + 1`); r.Err != nil || !strings.Contains(out.String(), "42") {
		t.Fatalf("after :restore, x + 1 = %q, %v", out.String(), r.Err)
	}
}

// TestDeathBetweenCells: a worker killed while no cell runs is said to
// have died before the next cell runs, and :restore brings its variables
// back.
func TestDeathBetweenCells(t *testing.T) {
	s, w, out := sessionOfX(t)
	ctx := context.Background()
	if err := syscall.Kill(w.PID(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for w.Generation() == 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // the death noticed, a fresh worker started
	}
	out.Reset()
	s.Do(ctx, `1 + 1`)
	if !strings.Contains(out.String(), "the worker died") || !strings.Contains(out.String(), ":restore re-runs cells 1") {
		t.Fatalf("no word of the death before the next cell:\n%s", out.String())
	}
	checkRestored(t, s, out)
}

// TestCtrlCWins: a cell that ignores its interrupt (a loop in a goroutine
// it waits for) gives the prompt back within 3 s of the first Ctrl-C.
func TestCtrlCWins(t *testing.T) {
	var out bytes.Buffer
	s, err := New(Config{Reader: &lines{}, Stdout: &out, Stderr: &out, Interactive: true, Backend: newWorker(t)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		time.AfterFunc(200*time.Millisecond, s.Interrupt)
		start := time.Now()
		r := s.Do(context.Background(), "var hog [][]byte\nfor {\n\thog = append(hog, make([]byte, 1<<20))\n\ttime.Sleep(time.Millisecond)\n}")
		if r.Err == nil {
			t.Fatalf("round %d: the runaway cell ended without an error", i)
		}
		if d := time.Since(start); d > 3200*time.Millisecond {
			t.Fatalf("round %d: the prompt came back %v after Ctrl-C, want ≤ 3 s", i, d)
		}
		if r := s.Do(context.Background(), `1 + 1`); r.Err != nil {
			t.Fatalf("round %d: the next cell failed: %v", i, r.Err)
		}
	}
}

// TestGoroutinePanicFailsAScript: a goroutine's panic fails a script at
// the end of the cell running then, as it ends a Go program; at the
// prompt it is reported and the cell goes on.
func TestGoroutinePanicFailsAScript(t *testing.T) {
	const cell = "go func() { panic(\"boom\") }()\ntime.Sleep(200 * time.Millisecond)"
	for _, interactive := range []bool{false, true} {
		var out bytes.Buffer
		s, err := New(Config{Reader: &lines{}, Stdout: &out, Stderr: &out, Interactive: interactive, Backend: newWorker(t)})
		if err != nil {
			t.Fatal(err)
		}
		r := s.Do(context.Background(), cell)
		if !strings.Contains(out.String(), "panic in goroutine: boom") {
			t.Errorf("interactive %v: the panic not reported:\n%s", interactive, out.String())
		}
		if failed := r.Err != nil && strings.Contains(r.Err.Error(), "in: a goroutine"); failed == interactive {
			t.Errorf("interactive %v: the cell's error is %v", interactive, r.Err)
		}
	}
}
