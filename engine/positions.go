package engine

import (
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
)

// This file is how errors come to speak of the user's cell. Every piece of
// source the evaluator gives yaegi carries /*line :L:C*/ directives taken
// from the cell's own parse, so yaegi's positions are the cell's lines and
// columns; here they become "line L:C: …" (or nothing, for a one-line
// cell), and the names the rewrites introduced go back to the user's.

// cellPos is where the source being run stands in the user's cell.
type cellPos struct {
	cell string // the cell's source
	line int    // the line of the statement or declarations being run
}

// directive pins the position of the source that follows it to pos's line
// and column in the cell.
func directive(fset *token.FileSet, pos token.Pos) string {
	if !pos.IsValid() {
		return ""
	}
	p := fset.Position(pos)
	if p.Line == 0 {
		return ""
	}
	return fmt.Sprintf("/*line :%d:%d*/", p.Line, p.Column)
}

var (
	// posPrefix is the position yaegi puts before an error: "L:C: " with
	// or without a file name.
	posPrefix = lazyre.New(`^(?:[^\s:]*:)?(\d+):(\d+): `)
	// panicTraceLine is one frame of the trace yaegi prints on a panic.
	panicTraceLine = lazyre.New(`^(?:[^\s:]*:)?(\d+):(\d+): panic(?:: main\.([^(\s]*)\()?`)
	undefinedName  = lazyre.New(`^undefined: (\w+)$`)
	// yaegiLogPanic is a line yaegi's compiler logs before it panics.
	yaegiLogPanic = lazyre.New(`(?:^|\s)(?:nil type|nil reflect type|\d+:\d+: compositeGenerator not implemented for type kind: \S+)\n?$`)
	// returnKinds is yaegi's error for a return value of the wrong type,
	// which names the interpreter's kinds of type (intT, structT).
	returnKinds = lazyre.New(`^cannot use (.*) \(type (\w+T)\) as type (\w+T) in return argument$`)
	// returnsMismatch is yaegi's "but f returns 1 values", Go's "but f()
	// returns 1 value".
	returnsMismatch = lazyre.New(`assignment mismatch: (\d+) variables but ([\w.]+) returns (\d+) values`)
	undefinedSel    = lazyre.New(`undefined selector:? (\w+)\.(\w+)`)
	// generated names the rewrites introduce, and what the user wrote.
	generatedName = lazyre.New(`\b_opshMain\b|\b_opshD\d+\b|\b_opsh_(\w+?)\d+\b|\b_opshGen(\w+)\b|\b_opshV\d+_(\w+)\b`)
)

// UndefinedError is a compile error naming a name not declared (Name as
// the interpreter knows it).
type UndefinedError struct {
	Name string
	Err  error
}

func (u *UndefinedError) Error() string { return u.Err.Error() }
func (u *UndefinedError) Unwrap() error { return u.Err }

// friendly strips the interpreter's position, puts the cell's in front for
// a cell of several lines, and names what the user can do.
func (at cellPos) friendly(err error) error {
	msg := err.Error()
	line, col := yaegiPosition(err)
	if line > 0 {
		msg = posPrefix.ReplaceAllString(msg, "")
	}
	msg = userNames(strings.TrimSpace(msg))
	msg += limitHint(msg)
	if strings.Contains(strings.TrimRight(at.cell, "\n"), "\n") && line > 0 {
		msg = fmt.Sprintf("line %d:%d: %s", line, col, msg)
	}
	out := errors.New(msg)
	if m := undefinedName.FindStringSubmatch(strings.TrimSpace(posPrefix.ReplaceAllString(err.Error(), ""))); m != nil {
		return &UndefinedError{Name: m[1], Err: out}
	}
	return out
}

// yaegiPosition is the line and column of the cell yaegi's error begins
// with, 0, 0 if none.
func yaegiPosition(err error) (line, col int) {
	m := posPrefix.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, 0
	}
	line, _ = strconv.Atoi(m[1])
	col, _ = strconv.Atoi(m[2])
	return line, col
}

// LocatedError is a cell's error with the line and column (0 if only the
// line is known) of the cell it happened at, which its text names only
// for a cell of several lines. The front-end rebuilds it from the wire, and
// a replay turns the cell's line into the file's.
type LocatedError struct {
	Err       error
	Line, Col int
}

func (l *LocatedError) Error() string { return l.Err.Error() }
func (l *LocatedError) Unwrap() error { return l.Err }

// Position is the error's line and column in the cell.
func (l *LocatedError) Position() (line, col int) { return l.Line, l.Col }

// located is err at line and column of its cell: err itself when the line
// is not known.
func located(err error, line, col int) error {
	if line <= 0 {
		return err
	}
	return &LocatedError{Err: err, Line: line, Col: col}
}

// limitHint says what to do about errors that come from the interpreter's
// limits rather than the user's code.
func limitHint(msg string) string {
	switch {
	case undefinedSel.MatchString(msg):
		return " (generic functions of the standard library and packages newer than the interpreter's are not all available; see :help limits)"
	case strings.Contains(msg, "slice index out of bounds") || strings.Contains(msg, "index out of range [-"):
		return " (Go has no negative indices: s[len(s)-3:] is Python's s[-3:])"
	}
	return ""
}

// userNames gives back the names the rewrites replaced.
func userNames(msg string) string {
	msg = untaggedText(msg)
	msg += redefinedHint(msg)
	if m := returnKinds.FindStringSubmatch(msg); m != nil && m[3] != "interfaceT" {
		// (Given as an interface, the value may lack methods a later cell
		// declares: pending.go reads yaegi's words then.)
		what := m[1] + " (value of type " + kindName(m[2]) + ")"
		if m[1] == "" {
			what = "a value of type " + kindName(m[2])
		}
		msg = fmt.Sprintf("cannot use %s as %s value in return statement", what, kindName(m[3]))
	}
	msg = returnsMismatch.ReplaceAllStringFunc(msg, func(s string) string {
		m := returnsMismatch.FindStringSubmatch(s)
		n, _ := strconv.Atoi(m[3])
		return fmt.Sprintf("assignment mismatch: %s variables but %s() returns %s", m[1], m[2], plural(n, "value"))
	})
	return generatedName.ReplaceAllStringFunc(msg, func(s string) string {
		switch {
		case s == mainName:
			return "main"
		case strings.HasPrefix(s, defTemp):
			return "the value"
		}
		m := generatedName.FindStringSubmatch(s)
		return m[1] + m[2] + m[3]
	})
}

// cellError words a parse error of the cell with its line and column.
func cellError(err error) error {
	msg := err.Error()
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		msg = fmt.Sprintf("line %d:%d: %s", list[0].Pos.Line, list[0].Pos.Column, list[0].Msg)
	}
	return errors.New("syntax error: " + msg)
}

// panicSite is where a panic of the cell happened, from the frames of the
// trace yaegi printed (innermost first): the line of the cell it names
// (its text and number), and the function of the user's it happened in, if any. yaegi gives each
// frame the position of the call it was making, except the innermost,
// which it gives its function's first statement: a panic in a function
// f is therefore told as "in f", at the cell's line that called it.
func (at cellPos) panicSite(trace []string) (line string, n int, in string) {
	lines := strings.Split(strings.TrimRight(at.cell, "\n"), "\n")
	inner := true
	for _, t := range trace {
		m := panicTraceLine.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		if inner {
			inner = false
			if fn := m[3]; fn != "" && fn != "func" {
				in = userNames(fn)
				continue
			}
		}
		l, _ := strconv.Atoi(m[1])
		if l >= 1 && l <= len(lines) && strings.TrimSpace(lines[l-1]) != "" {
			return strings.TrimSpace(lines[l-1]), l, in
		}
	}
	if in == "" && at.line >= 1 && at.line <= len(lines) {
		return strings.TrimSpace(lines[at.line-1]), at.line, ""
	}
	return "", 0, in
}

// kindName words one of the interpreter's kinds of type (intT, sliceT) as
// Go would: int, slice, pointer.
func kindName(cat string) string {
	if name := strings.TrimSuffix(cat, "T"); name != "ptr" {
		return name
	}
	return "pointer"
}
