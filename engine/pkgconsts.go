package engine

import (
	"go/ast"
	"go/constant"
	"go/token"
	"math/big"
	"strings"
)

// yaegi v0.16.1 mistypes a package's untyped float constant (math.Pi) in
// constant arithmetic: `0.6 * math.Pi` fails with "mismatched types
// untyped float and untyped float64", and a constant declared as
// `math.Pi / 180` is 0 once converted to float32. Written as a literal,
// the same value is an untyped constant it computes with as Go does.

// inlinePackageFloats writes each package's untyped float constant that is
// an operand of a binary expression, or in a constant's declaration, as a
// literal of its value.
func (rw *rewriter) inlinePackageFloats(node ast.Node) {
	if rw.packageConst == nil {
		return
	}
	literal := func(x ast.Expr) ast.Expr {
		sel, ok := x.(*ast.SelectorExpr)
		if !ok || !isPkgSelector(sel) {
			return nil
		}
		c, ok := rw.packageConst(sel)
		if !ok || c.Kind() != constant.Float {
			return nil
		}
		return floatLiteral(c, sel.Pos())
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			replaceExprs(x, literal)
			return false
		case *ast.GenDecl:
			if x.Tok == token.CONST {
				replaceExprs(x, literal)
				return false
			}
		}
		return true
	})
}

// floatLiteral writes the float constant c as a literal at pos, to 40
// significant digits: more than any float type holds.
func floatLiteral(c constant.Value, pos token.Pos) ast.Expr {
	f := new(big.Float).SetPrec(256)
	switch v := constant.Val(c).(type) {
	case *big.Rat:
		f.SetRat(v)
	case *big.Float:
		f.Set(v)
	default:
		v64, _ := constant.Float64Val(c)
		f.SetFloat64(v64)
	}
	text := f.Abs(f).Text('g', 40)
	if !strings.ContainsAny(text, ".e") {
		text += ".0"
	}
	lit := ast.Expr(&ast.BasicLit{ValuePos: pos, Kind: token.FLOAT, Value: text})
	if constant.Sign(c) < 0 {
		lit = &ast.ParenExpr{Lparen: pos, X: &ast.UnaryExpr{OpPos: pos, Op: token.SUB, X: lit}}
	}
	return lit
}
