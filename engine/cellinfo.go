package engine

import (
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
// the indent of the next), or cannot be made whole by more lines.
func Completeness(code string) *wire.Completeness {
	if !Incomplete(code) {
		return &wire.Completeness{Status: wire.CodeComplete}
	}
	if strings.Count(code, "}")+strings.Count(code, ")")+strings.Count(code, "]") >
		strings.Count(code, "{")+strings.Count(code, "(")+strings.Count(code, "[") {
		return &wire.Completeness{Status: wire.CodeInvalid}
	}
	depth := strings.Count(code, "{") - strings.Count(code, "}")
	return &wire.Completeness{Status: wire.CodeIncomplete, Indent: strings.Repeat("\t", max(depth, 0))}
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
