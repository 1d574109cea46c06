package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/opsh/opsh/internal/goref"
	"github.com/opsh/opsh/internal/lazyre"
)

// Go takes a package's declarations in any order; a session takes them as
// they come. A declaration that uses a name the session does not have yet
// (main calling a greet typed later, a struct holding a type declared
// below it, a var set from a function not written yet) is not given to the
// interpreter, which would keep a broken half of it, but kept here. Once
// every name it needs is declared, it is evaluated together with the other
// kept declarations it needs, in one evaluation, as a file's would be.

// pendingDecl is a run of declarations, or a var statement, kept until the
// names it needs are declared.
type pendingDecl struct {
	names   []string // what it declares
	methods []string // the methods it declares
	funcs   bool     // it declares functions and methods only
	needs   []string // the names it uses that the session lacked (methods: see methodNeed)
	src     string   // declarations: their source
	stmt    func() error
	varSeg  *segment // a var statement: its segment of at.cell
	at      cellPos
	// generics are the generic functions it declares (renameGenerics).
	generics []*genericFunc
	// methodSrcs are the sources of the methods it declares, by "T.M",
	// which the session keeps (Evaluator.methodDecls) once they ran, and
	// funcSrcs its functions' as the user wrote them (Evaluator.funcSrc).
	methodSrcs, funcSrcs map[string]string
}

// keep records a pending declaration and says so.
func (e *Evaluator) keep(p pendingDecl) {
	e.dropSuperseded(p.names)
	e.pending = append(e.pending, p)
	what := "this declaration"
	switch {
	case len(p.names) > 0:
		what = strings.Join(p.names, ", ")
	case len(p.methods) > 0:
		what = "the method " + strings.Join(p.methods, ", ")
	}
	e.note(userNames(fmt.Sprintf("%s uses %s, not declared yet: kept until it is%s", what, needsText(p.needs), e.misspelt(p))))
}

// misspelt is, for a kept declaration that needs one name, a hint at the
// name it may have meant, one it declares (a local variable, a parameter)
// or the session's, a letter or two apart (totl for total): " (did you
// mean total?)"; "" when there is none, or several.
func (e *Evaluator) misspelt(p pendingDecl) string {
	if len(p.needs) != 1 {
		return ""
	}
	need, method := strings.CutPrefix(p.needs[0], ".")
	var known []string
	if method {
		// the session's methods, and its structs' fields (s.port for Port)
		known = slices.Collect(maps.Keys(e.methods))
		for name := range e.typeDecls {
			if def, ok := e.typeDecl(name); ok {
				if st, ok := def.(*ast.StructType); ok {
					known = append(known, fieldNames(st)...)
				}
			}
		}
	} else {
		known = slices.Collect(maps.Keys(e.globals))
		if f, err := parser.ParseFile(token.NewFileSet(), "", declsHeader+p.src, 0); err == nil {
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Obj != nil && id.Obj.Decl != nil {
					known = append(known, id.Name)
				}
				return true
			})
		}
	}
	if near := nearName(need, known); near != "" {
		return " (did you mean " + near + "?)"
	}
	return ""
}

// dropSuperseded forgets the kept declarations that declare only names
// among names, which a later cell declares again: Go takes the last
// declaration of a name, which a kept one would replace when what it
// waits for comes (a function that used a misspelt constant, corrected).
func (e *Evaluator) dropSuperseded(names []string) {
	rest := e.pending[:0]
	for _, p := range e.pending {
		superseded := len(p.names) > 0 && p.src != "" && !slices.Contains(p.names, "init") // init is declared many times
		for _, n := range p.names {
			superseded = superseded && n != "_" && slices.Contains(names, n) // and _
		}
		if !superseded {
			rest = append(rest, p)
		}
	}
	clear(e.pending[len(rest):])
	e.pending = rest
}

// needsText lists what a kept declaration needs, for the user.
func needsText(needs []string) string {
	words := make([]string, len(needs))
	for i, n := range needs {
		words[i] = n
		if m, ok := strings.CutPrefix(n, "."); ok {
			words[i] = "the method " + m
		}
	}
	return strings.Join(words, ", ")
}

// waitsError says that name is kept until what it needs is declared.
func waitsError(name string, needs []string) error {
	return fmt.Errorf("%s", userNames(fmt.Sprintf("%s is not declared yet: it waits for %s", name, needsText(needs))))
}

// usesKeptForMethod refuses a statement that uses a function kept for a
// method (see keepForMethod): the interpreter holds a broken copy of it,
// from the failed compilation, which would run as if empty.
func (e *Evaluator) usesKeptForMethod(node ast.Node) error {
	if len(e.pending) == 0 { // every statement of every cell asks
		return nil
	}
	var err error
	ast.Inspect(node, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || err != nil || e.globals[id.Name] || id.Name == "_" {
			return err == nil
		}
		for _, p := range e.pending {
			if slices.Contains(p.names, id.Name) && slices.ContainsFunc(p.needs, func(n string) bool { return strings.HasPrefix(n, ".") }) {
				err = waitsError(id.Name, p.needs)
			}
		}
		return err == nil
	})
	return err
}

// A function that calls a method declared in a later cell (main first,
// the methods below it, pasted a declaration at a time) fails to compile
// with yaegi's "undefined selector"; one that gives a value of the
// session's type as an interface the type does not implement yet (its
// methods come below) fails with "cannot use … as type". It is kept like
// a declaration that uses a name not declared yet, needing the methods:
// methodNeed(name) among its needs, met once the session declares a
// method of that name.

// undefinedSelector finds the selector yaegi's compiler could not resolve.
var undefinedSelector = lazyre.New(`undefined selector:? (\w+)`)

// notInterface finds the interface type yaegi's compiler found a value
// did not implement: a name, or interfaceT when it does not say which.
var notInterface = lazyre.New(`cannot use .* as (?:type (?:main\.)?([\w.]+)|(error) value)`)

// ownKindValue finds, in the compiler's refusal of a value, a value yaegi
// names by its kind (type sliceT, value of type pointer), as it names the
// session's types: a constant's (untyped int constant) or a package
// type's value (*strings.Reader) never gains methods.
var ownKindValue = lazyre.New(`(?:\(type|\(value of type|a value of type) (?:ptr|pointer|struct|slice|map|array|func|chan)T?\b`)

// returnedError is the compiler's refusal of a value returned as an error
// (yaegi's words, or the session's).
var returnedError = lazyre.New(` as (?:type errorT?|error value) in return (?:argument|statement)$`)

// notReturnable finds yaegi's compiler refusing a value returned as an
// interface it does not implement: a method returning its receiver as an
// io.ReadWriter before the cell that declares Write.
var notReturnable = lazyre.New(`cannot use (?:\w+ \(value of type \w+\)|a value of type \w+) as .* in return statement`)

// explainReturn is Go's error for an undefined selector of a variable of
// a type no cell can give methods (builtinSelector); and it adds to err,
// yaegi's refusal of a value returned as an interface, the methods of
// that interface the session does not have yet: a method kept for them would not run (the interpreter would have
// compiled the type's wrapper without them), so they must come first.
func (e *Evaluator) explainReturn(err error, p pendingDecl) error {
	if m := undefinedSelector.FindStringSubmatch(err.Error()); m != nil {
		if goErr := builtinSelector(p.src, m[1]); goErr != nil {
			return goErr
		}
	}
	if !notReturnable.MatchString(err.Error()) {
		return err
	}
	var missing []string
	for _, m := range e.resultInterfaceMethods(p.src) {
		if !e.methods[m] && !slices.Contains(p.methods, m) && !slices.Contains(missing, m) {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return err
	}
	them := "it"
	if len(missing) > 1 {
		them = "them"
	}
	return fmt.Errorf("%w: the interface it returns needs %s, not declared yet: declare %s first (in this cell or an earlier one)", err, strings.Join(missing, ", "), them)
}

// resultInterfaceMethods are the methods of the interfaces (the session's
// or a package's) that the functions of declarations' source return.
func (e *Evaluator) resultInterfaceMethods(src string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", declsHeader+src, 0)
	if err != nil {
		return nil
	}
	var names []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		for _, t := range fieldTypes(fd.Type.Results) {
			switch t := t.(type) {
			case *ast.Ident:
				names = append(names, e.interfaceMethods(t.Name, map[string]bool{})...)
			case *ast.SelectorExpr:
				if rt := e.packageType(t); rt != nil && rt.Kind() == reflect.Interface {
					for i := range rt.NumMethod() {
						names = append(names, rt.Method(i).Name)
					}
				}
			}
		}
	}
	return names
}

// laterGenericMethods are the needs (methodNeed) of the methods that the
// methods of generic types f declares call on their receivers, which
// neither the session nor f declares: yaegi v0.16.1 finds no method of a
// generic type declared after the one calling it, so such a method waits
// for them (orderGenericMethods puts a program's in order).
func (e *Evaluator) laterGenericMethods(f *ast.File) []string {
	own := declMethods(f)
	var needs []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || len(receiverParams(fd)) == 0 {
			continue
		}
		fields := e.genericFields(f, goref.ReceiverType(fd.Recv.List[0].Type))
		for _, m := range receiverCalls(fd) {
			if need := methodNeed(m); !e.methods[m] && !slices.Contains(own, m) && !slices.Contains(fields, m) && !slices.Contains(needs, need) {
				needs = append(needs, need)
			}
		}
	}
	return needs
}

// genericFields are the names of the fields of the generic struct type
// name, f's or the session's (a field of a function type is called as a
// method is).
func (e *Evaluator) genericFields(f *ast.File, name string) []string {
	ts := e.genericSpecs[name]
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, sp := range g.Specs {
				if s := sp.(*ast.TypeSpec); s.Name.Name == name {
					ts = s
				}
			}
		}
	}
	if ts == nil {
		return nil
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return nil
	}
	return fieldNames(st)
}

// methodNeed is what a declaration waiting for a method name needs.
func methodNeed(name string) string { return "." + name }

// keepForMethod keeps p, declarations that failed to compile with err,
// if err may be for methods of a later cell (awaitedMethods) and p
// declares functions only. It reports whether it kept them.
func (e *Evaluator) keepForMethod(err error, p ...pendingDecl) bool {
	return e.keepAwaiting(err, p, true)
}

// keepAwaiting is keepForMethod, for declarations the interpreter
// compiled (a method's first body it keeps, broken) or only tried
// (methodsAsFuncs).
func (e *Evaluator) keepAwaiting(err error, p []pendingDecl, compiled bool) bool {
	if slices.ContainsFunc(p, func(p pendingDecl) bool { return !p.funcs }) {
		return false
	}
	awaited := e.awaitedMethods(err, p, compiled)
	if len(awaited) == 0 {
		return false
	}
	for _, p := range p {
		p.needs = append(slices.DeleteFunc(slices.Clone(p.needs), e.declared), awaited...)
		e.keep(p)
	}
	return true
}

// awaitedMethods are the needs (methodNeed) of declarations p that failed
// to compile with err for methods neither the session nor p declares:
// the selector not found, or the methods of the interface a value was
// given as (of the session's interfaces p names, when err does not say
// which).
func (e *Evaluator) awaitedMethods(err error, p []pendingDecl, compiled bool) []string {
	var names []string
	if m := undefinedSelector.FindStringSubmatch(err.Error()); m != nil {
		if slices.ContainsFunc(p, func(d pendingDecl) bool { return builtinSelector(d.src, m[1]) != nil }) {
			return nil // x := 1; x.Foo(): no cell can declare Foo
		}
		names = []string{m[1]}
	} else if returnedError.MatchString(err.Error()) {
		names = []string{"Error"} // returned as an error
	} else if returned := strings.HasSuffix(err.Error(), "in return statement") || strings.HasSuffix(err.Error(), "in return argument"); returned && ownKindValue.MatchString(err.Error()) && (!compiled || !slices.ContainsFunc(p, func(d pendingDecl) bool { return len(d.methods) > 0 })) {
		// a function's value returned as an interface (io.Writer)
		// whose methods its type does not have yet (a method compiled
		// so would not run, its broken first body kept: explainReturn)
		for _, d := range p {
			names = append(names, e.resultInterfaceMethods(d.src)...)
		}
	} else if m := notInterface.FindStringSubmatch(err.Error()); m != nil && (m[1] == "errorT" || m[1] == "error" || m[2] == "error") {
		names = []string{"Error"} // given as an error
	} else if m != nil {
		ifaces := []string{m[1]}
		if m[1] == "interfaceT" {
			ifaces = nil
			for _, d := range p {
				ifaces = append(ifaces, namesIn(d.src)...)
			}
		}
		for _, i := range ifaces {
			names = append(names, e.interfaceMethods(i, map[string]bool{})...)
		}
		if t := givenType.FindStringSubmatch(err.Error()); t != nil && e.typeNames[t[1]] {
			// the methods that type lacks, though another type of the
			// session may have them (a CheckerFunc's Check)
			return e.typeNeeds(t[1], names, p)
		}
	}
	var needs []string
	for _, n := range names {
		own := slices.ContainsFunc(p, func(d pendingDecl) bool { return slices.Contains(d.methods, n) })
		if !e.methods[n] && !own && !slices.Contains(needs, methodNeed(n)) {
			needs = append(needs, methodNeed(n))
		}
	}
	return needs
}

// givenType finds the session's type of the value the compiler refused as
// an interface.
var givenType = lazyre.New(`cannot use type \*?main\.(\w+) as `)

// typeNeeds are the needs (methodNeed of typ.M) for the methods of names
// that the session's type typ has not, nor declarations p give it.
func (e *Evaluator) typeNeeds(typ string, names []string, p []pendingDecl) []string {
	var needs []string
	for _, n := range names {
		need := methodNeed(typ + "." + n)
		own := slices.ContainsFunc(p, func(d pendingDecl) bool { return d.methodSrcs[typ+"."+n] != "" })
		if !e.hasMethod(typ, n) && !own && !slices.Contains(needs, need) {
			needs = append(needs, need)
		}
	}
	return needs
}

// builtinSelector is Go's error for the declarations src selecting name
// of a variable of theirs made of a literal of a type no cell can give
// methods, a number, a string, a slice, a map or an array written out (x
// := 1; x.Foo(), a := []int{1}; a.Push(2)): "a.Push undefined (type []int
// has no field or method Push)", at the selector; nil if there is none.
func builtinSelector(src, name string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", declsHeader+src, 0)
	if err != nil {
		return nil
	}
	var found error
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if found != nil || !ok || sel.Sel.Name != name {
			return found == nil
		}
		if typ := literalType(sel.X); typ != "" {
			pos := fset.Position(sel.Sel.Pos())
			found = located(fmt.Errorf("%s undefined (type %s has no field or method %s)", exprString(nil, sel), typ, name), pos.Line, pos.Column)
		}
		return true
	})
	return found
}

// literalType is the type of x, a variable defined by a literal of a
// type no cell can give methods (x := 1, a := []int{1}), as Go writes it;
// "" for another expression.
func literalType(x ast.Expr) string {
	id, ok := x.(*ast.Ident)
	if !ok || id.Obj == nil || id.Obj.Kind != ast.Var {
		return ""
	}
	as, ok := id.Obj.Decl.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
		return ""
	}
	for i, l := range as.Lhs {
		if l, ok := l.(*ast.Ident); !ok || l.Name != id.Name {
			continue
		}
		switch v := as.Rhs[i].(type) {
		case *ast.BasicLit:
			return constDefault[v.Kind]
		case *ast.CompositeLit:
			switch v.Type.(type) {
			case *ast.ArrayType, *ast.MapType:
				return exprString(nil, v.Type)
			}
		}
	}
	return ""
}

// interfaceMethods are the methods of the session's interface type name,
// its embedded interfaces' (the session's or a package's) included; none
// if name is no such type.
func (e *Evaluator) interfaceMethods(name string, seen map[string]bool) []string {
	if strings.Contains(name, ".") { // a package's, io.Writer
		x, err := parser.ParseExpr(name)
		if err != nil {
			return nil
		}
		return e.packageInterfaceMethods(x)
	}
	def, ok := e.typeDecls[name]
	if !ok {
		def = e.programTypes[name] // a program's, running
	}
	if seen[name] || !strings.HasPrefix(def, "interface") {
		return nil
	}
	seen[name] = true
	x, err := parser.ParseExpr(def)
	it, ok := x.(*ast.InterfaceType)
	if err != nil || !ok {
		return nil
	}
	var names []string
	for _, f := range it.Methods.List {
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
		if len(f.Names) > 0 {
			continue
		}
		switch t := f.Type.(type) {
		case *ast.Ident:
			names = append(names, e.interfaceMethods(t.Name, seen)...)
		case *ast.SelectorExpr: // a package's interface, fmt.Stringer
			names = append(names, e.packageInterfaceMethods(t)...)
		}
	}
	return names
}

// packageInterfaceMethods are the methods of t if it names a package's
// interface type.
func (e *Evaluator) packageInterfaceMethods(t ast.Expr) []string {
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	rt := e.packageType(sel)
	if rt == nil || rt.Kind() != reflect.Interface {
		return nil
	}
	var names []string
	for i := range rt.NumMethod() {
		names = append(names, rt.Method(i).Name)
	}
	return names
}

// namesIn lists the identifiers declarations' source uses.
func namesIn(src string) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", declsHeader+src, 0)
	if err != nil {
		return nil
	}
	var names []string
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !slices.Contains(names, id.Name) {
			names = append(names, id.Name)
		}
		return true
	})
	return names
}

// funcsOnly reports whether f declares functions and methods only.
func funcsOnly(f *ast.File) bool {
	for _, d := range f.Decls {
		if _, ok := d.(*ast.FuncDecl); !ok {
			return false
		}
	}
	return true
}

// declared reports whether the session has need: a name, or a method
// (methodNeed).
func (e *Evaluator) declared(need string) bool {
	if m, ok := strings.CutPrefix(need, "."); ok {
		if typ, m, ok := strings.Cut(m, "."); ok {
			return e.hasMethod(typ, m)
		}
		return e.methods[m]
	}
	return e.globals[need]
}

// hasMethod reports whether the session's type typ, as the user names
// it, has the method m.
func (e *Evaluator) hasMethod(typ, m string) bool {
	if v, ok := e.typeVersions[typ]; ok {
		typ = v
	}
	_, ok := e.methodDecls[typ+"."+m]
	return ok
}

// keepVar keeps a top-level var statement that uses names not declared
// yet, and reports whether it did.
func (e *Evaluator) keepVar(ctx context.Context, cellSrc string, seg segment) bool {
	fset, body, names, ok := varStatement(cellSrc, seg)
	if !ok {
		return false
	}
	needs := e.unknownNames(body, names)
	if len(needs) == 0 {
		return false
	}
	if now, later, ok := e.splitVarGroup(fset, body, cellSrc); ok {
		// the specs that need nothing missing run now: the function the
		// others wait for may use them
		if _, err := e.evalStmt(ctx, now, seg, false, Result{}); err != nil {
			return false // the statement whole, and its error
		}
		cellSrc = later
		names = e.keptSpecNames(fset, body, later)
		needs = e.unknownNames(body, names)
	}
	e.keep(pendingDecl{names: names, needs: needs, at: cellPos{cell: cellSrc, line: seg.line}, stmt: e.keptVar(ctx, cellSrc, seg), varSeg: &seg})
	return true
}

// initsWaitingFor is what an init function among names waits for, besides
// its own needs, where an init declared before it waits: Go runs a
// package's init functions in the order of their source, and the later
// init ran first (init 2 before an init 1 that called a function still
// to come).
func (e *Evaluator) initsWaitingFor(names, needs []string) []string {
	if !slices.Contains(names, "init") {
		return nil
	}
	var more []string
	for _, p := range e.pending {
		if slices.Contains(p.names, "init") {
			for _, n := range p.needs {
				if !slices.Contains(needs, n) && !slices.Contains(more, n) {
					more = append(more, n)
				}
			}
		}
	}
	return more
}

// runReadySpecs runs the specs of kept var statements of several that
// need nothing missing now, and keeps the others: of var ( n = count(); m
// = map[string]F{} ), m once F is declared, so that count, which uses m,
// can be declared, and then n.
func (e *Evaluator) runReadySpecs(ctx context.Context) {
	for i := range e.pending {
		p := &e.pending[i]
		if p.varSeg == nil || len(p.names) < 2 {
			continue // (a group has two specs, two names, at the least)
		}
		fset, body, _, ok := varStatement(p.at.cell, *p.varSeg)
		if !ok {
			continue
		}
		now, later, ok := e.splitVarGroup(fset, body, p.at.cell)
		if !ok {
			continue
		}
		if _, err := e.evalStmt(ctx, now, *p.varSeg, false, Result{}); err != nil {
			continue // left whole, to fail whole when it runs
		}
		p.at.cell = later
		p.names = e.keptSpecNames(fset, body, later)
		if _, laterBody, _, ok := varStatement(later, *p.varSeg); ok {
			p.needs = e.unknownNames(laterBody, p.names)
		}
		p.stmt = e.keptVar(ctx, later, *p.varSeg)
	}
}

// keptVar evaluates a kept var statement, seg of cellSrc, once what it
// waits for is declared; one that then fails for a method not declared
// yet is kept again, for it (keepVarForMethod).
func (e *Evaluator) keptVar(ctx context.Context, cellSrc string, seg segment) func() error {
	return func() error {
		_, err := e.evalStmt(ctx, cellSrc, seg, false, Result{})
		if err != nil && e.keepVarForMethod(ctx, cellSrc, seg, err) {
			return nil
		}
		return err
	}
}

// keepVarForMethod keeps a top-level var statement that failed to
// compile with err for a method no type of the session has (var v =
// T(1).Get(), Get declared below), as keepForMethod keeps a function, and
// reports whether it did.
func (e *Evaluator) keepVarForMethod(ctx context.Context, cellSrc string, seg segment, err error) bool {
	var needs []string
	if m := undefinedMethod.FindStringSubmatch(err.Error()); m != nil {
		if e.methods[m[2]] || builtinSelector(seg.src, m[2]) != nil {
			return false
		}
		if typ := strings.TrimPrefix(m[1], "*"); typ != "" && !e.typeNames[typ] && !e.methodExprOf(seg.src, m[2]) {
			return false // an int's, a package type's: no cell gives them methods
		}
		needs = []string{methodNeed(m[2])}
	} else if used, _, _ := strings.Cut(err.Error(), " as "); notInterface.MatchString(err.Error()) && strings.Contains(used, "main.") {
		// a value of the session's type given as an interface whose
		// methods it does not have yet (var ns = []N{S{}}); an int's
		// never will
		needs = slices.DeleteFunc(e.awaitedMethods(err, []pendingDecl{{src: seg.src}}, true), e.declared)
	}
	_, _, names, ok := varStatement(cellSrc, seg)
	if len(needs) == 0 || !ok {
		return false
	}
	for _, n := range names {
		delete(e.failedVars, n)
	}
	e.keep(pendingDecl{names: names, needs: needs, at: cellPos{cell: cellSrc, line: seg.line}, stmt: e.keptVar(ctx, cellSrc, seg), varSeg: &seg})
	return true
}

// methodExprOf reports whether src, a var statement, has a method
// expression T.name or (*T).name of a type T of the session's: yaegi's
// error names another type (type error has no field or method name).
func (e *Evaluator) methodExprOf(src, name string) bool {
	x, err := parser.ParseFile(token.NewFileSet(), "", declsHeader+src, 0)
	if err != nil {
		return false
	}
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
			t := unparen(sel.X)
			if star, ok := t.(*ast.StarExpr); ok {
				t = star.X
			}
			id, ok := t.(*ast.Ident)
			found = found || ok && e.typeNames[id.Name]
		}
		return !found
	})
	return found
}

// undefinedMethod is the session's error for a selector of a name neither
// field nor method (selectorError).
var undefinedMethod = lazyre.New(`undefined \((?:type (\S+) has )?no field or method (\w+)\)$`)

// varStatement parses seg of cellSrc, a var statement: the statements'
// body it is in, and the names it declares; false if seg is none.
func varStatement(cellSrc string, seg segment) (*token.FileSet, *ast.BlockStmt, []string, bool) {
	if !strings.HasPrefix(seg.src, "var") {
		return nil, nil, nil, false
	}
	fset := token.NewFileSet()
	f, err := parsePart(fset, cellSrc, seg.off, seg.end, false)
	if err != nil {
		return nil, nil, nil, false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	var names []string
	for _, st := range body.List {
		if ds, ok := st.(*ast.DeclStmt); ok {
			if g, ok := ds.Decl.(*ast.GenDecl); ok {
				names = append(names, specNames(g)...)
			}
		}
	}
	return fset, body, names, true
}

// splitVarGroup splits a var statement of several specs, body's only
// statement, of which some use names the session lacks (b = f(), f not
// declared yet) and some do not (a = 1): now is the cell's source cellSrc
// with the first blanked out, later with the others; false if they are
// not both there. A spec that uses a name of a spec left for later is
// left for later too. Go orders a package's variables by what they use,
// and the function the later specs wait for may use the others (func f()
// int { return a + 1 }).
func (e *Evaluator) splitVarGroup(fset *token.FileSet, body *ast.BlockStmt, cellSrc string) (now, later string, ok bool) {
	if len(body.List) != 1 {
		return "", "", false
	}
	ds, isDecl := body.List[0].(*ast.DeclStmt)
	g, isGen := ds.Decl.(*ast.GenDecl)
	if !isDecl || !isGen || len(g.Specs) < 2 {
		return "", "", false
	}
	waits := make([]bool, len(g.Specs))
	waiting := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for i, sp := range g.Specs {
			if waits[i] {
				continue
			}
			uses := len(e.unknownNames(sp, specNames(g))) > 0
			ast.Inspect(sp, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && waiting[id.Name] {
					uses = true
				}
				return !uses
			})
			if uses {
				waits[i], changed = true, true
				for _, id := range sp.(*ast.ValueSpec).Names {
					waiting[id.Name] = true
				}
			}
		}
	}
	if !slices.Contains(waits, true) || !slices.Contains(waits, false) {
		return "", "", false
	}
	nowB, laterB := []byte(cellSrc), []byte(cellSrc)
	base := len(stmtsHeader)
	for i, sp := range g.Specs {
		blank := laterB
		if waits[i] {
			blank = nowB
		}
		for j := fset.Position(sp.Pos()).Offset - base; j < fset.Position(sp.End()).Offset-base && j < len(blank); j++ {
			if j >= 0 && blank[j] != '\n' {
				blank[j] = ' '
			}
		}
	}
	return string(nowB), string(laterB), true
}

// keptSpecNames are the names the var statement, body's only one,
// declares in src, its cell's source with some specs blanked out
// (splitVarGroup): those of the specs src keeps.
func (e *Evaluator) keptSpecNames(fset *token.FileSet, body *ast.BlockStmt, src string) []string {
	var names []string
	g := body.List[0].(*ast.DeclStmt).Decl.(*ast.GenDecl)
	for _, sp := range g.Specs {
		if off := fset.Position(sp.Pos()).Offset - len(stmtsHeader); off >= 0 && off < len(src) && src[off] != ' ' {
			for _, id := range sp.(*ast.ValueSpec).Names {
				names = append(names, id.Name)
			}
		}
	}
	return names
}

// flushPending evaluates the kept declarations whose names are now all
// declared, or declared by each other. Those that need only what the
// session has go first (a var statement before the function that uses
// it); those left need each other, and go together: the declarations in
// one evaluation, then the var statements in the order they came. A
// failure is reported as a note; the declarations are dropped.
func (e *Evaluator) flushPending(ctx context.Context) {
	e.runReadySpecs(ctx)
	// each round declares some, or keeps them again (keepForMethod):
	// as many rounds as there are kept declarations is enough
	for range len(e.pending) + 1 {
		ready, rest := e.readyPending()
		if len(ready) == 0 {
			return
		}
		e.pending = rest
		for len(ready) > 0 {
			var now, later []pendingDecl
			for _, p := range ready {
				if slices.ContainsFunc(p.needs, func(n string) bool { return !e.declared(n) }) {
					later = append(later, p)
				} else {
					now = append(now, p)
				}
			}
			if len(now) == 0 {
				now, later = ready, nil
			}
			e.evalKept(ctx, now)
			ready = e.keptWaiting(later)
		}
	}
}

// keptWaiting returns the declarations of ready, put aside for those it
// needs, that they may now be evaluated with: not those that need a name
// a declaration kept again waits to declare (main calling a find that
// waits for a method), which are kept with it: evaluated without it, main
// would call a find that never compiled (index out of range).
func (e *Evaluator) keptWaiting(ready []pendingDecl) []pendingDecl {
	kept := map[string]bool{}
	for _, p := range e.pending {
		for _, n := range p.names {
			kept[n] = true
		}
	}
	return slices.DeleteFunc(ready, func(p pendingDecl) bool {
		if !slices.ContainsFunc(p.needs, func(n string) bool { return kept[n] && !e.declared(n) }) {
			return false
		}
		e.pending = append(e.pending, p)
		return true
	})
}

// evalKept evaluates kept declarations together: the declarations in one
// evaluation, then the var statements. Methods that compile alone
// (methodsAsFuncs) are evaluated first: a method compiled with a function
// that fails stays broken in its type (yaegi keeps a type's first method
// of a name), and returned nothing once declared again.
func (e *Evaluator) evalKept(ctx context.Context, kept []pendingDecl) {
	var decls []pendingDecl
	var src strings.Builder
	for _, p := range kept {
		if p.stmt == nil {
			decls = append(decls, p)
			src.WriteString(p.src)
		}
	}
	if len(decls) > 0 {
		if later, alone := e.keepForLaterMethod(src.String(), decls...); !later {
			methods, others := decls, []pendingDecl(nil)
			if alone {
				methods = slices.DeleteFunc(slices.Clone(decls), func(p pendingDecl) bool { return len(p.names) > 0 })
				others = slices.DeleteFunc(slices.Clone(decls), func(p pendingDecl) bool { return len(p.names) == 0 })
			}
			if len(methods) == 0 || len(others) == 0 {
				methods, others = decls, nil
			}
			if e.runKept(ctx, methods) && len(others) > 0 {
				e.runKept(ctx, others)
			}
		}
	}
	for _, p := range kept {
		if p.stmt != nil {
			if err := p.stmt(); err != nil {
				e.note(fmt.Sprintf("the kept declaration of %s failed: %v", strings.Join(p.names, ", "), err))
			}
		}
	}
}

// runKept evaluates the kept declarations decls in one evaluation, and
// reports whether they were declared.
func (e *Evaluator) runKept(ctx context.Context, decls []pendingDecl) bool {
	var src strings.Builder
	var names, what []string
	for _, p := range decls {
		src.WriteString(p.src)
		names = append(names, p.names...)
		what = append(append(what, p.names...), p.methods...)
	}
	if _, err := e.run(ctx, e.rewriteKept(src.String()), decls[0].at); err != nil {
		if !e.keepForMethod(err, decls...) {
			e.note(fmt.Sprintf("the kept declarations of %s failed: %v", strings.Join(what, ", "), err))
			e.undoFailedKept(ctx, src.String())
		}
		return false
	}
	for _, n := range names {
		e.noteDeclared(n)
	}
	f := e.noteKept(src.String())
	var gained []string
	for _, p := range decls {
		e.noteGenerics(p.generics)
		if len(p.methodSrcs) > 0 {
			gained = append(gained, e.newMethods(p.methodSrcs)...)
			maps.Copy(e.methodDecls, p.methodSrcs)
			e.declGen++
		}
		maps.Copy(e.funcSrc, p.funcSrcs)
		for _, m := range p.methods {
			e.methods[m] = true
		}
	}
	if f != nil {
		e.refreshTypeUsers(ctx, f, gained)
	}
	return true
}

// undoFailedKept undoes what kept declarations, src, declared when they
// failed to compile, as for a cell's (undoFailedDecls): the interpreter
// held a broken copy of each function, which ran as if empty (main()
// printed nothing, and said nothing).
func (e *Evaluator) undoFailedKept(ctx context.Context, src string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package main\n"+src, 0)
	if err == nil {
		e.undoFailedDecls(ctx, fset, f, funcSources(fset, f))
	}
}

// rewriteKept applies again, to kept declarations about to run, the
// rewrites that depend on the session's types and methods (fmt's and
// json's arguments, method expressions and values), which were not all
// declared when the declarations were kept; src as it is if it does not
// parse.
func (e *Evaluator) rewriteKept(src string) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package main\n"+src, 0)
	if err != nil {
		return src
	}
	rw := e.rewriter(fset)
	rw.learn(f)
	rw.renameGenericUses(f, nil, goref.NotReferences(f))
	rw.instantiate(f)
	rw.rewriteMethodExprs(f)
	rw.rewriteMethodValues(f)
	rw.rewriteTypedArgs(f)
	var b strings.Builder
	for _, d := range f.Decls {
		b.WriteString(directive(fset, d.Pos())) // the positions the source's directives gave
		if rw.err != nil || printNode(&b, fset, d) != nil {
			return src
		}
		b.WriteString("\n")
	}
	return b.String()
}

// noteKept records what kept declarations that ran declared, as
// evalDecls does for a cell's: their types' names and fields, the
// functions their functions call, and the String and Error methods fmt
// calls. It returns src parsed, nil if it does not parse.
func (e *Evaluator) noteKept(src string) *ast.File {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main\n"+src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	e.noteDecls(f)
	e.noteFuncRefs(f)
	if call := e.textMethodsCall(f); call != "" {
		_, _ = e.quietEval(call)
	}
	return f
}

// readyPending splits the kept declarations into those that can be
// evaluated now (everything they need is declared, by the session or by
// each other) and the rest.
func (e *Evaluator) readyPending() (ready, rest []pendingDecl) {
	ready = append([]pendingDecl(nil), e.pending...)
	for changed := true; changed; {
		changed = false
		offered := map[string]bool{}
		for _, p := range ready {
			for _, n := range p.names {
				offered[n] = true
			}
			for _, m := range p.methods {
				offered[methodNeed(m)] = true
			}
			for key := range p.methodSrcs {
				offered[methodNeed(userTypeName(key))] = true // T.M
			}
		}
		for i := 0; i < len(ready); i++ {
			for _, need := range ready[i].needs {
				if !e.declared(need) && !offered[need] {
					rest = append(rest, ready[i])
					ready = append(ready[:i], ready[i+1:]...)
					i--
					changed = true
					break
				}
			}
		}
	}
	return ready, rest
}

// pendingNeeds says what a kept declaration of name waits for, if one is.
func (e *Evaluator) pendingNeeds(name string) ([]string, bool) {
	for _, p := range e.pending {
		for _, n := range p.names {
			if n == name {
				return p.needs, true
			}
		}
	}
	return nil, false
}

// unknownNames lists the package-level names node uses that neither the
// session, nor node itself (declared), nor Go has: field names, selected
// names and labels are no such uses, and a predeclared function's name
// not called is not Go's (builtinFunc).
func (e *Evaluator) unknownNames(node ast.Node, declared []string) []string {
	own := map[string]bool{}
	for _, n := range declared {
		own[n] = true
	}
	for _, n := range typeParams(node) {
		own[n] = true
	}
	seen := map[string]bool{}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.File:
			for _, d := range x.Decls {
				ast.Inspect(d, visit)
			}
			return false
		case *ast.FuncDecl:
			for _, part := range []ast.Node{x.Recv, x.Type, x.Body} {
				if part != nil && !reflect.ValueOf(part).IsNil() {
					ast.Inspect(part, visit)
				}
			}
			return false
		case *ast.TypeSpec:
			ast.Inspect(x.Type, visit)
			return false
		case *ast.ValueSpec:
			if x.Type != nil {
				ast.Inspect(x.Type, visit)
			}
			for _, v := range x.Values {
				ast.Inspect(v, visit)
			}
			return false
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && id.Obj == nil && (e.opaqueImports || e.isPackage(id.Name) && !own[id.Name]) {
				return false // a package, or perhaps one whose name the session cannot know
			}
			ast.Inspect(x.X, visit)
			return false
		case *ast.CompositeLit:
			switch x.Type.(type) {
			case *ast.MapType, *ast.ArrayType:
				// a key is a value here, no field's name: map[string]int{K: 1}
				ast.Inspect(x.Type, visit)
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						ast.Inspect(kv.Key, visit)
						el = kv.Value
					}
					ast.Inspect(el, visit)
				}
				return false
			}
		case *ast.KeyValueExpr:
			if _, ok := x.Key.(*ast.Ident); !ok {
				ast.Inspect(x.Key, visit)
			}
			ast.Inspect(x.Value, visit)
			return false
		case *ast.BranchStmt, *ast.ImportSpec:
			return false
		case *ast.LabeledStmt:
			ast.Inspect(x.Stmt, visit)
			return false
		case *ast.Field:
			ast.Inspect(x.Type, visit)
			return false
		case *ast.CallExpr:
			if id, ok := x.Fun.(*ast.Ident); ok && builtinFunc(id.Name) {
				for _, a := range x.Args {
					ast.Inspect(a, visit)
				}
				return false
			}
		case *ast.Ident:
			known := e.knownName(x) && !(builtinFunc(x.Name) && !e.globals[x.Name]) // not called: not the builtin
			// (a package's name is no value: errors("x") calls a function
			// still to come, not the package)
			if x.Obj == nil && !own[x.Name] && !known && !(e.dotImport && ast.IsExported(x.Name)) {
				seen[x.Name] = true
			}
		}
		return true
	}
	ast.Inspect(node, visit)
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// builtinFunc reports whether name is one of Go's predeclared functions.
// These can only be called: another use of the name ([max]int, a value)
// is of a declaration of the session's own, perhaps one still to come
// (var a = [max]int{} before const max = 32).
func builtinFunc(name string) bool {
	_, ok := builtinFuncs[name]
	return ok || name == "min" || name == "max" || name == "clear"
}

// typeParams lists the type parameters node declares, in generic types
// and functions and in methods' receivers (func (s *Stack[T]) Push).
func typeParams(node ast.Node) []string {
	var names []string
	fields := func(l *ast.FieldList) {
		if l == nil {
			return
		}
		for _, f := range l.List {
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.TypeSpec:
			fields(x.TypeParams)
		case *ast.FuncType:
			fields(x.TypeParams)
		case *ast.FuncDecl:
			for _, p := range receiverParams(x) {
				if id, ok := p.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
		}
		return true
	})
	return names
}

// isPackage reports whether name is a package a cell may use unimported.
func (e *Evaluator) isPackage(name string) bool {
	_, ok := e.index.lookup(name)
	return ok
}

// specNames lists the names a declaration's specs declare.
func specNames(g *ast.GenDecl) []string {
	var names []string
	for _, sp := range g.Specs {
		switch s := sp.(type) {
		case *ast.TypeSpec:
			names = append(names, s.Name.Name)
		case *ast.ValueSpec:
			for _, id := range s.Names {
				names = append(names, id.Name)
			}
		}
	}
	return names
}
