package export

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/opsh/opsh/internal/goref"
)

// A session may declare a type again with another definition, or a method
// with another body: the REPL then makes a new type of it, which the cells
// after use, the values made before keeping the old one. The program does
// the same under a fresh name (the second Host is Host2), and declares for
// the new type the old one's methods that still fit it (those whose
// receiver's fields and methods it has), as the REPL declares again those
// that compile.
type typeVersions struct {
	names   map[string]string       // the session's name → the program's current one
	defs    map[string]string       // the program's type name → its definition
	methods map[string][]typeMethod // the program's type name → its methods
	seen    map[string]string       // "T.M" → the method's source
	user    map[string]string       // the program's type name → the session's
}

// typeMethod is a method of one of the program's types, as written.
type typeMethod struct{ name, src string }

func newTypeVersions() *typeVersions {
	return &typeVersions{names: map[string]string{}, defs: map[string]string{}, methods: map[string][]typeMethod{}, seen: map[string]string{}, user: map[string]string{}}
}

// sessionName is the session's name of the program's type name.
func (v *typeVersions) sessionName(name string) string {
	if u, ok := v.user[name]; ok {
		return u
	}
	return name
}

// renamed is src, a chunk of a cell (decl: declarations, else statements),
// with the session's types that have new names named so.
func (v *typeVersions) renamed(src string, decl bool) string {
	return renameTypeRefs(src, decl, v.names)
}

// renameTypeRefs is src, a chunk of a cell (decl: declarations, else
// statements), with the types of names (old name → new) renamed.
func renameTypeRefs(src string, decl bool, names map[string]string) string {
	if len(names) == 0 {
		return src
	}
	prefix := "package p; func _() {"
	text := prefix + src + "\n}"
	if decl {
		prefix = "package p\n"
		text = prefix + src
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", text, parser.ParseComments)
	if err != nil {
		return src
	}
	var edits []textEdit
	for _, id := range goref.TypeRefs(f, names) {
		at := fset.Position(id.Pos()).Offset - len(prefix)
		edits = append(edits, textEdit{at, at + len(id.Name), names[id.Name]})
	}
	return applyEdits(src, edits)
}

// typeDecl adds src, a chunk declaring types, to the program's
// declarations, with a type it declares again otherwise given a fresh
// name, and after it the old type's methods that fit the new one.
func (g *goExport) typeDecl(src string) {
	const prefix = "package p\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", prefix+src, parser.ParseComments)
	if err != nil {
		g.decls = append(g.decls, src)
		return
	}
	fresh := map[string]string{}
	for _, ts := range goref.TypeSpecs(f) {
		name := ts.Name.Name
		def := nodeText(fset, ts.Type)
		if old, ok := g.types.defs[name]; ok && old != def && ts.TypeParams == nil {
			fresh[name] = g.fresh(g.types.sessionName(name))
		}
	}
	if len(fresh) > 0 {
		src = renameTypeRefs(src, true, fresh)
		if f, err = parser.ParseFile(fset, "", prefix+src, parser.ParseComments); err != nil {
			g.decls = append(g.decls, src)
			return
		}
	}
	for _, ts := range goref.TypeSpecs(f) {
		if ts.TypeParams == nil { // a generic type keeps one definition, as in the REPL
			g.types.defs[ts.Name.Name] = nodeText(fset, ts.Type)
		}
	}
	g.decls = append(g.decls, src)
	for _, old := range slices.Sorted(maps.Keys(fresh)) {
		g.newVersion(old, fresh[old], "")
	}
}

// newVersion makes nn the program's name of the session's type that old
// named, and declares for it old's methods that fit it, but skip.
func (g *goExport) newVersion(old, nn, skip string) {
	user := g.types.sessionName(old)
	g.types.names[user] = nn
	g.types.user[nn] = user
	g.top[nn] = true
	var fields map[string]bool
	if st, ok := parseType(g.types.defs[nn]).(*ast.StructType); ok {
		fields = map[string]bool{}
		for _, fl := range st.Fields.List {
			for _, n := range fl.Names {
				fields[n.Name] = true
			}
			if len(fl.Names) == 0 {
				fields[goref.EmbeddedName(fl.Type)] = true
			}
		}
	}
	for _, m := range g.types.methods[old] {
		if m.name == skip {
			continue
		}
		src := renameTypeRefs(m.src, true, map[string]string{old: nn})
		if !fits(src, fields, g.types.methods[old]) {
			continue
		}
		g.decls = append(g.decls, src)
		g.types.methods[nn] = append(g.types.methods[nn], typeMethod{m.name, src})
		g.types.seen[nn+"."+m.name] = m.src
	}
}

// methodVersions gives a type a new name (and declares the new type) for
// each method src, a chunk of declarations, declares again with another
// body: the chunk's receivers then take the new name.
func (g *goExport) methodVersions(src string) {
	src = g.types.renamed(src, true)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\n"+src, 0)
	if err != nil {
		return
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil {
			continue
		}
		recv := goref.ReceiverType(fd.Recv.List[0].Type)
		old, ok := g.types.seen[recv+"."+fd.Name.Name]
		def, known := g.types.defs[recv]
		if !ok || !known || old == methodText(fset, fd) {
			continue
		}
		nn := g.fresh(g.types.sessionName(recv))
		g.decls = append(g.decls, "type "+nn+" "+def)
		g.types.defs[nn] = def
		g.newVersion(recv, nn, fd.Name.Name)
	}
}

// sameMethod reports whether d, read with fset, is a method the program
// declares already, as it is (a cell run twice).
func (g *goExport) sameMethod(fset *token.FileSet, d *ast.FuncDecl) bool {
	old, ok := g.types.seen[goref.ReceiverType(d.Recv.List[0].Type)+"."+d.Name.Name]
	return ok && old == methodText(fset, d)
}

// methodText is a method's source without its doc comment, for
// comparisons.
func methodText(fset *token.FileSet, d *ast.FuncDecl) string {
	return nodeText(fset, &ast.FuncDecl{Recv: d.Recv, Name: d.Name, Type: d.Type, Body: d.Body})
}

// noteMethod records a method the program declares for its type.
func (g *goExport) noteMethod(fset *token.FileSet, d *ast.FuncDecl, src string) {
	recv := goref.ReceiverType(d.Recv.List[0].Type)
	g.types.methods[recv] = append(g.types.methods[recv], typeMethod{d.Name.Name, src})
	g.types.seen[recv+"."+d.Name.Name] = methodText(fset, d)
}

// fits reports whether the method src uses, of its receiver, only fields
// of fields (any, if nil: no struct) and the type's methods.
func fits(src string, fields map[string]bool, methods []typeMethod) bool {
	if fields == nil {
		return true
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
	if err != nil || len(f.Decls) != 1 {
		return false
	}
	d, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || d.Recv == nil || len(d.Recv.List[0].Names) == 0 || d.Body == nil {
		return ok
	}
	r := d.Recv.List[0].Names[0].Name
	has := map[string]bool{}
	for _, m := range methods {
		has[m.name] = true
	}
	ok = true
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if se, isSel := n.(*ast.SelectorExpr); isSel {
			if id, isID := se.X.(*ast.Ident); isID && id.Name == r && !fields[se.Sel.Name] && !has[se.Sel.Name] {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// parseType parses a type's source; nil if it does not parse.
func parseType(src string) ast.Expr {
	t, err := parser.ParseExpr(src)
	if err != nil {
		return nil
	}
	return t
}

// nodeText is n's source, formatted.
func nodeText(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	if err := format.Node(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
