package export

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/opsh/opsh/internal/goref"
	"github.com/opsh/opsh/internal/resolve"
	"github.com/opsh/opsh/sessions"
)

// Go exports t as a Go program (package main) that does what the
// session did, using the builtins as ordinary Go packages:
//
//   - cells run in order in main; func and type declarations go to the top
//     level (a func that uses session variables becomes a closure in main);
//   - a cell whose value the REPL bound to _ binds it to _N, and later uses
//     of _ name that variable; a (T, error) value is checked and ends the
//     program with the cell's number on error; displayed values are printed;
//   - a variable declared again in a later cell gets a fresh name, and a
//     variable never read is kept in use, so the program compiles as Go;
//   - a cell that failed in the session is kept as a comment;
//   - param("name", "default") reads -p name=value from the command line;
//   - package names resolve as the REPL resolved them: the imports the
//     session made, then idx (package resolve: the builtins, then the
//     standard library; nil knows no name);
//   - a (T, error) call given to one name (r := web.Get(u)) takes T and
//     ends the program naming the cell on error, as the REPL failed the
//     cell; one used as a single value elsewhere (web.Get(u).Check()) is
//     wrapped in must(...), which ends the program on error. Calls are told
//     apart by their callees' types: package functions from idx's symbol
//     tables, methods from the types of the session's variables, the
//     session's own funcs from their declarations.
//
// The program is gofmt-ed. A package name nobody could resolve is an
// error; the program is returned all the same, for the user to finish.
func Go(t *sessions.Transcript, idx *resolve.Index) ([]byte, error) {
	t = sessions.Redact(t)
	g := &goExport{
		t:        t,
		resolve:  idx,
		vtypes:   map[string]reflect.Type{},
		funcs:    map[string]shape{},
		imports:  map[string]string{},
		pkgNames: map[string]string{},
		scope:    map[string]string{},
		declared: map[string]bool{},
		top:      map[string]bool{},
		pkgRefs:  map[string]bool{},
		taken:    map[string]bool{},
		types:    newTypeVersions(),
	}
	for _, c := range t.Cells {
		for _, id := range identNames(c.Src) {
			g.taken[id] = true
		}
	}
	ni := 0
	notes := func(after int) {
		for ; ni < len(t.Notes) && t.Notes[ni].After <= after; ni++ {
			g.body = append(g.body, comment(t.Notes[ni].Text))
		}
	}
	for i, c := range t.Cells {
		notes(i)
		g.cell(c, i == len(t.Cells)-1)
	}
	notes(len(t.Cells))
	return g.program()
}

type goExport struct {
	t        *sessions.Transcript
	resolve  *resolve.Index
	vtypes   map[string]reflect.Type // session name → its value's type, when known
	funcs    map[string]shape        // the session's funcs → what they return
	imports  map[string]string       // import path → name ("" for the default)
	pkgNames map[string]string       // package name → import path, from import cells
	decls    []string                // top-level declarations
	types    *typeVersions           // the types declared again
	body     []string                // main's statements
	scope    map[string]string       // session name → Go name in main
	declared map[string]bool         // Go names declared in main
	top      map[string]bool         // names declared at the top level
	pkgRefs  map[string]bool         // free names used as pkg.Name
	taken    map[string]bool         // every identifier in the session
	lastBind string                  // Go name _ stands for
	needShow bool
	needLog  bool
	needParm bool
	needMust bool
	masks    int
}

// identNames lists the identifiers in src.
func identNames(src string) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT {
			out = append(out, lit)
		}
	}
}

func (g *goExport) fresh(name string) string {
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !g.taken[n] && !g.declared[n] && !g.top[n] {
			g.taken[n] = true
			return n
		}
	}
}

func (g *goExport) cell(c *sessions.Cell, last bool) {
	head := fmt.Sprintf("// cell %d", c.N)
	if !c.At.IsZero() {
		head += " (" + c.At.UTC().Format(time.RFC3339) + ")"
	}
	g.masks += strings.Count(c.Src, "«redacted:")
	o := c.Output
	failed := o != nil && (o.Status == sessions.StatusError || o.Status == sessions.StatusInterrupted)
	unfinished := o == nil && last && g.t.Kind == sessions.KindTranscript && !g.t.Ended
	if failed || unfinished {
		why := "did not finish: the session ended while it ran"
		if failed {
			first, _, _ := strings.Cut(o.Text, "\n")
			why = "failed in the session: " + first
			if o.Status == sessions.StatusInterrupted {
				why = "was interrupted in the session"
			}
		}
		g.body = append(g.body, head+" "+why+"\n"+comment(c.Src))
		return
	}
	chunks, err := sessions.SplitGo("cell", []byte(c.Src), 1)
	if err != nil {
		g.body = append(g.body, head+" does not parse: "+err.Error()+"\n"+comment(c.Src))
		return
	}
	var code strings.Builder
	for i, ch := range chunks {
		var v *sessions.Output
		if i == len(chunks)-1 {
			v = o
		}
		code.WriteString(g.chunk(c.N, ch, v))
	}
	if code.Len() > 0 { // declarations alone went to the top level
		g.body = append(g.body, head+"\n"+code.String())
	}
}

// chunk exports one statement or declaration of cell n, returning the code
// for main; o is the cell's output when ch is its last statement.
func (g *goExport) chunk(n int, ch sessions.Chunk, o *sessions.Output) string {
	if ch.Decl {
		g.methodVersions(ch.Src)
	}
	ch.Src = g.types.renamed(ch.Src, ch.Decl)
	if ch.Decl {
		return g.declChunk(ch)
	}
	return g.stmtChunk(n, ch, o)
}

// declChunk exports imports and func declarations.
func (g *goExport) declChunk(ch sessions.Chunk) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\n"+ch.Src, parser.ParseComments)
	if err != nil {
		return comment(ch.Src)
	}
	var code string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl: // imports
			for _, s := range d.Specs {
				is := s.(*ast.ImportSpec)
				p, _ := strconv.Unquote(is.Path.Value)
				name := path.Base(p)
				if is.Name != nil {
					name = is.Name.Name
					g.imports[p] = name
				} else if _, ok := g.imports[p]; !ok {
					g.imports[p] = ""
				}
				g.pkgNames[name] = p
			}
		case *ast.FuncDecl:
			if d.Recv != nil && g.sameMethod(fset, d) {
				continue // a cell run twice
			}
			code += g.funcDecl(fset, "package p\n", ch.Src, d)
			if d.Recv != nil {
				g.noteMethod(fset, d, g.decls[len(g.decls)-1])
			}
		}
	}
	return code
}

// stmtChunk exports statements, returning the code for main.
func (g *goExport) stmtChunk(n int, ch sessions.Chunk, o *sessions.Output) string {
	fset := token.NewFileSet()
	const wrap = "package p; func _() {"
	src := wrap + ch.Src + "\n}"
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return comment(ch.Src)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	g.refs(body)
	var edits []textEdit
	// Types go to the top level.
	if len(body.List) == 1 {
		if ds, ok := body.List[0].(*ast.DeclStmt); ok {
			if gd := ds.Decl.(*ast.GenDecl); gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					g.top[s.(*ast.TypeSpec).Name.Name] = true
				}
				g.typeDecl(ch.Src)
				return ""
			}
		}
	}
	before := make(map[string]string, len(g.scope))
	for k, v := range g.scope {
		before[k] = v
	}
	renamed := g.declareNames(body)
	edits = append(edits, g.rewrite(fset, body, renamed, before, len(wrap))...)
	// (T, error) calls given to one name, and the types of what each
	// statement declares, statement by statement.
	handled := map[*ast.CallExpr]bool{}
	for _, s := range body.List {
		if e, call := g.pairAssign(fset, n, s, len(wrap)); call != nil {
			edits = append(edits, e...)
			handled[call] = true
		}
		g.noteTypes(s)
	}
	edits = append(edits, g.unwrapPairs(fset, body, handled, len(wrap))...)
	// The last statement's value.
	var tail string
	if k := len(body.List); k > 0 {
		if es, ok := body.List[k-1].(*ast.ExprStmt); ok {
			from, to := fset.Position(es.Pos()).Offset-len(wrap), fset.Position(es.End()).Offset-len(wrap)
			edits, tail = g.value(n, es, o, from, to, edits)
		}
	}
	// Other expression statements that Go would reject as unused.
	for k, s := range body.List {
		es, ok := s.(*ast.ExprStmt)
		if !ok || k == len(body.List)-1 || isStatement(es.X) {
			continue
		}
		at := fset.Position(es.Pos()).Offset - len(wrap)
		edits = append(edits, textEdit{at, at, "_ = "})
	}
	return applyEdits(ch.Src, edits) + "\n" + tail
}

// declareNames declares the names a cell's top-level statements declare:
// new names, or fresh names for names declared before (Go forbids := of
// declared names), which it returns.
func (g *goExport) declareNames(body *ast.BlockStmt) map[*ast.Object]string {
	renamed := map[*ast.Object]string{}
	declare := func(id *ast.Ident) {
		if id.Name == "_" || id.Obj == nil {
			return
		}
		if g.declared[g.scopeName(id.Name)] || g.top[id.Name] {
			nn := g.fresh(id.Name)
			renamed[id.Obj] = nn
			g.scope[id.Name] = nn
			g.declared[nn] = true
			return
		}
		g.scope[id.Name] = id.Name
		g.declared[id.Name] = true
	}
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						declare(id)
					}
				}
			}
		case *ast.DeclStmt:
			if gd, ok := s.Decl.(*ast.GenDecl); ok {
				for _, sp := range gd.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							declare(id)
						}
					}
				}
			}
		}
	}
	return renamed
}

func (g *goExport) scopeName(name string) string {
	if n, ok := g.scope[name]; ok {
		return n
	}
	return name
}

// value rewrites the cell's last expression statement es (at [from, to) in
// the chunk) by what the REPL did with its value.
func (g *goExport) value(n int, es *ast.ExprStmt, o *sessions.Output, from, to int, edits []textEdit) ([]textEdit, string) {
	var v sessions.ValueInfo
	if o != nil && o.Value != nil {
		v = *o.Value
	}
	if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && !v.Pair {
		// A transcript that did not record the pair: the callee tells.
		if sh, known := g.callShape(call); known && sh.pair() {
			v.Pair, v.Bound = true, v.Bound || o != nil && o.Text != ""
		}
	}
	name := "_" + strconv.Itoa(n)
	if v.Bound {
		t := g.typeOf(es.X)
		if t == nil {
			t = g.typeString(v.Type)
		}
		g.vtypes[name] = t
	}
	check := fmt.Sprintf("if err != nil {\n\tlog.Fatalf(\"cell %d: %%v\", err)\n}\n", n)
	switch {
	case v.Bound && v.Pair:
		g.needLog, g.needShow = true, true
		g.bind(name)
		edits = append(edits, textEdit{from, from, name + ", err := "})
		// The REPL binds no err: the session's own err (if any) keeps its
		// Go name; a later err := of the session gets a fresh one.
		g.declared["err"] = true
		return edits, check + "show(" + name + ")\n"
	case v.Bound:
		g.needShow = true
		g.bind(name)
		edits = append(edits, textEdit{from, from, name + " := "})
		return edits, "show(" + name + ")\n"
	case v.Pair:
		g.needLog = true
		edits = append(edits, textEdit{from, from, "if _, err := "}, textEdit{to, to, "; err != nil {\n\tlog.Fatalf(\"cell " + strconv.Itoa(n) + ": %v\", err)\n}"})
		return edits, ""
	case isStatement(es.X):
		return edits, ""
	case o != nil && o.Text != "":
		g.needShow = true
		edits = append(edits, textEdit{from, from, "show("}, textEdit{to, to, ")"})
		return edits, ""
	}
	edits = append(edits, textEdit{from, from, "_ = "})
	return edits, ""
}

// isStatement reports whether Go accepts x as an expression statement: a
// call of a function (not of a builtin that only computes a value, nor a
// conversion to a named basic type) or a receive.
func isStatement(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	case *ast.CallExpr:
		switch f := ast.Unparen(x.Fun).(type) {
		case *ast.Ident:
			switch f.Name {
			case "append", "cap", "complex", "imag", "len", "make", "max", "min", "new", "real",
				"string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
				"uintptr", "float32", "float64", "complex64", "complex128", "bool", "byte", "rune", "any", "error":
				return f.Obj != nil // a session's own function of that name
			}
			return true
		case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType:
			return false
		}
		return true
	}
	return false
}

func (g *goExport) bind(name string) {
	g.scope[name] = name
	g.declared[name] = true
	g.lastBind = name
}

// funcDecl places a func declaration: at the top level, or as a closure in
// main (returned) when its body uses session variables.
func (g *goExport) funcDecl(fset *token.FileSet, prefix, src string, d *ast.FuncDecl) string {
	from := fset.Position(d.Pos()).Offset - len(prefix)
	if d.Doc != nil {
		from = fset.Position(d.Doc.Pos()).Offset - len(prefix)
	}
	to := fset.Position(d.End()).Offset - len(prefix)
	text := src[from:to]
	g.refs(d)
	if d.Recv == nil {
		g.funcs[d.Name.Name] = g.declShape(d.Type)
	}
	unwrap := g.unwrapPairs(fset, d, nil, len(prefix)+from)
	usesLocals := false
	if d.Recv == nil && d.Type.TypeParams == nil && d.Body != nil {
		ast.Inspect(d.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj == nil && g.declared[g.scopeName(id.Name)] {
				usesLocals = true
			}
			return !usesLocals
		})
	}
	if !usesLocals {
		if d.Recv == nil {
			g.top[d.Name.Name] = true
		}
		g.decls = append(g.decls, applyEdits(text, unwrap))
		return ""
	}
	edits := g.rewrite(fset, d.Body, nil, g.scope, len(prefix))
	for i := range edits {
		edits[i].from -= from
		edits[i].to -= from
	}
	edits = append(edits, unwrap...)
	name := d.Name.Name
	sig := "func" + src[fset.Position(d.Type.Params.Pos()).Offset-len(prefix):fset.Position(d.Type.End()).Offset-len(prefix)]
	bodyFrom := fset.Position(d.Body.Pos()).Offset - len(prefix) - from
	full := applyEdits(text, edits)
	// applyEdits shifted the body by the edits before it: none precede it.
	bodyText := full[bodyFrom:]
	if g.declared[g.scopeName(name)] {
		nn := g.fresh(name)
		g.scope[name] = nn
		name = nn
	} else {
		g.scope[name] = name
	}
	g.declared[name] = true
	var doc string
	if d.Doc != nil {
		doc = src[fset.Position(d.Doc.Pos()).Offset-len(prefix):fset.Position(d.Doc.End()).Offset-len(prefix)] + "\n"
	}
	return fmt.Sprintf("%svar %s %s\n%s = %s %s\n", doc, name, sig, name, sig, bodyText)
}

type textEdit struct {
	from, to int
	text     string
}

func applyEdits(src string, edits []textEdit) string {
	// By position; an insertion before a replacement at the same place.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].from != edits[j].from {
			return edits[i].from < edits[j].from
		}
		return edits[i].to < edits[j].to
	})
	var b strings.Builder
	prev := 0
	for _, e := range edits {
		if e.from < prev {
			continue
		}
		b.WriteString(src[prev:e.from])
		b.WriteString(e.text)
		prev = e.to
	}
	b.WriteString(src[prev:])
	return b.String()
}

// refs notes the free names root uses as pkg.Name that are not session
// names: packages to import.
func (g *goExport) refs(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		if se, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := se.X.(*ast.Ident); ok && id.Obj == nil {
				if _, local := g.scope[id.Name]; !local && !g.top[id.Name] {
					g.pkgRefs[id.Name] = true
				}
			}
		}
		return true
	})
}

// rewrite renames, in root, the names declared again (renamed), free uses of
// session names that have Go names of their own in scope, and value uses of
// _. Offsets are made relative by subtracting base.
func (g *goExport) rewrite(fset *token.FileSet, root ast.Node, renamed map[*ast.Object]string, scope map[string]string, base int) []textEdit {
	skip := goref.NotReferences(root)
	blank := map[*ast.Ident]bool{}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					blank[id] = true
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					blank[id] = true
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				blank[id] = true
			}
		case *ast.Field:
			for _, id := range n.Names {
				blank[id] = true
			}
		}
		return true
	})
	var edits []textEdit
	ast.Inspect(root, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || skip[id] {
			return true
		}
		off := fset.Position(id.Pos()).Offset - base
		repl := ""
		switch {
		case id.Name == "_":
			if !blank[id] && g.lastBind != "" {
				repl = g.lastBind
			}
		case id.Obj != nil && renamed[id.Obj] != "":
			repl = renamed[id.Obj]
		case id.Obj == nil:
			if nn, ok := scope[id.Name]; ok && nn != id.Name {
				repl = nn
			}
			if id.Name == "param" {
				g.needParm = true
			}
		}
		if repl != "" {
			edits = append(edits, textEdit{off, off + len(id.Name), repl})
		}
		return true
	})
	return edits
}

// program assembles the file, keeps unused variables in use and gofmts it.
func (g *goExport) program() ([]byte, error) {
	var unresolved []string
	for name := range g.pkgRefs {
		if p, ok := g.pkgNames[name]; ok {
			if _, ok := g.imports[p]; !ok {
				g.imports[p] = ""
			}
			continue
		}
		if p, ok := g.resolve.Lookup(name); ok {
			if path.Base(p) == name {
				g.imports[p] = ""
			} else {
				g.imports[p] = name
			}
			continue
		}
		unresolved = append(unresolved, name)
	}
	src, checked := keepUsed(g.assemble(unresolved))
	if checked && !g.needLog {
		// keepUsed checked an error nobody read: log is needed.
		g.needLog = true
		src, _ = keepUsed(g.assemble(unresolved))
	}
	out, err := format.Source(src)
	if err != nil {
		return src, fmt.Errorf("export go: the program does not parse: %w", err)
	}
	if len(unresolved) > 0 {
		return out, fmt.Errorf("export go: no import path for %s (neither a builtin nor known to the resolver)", strings.Join(unresolved, ", "))
	}
	return out, nil
}

// assemble writes the program's source.
func (g *goExport) assemble(unresolved []string) []byte {
	if g.needShow {
		g.imports["fmt"] = g.imports["fmt"]
	}
	if g.needLog {
		g.imports["log"] = g.imports["log"]
	}
	if g.needParm {
		g.imports["os"] = g.imports["os"]
		g.imports["strings"] = g.imports["strings"]
	}
	var b strings.Builder
	m := g.t.Meta
	who := strings.Trim(m.User+"@"+m.Host, "@")
	b.WriteString("// Command session replays opsh session " + orDash(m.ID))
	if who != "" {
		b.WriteString(" (" + who + ")")
	}
	if !m.Start.IsZero() {
		b.WriteString(", started " + m.Start.UTC().Format(time.RFC3339))
	}
	b.WriteString(".\n//\n// Exported by opsh sessions export --to go; build it in a module that\n// requires github.com/opsh/opsh.\n")
	for _, f := range g.t.Facts {
		fmt.Fprintf(&b, "// %s: %s\n", f.Key, f.Value)
	}
	if g.masks > 0 {
		fmt.Fprintf(&b, "//\n// The transcript masked %d secret value(s) as «redacted:NAME»: put the\n// real values back (or read them with secret.Env) before running.\n", g.masks)
	}
	if len(unresolved) > 0 {
		sort.Strings(unresolved)
		fmt.Fprintf(&b, "//\n// TODO: import the packages named %s.\n", strings.Join(unresolved, ", "))
	}
	b.WriteString("package main\n\n")
	if len(g.imports) > 0 {
		paths := make([]string, 0, len(g.imports))
		for p := range g.imports {
			paths = append(paths, p)
		}
		// The standard library first, then modules.
		sort.Slice(paths, func(i, j int) bool {
			si, sj := !strings.Contains(strings.Split(paths[i], "/")[0], "."), !strings.Contains(strings.Split(paths[j], "/")[0], ".")
			if si != sj {
				return si
			}
			return paths[i] < paths[j]
		})
		b.WriteString("import (\n")
		for i, p := range paths {
			if i > 0 && strings.Contains(strings.Split(p, "/")[0], ".") && !strings.Contains(strings.Split(paths[i-1], "/")[0], ".") {
				b.WriteString("\n")
			}
			if n := g.imports[p]; n != "" {
				fmt.Fprintf(&b, "\t%s %q\n", n, p)
			} else {
				fmt.Fprintf(&b, "\t%q\n", p)
			}
		}
		b.WriteString(")\n\n")
	}
	for _, d := range g.decls {
		b.WriteString(d + "\n\n")
	}
	b.WriteString("func main() {\n")
	if g.needLog {
		b.WriteString("log.SetFlags(0)\n\n")
	}
	for i, s := range g.body {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(s)
	}
	b.WriteString("}\n")
	if g.needShow {
		b.WriteString(`
// show prints a value as the session displayed it.
func show(v any) {
	switch d := v.(type) {
	case interface{ Display() string }:
		fmt.Println(d.Display())
	case string:
		fmt.Printf("%q\n", d)
	default:
		fmt.Printf("%+v\n", v)
	}
}
`)
	}
	if g.needMust {
		b.WriteString(`
// must returns v, or ends the program with err, as the session failed a
// cell whose (T, error) call gave an error.
func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}
`)
	}
	if g.needParm {
		b.WriteString(`
// param returns the value given on the command line as -p name=value, else
// def.
func param(name, def string) string {
	args := os.Args[1:]
	for i, a := range args {
		kv, ok := strings.CutPrefix(a, "-p=")
		if !ok && a == "-p" && i+1 < len(args) {
			kv, ok = args[i+1], true
		}
		if k, v, found := strings.Cut(kv, "="); ok && found && k == name {
			return v
		}
	}
	return def
}
`)
	}
	return []byte(b.String())
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// keepUsed adds "_ = x" after the declaration of every variable in main
// that is never read: the REPL does not require variables to be used, Go
// does. An error variable (err, err2) that nobody read is checked instead,
// ending the program with the cell's number; checked reports that it did.
func keepUsed(src []byte) (out []byte, checked bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return src, false
	}
	var main *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil {
			main = fd
		}
	}
	if main == nil || main.Body == nil {
		return src, false
	}
	// Declaring statements in statement lists, and their variables.
	type decl struct {
		stmt ast.Stmt
		ids  []*ast.Ident
	}
	var decls []decl
	lhs := map[*ast.Ident]bool{}
	declIDs := map[*ast.Ident]bool{}
	list := func(stmts []ast.Stmt) {
		for _, s := range stmts {
			var ids []*ast.Ident
			switch s := s.(type) {
			case *ast.AssignStmt:
				if s.Tok == token.DEFINE {
					for _, l := range s.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name != "_" && id.Obj != nil && id.Obj.Decl == s {
							ids = append(ids, id)
						}
					}
				}
			case *ast.DeclStmt:
				if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
					for _, sp := range gd.Specs {
						for _, id := range sp.(*ast.ValueSpec).Names {
							if id.Name != "_" {
								ids = append(ids, id)
							}
						}
					}
				}
			}
			if len(ids) > 0 {
				decls = append(decls, decl{s, ids})
				for _, id := range ids {
					declIDs[id] = true
				}
			}
		}
	}
	isTop := map[ast.Stmt]bool{}
	for _, st := range main.Body.List {
		isTop[st] = true
	}
	ast.Inspect(main.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			list(n.List)
		case *ast.CaseClause:
			list(n.Body)
		case *ast.CommClause:
			list(n.Body)
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					lhs[id] = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := n.X.(*ast.Ident); ok {
				lhs[id] = true
			}
		}
		return true
	})
	reads := map[*ast.Object]int{}
	ast.Inspect(main.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil && !lhs[id] && !declIDs[id] {
			reads[id.Obj]++
		}
		return true
	})
	var edits []textEdit
	for _, d := range decls {
		var unused []string
		for _, id := range d.ids {
			if reads[id.Obj] == 0 {
				unused = append(unused, id.Name)
			}
		}
		if len(unused) == 0 {
			continue
		}
		end := fset.Position(d.stmt.End()).Offset
		var b strings.Builder
		for _, n := range unused {
			if isErrName(n) && isTop[d.stmt] {
				fmt.Fprintf(&b, "\nif %s != nil {\nlog.Fatalf(\"%s: %%v\", %s)\n}", n, cellBefore(src, end), n)
				checked = true
				continue
			}
			b.WriteString("\n_ = " + n)
		}
		edits = append(edits, textEdit{end, end, b.String()})
	}
	if len(edits) == 0 {
		return src, false
	}
	return []byte(applyEdits(string(src), edits)), checked
}

// isErrName reports whether n names an error by Go's custom: err, err2.
func isErrName(n string) bool {
	return n == "err" || strings.HasPrefix(n, "err") && strings.Trim(n[3:], "0123456789") == ""
}

// cellBefore names the cell whose code ends at off: "cell N", from the
// comment that starts it.
func cellBefore(src []byte, off int) string {
	i := bytes.LastIndex(src[:off], []byte("// cell "))
	if i < 0 {
		return "error"
	}
	f := strings.Fields(string(src[i+3 : min(len(src), i+40)]))
	if len(f) < 2 {
		return "error"
	}
	return "cell " + f[1]
}
