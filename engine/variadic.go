package engine

import (
	"go/ast"
	"go/token"
)

// sliceVariadicValues gives a call of a function value whose type the
// source shows to be variadic (a struct's field, logf func(string,
// ...any); a variable or an element of one) its variadic arguments as a
// slice, when there are two or more: yaegi v0.16.1 panicked compiling
// such a call (index out of range [1] with length 1), before any of the
// program ran.
//
//	c.logf("%s has %d", name, n) → c.logf("%s has %d", []any{name, n}...)
//
// Calls of declared functions and methods, and of a package's, which
// yaegi gets right, are left alone.
func (rw *rewriter) sliceVariadicValues(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() || !rw.funcValue(call.Fun) {
			return true
		}
		t, _, ok := rw.staticType(call.Fun)
		if !ok {
			return true
		}
		elem, fixed, ok := variadicParam(t)
		if !ok || len(call.Args)-fixed < 2 {
			return true
		}
		asSlice(call, elem, fixed)
		return true
	})
}

// boxSliceArgs gives a call of a function of a variadic ...any parameter
// whose one variadic argument is itself a []any (or an any), without ...,
// that value as the one element of the variadic slice, as Go does
// (f(args) of f(args ...any) has len(args) 1): yaegi v0.16.1 spread it.
//
//	f(is) → f([]any{is}...)
func (rw *rewriter) boxSliceArgs(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() || len(call.Args) == 0 {
			return true
		}
		t, _, ok := rw.staticType(call.Fun)
		if !ok {
			return true
		}
		elem, fixed, ok := variadicParam(t)
		if !ok || !isEmptyIface(elem) || len(call.Args) != fixed+1 {
			return true
		}
		at, _, ok := rw.staticType(call.Args[fixed])
		if s, isSlice := at.(*ast.ArrayType); !ok || !isEmptyIface(at) && (!isSlice || s.Len != nil || !isEmptyIface(s.Elt)) {
			return true // (an any may hold a []any, which yaegi spreads too)
		}
		asSlice(call, elem, fixed)
		return true
	})
}

// asSlice gives call its arguments after the first fixed ones as a slice
// of elem: f(a, b, c) → f(a, []elem{b, c}...).
func asSlice(call *ast.CallExpr, elem ast.Expr, fixed int) {
	lit := &ast.CompositeLit{Type: &ast.ArrayType{Elt: elem}, Elts: call.Args[fixed:]}
	call.Args = append(call.Args[:fixed:fixed], lit)
	call.Ellipsis = token.Pos(lit.End())
}

// variadicParam is, for t a function type of a variadic parameter, that
// parameter's element type and how many parameters come before it.
func variadicParam(t ast.Expr) (elem ast.Expr, fixed int, ok bool) {
	ft, isFunc := t.(*ast.FuncType)
	if !isFunc || ft.Params == nil || len(ft.Params.List) == 0 {
		return nil, 0, false
	}
	params := fieldTypes(ft.Params)
	dots, ok := params[len(params)-1].(*ast.Ellipsis)
	if !ok {
		return nil, 0, false
	}
	return dots.Elt, len(params) - 1, true
}

// argParam is the type of the parameter of params (a signature's, one a
// name) that argument i is given to: a final ...T's element type for the
// arguments from there on; false past the parameters. (paramType is its
// twin for compiled functions.)
func argParam(params []ast.Expr, i int) (ast.Expr, bool) {
	n := len(params)
	if dots, variadic := params[n-1].(*ast.Ellipsis); variadic && i >= n-1 {
		return dots.Elt, true
	}
	if i < n {
		return params[i], true
	}
	return nil, false
}

// isEmptyIface reports whether t is any or interface{}.
func isEmptyIface(t ast.Expr) bool {
	return isIdent(t, "any") || isEmptyInterface(t)
}

// funcValue reports whether fun, called, is a function value that is no
// declared function or method: a field of a struct, a variable, an element.
func (rw *rewriter) funcValue(fun ast.Expr) bool {
	switch f := unparen(fun).(type) {
	case *ast.SelectorExpr:
		_, field := rw.fieldType(f)
		return field
	case *ast.Ident:
		return f.Obj != nil && f.Obj.Kind == ast.Var
	case *ast.IndexExpr:
		t, _, ok := rw.staticType(f.X) // a map's or a slice's, not a generic function's
		if _, elem := mapTypes(t); ok && (elem != nil || listElem(t) != nil) {
			return true
		}
	}
	return false
}
