package sessions

import (
	"strings"
	"testing"
)

func TestParseScript(t *testing.T) {
	src := Shebang + `
// Look at the web tier.
hosts := []string{"web-1", "web-2"}

func up(h string) bool {
	return h != ""
}

for _, h := range hosts {
	fmt.Println(h, up(h)) // one line each
}
a := 1; b := 2
type pair struct{ a, b int }
import "strings"
s := ` + "`raw\nstring`" + `
// trailing comment only
`
	tr, err := Parse("check.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if tr.Kind != KindScript {
		t.Errorf("kind %q", tr.Kind)
	}
	want := []struct {
		src  string
		line int
	}{
		{"// Look at the web tier.\nhosts := []string{\"web-1\", \"web-2\"}", 3}, // the statement's line, not its comment's
		{"func up(h string) bool {\n\treturn h != \"\"\n}", 5},
		{"for _, h := range hosts {\n\tfmt.Println(h, up(h)) // one line each\n}", 9},
		{"a := 1;", 12},
		{"b := 2", 12},
		{"type pair struct{ a, b int }", 13},
		{`import "strings"`, 14},
		{"s := `raw\nstring`", 15},
	}
	if len(tr.Cells) != len(want) {
		for _, c := range tr.Cells {
			t.Logf("cell %d line %d: %q", c.N, c.Line, c.Src)
		}
		t.Fatalf("%d cells, want %d", len(tr.Cells), len(want))
	}
	for i, w := range want {
		c := tr.Cells[i]
		if c.Src != w.src || c.Line != w.line || c.N != i+1 {
			t.Errorf("cell %d = %q at line %d, want %q at line %d", c.N, c.Src, c.Line, w.src, w.line)
		}
	}
}

func TestParseScriptErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"x := 1\ny := (2\nz := 3\n", "bad.go:2: expected ')'"},
		{"x := 1\n\nfunc f( {\n}\n", "bad.go:3: "},
		{"#!/usr/bin/env -S opsh run\nx := `open\n", "bad.go:2: raw string literal not terminated"},
	} {
		_, err := Parse("bad.go", []byte(tc.src))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %s...", tc.src, err, tc.want)
		}
	}
}

func TestParseGoProgram(t *testing.T) {
	src := "// Command x.\npackage main\n\nimport \"fmt\"\n\n// main greets.\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n"
	tr, err := Parse("x.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range tr.Cells {
		got = append(got, c.Src)
	}
	if want := []string{src}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("cells %q, want the whole program, one cell", got)
	}
	if got, want := tr.Cells[0].Line, 1; got != want {
		t.Errorf("the program starts at line %d, want %d", got, want)
	}
}

// TestParseScriptClauses: the semicolons of an if, for or switch header do
// not end the statement.
func TestParseScriptClauses(t *testing.T) {
	src := "for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}\nif x := 1; x > 0 {\n\tfmt.Println(x)\n} else if y := 2; y > 1 {\n}\n" +
		"switch z := 3; z {\ncase 3:\n}\na := 1; b := 2\n"
	tr, err := Parse("x.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range tr.Cells {
		got = append(got, strings.SplitN(c.Src, " ", 2)[0])
	}
	if strings.Join(got, ",") != "for,if,switch,a,b" {
		t.Errorf("cells start with %v", got)
	}
}
