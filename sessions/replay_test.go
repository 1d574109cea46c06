package sessions_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/opsh/opsh/sessions"
)

// newInterp is an interpreter as the REPL makes one, with a param that
// returns its default.
func newInterp(t testing.TB, out *bytes.Buffer) *interp.Interpreter {
	i := interp.New(interp.Options{Unrestricted: true, Stdout: out, Stderr: out})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{`import "fmt"`, `import "strings"`, `func param(name, def string) string { return def }`} {
		if _, err := i.Eval(src); err != nil {
			t.Fatal(err)
		}
	}
	return i
}

// TestReplayCellsInYaegi evaluates, one Eval per cell as the REPL does, the
// cells Parse cuts from a Go script that mixes declarations and statements
// (one Eval cannot mix them), and from a transcript, in yaegi.
func TestReplayCellsInYaegi(t *testing.T) {
	script := `#!/usr/bin/env -S opsh run
// Which hosts answer?
hosts := []string{"web-1", "web-2"}
func up(h string) bool { return strings.HasSuffix(h, "1") }
type result struct{ host string; up bool }
var results []result
for _, h := range hosts {
	results = append(results, result{h, up(h)})
}
fmt.Println(len(results), results[0].up, results[1].up)
host := param("host", "web-1"); fmt.Println("host", host)
`
	tr, err := sessions.Parse("check.go", []byte(script))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	i := newInterp(t, &out)
	for _, c := range tr.Cells {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := i.EvalWithContext(ctx, c.Src)
		cancel()
		if err != nil {
			t.Fatalf("check.go:%d: cell %d: %v\n%s", c.Line, c.N, err, c.Src)
		}
	}
	if got, want := out.String(), "2 true false\nhost web-1\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

// BenchmarkReplay1000 parses a transcript of 1,000 trivial cells and
// evaluates each in yaegi: the core of opsh run, without the REPL's
// rewrites and display.
func BenchmarkReplay1000(b *testing.B) {
	dir := b.TempDir()
	r, err := sessions.Create(dir, sessions.Meta{Start: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	for n := 1; n <= 1000; n++ {
		r.Input(n, time.Now(), fmt.Sprintf("x%d := %d * 2", n, n))
	}
	r.Close(time.Now())
	data, _ := os.ReadFile(r.Path())
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		tr, err := sessions.Parse("bench.md", data)
		if err != nil {
			b.Fatal(err)
		}
		var out bytes.Buffer
		i := newInterp(b, &out)
		for _, c := range tr.Cells {
			if _, err := i.EvalWithContext(context.Background(), c.Src); err != nil {
				b.Fatalf("cell %d: %v", c.N, err)
			}
		}
		if v, err := i.Eval("x1000"); err != nil || v.Int() != 2000 {
			b.Fatalf("x1000 = %v, %v", v, err)
		}
	}
}

// run evaluates cells in a fresh interpreter whose param answers from
// params, and returns each cell's output as the REPL would show it: what it
// printed, then its value.
func run(t *testing.T, cells []*sessions.Cell, params map[string]string) []sessions.Output {
	var out bytes.Buffer
	i := interp.New(interp.Options{Unrestricted: true, Stdout: &out, Stderr: &out})
	i.Use(stdlib.Symbols)
	i.Use(interp.Exports{"opshrt/opshrt": {"Param": reflect.ValueOf(func(name, def string) string {
		if v, ok := params[name]; ok {
			return v
		}
		return def
	})}})
	for _, src := range []string{`import "fmt"`, `import "strings"`, `import "opshrt"`, `func param(name, def string) string { return opshrt.Param(name, def) }`} {
		if _, err := i.Eval(src); err != nil {
			t.Fatal(err)
		}
	}
	var outs []sessions.Output
	for _, c := range cells {
		out.Reset()
		start := time.Now()
		v, err := i.Eval(c.Src)
		o := sessions.Output{Status: sessions.StatusOK, Dur: time.Since(start)}
		text := out.String()
		switch {
		case err != nil:
			o.Status, text = sessions.StatusError, text+err.Error()
		case !strings.Contains(c.Src, ":=") && !strings.HasPrefix(c.Src, "fmt.") && v.IsValid():
			text += fmt.Sprintf("%#v", v.Interface())
			o.Value = &sessions.ValueInfo{Type: v.Type().String(), Bound: true}
		}
		o.Text = text
		outs = append(outs, o)
	}
	return outs
}

// TestRecordReplayCheckUpdate is opsh run's cycle on a real interpreter:
// record a session, replay it with another parameter, see the diff, update
// the outputs, and check clean.
func TestRecordReplayCheckUpdate(t *testing.T) {
	srcs := []string{
		`host := param("host", "web-1")`,
		`fmt.Println("deploying to", host)`,
		`strings.ToUpper(host)`,
		`strings.Repeat("=", 3)`,
	}
	dir := t.TempDir()
	r, err := sessions.Create(dir, sessions.Meta{Start: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var cells []*sessions.Cell
	for n, src := range srcs {
		cells = append(cells, &sessions.Cell{N: n + 1, Src: src})
	}
	for n, o := range run(t, cells, nil) {
		r.Input(n+1, time.Now(), srcs[n])
		if err := r.Output(n+1, o); err != nil {
			t.Fatal(err)
		}
	}
	r.Close(time.Now())

	data, _ := os.ReadFile(r.Path())
	tr, err := sessions.Parse(r.Path(), data)
	if err != nil {
		t.Fatal(err)
	}
	if err := sessions.CheckParams(tr, map[string]string{"hots": "web-2"}); err == nil {
		t.Fatal("a misspelt parameter was accepted")
	}
	params := map[string]string{"host": "web-2"}
	if err := sessions.CheckParams(tr, params); err != nil {
		t.Fatal(err)
	}
	// Replayed as recorded: no diff.
	for k, o := range run(t, tr.Cells, nil) {
		if d := sessions.Check(r.Path(), tr.Cells[k], o); d != "" {
			t.Errorf("replay with the defaults differs:\n%s", d)
		}
	}
	// Against web-2: cells 2 and 3 differ.
	got := run(t, tr.Cells, params)
	updates := map[int]sessions.Output{}
	var diffs []string
	for k, o := range got {
		if d := sessions.Check(r.Path(), tr.Cells[k], o); d != "" {
			diffs = append(diffs, d)
			updates[tr.Cells[k].N] = o
		}
	}
	if len(diffs) != 2 || !strings.Contains(diffs[0], "-deploying to web-1\n+deploying to web-2\n") ||
		!strings.Contains(diffs[1], "-\"WEB-1\"\n+\"WEB-2\"\n") {
		t.Fatalf("diffs:\n%s", strings.Join(diffs, "\n"))
	}
	if err := sessions.UpdateOutputs(r.Path(), updates); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(r.Path())
	tr, err = sessions.Parse(r.Path(), data)
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range run(t, tr.Cells, params) {
		if d := sessions.Check(r.Path(), tr.Cells[k], o); d != "" {
			t.Errorf("after --update, replay differs:\n%s", d)
		}
	}
	if !tr.Ended {
		t.Error("update lost the footer")
	}
}
