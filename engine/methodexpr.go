package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/opsh/opsh/internal/goref"
)

// A method expression (T.Get, (*T).Get, time.Duration.String,
// (*strings.Builder).Len) is a function whose first parameter is the
// receiver. yaegi v0.16.1 makes one that fails when called (a value
// receiver of the session's type), panics (a pointer receiver, a compiled
// type's method) or leaves the receiver out. rewriteMethodExprs therefore
// writes each as the function literal Go would have made:
// func(r T, a int) int { return r.Get(a) }.

// Names the function literals' parameters take.
const (
	methodRecv  = "_opshRecv"
	methodParam = "_opshArg"
)

// rewriteMethodExprs replaces the method expressions in node by function
// literals; a method expression Go would refuse fails with Go's words.
func (rw *rewriter) rewriteMethodExprs(node ast.Node) {
	local := declaredMethods(node)
	lits := map[ast.Expr]*ast.FuncLit{}
	ast.Inspect(node, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		lit, err := rw.methodFunc(sel, local)
		switch {
		case err != nil:
			rw.fail(sel.Pos(), "%v", err)
		case lit != nil:
			lits[sel] = lit
			return false
		}
		return true
	})
	if len(lits) == 0 {
		return // most cells: no walk of the tree by reflection
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		if lit, ok := lits[x]; ok {
			return lit
		}
		return nil
	})
}

// declaredMethods are the methods node declares, "T.M" to their
// declaration.
func declaredMethods(node ast.Node) map[string]*ast.FuncDecl {
	methods := map[string]*ast.FuncDecl{}
	ast.Inspect(node, func(n ast.Node) bool {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			if recv := goref.ReceiverType(fd.Recv.List[0].Type); recv != "" {
				methods[recv+"."+fd.Name.Name] = fd
			}
		}
		return true
	})
	return methods
}

// methodFunc is the function literal for sel if it is a method
// expression, nil if it is not one (or not one opsh can write).
func (rw *rewriter) methodFunc(sel *ast.SelectorExpr, local map[string]*ast.FuncDecl) (*ast.FuncLit, error) {
	recv := unparen(sel.X)
	base, ptr := recv, false
	if star, ok := recv.(*ast.StarExpr); ok {
		base, ptr = unparen(star.X), true
	}
	name := sel.Sel.Name
	switch b := base.(type) {
	case *ast.Ident:
		own := local[b.Name+"."+name]
		isType := b.Obj != nil && b.Obj.Kind == ast.Typ || b.Obj == nil && rw.isType != nil && rw.isType(b.Name)
		if !isType {
			return nil, nil
		}
		decl, fset := own, rw.fset
		if decl == nil && rw.methodDecl != nil {
			decl, fset = rw.methodDecl(b.Name, name)
		}
		if decl == nil && !ptr {
			decl, fset = rw.interfaceMethod(b.Name, name), nil
		}
		viaPtr := false
		if decl == nil {
			// a method promoted from an embedded field, S.Get of a
			// struct S{ C }: the literal calls it on the receiver, as
			// Go's selector does
			path, last := rw.embeddedWith(b.Name, name)
			if len(path) == 0 {
				return nil, nil // not a method of the type: yaegi says what it says
			}
			owner := path[len(path)-1]
			if decl, fset = local[owner+"."+name], rw.fset; decl == nil {
				decl, fset = rw.methodDecl(owner, name)
			}
			if decl == nil {
				return nil, nil
			}
			viaPtr = last
		}
		return sessionMethodFunc(b.Name, ptr || viaPtr, !ptr && viaPtr, decl, fset)
	case *ast.SelectorExpr:
		if rw.packageType == nil || rw.typeSource == nil {
			return nil, nil
		}
		t := rw.packageType(b)
		if t == nil {
			return nil, nil
		}
		return rw.compiledMethodFunc(exprString(rw.fset, b), t, ptr, name)
	}
	return nil, nil
}

// interfaceMethod is the method name of the session's interface type
// typeName, as the declaration of a method of that type (Notifier.Notify
// is a function of a Notifier and Notify's parameters); nil if the
// interface does not declare it itself.
func (rw *rewriter) interfaceMethod(typeName, name string) *ast.FuncDecl {
	ft := rw.interfaceMethodType(ast.NewIdent(typeName), name)
	if ft == nil {
		return nil
	}
	recv := &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent(typeName)}}}
	return &ast.FuncDecl{Recv: recv, Name: ast.NewIdent(name), Type: ft}
}

// interfaceMethodType is the signature of the method name that t, an
// interface of the session's or an interface literal, declares, itself or
// through an interface of the session's it embeds; nil if none does.
func (rw *rewriter) interfaceMethodType(t ast.Expr, name string) *ast.FuncType {
	return rw.embeddedMethodType(t, name, 0)
}

// embeddedMethodType is interfaceMethodType, looking in the interfaces
// of the session's that t embeds too (AB.M of type AB interface{ A }).
func (rw *rewriter) embeddedMethodType(t ast.Expr, name string, depth int) *ast.FuncType {
	it, isIface := rw.underlying(t).(*ast.InterfaceType)
	if !isIface || it.Methods == nil || !rw.sessionInterface(t) || depth > 8 {
		return nil
	}
	for _, m := range it.Methods.List {
		ft, isFunc := m.Type.(*ast.FuncType)
		if isFunc && len(m.Names) == 1 && m.Names[0].Name == name {
			return ft
		}
	}
	for _, m := range it.Methods.List {
		if _, isFunc := m.Type.(*ast.FuncType); !isFunc && len(m.Names) == 0 {
			if ft := rw.embeddedMethodType(m.Type, name, depth+1); ft != nil {
				return ft
			}
		}
	}
	return nil
}

// sessionMethodFunc writes the function literal of a method of the
// session's type typeName, declared by decl (read with fset); ptr says
// the method expression's receiver may have the pointer receiver's
// methods, value that it is nonetheless a value (S.Inc, S embedding *C).
func sessionMethodFunc(typeName string, ptr, value bool, decl *ast.FuncDecl, fset *token.FileSet) (*ast.FuncLit, error) {
	if _, ok := decl.Recv.List[0].Type.(*ast.StarExpr); ok && !ptr {
		return nil, fmt.Errorf("invalid method expression %s.%s (needs pointer receiver (*%s).%s)", typeName, decl.Name.Name, typeName, decl.Name.Name)
	}
	if genericRecv(decl.Recv.List[0].Type) {
		return nil, nil
	}
	recvType := typeName
	if ptr && !value {
		recvType = "*" + typeName
	}
	var params, results []string
	variadic := false
	for _, t := range fieldTypes(decl.Type.Params) {
		params = append(params, exprString(fset, t))
		_, variadic = t.(*ast.Ellipsis)
	}
	for _, t := range fieldTypes(decl.Type.Results) {
		results = append(results, exprString(fset, t))
	}
	return methodLit(recvType, decl.Name.Name, params, results, variadic)
}

// compiledMethodFunc writes the function literal of method name of the
// compiled type t, written typeSrc in the cell.
func (rw *rewriter) compiledMethodFunc(typeSrc string, t reflect.Type, ptr bool, name string) (*ast.FuncLit, error) {
	recvType := typeSrc
	rt := t
	if ptr {
		recvType, rt = "*"+typeSrc, reflect.PointerTo(t)
	}
	m, ok := rt.MethodByName(name)
	if !ok {
		if _, onPtr := reflect.PointerTo(t).MethodByName(name); onPtr && !ptr {
			return nil, fmt.Errorf("invalid method expression %s.%s (needs pointer receiver (*%s).%s)", typeSrc, name, typeSrc, name)
		}
		return nil, nil
	}
	ft := m.Type
	first := 1 // a concrete type's method takes the receiver first
	if rt.Kind() == reflect.Interface {
		first = 0
	}
	var params, results []string
	for i := first; i < ft.NumIn(); i++ {
		in := ft.In(i)
		if ft.IsVariadic() && i == ft.NumIn()-1 {
			s, ok := rw.typeSource(in.Elem())
			if !ok {
				return nil, nil
			}
			params = append(params, "..."+s)
			continue
		}
		s, ok := rw.typeSource(in)
		if !ok {
			return nil, nil
		}
		params = append(params, s)
	}
	for i := range ft.NumOut() {
		s, ok := rw.typeSource(ft.Out(i))
		if !ok {
			return nil, nil
		}
		results = append(results, s)
	}
	return methodLit(recvType, name, params, results, ft.IsVariadic())
}

// methodLit is func(recv recvType, args params) results { return recv.name(args) }.
func methodLit(recvType, name string, params, results []string, variadic bool) (*ast.FuncLit, error) {
	decl := []string{methodRecv + " " + recvType}
	args := make([]string, len(params))
	for i, p := range params {
		args[i] = fmt.Sprintf("%s%d", methodParam, i)
		decl = append(decl, args[i]+" "+p)
	}
	call := fmt.Sprintf("%s.%s(%s)", methodRecv, name, strings.Join(args, ", "))
	if variadic && len(args) > 0 {
		call = strings.TrimSuffix(call, ")") + "...)"
	}
	body := call
	if len(results) > 0 {
		body = "return " + call
	}
	src := fmt.Sprintf("func(%s) (%s) { %s }", strings.Join(decl, ", "), strings.Join(results, ", "), body)
	x, err := parser.ParseExpr(src)
	if err != nil {
		return nil, fmt.Errorf("method expression %s: %w", name, err)
	}
	return x.(*ast.FuncLit), nil
}

// replaceExprs walks node and replaces each expression for which f gives
// another; a replaced expression is not walked further.
func replaceExprs(node ast.Node, f func(ast.Expr) ast.Expr) {
	replaceIn(reflect.ValueOf(node), f)
}

var (
	astExprType = reflect.TypeFor[ast.Expr]()
	astNodeType = reflect.TypeFor[ast.Node]()
)

// replaceIn is replaceExprs of one value of the syntax tree: a node, or a
// list of them.
func replaceIn(v reflect.Value, f func(ast.Expr) ast.Expr) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return
		}
		replaceIn(v.Elem(), f)
	case reflect.Slice:
		for i := range v.Len() {
			replaceChild(v.Index(i), f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fv := v.Field(i)
			if !v.Type().Field(i).IsExported() {
				continue
			}
			switch {
			case fv.Kind() == reflect.Slice && fv.Type().Elem().Implements(astNodeType):
				replaceIn(fv, f)
			case fv.Type().Implements(astNodeType) && fv.Type() != reflect.TypeFor[*ast.Object]():
				replaceChild(fv, f)
			}
		}
	}
}

// methodOf is the declaration of the method sel names, when the source
// shows sel.X to be of one of the session's types (typ, ptr if a pointer
// to it) and that type or an embedded field's declares it; recv is the
// method's receiver, sel.X or its embedded field (typ and ptr are then
// the field's). fd is nil if there is none.
func (rw *rewriter) methodOf(sel *ast.SelectorExpr) (fd *ast.FuncDecl, recv ast.Expr, typ string, ptr bool) {
	t, _, ok := rw.staticType(sel.X)
	if !ok {
		return nil, nil, "", false
	}
	typ, ptr = typeIdent(t)
	if typ == "" {
		return nil, nil, "", false
	}
	if fd := rw.method(typ, sel.Sel.Name); fd != nil {
		return fd, sel.X, typ, ptr
	}
	if _, field := rw.fieldType(sel); field {
		return nil, nil, "", false // a field hides a promoted method of its name
	}
	path, fptr := rw.embeddedWith(typ, sel.Sel.Name)
	if path == nil {
		return nil, nil, "", false
	}
	recv = sel.X
	for _, field := range path {
		recv = &ast.SelectorExpr{X: recv, Sel: ast.NewIdent(field)}
	}
	field := path[len(path)-1]
	return rw.method(field, sel.Sel.Name), recv, field, fptr
}

// method is the declaration of the method name of the session's type typ
// (declared by the rewritten node or before), or nil.
func (rw *rewriter) method(typ, name string) *ast.FuncDecl {
	if fd := rw.funcs[typ+"."+name]; fd != nil {
		return fd
	}
	if rw.methodDecl != nil {
		fd, _ := rw.methodDecl(typ, name)
		return fd
	}
	return nil
}

// embeddedWith is the path of embedded fields (E or *E, the field named
// by its type) that leads from the session's struct type typ to the
// shallowest one whose type declares the method name, as Go promotes it:
// w.Add of a Wheel embedding a Circle embedding a Point is
// w.Circle.Point.Add. ptr tells whether the last field is a pointer.
func (rw *rewriter) embeddedWith(typ, name string) (path []string, ptr bool) {
	type step struct {
		path []string
		ptr  bool
	}
	level := []step{{}}
	for depth := 0; depth < 8 && len(level) > 0; depth++ {
		var next []step
		for _, at := range level {
			t := typ
			if len(at.path) > 0 {
				t = at.path[len(at.path)-1]
			}
			def, found := rw.typeDef(t)
			st, isStruct := def.(*ast.StructType)
			if !found || !isStruct {
				continue
			}
			for _, f := range st.Fields.List {
				e, ptr := typeIdent(f.Type)
				if len(f.Names) != 0 || e == "" {
					continue
				}
				p := append(append([]string(nil), at.path...), e)
				if rw.method(e, name) != nil {
					return p, ptr
				}
				next = append(next, step{p, ptr})
			}
		}
		level = next
	}
	return nil, false
}

// replaceChild replaces the expression held by v, a field or an element,
// if f gives another, else walks it.
func replaceChild(v reflect.Value, f func(ast.Expr) ast.Expr) {
	if v.Type() == astExprType && !v.IsNil() && v.CanSet() {
		if w := f(v.Interface().(ast.Expr)); w != nil {
			v.Set(reflect.ValueOf(w))
			return
		}
	}
	replaceIn(v, f)
}

// A method value (f := t.Get) holds, in Go, its receiver as it is when
// the method value is evaluated: a copy of t for a value receiver, the
// pointer p for a pointer's (f := p.Get; p = q: f still calls p's), and
// for a method promoted from an embedded field, that field's value then.
// yaegi's holds the expression, and f saw the changes made after it (a
// slice of c.Get gathered in a loop called the last c's). So
// rewriteMethodValues writes each method value whose receiver the source
// shows to be of the session's type, its method declared by that type or
// an embedded field's, as a call that takes the receiver first:
// func(_opshRecv T) func() int { return _opshRecv.Get }(t). A pointer
// receiver's method of a variable t (which Go binds to &t, sharing t) is
// left as it is; of an element or a field, cs[i].Inc, it takes its
// address then.
func (rw *rewriter) rewriteMethodValues(node ast.Node) {
	if rw.methodNamed == nil {
		return
	}
	local := map[string]bool{} // the methods node declares, by name
	for key := range rw.funcs {
		if _, method, ok := strings.Cut(key, "."); ok {
			local[method] = true
		}
	}
	called := map[ast.Expr]bool{}
	var sels []*ast.SelectorExpr
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			called[unparen(x.Fun)] = true
		case *ast.SelectorExpr:
			if local[x.Sel.Name] || rw.methodNamed(x.Sel.Name) {
				sels = append(sels, x)
			}
		}
		return true
	})
	values := map[ast.Expr]ast.Expr{}
	for _, sel := range sels {
		if called[sel] {
			continue
		}
		fd, recvExpr, typ, ptr := rw.methodOf(sel)
		if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Type.TypeParams != nil {
			continue
		}
		_, onPointer := fd.Recv.List[0].Type.(*ast.StarExpr)
		recvType := ast.Expr(ast.NewIdent(typ))
		switch {
		case onPointer && !ptr:
			if _, isVar := unparen(recvExpr).(*ast.Ident); isVar {
				continue // bound to &t, in Go too: it shares t
			}
			// cs[i].Inc is bound to &cs[i] of the i of then
			recvExpr = &ast.UnaryExpr{Op: token.AND, X: recvExpr}
			recvType = &ast.StarExpr{X: recvType}
		case onPointer:
			recvType = &ast.StarExpr{X: recvType}
		case ptr:
			recvExpr = &ast.StarExpr{X: recvExpr} // Go copies *p
		}
		recv := ast.NewIdent(methodRecv)
		values[sel] = &ast.CallExpr{
			Fun: &ast.FuncLit{
				Type: &ast.FuncType{
					Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{recv}, Type: recvType}}},
					Results: &ast.FieldList{List: []*ast.Field{{Type: fd.Type}}},
				},
				Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{
					&ast.SelectorExpr{X: ast.NewIdent(methodRecv), Sel: ast.NewIdent(sel.Sel.Name)},
				}}}},
			},
			Args: []ast.Expr{recvExpr},
		}
	}
	if len(values) == 0 {
		return
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr { return values[x] })
}
