package engine

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goNowLimits are the Go programs of testdata/gonow that opsh does not run
// as `go run` does, each with the limit of the interpreter it meets; they
// are listed in :help limits. The test fails when one starts to pass.
var goNowLimits = map[string]string{}

// TestGoAsOfToday runs programs using what Go gained from 1.21 to 1.26
// (generics, iterators and range over functions, min/max/clear,
// new(expr), per-iteration loop variables, errors.Join, log/slog,
// net/netip, math/rand/v2, the strings iterators, cmp and slices) through
// the evaluator, as `opsh run` does, and through `go run`, the oracle, and
// compares what they print.
func TestGoAsOfToday(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("the go command is the oracle of this test: ", err)
	}
	files, err := filepath.Glob("testdata/gonow/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs: %v", err)
	}
	passed := 0
	for _, file := range files {
		name := filepath.Base(file)
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		abs, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(goCmd, "run", abs)
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=off")
		want, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go run %s: %v\n%s", name, err, want)
		}
		// Output to a file, as the worker's is: the interpreter's os.Stdout
		// is then that file, for the programs that write to it directly.
		out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
		if err != nil {
			t.Fatal(err)
		}
		e, err := NewEvaluator(EvalOptions{Stdout: out, Stderr: out})
		if err != nil {
			t.Fatal(err)
		}
		r := e.Eval(context.Background(), string(src))
		printed, _ := os.ReadFile(out.Name())
		out.Close()
		got := string(printed)
		if r.Err != nil {
			got += "error: " + r.Err.Error()
		}
		ok := bytes.Equal([]byte(got), want)
		why, limit := goNowLimits[name]
		switch {
		case ok && limit:
			t.Errorf("%s passes now: take it off goNowLimits", name)
		case ok:
			passed++
		case limit:
			t.Logf("%s: a known limit (%s)", name, why)
		default:
			t.Errorf("%s: opsh printed\n%s\ngo run printed\n%s", name, got, strings.TrimSpace(string(want)))
		}
	}
	t.Logf("%d of %d programs print what go run prints", passed, len(files))
}
