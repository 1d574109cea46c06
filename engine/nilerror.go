package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
)

// A nil pointer of the session's type returned as an error (var p *MyErr;
// return p) is, in Go, a non-nil error holding a nil pointer: err != nil.
// yaegi v0.16.1 makes it a nil error, so err == nil and the failure was
// silently lost. checkNilErrors has a value returned as an error result
// that the source shows to be a pointer to a type not a package's (a
// variable or parameter declared *T or given &T{…} or new(T), a
// conversion (*T)(x), a call of a function or method whose result is *T)
// returned through a function literal that makes a nil one Go's
// error, a typedNil holding the pointer:
//
//	return func() error {
//		_opshP := p
//		if _opshrt.IsNilPointer(_opshP) {
//			return _opshrt.NilPointerError(_opshP, _opshP.Error)
//		}
//		return _opshP
//	}()
//
// Values of other types (return err), pointers that cannot be nil (return
// &T{…}), and pointers to a package's types, whose nil yaegi returns as
// Go does, are left alone, and cost nothing.

// checkNilErrors has the pointers node's functions return as their error
// results returned through nilPointerReturn.
func (rw *rewriter) checkNilErrors(node ast.Node) {
	ptrFuncs := pointerResults(node)
	ptrCall := func(call *ast.CallExpr) bool {
		// a function of the node, or of the session, or a method
		if f, ok := unparen(call.Fun).(*ast.Ident); ok && ptrFuncs[f.Name] {
			return true
		}
		r := rw.results(call.Fun)
		return len(r) == 1 && sessionPointer(r[0])
	}
	ast.Inspect(node, func(n ast.Node) bool {
		ft, body, ok := funcParts(n)
		if !ok {
			return true
		}
		errAt := errorResults(ft)
		if body == nil || len(errAt) == 0 {
			return true
		}
		ptrs := pointerNames(ft, body, ptrCall)
		ast.Inspect(body, func(m ast.Node) bool {
			if _, ok := m.(*ast.FuncLit); ok {
				return false // its returns are its own: the outer Inspect gets there
			}
			ret, ok := m.(*ast.ReturnStmt)
			if !ok || len(ret.Results) != len(errAt) {
				return true
			}
			for i, x := range ret.Results {
				if errAt[i] && isPointer(x, ptrs, ptrCall) && !neverNil(x) {
					ret.Results[i] = nilPointerReturn(x)
				}
			}
			return true
		})
		return true
	})
}

// nilPointerReturn is x, a pointer, returned as an error as Go returns a
// nil one (see checkNilErrors).
func nilPointerReturn(x ast.Expr) ast.Expr {
	p := func() *ast.Ident { return ast.NewIdent("_opshP") }
	rt := func(name string) ast.Expr {
		return &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent(name)}
	}
	body := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{p()}, Tok: token.DEFINE, Rhs: []ast.Expr{x}},
		&ast.IfStmt{
			Cond: &ast.CallExpr{Fun: rt("IsNilPointer"), Args: []ast.Expr{p()}},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{
				&ast.CallExpr{Fun: rt("NilPointerError"), Args: []ast.Expr{p(), &ast.SelectorExpr{X: p(), Sel: ast.NewIdent("Error")}}},
			}}}},
		},
		&ast.ReturnStmt{Results: []ast.Expr{p()}},
	}
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("error")}}}},
		Body: &ast.BlockStmt{List: body},
	}}
}

// errorResults says which of a function's results are of type error; nil
// if none is.
func errorResults(ft *ast.FuncType) []bool {
	var at []bool
	found := false
	for _, t := range fieldTypes(ft.Results) {
		at = append(at, isErrorType(t))
		found = found || isErrorType(t)
	}
	if !found {
		return nil
	}
	return at
}

// pointerResults are node's functions with a pointer as their only
// result: a call of one returns a pointer.
func pointerResults(node ast.Node) map[string]bool {
	funcs := map[string]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Type.Results != nil && len(fd.Type.Results.List) == 1 && len(fd.Type.Results.List[0].Names) <= 1 {
			if sessionPointer(fd.Type.Results.List[0].Type) {
				funcs[fd.Name.Name] = true
			}
		}
		return true
	})
	return funcs
}

// pointerNames are the names a function's source declares as pointers: its
// parameters and results of type *T, var x *T, and x := &T{…}, new(T) or
// a call ptrCall says gives a pointer.
func pointerNames(ft *ast.FuncType, body *ast.BlockStmt, ptrCall func(*ast.CallExpr) bool) map[string]bool {
	names := map[string]bool{}
	fields := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			if sessionPointer(f.Type) {
				for _, n := range f.Names {
					names[n.Name] = true
				}
			}
		}
	}
	fields(ft.Params)
	fields(ft.Results)
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ValueSpec:
			if sessionPointer(x.Type) {
				for _, id := range x.Names {
					names[id.Name] = true
				}
			}
		case *ast.AssignStmt:
			if len(x.Lhs) != len(x.Rhs) {
				return true
			}
			for i, r := range x.Rhs {
				id, ok := x.Lhs[i].(*ast.Ident)
				if ok && isPointer(r, nil, ptrCall) {
					names[id.Name] = true
				}
			}
		}
		return true
	})
	return names
}

// isPointer reports whether the source shows x to be a pointer to a type
// not a package's (whose nil pointer yaegi returns as Go does): a name of
// ptrs, &T{…}, new(T), (*T)(x), or a call ptrCall says gives a pointer.
func isPointer(x ast.Expr, ptrs map[string]bool, ptrCall func(*ast.CallExpr) bool) bool {
	switch v := unparen(x).(type) {
	case *ast.Ident:
		return ptrs[v.Name]
	case *ast.UnaryExpr:
		lit, ok := v.X.(*ast.CompositeLit)
		return v.Op == token.AND && !(ok && isPackageType(lit.Type))
	case *ast.CallExpr:
		switch f := unparen(v.Fun).(type) {
		case *ast.Ident:
			if f.Name == "new" && f.Obj == nil {
				return len(v.Args) == 1 && !isPackageType(v.Args[0])
			}
		case *ast.StarExpr:
			return !isPackageType(f.X) // a conversion, (*T)(x)
		}
		return ptrCall(v)
	}
	return false
}

// neverNil reports whether x, a pointer, cannot be nil: &T{…}, new(T).
func neverNil(x ast.Expr) bool {
	switch v := unparen(x).(type) {
	case *ast.UnaryExpr:
		return true
	case *ast.CallExpr:
		f, ok := unparen(v.Fun).(*ast.Ident)
		return ok && f.Name == "new"
	}
	return false
}

// sessionPointer reports whether t is a pointer type *T of a T not a
// package's.
func sessionPointer(t ast.Expr) bool {
	star, ok := t.(*ast.StarExpr)
	return ok && !isPackageType(star.X)
}

// isPackageType reports whether t names a package's type (os.PathError).
func isPackageType(t ast.Expr) bool {
	_, ok := t.(*ast.SelectorExpr)
	return ok
}

// isNilPointer reports whether v is a nil pointer.
func isNilPointer(v any) bool {
	rv := unboxed(reflect.ValueOf(v))
	return rv.IsValid() && rv.Kind() == reflect.Pointer && rv.IsNil()
}

// nilPointerError is Go's error holding the nil pointer ptr, whose Error
// method is msg (the pointer's method value): not equal to nil.
func nilPointerError(ptr any, msg func() string) error {
	return typedNil{ptr: ptr, msg: msg}
}

// typedNil is an error holding a nil pointer of the session's type, which
// yaegi's wrapper of the pointer would make a nil error.
type typedNil struct {
	ptr any
	msg func() string
}

func (t typedNil) Error() string { return t.msg() }

// self is the pointer, for sessionValue: assertions and errors.As find it.
func (t typedNil) self() any { return t.ptr }

// Format prints the error as fmt prints one held by a nil pointer: its
// Error method's text, or <nil> when the method panics on the nil
// receiver.
func (t typedNil) Format(f fmt.State, verb rune) {
	text, _, ok := try(func() (string, bool) { return t.msg(), true })
	if !ok {
		text = "<nil>"
	}
	if verb == 'q' && ok {
		text = strconv.Quote(text)
	}
	fmt.Fprint(f, text)
}
