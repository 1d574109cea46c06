package engine

import (
	"context"
	"testing"
)

// TestFormattingTheSessionsTypes: a type of the session with a String
// method prints through it under %v and %s, and as its value under %d and
// the other verbs, as Go does.
func TestFormattingTheSessionsTypes(t *testing.T) {
	e, out := newTestEvaluator(t)
	for _, c := range []string{
		`type Level int`,
		`func (l Level) String() string { return [...]string{"debug", "info"}[l] }`,
		`lvl := Level(1)`,
		`type Addr struct { IP string; Port int }`,
		`func (a Addr) String() string { return a.IP }`,
		`type Bytes uint64`,
		"func (b Bytes) Format(f fmt.State, verb rune) {\n\tw, _ := f.Width()\n\tfmt.Fprintf(f, \"%*s\", w, fmt.Sprintf(\"B<%c%d>\", verb, uint64(b)))\n}",
		`type Mount struct{ Path string }`,
		`func (m Mount) GoString() string { return "Mount(" + m.Path + ")" }`,
		`type Both struct{ n int }`,
		`func (b Both) Error() string { return fmt.Sprint("err", b.n) }`,
		`func (b Both) String() string { return fmt.Sprint("str", b.n) }`,
		`func pair() (Level, Addr) { return 1, Addr{"d", 4} }`,
		`type Reading interface{ String() string }`,
		`func pick(i int) Reading { if i == 0 { return Level(1) }; return Addr{"web", 1} }`,
		`type Fn func() string`,
		`func (f Fn) String() string { return "fn:" + f() }`,
		`type Fail func()`,
		`func (f Fail) Error() string { return "fail" }`,
		`func (a Addr) Parts() (Level, error) { return Level(a.Port % 2), nil }`,
	} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	for _, tc := range []struct{ src, want string }{
		{`fmt.Sprintf("%d %v %s %x %5.1f", lvl, lvl, lvl, lvl, 2.25)`, "1 info info 696e666f   2.2"},
		{`fmt.Sprintf("%*d|%-4d|", 3, lvl, lvl)`, "  1|1   |"},
		{`fmt.Sprintf("100%% %d", lvl)`, "100% 1"},
		{`fmt.Errorf("at %s (%d)", lvl, lvl).Error()`, "at info (1)"},
		{`fmt.Sprintf("%x|%X|%q", lvl, lvl, lvl)`, `696e666f|696E666F|"info"`},
		{`fmt.Sprintf("%#v|%#v|%v", lvl, Addr{"a", 1}, Addr{"a", 1})`, `1|main.Addr{IP:"a", Port:1}|a`},
		{`fmt.Sprintf("%[1]v %[1]d|%[2]s %#[2]v", lvl, Addr{"b", 2})`, `info 1|b main.Addr{IP:"b", Port:2}`},
		// a struct type written out: its fields' types are the source's
		{`fmt.Sprintf("%v %+v", struct{ A Addr; L Level }{Addr{"c", 3}, 1}, struct{ In struct{ L Level; n int } }{})`, `{c info} {In:{L:debug n:0}}`},
		{`fmt.Sprint([]struct{ L Level }{{0}, {1}})`, `[{debug} {info}]`},
		// Format under every verb, on the value, its elements and fields;
		// GoString under %#v
		{`fmt.Sprintf("%v|%d|%5s|%v|%v", Bytes(3), Bytes(3), Bytes(4), []Bytes{1, 2}, struct{ B Bytes }{7})`, `B<v3>|B<d3>|B<s4>|[B<v1> B<v2>]|{B<v7>}`},
		{`fmt.Sprintf("%T|%v", Bytes(3), Bytes(3))`, `main.Bytes|B<v3>`},
		{`fmt.Sprintf("%#v|%#v|%v", Mount{"a"}, []Mount{{"b"}}, Mount{"c"})`, `Mount(a)|[]main.Mount{Mount(b)}|{c}`},
		// Error before String, in a fmt.Stringer too
		{`func() string { var s fmt.Stringer = Both{1}; return fmt.Sprintf("%v %s|", s, s) + fmt.Sprint(s, Both{2}) }()`, `err1 err1|err1 err2`},
		// GoString on fields (a pointer's too) and on a value in an any
		{`fmt.Sprintf("%#v", struct{ M Mount; P *Mount; n int }{Mount{"d"}, &Mount{"e"}, 1})`, `struct { M main.Mount; P *main.Mount; n int }{M:Mount(d), P:Mount(e), n:1}`},
		{`func() string { var m any = Mount{"f"}; return fmt.Sprintf("%#v", m) }()`, `Mount(f)`},
		// a call of several results, given alone: each by its type's
		// String, a method's and a function literal's too
		{`fmt.Sprint(pair())`, `info d`},
		// a call's value of an interface of the session's with String
		{`fmt.Sprintf("%v %s %T", pick(0), pick(1), pick(0))`, `info web main.Level`},
		// a pointer to a map, a slice or an array of them
		{`func() string { m, l, a := map[string]Level{"a": 1}, []Level{0}, [1]Level{1}; return fmt.Sprintf("%v %v %v %v", &m, &l, &a, l) }()`, `&map[a:info] &[debug] &[info] [debug]`},
		// a function of a type with String or Error, nil too
		{`fmt.Sprint(Fn(func() string { return "z" }), " ", Fail(nil))`, `fn:z fail`},
		{`fmt.Sprintln(Addr{"e", 5}.Parts())`, "info <nil>\n"},
		{`func() string { f := func() (Level, Level) { return 0, 1 }; return fmt.Sprint(f()) }()`, `debug info`},
	} {
		if got := show(e.Eval(context.Background(), tc.src)); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.src, got, tc.want)
		}
	}
	out.Reset()
	if r := e.Eval(context.Background(), `fmt.Printf("%d %v\n", lvl, lvl)`); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got, want := out.String(), "1 info\n"; got != want {
		t.Errorf("Printf printed %q, want %q", got, want)
	}
	// a cell's fmt.Println(pair()) prints, and shows nothing, as its
	// fmt.Println(lvl) does
	out.Reset()
	if r := e.Eval(context.Background(), `fmt.Println(pair())`); r.Err != nil || len(r.Values) != 0 {
		t.Fatalf("fmt.Println(pair()) gave %v, %v; want nothing", r.Values, r.Err)
	}
	if got, want := out.String(), "info d\n"; got != want {
		t.Errorf("Println printed %q, want %q", got, want)
	}
}

func TestFormatVerbs(t *testing.T) {
	for format, want := range map[string]string{
		"%d %v":      "dv",
		"%*.*f %s":   "**fs",
		"%% %-08.3x": "x",
		"%[1]d":      "!",
		"no verbs":   "",
		"%+q %#v %T": "qvT",
	} {
		verbs, _, ok := formatVerbs(format)
		got := string(verbs)
		if !ok {
			got = "!"
		}
		if got != want {
			t.Errorf("formatVerbs(%q) = %q, want %q", format, got, want)
		}
	}
}

// TestShowingInterfaceValues: a value of the session's type with methods,
// kept in a []any or a map[string]any, is shown as its value, not as the
// interpreter's box around it.
func TestShowingInterfaceValues(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []string{
		`type Level int`,
		`func (l Level) String() string { return [...]string{"debug", "info"}[l] }`,
		`type Box struct{ N int }`,
		`func (b *Box) Get() int { return b.N }`,
		`type Svc struct { L Level; Ls []Level; By map[string]Level; Last *Level; note Level }`,
	} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	for _, tc := range []struct{ src, want, typ string }{
		// As a compiled value is shown: []any{time.Second} as []any{1s}.
		{`[]any{Level(1), 2}`, `[]any{info, 2}`, "[]any"},
		{`map[string]any{"l": Level(0)}`, `map[string]any{"l": debug}`, "map[string]any"},
		{`[]any{&Box{3}}`, `[]any{&Box{N: 3}}`, "[]any"},
		// A value of a type with a String method, as time.Second is 1s.
		{`Level(1)`, `info`, "Level"},
		{`lv := Level(0); lv`, `debug`, "Level"},
		{`_`, `debug`, "Level"},
		// yaegi's wrapper of a value held in an interface is not shown.
		{`var s fmt.Stringer = Level(1); s`, `info`, "fmt.Stringer"},
		{`n := 3; n`, `3`, "int"},
		// Containers of them, which reflect sees as []int.
		{`ls := []Level{1, 0}; ls`, `[]Level{info, debug}`, "[]Level"},
		{`[2]Level{1, 0}`, `[2]Level{info, debug}`, "[2]Level"},
		{`map[string]Level{"web": 1, "db": 0}`, `map[string]Level{"db": debug, "web": info}`, "map[string]Level"},
		{`map[Level]int{1: 5, 0: 3}`, `map[Level]int{debug: 3, info: 5}`, "map[Level]int"},
		{`[]int{1, 0}`, `[]int{1, 0}`, "[]int"},
		// Fields of such types, as the struct declares them.
		{`Svc{1, []Level{0, 1}, map[string]Level{"b": 1, "a": 0}, nil, 1}`,
			"Svc{\n  L: info,\n  Ls: []Level{debug, info},\n  By: map[string]Level{\"a\": debug, \"b\": info},\n  Last: nil,\n  note: info,\n}", "Svc"},
		{`[]Svc{{Ls: []Level{}}}`, `[]Svc{Svc{L: debug, Ls: []Level{}, By: nil, Last: nil, note: debug}}`, "[]Svc"},
		// A String method that panics: the values as they are.
		{`type Bad int; func (b Bad) String() string { panic("no") }; []Bad{1}`, `[]int{1}`, "[]int"},
	} {
		r := e.Eval(context.Background(), tc.src)
		if r.Err != nil || len(r.Values) != 1 {
			t.Fatalf("%s: %v", tc.src, r.Err)
		}
		if got := e.Format(r.Values[0]); got != tc.want {
			t.Errorf("%s shows %q, want %q", tc.src, got, tc.want)
		}
		if got := e.ValueType(r.Values[0]); got != tc.typ {
			t.Errorf("the type of %s is %q, want %q", tc.src, got, tc.typ)
		}
	}
	if got, _ := e.Describe("lv"); got != "lv Level\ndebug\nmethods: String" {
		t.Errorf("lv? says %q", got)
	}
	who := map[string]string{}
	for _, v := range e.Variables() {
		who[v.Name] = v.Type
	}
	if who["lv"] != "Level" || who["ls"] != "[]Level" {
		t.Errorf(":who says lv is a %q and ls a %q, want Level and []Level", who["lv"], who["ls"])
	}
	if r := e.Eval(context.Background(), `b := &Box{1}`); r.Err != nil {
		t.Fatal(r.Err)
	}
	if got, _ := e.Describe("b"); got != "b *Box\n&Box{N: 1}\nmethods: Get" {
		t.Errorf("b? says %q", got)
	}
}

// TestKeptDeclarationPrintsByMethods: a function kept until the type it
// uses is declared is rewritten again when it runs, so that fmt prints its
// arguments by the String method declared with the type.
func TestKeptDeclarationPrintsByMethods(t *testing.T) {
	e, out := newTestEvaluator(t)
	for _, c := range []string{
		"func report(ls []Level) { fmt.Println(ls, Level(2)); fmt.Printf(\"%T\\n\", ls) }",
		"type Level int\nfunc (l Level) String() string { return [...]string{\"debug\", \"info\", \"warn\"}[l] }",
		"report([]Level{0, 2})",
	} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatalf("%s: %v", c, r.Err)
		}
	}
	if got, want := out.String(), "[debug warn] warn\n[]main.Level\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestSameFieldsShownByName: two struct types of the same fields are one
// type to reflect; a variable the source declared with one is shown with
// its name, as is one of a slice or map type of the session's.
func TestSameFieldsShownByName(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []string{`type Host struct{ Name string }`, `type User struct{ Name string }`, `h := Host{"a"}`, `m := map[string]*User{"x": {"c"}}`, "type Hosts []string\ntype Ports map[string]int", `hs := Hosts{"a", "b"}`} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatalf("%s: %v", c, r.Err)
		}
	}
	for _, tc := range []struct{ src, want, typ string }{
		{`h`, `Host{Name: "a"}`, "Host"},
		{`[]Host{h}`, `[]Host{Host{Name: "a"}}`, "[]Host"},
		{`m`, `map[string]*User{"x": &User{Name: "c"}}`, "map[string]*User"},
		{`hs`, `Hosts{"a", "b"}`, "Hosts"},
		{`Ports{"ssh": 22}`, `Ports{"ssh": 22}`, "Ports"},
		{`[]string{"c"}`, `[]string{"c"}`, "[]string"},
		{`map[string]Hosts{"x": {"d"}}`, `map[string]Hosts{"x": Hosts{"d"}}`, "map[string]Hosts"},
	} {
		r := e.Eval(context.Background(), tc.src)
		if r.Err != nil || len(r.Values) != 1 {
			t.Fatalf("%s: %v", tc.src, r.Err)
		}
		shown := e.ShownAs(r.Bound)
		if got := shown.Format(r.Values[0]); got != tc.want {
			t.Errorf("%s shows %q, want %q", tc.src, got, tc.want)
		}
		if got := shown.ValueType(r.Values[0]); got != tc.typ {
			t.Errorf("the type of %s is %q, want %q", tc.src, got, tc.typ)
		}
	}
}
