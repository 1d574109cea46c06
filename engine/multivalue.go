package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strings"

	"github.com/opsh/opsh/internal/resolve"
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
			if r := e.resultsOf(call); r != nil && names > 1 && names != len(r.types) {
				found = at(fset, call, mismatch(fset, names, call, r))
			}
			return true
		}
		r := e.resultsOf(call)
		if r == nil {
			return true
		}
		if r.first != nil && !strict {
			wrap[call] = r.first
			return true
		}
		msg := singleValue(fset, call, r)
		if assigns && values == 1 {
			msg = mismatch(fset, names, call, r)
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
	r := e.resultsOf(call)
	want := fieldTypes(results)
	if !inFunc || r == nil || len(ret.Results) != 1 || len(want) == len(r.types) {
		return nil
	}
	if r.first != nil && len(want) == 1 && !strict {
		wrap[call] = r.first
		return nil
	}
	words := "too many return values"
	if len(want) > len(r.types) {
		words = "not enough return values"
	}
	wanted := make([]string, len(want))
	for i, w := range want {
		wanted[i] = exprString(fset, w)
	}
	return at(fset, call, fmt.Sprintf("%s: have (%s), want (%s)", words, strings.Join(r.types, ", "), strings.Join(wanted, ", ")))
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

// callResults are the results of a function called: their types as the
// source writes them, and, for a (T, error) pair, T (else nil).
type callResults struct {
	types []string
	first ast.Expr
}

// reflectResults are the results of t, a function type.
func (e *Evaluator) reflectResults(t reflect.Type) *callResults {
	r := &callResults{types: e.resultTypeList(t)}
	if t.NumOut() == 2 && t.Out(1) == reflect.TypeFor[error]() {
		if src, err := e.typeSrc().write(t.Out(0)); err == nil {
			r.first, _ = parser.ParseExpr(src)
		}
	}
	return r
}

// declaredResults are the results of fd, a function the source being
// evaluated declares: a program's, whose functions the session does not
// have yet.
func declaredResults(fd *ast.FuncDecl) *callResults {
	if fd.Type.TypeParams != nil || fd.Type.Results == nil {
		return nil
	}
	r := &callResults{}
	for _, t := range fieldTypes(fd.Type.Results) {
		r.types = append(r.types, exprString(nil, t))
	}
	if len(r.types) == 2 && r.types[1] == "error" {
		r.first = fieldTypes(fd.Type.Results)[0]
	}
	return r
}

// at is msg at the position of call, as yaegi begins its errors: "L:C: msg".
func at(fset *token.FileSet, call *ast.CallExpr, msg string) error {
	pos := fset.Position(call.Pos())
	return fmt.Errorf("%d:%d: %s", pos.Line, pos.Column, msg)
}

// singleValue is Go's error for call, of the results r, given where one
// value is wanted.
func singleValue(fset *token.FileSet, call *ast.CallExpr, r *callResults) string {
	names := "v" + strings.Repeat(", _", len(r.types)-1)
	if r.types[len(r.types)-1] == "error" {
		names = strings.TrimSuffix(names, "_") + "err"
	}
	return fmt.Sprintf("multiple-value %s (value of type (%s)) in single-value context: assign it first, %s := %s",
		exprString(fset, call), strings.Join(r.types, ", "), names, exprString(fset, call))
}

// resultTypes are the types of the results of the function type t, as
// the session's source writes them, between commas.
func (e *Evaluator) resultTypes(t reflect.Type) string {
	return strings.Join(e.resultTypeList(t), ", ")
}

// resultTypeList are resultTypes, one by one.
func (e *Evaluator) resultTypeList(t reflect.Type) []string {
	var results []string
	for i := range t.NumOut() {
		s, err := e.typeSrc().write(t.Out(i))
		if err != nil {
			s = t.Out(i).String()
		}
		results = append(results, s)
	}
	return results
}

// mismatch is Go's error for an assignment of n names from call, of the
// results r.
func mismatch(fset *token.FileSet, n int, call *ast.CallExpr, r *callResults) string {
	variables := "variables"
	if n == 1 {
		variables = "variable"
	}
	return fmt.Sprintf("assignment mismatch: %d %s but %s returns %d values", n, variables, exprString(fset, call.Fun), len(r.types))
}

// resultsOf are the results of the function call calls, if the session
// can tell them without running a call and there are several: a package's
// function (strconv.Atoi), a method of a package's or the session's
// global (d.Containers), a function of the session's, or one the source
// declares; nil otherwise.
func (e *Evaluator) resultsOf(call *ast.CallExpr) *callResults {
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
		if fd, ok := declaredFunc(f); ok {
			if r := declaredResults(fd); r != nil && len(r.types) >= 2 {
				return r
			}
			return nil
		}
		if f.Obj != nil || !e.funcs[f.Name] {
			return nil
		}
		t = e.valueType(f, 0)
	}
	if t == nil || t.Kind() != reflect.Func || t.NumOut() < 2 {
		return nil
	}
	return e.reflectResults(t)
}

// declaredFunc is the declaration of the function id names, when the
// source being evaluated declares it at its top level.
func declaredFunc(id *ast.Ident) (*ast.FuncDecl, bool) {
	if id.Obj == nil || id.Obj.Kind != ast.Fun {
		return nil, false
	}
	fd, ok := id.Obj.Decl.(*ast.FuncDecl)
	return fd, ok && fd.Recv == nil
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

// splitReturnedCalls writes each return of a call's several values, in a
// function whose results are of other types than the call's (func value()
// (any, error) { return str() }, str giving a string and an error), as the
// values assigned to variables first, then returned:
//
//	{ _opsh_ret1, _opsh_ret2 := str(); return _opsh_ret1, _opsh_ret2 }
//
// yaegi v0.16.1 returned the first value made the first result and lost
// the others: the error was nil.
func (rw *rewriter) splitReturnedCalls(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		ft, body, ok := funcParts(n)
		if !ok || body == nil {
			return true
		}
		want := fieldTypes(ft.Results)
		if len(want) < 2 {
			return true
		}
		editStmtLists(body, isFuncLit, func(list []ast.Stmt) []ast.Stmt {
			for i, st := range list {
				ret, ok := st.(*ast.ReturnStmt)
				if !ok || len(ret.Results) != 1 || !isCall(ret.Results[0]) || sameTypes(rw.results(unparen(ret.Results[0]).(*ast.CallExpr).Fun), want) {
					continue
				}
				def := &ast.AssignStmt{Tok: token.DEFINE, TokPos: ret.Pos(), Rhs: ret.Results}
				var values []ast.Expr
				for range want {
					rw.n++
					name := fmt.Sprintf("%sret%d", loopCopy, rw.n)
					def.Lhs = append(def.Lhs, &ast.Ident{NamePos: ret.Pos(), Name: name})
					values = append(values, &ast.Ident{NamePos: ret.Pos(), Name: name})
				}
				list[i] = &ast.BlockStmt{Lbrace: ret.Pos(), List: []ast.Stmt{def, &ast.ReturnStmt{Return: ret.Return, Results: values}}, Rbrace: ret.End()}
			}
			return list
		})
		return true
	})
}

// sameTypes reports whether the types got, as the source writes them, are
// those of want, one by one.
func sameTypes(got, want []ast.Expr) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if exprString(nil, got[i]) != exprString(nil, want[i]) {
			return false
		}
	}
	return true
}

// spreadPrintedResults writes a printer's one value that is a call of
// several results, one of them of a type the session declares
// (fmt.Println(two()), two giving a Level and a Port), as the parameters
// of a function literal that prints them:
//
//	func(_opsh_arg1 Level, _opsh_arg2 Port) (int, error) {
//		return fmt.Println(_opsh_arg1, _opsh_arg2)
//	}(two())
//
// yaegi handed fmt such a call's values as their underlying values, a
// Level as an int, without its String; each is now an argument whose type
// the source shows, which rewriteTypedArgs hands fmt as Go does.
func (rw *rewriter) spreadPrintedResults(node ast.Node, session func(string) bool) {
	statement := map[ast.Expr]bool{} // a statement's call, whose results are dropped
	spread := map[ast.Expr]ast.Expr{}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ExprStmt:
			statement[x.X] = true // (seen before its call)
		case *ast.CallExpr:
			if lit := rw.spreadPrinted(x, statement[x], session); lit != nil {
				spread[x] = lit
			}
		}
		return true
	})
	if len(spread) > 0 { // (the replacing walk is reflect's: only when needed)
		replaceExprs(node, func(x ast.Expr) ast.Expr { return spread[x] })
	}
}

// spreadPrinted is spreadPrintedResults' call of a function literal for
// call, a printer's call given a call of several results; nil if call is
// none. statement says that call is a statement of its own.
func (rw *rewriter) spreadPrinted(call *ast.CallExpr, statement bool, session func(string) bool) ast.Expr {
	pkg, sel, ok := rw.packageCall(call)
	if !ok {
		return nil
	}
	first, printer := printers[pkg.Name][sel.Sel.Name]
	if !printer || first != 0 || len(call.Args) != 1 || !isCall(call.Args[0]) {
		return nil // (Go gives a call of several results alone, or not at all)
	}
	types := rw.results(unparen(call.Args[0]).(*ast.CallExpr).Fun)
	if len(types) < 2 || !slices.ContainsFunc(types, func(t ast.Expr) bool { return len(typeNamesIn(t, session)) > 0 }) || slices.ContainsFunc(types, rw.sessionInterface) {
		return nil // (a parameter of an interface of the session's took the error's value: reflect: Call using interp.valueInterface as type error)
	}
	params := &ast.FieldList{}
	inner := &ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Rparen: call.Rparen}
	for _, t := range types {
		rw.n++
		name := fmt.Sprintf("%sarg%d", loopCopy, rw.n)
		field := &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: cloneExpr(t)}
		field.Names[0].Obj = &ast.Object{Kind: ast.Var, Name: name, Decl: field}
		params.List = append(params.List, field)
		inner.Args = append(inner.Args, &ast.Ident{NamePos: call.Pos(), Name: name, Obj: field.Names[0].Obj})
	}
	results := printerResults(pkg.Name, sel.Sel.Name)
	var body ast.Stmt = &ast.ReturnStmt{Return: call.Pos(), Results: []ast.Expr{inner}}
	if results == nil || statement && resolve.Discarded(pkg.Name, sel.Sel.Name) {
		// (a cell's fmt.Println(two()) shows nothing, as its
		// fmt.Println(x) does)
		results, body = nil, &ast.ExprStmt{X: inner}
	}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: call.Pos(), Params: params, Results: results},
		Body: &ast.BlockStmt{Lbrace: call.Pos(), List: []ast.Stmt{body}, Rbrace: call.End()},
	}
	return &ast.CallExpr{Fun: lit, Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}
}
