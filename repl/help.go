package repl

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/lazyre"
	"github.com/opsh/opsh/internal/spelling"
	"github.com/opsh/opsh/wire"
)

// This file is help on what the session holds: x? and x??, :who, :time
// and :timeit, the names an undefined one was meant to be, !cmd and the
// IPython magics' names.

// helpCommands are the meta-commands of this file.
func helpCommands() map[string]MetaCommand {
	return map[string]MetaCommand{
		"who":    {Usage: ":who", Help: "your variables with their types (IPython's %who, %whos)", Run: (*Session).who},
		"source": {Usage: ":source NAME", Help: "the source of a function or type you defined (NAME?? too)", Run: (*Session).source},
		"time":   {Usage: ":time EXPR", Help: "run EXPR once as a cell and say how long it took", Run: (*Session).timeCmd},
		"timeit": {Usage: ":timeit EXPR", Help: "run EXPR many times and say how long one run takes (not recorded)", Run: (*Session).timeit},
	}
}

// who lists the user's variables and functions with their types.
func (s *Session) who(string) error {
	var vars []engine.Variable
	if err := s.call(engine.CallVariables, nil, &vars); err != nil {
		return err
	}
	if len(vars) == 0 {
		fmt.Fprintln(s.out, s.cfg.Theme.Dim("no variables yet"))
		return nil
	}
	width := 0
	for _, v := range vars {
		width = max(width, len(v.Name))
	}
	for _, v := range vars {
		fmt.Fprintf(s.out, "%-*s  %s\n", width, v.Name, s.cfg.Theme.Dim(v.Type))
	}
	return nil
}

func isIdent(name string) bool {
	return token.IsIdentifier(name)
}

// source answers NAME??: the source of a function, method (T.M) or type
// the session declared, as it was typed; for anything else what NAME?
// says (:doc).
func (s *Session) source(name string) error {
	if name == "" {
		return errors.New("usage: :source NAME")
	}
	for i := len(s.record.Cells) - 1; i >= 0; i-- {
		if src, ok := declSource(s.record.Cells[i].Src, name); ok {
			fmt.Fprintln(s.out, s.cfg.Theme.Dim(fmt.Sprintf("// cell %d", s.record.Cells[i].N)))
			fmt.Fprintln(s.out, src)
			return nil
		}
	}
	return s.doc(name)
}

// declSource finds the declaration of name (a function, a type, or a
// method written T.M) in a cell's source.
func declSource(cell, name string) (string, bool) {
	const header = "package p\n"
	f, err := parser.ParseFile(token.NewFileSet(), "", header+cell, parser.ParseComments)
	if err != nil {
		return "", false
	}
	recv, method, isMethod := strings.Cut(name, ".")
	text := func(n ast.Node) string {
		start := int(n.Pos()) - 1 - len(header)
		if d, ok := n.(*ast.FuncDecl); ok && d.Doc != nil {
			start = int(d.Doc.Pos()) - 1 - len(header)
		}
		return cell[start : int(n.End())-1-len(header)]
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if isMethod && d.Recv != nil && d.Name.Name == method && recvName(d.Recv) == recv ||
				!isMethod && d.Recv == nil && d.Name.Name == name {
				return text(d), true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && !isMethod && ts.Name.Name == name {
					return "type " + text(ts), true
				}
			}
		}
	}
	return "", false
}

func recvName(fl *ast.FieldList) string {
	if len(fl.List) == 0 {
		return ""
	}
	t := fl.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// timeCmd runs src as a cell, recorded and shown as any, and says how
// long it took.
func (s *Session) timeCmd(src string) error {
	if src == "" {
		return errors.New("usage: :time EXPR")
	}
	r := s.Do(context.Background(), src)
	fmt.Fprintln(s.errw, s.cfg.Theme.Dim("time: "+roundDuration(r.Output.Dur).String()))
	return nil
}

// timeitBudget is about how long :timeit measures.
const timeitBudget = 200 * time.Millisecond

// timeit runs src in a loop in the worker, ten times more each run until
// one lasts timeitBudget, then, if that was quick, three runs more, and
// says the best time per loop. Nothing is recorded and `_` is left as it
// was.
func (s *Session) timeit(src string) error {
	if src == "" {
		return errors.New("usage: :timeit EXPR")
	}
	stmt := loopBody(src)
	n := 1
	best, err := s.loopTime(stmt, n)
	for err == nil && best < timeitBudget && n < 100_000_000 {
		n *= 10
		best, err = s.loopTime(stmt, n)
	}
	runs := 1
	for ; err == nil && runs < 4 && best < 3*timeitBudget; runs++ {
		var d time.Duration
		if d, err = s.loopTime(stmt, n); err == nil {
			best = min(best, d)
		}
	}
	if err != nil {
		return err
	}
	per := float64(best) / float64(n)
	text := roundDuration(time.Duration(per)).String()
	if per < 10 {
		text = fmt.Sprintf("%.3gns", per)
	}
	fmt.Fprintf(s.out, "%s per loop (best of %d runs, %d loops each)\n", text, runs, n)
	return nil
}

// loopBody is src as a statement to repeat: a call as it is, another
// expression assigned to _, a statement as it is.
func loopBody(src string) string {
	e, err := parser.ParseExpr(src)
	if err != nil {
		return src
	}
	if _, ok := e.(*ast.CallExpr); ok {
		return src
	}
	return "_ = " + src
}

// loopTime runs stmt n times in the worker and returns how long that took
// there, as the worker's own clock measures it.
func (s *Session) loopTime(stmt string, n int) (time.Duration, error) {
	if err := s.configure(context.Background()); err != nil {
		return 0, err
	}
	code := fmt.Sprintf("func() { _opshT0 := time.Now(); for _opshI := 0; _opshI < %d; _opshI++ {\n%s\n}; fmt.Print(\"\\x00timeit \", int64(time.Since(_opshT0))) }()", n, stmt)
	var out strings.Builder
	var failure *wire.Error
	done, err := s.backend.Execute(context.Background(), code, wire.ExecOptions{Cell: s.cell + 1, Silent: true}, func(ev wire.Event) {
		switch e := ev.(type) {
		case *wire.Stream:
			out.WriteString(e.Text)
		case *wire.Error:
			failure = e
		}
	})
	switch {
	case err != nil:
		return 0, err
	case failure != nil:
		return 0, cellError(failure)
	case done != nil && done.Status == wire.StatusInterrupted:
		return 0, ErrInterrupted
	}
	text := out.String()
	i := strings.LastIndex(text, "\x00timeit ")
	if i < 0 {
		return 0, errors.New("timeit: the worker gave no time")
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(text[i+len("\x00timeit "):]), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("timeit: %w", err)
	}
	return time.Duration(ns), nil
}

// roundDuration keeps three significant digits.
func roundDuration(d time.Duration) time.Duration {
	for unit := time.Duration(1); unit < time.Hour; unit *= 10 {
		if d < 1000*unit {
			return d.Round(unit)
		}
	}
	return d.Round(time.Second)
}

// magics maps IPython's magics to the commands that do their work here.
var magics = map[string]string{
	"who": ":who", "whos": ":who", "who_ls": ":who",
	"time": ":time", "timeit": ":timeit",
	"history": ":history", "hist": ":history",
	"reset": ":reset", "load": ":load", "run": ":load", "save": ":save",
	"pinfo": "NAME? or :doc", "pinfo2": "NAME?? or :source", "pdoc": ":doc", "psource": ":source",
	"quickref": ":help", "magic": ":help", "lsmagic": ":help", "doctest_mode": ":help",
	"sx": "!cmd", "sc": "!cmd", "system": "!cmd", "cd": `os.Chdir("DIR")`, "pwd": "os.Getwd()",
}

// magic answers an IPython magic (%timeit x) with the command that does
// its work here.
func magic(src string) error {
	name := strings.TrimLeft(strings.Fields(src + " ")[0], "%")
	if cmd, ok := magics[name]; ok {
		return fmt.Errorf("%%%s is %s in opsh (commands start with ':'; :help lists them)", name, cmd)
	}
	return fmt.Errorf("opsh has no %%%s: its commands start with ':' (:help lists them)", name)
}

// isShell reports whether src is `!cmd args`, a command for the shell,
// rather than Go's negation (`!ok`, `!strings.HasPrefix(s, "x")`): it is
// when it is no Go expression or does not start with a name in scope.
func (s *Session) isShell(src string) bool {
	cmd, ok := strings.CutPrefix(src, "!")
	cmd = strings.TrimSpace(cmd)
	if !ok || cmd == "" || strings.HasPrefix(cmd, "=") {
		return false
	}
	if _, err := parser.ParseExpr(src); err != nil {
		return true
	}
	first := cmd
	if i := strings.IndexFunc(cmd, func(r rune) bool { return !isIdentRune(r) }); i >= 0 {
		first = cmd[:i]
	}
	switch first {
	case "", "true", "false", "nil":
		return false // !(a && b), !true
	}
	names, _ := s.Complete(first, len(first))
	for _, n := range names {
		if n == first {
			return false
		}
	}
	return true
}

// shellCell is the Go cell that !cmd stands for: the command run by the
// user's shell, its output the cell's value.
func (s *Session) shellCell(cmd string) string {
	sh := s.cfg.Shell
	if sh == "" {
		sh = "/bin/sh"
	}
	return fmt.Sprintf("sys.Run(%s, \"-c\", %s)", strconv.Quote(sh), strconv.Quote(cmd))
}

var (
	undefinedName = lazyre.New(`undefined: ([\pL_][\pL\pN_]*)`)
	missingSymbol = lazyre.New(`package ([\pL_][\pL\pN_]*) "[^"]*" has no symbol ([\pL_][\pL\pN_]*)`)
	// missingMember is Go's error for x.Name when x has no such field or
	// method (without the member of another case it may name already).
	missingMember = lazyre.New(`([\pL_][\pL\pN_.]*)\.([\pL_][\pL\pN_]*) undefined \((?:type [^()]* has )?no field or method [\pL\pN_]+\)$`)
)

// suggestError adds to an error about an undefined name the closest
// names in scope: `undefined: hsot — did you mean host?` (not to a name
// whose declaration failed, which is no typo); to the error of
// a cell written as Python, what Go writes (pythonHint).
func (s *Session) suggestError(err error, src string) error {
	msg := err.Error()
	if hint := pythonHint(src); hint != "" {
		return &suggestedError{err: err, msg: msg + " — " + hint}
	}
	var word string
	var names []string
	if m := missingSymbol.FindStringSubmatch(msg); m != nil {
		word = m[2]
		names, _ = s.Complete(m[1]+".", len(m[1])+1)
	} else if m := missingMember.FindStringSubmatch(msg); m != nil {
		word = m[2]
		names, _ = s.Complete(m[1]+".", len(m[1])+1)
	} else if m := undefinedName.FindStringSubmatch(msg); m != nil && !strings.Contains(msg, "(its declaration failed") {
		word = m[1]
		names, _ = s.Complete("", 0)
		names = append(names, identifiers(src)...)
	} else {
		return err
	}
	sug := closest(word, names)
	if len(sug) == 0 {
		return err
	}
	return &suggestedError{err: err, msg: msg + " — did you mean " + strings.Join(sug, " or ") + "?"}
}

type suggestedError struct {
	err error
	msg string
}

func (e *suggestedError) Error() string { return e.msg }
func (e *suggestedError) Unwrap() error { return e.err }

// isIdentRune reports whether r may be part of a Go identifier.
func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// identifiers are the names a cell's source declares or uses.
func identifiers(src string) []string {
	var names []string
	for _, f := range strings.FieldsFunc(src, func(r rune) bool { return !isIdentRune(r) }) {
		if token.IsIdentifier(f) {
			names = append(names, f)
		}
	}
	return names
}

// closest are up to three names at the smallest edit distance from word
// (at most 2, or 1 for words of four letters or fewer), none for a word of
// one letter.
func closest(word string, names []string) []string {
	if len(word) < 2 {
		return nil // every other one-letter name is as near
	}
	limit := 2
	if len(word) <= 4 {
		limit = 1
	}
	best := map[string]int{}
	for _, n := range names {
		if n == word || strings.HasPrefix(n, "_") || !token.IsIdentifier(n) {
			continue // (completions also offer what is no name: ".")
		}
		if d := spelling.Distance(strings.ToLower(word), strings.ToLower(n)); d <= limit {
			best[n] = d
		}
	}
	out := make([]string, 0, len(best))
	for n := range best {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		if best[out[i]] != best[out[j]] {
			return best[out[i]] < best[out[j]]
		}
		return out[i] < out[j]
	})
	for i := range out {
		if best[out[i]] > best[out[0]] {
			out = out[:i] // only the nearest
			break
		}
	}
	return out[:min(len(out), 3)]
}
