package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoExamples: the examples of a package's external tests that say
// what they print in order become programs with that Output block, with
// the declarations they use; the others, and internal packages', do not.
func TestGoExamples(t *testing.T) {
	goroot := t.TempDir()
	write := func(rel, src string) {
		path := filepath.Join(goroot, "src", rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("greet/greet_test.go", `package greet_test

import "fmt"

func hello(who string) string { return "hello, " + who }

func ExampleHello() {
	fmt.Println(hello("ops"))
	fmt.Println("  done")
	// Output:
	// hello, ops
	//   done
}

func ExampleUnordered() {
	fmt.Println(1)
	// Unordered output:
	// 1
}

func ExampleSilent() {
	fmt.Println(2)
}
`)
	write("greet/internal/deep/deep_test.go", "package deep_test\n\nimport \"fmt\"\n\nfunc ExampleDeep() {\n\tfmt.Println(3)\n\t// Output: 3\n}\n")
	dir := t.TempDir()
	n, err := GoExamples(goroot, dir)
	if err != nil || n != 1 {
		t.Fatalf("GoExamples = %d, %v; want 1 program", n, err)
	}
	progs, err := Load(dir)
	if err != nil || len(progs) != 1 {
		t.Fatalf("Load: %v %v", progs, err)
	}
	p := progs[0]
	if p.Name != "greet__ExampleHello.go" || p.Want != "hello, ops\n  done" {
		t.Errorf("program %s wants %q", p.Name, p.Want)
	}
	src, err := os.ReadFile(p.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"package main", "func hello(who string) string", "func main() {"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("program lacks %q:\n%s", want, src)
		}
	}
}
