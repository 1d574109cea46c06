package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// A value of a compiled package (a *strings.Reader, the *net.OpError of a
// dial) asserted to an interface the session declares, or to an interface
// literal, is not found by yaegi v0.16.1, whose assertion to such an
// interface takes the session's own values only: the everyday
//
//	if te, ok := err.(interface{ Timeout() bool }); ok && te.Timeout() {
//
// was silently false. The assertions rewriteInterfaceAsserts writes, and
// errors.As into such an interface, then ask the value for the methods by
// reflect, and give it in a forwarder: a struct of the session's whose
// methods call the value's, declared once a set of methods,
//
//	type _opshFwd1 struct{ _opshV any }
//	func (_opshF _opshFwd1) Timeout() bool {
//		_opshR := _opshrt.CallMethod(_opshF._opshV, "Timeout")
//		_opshR0, _ := _opshR[0].(bool)
//		return _opshR0
//	}
//
// fmt's functions print the value it holds (unforwarded). An interface whose methods name a
// type of the session's is left as it was: no compiled value has them.

// forwarderPrefix begins the forwarders' names; forwardedField is their
// field.
const (
	forwarderPrefix = "_opshFwd"
	forwardedField  = "_opshV"
)

// fallback is the last try of an assertion of the value assertedName to
// an interface of the session's: has reports whether the value has the
// interface's methods; the forwarder fwd then holds it.
type fallback struct {
	has ast.Expr
	fwd string
}

// wrapped is the forwarder holding the asserted value.
func (fb *fallback) wrapped() ast.Expr {
	return &ast.CompositeLit{Type: ast.NewIdent(fb.fwd), Elts: []ast.Expr{ast.NewIdent(assertedName)}}
}

// fallback is the last try of an assertion to t, or nil where t is no
// interface the session declares (or a literal), or one of its methods
// names a type of the session's.
func (rw *rewriter) fallback(t ast.Expr) *fallback {
	if rw.forwarder == nil || !rw.sessionInterface(t) {
		return nil
	}
	ms, complete := signatures(t, rw.typeDef, rw.packageType)
	if !complete || len(ms) == 0 {
		return nil
	}
	for _, m := range ms {
		for _, t := range append(append([]ast.Expr(nil), m.params...), m.results...) {
			if !rw.compiledOnly(t) {
				return nil
			}
		}
	}
	fwd, ok := rw.forwarder(ms)
	if !ok {
		return nil
	}
	has := &ast.CallExpr{Fun: rtFunc("HasMethods"), Args: []ast.Expr{ast.NewIdent(assertedName)}}
	for _, m := range ms {
		has.Args = append(has.Args, &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(m.name)},
			&ast.CallExpr{Fun: &ast.ParenExpr{X: m.funcType()}, Args: []ast.Expr{ast.NewIdent("nil")}})
	}
	return &fallback{has: has, fwd: fwd}
}

// casesCompiledValues reports whether ts switches a value the source
// shows to be an error or a package's interface, and a case is an
// interface of the session's that a compiled value may have.
func (rw *rewriter) casesCompiledValues(ts *ast.TypeSwitchStmt) bool {
	return rw.switchOf(ts, rw.compiledInterface, func(t ast.Expr) bool { return rw.fallback(t) != nil })
}

// compiledOnly reports whether the type t names no type of the session's:
// it is made of predeclared types and packages' types.
func (rw *rewriter) compiledOnly(t ast.Expr) bool {
	only := true
	ast.Inspect(t, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			id, ok := x.X.(*ast.Ident)
			only = only && ok && rw.isPackage(id, id.Name)
			return false
		case *ast.Ident:
			_, predeclared := types.Universe.Lookup(x.Name).(*types.TypeName)
			_, session := rw.typeDef(x.Name)
			only = only && predeclared && !session && (rw.isType == nil || !rw.isType(x.Name))
		case *ast.InterfaceType:
			only = only && len(x.Methods.List) == 0
		case *ast.StructType, *ast.IndexExpr, *ast.IndexListExpr:
			only = false
		}
		return only
	})
	return only
}

// funcType is the method's type without its receiver.
func (m forwarded) funcType() *ast.FuncType {
	ft := &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{}}
	for i, p := range m.params {
		p = cloneExpr(p)
		if m.variadic && i == len(m.params)-1 {
			p = &ast.Ellipsis{Elt: p}
		}
		ft.Params.List = append(ft.Params.List, &ast.Field{Type: p})
	}
	for _, r := range m.results {
		ft.Results.List = append(ft.Results.List, &ast.Field{Type: cloneExpr(r)})
	}
	return ft
}

// forwarderSource declares the forwarder name of the methods ms, writing
// a package name pkg of their types as alias(pkg).
func forwarderSource(name string, ms []forwarded, alias func(string) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "type %s struct{ %s any }\n", name, forwardedField)
	typeString := func(t ast.Expr) string {
		t = cloneExpr(t)
		ast.Inspect(t, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					id.Name = alias(id.Name)
				}
			}
			return true
		})
		return types.ExprString(t)
	}
	for _, m := range ms {
		var params, args, results, ret []string
		for i, p := range m.params {
			t := typeString(p)
			if m.variadic && i == len(m.params)-1 {
				t = "..." + t
			}
			params = append(params, fmt.Sprintf("_opshP%d %s", i, t))
			args = append(args, fmt.Sprintf(", _opshP%d", i))
		}
		call := fmt.Sprintf("_opshrt.CallMethod(_opshF._opshV, %q%s)", m.name, strings.Join(args, ""))
		for _, r := range m.results {
			results = append(results, typeString(r))
		}
		fmt.Fprintf(&b, "func (_opshF %s) %s(%s) (%s) {\n", name, m.name, strings.Join(params, ", "), strings.Join(results, ", "))
		if len(m.results) == 0 {
			fmt.Fprintf(&b, "\t%s\n}\n", call)
			continue
		}
		fmt.Fprintf(&b, "\t_opshR := %s\n", call)
		for i, r := range results {
			// (a nil one is not asserted: yaegi follows a nil pointer
			// asserting a nil any to an interface, an error)
			fmt.Fprintf(&b, "\tvar _opshR%[1]d %[2]s\n\tif _opshR[%[1]d] != nil {\n\t\t_opshR%[1]d, _ = _opshR[%[1]d].(%[2]s)\n\t}\n", i, r)
			ret = append(ret, fmt.Sprintf("_opshR%d", i))
		}
		fmt.Fprintf(&b, "\treturn %s\n}\n", strings.Join(ret, ", "))
	}
	return b.String()
}

// unforwarded are the arguments of fmt's functions with each forwarder
// replaced by the value it holds, which fmt prints as Go does, and each
// heldBox by the box it holds (or the forwarder in it by its value).
func unforwarded(a []any) []any {
	return replaceArgs(a, func(_ int, x any) (any, bool) {
		h, held := x.(heldBox)
		if held {
			x = h.box // the box of a value of an interface of the session's
		}
		v, ok := unforward(reflect.ValueOf(x))
		if !ok {
			return x, held
		}
		return v.Interface(), true
	})
}

// unforward is the value the forwarder v (in an interface, in yaegi's
// box) holds; false if v is none.
func unforward(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	v = unboxed(v)
	if v.Kind() != reflect.Struct || v.NumField() != 1 || v.Type().Field(0).Name != "X"+forwardedField {
		return v, false
	}
	return v.Field(0).Elem(), v.Field(0).Elem().IsValid()
}

// forwarder is the name of the session's forwarder of the methods ms,
// declared the first time a cell needs it; false if it cannot be.
func (e *Evaluator) forwarder(ms []forwarded) (string, bool) {
	key := forwarderSource("", ms, func(pkg string) string { return pkg })
	if name, ok := e.forwarders[key]; ok {
		return name, name != ""
	}
	// The packages its methods name, imported under names of its own: a
	// program imports its packages after.
	var imports strings.Builder
	alias := func(pkg string) string { return e.aliasImport(&imports, pkg) }
	name := fmt.Sprintf("%s%d", forwarderPrefix, len(e.forwarders)+1)
	src := forwarderSource(name, ms, alias)
	if _, err := e.quietEval(imports.String() + src); err != nil {
		name = ""
	}
	e.forwarders[key] = name
	return name, name != ""
}

// aliasImport is the name of the session's import of the package it
// names pkg under a name of opsh's own, _opshFwdpkg, which the session's
// code cannot shadow; the import is written to imports the first time.
func (e *Evaluator) aliasImport(imports *strings.Builder, pkg string) string {
	alias := forwarderPrefix + pkg
	if !e.aliased[alias] {
		e.aliased[alias] = true
		fmt.Fprintf(imports, "import %s %q\n", alias, e.importPath(pkg))
	}
	return alias
}

// importPath is the path of the package the session names pkg.
func (e *Evaluator) importPath(pkg string) string {
	for p, name := range e.importedAs {
		if name == pkg {
			return p
		}
	}
	p, _ := e.index.lookup(pkg)
	return p
}

// hasMethods reports whether x has the methods named in pairs of a name and
// a nil function of the method's type: a compiled value, by reflect.
func hasMethods(x any, pairs ...any) bool {
	v := reflect.ValueOf(x)
	if !v.IsValid() {
		return false
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		m := v.MethodByName(name)
		if !m.IsValid() || m.Type() != reflect.TypeOf(pairs[i+1]) {
			return false
		}
	}
	return true
}

// callMethod calls x's method name with args and gives its results; a nil
// argument is the zero value of its parameter. The last argument of a
// variadic method is the slice of its variadic arguments.
func callMethod(x any, name string, args ...any) []any {
	m := reflect.ValueOf(x).MethodByName(name)
	t := m.Type()
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		if a == nil {
			in[i] = reflect.Zero(t.In(i))
		} else {
			in[i] = reflect.ValueOf(a)
		}
	}
	var out []reflect.Value
	if t.IsVariadic() {
		out = m.CallSlice(in)
	} else {
		out = m.Call(in)
	}
	res := make([]any, len(out))
	for i, o := range out {
		res[i] = o.Interface()
	}
	return res
}

// rtFunc is the runtime's function name, _opshrt.name.
func rtFunc(name string) *ast.SelectorExpr {
	return &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent(name)}
}

// fallbackAfter follows each comma-ok assertion of a value that may be an
// any (the source shows it, or nothing) to an interface of the session's
// with the fallback, where the assertion failed, as a statement: an any
// holding the session's interface value is lost given to the function
// literal that assertFunc writes.
//
//	w, ok := x.(Sizer)
//	if !ok && _opshrt.HasMethods(x, "Size", (func() int64)(nil)) {
//		w = _opshFwd1{x}
//		ok = true
//	}
//
// The value asserted, if it is no variable, is given one first; an if
// statement whose init is the assertion goes into a block with it.
func (rw *rewriter) fallbackAfter(node ast.Node) { editAsserts(node, rw.assertedAfter) }

// editAsserts replaces each assignment statement of node, alone or an if
// statement's init, with the statements edit gives for it, if any; those
// of an if statement go into a block with it.
func editAsserts(node ast.Node, edit func(*ast.AssignStmt) []ast.Stmt) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range list {
			label, inner := unlabel(st)
			var as *ast.AssignStmt
			ifs, isIf := inner.(*ast.IfStmt)
			if isIf {
				as, _ = ifs.Init.(*ast.AssignStmt)
			} else {
				as, _ = inner.(*ast.AssignStmt)
			}
			stmts := edit(as)
			switch {
			case stmts == nil:
				out = append(out, st)
			case isIf:
				ifs.Init = nil
				out = append(out, &ast.BlockStmt{Lbrace: st.Pos(), List: append(stmts, relabel(label, ifs)), Rbrace: st.End()})
			default:
				out = append(out, stmts...)
			}
		}
		return out
	})
}

// assertedAfter is as, a comma-ok assertion of an any to an interface of
// the session's, followed by its fallback; nil if as is none.
func (rw *rewriter) assertedAfter(as *ast.AssignStmt) []ast.Stmt {
	if as == nil || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	ta, ok := unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return nil
	}
	if t, _, known := rw.staticType(ta.X); known && !isIdent(t, "any") && !isEmptyInterface(t) {
		return nil
	}
	fb := rw.fallback(ta.Type)
	if fb == nil {
		return nil
	}
	var stmts []ast.Stmt
	if _, isVar := ta.X.(*ast.Ident); !isVar {
		def, use := rw.define("asserted", ta.X)
		stmts, ta.X = append(stmts, def), use
	}
	has := fb.has.(*ast.CallExpr)
	has.Args[0] = ast.NewIdent(ta.X.(*ast.Ident).Name)
	held := fb.wrapped().(*ast.CompositeLit)
	held.Elts[0] = ast.NewIdent(ta.X.(*ast.Ident).Name)
	var found []ast.Stmt
	if v := as.Lhs[0]; !isBlankIdent(v) {
		found = append(found, &ast.AssignStmt{Lhs: []ast.Expr{cloneExpr(v)}, Tok: token.ASSIGN, Rhs: []ast.Expr{held}})
	}
	okVar := as.Lhs[1]
	cond := ast.Expr(has)
	if !isBlankIdent(okVar) {
		found = append(found, &ast.AssignStmt{Lhs: []ast.Expr{cloneExpr(okVar)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("true")}})
		cond = &ast.BinaryExpr{X: &ast.UnaryExpr{Op: token.NOT, X: cloneExpr(okVar)}, Op: token.LAND, Y: has}
	}
	return append(stmts, as, &ast.IfStmt{If: as.Pos(), Cond: cond, Body: &ast.BlockStmt{List: found}})
}
