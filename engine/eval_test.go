package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
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

// declareAll evaluates cells in e, one by one; each must succeed.
func declareAll(t *testing.T, e *Evaluator, cells ...string) {
	t.Helper()
	for _, c := range cells {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
}

// shownCase is a cell and what show gives of its result.
type shownCase struct{ src, want string }

// checkShown evaluates each case's cell in e and checks what show gives
// of it.
func checkShown(t *testing.T, e *Evaluator, cases []shownCase) {
	t.Helper()
	for _, tc := range cases {
		if got := show(e.Eval(context.Background(), tc.src)); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.src, got, tc.want)
		}
	}
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

// TestMethodRedeclared: a method declared again with another body makes
// its type a new one with it (the interpreter keeps a type's first
// method), the others carried over, and says so; values made before keep
// the old method. The same declaration again, a cell run twice, changes
// nothing.
func TestMethodRedeclared(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []struct{ src, note string }{
		{src: `type T struct{ n int }`},
		{src: `func (t T) A() int { return 1 }`},
		{src: `func (t T) B() int { return t.n }`},
		{src: `old := T{5}`},
		{src: `func (t T) A() int { return 1 }`},
		{src: `func (t T) A() int { return 2 }`, note: "T.A is redefined, so T is a new type with it: values, variables and functions made before keep the old T and its A; its methods are declared again for the new one (B)"},
		// a method over one an embedded field gave the struct when it
		// was first used
		{src: `type S struct{ sync.Mutex; n int }`},
		{src: `s0 := &S{}`},
		{src: `func (s *S) Lock() { s.n++; s.Mutex.Lock() }`, note: "S.Lock is declared over the method of a field it embeds, so S is a new type with it: values, variables and functions made before keep the old S and its Lock"},
	} {
		r := e.Eval(context.Background(), c.src)
		if r.Err != nil {
			t.Fatalf("%s: %v", c.src, r.Err)
		}
		if got := strings.Join(r.Notes, "\n"); got != c.note {
			t.Errorf("%s: notes %q, want %q", c.src, got, c.note)
		}
	}
	for src, want := range map[string]string{`T{7}.A()`: "2", `T{7}.B()`: "7", `old.A()`: "1", `fmt.Sprintf("%T", T{})`: "main.T"} {
		if r := e.Eval(context.Background(), src); r.Err != nil || show(r) != want {
			t.Errorf("%s = %s (%v), want %s", src, show(r), r.Err, want)
		}
	}
}

// TestPromotedMethodLimit: a struct type declared at the prompt whose
// method comes from an embedded interface is an interface value with it;
// one declared in a function fails with the limit and the way around it,
// not a panic of the interpreter, and the session goes on.
func TestPromotedMethodLimit(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []string{"type wrapped struct {\n\terror\n\tcode int\n}", `w := wrapped{errors.New("boom"), 3}`} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if got := show(e.Eval(context.Background(), `var err error = w; err.Error()`)); got != "boom" {
		t.Errorf("var err error = w; err.Error() = %q", got)
	}
	r := e.Eval(context.Background(), "func local() error {\n\ttype inner struct {\n\t\terror\n\t\tcode int\n\t}\n\tw := inner{errors.New(\"boom\"), 3}\n\tvar err error = w\n\treturn err\n}\nlocal()")
	var p *PanicError
	if r.Err == nil || errors.As(r.Err, &p) || !strings.Contains(r.Err.Error(), "declared in a function") || !strings.Contains(r.Err.Error(), "struct{ err error }") {
		t.Errorf("a local struct{ error } made an error: %v, want the limit and the way around it", r.Err)
	}
	if got := show(e.Eval(context.Background(), `1 + 1`)); got != "2" {
		t.Errorf("after the failure 1 + 1 = %q", got)
	}
}

// TestRangeFuncMisfits: a range over a function whose returns or
// iteration variables do not fit fails with Go's compile error, not a
// panic, and the session goes on.
func TestRangeFuncMisfits(t *testing.T) {
	e, _ := newTestEvaluator(t)
	if r := e.Eval(context.Background(), `func seqf(yield func(int) bool) { yield(1) }`); r.Err != nil {
		t.Fatal(r.Err)
	}
	for src, want := range map[string]string{
		`func bad1() { for v := range seqf { return v } }`:                                "too many return values",
		`func bad2() (int, error) { for v := range seqf { return v } ; return 0, nil }`:   "not enough return values",
		`func bad3() int { for range seqf { return } ; return 0 }`:                        "not enough return values: have (), want (int)",
		`func bad4() (int, int) { for v := range seqf { return v, v, v } ; return 0, 0 }`: "too many return values: want (int, int)",
		`for a, b := range seqf { fmt.Println(a, b) }`:                                    "range over seqf permits only one iteration variable",
	} {
		if r := e.Eval(context.Background(), src); r.Err == nil || r.Err.Error() != want {
			t.Errorf("%s: %v, want %s", src, r.Err, want)
		}
	}
	if got := show(e.Eval(context.Background(), `1 + 1`)); got != "2" {
		t.Errorf("after the failures 1 + 1 = %q", got)
	}
}

// TestPrintMalformed: a node go/printer panics on (an assignment without
// a left-hand side) is an error of printNode, not a panic.
func TestPrintMalformed(t *testing.T) {
	var b strings.Builder
	bad := &ast.AssignStmt{Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("v")}}
	if err := printNode(&b, token.NewFileSet(), &ast.BlockStmt{List: []ast.Stmt{bad}}); err == nil {
		t.Errorf("printNode of an assignment without a left-hand side: no error, printed %q", b.String())
	}
}

// TestDescribeType: :doc of a type the session declared says its current
// definition and methods, and how often it was declared.
func TestDescribeType(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, src := range []string{`type Host struct{ Name string }`, `func (h Host) String() string { return h.Name }`} {
		if r := e.Eval(context.Background(), src); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if got, _ := e.Describe("Host"); got != "type Host struct{ Name string }\nmethods: String" {
		t.Errorf("Host? says %q", got)
	}
	if r := e.Eval(context.Background(), "type Host struct {\n\tName string\n\tPort int\n}"); r.Err != nil {
		t.Fatal(r.Err)
	}
	want := "type Host struct {\n\tName string\n\tPort int\n}\nmethods: String\n(declared 2 times in this session: values made before the last keep their definition)"
	if got, _ := e.Describe("Host"); got != want {
		t.Errorf("Host? after its redefinition says %q, want %q", got, want)
	}
}

// TestDescribeFunc: :doc of a function of the session's is its
// declaration, which names its parameters.
func TestDescribeFunc(t *testing.T) {
	e, _ := newTestEvaluator(t)
	if r := e.Eval(context.Background(), `func add(a, b int) int { return a + b }`); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got, _ := e.Describe("add"); got != "func add(a, b int) int { return a + b }" {
		t.Errorf("add? says %q", got)
	}
}

// TestFuncRedeclaredNotes: a function declared again is called by the
// cells after it and by the functions declared before that call it, which
// are declared again (the functions that call those too); the methods,
// which keep the old one, are named; the same declaration again is
// nothing to say.
func TestFuncRedeclaredNotes(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []struct{ src, note string }{
		{src: `func f(x int) int { return x + 1 }`},
		{src: `func g() int { return f(10) }`},
		{src: `func h() int { return g() + 1 }`},
		{src: "type T struct{}\nfunc (T) M() int { return f(1) }"},
		{src: `func f(x int) int { return x * 100 }`, note: "f is redefined: T.M, declared before, keeps calling the old f; run its cell again to call the new one"},
		{src: `func f(x int) int { return x * 100 }`},
	} {
		r := e.Eval(context.Background(), c.src)
		if r.Err != nil {
			t.Fatalf("%s: %v", c.src, r.Err)
		}
		if got := strings.Join(r.Notes, "\n"); got != c.note {
			t.Errorf("%s: notes %q, want %q", c.src, got, c.note)
		}
	}
	for src, want := range map[string]string{`f(1)`: "100", `g()`: "1000", `h()`: "1001", `T{}.M()`: "2"} {
		if r := e.Eval(context.Background(), src); r.Err != nil || show(r) != want {
			t.Errorf("%s = %s (%v), want %s", src, show(r), r.Err, want)
		}
	}
}

// TestFuncRedeclaredSignature: a function whose callee is declared again
// with another signature says so when called, not with the old body's
// panic, and calls the callee again once it is declared back.
func TestFuncRedeclaredSignature(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []struct{ src, note, err string }{
		{src: `func f(a int) int { return a }`},
		{src: `func g() int { return f(1) }`},
		{src: `func f(a, b int) int { return a + b }`, note: "f is redefined: g, declared before, no longer compiles (not enough arguments in call to f); calling it panics until it is declared again"},
		{src: `g()`, err: "g no longer compiles (not enough arguments in call to f): declare it again"},
		{src: `func f(a int) int { return a * 7 }`},
	} {
		r := e.Eval(context.Background(), c.src)
		if got := fmt.Sprint(r.Err); c.err == "" && r.Err != nil || c.err != "" && !strings.Contains(got, c.err) {
			t.Fatalf("%s: error %v, want %q", c.src, r.Err, c.err)
		}
		if got := strings.Join(r.Notes, "\n"); got != c.note {
			t.Errorf("%s: notes %q, want %q", c.src, got, c.note)
		}
	}
	if r := e.Eval(context.Background(), `g()`); r.Err != nil || show(r) != "7" {
		t.Errorf("g() = %s (%v), want 7", show(r), r.Err)
	}
}

// TestGenericFuncRedeclared: a generic function declared again is the one
// the cells after it call, with the type arguments its first definition
// was called with, and the functions declared before that call it,
// generic or not, call it too.
func TestGenericFuncRedeclared(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, src := range []string{
		`func Double[T int | float64](x T) T { return x * 2 }`,
		`Double(3)`,
		`func use() int { return Double(10) }`,
		`func Quad[T int | float64](x T) T { return Double(Double(x)) }`,
		`use() + Quad(1)`,
		`func Double[T int | float64](x T) T { return x * 3 }`,
	} {
		if r := e.Eval(context.Background(), src); r.Err != nil {
			t.Fatalf("%s: %v", src, r.Err)
		}
	}
	for src, want := range map[string]string{`Double(3)`: "9", `Double(1.5)`: "4.5", `use()`: "30", `Quad(1)`: "9"} {
		if r := e.Eval(context.Background(), src); r.Err != nil || show(r) != want {
			t.Errorf("%s = %s (%v), want %s", src, show(r), r.Err, want)
		}
	}
}

// TestTypeGainsMethodLater: a function declared before its type's
// methods, as a file pasted one declaration at a time declares it, is
// declared again when the type gains a method, so that it sees the
// method: fmt uses String, a method declared on a struct embedding an
// interface is the struct's own, an assertion to an interface holds, and
// a method declared on a struct is called where its embedded field's was.
func TestTypeGainsMethodLater(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, src := range []string{
		"type Q int",
		`func show(q Q) string { return fmt.Sprint(q, Q(7)) }`,
		`func (q Q) String() string { return "Q!" }`,
		"type I interface{ Get() int }\ntype c struct{ I }",
		`func newC() *c { return &c{} }`,
		`func (x *c) Get() int { return 1 }`,
		`func describe(x any) string { if s, ok := x.(fmt.Stringer); ok { return s.String() }; return "?" }`,
		"type base struct{ id string }\ntype M struct{ base }",
		`func (b base) Name() string { return "base-" + b.id }`,
		`func name() string { m := &M{base{"m1"}}; return m.Name() }`,
		`func (m *M) Name() string { return "metrics-" + m.id }`,
		"type Net struct{}",
		`func (Net) String() string { return "net" }`,
	} {
		if r := e.Eval(context.Background(), src); r.Err != nil {
			t.Fatalf("%s: %v", src, r.Err)
		}
	}
	for src, want := range map[string]string{`show(3)`: "Q! Q!", `newC().Get()`: "1", `describe(Net{})`: "net", `name()`: "metrics-m1"} {
		if r := e.Eval(context.Background(), src); r.Err != nil || show(r) != want {
			t.Errorf("%s = %s (%v), want %s", src, show(r), r.Err, want)
		}
	}
}

// TestSlogDefault: log/slog's default logger writes where the session's log
// does, as log.SetFlags shapes it, and slog.SetDefault takes log.Print, as
// in Go.
func TestSlogDefault(t *testing.T) {
	e, out := newTestEvaluator(t)
	for _, c := range []string{`log.SetFlags(0)`, `slog.Info("disk check", "mount", "/var", "used", 91)`} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if got, want := out.String(), "INFO disk check mount=/var used=91\n"; got != want {
		t.Errorf("slog.Info printed %q, want %q", got, want)
	}
	var r Result
	for _, c := range []string{
		`var buf strings.Builder`,
		`noTime := func(_ []string, a slog.Attr) slog.Attr { if a.Key == "time" { return slog.Attr{} }; return a }`,
		`slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime})))`,
		`log.Print("hello from log")`,
		`buf.String()`,
	} {
		if r = e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if got, want := show(r), "level=INFO msg=\"hello from log\"\n"; got != want {
		t.Errorf("log.Print after slog.SetDefault wrote %q, want %q", got, want)
	}
}

// TestEmbeddedInterfaces: a struct type declared at the prompt that
// embeds interfaces has their methods, those of the field Go promotes,
// and its own over them when a later cell declares them before the type is
// used, without a note.
func TestEmbeddedInterfaces(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []struct{ src, want string }{
		{src: "type rc struct {\n\tio.Reader\n\tio.Closer\n}"},
		{src: "type nopCloser struct{}\nfunc (nopCloser) Close() error { return errors.New(\"closed\") }"},
		{src: "type counted struct {\n\tio.Reader\n\tn int\n}"},
		{src: "func (c *counted) Read(p []byte) (int, error) { n, err := c.Reader.Read(p); c.n += n; return n, err }"},
		{src: `var r io.ReadCloser = rc{strings.NewReader("abc"), nopCloser{}}`},
		{src: `b, _ := io.ReadAll(r); fmt.Sprint(string(b), " ", r.Close())`, want: "abc closed"},
		{src: `c := &counted{Reader: strings.NewReader("hello")}`},
		{src: `io.Copy(io.Discard, c); c.n`, want: "5"},
	} {
		r := e.Eval(context.Background(), c.src)
		if got := show(r); r.Err != nil || c.want != "" && got != c.want || len(r.Notes) != 0 {
			t.Errorf("%s = %s, notes %q, want %q", c.src, got, r.Notes, c.want)
		}
	}
}

// TestCellCheckedBeforeItRuns: a cell whose later statement uses a name
// nothing declares, or does not parse, fails before its first statement
// runs, as Go compiles a block before it runs it; names the cell itself
// declares, at its top level or in its declarations, are no such names.
func TestCellCheckedBeforeItRuns(t *testing.T) {
	e, out := newTestEvaluator(t)
	for _, c := range []struct{ src, want string }{
		{"fmt.Println(\"stopped the service\")\nx := 3\ny := undefinedThing(x)", "line 3:6: undefined: undefinedThing"},
		{"fmt.Println(\"stopped the service\")\nif true {\n\tfmt.Println(hots)\n}", "line 3:14: undefined: hots"},
		{"fmt.Println(\"stopped the service\")\nx := (3", "syntax error: line 2:"},
	} {
		r := e.Eval(context.Background(), c.src)
		if r.Err == nil || !strings.HasPrefix(r.Err.Error(), c.want) {
			t.Fatalf("%q: got %v, want %q", c.src, r.Err, c.want)
		}
		var l *LocatedError
		if strings.Contains(c.want, "undefined") && (!errors.As(r.Err, &l) || l.Line != int(c.want[5]-'0')) {
			t.Fatalf("%q: %#v is not located at its line", c.src, r.Err)
		}
	}
	if out.Len() > 0 {
		t.Fatalf("the cells ran: %q", out.String())
	}
	if r := e.Eval(context.Background(), "x"); r.Err == nil {
		t.Fatal("x was declared by a cell that failed")
	}
	declareAll(t, e,
		"type Host struct{ Name string }",
		"hosts := []Host{{Name: \"a\"}}\nm := map[string]Host{\"x\": {Name: \"x\"}}\nb, err := json.Marshal(m)\nfmt.Println(len(hosts), string(b), err)",
		"var w = later()\nfmt.Println(\"kept\")",
		"y := 1\ntype Local struct{ A int }\nz := Local{A: y}\nfmt.Println(z)",
		"func later() int { return 5 }",
	)
	if want := "1 {\"x\":{\"Name\":\"x\"}} <nil>\nkept\n{1}\n"; out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

// TestStructTypesReferringToEachOther: struct types that refer to each
// other are built by the interpreter from the one that refers to most of
// the others, which it then builds right: a &N{} is assignable to N's
// field, in a program and cell by cell.
func TestStructTypesReferringToEachOther(t *testing.T) {
	const types = "type T struct{ n *N }\n\ntype N struct {\n\tnext *N\n\tt    *T\n}\n\ntype Cluster struct{ Racks []*Rack }\n\ntype Rack struct {\n\tCluster *Cluster\n\tHosts   []*Host\n}\n\ntype Host struct{ Rack *Rack }\n"
	const use = "a := &N{next: &N{}}\na.t = &T{n: a}\nc := &Cluster{}\nr := &Rack{Cluster: c}\nc.Racks = append(c.Racks, r)\nr.Hosts = append(r.Hosts, &Host{Rack: r})\nfmt.Println(a.next != nil, a.t.n == a, c.Racks[0].Hosts[0].Rack.Cluster == c)"
	const want = "true true true\n"
	e, out := newTestEvaluator(t)
	if r := e.Eval(context.Background(), "package main\n\nimport \"fmt\"\n\n"+types+"\nfunc main() {\n"+use+"\n}\n"); r.Err != nil || out.String() != want {
		t.Fatalf("program: %v, output %q", r.Err, out.String())
	}
	e, out = newTestEvaluator(t)
	declareAll(t, e, types, use)
	if out.String() != want {
		t.Fatalf("cells: output %q", out.String())
	}
}

// TestPanicInFunctionOfProgram: a run-time error in a function the program
// declares is told in it, at its line where that is known, and never at
// a line of main's that did not panic (yaegi names its function's first
// statement for a panic its own code raised: var p *T was named).
func TestPanicInFunctionOfProgram(t *testing.T) {
	for _, c := range []struct {
		src, in, line string
		at            int
	}{
		// a nil pointer followed in X: not at n := 1, nor in main; at X
		{"package main\n\ntype T struct{ x int }\n\nfunc (t *T) X() int {\n\tn := 1\n\treturn t.x + n\n}\n\nfunc main() {\n\tvar p *T\n\t_ = p.X()\n}\n", "X", "", 5},
		// one of two indexes of main's
		{"package main\n\nimport \"fmt\"\n\nfunc main() {\n\ts := []int{1, 2}\n\tfmt.Println(s[0])\n\ti := 5\n\tfmt.Println(s[i])\n}\n", "main", "", 5},
		// the one write of a map in a function literal: at it, in the literal
		{"package main\n\nfunc counter() func(string) {\n\tvar counts map[string]int\n\treturn func(k string) {\n\t\tprintln()\n\t\tcounts[k]++\n\t}\n}\n\nfunc main() {\n\tinc := counter()\n\tinc(\"a\")\n}\n", "counter.func", "counts[k]++", 7},
		// the one division of f's
		{"package main\n\nfunc f(n int) int {\n\tx := 2\n\treturn x / n\n}\n\nfunc main() {\n\tf(0)\n}\n", "f", "return x / n", 5},
	} {
		e, _ := newTestEvaluator(t)
		r := e.Eval(context.Background(), c.src)
		var p *PanicError
		if !errors.As(r.Err, &p) {
			t.Fatalf("%q: %v, want a panic", c.src, r.Err)
		}
		if p.In != c.in || p.Line != c.line || p.At != c.at {
			t.Errorf("%q: in %q at %q (%d), want in %q at %q (%d)", c.src, p.In, p.Line, p.At, c.in, c.line, c.at)
		}
	}
}

// TestGenericInstanceAsserted: a value of a generic type's instance in an
// any is found by an assertion to an interface its methods implement, and
// by a type switch's case of it, where yaegi's missed it.
func TestGenericInstanceAsserted(t *testing.T) {
	e, out := newTestEvaluator(t)
	const program = "package main\n\nimport \"fmt\"\n\ntype Opt[T any] struct{ v T }\n\nfunc (o Opt[T]) String() string { return fmt.Sprint(\"some(\", o.v, \")\") }\n\nfunc main() {\n\tvar x any = Opt[int]{3}\n\t_, ok := x.(fmt.Stringer)\n\tswitch v := x.(type) {\n\tcase fmt.Stringer:\n\t\tfmt.Println(ok, v.String())\n\tdefault:\n\t\tfmt.Println(ok, \"missed\")\n\t}\n}\n"
	if r := e.Eval(context.Background(), program); r.Err != nil || out.String() != "true some(3)\n" {
		t.Fatalf("%v, output %q", r.Err, out.String())
	}
}
