package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"

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
// A struct that embeds a compiled type is given so the methods of the
// field that yaegi does not promote for interfaces (compiledMethods).
//
// A whole program is given them all, as it declares all its methods at
// once; the session's types, when they are first used (lazyforward.go).
func (e *Evaluator) forwardEmbedded(f *ast.File) {
	e.addForwarders(f, nil, nil)
}

// addForwarders appends to f, for each struct type it declares that only
// (if not nil) keeps, the methods its embedded fields give it that neither
// f nor declared (if not nil) declares, by "T.M".
func (e *Evaluator) addForwarders(f *ast.File, declared func(string) bool, only func(string) bool) {
	specs := goref.TypeSpecs(f)               // not a function's own: methods are the package's
	ifaces := map[string]*ast.InterfaceType{} // the file's interfaces
	for _, ts := range specs {
		if it, ok := ts.Type.(*ast.InterfaceType); ok && ts.TypeParams == nil {
			ifaces[ts.Name.Name] = it
		}
	}
	imports := fileImports(f)
	own := map[string]*ast.FuncDecl{} // T.M the file declares
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			if typ, _ := typeIdent(fd.Recv.List[0].Type); typ != "" {
				own[typ+"."+fd.Name.Name] = fd
			}
		}
	}
	sigs := func(t ast.Expr) []forwarded {
		out := append(e.interfaceSignatures(t, ifaces), e.compiledMethods(t, imports)...)
		return append(out, e.textSignatures(t, ifaces, own)...)
	}
	var added []ast.Decl
	for _, ts := range specs {
		st, ok := ts.Type.(*ast.StructType)
		if !ok || ts.TypeParams != nil || only != nil && !only(ts.Name.Name) {
			continue
		}
		for _, m := range promoted(st, sigs) {
			key := ts.Name.Name + "." + m.name
			if own[key] == nil && (declared == nil || !declared(key)) {
				added = append(added, m.decl(ts.Name.Name))
			}
		}
	}
	f.Decls = append(f.Decls, added...)
}

// A struct that embeds a struct of the session's with a String or an
// Error method (type Svc struct{ Base; port int }) has the method in Go;
// yaegi v0.16.1 promotes it, but calls it wrongly on a value held in an
// interface: fmt.Println of a Named holding a Svc printed "%!v(PANIC=String
// method: reflect.Value.Interface: cannot return value obtained from
// unexported field or method)". textSignatures are the methods
// forwardEmbedded gives the struct for such an embedded type t, so that
// they are its own:
//
//	func (_opshFwd Svc) String() string { return _opshFwd.Base.String() }
//
// t's methods are those the file declares (own, by "T.M") or the
// session's.
func (e *Evaluator) textSignatures(t ast.Expr, ifaces map[string]*ast.InterfaceType, own map[string]*ast.FuncDecl) []forwarded {
	embedsPtr := false
	if star, ok := t.(*ast.StarExpr); ok {
		t, embedsPtr = star.X, true
	}
	id, ok := t.(*ast.Ident)
	if !ok || ifaces[id.Name] != nil {
		return nil
	}
	if def, ok := e.typeDecl(id.Name); ok {
		if _, isIface := def.(*ast.InterfaceType); isIface {
			return nil // interfaceSignatures gives its methods
		}
	}
	var out []forwarded
	for _, name := range []string{"Error", "String"} {
		fd := own[id.Name+"."+name]
		if fd == nil {
			fd, _ = e.methodDecl(id.Name, name)
		}
		if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || signatureText(fd.Type) != calledSignatures[name] {
			continue
		}
		_, onPtr := typeIdent(fd.Recv.List[0].Type)
		out = append(out, forwarded{name: name, results: []ast.Expr{ast.NewIdent("string")}, onPtr: onPtr && !embedsPtr})
	}
	return out
}

// forwarderRecv names the receiver of the methods forwardEmbedded gives.
const forwarderRecv = "_opshFwd"

// isForwarder reports whether src, a method's source, is one of those.
func isForwarder(src string) bool {
	return strings.HasPrefix(src, "func ("+forwarderRecv+" ")
}

// promoted are the methods the embedded fields of st give it, as sigs
// reads those of a field's type, each with its field: those no field of
// st is named as, and no two embedded fields give.
func promoted(st *ast.StructType, sigs func(ast.Expr) []forwarded) []forwarded {
	fields := map[string]bool{}
	for _, fl := range st.Fields.List {
		for _, n := range fl.Names {
			fields[n.Name] = true
		}
	}
	provided := map[string]int{} // how many embedded fields give M
	var methods []forwarded
	for _, fl := range st.Fields.List {
		if len(fl.Names) != 0 {
			continue
		}
		for _, m := range sigs(fl.Type) {
			provided[m.name]++
			m.field = goref.EmbeddedName(fl.Type)
			methods = append(methods, m)
		}
	}
	var out []forwarded
	for _, m := range methods {
		if !fields[m.name] && provided[m.name] == 1 && m.field != "" {
			out = append(out, m)
		}
	}
	return out
}

// forwarded is a method an embedded interface gives a struct, or an
// embedded compiled struct its pointer.
type forwarded struct {
	name, field     string
	params, results []ast.Expr
	variadic        bool
	onPtr           bool // the method is the pointer's (*T)
}

// decl is the method of typ that calls the field's.
func (m forwarded) decl(typ string) *ast.FuncDecl {
	const recv = forwarderRecv
	var recvType ast.Expr = ast.NewIdent(typ)
	if m.onPtr {
		recvType = &ast.StarExpr{X: recvType}
	}
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
		Recv: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent(recv)}, Type: recvType}}},
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

// A struct that embeds a compiled struct by value (type Store struct{
// sync.Mutex; … }, struct{ bytes.Buffer }) has, in Go, the methods of the
// embedded field's pointer on its own pointer: *Store is a sync.Locker. In
// yaegi v0.16.1 only the value's methods are promoted so, and *Store
// "cannot be used as type sync.Locker". Nor are the value's methods found
// for a value of the struct (not a pointer) made an interface value:
// fmt.Println of a struct{ time.Duration; … } stopped with "method not
// found: String". compiledMethods are the methods forwardEmbedded gives
// a struct for an embedded compiled type t, of the struct's value or
// pointer as Go promotes them:
//
//	func (_opshFwd *Store) Lock() { _opshFwd.Mutex.Lock() }
//	func (_opshFwd Timeout) String() string { return _opshFwd.Duration.String() }
//
// Left out are the methods whose signature names a type the file cannot
// name as the package has it (of a package it imports under another
// name, unexported, generic).
func (e *Evaluator) compiledMethods(t ast.Expr, imports map[string]string) []forwarded {
	embedsPtr := false
	if star, ok := t.(*ast.StarExpr); ok {
		t, embedsPtr = star.X, true
	}
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	rt := e.packageType(sel)
	if rt == nil || rt.Kind() == reflect.Interface || rt.Name() == "" {
		return nil
	}
	pt := reflect.PointerTo(rt)
	var out []forwarded
	for i := range pt.NumMethod() {
		meth := pt.Method(i)
		_, onValue := rt.MethodByName(meth.Name)
		mt := meth.Type // the receiver first
		in := make([]reflect.Type, 0, mt.NumIn()-1)
		for j := 1; j < mt.NumIn(); j++ {
			in = append(in, mt.In(j))
		}
		results := make([]reflect.Type, 0, mt.NumOut())
		for j := range mt.NumOut() {
			results = append(results, mt.Out(j))
		}
		sig := reflect.FuncOf(in, results, mt.IsVariadic())
		if !e.nameable(sig, imports) {
			continue
		}
		if m, ok := compiledSignature(meth.Name, sig); ok {
			m.onPtr = !embedsPtr && !onValue
			out = append(out, m)
		}
	}
	return out
}

// nameable reports whether every named type t is made of is a package's
// exported type that source names, in a file importing imports (by name),
// as the package the session's index gives for its name.
func (e *Evaluator) nameable(t reflect.Type, imports map[string]string) bool {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return true
		}
		name := packageName(t.PkgPath())
		if p, ok := imports[name]; ok && p != t.PkgPath() {
			return false
		}
		sel := &ast.SelectorExpr{X: ast.NewIdent(name), Sel: ast.NewIdent(t.Name())}
		return e.packageType(sel) == t
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return e.nameable(t.Elem(), imports)
	case reflect.Map:
		return e.nameable(t.Key(), imports) && e.nameable(t.Elem(), imports)
	case reflect.Func:
		for i := range t.NumIn() {
			if !e.nameable(t.In(i), imports) {
				return false
			}
		}
		for i := range t.NumOut() {
			if !e.nameable(t.Out(i), imports) {
				return false
			}
		}
		return true
	case reflect.Interface:
		return t.NumMethod() == 0
	}
	return false
}

// fileImports are the packages f imports, by the name it gives them
// (those importMissing added too).
func fileImports(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, spec := range g.Specs {
			name, p := importName(spec.(*ast.ImportSpec))
			out[name] = p
		}
	}
	return out
}
