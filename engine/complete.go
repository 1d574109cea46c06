package engine

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"unicode"
)

// Complete returns the completions of the word before pos in line, as
// whole words, and how many bytes of the word are already typed. It knows
// package members (strings.Sp → Split, SplitAfter …), the session's
// variables with their fields and methods (u.Hos → Host on a *url.URL),
// the builtins and the predeclared functions. It never runs a call.
func (e *Evaluator) Complete(line string, pos int) ([]string, int) {
	if pos > len(line) {
		pos = len(line)
	}
	before := line[:pos]
	start := pos
	for start > 0 {
		r := rune(before[start-1])
		if r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			start--
			continue
		}
		break
	}
	word := before[start:]
	dot := strings.LastIndex(word, ".")
	if dot < 0 {
		return filterPrefix(e.topNames(), word), len(word)
	}
	head, partial := word[:dot], word[dot+1:]
	var members []string
	if !strings.Contains(head, ".") && !e.globals[head] {
		members = e.packageMembers(head)
	}
	if members == nil {
		members = e.valueMembers(head)
	}
	return filterPrefix(members, partial), len(partial)
}

func filterPrefix(names []string, prefix string) []string {
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

// topNames are the names a cell can start with: the session's variables,
// packages, builtins and predeclared functions.
func (e *Evaluator) topNames() []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] && !strings.HasPrefix(n, "_opsh") {
			seen[n] = true
			names = append(names, n)
		}
	}
	for n := range e.globals {
		add(n)
	}
	for _, n := range e.index.names() {
		if p, _ := e.index.lookup(n); !strings.Contains(p, "traefik/yaegi") {
			add(n)
		}
	}
	for n := range builtinFuncs {
		add(n)
	}
	sort.Strings(names)
	return names
}

// packageMembers lists the exported names of the package pkg means.
func (e *Evaluator) packageMembers(pkg string) []string {
	p, ok := e.index.lookup(pkg)
	if !ok {
		return nil
	}
	syms := e.tables[e.index.Key(p)]
	names := make([]string, 0, len(syms))
	for n := range syms {
		if n != "" && unicode.IsUpper(rune(n[0])) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// valueMembers lists the fields and methods of the value expr names, when
// evaluating it runs nothing (a variable, a field of one).
func (e *Evaluator) valueMembers(expr string) []string {
	for _, r := range expr {
		if !(r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return nil
		}
	}
	if !e.globals[strings.Split(expr, ".")[0]] {
		return nil
	}
	v, err := e.quietEval(expr)
	if err != nil || !v.IsValid() {
		return nil
	}
	return members(v.Type())
}

// members lists the exported fields and methods of t (and of *t, and of
// the struct a pointer points to).
func members(t reflect.Type) []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] && n != "" && unicode.IsUpper(rune(n[0])) {
			seen[n] = true
			names = append(names, n)
		}
	}
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			add(t.Method(i).Name)
		}
	}
	addMethods(t)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
		addMethods(t)
	} else if t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	if t.Kind() == reflect.Struct {
		for i := 0; i < t.NumField(); i++ {
			add(t.Field(i).Name)
		}
	}
	sort.Strings(names)
	return names
}

// CandidatesRequest asks for the completions at byte offset Cursor of Code
// (CallCandidates).
type CandidatesRequest struct {
	Code   string `json:"code"`
	Cursor int    `json:"cursor"`
}

// Candidate is one completion: the whole word, what it is (var, func,
// type, const, package, field, method, builtin, file, dir) and its type.
type Candidate struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
	Type string `json:"type,omitempty"`
}

// Candidates are the completions of the word that ends at the cursor:
// they replace Code[Start:End].
type Candidates struct {
	Items      []Candidate `json:"items"`
	Start, End int
}

// Candidates completes the word at the cursor on its line, with kinds and
// types: inside a string literal it completes file paths; after a call or
// an index (time.Now()., d.Containers()[0].) the members of its result's
// type, which it learns without running the call.
func (e *Evaluator) Candidates(code string, cursor int) Candidates {
	cursor = min(max(cursor, 0), len(code))
	lineStart := strings.LastIndexByte(code[:cursor], '\n') + 1
	before := code[lineStart:cursor]
	if q, ok := openString(before); ok {
		items := pathCandidates(before[q+1:])
		typed := len(before) - q - 1
		return Candidates{Items: items, Start: cursor - typed, End: cursor}
	}
	if head, partial, ok := afterExpr(before); ok {
		t := e.staticType(head)
		var items []Candidate
		if t != nil {
			for _, c := range memberCandidates(t, e.pretty.typeString) {
				if strings.HasPrefix(c.Name, partial) {
					items = append(items, c)
				}
			}
		}
		return Candidates{Items: items, Start: cursor - len(partial), End: cursor}
	}
	names, typed := e.Complete(before, len(before))
	items := make([]Candidate, 0, len(names))
	dot := strings.LastIndexByte(before[:len(before)-typed], '.')
	head := ""
	if dot >= 0 && dot == len(before)-typed-1 {
		start := dot
		for start > 0 && isWordByte(before[start-1]) {
			start--
		}
		head = before[start:dot]
	}
	for _, n := range names {
		items = append(items, e.describeName(head, n))
	}
	return Candidates{Items: items, Start: cursor - typed, End: cursor}
}

func isWordByte(b byte) bool {
	return b == '.' || b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// openString reports whether before ends inside an interpreted string
// literal, and where its quote is.
func openString(before string) (int, bool) {
	quote, in, raw := -1, false, false
	for i := 0; i < len(before); i++ {
		switch c := before[i]; {
		case raw:
			raw = c != '`'
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
			quote = i
		case !in && c == '`':
			raw = true
		case !in && c == '\'':
			if j := strings.IndexByte(before[i+1:], '\''); j >= 0 {
				i += j + 1
			}
		}
	}
	return quote, in
}

// pathCandidates lists the files and folders whose path starts with typed
// (relative to the worker's folder; ~/ is the home folder).
func pathCandidates(typed string) []Candidate {
	dir, prefix := filepath.Split(typed)
	open := dir
	if open == "" {
		open = "."
	}
	if rest, ok := strings.CutPrefix(open, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			open = filepath.Join(home, rest)
		}
	}
	ents, err := os.ReadDir(open)
	if err != nil {
		return nil
	}
	var out []Candidate
	for _, ent := range ents {
		name := ent.Name()
		if !strings.HasPrefix(name, prefix) || strings.HasPrefix(name, ".") && !strings.HasPrefix(prefix, ".") {
			continue
		}
		c := Candidate{Name: dir + name, Kind: "file"}
		if ent.IsDir() || ent.Type()&os.ModeSymlink != 0 && isDir(filepath.Join(open, name)) {
			c.Name, c.Kind = c.Name+"/", "dir"
		}
		out = append(out, c)
	}
	return out
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// afterExpr splits "x := d.Containers()[0].Na" into the expression before
// the last dot, when it holds a call or an index ("d.Containers()[0]"),
// and the word being typed ("Na").
func afterExpr(before string) (ast.Expr, string, bool) {
	end := len(before)
	for end > 0 && isWordByte(before[end-1]) && before[end-1] != '.' {
		end--
	}
	partial := before[end:]
	if end == 0 || before[end-1] != '.' {
		return nil, "", false
	}
	dot := end - 1
	start := dot
	depth := 0
	for start > 0 {
		c := before[start-1]
		switch {
		case c == ')' || c == ']':
			depth++
		case c == '(' || c == '[':
			if depth == 0 {
				goto done
			}
			depth--
		case depth == 0 && !isWordByte(c):
			goto done
		}
		start--
	}
done:
	src := before[start:dot]
	if !strings.ContainsAny(src, "(]") {
		return nil, "", false // a plain selector: Complete knows it
	}
	expr, err := parser.ParseExpr(src)
	if err != nil {
		return nil, "", false
	}
	return expr, partial, true
}

// staticType is the type of expr, found without running any call: a
// call's type is its callee's first result (T of a (T, error) pair, as
// the REPL unwraps it).
func (e *Evaluator) staticType(expr ast.Expr) reflect.Type {
	switch x := expr.(type) {
	case *ast.ParenExpr:
		return e.staticType(x.X)
	case *ast.CallExpr:
		t := e.staticType(x.Fun)
		if t == nil || t.Kind() != reflect.Func || t.NumOut() == 0 {
			return nil
		}
		return t.Out(0)
	case *ast.IndexExpr:
		t := e.staticType(x.X)
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
			return t.Elem()
		}
		return nil
	case *ast.SelectorExpr:
		if pureExpr(x) {
			break
		}
		t := e.staticType(x.X)
		if t == nil {
			return nil
		}
		return memberType(t, x.Sel.Name)
	}
	if !pureExpr(expr) {
		return nil
	}
	e.autoImport(expr)
	v, err := e.quietEval(exprString(nil, expr))
	if err != nil || !v.IsValid() {
		return nil
	}
	return v.Type()
}

// memberType is the type of t's field or method name (a method's type
// without its receiver).
func memberType(t reflect.Type, name string) reflect.Type {
	if t.Kind() == reflect.Interface {
		if m, ok := t.MethodByName(name); ok {
			return m.Type // an interface's method has no receiver
		}
		return nil
	}
	if m, ok := t.MethodByName(name); ok {
		return methodValueType(m.Type)
	}
	if t.Kind() != reflect.Pointer {
		if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
			return methodValueType(m.Type)
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		if f, ok := t.FieldByName(name); ok {
			return f.Type
		}
	}
	return nil
}

// methodValueType drops a method's receiver from its function type.
func methodValueType(m reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, m.NumIn()-1)
	for i := 1; i < m.NumIn(); i++ {
		in = append(in, m.In(i))
	}
	out := make([]reflect.Type, 0, m.NumOut())
	for i := 0; i < m.NumOut(); i++ {
		out = append(out, m.Out(i))
	}
	return reflect.FuncOf(in, out, m.IsVariadic())
}

// memberCandidates are the exported fields and methods of t, with types.
func memberCandidates(t reflect.Type, typeString func(reflect.Type) string) []Candidate {
	var out []Candidate
	for _, n := range members(t) {
		mt := memberType(t, n)
		c := Candidate{Name: n, Kind: "method"}
		if mt != nil {
			c.Type = typeString(mt)
			if mt.Kind() != reflect.Func || !isMethod(t, n) {
				c.Kind = "field"
			}
		}
		out = append(out, c)
	}
	return out
}

func isMethod(t reflect.Type, name string) bool {
	if _, ok := t.MethodByName(name); ok {
		return true
	}
	if t.Kind() != reflect.Interface {
		_, ok := reflect.PointerTo(t).MethodByName(name)
		return ok
	}
	return false
}

var constantType = reflect.TypeOf((*constant.Value)(nil)).Elem()

// describeName says what the completion name is: a member of the package
// or value head, or (head "") a name a cell can start with.
func (e *Evaluator) describeName(head, name string) Candidate {
	c := Candidate{Name: name}
	if head == "" {
		switch {
		case isBuiltin(name) && !e.globals[name]:
			c.Kind = "builtin"
			return c
		case e.typeNames[name]:
			c.Kind = "type"
			return c
		case !e.globals[name]:
			if _, ok := e.index.lookup(name); ok {
				c.Kind = "package"
			}
			return c
		}
	}
	expr := name
	if head != "" {
		expr = head + "." + name
	}
	if p, ok := e.index.lookup(head); ok && head != "" && !e.globals[head] {
		if v, ok := e.tables[e.index.Key(p)][name]; ok {
			return symbolCandidate(name, v, e.pretty.typeString)
		}
	}
	v, err := e.quietEval(expr)
	if err != nil || !v.IsValid() {
		return c
	}
	c.Type = e.pretty.typeString(v.Type())
	c.Kind = "var"
	if head != "" {
		c.Kind = "field"
		if v.Kind() == reflect.Func {
			c.Kind = "method"
		}
	} else if e.funcs[name] {
		c.Kind = "func"
	}
	return c
}

func isBuiltin(name string) bool {
	_, ok := builtinFuncs[name]
	return ok
}

// symbolCandidate says what a package's symbol is, from its symbol table
// entry: a type is a nil pointer to it, a constant a constant.Value, a
// variable addressable.
func symbolCandidate(name string, v reflect.Value, typeString func(reflect.Type) string) Candidate {
	c := Candidate{Name: name}
	switch {
	case !v.IsValid():
	case v.Kind() == reflect.Func:
		c.Kind, c.Type = "func", typeString(v.Type())
	case v.Kind() == reflect.Pointer && v.IsNil():
		c.Kind = "type"
	case v.Type().Implements(constantType):
		c.Kind = "const"
	case v.CanAddr():
		c.Kind, c.Type = "var", typeString(v.Type())
	default:
		c.Kind, c.Type = "const", typeString(v.Type())
	}
	return c
}
