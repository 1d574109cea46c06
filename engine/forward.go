package engine

import (
	"fmt"
	"go/ast"
	"reflect"

	"github.com/opsh/opsh/internal/goref"
)

// A struct that embeds an interface (type loggingStore struct{ Store; log
// []string }, an http.ResponseWriter wrapper) has, in Go, the interface's
// methods; in yaegi v0.16.1 it has none of them, and cannot be made an
// interface value. forwardEmbedded gives such a struct, declared by a
// program, the methods it does not declare itself, each calling the
// embedded field's:
//
//	func (_opshFwd loggingStore) Get(_opshP0 string) (string, bool) { return _opshFwd.Store.Get(_opshP0) }
//
// Only a whole program is given them: it declares all its methods at once,
// where a session's later cell could declare one of them (the REPL keeps
// the limit, in :help limits).
func (e *Evaluator) forwardEmbedded(f *ast.File) {
	declared := map[string]bool{} // T.M the file declares
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			if typ, _ := typeIdent(fd.Recv.List[0].Type); typ != "" {
				declared[typ+"."+fd.Name.Name] = true
			}
		}
	}
	ifaces := map[string]*ast.InterfaceType{} // the file's interfaces
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.TypeParams == nil {
			if it, ok := ts.Type.(*ast.InterfaceType); ok {
				ifaces[ts.Name.Name] = it
			}
		}
		return true
	})
	var added []ast.Decl
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.TypeParams != nil {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return true
		}
		fields := map[string]bool{}
		for _, fl := range st.Fields.List {
			for _, n := range fl.Names {
				fields[n.Name] = true
			}
		}
		provided := map[string]int{} // how many embedded interfaces give M
		var methods []forwarded
		for _, fl := range st.Fields.List {
			if len(fl.Names) != 0 {
				continue
			}
			for _, m := range e.interfaceSignatures(fl.Type, ifaces) {
				provided[m.name]++
				m.field = goref.EmbeddedName(fl.Type)
				methods = append(methods, m)
			}
		}
		for _, m := range methods {
			if declared[ts.Name.Name+"."+m.name] || fields[m.name] || provided[m.name] > 1 || m.field == "" {
				continue
			}
			added = append(added, m.decl(ts.Name.Name))
		}
		return true
	})
	f.Decls = append(f.Decls, added...)
}

// forwarded is a method an embedded interface gives a struct.
type forwarded struct {
	name, field     string
	params, results []ast.Expr
	variadic        bool
}

// decl is the method of typ that calls the field's.
func (m forwarded) decl(typ string) *ast.FuncDecl {
	const recv = "_opshFwd"
	ft := &ast.FuncType{Params: &ast.FieldList{}}
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.SelectorExpr{X: ast.NewIdent(recv), Sel: ast.NewIdent(m.field)}, Sel: ast.NewIdent(m.name)}}
	for i, p := range m.params {
		name := fmt.Sprintf("_opshP%d", i)
		if m.variadic && i == len(m.params)-1 {
			p = &ast.Ellipsis{Elt: p}
			call.Ellipsis = 1
		}
		ft.Params.List = append(ft.Params.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(name)}, Type: p})
		call.Args = append(call.Args, ast.NewIdent(name))
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if len(m.results) > 0 {
		ft.Results = &ast.FieldList{}
		for _, r := range m.results {
			ft.Results.List = append(ft.Results.List, &ast.Field{Type: r})
		}
		body = &ast.ReturnStmt{Results: []ast.Expr{call}}
	}
	return &ast.FuncDecl{
		Recv: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent(recv)}, Type: ast.NewIdent(typ)}}},
		Name: ast.NewIdent(m.name),
		Type: ft,
		Body: &ast.BlockStmt{List: []ast.Stmt{body}},
	}
}

// interfaceSignatures are the methods of the interface t names: one the
// file declares, the session's, or a compiled package's; none if t is no
// interface opsh can read.
func (e *Evaluator) interfaceSignatures(t ast.Expr, ifaces map[string]*ast.InterfaceType) []forwarded {
	def := func(name string) (ast.Expr, bool) {
		if it := ifaces[name]; it != nil {
			return it, true
		}
		return e.typeDecl(name)
	}
	out, _ := signatures(t, def, e.packageType)
	return out
}

// signatures are the methods of the interface t, a literal or a name that
// def defines or a package's type that pkgType gives; complete is false
// where one of them could not be read.
func signatures(t ast.Expr, def func(string) (ast.Expr, bool), pkgType func(ast.Expr) reflect.Type) (out []forwarded, complete bool) {
	switch x := t.(type) {
	case *ast.Ident:
		if x.Name == "error" {
			return []forwarded{{name: "Error", results: []ast.Expr{ast.NewIdent("string")}}}, true
		}
		if d, ok := def(x.Name); ok {
			if it, ok := d.(*ast.InterfaceType); ok {
				return signatures(it, def, pkgType)
			}
		}
	case *ast.InterfaceType:
		complete = true
		for _, fl := range x.Methods.List {
			ft, ok := fl.Type.(*ast.FuncType)
			if !ok {
				embedded, whole := signatures(fl.Type, def, pkgType)
				out, complete = append(out, embedded...), complete && whole
				continue
			}
			m := forwarded{results: fieldTypes(ft.Results)}
			for _, p := range fieldTypes(ft.Params) {
				if el, ok := p.(*ast.Ellipsis); ok {
					p, m.variadic = el.Elt, true
				}
				m.params = append(m.params, p)
			}
			for _, n := range fl.Names {
				m.name = n.Name
				out = append(out, m)
			}
		}
		return out, complete
	case *ast.SelectorExpr:
		rt := pkgType(x)
		if rt == nil || rt.Kind() != reflect.Interface {
			return nil, false
		}
		for i := range rt.NumMethod() {
			meth := rt.Method(i)
			m, ok := compiledSignature(meth.Name, meth.Type)
			if !ok {
				return nil, false
			}
			out = append(out, m)
		}
		return out, true
	}
	return nil, false
}

// compiledSignature is the method name of a compiled interface, of type
// mt, as source.
func compiledSignature(name string, mt reflect.Type) (forwarded, bool) {
	m := forwarded{name: name, variadic: mt.IsVariadic()}
	for i := range mt.NumIn() {
		in := mt.In(i)
		if m.variadic && i == mt.NumIn()-1 {
			in = in.Elem()
		}
		t, ok := compiledTypeExpr(in)
		if !ok {
			return m, false
		}
		m.params = append(m.params, t)
	}
	for i := range mt.NumOut() {
		t, ok := compiledTypeExpr(mt.Out(i))
		if !ok {
			return m, false
		}
		m.results = append(m.results, t)
	}
	return m, true
}
