package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func newTestEvaluator(t *testing.T) (*Evaluator, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	e, err := NewEvaluator(EvalOptions{Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	return e, &out
}

func show(r Result) string {
	if r.Err != nil {
		return "error: " + r.Err.Error()
	}
	var parts []string
	for _, v := range r.Values {
		parts = append(parts, fmt.Sprint(v.Interface()))
	}
	return strings.Join(parts, " ")
}

// TestUnderscore is the example, cell by cell.
func TestUnderscore(t *testing.T) {
	e, out := newTestEvaluator(t)
	for i, tc := range []struct{ src, want, printed string }{
		{src: `x := 40`, want: ""},
		{src: `x + 2`, want: "42"},
		{src: `y := _ * 2`, want: ""},
		{src: `y`, want: "84"},
		{src: `_, err := strconv.Atoi("7")`, want: ""},
		{src: `n, _ := strconv.Atoi("9")`, want: ""},
		{src: `n`, want: "9"},
		{src: `_`, want: "9"},
		{src: `fmt.Println("side effect")`, want: "", printed: "side effect\n"},
		{src: `log.SetFlags(0)`, want: ""},
		{src: `_`, want: "9"},
		{src: `_2`, want: "42"},
		{src: `strconv.Atoi("12")`, want: "12"},
		{src: `_ + 1`, want: "13"},
		{src: `strconv.Atoi("x")`, want: `error: strconv.Atoi: parsing "x": invalid syntax`},
		{src: `_`, want: "13"},
	} {
		out.Reset()
		r := e.Eval(context.Background(), tc.src)
		got := show(r)
		if got != tc.want && !(tc.want == "" && !r.Failed() && r.Bound == "") {
			t.Errorf("cell %d %q: got %q, want %q", i+1, tc.src, got, tc.want)
		}
		if tc.want == "" && r.Bound != "" {
			t.Errorf("cell %d %q bound %s", i+1, tc.src, r.Bound)
		}
		if out.String() != tc.printed {
			t.Errorf("cell %d %q printed %q, want %q", i+1, tc.src, out.String(), tc.printed)
		}
	}
}

// TestMethodRedeclared: a method declared again with another body is
// refused (the interpreter would keep the first); the same declaration
// again, a cell run twice, is not.
func TestMethodRedeclared(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []struct{ src, err string }{
		{src: `type T struct{}`},
		{src: `func (T) A() int { return 1 }`},
		{src: `func (T) A() int { return 1 }`},
		{src: `func (t *T) A() int { return 2 }`, err: "the method T.A is already declared in this session"},
		{src: `T{}.A()`},
	} {
		r := e.Eval(context.Background(), c.src)
		if got := errText(r); c.err == "" && got != "" || !strings.Contains(got, c.err) {
			t.Errorf("%s: error %q, want %q", c.src, got, c.err)
		}
	}
	if r := e.Eval(context.Background(), `T{}.A()`); show(r) != "1" {
		t.Errorf("T{}.A() = %s, want 1", show(r))
	}
}

// TestPromotedMethodLimit: making an interface value of a struct whose
// method comes from an embedded interface fails with the limit and the way
// around it, not a panic of the interpreter, and the session goes on.
func TestPromotedMethodLimit(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []string{"type wrapped struct {\n\terror\n\tcode int\n}", `w := wrapped{errors.New("boom"), 3}`} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if got := show(e.Eval(context.Background(), `w.Error()`)); got != "boom" {
		t.Errorf("w.Error() = %q", got)
	}
	r := e.Eval(context.Background(), `var err error = w`)
	var p *PanicError
	if r.Err == nil || errors.As(r.Err, &p) || !strings.Contains(r.Err.Error(), "embedded interface") || !strings.Contains(r.Err.Error(), "struct{ err error }") {
		t.Errorf("var err error = w: %v, want the limit and the way around it", r.Err)
	}
	if got := show(e.Eval(context.Background(), `1 + 1`)); got != "2" {
		t.Errorf("after the failure 1 + 1 = %q", got)
	}
}
