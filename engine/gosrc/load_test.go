package gosrc_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/opsh/opsh/engine/gosrc"
	"github.com/opsh/opsh/engine/stdlib"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib/generic"
)

// topNames returns the top-level function and type names of src.
func topNames(t *testing.T, name, src string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, f.Name.Name+"."+d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					names = append(names, f.Name.Name+"."+ts.Name.Name)
				}
			}
		}
	}
	return names
}

// TestReplacesBundled checks, against the sources yaegi compiles on Use,
// that the packages declare every exported name yaegi's copies do (none of
// yaegi's Go 1.22 functions stays visible) and no unexported name of
// theirs (a generic function of ours would otherwise call theirs).
func TestReplacesBundled(t *testing.T) {
	ours := map[string]bool{}
	for _, pkg := range gosrc.Packages {
		src, err := fs.ReadFile(gosrc.FS, path.Join("src", pkg, pkg+".go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range topNames(t, pkg, string(src)) {
			ours[n] = true
		}
	}
	for n, src := range generic.Sources {
		for _, name := range topNames(t, "bundled", src) {
			exported := token.IsExported(name[strings.Index(name, ".")+1:])
			if exported && !ours[name] {
				t.Errorf("%s of yaegi's bundled source %d is not replaced", name, n)
			}
			if !exported && ours[name] {
				t.Errorf("%s is also an unexported name of yaegi's bundled source %d", name, n)
			}
		}
	}
}

// TestLoadReplacesBundled checks that before Load the interpreter has
// yaegi's bundled slices (which lacks Sort) and after it ours.
func TestLoadReplacesBundled(t *testing.T) {
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.Use(stdlib.Symbols()); err != nil {
		t.Fatal(err)
	}
	err := evalAll(t.Context(), i, `import "slices"`, `slices.Sort([]int{2, 1})`)
	if err == nil || !strings.Contains(err.Error(), "undefined selector: slices.Sort") {
		t.Fatalf("slices.Sort before Load: %v, want yaegi's bundled copy without it", err)
	}
	if err := gosrc.Load(i); err != nil {
		t.Fatal(err)
	}
	src := `func f() { s := []int{3, 1, 2}; slices.Sort(s); fmt.Println(s, slices.Sorted(slices.Values(s))) }`
	if err := evalAll(t.Context(), i, `import "fmt"`, src, `f()`); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "[1 2 3] [1 2 3]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestImportFromFS imports iter through the source filesystem alone,
// without Load, as the package comment says it can.
func TestImportFromFS(t *testing.T) {
	var out bytes.Buffer
	i := interp.New(interp.Options{GoPath: ".", SourcecodeFilesystem: gosrc.FS, Stdout: &out})
	if err := i.Use(stdlib.Symbols()); err != nil {
		t.Fatal(err)
	}
	err := evalAll(t.Context(), i, `import ("fmt"; "iter")`,
		`func count() iter.Seq[int] { return func(yield func(int) bool) { yield(1); yield(2) } }`,
		`func f() { n := 0; count()(func(v int) bool { n += v; return true }); fmt.Println(n) }`, `f()`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "3\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
