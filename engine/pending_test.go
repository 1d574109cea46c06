package engine

import (
	"context"
	"strings"
	"testing"
)

// TestMethodDeclaredLater: a function calling a method of a later cell
// (a file pasted a declaration at a time, main first) is kept until the
// method is declared; used before that, it says what it waits for.
func TestMethodDeclaredLater(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `type Coord struct{ x, y int }`},
		{src: `func show() { o := Coord{3, 4}; fmt.Println(o.dist()) }`, note: "show uses the method dist, not declared yet: kept until it is"},
		{src: `show()`, err: "show is not declared yet: it waits for the method dist"},
		{src: `func (c Coord) dist() int { return c.x*c.x + c.y*c.y }`},
		{src: `show()`},
		{src: `func typo() { o := Coord{}; fmt.Println(o.dsit()) }`, note: "typo uses the method dsit, not declared yet: kept until it is (did you mean dist?)"},
		{src: `func sum(xs []int) int { total := 0; for _, x := range xs { total += x }; return totl }`, note: "sum uses totl, not declared yet: kept until it is (did you mean total?)"},
		{src: `func push() { a := []int{1}; a.Push(2) }`, err: "a.Push undefined (type []int has no field or method Push)"},
		{src: `func count() { n := 1; n.Inc() }`, err: "n.Inc undefined (type int has no field or method Inc)"},
		{src: `func (c Coord) dist2() int { return 0 }`},
		{src: `typo()`, err: "typo is not declared yet: it waits for the method dsit"},
	}, "25\n")
}

// cellCase is a cell, and the note and the error it should give.
type cellCase struct{ src, note, err string }

// checkCells evaluates cells in one session and then checks what they
// printed.
func checkCells(t *testing.T, cells []cellCase, printed string) {
	t.Helper()
	e, out := newTestEvaluator(t)
	for _, c := range cells {
		r := e.Eval(context.Background(), c.src)
		if got := errText(r); got != c.err {
			t.Errorf("%s: error %q, want %q", c.src, got, c.err)
		}
		if got := strings.Join(r.Notes, "\n"); got != c.note {
			t.Errorf("%s: note %q, want %q", c.src, got, c.note)
		}
	}
	if got := out.String(); got != printed {
		t.Errorf("printed %q, want %q", got, printed)
	}
}

func errText(r Result) string {
	if r.Err == nil {
		return ""
	}
	return r.Err.Error()
}

// TestKeptInTheOrderTheyNeed: kept declarations run in the order their
// needs are met — the var a function uses before the function — and a
// function kept for a variable may then wait for a method too.
func TestKeptInTheOrderTheyNeed(t *testing.T) {
	e, out := newTestEvaluator(t)
	for _, src := range []string{
		`func Bar() { fmt.Println(Obj.Foo()) }`,
		`var Obj = NewT()`,
		`func NewT() *T { return &T{} }`,
		`type T struct{}`,
		`func (t *T) Foo() bool { return t != nil }`,
		`Bar()`,
	} {
		if r := e.Eval(context.Background(), src); r.Err != nil {
			t.Fatalf("%s: %v", src, r.Err)
		}
	}
	if got := out.String(); got != "true\n" {
		t.Errorf("printed %q, want true", got)
	}
}

// TestVarGroupPartlyKept: of a var group, the specs that need nothing
// missing run at once, and only those that wait are kept: the function
// they wait for may use the others.
func TestVarGroupPartlyKept(t *testing.T) {
	checkCells(t, []cellCase{
		{src: "var (\n\tbase = 1\n\tnext = inc()\n\tafter = next * 10\n)", note: "next, after uses inc, not declared yet: kept until it is"},
		{src: `base`},
		{src: `func inc() int { return base + 1 }`},
		{src: `fmt.Println(base, next, after)`},
	}, "1 2 20\n")
}

// TestVarKeptForLaterMethod: a var statement calling a method of a later
// cell is kept until the method is declared, as a function is; a method
// of a type no cell can give one is an error at once.
func TestVarKeptForLaterMethod(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `type Temp int`},
		{src: `var hot = Temp(40).Celsius()`, note: "hot uses the method Celsius, not declared yet: kept until it is"},
		{src: `hot`, err: "hot is not declared yet: it waits for the method Celsius"},
		{src: `func (t Temp) Celsius() string { return fmt.Sprint(int(t), "C") }`},
		{src: `fmt.Println(hot)`},
		{src: `var n = 3`},
		{src: `var m = n.Half()`, err: "n.Half undefined (type int has no field or method Half)"},
	}, "40C\n")
}

// TestMethodKeptForLaterMethod: a method calling a method of a later
// cell is kept without being compiled (the interpreter would keep a
// broken first copy of it), and runs once that method is declared.
func TestMethodKeptForLaterMethod(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `type R struct{ n int }`},
		{src: `func (r R) Read() int { return r.Close() + 1 }`, note: "the method Read uses the method Close, not declared yet: kept until it is"},
		{src: `func (r R) Close() int { return r.n }`},
		{src: `fmt.Println(R{41}.Read())`},
	}, "42\n")
}

// TestGenericMethodKeptForLaterMethod: a method of a generic type that
// calls one of the type's methods not declared yet waits for it (a field
// of a function type called is no method), and a program's such methods
// are put in order.
func TestGenericMethodKeptForLaterMethod(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `type Pool[T any] struct{ v T; fn func(T) T }`},
		{src: `func (p *Pool[T]) Run() T { return p.work() }`, note: "the method Run uses the method work, not declared yet: kept until it is"},
		{src: `func (p *Pool[T]) work() T { return p.fn(p.v) }`},
		{src: `fmt.Println((&Pool[int]{v: 20, fn: func(n int) int { return n + 1 }}).Run())`},
	}, "21\n")
	checkCells(t, []cellCase{
		{src: "package main\n\nimport \"fmt\"\n\ntype Pool[T any] struct{ v T }\n\nfunc (p *Pool[T]) Run() T { return p.work() + p.work() }\n\nfunc (p *Pool[T]) work() T { return p.v }\n\nfunc main() { fmt.Println((&Pool[string]{v: \"ab\"}).Run()) }\n"},
	}, "abab\n")
	checkCells(t, []cellCase{
		{src: "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(NewBox(7).Double()) }\n\nfunc (b Box[T]) Double() Box[T] { return Box[T]{b.v + b.v} }\n\ntype Box[T ~int] struct{ v T }\n\nfunc NewBox[T ~int](v T) Box[T] { return Box[T]{v} }\n"},
	}, "{14}\n")
}

// TestKeptForInterfaceMethods: a function giving a value of the session's
// type as an interface whose methods the type does not have yet is kept
// until methods of those names are declared.
func TestKeptForInterfaceMethods(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `type Named interface{ fmt.Stringer; Name() string }`},
		{src: `type host struct{ n string }`},
		{src: `func newHost(n string) (Named, error) { return &host{n}, nil }`, note: "newHost uses the method String, the method Name, not declared yet: kept until it is"},
		{src: `func (h *host) Name() string { return h.n }`},
		{src: `func (h *host) String() string { return "host " + h.n }`},
		{src: `h, _ := newHost("web-1"); fmt.Println(h.Name(), h.String())`},
	}, "web-1 host web-1\n")
}

// TestPredeclaredNameDeclaredLater: a predeclared function's name used
// other than in a call (an array's length) is of a declaration of the
// session's own, and what uses it is kept until it is declared; called,
// the name is still the builtin's (b waits for a only).
func TestPredeclaredNameDeclaredLater(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `var a = [max]int{}`, note: "a uses max, not declared yet: kept until it is"},
		{src: `var b = min(len(a), 2)`, note: "b uses a, not declared yet: kept until it is"},
		{src: `const max = 3`},
		{src: `fmt.Println(len(a), b)`},
	}, "3 2\n")
}

// TestKeptDeclarationSuperseded: a kept declaration that a later cell
// declares again is forgotten; what it waited for coming does not bring
// it back over the later one.
func TestKeptDeclarationSuperseded(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func limit() int { return maxConn * 2 }`, note: "limit uses maxConn, not declared yet: kept until it is"},
		{src: `func limit() int { return 10 }`},
		{src: `maxConn := 50`},
		{src: `fmt.Println(limit())`},
		{src: `func other() int { return later() }`, note: "other uses later, not declared yet: kept until it is"},
		{src: `func other() int { return nope() + 1 }`, note: "other uses nope, not declared yet: kept until it is"},
		{src: `func later() int { return 1 }`},
		{src: `other()`, err: "other is not declared yet: it waits for nope"},
		{src: `func nope() int { return 7 }`},
		{src: `fmt.Println(other())`},
	}, "10\n8\n")
}

// TestKeptForReturnedInterface: a function that returns a value of a
// type as an interface whose methods the type does not have yet waits for
// them, and then runs.
func TestKeptForReturnedInterface(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func use(n *int) io.Writer { return &W{n} }`, note: "use uses W, not declared yet: kept until it is"},
		{src: `type W struct{ n *int }`, note: "use uses the method Write, not declared yet: kept until it is"},
		{src: `func (w *W) Write(p []byte) (int, error) { *w.n += len(p); return len(p), nil }`},
		{src: "c := 0\nfmt.Fprint(use(&c), \"hello\")\nfmt.Println(c)"},
	}, "5\n")
}

// TestKeptForPackageInterface: a function that gives a value of a type
// as a package's interface (io.Writer, to io.MultiWriter) waits, once the
// type is declared, for the interface's methods.
func TestKeptForPackageInterface(t *testing.T) {
	checkCells(t, []cellCase{
		{src: "func count(s string) int64 {\n\tvar c counter\n\tio.WriteString(io.MultiWriter(io.Discard, &c), s)\n\treturn int64(c)\n}", note: "count uses counter, not declared yet: kept until it is"},
		{src: `type counter int64`, note: "count uses the method counter.Write, not declared yet: kept until it is"},
		{src: `func (c *counter) Write(p []byte) (int, error) { *c += counter(len(p)); return len(p), nil }`},
		{src: `fmt.Println(count("hello"))`},
	}, "5\n")
}

// TestKeptInits: init may be declared many times; each kept one runs
// once what it needs comes, none superseding another.
func TestKeptInits(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `var reg = map[string]bool{}`},
		{src: `func init() { reg[name("cpu")] = true }`, note: "init uses name, not declared yet: kept until it is"},
		{src: `func init() { reg[name("mem")] = true }`, note: "init uses name, not declared yet: kept until it is"},
		{src: `func name(s string) string { return s }`},
		{src: `fmt.Println(reg)`},
	}, "map[cpu:true mem:true]\n")
}

// TestMethodsKeptForEachOther: two methods each returning the type as an
// interface that needs the other are kept, the second closing the
// circle: they are declared together at once.
func TestMethodsKeptForEachOther(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `type I interface { A() I; B() I }`},
		{src: `type T struct{}`},
		{src: `func (T) A() I { return T{} }`, note: "the method A uses the method B, not declared yet: kept until it is"},
		{src: `func (T) B() I { return T{} }`, note: "the method B uses the method A, not declared yet: kept until it is"},
		{src: `fmt.Println(T{}.A().B() != nil)`},
	}, "true\n")
}

// TestKeptDeclarationFailed: a kept function that fails to compile once
// what it needs comes is undefined, and says why, where it ran as if
// empty; one kept for a method of error waits for Error.
func TestKeptDeclarationFailed(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func show() { var x T = 5; fmt.Println(x) }`, note: "show uses T, not declared yet: kept until it is"},
		{src: `type T string`, note: "the kept declarations of show failed: cannot use 5 (untyped int constant) as string value in variable declaration"},
		{src: `show()`, err: "undefined: show (its declaration failed; declare it again)"},
		{src: `func check() string { var e error = &P{}; return e.Error() }`, note: "check uses P, not declared yet: kept until it is"},
		{src: `type P struct{}`, note: "check uses the method Error, not declared yet: kept until it is"},
		{src: `func (*P) Error() string { return "p" }`},
		{src: `fmt.Println(check())`},
	}, "p\n")
}

// TestKeptForGeneric: a function calling a generic function of a later
// cell runs once it is declared.
func TestKeptForGeneric(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func twice(n int) int { return Id(n) * 2 }`, note: "twice uses Id, not declared yet: kept until it is"},
		{src: `func Id[T any](x T) T { return x }`},
		{src: `fmt.Println(twice(4), Id("s"))`},
	}, "8 s\n")
}

// TestKeptCallerRefreshed: a kept function that ran, once what it calls
// came, calls that function's later declaration too.
func TestKeptCallerRefreshed(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func mid() string { return leaf() }`, note: "mid uses leaf, not declared yet: kept until it is"},
		{src: `func leaf() string { return "old" }`},
		{src: `func leaf() string { return "new" }`},
		{src: `fmt.Println(mid())`},
	}, "new\n")
}

// TestMainRefreshed: main calls a function declared again after it, as
// the other functions do.
func TestMainRefreshed(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func run() string { return "old" }`},
		{src: `func main() { fmt.Println(run()) }`},
		{src: `func run() string { return "new" }`},
		{src: `main()`},
	}, "new\n")
}

// TestKeptForErrorMethod: a function returning a later type's value as an
// error waits for its Error method, and a function calling it waits with
// it, rather than being compiled against a function that never compiled.
func TestKeptForErrorMethod(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func find() error { return &NotFound{"x"} }`, note: "find uses NotFound, not declared yet: kept until it is"},
		{src: `func report() string { var nf *NotFound; return fmt.Sprint(find(), errors.As(find(), &nf)) }`, note: "report uses NotFound, find, not declared yet: kept until it is"},
		{src: `type NotFound struct{ Key string }`, note: "find uses the method Error, not declared yet: kept until it is"},
		{src: `func (e *NotFound) Error() string { return "not found: " + e.Key }`},
		{src: `fmt.Println(report())`},
	}, "not found: x true\n")
}

// TestVarKeptForMethod: a var statement kept for a type, which then fails
// for a method of the type not declared yet (a method value, a method
// expression, a value given as an interface), is kept again for the
// method, with the functions that use it; a function using a variable of
// the session's type is declared again when the type gains a method.
func TestVarKeptForMethod(t *testing.T) {
	checkCells(t, []cellCase{
		{src: "var handlers = map[string]func() string{\n\t\"a\": (&Srv{\"x\"}).Handle,\n}", note: "handlers uses Srv, not declared yet: kept until it is"},
		{src: `var name = Srv.Name`, note: "name uses Srv, not declared yet: kept until it is"},
		{src: `var ns = []N{Srv{}}`, note: "ns uses N, Srv, not declared yet: kept until it is"},
		{src: `func show() { fmt.Println(handlers["a"](), name(Srv{"y"}), len(ns), lvl) }`, note: "show uses Srv, handlers, lvl, name, ns, not declared yet: kept until it is"},
		{src: `var lvl Level = 1`, note: "lvl uses Level, not declared yet: kept until it is"},
		{src: "type N interface{ Do() string }\ntype Level int"},
		{src: `type Srv struct{ n string }`, note: "handlers uses the method Handle, not declared yet: kept until it is\nname uses the method Name, not declared yet: kept until it is\nns uses the method Srv.Do, not declared yet: kept until it is"},
		{src: `func (s *Srv) Handle() string { return "handled " + s.n }`},
		{src: `func (s Srv) Name() string { return "svc:" + s.n }`},
		{src: `func (Srv) Do() string { return "done" }`},
		{src: `func (l Level) String() string { return "L1" }`},
		{src: `var _ io.Writer = (*W)(nil)`, note: "_ uses W, not declared yet: kept until it is"},
		{src: `type W struct{ n int }`, note: "_ uses the method W.Write, not declared yet: kept until it is"},
		{src: `func (w *W) Write(p []byte) (int, error) { return len(p), nil }`},
		{src: `show()`},
	}, "handled x svc:y 1 L1\n")
}

// TestKeptBlankVarsAndKeys: var _ = … statements kept for a method are
// all kept, and run in their order; a map or slice literal's key is a
// use of the name it gives, waited for; a method expression of a later
// type is written as a function once the type and method are declared,
// and a call of a later generic function given its type arguments.
func TestKeptBlankVarsAndKeys(t *testing.T) {
	checkCells(t, []cellCase{
		{src: "type R struct{ items []string }\nvar reg = &R{}"},
		{src: `var _ = reg.add("first")`, note: "_ uses the method add, not declared yet: kept until it is"},
		{src: `var _ = reg.add("second")`, note: "_ uses the method add, not declared yet: kept until it is"},
		{src: `func (r *R) add(s string) int { r.items = append(r.items, s); return len(r.items) }`},
		{src: `func weights() map[string]int { return map[string]int{K: 1} }`, note: "weights uses K, not declared yet: kept until it is"},
		{src: `func cost() float64 { f := Job.cost; return f(Job{2}) }`, note: "cost uses Job, not declared yet: kept until it is"},
		{src: "type Job struct{ W int }", note: "cost uses the method cost, not declared yet: kept until it is"},
		{src: `func (j Job) cost() float64 { return float64(j.W) }`},
		{src: "type L[T any] struct{ items []T }"},
		{src: `func count() int { var l L[int]; return Size(&l) }`, note: "count uses Size, not declared yet: kept until it is"},
		{src: `func Size[T any](l *L[T]) int { return len(l.items) }`},
		{src: `const K = "k"`},
		{src: `fmt.Println(reg.items, weights(), cost(), count())`},
	}, "[first second] map[k:1] 2 0\n")
}

// TestKeptForTypesMethod: a declaration that gives a value of a later
// type as an interface waits for that type's methods, though another type
// of the session has methods of their names.
func TestKeptForTypesMethod(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func run() int { var c Checker = &disk{}; return c.Check() }`, note: "run uses Checker, disk, not declared yet: kept until it is"},
		{src: "type Checker interface{ Check() int }\ntype CheckerFunc func() int"},
		{src: `func (f CheckerFunc) Check() int { return f() }`},
		{src: `type disk struct{}`, note: "run uses the method disk.Check, not declared yet: kept until it is"},
		{src: `func (d *disk) Check() int { return 1 }`},
		{src: `fmt.Println(run(), CheckerFunc(func() int { return 2 }).Check())`},
	}, "1 2\n")
}

// TestKeptMethodsFirst: a kept method that compiles alone is declared
// before the kept functions that wait with it, so that one of those
// failing for a later method does not break it.
func TestKeptMethodsFirst(t *testing.T) {
	checkCells(t, []cellCase{
		{src: `func (w Wrapper) Hello() string { return "hi " + w.Base.Name }`, note: "the method Hello uses Wrapper, not declared yet: kept until it is"},
		{src: "func greet() string {\n\tw := Wrapper{Base{\"x\"}}\n\treturn w.Hello() + \" \" + w.ID()\n}", note: "greet uses Base, Wrapper, not declared yet: kept until it is"},
		{src: `type Wrapper struct{ Base }`, note: "Wrapper uses Base, not declared yet: kept until it is"},
		{src: `type Base struct{ Name string }`, note: "greet uses the method ID, not declared yet: kept until it is"},
		{src: `func (b Base) ID() string { return "id-" + b.Name }`},
		{src: `fmt.Println(greet())`},
	}, "hi x id-x\n")
}

// TestMainKeptSaysWhy: a main kept for a name says what it waits for when
// called, and a selector of a field's name in another case is hinted.
func TestMainKeptSaysWhy(t *testing.T) {
	checkCells(t, []cellCase{
		{src: "type S struct{ Port int }"},
		{src: "func main() {\n\ts := S{}\n\tfmt.Println(s.port)\n}", note: "main uses the method port, not declared yet: kept until it is (did you mean Port?)"},
		{src: `main()`, err: "main is not declared yet: it waits for the method port"},
	}, "")
}

// TestKeptVarGroupSplitLater: a kept var group whose specs wait for
// different names runs each spec once what it needs is declared: m once
// its type is, so that count, which uses m, can be declared; then n.
func TestKeptVarGroupSplitLater(t *testing.T) {
	checkCells(t, []cellCase{
		{src: "var (\n\tn = count()\n\tm = map[string]F{\"a\": 1}\n)", note: "n, m uses F, count, not declared yet: kept until it is"},
		{src: "type F int"},
		{src: "func count() int { return len(m) }"},
		{src: "fmt.Println(n, m)"},
	}, "1 map[a:1]\n")
}

// TestKeptInitsInOrder: an init function declared while one declared
// before it waits, waits with it: Go runs them in the order of the source.
func TestKeptInitsInOrder(t *testing.T) {
	checkCells(t, []cellCase{
		{src: "var order []string"},
		{src: `func init() { order = append(order, "first "+later()) }`, note: "init uses later, not declared yet: kept until it is"},
		{src: `func init() { order = append(order, "second") }`, note: "init uses later, not declared yet: kept until it is"},
		{src: `func later() string { return "later" }`},
		{src: "fmt.Println(order)"},
	}, "[first later second]\n")
}
