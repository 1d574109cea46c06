package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"reflect"
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/spelling"
)

// This file says in Go's words what yaegi says in its own, reading what
// it needs from the cell's source (or the program's):
//
//   - a constant of the wrong type where a value of another is wanted,
//     `hosts[0] = 5`: yaegi's "cannot convert 5 to string" reads as if
//     string(5), a legal conversion, were the mistake; Go says "cannot use
//     5 (untyped int constant) as string value in assignment" (goWording);
//   - "too many arguments", which yaegi says without naming the call, and
//     "not enough arguments", which it says naming only a name;
//   - a misspelt type, which yaegi calls "undefined type" without its name,
//     or an incomplete type it cannot run (undefinedType);
//   - an index or slice out of range, to which Go adds the indices and the
//     length or capacity (boundsDetail).

// cannotConvert is yaegi's error for a value not of the type its place
// wants.
var cannotConvert = lazyre.New(`^cannot convert (.+) to (\S+)$`)

// goWording is msg, an error at line and column of the cell (or program)
// src, in Go's words where yaegi's mislead.
func goWording(msg, src string, line, col int) string {
	if line <= 0 || col <= 0 {
		return msg
	}
	if msg == "too many arguments" || msg == "not enough arguments in call to" {
		// (yaegi names the call it has not enough for only when it is a
		// name: not s.Inc, not Id[int])
		if call := callAt(src, line, col); call != "" {
			return strings.TrimSuffix(msg, " in call to") + " in call to " + call
		}
		return msg
	}
	m := cannotConvert.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	fset, f := parseAny(src)
	if f == nil {
		return msg
	}
	// The constant written as yaegi quotes it, on the line: at the
	// column, or the first after it (yaegi may name the variable the
	// constant is for, var total int = "3").
	var path []ast.Node
	var lit ast.Expr
	var parent ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			path = path[:len(path)-1]
			return false
		}
		p := fset.Position(n.Pos())
		if p.Line == line && p.Column >= col && constKind(n) != "" && len(path) > 0 &&
			(lit == nil || p.Column < fset.Position(lit.Pos()).Column) && exprString(nil, n) == m[1] {
			lit, parent = n.(ast.Expr), path[len(path)-1]
		}
		path = append(path, n)
		return true
	})
	if lit == nil {
		return msg
	}
	where := placeOf(fset, parent, lit, m[2])
	if where == "" {
		return msg
	}
	return fmt.Sprintf("cannot use %s (untyped %s constant) as %s value in %s", m[1], constKind(lit), m[2], where)
}

// callAt is the function called by the innermost call of src that spans
// line and column, "" if none.
func callAt(src string, line, col int) string {
	fset, f := parseAny(src)
	if f == nil {
		return ""
	}
	var fun string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		from, to := fset.Position(call.Pos()), fset.Position(call.End())
		if (from.Line < line || from.Line == line && from.Column <= col) && (to.Line > line || to.Line == line && to.Column >= col) {
			fun = strings.TrimSpace(exprString(fset, call.Fun))
		}
		return true
	})
	return fun
}

// parseAny parses src as a program, a cell's declarations or a cell's
// statements, its positions src's own.
func parseAny(src string) (*token.FileSet, *ast.File) {
	fset := token.NewFileSet()
	if isProgram(src) {
		f, _ := parser.ParseFile(fset, "", src, 0)
		return fset, f
	}
	if f, err := parser.ParseFile(fset, "", stmtsHeader+src+"\n}", 0); err == nil {
		return fset, f
	}
	f, _ := parser.ParseFile(fset, "", declsHeader+src, 0)
	return fset, f
}

// constKind is the kind of the untyped constant n is written as (5, "s",
// true, -1), "" if none.
func constKind(n ast.Node) string {
	switch x := n.(type) {
	case *ast.BasicLit:
		return map[token.Token]string{token.INT: "int", token.FLOAT: "float", token.IMAG: "complex", token.CHAR: "rune", token.STRING: "string"}[x.Kind]
	case *ast.Ident:
		if x.Name == "true" || x.Name == "false" {
			return "bool"
		}
	case *ast.UnaryExpr:
		if x.Op == token.SUB || x.Op == token.ADD {
			return constKind(x.X)
		}
	}
	return ""
}

// placeOf is where parent has x, as Go's error names it ("assignment",
// "argument to strings.Repeat"), "" where it is not sure.
func placeOf(fset *token.FileSet, parent ast.Node, x ast.Expr, want string) string {
	in := func(list []ast.Expr) bool {
		for _, e := range list {
			if e == x {
				return true
			}
		}
		return false
	}
	switch p := parent.(type) {
	case *ast.AssignStmt:
		if in(p.Rhs) {
			return "assignment"
		}
	case *ast.ValueSpec:
		if in(p.Values) {
			return "variable declaration"
		}
	case *ast.IndexExpr:
		if p.Index == x && want != "int" {
			return "map index"
		}
	case *ast.CallExpr:
		if in(p.Args) {
			return "argument to " + strings.TrimSpace(exprString(fset, p.Fun))
		}
	case *ast.ReturnStmt:
		if in(p.Results) {
			return "return statement"
		}
	case *ast.SendStmt:
		if p.Value == x {
			return "send"
		}
	}
	return ""
}

// boundsDetail is what Go adds to an index or slice out of range at line
// of the cell, " [3] with length 1", " [:7] with capacity 3", when it can
// tell: the expression is on that line, in no block or function literal of
// the cell (its names are then the session's variables, as they were at
// the panic), and reading its operand and indices again runs nothing. ""
// otherwise.
func (e *Evaluator) boundsDetail(cell string, line int) string {
	if line <= 0 {
		return ""
	}
	fset, f := parseAny(cell)
	if f == nil || isProgram(cell) || len(f.Decls) == 0 {
		return ""
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl) // the cell's statements, parsed as a body
	if !ok || fd.Name.Name != "_" || fd.Body == nil {
		return ""
	}
	var found []string
	for _, st := range fd.Body.List {
		ast.Inspect(st, func(n ast.Node) bool {
			d := ""
			switch x := n.(type) {
			case *ast.BlockStmt, *ast.FuncLit:
				return false // their names may be their own
			case *ast.IndexExpr:
				if fset.Position(x.Pos()).Line == line && pureExpr(x) {
					d = e.indexOutOfRange(fset, x)
				}
			case *ast.SliceExpr:
				if fset.Position(x.Pos()).Line == line && pureExpr(x.X) && pureIndices(x) {
					d = e.sliceOutOfRange(fset, x)
				}
			}
			if d != "" {
				found = append(found, d)
			}
			return true
		})
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// negativeHint is the hint for the Python habit an index or slice out of
// range may come from: where detail (boundsDetail's) shows a negative
// index, or where no detail tells of a slice's.
func negativeHint(goErr, detail string) string {
	switch {
	case strings.Contains(detail, "-"):
		return " (Go has no negative indices: s[len(s)-3:] is Python's s[-3:])"
	case detail == "" && strings.Contains(goErr, "slice bounds out of range"):
		return " (if an index is negative: Go has none, s[len(s)-3:] is Python's s[-3:])"
	}
	return ""
}

// pureIndices reports whether reading the indices of x runs nothing.
func pureIndices(x *ast.SliceExpr) bool {
	for _, i := range []ast.Expr{x.Low, x.High, x.Max} {
		if i != nil && !pureExpr(i) {
			return false
		}
	}
	return true
}

// indexOutOfRange is " [i] with length n" if the index of x is out of its
// operand's range, as the session's variables are now (" [i]" if i is
// negative, as Go says it).
func (e *Evaluator) indexOutOfRange(fset *token.FileSet, x *ast.IndexExpr) string {
	n, ok := e.intOf(fset, &ast.CallExpr{Fun: ast.NewIdent("len"), Args: []ast.Expr{x.X}})
	if !ok {
		return ""
	}
	i, ok := e.intOf(fset, x.Index)
	switch {
	case !ok || i >= 0 && i < n:
		return ""
	case i < 0:
		return fmt.Sprintf(" [%d]", i)
	}
	return fmt.Sprintf(" [%d] with length %d", i, n)
}

// sliceOutOfRange is what Go's run time says of the slice expression x
// whose bounds are out of range, as the session's variables are now,
// checking them in Go's order: the last index against the capacity (the
// length of a string or array), then each index against the next.
func (e *Evaluator) sliceOutOfRange(fset *token.FileSet, x *ast.SliceExpr) string {
	v, err := e.quietEval(exprString(fset, x.X))
	if err != nil {
		return ""
	}
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	var limit int64
	what := "length"
	switch v.Kind() {
	case reflect.String, reflect.Array:
		limit = int64(v.Len())
	case reflect.Slice:
		limit, what = int64(v.Cap()), "capacity"
	default:
		return ""
	}
	index := func(ix ast.Expr, implied int64) (int64, bool) {
		if ix == nil {
			return implied, true
		}
		return e.intOf(fset, ix)
	}
	lo, okLo := index(x.Low, 0)
	hi, okHi := index(x.High, int64(v.Len()))
	if !okLo || !okHi {
		return ""
	}
	if !x.Slice3 {
		switch {
		case x.High != nil && hi < 0:
			return fmt.Sprintf(" [:%d]", hi)
		case x.High != nil && hi > limit:
			return fmt.Sprintf(" [:%d] with %s %d", hi, what, limit)
		case lo < 0:
			return fmt.Sprintf(" [%d:]", lo)
		case lo > hi:
			return fmt.Sprintf(" [%d:%d]", lo, hi)
		}
		return ""
	}
	max, ok := index(x.Max, 0)
	switch {
	case !ok:
		return ""
	case max < 0:
		return fmt.Sprintf(" [::%d]", max)
	case max > limit:
		return fmt.Sprintf(" [::%d] with %s %d", max, what, limit)
	case hi < 0:
		return fmt.Sprintf(" [:%d:]", hi)
	case hi > max:
		return fmt.Sprintf(" [:%d:%d]", hi, max)
	case lo < 0:
		return fmt.Sprintf(" [%d::]", lo)
	case lo > hi:
		return fmt.Sprintf(" [%d:%d:]", lo, hi)
	}
	return ""
}

// intOf is the integer x is, as the session's variables are now.
func (e *Evaluator) intOf(fset *token.FileSet, x ast.Expr) (int64, bool) {
	v, err := e.quietEval(exprString(fset, x))
	switch {
	case err != nil:
		return 0, false
	case v.CanInt():
		return v.Int(), true
	case v.CanUint() && v.Uint() <= math.MaxInt64:
		return int64(v.Uint()), true
	}
	return 0, false
}

// incompleteType is yaegi's panic for a type it never saw declared, used
// as the element of a composite type ([]Hots{…}).
var incompleteType = lazyre.New(`incomplete type (\w*)`)

// undefinedType is err, yaegi's "undefined type" (which names no type)
// or its panic over an incomplete type, as Go says it, undefined: Hots,
// when the cell uses a type name nothing declares; false otherwise.
func (e *Evaluator) undefinedType(err error, cell string) (error, bool) {
	msg := err.Error()
	name := ""
	switch {
	case incompleteType.MatchString(msg):
		if name = incompleteType.FindStringSubmatch(msg)[1]; name == "" {
			name = e.undeclaredType(cell)
		}
	case strings.HasSuffix(msg, "undefined type"):
		name = e.undeclaredType(cell)
	}
	if name == "" || e.typeNames[name] || predeclaredTypes[name] {
		return err, false
	}
	prefix := ""
	if !strings.HasPrefix(msg, limitPrefix) {
		prefix = strings.TrimSuffix(msg, "undefined type")
	}
	return &UndefinedError{Name: name, Err: fmt.Errorf("%sundefined: %s", prefix, name)}, true
}

// undeclaredType is the first name the cell uses as a type that neither
// the cell nor the session declares, "" if none.
func (e *Evaluator) undeclaredType(cell string) string {
	_, f := parseAny(cell)
	if f == nil {
		return ""
	}
	declared := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			declared[ts.Name.Name] = true
			if ts.TypeParams != nil {
				for _, p := range ts.TypeParams.List {
					for _, id := range p.Names {
						declared[id.Name] = true
					}
				}
			}
		}
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Type.TypeParams != nil {
			for _, p := range fd.Type.TypeParams.List {
				for _, id := range p.Names {
					declared[id.Name] = true
				}
			}
		}
		return true
	})
	var types []ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CompositeLit:
			types = append(types, x.Type)
		case *ast.ValueSpec:
			types = append(types, x.Type)
		case *ast.Field:
			types = append(types, x.Type)
		}
		return true
	})
	for _, t := range types {
		if t == nil {
			continue
		}
		name := ""
		ast.Inspect(t, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
				return false // a package's type; the fields and parameters of a type literal are left out
			case *ast.Ident:
				if name == "" && !declared[x.Name] && !e.typeNames[x.Name] && !predeclaredTypes[x.Name] {
					name = x.Name
				}
			}
			return name == ""
		})
		if name != "" {
			return name
		}
	}
	return ""
}

// nearName is the one name of known a letter from name (one left out,
// added, changed, or two swapped; two for a name of eight letters or
// more), which name may be a misspelling of; "" if there is none or
// several, or name is shorter than three letters.
func nearName(name string, known []string) string {
	if len(name) < 3 {
		return ""
	}
	most := 1
	if len(name) >= 8 {
		most = 2
	}
	best, found := most+1, ""
	for _, k := range known {
		if k == name || k == "_" || strings.HasPrefix(k, "_opsh") {
			continue
		}
		switch d := spelling.Distance(name, k); {
		case d < best:
			best, found = d, k
		case d == best && k != found:
			found = "" // two as near: no guess
		}
	}
	return found
}
