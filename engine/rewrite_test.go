package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsh/opsh/internal/testenv"
)

// TestHazards runs each source rewrite through the interpreter: what the
// cell gives with the rewrite, where yaegi alone gives something else or
// panics.
func TestHazards(t *testing.T) {
	for _, tc := range []struct {
		desc  string
		cells []string
		want  string // the last cell's value, or "error: ..." prefix
	}{
		{"a method returning its receiver as an interface before the methods it needs waits for them",
			[]string{"type rw struct{ n int }", "func (x *rw) Read(p []byte) (int, error) { return 0, io.EOF }", "func (x *rw) Self() io.ReadWriter { return x }", "func (x *rw) Write(p []byte) (int, error) { x.n += len(p); return len(p), nil }", "r := &rw{}", `fmt.Fprint(r.Self(), "abc")`, "r.n"}, "3"},
		{"a method returning a new value as an interface before the methods it needs waits for them",
			[]string{"type h struct{ next slog.Handler }", "func (x *h) Enabled(context.Context, slog.Level) bool { return true }", "func (x *h) Handle(c context.Context, r slog.Record) error { return x.next.Handle(c, r) }", "func (x *h) WithAttrs(as []slog.Attr) slog.Handler { return &h{x.next.WithAttrs(as)} }", "func (x *h) WithGroup(g string) slog.Handler { return &h{x.next.WithGroup(g)} }",
				"var buf strings.Builder", `slog.New(&h{slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr { if a.Key == "time" { return slog.Attr{} }; return a }})}).With("a", 1).Info("hi")`, "buf.String()"}, `level=INFO msg=hi a=1` + "\n"},
		{"a method returning a value of another type as an interface it lacks is Go's error",
			[]string{"type w struct{}", "func (w) Reader() io.Reader { return 5 }"}, "error: "},
		{"a range over a string whose body takes an address or makes a closure ends",
			[]string{"func idx(s string) (out string) { var fs []func() int; for i := range s { v := i; _ = &v; fs = append(fs, func() int { return i }) }; for _, f := range fs { out += fmt.Sprint(f()) }; return }", `idx("añb")`}, "013"},
		{"a cell that imports what its function uses",
			[]string{"import (\n\t\"strings\"\n)\n\nfunc up(s string) string { return strings.ToUpper(s) }\n\nup(\"q\")"}, "Q"},
		{"a cell of imports and a function run twice",
			[]string{"import (\n\t\"sort\"\n\t\"strings\"\n)\n\nfunc join(s []string) string { sort.Strings(s); return strings.Join(s, \",\") }", "import (\n\t\"sort\"\n\t\"strings\"\n)\n\nfunc join(s []string) string { sort.Strings(s); return strings.Join(s, \",\") }", `join([]string{"b", "a"})`}, "a,b"},
		{"a named result starts at zero in each call from a loop",
			[]string{"func add(n int) (sum int) {\n\tsum += n\n\treturn\n}", "out := []int{}; for range 3 { out = append(out, add(1)) }; fmt.Sprint(out)"}, "[1 1 1]"},
		{"an error named result set on one path is nil on the other, called again",
			[]string{"func check(x int) (err error) {\n\tif x < 0 {\n\t\terr = errors.New(\"negative\")\n\t}\n\treturn\n}", "s := \"\"; for _, x := range []int{-1, 1} { s += fmt.Sprint(check(x), \";\") }; s"}, "negative;<nil>;"},
		{"an assignment of a value and a call keeps both",
			[]string{`s := "1.5k"`, `num, unit := s, ""`, `num, unit = s[:3], strings.ToUpper(s[3:])`, `num + unit`}, "1.5K"},
		{"a definition of a value and a composite literal keeps both",
			[]string{`base, units := 1000.0, []string{"B", "kB"}`, `fmt.Sprint(base, units)`}, "1000 [B kB]"},
		{"a var of two names, one a literal, keeps both",
			[]string{`var gx, gy = 1.5, []int{1}`, `fmt.Sprint(gx, gy)`}, "1.5 [1]"},
		{"a compiled value in an any asserted to an interface literal is found",
			[]string{`var x any = strings.NewReader("hello")`, `l, ok := x.(interface{ Len() int })`, `fmt.Sprint(ok, l.Len())`}, "true 5"},
		{"a compiled error asserted to an interface literal is found",
			[]string{`err := fmt.Errorf("x: %w", errors.New("a"))`, `u, ok := err.(interface{ Unwrap() error })`, `fmt.Sprint(ok, u.Unwrap(), u)`}, "true a x: a"},
		{"closures in a three-clause loop see their own i",
			[]string{`fs := []func() int{}; for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }; fs[0]()+fs[1]()+fs[2]()`}, "3"},
		{"closures in a range loop see their own value",
			[]string{`fs := []func() string{}; for _, h := range []string{"a", "b", "c"} { fs = append(fs, func() string { return h }) }; fs[0]()+fs[1]()+fs[2]()`}, "abc"},
		{"goroutines in a loop see their own host",
			[]string{`var mu sync.Mutex; var wg sync.WaitGroup; got := map[string]bool{}
for _, h := range []string{"web-1", "web-2", "web-3"} {
	wg.Add(1)
	go func() { defer wg.Done(); mu.Lock(); got[h] = true; mu.Unlock() }()
}
wg.Wait(); len(got)`}, "3"},
		{"go f(x) evaluates x in the loop",
			[]string{`ch := make(chan int, 3); send := func(i int) { ch <- i }; for i := 0; i < 3; i++ { go send(i) }; a, b, c := <-ch, <-ch, <-ch; a+b+c`}, "3"},
		{"the body may change the loop variable",
			[]string{`n := 0; fs := []func(){}; for i := 0; i < 10; i++ { fs = append(fs, func() {}); i += 2; n++ }; n`}, "4"},
		{"a variable of the body that shadows the loop's keeps its own value for the closures",
			[]string{`fs := []func() int{}; for i := 0; i < 3; i++ { i := i * 10; fs = append(fs, func() int { return i }) }; fs[0]()+fs[1]()+fs[2]()`}, "30"},
		{"a select's send case sends what an expression with operations inside others makes",
			[]string{`out := make(chan string, 1); x := "abc"; g := []string{"g0"}`, "select {\ncase out <- strings.ToUpper(x + g[0]):\n}", `<-out`}, "ABCG0"},
		{"a send case in a function, a struct of an index",
			[]string{`type rec struct{ S string }`, `func send(c chan rec, f []string) { select { case c <- rec{f[0] + "!"}: default: } }`, `c := make(chan rec, 1); send(c, []string{"a"}); (<-c).S`}, "a!"},
		{"return <-c returns what the channel gives",
			[]string{`func recv(c chan int) (int, error) { return <-c, nil }`, `c := make(chan int, 1); c <- 6; n, _ := recv(c); n`}, "6"},
		{"%T of a fmt.Stringer holding a struct of the session's names the struct's type",
			[]string{`type V struct{ N int }`, `func (v V) String() string { return "v" }`, `var x fmt.Stringer = V{1}`, `fmt.Sprintf("%T %v", x, x)`}, "main.V v"},
		{"slices.Sort and slices.Max take durations",
			[]string{`ds := []time.Duration{3 * time.Second, time.Millisecond}`, `slices.Sort(ds)`, `fmt.Sprint(ds, slices.Max(ds))`}, "[1ms 3s] 3s"},
		{"min and max take durations", []string{`a := time.Minute`, `fmt.Sprint(min(a, time.Second), max(a, 2*time.Minute))`}, "1s 2m0s"},
		{"break by its label leaves a range over a function",
			[]string{`func seq(yield func(int) bool) { for i := range 5 { if !yield(i) { return } } }`, "n := 0\nouter:\nfor v := range seq {\n\tif v == 3 {\n\t\tbreak outer\n\t}\n\tn += v\n}", `n`}, "3"},
		{"continue of a loop around a range over a function",
			[]string{`func seq2(yield func(int) bool) { for i := range 5 { if !yield(i) { return } } }`, "func pairs() (n int) {\nrows:\n\tfor i := range 3 {\n\t\tfor v := range seq2 {\n\t\t\tif v == i {\n\t\t\t\tcontinue rows\n\t\t\t}\n\t\t\tn++\n\t\t}\n\t}\n\treturn n\n}", `pairs()`}, "3"},
		{"a range over slices.Values of a map's element in a function",
			[]string{"func first(m map[string][]int, k string) int {\n\tfor v := range slices.Values(m[k]) {\n\t\treturn v\n\t}\n\treturn -1\n}", `first(map[string][]int{"a": {7}}, "a")`}, "7"},
		{"an any holding a pointer of the session's asserted to an interface of the session's",
			[]string{`type Namer interface{ Name() string }`, `type pd struct{ p int }`, `func (*pd) Name() string { return "pd" }`, `var y any = &pd{}`, `n, ok := y.(Namer)`, `fmt.Sprint(n.Name(), ok)`}, "pdtrue"},
		{"an any holding a value whose methods have value receivers, in a type switch with a case of the session's",
			[]string{`type Shaper interface{ Area() int }`, `type sq struct{ s int }`, `func (q sq) Area() int { return q.s * q.s }`, `type tri struct{ b int }`,
				"func kind(v any) string {\n\tswitch t := v.(type) {\n\tcase tri:\n\t\treturn \"tri\"\n\tcase Shaper:\n\t\treturn fmt.Sprint(t.Area())\n\t}\n\treturn \"?\"\n}", `kind(sq{3}) + kind(tri{1}) + kind(&sq{2})`}, "9tri4"},
		{"a program's package-level variable set by a generic call without its type is refused with the way around",
			[]string{"package main\n\nimport \"slices\"\n\nvar xs = slices.Sorted(slices.Values([]int{2, 1}))\n\nfunc main() { println(len(xs)) }"}, "error: line 5:5: xs: in a program, a package-level variable set by a call of a generic function needs its type"},
		{"a type switch on an io.Writer finds the session's writer and leaves io.Discard to default",
			[]string{`type sw struct{}`, `func (*sw) Write(p []byte) (int, error) { return len(p), nil }`,
				"func kindOf(w io.Writer) string {\n\tswitch v := w.(type) {\n\tcase *sw:\n\t\treturn fmt.Sprint(\"sw \", v != nil)\n\tcase *strings.Builder:\n\t\treturn \"sb\"\n\tdefault:\n\t\treturn \"other\"\n\t}\n}",
				`kindOf(&sw{}) + "|" + kindOf(&strings.Builder{}) + "|" + kindOf(io.Discard)`}, "sw true|sb|other"},
		{"an io.Writer of the session's asserted to io.Closer, a response writer to http.Flusher",
			[]string{`type wc struct{}`, `func (*wc) Write(p []byte) (int, error) { return len(p), nil }`, `func (*wc) Close() error { return nil }`,
				`type frw struct { http.ResponseWriter }`, `func (f *frw) Flush() {}`,
				`var w io.Writer = &wc{}; c, ok := w.(io.Closer); var rw http.ResponseWriter = &frw{httptest.NewRecorder()}; _, fok := rw.(http.Flusher)`,
				`fmt.Sprint(ok, c != nil, fok)`}, "true true true"},
		{"a struct whose String has a value receiver, held in an any, is a fmt.Stringer to an assertion and a type switch",
			[]string{`type vs struct{ n int }`, `func (v vs) String() string { return fmt.Sprint("vs", v.n) }`, `var v any = vs{2}`,
				"func str(v any) string {\n\tswitch t := v.(type) {\n\tcase fmt.Stringer:\n\t\treturn t.String()\n\t}\n\treturn \"no\"\n}",
				`s, ok := v.(fmt.Stringer)`, `fmt.Sprint(ok, " ", s.String(), " ", str(v), " ", str(3))`}, "true vs2 vs2 no"},
		{"io.MultiWriter takes writers of the session's",
			[]string{`type counter struct{ n int }`, `func (c *counter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }`, `c := &counter{}; var sb strings.Builder`, `w := io.MultiWriter(c, &sb)`, `fmt.Fprint(w, "abc")`, `fmt.Sprint(c.n, sb.String())`}, "3abc"},
		{"a range over what a generic function of iterators gives, through a variable",
			[]string{"func keep[T any](seq iter.Seq[T], f func(T) bool) iter.Seq[T] {\n\treturn func(yield func(T) bool) {\n\t\tfor v := range seq {\n\t\t\tif f(v) && !yield(v) {\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}\n}",
				"func evens() int {\n\tn := 0\n\tev := keep(slices.Values([]int{1, 2, 3, 4}), func(i int) bool { return i%2 == 0 })\n\tfor v := range ev {\n\t\tn += v\n\t}\n\treturn n\n}", `evens()`}, "6"},
		{"a var declaration in a function whose value calls a generic function",
			[]string{"func Id[T any](x T) T { return x }", "func f() string {\n\txs := []int{3, 1}\n\tvar top = slices.Max(xs)\n\tvar n int = min(xs[0], 5)\n\tvar s = fmt.Sprint(Id(\"u\"))\n\tvar a, b = Id(1), Id(2.5)\n\treturn fmt.Sprint(top, n, s, a, b)\n}", `f()`}, "3 3u1 2.5"},
		{"a value of a type with methods is copied into an interface, as Go copies it",
			[]string{`type Host struct{ Name string }`, `func (h Host) Describe() string { return h.Name }`, `type Level int`, `func (l Level) String() string { return fmt.Sprint(int(l)) }`,
				`type Describer interface{ Describe() string }`,
				"var all []Describer\nh := Host{\"a\"}\nall = append(all, h)\nvar d Describer = h\nm := map[string]any{\"h\": h}\nl := Level(1)\nvar s fmt.Stringer\ns = l",
				`h.Name = "b"; l = 2`, `fmt.Sprint(all[0].Describe(), " ", d.Describe(), m["h"], s, h.Name, l)`}, "a a{a} 1b2"},
		{"a struct with methods appended in a loop to a slice of interfaces is each iteration's",
			[]string{`type Host struct{ Name string }`, `func (h Host) Describe() string { return h.Name }`, `func (h Host) String() string { return h.Name }`, `type Describer interface{ Describe() string }`,
				"func build() (ds []Describer, ss []fmt.Stringer, as []any) {\n\tfor _, n := range []string{\"p\", \"q\"} {\n\t\th := Host{n}\n\t\tds = append(ds, h)\n\t\tss = append(ss, h)\n\t\tas = append(as, h)\n\t}\n\treturn\n}",
				`ds, ss, as := build()`, `fmt.Sprint(ds[0].Describe(), ds[1].Describe(), ss, as)`}, "pq[p q] [p q]"},
		{"a value of a type with methods is copied into an interface a function returns, or one of the session's",
			[]string{`type Host struct{ Name string }`, `func (h Host) Describe() string { return h.Name }`, `type Describer interface{ Describe() string }`,
				`type Grid [2]int`, `func (g Grid) Describe() string { return fmt.Sprint(g[0]) }`, `func (g *Grid) Set(v int) { g[0] = v }`,
				`type Registry struct{ host Host }`, `func (r *Registry) Get() Describer { return r.host }`,
				"r := &Registry{Host{\"a\"}}\nd := r.Get()\ng := Grid{1}\nvar s Describer = g", `r.host.Name = "b"; g.Set(2)`, `d.Describe() + s.Describe() + r.Get().Describe()`}, "a1b"},
		{"slices.Collect and slices.Sorted of a compiled package's iterator, and a range over one held in a variable",
			[]string{"func f(out string) (n int) {\n\tlines := strings.Lines(out)\n\tfor l := range lines {\n\t\tn += len(l)\n\t}\n\treturn n\n}", `seq := strings.SplitSeq("b,a", ",")`,
				`fmt.Sprint(slices.Collect(seq), slices.Sorted(strings.FieldsSeq("y x")), f("a\nbc\n"))`}, "[b a] [x y] 5"},
		{"slices.Collect of a compiled package's iterator held in a var of no type",
			[]string{"func f() []string {\n\tvar ls = strings.Lines(\"a\\nb\")\n\treturn slices.Collect(ls)\n}", `len(f())`}, "2"},
		{"a range over a method value that takes yield",
			[]string{`type List struct{ items []string }`, "func (l *List) All(yield func(int, string) bool) {\n\tfor i, s := range l.items {\n\t\tif !yield(i, s) {\n\t\t\treturn\n\t\t}\n\t}\n}",
				"func join(l *List) (out string) {\n\tfor i, s := range l.All {\n\t\tif i == 2 {\n\t\t\tbreak\n\t\t}\n\t\tout += s\n\t}\n\treturn out\n}", `join(&List{[]string{"a", "b", "c"}})`}, "ab"},
		{"a switch on an interface value compares it with each case",
			[]string{"func kind(v any) string {\n\tswitch v {\n\tcase nil:\n\t\treturn \"nil\"\n\tcase \"ok\", \"up\":\n\t\treturn \"good\"\n\tcase 1.0:\n\t\treturn \"one\"\n\t}\n\treturn \"other\"\n}",
				"func errKind(err error) string {\n\tswitch err {\n\tcase io.EOF:\n\t\treturn \"eof\"\n\t}\n\treturn \"?\"\n}",
				`fmt.Sprint(kind("up"), kind(1.0), kind(1), kind(nil), errKind(io.EOF))`}, "goodoneothernileof"},
		{"a literal deferred in a loop sees what its iteration assigns after the defer",
			[]string{"func f() (out string) {\n\tfunc() {\n\t\tfor i := range 2 {\n\t\t\tx := 0\n\t\t\tdefer func() { out += fmt.Sprint(i, x, \" \"); x++ }()\n\t\t\tx = 7 + i\n\t\t}\n\t}()\n\treturn out\n}", `f()`}, "1 8 0 7 "},
		{"a labeled return, reached by goto or by falling through",
			[]string{"func f(x int) (r int) {\n\tif x > 0 {\n\t\tgoto done\n\t}\n\tr = -1\ndone:\n\treturn\n}", `fmt.Sprint(f(1), f(-1))`}, "0 -1"},
		{"iota in a const group with a spec of several names is its spec's index",
			[]string{"const (\n\tx = iota\n\ta, b = iota, iota * 10\n\tc, d\n)", `fmt.Sprint(x, a, b, c, d)`}, "0 1 10 2 20"},
		{"min and max of a declared untyped constant and a float constant are floats",
			[]string{"func f() float64 {\n\tconst k = 3\n\treturn min(k, 2.5) + max(k, 0.5)\n}", `f()`}, "5.5"},
		{"min and max of a rune and an integer constant are runes",
			[]string{`const k = max(1, 'a')`, `fmt.Sprintf("%v %v %T %v", k, min('z', 'b'), min('a', 1), max(2, 'a', 98.5))`}, "97 98 int32 98.5"},
		{"min and max of constants are constants",
			[]string{`var f float64 = min(1, 2)`, `g := max(1, 2.5, -3)`, `fmt.Sprint(f, g, min("b", "a"), max(-1, -2))`}, "1 2.5a-1"},
		{"a range over min, max or a generic function's integer",
			[]string{"func Id[T any](x T) T { return x }", "func f(x int) (n int) {\n\tk := min(x, 5)\n\tfor i := range k {\n\t\tn += i\n\t}\n\tfor range max(x, 1) {\n\t\tn++\n\t}\n\tfor range Id(2) {\n\t\tn++\n\t}\n\tfor range min(len(\"abc\"), 2) {\n\t\tn++\n\t}\n\treturn n\n}", `f(3)`}, "10"},
		{"a package's untyped float constant in constant arithmetic",
			[]string{"const toRad = math.Pi / 180", `fmt.Sprint(float32(toRad), math.Sin(0.5 * math.Pi) + 3, float32(math.Pi * 2))`}, "0.017453292 4 6.2831855"},
		{"Effective Go's ByteSize: a shift of iota made a float type",
			[]string{"type ByteSize float64\nconst (\n\t_ = iota\n\tKB ByteSize = 1 << (10 * iota)\n\tMB\n\tGB\n)", `fmt.Sprint(KB, MB, GB/MB)`}, "1024 1.048576e+06 1024"},
		{"a bit test of a flag type shifts in the flag's type",
			[]string{`type Perm uint8`, "func (p Perm) Has(i int) bool { return p&(1<<i) != 0 }", `var u uint16 = 5; i := 2; var flags uint32; flags |= 1 << i`, `fmt.Sprint(Perm(5).Has(2), Perm(5).Has(1), u&(1<<i), flags)`}, "true false 4 4"},
		{"a dereferenced pointer prints without its pointer receiver's String",
			[]string{`type tp struct{ N int }`, `func (t *tp) String() string { return "ptr" }`, `p := &tp{1}; ps := []*tp{p}`, `fmt.Sprint(*p, " ", p, " ", *ps[0])`}, "{1} ptr {1}"},
		{"fmt of values held in an interface of the session's: alone, in a slice, a map and a struct's field",
			[]string{`type Namer interface{ Name() string }`, `type Status int`, `func (s Status) String() string { return [...]string{"down", "up"}[s] }`, `func (s Status) Name() string { return "s" }`,
				`type Box struct{ H string }`, `func (b Box) Name() string { return b.H }`, `type Check struct { ID int; Who Namer }`,
				`var n Namer = Status(1); list := []Namer{Status(0), Box{"b"}}; m := map[string]Namer{"x": Box{"c"}}; c := Check{1, Box{"d"}}`,
				`fmt.Sprintf("%v %s|%v|%v|%v %+v|%v", n, n, list, m, c, c, []Check{c})`}, "up up|[down {b}]|map[x:{c}]|{1 {d}} {ID:1 Who:{H:d}}|[{1 {d}}]"},
		{"== of values of an interface of the session's compares what they hold",
			[]string{`type Plugin interface{ Name() string }`, `type up struct{ n int }`, `func (up) Name() string { return "u" }`, `type cnt struct{ n int }`, `func (*cnt) Name() string { return "c" }`,
				`var a, b Plugin = up{1}, up{1}; c := &cnt{}; var p, q Plugin = c, c; var r Plugin = up{2}`, `fmt.Sprint(a == b, p == q, a != r, a == p, p != nil)`}, "true true true false true"},
		{"a receive assigned to an element, a field or a pointer's target",
			[]string{`type rs struct{ F int }`, `c := make(chan int, 3); c <- 1; c <- 2; c <- 3; got := make([]int, 2); var s rs; x := 0; p := &x`, `got[1] = <-c; s.F = <-c; *p = <-c`, `fmt.Sprint(got, s, x)`}, "[0 1] {2} 3"},
		{"a call of a nil func, or of a method of a nil interface, is Go's nil dereference",
			[]string{"func probe(f func()) (s string) {\n\tdefer func() {\n\t\tr := recover()\n\t\t_, rt := r.(runtime.Error)\n\t\ts = fmt.Sprint(rt, \" \", r)\n\t}()\n\tf()\n\treturn\n}", "var fn func()\nvar e error",
				`probe(func() { fn() }) + "|" + probe(func() { _ = e.Error() })`}, "true runtime error: invalid memory address or nil pointer dereference|true runtime error: invalid memory address or nil pointer dereference"},
		{"a comma-ok declaration in a loop is each iteration's, for a closure, a goroutine or a pointer",
			[]string{"func f() string {\n\tm := map[string]int{\"a\": 1, \"b\": 2}\n\tvar ps []*int\n\tvar fs []func() int\n\tres := make(chan int, 2)\n\tfor _, k := range []string{\"a\", \"b\"} {\n\t\tif v, ok := m[k]; ok {\n\t\t\tps = append(ps, &v)\n\t\t\tgo func() { res <- v * 10 }()\n\t\t}\n\t\tw, _ := m[k]\n\t\tfs = append(fs, func() int { return w })\n\t}\n\treturn fmt.Sprint(*ps[0], *ps[1], fs[0](), fs[1](), <-res+<-res)\n}", `f()`}, "1 2 1 2 30"},
		{"in a program, a method named String or Error of another signature is no fmt method",
			[]string{"package main\n\nimport \"fmt\"\n\ntype T struct{ N int }\n\nfunc (T) String(n int) string { return fmt.Sprint(\"s\", n) }\n\ntype L struct{ n int }\n\nfunc (l *L) Error(msg string) { l.n++ }\n\nfunc main() {\n\tl := &L{}\n\tl.Error(\"x\")\n\tout = fmt.Sprint(T{}.String(3), T{4}, l.n)\n}\n\nvar out string\n", `out`}, "s3{4} 1"},
		{"a type switch's case nil takes a nil value of the session's interface",
			[]string{"type E interface{ f() }", "type T struct{}", "func (T) f() {}", "func kind(e E) string {\n\tswitch v := e.(type) {\n\tcase nil:\n\t\treturn fmt.Sprint(\"nil \", v == nil)\n\tcase T:\n\t\treturn \"T\"\n\t}\n\treturn \"other\"\n}", `var e E`, `kind(e) + " " + kind(T{})`}, "nil true T"},
		{"a type switch of only a default clause binds the value",
			[]string{"func f(x any) string {\n\tswitch v := x.(type) {\n\tdefault:\n\t\treturn fmt.Sprint(v)\n\t}\n}", `f(5)`}, "5"},
		{"a shift in an operation with an element of a named array type takes the element's type",
			[]string{"type Bits [2]uint64", "b := Bits{8}\nvar i uint = 3", `b[0]&(1<<i) != 0`}, "true"},
		{"a []any given to a ...any parameter without ... is one argument",
			[]string{"func count(args ...any) int { return len(args) }", "is := []any{1, 2}\nvar x any = is", `fmt.Sprint(count(is), count(is...), count(x))`}, "1 2 1"},
		{"a cell of nil is Go's error", []string{`nil`}, "error: use of untyped nil"},
		{"a name a failed (T, error) call was given is undefined, not the zero value",
			[]string{`port := strconv.Atoi("80x")`, `port + 1`}, "error: undefined: port (its declaration failed; declare it again)"},
		{"a recovered run-time error is of the type Go's runtime gives it",
			[]string{"func probe(f func()) (s string) {\n\tdefer func() { s = fmt.Sprintf(\"%T\", recover()) }()\n\tf()\n\treturn\n}", "a, i := []int{1}, 3", `probe(func() { _ = a[i] }) + " " + probe(func() { _ = 1 / (i - 3) })`}, "runtime.boundsError runtime.errorString"},
		{"%T of a method expression names no parameters",
			[]string{`type T struct{}`, `func (T) M(x, y int) int { return x }`, `fmt.Sprintf("%T", T.M)`}, "func(main.T, int, int) int"},
		{"a recovered run-time error is Go's runtime.Error",
			[]string{`type pt struct{ X int }`, "func probe() (s string) {\n\tdefer func() {\n\t\tr := recover()\n\t\t_, rt := r.(runtime.Error)\n\t\ts = fmt.Sprint(rt, \" \", r)\n\t}()\n\tvar p *pt\n\t_ = p.X\n\treturn\n}", `probe()`}, "true runtime error: invalid memory address or nil pointer dereference"},
		{"comma-ok assertions of nil interface values at the prompt: an any, an error, the session's interface",
			[]string{`type Named interface{ Name() string }`, `type Labeled interface { Named; Label() string }`, `var x any; var err error; var n Named`,
				`_, isErr := x.(error)`, `s, isStr := x.(fmt.Stringer)`, `_, isTimeout := err.(interface{ Timeout() bool })`, `l, labeled := n.(Labeled)`, `_, named := x.(Named)`,
				`fmt.Sprint(isErr, isStr, s == nil, isTimeout, labeled, l == nil, named)`}, "false false true false false true false"},
		{"a recover that found nothing, asserted",
			[]string{"func calm() (s string) {\n\tdefer func() {\n\t\tr := recover()\n\t\t_, rt := r.(runtime.Error)\n\t\t_, isErr := r.(error)\n\t\ts = fmt.Sprint(rt, isErr, r)\n\t}()\n\treturn\n}", `calm()`}, "false false <nil>"},
		{"a nil any asserted to an interface without comma-ok panics with Go's message",
			[]string{`var y any`, `y.(fmt.Stringer)`}, "error: panic: interface conversion: interface is nil, not fmt.Stringer"},
		{"a go statement of a compiled type's method on a pointer a literal made",
			[]string{"func serve() error {\n\tsrv := &http.Server{Addr: \"127.0.0.1:0\"}\n\twg := &sync.WaitGroup{}\n\twg.Add(1)\n\tgo srv.ListenAndServe()\n\tgo wg.Done()\n\twg.Wait()\n\treturn srv.Close()\n}", `fmt.Sprint(serve())`}, "<nil>"},
		{"goroutines a loop starts on a function of the session's get their own arguments",
			[]string{`type Check interface{ Run() string }`, `type disk struct{ m string }`, `func (d disk) Run() string { return "disk " + d.m }`,
				"func run(c Check, i int, out []string, wg *sync.WaitGroup) {\n\tdefer wg.Done()\n\tout[i] = c.Run()\n}",
				`var wg sync.WaitGroup; out := make([]string, 3)`, `for i, c := range []Check{disk{"/"}, disk{"/var"}, disk{"/tmp"}} { wg.Add(1); go run(c, i, out, &wg) }`, `wg.Wait(); strings.Join(out, ",")`}, "disk /,disk /var,disk /tmp"},
		{"a type defined by a struct type of the session's has none of its methods",
			[]string{`type Config struct{ Name string }`, `func (c Config) String() string { return "Config(" + c.Name + ")" }`, `type plain Config`,
				`var x any = plain(Config{"a"})`, `_, ok := x.(fmt.Stringer)`, `fmt.Sprint(Config{"b"}, plain(Config{"a"}), ok)`}, "Config(b) {a} false"},
		{"two error types of the same fields, declared cell by cell, are told apart",
			[]string{`type NotFound struct{ Key string }`, `func (e NotFound) Error() string { return "not found: " + e.Key }`, `type Conflict struct{ Key string }`,
				`func (e *Conflict) Error() string { return "conflict: " + e.Key }`, `func find() error { return NotFound{"x"} }`,
				"func kind(err error) string {\n\tswitch e := err.(type) {\n\tcase NotFound:\n\t\treturn \"NF \" + e.Key\n\tcase *Conflict:\n\t\treturn \"CF \" + e.Key\n\t}\n\treturn \"other\"\n}",
				`_, ok := find().(NotFound)`, `var err2 error = NotFound{"y"}`, `fmt.Sprint(ok, " ", kind(find()), " ", kind(&Conflict{"b"}), " ", kind(err2))`}, "true NF x CF b NF y"},
		{"a cell that is a list of values shows each, as Python shows a tuple",
			[]string{`x := 3`, `n, err := strconv.Atoi("x")`, `x, "s", n, err != nil`}, "3 s 0 true"},
		{"an error after a block written on one line names its own line",
			[]string{"func avg(xs []float64) float64 {\n\tvar s float64\n\tfor _, x := range xs { s += x }\n\treturn s / len(xs)\n}"}, "error: line 4:9: invalid operation"},
		{"an error after blocks written on one line names its own line, in a program",
			[]string{"package main\n\nfunc main() {\n\tfor i := range 2 { if i > 0 { println(i) } }\n\tvar s string = len(\"ab\")\n\t_ = s\n}"}, "error: line 5:17: cannot use"},
		{"a comma-ok miss in a loop after a hit gives the zero value",
			[]string{"m := map[string]int{\"a\": 5}\nout := \"\"\nfor _, k := range []any{\"a\", 7} {\n\tx, ok := m[fmt.Sprint(k)]\n\ts, _ := k.(string)\n\tvar y, _ = m[fmt.Sprint(k)]\n\tif v, ok := m[fmt.Sprint(k)]; !ok {\n\t\tout += fmt.Sprint(\"miss \", v, \" \")\n\t}\n\tout += fmt.Sprintf(\"%d %v %q %d; \", x, ok, s, y)\n}\nout"}, `5 true "a" 5; miss 0 0 false "" 0; `},
		{"an untyped constant given to slices for an element of a slice of another type",
			[]string{"type Code int32\ntype Codes []Code", `xs := []Code{1, 2}`, `fmt.Sprint(slices.Contains(xs, 2), slices.Index(Codes{5, 7}, 7), slices.Contains([]float64{1, 2}, 2), slices.Insert(xs, 0, 9))`}, "true 1 true [9 1 2]"},
		{"a call of a generic function of several results shows each",
			[]string{`func First[T any](x T) (T, bool) { return x, true }`, `First(3)`}, "3 true"},
		{"after a cell of several values, _ stands for none of them",
			[]string{`"old"`, `strconv.Atoi("x1")`, `strings.Cut("a=b", "=")`, `_`}, "error: _ stands for no value"},
		{"context keys of two types of the session made of one type",
			[]string{"type authKey int\ntype traceKey int\ntype spanKey struct{}\ntype reqKey struct{}", `const userKey authKey = 0; const idKey traceKey = 0`,
				"ctx := context.WithValue(context.Background(), userKey, \"alice\")\nctx = context.WithValue(ctx, idKey, \"t-1\")\nctx = context.WithValue(ctx, spanKey{}, \"s\")\nctx = context.WithValue(ctx, reqKey{}, \"r\")",
				`fmt.Sprint(ctx.Value(userKey), ctx.Value(idKey), ctx.Value(spanKey{}), ctx.Value(reqKey{}), ctx.Value(0))`}, "alicet-1sr<nil>"},
		{"a constant of the wrong type is told as Go tells it, not as a conversion",
			[]string{`hosts := []string{"a"}`, "n := 1\nhosts[0] = 5"}, "error: line 2:12: cannot use 5 (untyped int constant) as string value in assignment"},
		{"a constant of the wrong type in a declaration",
			[]string{`var total int = "3"`}, `error: cannot use "3" (untyped string constant) as int value in variable declaration`},
		{"a constant of the wrong type given to a function",
			[]string{`strings.Repeat("a", "3")`}, `error: cannot use "3" (untyped string constant) as int value in argument to strings.Repeat`},
		{"too many arguments names the call",
			[]string{`func f(x int) int { return x }`, `fmt.Sprint(f(1, 2))`}, "error: too many arguments in call to f"},
		{"a pointer made an error, of an Error method of a value receiver, stays a pointer",
			[]string{"type PE struct{ code int }\nfunc (PE) Error() string { return \"pe\" }", `var err error = &PE{3}`,
				"_, isValue := err.(PE)\n_, isPointer := err.(*PE)\nvar p *PE\nfmt.Sprintf(\"%T %v %v %v %d\", err, isValue, isPointer, errors.As(err, &p), p.code)"}, "*main.PE false true true 3"},
		{"%#v of a struct's nil interface fields names their types",
			[]string{"type Notifier interface{ Notify() }\ntype Res struct {\n\tErr error\n\tV any\n\tN Notifier\n}", "fmt.Sprintf(\"%#v\", Res{})"}, "main.Res{Err:error(nil), V:interface {}(nil), N:main.Notifier(nil)}"},
		{"slog's handlers print values of the session's types through their String methods",
			[]string{"type State int\nfunc (s State) String() string { return [...]string{\"stopped\", \"running\"}[s] }\ntype Host struct{ Name string }\nfunc (h Host) String() string { return \"host:\" + h.Name }",
				"var b strings.Builder\nopts := &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr { if a.Key == \"time\" { return slog.Attr{} }; return a }}\nslog.New(slog.NewTextHandler(&b, opts)).Info(\"x\", \"state\", State(1), \"host\", Host{\"a\"})\nslog.New(slog.NewJSONHandler(&b, opts)).Info(\"y\", \"states\", []State{0, 1}, \"host\", Host{\"b\"})\nb.String()"},
			"level=INFO msg=x state=running host=host:a\n{\"level\":\"INFO\",\"msg\":\"y\",\"states\":[0,1],\"host\":{\"Name\":\"b\"}}\n"},
		{"a redefined struct type's String on a function's result",
			[]string{`type RA struct{ N string }`, "type RA struct{ N string; X int }\nfunc (a RA) String() string { return \"A:\" + a.N }", `func mkRA() RA { return RA{N: "y"} }`, `fmt.Sprint(mkRA(), RA{N: "z"})`}, "A:y A:z"},
		{"fmt of a struct holding a slice or map of an interface of the session's",
			[]string{"type Backend interface{ Addr() string }\ntype TCP struct{ port int }\nfunc (t TCP) Addr() string { return \"\" }\ntype Pool struct {\n\tname string\n\tbackends []Backend\n\tby map[string]Backend\n}\ntype Fleet struct{ Pools []Pool }",
				`p := Pool{"p", []Backend{TCP{1}, nil}, map[string]Backend{"a": TCP{2}}}`,
				`fmt.Sprintf("%v|%+v|%#v|%v", p, p, p, Fleet{[]Pool{p}})`},
			`{p [{1} <nil>] map[a:{2}]}|{name:p backends:[{port:1} <nil>] by:map[a:{port:2}]}|main.Pool{name:"p", backends:[]main.Backend{main.TCP{port:1}, main.Backend(nil)}, by:map[string]main.Backend{"a":main.TCP{port:2}}}|{[{p [{1} <nil>] map[a:{2}]}]}`},
		{"a negative constant index of a slice is refused with Python's form",
			[]string{`s := "abc"`, `s[:-1]`}, "error: index -1 must not be negative: Go has no negative indices (Python's s[:-1] is s[:len(s)-1])"},
		{"a negative constant key of a map is a key",
			[]string{`codes := map[int]string{-1: "unknown"}`, `codes[-1]`}, "unknown"},
		{"a misspelt type in a literal is undefined by name",
			[]string{`type Hostx struct{ N string }`, `h := Hotsx{"a"}`}, "error: undefined: Hotsx"},
		{"a misspelt type as an element type is undefined by name",
			[]string{`type Hostx struct{ N string }`, `m := map[string]Hotsx{}`}, "error: undefined: Hotsx"},
		{"a method calling the promoted method of an embedded interface, declared in a cell of its own",
			[]string{"type Logger interface{ Log(string) string }\ntype bl struct{}\nfunc (bl) Log(s string) string { return \"log \" + s }", "type Service struct {\n\tLogger\n\tName string\n}",
				`func (s Service) Start() string { return s.Log("start " + s.Name) }`, `sv := &Service{Logger: bl{}, Name: "y"}`, `sv.Start() + "; " + Service{bl{}, "x"}.Start()`}, "log start y; log start x"},
		{"== of an interface of the session's and a value, and of structs holding such interfaces",
			[]string{"type Kind interface{ K() string }\ntype Disk struct{ Dev string }\nfunc (d Disk) K() string { return \"disk\" }\ntype Alert struct {\n\tWhat Kind\n\tAt time.Time\n}",
				`var k Kind = Disk{"sda"}`, `t0 := time.Unix(0, 0)`,
				`fmt.Sprint(k == Disk{"sda"}, k != Disk{"sdb"}, Alert{Disk{"a"}, t0} == Alert{Disk{"a"}, t0}, Alert{Disk{"a"}, t0} == Alert{Disk{"b"}, t0}, [1]Kind{Disk{"a"}} == [1]Kind{Disk{"a"}})`}, "true true true false true"},
		{"fmt of a nil interface value of the session's",
			[]string{"type Notifier interface{ Notify() }\ntype nopN struct{}\nfunc (nopN) Notify() {}", `var nn Notifier`, `fmt.Sprintf("%T|%#v|%v", nn, nn, nn)`}, "<nil>|<nil>|<nil>"},
		{"a cell of several lines that ends in a list of values shows each",
			[]string{"a, b := 1, \"x\"\nb += \"y\"\na, b", `c := 2; b, c`}, "xy 2"},
		{"a type alias declared in a function",
			[]string{"func top() string {\n\ttype kv = struct {\n\t\tK string\n\t\tV int\n\t}\n\ttype ids = []int\n\tvar x ids = ids{3, 1}\n\treturn fmt.Sprint([]kv{{\"a\", 1}}, x, len(x))\n}", `top()`}, "[{a 1}] [3 1] 2"},
		{"a function named as a package, used in a cell before its own",
			[]string{"func report() string { return errors(\"x\") }", `func errors(s string) string { return "ok " + s }`, `report()`}, "ok x"},
		{"a struct type embedding two of a package's interfaces, declared at the prompt, says what it cannot do",
			[]string{"type rc struct {\n\tio.Reader\n\tio.Closer\n}", `var r io.ReadCloser = struct{ io.Reader; io.Closer }{strings.NewReader("in"), io.NopCloser(strings.NewReader("raw"))}`, `b, _ := io.ReadAll(r)`, `string(b)`}, "in"},
		{"continue still copies back",
			[]string{`s := 0; fs := []func() int{}; for i := 0; i < 6; i++ { if i%2 == 0 { i++; continue }; fs = append(fs, func() int { return i }) }; for _, f := range fs { s += f() }; s`}, "0"},
		{"several names from one value inside a top-level loop",
			[]string{`xs := []string{"1", "2"}; t := 0; for _, s := range xs { n, err := strconv.Atoi(s); if err == nil { t += n } }; t`}, "3"},
		{"an if header shadowing a global err",
			[]string{`var err error; c := 0; for i := 0; i < 2; i++ { if _, err := strconv.Atoi("1"); err == nil { c++ } }; c`}, "2"},
		{"a function literal's unnamed parameter",
			[]string{"type TempError struct{ Op string; After time.Duration }\nfunc (e *TempError) Error() string { return e.Op }", `try := func(f func(int) error) error { return f(1) }`, `try(func(int) error { return &TempError{Op: "slow"} }).Error()`}, "slow"},
		{"a function's unnamed parameters",
			[]string{"type T struct{ A string; B int }\nfunc mk(int, string) T { return T{A: \"x\"} }", `mk(1, "").A`}, "x"},
		{"a compiled function given to a generic function of slices",
			[]string{`xs := []string{"b", "c", "a"}; slices.SortFunc(xs, strings.Compare); cmpf := strings.Compare; i, ok := slices.BinarySearchFunc(xs, "b", cmpf); fmt.Sprint(xs, i, ok, slices.IndexFunc([]rune("a b"), unicode.IsSpace))`}, "[a b c] 1 true 1"},
		{"fmt prints a call's value of a non-struct type of the session's by its String method",
			[]string{"type Bytes int64\nfunc (b Bytes) String() string { return fmt.Sprintf(\"%dB\", int64(b)) }\nfunc mk() Bytes { return 3 }\nfunc Id[T any](x T) T { return x }", `fmt.Sprintf("%v %s %d %v %v", mk(), mk(), mk(), Id(Bytes(4)), Id[Bytes](5))`}, "3B 3B 3 4B 5B"},
		{"fmt calls String and Error on a nil pointer, and on a nil slice or map of a type that has them",
			[]string{"type Cfg struct{ Name string }\nfunc (c *Cfg) String() string { if c == nil { return \"cfg(none)\" }; return \"cfg(\" + c.Name + \")\" }", "type Hosts []string\nfunc (hs Hosts) String() string { return fmt.Sprintf(\"%d hosts\", len(hs)) }", "type Labels map[string]string\nfunc (l Labels) String() string { return fmt.Sprint(len(l), \" labels\") }", "type E struct{}\nfunc (e *E) Error() string { return \"E!\" }", `var c *Cfg; var h Hosts; var l Labels; var e *E`, `fmt.Sprintf("%v %s|%v|%v %v %T", c, h, l, e, fmt.Sprint(c, h), h)`}, "cfg(none) 0 hosts|0 labels|E! cfg(none) 0 hosts main.Hosts"},
		{"a composite literal of a compiled map type of pointers may leave out their &T",
			[]string{`mfs := fstest.MapFS{"x.yaml": {Data: []byte("a: 1")}, "y": {}}`, `string(mfs["x.yaml"].Data) + fmt.Sprint(len(mfs))`}, "a: 12"},
		{"... under the name a program imports its package by",
			[]string{"package main\n\nimport (\n\t\"fmt\"\n\tfst \"testing/fstest\"\n)\n\nvar got string\n\nfunc main() {\n\tm := fst.MapFS{\"a\": {Data: []byte(\"x\")}}\n\tgot = fmt.Sprint(string(m[\"a\"].Data), len(m))\n}", `got`}, "x1"},
		{"%#v names a slice, map or array type of the session's, as an argument, an element and a field",
			[]string{"type Tags []string\ntype Labels map[string]string\ntype Window [2]int\ntype Rec struct {\n\tW Window\n\tT Tags\n\tp *Tags\n}", `var none Tags`, `fmt.Sprintf("%#v %#v %#v %#v %#v|%#v", Tags{"a"}, Labels{"k": "v"}, Window{1, 2}, none, []Tags{{"b"}}, Rec{Window{1, 2}, Tags{"x"}, nil})`},
			`main.Tags{"a"} main.Labels{"k":"v"} main.Window{1, 2} main.Tags(nil) []main.Tags{main.Tags{"b"}}|main.Rec{W:main.Window{1, 2}, T:main.Tags{"x"}, p:(*main.Tags)(nil)}`},
		{"a struct type declared in a function prints its fields by their names and their types' String methods",
			[]string{"type State int\nfunc (s State) String() string { return \"done\" }", "func rows() string {\n\ttype row struct {\n\t\thost string\n\t\tS    State\n\t}\n\tr := row{\"web1\", 1}\n\treturn fmt.Sprintf(\"%v %+v %#v %T\", r, r, r, &r)\n}", `rows()`}, `{web1 done} {host:web1 S:done} main.row{host:"web1", S:1} *main.row`},
		{"... in a loop of a cell, and encoded by json without its unexported fields",
			[]string{"type State int\nfunc (s State) String() string { return \"done\" }", "out := \"\"\nfor i := range 2 {\n\ttype item struct {\n\t\tn int\n\t\tS State\n\t}\n\tb, _ := json.Marshal(item{i, 1})\n\tout += fmt.Sprintf(\"%+v %s;\", item{i, 1}, b)\n}", `out`}, `{n:0 S:done} {"S":1};{n:1 S:done} {"S":1};`},
		{"... and a non-nil pointer given to %w keeps its type for errors.As",
			[]string{"type E struct{ code int }\nfunc (e *E) Error() string { return fmt.Sprint(\"E\", e.code) }", `err := fmt.Errorf("w: %w", &E{3})`, `var target *E`, `fmt.Sprint(errors.As(err, &target), target.code, " ", err)`}, "true 3 w: E3"},
		{"a generic function given a call's two values",
			[]string{"func Must[T any](v T, err error) T { if err != nil { panic(err) }; return v }", `Must(strconv.Atoi("42")) + 1`}, "43"},
		{"type arguments inferred from a constraint's core type",
			[]string{"func Keys[M ~map[K]V, K cmp.Ordered, V any](m M) []K { var ks []K; for k := range m { ks = append(ks, k) }; slices.Sort(ks); return ks }", `byLen := map[int][]string{3: {"abc"}, 1: {"a"}}`, `Keys(byLen)`}, "[1 3]"},
		{"a generic function given a slice of a compiled function's",
			[]string{"func Reduce[T, A any](xs []T, init A, f func(A, T) A) A { acc := init; for _, x := range xs { acc = f(acc, x) }; return acc }", `Reduce(strings.Fields("ab c"), 0, func(n int, w string) int { return n + len(w) })`}, "3"},
		{"a generic function of an iter.Seq given a function's of an earlier cell",
			[]string{"func Count[T any](seq iter.Seq[T]) int { n := 0; for range seq { n++ }; return n }", "func Evens(limit int) iter.Seq[int] { return func(yield func(int) bool) { for i := 0; i < limit; i += 2 { if !yield(i) { return } } } }", `Count(Evens(10)) + Count(maps.Keys(map[string]int{"a": 1}))`}, "6"},
		{"a function literal given to compiled code in a loop sees its own iteration's variable",
			[]string{`var wg sync.WaitGroup; var mu sync.Mutex; got := []string{}; for _, h := range []string{"a", "b", "c"} { wg.Go(func() { time.Sleep(time.Millisecond); mu.Lock(); got = append(got, h); mu.Unlock() }) }; wg.Wait(); slices.Sort(got); strings.Join(got, "")`}, "abc"},
		{"... and its body's own variables",
			[]string{`func addrs() string { var wg sync.WaitGroup; var mu sync.Mutex; got := []string{}; for _, h := range []string{"a", "b"} { addr := h + ":22"; wg.Go(func() { time.Sleep(time.Millisecond); mu.Lock(); got = append(got, addr); mu.Unlock() }) }; wg.Wait(); slices.Sort(got); return strings.Join(got, " ") }`, `addrs()`}, "a:22 b:22"},
		{"a case of a switch without a tag lists several conditions",
			[]string{`x := 2; r := ""; switch { case x == 1, x == 2: r += "a" }; switch true { case x == 5, x > 1: r += "b" }; r`}, "ab"},
		{"... as a type switch with a case error does",
			[]string{`func kind(v any) string { switch x := v.(type) { case int, int64: return fmt.Sprint("integer ", x); case error: return "error"; }; return "other" }`, `kind(int64(4)) + " " + kind(errors.New("e"))`}, "integer 4 error"},
		{"method values of pointers gathered in a loop keep their own receivers",
			[]string{"type C struct{ n int }\nfunc (c *C) Get() int { return c.n }", `var fs []func() int; for _, c := range []*C{{1}, {2}, {3}} { fs = append(fs, c.Get) }; p := &C{4}; f := p.Get; p = &C{5}; fmt.Sprint(fs[0](), fs[1](), fs[2](), f())`}, "1 2 3 4"},
		{"a method value promoted from an embedded pointer binds the field as it is then",
			[]string{"type Logger struct{ prefix string }\nfunc (l *Logger) Log(s string) string { return l.prefix + s }\ntype Service struct { *Logger; Name string }", `svc := Service{&Logger{"[a] "}, "api"}; logf := svc.Log; svc.Logger = &Logger{"[b] "}; logf("x") + svc.Log("y")`}, "[a] x[b] y"},
		{"... and one promoted through two embedded structs binds the innermost's value",
			[]string{"type Point struct{ X, Y int }\nfunc (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }\ntype Circle struct { Point; R int }\ntype Wheel struct { Circle; Spokes int }", `w := Wheel{Circle{Point{10, 2}, 5}, 20}; add := w.Add; w.X = 0; fmt.Sprint(add(Point{}), w.Add(Point{}))`}, "{10 2} {0 2}"},
		{"slices and maps give back a named slice or map type, its methods with it",
			[]string{"type Hosts []string\nfunc (h Hosts) String() string { return fmt.Sprint(len(h), \" hosts\") }", "type Tags map[string]string\nfunc (t Tags) N() int { return len(t) }",
				`h := Hosts{"b", "a", "b"}; var ip net.IP = net.ParseIP("10.0.0.1").To4()`,
				`fmt.Sprintf("%v %v %T %v %v %v", slices.Compact(slices.Clone(h)), slices.Insert(h, 0, "z").String(), slices.Clip(h), maps.Clone(Tags{"a": "b"}).N(), slices.Clone(ip).IsPrivate(), maps.Clone(http.Header{"A": {"1"}}).Get("A"))`}, "3 hosts 4 hosts main.Hosts 1 true 1"},
		{"a generic type's method ranges over its integer field, and gives an iterator of its type argument",
			[]string{"type Ring[T any] struct{ buf []T; n int }\nfunc (r *Ring[T]) Count() int { c := 0; for range r.n { c++ }; return c }\nfunc (r *Ring[T]) Values() iter.Seq[T] { return func(yield func(T) bool) { for _, v := range r.buf { if !yield(v) { return } } } }",
				`r := &Ring[string]{[]string{"a", "b"}, 2}; s := ""; for v := range r.Values() { s += v }; fmt.Sprint(s, r.Count())`}, "ab2"},
		{"a struct whose methods are promoted from a field it embeds is copied into an interface, and so is an argument of a function of the session's",
			[]string{"type Base struct{ R string }\nfunc (b Base) Get() string { return b.R }\ntype VM struct{ Base }\ntype G interface{ Get() string }\nfunc keep(g G) G { return g }",
				`vm := VM{Base{"eu"}}; var g G = vm; k := keep(vm); var gs []G; for _, r := range []string{"a", "b"} { x := VM{Base{r}}; gs = append(gs, x); x.R = "zz" }; vm.R = "us"; fmt.Sprint(g.Get(), k.Get(), gs[0].Get(), gs[1].Get())`}, "eueuab"},
		{"... and a type switch on such an argument, or on a call's interface given as one, takes its case",
			[]string{"type Boo struct{ Name string }\nfunc (b Boo) Hello() string { return b.Name }\ntype Bir struct{ Boo }\ntype fii interface{ Hello() string }\nfunc mk() fii { return Boo{\"mk\"} }\nfunc kind(f fii) string { switch a := f.(type) { case Boo: return \"boo \" + a.Name; case Bir: return \"bir \" + a.Name }; return \"other\" }",
				`fmt.Sprint(kind(Boo{"a"}), kind(Bir{Boo{"b"}}), kind(mk()))`}, "boo abir bboo mk"},
		{"a deferred literal in a loop's function recovers the panic, after another deferred call, using the loop's variable",
			[]string{`got := ""; for i := 0; i < 2; i++ { func() { defer fmt.Print(""); defer func() { got += fmt.Sprint(recover(), i, " ") }(); panic(fmt.Sprint("F", i)) }() }; got`}, "F00 F11 "},
		{"a generic function's value of a named basic type of the session's keeps its type and methods at the prompt",
			[]string{"type Temp float64\nfunc (t Temp) String() string { return fmt.Sprintf(\"%.1fC\", float64(t)) }", "func Last[T any](xs []T) T { return xs[len(xs)-1] }", `temps := []Temp{21.5, 30}`, `x := Last(temps)`, `m := slices.Max(temps)`,
				`fmt.Sprintf("%s %v %T %s", x.String(), m, x, m.String())`}, "30.0C 30.0C main.Temp 30.0C"},
		{"a method of a pointer receiver called on a map's element is Go's error",
			[]string{"type Conn struct{ Retries int }\nfunc (c *Conn) Retry() { c.Retries++ }", `cm := map[string]Conn{"z": {}}`, `cm["z"].Retry()`}, "error: cannot call pointer method Retry on Conn"},
		{"... on a call's result too",
			[]string{"type Conn struct{ Retries int }\nfunc (c *Conn) Retry() { c.Retries++ }\nfunc get() Conn { return Conn{} }", `get().Retry()`}, "error: cannot call pointer method Retry on Conn"},
		{"... where a variable's or a slice element's is called on its address",
			[]string{"type Conn struct{ Retries int }\nfunc (c *Conn) Retry() { c.Retries++ }", `c := Conn{}; s := []Conn{{}}; c.Retry(); s[0].Retry(); fmt.Sprint(c.Retries, s[0].Retries)`}, "1 1"},
		{"a method of a generic type declared after an instance of it was made",
			[]string{"type Opt[T any] struct { V T; OK bool }", "func Some[T any](v T) Opt[T] { return Opt[T]{v, true} }", `o := Some(3)`, `func (o Opt[T]) Or(d T) T { if o.OK { return o.V }; return d }`, `fmt.Sprint(o.Or(9), Opt[int]{}.Or(9))`}, "3 9"},
		{"an assignment of several values some of which are nil",
			[]string{"func half(x int) (n int, err error) { if x < 0 { n, err = 0, errors.New(\"neg\"); return }; n, err = x/2, nil; return }", `var p, q *int; p, q = nil, nil; type S struct{ N int; E error }; var s S; s.N, s.E = 1, nil; n, err := half(4); fmt.Sprint(p, q, s, n, err)`}, "<nil> <nil> {1 <nil>} 2 <nil>"},
		{"a const group repeats a spec of one name before a spec of several",
			[]string{"const (\n\ta = iota\n\tb\n\tc, d = 7, 8\n\te, f\n)", `fmt.Sprint(a, b, c, d, e, f)`}, "0 1 7 8 7 8"},
		{"a generic function calls another given its own type parameter",
			[]string{"func Id[T any](v T) T { return v }\nfunc Call[T any](v T) T { return Id[T](v) }\nfunc Five[T int | float64](v T) T { return Id[T](5) + v }", `fmt.Sprint(Call(1), Call("s"), Five(0.5))`}, "1s5.5"},
		{"a panic of a value whose Error method has a value receiver says what Error says",
			[]string{"type MyErr struct{ Code int }\nfunc (e MyErr) Error() string { return fmt.Sprint(\"code \", e.Code) }\nfunc f() { panic(MyErr{7}) }", `f()`}, "error: panic: code 7\n  in: f\n  at: f()"},
		{"a method missing on a variable of a type made of a basic type names the type",
			[]string{"type Port int", "var p Port = 1", "p.Nope()"}, "error: p.Nope undefined (type Port has no field or method Nope)"},
		{"a switch whose tag after an init statement is an expression compares that expression",
			[]string{"func class(code int) string {\n\tswitch c := code; c / 100 {\n\tcase 4:\n\t\treturn \"client\"\n\tcase 5:\n\t\treturn \"server\"\n\t}\n\treturn \"ok\"\n}", `class(404) + class(503) + class(200)`}, "clientserverok"},
		{"an untyped constant given for the element type of a generic slice parameter takes the slice's element type",
			[]string{"func Scale[S ~[]E, E int | float64](s S, k E) S { out := make(S, len(s)); for i, v := range s { out[i] = v * k }; return out }", `fmt.Sprint(Scale([]float64{1.5, 2}, 2))`}, "[3 4]"},
		{"a struct received into a variable can be changed",
			[]string{"type Ev struct{ Host string }", "func relabel(ch chan Ev) string { got := <-ch; got.Host += \"!\"; return got.Host }", `ch := make(chan Ev, 1); ch <- Ev{"db"}; relabel(ch)`}, "db!"},
		{"a type switch on a value of the session's interface takes a case of another interface it implements",
			[]string{"type Notifier interface{ Notify() string }\ntype Closer interface{ Close() error }\ntype slack struct{}\nfunc (s *slack) Notify() string { return \"n\" }\nfunc (s *slack) Close() error { return nil }",
				"func kind(n Notifier) string {\n\tswitch v := n.(type) {\n\tcase nil:\n\t\treturn \"nil\"\n\tcase Closer:\n\t\treturn \"closer:\" + v.(Notifier).Notify()\n\tcase fmt.Stringer:\n\t\treturn \"stringer\"\n\t}\n\treturn \"other\"\n}", `kind(&slack{}) + kind(nil)`}, "closer:nnil"},
		{"a nil pointer whose String method panics on it prints <nil>, as fmt does",
			[]string{"type vol struct{ name string }\nfunc (v *vol) String() string { return \"vol:\" + v.name }", "var np *vol", `fmt.Sprintf("%s|%v", np, []*vol{nil, {"a"}})`}, "<nil>|[<nil> vol:a]"},
		{"an import of a package that is not there is Go's error, with the package meant", []string{`import "strngs"`}, "error: package strngs is not in std (did you mean strings?)"},
		{"a struct literal keyed by a field named like a loop's variable that is captured keeps the field",
			[]string{"type item struct{ value string; n int }", "func items(m map[string]int) (out []*item) { for value, n := range m { out = append(out, &item{value: value, n: n}) }; return }", `fmt.Sprint(*items(map[string]int{"a": 1})[0])`}, "{a 1}"},
		{"the keys of a map literal and of an elided struct literal in a loop that captures its variables",
			[]string{"type inv map[string]int", "type host struct{ name string }", `func f() (s string) { for _, name := range []string{"a", "b"} { m := inv{name: 1}; hs := []*host{{name: name}}; g := func() string { return name }; s += fmt.Sprint(m, hs[0].name, g()) }; return }`, `f()`}, "map[a:1]aamap[b:1]bb"},
		{"chunks of a named slice type",
			[]string{"type people []string", `s := ""; for c := range slices.Chunk(people{"a", "b", "c"}, 2) { s += fmt.Sprint(c) }; s`}, "[a b][c]"},
		{"a session function's result given to a compiled function's interface parameter",
			[]string{"type rd struct{ n int }", "func (r *rd) Read(p []byte) (int, error) { if r.n == 0 { return 0, io.EOF }; r.n--; p[0] = 'x'; return 1, nil }", "func newRd(n int) *rd { return &rd{n} }", "func (r *rd) again() *rd { return newRd(1) }", `b, _ := io.ReadAll(newRd(2))`, `c, _ := io.ReadAll(newRd(0).again())`, `string(b) + string(c)`}, "xxx"},
		{"a //line directive in a raw string is the string's, where the printer moves a statement to a line of its own",
			[]string{"func src() (out string) {\n\tconst s = `package p\n\n//line fake.go:42:11\nfunc ok() {}\n`\n\tfor i := 0; i < 1; i++ { out += s }\n\treturn\n}", `src()`}, "package p\n\n//line fake.go:42:11\nfunc ok() {}\n"},
		{"iterators and generic functions of packages imported under names of their own",
			[]string{"import (\n\tsl \"slices\"\n\tst \"strings\"\n)", "func f() (s string) { var seq iter.Seq[int] = sl.Values([]int{1, 2}); for v := range seq { s += fmt.Sprint(v) }; for p := range st.SplitSeq(\"a,b\", \",\") { s += p }; for i, v := range sl.All([]string{\"x\"}) { s += fmt.Sprint(i, v) }; return }", `f()`}, "12ab0x"},
		{"a loop's post statement assigning a call's result and another value keeps both",
			[]string{"func next(x int) int { return x + 10 }", "func f() (s string) { for a, i := 0, 0; i < 3; a, i = next(a), i+1 { if i == 1 { continue }; s += fmt.Sprint(a, i, \";\") }; return }", `f()`}, "0 0;20 2;"},
		{"a struct literal assigned to a variable a function literal captures, in the literal or out of it",
			[]string{"type res struct{ A string }", "func get() (r res) { defer func() { if r.A == \"bad\" { r = res{\"reset\"} } }(); r = res{\"bad\"}; return }", "func set() (r res) { f := func() { r = res{\"f\"} }; r = res{\"a\"}; f(); return }", `fmt.Sprint(get(), set())`}, "{reset} {f}"},
		{"slices of a compiled method's result held in a function's variable",
			[]string{"func words(s string) []string { re := regexp.MustCompile(`\\w+`); w := re.FindAllString(s, -1); slices.Sort(w); return slices.Compact(w) }", `words("b c a b")`}, "[a b c]"},
		{"an import of a standard package the interpreter cannot have says why", []string{`import "weak"`}, "error: package weak is not available in the interpreter: its API is generic only"},
		{"a value of a function type of the session's that a method gave is called",
			[]string{"type Hook func(string) string", "type S struct{}", "func (S) Get() Hook { return func(e string) string { return \"a\" + e } }", "h := S{}.Get()", "func run() string { g := S{}.Get(); return g(\"y\") + S{}.Get()(\"z\") }", `h("x") + run()`}, "axayaz"},
		{"a method expression of the session's interface takes the receiver first",
			[]string{"type Notifier interface{ Notify(string) string }\ntype pager struct{}\nfunc (pager) Notify(s string) string { return \"paged \" + s }", "f := Notifier.Notify", `f(pager{}, "x")`}, "paged x"},
		{"recover does not catch os.Exit",
			[]string{"func f() (s string) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\ts = \"caught\"\n\t\t}\n\t}()\n\tos.Exit(2)\n\treturn \"no\"\n}", `f()`}, "error: os.Exit(2)"},
		{"an unknown field of a struct literal names the literal's type, an elided one's too",
			[]string{"type T struct{ A int }", "func f() []T { return []T{{A: 1}, {D: 2}} }"}, "error: unknown field D in struct literal of type T"},
		{"an operation on mismatched types names the operation", []string{`a := 1; b := "x"; a + b`}, "error: invalid operation: a + b (mismatched types int and string)"},
		{"a panic at the prompt names the statement that panicked, not the cell's first",
			[]string{"{\n\tb := 0\n\tfmt.Println(1 / b)\n}"}, "error: panic: runtime error: integer divide by zero\n  at: fmt.Println(1 / b)"},
		{"a panic in a function of a program names the statement that panicked",
			[]string{"package main\n\nfunc f(n int) {\n\tif n > 1 {\n\t\tpanic(\"big\")\n\t}\n}\n\nfunc main() {\n\tf(1)\n\tf(2)\n}\n"}, "error: panic: big\n  in: f\n  at: panic(\"big\")"},
		{"a panic of a pointer whose Error method has the pointer receiver prints what the method says",
			[]string{"type PErr struct{ Code int }\nfunc (e *PErr) Error() string { return fmt.Sprint(\"perr \", e.Code) }\nfunc g() { panic(&PErr{4}) }", `g()`}, "error: panic: perr 4\n  in: g\n  at: g()"},
		{"a function's statement that is a value not called is Go's error: wg.Wait without its parentheses waited for nothing",
			[]string{"func wait(wg *sync.WaitGroup) {\n\twg.Add(0)\n\twg.Wait\n}"}, "error: line 3:2: wg.Wait (value of type func()) is not used: call it, wg.Wait(…)"},
		{"... and a variable's, with its type",
			[]string{"func f() int {\n\tx := 1\n\tx\n\treturn x\n}"}, "error: line 3:2: x (value of type int) is not used"},
		{"... while a type switch, a receive and a call are statements",
			[]string{"func g(v any, c chan int) string {\n\tswitch v.(type) {\n\tcase int:\n\t\treturn \"int\"\n\t}\n\tc <- 1\n\t<-c\n\tfmt.Sprint()\n\treturn \"other\"\n}", "g(1, make(chan int, 1))"}, "int"},
		{"a close of a nil channel in a method of the program is told at the close",
			[]string{"package main\n\ntype W struct{ quit chan bool }\n\nfunc (w *W) Stop() {\n\tprintln()\n\tclose(w.quit)\n}\n\nfunc main() {\n\tw := &W{}\n\tw.Stop()\n}\n"},
			"error: panic: close of nil channel\n  in: Stop\n  at: close(w.quit)"},
		{"... and an index out of range in one of several lines of main, at none of them",
			[]string{"package main\n\nimport \"fmt\"\n\nfunc main() {\n\ts := []int{1, 2}\n\tfmt.Println(s[0])\n\ti := 5\n\tfmt.Println(s[i])\n}\n"},
			"error: panic: runtime error: index out of range\n  in: main"},
		{"a make of a negative length is Go's run-time error",
			[]string{"n := -1", "func() (s string) {\n\tdefer func() { r := recover(); s = fmt.Sprintf(\"%T %v\", r, r) }()\n\t_ = make([]int, n)\n\treturn\n}()"},
			"runtime.errorString runtime error: makeslice: len out of range"},
		{"an integer constant converted to a type that cannot hold it is Go's error",
			[]string{`int8(200)`}, "error: constant 200 overflows int8"},
		{"... and one it can hold is not",
			[]string{`fmt.Sprint(int8(-128), uint8(255), uint64(18446744073709551615))`}, "-128 255 18446744073709551615"},
		{"not enough arguments in a call of a method names the call",
			[]string{"type S struct{ n int }\nfunc (s *S) Inc(by int) { s.n += by }", `var s S`, `s.Inc()`}, "error: not enough arguments in call to s.Inc"},
		{"a struct embedding a type declared again names the field as the user did",
			[]string{"type Logger struct{ prefix string }", "type Server struct{ Logger; Addr string }", "type Logger struct{ prefix string; level int }", "type Server struct{ Logger; Addr string }", `s3 := Server{Logger{"x", 1}, ":1"}`, `fmt.Sprintf("%+v %#v", s3, s3)`},
			`{Logger:{prefix:x level:1} Addr::1} main.Server{Logger:main.Logger{prefix:"x", level:1}, Addr:":1"}`},
		{"%T of a struct type of no name names the session's types in it, on one line",
			[]string{"type Lvl int", `rows := []struct{ H string; L Lvl }{{"web-1", 0}}`, `fmt.Sprintf("%T|%T", rows, []struct{ A struct{ B Lvl } }{})`}, "[]struct { H string; L main.Lvl }|[]struct { A struct { B main.Lvl } }"},
		{"a value made before its type's methods changed, given as an interface it lacks a method of, is told in the user's words",
			[]string{"type P struct{ N int }", "func (x P) A() int { return 1 }", `p := P{1}`, "func (x P) A() int { return 2 }", "func (x P) B() int { return 2 }", "type I interface{ A() int; B() int }", `var i I = p`},
			"error: cannot use a value of type struct as the interface it is given as: it lacks a method of the interface (a value made before its type, or a method of it, was declared again keeps the old type's methods)"},
		{"recover gives the value of a panic of an interface-typed value",
			[]string{`var err error = errors.New("boom")`, `func() (s string) { defer func() { r := recover(); s = fmt.Sprintf("%T %v", r, r) }(); panic(err) }()`}, "*errors.errorString boom"},
		{"the standard library's generic functions and types opsh declares",
			[]string{`n := 0; get := sync.OnceValue(func() int { n++; return 40 }); type Config struct{ Port int }; var cur atomic.Pointer[Config]; cur.Store(&Config{2}); r := rand.N(3 * time.Second)`, `fmt.Sprint(get()+cur.Load().Port, get(), n, r >= 0 && r < 3*time.Second, reflect.TypeFor[string]())`}, "42 40 1 true string"},
		{"... and those it does not",
			[]string{`maphash.Comparable(maphash.MakeSeed(), 1)`}, "error: maphash.Comparable (hash/maphash) is generic"},
		{"a deferred call of a function value the function made",
			[]string{"func run() string { log := \"\"; cancel := func() { log += \"cancelled\" }; defer cancel(); cleanup := func() { log += \"+\" }; defer func() { cleanup() }(); return \"body\" }", `run()`}, "body"},
		{"a range over a slice or a map of channels",
			[]string{"func mk(s string) chan string { c := make(chan string, 1); c <- s; close(c); return c }", `n := ""; for i, c := range []chan string{mk("a"), mk("b")} { for s := range c { n += fmt.Sprint(i, s) } }; for k, c := range map[string]<-chan string{"k": mk("v")} { n += k + <-c }; n`}, "0a1bkv"},
		{"a type switch of an error over interfaces the session declared",
			[]string{"type Temporary interface{ Temporary() bool }\ntype TempErr struct{ Op string }\nfunc (e *TempErr) Error() string { return e.Op }\nfunc (e *TempErr) Temporary() bool { return true }\ntype Coded interface{ Code() int }\ntype HTTPErr struct{ code int }\nfunc (e *HTTPErr) Error() string { return \"http\" }\nfunc (e *HTTPErr) Code() int { return e.code }",
				"func kind(err error) string { switch e := err.(type) { case nil: return \"none\"; case Temporary: return fmt.Sprint(\"temporary \", e.Temporary()); case Coded: return fmt.Sprint(\"coded \", e.Code()); default: return \"other \" + e.Error() } }",
				`kind(&TempErr{"dial"}) + "|" + kind(fmt.Errorf("w: %w", &HTTPErr{503})) + "|" + kind(&HTTPErr{503}) + "|" + kind(nil)`}, "temporary true|other w: http|coded 503|none"},
		{"a deferred call takes its arguments and its receiver when the defer runs",
			[]string{"type F struct{ name string }\nvar closed []string\nfunc (f *F) Close() { closed = append(closed, f.name) }",
				"func run() (out string) { for _, n := range []string{\"a\", \"b\"} { fh := &F{n}; defer fh.Close() }; x := 1; defer func(v int) { out += fmt.Sprint(\" arg \", v) }(x); x = 2; for i := range 2 { addr := fmt.Sprint(i, \":\"); defer func() { out += \" \" + addr + fmt.Sprint(i) }() }; return \"body\" }",
				`run() + " " + strings.Join(closed, ",")`}, "body 1:1 0:0 arg 1 b,a"},
		{"a go statement in a loop takes its receiver when it runs",
			[]string{"type W struct{ id int }\nvar wmu sync.Mutex\nvar ran []int\nfunc (w *W) Run(wg *sync.WaitGroup) { defer wg.Done(); wmu.Lock(); ran = append(ran, w.id); wmu.Unlock() }",
				`var wg sync.WaitGroup; for i := range 3 { w := &W{i}; wg.Add(1); go w.Run(&wg) }; wg.Wait(); slices.Sort(ran); fmt.Sprint(ran)`}, "[0 1 2]"},
		{"a generic type of two type parameters that refers to itself is refused, not a dead worker",
			[]string{"type node[K comparable, V any] struct {\n\tkey K\n\tval V\n\tleft *node[K, V]\n}"}, "error: line 4:8: node refers to itself with its 2 type parameters"},
		{"... of one it runs",
			[]string{"type node[T any] struct {\n\tval T\n\tnext *node[T]\n}", `n := &node[int]{val: 1}; n.next = &node[int]{val: 2}; n.val + n.next.val`}, "3"},
		{"a deferred call takes a session variable's value when the defer runs",
			[]string{`x := 1`, `func() string { var b strings.Builder; func() { defer fmt.Fprint(&b, "bye ", x); x = 2 }(); return b.String() }()`}, "bye 1"},
		{"a deferred method of a compiled type's value still acts on the value",
			[]string{`func count() int { var wg sync.WaitGroup; n := 0; var mu sync.Mutex; for range 5 { wg.Add(1); go func() { defer wg.Done(); mu.Lock(); defer mu.Unlock(); n++ }() }; wg.Wait(); return n }`, `count()`}, "5"},
		{"a nil interface shows nothing and binds nothing", []string{`40 + 2`, `var e error; e`, `_`}, "42"},
		{"a nil slice or pointer is a value of its type", []string{`40 + 2`, `var s []string; s`, `fmt.Sprintf("%#v", _)`}, "[]string(nil)"},
		{"a call returning only a nil error shows nothing", []string{`7`, `os.Setenv("OPSH_T", "1")`, `_`}, "7"},
		{"a call returning only an error fails with it", []string{`os.Remove("/no/such/file")`}, "error: remove /no/such/file: no such file or directory"},
		{"one name given a (T, error) call takes T", []string{`n := strconv.Atoi("12")`, `n`}, "12"},
		{"one name given a (T, error) call fails with its error", []string{`n := strconv.Atoi("zz")`}, `error: strconv.Atoi: parsing "zz": invalid syntax`},
		{"assigning a (T, error) call to an existing name", []string{`n := 1`, `n = strconv.Atoi("7")`, `n`}, "7"},
		{"a failed (T, error) assignment leaves the name", []string{`n := 1`, `n = strconv.Atoi("x")`, `n`}, "1"},
		{"one name for three values is refused", []string{`func three() (int, int, int) { return 1, 2, 3 }`, `x := three()`}, "error: assignment mismatch: 1 variable but three() returns 3 values"},
		{"two names for a function's one value", []string{`func one() int { return 1 }`, `a, b := one()`}, "error: assignment mismatch: 2 variables but one() returns 1 value"},
		{"two names for one value", []string{`x, y := 1`}, "error: assignment mismatch: 2 variables but 1 value"},
		{"%T of the session's struct types is Go's name",
			[]string{`type Host struct{ Name string }`, `type h struct{ name string }`, `fmt.Sprintf("%T %T %T %-8T|%d %T", Host{}, []*Host{}, h{"a"}, h{}, 5, http.Header{})`}, "main.Host []*main.Host main.h main.h  |5 http.Header"},
		{"fmt shows the elements of a slice of a struct type by its String method",
			[]string{"type Host struct{ Name string }\nfunc (h Host) String() string { return \"host \" + h.Name }", `fmt.Sprint([]Host{{"a"}, {"b"}}, map[int]Host{1: {"c"}})`}, "[host a host b] map[1:host c]"},
		{"... and by a pointer's Error method, not under %d",
			[]string{"type E struct{ n int }\nfunc (e *E) Error() string { return \"e\" }", `fmt.Sprintf("%v %d", []*E{{1}}, []*E{{2}}[0].n)`}, "[e] 2"},
		{"... but not of another struct type with the same fields",
			[]string{"type A struct{ N int }\nfunc (a A) String() string { return \"A\" }\ntype B struct{ N int }", `fmt.Sprint([]B{{2}})`}, "[{2}]"},
		{"nil for an int", []string{`var n int = nil`}, "error: cannot use nil as int value in variable declaration"},
		{"two names for three values", []string{`x, y := 1, 2, 3`}, "error: assignment mismatch: 2 variables but 3 values"},
		{"a declaration in a function with too few values", []string{`func g() { var p, q = 1; _, _ = p, q }`}, "error: assignment mismatch: 2 variables but 1 value"},
		{"a field the value lacks", []string{`type Host struct{ Name string }`, `h := Host{"a"}`, `h.Nme`}, "error: h.Nme undefined (type Host has no field or method Nme)"},
		{"a field in another case", []string{`type Host struct{ Name string }`, `h := Host{"a"}`, `h.name`}, "error: h.name undefined (type Host has no field or method name, but does have field Name)"},
		{"a method in another case", []string{`u, _ := url.Parse("http://x")`, `u.hostname()`}, "error: u.hostname undefined (type *url.URL has no field or method hostname, but does have method Hostname)"},
		{"a nil pointer's field is Go's run-time error",
			[]string{`type T struct{ A int }`, `var p *T`, `p.A`}, "error: panic: runtime error: invalid memory address or nil pointer dereference"},
		{"a nil pointer followed is Go's run-time error",
			[]string{`var ip *int`, `*ip = 3`}, "error: panic: runtime error: invalid memory address or nil pointer dereference"},
		{"a return value of the wrong type in Go's words",
			[]string{`func f() int { return "x" }`}, `error: cannot use "x" (untyped string constant) as int value in return statement`},
		{"a method a string lacks", []string{`s := "x"`, `s.String()`}, "error: s.String undefined (type string has no field or method String)"},
		{"a method on a (T, error) call's result", []string{`u := url.Parse("http://h:1/p").Port()`, `u`}, "1"},
		{"a generic function given untyped constants of several kinds takes the kind that holds them all",
			[]string{"func Max[T cmp.Ordered](a, b T) T {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}", "type Number interface{ ~int | ~float64 }", "func Clamp[T Number](v, lo, hi T) T { return max(lo, min(v, hi)) }",
				`fmt.Sprintf("%v %T %v %v", Max(1, 2.5), Max(1, 2.5), Clamp(2, 0, 1.5), Clamp(0.5, 0.0, 1.0))`}, "2.5 float64 1.5 0.5"},
		{"a (T, error) call where one value is wanted gives T",
			[]string{"func half(s string) int {\n\tv := strconv.Atoi(s)\n\treturn v / 2\n}", `y := strconv.Atoi("41") + 1`, `fmt.Sprint(y, half("8"), []int{strconv.Atoi("3")})`}, "42 4 [3]"},
		{"a (T, error) call where one value is wanted fails with its error",
			[]string{"func half(s string) int {\n\tv := strconv.Atoi(s)\n\treturn v / 2\n}", `half("x")`}, "error: panic: strconv.Atoi: parsing \"x\": invalid syntax\n  in: half\n  at: half(\"x\")"},
		{"in a program, a (T, error) call given to one name is Go's error",
			[]string{"package main\n\nimport \"strconv\"\n\nfunc main() {\n\tn := strconv.Atoi(\"3\")\n\t_ = n\n}\n"}, "error: line 6:7: assignment mismatch: 1 variable but strconv.Atoi returns 2 values"},
		{"in a program, a (T, error) call of its own function given to one name is Go's error",
			[]string{"package main\n\nfunc div(a, b int) (int, error) { return a / b, nil }\n\nfunc main() {\n\tr := div(8, 0)\n\t_ = r\n}\n"}, "error: line 6:7: assignment mismatch: 1 variable but div returns 2 values"},
		{"in a program, a call of several results of its own function used as one value is Go's error",
			[]string{"package main\n\nfunc pair() (int, []int) { return 1, nil }\n\nfunc main() {\n\tprintln(1 + pair())\n}\n"}, "error: line 6:14: multiple-value pair() (value of type (int, []int)) in single-value context: assign it first, v, _ := pair()"},
		{"a cell's own (T, error) function given to one name in another of its functions follows the REPL's rule",
			[]string{"func div(a, b int) (int, error) { if b == 0 { return 0, errors.New(\"div by zero\") }; return a / b, nil }\nfunc h(b int) int { r := div(8, b); return r }\nfmt.Sprint(h(2))"}, "4"},
		{"a (T, error) call returned by a function of one result gives T",
			[]string{`func port(s string) int { return strconv.Atoi(s) }`, `func pair() (int, error) { return strconv.Atoi("2") }`, `port("22") + pair()`}, "24"},
		{"a call returned by a function of another count of results is Go's error",
			[]string{`func three() (int, error, bool) { return strconv.Atoi("5") }`}, "error: not enough return values: have (int, error), want (int, error, bool)"},
		{"in a program, a (T, error) call returned by a function of one result is Go's error",
			[]string{"package main\n\nimport \"strconv\"\n\nfunc port() int { return strconv.Atoi(\"3\") }\n\nfunc main() { _ = port() }\n"}, "error: line 5:26: too many return values: have (int, error), want (int)"},
		{"a call of three results where one value is wanted is Go's error",
			[]string{"func three() (int, int, error) { return 1, 2, nil }", `x := 1`, `three() + x`}, "error: multiple-value three() (value of type (int, int, error)) in single-value context: assign it first, v, _, err := three()"},
		{"a name declared again is the variable the functions use",
			[]string{`x := 1`, `func f() int { return x }`, `x := 2`, `f()`}, "2"},
		{"a later assignment reaches the functions too",
			[]string{`x := 1`, `f := func() int { return x }`, `x := 2`, `x = 3`, `f()`}, "3"},
		{"a name declared again from a (T, error) call",
			[]string{`n := 1`, `f := func() int { return n }`, `n := strconv.Atoi("7")`, `f() + n`}, "14"},
		{"a name declared again with another type is a new variable",
			[]string{`y := 1.5`, `y := 2`, `y / 4`}, "0"},
		{"a literal of another kind makes a new variable",
			[]string{`x := 1`, `x := 2.5`, `x / 2`}, "1.25"},
		{"a variable declared again with var is not its literal's",
			[]string{`x := 1`, `var x float64`, `x := 2`, `x / 4`}, "0"},
		{"a named type is not its underlying type",
			[]string{`type Celsius float64`, `type Fahrenheit float64`, `func (f Fahrenheit) String() string { return "F" }`,
				`t := Celsius(1)`, `t := Fahrenheit(2)`, `fmt.Sprint(t)`}, "F"},
		{"an interface variable declared again takes the value's type",
			[]string{`var e error`, `e := &os.PathError{Op: "open"}`, `e.Op`}, "open"},
		{"a comma-ok form declared again",
			[]string{`m := map[string]int{"a": 1}`, `v, ok := m["a"]`, `v, ok := m["b"]`, `fmt.Sprint(v, ok)`}, "0 false"},
		{"a comma-ok assignment of a missing key sets the zero value",
			[]string{`m := map[string]int{"a": 1}`, `v, ok := m["a"]`, `v, ok = m["b"]`, `fmt.Sprint(v, ok)`}, "0 false"},
		{"a comma-ok assignment of a failed assertion sets the zero value",
			[]string{`func() string { var i any = 3; s, ok := "q", true; s, ok = i.(string); return fmt.Sprintf("%q %v", s, ok) }()`}, `"" false`},
		{"the index of a range over a string is a byte's",
			[]string{`s := ""; for i := range "héllo" { s += fmt.Sprint(i) }; s`}, "01345"},
		{"... with the rune, after a byte that is not UTF-8",
			[]string{`s := ""; for i, r := range "h\xffl" { s += fmt.Sprint(i, r, " ") }; s`}, "0 104 1 65533 2 108 "},
		{"a labeled break in a select case leaves the loop",
			[]string{"ch := make(chan int); close(ch); n := 0\nloop:\nfor {\n\tselect {\n\tcase <-ch:\n\t\tn++\n\t\tbreak loop\n\t}\n}\nn"}, "1"},
		{"var from an earlier cell's variable", []string{`a := 1`, `var b = a`, `b + 1`}, "2"},
		{"typed var from an earlier cell", []string{`a := 1`, `var b int64 = 2; var e error = nil; var c int`, `int(b) + a + c`}, "3"},
		{"var with an interface type", []string{`e := errors.New("x")`, `var e2 error = e`, `e2.Error()`}, "x"},
		{"var group and blank", []string{"var (\n\tp = 1\n\tq, r = 2, 3\n)", `var _ = p`, `p + q + r`}, "6"},
		{"i := i in a three-clause loop", []string{`s := 0; for i := 0; i < 3; i++ { i := i; s += i }; s`}, "3"},
		{"h := h in a range loop", []string{`out := []string{}; for _, h := range []string{"a", "b"} { h := h; out = append(out, h) }; strings.Join(out, ",")`}, "a,b"},
		{"h := h with closures", []string{`fs := []func() string{}; for _, h := range []string{"a", "b"} { h := h; fs = append(fs, func() string { return h }) }; fs[0]() + fs[1]()`}, "ab"},
		{"a generic type yaegi runs is let through", []string{"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nfunc (s *Stack[T]) Pop() T { v := s.items[len(s.items)-1]; s.items = s.items[:len(s.items)-1]; return v }", `s := &Stack[int]{}`, `s.Push(1); s.Push(2)`, `s.Pop()`}, "2"},
		{"a generic function named like slices.Max is the user's own",
			[]string{"func Max[T cmp.Ordered](s []T) T { return s[0] }", `Max([]int{1, 2})`, `slices.Max([]int{1, 5, 2})`, `fmt.Sprint(Max([]int{1, 2}), slices.Max([]int{1, 5, 2}))`}, "1 5"},
		{"a kept generic function is named as the user named it",
			[]string{"func Bad[T any](x T) T { return x + nope }", `Bad(1)`}, "error: Bad is not declared yet: it waits for nope"},
		{"a kept generic function runs once what it uses is declared",
			[]string{"func Twice[T cmp.Ordered](x T) T { return x + x + nope }", `var nope = 0`, `Twice(21)`}, "42"},
		{"slices.Sort of a slice a compiled function returned",
			[]string{`w := strings.Fields("b c a")`, `slices.Sort(w); strings.Join(w, ",")`}, "a,b,c"},
		{"slices.Contains of a compiled package's variable", []string{`slices.Contains(os.Args, "--no-such-flag")`}, "false"},
		{"maps.Keys of a compiled map type",
			[]string{`h := http.Header{"B": nil, "A": nil}`, `strings.Join(slices.Sorted(maps.Keys(h)), ",")`}, "A,B"},
		{"slices.Sort of a compiled function's slice in a function body",
			[]string{"func sorted(s string) []string {\n\tw, n := strings.Fields(s), 0\n\tslices.Sort(w)\n\treturn w[n:]\n}", `strings.Join(sorted("b a"), ",")`}, "a,b"},
		{"a call of slices on a value of a compiled type it cannot tell says how to convert it",
			[]string{`func f(src interface{ Headers() http.Header }) []string { return slices.Sorted(maps.Keys(src.Headers())) }`}, "error: the interpreter cannot run this"},
		{"a call of slices on a field of a parameter of a compiled type",
			[]string{`func f(r *http.Request) []string { return slices.Sorted(maps.Keys(r.Header)) }`, `r, _ := http.NewRequest("GET", "http://x", nil)`, `r.Header.Set("B", "1"); r.Header.Set("A", "1")`, `strings.Join(f(r), ",")`}, "A,B"},
		{"a generic function yaegi runs is let through", []string{"func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}", `Map([]int{1, 2}, func(i int) int { return i * 2 })[1]`}, "4"},
		{"a generic function's second type parameter is inferred from a function argument",
			[]string{"func Map[T, U any](s []T, f func(T) U) []U {\n\tr := make([]U, 0, len(s))\n\tfor _, v := range s {\n\t\tr = append(r, f(v))\n\t}\n\treturn r\n}", `names := Map([]int{1, 2}, func(i int) string { return strconv.Itoa(i) + "!" })`, `strings.Join(names, ",")`}, "1!,2!"},
		{"explicit type arguments at the top level",
			[]string{"func Map[T, U any](s []T, f func(T) U) []U {\n\tvar r []U\n\tfor _, v := range s {\n\t\tr = append(r, f(v))\n\t}\n\treturn r\n}", `x := Map[int, string]([]int{7}, strconv.Itoa)`, `x[0]`}, "7"},
		{"type arguments inferred from a package's function given as an argument",
			[]string{"func MapSeq[T, U any](seq iter.Seq[T], f func(T) U) iter.Seq[U] {\n\treturn func(yield func(U) bool) {\n\t\tfor v := range seq {\n\t\t\tif !yield(f(v)) {\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}\n}", "type Box[T any] struct{ v T }", "func Each[T, U any](b Box[T], f func(T) U) U { return f(b.v) }",
				`strings.Join(slices.Collect(MapSeq(slices.Values([]int{1, 2}), strconv.Itoa)), ",") + Each(Box[int]{3}, strconv.Itoa)`}, "1,23"},
		{"type arguments inferred from a compiled type's method value", []string{"func Ap[T, U any](x T, f func(T) U) U { return f(x) }", `r := strings.NewReplacer("a", "4")`, `Ap("bat", r.Replace)`}, "b4t"},
		{"a core type's element inferred from a named slice type", []string{"type IDs []int", "func Last[S ~[]E, E any](s S) E { return s[len(s)-1] }", `Last(IDs{1, 2})`}, "2"},
		{"partial type arguments the others inferred",
			[]string{"func Map[T, U any](s []T, f func(T) U) []U {\n\tvar r []U\n\tfor _, v := range s {\n\t\tr = append(r, f(v))\n\t}\n\treturn r\n}", `Map[int]([]int{3}, func(i int) float64 { return float64(i) / 2 })[0]`}, "1.5"},
		{"type parameters used in another order than declared",
			[]string{"func Describe[A, B any](b B, a A) string { return fmt.Sprint(a, \"/\", b) }", `Describe(1, "x") + " " + Describe[string, int](2, "y")`}, "x/1 y/2"},
		{"parameters sharing a field before a generic one",
			[]string{"func Count[K comparable, V any](lo, hi int, m map[K]V) int { return len(m) + lo + hi }", `Count(1, 2, map[string]bool{"a": true})`}, "4"},
		{"a compiled function given to a generic function",
			[]string{"func Apply[T, R any](f func(T) R, x T) R { return f(x) }", `Apply(strings.ToUpper, "up")`}, "UP"},
		{"a type parameter only in a variadic parameter is inferred from constants",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `Sum(1, 2.5)`}, "3.5"},
		{"... from a variable's type",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `a, b := 2, 3`, `Sum(a, b)`}, "5"},
		{"... from a parameter's type",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `func half(x float64) float64 { return Sum(x, x) / 4 }`, `half(3)`}, "1.5"},
		{"... from the slice given to it",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `func avg(xs ...float64) float64 { return Sum(xs...) / float64(len(xs)) }`, `avg(1, 2)`}, "1.5"},
		{"... from a conversion",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `fmt.Sprintf("%T", Sum(5, float64(6)))`}, "float64"},
		{"a variadic type parameter given no argument is Go's error",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `Sum()`}, "error: in call to Sum, cannot infer T: give the type arguments, Sum[T](…)"},
		{"a variadic type parameter the source does not show asks for the type arguments",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `four := func() float64 { return 4 }`, `Sum(four(), 1)`}, "error: in call to Sum, the interpreter cannot infer T from a variadic parameter, an array or a constraint: give the type arguments, Sum[T](…) (see :help limits)"},
		{"a variadic type parameter a package function's result gives",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `Sum(math.Sqrt(4), 1)`}, "3"},
		{"an error of a type that shares its definition with another is not taken for it",
			[]string{"type Code int\nfunc (c Code) Error() string { return \"c\" }\nfunc (c Code) Temporary() bool { return true }", "type Errno int\nfunc (e Errno) Error() string { return \"e\" }", "type Temp interface{ Temporary() bool }", "func tmp(err error) bool { _, ok := err.(Temp); return ok }", `tmp(Errno(1))`}, "false"},
		{"an error of the session's type asserted to another interface of the session's",
			[]string{"type NetErr struct{ msg string }\nfunc (e *NetErr) Error() string { return e.msg }\nfunc (e *NetErr) Temporary() bool { return true }", "type Temp interface{ Temporary() bool }", "func tmp(err error) bool { t, ok := err.(Temp); return ok && t.Temporary() }", `tmp(fmt.Errorf("w: %w", &NetErr{"x"}))`, `tmp(errors.Unwrap(fmt.Errorf("w: %w", &NetErr{"x"})))`}, "true"},
		{"a variadic type parameter a receive from a channel made of a type gives",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `ch := make(chan float64, 1)`, `ch <- 4.5`, `Sum(<-ch, 1)`}, "5.5"},
		{"a variadic type parameter a type assertion gives",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `var v any = 4.5`, `Sum(v.(float64), 1)`}, "5.5"},
		{"the type arguments given to a variadic generic function",
			[]string{"func Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}", `Sum[float64](1.5, 2.5)`}, "4"},
		{"a type parameter no argument gives is Go's error",
			[]string{"func Zero[U, T any](x T) U { var u U; return u }", `Zero(1)`}, "error: in call to Zero, cannot infer U: give the type arguments, Zero[U, T](…)"},
		{"errors.AsType of a standard library error", []string{`_, err := os.Open("/no/such")`, `pe, ok := errors.AsType[*fs.PathError](fmt.Errorf("w: %w", err))`, `fmt.Sprint(pe.Path, " ", ok)`}, "/no/such true"},
		{"errors.AsType of a session error type",
			[]string{"type E struct{ Code int }\nfunc (e *E) Error() string { return \"e\" }", `c := 0`, `if e, ok := errors.AsType[*E](fmt.Errorf("w: %w", &E{7})); ok { c = e.Code }`, `c`}, "7"},
		{"errors.As finds a struct error of a value receiver",
			[]string{"type NotFound struct {\n\tKind, Name string\n}\nfunc (e NotFound) Error() string { return e.Kind + \" \" + e.Name + \" not found\" }", `err := fmt.Errorf("w: %w", NotFound{"host", "web-1"})`, `var nf NotFound`, `ok := errors.As(err, &nf)`, `fmt.Sprint(ok, " ", nf.Name)`}, "true web-1"},
		{"... so do a type assertion and its comma-ok",
			[]string{"type NotFound struct {\n\tKind, Name string\n}\nfunc (e NotFound) Error() string { return e.Kind + \" \" + e.Name + \" not found\" }", `var err error = NotFound{"host", "web-1"}`, `nf := err.(NotFound)`, `_, ok := err.(NotFound)`, `fmt.Sprint(nf.Kind, " ", ok)`}, "host true"},
		{"... a type switch in a function",
			[]string{"type NotFound struct {\n\tKind, Name string\n}\nfunc (e NotFound) Error() string { return e.Kind + \" \" + e.Name + \" not found\" }", "func kind(err error) string {\n\tswitch e := err.(type) {\n\tcase NotFound:\n\t\treturn e.Kind\n\t}\n\treturn \"other\"\n}", `kind(NotFound{"host", "web-1"}) + " " + kind(errors.New("x"))`}, "host other"},
		{"... errors.AsType and errors.Is",
			[]string{"type NotFound struct {\n\tKind, Name string\n}\nfunc (e NotFound) Error() string { return e.Kind + \" \" + e.Name + \" not found\" }", `err := fmt.Errorf("w: %w", NotFound{"host", "web-1"})`, `nf, ok := errors.AsType[NotFound](err)`, `fmt.Sprint(nf.Name, ok, errors.Is(err, NotFound{"host", "web-1"}), errors.Is(err, NotFound{"host", "web-2"}))`}, "web-1true true false"},
		{"a struct of the session's given to a compiled struct's interface field in a literal is the interface's",
			[]string{"type hello struct{ msg string }\nfunc (h hello) ServeHTTP(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, h.msg) }", `srv := &http.Server{Handler: hello{"hi"}, Addr: ":0"}`, `rec := httptest.NewRecorder()`, `srv.Handler.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))`, `rec.Body.String() + srv.Addr`}, "hi:0"},
		{"... a pointer of the session's, in a function, in a literal without keys and in a slice of elided type",
			[]string{"type rd struct{ s string }\nfunc (r *rd) Read(p []byte) (int, error) { n := copy(p, r.s); r.s = r.s[n:]; if n == 0 { return 0, io.EOF }; return n, nil }", "func head(s string, n int64) string {\n\tls := []io.LimitedReader{{&rd{s}, n}, {R: &rd{\"!\"}, N: 1}}\n\ta, _ := io.ReadAll(&ls[0])\n\tb, _ := io.ReadAll(&ls[1])\n\treturn string(a) + string(b)\n}", `head("hello world", 5)`}, "hello!"},
		{"a program's struct that embeds a compiled struct by value has its pointer's methods for interfaces",
			[]string{"package main\n\nimport (\n\t\"bytes\"\n\t\"fmt\"\n\t\"io\"\n\t\"sync\"\n)\n\ntype Store struct {\n\tsync.Mutex\n\tm map[string]int\n}\n\nfunc withLock(l sync.Locker, f func()) { l.Lock(); defer l.Unlock(); f() }\n\ntype counting struct {\n\tbytes.Buffer\n\tn int\n}\n\nfunc (c *counting) Write(p []byte) (int, error) { c.n += len(p); return c.Buffer.Write(p) }\n\ntype shared struct{ *bytes.Buffer }\n\nvar got string\n\nfunc main() {\n\ts := &Store{m: map[string]int{}}\n\twithLock(s, func() { s.m[\"a\"]++ })\n\tc := &counting{}\n\tvar w io.Writer = c\n\tfmt.Fprint(w, \"hello\")\n\tvar sw io.Writer = shared{&bytes.Buffer{}}\n\tfmt.Fprint(sw, \"!\")\n\tgot = fmt.Sprint(s.m, c.String(), c.n, sw.(shared).String())\n}", `got`}, "map[a:1]hello5!"},
		{"... and at the prompt, cell by cell",
			[]string{`type Store struct { sync.Mutex; n int }`, `func withLock(l sync.Locker) { l.Lock(); l.n++; l.Unlock() }`, `s := &Store{}`, `withLock(s)`, "type report struct {\n\tbytes.Buffer\n\ttitle string\n}", `r := &report{title: "t"}`, `fmt.Fprintf(r, "%s=%d", r.title, 1)`, `r.String()`}, "t=1"},
		{"a struct that embeds a compiled named type prints through the method it promotes",
			[]string{"type timeout struct {\n\ttime.Duration\n\tName string\n}", "type event struct {\n\ttime.Time\n\tName string\n}", `t := timeout{90 * time.Second, "dial"}`, `ev := event{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "deploy"}`, `b, _ := json.Marshal(ev)`, `fmt.Sprint(t, " ", t.Minutes(), " ", ev, " ", ev.Year(), " ", string(b))`}, `1m30s 1.5 2024-01-02 03:04:05 +0000 UTC 2024 "2024-01-02T03:04:05Z"`},
		{"a method declared over a promoted one makes a new definition of the struct, and says so",
			[]string{"type Store struct { sync.Mutex; n int }", "func (s *Store) Lock() { s.n++; s.Mutex.Lock() }", `s := &Store{}`, `var l sync.Locker = s`, `l.Lock(); l.Unlock()`, `s.n`}, "1"},
		{"the source shows the types of what a session's function of several results gives",
			[]string{"type L []string", "func (l *L) String() string { return \"by pointer\" }", "type O struct{ H L }", "func get() (*O, error) { return &O{L{\"a\"}}, nil }", "func show() string {\n\to, _ := get()\n\treturn fmt.Sprintf(\"%v %T\", o.H, o.H)\n}", `show()`}, "[a] main.L"},
		{"a pointer to a struct of the session's with methods, held in an any, has its type's name and fields under %T and %+v",
			[]string{"type sink struct{ got []string }", "func (s *sink) Add(x string) { s.got = append(s.got, x) }", `var x any = &sink{}`, `fmt.Sprintf("%T %+v", x, x)`}, "*main.sink &{got:[]}"},
		{"an assignment to a field of a map's struct element is Go's error; of a pointer element it is made",
			[]string{"type quota struct{ Used int }", `pm := map[string]*quota{"a": {1}}`, `pm["a"].Used++`, `m := map[string]quota{"b": {95}}`, `m["b"].Used = pm["a"].Used`}, `error: cannot assign to struct field m["b"].Used in map (take the element out, change it and put it back, or keep pointers in the map)`},
		{"a byte of a string assigned to is Go's error, with the way around it",
			[]string{`s := "abc"`, `s[0] = 'x'`}, "error: cannot assign to s[0] (neither addressable nor a map index expression): a string cannot be changed; make a []byte of it, b := []byte(s), and change that"},
		{"nil given to := is Go's error", []string{`x := nil`}, "error: use of untyped nil in assignment"},
		{"a constant argument of a deferred call or a go statement stays untyped",
			[]string{"func drain() int32 {\n\tvar active atomic.Int32\n\tactive.Add(3)\n\tfunc() { defer active.Add(-1) }()\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo func(x int8) { defer wg.Done(); active.Add(int32(x)) }(-(1 + 1))\n\twg.Wait()\n\treturn active.Load()\n}", `drain()`}, "0"},
		{"a writer of the session's with a String method is Fprintf's writer",
			[]string{"type buf struct{ parts []string }\nfunc (b *buf) Write(p []byte) (int, error) { b.parts = append(b.parts, string(p)); return len(p), nil }\nfunc (b *buf) String() string { return strings.Join(b.parts, \"|\") }", `b := &buf{}`, `fmt.Fprintf(b, "a=%d", 1)`, `fmt.Fprintln(b, "c")`, `fmt.Sprint(b)`}, "a=1|c\n"},
		{"a function type of the session's with a method is the compiled interface a function takes",
			[]string{"type readFn func([]byte) (int, error)\nfunc (f readFn) Read(p []byte) (int, error) { return f(p) }", `b, err := io.ReadAll(readFn(strings.NewReader("hello").Read))`, `fmt.Sprint(string(b), err)`}, "hello<nil>"},
		{"... and the one a compiled type's method takes, in a function",
			[]string{"type appHandler func(http.ResponseWriter, *http.Request) error\nfunc (f appHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { if err := f(w, r); err != nil { http.Error(w, err.Error(), 500) } }", "func serve() string {\n\tmux := http.NewServeMux()\n\tmux.Handle(\"/x\", appHandler(func(w http.ResponseWriter, r *http.Request) error { return errors.New(\"down\") }))\n\trec := httptest.NewRecorder()\n\tmux.ServeHTTP(rec, httptest.NewRequest(\"GET\", \"/x\", nil))\n\treturn fmt.Sprint(rec.Code, rec.Body.String())\n}", `serve()`}, "500down"},
		{"a struct value made an error at the top level keeps its Error method",
			[]string{"type NotFound struct {\n\tKind, Name string\n}\nfunc (e NotFound) Error() string { return e.Kind + \" \" + e.Name + \" not found\" }", `e := error(NotFound{"host", "web-1"})`, `var f error = NotFound{"disk", "sdb"}`, `var g error`, `g = NotFound{"user", "bob"}`, `fmt.Sprint(e, "; ", f, "; ", g)`}, "host web-1 not found; disk sdb not found; user bob not found"},
		{"... and is found again by an assertion",
			[]string{"type NotFound struct {\n\tKind, Name string\n}\nfunc (e NotFound) Error() string { return e.Kind + \" \" + e.Name + \" not found\" }", `var err error = NotFound{"host", "web-1"}`, `ok := false`, `nf, ok := err.(NotFound)`, `fmt.Sprint(nf.Name, ok)`}, "web-1true"},
		{"... a struct value made a fmt.Stringer at the top level too",
			[]string{"type Host struct {\n\tName string\n\tPort int\n}\nfunc (h Host) String() string { return fmt.Sprintf(\"%s:%d\", h.Name, h.Port) }", `s := fmt.Stringer(Host{"web-1", 22})`, `s.String()`}, "web-1:22"},
		{"a struct without the interface's methods waits for them, and says so, not the rewrite's error",
			[]string{`type Host struct{ Name string }`, `var s fmt.Stringer = Host{}`, `s`}, "error: s is not declared yet: it waits for the method Host.String"},
		{"a value of a map type of the session's made an interface of the session's at the top level",
			[]string{"type Store interface{ Get(k string) string }\ntype mem map[string]string\nfunc (m mem) Get(k string) string { return m[k] }", `var s Store = mem{"a": "1"}`, `var t Store`, `t = mem{"b": "2"}`, `u := Store(mem{"c": "3"})`, `m, ok := u.(mem)`, `s.Get("a") + t.Get("b") + u.Get("c") + fmt.Sprint(len(m), ok)`}, "1231 true"},
		{"a struct literal of a session struct's fields is assignable to it",
			[]string{`type Host struct{ Name string }`, `var h Host = struct{ Name string }{"x"}`, `func f(h Host) string { return h.Name }`, `h.Name + f(struct{ Name string }{"y"})`}, "xy"},
		{"two struct types of the same fields are two types",
			[]string{"type A struct{ X int }\nfunc (a A) String() string { return \"A!\" }\ntype B struct{ X int }\nfunc (b B) String() string { return \"B!\" }", `var v any = B{4}`, `_, isA := v.(A)`, `_, isB := v.(B)`, `fmt.Sprint(isA, isB)`}, "false true"},
		{"fmt calls the String of what a []any, a map[string]any and a field of type any hold",
			[]string{"type A struct{ X int }\nfunc (a A) String() string { return \"A!\" }\ntype B struct{ X int }\nfunc (b B) String() string { return \"B!\" }", "type holder struct{ V any }", `fmt.Sprint([]any{A{1}, B{2}}, map[string]any{"a": A{1}}, holder{B{3}})`}, "[A! B!] map[a:A!] {B!}"},
		{"a type switch finds a struct of the session's in an any",
			[]string{"type C struct{ X int }", "func kind(v any) string {\n\tswitch v.(type) {\n\tcase C:\n\t\treturn \"a C\"\n\t}\n\treturn \"none\"\n}", `kind(C{1}) + " " + kind(2)`}, "a C none"},
		{"a conversion at the top level that is no interface's is left alone", []string{`done := make(chan bool, 1)`, `n := int64(7)`, `fmt.Sprint(cap(done), n)`}, "1 7"},
		{"errors.AsType without its type argument is Go's error", []string{`errors.AsType(errors.New("x"))`}, "error: in call to errors.AsType, cannot infer E"},
		{"a generic type's value from a generic function keeps its methods at the top level",
			[]string{"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}\nfunc (p Pair[K, V]) String() string { return fmt.Sprint(p.Key, \"=\", p.Val) }\nfunc MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }", `p := MakePair("x", 1)`, `p.String()`}, "x=1"},
		{"... and from one of two values",
			[]string{"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}\nfunc (p Pair[K, V]) String() string { return fmt.Sprint(p.Key, \"=\", p.Val) }\nfunc Two[K comparable, V any](k K, v V) (Pair[K, V], error) { return Pair[K, V]{k, v}, nil }", `q, err := Two("b", 2)`, `q.String()`}, "b=2"},
		{"a generic type's value declared with its type keeps its methods",
			[]string{"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}\nfunc (p Pair[K, V]) String() string { return fmt.Sprint(p.Key, \"=\", p.Val) }\nfunc MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }", `var p Pair[string, int] = MakePair("x", 1)`, `p.String()`}, "x=1"},
		{"a literal of a generic type of two type parameters, written twice, keeps the statements before it",
			[]string{"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}", `s := fmt.Sprint(Pair[string, int]{"a", 1}); s += " mid "; s += fmt.Sprint(Pair[string, int]{"b", 2}); s`}, "{a 1} mid {b 2}"},
		{"... returned early from a generic function",
			[]string{"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}", "func find[K comparable, V any](m map[K]V, k K) (Pair[K, V], string) {\n\tif v, ok := m[k]; ok {\n\t\treturn Pair[K, V]{k, v}, \"found\"\n\t}\n\treturn Pair[K, V]{}, \"missing\"\n}", `p, s := find(map[string]int{"a": 1}, "a")`, `q, t := find(map[string]int{"a": 1}, "b")`, `fmt.Sprint(p, s, q, t)`}, "{a 1}found{ 0}missing"},
		{"... keyed, by address, its fields set in order",
			[]string{"type Pair[K comparable, V any] struct {\n\tKey K\n\tVal V\n}", `n := 0; next := func() int { n++; return n }`, `p := &Pair[int, int]{Val: next(), Key: next()}`, `fmt.Sprint(p.Key, p.Val, Pair[int, int]{next(), next()})`}, "2 1 {3 4}"},
		{"a generic type's instance is not a named struct of the same fields",
			[]string{"type Box[T any] struct{ V T }\ntype Count struct{ V int }", `var x any = Box[int]{3}`, `_, isCount := x.(Count)`, `b, isBox := x.(Box[int])`, `fmt.Sprint(isCount, isBox, b.V)`}, "false true 3"},
		{"%#v and %T name a generic type's instance as Go does",
			[]string{"type Box[T any] struct{ V T }\ntype Count struct{ V int }", `var s Box[string]`, `fmt.Sprintf("%#v %T %T %T", Box[int]{1}, Box[Count]{}, s, &s)`}, "main.Box[int]{V:1} main.Box[main.Count] main.Box[string] *main.Box[string]"},
		{"a generic type's instance is a type argument before any other use",
			[]string{"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nfunc New[T any]() *T { return new(T) }\nfunc build() []int {\n\tm := New[Stack[int]]()\n\tm.Push(3)\n\treturn m.items\n}", `m := New[Stack[string]]()`, `m.Push("a"); fmt.Sprint(build(), m.items)`}, "[3] [a]"},
		{"a type switch's case of a generic type's instance",
			[]string{"type Box[T any] struct{ V T }", "func kind(x any) string {\n\tswitch x.(type) {\n\tcase Box[int]:\n\t\treturn \"int\"\n\tcase Box[string]:\n\t\treturn \"string\"\n\t}\n\treturn \"other\"\n}", `kind(Box[string]{"a"}) + kind(Box[int]{1}) + kind(1)`}, "stringintother"},
		{"a generic function given its type arguments is a value",
			[]string{"func Map[T, U any](xs []T, f func(T) U) []U {\n\tvar out []U\n\tfor _, x := range xs {\n\t\tout = append(out, f(x))\n\t}\n\treturn out\n}\nvar lengths = Map[string, int]", `up := Map[string, string]`, `fmt.Sprint(up([]string{"a"}, strings.ToUpper), lengths([]string{"abc"}, func(s string) int { return len(s) }))`}, "[A] [3]"},
		{"a standard library generic function given its type arguments as a value names the limit",
			[]string{`sortInts := slices.Sort[[]int]`}, "error: the interpreter cannot take slices.Sort[[]int] as a value: wrap it in a function literal"},
		{"a symbol of the other package of the same name is hinted", []string{`rand.Reader`}, `error: package rand "math/rand" has no symbol Reader (rand here is "math/rand"; crypto/rand has Reader: import "crypto/rand")`},
		{"range over an int", []string{`s := 0; for i := range 5 { s += i }; s`}, "10"},
		{"range over an int variable", []string{`n := int64(4); var s int64; for i := range n { s += i }; s`}, "6"},
		{"range over an int without a variable", []string{`c := 0; for range 3 { c++ }; c`}, "3"},
		{"range over an int with closures", []string{`fs := []func() int{}; for i := range 3 { fs = append(fs, func() int { return i }) }; fs[0]()+fs[1]()+fs[2]()`}, "3"},
		{"a goroutine's panic is reported, the session lives",
			[]string{`done := make(chan bool); go func() { defer close(done); panic("boom") }()`, `<-done; 1+1`}, "2"},
		{"min of ints", []string{`min(3, 1, 2)`}, "1"},
		{"max of a float variable and an untyped constant", []string{`f := 2.5`, `max(1, f)`}, "2.5"},
		{"max of constants, one floating", []string{`max(1, 2.5)`}, "2.5"},
		{"min of strings", []string{`min("b", "a")`}, "a"},
		{"clear a map", []string{`m := map[string]int{"a": 1}`, `clear(m); len(m)`}, "0"},
		{"clear a slice", []string{`s := []int{1, 2}`, `clear(s); s[0] + s[1]`}, "0"},
		{"new of an expression", []string{`p := new(42)`, `*p`}, "42"},
		{"new of a type", []string{`p := new(int)`, `*p`}, "0"},
		{"a method expression of a value receiver", []string{`type T struct{ v int }`, `func (t T) Get(d int) int { return t.v + d }`, `f := T.Get`, `f(T{40}, 2)`}, "42"},
		{"a method expression of a pointer receiver", []string{`type T struct{ v int }`, `func (t *T) Set(v int) { t.v = v }`, `t := &T{}; (*T).Set(t, 7); t.v`}, "7"},
		{"a method expression of a method promoted from an embedded field, a value's and a pointer's",
			[]string{`type C struct{ n int }`, `func (c C) Get() int { return c.n }`, `func (c *C) Inc() { c.n++ }`, `type S struct{ C }`, `type P struct{ *C }`,
				`s := S{C{5}}; (*S).Inc(&s); p := P{&C{1}}; P.Inc(p)`, `fmt.Sprint(S.Get(s), P.Get(p))`}, "6 2"},
		{"... which Go refuses on a value whose field is no pointer", []string{`type C struct{ n int }`, `func (c *C) Inc() { c.n++ }`, `type S struct{ C }`, `f := S.Inc`}, "error: invalid method expression S.Inc (needs pointer receiver (*S).Inc)"},
		{"a method expression of an interface's method it embeds",
			[]string{`type A interface{ M() string }`, `type AB interface { A; N() int }`, `type T struct{}`, `func (T) M() string { return "m" }`, `func (T) N() int { return 2 }`, `fmt.Sprint(AB.M(T{}), AB.N(T{}))`}, "m2"},
		{"a method expression on a pointer of a value receiver, variadic", []string{`type T struct{ v int }`, `func (t T) Sum(xs ...int) int { for _, x := range xs { t.v += x }; return t.v }`, `(*T).Sum(&T{1}, 2, 3)`}, "6"},
		{"a method expression refused as Go refuses it", []string{`type T struct{ v int }`, `func (t *T) Set(v int) { t.v = v }`, `f := T.Set`}, "error: invalid method expression T.Set (needs pointer receiver (*T).Set)"},
		{"a method expression of a compiled type", []string{`b := &strings.Builder{}; (*strings.Builder).WriteString(b, "abc"); (*strings.Builder).Len(b)`}, "3"},
		{"a method expression of an interface", []string{`n, _ := io.Reader.Read(strings.NewReader("ab"), make([]byte, 8)); n`}, "2"},
		{"a failure of reflect inside the interpreter names the limit", []string{`type Pair[K comparable, V any] struct { Key K; Val V }`, `type kv struct { Key string; Val float64 }`, `p := Pair[string, float64](kv{"a", 1})`}, "error: the interpreter cannot run this (yaegi v0.16.1: reflect"},
		{"the cell's own misuse of reflect panics as in Go", []string{`v := reflect.ValueOf(3)`, `v.SetInt(4)`}, "error: panic: reflect: reflect.Value.SetInt using unaddressable value"},
		{"an operation assigned to a compiled struct's interface field", []string{`e := &list.Element{}`, `i := 2`, `e.Value = i + 1`, `func f() string { e.Value = -i; return fmt.Sprint(e.Value) }`, `before := fmt.Sprint(e.Value)`, `before + " " + f()`}, "3 -2"},
		{"an operation returned as an interface", []string{`func r(i int) (any, error) { return i % 3, nil }`, `func eq(i int) any { return i == 2 }`, `v, _ := r(5); fmt.Sprint(v, eq(2))`}, "2 true"},
		{"an operation of a type with methods assigned to a compiled interface", []string{`type N int`, `func (n N) String() string { return fmt.Sprint("N", int(n)) }`, `var st fmt.Stringer`, `n := N(1)`, `st = -n; st.String()`}, "N-1"},
		{"a named slice or map of a type with String prints through it", []string{`type Celsius float64`, `func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }`, `type Temps []Celsius`, `type Readings map[string]Celsius`, `fmt.Sprint(Temps{1, 2}, Readings{"a": 3}) + fmt.Sprintf(" %s %T", Temps{4}, Temps{})`}, "[1.0C 2.0C] map[a:3.0C] [4.0C] main.Temps"},
		{"a literal of a generic struct whose fields are named as its type parameters", []string{"type Pair[K, V any] struct {\n\tK K\n\tV V\n}", `p := Pair[string, int]{"a", 1}`, `fmt.Sprint(p)`}, "{a 1}"},
		{"a deferred fmt call in a loop prints each iteration's value of a type with String", []string{`type state int`, `func (s state) String() string { return [...]string{"a", "b", "c"}[s] }`, "func order() string {\n\tvar b strings.Builder\n\tfunc() {\n\t\tfor i := 0; i < 3; i++ {\n\t\t\tdefer fmt.Fprint(&b, state(i), \" \")\n\t\t}\n\t}()\n\treturn b.String()\n}", `order()`}, "c b a "},
		{"a generic function's value of a generic type with String, given to fmt", []string{`type R[T any] struct{ V T }`, `func (r R[T]) String() string { return "R" }`, `func Ok[T any](v T) R[T] { return R[T]{v} }`, `fmt.Sprint(Ok("hi")) + fmt.Sprintf(" %s", Ok(2))`}, "R R"},
		{"a field hiding a promoted method of its name is the interpreter's limit, said, not a method value", []string{`type Base struct{}`, `func (Base) Name() string { return "base" }`, `type Service struct { Base; Name string }`, `s := Service{Name: "api"}`, `s.Name`}, "error: ambiguous selector: Name (where a field hides a method of its name promoted"},
		{"a slice slices.Collect or slices.Sorted made is ranged over by slices.Values and slices.Backward",
			[]string{`keys := slices.Collect(slices.Values([]int{2, 1}))`, `out := ""`, `for k := range slices.Values(keys) { out += fmt.Sprint(k) }`, `for _, k := range slices.Backward(slices.Sorted(maps.Keys(map[string]int{"a": 1, "b": 2}))) { out += k }`, `out`}, "21ba"},
		{"a range over a pointer to an array, in a method of the array type, sets its elements",
			[]string{"type Grid [2][2]int", "func (g *Grid) Fill() {\n\tfor i := range g {\n\t\tfor j := range g[i] {\n\t\t\tg[i][j] = i*2 + j\n\t\t}\n\t}\n}", "var g Grid", "g.Fill()", "p := &g", "for i, row := range p { p[i][0] = row[1] * 10 }", "fmt.Sprint(g, len(p))"}, "[[10 1] [30 3]] 2"},
		{"pointers appended to a slice of an interface in a loop stay each its own",
			[]string{`type T struct{ N int }`, `func (t *T) String() string { return fmt.Sprint(t.N) }`, `var xs []fmt.Stringer`, `for i := range 3 { xs = append(xs, &T{i}) }`, `fmt.Sprint(xs)`}, "[0 1 2]"},
		{"a compiled value asserted to an interface of the session's returns a nil error from its method",
			[]string{`type BW interface{ WriteByte(c byte) error }`, `var w io.Writer = bytes.NewBufferString("abc")`, `b, ok := w.(BW)`, `fmt.Sprint(ok, " ", b.WriteByte('d'), " ", w)`}, "true <nil> abcd"},
		{"a nil interface a method of the session's interface returns prints as nil",
			[]string{`type Conn interface{ Query() string }`, `type Opener interface{ Open() Conn }`, `type B struct{ n int }`, `func (b *B) Open() Conn { return nil }`, `var d Opener = &B{}`, `fmt.Sprint(d.Open())`}, "<nil>"},
		{"a value of the session's writer interface is fmt.Fprintf's writer",
			[]string{`type Writer interface{ Write(p []byte) (int, error) }`, `type buf struct{ b []byte }`, `func (x *buf) Write(p []byte) (int, error) { x.b = append(x.b, p...); return len(p), nil }`,
				`b := &buf{}`, `var w Writer = b`, `fmt.Fprintf(w, "n=%d", 1)`, `string(b.b)`}, "n=1"},
		{"a type switch that binds no variable takes a case of a slice or a map of any",
			[]string{"func kind(x any) string {\n\tswitch x.(type) {\n\tcase []any:\n\t\treturn \"list\"\n\tcase map[string]any:\n\t\treturn \"map\"\n\tdefault:\n\t\treturn \"other\"\n\t}\n}", `kind([]any{1}) + kind(map[string]any{}) + kind(3)`}, "listmapother"},
		{"struct literals made an interface, in a field, a map and a loop's append, are each their own",
			[]string{`type State interface{ Name() string }`, `type closed struct{ why string }`, `func (c closed) Name() string { return "closed:" + c.why }`, `type Conn struct{ st State }`,
				`type V struct{ F string }`, `func (v V) Error() string { return v.F }`,
				`c := &Conn{}`, `c.st = closed{"eof"}`, `m := map[string]State{}`, `m["a"] = closed{"x"}`, `var errs []error`, `for _, k := range []string{"a", "b"} { errs = append(errs, V{k}) }`,
				`fmt.Sprint(c.st.Name(), " ", m["a"].Name(), " ", errs)`}, "closed:eof closed:x [a b]"},
		{"a struct that promotes its methods, given by a call into a slice of an interface, keeps them",
			[]string{`type Rect struct{ W, H float64 }`, `func (r Rect) Area() float64 { return r.W * r.H }`, `type Square struct{ Rect }`, `func NewSquare(s float64) Square { return Square{Rect{s, s}} }`, `func (s Square) String() string { return "sq" }`,
				`type Shape interface{ Area() float64 }`, `shapes := []Shape{Rect{1, 2}, NewSquare(3)}`, `fmt.Sprintf("%T %v", shapes[1], shapes[1].Area())`}, "main.Square 9"},
		{"a typed constant given by an operation is of its type: == and map keys find it",
			[]string{`type P int`, "const (\n\tA P = iota + 1\n\tB\n)", `const C P = 1 + 1`, `var b P = 2`, `m := map[P]int{C: 7}`, `fmt.Sprint(C == 2, A == 1, B == b, m[B])`}, "true true true 7"},
		{"Sprint puts no space beside a value of a string type with String, as beside a string",
			[]string{`type Unit string`, `func (u Unit) String() string { return "<" + string(u) + ">" }`, `fmt.Sprint(1, Unit("x"), 2, "|", Unit("MiB"), 1)`}, "1<x>2|<MiB>1"},
		{"a slice of an interface of the session's holding pointers with String prints each by its String",
			[]string{`type Shape interface{ Area() float64 }`, `type Circle struct{ R float64 }`, `func (c *Circle) Area() float64 { return c.R }`, `func (c *Circle) String() string { return fmt.Sprint("c", c.R) }`,
				`ss := []Shape{&Circle{1}, &Circle{2}}`, `a, b := &Circle{3}, &Circle{4}`, `fmt.Sprint(ss, []Shape{a, b})`}, "[c1 c2] [c3 c4]"},
		{"a pointer with String held in an interface of the session's without it prints as Go prints it",
			[]string{`type Shape interface{ Area() float64 }`, `type Circle struct{ R float64 }`, `func (c *Circle) Area() float64 { return c.R }`, `func (c *Circle) String() string { return fmt.Sprint("c", c.R) }`,
				`var s Shape = &Circle{2}`, `var u Shape = &Circle{3}`, `fmt.Sprintf("%T %v %v", s, s, u)`}, "*main.Circle c2 c3"},
		{"pointers with String made in a loop an interface of the session's without it stay each its own, and print by it",
			[]string{`type Disk struct{ Mount string; Used int }`, `func (d *Disk) String() string { return fmt.Sprintf("%s %d%%", d.Mount, d.Used) }`, `func (d *Disk) Fill(n int) { d.Used += n }`, `type Filler interface{ Fill(int) }`,
				`ds := []*Disk{{"/a", 1}, {"/b", 2}}`, `var fs []Filler`, `for _, d := range ds { fs = append(fs, d) }`, `for i, m := range []string{"/c", "/d"} { fs = append(fs, &Disk{m, i}) }`,
				`fs[1].Fill(5); fs[2].Fill(10)`, `fmt.Sprint(ds[0], " ", ds[1], " ", fs)`}, "/a 1% /b 7% [/a 1% /b 7% /c 10% /d 1%]"},
		{"values of a package's interface compare by the values they hold",
			[]string{`type H struct{ Up bool }`, `func (h *H) String() string { return "h" }`, `hs := []*H{{}, {}}`, `var ss []fmt.Stringer`, `for _, h := range hs { ss = append(ss, h) }`,
				`var one fmt.Stringer = hs[0]`, `var w io.Writer = os.Stdout`, `fmt.Sprint(ss[0] == ss[1], ss[0] == one, ss[1] != one, w == os.Stdout)`}, "false true true true"},
		{"the pointers of a range made an any, or given to a function, stay each its own",
			[]string{`type T struct{ N int }`, `func (t *T) String() string { return fmt.Sprint(t.N) }`, `type Reg struct{ all []fmt.Stringer }`, `func (r *Reg) Add(s fmt.Stringer) { r.all = append(r.all, s) }`,
				`ps := []*T{{1}, {2}}`, `var zs []any; var r Reg`, `for _, p := range ps { zs = append(zs, p); q := new(T); q.N = p.N * 10; r.Add(q) }`, `fmt.Sprint(zs[0].(*T).N, zs[1].(*T).N, r.all)`}, "1 2 [10 20]"},
		{"an assertion to an interface the value does not implement, of as many methods, panics",
			[]string{`type Shape interface{ Area() float64 }`, `type Named interface{ Name() string }`, `type Sq struct{ S float64 }`, `func (s Sq) Area() float64 { return s.S }`, `var s Shape = Sq{2}`, `n := s.(Named)`}, "error: panic: interface conversion: main.Sq is not main.Named: missing method Name"},
		{"assertions find the methods a struct promotes from the fields it embeds",
			[]string{`type B struct{}`, `func (b *B) Reset() {}`, `func (b B) Name() string { return "b" }`, `type W struct{ *B }`, `type V struct{ B }`, `type Resetter interface{ Reset() }`, `type Namer interface{ Name() string }`,
				`var v any = W{&B{}}`, `_, a := v.(Resetter)`, `var n Namer = V{}`, `_, b := n.(Resetter)`, `n = &V{}`, `_, c := n.(Resetter)`, `fmt.Sprint(a, b, c)`}, "true false true"},
		{"a value whose method is the pointer's is not asserted to an interface of that method",
			[]string{`type C struct{ n int }`, `func (c C) Get() int { return c.n }`, `func (c *C) Inc() { c.n++ }`, `type Getter interface{ Get() int }`, `type Incer interface{ Inc() }`,
				`var g Getter = C{}`, `_, ok := g.(Incer)`, `var p Getter = &C{}`, `_, pok := p.(Incer)`, `fmt.Sprint(ok, pok)`}, "false true"},
		{"a value whose method is the pointer's asserted to an interface of that method panics",
			[]string{`type C struct{ n int }`, `func (c C) Get() int { return c.n }`, `func (c *C) Inc() { c.n++ }`, `type Getter interface{ Get() int }`, `type Incer interface{ Inc() }`,
				`var g Getter = C{}`, `g.(Incer)`}, "error: panic: interface conversion: main.C is not main.Incer: missing method Inc"},
		{"an assertion of a nil value of the session's interface to another panics as Go does",
			[]string{`type Shape interface{ Area() float64 }`, `type Named interface{ Name() string }`, `var s Shape`, `fmt.Println(s.(Named))`}, "error: panic: interface conversion: interface is nil, not main.Named"},
		{"a recovered failed assertion names the session's struct types",
			[]string{`type A struct{ X int }`, "func f() (r any) {\n\tdefer func() { r = recover() }()\n\tvar v any = A{}\n\t_ = v.(fmt.Stringer)\n\treturn\n}", `fmt.Sprint(f())`}, "interface conversion: main.A is not fmt.Stringer: missing method String"},
		{"a failed assertion names the session's struct types", []string{`type A struct{ X int }`, `type B struct{ Y int }`, `var v any = &A{}`, `v.(*B)`}, "error: panic: interface conversion: interface {} is *main.A, not *main.B"},
		{"an index out of range is Go's run-time error", []string{`a := []int{1, 2, 3}`, `i := 5`, `a[i]`}, "error: panic: runtime error: index out of range [5] with length 3"},
		{"a negative index is Go's run-time error, with the hint", []string{`a := []int{1, 2, 3}`, `i := -1`, `a[i]`}, "error: panic: runtime error: index out of range [-1] (Go has no negative indices: s[len(s)-3:] is Python's s[-3:])"},
		{"a slice out of range is Go's run-time error", []string{`s := "abc"`, `n := -2`, `s[n:]`}, "error: panic: runtime error: slice bounds out of range [-2:] (Go has no negative indices"},
		{"a slice past its capacity names it, as Go does", []string{`a := make([]int, 1, 3)`, `j := 4`, `a[:j]`}, "error: panic: runtime error: slice bounds out of range [:4] with capacity 3"},
		{"a string sliced past its end names its length", []string{`s := "hello"`, `i := 7`, `s[i:]`}, "error: panic: runtime error: slice bounds out of range [7:5]"},
		{"a three-index slice names the bounds that fail", []string{`a := []int{1, 2, 3}`, `j := 1`, `a[0:2:j]`}, "error: panic: runtime error: slice bounds out of range [:2:1]"},
		{"in a function, a slice out of range keeps the hint", []string{`func tail(s string, n int) string { return s[n:] }`, `tail("abc", -2)`}, "error: panic: runtime error: slice bounds out of range (if an index is negative: Go has none"},
		{"calling a field that is no function is Go's error", []string{`type St struct{ Mode int }`, `st := St{1}`, `st.Mode()`}, "error: invalid operation: cannot call non-function (a value of type int)"},
		{"a call of several results as an argument is Go's error", []string{`strings.TrimSpace(strconv.Atoi("3"))`}, `error: multiple-value strconv.Atoi("3") (value of type (int, error)) in single-value context: assign it first, out := strconv.Atoi("3"), then strings.TrimSpace(out)`},
		{"in a function, the hint keeps the error", []string{`func() string { return strings.TrimSpace(strconv.Atoi("3")) }()`}, `error: multiple-value strconv.Atoi("3") (value of type (int, error)) in single-value context: assign it first, out, err := strconv.Atoi("3"), then strings.TrimSpace(out)`},
		{"f(g()) with g's results for f's parameters runs", []string{`func two() (int, int) { return 1, 2 }`, `func add(a, b int) int { return a + b }`, `add(two())`}, "3"},
		{"a value of a type whose String is the pointer's prints its fields, beside a type of the same fields with a value's String",
			[]string{`type V struct{ N int }`, `func (v V) String() string { return "V" }`, `type P struct{ N int }`, `func (p *P) String() string { return "P" }`, `fmt.Sprint(P{2}, V{1}, &P{3})`}, "{2} V P"},
		{"a nil pointer a function or method of an earlier cell returns, returned as an error, is a non-nil error",
			[]string{`type E struct{}`, `func (e *E) Error() string { return "E" }`, `func find() *E { return nil }`, `type Repo struct{}`, `func (r Repo) find() *E { return nil }`, `func check() error { return find() }`, `func (r Repo) check() error { return r.find() }`, `fmt.Sprint(check() == nil, Repo{}.check() == nil)`}, "false false"},
		{"a String promoted from an embedded struct prints a value held by an interface, as in Go",
			[]string{`type Named interface{ Name() string }`, `type Base struct{ id int }`, `func (b Base) String() string { return fmt.Sprint("base#", b.id) }`, `func (b Base) Name() string { return "base" }`, `type Svc struct { Base; port int }`, `var n Named = Svc{Base{1}, 80}`, `fmt.Sprint(n, []Named{Svc{Base{2}, 1}, Base{3}})`}, "base#1 [base#2 base#3]"},
		{"a call of a function type of the session's left of && and || runs, as in Go",
			[]string{`type Pred func(int) bool`, `func (p Pred) And(q Pred) Pred { return func(x int) bool { return p(x) && q(x) } }`, `even := Pred(func(x int) bool { return x%2 == 0 })`, `big := Pred(func(x int) bool { return x > 5 })`, `fmt.Sprint(even(8) && even(4), even(3) || big(9), !even(8) || false, even.And(big)(8), even.And(big)(4))`}, "true true false true false"},
		{"errors.As into an interface{} finds the error, as in Go",
			[]string{`type VE struct{ N int }`, `func (v VE) Error() string { return "ve" }`, `var target interface{}`, `var t2 any`, `fmt.Sprint(errors.As(fmt.Errorf("w: %w", VE{6}), &target), target, errors.As(errors.New("std"), &t2), t2)`}, "true w: ve true std"},
		{"a case listing calls tests each in order until one matches, as in Go",
			[]string{`var calls []int`, `func at(v int) int { calls = append(calls, v); return v }`, `hits := ""; for _, x := range []int{1, 2, 3} { switch x { case at(1), at(2): hits += fmt.Sprint("h", x); default: hits += fmt.Sprint("d", x) } }`, `fmt.Sprint(hits, calls)`}, "h1h2d3[1 1 2 1 2]"},
		{"a failed assertion to an interface of the session's names the method the value lacks, as Go does",
			[]string{`type I interface{ M() }`, `type J interface{ M(); N() }`, `type T struct{ n int }`, `func (T) M() {}`,
				"func try(f func()) (r any) {\n\tdefer func() { r = recover() }()\n\tf()\n\treturn\n}",
				`fmt.Sprintln(try(func() { var x any = 3; _ = x.(I) }), try(func() { var x any = &bytes.Buffer{}; _ = x.(I) }))`},
			"interface conversion: int is not main.I: missing method M interface conversion: *bytes.Buffer is not main.I: missing method M\n"},
		{"an assignment of several values evaluates the indexes on the left first, as Go does",
			[]string{`n := 0`, `next := func() int { n++; return n }`, `q := make([]int, 6)`, `m := map[int]int{}`, `q[next()], q[next()] = next()*10, next()*10`, `m[next()], m[next()] = next(), next()`, `fmt.Sprint(q, m)`}, "[0 30 40 0 0 0] map[5:7 6:8]"},
		{"a value of a named basic type with String prints by it from a range over a named slice, a function variable, and under %T",
			[]string{`type P float64`, `func (p P) String() string { return "P!" }`, `func (p P) Twice() P { return p * 2 }`, `type PS []P`, `func one() P { return 1 }`,
				`out := ""; for _, p := range (PS{1}) { out += fmt.Sprint(p.Twice()) }; f := func() P { return 1 }`, `out + fmt.Sprintf(" %v %T", f(), one())`}, "P! P! main.P"},
		{"values of an interface of the session's print by their own String, one by one, whatever came before them",
			[]string{`type Shape interface{ Area() float64 }`, `type Sq struct{ S float64 }`, `func (s Sq) Area() float64 { return s.S * s.S }`, `func (s Sq) String() string { return fmt.Sprintf("Sq(%g)", s.S) }`,
				`type Rect struct{ W, H float64 }`, `func (r Rect) Area() float64 { return r.W * r.H }`,
				`var a Shape = Rect{3, 4}; var b Shape = Sq{2}`, `var shapes []Shape; for i := 1; i <= 2; i++ { shapes = append(shapes, Sq{float64(i)}, Rect{1, float64(i)}) }`,
				`out := fmt.Sprintf("%v %v|", a, b); for _, s := range shapes { out += fmt.Sprintf("%v ", s) }; out`}, "{3 4} Sq(2)|Sq(1) {1 1} Sq(2) {1 2} "},
		{"a return of a call's values as results of other types keeps them all, as in Go",
			[]string{`func str() (string, error) { return "s", errors.New("boom") }`, `func value() (any, error) { return str() }`, `func num() (int, error) { return 3, errors.New("n") }`, `v, err := value()`, `n, nerr := func() (any, error) { return num() }()`, `fmt.Sprint(v, err, " ", n, nerr)`}, "sboom 3 n"},
		{"the address of an array literal is a new array each time, as in Go",
			[]string{`type H [2]int`, `var ps []*H; var qs []*[1]int`, `for i := 0; i < 3; i++ { p := &H{}; p[0] = i; ps = append(ps, p); qs = append(qs, &[1]int{i}) }`, `fmt.Sprint(*ps[0], *ps[2], ps[0] == ps[1], *qs[0], *qs[2])`}, "[0 0] [2 0] false [0] [2]"},
		{"a constant division of integers is an integer division, whatever the type it is given, as in Go",
			[]string{`const half = 7 / 2`, `const K = 7`, `const n int = 7 / 2 * 2`, `var f float64 = K / 2`, `var p float64 = 50 / 100 * 100`, `var d time.Duration = 3 / 2 * time.Second`,
				`func ratio() float64 { return 9 / 4 }`, `fmt.Sprint(half, n, f, p, d, ratio(), (7/2)+0.5, 'a'/2, 7%4)`}, "3 6 3 0 1s 2 3.5 48 3"},
		{"a generic struct whose fields are named as its type parameters keeps its fields",
			[]string{`type P[K comparable, V any] struct { K K; V V }`, `func (p P[K, V]) Key() K { return p.K }`, `func Make[K comparable, V any](k K, v V) P[K, V] { return P[K, V]{K: k, V: v} }`,
				`p := Make("x", 3)`, `b, _ := json.Marshal(p)`, `fmt.Sprintf("%+v %v %s", p, p.Key(), b)`}, `{K:x V:3} x {"K":"x","V":3}`},
		{"a value of the session's interface asserted to a package's interface keeps its value",
			[]string{`type TS struct{ n int }`, `func (t TS) String() string { return fmt.Sprint("ts", t.n) }`, `type DS interface{ String() string }`, `var tt DS = TS{4}`, `ss, ok := tt.(fmt.Stringer)`, `fmt.Sprint(ok, " ", ss.String(), " ", tt.(fmt.Stringer))`}, "true ts4 ts4"},
		{"structs without fields are told apart by assertions and type switches, and print as {}",
			[]string{`type quiet struct{}`, `func (quiet) String() string { return "Q" }`, `type sink struct{}`, `func (sink) Write(p []byte) (int, error) { return len(p), nil }`, `type none struct{}`,
				`func kind(x any) string { switch x.(type) { case fmt.Stringer: return "str"; case io.Writer: return "w" }; return "other" }`,
				`var a any = sink{}; _, isQ := a.(quiet); _, isS := a.(sink)`,
				`fmt.Sprintln(kind(quiet{}), kind(sink{}), kind(none{}), isQ, isS, quiet{}, none{}, []none{{}}) + fmt.Sprintf("%+v %#v", struct{ N none }{}, none{})`},
			"str w other false true Q {} [{}]\n{N:{}} main.none{}"},
		{"a named basic type's value in an any asserted to a package's interface, at the prompt and in a function, of a variable and of an element",
			[]string{`type Lvl int`, `func (l Lvl) String() string { return "L" }`, `a := Lvl(1)`, `_, ok := any(a).(fmt.Stringer)`, `var x any = a`, `s, ok2 := x.(fmt.Stringer)`,
				"func f() string {\n\tvar x any = Lvl(2)\n\tr := x.(fmt.Stringer).String()\n\tif s, ok := x.(fmt.Stringer); ok {\n\t\tr += s.String()\n\t}\n\tfor _, v := range []any{Lvl(0), 5} {\n\t\tif s, ok := v.(fmt.Stringer); ok {\n\t\t\tr += s.String()\n\t\t}\n\t}\n\treturn r\n}",
				`fmt.Sprint(ok, ok2, s, f())`}, "true true LLLL"},
		{"a program's var n, err = f() is read by any function, and initializes the variables that use it first",
			[]string{"package main\n\nimport (\n\t\"fmt\"\n\t\"strconv\"\n)\n\nvar n, err = strconv.Atoi(\"42\")\nvar double = n * 2\n\nvar out string\n\nfunc show() { out = fmt.Sprint(n, err, double) }\n\nfunc main() { show() }\n", `out`}, "42 <nil> 84"},
		{"a program's var v, ok = m[k] and var s, ok = x.(T), above the map and the any they read",
			[]string{"package main\n\nimport \"fmt\"\n\nvar v, ok = m[\"a\"]\nvar _, missing = m[\"b\"]\nvar s, isS = x.(string)\nvar n, isN = any(3).(int)\nvar m = map[string]int{\"a\": 1}\nvar x any = 2\n\nvar out string\n\nfunc main() { out = fmt.Sprint(v, ok, missing, s == \"\", isS, n, isN) }\n", `out`}, "1 true false true false 3 true"},
		{"a program's var m = make(map[K]V) ranged over by maps.Keys in main",
			[]string{"package main\n\nimport (\n\t\"maps\"\n\t\"strings\"\n)\n\nvar m = make(map[string]int)\n\nvar out string\n\nfunc main() {\n\tm[\"x\"] = 1\n\tfor k := range maps.Keys(m) {\n\t\tout += strings.ToUpper(k)\n\t}\n}\n", `out`}, "X"},
		{"a program's package-level variable encodes a value of a type whose MarshalJSON is declared below it",
			[]string{"package main\n\nimport \"encoding/json\"\n\nvar enc, _ = json.Marshal(C(1))\n\ntype C int\n\nfunc (c C) MarshalJSON() ([]byte, error) { return []byte(`\"x\"`), nil }\n\nvar out string\n\nfunc main() { out = string(enc) }\n", `out`}, `"x"`},
		{"a type switch on a value of an empty interface type of the session's",
			[]string{"type Action any", "type named string", `func (n named) String() string { return "N" }`,
				"func kind(a Action) string {\n\tswitch f := a.(type) {\n\tcase nil:\n\t\treturn \"nil\"\n\tcase fmt.Stringer:\n\t\treturn \"stringer \" + f.String()\n\tcase int:\n\t\treturn \"int\"\n\t}\n\treturn \"unknown\"\n}",
				`kind(nil) + " " + kind(named("z")) + " " + kind(3)`}, "nil stringer N int"},
		{"an alias is the type it stands for to %T, at the prompt and in a program",
			[]string{"type Temp struct{ V float64 }", "type Celsius = Temp", "type Level int", `func (l Level) String() string { return "L" }`, "type Lv = Level", "c := Celsius{70.7}", "var l Lv = 2",
				`fmt.Sprintf("%v %T %v %T %#v", c, c, l, l, c)`}, "{70.7} main.Temp L main.Level main.Temp{V:70.7}"},
		{"... in a program",
			[]string{"package main\n\nimport \"fmt\"\n\ntype Celsius = Temp\n\ntype Temp struct{ V float64 }\n\nvar out string\n\nfunc main() { out = fmt.Sprintf(\"%T\", Celsius{1}) }\n", `out`}, "main.Temp"},
		{"a blank variable of a program is initialized in the source's order",
			[]string{"package main\n\nimport \"fmt\"\n\nvar order []string\n\nfunc add(s string) int { order = append(order, s); return 0 }\n\ntype T struct{}\n\nfunc (T) String() string { return \"t\" }\n\nvar _ fmt.Stringer = T{}\nvar _ = add(\"a\")\nvar _ = add(\"b\")\nvar x = add(\"c\")\n\nfunc main() {}\n", `fmt.Sprint(order)`}, "[a b c]"},
		{"a function type of itself is refused with the way around it",
			[]string{"type state func(r rune) state"}, "error: state is a function type of itself, which the interpreter cannot compile (yaegi v0.16.1): wrap the function in a struct, type state struct{ f func(r rune) state }"},
		{"the prompt's x, err := f(x) reads the x there was and declares x again of f's type",
			[]string{`x := "3"`, `x, err := strconv.Atoi(x)`, `fmt.Sprint(x+1, err)`}, "4 <nil>"},
		{"json.Unmarshal into a field of an interface of the session's with methods is Go's error, in a program",
			[]string{"package main\n\nimport (\n\t\"encoding/json\"\n\t\"fmt\"\n)\n\ntype Shape interface{ Area() float64 }\n\ntype S struct{ Main Shape }\n\nvar out string\n\nfunc main() {\n\tvar s S\n\terr := json.Unmarshal([]byte(`{\"Main\":{\"side\":1}}`), &s)\n\tout = fmt.Sprint(err, s.Main == nil, json.Unmarshal([]byte(`{\"Main\":null}`), &s))\n}\n", `out`}, "json: cannot unmarshal object into Go struct field S.Main of type main.Shape true <nil>"},
		{"... and at the prompt",
			[]string{"type Shape interface{ Area() float64 }", "type S struct{ Main Shape }", "var s S", "json.Unmarshal([]byte(`{\"Main\":[1]}`), &s).Error()"}, "json: cannot unmarshal array into Go struct field S.Main of type main.Shape"},
		{"a comma-ok assignment to a closure's variable of type any",
			[]string{"func lookup(doc any, path string) (any, bool) {\n\tcur := doc\n\tok := false\n\tfor _, seg := range strings.Split(path, \".\") {\n\t\tfunc() {\n\t\t\tm, _ := cur.(map[string]any)\n\t\t\tcur, ok = m[seg]\n\t\t}()\n\t}\n\treturn cur, ok\n}",
				`fmt.Sprint(lookup(map[string]any{"a": map[string]any{"b": 1}}, "a.b"))`}, "1 true"},
		{"a value made an interface whose method its type has on the pointer only is Go's error, at its line",
			[]string{"type Checker interface{ Check() error }", "type H struct{ URL string }", "func (h *H) Check() error { return nil }", "x := 1\nvar c Checker = H{}"}, "error: line 2:17: cannot use H{} (value of type H) as Checker value: H does not implement Checker (method Check has pointer receiver)"},
		{"... and a pointer is fine",
			[]string{"type Checker interface{ Check() error }", "type H struct{ URL string }", "func (h *H) Check() error { return nil }", "var c Checker = &H{}", "c.Check() == nil"}, "true"},
		{"a return of nil as a string is Go's error, at its line",
			[]string{"func name(ok bool) string {\n\tif !ok {\n\t\treturn nil\n\t}\n\treturn \"x\"\n}"}, "error: line 3:10: cannot use nil as string value in return statement"},
		{"... and nil for the results that have it is fine",
			[]string{"func g() ([]int, map[string]int, error, *int, any, func()) { return nil, nil, nil, nil, nil, nil }", "a, b, c, d, e, f := g()", "a == nil && b == nil && c == nil && d == nil && e == nil && f == nil"}, "true"},
		{"a return of too few values is Go's error, naming what it has and wants",
			[]string{"func lookup(host string) (string, error) {\n\tif host == \"\" {\n\t\treturn fmt.Errorf(\"empty host\")\n\t}\n\treturn \"10.0.0.1\", nil\n}"}, "error: line 3:3: not enough return values: have (error), want (string, error)"},
		{"a []any appended to a []any is one element",
			[]string{"var a []any", "b := []any{1, 2}", "a = append(a, b, 3)", "fmt.Sprint(len(a), a)"}, "2 [[1 2] 3]"},
		{"a select receiving a nil error, from a closed chan error, from a chan any and a chan struct{}",
			[]string{"c := make(chan error, 2)", "c <- nil", "var got []string",
				"select {\ncase err := <-c:\n\tgot = append(got, fmt.Sprint(err == nil))\n}",
				"close(c)", "var err error = errors.New(\"x\")", "select {\ncase err = <-c:\n}", "got = append(got, fmt.Sprint(err == nil))",
				"a := make(chan any, 1)", "a <- 7", "select {\ncase v := <-a:\n\tgot = append(got, fmt.Sprint(v))\n}",
				"done := make(chan struct{})", "close(done)", "select {\ncase v, ok := <-done:\n\tgot = append(got, fmt.Sprint(v, ok))\n}",
				"strings.Join(got, \" \")"}, "true true 7 {} false"},
		{"the closures a loop's type switch and select make each keep their execution's variable",
			[]string{"var fs []func() int", "for _, x := range []any{1, 2, 3} {\n\tswitch v := x.(type) {\n\tcase int:\n\t\tfs = append(fs, func() int { return v })\n\t}\n}",
				"ch := make(chan int, 3)", "ch <- 4", "ch <- 5", "ch <- 6",
				"for i := 0; i < 3; i++ {\n\tselect {\n\tcase r, ok := <-ch:\n\t\tfs = append(fs, func() int { _ = ok; return r })\n\t}\n}",
				"var got []int", "for _, f := range fs {\n\tgot = append(got, f())\n}", "fmt.Sprint(got)"}, "[1 2 3 4 5 6]"},
		{"the goroutines a loop without variables of its own starts each see their iteration's variables",
			[]string{"var mu sync.Mutex", "var wg sync.WaitGroup", "var got []int", "reqs := make(chan int, 6)", "for i := 1; i <= 6; i++ {\n\treqs <- i\n}", "close(reqs)",
				"for {\n\tr, ok := <-reqs\n\tif !ok {\n\t\tbreak\n\t}\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\tgot = append(got, r)\n\t\tmu.Unlock()\n\t}()\n}",
				"wg.Wait()", "slices.Sort(got)", "fmt.Sprint(got)"}, "[1 2 3 4 5 6]"},
		{"a select receiving into a map's element, a field and a slice's element",
			[]string{"type S struct{ f int }", "c := make(chan int, 3)", "c <- 4", "c <- 5", "c <- 6", "m := map[string]int{}", "var s S", "a := make([]int, 2)",
				"select {\ncase m[\"k\"] = <-c:\n}", "select {\ncase s.f = <-c:\n}", "select {\ncase a[1] = <-c:\n}", "fmt.Sprint(m, s, a)"}, "map[k:4] {5} [0 6]"},
		{"... and the prompt's, read by a function a function calls",
			[]string{`var n, err = strconv.Atoi("42")`, `func inner() string { return fmt.Sprint(n, err) }`, `func outer() string { return inner() }`, `outer()`}, "42 <nil>"},
		{"the values of the prompt's a, b := f() keep their types' methods in an any, and show by them",
			[]string{`type Lvl int`, `func (l Lvl) String() string { return [...]string{"lo", "hi"}[l] }`, `func two() (Lvl, Lvl) { return 0, 1 }`,
				`a, b := two()`, `_, ok := any(a).(fmt.Stringer)`, `fmt.Sprint(ok, []any{a, b})`}, "true [lo hi]"},
		{"a plain value in an any is no error, nor a Stringer, for a type of the same underlying type that has the method",
			[]string{`type E string`, `func (e E) Error() string { return "E:" + string(e) }`, `type N int`, `func (n N) String() string { return "n" }`,
				`var a any = "x"`, `var b any = 4`, `_, isErr := a.(error)`, `_, isStr := b.(fmt.Stringer)`, `var c any = E("y")`, `err, isErr2 := c.(error)`, `fmt.Sprint(isErr, isStr, isErr2, err)`}, "false false trueE:y"},
		{"a value of one named basic type in an any is no value of another of the same underlying type",
			[]string{`type Lvl int`, `type Health int`, `func (h Health) Error() string { return "h" }`,
				"func kind(x any) string {\n\tif _, ok := x.(Lvl); ok {\n\t\treturn \"lvl\"\n\t}\n\tif _, ok := x.(Health); ok {\n\t\treturn \"health\"\n\t}\n\treturn \"other\"\n}",
				`var h any = Health(2)`, `_, isErr := h.(error)`, `fmt.Sprint(kind(Lvl(1)), kind(h), kind("x"), isErr)`}, "lvlhealthothertrue"},
		{"a type switch on an any takes the case of the named basic type the value is of, and an int's case for an int",
			[]string{`type Status int`, `func (s Status) String() string { return [...]string{"up", "down"}[s] }`, `type Sev int`, `func (s Sev) String() string { return [...]string{"info", "crit"}[s] }`,
				"func describe(v any) string {\n\tswitch x := v.(type) {\n\tcase Status:\n\t\treturn \"status \" + x.String()\n\tcase int:\n\t\treturn fmt.Sprint(\"int \", x)\n\tcase Sev:\n\t\treturn \"sev \" + x.String()\n\t}\n\treturn \"other\"\n}",
				`var out []string`, `for _, v := range []any{Status(1), Sev(1), 3, "s"} { out = append(out, describe(v)) }`, `strings.Join(out, ", ")`}, "status down, sev crit, int 3, other"},
		{"a failed assertion of an any to a named basic type panics with Go's message",
			[]string{`type Lvl int`, `type Health int`, `func (h Health) Error() string { return "h" }`, `var h any = Health(2)`, `h.(Lvl)`}, "error: panic: interface conversion: interface {} is main.Health, not main.Lvl\n  at: h.(Lvl)"},
		{"... and of a nil any",
			[]string{`type Lvl int`, `func (l Lvl) String() string { return "L" }`, "func f() (r any) {\n\tdefer func() { r = recover() }()\n\tvar y any\n\t_ = y.(Lvl)\n\treturn\n}", `fmt.Sprint(f())`}, "interface conversion: interface {} is nil, not main.Lvl"},
		{"a call of several results, one of an interface of the session's, given alone to fmt",
			[]string{`type Node interface{ String() string }`, `type Num struct{ V int }`, `func (n Num) String() string { return fmt.Sprint("n", n.V) }`,
				`func get(x int) (Node, error) { var b Node = Num{x}; return b, nil }`, `fmt.Sprint(get(2))`}, "n2 <nil>"},
		{"an instance of a generic type with String prints by it in a slice, a map and a field, cell by cell",
			[]string{`type Box[T any] struct{ V T }`, `func (b Box[T]) String() string { return fmt.Sprint("box:", b.V) }`, `type W struct{ B Box[int] }`,
				`fmt.Sprint([]Box[int]{{1}}, map[string]Box[string]{"a": {"x"}}, W{Box[int]{3}}, fmt.Sprintf("%+v", W{Box[int]{4}}))`}, "[box:1] map[a:box:x] {box:3}{B:box:4}"},
		{"... of two type parameters, in a function's body",
			[]string{`type Pair[K comparable, V any] struct{ Key K; Val V }`, `func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }`,
				`func show() string { return fmt.Sprint([]Pair[string, int]{{"a", 1}}) }`, `show()`}, "[a=1]"},
		{"... and in a program",
			[]string{"package main\n\nimport \"fmt\"\n\ntype Pair[K comparable, V any] struct {\n\tK K\n\tV V\n}\n\nfunc (p Pair[K, V]) String() string { return fmt.Sprint(p.K, \"=\", p.V) }\n\nvar out string\n\nfunc main() { out = fmt.Sprint([]Pair[string, int]{{\"a\", 1}}) }\n", `out`}, "[a=1]"},
		{"a value of the session's converted to an interface is of the interface's type",
			[]string{`type Lvl int`, `func (l Lvl) String() string { return "L" }`, `a := Lvl(1)`, `z := any(a)`, `s := fmt.Sprint(z)`, `z = "s"`,
				`func f() string { b := Lvl(2); w := any(b); s := fmt.Sprint(w); w = 3; return s + fmt.Sprint(w) }`, `s + fmt.Sprint(z) + f()`}, "LsL3"},
		{"a method named as a package interface's but of another signature is not it",
			[]string{`type B struct{}`, `func (B) Read() string { return "" }`, `type S struct{ n int }`, `func (s *S) String() int { return s.n }`,
				`func kind(x any) string { switch x.(type) { case io.Reader: return "r"; case fmt.Stringer: return "s" }; return "other" }`,
				`var r any = B{}; var p any = &S{}; _, isR := r.(io.Reader); _, isS := p.(fmt.Stringer)`, `fmt.Sprint(isR, isS, " ", kind(r), " ", kind(p))`}, "false false other other"},
		{"a nil pointer converted, (*E)(nil), made an error is a non-nil error, as in Go",
			[]string{`type NilE struct{ m string }`, `func (e *NilE) Error() string { return "nil e" }`, `var e error = (*NilE)(nil)`, `var e2 error; e2 = (*NilE)(nil)`, `fmt.Sprint(e != nil, e2 != nil, e)`}, "true true nil e"},
		{"a nil pointer returned as an error is a non-nil error, as in Go", []string{`type MyErr struct{}`, `func (e *MyErr) Error() string { return "mine" }`, `func f() error { var p *MyErr; return p }`, `f() == nil`}, "false"},
		{"a package's error type returned as a pointer, new or nil, from a function literal", []string{`var dirErr error = os.ErrNotExist`, `put := func(name string) error { if dirErr != nil { return &os.PathError{Op: "put", Path: name, Err: dirErr} }; return nil }`, `none := func() error { var p *os.PathError; return p }`, `fmt.Sprint(put("x"), none() == nil)`}, "put x: file does not exist false"},
		{"... and assigned to an error, at the top level and in a function",
			[]string{`type MyErr struct{}`, `func (e *MyErr) Error() string { return "mine" }`, `var p *MyErr`, `var err error = p`, `e2 := error(p)`, `func f() bool { var q *MyErr; var e error; e = q; return e == nil }`, `fmt.Sprint(err == nil, e2 == nil, f())`}, "false false false"},
		{"... printed, %T, and its method on the nil receiver",
			[]string{"type MyErr struct{ Code int }\nfunc (e *MyErr) Error() string { if e == nil { return \"no error\" }; return fmt.Sprint(\"code \", e.Code) }\nfunc find(fail bool) error {\n\tvar p *MyErr\n\tif fail {\n\t\tp = &MyErr{7}\n\t}\n\treturn p\n}", `err := find(false)`, `fmt.Sprintf("%v %T %s", err, err, err.Error())`}, "no error *main.MyErr no error"},
		{"... found by an assertion and errors.As, holding nil",
			[]string{"type MyErr struct{ Code int }\nfunc (e *MyErr) Error() string { if e == nil { return \"no error\" }; return fmt.Sprint(\"code \", e.Code) }\nfunc find(fail bool) error {\n\tvar p *MyErr\n\tif fail {\n\t\tp = &MyErr{7}\n\t}\n\treturn p\n}", `err := find(false)`, `p, ok := err.(*MyErr)`, `var q *MyErr = &MyErr{1}`, `as := errors.As(err, &q)`, `fmt.Sprint(p == nil, ok, q == nil, as)`}, "true true true true"},
		{"a type switch finds a pointer of the session's type in an error",
			[]string{"type MyErr struct{ Code int }\nfunc (e *MyErr) Error() string { if e == nil { return \"no error\" }; return fmt.Sprint(\"code \", e.Code) }\nfunc find(fail bool) error {\n\tvar p *MyErr\n\tif fail {\n\t\tp = &MyErr{7}\n\t}\n\treturn p\n}", "func kind(err error) string {\n\tswitch e := err.(type) {\n\tcase *MyErr:\n\t\treturn fmt.Sprint(\"mine \", e.Code)\n\t}\n\treturn \"other\"\n}", `kind(find(true)) + ", " + kind(errors.New("x"))`}, "mine 7, other"},
		{"a set pointer returned as an error is the error", []string{`type MyErr struct{}`, `func (e *MyErr) Error() string { return "mine" }`, `func f() (int, error) { p := &MyErr{}; return 0, p }`, `_, err := f(); err.Error()`}, "mine"},
		{"a method value is left alone", []string{`type T struct{ v int }`, `func (t T) Get() int { return t.v }`, `x := T{5}; f := x.Get; p := &x; g := (*p).Get; f() + g()`}, "10"},
		{"a type switch finds an errors.New value under case error", []string{`e := errors.New("x")`, "func kind(v any) string {\n\tswitch x := v.(type) {\n\tcase nil:\n\t\treturn \"nil\"\n\tcase int, string:\n\t\treturn fmt.Sprint(\"scalar \", x)\n\tcase error:\n\t\treturn \"error \" + x.Error()\n\tdefault:\n\t\treturn \"other\"\n\t}\n}", `kind(e) + "|" + kind(3) + "|" + kind(nil) + "|" + kind(2.5)`}, "error x|scalar 3|nil|other"},
		{"a type declared again alike", []string{`type S struct{ A int }`, `type S struct{ A int }`, `S{1}.A`}, "1"},
		{"a type declared again otherwise is a new type", []string{`type S struct{ A int }`, `old := S{1}`, `type S struct{ A, B int }`, `s := S{2, 3}`, `fmt.Sprintf("%v %v %T", old, s, s)`}, "{1} {2 3} main.S"},
		{"... whose methods are declared again where they compile",
			[]string{"type S struct{ A int }\nfunc (s S) Double() int { return 2 * s.A }\nfunc (s S) Name() string { return \"s\" }", `type S struct{ B int }`, `s := S{4}`, `s.Name()`}, "s"},
		{"... and a function declared before keeps the old one, which its message says",
			[]string{`type S struct{ A int }`, `func show(s S) int { return s.A }`, `type S struct{ A, B int }`, `show(S{1, 2})`}, "error: cannot use type main.S as type main.S (S was redefined: what was declared before uses the old S; run its cell again)"},
		{"... and a struct that embeds it names the field after it",
			[]string{"type Logger struct{ P string }\nfunc (l Logger) Tag() string { return l.P }", `type Logger struct{ P, Q string }`, `type Server struct { Logger; N int }`, `s := Server{Logger: Logger{"a", "b"}, N: 1}`, `p := &s`, `s.Logger.Q + p.Logger.P + s.Tag()`}, "baa"},
		{"... a generic type is not redefined", []string{`type Box[T any] struct{ V T }`, `type Box[T any] struct{ W T }`}, "error: line 1: type Box is already declared in this session"},
		{"a user's own max is fine", []string{`func max(a, b int) int { if a > b { return a }; return b }`, `max(3, 4)`}, "4"},
		{"slices and maps of Go 1.23", []string{`m := map[string]int{"b": 2, "a": 1}`, `ks := slices.Sorted(maps.Keys(m))`, `strings.Join(ks, ",")`}, "a,b"},
		{"slices.Sort sorts in place", []string{`xs := []int{3, 1, 2}`, `slices.Sort(xs)`, `xs[0]`}, "1"},
		{"range over maps.Keys", []string{`m := map[string]int{"a": 1}`, `n := 0; for k := range maps.Keys(m) { n += len(k) }; n`}, "1"},
		{"range over slices.Chunk", []string{`xs := []string{"a", "b", "c"}`, `s := ""; for c := range slices.Chunk(xs, 2) { s += strings.Join(c, "") + "|" }; s`}, "ab|c|"},
		{"a package newer than Go 1.22", []string{`h := sha3.Sum256([]byte("abc"))`, `hex.EncodeToString(h[:4])`}, "3a985da7"},
		{"declarations and statements mix", []string{`func f() int { return 1 }; type T struct{ A int }; x := T{f()}; x.A + f()`}, "2"},
		{"redeclaring with := works", []string{`v := 1`, `v := "s"`, `v`}, "s"},
		{"a panic names the value and the line", []string{"func g() {\n\tpanic(\"deep\")\n}", `g()`}, "error: panic: deep"},
		{"a method on a call's result is evaluated once", []string{`c := 0; next := func() *strings.Builder { c++; return &strings.Builder{} }; next().Len()`, `c`}, "1"},
		{"a void method on a call's result binds nothing", []string{`b := &strings.Builder{}; get := func() *strings.Builder { return b }; get().Reset()`, `_`}, "error: _ has no value yet"},
		{"a range loop assigns variables declared before it", []string{`i, v := 0, 0; for i, v = range []int{5, 6, 7} {}`, `var k string; for k = range map[string]int{"only": 1} {}`, `fmt.Sprint(i, v) + " " + k`}, "2 7 only"},
		{"a range over an integer assigns a variable of the variable's type", []string{`var n int64; for n = range 4 {}`, `fmt.Sprintf("%T %d", n, n)`}, "int64 3"},
		{"a labeled break leaves the variables a range assigns where they were", []string{"grid := [][]int{{1, 2}, {3, 4}}; var r, c int\nouter:\nfor r = range grid {\n\tfor c = range grid[r] {\n\t\tif grid[r][c] == 3 {\n\t\t\tbreak outer\n\t\t}\n\t}\n}", `fmt.Sprint(r, c)`}, "1 0"},
		{"a range over a channel and over a string assign variables declared before", []string{`ch := make(chan int, 2); ch <- 1; ch <- 2; close(ch); var x int; for x = range ch {}`, `var b int; var r rune; for b, r = range "héllo" {}`, `fmt.Sprint(x, b, r)`}, "2 5 111"},
		{"a deferred literal recovers the panic of a call deferred after it", []string{"func g() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"cleanup: %v\", r)\n\t\t}\n\t}()\n\tdefer func() { panic(\"second\") }()\n\treturn nil\n}", `g().Error()`}, "cleanup: second"},
		{"a deferred close of a closed channel is recovered by an earlier defer", []string{"func f() (got any) {\n\tdefer func() { got = recover() }()\n\tch := make(chan int)\n\tclose(ch)\n\tdefer close(ch)\n\treturn nil\n}", `fmt.Sprint(f())`}, "close of closed channel"},
		{"a panic of a deferred call no one recovers runs the earlier defers, then fails", []string{`ran := false`, "func h() {\n\tdefer func() {\n\t\tif false {\n\t\t\trecover()\n\t\t}\n\t\tran = true\n\t}()\n\tdefer func() { panic(\"late\") }()\n}", `h()`, `ran`}, "true"},
		{"a failed type assertion recovers as a *runtime.TypeAssertionError", []string{"func f() (r any) {\n\tdefer func() { r = recover() }()\n\tvar i interface{} = \"s\"\n\t_ = i.(int)\n\treturn nil\n}", `err, _ := f().(error)`, `_, isRuntime := err.(runtime.Error)`, `fmt.Sprintf("%T %v %v", f(), isRuntime, err)`}, "*runtime.TypeAssertionError true interface conversion: interface {} is string, not int"},
		{"a failed type assertion not recovered fails without the interpreter's position", []string{`var i interface{} = "s"`, `n := i.(int)`}, "error: panic: interface conversion: interface {} is string, not int"},
		{"panic(nil) recovers as a *runtime.PanicNilError", []string{"func f() (r any) {\n\tdefer func() { r = recover() }()\n\tpanic(nil)\n}", `fmt.Sprintf("%T %v", f(), f())`}, "*runtime.PanicNilError panic called with nil argument"},
		{"a fallthrough into a default that is not last runs the default", []string{`s := ""`, "switch x := 1; x {\ncase 1:\n\ts += \"one,\"\n\tfallthrough\ndefault:\n\ts += \"default,\"\ncase 2:\n\ts += \"two,\"\n}", `s`}, "one,default,"},
		{"a fallthrough out of a default that is not last runs the next clause", []string{`s := ""`, "switch x := 5; x {\ncase 1:\n\ts += \"one,\"\ndefault:\n\ts += \"default,\"\n\tfallthrough\ncase 2:\n\ts += \"two,\"\n\tfallthrough\ncase 3:\n\ts += \"three,\"\n}", `s`}, "default,two,three,"},
		{"var _ T in a function declares nothing", []string{"func f() int {\n\tvar _ int\n\tvar _, y = 1, 2\n\treturn y\n}", `f()`}, "2"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			e, _ := newTestEvaluator(t)
			var r Result
			for _, c := range tc.cells {
				r = e.Eval(context.Background(), c)
			}
			if got := show(r); !strings.HasPrefix(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestGoroutinePanicReported: a goroutine's panic is reported, once its
// deferred calls have run (the cell sees the channel closed first).
func TestGoroutinePanicReported(t *testing.T) {
	out := &testenv.Buffer{}
	e, err := NewEvaluator(EvalOptions{Stdout: out, Stderr: out})
	if err != nil {
		t.Fatal(err)
	}
	r := e.Eval(context.Background(), `done := make(chan bool); go func() { defer close(done); panic("boom") }(); <-done`)
	if r.Failed() {
		t.Fatal(r.Err)
	}
	testenv.WaitFor(t, 5*time.Second, "the goroutine's panic reported", func() error {
		if !strings.Contains(out.String(), "panic in goroutine: boom") {
			return fmt.Errorf("output %q", out.String())
		}
		return nil
	})

	// a run-time error of a goroutine's, in Go's words, not reflect's
	r = e.Eval(context.Background(), `idx := make(chan bool); go func() { defer close(idx); var a []int; i := 5; _ = a[i] }(); <-idx`)
	if r.Failed() {
		t.Fatal(r.Err)
	}
	testenv.WaitFor(t, 5*time.Second, "the goroutine's index error reported", func() error {
		if !strings.Contains(out.String(), "panic in goroutine: runtime error: index out of range") {
			return fmt.Errorf("output %q", out.String())
		}
		return nil
	})

	// a function time.AfterFunc or context.AfterFunc calls on a goroutine
	// of its own, a literal or a function named: the panic is reported
	// (it killed the process)
	for _, src := range []string{
		`func late() { panic("named") }`,
		`time.AfterFunc(time.Millisecond, late); time.AfterFunc(time.Millisecond, func() { panic("literal") })`,
		`ctx, cancel := context.WithCancel(context.Background()); context.AfterFunc(ctx, func() { panic("ctx") }); cancel()`,
	} {
		if r := e.Eval(context.Background(), src); r.Failed() {
			t.Fatal(r.Err)
		}
	}
	testenv.WaitFor(t, 5*time.Second, "the callbacks' panics reported", func() error {
		for _, p := range []string{"named", "literal", "ctx"} {
			if !strings.Contains(out.String(), "panic in goroutine: "+p) {
				return fmt.Errorf("output %q", out.String())
			}
		}
		return nil
	})
}

// TestSelectsOfGoroutines: goroutines running one select statement at
// once each wait on their own channels (yaegi's select shares one list of
// cases between them), and an interrupt ends those still waiting without
// a word.
func TestSelectsOfGoroutines(t *testing.T) {
	e, out := newTestEvaluator(t)
	src := `var wg sync.WaitGroup
got := make([]int, 50)
for i := range 50 {
	wg.Add(1)
	go func(i int) {
		defer wg.Done()
		mine := make(chan int, 1)
		mine <- i
		var v int
		select {
		case v = <-mine:
		case <-time.After(5 * time.Second):
			v = -1
		}
		got[i] = v
	}(i)
}
wg.Wait()
ok := true
for i, v := range got {
	ok = ok && v == i
}
ok`
	for range 20 {
		if got := show(e.Eval(context.Background(), src)); got != "true" {
			t.Fatalf("the goroutines' selects gave %s: %s", got, show(e.Eval(context.Background(), "fmt.Sprint(got)")))
		}
	}
	if r := e.Eval(context.Background(), "stuck := make(chan int)\nfor range 3 {\n\tgo func() {\n\t\tselect {\n\t\tcase <-stuck:\n\t\t}\n\t}()\n}"); r.Err != nil {
		t.Fatal(r.Err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if r := e.Eval(ctx, `select {}`); !errors.Is(r.Err, ErrInterrupted) {
		t.Fatalf("err = %v, want interrupted", r.Err)
	}
	time.Sleep(50 * time.Millisecond)
	if strings.Contains(out.String(), "panic") {
		t.Errorf("the interrupted goroutines said: %s", out.String())
	}
}

// TestGoroutinesOfALoop: goroutines a loop starts see their own
// iteration's variables, and run apart. (Without goWithLoopArgs, about one
// goroutine in a few thousand of go func() { … }() saw a later
// iteration's: the first program's 8,000 caught it in most runs. yaegi's
// go statement shared state between the goroutines one statement started:
// a deferred wg.Done ran twice, or the process died calling a nil
// function, in about one run of the second program in two.)
func TestGoroutinesOfALoop(t *testing.T) {
	for _, loop := range []struct{ rounds, n, start string }{
		{"40", "200", "go func() {"},
		{"300", "50", "go func(i int) {"},
	} {
		e, _ := newTestEvaluator(t)
		end := "}()"
		if strings.Contains(loop.start, "i int") {
			end = "}(i)"
		}
		src := `var wg sync.WaitGroup
bad := 0
for range ` + loop.rounds + ` {
	got := make([]int, ` + loop.n + `)
	for i := range ` + loop.n + ` {
		wg.Add(1)
		` + loop.start + `
			defer wg.Done()
			mine := make(chan int, 1)
			mine <- i
			got[i] = <-mine
		` + end + `
	}
	wg.Wait()
	for i, v := range got {
		if v != i {
			bad++
		}
	}
}
bad`
		if got := show(e.Eval(context.Background(), src)); got != "0" {
			t.Errorf("%s: %s goroutines saw another iteration's variable", loop.start, got)
		}
	}
}

func TestInterrupt(t *testing.T) {
	for _, src := range []string{`for {}`, `ch := make(chan int); <-ch`, `select {}`, `time.Sleep(time.Hour)`,
		"ch := make(chan int)\nselect {\ncase v := <-ch:\n\tfmt.Println(v)\ncase <-time.After(time.Hour):\n}",
		"ch := make(chan int)\nfunc() {\n\tselect {\n\tcase ch <- 1:\n\t}\n}()"} {
		e, _ := newTestEvaluator(t)
		e.Eval(context.Background(), `keep := 7`)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		r := e.Eval(ctx, src)
		if !errors.Is(r.Err, ErrInterrupted) {
			t.Fatalf("%s: err = %v, want interrupted", src, r.Err)
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("%s: took %v to stop", src, d)
		}
		if got := show(e.Eval(context.Background(), `keep`)); got != "7" {
			t.Fatalf("after interrupt, keep = %q", got)
		}
	}
}

// TestLookalikeCasesNote checks that a type switch listing a type of the
// session's and the type it is made of says that the first takes both.
func TestLookalikeCasesNote(t *testing.T) {
	e, _ := newTestEvaluator(t)
	e.Eval(context.Background(), "type Port int")
	r := e.Eval(context.Background(), `func kind(v any) string { switch v.(type) { case Port: return "port"; case int: return "int" }; return "?" }`)
	if r.Err != nil || len(r.Notes) != 1 || !strings.HasPrefix(r.Notes[0], "Port and int are one type to the interpreter") {
		t.Fatalf("notes %q, error %v", r.Notes, r.Err)
	}
	r = e.Eval(context.Background(), `func kind2(v any) string { switch v.(type) { case Port: return "port"; case string: return "s" }; return "?" }`)
	if r.Err != nil || len(r.Notes) != 0 {
		t.Fatalf("a switch of types the interpreter tells apart got notes %q, error %v", r.Notes, r.Err)
	}
	// A type with methods in a switch on an any is told from the type it
	// is made of, listed first or after; a type made of string, listed
	// first, does not take a string.
	for _, cell := range []string{"type Level int", `func (l Level) String() string { return "L" }`, "type Status string"} {
		if r := e.Eval(context.Background(), cell); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	r = e.Eval(context.Background(), `func kind3(x any) string { switch x.(type) { case int: return "int"; case Level: return "Level" }; return "?" }`)
	if r.Err != nil || len(r.Notes) != 0 {
		t.Fatalf("a switch of a type with methods got notes %q, error %v", r.Notes, r.Err)
	}
	e.Eval(context.Background(), `func kind4(x any) string { switch x.(type) { case Status: return "Status"; case string: return "string" }; return "?" }`)
	if got := show(e.Eval(context.Background(), `kind3(Level(1)) + " " + kind3(1) + " " + kind4("raw")`)); got != "Level int string" {
		t.Errorf("got %q, want Level int string", got)
	}
}

// TestBlankAssertions: compile-time assertions of interfaces (var _ I =
// T{}) pass in a program and at the prompt, several of them, and one that
// does not hold fails at its line.
func TestBlankAssertions(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []string{
		"type sev int\nfunc (s sev) String() string { return \"sev\" }\ntype N interface{ N() }\ntype n struct{}\nfunc (n) N() {}",
		"var _ N = n{}", "var _ fmt.Stringer = sev(0)", "var _ error = nil",
		"package main\n\ntype W struct{}\n\nfunc (*W) Write(p []byte) (int, error) { return len(p), nil }\n\nvar _ io.Writer = (*W)(nil)\nvar _ fmt.Stringer = sev(0)\n\nfunc main() {}\n",
	} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatalf("%s: %v", c, r.Err)
		}
	}
	r := e.Eval(context.Background(), "package main\n\nvar _ N = n{}\nvar _ N = sev(1)\n\nfunc main() {}\n")
	if got := errText(r); !strings.Contains(got, "line 4:") || !strings.Contains(got, "cannot use type main.sev as type main.N") {
		t.Fatalf("a failing assertion gave %q", got)
	}
}

// TestDeferAndGoTakeFuncValues: a defer or go statement takes its function
// value when it runs, as Go does, and a deferred call may call a function
// value its function made (yaegi's lock of the frame whose deferred calls
// run made such a call wait for ever).
func TestDeferAndGoTakeFuncValues(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []struct{ desc, decl, call, want string }{
		{"deferred in a loop over function values",
			"func cleanups() (out []string) {\n\tfs := []func(){func() { out = append(out, \"a\") }, func() { out = append(out, \"b\") }}\n\tfor _, f := range fs {\n\t\tdefer f()\n\t}\n\treturn nil\n}",
			`strings.Join(cleanups(), ",")`, "b,a"},
		{"a function value given to a deferred call, and one of a map",
			"func apply(f func()) { f() }\nfunc hooked() (n int) {\n\tinc := func() { n++ }\n\tdefer apply(inc)\n\thooks := map[string]func(){\"x\": func() { n += 10 }}\n\tdefer hooks[\"x\"]()\n\treturn 0\n}",
			`hooked()`, "11"},
		{"a deferred wg.Wait for goroutines calling a function value",
			"func gathered() (total int) {\n\tvar mu sync.Mutex\n\tvar wg sync.WaitGroup\n\tdefer wg.Wait()\n\tadd := func(k int) { mu.Lock(); total += k; mu.Unlock() }\n\tfor i := range 3 {\n\t\twg.Add(1)\n\t\tgo func() { defer wg.Done(); add(i) }()\n\t}\n\treturn 0\n}",
			`gathered()`, "3"},
		{"a deferred variable assigned after the defer",
			"func late() (s string) {\n\tf := func() { s += \"a\" }\n\tdefer f()\n\tf = func() { s += \"b\" }\n\treturn \"\"\n}",
			`late()`, "a"},
		{"go of a slice's element in a loop",
			"func started() string {\n\tout := make(chan string, 3)\n\tfs := []func(){func() { out <- \"a\" }, func() { out <- \"b\" }, func() { out <- \"c\" }}\n\tfor i := range fs {\n\t\tgo fs[i]()\n\t}\n\tr := []string{<-out, <-out, <-out}\n\tslices.Sort(r)\n\treturn strings.Join(r, \"\")\n}",
			`started()`, "abc"},
		{"go of a method value a loop's body holds",
			"type named struct{ s string }\nfunc (n named) Name() string { return n.s }\nfunc names() string {\n\tstart := make(chan bool)\n\tout := make(chan string, 3)\n\tfor _, n := range []named{{\"a\"}, {\"b\"}, {\"c\"}} {\n\t\tv := n.Name\n\t\tgo func() { <-start; out <- v() }()\n\t}\n\tclose(start)\n\tr := []string{<-out, <-out, <-out}\n\tslices.Sort(r)\n\treturn strings.Join(r, \"\")\n}",
			`names()`, "abc"},
		{"go of an interface's method value a loop's body holds",
			"type namer interface{ Name() string }\nfunc ifaceNames() string {\n\tstart := make(chan bool)\n\tout := make(chan string, 3)\n\tfor _, n := range []namer{named{\"a\"}, named{\"b\"}, named{\"c\"}} {\n\t\tv := n.Name\n\t\tgo func() { <-start; out <- v() }()\n\t}\n\tclose(start)\n\tr := []string{<-out, <-out, <-out}\n\tslices.Sort(r)\n\treturn strings.Join(r, \"\")\n}",
			`ifaceNames()`, "abc"},
	} {
		if r := e.Eval(context.Background(), c.decl); r.Err != nil {
			t.Fatalf("%s: %v", c.desc, r.Err)
		}
		got := make(chan string, 1)
		go func() { got <- show(e.Eval(context.Background(), c.call)) }()
		select {
		case g := <-got:
			if g != c.want {
				t.Errorf("%s: got %q, want %q", c.desc, g, c.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the call has not returned in 10s", c.desc)
		}
	}
}
