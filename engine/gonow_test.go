package engine

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goNowLimits are the Go programs of testdata/gonow that opsh does not run
// as `go run` does, each with the limit of the interpreter it meets; they
// are listed in :help limits. The test fails when one starts to pass.
var goNowLimits = map[string]string{
	"jsonedge.go":    "encoding/json: fields of one name at one depth of embedding, a pointer receiver's MarshalJSON on an addressable field",
	"jsonevents.go":  "encoding/json: an embedded nil pointer is written as a field of its own",
	"constbits.go":   "untyped integer constants beyond 64 bits (-math.MinInt64 wraps)",
	"constraints.go": "conversion to a type parameter of a session type",
	"gentypes.go":    "a generic type's method calling a generic function of its type parameter",
	"ifaceembed.go":  "a named basic type is, at run time, the type it is made of: a type switch's case Status (type Status int) takes an int",
	"ifacevalues.go": "an interface of the session's as a map key, and map[any] keys of the session's types with methods",
}

// TestGoAsOfToday runs programs using what Go gained from 1.21 to 1.26
// (generics, iterators and range over functions, min/max/clear,
// new(expr), per-iteration loop variables, errors.Join, log/slog,
// net/netip, math/rand/v2, the strings iterators, cmp and slices) through
// the evaluator, as `opsh run` does, and cell by cell, each top-level
// declaration a cell and then main(), as a person pastes them, and
// through `go run`, the oracle, and compares what they print.
func TestGoAsOfToday(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("the go command is the oracle of this test: ", err)
	}
	goVersion := projectGoVersion(t)
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
		// A module of its own that says the Go of the project's go.mod,
		// whose language and GODEBUG defaults (ServeMux's patterns, loop
		// variables) are then those of go run.
		mod := t.TempDir()
		if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module gonow\n\ngo "+goVersion+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mod, "main.go"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(goCmd, "run", ".")
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on", "GOTOOLCHAIN=local")
		want, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go run %s: %v\n%s", name, err, want)
		}
		ok := true
		for _, way := range []struct {
			name  string
			cells []string
		}{{"as a program", []string{string(src)}}, {"cell by cell", pastedCells(t, src)}} {
			got := evalCells(t, way.cells)
			if got != string(want) {
				ok = false
				if _, limit := goNowLimits[name]; !limit {
					t.Errorf("%s, %s: opsh printed\n%s\ngo run printed\n%s", name, way.name, got, strings.TrimSpace(string(want)))
				}
			}
		}
		why, limit := goNowLimits[name]
		switch {
		case ok && limit:
			t.Errorf("%s passes now: take it off goNowLimits", name)
		case ok:
			passed++
		case limit:
			t.Logf("%s: a known limit (%s)", name, why)
		}
	}
	t.Logf("%d of %d programs print what go run prints, as programs and cell by cell", passed, len(files))
}

// evalCells evaluates cells in a fresh evaluator and returns what they
// printed, and the first error.
func evalCells(t *testing.T, cells []string) string {
	t.Helper()
	// Output to a file, as the worker's is: the interpreter's os.Stdout
	// is then that file, for the programs that write to it directly.
	out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	e, err := NewEvaluator(EvalOptions{Stdout: out, Stderr: out})
	if err != nil {
		t.Fatal(err)
	}
	var failed error
	for _, c := range cells {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			failed = r.Err
			break
		}
	}
	printed, _ := os.ReadFile(out.Name())
	got := string(printed)
	if failed != nil {
		got += "error: " + failed.Error()
	}
	return got
}

// pastedCells are the cells of a program pasted into the REPL: its
// imports, each top-level declaration (with the comments above it), then
// main().
func pastedCells(t *testing.T, src []byte) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, d := range f.Decls {
		start := d.Pos()
		if g, ok := d.(*ast.GenDecl); ok && g.Doc != nil {
			start = g.Doc.Pos()
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
			start = fd.Doc.Pos()
		}
		cells = append(cells, string(src[fset.Position(start).Offset:fset.Position(d.End()).Offset]))
	}
	return append(cells, "main()")
}

// projectGoVersion is the go directive of the project's go.mod.
func projectGoVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatal("go.mod has no go directive")
	return ""
}
