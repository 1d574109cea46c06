package repl

import (
	"strings"
	"testing"
)

// TestPythonHints: a cell written as Python is told what Go writes; Go
// that uses the same names (a variable named and, in) is not.
func TestPythonHints(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"elif x > 1 {", "else if"},
		{"x = None", "nil"},
		{"ok := True", "true and false"},
		{"y := x and z", "&&"},
		{`f"host {name}"`, "fmt.Sprintf"},
		{"for i in range(3) {", "for i := range 3"},
		{"for k, v in m {", "for i := range 3"},
		{"# a comment", "//"},
		{"'hello'", "double quotes"},
		{"import os", `import "os"`},
		{"xs.append(4)", "append(x, 4)"},
		{"if x > 1:", "braces"},
		{"xs[::-1]", "slices.Reverse"},
		{"while x < 3 {", "for cond"},
		{"and := 1", ""},
		{"in := []int{1}; for _, x := range in {}", ""},
		{`fmt.Println("a" + "b")`, ""},
	} {
		got := pythonHint(c.src)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("pythonHint(%q) = %q, want one with %q", c.src, got, c.want)
		}
	}
}
