package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"
)

// yaegi v0.16.1 takes the first result of a call of several where one
// value is wanted, where Go refuses to compile: y := strconv.Atoi("zz") + 1
// was 1, and the error was lost; n := strconv.Atoi(s) in a function was 0.
// The REPL's rule for a (T, error) call is that it gives T, and that its
// error fails the cell (a cell's x := f() and f(), unwrapAssign and
// classify): such a call given where one value is wanted is written
// _opshMust[T](f()), which gives T or panics with the error. A call of
// another number of results is Go's error. Both for the calls of functions
// whose results the session can tell without running anything: a
// package's, and a method's or a function's of the session's globals. (An
// argument of another call is multiValueArg's.)

// unwrapMultiValues wraps each (T, error) call of node given where one
// value is wanted (an operand, an element, an index, a condition, one
// value among others, one name in a function), and returns Go's error,
// "L:C: …", for the first call of several results that is no such pair.
// top are the cell's own statements, whose x := f() and f().M() are
// opsh's. A program (strict) is Go's: such a pair is Go's error too.
func (e *Evaluator) unwrapMultiValues(fset *token.FileSet, node ast.Node, top []ast.Stmt, strict bool) error {
	var found error
	wrap := map[*ast.CallExpr]ast.Expr{}
	var path []ast.Node
	ast.Inspect(node, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if n == nil {
			path = path[:len(path)-1]
			return false
		}
		parent := ast.Node(nil)
		for i := len(path) - 1; i >= 0; i-- {
			if _, paren := path[i].(*ast.ParenExpr); !paren {
				parent = path[i]
				break
			}
		}
		path = append(path, n)
		call, ok := n.(*ast.CallExpr)
		if !ok || parent == nil {
			return true
		}
		switch parent := parent.(type) {
		case *ast.ReturnStmt:
			found = e.returnedValues(fset, call, parent, path, strict, wrap)
			return true
		case *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt, *ast.CallExpr, *ast.FuncDecl, *ast.FuncLit, *ast.BlockStmt:
			return true // a statement, an argument (multiValueArg)
		case *ast.SelectorExpr:
			if !inFunction(path) {
				return true // the cell's url.Parse(s).Port(), classify's
			}
		}
		names, values, own, assigns := assignment(parent, top)
		if assigns && values == 1 && (names > 1 || own) {
			// the values of x, err := f(), or the cell's own x := f()
			// (unwrapAssign's)
			if t := e.resultsOf(call); t != nil && names > 1 && names != t.NumOut() {
				found = at(fset, call, mismatch(fset, names, call, t))
			}
			return true
		}
		t := e.resultsOf(call)
		if t == nil {
			return true
		}
		if first, ok := e.pairFirst(t); ok && !strict {
			wrap[call] = first
			return true
		}
		msg := e.singleValue(fset, call, t)
		if assigns && values == 1 {
			msg = mismatch(fset, names, call, t)
		}
		found = at(fset, call, msg)
		return true
	})
	if found != nil || len(wrap) == 0 {
		return found
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		call, ok := x.(*ast.CallExpr)
		if !ok || wrap[call] == nil {
			return nil
		}
		return &ast.CallExpr{Fun: &ast.IndexExpr{X: &ast.Ident{NamePos: call.Pos(), Name: mustFunc}, Index: wrap[call]}, Lparen: call.Pos(), Args: []ast.Expr{call}, Rparen: call.End()}
	})
	return nil
}

// returnedValues checks call, the one result of ret (within path), against
// the results of the function ret returns from: a (T, error) call returned
// by a function of one result is wrapped (in wrap) as one given where one
// value is wanted; another count of values is Go's error.
func (e *Evaluator) returnedValues(fset *token.FileSet, call *ast.CallExpr, ret *ast.ReturnStmt, path []ast.Node, strict bool, wrap map[*ast.CallExpr]ast.Expr) error {
	results, inFunc := enclosingResults(path)
	t := e.resultsOf(call)
	want := fieldTypes(results)
	if !inFunc || t == nil || len(ret.Results) != 1 || len(want) == t.NumOut() {
		return nil
	}
	if first, ok := e.pairFirst(t); ok && len(want) == 1 && !strict {
		wrap[call] = first
		return nil
	}
	words := "too many return values"
	if len(want) > t.NumOut() {
		words = "not enough return values"
	}
	wanted := make([]string, len(want))
	for i, w := range want {
		wanted[i] = exprString(fset, w)
	}
	return at(fset, call, fmt.Sprintf("%s: have (%s), want (%s)", words, e.resultTypes(t), strings.Join(wanted, ", ")))
}

// enclosingResults is the result list of the innermost function of path
// (nil for none), and false where path is in no function.
func enclosingResults(path []ast.Node) (*ast.FieldList, bool) {
	for i := len(path) - 1; i >= 0; i-- {
		switch f := path[i].(type) {
		case *ast.FuncLit:
			return f.Type.Results, true
		case *ast.FuncDecl:
			return f.Type.Results, true
		}
	}
	return nil, false
}

// pairFirst is the type of the first result of t, a function of a (T,
// error) pair, as the session's source writes it; false for another.
func (e *Evaluator) pairFirst(t reflect.Type) (ast.Expr, bool) {
	if t.NumOut() != 2 || t.Out(1) != reflect.TypeFor[error]() {
		return nil, false
	}
	src, err := e.typeSrc().write(t.Out(0))
	if err != nil {
		return nil, false
	}
	x, err := parser.ParseExpr(src)
	return x, err == nil
}

// at is msg at the position of call, as yaegi begins its errors: "L:C: msg".
func at(fset *token.FileSet, call *ast.CallExpr, msg string) error {
	pos := fset.Position(call.Pos())
	return fmt.Errorf("%d:%d: %s", pos.Line, pos.Column, msg)
}

// singleValue is Go's error for call, of the function type t, given where
// one value is wanted.
func (e *Evaluator) singleValue(fset *token.FileSet, call *ast.CallExpr, t reflect.Type) string {
	names := "v" + strings.Repeat(", _", t.NumOut()-1)
	if t.Out(t.NumOut()-1) == reflect.TypeFor[error]() {
		names = strings.TrimSuffix(names, "_") + "err"
	}
	return fmt.Sprintf("multiple-value %s (value of type (%s)) in single-value context: assign it first, %s := %s",
		exprString(fset, call), e.resultTypes(t), names, exprString(fset, call))
}

// resultTypes are the types of the results of the function type t, as
// the session's source writes them, between commas.
func (e *Evaluator) resultTypes(t reflect.Type) string {
	var results []string
	for i := range t.NumOut() {
		s, err := e.typeSrc().write(t.Out(i))
		if err != nil {
			s = t.Out(i).String()
		}
		results = append(results, s)
	}
	return strings.Join(results, ", ")
}

// mismatch is Go's error for an assignment of n names from call.
func mismatch(fset *token.FileSet, n int, call *ast.CallExpr, t reflect.Type) string {
	variables := "variables"
	if n == 1 {
		variables = "variable"
	}
	return fmt.Sprintf("assignment mismatch: %d %s but %s returns %d values", n, variables, exprString(fset, call.Fun), t.NumOut())
}

// resultsOf is the type of the function call calls, if the session can
// tell it without running a call and it has several results: a package's
// function (strconv.Atoi), a method of a package's or the session's
// global (d.Containers), a function of the session's; nil otherwise.
func (e *Evaluator) resultsOf(call *ast.CallExpr) reflect.Type {
	var t reflect.Type
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		id, ok := f.X.(*ast.Ident)
		if !ok || id.Obj != nil {
			return nil
		}
		if _, ok := e.packageSymbol(f); !ok && !e.globals[id.Name] {
			return nil
		}
		t = e.valueType(f, 0)
	case *ast.Ident:
		if f.Obj != nil || !e.funcs[f.Name] {
			return nil
		}
		t = e.valueType(f, 0)
	}
	if t == nil || t.Kind() != reflect.Func || t.NumOut() < 2 {
		return nil
	}
	return t
}

// assignment is, for parent an assignment or a var declaration, how many
// names it gives values and how many values, and whether it is one of
// top, the cell's own statements; assigns is false for another node.
func assignment(parent ast.Node, top []ast.Stmt) (names, values int, own, assigns bool) {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		return len(p.Lhs), len(p.Rhs), slices.Contains(top, ast.Stmt(p)), true
	case *ast.ValueSpec:
		return len(p.Names), len(p.Values), topSpec(top, p), true
	}
	return 0, 0, false, false
}

// topSpec reports whether the value spec vs is one of the var
// declarations of top, the cell's own statements.
func topSpec(top []ast.Stmt, vs *ast.ValueSpec) bool {
	for _, st := range top {
		if ds, ok := st.(*ast.DeclStmt); ok {
			if g, ok := ds.Decl.(*ast.GenDecl); ok && slices.Contains(g.Specs, ast.Spec(vs)) {
				return true
			}
		}
	}
	return false
}
