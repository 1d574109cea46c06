package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/opsh/opsh/internal/goref"
	"github.com/opsh/opsh/internal/lazyre"
)

// A type declared again with another definition — a field added to a
// struct while exploring, as one redefines a class in a Python session —
// is a new type in Go terms, and yaegi v0.16.1 cannot replace the one it
// has. So the new definition is given a name of its own, _opshV2_Host for
// the second Host, and every later cell's Host means it: the session's
// source is rewritten as it is read (versionTypes), the display, %T and
// messages say Host (userTypeName, userNames). Values, functions and
// variables made before keep the old type, as a Python instance keeps its
// class; the old type's methods are declared again for the new one where
// they still compile (carryMethods).

// versionPrefix starts the name of a type's later definitions.
const versionPrefix = "_opshV"

// versionName is the name of the n-th definition of the type name.
func versionName(name string, n int) string {
	return fmt.Sprintf("%s%d_%s", versionPrefix, n, name)
}

// versionedName matches such a name in a text: the definition's number,
// the type's.
var versionedName = lazyre.New(`\b` + versionPrefix + `(\d+)_(\w+)\b`)

// userTypeName is the name the user gave the type named name.
func userTypeName(name string) string {
	if m := versionedName.FindStringSubmatch(name); m != nil && m[0] == name {
		return m[2]
	}
	return name
}

// userTypeNames writes the names of redefined types in s as the user
// wrote them.
func userTypeNames(s string) string {
	if !strings.Contains(s, versionPrefix) {
		return s
	}
	return versionedName.ReplaceAllString(s, "$2")
}

// redefinedHint is what a message about two definitions of one type (a
// function declared before the redefinition given a value made after)
// needs said, in the user's names: "" if msg mentions none.
func redefinedHint(msg string) string {
	seen := map[string]map[string]bool{}
	for _, m := range versionedName.Re().FindAllStringSubmatch(msg, -1) {
		if seen[m[2]] == nil {
			seen[m[2]] = map[string]bool{}
		}
		seen[m[2]][m[0]] = true
	}
	for name, versions := range seen {
		if len(versions) > 1 || regexp.MustCompile(`\b`+regexp.QuoteMeta(name)+`\b`).MatchString(versionedName.ReplaceAllString(msg, "")) {
			return fmt.Sprintf(" (%s was redefined: what was declared before uses the old %s; run its cell again)", name, name)
		}
	}
	return ""
}

// typeRedefinition is what versionTypes found in a part of a cell: the
// types it declares again with another definition, their new names, and
// the names they had.
type typeRedefinition struct {
	names    map[string]string // the user's name → the new definition's
	previous map[string]string // the user's name → the definition replaced
	// methods are the methods declared again with another body, which
	// made a new definition of an unchanged type, by the type's name.
	methods map[string][]string
	// overEmbedded are those of them that the type had from a field it
	// embeds (forwardCompiled).
	overEmbedded map[string]bool
	// broken are the types declared again, or given a method, after a
	// cell that failed broke them (failed.go).
	broken map[string]bool
}

// add records a new definition of the type name, which was prev.
func (r *typeRedefinition) add(e *Evaluator, name, prev string) {
	if r.names == nil {
		*r = typeRedefinition{names: map[string]string{}, previous: map[string]string{}, methods: map[string][]string{}, overEmbedded: map[string]bool{}, broken: map[string]bool{}}
	}
	if _, ok := r.names[name]; ok {
		return
	}
	e.versions[name]++
	r.names[name] = versionName(name, e.versions[name]+1)
	r.previous[name] = prev
}

// versionTypes renames, in f, the session's redefined types to their
// current definitions, and the types f itself declares again with another
// definition to new names. The returned redefinition is committed once f
// ran (commitVersions), so that a cell that fails changes nothing.
func (e *Evaluator) versionTypes(fset *token.FileSet, f *ast.File) typeRedefinition {
	current := maps.Clone(e.typeVersions)
	goref.RenameTypes(f, current)
	var redef typeRedefinition
	declared := map[string]bool{} // the types f declares
	changed := map[string]bool{}  // those with another definition
	for _, ts := range goref.TypeSpecs(f) {
		declared[ts.Name.Name] = true
		name := userTypeName(ts.Name.Name)
		old, ok := e.typeDecls[ts.Name.Name]
		_, broken := e.brokenTypes[ts.Name.Name]
		if !broken && (!ok || old == exprString(nil, ts.Type)) || ts.TypeParams != nil || e.genericTypeNamed(name) {
			continue
		}
		redef.add(e, name, ts.Name.Name)
		redef.broken[name] = broken
		changed[name] = true
	}
	// A method declared again with another body: yaegi keeps a type's
	// first, so the type gets a new definition, the same, with the new
	// method and the others carried over.
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		typ := goref.ReceiverType(fd.Recv.List[0].Type)
		old, ok := e.methodDecls[typ+"."+fd.Name.Name]
		name := userTypeName(typ)
		typeDef, broken := e.brokenTypes[typ]
		if !broken {
			typeDef = e.typeDecls[typ]
		}
		if !broken && (!ok || old == methodSource(fset, fd)) || e.genericTypeNamed(name) || typeDef == "" {
			continue
		}
		if !declared[typ] {
			def, err := parser.ParseExpr(typeDef)
			if err != nil {
				continue
			}
			f.Decls = append([]ast.Decl{&ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{&ast.TypeSpec{Name: ast.NewIdent(typ), Type: def}}}}, f.Decls...)
			declared[typ] = true
		}
		redef.add(e, name, typ)
		if broken {
			redef.broken[name] = true
		} else if !changed[name] {
			redef.methods[name] = append(redef.methods[name], fd.Name.Name)
			if isForwarder(old) {
				redef.overEmbedded[name+"."+fd.Name.Name] = true
			}
		}
	}
	if redef.names != nil {
		// The new names, over the current ones (and over the user's own,
		// which the first pass renamed).
		back := map[string]string{}
		for name, v := range redef.names {
			back[redef.previous[name]] = v
		}
		goref.RenameTypes(f, back)
	}
	return redef
}

// genericTypeNamed reports whether the session declared a generic type of
// that name: those keep the limit of one definition.
func (e *Evaluator) genericTypeNamed(name string) bool {
	return e.genericNamed[name]
}

// commitVersions makes the new definitions of a part that ran the ones
// later cells mean, notes the change, and declares the old definitions'
// methods again for the new ones.
func (e *Evaluator) commitVersions(redef typeRedefinition) {
	if redef.names == nil {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(redef.names)) {
		e.typeVersions[name] = redef.names[name]
		delete(e.brokenTypes, redef.previous[name])
		carried, failed := e.carryMethods(redef.previous[name], redef.names[name])
		note := fmt.Sprintf("type %s is redefined: values, variables and functions made before keep the old %s", name, name)
		if ms := redef.methods[name]; len(ms) > 0 {
			how := "is redefined"
			if redef.overEmbedded[name+"."+ms[0]] {
				how = "is declared over the method of a field it embeds"
			}
			note = fmt.Sprintf("%s.%s %s, so %s is a new type with it: values, variables and functions made before keep the old %s and its %s", name, strings.Join(ms, ", "), how, name, name, strings.Join(ms, ", "))
		}
		if len(carried) > 0 {
			note += fmt.Sprintf("; its methods are declared again for the new one (%s)", strings.Join(carried, ", "))
		}
		for _, f := range failed {
			note += "; " + f
		}
		if redef.broken[name] {
			if _, before := e.typeDecls[redef.previous[name]]; !before {
				continue // declared by the cell that failed only: no value was made of it
			}
			note = failedNote(name)
		}
		e.note(note)
	}
}

// carryMethods declares the methods of the type named from again for
// the type named to, from their source: those that no longer compile (a
// field gone) are reported instead.
func (e *Evaluator) carryMethods(from, to string) (carried, failed []string) {
	for _, key := range slices.Sorted(maps.Keys(e.methodDecls)) {
		typ, method, _ := strings.Cut(key, ".")
		if typ != from || e.methodDecls[to+"."+method] != "" || isForwarder(e.methodDecls[key]) {
			continue // the new definition's cell gave it its own forwarders
		}
		fd, fset := e.methodDecl(typ, method)
		if fd == nil {
			continue
		}
		goref.RenameTypes(fd, map[string]string{from: to})
		var b strings.Builder
		if err := printNode(&b, fset, fd); err != nil {
			continue
		}
		if err := e.redeclare(context.Background(), b.String()); err != nil {
			failed = append(failed, fmt.Sprintf("%s was not declared again: %v", method, err))
			continue
		}
		carried = append(carried, method)
	}
	return carried, failed
}

// renameEmbeddedVersions names, in node, the field of a struct that embeds
// a redefined type by the field's name in the struct, which is the new
// definition's (_opshV2_Logger): s.Logger and Server{Logger: …}, where
// the source shows s and the literal to be of such a struct.
func (rw *rewriter) renameEmbeddedVersions(node ast.Node) {
	if !rw.versioned {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if t, _, ok := rw.staticType(x.X); ok {
				if field, ok := rw.embeddedVersion(t, x.Sel.Name); ok {
					x.Sel.Name = field
				}
			}
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if key, ok := kv.Key.(*ast.Ident); ok && x.Type != nil {
					if field, ok := rw.embeddedVersion(x.Type, key.Name); ok {
						key.Name = field
					}
				}
			}
		}
		return true
	})
}

// embeddedVersion is the name of the field of the struct type t that
// embeds a redefined type the user names name.
func (rw *rewriter) embeddedVersion(t ast.Expr, name string) (string, bool) {
	typ, _ := typeIdent(t)
	if typ == "" {
		return "", false
	}
	def, ok := rw.typeDef(typ)
	st, isStruct := def.(*ast.StructType)
	if !ok || !isStruct {
		return "", false
	}
	for _, f := range st.Fields.List {
		if len(f.Names) != 0 {
			continue
		}
		if field, _ := typeIdent(f.Type); field != name && userTypeName(field) == name {
			return field, true
		}
	}
	return "", false
}
