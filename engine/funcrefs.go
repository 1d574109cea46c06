package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"slices"
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

// refresh declares the function name again from the source the user wrote
// it in, so that it calls the functions declared since, and reports
// whether it did: not a method, nor one being declared again already (a
// circle of calls), nor one whose source no longer compiles.
func (e *Evaluator) refresh(ctx context.Context, name string) bool {
	src, ok := e.funcSrc[name]
	if !ok || e.refreshing[name] {
		return false
	}
	if e.refreshing == nil {
		e.refreshing = map[string]bool{}
	}
	e.refreshing[name] = true
	defer delete(e.refreshing, name)
	notes := len(e.notes)
	if err := e.redeclare(ctx, src); err != nil {
		e.notes = e.notes[:notes]
		return false
	}
	return true
}

// noteFuncRefs records, for each function and method f declares, the
// session's functions its body names, and when it was declared.
func (e *Evaluator) noteFuncRefs(f *ast.File) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		refs := map[string]bool{}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				// By the user's name: a generic function's is renamed.
				if name := strings.TrimPrefix(id.Name, genericPrefix); e.funcs[name] {
					refs[name] = true
				}
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
			if e.funcRefs[caller][name] && !declared[caller] && !e.refresh(ctx, caller) {
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
