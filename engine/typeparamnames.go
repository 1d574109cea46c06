package engine

import (
	"go/ast"

	"github.com/opsh/opsh/internal/goref"
)

// yaegi v0.16.1 puts a type argument in place of its type parameter's
// name wherever the name appears in the generic declaration, a field's
// name and a selector's too: type P[K, V any] struct{ K K; V V } had
// fields named string and int (fmt's %+v printed {string:a int:1}, and a
// statement printing one was silently skipped), and p.K in a method of it
// or a keyed literal P[K, V]{K: k} in a generic function became
// p.string ("undefined selector"). renameFieldTypeParams gives such a
// type parameter a name of its own in its declaration, _opshTPK, which
// messages write as K.

// typeParamPrefix begins the names renameFieldTypeParams gives.
const typeParamPrefix = "_opshTP"

// renameFieldTypeParams renames, in each generic type, function and
// method node declares, the type parameters named as a field, a selected
// name or a literal's key of the declaration.
func renameFieldTypeParams(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		var params []string
		switch d := n.(type) {
		case *ast.TypeSpec:
			params = fieldListNames(d.TypeParams)
		case *ast.FuncDecl:
			params = fieldListNames(d.Type.TypeParams)
			for _, p := range receiverParams(d) {
				if id, ok := p.(*ast.Ident); ok {
					params = append(params, id.Name)
				}
			}
		default:
			return true
		}
		if len(params) > 0 {
			renameTypeParams(n, params)
		}
		return false // a declaration's own: no generic declaration is inside one
	})
}

// renameTypeParams renames in decl the type parameters params that its
// fields, selected names or keys name.
func renameTypeParams(decl ast.Node, params []string) {
	names := goref.NotReferences(decl) // selected names and keys
	ast.Inspect(decl, func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok {
			for _, f := range st.Fields.List {
				for _, id := range f.Names {
					names[id] = true
				}
			}
		}
		return true
	})
	renamed := map[string]bool{}
	for id := range names {
		for _, p := range params {
			if id.Name == p {
				renamed[p] = true
			}
		}
	}
	if len(renamed) == 0 {
		return
	}
	ast.Inspect(decl, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && renamed[id.Name] && !names[id] {
			id.Name = typeParamPrefix + id.Name
			id.Obj = nil
		}
		return true
	})
}

// fieldListNames are the names a field list declares.
func fieldListNames(l *ast.FieldList) []string {
	if l == nil {
		return nil
	}
	var names []string
	for _, f := range l.List {
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	return names
}
