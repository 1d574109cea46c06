package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
)

// Two struct types the session declares with the same fields are one
// reflect type to yaegi v0.16.1 (reflect.StructOf makes one type of the
// same fields), so a value of one was taken for the other: v.(A) held a B,
// and fmt called neither's String in a []any or a map[string]any. A
// field's tag is part of a struct type's identity, and nothing but reflect
// shows it, so tagStructs gives the first field of each struct type the
// session declares a tag of its own, opsh:"Host" (Host#2 for its second
// definition): the session's definitions (Evaluator.typeDecls) are kept
// without it (untagged), and messages drop it (userNames).
const structTagKey = "opsh"

// tagStructs tags the struct types node declares.
func tagStructs(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.TypeParams != nil {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok || st.Fields == nil || len(st.Fields.List) == 0 {
			return true
		}
		name := userTypeName(ts.Name.Name)
		if m := versionedName.FindStringSubmatch(ts.Name.Name); m != nil && m[0] == ts.Name.Name {
			name += "#" + m[1]
		}
		first := st.Fields.List[0]
		if len(first.Names) > 1 { // a, b int: the tag would be both's
			rest := *first
			rest.Names = first.Names[1:]
			first = &ast.Field{Names: first.Names[:1], Type: first.Type, Tag: first.Tag}
			st.Fields.List = append([]*ast.Field{first, &rest}, st.Fields.List[1:]...)
		}
		tag := fmt.Sprintf("%s:%q", structTagKey, name)
		if first.Tag != nil {
			if old, err := strconv.Unquote(first.Tag.Value); err == nil && old != "" {
				tag = old + " " + tag
			}
		}
		first.Tag = &ast.BasicLit{ValuePos: first.Type.End(), Kind: token.STRING, Value: strconv.Quote(tag)}
		return true
	})
}

// untagged is the struct type t without the tag tagStructs gave it: a
// copy, if it had one.
func untagged(t ast.Expr) ast.Expr {
	st, ok := t.(*ast.StructType)
	if !ok || st.Fields == nil || len(st.Fields.List) == 0 || st.Fields.List[0].Tag == nil {
		return t
	}
	tag, err := strconv.Unquote(st.Fields.List[0].Tag.Value)
	key := structTagKey + ":"
	at := strings.LastIndex(tag, key)
	if err != nil || at < 0 {
		return t
	}
	first := *st.Fields.List[0]
	if rest := strings.TrimSpace(tag[:at]); rest != "" {
		first.Tag = &ast.BasicLit{Kind: token.STRING, Value: "`" + rest + "`"}
		if strings.Contains(rest, "`") {
			first.Tag.Value = strconv.Quote(rest)
		}
	} else {
		first.Tag = nil
	}
	fields := append([]*ast.Field{&first}, st.Fields.List[1:]...)
	return &ast.StructType{Struct: st.Struct, Fields: &ast.FieldList{Opening: st.Fields.Opening, List: fields, Closing: st.Fields.Closing}}
}

// untaggedText is msg without the tags tagStructs gave struct types, which
// reflect writes in a type's string.
func untaggedText(msg string) string {
	if !strings.Contains(msg, structTagKey+`:\"`) {
		return msg
	}
	return structTagText.ReplaceAllString(msg, "")
}

// structTagText matches the tag in a message's struct type (reflect's
// String of it): alone, "opsh:\"Host\"", or after other keys.
var structTagText = lazyre.New(` ?"` + structTagKey + `:\\"[^"\\]*\\""|` + ` ` + structTagKey + `:\\"[^"\\]*\\"`)
