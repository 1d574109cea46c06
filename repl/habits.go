package repl

import (
	"go/scanner"
	"go/token"
	"strings"
)

// pythonHint is what Go writes for the Python a failed cell shows by
// habit (elif, None, f"…", for x in xs, # comments …), "" if it shows
// none. It reads the cell's tokens, so that a name only counts where
// Python would have it (and between two operands).
func pythonHint(src string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	hint := ""
	s.Init(file, []byte(src), func(_ token.Position, msg string) {
		if hint == "" && strings.Contains(msg, "rune literal") {
			hint = `Go's strings are in double quotes ("hello") or backquotes; single quotes hold one rune ('h')`
		}
	}, scanner.ScanComments)
	var toks []pyToken
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			if n := len(toks); n > 0 {
				toks[n-1].lineEnd = true
			}
			continue
		}
		toks = append(toks, pyToken{tok, lit, file.Offset(pos), false})
	}
	if n := len(toks); n > 0 {
		toks[n-1].lineEnd = true
	}
	operand := func(t token.Token) bool {
		return t == token.IDENT || t == token.INT || t == token.FLOAT || t == token.STRING || t == token.RPAREN || t == token.RBRACK
	}
	for i, t := range toks {
		var prev, next pyToken
		if i > 0 {
			prev = toks[i-1]
		}
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch {
		case t.tok == token.IDENT && t.lit == "elif":
			return "Go writes elif as else if: if a { … } else if b { … }"
		case t.tok == token.IDENT && t.lit == "None":
			return "Go's None is nil"
		case t.tok == token.IDENT && (t.lit == "True" || t.lit == "False"):
			return "Go's True and False are true and false"
		case t.tok == token.IDENT && (t.lit == "and" || t.lit == "or") && operand(prev.tok) && next.tok != 0:
			return "Go's and, or and not are &&, || and !"
		case t.tok == token.IDENT && t.lit == "not" && (prev.tok == token.IF || prev.tok == 0) && next.tok == token.IDENT:
			return "Go's and, or and not are &&, || and !"
		case t.tok == token.IDENT && t.lit == "def" && next.tok == token.IDENT:
			return "Go declares a function with func: func name(x int) int { … }"
		case t.tok == token.IDENT && t.lit == "while" && i == 0:
			return "Go's while is for: for cond { … }"
		case t.tok == token.IDENT && t.lit == "in" && inForHeader(toks[:i]):
			return "Go ranges with :=: for i := range 3 { … }, for _, x := range xs { … }"
		case t.tok == token.STRING && prev.tok == token.IDENT && prev.lit == "f" && prev.off+1 == t.off:
			return `Go has no f-strings: fmt.Sprintf("host %s", name)`
		case t.tok == token.ILLEGAL && t.lit == "#":
			return "Go's comments start with //"
		case t.tok == token.IMPORT && next.tok == token.IDENT:
			return `a package is imported when a cell first names it (os.Getwd()); or import "os"`
		case t.tok == token.PERIOD && next.tok == token.IDENT && next.lit == "append":
			return "Go appends with its builtin: x = append(x, 4)"
		case t.tok == token.COLON && t.lineEnd && pythonBlock(toks[0].tok, toks[0].lit):
			return "Go's blocks are in braces: if x > 1 { … }"
		case t.tok == token.COLON && prev.tok == token.COLON && next.tok == token.SUB:
			return "Go has no step in a slice: slices.Reverse(xs) reverses one (on a copy: slices.Clone(xs))"
		}
	}
	return hint
}

// A pyToken is a token of a cell pythonHint reads.
type pyToken struct {
	tok     token.Token
	lit     string
	off     int
	lineEnd bool // the last token of its line
}

// inForHeader reports whether toks, the tokens before an `in`, are a for
// and one or two names.
func inForHeader(toks []pyToken) bool {
	n := len(toks)
	switch {
	case n >= 2 && toks[n-2].tok == token.FOR && toks[n-1].tok == token.IDENT:
		return true
	case n >= 4 && toks[n-4].tok == token.FOR && toks[n-3].tok == token.IDENT && toks[n-2].tok == token.COMMA && toks[n-1].tok == token.IDENT:
		return true
	}
	return false
}

// pythonBlock reports whether a line starting with tok (lit) starts a
// Python block, which ends in a colon.
func pythonBlock(tok token.Token, lit string) bool {
	switch tok {
	case token.IF, token.FOR, token.ELSE:
		return true
	case token.IDENT:
		return lit == "while" || lit == "def" || lit == "elif" || lit == "try" || lit == "with"
	}
	return false
}
