package engine

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/goref"
)

// A function declared again is the one the cells after it call, but a
// function or method declared before it was compiled with the old one and
// keeps calling it: yaegi binds a call as it compiles it. Python would call
// the new one; Go has no redeclaration to compare with. So the evaluator
// records which of the session's functions each declaration calls
// (noteFuncRefs), and when one is declared again, declares again the
// functions that call it, from their sources (refresh), and says which
// methods keep the old (staleCallers).

// errNotRefreshed is refresh's error for a function it does not declare
// again: a method, or one being declared again already (a circle of
// calls).
var errNotRefreshed = errors.New("not declared again")

// refresh declares the function name again from the source the user wrote
// it in, so that it calls the functions declared since. Its error is
// errNotRefreshed, or why the source no longer compiles.
func (e *Evaluator) refresh(ctx context.Context, name string) error {
	src, ok := e.funcSrc[name]
	if !ok || e.refreshing[name] {
		return errNotRefreshed
	}
	if e.refreshing == nil {
		e.refreshing = map[string]bool{}
	}
	e.refreshing[name] = true
	defer delete(e.refreshing, name)
	notes := len(e.notes)
	if err := e.redeclare(ctx, src); err != nil {
		e.notes = e.notes[:notes]
		return err
	}
	return nil
}

// breakFunc declares the function name, whose source no longer compiles
// (why), as one of the same signature that panics saying so: yaegi would
// run the old body against what changed (a function given too few
// arguments panicked with index out of range). The session keeps the
// user's source, which later redefinitions try again (refresh); it
// reports whether it could.
func (e *Evaluator) breakFunc(ctx context.Context, name string, why error) bool {
	src, refs := e.funcSrc[name], e.funcRefs[name]
	fd, fset := parsedFunc(src)
	if fd == nil {
		return false
	}
	reason, _, _ := strings.Cut(why.Error(), "\n")
	msg := fmt.Sprintf("%s no longer compiles (%s): declare it again", name, reason)
	fd.Body = &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("panic"), Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(msg)}}}}}}
	if e.redeclare(ctx, exprString(fset, fd)) != nil {
		return false
	}
	e.funcSrc[name], e.funcRefs[name] = src, refs
	return true
}

// assertsRef is the reference noteFuncRefs records for a type assertion
// or type switch: it asks about any type, and is a type's user.
const assertsRef = "(type assertion)"

// noteFuncRefs records, for each function and method f declares, the
// session's functions its body names, the session's types it names
// (assertsRef for any), the names it selects (methodNeed's), and when it
// was declared. (A name of the package's scope is a function's or a
// type's, never both.)
func (e *Evaluator) noteFuncRefs(f *ast.File) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		refs := map[string]bool{}
		ast.Inspect(fd, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.TypeAssertExpr, *ast.TypeSwitchStmt:
				refs[assertsRef] = true
			case *ast.SelectorExpr:
				refs[methodNeed(x.Sel.Name)] = true // x.M: perhaps a method
			}
			id, ok := n.(*ast.Ident)
			if !ok || id == fd.Name {
				return true
			}
			if _, ok := e.typeDecls[id.Name]; ok {
				refs[id.Name] = true
			}
			if t, ok := e.varType(id.Name); ok && id.Obj == nil {
				// a variable of the session's type: its uses were
				// compiled with the type's methods too
				ast.Inspect(t, func(n ast.Node) bool {
					if tid, ok := n.(*ast.Ident); ok {
						if _, ok := e.typeDecls[tid.Name]; ok {
							refs[tid.Name] = true
						}
					}
					return true
				})
			}
			// By the user's name: a generic function's is renamed.
			if name := strings.TrimPrefix(id.Name, genericPrefix); e.funcs[name] {
				refs[name] = true
			}
			return true
		})
		e.funcRefs[declKey(fd)] = refs
		e.declSeq++
		e.declaredAt[declKey(fd)] = e.declSeq
	}
}

// declKey names a function declaration as the user does: f, or T.M for a
// method.
func declKey(fd *ast.FuncDecl) string {
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		return userTypeName(goref.ReceiverType(fd.Recv.List[0].Type)) + "." + fd.Name.Name
	}
	if fd.Name.Name == mainName {
		return "main" // (renameMain's)
	}
	return fd.Name.Name
}

// funcSources are the sources of the functions f declares, as read with
// fset, to be kept (in Evaluator.funcSrc) once f ran.
func funcSources(fset *token.FileSet, f *ast.File) map[string]string {
	srcs := map[string]string{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			srcs[fd.Name.Name] = exprString(fset, fd)
		}
	}
	return srcs
}

// redeclaredFuncs are the functions of srcs (funcSources) that the
// session has and that now do something else: another source, or the
// same calling a function declared again since.
func (e *Evaluator) redeclaredFuncs(srcs map[string]string) []string {
	var names []string
	for name, src := range srcs {
		old, ok := e.funcSrc[name]
		if !ok {
			continue
		}
		changed := old != src
		for callee := range e.funcRefs[name] {
			changed = changed || e.declaredAt[callee] > e.declaredAt[name]
		}
		if changed {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// staleCallers declares again, for each function of names that f declared
// again, the functions declared before that call it and that f does not
// declare again (refresh), so that they call the new one, as Python's
// would; and notes the methods, and the functions that fail to, which
// keep calling the old one.
func (e *Evaluator) staleCallers(ctx context.Context, f *ast.File, names []string) {
	declared := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			declared[declKey(fd)] = true
		}
	}
	for _, name := range names {
		var callers []string
		for _, caller := range slices.Sorted(maps.Keys(e.funcRefs)) {
			if !e.funcRefs[caller][name] || declared[caller] {
				continue
			}
			switch err := e.refresh(ctx, caller); {
			case err == nil:
			case errors.Is(err, errNotRefreshed):
				callers = append(callers, caller)
			case e.breakFunc(ctx, caller, err):
				reason, _, _ := strings.Cut(err.Error(), "\n")
				e.note(fmt.Sprintf("%s is redefined: %s, declared before, no longer compiles (%s); calling it panics until it is declared again", name, caller, reason))
			default:
				callers = append(callers, caller)
			}
		}
		switch len(callers) {
		case 0:
		case 1:
			e.note(fmt.Sprintf("%s is redefined: %s, declared before, keeps calling the old %s; run its cell again to call the new one", name, callers[0], name))
		default:
			e.note(fmt.Sprintf("%s is redefined: %s, declared before, keep calling the old %s; run their cells again to call the new one", name, strings.Join(callers, ", "), name))
		}
	}
}

// newMethods are the keys (T.M) of methods, the methods a cell declares
// by their keys, that the session's types did not have.
func (e *Evaluator) newMethods(methods map[string]string) []string {
	var keys []string
	for key := range methods {
		if _, ok := e.methodDecls[key]; !ok {
			keys = append(keys, key)
		}
	}
	return keys
}

// embedsFields reports whether the session's type name is a struct with
// embedded fields, whose methods it promotes.
func (e *Evaluator) embedsFields(name string) bool {
	def, ok := e.typeDecl(name)
	return ok && len(embeddedTypesOf(def)) > 0
}

// refreshTypeUsers declares again the functions declared before f that
// name a type to which f gave a method it did not have (of keys, T.M),
// select a field or method of that method's name where the type embeds
// fields, or assert to a type:
// yaegi compiled them with the method sets the types had, so a Q of
// theirs given to fmt was printed without the String f declares, a method
// f declares on a struct embedding an interface was the interface's, m.Name()
// was still the Name m's embedded field promoted, and x.(fmt.Stringer) of
// a later Net with String was false. Go's declarations have no order; a
// session's pasted one by one have.
func (e *Evaluator) refreshTypeUsers(ctx context.Context, f *ast.File, keys []string) {
	if len(keys) == 0 {
		return
	}
	declared := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			declared[declKey(fd)] = true
		}
	}
	uses := func(refs map[string]bool, key string) bool {
		typ, m, _ := strings.Cut(key, ".")
		if refs[methodNeed(m)] && e.embedsFields(typ) {
			return true // x.M, M perhaps promoted before
		}
		// A type of a declaration before may be an earlier definition.
		for ref := range refs {
			if userTypeName(ref) == userTypeName(typ) {
				return true
			}
		}
		return false
	}
	for _, user := range slices.Sorted(maps.Keys(e.funcRefs)) {
		refs := e.funcRefs[user]
		if !declared[user] && (refs[assertsRef] || slices.ContainsFunc(keys, func(k string) bool { return uses(refs, k) })) {
			_ = e.refresh(ctx, user) // a function that fails keeps its old body
		}
	}
}
