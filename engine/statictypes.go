package engine

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"

	"github.com/opsh/opsh/internal/goref"
)

// The rewriter's static types: the type of an expression as the source
// shows it, running nothing (and asking the session only for the type of a
// global's value, which reflect gives without the session's names). The
// rewrites that depend on types use them: generic functions' type
// arguments, ranges over strings, fmt's and json's arguments, method
// values, assertions of errors to interfaces, slices and maps of compiled
// named types.

// namesType reports whether x is a type, as the argument of new may be:
// an expression may be too (new(42)).
func (rw *rewriter) namesType(x ast.Expr) bool {
	switch t := x.(type) {
	case *ast.Ident:
		return predeclaredTypes[t.Name] && t.Obj == nil || rw.isType != nil && rw.isType(t.Name) || rw.types[t.Name] != nil
	case *ast.SelectorExpr:
		return rw.packageType != nil && rw.packageType(t) != nil
	case *ast.StarExpr:
		return rw.namesType(t.X)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
		return true
	}
	return false
}

// staticType is the type of x as the source shows it, running nothing: for
// an untyped constant, its default type and its kind; otherwise kind is
// token.ILLEGAL. Shown are a literal's, a declared parameter's or
// variable's (a range loop's too), one declared from such a value, a
// conversion's, a composite literal's, a session variable's, a call's of a
// function or method whose declaration the source or a package gives, a
// field's, an index's, a type assertion's, &x, make's, append's, a
// receive's, a function literal's and an operation's.
func (rw *rewriter) staticType(x ast.Expr) (t ast.Expr, kind token.Token, ok bool) {
	switch v := x.(type) {
	case *ast.BasicLit:
		return ast.NewIdent(constDefault[v.Kind]), v.Kind, true
	case *ast.ParenExpr:
		return rw.staticType(v.X)
	case *ast.UnaryExpr:
		switch v.Op {
		case token.SUB, token.ADD:
			return rw.staticType(v.X)
		case token.AND:
			if t, _, ok := rw.staticType(v.X); ok {
				return &ast.StarExpr{X: t}, token.ILLEGAL, true
			}
		case token.ARROW:
			if t, _, ok := rw.staticType(v.X); ok {
				if c, isChan := t.(*ast.ChanType); isChan {
					return c.Value, token.ILLEGAL, true
				}
			}
		}
	case *ast.CompositeLit:
		if v.Type != nil {
			return v.Type, token.ILLEGAL, true
		}
	case *ast.BinaryExpr:
		switch v.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return ast.NewIdent("bool"), token.ILLEGAL, true
		case token.SHL, token.SHR:
			return rw.staticType(v.X)
		}
		// An operand's type, or the untyped constants' kind that wins.
		tx, kx, okx := rw.staticType(v.X)
		ty, ky, oky := rw.staticType(v.Y)
		switch {
		case okx && kx == token.ILLEGAL:
			return tx, kx, true
		case oky && ky == token.ILLEGAL:
			return ty, ky, true
		case okx && oky && constRank[ky] > constRank[kx]:
			return ty, ky, true
		case okx && oky:
			return tx, kx, true
		}
	case *ast.CallExpr:
		if id, isID := v.Fun.(*ast.Ident); isID && len(v.Args) == 1 && (predeclaredTypes[id.Name] && id.Obj == nil || rw.isType != nil && rw.isType(id.Name) || rw.types[id.Name] != nil) {
			return id, token.ILLEGAL, true
		}
		if p, isParen := v.Fun.(*ast.ParenExpr); isParen && len(v.Args) == 1 {
			switch p.X.(type) {
			case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType:
				return p.X, token.ILLEGAL, true // a conversion, ([]Temp)(temps)
			case *ast.StarExpr:
				if rw.namesType(p.X) {
					return p.X, token.ILLEGAL, true // (*E)(nil)
				}
			}
		}
		if id, isID := v.Fun.(*ast.Ident); isID && id.Obj == nil && len(v.Args) > 0 && (rw.defined == nil || !rw.defined(id.Name)) {
			switch id.Name {
			case "make":
				return v.Args[0], token.ILLEGAL, true
			case "new":
				if len(v.Args) == 1 && rw.namesType(v.Args[0]) {
					return &ast.StarExpr{X: v.Args[0]}, token.ILLEGAL, true
				}
			case "append":
				return rw.staticType(v.Args[0])
			}
		}
		if id, isID := v.Fun.(*ast.Ident); isID && (id.Name == minFunc || id.Name == maxFunc) {
			// min and max: of their typed arguments' type (of an
			// untyped constant's only where foldMinMax left none)
			for _, a := range v.Args {
				if t, kind, ok := rw.staticType(a); ok && kind == token.ILLEGAL {
					return t, kind, true
				}
			}
			if len(v.Args) > 0 && !slices.ContainsFunc(v.Args, func(a ast.Expr) bool { return !intExpr(a) }) {
				return ast.NewIdent("int"), token.ILLEGAL, true // min(len(xs), 2)
			}
			return nil, token.ILLEGAL, false
		}
		if t, ok := rw.resultType(v.Fun); ok {
			return t, token.ILLEGAL, true
		}
		if t, ok := rw.genericResult(v); ok {
			return t, token.ILLEGAL, true
		}
	case *ast.FuncLit:
		return v.Type, token.ILLEGAL, true
	case *ast.StarExpr:
		if t, _, ok := rw.staticType(v.X); ok {
			if p, isPtr := t.(*ast.StarExpr); isPtr {
				return p.X, token.ILLEGAL, true
			}
		}
	case *ast.TypeAssertExpr:
		if v.Type != nil {
			return v.Type, token.ILLEGAL, true
		}
	case *ast.IndexExpr:
		if t, _, ok := rw.staticType(v.X); ok {
			if elem := listElem(t); elem != nil {
				return elem, token.ILLEGAL, true
			}
			if _, elem := mapTypes(t); elem != nil {
				return elem, token.ILLEGAL, true
			}
			// of a named slice, array or map type (type Bits [2]uint64)
			if elem := listElem(rw.underlying(t)); elem != nil {
				return elem, token.ILLEGAL, true
			}
			if _, elem := mapTypes(rw.underlying(t)); elem != nil {
				return elem, token.ILLEGAL, true
			}
		}
	case *ast.SelectorExpr:
		if t, ok := rw.fieldType(v); ok {
			return t, token.ILLEGAL, true
		}
		if t, ok := rw.compiledFuncType(v); ok {
			return t, token.ILLEGAL, true
		}
		if t, ok := rw.methodValueType(v); ok {
			return t, token.ILLEGAL, true
		}
	case *ast.Ident:
		if v.Obj == nil {
			if rw.varType != nil {
				if t, ok := rw.varType(v.Name); ok {
					return t, token.ILLEGAL, true
				}
			}
			if rw.isVar != nil && rw.isVar(v.Name) && rw.typeOfValue != nil {
				t, ok := rw.typeOfValue(v.Name)
				return t, token.ILLEGAL, ok
			}
			return nil, token.ILLEGAL, false
		}
		return rw.declaredType(v)
	}
	return nil, token.ILLEGAL, false
}

// rangeVarType is the type of the variable of index i (0 the key, 1 the
// value) of a range over r.X, when the source shows r.X's type.
func (rw *rewriter) rangeVarType(r *ast.UnaryExpr, i int) (ast.Expr, bool) {
	t, _, ok := rw.staticType(r.X)
	if !ok {
		return nil, false
	}
	if star, isPtr := t.(*ast.StarExpr); isPtr {
		t = star.X // a pointer to an array
	}
	if id, named := t.(*ast.Ident); named {
		switch u := rw.underlying(id).(type) {
		case *ast.ArrayType, *ast.MapType, *ast.ChanType:
			t = u // type PS []P: its elements are Ps
		}
	}
	switch x := t.(type) {
	case *ast.ArrayType:
		if i == 1 {
			return x.Elt, true
		}
		return ast.NewIdent("int"), true
	case *ast.MapType:
		if i == 1 {
			return x.Value, true
		}
		return x.Key, true
	case *ast.ChanType:
		return x.Value, i == 0
	case *ast.Ident:
		u, _ := rw.underlying(x).(*ast.Ident)
		switch {
		case u == nil:
		case u.Name == "string":
			return ast.NewIdent([]string{"int", "rune"}[min(i, 1)]), true
		case intTypes[u.Name]:
			return x, i == 0 // of x's type, a named one's too
		}
	}
	return nil, false
}

// declaredType is the type of a name the cell declares, as its
// declaration shows it: a variable of a constant's value has its default
// type, a constant keeps its kind.
func (rw *rewriter) declaredType(id *ast.Ident) (ast.Expr, token.Token, bool) {
	typed := func(t ast.Expr, kind token.Token, ok bool) (ast.Expr, token.Token, bool) {
		if id.Obj.Kind == ast.Con {
			return t, kind, ok
		}
		return t, token.ILLEGAL, ok
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		if e, variadic := d.Type.(*ast.Ellipsis); variadic {
			return &ast.ArrayType{Elt: e.Elt}, token.ILLEGAL, true
		}
		return d.Type, token.ILLEGAL, true
	case *ast.FuncDecl:
		if d.Recv == nil && d.Type.TypeParams == nil {
			return d.Type, token.ILLEGAL, true // a function of the file's
		}
	case *ast.ValueSpec:
		if d.Type != nil {
			return d.Type, token.ILLEGAL, true
		}
		if t := rw.constTypes[d]; t != nil {
			return t, token.ILLEGAL, true
		}
		for i, n := range d.Names {
			if n.Obj == id.Obj && i < len(d.Values) && len(d.Names) == len(d.Values) {
				return typed(rw.staticType(d.Values[i]))
			}
		}
	case *ast.AssignStmt:
		if d.Tok != token.DEFINE {
			break
		}
		for i, l := range d.Lhs {
			lid, ok := l.(*ast.Ident)
			rangeOver, isRange := d.Rhs[0].(*ast.UnaryExpr)
			switch {
			case !ok || lid.Obj != id.Obj:
			case isRange && rangeOver.Op == token.RANGE: // for i := range n, one name
				if t, ok := rw.rangeVarType(rangeOver, i); ok {
					return t, token.ILLEGAL, true
				}
			case len(d.Lhs) == len(d.Rhs):
				return typed(rw.staticType(d.Rhs[i]))
			case i == 1 && commaOk(d) != nil:
				return ast.NewIdent("bool"), token.ILLEGAL, true // v, ok := m[k]
			case len(d.Rhs) == 1:
				switch rhs := unparen(d.Rhs[0]).(type) {
				case *ast.CallExpr: // u, err := url.Parse(s)
					if r := rw.results(rhs.Fun); len(r) == len(d.Lhs) {
						return r[i], token.ILLEGAL, true
					}
				case *ast.IndexExpr, *ast.TypeAssertExpr: // v, ok := m[k], x.(T)
					if t, _, ok := rw.staticType(rhs); ok && len(d.Lhs) == 2 {
						return t, token.ILLEGAL, true
					}
				case *ast.UnaryExpr: // for i, x := range xs
					if t, ok := rw.rangeVarType(rhs, i); rhs.Op == token.RANGE && ok {
						return t, token.ILLEGAL, true
					}
				}
			}
		}
	}
	return nil, token.ILLEGAL, false
}

// learn reads in node, before the rewrites, what they ask of its own
// declarations: its functions (by name) and methods (by T.M), the
// definitions of its types (by name, generic ones left out), the names of
// all the types it declares, and the types of its constants of iota groups
// (constGroupTypes).
func (rw *rewriter) learn(node ast.Node) {
	rw.funcs, rw.types, rw.declared, rw.constTypes, rw.genericTypes = nil, nil, map[string]bool{}, nil, nil
	rw.imports = namedImports(node)
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			name := x.Name.Name
			if x.Recv != nil && len(x.Recv.List) == 1 {
				name = goref.ReceiverType(x.Recv.List[0].Type) + "." + name // R.Values of a generic R[T] too
			}
			if rw.funcs == nil {
				rw.funcs = map[string]*ast.FuncDecl{}
			}
			rw.funcs[name] = x
		case *ast.TypeSpec:
			rw.declared[x.Name.Name] = true
			if x.TypeParams == nil {
				if rw.types == nil {
					rw.types = map[string]ast.Expr{}
				}
				rw.types[x.Name.Name] = x.Type
			} else {
				if rw.genericTypes == nil {
					rw.genericTypes = map[string]*ast.TypeSpec{}
				}
				rw.genericTypes[x.Name.Name] = x
			}
		case *ast.GenDecl:
			for spec, t := range constGroupTypes(x) {
				if rw.constTypes == nil {
					rw.constTypes = map[*ast.ValueSpec]ast.Expr{}
				}
				rw.constTypes[spec] = t
			}
		}
		return true
	})
}

// constGroupTypes are the types of the constants of g declared without a
// type or a value, which repeat the spec before them: those of the specs
// before them, where they give one.
func constGroupTypes(g *ast.GenDecl) map[*ast.ValueSpec]ast.Expr {
	if g.Tok != token.CONST {
		return nil
	}
	var types map[*ast.ValueSpec]ast.Expr
	var last ast.Expr
	for _, sp := range g.Specs {
		s := sp.(*ast.ValueSpec)
		switch {
		case s.Type != nil || len(s.Values) > 0:
			last = s.Type
		case last != nil:
			if types == nil {
				types = map[*ast.ValueSpec]ast.Expr{}
			}
			types[s] = last
		}
	}
	return types
}

// resultType is the type of what a call of fun gives, when it gives one
// value (see results).
func (rw *rewriter) resultType(fun ast.Expr) (ast.Expr, bool) {
	if r := rw.results(fun); len(r) == 1 {
		return r[0], true
	}
	return nil, false
}

// results are the types of what a call of fun gives, as the declaration of
// the function or method writes them: a function or method the rewritten
// node declares, the session's, a package's function, or a function
// literal.
func (rw *rewriter) results(fun ast.Expr) []ast.Expr {
	var fd *ast.FuncDecl
	switch f := unparen(fun).(type) {
	case *ast.FuncLit:
		return fieldTypes(f.Type.Results)
	case *ast.Ident:
		// a variable's function, f := func() P { … }, the node's or the
		// session's
		variable := func() []ast.Expr {
			if t, _, ok := rw.staticType(f); ok {
				if ft, ok := rw.underlying(t).(*ast.FuncType); ok && ft.TypeParams == nil {
					return fieldTypes(ft.Results)
				}
			}
			return nil
		}
		if f.Obj != nil && f.Obj.Kind == ast.Var {
			return variable()
		}
		if fd = rw.funcs[f.Name]; fd == nil && f.Obj == nil && rw.funcSig != nil {
			if sig := rw.funcSig(f.Name); sig != nil {
				return fieldTypes(sig.Results)
			}
		}
		if fd == nil && f.Obj == nil && rw.varType != nil {
			if _, declared := rw.varType(f.Name); declared {
				return variable() // the session's, of a type the source showed
			}
		}
	case *ast.SelectorExpr:
		if rw.packageResults != nil {
			if r, ok := rw.packageResults(f); ok {
				return r
			}
		}
		t, _, ok := rw.staticType(f.X)
		if !ok {
			return nil
		}
		if r, ok := rw.compiledMethodResults(t, f.Sel.Name); ok {
			return r
		}
		if star, ok := t.(*ast.StarExpr); ok {
			t = star.X
		}
		base, args := typeArgs(t) // R, or R[string] of a generic R[T]
		if base == nil {
			return nil
		}
		if im := rw.interfaceMethod(base.Name, f.Sel.Name); im != nil {
			return fieldTypes(im.Type.Results) // a method of an interface of the session's
		}
		if fd = rw.funcs[base.Name+"."+f.Sel.Name]; fd == nil && rw.methodDecl != nil {
			fd, _ = rw.methodDecl(base.Name, f.Sel.Name)
		}
		if fd != nil && len(args) > 0 {
			return instanceResults(fd, args)
		}
	}
	if fd == nil || fd.Type.TypeParams != nil {
		return nil
	}
	return fieldTypes(fd.Type.Results)
}

// paramTypes are the types of the parameters of fun, one a name, where it
// is a function or a method (not generic) that the rewritten node or the
// session declares; nil otherwise.
func (rw *rewriter) paramTypes(fun ast.Expr) []ast.Expr {
	var sig *ast.FuncType
	switch f := unparen(fun).(type) {
	case *ast.Ident:
		if f.Obj != nil && f.Obj.Kind != ast.Fun {
			return nil // a variable's function
		}
		if fd := rw.funcs[f.Name]; fd != nil {
			sig = fd.Type
		} else if f.Obj == nil && rw.funcSig != nil {
			sig = rw.funcSig(f.Name)
		}
	case *ast.SelectorExpr:
		if t, _, ok := rw.staticType(f.X); ok {
			if name, _ := typeIdent(t); name != "" {
				if fd := rw.method(name, f.Sel.Name); fd != nil {
					sig = fd.Type
				}
			}
		}
	}
	if sig == nil || sig.TypeParams != nil {
		return nil
	}
	return fieldTypes(sig.Params)
}

// instanceResults are the result types of fd, a method of a generic type,
// for the instance of type arguments args: iter.Seq[string] of
// func (r *R[T]) Values() iter.Seq[T] called on an R[string].
func instanceResults(fd *ast.FuncDecl, args []ast.Expr) []ast.Expr {
	params := receiverParams(fd)
	if len(params) != len(args) {
		return nil
	}
	results := fieldTypes(fd.Type.Results)
	for i, r := range results {
		results[i] = cloneExpr(replaceNames(r, func(name string) (ast.Expr, bool) {
			at := slices.IndexFunc(params, func(p ast.Expr) bool { return isIdent(p, name) })
			if at < 0 {
				return nil, false
			}
			return args[at], true
		}))
	}
	return results
}

// fieldTypes are the types of a field list, one a name.
func fieldTypes(fl *ast.FieldList) []ast.Expr {
	if fl == nil {
		return nil
	}
	var types []ast.Expr
	for _, f := range fl.List {
		for range max(len(f.Names), 1) {
			types = append(types, f.Type)
		}
	}
	return types
}

// typeDef is the definition of the type name: one the rewritten node
// declares, or the session's.
func (rw *rewriter) typeDef(name string) (ast.Expr, bool) {
	if def, ok := rw.types[name]; ok {
		return def, true
	}
	if rw.typeDecl != nil {
		return rw.typeDecl(name)
	}
	return nil, false
}

// underlying is the type t stands for through the definitions of the
// named types it names, the rewritten node's or the session's: a
// generic one's with its type arguments (Seq[int] of type Seq[V any]
// func(func(V) bool) is func(func(int) bool)). A package's named type is
// left as it is.
func (rw *rewriter) underlying(t ast.Expr) ast.Expr {
	for range 10 { // a definition names another named type, not forever
		def, ok := rw.definitionOf(t)
		if !ok {
			break
		}
		t = def
	}
	return t
}

// definitionOf is the definition of the named type t, generic ones given
// their type arguments.
func (rw *rewriter) definitionOf(t ast.Expr) (ast.Expr, bool) {
	switch x := t.(type) {
	case *ast.Ident:
		if x.Obj == nil && predeclaredTypes[x.Name] {
			return nil, false
		}
		return rw.typeDef(x.Name)
	case *ast.IndexExpr:
		return rw.instanceDef(x.X, []ast.Expr{x.Index})
	case *ast.IndexListExpr:
		return rw.instanceDef(x.X, x.Indices)
	}
	return nil, false
}

// instanceDef is the definition of the instance of the generic type gen
// with the type arguments args.
func (rw *rewriter) instanceDef(gen ast.Expr, args []ast.Expr) (ast.Expr, bool) {
	id, ok := gen.(*ast.Ident)
	if !ok {
		return nil, false
	}
	ts := rw.genericTypeSpec(id.Name)
	if ts == nil {
		return nil, false
	}
	params := typeParamNames(ts)
	if len(params) != len(args) {
		return nil, false
	}
	return cloneExpr(replaceNames(ts.Type, func(name string) (ast.Expr, bool) {
		i := slices.Index(params, name)
		if i < 0 {
			return nil, false
		}
		return args[i], true
	})), true
}

// methodValueType is the type of sel, a method value of a type of the
// session's (h.Name of a Host), or of an interface of the session's: its
// method's signature, the receiver left out.
func (rw *rewriter) methodValueType(sel *ast.SelectorExpr) (ast.Expr, bool) {
	if t, _, ok := rw.staticType(sel.X); ok {
		if ft := rw.interfaceMethodType(t, sel.Sel.Name); ft != nil {
			return ft, true // t.Notify of a Notifier
		}
	}
	fd, _, _, _ := rw.methodOf(sel)
	if fd == nil || fd.Recv == nil || len(fd.Recv.List) != 1 {
		return nil, false
	}
	if base, args := typeArgs(unstar(fd.Recv.List[0].Type)); base == nil || len(args) > 0 {
		return nil, false // a generic type's, of its type parameters
	}
	return &ast.FuncType{Params: fd.Type.Params, Results: fd.Type.Results}, true
}

// compiledFuncType is the type of sel, a package's function given as a
// value (strconv.Itoa to Map(xs, strconv.Itoa)), or a compiled type's
// method value (r.Replace of a *strings.Replacer), as Go source.
func (rw *rewriter) compiledFuncType(sel *ast.SelectorExpr) (ast.Expr, bool) {
	var t reflect.Type
	switch {
	case !isPkgSelector(sel) || rw.isVar != nil && rw.isVar(sel.X.(*ast.Ident).Name):
		t = rw.compiledMethod(sel) // of a variable, the cell's or the session's
	case rw.packageFunc != nil && (rw.defined == nil || !rw.defined(sel.X.(*ast.Ident).Name)):
		t = rw.packageFunc(sel)
	}
	if t == nil {
		return nil, false
	}
	return compiledTypeExpr(t)
}

// fieldType is the type of the field x.F as the declaration of the
// struct type of x writes it, when the source shows x's type.
func (rw *rewriter) fieldType(sel *ast.SelectorExpr) (ast.Expr, bool) {
	t, _, ok := rw.staticType(sel.X)
	if !ok {
		return nil, false
	}
	if star, isPtr := t.(*ast.StarExpr); isPtr {
		t = star.X
	}
	if _, compiled := t.(*ast.SelectorExpr); compiled {
		return rw.compiledField(t, sel.Sel.Name)
	}
	def, ok := rw.definitionOf(t) // a generic type's instance too, b of a Box[T]
	st, isStruct := def.(*ast.StructType)
	if !ok || !isStruct {
		return nil, false
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == sel.Sel.Name {
				return f.Type, true
			}
		}
		if len(f.Names) == 0 {
			if embedded, _ := typeIdent(f.Type); embedded == sel.Sel.Name {
				return f.Type, true
			}
		}
	}
	return nil, false
}

// compiledField is the type of the field name of a compiled package's
// struct type t.
func (rw *rewriter) compiledField(t ast.Expr, name string) (ast.Expr, bool) {
	if rw.packageType == nil {
		return nil, false
	}
	rt := rw.packageType(t)
	if rt == nil || rt.Kind() != reflect.Struct {
		return nil, false
	}
	f, ok := rt.FieldByName(name)
	if !ok {
		return nil, false
	}
	return compiledTypeExpr(f.Type)
}

// compiledMethodResults are the result types of the method name of t, a
// compiled package's type or a pointer to one (u.Query() of a *url.URL).
func (rw *rewriter) compiledMethodResults(t ast.Expr, name string) ([]ast.Expr, bool) {
	ptr := false
	if star, ok := t.(*ast.StarExpr); ok {
		t, ptr = star.X, true
	}
	if _, ok := t.(*ast.SelectorExpr); !ok || rw.packageType == nil {
		return nil, false
	}
	rt := rw.packageType(t)
	if rt == nil {
		return nil, false
	}
	if ptr {
		rt = reflect.PointerTo(rt)
	}
	m, ok := rt.MethodByName(name)
	if !ok {
		return nil, false
	}
	var out []ast.Expr
	for i := range m.Type.NumOut() {
		x, ok := compiledTypeExpr(m.Type.Out(i))
		if !ok {
			return nil, false
		}
		out = append(out, x)
	}
	return out, true
}

// compiledComposite is the slice or map type a compiled package's named
// slice or map type t is made of (http.Header: map[string][]string), which
// the generic functions of slices and maps take.
func (rw *rewriter) compiledComposite(t ast.Expr) (ast.Expr, bool) {
	if rw.packageType == nil {
		return nil, false
	}
	rt := rw.packageType(t)
	switch {
	case rt == nil:
		return nil, false
	case rt.Kind() == reflect.Slice:
		return compiledTypeExpr(reflect.SliceOf(rt.Elem()))
	case rt.Kind() == reflect.Map:
		return compiledTypeExpr(reflect.MapOf(rt.Key(), rt.Elem()))
	}
	return nil, false
}

// packageTypeOf is the package's type the source shows x to be, or to
// point to (*log.Logger); nil if it shows none.
func (rw *rewriter) packageTypeOf(x ast.Expr) reflect.Type {
	t, _, ok := rw.staticType(x)
	if !ok || rw.packageType == nil {
		return nil
	}
	if star, isPtr := t.(*ast.StarExpr); isPtr {
		t = star.X
	}
	return rw.packageType(t)
}

// hasSessionTypes reports whether the rewritten node or the session
// declares a type.
func (rw *rewriter) hasSessionTypes() bool {
	return len(rw.declared) > 0 || rw.sessionTypes != nil && rw.sessionTypes()
}
