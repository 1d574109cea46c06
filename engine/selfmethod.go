package engine

import (
	"go/ast"
	"go/token"
)

// selfMethod is the method a struct type whose Error method has a value
// receiver is given: yaegi v0.16.1 makes such a value an error with the
// struct's last field in place of the struct (its getConcreteValue takes
// a struct without methods for one of its own emulated interfaces), and
// type assertions, type switches and errors.As then missed it. The method
// returns the value itself; the error wrappers of errorsfix.go carry it,
// and sessionValue calls it:
//
//	func (_opshSelfRecv NotFound) _opshSelf() any { return _opshSelfRecv }
const selfMethod = "_opshSelf"

// addSelfMethods gives the node's struct types that have an Error or a
// String method of a value receiver the selfMethod, once. (fmt gets such a
// value wrapped as a fmt.Stringer, and %#v prints the value itself.)
func (rw *rewriter) addSelfMethods(node ast.Node) {
	f, ok := node.(*ast.File)
	if !ok {
		return
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "Error" && fd.Name.Name != "String" {
			continue
		}
		typ, ptr := typeIdent(fd.Recv.List[0].Type)
		if typ == "" || ptr || rw.funcs[typ+"."+selfMethod] != nil || !rw.isStructType(typ) {
			continue
		}
		recv := "_opshSelfRecv"
		self := &ast.FuncDecl{
			Recv: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent(recv)}, Type: ast.NewIdent(typ)}}},
			Name: ast.NewIdent(selfMethod),
			Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.InterfaceType{Methods: &ast.FieldList{}}}}}},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Return: token.NoPos, Results: []ast.Expr{ast.NewIdent(recv)}}}},
		}
		f.Decls = append(f.Decls, self)
		rw.funcs[typ+"."+selfMethod] = self
	}
}

// isStructType reports whether typ is a struct type the node or the
// session declared.
func (rw *rewriter) isStructType(typ string) bool {
	def, ok := rw.typeDef(typ)
	_, isStruct := def.(*ast.StructType)
	return ok && isStruct
}

// hasSelf reports whether t names a struct type given the selfMethod (its
// Error method has a value receiver): an error holding one is found by
// the assertions rewriteInterfaceAsserts writes, through the method.
func (rw *rewriter) hasSelf(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	onPtr, ok := rw.methodSet()[id.Name]["Error"]
	return ok && !onPtr && rw.isStructType(id.Name)
}

// sessionErrorPointer reports whether t is *T, T a type of the session's
// with an Error method: yaegi's type switch misses such a pointer held in
// an error, and a nil one is held by a typedNil, which only the
// assertions rewriteInterfaceAsserts writes find.
func (rw *rewriter) sessionErrorPointer(t ast.Expr) bool {
	star, ok := t.(*ast.StarExpr)
	if !ok {
		return false
	}
	id, ok := star.X.(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = rw.methodSet()[id.Name]["Error"]
	return ok
}
