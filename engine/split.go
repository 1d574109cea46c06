package engine

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// Incomplete reports whether src needs more lines before it can run: an
// open bracket, an unterminated raw string or comment, or a line that ends
// in an operator or a dot. The REPL then shows its continuation prompt.
func Incomplete(src string) bool {
	if strings.TrimSpace(src) == "" || strings.HasPrefix(strings.TrimSpace(src), ":") {
		return false
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	unterminated := false
	s.Init(file, []byte(src), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			unterminated = true
		}
	}, scanner.ScanComments)
	depth := 0
	last, first := token.ILLEGAL, token.ILLEGAL
	firstLit := ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if first == token.ILLEGAL && tok != token.COMMENT {
			first, firstLit = tok, lit
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.COMMENT:
			continue
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // the automatic semicolon at the end of the input
		}
		last = tok
	}
	if unterminated || depth > 0 {
		return true
	}
	if last == token.COLON && (first == token.IF || first == token.FOR || first == token.ELSE || first == token.IDENT && (firstLit == "while" || firstLit == "elif" || firstLit == "def")) {
		return false // Python's block (if x > 1:), which fails at once with what Go writes
	}
	switch last {
	case token.PERIOD, token.COMMA, token.ADD, token.SUB, token.MUL, token.QUO, token.REM,
		token.AND, token.OR, token.XOR, token.SHL, token.SHR, token.AND_NOT,
		token.LAND, token.LOR, token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ,
		token.ASSIGN, token.DEFINE, token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN,
		token.QUO_ASSIGN, token.REM_ASSIGN, token.AND_ASSIGN, token.OR_ASSIGN, token.XOR_ASSIGN,
		token.SHL_ASSIGN, token.SHR_ASSIGN, token.AND_NOT_ASSIGN, token.ARROW, token.COLON:
		return true
	}
	return false
}

type tokInfo struct {
	pos token.Pos
	tok token.Token
}

// A segment is one top-level statement or declaration of a cell.
type segment struct {
	src      string
	line     int // 1-based line of the segment's start within the cell
	off, end int // byte offsets of src in the cell
	decl     bool
}

// splitCell cuts a cell into its top-level statements and declarations, at
// the semicolons (written or automatic) outside brackets. yaegi cannot
// evaluate declarations and statements in one call: the evaluator runs
// consecutive declarations together and each statement on its own.
func splitCell(src string) []segment {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	var segs []segment
	var cur []tokInfo
	start := -1
	depth := 0
	// Between for, if, switch or select and the brace of its body, a
	// semicolon separates the header's clauses, not statements.
	header := false
	flush := func(end int) {
		if len(cur) == 0 {
			return
		}
		text := strings.TrimSpace(src[start:end])
		if text != "" {
			off := start + strings.Index(src[start:end], text)
			seg := segment{src: text, line: file.Line(cur[0].pos), off: off, end: off + len(text), decl: isDecl(cur)}
			segs = append(segs, seg)
		}
		cur, start = nil, -1
	}
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF {
			flush(len(src))
			break
		}
		off := file.Offset(pos)
		switch tok {
		case token.FOR, token.IF, token.SWITCH, token.SELECT:
			if depth == 0 {
				header = true
			}
		case token.LBRACE:
			if depth == 0 {
				header = false
			}
			depth++
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.SEMICOLON:
			if depth == 0 && !header {
				flush(off)
				continue
			}
		}
		if start < 0 {
			start = off
		}
		cur = append(cur, tokInfo{pos, tok})
	}
	return segs
}

// isDecl reports whether a segment's tokens start a declaration, evaluated
// at the top level: import, type, const, a named func or a method. A var
// declaration runs as a statement (see declareVars).
func isDecl(toks []tokInfo) bool {
	switch toks[0].tok {
	case token.IMPORT, token.TYPE, token.CONST:
		return true
	case token.FUNC:
		if len(toks) < 2 {
			return false
		}
		if toks[1].tok == token.IDENT {
			return true
		}
		if toks[1].tok != token.LPAREN {
			return false
		}
		// func (recv) Name( is a method; func (params) T { is a literal.
		depth := 0
		for i := 1; i < len(toks); i++ {
			switch toks[i].tok {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return i+2 < len(toks) && toks[i+1].tok == token.IDENT &&
						(toks[i+2].tok == token.LPAREN || toks[i+2].tok == token.LBRACK)
				}
			}
		}
	}
	return false
}

// Headers a part of a cell is parsed behind. The line directive gives the
// part's nodes the cell's own lines and columns.
const (
	declsHeader = "package p;/*line :1:1*/"
	stmtsHeader = "package p; func _() {/*line :1:1*/"
)

// parsePart parses the bytes [off, end) of a cell as declarations (a file)
// or as statements (the body of the file's one function), with positions
// in fset that are the cell's lines and columns.
func parsePart(fset *token.FileSet, cell string, off, end int, decls bool) (*ast.File, error) {
	part := blankOutside(cell, off, end)
	if decls {
		return parser.ParseFile(fset, "", declsHeader+part, parser.ParseComments)
	}
	return parser.ParseFile(fset, "", stmtsHeader+part+"\n}", parser.ParseComments)
}

// blankOutside returns s with every byte outside [off, end) but line ends
// made a space, so that what is left keeps its line and column.
func blankOutside(s string, off, end int) string {
	b := []byte(s)
	for i := range b {
		if (i < off || i >= end) && b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}
