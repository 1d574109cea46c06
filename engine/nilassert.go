package engine

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	goruntime "github.com/opsh/opsh/engine/internal/runtime"
)

// yaegi v0.16.1 follows a nil pointer asserting a nil interface value to
// an interface type (yaegi issue 1578): `r := recover(); e, ok :=
// r.(error)` where nothing panicked, `v, ok := ctx.Value(key).(fmt.Stringer)`
// for a key not there, `l, ok := n.(Labeled)` for a nil Named. An
// assertion of a value held in an any, an error or a package's interface
// to an interface that is not one the session declared is written as
// assertFunc's function literal, which gives a nil value Go's answer
// first: false, or Go's panic (nilAssertion). A value of the session's
// interface, and one of the session's interfaces as the result, are lost
// through a function literal (reflect.Set: … interp.valueInterface): a
// comma-ok assertion of either is guarded by statements instead
// (guardNilAsserts).

// nilAssertion is, for an assertion of a value of an any, an error or a
// package's interface to an interface type, the asserted type as Go's
// message names it (main.Sizer, fmt.Stringer); "" for another assertion.
func (rw *rewriter) nilAssertion(ta *ast.TypeAssertExpr, xType ast.Expr, known bool) string {
	if !rw.isInterface(ta.Type) && !rw.compiledInterface(ta.Type) {
		return ""
	}
	if rw.declaredInterface(ta.Type) || !rw.heldInterface(xType, known) {
		return ""
	}
	return rw.goTypeName(ta.Type)
}

// goTypeName is the type t as Go's run-time messages name it: main.Sizer,
// fmt.Stringer, interface { Size() int }.
func (rw *rewriter) goTypeName(t ast.Expr) string {
	name := goTypeText(exprString(nil, inMain(t, func(name string) bool {
		return !predeclaredTypes[name] && (rw.declared[name] || rw.isType != nil && rw.isType(name))
	})))
	return strings.ReplaceAll(name, "interface{", "interface {") // as reflect writes it
}

// guardNilAsserts writes each comma-ok assignment of an assertion to an
// interface type of a value of the session's interface type, or to an
// interface the session declared of a value held in another interface,
// so that a nil value is not asserted:
//
//	l, ok := n.(Labeled)
//
// becomes
//
//	var _opshasserted1 Named = n
//	l, ok := Labeled(nil), false
//	if _opshasserted1 != nil {
//		l, ok = _opshasserted1.(Labeled)
//	}
//
// (with the condition assertableCond gives instead, for a value of the
// session's interface). The value is read first, as the assignment reads
// it before it declares the names on its left.
func (rw *rewriter) guardNilAsserts(node ast.Node) {
	guarded := map[*ast.AssignStmt]bool{}
	editAsserts(node, func(as *ast.AssignStmt) []ast.Stmt {
		if as == nil || guarded[as] || len(as.Lhs) != 2 || len(as.Rhs) != 1 || as.Tok != token.DEFINE && as.Tok != token.ASSIGN {
			return nil
		}
		ta, ok := unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil || !rw.isInterface(ta.Type) {
			return nil
		}
		t, _, known := rw.staticType(ta.X)
		if !(known && rw.sessionInterface(t)) && !(rw.declaredInterface(ta.Type) && rw.heldInterface(t, known)) {
			return nil
		}
		def, x := rw.define("asserted", ta.X)
		if known {
			// declared with its type, which the rewrites after read
			spec := &ast.ValueSpec{Names: []*ast.Ident{x}, Type: t, Values: []ast.Expr{ta.X}}
			x.Obj = &ast.Object{Kind: ast.Var, Name: x.Name, Decl: spec}
			def = &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{spec}}}
		}
		use := func() *ast.Ident { return &ast.Ident{Name: x.Name, Obj: x.Obj} }
		none := &ast.AssignStmt{Lhs: as.Lhs, Tok: as.Tok, Rhs: []ast.Expr{
			&ast.CallExpr{Fun: &ast.ParenExpr{X: ta.Type}, Args: []ast.Expr{ast.NewIdent("nil")}},
			ast.NewIdent("false"),
		}}
		var lhs []ast.Expr
		for _, l := range as.Lhs {
			lhs = append(lhs, cloneExpr(l))
		}
		assert := &ast.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: use(), Type: ta.Type}}}
		guarded[assert] = true
		var cond ast.Expr = &ast.BinaryExpr{X: use(), Op: token.NEQ, Y: ast.NewIdent("nil")}
		if known && rw.sessionInterface(t) {
			cond = rw.assertableCond(t, ta.Type, use)
		}
		return []ast.Stmt{def, none, &ast.IfStmt{If: as.Pos(), Cond: cond, Body: &ast.BlockStmt{List: []ast.Stmt{assert}}}}
	})
}

// conversionError is the call of _opshrt.Conversion that gives Go's
// panic for x, of the interface type from, not asserted to the interface
// to.
func (rw *rewriter) conversionError(from, to, x ast.Expr) ast.Expr {
	want, _ := rw.interfaceMethodNames(to)
	want = slices.Sorted(slices.Values(want))
	return &ast.CallExpr{Fun: rtFunc("Conversion"), Args: append([]ast.Expr{
		dynamicTypeName(x),
		&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(rw.goTypeName(to))},
		x,
		&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(strings.Join(want, ","))},
	}, quoted(rw.lackedMethods(from, to))...)}
}

// yaegi v0.16.1 asserts a value of the session's interface to another by
// the names of their methods: a value C{} whose Inc method is *C's was
// asserted to interface{ Inc() }. assertableCond is the condition under
// which x (each call of it the variable), of the interface type from, is
// asserted to the interface to: x != nil, and, where lackedMethods names
// types, x's dynamic type is none of them.
func (rw *rewriter) assertableCond(from, to ast.Expr, x func() *ast.Ident) ast.Expr {
	var cond ast.Expr = &ast.BinaryExpr{X: x(), Op: token.NEQ, Y: ast.NewIdent("nil")}
	if lacks := rw.lackedMethods(from, to); len(lacks) > 0 {
		implements := &ast.UnaryExpr{Op: token.NOT, X: &ast.CallExpr{Fun: rtFunc("Lacks"), Args: append([]ast.Expr{dynamicTypeName(x())}, quoted(lacks)...)}}
		cond = &ast.BinaryExpr{X: cond, Op: token.LAND, Y: implements}
	}
	return cond
}

// dynamicTypeName is x's dynamic type as %T writes it.
func dynamicTypeName(x ast.Expr) ast.Expr {
	return &ast.CallExpr{Fun: rtFunc("Sprintf"), Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: `"%T"`}, x}}
}

// quoted is the strings as literals.
func quoted(ss []string) []ast.Expr {
	var out []ast.Expr
	for _, s := range ss {
		out = append(out, quote(s))
	}
	return out
}

// quote is the string s as a literal.
func quote(s string) ast.Expr {
	return &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(s)}
}

// lacks is _opshrt.Lacks: whether typ is one of the types of the pairs
// lackedMethods gave.
func lacks(typ string, pairs ...string) bool {
	_, ok := lackedBy(typ, pairs)
	return ok
}

// lackedBy is the method the pairs lackedMethods gave say typ lacks.
func lackedBy(typ string, pairs []string) (string, bool) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == typ {
			return pairs[i+1], true
		}
	}
	return "", false
}

// lackedMethods are pairs of a type, as %T writes it, and the first
// method of the interface to (in order of name) it lacks, for each of
// the session's types, and pointers to them, that implement the interface
// from (an any if nil).
func (rw *rewriter) lackedMethods(from, to ast.Expr) []string {
	have, ok := rw.interfaceMethodNames(from)
	if from == nil || isIdent(from, "any") || isEmptyInterface(from) {
		have, ok = nil, true
	}
	want, ok2 := rw.interfaceMethodNames(to)
	if !ok || !ok2 || rw.methodSets == nil {
		return nil
	}
	sort.Strings(want)
	sets := rw.methodSet()
	var types []string
	for t := range sets {
		types = append(types, t)
	}
	sort.Strings(types)
	var pairs []string
	for _, t := range types {
		for _, ptr := range []bool{false, true} {
			has := func(m string) bool { onPtr, ok := sets[t][m]; return ok && (ptr || !onPtr) }
			implements := true
			for _, m := range have {
				implements = implements && has(m)
			}
			if !implements {
				continue
			}
			for _, m := range want {
				if !has(m) {
					name := "main." + t
					if ptr {
						name = "*" + name
					}
					pairs = append(pairs, name, m)
					break
				}
			}
		}
	}
	return pairs
}

// conversionError is _opshrt.Conversion: Go's panic for the failed
// assertion of v, a value of the dynamic type typ (as %T writes it), to
// the interface iface, of the methods want (their names, in order, joined
// by commas). lacks are the pairs lackedMethods gave, for the session's
// types; the method a compiled type lacks reflect tells.
func conversionError(typ, iface string, v any, want string, lacks ...string) error {
	if typ == "<nil>" {
		return goruntime.NewTypeAssertionError("interface conversion: interface is nil, not " + iface)
	}
	msg := "interface conversion: " + typ + " is not " + iface
	m, ok := lackedBy(typ, lacks)
	if rt := reflect.TypeOf(v); !ok && rt != nil && !strings.Contains(typ, "main.") && want != "" {
		for _, name := range strings.Split(want, ",") {
			if _, has := rt.MethodByName(name); !has {
				m, ok = name, true
				break
			}
		}
	}
	if !ok && strings.Contains(typ, "main.") && !strings.Contains(typ, "[") && want != "" {
		// a type of the session's that lacks is not given has no methods
		m, _, _ = strings.Cut(want, ",")
		ok = true
	}
	if ok {
		msg += ": missing method " + m
	}
	return goruntime.NewTypeAssertionError(msg)
}

// declaredInterface reports whether t names an interface type the session
// or the rewritten node declares (not a literal).
func (rw *rewriter) declaredInterface(t ast.Expr) bool {
	_, named := t.(*ast.Ident)
	return named && rw.sessionInterface(t)
}

// heldInterface reports whether a value of the type t (known, or not
// shown by the source) is held in an interface that is none of the
// session's: an any, an error, a package's interface.
func (rw *rewriter) heldInterface(t ast.Expr, known bool) bool {
	return !known || isIdent(t, "any") || isIdent(t, "error") || isEmptyInterface(t) || rw.compiledInterface(t)
}
