package engine

import (
	"go/ast"
	"go/token"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A value of the session's type held in an error is, to yaegi v0.16.1, a
// wrapper of its own that has the Error method only, so asserting it to
// another interface (err.(interface{ Temporary() bool }), err.(Temp),
// err.(fmt.Stringer)) failed though the type has the methods (yaegi issue
// 1558). rewriteInterfaceAsserts writes each such assertion on an error as
// a function literal that first tries the session's types that have the
// interface's methods, on the value the wrapper holds (_opshrt.Concrete),
// then the assertion as it was:
//
//	func(_opshAsserted any) (Temp, bool) {
//		if v, ok := any(_opshrt.Concrete(_opshAsserted)).(*NetErr); ok {
//			return v, true
//		}
//		v, ok := _opshAsserted.(Temp)
//		return v, ok
//	}(err)
//
// (without the bool, and panicking as Go does, where the assertion is not
// a comma-ok one).

// assertedName is the function literals' parameter.
const assertedName = "_opshAsserted"

func (rw *rewriter) rewriteInterfaceAsserts(node ast.Node) {
	if rw.methodSets == nil {
		return
	}
	commaOk := map[*ast.TypeAssertExpr]bool{}
	var asserts []*ast.TypeAssertExpr
	var asCalls []*ast.CallExpr
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && rw.isPackage(sel.X, "errors") && sel.Sel.Name == "As" && len(x.Args) == 2 {
				asCalls = append(asCalls, x)
			}
		case *ast.AssignStmt:
			if ta, ok := soleTypeAssert(x.Rhs); ok && len(x.Lhs) == 2 {
				commaOk[ta] = true
			}
		case *ast.ValueSpec:
			if ta, ok := soleTypeAssert(x.Values); ok && len(x.Names) == 2 {
				commaOk[ta] = true
			}
		case *ast.TypeAssertExpr:
			if x.Type != nil {
				asserts = append(asserts, x)
			}
		}
		return true
	})
	lits := map[ast.Expr]ast.Expr{}
	candidates := rw.assertCandidates
	for _, ta := range asserts {
		rw.assertAt = ta.Pos()
		t, _, ok := rw.staticType(ta.X)
		nilAs := rw.nilAssertion(ta, t, ok)
		var cands []ast.Expr
		var fb *fallback
		switch {
		case ok && isIdent(t, "error"):
			cands, fb = candidates(ta.Type), rw.fallback(ta.Type)
		case (!ok || isIdent(t, "any") || isEmptyInterface(t)) && rw.triedByBox(ta.Type):
			lits[ta] = rw.boxAssert(ta, commaOk[ta])
			continue
		case !ok || isIdent(t, "any") || isEmptyInterface(t):
			// An any may hold the session's interface value, which
			// yaegi loses given to a function literal: its compiled
			// values are tried after the assertion (fallbackAfter).
			cands = rw.anyCandidates(ta.Type)
		case rw.compiledInterface(t):
			cands, fb = rw.heldCandidates(ta.Type), rw.fallback(ta.Type)
		case rw.sessionInterface(t) && !isEmptyInterface(t) && rw.compiledInterface(ta.Type):
			// the session's interface asserted to a package's, which
			// yaegi's assertion gives as a nil one where the value came
			// from a function's result (reflect: Method on nil interface
			// value): asserted as an any holding it
			ta.X = conversion(ast.NewIdent("any"), ta.X)
			cands = rw.anyCandidates(ta.Type)
		case rw.sessionInterface(t) && !commaOk[ta] && rw.sessionInterface(ta.Type):
			// (a package's interface, fmt.Stringer, returned from the
			// literal can lose its value: reflect: Method on nil
			// interface value)
			lits[ta] = rw.checkedAssert(ta, t)
			continue
		default:
			// the session's interface or type: yaegi's assertion finds
			// its values
		}
		if len(cands) > 0 || fb != nil || nilAs != "" {
			var fail ast.Expr
			if !commaOk[ta] && rw.sessionInterface(ta.Type) {
				// yaegi's panic names no type (interface conversion:
				// nil is not main.Named)
				fail = rw.conversionError(t, ta.Type, ast.NewIdent(assertedName))
			}
			lits[ta] = rw.assertFunc(ta, cands, commaOk[ta], fb, nilAs, fail)
		}
	}
	for _, call := range asCalls {
		rw.assertAt = call.Pos()
		// errors.As(err, &t), t of an interface type the session declared
		target, ok := unparen(call.Args[1]).(*ast.UnaryExpr)
		if !ok || target.Op != token.AND {
			continue
		}
		t, _, ok := rw.staticType(target.X)
		if !ok || !rw.sessionInterface(t) || isEmptyInterface(t) {
			continue
		}
		lits[call] = rw.asCall(call.Args[0], target.X, t, candidates(t), rw.fallback(t))
	}
	rw.assertAt = token.NoPos
	if len(lits) > 0 {
		replaceExprs(node, func(x ast.Expr) ast.Expr { return lits[x] })
	}
}

// assertCandidates are the session's struct types (pointers to them) whose
// methods the interface iface asks for, which an assertion of an error to
// iface tries first (assertFunc); none if iface is none of the session's.
func (rw *rewriter) assertCandidates(iface ast.Expr) []ast.Expr {
	if rw.hasSelf(iface) || rw.sessionErrorPointer(iface) {
		return []ast.Expr{iface} // a struct the wrapper loses (selfMethod), a typed nil
	}
	if rw.methodSets == nil {
		return nil
	}
	methods, ok := rw.interfaceMethodNames(iface)
	if !ok || len(methods) == 0 {
		return nil
	}
	return implementers(rw.withGenericInstances(rw.methodSet()), methods, func(t string) bool {
		return !rw.isStructType(t) || rw.hasSelf(ast.NewIdent(t))
	})
}

// anyCandidates are the types an assertion of a value that is no error
// (an any, an io.Writer) to t tries first: for an interface of the
// session's, the session's types (and pointers to them) that have its
// methods, since yaegi panics on such a pointer (reflect.Set: …
// interp.valueInterface) and misses such a value; for a package's
// interface (fmt.Stringer, io.Closer) the pointers, which a package
// interface's wrapper holds, and the struct types with fields, whose
// value yaegi misses where their methods have value receivers (a value
// of type health int, or of a struct without fields, is left to yaegi's
// assertion: reflect, which the tries use, takes a 7 or io.Discard for
// one); for another type, what assertCandidates gives.
func (rw *rewriter) anyCandidates(t ast.Expr) []ast.Expr {
	if !rw.sessionInterface(t) && !rw.packageInterface(t) || rw.methodSets == nil {
		return rw.assertCandidates(t)
	}
	methods, ok := rw.interfaceMethodNames(t)
	if !ok || len(methods) == 0 {
		return nil
	}
	cands := implementers(rw.withGenericInstances(rw.methodSet()), methods, func(string) bool { return true })
	if sel, ok := unparen(t).(*ast.SelectorExpr); ok && rw.packageType != nil {
		if rt := rw.packageType(sel); rt != nil {
			cands = slices.DeleteFunc(cands, func(c ast.Expr) bool { return !rw.fitsMethods(c, rt) })
		}
	}
	return cands
}

// fitsMethods reports whether the session's type c (T or *T) declares the
// methods of the package's interface rt with their signatures, as far as
// its declarations show them: as many parameters and results, each of the
// predeclared type rt's method has where the declaration writes one. A
// Read() string is no io.Reader's Read: tried as one, the assertion
// failed (reflect.Set: value of type func() string is not assignable to
// type func([]uint8) (int, error)) where Go's gives false.
func (rw *rewriter) fitsMethods(c ast.Expr, rt reflect.Type) bool {
	name, _ := typeIdent(c)
	for i := range rt.NumMethod() {
		m := rt.Method(i)
		fd := rw.method(name, m.Name)
		if fd == nil {
			continue // promoted, or not told
		}
		params, results := fieldTypes(fd.Type.Params), fieldTypes(fd.Type.Results)
		if len(params) != m.Type.NumIn() || len(results) != m.Type.NumOut() {
			return false
		}
		for j, p := range params {
			if !samePredeclared(p, m.Type.In(j)) {
				return false
			}
		}
		for j, r := range results {
			if !samePredeclared(r, m.Type.Out(j)) {
				return false
			}
		}
	}
	return true
}

// samePredeclared reports whether t, a type as the source writes it, may
// be rt: false only where t is a predeclared type other than rt.
func samePredeclared(t ast.Expr, rt reflect.Type) bool {
	id, ok := t.(*ast.Ident)
	if !ok || id.Obj != nil || !predeclaredTypes[id.Name] {
		return true
	}
	switch id.Name {
	case "error":
		return rt == errorType
	case "any":
		return rt.Kind() == reflect.Interface && rt.NumMethod() == 0
	case "byte":
		return rt == reflect.TypeFor[byte]()
	case "rune":
		return rt == reflect.TypeFor[rune]()
	}
	return rt.PkgPath() == "" && rt.Name() == id.Name
}

// hasFields reports whether typ is a struct type the node or the session
// declared with at least one field.
func (rw *rewriter) hasFields(typ string) bool {
	def, ok := rw.typeDef(typ)
	st, isStruct := def.(*ast.StructType)
	return ok && isStruct && st.Fields != nil && len(st.Fields.List) > 0
}

// heldCandidates are the types an assertion of a value held in a
// package's interface (an io.Writer) to t tries first, on the value
// yaegi's wrapper of the session's values holds: for an interface, what
// anyCandidates gives, since the wrapper has the methods of the package's
// interface only (w.(io.Closer) missed a *W that has Close); for another
// type, t itself, since yaegi's assertion of such a value panics where it
// is a struct without fields (io.Discard: reflect: Field index out of
// bounds).
func (rw *rewriter) heldCandidates(t ast.Expr) []ast.Expr {
	if rw.isInterface(t) {
		return rw.anyCandidates(t)
	}
	return []ast.Expr{t}
}

// isInterface reports whether t is an interface type: error, any, a
// literal, the session's or a package's.
func (rw *rewriter) isInterface(t ast.Expr) bool {
	if sel, ok := t.(*ast.SelectorExpr); ok && rw.packageType != nil {
		rt := rw.packageType(sel)
		return rt != nil && rt.Kind() == reflect.Interface
	}
	return isIdent(t, "any") || isIdent(t, "error") || rw.sessionInterface(t)
}

// packageInterface reports whether t is a package's interface type with
// methods (io.Closer, fmt.Stringer).
func (rw *rewriter) packageInterface(t ast.Expr) bool {
	_, ok := unparen(t).(*ast.SelectorExpr)
	return ok && rw.compiledInterface(t)
}

// methodSet is the methods of the session's types and of the node's, with
// those they promote from the fields they embed, read once a rewrite.
func (rw *rewriter) methodSet() map[string]map[string]bool {
	if rw.sets == nil && rw.methodSets != nil {
		rw.sets = rw.methodSets()
		for key, fd := range rw.funcs {
			if typ, _, ok := strings.Cut(key, "."); ok {
				addMethod(rw.sets, typ, fd)
			}
		}
		for name := range rw.types {
			if _, ok := rw.sets[name]; !ok && rw.embedsField(name) {
				rw.sets[name] = map[string]bool{}
			}
		}
		rw.promoteMethods(rw.sets)
		rw.dropLookalikes(rw.sets)
	}
	return rw.sets
}

// embedsField reports whether the type name is a struct type with an
// embedded field.
func (rw *rewriter) embedsField(name string) bool {
	return len(rw.embeddedTypes(name)) > 0
}

// embeddedTypes are the names of the session's types the struct type name
// embeds, each with whether it embeds a pointer to it.
func (rw *rewriter) embeddedTypes(name string) map[string]bool {
	def, _ := rw.typeDef(name)
	return embeddedTypesOf(def)
}

// embeddedTypesOf is embeddedTypes of the definition def.
func embeddedTypesOf(def ast.Expr) map[string]bool {
	st, isStruct := def.(*ast.StructType)
	if !isStruct || st.Fields == nil {
		return nil
	}
	out := map[string]bool{}
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			continue
		}
		if id, ptr := typeIdent(f.Type); id != "" {
			out[id] = ptr
		}
	}
	return out
}

// promoteMethods adds to sets the methods each of its struct types
// promotes from the session's types it embeds, as Go's method sets have
// them: those of an embedded T are the struct's where T has them as a
// value, its pointer's where *T does; all of an embedded *T's are the
// struct's. A method the struct declares, or two embedded fields give,
// is none promoted.
func (rw *rewriter) promoteMethods(sets map[string]map[string]bool) {
	var full func(name string, depth int) map[string]bool
	full = func(name string, depth int) map[string]bool {
		own := sets[name]
		embedded := rw.embeddedTypes(name)
		if len(embedded) == 0 || depth > 8 {
			return own
		}
		set := map[string]bool{}
		count := map[string]int{}
		for e, byPtr := range embedded {
			for m, onPtr := range full(e, depth+1) {
				count[m]++
				set[m] = onPtr && !byPtr
			}
		}
		for m, n := range count {
			if n > 1 {
				delete(set, m) // ambiguous
			}
		}
		for m, onPtr := range own {
			set[m] = onPtr
		}
		return set
	}
	promoted := map[string]map[string]bool{}
	for name := range sets {
		promoted[name] = full(name, 0)
	}
	for name, set := range promoted {
		if len(set) > 0 {
			sets[name] = set
		} else if len(sets[name]) == 0 {
			delete(sets, name)
		}
	}
}

// sessionInterface reports whether t is an interface type the session or
// the rewritten node declares, or an interface literal: compiled code
// cannot set a variable of one.
func (rw *rewriter) sessionInterface(t ast.Expr) bool {
	if _, ok := t.(*ast.InterfaceType); ok {
		return true
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	def, ok := rw.typeDef(id.Name)
	_, isIface := def.(*ast.InterfaceType)
	return ok && isIface
}

// asCall is errors.As(err, &target), target of the interface type t: a
// call of _opshrt.AsFunc with a function that asserts each error of err's
// chain to t, trying the types cands first and a compiled value's
// methods last (fb, if not nil), and sets target.
func (rw *rewriter) asCall(err, target, t ast.Expr, cands []ast.Expr, fb *fallback) ast.Expr {
	e := ast.NewIdent("_opshE")
	var assert ast.Expr = &ast.TypeAssertExpr{X: e, Type: t}
	if len(cands) > 0 || fb != nil {
		assert = rw.assertFunc(&ast.TypeAssertExpr{X: ast.NewIdent("_opshE"), Type: t}, cands, true, fb, "", nil)
	}
	v, ok := ast.NewIdent("_opshV"), ast.NewIdent("_opshOk")
	body := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{v, ok}, Tok: token.DEFINE, Rhs: []ast.Expr{assert}},
		&ast.IfStmt{Cond: ast.NewIdent("_opshOk"), Body: &ast.BlockStmt{List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{target}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("_opshV")}},
		}}},
		&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("_opshOk")}},
	}
	try := &ast.FuncLit{
		Type: &ast.FuncType{
			Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent("_opshE")}, Type: ast.NewIdent("error")}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}},
		},
		Body: &ast.BlockStmt{List: body},
	}
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("AsFunc")}, Args: []ast.Expr{err, try}}
}

// yaegi v0.16.1 gives nil, without a panic, for the assertion of a value
// of the session's interface type to another of the session's interfaces
// its dynamic type does not implement, where the two have as many
// methods (var s Shape = Sq{}; n := s.(Named)), and follows a nil pointer
// for a nil s. checkedAssert writes such an assertion, of x of the type
// from, as a function literal that asserts the value with comma-ok where
// assertableCond holds, and panics as Go does where that fails:
//
//	func(_opshAsserted Shape) Named {
//		if _opshAsserted != nil {
//			if _opshV, _opshOk := _opshAsserted.(Named); _opshOk {
//				return _opshV
//			}
//		}
//		panic(_opshrt.Conversion(_opshrt.Sprintf("%T", _opshAsserted), "main.Named", _opshAsserted, "Name", "main.Sq", "Name"))
//	}(s)
//
// (The literal's parameter is of the type from: an any loses such a
// value.)
func (rw *rewriter) checkedAssert(ta *ast.TypeAssertExpr, from ast.Expr) ast.Expr {
	x := func() *ast.Ident { return ast.NewIdent(assertedName) }
	found := &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_opshV"), ast.NewIdent("_opshOk")}, Tok: token.DEFINE,
		Rhs: []ast.Expr{&ast.TypeAssertExpr{X: x(), Type: ta.Type}}}
	body := []ast.Stmt{
		&ast.IfStmt{Cond: rw.assertableCond(from, ta.Type, x), Body: &ast.BlockStmt{List: []ast.Stmt{
			&ast.IfStmt{Init: found, Cond: ast.NewIdent("_opshOk"), Body: &ast.BlockStmt{List: []ast.Stmt{
				&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("_opshV")}},
			}}},
		}}},
		&ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("panic"), Args: []ast.Expr{rw.conversionError(from, ta.Type, x())}}},
	}
	return &ast.CallExpr{
		Fun: &ast.FuncLit{
			Type: &ast.FuncType{
				Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{x()}, Type: from}}},
				Results: &ast.FieldList{List: []*ast.Field{{Type: ta.Type}}},
			},
			Body: &ast.BlockStmt{List: body},
		},
		Args: []ast.Expr{ta.X},
	}
}

// soleTypeAssert is the type assertion that is the only one of exprs.
func soleTypeAssert(exprs []ast.Expr) (*ast.TypeAssertExpr, bool) {
	if len(exprs) != 1 {
		return nil, false
	}
	ta, ok := unparen(exprs[0]).(*ast.TypeAssertExpr)
	return ta, ok && ta.Type != nil
}

// isPackage reports whether x names the package name (not a variable).
func (rw *rewriter) isPackage(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name && id.Obj == nil && (rw.defined == nil || !rw.defined(name))
}

func isIdent(x ast.Expr, name string) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == name
}

// interfaceMethodNames are the names of the methods of the interface type
// t: a literal, the session's interface, or a package's.
func (rw *rewriter) interfaceMethodNames(t ast.Expr) ([]string, bool) {
	switch x := t.(type) {
	case *ast.InterfaceType:
		var names []string
		for _, f := range x.Methods.List {
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
			if len(f.Names) == 0 {
				embedded, ok := rw.interfaceMethodNames(f.Type)
				if !ok {
					return nil, false
				}
				names = append(names, embedded...)
			}
		}
		return names, true
	case *ast.Ident:
		if x.Name == "error" {
			return []string{"Error"}, true
		}
		if def, ok := rw.typeDef(x.Name); ok {
			if _, isIface := def.(*ast.InterfaceType); isIface {
				return rw.interfaceMethodNames(def)
			}
		}
	case *ast.SelectorExpr:
		if rw.packageType != nil {
			if rt := rw.packageType(x); rt != nil && rt.Kind() == reflect.Interface {
				var names []string
				for i := range rt.NumMethod() {
					names = append(names, rt.Method(i).Name)
				}
				return names, true
			}
		}
	}
	return nil, false
}

// dropLookalikes drops from sets the error types that share their
// definition with another error type (type Code int, type Errno int): the
// interpreter holds their values as values of that definition (an int),
// which the type switch cannot tell apart. Struct types of the same fields
// it can (tagLookalikes).
func (rw *rewriter) dropLookalikes(sets map[string]map[string]bool) {
	byDef := map[string][]string{}
	for typ, methods := range sets {
		if _, isError := methods["Error"]; !isError {
			continue
		}
		if def, ok := rw.typeDef(typ); ok {
			if _, isStruct := def.(*ast.StructType); isStruct {
				continue // told apart by their tags (tagLookalikes)
			}
			key := exprString(nil, def)
			byDef[key] = append(byDef[key], typ)
		}
	}
	for _, types := range byDef {
		if len(types) > 1 {
			for _, t := range types {
				delete(sets, t)
			}
		}
	}
}

// implementers are the types of sets (type → method → declared on the
// pointer receiver) that have all the methods, T or *T, in order of
// their names. A struct type's value is left out unless found says it
// can be: yaegi's wrapper of one given as an error does not hold it, but
// for the selfMethod's.
func implementers(sets map[string]map[string]bool, methods []string, found func(string) bool) []ast.Expr {
	var types []string
	for t := range sets {
		types = append(types, t)
	}
	sort.Strings(types)
	var out []ast.Expr
	for _, t := range types {
		value, all := true, true
		for _, m := range methods {
			onPtr, ok := sets[t][m]
			all = all && ok
			value = value && ok && !onPtr
		}
		if !all {
			continue
		}
		out = append(out, &ast.StarExpr{X: ast.NewIdent(t)})
		if value && found(t) {
			out = append(out, ast.NewIdent(t))
		}
	}
	return out
}

// assertFunc is the call of the function literal that asserts ta.X to
// ta.Type, trying the types cands first, and, if fb is not nil, a
// compiled value's methods last. If nilAs is not "", a nil ta.X is not
// asserted: the literal returns false, or panics as Go does, naming the
// type nilAs. If fail is not nil, an assertion that is no comma-ok one
// panics with it where it fails (rather than with yaegi's panic).
func (rw *rewriter) assertFunc(ta *ast.TypeAssertExpr, cands []ast.Expr, commaOk bool, fb *fallback, nilAs string, fail ast.Expr) ast.Expr {
	v := func() *ast.Ident { return ast.NewIdent("_opshV") }
	ret := func(x ast.Expr, ok string) *ast.ReturnStmt {
		r := &ast.ReturnStmt{Results: []ast.Expr{x}}
		if commaOk {
			r.Results = append(r.Results, ast.NewIdent(ok))
		}
		return r
	}
	// One assertion a candidate: yaegi's type switch loses the value of
	// a case's pointer returned as an interface. Each asserts what
	// _opshrt.Concrete gives converted to any, in the assertion itself:
	// yaegi's assertion of a compiled function's result panics on a
	// struct without fields (reflect: Field index out of bounds), and
	// a value asserted from a variable loses its methods' receiver.
	var tries []ast.Stmt
	if nilAs != "" {
		isNil := &ast.BinaryExpr{X: ast.NewIdent(assertedName), Op: token.EQL, Y: ast.NewIdent("nil")}
		var answer ast.Stmt = ret(ast.NewIdent("nil"), "false")
		if !commaOk {
			answer = &ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("panic"), Args: []ast.Expr{
				&ast.CallExpr{Fun: rtFunc("NilAssertion"), Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(nilAs)}}},
			}}}
		}
		tries = append(tries, &ast.IfStmt{Cond: isNil, Body: &ast.BlockStmt{List: []ast.Stmt{answer}}})
	}
	for _, c := range cands {
		held := &ast.CallExpr{Fun: &ast.ParenExpr{X: &ast.InterfaceType{Methods: &ast.FieldList{}}}, Args: []ast.Expr{
			&ast.CallExpr{Fun: rtFunc("Concrete"), Args: []ast.Expr{ast.NewIdent(assertedName)}},
		}}
		try := &ast.IfStmt{
			Init: &ast.AssignStmt{Lhs: []ast.Expr{v(), ast.NewIdent("_opshOk")}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: held, Type: c}}},
			Cond: ast.NewIdent("_opshOk"),
			Body: &ast.BlockStmt{List: []ast.Stmt{ret(v(), "true")}},
		}
		if !rw.triedByBox(c) {
			tries = append(tries, try)
			continue
		}
		// a Level, an int to reflect: a box of it is asserted to it; a
		// value in a wrapper of yaegi's (an error's) is tried by
		// reflect, but for a package's interface, which such a value
		// reaches as itself; a box of another type, or a value of no
		// box (a 5, a "x"), is not
		cases := []ast.Stmt{&ast.CaseClause{List: []ast.Expr{quote(exprString(nil, c))}, Body: []ast.Stmt{ret(&ast.TypeAssertExpr{X: ast.NewIdent(assertedName), Type: c}, "true")}}}
		if !rw.packageInterface(ta.Type) {
			cases = append(cases, &ast.CaseClause{List: []ast.Expr{quote("")}, Body: []ast.Stmt{try}})
		}
		tries = append(tries, &ast.SwitchStmt{Tag: boxCall("BoxName", ast.NewIdent(assertedName)), Body: &ast.BlockStmt{List: cases}})
	}
	results := &ast.FieldList{List: []*ast.Field{{Type: ta.Type}}}
	var last []ast.Stmt
	again := &ast.TypeAssertExpr{X: ast.NewIdent(assertedName), Type: ta.Type}
	if commaOk {
		results.List = append(results.List, &ast.Field{Type: ast.NewIdent("bool")})
		last = []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{v(), ast.NewIdent("_opshOk")}, Tok: token.DEFINE, Rhs: []ast.Expr{again}}}
		if fb != nil {
			last = append(last, &ast.IfStmt{
				Cond: &ast.BinaryExpr{X: &ast.UnaryExpr{Op: token.NOT, X: ast.NewIdent("_opshOk")}, Op: token.LAND, Y: fb.has},
				Body: &ast.BlockStmt{List: []ast.Stmt{ret(fb.wrapped(), "true")}},
			})
		}
		last = append(last, ret(v(), "_opshOk"))
	} else {
		if fb != nil || fail != nil {
			found := &ast.AssignStmt{Lhs: []ast.Expr{v(), ast.NewIdent("_opshOk")}, Tok: token.DEFINE, Rhs: []ast.Expr{cloneExpr(again)}}
			last = []ast.Stmt{&ast.IfStmt{Init: found, Cond: ast.NewIdent("_opshOk"), Body: &ast.BlockStmt{List: []ast.Stmt{ret(v(), "")}}}}
		}
		if fb != nil {
			last = append(last, &ast.IfStmt{Cond: fb.has, Body: &ast.BlockStmt{List: []ast.Stmt{ret(fb.wrapped(), "")}}})
		}
		if fail != nil {
			// at the assertion's position, which the panic's trace names
			last = append(last, &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: ta.Pos(), Name: "panic"}, Lparen: ta.Pos(), Args: []ast.Expr{fail}, Rparen: ta.Pos()}})
		} else {
			last = append(last, &ast.ReturnStmt{Results: []ast.Expr{again}})
		}
	}
	return &ast.CallExpr{
		Fun: &ast.FuncLit{
			Type: &ast.FuncType{
				Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent(assertedName)}, Type: &ast.InterfaceType{Methods: &ast.FieldList{}}}}},
				Results: results,
			},
			Body: &ast.BlockStmt{List: append(tries, last...)},
		},
		Args: []ast.Expr{ta.X},
	}
}

// triedByBox reports whether an assertion tries the candidate c, a type
// of the session's, by the name of the type of the value's box
// (_opshrt.BoxName) rather than by reflect's type: c is no pointer and
// no struct of fields, a type Level int that reflect takes for an int, as
// it takes a 5 for a Level (so a 5 in an any was an error where Errno int
// has Error). And yaegi's own assertion of such a value to a compiled
// interface reads the value from another function's frame where the
// value was made an interface in one (reflect.Set: value of type bool is
// not assignable to type int): asserted to Level first, the value is made
// the interface in the literal's.
func (rw *rewriter) triedByBox(c ast.Expr) bool {
	id, ok := c.(*ast.Ident)
	if !ok || rw.hasFields(id.Name) {
		return false
	}
	def, ok := rw.typeDef(id.Name)
	_, isIface := def.(*ast.InterfaceType)
	return ok && !isIface
}

// boxAssert is ta, an assertion of what may be an any to a type of the
// session's that triedByBox tells by the name of the box's type, as a
// function literal that asserts only a value of that box, or of none (a
// wrapper, or a value a compiled function gave back, which reflect tells
// as it can):
//
//	func(_opshAsserted any) (Level, bool) {
//		_opshK := _opshrt.BoxName([]any{_opshAsserted})
//		if _opshK == "Level" || _opshK == "" || _opshK == "-" {
//			_opshV, _opshOk := _opshAsserted.(Level)
//			return _opshV, _opshOk
//		}
//		return *new(Level), false
//	}(x)
//
// yaegi asserted by reflect's type: a Health, or a 5, was a Level. An
// assertion that is no comma-ok one panics with Go's message instead.
func (rw *rewriter) boxAssert(ta *ast.TypeAssertExpr, commaOk bool) ast.Expr {
	x := func() ast.Expr { return ast.NewIdent(assertedName) }
	kind := func() ast.Expr { return ast.NewIdent("_opshK") }
	named := &ast.AssignStmt{Lhs: []ast.Expr{kind()}, Tok: token.DEFINE, Rhs: []ast.Expr{boxCall("BoxName", x())}}
	known := &ast.IfStmt{
		Cond: &ast.BinaryExpr{
			X:  &ast.BinaryExpr{X: kind(), Op: token.EQL, Y: quote(exprString(nil, ta.Type))},
			Op: token.LOR,
			Y: &ast.BinaryExpr{
				X:  &ast.BinaryExpr{X: kind(), Op: token.EQL, Y: quote("")},
				Op: token.LOR,
				Y:  &ast.BinaryExpr{X: kind(), Op: token.EQL, Y: quote("-")},
			},
		},
		Body: &ast.BlockStmt{},
	}
	results := &ast.FieldList{List: []*ast.Field{{Type: ta.Type}}}
	var last ast.Stmt
	if commaOk {
		results.List = append(results.List, &ast.Field{Type: ast.NewIdent("bool")})
		v, ok := ast.NewIdent("_opshV"), ast.NewIdent("_opshOk")
		known.Body.List = []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{v, ok}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: x(), Type: ta.Type}}},
			&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("_opshV"), ast.NewIdent("_opshOk")}},
		}
		last = &ast.ReturnStmt{Results: []ast.Expr{&ast.StarExpr{X: &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{ta.Type}}}, ast.NewIdent("false")}}
	} else {
		// (a nil any fails too, with Go's message: interface {} is nil)
		known.Cond = &ast.BinaryExpr{X: &ast.BinaryExpr{X: x(), Op: token.NEQ, Y: ast.NewIdent("nil")}, Op: token.LAND, Y: &ast.ParenExpr{X: known.Cond}}
		known.Body.List = []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{&ast.TypeAssertExpr{X: x(), Type: ta.Type}}}}
		last = &ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("panic"), Args: []ast.Expr{
			&ast.CallExpr{Fun: rtFunc("NotType"), Args: []ast.Expr{kind(), dynamicTypeName(x()), quote(rw.goTypeName(ta.Type))}},
		}}}
	}
	return &ast.CallExpr{
		Fun: &ast.FuncLit{
			Type: &ast.FuncType{
				Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{x().(*ast.Ident)}, Type: &ast.InterfaceType{Methods: &ast.FieldList{}}}}},
				Results: results,
			},
			Body: &ast.BlockStmt{List: []ast.Stmt{named, known, last}},
		},
		Args: []ast.Expr{ta.X},
	}
}

// boxCall is the call of _opshrt's function f (BoxedType, BoxName) on
// x, given as the one element of a []any, which keeps x's box.
func boxCall(f string, x ast.Expr) ast.Expr {
	return &ast.CallExpr{Fun: rtFunc(f), Args: []ast.Expr{&ast.CompositeLit{
		Type: &ast.ArrayType{Elt: &ast.InterfaceType{Methods: &ast.FieldList{}}},
		Elts: []ast.Expr{x},
	}}}
}

// methodSets are the methods of the session's types, by type: each with
// whether it is declared on the pointer receiver. A struct type without
// methods of its own that embeds one of the session's types has an empty
// set, which the rewriter fills with what it promotes (promoteMethods).
// The sets are made again only when the session's methods or types
// changed (reading the declarations again was most of a cell's time in a
// session of many types); each call has a copy of its own, which the
// rewriter changes.
func (e *Evaluator) methodSets() map[string]map[string]bool {
	if e.cachedSets.sets == nil || e.cachedSets.gen != e.declGen {
		e.cachedSets.sets, e.cachedSets.gen = e.readMethodSets(), e.declGen
	}
	sets := make(map[string]map[string]bool, len(e.cachedSets.sets))
	for typ, set := range e.cachedSets.sets {
		sets[typ] = maps.Clone(set)
	}
	return sets
}

// readMethodSets reads methodSets from the session's declarations.
func (e *Evaluator) readMethodSets() map[string]map[string]bool {
	sets := map[string]map[string]bool{}
	for key := range e.methodDecls {
		if typ, method, ok := strings.Cut(key, "."); ok {
			fd, _ := e.methodDecl(typ, method)
			addMethod(sets, typ, fd)
		}
	}
	for name, src := range e.typeDecls {
		if _, ok := sets[name]; ok || !strings.HasPrefix(src, "struct") {
			continue
		}
		if def, ok := e.typeDecl(name); ok && len(embeddedTypesOf(def)) > 0 {
			sets[name] = map[string]bool{}
		}
	}
	return sets
}

// addMethod adds the method fd of the type typ to sets. A generic type's
// is left out: a case of a type switch cannot name the type without its
// arguments.
func addMethod(sets map[string]map[string]bool, typ string, fd *ast.FuncDecl) {
	if typ == "" || fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 {
		return
	}
	recv := fd.Recv.List[0].Type
	star, onPtr := recv.(*ast.StarExpr)
	if onPtr {
		recv = star.X
	}
	if _, plain := recv.(*ast.Ident); !plain {
		return // T[K]
	}
	if sets[typ] == nil {
		sets[typ] = map[string]bool{}
	}
	sets[typ][fd.Name.Name] = onPtr
}

// assertFromAny makes the operand of each type assertion and type switch
// under node whose type is an empty interface of the session's (type
// Action any) an any: yaegi v0.16.1 matched no case of a switch on it.
func (rw *rewriter) assertFromAny(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		ta, ok := n.(*ast.TypeAssertExpr)
		if !ok {
			return true
		}
		t, _, ok := rw.staticType(ta.X)
		if id, isID := t.(*ast.Ident); !ok || !isID || predeclaredTypes[id.Name] {
			return true
		}
		switch u := rw.underlying(t).(type) {
		case *ast.InterfaceType:
			if len(u.Methods.List) > 0 {
				return true
			}
		case *ast.Ident:
			if u.Name != "any" {
				return true
			}
		default:
			return true
		}
		ta.X = &ast.CallExpr{Fun: ast.NewIdent("any"), Args: []ast.Expr{ta.X}}
		return true
	})
}
