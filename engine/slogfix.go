package engine

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A value of a type the session declared with a LogValue method reaches
// log/slog as its bare value (a Token as a string, a *User as a pointer
// to a struct of no methods): slog never saw a slog.LogValuer, and logged
// what Go's LogValue exists to hide (a password, a token). Where the
// session declares LogValue, the rewrite hands slog each argument that may
// hold such a value as a slog.LogValuer, returned by a function literal
// (which yaegi converts right, ifaceconv.go):
//
//	l.Info("login", "user", func() _opshrt.LogValuer { return u }())
//
// and an argument whose type the source does not show (an any) through a
// function literal that picks, by the type of the value the argument
// holds, the session's type with LogValue it asserts it to (an assertion
// to slog.LogValuer itself makes yaegi v0.16.1 read the value from the
// wrong frame):
//
//	func(v any) any {
//		switch _opshrt.BoxedType([]any{v}) {
//		case "Token":
//			return func() _opshrt.LogValuer { return v.(Token) }()
//		…
//		}
//		return v
//	}(a)

// logValueArgs are the functions of log/slog, and the methods of its
// Logger and Record, that take values as any, by the index of the first
// such argument (the rest are variadic, or one).
var logValueArgs = map[string]int{
	"Any": 1, "AnyValue": 0, "Group": 1, "With": 0, "Add": 0,
	"Debug": 1, "Info": 1, "Warn": 1, "Error": 1,
	"DebugContext": 2, "InfoContext": 2, "WarnContext": 2, "ErrorContext": 2,
	"Log": 3,
}

// slogTypes are the types of log/slog whose methods logValueArgs names.
var slogTypes = []reflect.Type{reflect.TypeFor[slog.Logger](), reflect.TypeFor[slog.Record]()}

// rewriteLogValuers hands, in the calls of log/slog's functions and of
// its Logger's and Record's methods, each argument that may hold a value
// of a session's type with a LogValue method to slog as a slog.LogValuer,
// once the session or node declares such a method.
func (rw *rewriter) rewriteLogValuers(node ast.Node) {
	types := rw.logValueTypes()
	if len(types) == 0 || rw.packageType == nil {
		return
	}
	rw.eachSlogCall(node, func(call *ast.CallExpr, first int) {
		for i := first; i < len(call.Args); i++ {
			switch {
			case call.Ellipsis.IsValid() && i == len(call.Args)-1:
				call.Args[i] = eachLogValuer(call.Args[i], types)
			default:
				call.Args[i] = rw.asLogValuer(call.Args[i], types)
			}
		}
	})
}

// eachSlogCall calls f with each call under node of log/slog's functions,
// or of its Logger's and Record's methods, that take values as any, and
// the index of the first such argument (logValueArgs).
func (rw *rewriter) eachSlogCall(node ast.Node, f func(call *ast.CallExpr, first int)) {
	eachSelectorCall(node, func(call *ast.CallExpr, sel *ast.SelectorExpr) {
		if first, ok := logValueArgs[sel.Sel.Name]; ok && first < len(call.Args) && rw.isSlog(sel.X) {
			f(call, first)
		}
	})
}

// logValueTypes are the session's types (and the node's) with a LogValue
// method, each with whether it is the pointer receiver's.
func (rw *rewriter) logValueTypes() map[string]bool {
	types := map[string]bool{}
	if rw.methodNamed != nil && rw.methodNamed("LogValue") && rw.methodSets != nil {
		sets := rw.sets
		if sets == nil {
			sets = rw.methodSets() // (methodSet's, with the node's, is made later)
		}
		for name, set := range sets {
			if ptr, ok := set["LogValue"]; ok {
				types[name] = ptr
			}
		}
	}
	own := map[string]map[string]bool{}
	for key, fd := range rw.funcs {
		if typ, method, ok := strings.Cut(key, "."); ok && method == "LogValue" {
			addMethod(own, typ, fd)
		}
	}
	for name, set := range own {
		types[name] = set["LogValue"]
	}
	return types
}

// asLogValuer is x, an argument of slog's, as a slog.LogValuer if it may
// be a value of one of types (logValueTypes'); x itself if it cannot.
func (rw *rewriter) asLogValuer(x ast.Expr, types map[string]bool) ast.Expr {
	t, _, ok := rw.staticType(x)
	if !ok || isInterfaceType(t) || rw.sessionInterface(t) {
		return &ast.CallExpr{Fun: logValuerChain(types), Args: []ast.Expr{x}}
	}
	name, ptr := typeIdent(t)
	if onPtr, ok := types[name]; ok && (ptr || !onPtr) {
		return logValuerOf(x)
	}
	return x
}

// isInterfaceType reports whether t is an interface literal, any or error.
func isInterfaceType(t ast.Expr) bool {
	if _, ok := t.(*ast.InterfaceType); ok {
		return true
	}
	return isIdent(t, "any") || isIdent(t, "error")
}

// logValuerOf is x returned as a slog.LogValuer by a function literal.
func logValuerOf(x ast.Expr) ast.Expr {
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: rtFunc("LogValuer")}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{x}}}},
	}}
}

// logValuerChain is a function literal that gives its argument, of any
// type, as a slog.LogValuer if it holds a value of one of types (or a
// pointer to one), else as it is. It asks the box the value is in for its
// type (_opshrt.BoxedType): an assertion to a type that is no struct
// (type Token string) holds for a bare string too.
func logValuerChain(types map[string]bool) *ast.FuncLit {
	sw := &ast.SwitchStmt{
		Tag:  boxCall("BoxedType", ast.NewIdent("_opshV")),
		Body: &ast.BlockStmt{},
	}
	for _, name := range slices.Sorted(maps.Keys(types)) {
		cases := []ast.Expr{&ast.StarExpr{X: ast.NewIdent(name)}}
		if !types[name] {
			cases = append([]ast.Expr{ast.NewIdent(name)}, cases...)
		}
		for _, c := range cases {
			sw.Body.List = append(sw.Body.List, &ast.CaseClause{
				List: []ast.Expr{&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(exprString(nil, c))}},
				Body: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{logValuerOf(&ast.TypeAssertExpr{X: ast.NewIdent("_opshV"), Type: c})}}},
			})
		}
	}
	anyType := func() ast.Expr { return &ast.InterfaceType{Methods: &ast.FieldList{}} }
	return &ast.FuncLit{
		Type: &ast.FuncType{
			Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent("_opshV")}, Type: anyType()}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: anyType()}}},
		},
		Body: &ast.BlockStmt{List: []ast.Stmt{sw, &ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("_opshV")}}}},
	}
}

// eachLogValuer is list, a []any given to slog as args..., with each
// element as logValuerChain gives it.
func eachLogValuer(list ast.Expr, types map[string]bool) ast.Expr {
	src := `func(_opshVs []interface{}) []interface{} {
	_opshOut := make([]interface{}, len(_opshVs))
	for _opshI := range _opshVs {
		_opshOut[_opshI] = _opshEach(_opshVs[_opshI])
	}
	return _opshOut
}`
	lit, err := parser.ParseExpr(src)
	if err != nil {
		return list
	}
	ast.Inspect(lit, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && isIdent(call.Fun, "_opshEach") {
			call.Fun = logValuerChain(types)
		}
		return true
	})
	return &ast.CallExpr{Fun: lit, Args: []ast.Expr{list}}
}

// isSlog reports whether x, the operand of a selector, is the package
// log/slog or, as the source shows it, a Logger or a Record of it (or a
// pointer to one).
func (rw *rewriter) isSlog(x ast.Expr) bool {
	if id, ok := x.(*ast.Ident); ok && id.Obj == nil && (rw.defined == nil || !rw.defined(id.Name)) {
		if rw.packageType(&ast.SelectorExpr{X: id, Sel: ast.NewIdent("Logger")}) == slogTypes[0] {
			return true
		}
	}
	pt := rw.packageTypeOf(x)
	return pt != nil && (pt == slogTypes[0] || pt == slogTypes[1])
}

// log/slog's handlers print a value of Kind Any through fmt (%+v, the
// text handler) or encoding/json (the JSON handler), both compiled, which
// see a value of the session's type without its methods: a State with a
// String method was logged state=1 where Go logs state=running, a struct
// with one {Name:a}. rewriteSlogTexts hands slog such an argument (one
// whose type, as the source shows it, has the session's String method,
// or holds such values) as what the session's fmt and json make of it,
// a slogText:
//
//	slog.Info("x", "state", _opshrt.SlogText(_opshrt.Typed(s, "State", "main.State")))

// rewriteSlogTexts wraps the arguments of slog's calls whose types have
// the session's String methods.
func (rw *rewriter) rewriteSlogTexts(node ast.Node) {
	if rw.textType == nil || rw.packageType == nil || !rw.hasSessionTypes() {
		return
	}
	text, session := rw.textTypes(rw.textMethodTypes())
	rw.eachSlogCall(node, func(call *ast.CallExpr, first int) {
		if call.Ellipsis.IsValid() {
			return
		}
		for i := first; i < len(call.Args); i++ {
			t, _, ok := rw.staticType(call.Args[i])
			if !ok || isInterfaceType(t) || rw.sessionInterface(t) || len(typeNamesIn(t, text)) == 0 {
				continue
			}
			call.Args[i] = &ast.CallExpr{Fun: rtFunc("SlogText"), Args: []ast.Expr{
				typedCall(call.Args[i], exprString(nil, t), exprString(nil, inMain(t, session))),
			}}
		}
	})
}

// slogText is a value of the session's as slog's handlers print it: the
// text handler through MarshalText, the JSON handler through MarshalJSON;
// each made when the handler asks, as Go's handlers call the methods.
type slogText struct {
	text func() string
	json func() ([]byte, error)
}

func (s slogText) MarshalText() ([]byte, error) { return []byte(s.text()), nil }
func (s slogText) MarshalJSON() ([]byte, error) { return s.json() }
func (s slogText) String() string               { return s.text() }

// slogValue is v, a typedArg, as slog should print it: a slogText of the
// session's fmt's %+v and json's encoding of it; an error stays itself,
// which slog's handlers print through its Error.
func (e *Evaluator) slogValue(v any, sprintf func(string, ...any) string) any {
	ta, ok := v.(typedArg)
	if !ok {
		return v
	}
	if _, isErr := ta.v.(error); isErr {
		return ta.v
	}
	return slogText{
		text: func() string { return sprintf("%+v", ta) },
		json: func() ([]byte, error) { return json.Marshal(e.jsonValue(ta)) },
	}
}
