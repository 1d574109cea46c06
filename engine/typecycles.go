package engine

import (
	"cmp"
	"go/ast"
	"slices"
)

// yaegi v0.16.1 builds the reflect types of struct types that refer to
// each other (type T struct{ n *N }; type N struct{ next *N; t *T }) from
// the one it is first asked for, and asked for T first it built N twice:
// &N{} was not assignable to N's own field (reflect.Set: value of type
// *struct {…} is not assignable to type *struct {…}). Asked first for the
// type that refers to most of the others (N, or a Rack between its
// Cluster and its Hosts), it builds them all right. resolveOrder is that
// order; where every type of a cycle refers to several others, no order
// helps (see :help limits).

// resolveOrder is specs' struct types in the order their reflect types
// are best first asked for: those that refer to more of specs' struct
// types (themselves counted) first, in source order among equals.
func resolveOrder(specs []*ast.TypeSpec) []*ast.TypeSpec {
	structs := map[string]bool{}
	var out []*ast.TypeSpec
	for _, ts := range specs {
		if _, ok := ts.Type.(*ast.StructType); ok && ts.TypeParams == nil && ts.Name.Name != "_" {
			structs[ts.Name.Name] = true
			out = append(out, ts)
		}
	}
	refs := make(map[*ast.TypeSpec]int, len(out))
	for _, ts := range out {
		names := typeNamesIn(ts.Type, func(n string) bool { return structs[n] })
		slices.Sort(names)
		refs[ts] = len(slices.Compact(names))
	}
	slices.SortStableFunc(out, func(a, b *ast.TypeSpec) int { return cmp.Compare(refs[b], refs[a]) })
	return out
}
