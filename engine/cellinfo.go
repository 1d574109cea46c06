package engine

import (
	"go/scanner"
	"go/token"
	"reflect"
	"strings"
	"unicode"

	"github.com/opsh/opsh/wire"
)

// SetCell numbers the next cell n+1: the front-end owns the numbering
// (the transcript's, Jupyter's execution count), and _N follows it.
func (e *Evaluator) SetCell(n int) { e.cell = n }

// NameAt returns the dotted name around byte offset cursor of code
// (strings.Split, r.Check), or "".
func NameAt(code string, cursor int) string {
	cursor = min(max(cursor, 0), len(code))
	isName := func(r byte) bool {
		return r == '.' || r == '_' || r >= 0x80 || unicode.IsLetter(rune(r)) || unicode.IsDigit(rune(r))
	}
	start, end := cursor, cursor
	for start > 0 && isName(code[start-1]) {
		start--
	}
	for end < len(code) && isName(code[end]) {
		end++
	}
	return strings.Trim(code[start:end], ".")
}

// Completeness says whether code is a whole cell, needs more lines (with
// the indent of the next: a tab per open bracket), or cannot be made whole
// by more lines (a closing bracket that opens nothing, a character Go does
// not know). The terminal's continuation, the kernel's is_complete and the
// worker's answer all use it.
func Completeness(code string) *wire.Completeness {
	depth, bad := scanBrackets(code)
	switch {
	case Incomplete(code):
		return &wire.Completeness{Status: wire.CodeIncomplete, Indent: strings.Repeat("\t", max(depth, 0))}
	case strings.HasPrefix(strings.TrimSpace(code), ":"):
		return &wire.Completeness{Status: wire.CodeComplete}
	case bad:
		return &wire.Completeness{Status: wire.CodeInvalid}
	}
	return &wire.Completeness{Status: wire.CodeComplete}
}

// scanBrackets returns how many brackets code leaves open, and whether a
// bracket closed what was not open or a token is not Go's.
func scanBrackets(code string) (depth int, bad bool) {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(code)), []byte(code), func(_ token.Position, msg string) {
		if !strings.Contains(msg, "not terminated") {
			bad = true
		}
	}, 0)
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return depth, bad
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth--; depth < 0 {
				bad = true
			}
		case token.ILLEGAL:
			bad = true
		}
	}
}

func isNonNilError(v reflect.Value) bool {
	if !v.IsValid() || !v.CanInterface() {
		return false
	}
	if (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && v.IsNil() {
		return false
	}
	_, ok := v.Interface().(error)
	return ok
}
