package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// This file makes the calls of the user's generic functions infer their
// type arguments as Go does.
//
// yaegi v0.16.1 infers a call's type arguments by walking the types of
// the function's parameters, left to right, and listing the argument's
// type at every use of a type parameter; it then takes the first type of
// that list as the first type argument, the second as the second, and so
// on, whatever type parameter each use was of. So Map[T, U any](s []T, f
// func(T) U) called with ([]int, func(int) string) gets T = int and U =
// int (the second use is f's T), and fails. It also pairs the i-th
// parameter field, not the i-th parameter, with the i-th argument
// (f(a, b int, m map[K]V) takes b for m).
//
// layoutTypeParams rewrites such a declaration so that yaegi's list is
// right: one parameter per field, and the type parameters declared in the
// order of their uses, a use after the first declaring a stand-in of its
// own (func Map[T, _T, U any](s []T, f func(T) U)) that the body never
// names. instantiate gives explicit type arguments in that order, and
// refuses, in Go's words, a call whose type arguments cannot be inferred.

// genericFunc is what the evaluator knows of a generic function the user
// declared.
type genericFunc struct {
	name   string   // as the user named it
	params []string // its type parameters, as declared
	// order gives, for each type parameter the interpreter is given, the
	// index in params of the one it stands for; nil when the declaration
	// is left as written.
	order []int
	// inferred reports, for each of params, whether the interpreter infers
	// it from the arguments; nil when opsh cannot tell.
	inferred []bool
	// goInfers reports, for each of params, whether Go infers it: from a
	// use anywhere in the parameters' types, or from another type
	// parameter's constraint.
	goInfers []bool
	shape    shape // what a call gives
	// paramTypes are the types of its parameters, one a parameter, and
	// resultTypes those of its results, as the declaration writes them;
	// cores, for each of params, the type its constraint makes it of (S
	// ~[]E: []E), or nil.
	paramTypes, resultTypes, cores []ast.Expr
	// variadic is the index of the parameter `xs ...T` when T, the
	// function's one type parameter, is given by no other parameter, so
	// that only the variadic arguments tell it (inferVariadic); -1 if not.
	variadic int
}

// signature is what a generic function's declaration ft says of its
// calls: its type parameters, their constraints' core types, its
// parameters' and results' types (copies: ft may be rewritten after).
func signature(name string, ft *ast.FuncType) *genericFunc {
	g := &genericFunc{name: name, shape: funcTypeShape(ft), variadic: -1}
	for _, f := range ft.TypeParams.List {
		for _, n := range f.Names {
			g.params = append(g.params, n.Name)
			g.cores = append(g.cores, coreType(f.Type))
		}
	}
	for _, t := range fieldTypes(ft.Params) {
		g.paramTypes = append(g.paramTypes, cloneExpr(t))
	}
	for _, t := range fieldTypes(ft.Results) {
		g.resultTypes = append(g.resultTypes, cloneExpr(t))
	}
	return g
}

// packageGenerics are the generic functions of genericPackages by
// "pkg.Name", as signature gives them.
var packageGenerics = sync.OnceValue(func() map[string]*genericFunc {
	out := map[string]*genericFunc{}
	for key, ft := range goSrcFuncs() {
		pkg, name, _ := strings.Cut(key, ".")
		if genericPackages[pkg] && ft.TypeParams != nil {
			out[key] = signature(name, ft)
		}
	}
	return out
})

// calledGeneric is the generic function call calls, with the type
// arguments it gives: one of the user's, by the name renameGenerics gave
// it, or of genericPackages (slices.Sorted); nil if none.
func (rw *rewriter) calledGeneric(call *ast.CallExpr) (*genericFunc, []ast.Expr) {
	fun := unparen(call.Fun)
	var explicit []ast.Expr
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun, explicit = x.X, []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		fun, explicit = x.X, x.Indices
	}
	switch x := fun.(type) {
	case *ast.Ident:
		if name, ok := strings.CutPrefix(x.Name, genericPrefix); ok {
			return rw.genericFunc(name), explicit
		}
		if x.Obj == nil { // the source's, not renamed yet (noteGlobals)
			return rw.genericFunc(x.Name), explicit
		}
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok && pkg.Obj == nil && genericPackages[rw.pkgName(pkg.Name)] && (rw.defined == nil || !rw.defined(pkg.Name)) {
			return packageGenerics()[rw.pkgName(pkg.Name)+"."+x.Sel.Name], explicit
		}
	}
	return nil, nil
}

// layoutTypeParams rewrites a generic function's declaration as above and
// returns what a call of it needs.
func layoutTypeParams(fd *ast.FuncDecl) *genericFunc {
	g := signature(fd.Name.Name, fd.Type)
	isParam := map[string]bool{}
	var constraints []ast.Expr
	for _, f := range fd.Type.TypeParams.List {
		for _, n := range f.Names {
			constraints = append(constraints, f.Type)
			isParam[n.Name] = true
		}
	}
	splitParamFields(fd.Type.Params)
	var uses, hidden []string
	for _, f := range fd.Type.Params.List {
		if !typeParamUses(f.Type, isParam, &uses, &hidden) {
			return g
		}
	}
	for _, c := range constraints {
		hidden = append(hidden, typeNamesIn(c, func(name string) bool { return isParam[name] })...)
	}
	index := map[string]int{}
	for i, p := range g.params {
		index[p] = i
	}
	g.inferred = make([]bool, len(g.params))
	g.goInfers = make([]bool, len(g.params))
	if n := len(fd.Type.Params.List); n > 0 && len(g.params) == 1 && len(uses) == 0 {
		if e, ok := fd.Type.Params.List[n-1].Type.(*ast.Ellipsis); ok {
			if id, ok := e.Elt.(*ast.Ident); ok && id.Name == g.params[0] {
				g.variadic = n - 1
			}
		}
	}
	for _, u := range uses {
		g.inferred[index[u]] = true
		g.goInfers[index[u]] = true
	}
	for _, h := range hidden {
		g.goInfers[index[h]] = true
	}
	var order []int
	for _, u := range uses {
		order = append(order, index[u])
	}
	for i, ok := range g.inferred {
		if !ok {
			order = append(order, i)
		}
	}
	if sameOrder(order) {
		return g
	}
	g.order = order
	var list []*ast.Field
	seen := map[int]bool{}
	for j, i := range order {
		if !seen[i] {
			seen[i] = true
			list = append(list, &ast.Field{Names: []*ast.Ident{ast.NewIdent(g.params[i])}, Type: constraints[i]})
			continue
		}
		stand := fmt.Sprintf("%s%s%d", loopCopy, g.params[i], j)
		list = append(list, &ast.Field{Names: []*ast.Ident{ast.NewIdent(stand)}, Type: ast.NewIdent("any")})
	}
	fd.Type.TypeParams.List = list
	return g
}

// sameOrder reports whether order is 0, 1, 2 … (the declaration as it is).
func sameOrder(order []int) bool {
	for j, i := range order {
		if i != j {
			return false
		}
	}
	return true
}

// splitParamFields declares each parameter in a field of its own.
func splitParamFields(params *ast.FieldList) {
	var list []*ast.Field
	for _, f := range params.List {
		if len(f.Names) < 2 {
			list = append(list, f)
			continue
		}
		for _, n := range f.Names {
			list = append(list, &ast.Field{Names: []*ast.Ident{n}, Type: f.Type})
		}
	}
	params.List = list
}

// typeParamUses appends to uses the type parameters t uses, in the order
// the interpreter's inference finds them, and to hidden those it uses
// where the inference does not look (a variadic parameter, an array, a
// channel of one direction). It
// returns false for a type whose walk opsh does not know (a generic type's
// instance) that uses a type parameter.
func typeParamUses(t ast.Expr, isParam map[string]bool, uses, hidden *[]string) bool {
	switch x := t.(type) {
	case *ast.Ident:
		if isParam[x.Name] {
			*uses = append(*uses, x.Name)
		}
		return true
	case *ast.ParenExpr:
		return typeParamUses(x.X, isParam, uses, hidden)
	case *ast.StarExpr:
		return typeParamUses(x.X, isParam, uses, hidden)
	case *ast.ChanType:
		if x.Dir != ast.SEND|ast.RECV {
			// (yaegi does not take a chan int for a <-chan T)
			return typeParamUses(x.Value, isParam, hidden, hidden)
		}
		return typeParamUses(x.Value, isParam, uses, hidden)
	case *ast.MapType:
		return typeParamUses(x.Key, isParam, uses, hidden) && typeParamUses(x.Value, isParam, uses, hidden)
	case *ast.ArrayType:
		if x.Len == nil {
			return typeParamUses(x.Elt, isParam, uses, hidden)
		}
		return typeParamUses(x.Elt, isParam, hidden, hidden)
	case *ast.Ellipsis:
		return typeParamUses(x.Elt, isParam, hidden, hidden)
	case *ast.FuncType:
		for _, fl := range []*ast.FieldList{x.Params, x.Results} {
			if fl == nil {
				continue
			}
			for _, f := range fl.List {
				for range max(1, len(f.Names)) {
					if !typeParamUses(f.Type, isParam, uses, hidden) {
						return false
					}
				}
			}
		}
		return true
	}
	found := typeNamesIn(t, func(name string) bool { return isParam[name] })
	*hidden = append(*hidden, found...)
	return len(found) == 0
}

// instantiate gives the calls of the generic functions under node the
// type arguments the interpreter needs: explicit ones in the order of the
// rewritten declaration; partial ones dropped, when the interpreter infers
// the others; none, when the arguments give them all. A call whose type
// arguments cannot be inferred is refused, with the way around it.
func (rw *rewriter) instantiate(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		base, explicit := typeArgs(call.Fun)
		if base == nil || !strings.HasPrefix(base.Name, genericPrefix) {
			return true
		}
		g := rw.genericFunc(strings.TrimPrefix(base.Name, genericPrefix))
		if g == nil || len(explicit) > len(g.params) {
			return true
		}
		if len(explicit) == len(g.params) {
			if g.order != nil {
				var list []ast.Expr
				for _, i := range g.order {
					list = append(list, cloneExpr(explicit[i]))
				}
				call.Fun = &ast.IndexListExpr{X: base, Indices: list}
			}
			return true
		}
		if g.inferred == nil {
			// opsh cannot tell what the interpreter infers (func
			// Count[T any](seq iter.Seq[T])): what the source shows.
			if args, ok := rw.inferTypeArgs(call, g, explicit); ok && len(explicit) == 0 {
				call.Fun = &ast.IndexListExpr{X: base, Indices: g.typeArgList(args)}
			}
			return true
		}
		if t, ok := rw.inferVariadic(call, g); ok && len(explicit) == 0 {
			call.Fun = &ast.IndexExpr{X: base, Lbrack: call.Lparen, Index: t, Rbrack: call.Lparen}
			return true
		}
		spread := rw.spreadCall(call) != nil
		for i := range g.params {
			if g.inferred[i] && !spread {
				continue
			}
			if args, ok := rw.inferTypeArgs(call, g, explicit); ok {
				// The source shows what the interpreter cannot infer.
				call.Fun = &ast.IndexListExpr{X: base, Indices: g.typeArgList(args)}
				return true
			}
			if spread {
				// (yaegi's compiler fails on the call.)
				rw.fail(call.Pos(), "in call to %s, the interpreter cannot infer the type arguments from a call's several values: give them, %s[%s](…) (see :help limits)", g.name, g.name, strings.Join(g.params, ", "))
				return false
			}
			rw.failInfer(call, g, i, len(explicit))
			return false
		}
		if rw.untypedBeyondInt(call, g) || rw.compiledFuncArg(call) {
			// Max(1, 2.5): the interpreter takes the first constant's
			// type, int; Go the kind that holds them all, float64. And
			// the interpreter infers nothing from a compiled function
			// given as a value (Ap("bat", r.Replace)).
			if args, ok := rw.inferTypeArgs(call, g, explicit); ok {
				call.Fun = &ast.IndexListExpr{X: base, Indices: g.typeArgList(args)}
				return true
			}
		}
		call.Fun = base // the interpreter infers them all
		return true
	})
}

// compiledFuncArg reports whether an argument of call is a compiled
// function or method value (strconv.Itoa, r.Replace of a
// *strings.Replacer).
func (rw *rewriter) compiledFuncArg(call *ast.CallExpr) bool {
	return slices.ContainsFunc(call.Args, func(a ast.Expr) bool {
		sel, ok := a.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		_, ok = rw.compiledFuncType(sel)
		return ok
	})
}

// untypedBeyondInt reports whether a type parameter of g is given, in
// call, untyped constants only, one of a kind beyond an integer's (2.5,
// 'x'): the interpreter takes the first one's type.
func (rw *rewriter) untypedBeyondInt(call *ast.CallExpr, g *genericFunc) bool {
	typed, beyond := map[string]bool{}, map[string]bool{}
	for i, a := range call.Args {
		p, isID := g.paramType(i, call.Ellipsis.IsValid()).(*ast.Ident)
		if !isID || !slices.Contains(g.params, p.Name) {
			continue
		}
		_, kind, ok := rw.staticType(a)
		switch {
		case !ok || kind == token.ILLEGAL:
			typed[p.Name] = true
		case constRank[kind] > constRank[token.INT]:
			beyond[p.Name] = true
		}
	}
	for name := range beyond {
		if !typed[name] {
			return true
		}
	}
	return false
}

// inferVariadic infers, as Go does, the type argument of a call of g
// whose one type parameter only its variadic arguments give (Sum(xs
// ...T)), which the interpreter does not look at: the type of the first
// argument whose type the source shows, else the default type of the
// untyped constants (float64 if one is a floating-point constant).
func (rw *rewriter) inferVariadic(call *ast.CallExpr, g *genericFunc) (ast.Expr, bool) {
	if g.variadic < 0 || len(call.Args) <= g.variadic {
		return nil, false
	}
	if call.Ellipsis.IsValid() {
		// Sum(xs...): the slice's element type.
		t, kind, ok := rw.staticType(call.Args[len(call.Args)-1])
		if s, isSlice := t.(*ast.ArrayType); ok && kind == token.ILLEGAL && isSlice && s.Len == nil {
			return s.Elt, true
		}
		return nil, false
	}
	var byDefault ast.Expr
	rank := -1
	for _, a := range call.Args[g.variadic:] {
		t, kind, ok := rw.staticType(a)
		if !ok {
			return nil, false
		}
		if kind == token.ILLEGAL {
			return t, true
		}
		if r := constRank[kind]; r > rank {
			byDefault, rank = t, r
		}
	}
	return byDefault, byDefault != nil
}

// genericResult is the type of what a call of one of the user's generic
// functions gives, when it gives one value, its type arguments inferred
// from the types the source shows of the arguments as Go infers them:
// Map(hosts, func(h Host) string {…}) of Map[T, U any]([]T, func(T) U) []U
// gives a []string.
func (rw *rewriter) genericResult(call *ast.CallExpr) (ast.Expr, bool) {
	if r := rw.genericResults(call); len(r) == 1 {
		return r[0], true
	}
	return nil, false
}

// genericResults are the types of what a call of one of the user's
// generic functions gives, as genericResult infers them; nil if it cannot
// tell them.
func (rw *rewriter) genericResults(call *ast.CallExpr) []ast.Expr {
	g, explicit := rw.calledGeneric(call)
	if g == nil || len(g.resultTypes) == 0 {
		return nil
	}
	bound, ok := rw.inferTypeArgs(call, g, explicit)
	if !ok {
		return nil
	}
	var out []ast.Expr
	for _, r := range g.resultTypes {
		out = append(out, replaceNames(r, func(name string) (ast.Expr, bool) {
			t, ok := bound[name]
			return t, ok
		}))
	}
	return out
}

// inferTypeArgs infers, as Go does, the type arguments of a call of g from
// the types the source shows of its arguments and from the constraints'
// core types (K and V of M ~map[K]V from M), taking the explicit ones
// the call gives in the declaration's order; false unless it infers all.
func (rw *rewriter) inferTypeArgs(call *ast.CallExpr, g *genericFunc, explicit []ast.Expr) (map[string]ast.Expr, bool) {
	if len(explicit) > len(g.params) || g.order != nil && len(explicit) > 0 {
		// (Explicit type arguments in a rewritten order are the
		// interpreter's, not the declaration's.)
		return nil, false
	}
	isParam := func(name string) bool { return slices.Contains(g.params, name) }
	bound := map[string]ast.Expr{}
	for i, t := range explicit {
		bound[g.params[i]] = t
	}
	// Typed arguments first; then untyped constants give their default
	// types to the parameters still free.
	untyped := map[string]token.Token{}
	unknown := map[string]bool{} // used by an argument the source does not show
	spread := rw.spreadCall(call)
	for i := range max(len(call.Args), len(spread)) {
		p := g.paramType(i, call.Ellipsis.IsValid())
		var t ast.Expr
		var kind token.Token
		var ok bool
		if spread != nil {
			t, kind, ok = spread[i], token.ILLEGAL, true
		} else {
			t, kind, ok = rw.staticType(call.Args[i])
		}
		switch {
		case p == nil:
		case !ok:
			for _, name := range typeNamesIn(p, isParam) {
				unknown[name] = true
			}
		case kind == token.ILLEGAL:
			unify(p, t, isParam, bound)
		default:
			if id, isID := p.(*ast.Ident); isID && isParam(id.Name) && constRank[kind] >= constRank[untyped[id.Name]] {
				untyped[id.Name] = kind
			}
		}
	}
	for name, kind := range untyped {
		if bound[name] == nil && !unknown[name] {
			bound[name] = ast.NewIdent(constDefault[kind])
		}
	}
	return bound, g.bindCores(bound, rw.underlying)
}

// bindCores binds, in bound, the type parameters of g that the core types
// of the constraints of those bound give (E of S ~[]E from S), and
// reports whether all are bound.
func (g *genericFunc) bindCores(bound map[string]ast.Expr, underlying func(ast.Expr) ast.Expr) bool {
	isParam := func(name string) bool { return slices.Contains(g.params, name) }
	for changed := true; changed; {
		changed = false
		for i, core := range g.cores {
			if t := bound[g.params[i]]; core != nil && t != nil {
				before := len(bound)
				unify(core, underlying(t), isParam, bound) // E of S ~[]E from type IDs []int too
				changed = changed || len(bound) > before
			}
		}
	}
	for _, p := range g.params {
		if bound[p] == nil {
			return false
		}
	}
	return true
}

// spreadCall is the types of the results of a call given as all the
// arguments of call, f(g()), when it gives several; else nil.
func (rw *rewriter) spreadCall(call *ast.CallExpr) []ast.Expr {
	if len(call.Args) != 1 {
		return nil
	}
	inner, ok := unparen(call.Args[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	if r := rw.results(inner.Fun); len(r) > 1 {
		return r
	}
	return nil
}

// typeArgList is the list of type arguments the interpreter is given for
// args, the type arguments by type parameter: in the order of the
// rewritten declaration.
func (g *genericFunc) typeArgList(args map[string]ast.Expr) []ast.Expr {
	var list []ast.Expr
	if g.order == nil {
		for _, p := range g.params {
			list = append(list, cloneExpr(args[p]))
		}
		return list
	}
	for _, i := range g.order {
		list = append(list, cloneExpr(args[g.params[i]]))
	}
	return list
}

// coreType is the type a constraint makes its type parameter of, when it
// gives one: ~[]E or []E, alone or as an interface's one element; nil
// for any other (any, comparable, cmp.Ordered, ~int | ~float64).
func coreType(c ast.Expr) ast.Expr {
	if it, ok := c.(*ast.InterfaceType); ok {
		if it.Methods == nil || len(it.Methods.List) != 1 || len(it.Methods.List[0].Names) != 0 {
			return nil
		}
		c = it.Methods.List[0].Type
	}
	if u, ok := c.(*ast.UnaryExpr); ok && u.Op == token.TILDE {
		c = u.X
	}
	switch c.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StarExpr:
		return c
	}
	return nil
}

// paramType is the type of the parameter argument i of a call of g
// goes to: a variadic parameter's element type, or its slice type for
// a call f(xs...).
func (g *genericFunc) paramType(i int, spread bool) ast.Expr {
	n := len(g.paramTypes)
	if n == 0 {
		return nil
	}
	if e, ok := g.paramTypes[n-1].(*ast.Ellipsis); ok && i >= n-1 {
		if spread {
			return &ast.ArrayType{Elt: e.Elt}
		}
		return e.Elt
	}
	if i < n {
		return g.paramTypes[i]
	}
	return nil
}

// unify binds the type parameters p uses (isParam) to the parts of the
// argument's type a that stand where they stand in p, as far as the two
// have the same shape; a parameter bound before keeps its type.
func unify(p, a ast.Expr, isParam func(string) bool, bound map[string]ast.Expr) {
	un := func(p, a ast.Expr) { unify(p, a, isParam, bound) }
	switch x := p.(type) {
	case *ast.Ident:
		if isParam(x.Name) && bound[x.Name] == nil {
			bound[x.Name] = a
		}
	case *ast.StarExpr:
		if y, ok := a.(*ast.StarExpr); ok {
			un(x.X, y.X)
		}
	case *ast.ArrayType:
		if y, ok := a.(*ast.ArrayType); ok && (x.Len == nil) == (y.Len == nil) {
			un(x.Elt, y.Elt)
		}
	case *ast.MapType:
		if y, ok := a.(*ast.MapType); ok {
			un(x.Key, y.Key)
			un(x.Value, y.Value)
		}
	case *ast.ChanType:
		if y, ok := a.(*ast.ChanType); ok {
			un(x.Value, y.Value)
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		// A generic type's instance: iter.Seq[T] and iter.Seq[int].
		pb, pargs := instance(x)
		ab, aargs := instance(a)
		if pb != "" && pb == ab && len(pargs) == len(aargs) {
			for i := range pargs {
				un(pargs[i], aargs[i])
			}
		}
	case *ast.FuncType:
		y, ok := a.(*ast.FuncType)
		if !ok {
			// iter.Seq[int] given for func(yield func(E) bool)
			if y, ok = seqFuncType(a); !ok {
				return
			}
		}
		for _, pair := range [][2]*ast.FieldList{{x.Params, y.Params}, {x.Results, y.Results}} {
			ps, as := fieldTypes(pair[0]), fieldTypes(pair[1])
			if len(ps) != len(as) {
				return
			}
			for i := range ps {
				un(ps[i], as[i])
			}
		}
	}
}

// instance splits a generic type's instance into its type, as source,
// and its type arguments; "" if t is none.
func instance(t ast.Expr) (string, []ast.Expr) {
	switch x := t.(type) {
	case *ast.IndexExpr:
		return exprString(nil, x.X), []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		return exprString(nil, x.X), x.Indices
	}
	return "", nil
}

// constRank orders the kinds of untyped constants: an expression of
// several takes the default type of the last of them.
var constRank = map[token.Token]int{token.STRING: 0, token.INT: 1, token.CHAR: 2, token.FLOAT: 3, token.IMAG: 4}

// constDefault is the default type of an untyped constant of each kind.
var constDefault = map[token.Token]string{token.STRING: "string", token.INT: "int", token.CHAR: "rune", token.FLOAT: "float64", token.IMAG: "complex128"}

// failInfer refuses a call of g, given the first n type arguments, whose
// type argument i the interpreter cannot infer.
func (rw *rewriter) failInfer(call *ast.CallExpr, g *genericFunc, i, n int) {
	example := g.name + "[" + strings.Join(g.params, ", ") + "](…)"
	switch {
	case i < n:
		rw.fail(call.Pos(), "in call to %s, the interpreter cannot take some type arguments and infer the others: give them all, %s (see :help limits)", g.name, example)
	case g.goInfers[i] && !(g.variadic >= 0 && len(call.Args) <= g.variadic && !call.Ellipsis.IsValid()):
		// (Go infers nothing from a variadic parameter given no argument.)
		rw.fail(call.Pos(), "in call to %s, the interpreter cannot infer %s from a variadic parameter, an array or a constraint: give the type arguments, %s (see :help limits)", g.name, g.params[i], example)
	default:
		rw.fail(call.Pos(), "in call to %s, cannot infer %s: give the type arguments, %s", g.name, g.params[i], example)
	}
}

// typeArgs splits a callee into its function name and the type arguments
// given to it: F, F[A] or F[A, B].
func typeArgs(fun ast.Expr) (*ast.Ident, []ast.Expr) {
	switch x := unparen(fun).(type) {
	case *ast.Ident:
		return x, nil
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id, []ast.Expr{x.Index}
		}
	case *ast.IndexListExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id, x.Indices
		}
	}
	return nil, nil
}

// receiverParams are the type parameters the receiver of fd, a method of
// a generic type, names (T of func (s *Stack[T]) Push); nil for another
// function.
func receiverParams(fd *ast.FuncDecl) []ast.Expr {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return nil
	}
	recv := fd.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	_, params := typeArgs(recv)
	return params
}

// genericFunc is the generic function the node declares or the session
// did, by the user's name, or nil.
func (rw *rewriter) genericFunc(name string) *genericFunc {
	for _, g := range rw.generics {
		if g.name == name {
			return g
		}
	}
	if rw.generic != nil {
		return rw.generic(name)
	}
	return nil
}

// genericShape is what a call of one of the session's generic functions
// gives (yaegi cannot evaluate the callee, instantiated or not, on its
// own).
func (e *Evaluator) genericShape(fun ast.Expr) (shape, bool) {
	base, _ := typeArgs(fun)
	if base != nil && base.Name == asType {
		return shape{values: 2}, true
	}
	if base == nil || !strings.HasPrefix(base.Name, genericPrefix) {
		return shape{}, false
	}
	g := e.generics[strings.TrimPrefix(base.Name, genericPrefix)]
	if g == nil {
		return shape{}, false
	}
	return g.shape, true
}

// wrapInstances makes each generic function given all its type arguments
// and not called, a value (up := Map[string, string], var sortInts =
// slices.Sort[[]int]), a function literal that calls it: yaegi v0.16.1
// instantiates a generic function only where it is called, and says "not
// a generic type", "constant definition loop" or panics. One of a
// package's, or whose signature names another package's types, is
// refused, with the way around it.
func (rw *rewriter) wrapInstances(node ast.Node) {
	called := map[ast.Expr]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			called[unparen(call.Fun)] = true
		}
		return true
	})
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		switch x.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
		default:
			return nil
		}
		if called[x] {
			return nil
		}
		g, explicit := rw.calledGeneric(&ast.CallExpr{Fun: x})
		if g == nil || len(explicit) == 0 {
			return nil
		}
		bound := map[string]ast.Expr{}
		for i, t := range explicit {
			if i < len(g.params) {
				bound[g.params[i]] = t
			}
		}
		// (opsh's declarations of the standard library's generic functions
		// may not have Go's type parameters.)
		base, _ := instance(x)
		var lit *ast.FuncLit
		ok := !strings.Contains(base, ".") && len(explicit) <= len(g.params) && g.bindCores(bound, rw.underlying)
		if ok {
			lit, ok = instanceFunc(x, g, bound)
		}
		if !ok {
			rw.fail(x.Pos(), "the interpreter cannot take %s as a value: wrap it in a function literal that calls it (see :help limits)", exprString(nil, x))
			return nil
		}
		return lit
	})
}

// instanceFunc is func(p0 A, p1 ...B) R { return fun(p0, p1...) }, the
// function literal of the signature of g, given the type arguments
// bound, that calls fun; false if that signature names another package's
// types (which the source may not import).
func instanceFunc(fun ast.Expr, g *genericFunc, bound map[string]ast.Expr) (*ast.FuncLit, bool) {
	subst := func(t ast.Expr) (ast.Expr, bool) {
		qualified := false
		ast.Inspect(t, func(n ast.Node) bool {
			_, sel := n.(*ast.SelectorExpr)
			qualified = qualified || sel
			return !qualified
		})
		return cloneExpr(replaceNames(t, func(name string) (ast.Expr, bool) {
			b, ok := bound[name]
			return b, ok
		})), !qualified
	}
	ft := &ast.FuncType{Func: fun.Pos(), Params: &ast.FieldList{}}
	call := &ast.CallExpr{Fun: fun, Lparen: fun.End()}
	for i, p := range g.paramTypes {
		t, ok := subst(p)
		if !ok {
			return nil, false
		}
		name := ast.NewIdent(fmt.Sprintf("%sp%d", loopCopy, i))
		ft.Params.List = append(ft.Params.List, &ast.Field{Names: []*ast.Ident{name}, Type: t})
		call.Args = append(call.Args, ast.NewIdent(name.Name))
		if _, ok := t.(*ast.Ellipsis); ok {
			call.Ellipsis = fun.End()
		}
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if len(g.resultTypes) > 0 {
		ft.Results = &ast.FieldList{}
		for _, r := range g.resultTypes {
			t, ok := subst(r)
			if !ok {
				return nil, false
			}
			ft.Results.List = append(ft.Results.List, &ast.Field{Type: t})
		}
		body = &ast.ReturnStmt{Return: fun.Pos(), Results: []ast.Expr{call}}
	}
	return &ast.FuncLit{Type: ft, Body: &ast.BlockStmt{Lbrace: fun.Pos(), List: []ast.Stmt{body}, Rbrace: fun.End()}}, true
}

// dropOwnTypeArgs leaves out the type arguments of a call of the user's
// generic function, in a generic function or a method of a generic type,
// when they are that function's own type parameters and the arguments
// give them all (Id[T](v)): yaegi v0.16.1 panicked on such an instance,
// and infers it right.
func (rw *rewriter) dropOwnTypeArgs(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		fd, ok := n.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			return true
		}
		own := map[string]bool{}
		for _, f := range fieldsOf(fd.Type.TypeParams) {
			for _, name := range f.Names {
				own[name.Name] = true
			}
		}
		for _, p := range receiverParams(fd) {
			if id, ok := p.(*ast.Ident); ok {
				own[id.Name] = true
			}
		}
		if len(own) == 0 {
			return false
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() || slices.ContainsFunc(call.Args, rw.untypedConst) {
				return true // (Id[T](5) is no Id(5))
			}
			base, explicit := typeArgs(call.Fun)
			if base == nil || len(explicit) == 0 || !strings.HasPrefix(base.Name, genericPrefix) {
				return true
			}
			g := rw.genericFunc(strings.TrimPrefix(base.Name, genericPrefix))
			if g == nil || len(g.inferred) != len(g.params) || slices.Contains(g.inferred, false) {
				return true
			}
			if slices.ContainsFunc(explicit, func(t ast.Expr) bool { id, ok := t.(*ast.Ident); return !ok || !own[id.Name] }) {
				return true
			}
			call.Fun = base
			return true
		})
		return false
	})
}

// forgetInstances drops the interpreter's instances of the session's
// generic functions if gs declares one of them again: yaegi v0.16.1 keeps
// an instance by the function's name and type arguments (Double[int])
// across definitions, so the new Double would be called as the first
// was, silently. Instances are made again at their next use; those of
// generic types are kept, as values made before hold them.
func (e *Evaluator) forgetInstances(gs []*genericFunc) {
	if !slices.ContainsFunc(gs, func(g *genericFunc) bool { return e.generics[g.name] != nil }) {
		return
	}
	f := reflect.ValueOf(e.in).Elem().FieldByName("generic")
	if !f.IsValid() || f.Kind() != reflect.Map || f.Type().Key().Kind() != reflect.String {
		return
	}
	// The field is unexported: reach it through its address.
	m := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	for _, k := range m.MapKeys() {
		if strings.HasPrefix(k.String(), genericPrefix) {
			m.SetMapIndex(k, reflect.Value{})
		}
	}
}
