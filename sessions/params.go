package sessions

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Param is a parameter a cell declares, papermill-style, with a default
// and optionally a description:
//
//	host := param("host", "web-1", "the host to check")
//	n := param("count", 3)
//	dry := param("dry-run", false)
//	wait := param("timeout", 30*time.Second, "how long to wait for it")
//
// Its type is the default's: a string, an int, a float64, a bool or a
// time.Duration. Params reads them from the source, without running it.
type Param struct {
	Name string
	// Type is one of the Type constants, or "" when the default is not a
	// constant (a variable, a call): then any text is taken.
	Type string
	// Default is the default's source text, e.g. `"web-1"` or
	// `30*time.Second`; "" if none.
	Default string
	// Value is the default's value as text, in the form Parse gives
	// (web-1, 3, false, 30s); "" when Type is "".
	Value       string
	Description string // the third argument, "" if none
	Cell        int    // number of the declaring cell
	Line        int    // line of the call in the file
}

// The types a parameter takes.
const (
	TypeString   = "string"
	TypeInt      = "int"
	TypeFloat    = "float64"
	TypeBool     = "bool"
	TypeDuration = "time.Duration"
)

// Parse checks that text is a value of p's type and returns it in the form
// the interpreter reads back with strconv and time.ParseDuration: an int in
// decimal, a float64 as strconv.FormatFloat(f, 'g', -1, 64), a bool as
// "true" or "false", a duration as time.Duration's String. A string, or a
// parameter of unknown type, is returned as it is.
func (p Param) Parse(text string) (string, error) {
	bad := func(want string) error {
		return fmt.Errorf("parameter %q takes %s, not %q", p.Name, want, text)
	}
	switch p.Type {
	case TypeInt:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, strconv.IntSize)
		if err != nil {
			return "", bad("an int")
		}
		return strconv.FormatInt(n, 10), nil
	case TypeFloat:
		f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return "", bad("a number")
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case TypeBool:
		b, err := strconv.ParseBool(strings.TrimSpace(text))
		if err != nil {
			return "", bad("true or false")
		}
		return strconv.FormatBool(b), nil
	case TypeDuration:
		d, err := time.ParseDuration(strings.TrimSpace(text))
		if err != nil {
			return "", bad("a duration such as 90s or 1h30m")
		}
		return d.String(), nil
	}
	return text, nil
}

// Params lists the parameters the cells of t declare: every call
// param("name", default[, "description"]) whose name is a constant string,
// in order. A name declared twice is listed twice.
func Params(t *Transcript) []Param {
	var out []Param
	for _, c := range t.Cells {
		if strings.Contains(c.Src, "param") {
			out = append(out, cellParams(c)...)
		}
	}
	return out
}

// ParamsByName is Params without repeats: the first declaration of each
// name, which is the one a value given on the command line is checked
// against.
func ParamsByName(t *Transcript) []Param {
	seen := map[string]bool{}
	var out []Param
	for _, p := range Params(t) {
		if !seen[p.Name] {
			seen[p.Name] = true
			out = append(out, p)
		}
	}
	return out
}

// cellParams reads the param calls of one cell, parsed as statements, as
// declarations, or as a whole Go file.
func cellParams(c *Cell) []Param {
	fset := token.NewFileSet()
	var (
		f     *ast.File
		src   string
		shift int // lines the wrapper adds before the cell's first line
		err   error
	)
	for _, w := range []struct{ head, tail string }{
		{"package p; func _() {\n", "\n}"},
		{"package p;\n", ""},
		{"", ""},
	} {
		src = w.head + c.Src + w.tail
		shift = strings.Count(w.head, "\n")
		if f, err = parser.ParseFile(fset, "", src, parser.SkipObjectResolution); err == nil {
			break
		}
	}
	if err != nil {
		return nil
	}
	var out []Param
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || len(call.Args) > 3 {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "param" {
			return true
		}
		nv, ok := evalConst(call.Args[0])
		if !ok || nv.typ != TypeString {
			return true
		}
		p := Param{Name: constant.StringVal(nv.v), Cell: c.N, Line: c.Line + fset.Position(call.Pos()).Line - 1 - shift}
		if len(call.Args) > 1 {
			a := call.Args[1]
			p.Default = src[fset.Position(a.Pos()).Offset:fset.Position(a.End()).Offset]
			if dv, ok := evalConst(a); ok {
				if text, fits := dv.text(); fits {
					p.Type, p.Value = dv.typ, text
				}
			}
		}
		if len(call.Args) > 2 {
			if dv, ok := evalConst(call.Args[2]); ok && dv.typ == TypeString {
				p.Description = constant.StringVal(dv.v)
			}
		}
		out = append(out, p)
		return true
	})
	return out
}

// ParamValues checks the values given on the command line (by name, as
// text) against the parameters t declares and returns them in the form
// Param.Parse gives. A name no cell declares (nor a secret the transcript
// needs, see RedactedNames) is an error listing the names it does declare;
// a value that is not of its parameter's type is an error naming both.
func ParamValues(t *Transcript, given map[string]string) (map[string]string, error) {
	declared := map[string]Param{}
	for _, p := range ParamsByName(t) {
		declared[p.Name] = p
	}
	for _, n := range RedactedNames(t) {
		if _, ok := declared[n]; !ok {
			declared[n] = Param{Name: n}
		}
	}
	var unknown []string
	for n := range given {
		if _, ok := declared[n]; !ok {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return nil, unknownParams(t.Name, unknown, declared)
	}
	out := make(map[string]string, len(given))
	for _, n := range slices.Sorted(maps.Keys(given)) {
		v, err := declared[n].Parse(given[n])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.Name, err)
		}
		out[n] = v
	}
	return out, nil
}

// CheckParams is ParamValues for its error only: nil when every given value
// names a parameter (or a secret) of t and is of its type.
func CheckParams(t *Transcript, given map[string]string) error {
	_, err := ParamValues(t, given)
	return err
}

// unknownParams is the error for parameters no cell declares.
func unknownParams(file string, unknown []string, declared map[string]Param) error {
	sort.Strings(unknown)
	known := make([]string, 0, len(declared))
	for n := range declared {
		known = append(known, strconv.Quote(n))
	}
	sort.Strings(known)
	hint := "it declares no parameters; a cell declares one with host := param(\"host\", \"web-1\")"
	if len(known) > 0 {
		hint = "it declares " + strings.Join(known, ", ")
	}
	q := make([]string, len(unknown))
	for i, n := range unknown {
		q[i] = strconv.Quote(n)
	}
	return fmt.Errorf("%s: no cell declares parameter %s; %s", file, strings.Join(q, ", "), hint)
}

// RedactedNames lists, in order and once each, the names of the secrets
// masked in the cells' sources (a token typed as a literal is recorded as
// "«redacted:NAME»"): a replay needs their values, from -p NAME=value or a
// prompt, and Fill puts them back.
func RedactedNames(t *Transcript) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range t.Cells {
		for _, n := range maskNames(c.Src) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

func maskNames(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "«redacted:")
		if i < 0 {
			return out
		}
		s = s[i+len("«redacted:"):]
		j := strings.Index(s, "»")
		if j < 0 {
			return out
		}
		out = append(out, s[:j])
		s = s[j:]
	}
}

// Fill puts secret values back into src where string literals hold
// «redacted:NAME» masks, quoting them as Go requires. Masks outside string
// literals (in comments) stay. A mask whose name values lacks is an error
// naming it.
func Fill(src string, values map[string]string) (string, error) {
	if !strings.Contains(src, "«redacted:") {
		return src, nil
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0)
	var b strings.Builder
	prev := 0
	var missing []string
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.STRING || !strings.Contains(lit, "«redacted:") {
			continue
		}
		v, err := strconv.Unquote(lit)
		if err != nil {
			continue
		}
		for _, n := range maskNames(v) {
			val, ok := values[n]
			if !ok {
				missing = append(missing, strconv.Quote(n))
				continue
			}
			v = strings.ReplaceAll(v, "«redacted:"+n+"»", val)
		}
		off := file.Offset(pos)
		b.WriteString(src[prev:off])
		b.WriteString(strconv.Quote(v))
		prev = off + len(lit)
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("no value for secret %s: give it with -p NAME=value", strings.Join(missing, ", "))
	}
	b.WriteString(src[prev:])
	return b.String(), nil
}

// cval is a constant a param call's argument evaluates to, with the type
// param gives it.
type cval struct {
	typ string // a Type constant
	v   constant.Value
}

// text is the value as Param.Value shows it; ok is false if it does not
// fit its type (a duration of 1.5ns, an int of 1e100).
func (c cval) text() (s string, ok bool) {
	switch c.typ {
	case TypeString:
		return constant.StringVal(c.v), true
	case TypeBool:
		return strconv.FormatBool(constant.BoolVal(c.v)), true
	case TypeFloat:
		f, _ := constant.Float64Val(constant.ToFloat(c.v))
		return strconv.FormatFloat(f, 'g', -1, 64), true
	case TypeInt, TypeDuration:
		n, exact := constant.Int64Val(constant.ToInt(c.v))
		if !exact || (c.typ == TypeInt && strconv.IntSize == 32 && int64(int32(n)) != n) {
			return "", false
		}
		if c.typ == TypeDuration {
			return time.Duration(n).String(), true
		}
		return strconv.FormatInt(n, 10), true
	}
	return "", false
}

// timeUnits are the time package's unit constants.
var timeUnits = map[string]time.Duration{
	"Nanosecond": time.Nanosecond, "Microsecond": time.Microsecond, "Millisecond": time.Millisecond,
	"Second": time.Second, "Minute": time.Minute, "Hour": time.Hour,
}

// evalConst evaluates a constant expression as Go would for an argument of
// param: literals, true and false, time's units, the operators + - * / %
// and << >>, parentheses and conversions to the parameter types. An
// untyped constant takes its default type (3 is an int, 0.5 a float64).
// ok is false for anything else (a variable, a call, a rune).
func evalConst(e ast.Expr) (c cval, ok bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		types := map[token.Token]string{token.INT: TypeInt, token.FLOAT: TypeFloat, token.STRING: TypeString}
		c = cval{types[e.Kind], constant.MakeFromLiteral(e.Value, e.Kind, 0)}
		return c, c.typ != "" && c.v.Kind() != constant.Unknown
	case *ast.Ident:
		if e.Name == "true" || e.Name == "false" {
			return cval{TypeBool, constant.MakeBool(e.Name == "true")}, true
		}
	case *ast.ParenExpr:
		return evalConst(e.X)
	case *ast.SelectorExpr:
		if x, isIdent := e.X.(*ast.Ident); isIdent && x.Name == "time" {
			if d, isUnit := timeUnits[e.Sel.Name]; isUnit {
				return cval{TypeDuration, constant.MakeInt64(int64(d))}, true
			}
		}
	case *ast.UnaryExpr:
		x, ok := evalConst(e.X)
		if !ok || (e.Op == token.NOT) != (x.typ == TypeBool) || x.typ == TypeString {
			return cval{}, false
		}
		if e.Op != token.ADD && e.Op != token.SUB && e.Op != token.NOT {
			return cval{}, false
		}
		return cval{x.typ, constant.UnaryOp(e.Op, x.v, 0)}, true
	case *ast.BinaryExpr:
		return evalBinary(e)
	case *ast.CallExpr:
		return evalConversion(e)
	}
	return cval{}, false
}

// evalBinary evaluates x op y for evalConst.
func evalBinary(e *ast.BinaryExpr) (cval, bool) {
	x, okx := evalConst(e.X)
	y, oky := evalConst(e.Y)
	if !okx || !oky {
		return cval{}, false
	}
	if e.Op == token.SHL || e.Op == token.SHR {
		s, exact := constant.Uint64Val(constant.ToInt(y.v))
		if x.typ == TypeFloat || x.typ == TypeString || x.typ == TypeBool || !exact || s > 64 {
			return cval{}, false
		}
		return cval{x.typ, constant.Shift(constant.ToInt(x.v), e.Op, uint(s))}, true
	}
	typ := joinTypes(x.typ, y.typ)
	switch {
	case typ == "" || typ == TypeBool:
		return cval{}, false
	case typ == TypeString && e.Op != token.ADD:
		return cval{}, false
	case e.Op != token.ADD && e.Op != token.SUB && e.Op != token.MUL && e.Op != token.QUO && e.Op != token.REM:
		return cval{}, false
	case (e.Op == token.QUO || e.Op == token.REM) && constant.Sign(y.v) == 0:
		return cval{}, false
	}
	op := e.Op
	if op == token.QUO && x.v.Kind() == constant.Int && y.v.Kind() == constant.Int {
		op = token.QUO_ASSIGN // integer division, as Go does for integer constants
	}
	if op == token.REM && (x.v.Kind() != constant.Int || y.v.Kind() != constant.Int) {
		return cval{}, false
	}
	return cval{typ, constant.BinaryOp(x.v, op, y.v)}, true
}

// joinTypes is the type of an arithmetic expression on constants of types
// a and b: a duration wins over a number, a float64 over an int; "" when
// they do not mix.
func joinTypes(a, b string) string {
	rank := map[string]int{TypeInt: 1, TypeFloat: 2, TypeDuration: 3}
	switch {
	case a == b:
		return a
	case rank[a] > 0 && rank[b] > 0:
		if rank[a] > rank[b] {
			return a
		}
		return b
	}
	return ""
}

// evalConversion evaluates int(x), float64(x), string(x), bool(x) and
// time.Duration(x) of a constant x.
func evalConversion(e *ast.CallExpr) (cval, bool) {
	if len(e.Args) != 1 {
		return cval{}, false
	}
	var to string
	switch f := e.Fun.(type) {
	case *ast.Ident:
		to = map[string]string{"int": TypeInt, "float64": TypeFloat, "string": TypeString, "bool": TypeBool}[f.Name]
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && x.Name == "time" && f.Sel.Name == "Duration" {
			to = TypeDuration
		}
	}
	x, ok := evalConst(e.Args[0])
	if to == "" || !ok || (to == TypeString) != (x.typ == TypeString) || (to == TypeBool) != (x.typ == TypeBool) {
		return cval{}, false
	}
	c := cval{to, x.v}
	if (to == TypeInt || to == TypeDuration) && constant.ToInt(x.v).Kind() != constant.Int {
		return cval{}, false // not an integer: int(2.5) does not compile
	}
	return c, true
}

// LockLine is the lock a file asks its replays to hold (opsh run takes it
// as --lock NAME): in a transcript, a line "<!-- opsh lock NAME -->" before
// the first fenced block; in a Go script, a line "//opsh:lock NAME" among
// the comment lines it starts with. data is the file as given to Parse.
// name is "" when the file asks for none; line is the line of the
// directive. A directive without a name, or two of them, is an error
// naming the line.
func LockLine(t *Transcript, data []byte) (name string, line int, err error) {
	if t.Kind != KindTranscript && t.Kind != KindScript {
		return "", 0, nil
	}
	body, skipped := skipShebang(data)
	first := 1
	if skipped > 0 {
		first = 2
	}
	for i, l := range strings.Split(string(body), "\n") {
		l = strings.TrimSpace(l)
		var arg string
		var found bool
		if t.Kind == KindTranscript {
			if _, _, _, fence := fenceOpen(l); fence {
				break
			}
			arg, found = strings.CutPrefix(l, "<!-- opsh lock")
			if found {
				arg, found = strings.CutSuffix(arg, "-->")
			}
		} else {
			if l != "" && !strings.HasPrefix(l, "//") {
				break
			}
			arg, found = strings.CutPrefix(l, "//opsh:lock")
		}
		if !found {
			continue
		}
		n := first + i
		fields := strings.Fields(arg)
		switch {
		case len(fields) != 1:
			return "", n, fmt.Errorf("%s:%d: a lock line names one lock: %q", t.Name, n, l)
		case name != "" && fields[0] != name:
			return "", n, fmt.Errorf("%s:%d: a second lock line (line %d names %q)", t.Name, n, line, name)
		case name == "":
			name, line = fields[0], n
		}
	}
	return name, line, nil
}
