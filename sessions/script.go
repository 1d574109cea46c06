package sessions

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// parseScript reads Go source as cells: each top-level statement or
// declaration, with the comments before it, is a cell. A file with a package
// clause is a Go program, one cell.
func parseScript(name string, body []byte, skipped int) (*Transcript, error) {
	t := &Transcript{Kind: KindScript}
	firstLine := 1
	if skipped > 0 {
		firstLine = 2
	}
	chunks, err := SplitGo(name, body, firstLine)
	if err != nil {
		return nil, err
	}
	for _, c := range chunks {
		t.Cells = append(t.Cells, &Cell{N: len(t.Cells) + 1, Src: c.Src, Line: c.Line, SrcLine: c.First})
	}
	return t, nil
}

// Chunk is one top-level statement or declaration of Go source.
type Chunk struct {
	Src   string
	Line  int  // line of the statement or declaration, after the comments Src begins with
	First int  // line of Src's first line
	Decl  bool // a declaration that must be at package level (func, method, import)
}

// SplitGo cuts src into top-level statements and declarations, each with
// the comments before it: the cells Parse makes of a Go script. A file with
// a package clause is one chunk, a declaration. line is the line number of
// src's first line, for errors and chunk lines; name is the file's, for
// errors.
func SplitGo(name string, src []byte, line int) ([]Chunk, error) {
	pad := strings.Repeat("\n", line-1)
	if bytes.HasPrefix(bytes.TrimSpace(stripComments(src)), []byte("package ")) {
		return splitGoFile(name, src, pad)
	}
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, src, func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var out []Chunk
	depth, start := 0, 0
	first := -1     // offset of the statement's first token, after its comments
	header := false // an if, for or switch whose clauses hold semicolons
	add := func(end int) error {
		text := strings.TrimSpace(string(src[start:end]))
		textOff := start + strings.Index(string(src[start:end]), text)
		startOff := textOff
		if first >= 0 {
			// The cell's line is its statement's, not that of the
			// comments above it: a failure names the statement.
			startOff = first
		}
		start, header, first = end, false, -1
		if text == "" || strings.Trim(text, ";") == "" {
			return nil
		}
		ln := bytes.Count(src[:startOff], []byte("\n")) + line
		c := Chunk{Src: text, Line: ln, First: bytes.Count(src[:textOff], []byte("\n")) + line}
		empty, err := checkChunk(name, &c)
		if err != nil {
			return err
		}
		if !empty {
			out = append(out, c)
		}
		return nil
	}
	for {
		pos, tok, lit := s.Scan()
		if len(errs) > 0 {
			break
		}
		off := file.Offset(pos)
		if first < 0 && tok != token.SEMICOLON && tok != token.EOF {
			first = off
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.IF, token.FOR, token.SWITCH:
			header = header || depth == 0
		case token.SEMICOLON:
			if depth != 0 || header && lit == ";" {
				// A ';' of "for i := 0; i < n; i++ {" or "if x := f(); x {"
				// separates clauses: the statement ends with its block.
				continue
			}
			end := off + 1
			if lit == "\n" {
				// An inserted semicolon: the statement ends with its line,
				// trailing comment included.
				if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
					end = off + i + 1
				} else {
					end = len(src)
				}
			}
			if err := add(end); err != nil {
				return nil, err
			}
		case token.EOF:
			if err := add(len(src)); err != nil {
				return nil, err
			}
			return out, nil
		}
	}
	errs.Sort()
	e := errs[0]
	return nil, fmt.Errorf("%s:%d: %s", name, e.Pos.Line+line-1, e.Msg)
}

// checkChunk parses c as statements, else as a declaration, and reports a
// syntax error with its line in the file. A chunk of comments alone is empty.
func checkChunk(name string, c *Chunk) (empty bool, err error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, "package p; func _() {"+c.Src+"\n}", parser.SkipObjectResolution)
	if err == nil {
		return len(f.Decls[0].(*ast.FuncDecl).Body.List) == 0, nil
	}
	if _, derr := parser.ParseFile(fset, name, "package p;"+c.Src, parser.SkipObjectResolution); derr == nil {
		c.Decl = true
		return false, nil
	}
	if l, ok := err.(scanner.ErrorList); ok && len(l) > 0 {
		return false, fmt.Errorf("%s:%d: %s", name, l[0].Pos.Line+c.Line-1, l[0].Msg)
	}
	return false, err
}

// splitGoFile makes a Go file with a package clause one cell: a program,
// whose declarations the evaluator takes together, in any order, as the
// compiler does, then runs its init functions and main, once. A syntax
// error is reported with its line in the file.
func splitGoFile(name string, src []byte, pad string) ([]Chunk, error) {
	fset := token.NewFileSet()
	if _, err := parser.ParseFile(fset, name, pad+string(src), parser.ParseComments|parser.SkipObjectResolution); err != nil {
		if l, ok := err.(scanner.ErrorList); ok && len(l) > 0 {
			return nil, fmt.Errorf("%s:%d: %s", name, l[0].Pos.Line, l[0].Msg)
		}
		return nil, err
	}
	return []Chunk{{Src: pad + string(src), Line: 1, First: 1, Decl: true}}, nil
}

// stripComments blanks out leading // and /* */ comments, enough to see
// whether a file starts with a package clause.
func stripComments(src []byte) []byte {
	s := src
	for {
		s = bytes.TrimLeft(s, " \t\r\n")
		switch {
		case bytes.HasPrefix(s, []byte("//")):
			i := bytes.IndexByte(s, '\n')
			if i < 0 {
				return nil
			}
			s = s[i+1:]
		case bytes.HasPrefix(s, []byte("/*")):
			i := bytes.Index(s, []byte("*/"))
			if i < 0 {
				return nil
			}
			s = s[i+2:]
		default:
			return s
		}
	}
}
