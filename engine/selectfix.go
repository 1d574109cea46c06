package engine

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"sync"
)

// yaegi v0.16.1 compiles a select statement into one list of cases that
// every execution of the statement fills and then hands reflect.Select:
// goroutines running the same select at once (the workers of a pool, each
// waiting on its timer or ctx.Done()) overwrite each other's channels, and
// one may wait on another's timer for ever, or take another's value. So
// each select whose received values' types the source shows runs through
// (*selects).run below, with cases of its own:
//
//	select {
//	case j, ok := <-jobs:
//		…
//	case <-ctx.Done():
//		…
//	}
//
// becomes
//
//	_opsh_sel1 := _opshrt.Select(false, _opshrt.Recv(jobs), _opshrt.Recv(ctx.Done()))
//	switch _opsh_sel1.Index {
//	case 0:
//		j, _ := _opsh_sel1.Value.(Job)
//		ok := _opsh_sel1.OK
//		…
//	case 1:
//		…
//	}
//
// (the default case is case -1). A break in a case leaves the switch as it
// left the select. Ctrl-C (an interrupted cell) wakes a waiting select,
// as it wakes yaegi's, and its goroutine ends.

// rewriteSelects rewrites the node's select statements that it can.
func (rw *rewriter) rewriteSelects(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		sel, ok := inner.(*ast.SelectStmt)
		if !ok {
			return st
		}
		if init, sw := rw.selectSwitch(sel); sw != nil {
			return &ast.BlockStmt{Lbrace: sel.Select, List: []ast.Stmt{init, relabel(label, sw)}, Rbrace: sel.End()}
		}
		return st
	})
}

// selectSwitch is the switch sel becomes and the statement before it that
// selects (yaegi mistakes a switch's init statement with its tag); nil if
// a case receives into a variable whose type the source does not show (or
// is an interface of the session's, which a type assertion of an any does
// not give back).
func (rw *rewriter) selectSwitch(sel *ast.SelectStmt) (init, sw ast.Stmt) {
	rw.n++
	res := ast.NewIdent(fmt.Sprintf("%ssel%d", loopCopy, rw.n))
	rt := func(name string, args ...ast.Expr) ast.Expr {
		return &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent(name)}, Args: args}
	}
	field := func(name string) ast.Expr {
		return &ast.SelectorExpr{X: ast.NewIdent(res.Name), Sel: ast.NewIdent(name)}
	}
	hasDefault := false
	var cases []ast.Expr
	var clauses []ast.Stmt
	for _, c := range sel.Body.List {
		cc := c.(*ast.CommClause)
		body := cc.Body
		switch comm := cc.Comm.(type) {
		case nil:
			hasDefault = true
			clauses = append(clauses, &ast.CaseClause{Case: cc.Case, List: []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: "-1"}}, Body: body})
			continue
		case *ast.SendStmt:
			cases = append(cases, rt("Send", comm.Chan, comm.Value))
		case *ast.ExprStmt:
			u, ok := unparen(comm.X).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				return nil, nil
			}
			cases = append(cases, rt("Recv", u.X))
		case *ast.AssignStmt:
			u, ok := unparen(comm.Rhs[0]).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW || len(comm.Lhs) > 2 {
				return nil, nil
			}
			t, ok := rw.chanElem(u.X)
			if !ok || rw.sessionInterface(t) && !isEmptyInterface(t) {
				return nil, nil
			}
			cases = append(cases, rt("Recv", u.X))
			var take []ast.Stmt
			if !isBlankIdent(comm.Lhs[0]) {
				take = append(take, rw.selectTake(comm.Lhs[0], comm.Tok, t, field("Value"))...)
				if comm.Tok == token.DEFINE {
					take = append(take, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{comm.Lhs[0]}})
				}
			}
			if len(comm.Lhs) == 2 && !isBlankIdent(comm.Lhs[1]) {
				take = append(take, &ast.AssignStmt{Lhs: []ast.Expr{comm.Lhs[1]}, Tok: comm.Tok, Rhs: []ast.Expr{field("OK")}})
				if comm.Tok == token.DEFINE {
					take = append(take, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{comm.Lhs[1]}})
				}
			}
			body = append(take, body...)
		default:
			return nil, nil
		}
		index := &ast.BasicLit{Kind: token.INT, Value: fmt.Sprint(len(cases) - 1)}
		clauses = append(clauses, &ast.CaseClause{Case: cc.Case, List: []ast.Expr{index}, Body: body})
	}
	call := rt("Select", append([]ast.Expr{ast.NewIdent(fmt.Sprint(hasDefault))}, cases...)...)
	return &ast.AssignStmt{Lhs: []ast.Expr{res}, Tok: token.DEFINE, Rhs: []ast.Expr{call}},
		&ast.SwitchStmt{
			Switch: sel.Select,
			Tag:    field("Index"),
			Body:   &ast.BlockStmt{Lbrace: sel.Body.Lbrace, List: clauses, Rbrace: sel.Body.Rbrace},
		}
}

// chanElem is the element type of the channel x, as the source shows it.
func (rw *rewriter) chanElem(x ast.Expr) (ast.Expr, bool) {
	t, _, ok := rw.staticType(x)
	if !ok {
		return nil, false
	}
	c, ok := t.(*ast.ChanType)
	if !ok {
		return nil, false
	}
	return c.Value, true
}

// A selectCase is one case of a select that (*selects).run runs.
type selectCase struct{ c reflect.SelectCase }

// selectResult is which case (*selects).run took (-1 for the default, -2
// for none: the cell was interrupted), and the value it received and
// whether the channel was open.
type selectResult struct {
	Index int
	Value any
	OK    bool
}

// recvCase is a case receiving from the channel ch.
func recvCase(ch any) selectCase {
	return selectCase{reflect.SelectCase{Dir: reflect.SelectRecv, Chan: chanOf(ch)}}
}

// sendCase is a case sending v on the channel ch: nil as the zero value
// of the channel's type, a value of another type (an untyped constant
// made an int) converted to it.
func sendCase(ch, v any) selectCase {
	c := chanOf(ch)
	val := reflect.ValueOf(v)
	if c.IsValid() {
		elem := c.Type().Elem()
		switch {
		case !val.IsValid():
			val = reflect.Zero(elem)
		case !val.Type().AssignableTo(elem) && val.Type().ConvertibleTo(elem):
			val = val.Convert(elem)
		}
	}
	return selectCase{reflect.SelectCase{Dir: reflect.SelectSend, Chan: c, Send: val}}
}

// selectTake is what gives x, the variable of a select's receive (x :=
// <-c or x = <-c), the value received, v (an any), of the channel's
// element type t: v.(t), where an interface's nil and an empty struct,
// which yaegi's assertion failed on (nil pointer dereference, reflect:
// Field index out of bounds), and an any, which it asserted to nil, are
// taken as they are.
func (rw *rewriter) selectTake(x ast.Expr, tok token.Token, t, v ast.Expr) []ast.Stmt {
	declare := func() []ast.Stmt {
		if tok != token.DEFINE {
			return nil
		}
		id, _ := x.(*ast.Ident)
		return []ast.Stmt{&ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{id}, Type: t}}}}}
	}
	if st, ok := t.(*ast.StructType); ok && len(st.Fields.List) == 0 {
		return declare() // struct{}: its one value
	}
	if _, lit := t.(*ast.InterfaceType); lit || rw.isInterface(t) {
		got := ast.NewIdent("_opshGot")
		var set ast.Expr = &ast.TypeAssertExpr{X: got, Type: t}
		if _, lit := t.(*ast.InterfaceType); lit && len(t.(*ast.InterfaceType).Methods.List) == 0 || isIdent(t, "any") {
			set = got
		}
		take := &ast.IfStmt{
			Init: &ast.AssignStmt{Lhs: []ast.Expr{got}, Tok: token.DEFINE, Rhs: []ast.Expr{v}},
			Cond: &ast.BinaryExpr{X: ast.NewIdent(got.Name), Op: token.NEQ, Y: ast.NewIdent("nil")},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{x}, Tok: token.ASSIGN, Rhs: []ast.Expr{set}}}},
		}
		if tok != token.DEFINE {
			// err = <-c of a closed c: the zero value
			take.Else = &ast.BlockStmt{List: []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{cloneExpr(x)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("nil")}}}}
		}
		return append(declare(), take)
	}
	take := &ast.BlockStmt{List: []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{x, ast.NewIdent("_")}, Tok: tok, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: v, Type: t}}}}}
	rewriteCommaOk(take) // m[k] = <-c: yaegi's m[k], _ = v.(T) set nothing
	return take.List
}

// chanOf is the channel in ch; a nil channel (never ready) for nil.
func chanOf(ch any) reflect.Value {
	v := unboxed(reflect.ValueOf(ch))
	if !v.IsValid() || v.Kind() != reflect.Chan {
		return reflect.ValueOf((chan struct{})(nil))
	}
	return v
}

// selects wakes waiting selects when a cell is interrupted.
type selects struct {
	mu   sync.Mutex
	stop chan struct{}
}

// interrupt wakes the selects waiting now.
func (s *selects) interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		close(s.stop)
		s.stop = nil
	}
}

func (s *selects) stopped() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop == nil {
		s.stop = make(chan struct{})
	}
	return s.stop
}

// run is a select of cases, with a default if withDefault.
func (s *selects) run(withDefault bool, cases ...selectCase) selectResult {
	all := make([]reflect.SelectCase, 0, len(cases)+2)
	for _, c := range cases {
		all = append(all, c.c)
	}
	all = append(all, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(s.stopped())})
	if withDefault {
		all = append(all, reflect.SelectCase{Dir: reflect.SelectDefault})
	}
	i, v, ok := reflect.Select(all)
	switch {
	case i == len(cases):
		// Interrupted: no case runs, and the interpreter, stopped too,
		// ends the goroutine at its next step, as it ends one waiting in
		// its own select. (A panic would not be recovered: the deferred
		// functions of a stopped interpreter do not run.)
		return selectResult{Index: -2}
	case i > len(cases):
		return selectResult{Index: -1}
	}
	r := selectResult{Index: i, OK: ok}
	if all[i].Dir == reflect.SelectRecv && v.IsValid() && v.CanInterface() {
		r.Value = v.Interface()
	}
	return r
}
