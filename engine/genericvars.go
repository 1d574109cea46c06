package engine

import (
	"go/ast"
	"go/constant"
	"go/token"
	"slices"
	"strconv"
	"unicode/utf8"
)

// yaegi v0.16.1 gives a var declaration in a function the zero value when
// its value calls a generic function instantiated there: `var top =
// slices.Max(xs)`, `var n = min(1, 2)`, `var s = fmt.Sprint(Id("u"))` were
// 0, 0 and "", where `:=` gives the value. hoistGenericValues computes
// such a declaration's values first, with :=, and declares the variables
// with them:
//
//	_opsh_val1 := _opshStdMax(xs)
//	var top = _opsh_val1
//
// which keeps Go's order of evaluation and scope (var x = f(x) reads the x
// of the enclosing scope). min and max of constants are folded first
// (foldMinMax): Go's result is then a constant, which a variable would
// type.

// hoistGenericValues rewrites the var declarations of node's statement
// lists whose values call an interpreted generic function.
func (rw *rewriter) hoistGenericValues(node ast.Node) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range list {
			var g *ast.GenDecl
			if ds, ok := st.(*ast.DeclStmt); ok {
				g, _ = ds.Decl.(*ast.GenDecl)
			}
			if g == nil || g.Tok != token.VAR {
				out = append(out, st)
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				if !slices.ContainsFunc(vs.Values, func(x ast.Expr) bool { return callsGeneric(x, rw.pkgName) }) {
					continue
				}
				if len(vs.Values) == 1 && len(vs.Names) > 1 {
					// var a, b = pair(): the results each a variable
					var def ast.Stmt
					def, vs.Values = rw.defineAll("val", vs.Values[0], len(vs.Names), vs.Pos())
					out = append(out, def)
					continue
				}
				for i, x := range vs.Values {
					def, use := rw.define("val", x)
					out, vs.Values[i] = append(out, def), use
				}
			}
			out = append(out, st)
		}
		return out
	})
}

// foldMinMax replaces each call of min or max whose arguments are all
// literals of numbers or all literals of strings by the literal of its
// result, a constant as in Go: of a floating-point kind if one of them is.
func (rw *rewriter) foldMinMax(node ast.Node) {
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		call, ok := x.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() {
			return nil
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || id.Obj != nil || id.Name != "min" && id.Name != "max" || rw.defined != nil && rw.defined(id.Name) {
			return nil
		}
		op := token.LSS
		if id.Name == "max" {
			op = token.GTR
		}
		var best ast.Expr
		var bestVal constant.Value
		float, isRune := false, false
		for _, a := range call.Args {
			c, ok := literalConst(a)
			if !ok || bestVal != nil && (c.Kind() == constant.String) != (bestVal.Kind() == constant.String) {
				return nil
			}
			float = float || c.Kind() == constant.Float
			lit, _ := unparen(a).(*ast.BasicLit)
			isRune = isRune || lit != nil && lit.Kind == token.CHAR
			if bestVal == nil || constant.Compare(c, op, bestVal) {
				best, bestVal = a, c
			}
		}
		// the kind of the constants' widest: max(2, 'a', 1.5) and min(-1,
		// 2.5) are floats, min(1, 'a') a rune
		if float {
			return constLiteral(constant.ToFloat(bestVal), best.Pos())
		}
		if lit, ok := unparen(best).(*ast.BasicLit); ok && isRune && lit.Kind == token.INT {
			if v, exact := constant.Int64Val(bestVal); exact && v >= 0 && v <= utf8.MaxRune {
				return &ast.BasicLit{ValuePos: lit.ValuePos, Kind: token.CHAR, Value: strconv.QuoteRune(rune(v))}
			}
		}
		return best
	})
}

// literalConst is the value of x, a literal of a number, a rune or a
// string, or one negated.
func literalConst(x ast.Expr) (constant.Value, bool) {
	neg := false
	x = unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg, x = true, unparen(u.X)
	}
	lit, ok := x.(*ast.BasicLit)
	if !ok || lit.Kind != token.INT && lit.Kind != token.FLOAT && lit.Kind != token.CHAR && lit.Kind != token.STRING || neg && lit.Kind == token.STRING {
		return nil, false
	}
	c := constant.MakeFromLiteral(lit.Value, lit.Kind, 0)
	if c.Kind() == constant.Unknown {
		return nil, false
	}
	if neg {
		c = constant.UnaryOp(token.SUB, c, 0)
	}
	return c, true
}
