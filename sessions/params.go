package sessions

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// Param is a parameter a cell declares, papermill-style:
// host := param("host", "web-1").
type Param struct {
	Name    string
	Default string // the default's source text, e.g. `"web-1"`; "" if none
	Cell    int    // number of the declaring cell
	Line    int    // line of the call in the file
}

// Params lists the parameters the cells of t declare: every call
// param("name", default) whose name is a string literal, in order. A name
// declared twice is listed twice.
func Params(t *Transcript) []Param {
	var out []Param
	for _, c := range t.Cells {
		if !strings.Contains(c.Src, "param") {
			continue
		}
		fset := token.NewFileSet()
		src := "package p; func _() {\n" + c.Src + "\n}"
		f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
		if err != nil {
			src = "package p;\n" + c.Src
			if f, err = parser.ParseFile(fset, "", src, parser.SkipObjectResolution); err != nil {
				continue
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "param" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			name, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			p := Param{Name: name, Cell: c.N, Line: c.Line + fset.Position(call.Pos()).Line - 2}
			if len(call.Args) > 1 {
				a := call.Args[1]
				p.Default = src[fset.Position(a.Pos()).Offset:fset.Position(a.End()).Offset]
			}
			out = append(out, p)
			return true
		})
	}
	return out
}

// CheckParams returns an error naming every given parameter that no cell of
// t declares (opsh run -p name=value with a name the file does not know),
// with the names it does declare.
func CheckParams(t *Transcript, given map[string]string) error {
	declared := map[string]bool{}
	for _, p := range Params(t) {
		declared[p.Name] = true
	}
	for _, n := range RedactedNames(t) {
		declared[n] = true
	}
	var unknown []string
	for n := range given {
		if !declared[n] {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	known := make([]string, 0, len(declared))
	for n := range declared {
		known = append(known, strconv.Quote(n))
	}
	sort.Strings(known)
	hint := "it declares no parameters; a cell declares one with host := param(\"host\", \"web-1\")"
	if len(known) > 0 {
		hint = "it declares " + strings.Join(known, ", ")
	}
	q := make([]string, len(unknown))
	for i, n := range unknown {
		q[i] = strconv.Quote(n)
	}
	return fmt.Errorf("%s: no cell declares parameter %s; %s", t.Name, strings.Join(q, ", "), hint)
}

// RedactedNames lists, in order and once each, the names of the secrets
// masked in the cells' sources (a token typed as a literal is recorded as
// "«redacted:NAME»"): a replay needs their values, from -p NAME=value or a
// prompt, and Fill puts them back.
func RedactedNames(t *Transcript) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range t.Cells {
		for _, n := range maskNames(c.Src) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func maskNames(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "«redacted:")
		if i < 0 {
			return out
		}
		s = s[i+len("«redacted:"):]
		j := strings.Index(s, "»")
		if j < 0 {
			return out
		}
		out = append(out, s[:j])
		s = s[j:]
	}
}

// Fill puts secret values back into src where string literals hold
// «redacted:NAME» masks, quoting them as Go requires. Masks outside string
// literals (in comments) stay. A mask whose name values lacks is an error
// naming it.
func Fill(src string, values map[string]string) (string, error) {
	if !strings.Contains(src, "«redacted:") {
		return src, nil
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	var b strings.Builder
	prev := 0
	var missing []string
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.STRING || !strings.Contains(lit, "«redacted:") {
			continue
		}
		v, err := strconv.Unquote(lit)
		if err != nil {
			continue
		}
		for _, n := range maskNames(v) {
			val, ok := values[n]
			if !ok {
				missing = append(missing, strconv.Quote(n))
				continue
			}
			v = strings.ReplaceAll(v, "«redacted:"+n+"»", val)
		}
		off := file.Offset(pos)
		b.WriteString(src[prev:off])
		b.WriteString(strconv.Quote(v))
		prev = off + len(lit)
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("no value for secret %s: give it with -p NAME=value", strings.Join(missing, ", "))
	}
	b.WriteString(src[prev:])
	return b.String(), nil
}
