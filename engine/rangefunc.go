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

// rangeFunc rewrites one range over a function, label's statement if
// label is not nil. A break or continue of the loop by its label is one of
// the loop; one of a loop around it (break outer) ends the call and is
// done after it.
func (rw *rewriter) rangeFunc(r *ast.RangeStmt, label *ast.LabeledStmt, results *ast.FieldList) ast.Stmt {
	types, _ := rw.yieldTypes(r.X)
	rw.n++
	n := rw.n
	seq := fmt.Sprintf("%sseq%d", loopCopy, n)
	ret := fmt.Sprintf("%sret%d", loopCopy, n)
	var params []*ast.Field
	var assign *ast.AssignStmt
	for i, t := range types {
		texpr, err := parser.ParseExpr(t)
		if err != nil {
			return nil
		}
		name := fmt.Sprintf("%sy%d_%d", loopCopy, n, i)
		params = append(params, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: texpr})
		var target ast.Expr
		switch i {
		case 0:
			target = r.Key
		case 1:
			target = r.Value
		}
		if target == nil {
			continue
		}
		if isBlankIdent(target) {
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
	var retVals []string
	for _, f := range fieldsOf(results) {
		for range max(1, len(f.Names)) {
			retVals = append(retVals, fmt.Sprintf("%sr%d_%d", loopCopy, n, len(retVals)))
		}
	}
	usedReturn := false
	body := r.Body
	exit := fmt.Sprintf("%sexit%d", loopCopy, n)
	var exits []ast.Stmt // the branches to loops around this one
	own := ""
	if label != nil {
		own = label.Label.Name
	}
	branchToYield(body, own, func(st ast.Stmt) []ast.Stmt {
		switch b := st.(type) {
		case *ast.BranchStmt:
			if b.Label != nil && b.Label.Name != own {
				exits = append(exits, b)
				return []ast.Stmt{
					&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(exit)}, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: fmt.Sprint(len(exits))}}},
					&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("false")}},
				}
			}
			if b.Tok == token.CONTINUE {
				return []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("true")}}}
			}
			return []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("false")}}}
		case *ast.ReturnStmt:
			usedReturn = true
			out := []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(ret)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("true")}}}
			if len(b.Results) > 0 {
				set := &ast.AssignStmt{Tok: token.ASSIGN, Rhs: b.Results}
				for _, v := range retVals {
					set.Lhs = append(set.Lhs, ast.NewIdent(v))
				}
				out = append(out, set)
			}
			return append(out, &ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("false")}})
		}
		return nil
	})
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
	out := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(seq)}, Tok: token.DEFINE, Rhs: []ast.Expr{r.X}},
	}
	if usedReturn {
		out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(ret)}, Type: ast.NewIdent("bool")}}}})
		k := 0
		for _, f := range fieldsOf(results) {
			for range max(1, len(f.Names)) {
				out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
					&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(retVals[k])}, Type: f.Type}}}})
				k++
			}
		}
	}
	if len(exits) > 0 {
		out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(exit)}, Type: ast.NewIdent("int")}}}})
	}
	out = append(out, &ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent(seq), Args: []ast.Expr{yield}}})
	for i, b := range exits {
		out = append(out, &ast.IfStmt{
			Cond: &ast.BinaryExpr{X: ast.NewIdent(exit), Op: token.EQL, Y: &ast.BasicLit{Kind: token.INT, Value: fmt.Sprint(i + 1)}},
			Body: &ast.BlockStmt{List: []ast.Stmt{b}},
		})
	}
	if usedReturn {
		var res []ast.Expr
		for _, v := range retVals {
			res = append(res, ast.NewIdent(v))
		}
		out = append(out, &ast.IfStmt{Cond: ast.NewIdent(ret), Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: res}}}})
	}
	return &ast.BlockStmt{Lbrace: r.For, List: out}
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
	if call, ok := unparen(x).(*ast.CallExpr); ok {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isPkgSelector(sel) && len(call.Args) > 0 {
			if spec, ok := iterFuncs[exprString(nil, sel)]; ok {
				return rw.fromContainer(spec, call.Args[0])
			}
		}
	}
	t, ok := rw.typeOf(x)
	if !ok {
		return nil, false
	}
	return yieldOf(t)
}

// fromContainer gives the yield types of maps.Keys(m) and the like from
// the type of m.
func (rw *rewriter) fromContainer(spec []string, arg ast.Expr) ([]string, bool) {
	var key, elem, slice string
	if t, ok := rw.typeOf(arg); ok {
		switch c := t.(type) {
		case *ast.MapType:
			key, elem = exprString(nil, c.Key), exprString(nil, c.Value)
		case *ast.ArrayType:
			elem = exprString(nil, c.Elt)
			if c.Len == nil {
				slice = exprString(nil, c)
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
// func(yield func(...) bool).
func yieldOf(t ast.Expr) ([]string, bool) {
	switch x := t.(type) {
	case *ast.IndexExpr:
		if exprString(nil, x.X) == "iter.Seq" {
			return []string{exprString(nil, x.Index)}, true
		}
	case *ast.IndexListExpr:
		if exprString(nil, x.X) == "iter.Seq2" && len(x.Indices) == 2 {
			return []string{exprString(nil, x.Indices[0]), exprString(nil, x.Indices[1])}, true
		}
	case *ast.FuncType:
		if x.Params == nil || len(x.Params.List) != 1 || (x.Results != nil && len(x.Results.List) > 0) {
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
	return nil, false
}

// typeOf finds an expression's type as an AST: from its declaration in the
// cell, or from the session's value of it at run time.
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
		t, ok := rw.typeOf(v.X)
		switch c := t.(type) {
		case *ast.MapType:
			return c.Value, ok
		case *ast.ArrayType:
			return c.Elt, ok
		}
	case *ast.CallExpr:
		if t, ok := rw.genericResult(v); ok {
			return t, true
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
		return rw.typeOfValue(exprString(rw.fset, x))
	}
	return nil, false
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
		if id, ok := v.Fun.(*ast.Ident); ok && id.Obj != nil {
			if fd, ok := id.Obj.Decl.(*ast.FuncDecl); ok && fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
				return fd.Type.Results.List[0].Type, true
			}
		}
	}
	return nil, false
}
