package engine

import (
	"context"
	"strings"
	"testing"
)

// TestFailedDeclarations: a cell of declarations that fails to compile
// leaves nothing half made. A function it declared first is undefined
// when called; one it declared again keeps its former body; a method it
// declared, alone or with its type, is undefined, as in Go, and the next
// cell that declares it declares it.
func TestFailedDeclarations(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []struct{ src, want, note string }{
		{src: `func k() int { return "str" }`, want: "error: cannot use"},
		{src: `k()`, want: "error: undefined: k (its declaration failed; declare it again)"},
		{src: `func k() int { return 5 }`},
		{src: `k()`, want: "5"},
		{src: `func good() int { return 1 }`},
		{src: `func good() int { return "bad" }`, want: "error: cannot use"},
		{src: `good()`, want: "1"},
		{src: `type T struct{ n int }`},
		{src: `func (t T) Get() string { return t.n }`, want: "error: cannot use"},
		{src: `T{1}.Get()`, want: "error: T{1}.Get undefined"},
		{src: `func (t T) Get() string { return fmt.Sprint("n=", t.n) }`},
		{src: `T{1}.Get()`, want: "n=1"},
		{src: `func (t *T) Set() { t.n = "a" }`, want: "error: cannot convert"},
		{src: `func (t *T) Set() { t.n = 9 }`},
		{src: `x := &T{}; x.Set(); x.Get()`, want: "n=9"},
		{src: "type V struct{ n int }\nfunc (v V) A() int { return \"x\" }", want: "error: line 2:"},
		{src: `V{}.A()`, want: "error: V{}.A undefined"},
		{src: "type V struct{ n int }\nfunc (v V) A() int { return v.n + 1 }"},
		{src: `V{2}.A()`, want: "3"},
		// a variable whose declaration failed
		{src: `w := 5 + "a"`, want: "error: invalid operation"},
		{src: `w`, want: "error: undefined: w (its declaration failed; declare it again)"},
		{src: `p := struct{ w int }{w: 3}; p.w`, want: "3"},
		{src: `w := 7`},
		{src: `w + 1`, want: "8"},
	} {
		r := e.Eval(context.Background(), c.src)
		if got := show(r); c.want == "" && r.Err != nil || !strings.HasPrefix(got, c.want) {
			t.Errorf("%s = %s, want %s", c.src, got, c.want)
		}
		if got := strings.Join(r.Notes, "\n"); got != c.note {
			t.Errorf("%s: notes %q, want %q", c.src, got, c.note)
		}
	}
}
