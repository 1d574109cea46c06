package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"reflect"
)

// A value of a struct type of the session's, converted to an interface of
// a compiled package (error, fmt.Stringer) by an assignment or a
// conversion — var err error = NotFound{…} at the top level, e :=
// error(NotFound{…}), cause = NotFound{…} in a function — is stored by
// yaegi v0.16.1 as the bare struct: the assignment fails (reflect.Set:
// value of type struct {…} is not assignable to type error), or fmt
// prints the value without its Error method and assertions miss it.
// Returned by a function, the value is converted right; convertToInterfaces
// has such values returned by a function literal called at once:
//
//	var err error = func() error { return NotFound{…} }()
//
// A pointer of the session's type made an error so goes through
// nilPointerReturn, which makes a nil one Go's non-nil error.
func (rw *rewriter) convertToInterfaces(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, r := range x.Rhs {
				if len(x.Lhs) == len(x.Rhs) && x.Tok == token.ASSIGN {
					if t, _, ok := rw.staticType(x.Lhs[i]); ok {
						x.Rhs[i] = rw.convertedTo(t, r)
					}
				}
				x.Rhs[i] = rw.convertCalls(x.Rhs[i])
			}
		case *ast.ValueSpec:
			for i, v := range x.Values {
				if x.Type != nil {
					v = rw.convertedTo(x.Type, v)
				}
				x.Values[i] = rw.convertCalls(v)
			}
		}
		return true
	})
}

// yaegi v0.16.1 stores the result of an operation (-n, i%2, n+1, i == 2)
// straight into the variable it is assigned to, or the result it is
// returned as, and where that is an interface some operations find no code
// for the interface's kind: the function ended there without a word
// (e.Value = i + 1 on a list.Element, a = -i into an any, st = n + 1 into
// a fmt.Stringer) or returned nil (return i % 3 from a function returning
// any). Where the source shows the interface, convertOperations converts
// such an operation to its own type, a = int(-i), st = Level(n + 1), which
// gives its result storage of its own, the interface then made of it as
// of a variable.
func (rw *rewriter) convertOperations(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.ASSIGN && len(x.Lhs) == 1 && len(x.Rhs) == 1 {
				if t, _, ok := rw.staticType(x.Lhs[0]); ok {
					x.Rhs[0] = rw.operationAs(t, x.Rhs[0])
				}
			}
		default:
			if ft, body, ok := funcParts(n); ok && body != nil && ft.Results != nil {
				copyReturns(ft, body, func(t ast.Expr, v *ast.Expr) { *v = rw.operationAs(t, *v) })
			}
		}
		return true
	})
}

// operationAs is v converted to its own type where v is an operation of a
// typed value and t an interface (to any, where the source does not show
// v's type and t is any); v otherwise.
func (rw *rewriter) operationAs(t, v ast.Expr) ast.Expr {
	switch x := unparen(v).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND || x.Op == token.ARROW {
			return v
		}
	case *ast.BinaryExpr:
	default:
		return v
	}
	if _, isLit := t.(*ast.InterfaceType); !isLit && !rw.isInterface(t) {
		return v
	}
	vt, kind, ok := rw.staticType(v)
	switch {
	case ok && kind != token.ILLEGAL:
		return v // a constant, which the interpreter folds
	case ok && !rw.isInterface(vt):
		return conversion(cloneExpr(vt), v)
	case !ok && isEmptyIface(t):
		return conversion(t, v)
	}
	return v
}

// convertCalls rewrites x if it is a conversion of a session struct to a
// compiled interface, error(NotFound{…}).
func (rw *rewriter) convertCalls(x ast.Expr) ast.Expr {
	call, ok := unparen(x).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return x
	}
	if c := rw.convertedTo(call.Fun, call.Args[0]); c != call.Args[0] {
		return c
	}
	return x
}

// convertedTo is v, converted to the type t through a function literal if
// t is a compiled interface with methods and v a struct of the session's
// that has them, or t an interface of the session's and v a value of the
// session's type that is no struct (type mem map[string]string), which
// yaegi v0.16.1 fails to store likewise (reflect.Set: value of type
// map[string]string is not assignable to type interp.valueInterface); v
// itself otherwise.
func (rw *rewriter) convertedTo(t, v ast.Expr) ast.Expr {
	session := rw.sessionInterface(t)
	if !session && !rw.compiledInterface(t) {
		return v
	}
	vt, _, ok := rw.staticType(v)
	if !ok {
		return v
	}
	name, ptr := typeIdent(vt)
	if ptr && isIdent(t, "error") && rw.sessionErrorPointer(vt) {
		return nilPointerReturn(v) // a nil one is Go's non-nil error
	}
	// yaegi converts a struct to the session's interfaces, and the other
	// types to compiled ones, itself.
	native := rw.isStructType(name) == session
	if name == "" || ptr || native || !rw.hasMethods(name, t) {
		return v // a type without the methods: the interpreter's error says so
	}
	if _, isStruct := rw.underlying(vt).(*ast.StructType); isStruct {
		return returnedAs(vt, t, v) // storage of its own: a copy
	}
	// (a value of another type would lose its type through a parameter)
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: t}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{v}}}},
	}}
}

// hasMethods reports whether the session's type name has the methods of
// the interface t, of value receivers.
func (rw *rewriter) hasMethods(name string, t ast.Expr) bool {
	methods, ok := rw.interfaceMethodNames(t)
	if !ok || len(methods) == 0 {
		return false
	}
	for _, m := range methods {
		if onPtr, ok := rw.methodSet()[name][m]; !ok || onPtr {
			return false
		}
	}
	return true
}

// compiledInterface reports whether t is error or an interface type of a
// compiled package with methods.
func (rw *rewriter) compiledInterface(t ast.Expr) bool {
	switch x := unparen(t).(type) {
	case *ast.Ident:
		return x.Name == "error" && !rw.declared["error"]
	case *ast.SelectorExpr:
		if rw.packageType != nil {
			rt := rw.packageType(x)
			return rt != nil && rt.Kind() == reflect.Interface && rt.NumMethod() > 0
		}
	}
	return false
}

// sliceVariadicIfaces gives a compiled package's variadic function whose
// variadic parameter is an interface with methods (io.MultiWriter's
// ...io.Writer, io.MultiReader's) its variadic arguments as a slice of
// that interface: yaegi v0.16.1 passes a value of the session's type there
// unconverted ("cannot use *struct { … } as type io.Writer in Call"), and
// converts the elements of a composite literal.
//
//	io.MultiWriter(c, os.Stdout) → io.MultiWriter([]io.Writer{c, os.Stdout}...)
func (rw *rewriter) sliceVariadicIfaces(node ast.Node) {
	if rw.packageValue == nil {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !isPkgSelector(sel) {
			return true
		}
		t := rw.packageValue(sel)
		if t == nil || t.Kind() != reflect.Func || !t.IsVariadic() || len(call.Args) < t.NumIn() {
			return true
		}
		// the interface of the function's own package (io.Writer of
		// io.MultiWriter), which the call's package name names
		elem := t.In(t.NumIn() - 1).Elem()
		pkg := sel.X.(*ast.Ident)
		if elem.Kind() != reflect.Interface || elem.NumMethod() == 0 || path.Base(elem.PkgPath()) != pkg.Name {
			return true
		}
		fixed := t.NumIn() - 1
		lit := &ast.CompositeLit{
			Type: &ast.ArrayType{Elt: &ast.SelectorExpr{X: ast.NewIdent(pkg.Name), Sel: ast.NewIdent(elem.Name())}},
			Elts: call.Args[fixed:],
		}
		call.Args = append(call.Args[:fixed:fixed], lit)
		call.Ellipsis = lit.End()
		return true
	})
}

// compareInterfaces makes == and != of two values of interfaces the session
// declared (a == b, var a, b Plugin) a call of ifaceEqual: yaegi v0.16.1
// compared its boxes of them, which are never equal, not even of one
// pointer. So does an error compared with another (err == ErrNotFound,
// err == Code(4)), or a value of a package's interface (ss[0] == ss[1] of
// a []fmt.Stringer): yaegi compared its wrappers of the session's values,
// and panicked ("comparing uncomparable type interp._error",
// "stdlib._fmt_Stringer"). A comparison with nil is left alone: it is
// right.
func (rw *rewriter) compareInterfaces(node ast.Node) {
	iface := func(x ast.Expr) bool {
		t, _, ok := rw.staticType(x)
		return ok && !isEmptyInterface(t) && (rw.sessionInterface(t) || rw.packageInterface(t))
	}
	isError := func(x ast.Expr) bool {
		t, _, ok := rw.staticType(x)
		return ok && isIdent(t, "error") && !rw.declared["error"]
	}
	calls := map[ast.Expr]ast.Expr{}
	ast.Inspect(node, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Op != token.EQL && b.Op != token.NEQ || isNilIdent(b.X) || isNilIdent(b.Y) {
			return true
		}
		fun := "Equal"
		switch {
		case iface(b.X) || iface(b.Y) || isError(b.X) || isError(b.Y):
			// (an interface and a value: the value as the interface)
		case rw.holdsInterfaces(b.X) || rw.holdsInterfaces(b.Y):
			fun = "ValuesEqual"
		default:
			return true
		}
		var eq ast.Expr = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent(fun)}, Lparen: b.OpPos, Args: []ast.Expr{b.X, b.Y}}
		if b.Op == token.NEQ {
			eq = &ast.UnaryExpr{OpPos: b.Pos(), Op: token.NOT, X: eq}
		}
		calls[b] = eq
		return true
	})
	if len(calls) > 0 { // (the replacing walk is reflect's: only when needed)
		replaceExprs(node, func(x ast.Expr) ast.Expr { return calls[x] })
	}
}

// holdsInterfaces reports whether the source shows x to be a struct or an
// array of the session's types with a field (or element) of an interface
// of the session's, in it or in a struct or array it holds: yaegi's ==
// compared their boxes.
func (rw *rewriter) holdsInterfaces(x ast.Expr) bool {
	t, _, ok := rw.staticType(x)
	return ok && rw.typeHoldsInterfaces(t, 0)
}

func (rw *rewriter) typeHoldsInterfaces(t ast.Expr, depth int) bool {
	if depth > 4 {
		return false
	}
	if rw.sessionInterface(t) && !isEmptyInterface(t) {
		return depth > 0
	}
	switch x := rw.underlying(t).(type) {
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if rw.typeHoldsInterfaces(f.Type, depth+1) {
				return true
			}
		}
	case *ast.ArrayType:
		return x.Len != nil && rw.typeHoldsInterfaces(x.Elt, depth+1)
	}
	return false
}

// valuesEqual is == of two structs or arrays that hold interfaces of the
// session's: field by field, element by element, the interfaces by the
// values they hold (ifaceEqual).
func valuesEqual(a, b any) bool {
	return equalValues(reflect.ValueOf(a), reflect.ValueOf(b))
}

func equalValues(a, b reflect.Value) bool {
	if !a.IsValid() || !b.IsValid() {
		return a.IsValid() == b.IsValid()
	}
	if !a.CanInterface() || !b.CanInterface() {
		return false
	}
	if a.Type() != b.Type() || !ownEqual(a.Type(), 0) || isBox(a.Type()) || a.Kind() == reflect.Interface {
		// an interface value (or two of other types) by what it holds; a
		// value holding none as Go compares it (a time.Time, whose fields
		// are not all to be read)
		return ifaceEqual(a.Interface(), b.Interface())
	}
	if a.Kind() == reflect.Struct {
		for i := range a.NumField() {
			if !equalValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	for i := range a.Len() { // an array
		if !equalValues(a.Index(i), b.Index(i)) {
			return false
		}
	}
	return true
}

// ownEqual reports whether t is a struct or an array that holds an
// interface value (a box of the session's, or yaegi's wrapper), which
// equalValues compares by what it holds.
func ownEqual(t reflect.Type, depth int) bool {
	if depth > maxOpenDepth {
		return false
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Array:
		return ownEqual(t.Elem(), depth+1)
	case reflect.Struct:
		if isBox(t) {
			return true
		}
		for i := range t.NumField() {
			if ownEqual(t.Field(i).Type, depth+1) {
				return true
			}
		}
	}
	return false
}

// ifaceEqual is == of the values two interfaces hold, as Go compares them:
// equal types and equal values (a pointer the same pointer), and a panic
// for a type that cannot be compared.
func ifaceEqual(a, b any) bool {
	av, bv := unboxed(reflect.ValueOf(a)), unboxed(reflect.ValueOf(b))
	av, bv = heldValue(av), heldValue(bv)
	if !av.IsValid() || !bv.IsValid() {
		return av.IsValid() == bv.IsValid()
	}
	if av.Type() != bv.Type() || !av.CanInterface() || !bv.CanInterface() {
		return false
	}
	return av.Interface() == bv.Interface()
}

// heldValue is the value of the session's a wrapper of yaegi's (an error's,
// a fmt.Stringer's) holds, or v.
func heldValue(v reflect.Value) reflect.Value {
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return v
	}
	if inner, ok := yaegiWrappedValue(v); ok {
		return unboxed(inner)
	}
	return v
}

// A composite literal of a compiled package's struct type stores the
// values of its fields as they are in yaegi v0.16.1: a value of the
// session's type given to a field of an interface type with methods
// (&http.Server{Handler: hello{…}}, &exec.Cmd{Stdout: myWriter{}},
// slog.HandlerOptions{Level: lv{}}) fails with "reflect.Set: value of type
// struct {…} is not assignable to type http.Handler", where assigning the
// field converts the value right. convertFields has such a literal made by
// a function literal that assigns those fields after the others:
//
//	&http.Server{Handler: hello{"hi"}, Addr: a}
//	→ func() *http.Server { _opshL := &http.Server{Addr: a}; _opshL.Handler = hello{"hi"}; return _opshL }()
//
// A literal without keys is given them; one whose type is elided in an
// outer literal ([]*http.Server{{Handler: h}}) is written with it.
// The values so moved are evaluated after the literal's others.
func (rw *rewriter) convertFields(node ast.Node) {
	if rw.packageType == nil {
		return
	}
	types := map[*ast.CompositeLit]ast.Expr{} // the literals to rewrite, and their types
	ast.Inspect(node, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok {
			rw.findFieldConversions(lit, lit.Type, types)
		}
		return true
	})
	if len(types) == 0 { // (the replacing walk is reflect's: only when needed)
		return
	}
	var replace func(x ast.Expr) ast.Expr
	replace = func(x ast.Expr) ast.Expr {
		lit, _ := x.(*ast.CompositeLit)
		ptr := false
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
			lit, _ = u.X.(*ast.CompositeLit)
			ptr = true
		}
		t, ok := types[lit]
		if !ok {
			return nil
		}
		replaceExprs(lit, replace)             // the literals within it first
		if star, ok := t.(*ast.StarExpr); ok { // an elided &
			t, ptr = star.X, true
		}
		return rw.assignFields(lit, t, ptr)
	}
	replaceExprs(node, replace)
}

// findFieldConversions notes in types the literal lit, of the type t (as
// written, or as an outer literal gives it to an elided one), if it is
// of a compiled struct type with a field assignFields should set, and
// looks so into the literals of elided type within it.
func (rw *rewriter) findFieldConversions(lit *ast.CompositeLit, t ast.Expr, types map[*ast.CompositeLit]ast.Expr) {
	elided := func(elt ast.Expr, t ast.Expr) {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			elt = kv.Value
		}
		if inner, ok := elt.(*ast.CompositeLit); ok && inner.Type == nil {
			rw.findFieldConversions(inner, t, types)
		}
	}
	switch x := unparen(t).(type) {
	case *ast.ArrayType:
		for _, elt := range lit.Elts {
			elided(elt, x.Elt)
		}
	case *ast.MapType:
		for _, elt := range lit.Elts {
			elided(elt, x.Value)
		}
	case *ast.StarExpr:
		if lit.Type == nil {
			rw.findFieldConversions(lit, x.X, types)
			if _, ok := types[lit]; ok {
				types[lit] = t
			}
		}
	case *ast.SelectorExpr:
		st := rw.packageType(x)
		if st == nil || st.Kind() != reflect.Struct {
			return
		}
		for i, elt := range lit.Elts {
			if f, v, ok := literalField(st, i, elt); ok && rw.needsFieldAssign(f.Type, v) {
				types[lit] = t
				return
			}
		}
	}
}

// literalField is the field of the struct type st the i-th element elt of
// a literal gives, and its value.
func literalField(st reflect.Type, i int, elt ast.Expr) (reflect.StructField, ast.Expr, bool) {
	if kv, ok := elt.(*ast.KeyValueExpr); ok {
		key, ok := kv.Key.(*ast.Ident)
		if !ok {
			return reflect.StructField{}, nil, false
		}
		f, ok := st.FieldByName(key.Name)
		return f, kv.Value, ok && len(f.Index) == 1
	}
	if i >= st.NumField() {
		return reflect.StructField{}, nil, false
	}
	return st.Field(i), elt, true
}

// needsFieldAssign reports whether v, given to a compiled struct's field
// of type ft, is to be assigned to it: ft is an interface with methods and
// v of a type of the session's, or of a type the source does not show.
func (rw *rewriter) needsFieldAssign(ft reflect.Type, v ast.Expr) bool {
	if ft.Kind() != reflect.Interface || ft.NumMethod() == 0 || isNilIdent(v) {
		return false
	}
	switch unparen(v).(type) {
	case *ast.FuncLit, *ast.BasicLit:
		return false
	}
	t, _, ok := rw.staticType(v)
	if !ok {
		return true
	}
	name, _ := typeIdent(t)
	return name != "" && (rw.declared[name] || rw.isType != nil && rw.isType(name))
}

// assignFields is the function literal, called, that makes lit, a literal
// of the compiled struct type t (&t{…} if ptr), and then assigns the
// fields needsFieldAssign names.
func (rw *rewriter) assignFields(lit *ast.CompositeLit, t ast.Expr, ptr bool) ast.Expr {
	st := rw.packageType(t)
	v := ast.NewIdent("_opshL")
	var keep []ast.Expr
	var assigns []ast.Stmt
	for i, elt := range lit.Elts {
		f, val, ok := literalField(st, i, elt)
		if !ok || !rw.needsFieldAssign(f.Type, val) {
			if _, keyed := elt.(*ast.KeyValueExpr); !keyed && ok {
				elt = &ast.KeyValueExpr{Key: ast.NewIdent(f.Name), Value: elt}
			}
			keep = append(keep, elt)
			continue
		}
		assigns = append(assigns, &ast.AssignStmt{
			Lhs: []ast.Expr{&ast.SelectorExpr{X: v, Sel: ast.NewIdent(f.Name)}},
			Tok: token.ASSIGN,
			Rhs: []ast.Expr{val},
		})
	}
	var made, result ast.Expr = &ast.CompositeLit{Type: t, Lbrace: lit.Lbrace, Elts: keep, Rbrace: lit.Rbrace}, t
	if ptr {
		made, result = &ast.UnaryExpr{Op: token.AND, X: made}, &ast.StarExpr{X: t}
	}
	body := append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{v}, Tok: token.DEFINE, Rhs: []ast.Expr{made}}}, assigns...)
	body = append(body, &ast.ReturnStmt{Results: []ast.Expr{v}})
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: result}}}},
		Body: &ast.BlockStmt{List: body},
	}}
}

// A value of a function type of the session's with methods (type readFn
// func([]byte) (int, error) with a Read method) given to a compiled
// function's or method's parameter of an interface type
// (io.ReadAll(readFn(f)), mux.Handle("/x", appHandler(h))) is passed by
// yaegi v0.16.1 as the bare function, and the call fails with "reflect:
// Call using func([]uint8) (int, error) as type io.Reader". Returned by a
// function literal, it is converted right; convertFuncArgs has such
// arguments so returned:
//
//	io.ReadAll(func() io.Reader { return readFn(f) }())
//
// So is the result of a call that the source shows to be of a type of the
// session's, which yaegi passes likewise: io.Copy(w, newReader(b)) failed
// with "reflect: Call using *struct { … } as type io.Reader", where a
// variable holding it is passed right.
func (rw *rewriter) convertFuncArgs(node ast.Node) {
	if rw.typeSource == nil {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		var ft reflect.Type // the callee's, without a receiver
		for i, arg := range call.Args {
			if !rw.sessionFuncType(arg) && !rw.sessionCallResult(arg) {
				continue
			}
			if ft == nil {
				if ft = rw.compiledCallee(sel); ft == nil {
					return true
				}
			}
			pt, ok := paramType(ft, i, call.Ellipsis.IsValid())
			if !ok || pt.Kind() != reflect.Interface || pt.NumMethod() == 0 || pt.PkgPath() == "" {
				continue
			}
			src, ok := rw.typeSource(pt)
			if !ok {
				continue
			}
			t, err := parser.ParseExpr(src)
			if err != nil {
				continue
			}
			call.Args[i] = &ast.CallExpr{Fun: &ast.FuncLit{
				Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: t}}}},
				Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{arg}}}},
			}}
		}
		return true
	})
}

// sessionFuncType reports whether the source shows x to be of a function
// type the session (or the rewritten node) declares.
func (rw *rewriter) sessionFuncType(x ast.Expr) bool {
	t, _, ok := rw.staticType(x)
	if !ok {
		return false
	}
	name, ptr := typeIdent(t)
	if name == "" || ptr || !rw.declared[name] && (rw.isType == nil || !rw.isType(name)) {
		return false
	}
	def, ok := rw.typeDef(name)
	_, isFunc := def.(*ast.FuncType)
	return ok && isFunc
}

// sessionCallResult reports whether x is a call (or a conversion) that
// the source shows to give a value of a type of the session's, or a
// pointer to one.
func (rw *rewriter) sessionCallResult(x ast.Expr) bool {
	call, ok := unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && isPkgSelector(sel) {
		return false // a package's function
	}
	t, _, ok := rw.staticType(call)
	if !ok {
		return false
	}
	name, _ := typeIdent(t)
	return name != "" && (rw.declared[name] || rw.isType != nil && rw.isType(name))
}

// compiledCallee is the type of the function sel names, a compiled
// package's (io.ReadAll) or a method of a value of a compiled type the
// source shows (mux.Handle, mux an *http.ServeMux), without its receiver;
// nil if it is neither.
func (rw *rewriter) compiledCallee(sel *ast.SelectorExpr) reflect.Type {
	if isPkgSelector(sel) && rw.packageValue != nil {
		if t := rw.packageValue(sel); t != nil && t.Kind() == reflect.Func {
			return t
		}
	}
	return rw.compiledMethod(sel)
}

// compiledMethod is the type of the method sel names of a value of a
// compiled type the source shows (mux.Handle, mux an *http.ServeMux),
// without its receiver; nil if it is none.
func (rw *rewriter) compiledMethod(sel *ast.SelectorExpr) reflect.Type {
	t, _, ok := rw.staticType(sel.X)
	if !ok || rw.packageType == nil {
		return nil
	}
	ptr := false
	if star, ok := t.(*ast.StarExpr); ok {
		t, ptr = star.X, true
	}
	rt := rw.packageType(t)
	if rt == nil {
		return nil
	}
	if ptr {
		rt = reflect.PointerTo(rt)
	}
	m, ok := rt.MethodByName(sel.Sel.Name)
	if !ok {
		return nil
	}
	if rt.Kind() == reflect.Interface {
		return m.Type
	}
	in := make([]reflect.Type, 0, m.Type.NumIn()-1)
	for i := 1; i < m.Type.NumIn(); i++ {
		in = append(in, m.Type.In(i))
	}
	out := make([]reflect.Type, 0, m.Type.NumOut())
	for i := range m.Type.NumOut() {
		out = append(out, m.Type.Out(i))
	}
	return reflect.FuncOf(in, out, m.Type.IsVariadic())
}

// paramType is the type of the i-th argument of a call of a function of
// type ft (spread, the call's last argument is a slice given with ...).
func paramType(ft reflect.Type, i int, spread bool) (reflect.Type, bool) {
	n := ft.NumIn()
	switch {
	case ft.IsVariadic() && i >= n-1 && !spread:
		return ft.In(n - 1).Elem(), true
	case i < n:
		return ft.In(i), true
	}
	return nil, false
}
