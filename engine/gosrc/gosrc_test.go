package gosrc_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/engine/gosrc"
	"github.com/opsh/opsh/engine/stdlib"
	"github.com/traefik/yaegi/interp"
)

// imports is the import block of every program.
const imports = `import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)
`

// body is the statements of c followed by printing its result.
func (c gcase) body() string {
	return "\t" + strings.Join(c.stmts, "\n\t") + "\n\tfmt.Println(" + c.show + ")\n"
}

// oracle runs every case as a function of one program under go run and
// returns each case's output, by name.
func oracle(t *testing.T) map[string]string {
	t.Helper()
	var prog strings.Builder
	prog.WriteString("package main\n\n" + imports + decls)
	for n, c := range cases {
		fmt.Fprintf(&prog, "\nfunc case%d() {\n%s}\n", n, c.body())
	}
	prog.WriteString("\nfunc main() {\n")
	for n := range cases {
		fmt.Fprintf(&prog, "\tfmt.Println(%q)\n\tcase%d()\n", fmt.Sprintf("=== %d", n), n)
	}
	prog.WriteString("}\n")
	dir := t.TempDir()
	for name, data := range map[string]string{"go.mod": "module oracle\n\ngo 1.26\n", "main.go": prog.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run of the oracle program: %v\n%s", err, out)
	}
	want := map[string]string{}
	parts := strings.Split(string(out), "=== ")
	for _, part := range parts[1:] {
		num, text, _ := strings.Cut(part, "\n")
		var n int
		if _, err := fmt.Sscan(num, &n); err != nil || n >= len(cases) {
			t.Fatalf("oracle output: bad case marker %q", num)
		}
		want[cases[n].name] = text
	}
	if len(want) != len(cases) {
		t.Fatalf("oracle printed %d cases, want %d", len(want), len(cases))
	}
	return want
}

// newInterp returns an interpreter set up as opsh sets it up: the Go 1.26
// standard library tables, then this package's sources; out collects what
// it prints.
func newInterp(t *testing.T, out *bytes.Buffer) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{Unrestricted: true, GoPath: ".", SourcecodeFilesystem: gosrc.FS, Stdout: out, Stderr: out})
	if err := i.Use(stdlib.Symbols()); err != nil {
		t.Fatal(err)
	}
	if err := gosrc.Load(i); err != nil {
		t.Fatal(err)
	}
	return i
}

// evalAll evaluates each of srcs in turn and returns the first error, a
// panic of the interpreter included.
func evalAll(ctx context.Context, i *interp.Interpreter, srcs ...string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	for _, src := range srcs {
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		_, err := i.EvalWithContext(ctx, src)
		cancel()
		if err != nil {
			return fmt.Errorf("%s: %w", firstLine(src), err)
		}
	}
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// shapes are the ways each case is evaluated; all must print what go run
// prints.
var shapes = []struct {
	name string
	srcs func(c gcase) []string
}{
	{"whole program", func(c gcase) []string {
		return []string{"package main\n\n" + imports + decls + "\nfunc main() {\n" + c.body() + "}\n"}
	}},
	{"function body", func(c gcase) []string {
		return []string{imports, decls, "func run() {\n" + c.body() + "}", "run()"}
	}},
}

// TestAgainstGoRun evaluates every case in a fresh interpreter as a whole
// program (short variable declarations in func main) and as a function
// declared then called at a REPL, and compares the output with go run's.
func TestAgainstGoRun(t *testing.T) {
	want := oracle(t)
	for _, shape := range shapes {
		for _, c := range cases {
			t.Run(shape.name+"/"+c.name, func(t *testing.T) {
				var out bytes.Buffer
				i := newInterp(t, &out)
				if err := evalAll(t.Context(), i, shape.srcs(c)...); err != nil {
					t.Fatalf("%v\noutput: %s", err, out.String())
				}
				if got := out.String(); got != want[c.name] {
					t.Errorf("got %q, go run prints %q", got, want[c.name])
				}
			})
		}
	}
}

// TestTopLevel evaluates each case statement by statement at the top level
// of a REPL, each statement its own Eval, and reports which work. A case
// listed in topLevelFails must fail with the error listed; any other must
// print what go run prints.
func TestTopLevel(t *testing.T) {
	want := oracle(t)
	var works []string
	for _, c := range cases {
		var out bytes.Buffer
		i := newInterp(t, &out)
		srcs := append([]string{imports, decls}, c.stmts...)
		err := evalAll(t.Context(), i, append(srcs, "fmt.Println("+c.show+")")...)
		if err == nil && out.String() != want[c.name] {
			err = fmt.Errorf("printed %q, go run prints %q", out.String(), want[c.name])
		}
		known, listed := topLevelFails[c.name]
		switch {
		case err == nil && listed:
			t.Errorf("%s works at the top level now: take it out of topLevelFails", c.name)
		case err == nil:
			works = append(works, c.name)
		case !listed || !strings.Contains(err.Error(), known):
			t.Errorf("%s fails at the top level: %v", c.name, err)
		default:
			t.Logf("top level fails, as known: %s: %v", c.name, err)
		}
	}
	t.Logf("top level: %d of %d cases work: %s", len(works), len(cases), strings.Join(works, ", "))
}
