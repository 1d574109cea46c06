package engine

import (
	"go/ast"
	"log"
	"reflect"
)

// A *log.Logger's Printf, Println and the like are methods of a compiled
// type, which yaegi hands the session's values as they are: a Host with a
// String method printed as its fields, a Level as a number, where the
// log package's own functions, like fmt's, print through the methods
// (fmtfix.go). rewriteLoggerCalls writes such a call as the logger's
// Print or Panic of what the session's fmt.Sprint, Sprintf or
// Sprintln makes of the arguments (_opshrt's, which rewriteTypedArgs
// treats as fmt's), which is what the log package does:
//
//	l.Printf("up: %v", h)  →  l.Print(_opshrt.Sprintf("up: %v", h))

// loggerMethods are the methods of log.Logger that format their
// arguments: the method that prints a string, and the fmt function. (Its
// Fatal ones are rewriteProcessExits'.)
var loggerMethods = map[string][2]string{
	"Print": {"Print", "Sprint"}, "Printf": {"Print", "Sprintf"}, "Println": {"Print", "Sprintln"},
	"Panic": {"Panic", "Sprint"}, "Panicf": {"Panic", "Sprintf"}, "Panicln": {"Panic", "Sprintln"},
}

// loggerType is log.Logger.
var loggerType = reflect.TypeFor[log.Logger]()

func (rw *rewriter) rewriteLoggerCalls(node ast.Node) {
	if !rw.hasSessionTypes() {
		return // no type of the session's to print
	}
	eachSelectorCall(node, func(call *ast.CallExpr, sel *ast.SelectorExpr) {
		m, ok := loggerMethods[sel.Sel.Name]
		if !ok || !rw.isLogger(sel.X) {
			return
		}
		format := &ast.CallExpr{Fun: rtFunc(m[1]), Args: call.Args, Ellipsis: call.Ellipsis}
		call.Fun = &ast.SelectorExpr{X: sel.X, Sel: ast.NewIdent(m[0])}
		call.Args, call.Ellipsis = []ast.Expr{format}, 0
	})
}

// isLogger reports whether the source shows x to be a log.Logger or a
// pointer to one.
func (rw *rewriter) isLogger(x ast.Expr) bool {
	return rw.packageTypeOf(x) == loggerType
}
