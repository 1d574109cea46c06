package engine

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// reflect cannot tell a []State from a []int, nor a map[string]State from
// a map[string]int (a type of the session is its underlying type to it),
// so fmt printed [0 1] where Go calls State's String: [stopped running].
// Where the source shows an argument of fmt's (or log's) to be of such a
// type, the rewrite hands it over with its type (_opshrt.Typed), and the
// session's fmt functions print it through the methods under the verbs
// that print through them, and name its type under %T; json's likewise
// calls its Marshal and Unmarshal methods (jsonfix.go).

// typedArg is an argument of fmt's with its type as the source writes it
// (typ) and as Go's %T names it (goType).
type typedArg struct {
	v      any
	typ    string
	goType string
}

// oneLineType is the type s, as go/printer writes it, on one line, as
// Go's %T writes a struct type: struct { H string; L main.Lvl }.
func oneLineType(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	open := false // the line before opened a struct or an interface
	for i, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		switch {
		case i == 0:
		case open || strings.HasPrefix(line, "}"):
			b.WriteString(" ")
		default:
			b.WriteString("; ")
		}
		b.WriteString(line)
		open = strings.HasSuffix(line, "{")
	}
	return b.String()
}

// typedCall is the call of _opshrt.Typed the rewrite puts around x, an
// argument of fmt's of the type typ, which %T names goType.
func typedCall(x ast.Expr, typ, goType string) *ast.CallExpr {
	goType = goTypeText(oneLineType(userTypeNames(goType)))
	return &ast.CallExpr{
		Fun:  &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("Typed")},
		Args: []ast.Expr{x, &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(typ)}, &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(goType)}},
	}
}

// typedArgs replaces each typedArg of fmt's arguments a by what fmt should
// print for it under its verb (verbs are formatVerbs' for format, nil for
// Print and Println): its textView under a verb that prints through
// methods, its type's name under %T (the verb becomes %s), else its value.
func (b *boxes) typedArgs(format string, verbs []rune, at []int, a []any) (string, []any) {
	a = replaceArgs(a, func(i int, x any) (any, bool) {
		ta, ok := x.(typedArg)
		if !ok {
			return nil, false
		}
		percentT := i < len(verbs) && verbs[i] == 'T' && at[i] >= 0
		if v, ok := b.formatterFor(reflect.ValueOf(ta.v), parsedType(ta.typ)); ok && !percentT {
			return v, true
		}
		switch {
		case verbs == nil || i < len(verbs) && printsText(format, verbs[i], at[i]):
			if v, ok := b.textView(reflect.ValueOf(ta.v), parsedType(ta.typ), 0); ok {
				return v.Interface(), true
			}
		case i < len(verbs) && sharpV(format, verbs[i], at[i]):
			if v, ok := b.goStringFor(reflect.ValueOf(ta.v), parsedType(ta.typ)); ok {
				return v, true
			}
			if v, ok := b.sharpContainer(reflect.ValueOf(ta.v), ta.goType); ok {
				return v, true
			}
		case percentT:
			format = format[:at[i]] + "s" + format[at[i]+1:]
			verbs[i] = 's'
			return ta.goType, true
		}
		return ta.v, true
	})
	return format, a
}

// parsedTypes are the types of typedArgs, parsed once.
var parsedTypes sync.Map // string → ast.Expr

func parsedType(typ string) ast.Expr {
	if t, ok := parsedTypes.Load(typ); ok {
		return t.(ast.Expr)
	}
	t, err := parser.ParseExpr(typ)
	if err != nil {
		return nil
	}
	parsedTypes.Store(typ, t)
	return t
}

// printers are the functions of fmt and log whose arguments fmt prints,
// with how many arguments come before those (a writer, a format, a
// buffer).
var printers = map[string]map[string]int{
	"fmt": {
		"Print": 0, "Println": 0, "Sprint": 0, "Sprintln": 0,
		"Printf": 1, "Sprintf": 1, "Errorf": 1, "Fprint": 1, "Fprintln": 1, "Append": 1, "Appendln": 1,
		"Fprintf": 2, "Appendf": 2,
	},
	"log": {
		"Print": 0, "Println": 0, "Fatal": 0, "Fatalln": 0, "Panic": 0, "Panicln": 0,
		"Printf": 1, "Fatalf": 1, "Panicf": 1,
	},
	"_opshrt": {"Sprint": 0, "Sprintln": 0, "Sprintf": 1}, // a log.Logger's (loggers.go)
}

// packageCall is the package and the selector of call, a call of a
// package's function (fmt.Println) given no slice spread (xs...), when no
// name of the source or the session hides the package.
func (rw *rewriter) packageCall(call *ast.CallExpr) (*ast.Ident, *ast.SelectorExpr, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil, nil, false
	}
	pkg, isID := sel.X.(*ast.Ident)
	if !isID || pkg.Obj != nil || rw.defined != nil && rw.defined(pkg.Name) {
		return nil, nil, false // not a package, or not the package
	}
	return pkg, sel, true
}

// printerResults are the results of the printer name of the package pkg:
// none of log's, Sprint's string, Errorf's error, Append's []byte, and
// the count and error of the others.
func printerResults(pkg, name string) *ast.FieldList {
	var types []ast.Expr
	switch {
	case pkg == "log":
	case strings.HasPrefix(name, "Sprint"):
		types = []ast.Expr{ast.NewIdent("string")}
	case name == "Errorf":
		types = []ast.Expr{ast.NewIdent("error")}
	case strings.HasPrefix(name, "Append"):
		types = []ast.Expr{&ast.ArrayType{Elt: ast.NewIdent("byte")}}
	default:
		types = []ast.Expr{ast.NewIdent("int"), ast.NewIdent("error")}
	}
	if types == nil {
		return nil
	}
	results := &ast.FieldList{}
	for _, t := range types {
		results.List = append(results.List, &ast.Field{Type: t})
	}
	return results
}

// asWriter is w, the writer of fmt's Fprint, Fprintf or Fprintln, made
// an io.Writer by a compiled function (_opshrt.Writer) when the source
// shows it to be of a type of the session's, or shows nothing. yaegi wraps
// each argument of those functions, the writer too, in the first of the
// interfaces fmt prints through (fmt.Formatter, error, fmt.Stringer) that
// the value's methods name: a writer of the session's with a String
// method reached Fprintf as a fmt.Stringer, and the call failed.
//
// A value of an interface of the session's (type Writer interface{
// Write([]byte) (int, error) }) is made an io.Writer by a function
// literal's result instead: given a compiled function as it is, it was
// none (reflect: Call using *struct { … } as type io.Writer).
func (rw *rewriter) asWriter(w ast.Expr, session func(string) bool) ast.Expr {
	t, _, ok := rw.staticType(w)
	if ok && rw.sessionInterface(t) {
		return returnedAs(t, rtFunc("IOWriter"), w)
	}
	if ok && len(typeNamesIn(t, session)) == 0 {
		return w
	}
	return &ast.CallExpr{Fun: rtFunc("Writer"), Args: []ast.Expr{w}}
}

// fmtMethods are the methods fmt prints through, as their signatures
// print.
var fmtMethods = map[string]string{
	"Format": "func(fmt.State, rune)",
	"Error":  "func() string",
	"String": "func() string",
}

// unlikeFmtMethod reports whether the session's type name has a method
// of the name of one fmt prints through, but not its signature: Format
// of a struct that embeds a time.Time.
func (rw *rewriter) unlikeFmtMethod(name string) bool {
	for m, sig := range fmtMethods {
		fd := rw.funcs[name+"."+m]
		if fd == nil && rw.methodDecl != nil {
			fd, _ = rw.methodDecl(name, m)
		}
		if fd != nil && signatureText(fd.Type) != sig {
			return true
		}
	}
	return false
}

// formatsItself reports whether the session's type name has a Format
// method (fmt.Formatter's) or a GoString method, which fmt calls on a
// value handed over with its type.
func (rw *rewriter) formatsItself(name string) bool {
	for _, m := range []string{"Format", "GoString"} {
		sig := calledSignatures[m]
		fd := rw.funcs[name+"."+m]
		if fd == nil && rw.methodDecl != nil {
			fd, _ = rw.methodDecl(name, m)
		}
		if fd != nil && signatureText(fd.Type) == sig {
			return true
		}
	}
	return false
}

// rewriteTypedArgs hands fmt the arguments whose type the source shows,
// where the type holds one of the session's types that fmt must print
// through its String or Error method, with that type (_opshrt.Typed): a
// slice, an array or a map of it (yaegi hands fmt a value of the type
// itself, or a pointer to one, with its methods, which %w needs; and fmt
// finds the fields of a struct of the session's without help); a pointer
// to such a type, or a slice or map type that has them, which may be nil
// (yaegi hands fmt a nil one as a nil interface); and, under %T, any type
// of the session's, under %#v, any such container, and a value of a
// slice, array or map type of the session's (main.Tags{"a"}, where
// reflect knows a []string).
func (rw *rewriter) rewriteTypedArgs(node ast.Node) {
	if rw.textType == nil {
		return
	}
	if !rw.hasSessionTypes() {
		return // no type of the session's to hand fmt or json
	}
	own, ownJSON := rw.textMethodTypes(), rw.jsonMethodTypes()
	jsonType := func(name string) bool { return ownJSON[name] || rw.jsonType != nil && rw.jsonType(name) }
	text, session := rw.textTypes(own)
	rw.spreadPrintedResults(node, session)
	// onPointer reports whether name's String or Error method is the
	// pointer receiver's: a value of it has none.
	onPointer := func(name string) bool {
		if ptr, ok := own[name]; ok {
			return ptr
		}
		return rw.pointerText != nil && rw.pointerText(name)
	}
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		typeJSONArg := func(i int) {
			if t, _, ok := rw.staticType(call.Args[i]); ok && (len(typeNamesIn(t, jsonType)) > 0 || embeds(t)) {
				call.Args[i] = typedCall(call.Args[i], exprString(nil, t), "")
			}
		}
		if rw.jsonStreamCall(call) {
			typeJSONArg(0) // enc.Encode(v), dec.Decode(&v)
			return true
		}
		pkg, sel, ok := rw.packageCall(call)
		if !ok {
			return true
		}
		if i, ok := jsonValueArg[sel.Sel.Name]; ok && pkg.Name == "json" && i < len(call.Args) {
			typeJSONArg(i)
			return true
		}
		first, printer := printers[pkg.Name][sel.Sel.Name]
		if !printer {
			return true
		}
		if pkg.Name == "fmt" && strings.HasPrefix(sel.Sel.Name, "Fprint") && len(call.Args) > 0 {
			call.Args[0] = rw.asWriter(call.Args[0], session)
		}
		var format string // the format, when the source gives it
		var verbs []rune
		var at []int
		if first > 0 && len(call.Args) >= first {
			if lit, ok := call.Args[first-1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if f, err := strconv.Unquote(lit.Value); err == nil {
					format = f
					verbs, at, _ = formatVerbs(format)
				}
			}
		}
		wraps := pkg.Name == "fmt" && sel.Sel.Name == "Errorf"
		for i := first; i < len(call.Args); i++ {
			t, _, ok := rw.staticType(call.Args[i])
			if !ok {
				continue
			}
			percentT := i-first < len(verbs) && verbs[i-first] == 'T'
			sharp := i-first < len(verbs) && sharpV(format, verbs[i-first], at[i-first])
			if rw.sessionInterface(t) && !isEmptyInterface(t) && (!rw.printsItself(t) || rw.resultOfCall(call.Args[i])) {
				// a value held in an interface of the session's reaches
				// fmt as its bare value, a Status as an int without its
				// String; as an element of a []any, its box keeps its type
				// and methods. (One whose interface has String or Error
				// yaegi hands fmt through that method; not as a box, but
				// a call's, which reached fmt bare too: fmt.Println(pick())
				// printed 42.5 for 42.5°C.)
				// The box is handed over in a value of opsh's
				// (_opshrt.HeldBox): given to fmt itself, yaegi made a
				// wrapper of it for its String, which a value made the
				// interface through a function literal (copiedInto)
				// called on another value (%!v(PANIC=String method …)).
				call.Args[i] = &ast.CallExpr{Fun: rtFunc("HeldBox"), Args: []ast.Expr{
					&ast.CompositeLit{Type: &ast.ArrayType{Elt: ast.NewIdent("any")}, Elts: []ast.Expr{call.Args[i]}},
				}}
				continue
			}
			if name, _ := typeIdent(t); name != "" && (rw.unlikeFmtMethod(name) || rw.formatsItself(name)) {
				// yaegi would hand fmt the value as the interface of
				// fmt's whose method names it has, a Format(layout
				// string) string as a fmt.Formatter, and fail; or the
				// bare value, without its Format or GoString method.
				call.Args[i] = typedCall(call.Args[i], exprString(nil, t), exprString(nil, inMain(t, session)))
				continue
			}
			if via := rw.textInterface(t); via != nil && pureExpr(call.Args[i]) {
				call.Args[i] = heldCall(call.Args[i], via)
				continue
			}
			if name, ptr := typeIdent(t); name != "" && !ptr && !percentT && onPointer(name) {
				// yaegi would call the method; Go prints the value.
				if def, ok := rw.typeDef(name); ok {
					call.Args[i] = conversion(def, call.Args[i])
				}
				continue
			}
			if name, ptr := typeIdent(t); name != "" && text(name) && (ptr || rw.nilableType(name)) && !(wraps && (verbs == nil || i-first >= len(verbs) || verbs[i-first] == 'w')) {
				// a nil pointer, slice or map of a type with String or
				// Error reaches fmt from yaegi as a nil interface, which
				// fmt prints <nil>; Go calls the method on it. (A
				// function of such a type reached it as a function,
				// printed as its address.) (Under %w
				// yaegi's value keeps the methods errors.Unwrap needs.)
				call.Args[i] = typedCall(call.Args[i], exprString(nil, t), exprString(nil, inMain(t, session)))
				continue
			}
			if name, ptr := typeIdent(t); name != "" && !ptr && !percentT && text(name) && rw.resultOfCall(call.Args[i]) {
				// yaegi hands fmt a call's value of a non-struct type
				// of the session's (type Bytes int64) as its underlying
				// value; converted, with its type and methods.
				if def, ok := rw.typeDef(name); ok {
					if _, isStruct := def.(*ast.StructType); !isStruct {
						call.Args[i] = &ast.CallExpr{Fun: ast.NewIdent(name), Args: []ast.Expr{call.Args[i]}}
					}
				}
				continue
			}
			if base, targs := typeArgs(t); base != nil && len(targs) > 0 && (rw.method(base.Name, "String") != nil || rw.method(base.Name, "Error") != nil) && rw.resultOfCall(call.Args[i]) {
				// a generic function's value of a generic type with String
				// (Ok("hi") of an R[string]) reaches fmt from yaegi
				// without its methods; converted, with them
				call.Args[i] = conversion(cloneExpr(t), call.Args[i])
				continue
			}
			name, ptr := typeIdent(t)
			sharpNamed := sharp && name != "" && !ptr && session(name) && rw.containerType(name) // main.Tags{"a"}
			printed := func(name string) bool { return text(name) || rw.formatsItself(name) }
			// (type Temps []Celsius, Celsius with a String method)
			namedOfPrinted := name != "" && !ptr && !text(name) && session(name) && rw.containerType(name) && len(typeNamesIn(rw.underlying(t), printed)) > 0
			if (container(t) || isStructType(t) || container(starElem(t))) && len(typeNamesIn(t, printed)) > 0 || (percentT || sharp && container(t)) && len(typeNamesIn(t, session)) > 0 || sharpNamed {
				call.Args[i] = typedCall(call.Args[i], exprString(nil, t), exprString(nil, inMain(t, session)))
			} else if namedOfPrinted {
				// printed as the container it is made of, []Celsius
				call.Args[i] = typedCall(call.Args[i], exprString(nil, rw.underlying(t)), exprString(nil, inMain(t, session)))
			}
		}
		return true
	})
}

// textTypes are the predicates of a type's name: text, that it has a
// String or Error method of the session's (own, textMethodTypes', the
// node's), a generic type's too; session, that the node or the session
// declares it.
func (rw *rewriter) textTypes(own map[string]bool) (text, session func(string) bool) {
	text = func(name string) bool {
		_, ok := own[name]
		return ok || rw.textType(name) || rw.genericText(name)
	}
	session = func(name string) bool { return rw.declared[name] || rw.isType != nil && rw.isType(name) }
	return text, session
}

// genericText reports whether name is a generic type of the session's
// (Pair[K, V]) with a String or Error method, whose instances have them
// given to fmt by instanceMethodsCall.
func (rw *rewriter) genericText(name string) bool {
	return rw.genericTypeSpec(name) != nil && (rw.method(name, "String") != nil || rw.method(name, "Error") != nil)
}

// resultOfCall reports whether x is a call of a function, not a
// conversion.
func (rw *rewriter) resultOfCall(x ast.Expr) bool {
	call, ok := unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	base, _ := typeArgs(call.Fun)
	if base != nil && (rw.types[base.Name] != nil || rw.isType != nil && rw.isType(base.Name) || predeclaredTypes[base.Name] && base.Obj == nil) {
		return false
	}
	_, paren := call.Fun.(*ast.ParenExpr)
	return !paren
}

// nilableType reports whether the session's type name is defined as a
// slice, a map or a function type, whose values may be nil.
func (rw *rewriter) nilableType(name string) bool {
	def, ok := rw.typeDef(name)
	if a, isArray := def.(*ast.ArrayType); isArray && a.Len != nil {
		return false
	}
	_, isFunc := def.(*ast.FuncType) // (fmt printed a func's address)
	return ok && (container(def) || isFunc)
}

// containerType reports whether the session's type name is defined as a
// slice, an array or a map type.
func (rw *rewriter) containerType(name string) bool {
	def, ok := rw.typeDef(name)
	return ok && container(def)
}

// isStructType reports whether t is a struct type written out, a type of
// no name.
func isStructType(t ast.Expr) bool {
	_, ok := t.(*ast.StructType)
	return ok
}

// container reports whether t is a slice, array or map type.
func container(t ast.Expr) bool {
	switch t.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.Ellipsis:
		return true
	}
	return false
}

// jsonValueArg are encoding/json's functions that take a value of the
// session's, by the index of that argument.
var jsonValueArg = map[string]int{"Marshal": 0, "MarshalIndent": 0, "Unmarshal": 1}

// jsonStreamCall reports whether call is a json.Encoder's Encode or a
// json.Decoder's Decode, of one argument.
func (rw *rewriter) jsonStreamCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 || sel.Sel.Name != "Encode" && sel.Sel.Name != "Decode" {
		return false
	}
	t, _, ok := rw.staticType(sel.X)
	if !ok {
		return false
	}
	switch strings.TrimPrefix(exprString(nil, t), "*") {
	case "json.Encoder":
		return sel.Sel.Name == "Encode"
	case "json.Decoder":
		return sel.Sel.Name == "Decode"
	}
	return false
}

// jsonMethodTypes are the types the rewritten node gives methods of
// jsonMethods.
func (rw *rewriter) jsonMethodTypes() map[string]bool {
	own := map[string]bool{}
	for name := range rw.funcs {
		if typ, method, ok := strings.Cut(name, "."); ok && slices.Contains(jsonMethods, method) {
			own[typ] = true
		}
	}
	return own
}

// textMethodTypes are the types the rewritten node gives String or Error
// methods, each with whether the method fmt calls (Error, else String,
// as textMethods.named) is the pointer receiver's.
func (rw *rewriter) textMethodTypes() map[string]bool {
	own := map[string]bool{}
	for _, method := range []string{"String", "Error"} { // Error last: it wins
		for name, fd := range rw.funcs {
			if typ, m, ok := strings.Cut(name, "."); ok && typ != "" && m == method {
				_, own[typ] = fd.Recv.List[0].Type.(*ast.StarExpr)
			}
		}
	}
	return own
}

// typeNamesIn are the names of types the type t uses for which is holds
// (not a package's types, nor the names of fields and parameters).
func typeNamesIn(t ast.Expr, is func(string) bool) []string {
	var found []string
	ast.Inspect(t, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			return false
		case *ast.Field:
			found = append(found, typeNamesIn(x.Type, is)...)
			return false
		case *ast.Ident:
			if is != nil && is(x.Name) {
				found = append(found, x.Name)
			}
		}
		return true
	})
	return found
}

// inMain is a copy of the type t with the names is holds for written
// main.Name (a variadic parameter's ...T as []T).
func inMain(t ast.Expr, is func(string) bool) ast.Expr {
	if e, ok := t.(*ast.Ellipsis); ok {
		t = &ast.ArrayType{Elt: e.Elt}
	}
	return replaceNames(t, func(name string) (ast.Expr, bool) {
		if is(name) {
			return &ast.SelectorExpr{X: ast.NewIdent("main"), Sel: ast.NewIdent(name)}, true
		}
		return nil, false
	})
}

// replaceNames is a copy of the type t with each name by replaces
// replaced, in pointer, slice, array, map, channel, function and struct
// types and type arguments; the parts of t it does not copy are shared. A function
// type's parameters and results lose their names, which are no part of
// the type (%T of a method expression named the rewrite's).
func replaceNames(t ast.Expr, by func(name string) (ast.Expr, bool)) ast.Expr {
	re := func(t ast.Expr) ast.Expr { return replaceNames(t, by) }
	switch x := t.(type) {
	case *ast.Ident:
		if r, ok := by(x.Name); ok {
			return r
		}
	case *ast.StarExpr:
		return &ast.StarExpr{X: re(x.X)}
	case *ast.ArrayType:
		return &ast.ArrayType{Len: x.Len, Elt: re(x.Elt)}
	case *ast.MapType:
		return &ast.MapType{Key: re(x.Key), Value: re(x.Value)}
	case *ast.ChanType:
		return &ast.ChanType{Dir: x.Dir, Value: re(x.Value)}
	case *ast.Ellipsis:
		return &ast.Ellipsis{Elt: re(x.Elt)}
	case *ast.IndexExpr:
		return &ast.IndexExpr{X: re(x.X), Index: re(x.Index)}
	case *ast.IndexListExpr:
		list := make([]ast.Expr, len(x.Indices))
		for i, t := range x.Indices {
			list[i] = re(t)
		}
		return &ast.IndexListExpr{X: re(x.X), Indices: list}
	case *ast.FuncType:
		fields := func(fl *ast.FieldList) *ast.FieldList {
			if fl == nil {
				return nil
			}
			out := &ast.FieldList{}
			for _, t := range fieldTypes(fl) {
				out.List = append(out.List, &ast.Field{Type: re(t)})
			}
			return out
		}
		return &ast.FuncType{Params: fields(x.Params), Results: fields(x.Results)}
	case *ast.StructType:
		fields := &ast.FieldList{}
		for _, f := range x.Fields.List {
			fields.List = append(fields.List, &ast.Field{Names: f.Names, Type: re(f.Type), Tag: f.Tag})
		}
		return &ast.StructType{Fields: fields}
	}
	return t
}

// printsItself reports whether the interface t has a String or an Error
// method, or whether its methods cannot be told.
// textInterface is, for an interface of the session's that has an Error
// or String method (type Reporter interface { Name() string;
// fmt.Stringer }), the compiled interface that method is of: error or
// fmt.Stringer (as the runtime names it); nil for another type. yaegi
// hands fmt a value of a non-struct type the session declared held in
// such an interface as its bare value (a Celsius as a float64, without
// its String); converted to the compiled interface, it is one with the
// method. A pointer is handed over with its methods, and its conversion
// loses them (reflect.Value.Addr of unaddressable value): the runtime
// picks, value by value, what has the method (heldCall).
func (rw *rewriter) textInterface(t ast.Expr) ast.Expr {
	if !rw.sessionInterface(t) {
		return nil
	}
	methods, ok := rw.interfaceMethodNames(t)
	switch {
	case !ok:
		return nil
	case slices.Contains(methods, "Error"):
		return ast.NewIdent("error")
	case slices.Contains(methods, "String"):
		return rtFunc("Stringer")
	}
	return nil
}

// heldCall is _opshrt.Held(x, func() []via { return []via{x} }): x as
// yaegi hands it to fmt if that has the method of the compiled interface
// via or is nil, else x converted to via (as the element of a slice,
// which yaegi converts, where a conversion given to a function as an any
// is handed over bare; in a function, which yaegi's conversion of a nil
// value would panic in, called for a value only). x is read twice: it
// has no side effects.
func heldCall(x, via ast.Expr) ast.Expr {
	slice := &ast.ArrayType{Elt: via}
	convert := &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: slice}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{
			&ast.CompositeLit{Type: slice, Elts: []ast.Expr{cloneExpr(x)}},
		}}}},
	}
	return &ast.CallExpr{Fun: rtFunc("Held"), Args: []ast.Expr{x, convert}}
}

func (rw *rewriter) printsItself(t ast.Expr) bool {
	methods, ok := rw.interfaceMethodNames(t)
	return !ok || slices.Contains(methods, "String") || slices.Contains(methods, "Error")
}

// embeds reports whether t is a struct type literal with an embedded
// field (struct{ alias; Extra string }), or a pointer to one, which
// reflect, and so the value encoding/json is given, does not show as one.
func embeds(t ast.Expr) bool {
	st, ok := unstar(t).(*ast.StructType)
	if !ok || st.Fields == nil {
		return false
	}
	return slices.ContainsFunc(st.Fields.List, func(f *ast.Field) bool { return len(f.Names) == 0 })
}
