// Package templates lends text/template and html/template what reflect
// cannot see in the session's types. yaegi makes the session's struct
// types with reflect, which gives them no methods and no embedded fields:
// {{.FQDN}} of a Service whose FQDN is a method failed with "can't
// evaluate field FQDN", {{.ID}} of a VM embedding a Base the same, a Host
// printed by its fields where Go calls its String method, and errors
// named the types by their fields (struct { Name string; ... }).
//
// A Lender rewrites a template's parse tree before it is executed: each
// step of a field chain whose name the session resolves itself (a method
// of one of its types, a field promoted from an embedded struct) becomes a
// call of a function the session gives (Session.Field), and each printed
// pipeline ends in one that prints as the session's fmt does
// (Session.Text). The other steps stay text/template's own. The errors of
// an execution are written back in the template's own words.
//
// The session's text/template and html/template packages (text and html
// here) hold Template types that execute through a Lender.
package templates

import (
	"errors"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"weak"
)

// A Session resolves what reflect cannot for a template.
type Session interface {
	// Names are the field names Field resolves, each with what it may
	// name.
	Names() map[string]Name
	// Data is the data an execution is given, as text/template is to see
	// it.
	Data(v any) any
	// Field is name of recv, as text/template's field evaluation gives it
	// (args for a method), for a name of Names. With typed, a field of a
	// type of the session's that Go gives methods and reflect does not
	// (type Status int) is given as a value that Field and Text know the
	// type of, which only they are given.
	Field(recv reflect.Value, name string, args []reflect.Value, typed bool) (reflect.Value, error)
	// Printing reports whether the session has types its fmt or its
	// encoding/json write otherwise than reflect shows them, whose values
	// Text changes.
	Printing() bool
	// Text is v as the session's fmt prints it: the text of a String or
	// Error method of the session's, else v.
	Text(v reflect.Value) reflect.Value
	// Words is an error message with the session's struct types named
	// as Go names them (main.Host), not by their fields.
	Words(msg string) string
	// Printers are the session's print, printf and println, which print
	// as its fmt does, for text/template's own.
	Printers() map[string]any
}

// A Name is what a field name of Names may name, of the session's.
type Name uint8

const (
	// Step is a method, or a field promoted from an embedded struct.
	Step Name = 1 << iota
	// Typed is a field of a type with methods that is no struct.
	Typed
)

// The functions a rewritten tree calls.
const (
	fieldFunc = "_opsh_field"
	typedFunc = "_opsh_typed"
	textFunc  = "_opsh_text"
)

// A Lender rewrites the trees of one session's templates. It keeps no
// tree: one rewritten already is walked again, and left as it is (a
// template is executed from several goroutines at once; they rewrite one
// at a time).
type Lender struct {
	s     Session
	funcs func() map[string]any // Funcs, made once

	rewriting sync.Mutex
	mu        sync.Mutex
	wrappers  map[any]any // weak pointers to the session's Template, by weak ones to the template
}

// New returns a Lender for s.
func New(s Session) *Lender {
	l := &Lender{s: s, wrappers: map[any]any{}}
	l.funcs = sync.OnceValue(func() map[string]any {
		funcs := map[string]any{fieldFunc: l.field, typedFunc: l.typed, textFunc: l.text}
		for name, f := range l.s.Printers() {
			funcs[name] = f
		}
		return funcs
	})
	return l
}

// Wrapper is the session's Template of the template inner (nil for nil),
// made by mk unless one made before is still held, so that one template
// is one Template (t.Lookup("a") == t.Lookup("a")); it holds neither.
func Wrapper[T, W any](l *Lender, inner *T, mk func(*T) *W) *W {
	if inner == nil {
		return nil
	}
	key := weak.Make(inner)
	l.mu.Lock()
	defer l.mu.Unlock()
	if w, ok := l.wrappers[key]; ok {
		if w := w.(weak.Pointer[W]).Value(); w != nil {
			return w
		}
	} else {
		runtime.AddCleanup(inner, func(key weak.Pointer[T]) {
			l.mu.Lock()
			defer l.mu.Unlock()
			delete(l.wrappers, key)
		}, key)
	}
	w := mk(inner)
	l.wrappers[key] = weak.Make(w)
	return w
}

// Data is the data an execution is given, as the session hands it to
// text/template (Session.Data).
func (l *Lender) Data(v any) any { return l.s.Data(v) }

// Funcs are the functions a rewritten tree calls, and the session's
// print, printf and println, which a template is given as it is made (so
// that a FuncMap of the user's given after takes their place, as it
// takes the place of text/template's own).
func (l *Lender) Funcs() map[string]any { return l.funcs() }

// Prepare rewrites trees, those of a template and its associated ones,
// for the session's names as they are now. A tree rewritten for them
// already is not written to.
func (l *Lender) Prepare(trees []*parse.Tree) {
	r := rewrite{names: l.s.Names(), printing: l.s.Printing()}
	l.rewriting.Lock()
	defer l.rewriting.Unlock()
	for _, t := range trees {
		if t != nil && t.Root != nil {
			r.list(t.Root)
		}
	}
}

// field is the function a rewritten chain step calls: name of recv
// (shown, the chain as the template writes it, is for its errors).
func (l *Lender) field(shown, name string, recv reflect.Value, args ...reflect.Value) (reflect.Value, error) {
	return l.step(recv, name, args, false)
}

// typed is field for a step whose value goes to another step or to
// textFunc: a Typed field's value keeps its type.
func (l *Lender) typed(shown, name string, recv reflect.Value, args ...reflect.Value) (reflect.Value, error) {
	return l.step(recv, name, args, true)
}

func (l *Lender) step(recv reflect.Value, name string, args []reflect.Value, typed bool) (reflect.Value, error) {
	v, err := l.s.Field(recv, name, args, typed)
	if err != nil {
		var called *CallError
		if !errors.As(err, &called) {
			return v, &stepError{err: err}
		}
		return v, &stepError{name: name, err: called.Err}
	}
	return v, nil
}

// text is the function a rewritten printed pipeline ends in. An invalid
// value (a missing map key) is given back invalid, which prints as
// <no value>.
func (l *Lender) text(v any) reflect.Value {
	if v == nil {
		return reflect.Value{}
	}
	return l.s.Text(reflect.ValueOf(v))
}

// A CallError is the error of a method Session.Field called, which the
// execution's error reports as the method's ("error calling Full: ...").
type CallError struct{ Err error }

func (e *CallError) Error() string { return e.Err.Error() }
func (e *CallError) Unwrap() error { return e.Err }

// stepError is the error of a rewritten step: name is the method it
// called, or "".
type stepError struct {
	name string
	err  error
}

func (e *stepError) Error() string { return e.err.Error() }
func (e *stepError) Unwrap() error { return e.err }

// Error is err, an execution's, in the template's words: its rewritten
// steps as the template writes them, the session's struct types by their
// names. It wraps err.
func (l *Lender) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	var step *stepError
	if errors.As(err, &step) {
		by := ""
		if step.name != "" {
			by = "error calling " + step.name + ": "
		}
		for _, f := range []string{fieldFunc, typedFunc} {
			msg = strings.Replace(msg, "error calling "+f+": ", by, 1)
		}
	}
	msg = shownSteps(msg)
	msg = l.s.Words(msg)
	if msg == err.Error() {
		return err
	}
	return &wordedError{msg: msg, err: err}
}

// wordedError is an execution's error in the template's words.
type wordedError struct {
	msg string
	err error
}

func (e *wordedError) Error() string { return e.msg }
func (e *wordedError) Unwrap() error { return e.err }

// stepAt is a rewritten step where an error message quotes it, the call
// (_opsh_field ".Cust.Full" "Full" .Cust).
var stepAt = regexp.MustCompile(`<(?:` + fieldFunc + `|` + typedFunc + `) ("(?:[^"\\]|\\.)*")[^>]*>`)

// shownSteps writes each rewritten step an error message quotes as the
// template writes it (<.Cust.Full>).
func shownSteps(msg string) string {
	return stepAt.ReplaceAllStringFunc(msg, func(at string) string {
		shown, err := strconv.Unquote(stepAt.FindStringSubmatch(at)[1])
		if err != nil {
			return at
		}
		return "<" + shown + ">"
	})
}

// rewrite rewrites the nodes of one tree: each field chain with a step in
// names calls fieldFunc for that step; when printing, each printed
// pipeline ends in textFunc.
type rewrite struct {
	names    map[string]Name
	printing bool
}

func (r *rewrite) list(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			r.pipe(n.Pipe, len(n.Pipe.Decl) == 0)
		case *parse.IfNode:
			r.branch(&n.BranchNode)
		case *parse.RangeNode:
			r.branch(&n.BranchNode)
		case *parse.WithNode:
			r.branch(&n.BranchNode)
		case *parse.TemplateNode:
			r.pipe(n.Pipe, false)
		case *parse.ListNode:
			r.list(n)
		}
	}
}

func (r *rewrite) branch(b *parse.BranchNode) {
	r.pipe(b.Pipe, false)
	r.list(b.List)
	r.list(b.ElseList)
}

// pipe rewrites the commands of p; a printed pipeline (an action's that
// declares nothing) ends in textFunc, before the escapers that end it.
func (r *rewrite) pipe(p *parse.PipeNode, printed bool) {
	if p == nil {
		return
	}
	alone := printed && r.printing && len(p.Cmds)-trailingEscapers(p.Cmds) == 1
	for _, c := range p.Cmds {
		r.command(c, alone && c == p.Cmds[0])
	}
	if !printed || !r.printing || len(p.Cmds) == 0 {
		return
	}
	at := len(p.Cmds) - trailingEscapers(p.Cmds)
	for _, c := range p.Cmds {
		if calls(c, textFunc) {
			return
		}
	}
	text := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: p.Pos, Args: []parse.Node{ident(textFunc, p.Pos)}}
	p.Cmds = append(p.Cmds[:at], append([]*parse.CommandNode{text}, p.Cmds[at:]...)...)
}

// trailingEscapers is how many escapers (and textFunc) end cmds, after
// its first command ({{html "<a>"}} is a call of html).
func trailingEscapers(cmds []*parse.CommandNode) int {
	n := 0
	for n < len(cmds)-1 && (escaper(cmds[len(cmds)-1-n]) || calls(cmds[len(cmds)-1-n], textFunc)) {
		n++
	}
	return n
}

// escaper reports whether c is an escaper that ends a pipeline: html,
// urlquery, js, or one html/template adds.
func escaper(c *parse.CommandNode) bool {
	if len(c.Args) == 0 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	if !ok {
		return false
	}
	switch id.Ident {
	case "html", "urlquery", "js":
		return true
	}
	return strings.HasPrefix(id.Ident, "_html_template_")
}

// calls reports whether c calls the function name.
func calls(c *parse.CommandNode, name string) bool {
	if len(c.Args) == 0 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// command rewrites c's arguments, and its first word when it is a field
// chain (whose step then takes the command's other arguments); printed,
// c is a printed pipeline's only command, whose value goes to textFunc.
func (r *rewrite) command(c *parse.CommandNode, printed bool) {
	for i := 1; i < len(c.Args); i++ {
		if n := r.operand(c.Args[i]); n != c.Args[i] {
			c.Args[i] = n
		}
	}
	if len(c.Args) == 0 {
		return
	}
	if p, ok := c.Args[0].(*parse.PipeNode); ok {
		r.pipe(p, false)
		return
	}
	recv, names, shown, ok := r.chain(c.Args[0])
	if !ok {
		return
	}
	if head, ok := r.steps(recv, names, shown, c.Args[0].Position(), printed && len(c.Args) == 1); ok {
		c.Pos = c.Args[0].Position() // where its errors are, as the chain's
		c.Args = append(head, c.Args[1:]...)
	}
}

// operand is n, an argument, rewritten: a field chain with a step in
// names becomes a parenthesized call.
func (r *rewrite) operand(n parse.Node) parse.Node {
	if p, ok := n.(*parse.PipeNode); ok {
		r.pipe(p, false)
		return p
	}
	recv, names, shown, ok := r.chain(n)
	if !ok {
		return n
	}
	head, ok := r.steps(recv, names, shown, n.Position(), false)
	if !ok {
		return n
	}
	return pipeOf(head, n.Position())
}

// chain splits n, a field chain, into its receiver (the node its steps
// start from) and its steps' names, and says how the template writes it;
// false if n is no chain.
func (r *rewrite) chain(n parse.Node) (recv parse.Node, names []string, shown string, ok bool) {
	switch n := n.(type) {
	case *parse.FieldNode:
		return &parse.DotNode{NodeType: parse.NodeDot, Pos: n.Pos}, n.Ident, n.String(), true
	case *parse.VariableNode:
		if len(n.Ident) < 2 {
			return nil, nil, "", false
		}
		v := &parse.VariableNode{NodeType: parse.NodeVariable, Pos: n.Pos, Ident: n.Ident[:1]}
		return v, n.Ident[1:], n.String(), true
	case *parse.ChainNode:
		shown := n.String()
		return r.operand(n.Node), n.Field, shown, true
	}
	return nil, nil, "", false
}

// steps is the command head that evaluates the chain of names from recv
// when a step is one the session resolves: the steps before the first
// such stay text/template's, and it and those after it are calls, each
// given the one before (the chain's last takes the command's arguments);
// false if no step is. A Typed field is one only where its value goes to
// the next step, or, printed, to textFunc; the calls keep its type then.
func (r *rewrite) steps(recv parse.Node, names []string, shown string, pos parse.Pos, printed bool) ([]parse.Node, bool) {
	resolved := func(k int) bool {
		n := r.names[names[k]]
		return n&Step != 0 || n&Typed != 0 && (k < len(names)-1 || printed)
	}
	j := 0
	for j < len(names) && !resolved(j) {
		j++
	}
	if j == len(names) {
		return nil, false
	}
	from := recv
	if j > 0 {
		from = plainChain(recv, names[:j], pos)
	}
	var call []parse.Node
	for k, name := range names[j:] {
		if call != nil {
			from = pipeOf(call, pos)
		}
		f := fieldFunc
		if j+k < len(names)-1 || printed {
			f = typedFunc
		}
		call = []parse.Node{ident(f, pos), str(shown, pos), str(name, pos), from}
	}
	return call, true
}

// plainChain is the chain of names from recv, none rewritten.
func plainChain(recv parse.Node, names []string, pos parse.Pos) parse.Node {
	switch recv := recv.(type) {
	case *parse.DotNode:
		return &parse.FieldNode{NodeType: parse.NodeField, Pos: pos, Ident: names}
	case *parse.VariableNode:
		return &parse.VariableNode{NodeType: parse.NodeVariable, Pos: pos, Ident: append(append([]string(nil), recv.Ident...), names...)}
	}
	return &parse.ChainNode{NodeType: parse.NodeChain, Pos: pos, Node: recv, Field: names}
}

func pipeOf(words []parse.Node, pos parse.Pos) *parse.PipeNode {
	return &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Cmds: []*parse.CommandNode{{NodeType: parse.NodeCommand, Pos: pos, Args: words}}}
}

func ident(name string, pos parse.Pos) *parse.IdentifierNode {
	id := parse.NewIdentifier(name)
	id.Pos = pos
	return id
}

func str(s string, pos parse.Pos) *parse.StringNode {
	return &parse.StringNode{NodeType: parse.NodeString, Pos: pos, Quoted: strconv.Quote(s), Text: s}
}
