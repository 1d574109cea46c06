package engine

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// A cell that ends in a list of two or more expressions, resp.StatusCode,
// err, ends in no Go statement; Python shows such a list as a tuple.
// tupleCell has it shown as the values of a call are, one each:
//
//	resp.StatusCode, err → func() (any, any) { return any(resp.StatusCode), any(err) }()

// tupleCell is src, a cell whose last statement (segs's last) is a list
// of expressions on one line, with that list written as a call of a
// function literal that returns them; false for any other cell.
func tupleCell(src string, segs []segment) (string, bool) {
	if len(segs) == 0 {
		return src, false
	}
	last := segs[len(segs)-1]
	line := last.src
	if last.decl || strings.Contains(line, "\n") || !strings.Contains(line, ",") {
		return src, false
	}
	// as a call's arguments first: that rules out most cells (a, b :=
	// …, f(a, b)) at once, before the statement they may be is parsed
	x, err := parser.ParseExpr("f(" + line + ")")
	if err != nil {
		return src, false
	}
	call := x.(*ast.CallExpr)
	if len(call.Args) < 2 || call.Ellipsis.IsValid() {
		return src, false
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+line+"\n}", 0); err == nil {
		return src, false // a statement
	}
	// each value converted to any where it is: yaegi sets a comparison's
	// bool returned as an any as it would a bool (reflect: call of
	// reflect.Value.SetBool on interface Value)
	values := make([]string, len(call.Args))
	for i, a := range call.Args {
		values[i] = "any(" + line[a.Pos()-call.Lparen-1:a.End()-call.Lparen-1] + ")"
	}
	results := strings.Repeat("any, ", len(call.Args))
	lit := fmt.Sprintf("func() (%s) { return %s }()", results[:len(results)-2], strings.Join(values, ", "))
	return src[:last.off] + lit + src[last.end:], true
}
