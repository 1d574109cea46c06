// Package template holds the session's text/template.Template: the
// standard one, executed through a templates.Lender, which lends it what
// reflect cannot see in the session's types (their methods, their
// embedded fields). It takes the place of text/template's Template, New,
// Must, ParseFiles, ParseGlob and ParseFS in the session's symbol tables,
// under the same names, so that %T says *template.Template.
package template

//go:generate go run ../mkhtml template.go ../html/template.go

import (
	"io"
	"io/fs"
	"text/template"
	"text/template/parse"

	"github.com/opsh/opsh/engine/internal/templates"
)

// A Template is text/template's, executed through a Lender.
type Template struct {
	*template.Template
	lender *templates.Lender
}

// Package is the package-level functions of the session's text/template.
type Package struct{ Lender *templates.Lender }

// wrap is the session's Template of t, which is given the Lender's
// functions when it is first wrapped.
func (p Package) wrap(t *template.Template) *Template {
	return templates.Wrapper(p.Lender, t, func(t *template.Template) *Template {
		t.Funcs(p.Lender.Funcs())
		return &Template{t, p.Lender}
	})
}

func (p Package) wrapErr(t *template.Template, err error) (*Template, error) { return p.wrap(t), err }

// New is template.New.
func (p Package) New(name string) *Template { return p.wrap(template.New(name)) }

// Must is template.Must.
func (p Package) Must(t *Template, err error) *Template {
	if err != nil {
		panic(err)
	}
	return t
}

// ParseFiles is template.ParseFiles.
func (p Package) ParseFiles(names ...string) (*Template, error) {
	return p.wrapErr(template.ParseFiles(names...))
}

// ParseGlob is template.ParseGlob.
func (p Package) ParseGlob(pattern string) (*Template, error) {
	return p.wrapErr(template.ParseGlob(pattern))
}

// ParseFS is template.ParseFS.
func (p Package) ParseFS(fsys fs.FS, patterns ...string) (*Template, error) {
	return p.wrapErr(template.ParseFS(fsys, patterns...))
}

func (t *Template) pkg() Package { return Package{t.lender} }

// Execute applies the template to data, writing to w.
func (t *Template) Execute(w io.Writer, data any) error {
	t.prepare()
	return t.lender.Error(t.Template.Execute(w, t.lender.Data(data)))
}

// ExecuteTemplate applies the template of t named name to data.
func (t *Template) ExecuteTemplate(w io.Writer, name string, data any) error {
	t.prepare()
	return t.lender.Error(t.Template.ExecuteTemplate(w, name, t.lender.Data(data)))
}

// prepare rewrites the trees of t and its associated templates.
func (t *Template) prepare() {
	var trees []*parse.Tree
	for _, a := range t.Template.Templates() {
		trees = append(trees, a.Tree)
	}
	t.lender.Prepare(trees)
}

// AddParseTree is text/template's.
func (t *Template) AddParseTree(name string, tree *parse.Tree) (*Template, error) {
	return t.pkg().wrapErr(t.Template.AddParseTree(name, tree))
}

// Clone is text/template's.
func (t *Template) Clone() (*Template, error) { return t.pkg().wrapErr(t.Template.Clone()) }

// Delims is text/template's.
func (t *Template) Delims(left, right string) *Template {
	return t.pkg().wrap(t.Template.Delims(left, right))
}

// Funcs is text/template's.
func (t *Template) Funcs(funcMap template.FuncMap) *Template {
	return t.pkg().wrap(t.Template.Funcs(funcMap))
}

// Lookup is text/template's.
func (t *Template) Lookup(name string) *Template { return t.pkg().wrap(t.Template.Lookup(name)) }

// New is text/template's.
func (t *Template) New(name string) *Template { return t.pkg().wrap(t.Template.New(name)) }

// Option is text/template's.
func (t *Template) Option(opt ...string) *Template { return t.pkg().wrap(t.Template.Option(opt...)) }

// Parse is text/template's.
func (t *Template) Parse(text string) (*Template, error) {
	return t.pkg().wrapErr(t.Template.Parse(text))
}

// ParseFiles is text/template's.
func (t *Template) ParseFiles(names ...string) (*Template, error) {
	return t.pkg().wrapErr(t.Template.ParseFiles(names...))
}

// ParseGlob is text/template's.
func (t *Template) ParseGlob(pattern string) (*Template, error) {
	return t.pkg().wrapErr(t.Template.ParseGlob(pattern))
}

// ParseFS is text/template's.
func (t *Template) ParseFS(fsys fs.FS, patterns ...string) (*Template, error) {
	return t.pkg().wrapErr(t.Template.ParseFS(fsys, patterns...))
}

// Templates is text/template's.
func (t *Template) Templates() []*Template {
	var out []*Template
	for _, a := range t.Template.Templates() {
		out = append(out, t.pkg().wrap(a))
	}
	return out
}
