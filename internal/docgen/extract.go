package main

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// The data format, read by package repl/docs (which keeps its own copy of
// these types). Short JSON keys keep the files small.

// index lists every package with its member names, so completion and search
// need not open the package files.
type index struct {
	Packages []indexEntry
}

type indexEntry struct {
	Path    string
	Name    string
	File    string
	Builtin bool
	Names   []string // members the interpreter has: "Split", "Client", "Client.Do"
	NA      []string // documented members the interpreter lacks
}

// encode writes the index as lines of text: per package a line
// "@PATH NAME FILE KIND" (KIND is builtin or std), then its member names one
// a line, in order, "!" before a name the interpreter lacks.
func (idx index) encode() []byte {
	var b bytes.Buffer
	for _, p := range idx.Packages {
		kind := "std"
		if p.Builtin {
			kind = "builtin"
		}
		b.WriteString("@" + p.Path + " " + p.Name + " " + p.File + " " + kind + "\n")
		for _, n := range p.Names {
			b.WriteString(n + "\n")
		}
		for _, n := range p.NA {
			b.WriteString("!" + n + "\n")
		}
	}
	return b.Bytes()
}

// pkgFile is one package's documentation.
type pkgFile struct {
	Path    string  `json:"path"`
	Name    string  `json:"name"`
	Builtin bool    `json:"builtin,omitempty"`
	Doc     string  `json:"doc"`
	Listing string  `json:"listing"` // one line per exported declaration, as go doc PKG prints
	Entries []entry `json:"entries"` // sorted by name
}

type entry struct {
	Name    string   `json:"n"`           // "Split", "Client.Do", "Client.Timeout"
	Kind    string   `json:"k"`           // func, type, method, const, var, field
	Decl    string   `json:"d"`           // declaration as gofmt prints it, long bodies cut
	Doc     string   `json:"c,omitempty"` // doc comment, formatted as text
	NA      bool     `json:"x,omitempty"` // the interpreter lacks it (newer than its standard library, or generic)
	Related []string `json:"r,omitempty"` // for a type: its constructors
	Values  string   `json:"v,omitempty"` // for a type: its constants and variables, as in the listing
}

// Limits on declarations, so a huge struct or constant block stays readable:
// its members have entries of their own.
const (
	maxCommentedLines = 30 // a type printed with its field comments
	maxTypeLines      = 40 // a type printed without them, then cut
	maxGroupLines     = 16 // a const or var group printed whole
	maxListingGroup   = 8  // a const or var group in the package listing
)

type reader struct {
	fset    *token.FileSet
	pkg     *doc.Package
	avail   func(name string, generic bool) bool
	entries []entry
}

// readPackage reads the package in dir as go doc would for linux/amd64.
// syms, when not nil, holds the names the interpreter's symbol table has;
// a builtin (syms nil) has every name but generic ones.
func readPackage(ctx *build.Context, dir, importPath string, builtin bool, syms map[string]bool) (*pkgFile, error) {
	bp, err := ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range bp.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	dp, err := doc.NewFromFiles(fset, files, importPath)
	if err != nil {
		return nil, err
	}
	r := &reader{fset: fset, pkg: dp, avail: func(name string, generic bool) bool {
		if syms != nil {
			return syms[name]
		}
		return !generic
	}}
	var listing strings.Builder
	r.values(&listing, dp.Consts, "const")
	r.values(&listing, dp.Vars, "var")
	for _, f := range dp.Funcs {
		r.fn(&listing, f, "")
	}
	for _, t := range dp.Types {
		r.typ(&listing, t)
	}
	sort.Slice(r.entries, func(i, j int) bool { return r.entries[i].Name < r.entries[j].Name })
	return &pkgFile{
		Path:    importPath,
		Name:    dp.Name,
		Builtin: builtin,
		Doc:     r.text(dp.Doc),
		Listing: listing.String(),
		Entries: r.entries,
	}, nil
}

// text formats a doc comment as go doc does, without indent: links become
// plain names, paragraphs are wrapped to fit 80 columns once indented.
func (r *reader) text(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	p := r.pkg.Printer()
	p.TextWidth = 76
	p.TextCodePrefix = "    "
	// Tabs left inside code blocks become spaces, as in declarations.
	return strings.ReplaceAll(string(p.Text(r.pkg.Parser().Parse(s))), "\t", "    ")
}

// print formats node as gofmt does, with the given comments (and only
// those) interleaved, using spaces for indentation.
func (r *reader) print(node any, comments []*ast.CommentGroup) string {
	var buf bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces, Tabwidth: 4}
	if comments != nil {
		node = &printer.CommentedNode{Node: node, Comments: comments}
	}
	if err := cfg.Fprint(&buf, r.fset, node); err != nil {
		return ""
	}
	return buf.String()
}

func (r *reader) add(e entry) { r.entries = append(r.entries, e) }

func (r *reader) fn(listing *strings.Builder, f *doc.Func, typeName string) {
	d := *f.Decl
	d.Doc, d.Body = nil, nil
	decl := r.print(&d, nil)
	generic := d.Type.TypeParams != nil
	if d.Recv != nil {
		// A method: available when its type is.
		r.add(entry{Name: typeName + "." + f.Name, Kind: "method", Decl: decl, Doc: r.text(f.Doc), NA: !r.avail(typeName, false)})
		return
	}
	na := !r.avail(f.Name, generic)
	r.add(entry{Name: f.Name, Kind: "func", Decl: decl, Doc: r.text(f.Doc), NA: na})
	if na {
		return // the listing shows what the interpreter can call
	}
	if typeName != "" {
		listing.WriteString("    ")
	}
	listing.WriteString(decl + "\n")
}

// values adds the names of const or var groups: a small group shows whole
// under each of its names, a large one shows the spec that declares the name
// and the first spec of the group (for iota patterns).
func (r *reader) values(listing *strings.Builder, vals []*doc.Value, kind string) {
	for _, v := range vals {
		d := *v.Decl
		d.Doc = nil
		whole := r.print(&d, specComments(d.Specs))
		lines := strings.Count(whole, "\n") + 1
		plain := r.print(&d, nil)
		if n := strings.Count(plain, "\n") + 1; n > maxListingGroup {
			plain = firstLines(plain, maxListingGroup-1) + "    ...\n)"
		}
		group := r.text(v.Doc)
		some := false
		for i, s := range d.Specs {
			vs := s.(*ast.ValueSpec)
			decl := whole
			if lines > maxGroupLines {
				decl = r.specWindow(kind, d.Specs, i)
			}
			for _, id := range vs.Names {
				if !id.IsExported() {
					continue
				}
				na := !r.avail(id.Name, false)
				some = some || !na
				r.add(entry{Name: id.Name, Kind: kind, Decl: decl, Doc: group, NA: na})
			}
		}
		if some {
			listing.WriteString(plain + "\n")
		}
	}
}

// specWindow shows spec i of a large group, after the spec that gives its
// value when it repeats an earlier one implicitly (iota).
func (r *reader) specWindow(kind string, specs []ast.Spec, i int) string {
	one := func(s ast.Spec) string {
		vs := s.(*ast.ValueSpec)
		return indent(strings.TrimSpace(r.print(vs, specComments([]ast.Spec{vs}))))
	}
	anchor := -1
	if vs := specs[i].(*ast.ValueSpec); vs.Type == nil && len(vs.Values) == 0 {
		for j := i - 1; j >= 0; j-- {
			if p := specs[j].(*ast.ValueSpec); len(p.Values) > 0 {
				anchor = j
				break
			}
		}
	}
	var b strings.Builder
	b.WriteString(kind + " (\n")
	if anchor >= 0 {
		b.WriteString(one(specs[anchor]) + "\n")
	}
	if anchor >= 0 || i > 0 {
		b.WriteString("    ...\n")
	}
	b.WriteString(one(specs[i]) + "\n")
	if i < len(specs)-1 {
		b.WriteString("    ...\n")
	}
	b.WriteString(")")
	return b.String()
}

func (r *reader) typ(listing *strings.Builder, t *doc.Type) {
	var spec *ast.TypeSpec
	for _, s := range t.Decl.Specs {
		if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == t.Name {
			spec = ts
		}
	}
	if spec == nil {
		return
	}
	generic := spec.TypeParams != nil
	na := !r.avail(t.Name, generic)

	// Members first: their comments are taken off the AST below when the
	// type is too long to print with them.
	var fields []*ast.Field
	switch st := spec.Type.(type) {
	case *ast.StructType:
		fields = st.Fields.List
		for _, f := range fields {
			r.field(t.Name, f, "field", na)
		}
	case *ast.InterfaceType:
		fields = st.Methods.List
		for _, f := range fields {
			if _, ok := f.Type.(*ast.FuncType); ok && len(f.Names) > 0 {
				r.field(t.Name, f, "method", na)
			}
		}
	}

	d := &ast.GenDecl{Tok: token.TYPE, TokPos: t.Decl.TokPos, Specs: []ast.Spec{spec}}
	saved := struct{ doc, comment *ast.CommentGroup }{spec.Doc, spec.Comment}
	spec.Doc, spec.Comment = nil, nil
	decl := r.print(d, fieldComments(fields))
	if strings.Count(decl, "\n")+1 > maxCommentedLines {
		for _, f := range fields {
			f.Doc, f.Comment = nil, nil
		}
		// The blank lines left where the comments were go too.
		decl = strings.ReplaceAll(r.print(d, nil), "\n\n", "\n")
		if n := strings.Count(decl, "\n") + 1; n > maxTypeLines {
			decl = firstLines(decl, maxTypeLines-2) + "    // ... more; :doc " + t.Name + ".NAME shows each\n}"
		}
	}
	spec.Doc, spec.Comment = saved.doc, saved.comment

	var related []string
	for _, f := range t.Funcs {
		related = append(related, f.Name)
	}
	var sub strings.Builder
	r.values(&sub, t.Consts, "const")
	r.values(&sub, t.Vars, "var")
	r.add(entry{Name: t.Name, Kind: "type", Decl: decl, Doc: r.text(t.Doc), NA: na, Related: exported(related), Values: sub.String()})

	line, _, multi := strings.Cut(decl, "\n")
	if multi {
		line = strings.TrimSuffix(line, " {") + "{ ... }"
	}
	if na {
		listing = &strings.Builder{} // the listing shows what the interpreter has
	}
	listing.WriteString(line + "\n")
	if sub.Len() > 0 {
		listing.WriteString(indent(strings.TrimSuffix(sub.String(), "\n")) + "\n")
	}
	for _, f := range t.Funcs {
		r.fn(listing, f, t.Name)
	}
	for _, m := range t.Methods {
		r.fn(nil, m, t.Name)
	}
}

// field adds a struct field or an interface method of type typeName.
func (r *reader) field(typeName string, f *ast.Field, kind string, na bool) {
	text := f.Doc.Text()
	if text == "" {
		text = f.Comment.Text()
	}
	typ := r.print(f.Type, nil)
	names := f.Names
	if len(names) == 0 { // embedded: named by its type
		id := embeddedName(f.Type)
		if id == nil {
			return
		}
		names = []*ast.Ident{id}
		typ = ""
	}
	for _, id := range names {
		if !id.IsExported() {
			continue
		}
		decl := id.Name + " " + typ
		switch {
		case kind == "method":
			decl = id.Name + strings.TrimPrefix(typ, "func")
		case typ == "":
			decl = r.print(f.Type, nil)
		}
		r.add(entry{Name: typeName + "." + id.Name, Kind: kind, Decl: decl, Doc: r.text(text), NA: na})
	}
}

func embeddedName(x ast.Expr) *ast.Ident {
	switch t := x.(type) {
	case *ast.Ident:
		return t
	case *ast.StarExpr:
		return embeddedName(t.X)
	case *ast.SelectorExpr:
		return t.Sel
	case *ast.IndexExpr:
		return embeddedName(t.X)
	case *ast.IndexListExpr:
		return embeddedName(t.X)
	}
	return nil
}

// specComments are the comments inside value specs: their docs and line
// comments, without those of filtered-out specs.
func specComments(specs []ast.Spec) []*ast.CommentGroup {
	var out []*ast.CommentGroup
	for _, s := range specs {
		if vs, ok := s.(*ast.ValueSpec); ok {
			out = appendGroups(out, vs.Doc, vs.Comment)
		}
	}
	return sortGroups(out)
}

func fieldComments(fields []*ast.Field) []*ast.CommentGroup {
	var out []*ast.CommentGroup
	for _, f := range fields {
		out = appendGroups(out, f.Doc, f.Comment)
	}
	return sortGroups(out)
}

func appendGroups(out []*ast.CommentGroup, gs ...*ast.CommentGroup) []*ast.CommentGroup {
	for _, g := range gs {
		if g != nil {
			out = append(out, g)
		}
	}
	return out
}

func sortGroups(gs []*ast.CommentGroup) []*ast.CommentGroup {
	sort.Slice(gs, func(i, j int) bool { return gs[i].Pos() < gs[j].Pos() })
	if gs == nil {
		return []*ast.CommentGroup{}
	}
	return gs
}

func exported(names []string) []string {
	var out []string
	for _, n := range names {
		if token.IsExported(n) {
			out = append(out, n)
		}
	}
	return out
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "")
}

// indent indents each non-blank line of s by four spaces.
func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = "    " + l
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}
