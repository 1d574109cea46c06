package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
)

// rewriteRangeFunc turns a range over a function (Go 1.23's iterators:
// iter.Seq, iter.Seq2, a func(yield func(T) bool)), which yaegi v0.16.1
// cannot run, into a call of the function with the loop body as its yield:
//
//	for k, v := range seq { body }
//
// becomes
//
//	{ seq := seq; seq(func(k K, v V) bool { body'; return true }) }
//
// where in body' a continue of the loop returns true, a break returns
// false, and a return from the enclosing function stores its values,
// returns false, and is done after the call. The yield's parameter types
// come from the iterator's type: declared in the cell (a parameter, a
// variable, a function's result), a session value's run-time type, or the
// element type of the map or slice given to maps.Keys, slices.All and the
// like.
func (rw *rewriter) rewriteRangeFunc(node ast.Node) {
	var visit func(n ast.Node, results *ast.FieldList)
	visit = func(n ast.Node, results *ast.FieldList) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.FuncDecl:
				if x.Body != nil && x != n {
					visit(x.Body, x.Type.Results)
					return false
				}
			case *ast.FuncLit:
				if x != n {
					visit(x.Body, x.Type.Results)
					return false
				}
			case *ast.BlockStmt:
				x.List = rw.rangeFuncStmts(x.List, results)
			case *ast.CaseClause:
				x.Body = rw.rangeFuncStmts(x.Body, results)
			case *ast.CommClause:
				x.Body = rw.rangeFuncStmts(x.Body, results)
			}
			return true
		})
	}
	visit(node, nil)
}

func (rw *rewriter) rangeFuncStmts(list []ast.Stmt, results *ast.FieldList) []ast.Stmt {
	for i, st := range list {
		label, inner := unlabel(st)
		r, ok := inner.(*ast.RangeStmt)
		if !ok || !rw.isFuncRange(r.X) {
			continue
		}
		if out := rw.rangeFunc(r, label, results); out != nil {
			list[i] = out
		}
	}
	return list
}

// isFuncRange reports whether a range expression is a function.
func (rw *rewriter) isFuncRange(x ast.Expr) bool {
	_, ok := rw.yieldTypes(x)
	return ok
}

// funcLoop is a range over a function being rewritten: the names of the
// variables it declares, and what its body uses of them.
type funcLoop struct {
	seq, ret, exit, defers string
	// results are the enclosing function's results; retVals the
	// variables that hold them once a return in the body ran.
	results *ast.FieldList
	retVals []string
	own     string     // the loop's label, if any
	exits   []ast.Stmt // the branches to loops around this one
	// usedReturn and usedDefer say whether the body returns from the
	// enclosing function, and defers a call to its end.
	usedReturn, usedDefer bool
}

// newFuncLoop names the variables of the range over a function number n.
func newFuncLoop(n int, label *ast.LabeledStmt, results *ast.FieldList) *funcLoop {
	lp := &funcLoop{
		seq:     fmt.Sprintf("%sseq%d", loopCopy, n),
		ret:     fmt.Sprintf("%sret%d", loopCopy, n),
		exit:    fmt.Sprintf("%sexit%d", loopCopy, n),
		defers:  fmt.Sprintf("%sdefers%d", loopCopy, n),
		results: results,
	}
	for range fieldTypes(results) {
		lp.retVals = append(lp.retVals, fmt.Sprintf("%sr%d_%d", loopCopy, n, len(lp.retVals)))
	}
	if label != nil {
		lp.own = label.Label.Name
	}
	return lp
}

// rangeFunc rewrites one range over a function, label's statement if
// label is not nil. A break or continue of the loop by its label is one of
// the loop; one of a loop around it (break outer) ends the call and is
// done after it. A defer in the body defers its call to the end of the
// enclosing function, as in Go. It returns nil, leaving the loop as it
// is, if it cannot write the yield's types, and fails (Go's compile
// error) if the loop or a return in it does not fit the iterator or the
// enclosing function.
func (rw *rewriter) rangeFunc(r *ast.RangeStmt, label *ast.LabeledStmt, results *ast.FieldList) ast.Stmt {
	types, _ := rw.yieldTypes(r.X)
	if !rw.checkIterationVars(r, len(types)) {
		return nil
	}
	rw.n++
	lp := newFuncLoop(rw.n, label, results)
	params, assign, ok := yieldParams(r, types, rw.n)
	if !ok {
		return nil
	}
	body := r.Body
	branchToYield(body, lp.own, func(st ast.Stmt) []ast.Stmt { return rw.leaveYield(lp, st) })
	lp.usedDefer = deferToCaller(body, lp.defers)
	list := []ast.Stmt{}
	if assign != nil {
		list = append(list, assign)
	}
	list = append(list, body.List...)
	list = append(list, &ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("true")}})
	yield := &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{List: params}, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}},
		Body: &ast.BlockStmt{List: list},
	}
	out := []ast.Stmt{defineStmt(lp.seq, r.X)}
	out = append(out, lp.declarations()...)
	out = append(out, &ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent(lp.seq), Args: []ast.Expr{yield}}})
	out = append(out, lp.after()...)
	return &ast.BlockStmt{Lbrace: r.For, List: out}
}

// checkIterationVars fails, as Go does, for a range over a function with
// more iteration variables than its yield takes values.
func (rw *rewriter) checkIterationVars(r *ast.RangeStmt, values int) bool {
	vars := 0
	switch {
	case r.Value != nil:
		vars = 2
	case r.Key != nil:
		vars = 1
	}
	if vars <= values {
		return true
	}
	permits := [...]string{"no iteration variables", "only one iteration variable"}[values]
	rw.fail(r.Pos(), "range over %s permits %s", exprString(nil, r.X), permits)
	return false
}

// yieldParams are the parameters of the yield of the range over a
// function number n, of the iterator's types, and the assignment of them
// to the loop's variables (nil if it has none); false if a type does not
// parse.
func yieldParams(r *ast.RangeStmt, types []string, n int) ([]*ast.Field, *ast.AssignStmt, bool) {
	var params []*ast.Field
	var assign *ast.AssignStmt
	for i, t := range types {
		texpr, err := parser.ParseExpr(t)
		if err != nil {
			return nil, nil, false
		}
		name := fmt.Sprintf("%sy%d_%d", loopCopy, n, i)
		params = append(params, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: texpr})
		target := [...]ast.Expr{r.Key, r.Value}[min(i, 1)]
		if target == nil || isBlankIdent(target) {
			continue
		}
		if assign == nil {
			assign = &ast.AssignStmt{Tok: r.Tok}
			if r.Tok == token.ILLEGAL {
				assign.Tok = token.ASSIGN
			}
		}
		assign.Lhs = append(assign.Lhs, target)
		assign.Rhs = append(assign.Rhs, ast.NewIdent(name))
	}
	return params, assign, true
}

// leaveYield is what a statement that leaves the body of the loop lp
// becomes in its yield: a continue returns true, a break false, a branch
// to a loop around it notes the branch (done after the call) and returns
// false, and a return stores the function's results, notes the return
// and returns false.
func (rw *rewriter) leaveYield(lp *funcLoop, st ast.Stmt) []ast.Stmt {
	yieldReturns := func(v string) *ast.ReturnStmt { return &ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent(v)}} }
	switch b := st.(type) {
	case *ast.BranchStmt:
		if b.Label != nil && b.Label.Name != lp.own {
			lp.exits = append(lp.exits, b)
			return []ast.Stmt{assignStmt(ast.NewIdent(lp.exit), intLit(len(lp.exits))), yieldReturns("false")}
		}
		if b.Tok == token.CONTINUE {
			return []ast.Stmt{yieldReturns("true")}
		}
		return []ast.Stmt{yieldReturns("false")}
	case *ast.ReturnStmt:
		lp.usedReturn = true
		out := []ast.Stmt{assignStmt(ast.NewIdent(lp.ret), ast.NewIdent("true"))}
		out = append(out, rw.storeResults(lp, b)...)
		return append(out, yieldReturns("false"))
	}
	return nil
}

// storeResults assigns the values of a return statement in the body of
// the loop lp to the variables of the enclosing function's results, one
// by one (yaegi v0.16.1 fails on an untyped nil in an assignment of
// several values); a bare return of named results, their values. A
// return whose values do not fit the results fails as in Go.
func (rw *rewriter) storeResults(lp *funcLoop, b *ast.ReturnStmt) []ast.Stmt {
	values := b.Results
	if len(values) == 0 {
		values = namedResults(lp.results)
	}
	switch {
	case len(values) == 0 && len(lp.retVals) == 0:
		return nil
	case len(values) == 1 && len(lp.retVals) > 1 && isCall(values[0]):
		// return f() of f's several values
		set := &ast.AssignStmt{Tok: token.ASSIGN, Rhs: values}
		for _, v := range lp.retVals {
			set.Lhs = append(set.Lhs, ast.NewIdent(v))
		}
		return []ast.Stmt{set}
	case len(values) > len(lp.retVals):
		rw.fail(b.Pos(), "too many return values")
		return nil
	case len(values) < len(lp.retVals):
		rw.fail(b.Pos(), "not enough return values")
		return nil
	}
	var out []ast.Stmt
	for i, v := range values {
		out = append(out, assignStmt(ast.NewIdent(lp.retVals[i]), v))
	}
	return out
}

// namedResults are the names of a function's results, as values, if it
// names them (a blank one, the zero value of its type).
func namedResults(results *ast.FieldList) []ast.Expr {
	var out []ast.Expr
	for _, f := range fieldsOf(results) {
		for _, n := range f.Names {
			if isBlankIdent(n) {
				out = append(out, &ast.StarExpr{X: &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{f.Type}}})
				continue
			}
			out = append(out, ast.NewIdent(n.Name))
		}
	}
	return out
}

// isCall reports whether x is a call (or a conversion).
func isCall(x ast.Expr) bool {
	_, ok := unparen(x).(*ast.CallExpr)
	return ok
}

// declarations are the statements that declare, before the call of the
// iterator, the variables the loop lp's body uses, and defer the calls
// the body defers.
func (lp *funcLoop) declarations() []ast.Stmt {
	var out []ast.Stmt
	if lp.usedReturn {
		out = append(out, varDecl(lp.ret, ast.NewIdent("bool")))
		for i, t := range fieldTypes(lp.results) {
			out = append(out, varDecl(lp.retVals[i], t))
		}
	}
	if len(lp.exits) > 0 {
		out = append(out, varDecl(lp.exit, ast.NewIdent("int")))
	}
	if lp.usedDefer {
		list := &ast.ArrayType{Elt: &ast.FuncType{Params: &ast.FieldList{}}}
		made := &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{list}}
		out = append(out, defineStmt(lp.defers, made), runDeferred(lp.defers))
	}
	return out
}

// after are the statements after the call of the iterator: the branches
// to loops around the loop lp, and the return from the enclosing
// function, that its body took.
func (lp *funcLoop) after() []ast.Stmt {
	var out []ast.Stmt
	for i, b := range lp.exits {
		out = append(out, &ast.IfStmt{
			Cond: &ast.BinaryExpr{X: ast.NewIdent(lp.exit), Op: token.EQL, Y: intLit(i + 1)},
			Body: &ast.BlockStmt{List: []ast.Stmt{b}},
		})
	}
	if lp.usedReturn {
		var res []ast.Expr
		for _, v := range lp.retVals {
			res = append(res, ast.NewIdent(v))
		}
		out = append(out, &ast.IfStmt{Cond: ast.NewIdent(lp.ret), Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: res}}}})
	}
	return out
}

// deferToCaller makes each defer statement of a range-over-func body,
// outside function literals, add its call to the list defers points to,
// which the enclosing function runs when it returns (runDeferred), and
// reports whether there was one. The call's arguments were taken where
// the defer stands already (freezeDeferred).
func deferToCaller(body *ast.BlockStmt, defers string) bool {
	found := false
	editStmtLists(body, isFuncLit, func(list []ast.Stmt) []ast.Stmt {
		for i, st := range list {
			d, ok := st.(*ast.DeferStmt)
			if !ok {
				continue
			}
			found = true
			add := &ast.CallExpr{Fun: ast.NewIdent("append"), Args: []ast.Expr{&ast.StarExpr{X: ast.NewIdent(defers)}, thunk(d.Call)}}
			list[i] = assignStmt(&ast.StarExpr{X: ast.NewIdent(defers)}, add)
		}
		return list
	})
	return found
}

// runDeferred defers the calls of the list defers points to, each
// deferred by itself in the order they were added, so that they run last
// first, and the later ones after one panics. The list is made by new
// and passed as an argument where the defer stands: yaegi v0.16.1 gives a
// variable declared in a loop the same storage at each iteration, and its
// deferred literal reads the variables of the last one (see
// passIterationVars).
//
//	defers := new([]func())
//	defer func(p *[]func()) { for _, d := range *p { f := d; defer f() } }(defers)
func runDeferred(defers string) ast.Stmt {
	p, d, f := ast.NewIdent(defers+"_p"), ast.NewIdent(defers+"_d"), ast.NewIdent(defers+"_f")
	list := &ast.ArrayType{Elt: &ast.FuncType{Params: &ast.FieldList{}}}
	loop := &ast.RangeStmt{
		Key: ast.NewIdent("_"), Value: d, Tok: token.DEFINE, X: &ast.StarExpr{X: ast.NewIdent(p.Name)},
		Body: &ast.BlockStmt{List: []ast.Stmt{
			defineStmt(f.Name, ast.NewIdent(d.Name)),
			&ast.DeferStmt{Call: &ast.CallExpr{Fun: ast.NewIdent(f.Name)}},
		}},
	}
	runner := &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{p}, Type: &ast.StarExpr{X: list}}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{loop}},
	}
	return &ast.DeferStmt{Call: &ast.CallExpr{Fun: runner, Args: []ast.Expr{ast.NewIdent(defers)}}}
}

// defineStmt is the statement name := x.
func defineStmt(name string, x ast.Expr) ast.Stmt {
	return &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(name)}, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
}

// assignStmt is the statement lhs = x.
func assignStmt(lhs, x ast.Expr) ast.Stmt {
	return &ast.AssignStmt{Lhs: []ast.Expr{lhs}, Tok: token.ASSIGN, Rhs: []ast.Expr{x}}
}

// varDecl is the statement var name t.
func varDecl(name string, t ast.Expr) ast.Stmt {
	return &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
		&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Type: t}}}}
}

// intLit is the integer literal i.
func intLit(i int) ast.Expr {
	return &ast.BasicLit{Kind: token.INT, Value: fmt.Sprint(i)}
}

func fieldsOf(l *ast.FieldList) []*ast.Field {
	if l == nil {
		return nil
	}
	return l.List
}

// branchToYield replaces, in a range-over-func body, the statements that
// leave the loop: continue and break of the loop itself (not of a loop,
// switch or select inside it, unless by the loop's label own), those of a
// labelled statement around the loop, and return, by what f gives.
func branchToYield(body *ast.BlockStmt, own string, f func(ast.Stmt) []ast.Stmt) {
	var walk func(list []ast.Stmt, inSwitch bool) []ast.Stmt
	var inner func(n ast.Node, inSwitch bool)
	walk = func(list []ast.Stmt, inSwitch bool) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range list {
			if b, ok := st.(*ast.BranchStmt); ok && b.Label == nil &&
				(b.Tok == token.CONTINUE || (b.Tok == token.BREAK && !inSwitch)) {
				out = append(out, f(st)...)
				continue
			}
			if _, ok := st.(*ast.ReturnStmt); ok {
				out = append(out, f(st)...)
				continue
			}
			inner(st, inSwitch)
			out = append(out, st)
		}
		return out
	}
	inner = func(n ast.Node, inSwitch bool) {
		switch x := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt:
			// Their break and continue are their own; a return in a loop
			// still leaves the enclosing function.
			if loop, ok := n.(*ast.ForStmt); ok {
				returnsOnly(loop.Body, f)
			}
			if loop, ok := n.(*ast.RangeStmt); ok {
				returnsOnly(loop.Body, f)
			}
		case *ast.BlockStmt:
			x.List = walk(x.List, inSwitch)
		case *ast.IfStmt:
			inner(x.Body, inSwitch)
			if x.Else != nil {
				inner(x.Else, inSwitch)
			}
		case *ast.SwitchStmt:
			inner(x.Body, true)
		case *ast.TypeSwitchStmt:
			inner(x.Body, true)
		case *ast.SelectStmt:
			inner(x.Body, true)
		case *ast.CaseClause:
			x.Body = walk(x.Body, inSwitch)
		case *ast.CommClause:
			x.Body = walk(x.Body, inSwitch)
		case *ast.LabeledStmt:
			inner(x.Stmt, inSwitch)
		}
	}
	body.List = walk(body.List, false)
	inside := map[string]bool{} // the labels of statements in the body
	ast.Inspect(body, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok {
			inside[l.Label.Name] = true
		}
		return !isFuncLit(n)
	})
	editStmtLists(body, isFuncLit, func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range list {
			if b, ok := st.(*ast.BranchStmt); ok && b.Label != nil && (b.Label.Name == own || !inside[b.Label.Name]) {
				out = append(out, f(st)...)
				continue
			}
			out = append(out, st)
		}
		return out
	})
}

// returnsOnly replaces the return statements under n, outside function
// literals.
func returnsOnly(n ast.Node, f func(ast.Stmt) []ast.Stmt) {
	editStmtLists(n, isFuncLit, func(list []ast.Stmt) []ast.Stmt { return replaceReturns(list, f) })
}

func replaceReturns(list []ast.Stmt, f func(ast.Stmt) []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		if _, ok := st.(*ast.ReturnStmt); ok {
			out = append(out, f(st)...)
			continue
		}
		out = append(out, st)
	}
	return out
}

// iterFuncs are the iterator functions of the standard library, and how
// their yield's types follow from their argument's type: "K" a map's key,
// "E" a map's or a slice's element, "S" the slice's own type, or a fixed
// type.
var iterFuncs = map[string][]string{
	"maps.Keys": {"K"}, "maps.Values": {"E"}, "maps.All": {"K", "E"},
	"slices.All": {"int", "E"}, "slices.Values": {"E"}, "slices.Backward": {"int", "E"}, "slices.Chunk": {"S"},
	"strings.Lines": {"string"}, "strings.SplitSeq": {"string"}, "strings.SplitAfterSeq": {"string"},
	"strings.FieldsSeq": {"string"}, "strings.FieldsFuncSeq": {"string"},
	"bytes.Lines": {"[]byte"}, "bytes.SplitSeq": {"[]byte"}, "bytes.SplitAfterSeq": {"[]byte"},
	"bytes.FieldsSeq": {"[]byte"}, "bytes.FieldsFuncSeq": {"[]byte"},
}

// yieldTypes returns the source of the types an iterator's yield takes,
// and false if x is not known to be an iterator.
func (rw *rewriter) yieldTypes(x ast.Expr) ([]string, bool) {
	if def := definition(x); def != x {
		if types, ok := rw.yieldTypes(def); ok {
			return types, true // lines := strings.Lines(out)
		}
	}
	if call, ok := unparen(x).(*ast.CallExpr); ok && len(call.Args) > 0 {
		if spec, ok := iterFuncs[rw.stdFunc(call)]; ok {
			return rw.fromContainer(spec, call.Args[0])
		}
	}
	t, ok := rw.typeOf(x)
	if !ok {
		return nil, false
	}
	return yieldOf(rw.underlying(t))
}

// fromContainer gives the yield types of maps.Keys(m) and the like from
// the type of m.
func (rw *rewriter) fromContainer(spec []string, arg ast.Expr) ([]string, bool) {
	var key, elem, slice string
	if t, ok := rw.typeOf(arg); ok {
		switch c := rw.underlying(t).(type) {
		case *ast.MapType:
			key, elem = exprString(nil, c.Key), exprString(nil, c.Value)
		case *ast.ArrayType:
			elem = exprString(nil, c.Elt)
			if c.Len == nil {
				slice = exprString(nil, t) // a named slice type's chunks are of that type
			}
		}
	}
	var out []string
	for _, s := range spec {
		switch s {
		case "K":
			s = key
		case "E":
			s = elem
		case "S":
			s = slice
		}
		if s == "" {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// yieldOf reads an iterator type: iter.Seq[T], iter.Seq2[K, V], or
// func(yield func(...) bool) (a named type's, as underlying gives it).
func yieldOf(t ast.Expr) ([]string, bool) {
	if ft, ok := seqFuncType(t); ok {
		t = ft
	}
	x, ok := t.(*ast.FuncType)
	if !ok || x.Params == nil || len(x.Params.List) != 1 || (x.Results != nil && len(x.Results.List) > 0) {
		return nil, false
	}
	y, ok := x.Params.List[0].Type.(*ast.FuncType)
	if !ok || y.Results == nil || len(y.Results.List) != 1 || exprString(nil, y.Results.List[0].Type) != "bool" {
		return nil, false
	}
	var out []string
	for _, p := range y.Params.List {
		for range max(1, len(p.Names)) {
			out = append(out, exprString(nil, p.Type))
		}
	}
	return out, len(out) <= 2
}

// seqFuncType is the function type an iter.Seq[T] or iter.Seq2[K, V]
// stands for, func(yield func(T) bool).
func seqFuncType(t ast.Expr) (*ast.FuncType, bool) {
	var args []ast.Expr
	switch x := t.(type) {
	case *ast.IndexExpr:
		if exprString(nil, x.X) != "iter.Seq" {
			return nil, false
		}
		args = []ast.Expr{x.Index}
	case *ast.IndexListExpr:
		if exprString(nil, x.X) != "iter.Seq2" || len(x.Indices) != 2 {
			return nil, false
		}
		args = x.Indices
	default:
		return nil, false
	}
	var params []*ast.Field
	for _, a := range args {
		params = append(params, &ast.Field{Type: a})
	}
	yield := &ast.FuncType{Params: &ast.FieldList{List: params}, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}}
	return &ast.FuncType{Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent("yield")}, Type: yield}}}}, true
}

// typeOf finds an expression's type as an AST: from its declaration in the
// cell, from the session's value of it at run time, or as staticType
// reads it.
func (rw *rewriter) typeOf(x ast.Expr) (ast.Expr, bool) {
	switch v := unparen(x).(type) {
	case *ast.Ident:
		if v.Obj == nil {
			break
		}
		if as, ok := v.Obj.Decl.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			// x := f(…): the type of the call, a generic one's included
			for i, l := range as.Lhs {
				if lid, ok := l.(*ast.Ident); ok && lid.Name == v.Name {
					return rw.typeOf(as.Rhs[i])
				}
			}
		}
		return declaredType(v)
	case *ast.CompositeLit:
		return v.Type, v.Type != nil
	case *ast.FuncLit:
		return v.Type, true
	case *ast.IndexExpr:
		// m[k] of a map, s[i] of a slice or an array
		if t, ok := rw.typeOf(v.X); ok {
			if elem := indexedType(t); elem != nil {
				return elem, true
			}
		}
	case *ast.CallExpr:
		if t, ok := rw.genericResult(v); ok {
			return t, true
		}
		if fl, ok := unparen(v.Fun).(*ast.FuncLit); ok && fl.Type.Results != nil && len(fl.Type.Results.List) == 1 {
			// a literal called at once (the method value l.All, as
			// rewriteMethodValues binds it)
			return fl.Type.Results.List[0].Type, true
		}
		if id, ok := v.Fun.(*ast.Ident); ok && id.Obj != nil {
			if fd, ok := id.Obj.Decl.(*ast.FuncDecl); ok && fd.Type.TypeParams == nil && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
				return fd.Type.Results.List[0].Type, true
			}
		}
		if pureExpr(v.Fun) && rw.typeOfValue != nil {
			if t, ok := rw.typeOfValue(exprString(rw.fset, v.Fun)); ok {
				if ft, ok := t.(*ast.FuncType); ok && ft.Results != nil && len(ft.Results.List) > 0 {
					return ft.Results.List[0].Type, true
				}
			}
		}
		// a method's result (f.All() of the session's *Fleet)
		if t, _, ok := rw.staticType(v); ok {
			return t, true
		}
		return nil, false
	}
	if pureExpr(x) && rw.typeOfValue != nil {
		if t, ok := rw.typeOfValue(exprString(rw.fset, x)); ok {
			return t, true
		}
	}
	// a field's (inv.Each), a pointer's, an element's
	t, _, ok := rw.staticType(x)
	return t, ok
}

// declaredType reads the type of a name declared in the cell.
func declaredType(id *ast.Ident) (ast.Expr, bool) {
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		return d.Type, true
	case *ast.FuncDecl:
		if d.Recv == nil && d.Type.TypeParams == nil {
			return d.Type, true
		}
	case *ast.ValueSpec:
		if d.Type != nil {
			return d.Type, true
		}
		for i, n := range d.Names {
			if n.Name == id.Name && i < len(d.Values) {
				return exprType(d.Values[i])
			}
		}
	case *ast.AssignStmt:
		if len(d.Lhs) == len(d.Rhs) {
			for i, l := range d.Lhs {
				if lid, ok := l.(*ast.Ident); ok && lid.Name == id.Name {
					return exprType(d.Rhs[i])
				}
			}
		}
	}
	return nil, false
}

// exprType is the type of an expression whose syntax says it.
func exprType(x ast.Expr) (ast.Expr, bool) {
	switch v := unparen(x).(type) {
	case *ast.CompositeLit:
		return v.Type, v.Type != nil
	case *ast.FuncLit:
		return v.Type, true
	case *ast.Ident:
		if v.Obj != nil {
			return declaredType(v)
		}
	case *ast.CallExpr:
		if id, ok := v.Fun.(*ast.Ident); ok && id.Obj == nil && id.Name == "make" && len(v.Args) > 0 {
			return v.Args[0], true
		}
		if id, ok := v.Fun.(*ast.Ident); ok && id.Obj != nil {
			if fd, ok := id.Obj.Decl.(*ast.FuncDecl); ok && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
				return fd.Type.Results.List[0].Type, true
			}
		}
	}
	return nil, false
}
