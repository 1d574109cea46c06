package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
)

// A nil pointer of the session's type returned as an error (var p *MyErr;
// return p) is, in Go, a non-nil error holding a nil pointer: err != nil.
// yaegi v0.16.1 makes it a nil error, so err == nil and the failure is
// silently lost. No rewrite can build Go's value, so checkNilErrors makes
// such a return fail with the limit and the way around it instead of
// giving the wrong answer: a value returned as an error result that the
// source shows to be a pointer (a variable or parameter declared *T, a
// conversion (*T)(x), a call of a function of the cell whose result there
// is *T) goes through the prelude's _opshErrResult, which stops on a nil
// one. Values of other types (return err) are left alone, and cost nothing.

// nilErrorFunc is the prelude's check of a returned error.
const nilErrorFunc = "_opshErrResult"

// checkNilErrors wraps, in nilErrorFunc, the pointers node's functions
// return as their error results.
func checkNilErrors(node ast.Node) {
	ptrFuncs := pointerResults(node)
	ast.Inspect(node, func(n ast.Node) bool {
		var ft *ast.FuncType
		var body *ast.BlockStmt
		switch f := n.(type) {
		case *ast.FuncDecl:
			ft, body = f.Type, f.Body
		case *ast.FuncLit:
			ft, body = f.Type, f.Body
		default:
			return true
		}
		errAt := errorResults(ft)
		if body == nil || len(errAt) == 0 {
			return true
		}
		ptrs := pointerNames(ft, body)
		ast.Inspect(body, func(m ast.Node) bool {
			if _, ok := m.(*ast.FuncLit); ok {
				return false // its returns are its own: the outer Inspect gets there
			}
			ret, ok := m.(*ast.ReturnStmt)
			if !ok || len(ret.Results) != len(errAt) {
				return true
			}
			for i, x := range ret.Results {
				if errAt[i] && isPointer(x, ptrs, ptrFuncs) {
					ret.Results[i] = &ast.CallExpr{Fun: ast.NewIdent(nilErrorFunc), Args: []ast.Expr{x}}
				}
			}
			return true
		})
		return true
	})
}

// errorResults says which of a function's results are of type error; nil
// if none is.
func errorResults(ft *ast.FuncType) []bool {
	var at []bool
	found := false
	for _, t := range valueTypes(ft.Results) {
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
			if _, ptr := fd.Type.Results.List[0].Type.(*ast.StarExpr); ptr {
				funcs[fd.Name.Name] = true
			}
		}
		return true
	})
	return funcs
}

// pointerNames are the names a function's source declares as pointers: its
// parameters and results of type *T, var x *T, and x := &T{…} or new(T).
func pointerNames(ft *ast.FuncType, body *ast.BlockStmt) map[string]bool {
	names := map[string]bool{}
	fields := func(fl *ast.FieldList) {
		if fl == nil {
			return
		}
		for _, f := range fl.List {
			if _, ok := f.Type.(*ast.StarExpr); ok {
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
			if _, ok := x.Type.(*ast.StarExpr); ok {
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
				if ok && isPointer(r, nil, nil) {
					names[id.Name] = true
				}
			}
		}
		return true
	})
	return names
}

// isPointer reports whether the source shows x to be a pointer: a name of
// ptrs, &T{…}, new(T), (*T)(x), or a call of one of funcs.
func isPointer(x ast.Expr, ptrs, funcs map[string]bool) bool {
	switch v := unparen(x).(type) {
	case *ast.Ident:
		return ptrs[v.Name]
	case *ast.UnaryExpr:
		return v.Op == token.AND
	case *ast.CallExpr:
		switch f := unparen(v.Fun).(type) {
		case *ast.Ident:
			return f.Name == "new" || funcs[f.Name]
		case *ast.StarExpr:
			return true // a conversion, (*T)(x)
		}
	}
	return false
}

// nilErrorLimit is what a cell fails with when it returns a nil pointer
// as an error (see checkNilErrors); typeName is the pointer's type.
type nilErrorLimit struct{ typeName string }

func (l nilErrorLimit) Error() string {
	return fmt.Sprintf("%s (yaegi v0.16.1: a nil %s returned as an error becomes a nil error, where Go's is a non-nil error holding a nil pointer); return nil where there is no error, and the pointer only when it is set; see :help limits", limitPrefix, l.typeName)
}

// checkNilError is _opshrt.CheckNilError: it stops on a nil pointer about
// to become an error.
func (e *Evaluator) checkNilError(v any) {
	rv := reflect.ValueOf(v)
	rv = unboxed(rv)
	if !rv.IsValid() || rv.Kind() != reflect.Pointer || !rv.IsNil() {
		return
	}
	name := rv.Type().String()
	if n, ok := e.TypeName(rv.Type().Elem()); ok {
		name = "*" + n
	}
	panic(nilErrorLimit{name})
}
