package engine

import (
	"go/ast"
	"go/token"
)

// yaegi v0.16.1 stores a value of a type with methods in an interface as
// the variable that holds it, not a copy: after
//
//	all = append(all, h)
//	h.Name = "b"
//
// the element of a []Describer said "b" too, as did an `any` made of a
// Level or a Grid before a later assignment to it. Go copies the value. A
// conversion to its own type makes the interpreter copy it, so
// copyIntoInterfaces writes one around such a variable (a name, a field,
// an element, a dereference) where it becomes an interface: an argument of
// append to a slice of interfaces, the value of an assignment or a
// declaration of a variable, an element, a field of an interface type, a
// send on a channel of one, and a function's result.

// copyIntoInterfaces writes the conversions.
func (rw *rewriter) copyIntoInterfaces(node ast.Node) {
	if rw.methodSets == nil && len(rw.funcs) == 0 {
		return
	}
	into := func(t ast.Expr, v *ast.Expr) {
		if t != nil && rw.isInterface(t) {
			*v = rw.copied(*v)
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "append" && id.Obj == nil && len(x.Args) > 1 && !x.Ellipsis.IsValid() {
				if t, _, ok := rw.staticType(x.Args[0]); ok {
					for i := 1; i < len(x.Args); i++ {
						into(listElem(rw.underlying(t)), &x.Args[i])
					}
				}
			}
		case *ast.AssignStmt:
			if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if t, _, ok := rw.staticType(l); ok {
						into(t, &x.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(x.Names) == len(x.Values) {
				for i := range x.Values {
					into(x.Type, &x.Values[i])
				}
			}
		case *ast.SendStmt:
			if t, _, ok := rw.staticType(x.Chan); ok {
				if ct, ok := rw.underlying(t).(*ast.ChanType); ok {
					into(ct.Value, &x.Value)
				}
			}
		case *ast.CompositeLit:
			rw.copyElements(x, into)
		default:
			if ft, body, ok := funcParts(n); ok && body != nil && ft.Results != nil {
				copyReturns(ft, body, into)
			}
		}
		return true
	})
}

// copyReturns gives into the results of the return statements of a
// function's body (not of the function literals in it), each with its
// type.
func copyReturns(ft *ast.FuncType, body *ast.BlockStmt, into func(t ast.Expr, v *ast.Expr)) {
	var types []ast.Expr
	for _, f := range ft.Results.List {
		for range max(len(f.Names), 1) {
			types = append(types, f.Type)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(x.Results) == len(types) {
				for i := range x.Results {
					into(types[i], &x.Results[i])
				}
			}
		}
		return true
	})
}

// copyElements gives into the elements of a composite literal of a slice,
// array or map type, or the fields of a struct type's, each with its type.
func (rw *rewriter) copyElements(cl *ast.CompositeLit, into func(t ast.Expr, v *ast.Expr)) {
	if cl.Type == nil {
		return
	}
	t := rw.underlying(cl.Type)
	var fields map[string]ast.Expr
	var types []ast.Expr
	if st, ok := t.(*ast.StructType); ok && st.Fields != nil {
		var names []string
		types, _, names = writtenFields(st)
		fields = map[string]ast.Expr{}
		for i, name := range names {
			fields[name] = types[i]
		}
	}
	for i := range cl.Elts {
		v := &cl.Elts[i]
		key := ast.Expr(nil)
		if kv, ok := cl.Elts[i].(*ast.KeyValueExpr); ok {
			key, v = kv.Key, &kv.Value
		}
		switch {
		case fields != nil && key != nil:
			if k, ok := key.(*ast.Ident); ok {
				into(fields[k.Name], v)
			}
		case fields != nil:
			if i < len(types) {
				into(types[i], v)
			}
		case listElem(t) != nil:
			into(listElem(t), v)
		default:
			if _, elem := mapTypes(t); elem != nil {
				into(elem, v)
			}
		}
	}
}

// copied is v converted to its own type, if it is a variable (or a field,
// an element, a dereference) of a type of the session's with methods, of
// no type parameters; v otherwise.
func (rw *rewriter) copied(v ast.Expr) ast.Expr {
	switch unparen(v).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
	default:
		return v
	}
	if id, ok := unparen(v).(*ast.Ident); ok && (id.Name == "nil" || id.Obj != nil && id.Obj.Kind != ast.Var) {
		return v
	}
	t, kind, ok := rw.staticType(v)
	if !ok || kind != token.ILLEGAL {
		return v
	}
	name, ptr := typeIdent(t)
	if name == "" || ptr || len(rw.methodSet()[name]) == 0 || rw.sessionInterface(t) {
		return v
	}
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: v.Pos(), Name: name}, Lparen: v.Pos(), Args: []ast.Expr{v}, Rparen: v.End()}
}
