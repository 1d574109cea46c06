package engine

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/goref"
)

// isProgram reports whether a cell is a whole Go file: it starts, after
// comments, with a package clause.
func isProgram(src string) bool {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.PackageClauseOnly)
	return err == nil && f.Name != nil
}

// evalProgram runs a whole Go file as the Go toolchain would: its
// declarations together, in any order, then its init functions in source
// order, then main, once. What it declares stays in the session.
func (e *Evaluator) evalProgram(ctx context.Context, src string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return cellError(err)
	}
	e.forwardEmbedded(f)
	e.importMissing(f)
	orderGenericMethods(f)
	if err := e.unwrapMultiValues(fset, f, nil, true); err != nil {
		return e.userError(err, cellPos{cell: src, line: 1})
	}
	rw := e.rewriter(fset)
	rw.typeSource = e.fileTypeSource(f)
	rw.packageType = e.filePackageType(f)
	if err := rw.apply(f); err != nil {
		return inCell(err, src)
	}
	// What the rewrite read of the packages' types may have imported
	// them into the session (typeExpr): a second import is an error.
	e.dropImported(f)
	at := cellPos{cell: src, line: 1}
	hasMain := false
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == mainName {
			hasMain = true
		}
	}
	orderVars(f)
	splitMultiVars(f, rw.results)
	splitCommaOkVars(f)
	nameBlankVars(f)
	if err := splitGenericVars(f, fset); err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString(tagComments(src))
	b.WriteString("package " + f.Name.Name + "\n")
	prelude := hasMain
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); prelude && (!ok || g.Tok != token.IMPORT) {
			// The program's struct types are named, for what it prints
			// and encodes (nameStruct), and their methods kept for fmt
			// and encoding/json (textMethodsCall), by a variable
			// initialized before the program's, which may print and
			// encode them too (var enc, _ = json.Marshal(C(1))).
			instances, _ := e.instanceMethodsCall(f, f)
			if calls := e.nameStructsCall(f) + e.textMethodsCall(f) + instances; calls != "" {
				fmt.Fprintf(&b, "var _ = func() bool { %sreturn true }()\n", calls)
			}
			prelude = false
		}
		b.WriteString(directive(fset, d.Pos()))
		if err := printNode(&b, fset, d); err != nil {
			return err
		}
		b.WriteString("\n")
	}
	if hasMain {
		// yaegi runs main at the end of this evaluation, after the init
		// functions, as bare yaegi does; and at the end of every later one,
		// which the guard makes a no-op. The user's main keeps its own
		// name for calls (main() at the prompt runs it again).
		fmt.Fprintf(&b, "func main() { if _opshrt.FirstMain() { %s() } }\n", mainName)
	}
	e.programTypes, e.programMethods = map[string]string{}, map[string]*ast.FuncDecl{}
	for _, ts := range goref.TypeSpecs(f) {
		e.programTypes[ts.Name.Name] = exprString(nil, untagged(ts.Type))
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			e.programMethods[goref.ReceiverType(fd.Recv.List[0].Type)+"."+fd.Name.Name] = fd
		}
	}
	_, err = e.run(ctx, b.String(), at)
	e.programTypes, e.programMethods = nil, nil // typeDecls and methodDecls have them, once they ran
	if err != nil {
		return err
	}
	e.noteDecls(f)
	e.noteInstances(f)
	e.noteGenerics(rw.generics)
	return nil
}

// nameStructsCall is a call that names the file's struct types from
// inside the running program (see nameStruct), or "" if it has none.
func (e *Evaluator) nameStructsCall(f *ast.File) string {
	var entries []string
	e.structSpecs = map[string]*ast.TypeSpec{}
	for _, ts := range goref.TypeSpecs(f) {
		e.noteGenericStruct(ts) // named as main prints them
	}
	for _, ts := range resolveOrder(goref.TypeSpecs(f)) {
		e.structSpecs[ts.Name.Name] = ts
		entries = append(entries, fmt.Sprintf("%q: (*%s)(nil)", ts.Name.Name, ts.Name.Name))
	}
	if len(entries) == 0 {
		return ""
	}
	return "_opshrt.NameStructs(map[string]interface{}{" + strings.Join(entries, ", ") + "}); "
}

// nameStructs names the struct types nameStructsCall gave, by nil
// pointers to them.
func (e *Evaluator) nameStructs(ptrs map[string]any) {
	for name, p := range ptrs {
		v := reflect.ValueOf(p)
		v = unboxed(v)
		if spec := e.structSpecs[name]; spec != nil && v.IsValid() && v.Kind() == reflect.Pointer {
			e.nameStruct(spec, v.Type().Elem())
		}
	}
}

// splitMultiVars declares `var a, b T = f()` at package level as `var a,
// b T` and an init function that assigns them: yaegi v0.16.1 initializes
// several variables from one call wrongly once the session holds other
// declarations. `var n, err = strconv.Atoi(s)`, whose call's results
// gives the types, is one variable of a struct of the results, and each
// name one of its fields, which keeps Go's order of initialization:
//
//	var _opsh_mv1 = func() (r struct{ v0 int; v1 error }) { r.v0, r.v1 = strconv.Atoi(s); return }()
//	var n = _opsh_mv1.v0
//	var err = _opsh_mv1.v1
//
// (a function other than main read them as nothing: reflect: call of
// reflect.Value.Interface on zero Value).
func splitMultiVars(f *ast.File, results func(fun ast.Expr) []ast.Expr) {
	n := 0
	replaceVarSpecs(f, func(vs *ast.ValueSpec) []ast.Spec {
		var types []ast.Expr
		if len(vs.Names) >= 2 && len(vs.Values) == 1 && vs.Type == nil && isCall(vs.Values[0]) {
			types = results(unparen(vs.Values[0]).(*ast.CallExpr).Fun)
		}
		if len(types) != len(vs.Names) {
			return []ast.Spec{vs}
		}
		n++
		all := ast.NewIdent(fmt.Sprintf("%smv%d", loopCopy, n))
		fields := &ast.FieldList{}
		as := &ast.AssignStmt{Tok: token.ASSIGN, Rhs: vs.Values}
		for i, t := range types {
			field := fmt.Sprintf("v%d", i)
			fields.List = append(fields.List, &ast.Field{Names: []*ast.Ident{ast.NewIdent(field)}, Type: t})
			as.Lhs = append(as.Lhs, &ast.SelectorExpr{X: ast.NewIdent("r"), Sel: ast.NewIdent(field)})
		}
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent("r")}, Type: &ast.StructType{Fields: fields}}}}},
			Body: &ast.BlockStmt{List: []ast.Stmt{as, &ast.ReturnStmt{}}},
		}
		specs := []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{all}, Values: []ast.Expr{&ast.CallExpr{Fun: lit}}}}
		for i, name := range vs.Names {
			if name.Name != "_" {
				specs = append(specs, &ast.ValueSpec{Names: []*ast.Ident{name}, Values: []ast.Expr{&ast.SelectorExpr{X: ast.NewIdent(all.Name), Sel: ast.NewIdent(fmt.Sprintf("v%d", i))}}})
			}
		}
		return specs
	})
	_ = assignInInit(f, func(vs *ast.ValueSpec) (bool, error) {
		return len(vs.Names) >= 2 && len(vs.Values) == 1 && vs.Type != nil, nil
	})
}

// splitCommaOkVars declares `var v, ok = m[k]` and `var v, ok = x.(T)`
// at package level as two variables, each of which evaluates the
// expression again in a function literal of its own, since yaegi v0.16.1
// cannot type the pair before m's or x's declaration is compiled (nil
// type):
//
//	var v = m[k]
//	var ok = func() bool { _, ok := m[k]; return ok }()
//
// Only an expression without calls or receives is split, so evaluating
// it twice does what evaluating it once does.
func splitCommaOkVars(f *ast.File) {
	replaceVarSpecs(f, func(vs *ast.ValueSpec) []ast.Spec {
		if len(vs.Names) != 2 || len(vs.Values) != 1 || vs.Type != nil || !commaOkPure(vs.Values[0]) {
			return []ast.Spec{vs}
		}
		x := unparen(vs.Values[0])
		value := x
		if ta, ok := x.(*ast.TypeAssertExpr); ok {
			// x.(T) alone panics where the pair gives the zero value.
			value = commaOkLit(x, 0, ta.Type)
		}
		var specs []ast.Spec
		if n := vs.Names[0]; n.Name != "_" {
			specs = append(specs, &ast.ValueSpec{Names: []*ast.Ident{n}, Values: []ast.Expr{value}})
		}
		if n := vs.Names[1]; n.Name != "_" {
			specs = append(specs, &ast.ValueSpec{Names: []*ast.Ident{n}, Values: []ast.Expr{commaOkLit(x, 1, ast.NewIdent("bool"))}})
		}
		return specs
	})
}

// replaceVarSpecs replaces each spec of f's package-level var
// declarations by the specs with gives for it.
func replaceVarSpecs(f *ast.File, with func(*ast.ValueSpec) []ast.Spec) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		var specs []ast.Spec
		for _, sp := range g.Specs {
			specs = append(specs, with(sp.(*ast.ValueSpec))...)
		}
		if len(specs) != 1 && !g.Lparen.IsValid() {
			g.Lparen, g.Rparen = g.Pos(), g.End()
		}
		g.Specs = specs
	}
}

// nameBlankVars names the blank variables of f's package-level var
// declarations that are given values, _opsh_blankvarN: yaegi v0.16.1
// initializes blank ones after the others, where Go's order is the
// source's (var _ = register("first") ran after the named variables).
func nameBlankVars(f *ast.File) {
	n := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if len(vs.Values) == 0 {
				continue
			}
			for _, id := range vs.Names {
				if id.Name == "_" {
					n++
					id.Name = fmt.Sprintf("%sblankvar%d", loopCopy, n)
				}
			}
		}
	}
}

// commaOkPure reports whether x is a map index or a type assertion of
// the comma-ok form, without calls (but conversions to predeclared
// types) or receives.
func commaOkPure(x ast.Expr) bool {
	switch x := unparen(x).(type) {
	case *ast.IndexExpr:
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return false
		}
	default:
		return false
	}
	pure := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			// A conversion to a predeclared type, any(3), is pure.
			id, ok := n.Fun.(*ast.Ident)
			pure = ok && predeclaredTypes[id.Name] && len(n.Args) == 1
		case *ast.FuncLit:
			pure = false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				pure = false
			}
		}
		return pure
	})
	return pure
}

// commaOkLit is `func() T { v, ok := x; return v }()`, giving the comma-ok
// form's result i of type t.
func commaOkLit(x ast.Expr, i int, t ast.Expr) ast.Expr {
	lhs := []ast.Expr{ast.NewIdent("_"), ast.NewIdent("_")}
	lhs[i] = ast.NewIdent("v")
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: t}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{
			&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{x}},
			&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("v")}},
		}},
	}}
}

// initAssigning is an init function whose body is as.
func initAssigning(as *ast.AssignStmt) *ast.FuncDecl {
	return &ast.FuncDecl{Name: ast.NewIdent("init"), Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: []ast.Stmt{as}}}
}

// assignInInit moves the values of the package-level variables of f for
// which split says so to an init function after their declaration, which
// assigns them; the first error of split ends it.
func assignInInit(f *ast.File, split func(*ast.ValueSpec) (bool, error)) error {
	var decls []ast.Decl
	for _, d := range f.Decls {
		decls = append(decls, d)
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if ok, err := split(vs); err != nil {
				return err
			} else if !ok {
				continue
			}
			as := &ast.AssignStmt{Tok: token.ASSIGN, Rhs: vs.Values}
			for _, n := range vs.Names {
				as.Lhs = append(as.Lhs, ast.NewIdent(n.Name))
			}
			vs.Values = nil
			decls = append(decls, initAssigning(as))
		}
	}
	f.Decls = decls
	return nil
}

// splitGenericVars declares a package-level `var x T = g(…)`, g generic
// (the file's, slices.Sorted, sync.OnceValue), as `var x T` and an init
// function that assigns it: in one evaluation with the declarations,
// yaegi v0.16.1 fails on such a variable ("nil reflect type") or leaves it
// zero. The type is the one written, or, for sync.OnceValue(func() T {…}),
// the literal's. Such a variable that another package-level one's value
// uses, or whose type cannot be told, is refused with the way around.
func splitGenericVars(f *ast.File, fset *token.FileSet) error {
	used := map[string]bool{} // names the values of package-level variables use
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, sp := range g.Specs {
				for _, v := range sp.(*ast.ValueSpec).Values {
					ast.Inspect(v, func(n ast.Node) bool {
						if id, ok := n.(*ast.Ident); ok {
							used[id.Name] = true
						}
						return true
					})
				}
			}
		}
	}
	named := namedImports(f)
	pkgName := func(name string) string { n, _ := importedName(named, name); return n }
	return assignInInit(f, func(vs *ast.ValueSpec) (bool, error) {
		if len(vs.Values) != len(vs.Names) || !slices.ContainsFunc(vs.Values, func(x ast.Expr) bool { return callsGeneric(x, pkgName) }) {
			return false, nil
		}
		typ := vs.Type
		if typ == nil && len(vs.Values) == 1 {
			typ = onceValueType(vs.Values[0])
		}
		if typ == nil || slices.ContainsFunc(vs.Names, func(n *ast.Ident) bool { return used[n.Name] }) {
			p, name := fset.Position(vs.Pos()), vs.Names[0].Name
			return false, located(fmt.Errorf("line %d:%d: %s: in a program, a package-level variable set by a call of a generic function needs its type, and no other package-level variable's value may use it (yaegi v0.16.1): var %s T = …, or declare it in main", p.Line, p.Column, name, name), p.Line, p.Column)
		}
		vs.Type = typ
		return true, nil
	})
}

// namedImports are the import paths of the packages the file node
// imports under names of their own, by those names (sl for "slices").
func namedImports(node ast.Node) map[string]string {
	f, ok := node.(*ast.File)
	if !ok {
		return nil
	}
	var named map[string]string
	for _, is := range f.Imports {
		if is.Name != nil {
			if named == nil {
				named = map[string]string{}
			}
			named[is.Name.Name], _ = strconv.Unquote(is.Path.Value)
		}
	}
	return named
}

// importedName is the name of the package named (namedImports) holds as
// name by its path's: slices for sl; name itself, and false, if it holds
// none.
func importedName(named map[string]string, name string) (string, bool) {
	if p, ok := named[name]; ok {
		return path.Base(p), true
	}
	return name, false
}

// callsGeneric reports whether x calls a generic function, as the
// rewrites leave it: the file's or the session's (genericPrefix), one opsh
// declares for the standard library (stdGenericPrefix) or for a builtin
// (min, max, new(expr), errors.AsType), or one of the generic packages
// opsh interprets (slices.Sorted).
func callsGeneric(x ast.Expr, pkgName func(string) string) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // called later, if at all
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fun := call.Fun
		if ix, ok := fun.(*ast.IndexExpr); ok {
			fun = ix.X
		}
		if ix, ok := fun.(*ast.IndexListExpr); ok {
			fun = ix.X
		}
		switch f := fun.(type) {
		case *ast.Ident:
			found = strings.HasPrefix(f.Name, genericPrefix) || strings.HasPrefix(f.Name, stdGenericPrefix) ||
				f.Name == minFunc || f.Name == maxFunc || f.Name == newFunc || f.Name == asType || f.Name == mustFunc
		case *ast.SelectorExpr:
			if pkg, ok := f.X.(*ast.Ident); ok && pkg.Obj == nil {
				_, found = goSrcFuncs()[pkgName(pkg.Name)+"."+f.Sel.Name]
			}
		}
		return !found
	})
	return found
}

// onceValueType is the type of sync.OnceValue(func() T {…}) and
// OnceValues' (as the rewrites leave them), nil for another value.
func onceValueType(x ast.Expr) ast.Expr {
	call, ok := x.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != stdGenericPrefix+"OnceValue" && id.Name != stdGenericPrefix+"OnceValues" {
		return nil
	}
	if lit, ok := call.Args[0].(*ast.FuncLit); ok && lit.Type.Params.NumFields() == 0 {
		return &ast.FuncType{Params: &ast.FieldList{}, Results: lit.Type.Results}
	}
	return nil
}

// importMissing adds to a file the imports of the packages it names but
// does not import (builtins, as at the prompt), as goimports would.
func (e *Evaluator) importMissing(f *ast.File) {
	have := map[string]bool{}
	for _, im := range f.Imports {
		name, _ := importName(im)
		have[name] = true
	}
	declared := map[string]bool{}
	for _, n := range declNames(f) {
		declared[n] = true
	}
	var add []ast.Spec
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil || have[id.Name] || declared[id.Name] {
			return true
		}
		if p, ok := e.index.lookup(id.Name); ok {
			have[id.Name] = true
			spec := &ast.ImportSpec{Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(p)}}
			if packageName(p) != id.Name {
				spec.Name = ast.NewIdent(id.Name)
			}
			add = append(add, spec)
		}
		return true
	})
	if len(add) > 0 {
		f.Decls = append([]ast.Decl{&ast.GenDecl{Tok: token.IMPORT, Specs: add}}, f.Decls...)
	}
}

// fileTypeSource writes, for the rewrites of the program f, a compiled
// type as source of f: its packages by the names f imports them under,
// importing into f those it does not (as the session's imports, a program
// importing the same package again would declare it twice).
func (e *Evaluator) fileTypeSource(f *ast.File) func(t reflect.Type) (string, bool) {
	names := map[string]string{} // import path → name
	taken := map[string]bool{}
	for name, p := range fileImports(f) {
		if name != "_" && name != "." {
			names[p], taken[name] = name, true
		}
	}
	for _, n := range declNames(f) {
		taken[n] = true
	}
	src := typeSource{
		pkgName: func(p string) (string, bool) {
			if name, ok := names[p]; ok {
				return name, true
			}
			if _, ok := e.index.key(p); !ok {
				return "", false
			}
			name := packageName(p)
			if taken[name] {
				name = fmt.Sprintf("_opshPkg%d", len(names))
			}
			spec := &ast.ImportSpec{Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(p)}}
			if name != packageName(p) {
				spec.Name = ast.NewIdent(name)
			}
			f.Decls = append([]ast.Decl{&ast.GenDecl{Tok: token.IMPORT, Specs: []ast.Spec{spec}}}, f.Decls...)
			names[p], taken[name] = name, true
			return name, true
		},
		userType: e.TypeName,
	}
	return func(t reflect.Type) (string, bool) {
		s, err := src.write(t)
		return s, err == nil
	}
}

// filePackageType is packageType for the rewrites of the program f: a
// package's type by the name f imports the package under (fst.MapFS of
// import fst "testing/fstest"), else by the session's.
func (e *Evaluator) filePackageType(f *ast.File) func(x ast.Expr) reflect.Type {
	imports := fileImports(f)
	return func(x ast.Expr) reflect.Type {
		if sel, ok := x.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && imports[id.Name] != "" {
				if sym, ok := e.pathSymbol(imports[id.Name], sel.Sel.Name); ok && isTypeSymbol(sym) {
					return sym.Type().Elem()
				}
				return nil
			}
		}
		return e.packageType(x)
	}
}

// packageName is the name a standard import path's package has: its last
// element, or the one before a major version (math/rand/v2 is rand).
func packageName(p string) string {
	name := p[strings.LastIndexByte(p, '/')+1:]
	if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		if i := strings.LastIndexByte(p, '/'); i > 0 {
			return packageName(p[:i])
		}
	}
	return name
}

// tagComments are src's `// yaegi:tags …` comments: yaegi reads build
// tags for the packages a source imports from its comments, so they are
// given to it with the source, a program's or a cell's.
func tagComments(src string) string {
	var s scanner.Scanner
	s.Init(token.NewFileSet().AddFile("", -1, len(src)), []byte(src), nil, scanner.ScanComments)
	var b strings.Builder
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return b.String()
		}
		if tok == token.COMMENT && strings.HasPrefix(lit, "// yaegi:tags ") {
			b.WriteString(lit + "\n")
		}
	}
}
