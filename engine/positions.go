package engine

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/goref"
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
	// a column unknown (after a //line directive of the source's own) is
	// none a directive may give
	return fmt.Sprintf("/*line :%d:%d*/", p.Line, max(p.Column, 1))
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
	generatedName = lazyre.New(`\b_opshMain\b|\b_opshD\d+\b|\b_opsh_(\w+?)\d+\b|\b_opshGen(\w+)\b|\b_opshV\d+_(\w+)\b|\b` + typeParamPrefix + `(\w+)\b`)
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
	msg = goWording(msg, at.cell, line, col)
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

// inCell is err, the rewrite's, with the line its text names where the
// cell has several lines, as friendly writes yaegi's.
func inCell(err error, cell string) error {
	var l *LocatedError
	if errors.As(err, &l) && l.Line > 0 && strings.Contains(strings.TrimRight(cell, "\n"), "\n") {
		return &LocatedError{Err: fmt.Errorf("line %d:%d: %w", l.Line, l.Col, l.Err), Line: l.Line, Col: l.Col}
	}
	return err
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
	case strings.Contains(msg, "ambiguous selector"):
		return " (where a field hides a method of its name promoted from an embedded field, as Go allows, the interpreter takes them as ambiguous: name one of them otherwise; see :help limits)"
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
		if lit, err := parser.ParseExpr(m[1]); err == nil && constKind(lit) != "" {
			what = m[1] + " (untyped " + constKind(lit) + " constant)" // return "x", Go's words
		}
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
		return m[1] + m[2] + m[3] + m[4]
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
// (its text and number), and the function of the user's it happened in, if
// any. yaegi gives each frame the position of the call it was making, and
// the innermost the panic's, or, for a panic its own code raised (an
// index, a close), its function's first statement (see notThere): a panic
// in a function f is told as "in f", at f's line where the cell declares
// f, else at the cell's line that called it.
func (at cellPos) panicSite(trace []string) (line string, n int, in string) {
	lines := strings.Split(strings.TrimRight(at.cell, "\n"), "\n")
	inner := true
	for _, t := range trace {
		m := panicTraceLine.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		if inner && strings.HasPrefix(userNames(m[3]), "_opsh") {
			continue // a helper of opsh's (_opshMust): its caller's frame is the user's
		}
		if inner {
			inner = false
			if fn := m[3]; fn != "" && fn != "func" {
				in = userNames(fn)
				l, _ := strconv.Atoi(m[1])
				known := l >= 1 && l <= len(lines) && strings.TrimSpace(lines[l-1]) != ""
				if outer, ok := strings.CutSuffix(in, ".func"); ok && known && !at.inLiteral(l) {
					in = outer // a literal of the rewrites' (a checked assertion's): its function's
				}
				if known && (at.declares(in) || at.inLiteral(l)) {
					return strings.TrimSpace(lines[l-1]), l, in // the line in the function, or the literal
				}
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

// inLiteral reports whether the line n of the cell is in a function
// literal of the cell's.
func (at cellPos) inLiteral(n int) bool {
	fset, f := parseAny(at.cell)
	found := false
	if f != nil {
		ast.Inspect(f, func(node ast.Node) bool {
			if fl, ok := node.(*ast.FuncLit); ok && fset.Position(fl.Pos()).Line <= n && n <= fset.Position(fl.End()).Line {
				found = true
			}
			return !found
		})
	}
	return found
}

// declares reports whether the cell declares the function in (the
// positions of a trace's frame in it are the cell's).
func (at cellPos) declares(in string) bool {
	_, _, _, ok := at.panicLines(in, 0, "")
	return ok
}

// panicLines are the lines of the cell where a panic of msg may happen in
// the function in (a function or method the cell declares, main of a
// program; "" for the cell's own statements): a division's for a division
// by zero, an index's for an index out of range, a call of panic's for a
// panic of the user's; and the line in starts at. For a function literal
// (in is f.func), the literal's of the cell's that holds the line n, the
// innermost. False if the cell does not declare in.
func (at cellPos) panicLines(in string, n int, msg string) (lines []int, start, first int, ok bool) {
	fset, f := parseAny(at.cell)
	if f == nil {
		return nil, 0, 0, false
	}
	var body *ast.BlockStmt
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && (fd.Name.Name == in || in == "" && fd.Name.Name == "_" ||
			fd.Recv != nil && len(fd.Recv.List) == 1 && goref.ReceiverType(fd.Recv.List[0].Type)+"."+fd.Name.Name == in) {
			body, start = fd.Body, fset.Position(fd.Pos()).Line
		}
	}
	if body == nil && n > 0 && (in == "func" || strings.HasSuffix(in, ".func")) {
		ast.Inspect(f, func(node ast.Node) bool {
			if fl, ok := node.(*ast.FuncLit); ok && fset.Position(fl.Pos()).Line <= n && n <= fset.Position(fl.End()).Line {
				body, start = fl.Body, fset.Position(fl.Pos()).Line
			}
			return true
		})
	}
	if body == nil {
		return nil, 0, 0, false
	}
	if len(body.List) > 0 {
		first = fset.Position(body.List[0].Pos()).Line
	}
	may := panicsWith(msg)
	ast.Inspect(body, func(n ast.Node) bool {
		if n != nil && may(n) {
			if l := fset.Position(n.Pos()).Line; !slices.Contains(lines, l) {
				lines = append(lines, l)
			}
		}
		return true
	})
	return lines, start, first, true
}

// panicLine is the line of the cell where a panic of msg happened in the
// function in, when one expression of it alone can panic so (panicLines).
// yaegi gives the innermost frame of a panic raised by its own code (an
// index, a close) the position of its function's first statement, which
// panicSite cannot better.
func (at cellPos) panicLine(in string, n int, msg string) (int, bool) {
	lines, _, _, _ := at.panicLines(in, n, msg)
	if len(lines) != 1 || lines[0] < 1 || lines[0] > strings.Count(at.cell, "\n")+1 {
		return 0, false
	}
	return lines[0], true
}

// notThere reports whether the line n, where panicSite puts a panic of msg
// in the function in, may well not be where it happened, as yaegi names
// its function's first statement for a panic its own code raised: msg is
// a run time's that only some expressions raise (an index, a close), none
// of them on that line; or another run time's (a nil pointer followed),
// and n is the function's first statement. If so, it gives the line the
// function starts at.
func (at cellPos) notThere(in string, n int, msg string) (int, bool) {
	if in == "" || !strings.HasPrefix(msg, "runtime error:") && runtimeOnly(msg) == nil {
		// (the cell's own statements: yaegi names the one that ran)
		return 0, false
	}
	lines, start, first, ok := at.panicLines(in, n, msg)
	if runtimeOnly(msg) == nil {
		return start, ok && n == first
	}
	return start, ok && !slices.Contains(lines, n)
}

// panicsWith is what tells the expressions and statements that may panic
// with msg.
func panicsWith(msg string) func(ast.Node) bool {
	if may := runtimeOnly(msg); may != nil {
		return may
	}
	if strings.HasPrefix(msg, "runtime error:") {
		return func(ast.Node) bool { return false } // a nil pointer followed: too many places
	}
	return func(n ast.Node) bool { // the user's panic(v)
		call, ok := n.(*ast.CallExpr)
		return ok && isIdent(call.Fun, "panic")
	}
}

// runtimeOnly is what tells the expressions and statements that may raise
// msg, a run time's panic only they raise; nil for another panic.
func runtimeOnly(msg string) func(ast.Node) bool {
	switch {
	case strings.Contains(msg, "integer divide by zero"):
		return func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BinaryExpr:
				_, literal := x.Y.(*ast.BasicLit)
				return (x.Op == token.QUO || x.Op == token.REM) && !literal
			case *ast.AssignStmt:
				return x.Tok == token.QUO_ASSIGN || x.Tok == token.REM_ASSIGN
			}
			return false
		}
	case strings.HasPrefix(msg, "runtime error: index out of range"):
		return func(n ast.Node) bool { _, ok := n.(*ast.IndexExpr); return ok }
	case strings.HasPrefix(msg, "runtime error: slice bounds out of range"):
		return func(n ast.Node) bool { _, ok := n.(*ast.SliceExpr); return ok }
	case strings.Contains(msg, "assignment to entry in nil map"):
		return func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				return slices.ContainsFunc(x.Lhs, func(l ast.Expr) bool { _, ok := l.(*ast.IndexExpr); return ok })
			case *ast.IncDecStmt:
				_, ok := x.X.(*ast.IndexExpr)
				return ok
			}
			return false
		}
	case strings.HasPrefix(msg, "close of nil channel"), strings.HasPrefix(msg, "close of closed channel"):
		return func(n ast.Node) bool { call, ok := n.(*ast.CallExpr); return ok && isIdent(call.Fun, "close") }
	case strings.HasPrefix(msg, "send on closed channel"):
		return func(n ast.Node) bool { _, ok := n.(*ast.SendStmt); return ok }
	case strings.HasPrefix(msg, "interface conversion:"):
		return func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.TypeAssertExpr:
				return x.Type != nil
			case *ast.TypeSwitchStmt:
				return true
			}
			return false
		}
	}
	return nil
}

// kindName words one of the interpreter's kinds of type (intT, sliceT) as
// Go would: int, slice, pointer.
func kindName(cat string) string {
	if name := strings.TrimSuffix(cat, "T"); name != "ptr" {
		return name
	}
	return "pointer"
}

// pinLines gives each //line directive of go/printer's SourcePos mode in
// out, printed from n, its column. The printer writes one before a token
// it lays out on another line than the one it was written on (the body of
// for … { s += x }, spread over three lines), with the token's line but no
// column, and yaegi then knows no column up to the next directive.
// pinLines writes /*line :L:C*/ before the token instead, its column that
// of the first of n's tokens of that text on line L past the one it
// found before (the printer writes n's tokens in their order), or, for a
// token of no start in n (a rewrite's), where the printer put it. It
// follows the printer's count of lines, and finds each line's first
// token too.
func pinLines(out []byte, fset *token.FileSet, n ast.Node) []byte {
	const mark = "//line "
	if !bytes.Contains(out, []byte(mark)) {
		return out
	}
	starts := lineStarts(fset, n)
	inRaw := rawStringLines(out)
	var b bytes.Buffer
	last := token.NoPos
	line := 1     // the line the printer counts the next one of out
	pending := -1 // where in b the printer's directive before it is
	for offset := 0; len(out) > 0; {
		text := out
		if i := bytes.IndexByte(out, '\n'); i >= 0 {
			text = out[:i+1]
		}
		out = out[len(text):]
		within := inRaw(offset)
		offset += len(text)
		if l, ok := printerDirective(text, mark); ok && !within {
			b.Write(text)
			line, pending = l, b.Len()-len(text)
			continue
		}
		code := bytes.TrimLeft(text, " \t")
		pin := fmt.Sprintf("/*line :%d:%d*/", line, len(text)-len(code)+1)
		if pos := nextStart(starts[line], last, firstToken(code)); pos.IsValid() {
			last, pin = pos, directive(fset, pos)
		}
		if pending >= 0 {
			// never the printer's own: of no column, it also names no
			// file, and yaegi finds the packages a file imports by its
			// name
			b.Truncate(pending)
			b.Write(text[:len(text)-len(code)])
			b.WriteString(pin)
			text = code
		}
		b.Write(text)
		line, pending = line+1, -1
	}
	return b.Bytes()
}

// rawStringLines tells whether a line of src starting at an offset is
// inside a raw string literal (a source's `…` holding a //line directive
// of its own, for go/parser, is no directive of the printer's).
func rawStringLines(src []byte) func(offset int) bool {
	if !bytes.ContainsRune(src, '`') {
		return func(int) bool { return false }
	}
	type span struct{ from, to int }
	var raws []span
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.STRING && strings.HasPrefix(lit, "`") {
			from := file.Offset(pos)
			raws = append(raws, span{from, from + len(lit)})
		}
	}
	return func(offset int) bool {
		for _, r := range raws {
			if r.from < offset && offset < r.to {
				return true
			}
		}
		return false
	}
}

// printerDirective reads the line a directive of the printer's, text,
// says.
func printerDirective(text []byte, mark string) (int, bool) {
	rest, ok := bytes.CutPrefix(text, []byte(mark))
	if !ok {
		return 0, false
	}
	rest = bytes.TrimSuffix(rest, []byte("\n"))
	colon := bytes.LastIndexByte(rest, ':')
	if colon < 0 {
		return 0, false
	}
	line, err := strconv.Atoi(string(rest[colon+1:]))
	return line, err == nil
}

// A start is a position in a node a token the printer puts first on a
// line can have: a node's start, or a closing bracket; text is the token
// there, "" when it is not known (and the start is not taken).
type start struct {
	pos  token.Pos
	text string
}

// lineStarts are the starts in n, in their order, by their line in the
// file (the printer's directives do not follow the file's own).
func lineStarts(fset *token.FileSet, n ast.Node) map[int][]start {
	starts := map[int][]start{}
	add := func(p token.Pos, text string) {
		if p.IsValid() {
			line := fset.PositionFor(p, false).Line
			starts[line] = append(starts[line], start{p, text})
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if m == nil {
			return false
		}
		add(m.Pos(), nodeToken(m))
		switch x := m.(type) {
		case *ast.BlockStmt:
			add(x.Rbrace, "}")
		case *ast.CompositeLit:
			add(x.Rbrace, "}")
		case *ast.CallExpr:
			add(x.Rparen, ")")
		case *ast.StructType:
			add(x.Fields.Closing, "}")
		case *ast.InterfaceType:
			add(x.Methods.Closing, "}")
		case *ast.ParenExpr:
			add(x.Rparen, ")")
		case *ast.GenDecl:
			add(x.Rparen, ")")
		case *ast.IndexExpr:
			add(x.Rbrack, "]")
		}
		return true
	})
	for _, ps := range starts {
		slices.SortStableFunc(ps, func(a, b start) int { return int(a.pos - b.pos) })
	}
	return starts
}

// nextStart is the first of ps past last whose token is tok.
func nextStart(ps []start, last token.Pos, tok string) token.Pos {
	for _, p := range ps {
		if p.pos > last && p.text != "" && p.text == tok {
			return p.pos
		}
	}
	return token.NoPos
}

// firstToken is the first token of a line of source, "" if none.
func firstToken(code []byte) string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(code)), code, nil, scanner.ScanComments)
	_, tok, lit := s.Scan()
	switch {
	case tok == token.EOF || tok == token.SEMICOLON:
		return ""
	case lit != "" && tok != token.COMMENT:
		return lit
	}
	return tok.String()
}

// nodeToken is the token n starts with, "" if not known.
func nodeToken(n ast.Node) string {
	switch x := n.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.BasicLit:
		return x.Value
	case *ast.CompositeLit:
		if x.Type == nil {
			return "{"
		}
		return nodeToken(x.Type)
	case *ast.KeyValueExpr:
		return nodeToken(x.Key)
	case *ast.ArrayType:
		return "["
	case *ast.MapType:
		return "map"
	case *ast.StructType:
		return "struct"
	case *ast.InterfaceType:
		return "interface"
	case *ast.LabeledStmt:
		return x.Label.Name
	case *ast.TypeAssertExpr:
		return nodeToken(x.X)
	case *ast.SliceExpr:
		return nodeToken(x.X)
	case *ast.IndexListExpr:
		return nodeToken(x.X)
	case *ast.IfStmt:
		return "if"
	case *ast.ForStmt, *ast.RangeStmt:
		return "for"
	case *ast.SwitchStmt, *ast.TypeSwitchStmt:
		return "switch"
	case *ast.SelectStmt:
		return "select"
	case *ast.ReturnStmt:
		return "return"
	case *ast.GoStmt:
		return "go"
	case *ast.DeferStmt:
		return "defer"
	case *ast.BranchStmt:
		return x.Tok.String()
	case *ast.BlockStmt:
		return "{"
	case *ast.GenDecl:
		return x.Tok.String()
	case *ast.DeclStmt:
		return nodeToken(x.Decl)
	case *ast.FuncDecl, *ast.FuncLit, *ast.FuncType:
		return "func"
	case *ast.CaseClause:
		if x.List == nil {
			return "default"
		}
		return "case"
	case *ast.CommClause:
		if x.Comm == nil {
			return "default"
		}
		return "case"
	case *ast.ExprStmt:
		return nodeToken(x.X)
	case *ast.AssignStmt:
		return nodeToken(x.Lhs[0])
	case *ast.IncDecStmt:
		return nodeToken(x.X)
	case *ast.SendStmt:
		return nodeToken(x.Chan)
	case *ast.CallExpr:
		return nodeToken(x.Fun)
	case *ast.SelectorExpr:
		return nodeToken(x.X)
	case *ast.BinaryExpr:
		return nodeToken(x.X)
	case *ast.IndexExpr:
		return nodeToken(x.X)
	case *ast.StarExpr:
		return "*"
	case *ast.ParenExpr:
		return "("
	case *ast.UnaryExpr:
		return x.Op.String()
	}
	return ""
}
