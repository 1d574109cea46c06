package engine

import (
	"fmt"
	"go/ast"
	"go/token"

	"github.com/opsh/opsh/internal/lazyre"
)

// yaegi v0.16.1 stores a value of a type with methods in an interface as
// the storage that holds it, not a copy: after
//
//	all = append(all, h)
//	h.Name = "b"
//
// the element of a []Describer said "b" too, as did an `any` made of a
// Level or a Grid before a later assignment to it (a struct's methods
// promoted from a field it embeds as well), and a loop appending
// each host to a []fmt.Stringer made every element the last host. Go
// copies the value. A pointer is no different: `xs = append(xs, &T{i})`
// in a loop, or of each p of a range over a []*T, made every element the
// last pointer, as the interface held the storage of the operation or of
// the variable. The parameter of a function is storage of its own, each
// call, so copyIntoInterfaces hands such a variable (a name, a field, an
// element, a dereference), a call's result or an address (&T{…}) of a
// struct type or a pointer to a type with methods to a function literal
// that makes it the interface, where it becomes one: an argument
// of append to a slice of interfaces, the value of an assignment or a
// declaration of a variable, an element, a field of an interface type, a
// send on a channel of one, a function's result, an argument of a
// function or method of the session's, a conversion:
//
//	all = append(all, func(_opsh_v Host) Describer { return _opsh_v }(h))
//
// A value of another type (type Level int) would lose its type through
// the parameter, where the interface is not a compiled one: it is
// converted to its own type, Level(l), which copies it, but in a loop
// into the same storage each time (byParameter).

// copyIntoInterfaces writes the conversions.
func (rw *rewriter) copyIntoInterfaces(node ast.Node) {
	if rw.methodSets == nil && len(rw.funcs) == 0 {
		return
	}
	into := func(t ast.Expr, v *ast.Expr) {
		if t != nil && rw.isInterface(t) {
			*v = rw.copiedInto(t, *v)
		}
	}
	rw.declareConverted(node)
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if params := rw.paramTypes(x.Fun); len(params) > 0 && !x.Ellipsis.IsValid() && (len(x.Args) > 1 || len(params) == 1) {
				// an argument of a function of the session's, keep(vm)
				for i := range x.Args {
					p, ok := argParam(params, i)
					if !ok {
						break
					}
					// (written anew: the declaration's node has the
					// positions of its own cell)
					if p = parsedType(exprString(nil, p)); p == nil || !rw.isInterface(p) {
						continue
					}
					// converted again where it is a call's interface
					// (a struct's, made by copiedInto): yaegi's type
					// switch on the parameter given it as it is took no
					// case, or crashed
					vt, _, known := rw.staticType(x.Args[i])
					_, isStruct := rw.underlying(vt).(*ast.StructType)
					_, called := unparen(x.Args[i]).(*ast.CallExpr)
					if c := rw.copiedInto(p, x.Args[i]); c != x.Args[i] && (isStruct || isPointerType(vt)) {
						x.Args[i] = conversion(p, c)
					} else if c != x.Args[i] {
						x.Args[i] = c
					} else if called && known && rw.isInterface(vt) {
						x.Args[i] = conversion(p, c)
					}
				}
			}
			if len(x.Args) == 1 && !x.Ellipsis.IsValid() && rw.isInterface(unparen(x.Fun)) {
				// a conversion to an interface, Describer(h)
				if c, ok := rw.copiedInto(unparen(x.Fun), x.Args[0]).(*ast.CallExpr); ok && c != x.Args[0] {
					x.Fun, x.Args = c.Fun, c.Args
				}
			}
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
				// (a pointer returned is no pointer a later statement
				// of the call changes: the frame is the call's own)
				copyReturns(ft, body, func(t ast.Expr, v *ast.Expr) {
					if vt, _, _ := rw.staticType(*v); !isPointerType(vt) {
						into(t, v)
					}
				})
			}
		}
		return true
	})
}

// declareConverted writes each statement w := I(v) that converts a value
// of a type of the session's to an interface as var w I = v: the
// conversion copiedInto writes of such a value, Level(v) where I is no
// compiled interface, is of the value's type, and w was a Level (w = 3
// failed); and yaegi keeps the methods of a Level only given to an
// interface variable, not to its conversion any(Level(v)).
func (rw *rewriter) declareConverted(node ast.Node) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		for i, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				continue
			}
			call, ok := unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() || !rw.isInterface(unparen(call.Fun)) || rw.copiedInto(unparen(call.Fun), call.Args[0]) == call.Args[0] {
				continue
			}
			name, ok := as.Lhs[0].(*ast.Ident)
			if !ok {
				continue
			}
			spec := &ast.ValueSpec{Names: []*ast.Ident{name}, Type: unparen(call.Fun), Values: call.Args}
			list[i] = &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: as.Pos(), Tok: token.VAR, Specs: []ast.Spec{spec}}}
		}
		return list
	})
}

// copyReturns gives into the results of the return statements of a
// function's body (not of the function literals in it), each with its
// type.
func copyReturns(ft *ast.FuncType, body *ast.BlockStmt, into func(t ast.Expr, v *ast.Expr)) {
	types := fieldTypes(ft.Results)
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

// copiedInto is v made the interface t by a function literal's
// parameter, if it is a variable (or a field, an element, a dereference),
// a call's result or an address, of a type of the session's with methods
// or a pointer to one, of no type parameters; v otherwise.
func (rw *rewriter) copiedInto(t, v ast.Expr) ast.Expr {
	rw.checkPointerMethods(t, v)
	// made is whether v is a value a call or a literal makes: a struct
	// that embeds a field, so made, loses the methods it promotes through
	// the parameter (reflect.Set: value of type struct { W float64 } is
	// not assignable to type struct { struct { W float64 } }), and is
	// left as it is
	made := false
	switch x := unparen(v).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
	case *ast.CompositeLit:
		// Host{…}: held in the storage of the literal (a struct of no
		// fields holds nothing to share, and loses its methods through
		// the parameter to an assertion to a package's interface)
		if id, ok := x.Type.(*ast.Ident); !ok || !rw.hasFields(id.Name) {
			return v
		}
		made = true
	case *ast.UnaryExpr:
		// &Host{…}, &h: the pointer is held in the storage of the
		// operation
		if x.Op != token.AND {
			return v
		}
	case *ast.CallExpr:
		// a call's result, a conversion to the session's type, Level(l),
		// is held in the storage of the call
		if _, lit := x.Fun.(*ast.FuncLit); lit {
			return v
		}
		id, isID := x.Fun.(*ast.Ident)
		made = !isID || len(x.Args) != 1 || rw.isType == nil || !rw.isType(id.Name) && rw.types[id.Name] == nil
	default:
		return v
	}
	if id, ok := unparen(v).(*ast.Ident); ok && (id.Name == "nil" || id.Obj != nil && id.Obj.Kind != ast.Var) {
		return v
	}
	vt, kind, ok := rw.staticType(v)
	if !ok || kind != token.ILLEGAL {
		return v
	}
	name, ptr := typeIdent(vt)
	if name == "" || made && !ptr && rw.embedsField(name) || !rw.anyMethods(name, 0) || rw.sessionInterface(vt) {
		return v
	}
	return rw.byParameter(vt, t, v)
}

// hasTextMethod reports whether the type name, the session's or the
// node's, has a String or an Error method.
func (rw *rewriter) hasTextMethod(name string) bool {
	_, own := rw.textMethodTypes()[name]
	return own || rw.textType != nil && rw.textType(name)
}

// isPointerType reports whether t is written as a pointer type, *T.
func isPointerType(t ast.Expr) bool {
	_, ok := t.(*ast.StarExpr)
	return ok
}

// anyMethods reports whether the session's type name has methods: its
// own, or promoted from a field it embeds (type VM struct{ Base }).
func (rw *rewriter) anyMethods(name string, depth int) bool {
	if len(rw.methodSet()[name]) > 0 {
		return true
	}
	def, ok := rw.typeDef(name)
	st, isStruct := def.(*ast.StructType)
	if !ok || !isStruct || depth > 8 {
		return false
	}
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			continue
		}
		t := f.Type
		if star, isPtr := t.(*ast.StarExpr); isPtr {
			t = star.X
		}
		switch t := t.(type) {
		case *ast.SelectorExpr: // a package's type, sync.Mutex
			return true
		case *ast.Ident:
			if rw.anyMethods(t.Name, depth+1) {
				return true
			}
		}
	}
	return false
}

// byParameter is v, of type vt, made the interface t by a function
// literal called with it, if vt is a struct type, a pointer or t a compiled
// interface (error, fmt.Stringer): returnedAs. Made another interface, a
// value of another type (type Level int) would lose its type so; it is
// converted to its own type, vt(v), which the interpreter copies.
func (rw *rewriter) byParameter(vt, t, v ast.Expr) ast.Expr {
	if _, isStruct := rw.underlying(vt).(*ast.StructType); !isStruct && !isPointerType(vt) && !rw.compiledInterface(t) {
		return conversion(vt, v)
	}
	return returnedAs(vt, t, v)
}

// returnedAs is v, of type vt, made a t by a function literal called with
// it: func(_opsh_v vt) t { return _opsh_v }(v). The parameter is storage
// of its own, each call.
func returnedAs(vt, t, v ast.Expr) ast.Expr {
	param := &ast.Ident{NamePos: v.Pos(), Name: loopCopy + "v"}
	return &ast.CallExpr{
		Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: v.Pos(), Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{param}, Type: vt}}},
				Results: &ast.FieldList{List: []*ast.Field{{Type: t}}}},
			Body: &ast.BlockStmt{Lbrace: v.Pos(), List: []ast.Stmt{&ast.ReturnStmt{Return: v.Pos(), Results: []ast.Expr{ast.NewIdent(param.Name)}}}, Rbrace: v.End()},
		},
		Lparen: v.Pos(), Args: []ast.Expr{v}, Rparen: v.End(),
	}
}

// copiedIntoFailed is yaegi's refusal of a value given to the function
// literal returnedAs makes, as the interface it is made: the value's type
// lacks a method of the interface.
var copiedIntoFailed = lazyre.New(`^cannot use ` + loopCopy + `v \(type (\w+T)\) as type interfaceT in return argument$`)

// copiedIntoError is err, a cell's, in the user's words where it is
// copiedIntoFailed, which named the literal's parameter: at a cell's
// statements only, where no declaration waits for the methods it lacks
// (pending.go reads yaegi's words).
func copiedIntoError(err error) error {
	if err == nil {
		return nil
	}
	m := copiedIntoFailed.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	words := fmt.Errorf("cannot use a value of type %s as the interface it is given as: it lacks a method of the interface (a value made before its type, or a method of it, was declared again keeps the old type's methods)", kindName(m[1]))
	if l, ok := err.(*LocatedError); ok {
		return &LocatedError{Err: words, Line: l.Line, Col: l.Col}
	}
	return words
}

// checkPointerMethods refuses, in Go's words, a value of the session's type
// T made the interface t whose method T declares on *T only: yaegi let
// var c Checker = HTTPCheck{} through, and c.Check() ran on a copy.
func (rw *rewriter) checkPointerMethods(t, v ast.Expr) {
	vt, kind, ok := rw.staticType(v)
	id, isID := vt.(*ast.Ident)
	if !ok || !isID || kind != token.ILLEGAL || rw.isInterface(vt) {
		return
	}
	methods, ok := rw.interfaceMethodNames(t)
	if !ok {
		return
	}
	for _, m := range methods {
		fd := rw.method(id.Name, m)
		if fd == nil || len(fd.Recv.List) != 1 {
			continue
		}
		if _, onPtr := fd.Recv.List[0].Type.(*ast.StarExpr); onPtr {
			what := "value"
			if _, isVar := unparen(v).(*ast.Ident); isVar {
				what = "variable"
			}
			name, iface := userTypeName(id.Name), userTypeNames(exprString(nil, t))
			rw.fail(v.Pos(), "cannot use %s (%s of type %s) as %s value: %s does not implement %s (method %s has pointer receiver)", exprString(nil, v), what, name, iface, name, iface, m)
			return
		}
	}
}
