package engine

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/opsh/opsh/engine/stdlib"
	"github.com/opsh/opsh/internal/readonly"
)

// TestTablesStayTheSessions: what one session rebinds (fmt to its output,
// os.Exit, a read-only policy) changes neither the shared tables nor
// another session.
func TestTablesStayTheSessions(t *testing.T) {
	println := stdlib.Symbols()["fmt/fmt"]["Println"]
	exit := stdlib.Symbols()["os/os"]["Exit"]
	mkdir := stdlib.Symbols()["os/os"]["Mkdir"]
	types := stdlib.Symbols()["."]["MapTypes"].Interface().(map[reflect.Value][]reflect.Type)
	before := len(types)

	ro, err := NewEvaluator(EvalOptions{Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, ReadOnly: readonly.Policy{On: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer readonly.Set(readonly.Policy{})
	if stdlib.Symbols()["fmt/fmt"]["Println"] != println || stdlib.Symbols()["os/os"]["Exit"] != exit ||
		stdlib.Symbols()["os/os"]["Mkdir"] != mkdir || len(types) != before {
		t.Fatal("a session changed the standard library's shared tables")
	}
	if ro.tables["os/os"]["Mkdir"] == mkdir {
		t.Error("the read-only session's os.Mkdir is the shared one")
	}
	readonly.Set(readonly.Policy{})
	other, out := newTestEvaluator(t)
	if other.tables["os/os"]["Mkdir"] != mkdir {
		t.Error("a read-only session's os.Mkdir reached another session")
	}
	if r := other.Eval(context.Background(), `fmt.Println("mine")`); r.Err != nil || out.String() != "mine\n" {
		t.Errorf("fmt.Println: %v, printed %q", r.Err, out.String())
	}
}

func TestImportPaths(t *testing.T) {
	for src, want := range map[string][]string{
		`import "slices"`:                               {"slices"},
		`;import ( "fmt"; m "maps"; . "strings" )`:      {"fmt", "maps", "strings"},
		"import (\n\t\"os\"\n\t_ \"embed\"\n)\nx := 1":  {"os", "embed"},
		`import _opshrt "opsh/rt"; s := "import \"x\""`: {"opsh/rt"},
		`x := "import"`:                                 nil,
		`// import "cmp"` + "\n" + `y := 2`:             nil,
	} {
		if got := importPaths(src); !slices.Equal(got, want) {
			t.Errorf("importPaths(%q) = %q, want %q", src, got, want)
		}
	}
}

// TestGenericPackagesOnFirstUse: the interpreted slices, maps, cmp and iter
// are compiled into a session when a cell first uses one, and what the
// session held before is still there.
func TestGenericPackagesOnFirstUse(t *testing.T) {
	e, out := newTestEvaluator(t)
	for _, c := range []string{
		`x := 5`, `type T struct{ A int }`, `func double() int { return x * 2 }`, `x = 9`,
		`hosts := map[string]int{"web-2": 1, "web-1": 2}`,
	} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatalf("%s: %v", c, r.Err)
		}
	}
	if e.goSrcLoaded {
		t.Fatal("the generic packages were compiled before a cell used them")
	}
	r := e.Eval(context.Background(), `fmt.Println(x, T{1}, double(), slices.Sorted(maps.Keys(hosts)))`)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if !e.goSrcLoaded {
		t.Error("slices and maps were used without being compiled in")
	}
	if got, want := out.String(), "9 {1} 18 [web-1 web-2]\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestLogFatal: log.Fatal writes to the session's error output and
// ends the cell as os.Exit(1) does.
func TestLogFatal(t *testing.T) {
	e, out := newTestEvaluator(t)
	e.Eval(context.Background(), `log.SetFlags(0)`)
	r := e.Eval(context.Background(), `log.Fatalf("no %s", "route")`)
	var exit *ExitError
	if !errors.As(r.Err, &exit) || exit.Code != 1 {
		t.Fatalf("log.Fatalf: %v, want os.Exit(1)", r.Err)
	}
	if got := out.String(); got != "no route\n" {
		t.Errorf("printed %q", got)
	}
}

// TestTypeNames: a struct type displays under the user's name; a defined
// type over a basic one (whose reflect type is the basic type itself)
// names no other value.
func TestTypeNames(t *testing.T) {
	e, _ := newTestEvaluator(t)
	for _, c := range []string{`type Level int`, `type Host struct{ Name string }`} {
		if r := e.Eval(context.Background(), c); r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if name, ok := e.TypeName(reflect.TypeOf(0)); ok {
		t.Errorf("int is named %s", name)
	}
	r := e.Eval(context.Background(), `Host{"web-1"}`)
	if r.Err != nil || len(r.Values) != 1 {
		t.Fatal(r.Err)
	}
	if name, _ := e.TypeName(r.Values[0].Type()); name != "Host" {
		t.Errorf("Host's values are named %q", name)
	}
}
