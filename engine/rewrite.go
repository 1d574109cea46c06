package engine

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/opsh/opsh/internal/goref"
)

// This file holds the source-to-source step that runs before yaegi sees a
// cell. Each rewrite works around one of yaegi v0.16.1's hazards (see
// DESIGN.md) or implements a REPL rule:
//
//   - rewriteBlank: value uses of `_` become the variable of the last cell
//     that produced a value; `_` stays the blank identifier where Go uses it
//     as one (assignments, range clauses, parameters, var specs).
//   - rewriteGo: a `go` statement's goroutine recovers and reports its
//     panic, which would otherwise kill the process, and is started by
//     compiled code (_opshrt.Go), not by yaegi's go statement, which races.
//   - assignRangeVars: a range loop that assigns variables declared before
//     it (for i, v = range xs) defines its own and assigns them in the body.
//   - convertTypedConsts: a typed constant's operation is converted to
//     its type (const C P = 1 + 1 is P(1 + 1)).
//   - rewriteRangeInt: `for i := range n` over an integer (Go 1.22) becomes
//     a three-clause loop.
//   - sliceRangedArrays: a range over a pointer to an array ranges over
//     the array's slice.
//   - rewriteRangeFunc: a range over a function (Go 1.23 iterators)
//     becomes a call of the function with the loop body as its yield
//     (rangefunc.go).
//   - freshCaseVars: a type switch's clause, or a select's case, whose
//     body captures the variable it declares gives each execution its own
//     copy, as the loops below do.
//   - rewriteLoopVars: loops whose body captures the loop variables (a
//     closure, a go or defer statement, an address taken) give each
//     iteration its own copy, under a fresh name (yaegi mishandles a copy
//     under the same name), as Go 1.22 does.
//   - checkUnsupported: a negative constant index fails with a line that
//     says how Go writes Python's s[-3:].
//   - rewriteMethodExprs: a method expression (T.Get, (*T).Get,
//     time.Duration.String) becomes the function literal Go would have
//     made of it (methodexpr.go).
//   - checkNilErrors: a pointer returned as an error result goes through a
//     function literal that makes a nil one Go's non-nil error holding it,
//     where yaegi would make it a nil error (nilerror.go).
//   - addSelfMethods: a struct type whose Error method has a value
//     receiver gets a method returning the value, which yaegi's error
//     wrapper otherwise loses (selfmethod.go).
//   - convertToInterfaces: a struct value assigned or converted to a
//     compiled interface is returned by a function literal, which yaegi
//     converts right (ifaceconv.go).
//   - convertFields: a literal of a compiled struct type that gives a field
//     of an interface type a value of the session's type is made by a
//     function literal that assigns that field, which yaegi converts right
//     (ifaceconv.go).
//   - convertFuncArgs: a value of a function type of the session's given
//     to a compiled function's interface parameter (io.ReadAll(readFn(f)))
//     is returned by a function literal of the interface's type
//     (ifaceconv.go).
//   - convertOperations: an operation assigned or returned to an interface
//     is converted to its own type first, a = int(-i), where yaegi would
//     end the function without a word (ifaceconv.go).
//   - keepFramesUnlocked: a function with a defer makes its function
//     values in frames of their own, which its deferred calls do not lock.
//   - rewriteBuiltins: min, max, clear and new(expr) call helpers of the
//     prelude, as yaegi has none of them; param's optional description is
//     given.
//   - recoverDeferredPanics: a deferred literal that recovers sees the panic
//     of a call deferred after it (deferpanic.go).
//   - moveDefaultLast: a default clause that a fallthrough enters or leaves
//     moves to the end, the bodies the fallthroughs ran copied.
//   - dropBlankVars: var _ T in a function declares nothing, and is dropped.
//   - rewriteBoolRecv: a channel receive used as a condition calls a
//     prelude function (yaegi loses a waited-for value there).
//   - rewriteTypeSwitch: a type switch with a `case error:`, or a case of
//     the session's types, becomes an expression switch of type assertions
//     (yaegi's type switch misses a standard library error, and a struct
//     of the session's in an any, there).
//   - expandConstGroups: the implicit repetition of a const group with
//     several names a spec is written out.
//   - renameSelfCopies: the pre-1.22 idiom `i := i` (or `h := h`) in a
//     block declares its copy under a fresh name: under the same name yaegi
//     loops forever or reads zero values.
//   - renameGenerics: the user's generic functions, and the uses of them,
//     take names of their own (Max becomes _opshGenMax): yaegi keeps the
//     instances of generic functions by name, and gives the user's Max the
//     instance of slices.Max, or the other way round. Their declarations
//     are laid out so that yaegi infers their type arguments right, and
//     calls with explicit type arguments follow (generics.go).
//   - buildInstanceLits: a composite literal of a generic type's instance
//     of several type arguments (Pair[string, int]{…}) becomes a function
//     that sets the fields of a variable of it; declareInstances makes
//     an instance named as a type argument, an assertion's or a case's
//     type before the statement that names it (generictypes.go).
//   - wrapInstances: a generic function given its type arguments and not
//     called (up := Map[string, string]) becomes a function literal that
//     calls it (generics.go).
//   - convertGenericArgs: a slice or map given to a function of slices or
//     maps whose type comes from compiled code (strings.Fields(s),
//     os.Args, an http.Header) is converted to that type written out
//     ([]string(os.Args)): yaegi's type inference crashes on the compiled
//     type, and takes the written one.
//   - nameLocalStructs: a struct type declared in a function is handed to
//     the session as its declaration runs, which then prints its values
//     with their fields' names and types, as for its package-level types
//     (localtypes.go).
//   - writeElidedPointers: the &T an element of a composite literal of a
//     compiled package's slice, array or map type leaves out
//     (fstest.MapFS{"x": {Data: b}}) is written in, where yaegi panics
//     (elided.go).
//   - renameMain: the user's main becomes _opshMain. yaegi runs a function
//     named main at the end of every evaluation once one exists; opsh runs
//     a program's main once, and at the prompt main() is the user's call.
//   - rewriteTopDefers: a defer statement of the cell itself (not of a
//     function it declares) defers its call to the end of the session, as
//     in a program's main (RunDeferred), with the function value and
//     arguments evaluated where the defer stands.
//   - rewriteLogValuers: the arguments of log/slog's functions that may
//     hold a value of the session's with a LogValue method reach slog as
//     a slog.LogValuer (slogfix.go).
//
// How top-level statements then reach yaegi is in toplevel.go.

// Names the rewrites introduce; user code never sees them.
const (
	goPanicFunc   = "_opshGoPanic"
	loopCopy      = "_opsh_"
	genericPrefix = "_opshGen"
)

// rewriter carries what the rewrites need to know about the session.
type rewriter struct {
	fset *token.FileSet
	// constValue is the value of the session's untyped constant a name
	// names, nil if it names none (Evaluator.untypedConst).
	constValue func(*ast.Ident) constant.Value
	// last is the name of the variable `_` stands for ("" if none yet).
	last string
	// defined reports whether name is a global of the session (so a user's
	// own min or max is left alone).
	defined func(name string) bool
	// isVar reports whether name is a variable of the session.
	isVar func(name string) bool
	// isType reports whether name is a type the session declared.
	isType func(name string) bool
	// generic is the generic function the session declared as name, or
	// nil.
	generic func(name string) *genericFunc
	// generics are the generic functions the rewritten node declares.
	generics []*genericFunc
	// typeOfValue gives the type of a side-effect-free expression's value
	// in the session, as Go source parsed.
	typeOfValue func(expr string) (ast.Expr, bool)
	// sliceOrMapType gives the type of an expression of the session's
	// globals and packages, if it is a slice or a map, as Go source that
	// names no compiled type for the slice or map itself (http.Header is
	// map[string][]string); it runs no call.
	// For a call, result is which of its results.
	sliceOrMapType func(x ast.Expr, result int) (ast.Expr, bool)
	// funcType gives the type of a package's function or of a session's
	// variable holding a function, as Go source.
	funcType func(x ast.Expr) (ast.Expr, bool)
	// kindOf evaluates a side-effect-free expression's kind, for range
	// loops over integers; it returns reflect.Invalid when unsure.
	kindOf func(expr string) reflect.Kind
	// methodDecl is the declaration of the session's method T.M, and the
	// file set it was read with; nil if there is none.
	methodDecl func(typeName, method string) (*ast.FuncDecl, *token.FileSet)
	// packageType is the type a package's pkg.T names, or nil.
	packageType func(x ast.Expr) reflect.Type
	// importPath is the import path of the package the session knows
	// under a name, "" if none.
	importPath func(name string) string
	// packageValue is the type of a package's pkg.V (a function's), from
	// the symbol tables, or nil.
	packageValue func(x ast.Expr) reflect.Type
	// packageFunc is the type of a package's function pkg.F, from the
	// symbol tables only (running nothing), or nil.
	packageFunc func(sel *ast.SelectorExpr) reflect.Type
	// packageConst is the value of a package's untyped constant pkg.C
	// (math.Pi), from the symbol tables; false for any other selector.
	packageConst func(sel *ast.SelectorExpr) (constant.Value, bool)
	// typeSource writes a type as Go source of the session.
	typeSource func(t reflect.Type) (string, bool)
	// textType reports whether the session's type name has a String or
	// Error method; pointerText, whether that method is the pointer
	// receiver's.
	textType    func(name string) bool
	pointerText func(name string) bool
	// jsonType reports whether the session's type name has a method
	// encoding/json calls (MarshalJSON, UnmarshalText …).
	jsonType func(name string) bool
	// varType is the type of the session's variable name as the source
	// that declared it wrote it, if it named one of the session's types.
	varType func(name string) (ast.Expr, bool)
	// funcSig is the signature of the session's function name, as its
	// declaration writes it, if it is not generic; nil otherwise.
	funcSig func(name string) *ast.FuncType
	// funcs are the functions and methods (T.M) the rewritten node
	// declares.
	funcs map[string]*ast.FuncDecl
	// packageResults are the result types of a package's function pkg.F,
	// as Go source; false if sel names none.
	packageResults func(sel *ast.SelectorExpr) ([]ast.Expr, bool)
	// methodSets are the methods of the session's types (see
	// Evaluator.methodSets).
	methodSets func() map[string]map[string]bool
	// genericMethods are the methods of the session's generic types (see
	// Evaluator.genericMethodSets).
	genericMethods func() map[string]map[string]bool
	// instances are the instances of the session's generic types that
	// its cells wrote (Evaluator.instances).
	instances func() map[string]string
	// note adds a note to the cell's result.
	note func(string)
	// forwarder is the name of the session's forwarder of a set of
	// methods, declared if need be (compiledassert.go).
	forwarder func(ms []forwarded) (string, bool)
	// embedder is the name of the session's type of a struct literal's
	// fields that embed a package's interfaces, with their methods,
	// declared if need be (embedding.go).
	embedder func(st *ast.StructType) (string, bool)
	// sessionTypes reports whether the session declared any type.
	sessionTypes func() bool
	// methodNamed reports whether the session declared a method name.
	methodNamed func(name string) bool
	// typeDecl is the definition of the session's type name, parsed.
	typeDecl func(name string) (ast.Expr, bool)
	// alias is the type the session's alias name stands for, parsed.
	alias func(name string) (ast.Expr, bool)
	// genericSpec is the declaration of the session's generic type name,
	// or nil.
	genericSpec func(name string) *ast.TypeSpec
	// localStruct keeps the declaration of a struct type in a function and
	// gives the number _opshrt.NameLocal knows it by (localtypes.go).
	localStruct func(spec *ast.TypeSpec) int
	// versioned is set once the session redefined a type (typeversions.go).
	versioned bool
	// sameStruct reports whether the session declared a struct type other
	// than name with the definition def (structtags.go).
	sameStruct func(name, def string) bool
	// types are the definitions of the types the rewritten node declares
	// (not generic ones); declared, the names of all it declares.
	types    map[string]ast.Expr
	declared map[string]bool
	// imports are the import paths of the packages the rewritten node
	// imports under names of their own, by those names.
	imports map[string]string
	// genericTypes are the generic types the rewritten node declares.
	genericTypes map[string]*ast.TypeSpec
	// constTypes are the types of the constants the rewritten node
	// declares without a type or a value, those of the specs before them
	// (const ( A T = iota; B )).
	constTypes map[*ast.ValueSpec]ast.Expr
	// sets are the session's methods by type, read once a rewrite
	// (assertCandidates).
	sets map[string]map[string]bool
	// root is the node apply rewrites; assertAt the position of the
	// assertion rewriteInterfaceAsserts rewrites.
	root     ast.Node
	assertAt token.Pos
	// nodeInstances leaves the session's instances out of the candidates.
	nodeInstances bool
	// genericSetsRead and written are the methods of the generic types
	// and the instances the node writes, read once a rewrite
	// (instanceSets).
	genericSetsRead map[string]map[string]bool
	written         []writtenInstance
	err             error
	n               int                  // counter for fresh names
	done            map[*ast.GoStmt]bool // go statements already rewritten
}

// fail makes the rewrite's error, at pos in the cell where it is known.
func (rw *rewriter) fail(pos token.Pos, format string, args ...any) {
	if rw.err != nil {
		return
	}
	rw.err = fmt.Errorf(format, args...)
	if rw.fset != nil && pos.IsValid() {
		p := rw.fset.Position(pos)
		rw.err = located(rw.err, p.Line, p.Column)
	}
}

// apply runs every rewrite over node, in order.
func (rw *rewriter) apply(node ast.Node) error {
	rw.root = node
	inlineLocalAliases(node)
	rw.inlineAliases(node)
	renameFieldTypeParams(node)
	rw.learn(node)
	rw.spellDefinedTypes(node)
	rw.nameEmbedders(node)
	zeroNamedResults(node)
	rw.addSelfMethods(node)
	rw.renameEmbeddedVersions(node)
	rw.tagLookalikes(node)
	rw.nameLocalStructs(node)
	rw.writeElidedPointers(node)
	rw.renameGenerics(node)
	rw.dropOwnTypeArgs(node)
	rw.wrapInstances(node)
	rw.instantiate(node)
	renameMain(node)
	expandConstGroups(node)
	rw.convertTypedConsts(node)
	dropBlankVars(node)
	rw.assertBlankVars(node)
	splitNilAssigns(node)
	hoistSwitchInits(node)
	unlabelReturns(node)
	rw.inlinePackageFloats(node)
	foldConstShifts(node)
	rw.foldIntDivisions(node)
	rw.typeShifts(node)
	rw.checkUnsupported(node)
	rw.splitReturnedCalls(node)
	rw.freshArrayAddrs(node)
	rw.rewriteMethodExprs(node)
	rw.freezeDeferred(node)
	rw.rewriteMethodValues(node)
	rw.callNamedFuncs(node)
	rw.noteLookalikeCases(node)
	rw.fallbackAfter(node)
	rw.guardNilAsserts(node)
	rw.assertFromAny(node)
	rw.rewriteInterfaceAsserts(node)
	rw.convertToInterfaces(node)
	rw.convertFields(node)
	rw.convertFuncArgs(node)
	rw.appendWholeSlices(node)
	rw.copyIntoInterfaces(node)
	rw.convertOperations(node)
	rw.sliceVariadicIfaces(node)
	rw.sliceVariadicValues(node)
	rw.boxSliceArgs(node)
	rw.switchOnInterfaces(node)
	rw.compareInterfaces(node)
	rw.checkNilErrors(node)
	rw.foldMinMax(node)
	rw.rewriteBuiltins(node)
	rw.rewriteStdGenerics(node)
	rewriteBoolRecv(node)
	nameParams(node)
	keepFramesUnlocked(node)
	rw.recoverDeferredPanics(node)
	rewriteCommaOk(node)
	rw.freshCommaOks(node)
	rw.zeroMisses(node)
	rw.wrapContextKeys(node)
	rw.freshCaseVars(node)
	rw.rewriteSelects(node)
	rewriteSelectBreaks(node)
	rw.hoistSelectSends(node)
	rw.hoistReturnedRecvs(node)
	rw.hoistAssignedRecvs(node)
	receiveWithOk(node)
	defaultOnlyTypeSwitches(node)
	rw.nilCaseFirst(node)
	rw.rewriteTypeSwitch(node)
	joinCaseConditions(node)
	splitCaseLists(node)
	rw.rewriteBlank(node)
	rw.renameSelfCopies(node)
	rw.assignRangeVars(node)
	rw.rewriteRangeInt(node)
	rw.rewriteRangeString(node)
	rw.sliceRangedArrays(node)
	rw.rewriteRangeChans(node)
	rw.rewriteRangeFunc(node)
	rw.rewriteLoopVars(node)
	rw.rewriteGo(node)
	rw.recoverCallbacks(node)
	rw.wrapIterArgs(node)
	rw.keepNamedTypes(node)
	rw.convertGenericArgs(node)
	rw.rewriteLogValuers(node)
	rw.rewriteSlogTexts(node)
	rw.rewriteProcessExits(node)
	rw.rewriteLoggerCalls(node)
	rw.rewriteTypedArgs(node)
	rw.hoistGenericValues(node)
	rw.splitAssigns(node) // late: the rewrites before read the types the assignments show
	rw.hoistCapturedLiterals(node)
	rw.buildInstanceLits(node)
	rw.declareInstances(node)
	moveDefaultLast(node) // last: the statements it copies are shared, and no rewrite may change them after
	return rw.err
}

// blankPositions lists the `_` identifiers that are Go's blank identifier.
func blankPositions(node ast.Node) map[*ast.Ident]bool {
	blank := map[*ast.Ident]bool{}
	mark := func(e ast.Expr) {
		if isBlankIdent(e) {
			blank[e.(*ast.Ident)] = true
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, e := range x.Lhs {
				mark(e)
			}
		case *ast.RangeStmt:
			if x.Key != nil {
				mark(x.Key)
			}
			if x.Value != nil {
				mark(x.Value)
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				mark(id)
			}
		case *ast.Field:
			for _, id := range x.Names {
				mark(id)
			}
		case *ast.ImportSpec:
			if x.Name != nil {
				mark(x.Name)
			}
		case *ast.TypeSpec:
			mark(x.Name)
		case *ast.FuncDecl:
			mark(x.Name)
		}
		return true
	})
	return blank
}

// severalValues is what `_` stands for after a cell that showed several
// values: none of them.
const severalValues = "(several)"

// rewriteBlank renames every value use of `_` to rw.last.
func (rw *rewriter) rewriteBlank(node ast.Node) {
	blank := blankPositions(node)
	ast.Inspect(node, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != "_" || blank[id] {
			return true
		}
		switch rw.last {
		case "":
			rw.fail(id.Pos(), "_ has no value yet: it is the value of the last cell that produced one")
			return false
		case severalValues:
			rw.fail(id.Pos(), "_ stands for no value: the last cell that produced values gave several; name them, v, ok := …")
			return false
		}
		id.Name = rw.last
		return true
	})
}

// checkUnsupported refuses, with a clear error, what yaegi v0.16.1 cannot
// run and Go would refuse: a negative constant index, an assignment to a
// field of a map's element, a function that may end without a return.
func (rw *rewriter) checkUnsupported(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE || x.Tok == token.ASSIGN {
				rw.checkCounts(x.Pos(), len(x.Lhs), x.Rhs)
			}
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					rw.checkAssignable(l)
				}
			} else {
				for _, r := range x.Rhs {
					if isNilIdent(r) {
						rw.fail(r.Pos(), "use of untyped nil in assignment")
					}
				}
			}
		case *ast.IncDecStmt:
			rw.checkAssignable(x.X)
		case *ast.ExprStmt:
			if isNilIdent(x.X) {
				rw.fail(x.Pos(), "use of untyped nil") // a cell of nil, a statement of nil
			}
		case *ast.ValueSpec:
			if len(x.Values) > 0 {
				rw.checkCounts(x.Pos(), len(x.Names), x.Values)
			}
			rw.checkNilValues(x)
		case *ast.IndexExpr:
			if t, _, ok := rw.staticType(x.X); ok {
				if _, isMap := rw.underlying(t).(*ast.MapType); !isMap {
					rw.checkIndex(x.Index, "s[%s]", "s[len(s)%s]")
				}
			}
		case *ast.SliceExpr:
			rw.checkIndex(x.Low, "s[%s:]", "s[len(s)%s:]")
			rw.checkIndex(x.High, "s[:%s]", "s[:len(s)%s]")
			rw.checkIndex(x.Max, "s[::%s]", "s[::len(s)%s]")
		case *ast.TypeSpec:
			rw.checkRecursiveGeneric(x)
			rw.checkRecursiveFunc(x)
		case *ast.CallExpr:
			rw.checkPointerMethod(x)
			rw.checkConstConversion(x)
		case *ast.FuncDecl:
			rw.checkFunc(x.Type, x.Body)
		case *ast.FuncLit:
			rw.checkFunc(x.Type, x.Body)
		}
		return true
	})
}

// checkFunc refuses, in Go's words, what the function of type ft and body
// body (nil for a declaration without one) gets wrong that yaegi lets
// through: a missing return, returns of too few or too many values or of
// nil for a type without it, a break or continue outside what they leave.
// Each function literal is checked alone.
func (rw *rewriter) checkFunc(ft *ast.FuncType, body *ast.BlockStmt) {
	rw.checkMissingReturn(ft, body)
	rw.checkReturns(ft, body)
	rw.checkBranches(body)
	rw.checkUnused(body)
}

// checkUnused refuses, as Go does, a statement of the function's body that
// is an expression neither called nor received from: wg.Wait, its
// parentheses forgotten, did nothing, without a word, and the program went
// on without waiting.
func (rw *rewriter) checkUnused(body *ast.BlockStmt) {
	if body == nil {
		return
	}
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // its own (checkUnsupported)
		case *ast.TypeSwitchStmt:
			ast.Inspect(x.Body, visit) // (its x.(type) is no statement)
			return false
		case *ast.ExprStmt:
			switch e := unparen(x.X).(type) {
			case *ast.CallExpr:
				return true
			case *ast.UnaryExpr:
				if e.Op == token.ARROW {
					return true
				}
			}
			what := exprString(nil, x.X)
			t, _, ok := rw.staticType(x.X)
			switch {
			case !ok:
				rw.fail(x.Pos(), "%s is not used", what)
			case isFuncType(t):
				rw.fail(x.Pos(), "%s (value of type %s) is not used: call it, %s(…)", what, exprString(nil, t), what)
			default:
				rw.fail(x.Pos(), "%s (value of type %s) is not used", what, exprString(nil, t))
			}
		}
		return true
	}
	ast.Inspect(body, visit)
}

// isFuncType reports whether t is a function type written out.
func isFuncType(t ast.Expr) bool {
	_, ok := t.(*ast.FuncType)
	return ok
}

// intRanges are the bounds of the predeclared integer types (int and uint
// of 64 bits).
var intRanges = map[string][2]constant.Value{
	"int8": {constant.MakeInt64(math.MinInt8), constant.MakeInt64(math.MaxInt8)}, "int16": {constant.MakeInt64(math.MinInt16), constant.MakeInt64(math.MaxInt16)},
	"int32": {constant.MakeInt64(math.MinInt32), constant.MakeInt64(math.MaxInt32)}, "rune": {constant.MakeInt64(math.MinInt32), constant.MakeInt64(math.MaxInt32)},
	"int64": {constant.MakeInt64(math.MinInt64), constant.MakeInt64(math.MaxInt64)}, "int": {constant.MakeInt64(math.MinInt64), constant.MakeInt64(math.MaxInt64)},
	"uint8": {constant.MakeInt64(0), constant.MakeUint64(math.MaxUint8)}, "byte": {constant.MakeInt64(0), constant.MakeUint64(math.MaxUint8)},
	"uint16": {constant.MakeInt64(0), constant.MakeUint64(math.MaxUint16)}, "uint32": {constant.MakeInt64(0), constant.MakeUint64(math.MaxUint32)},
	"uint64": {constant.MakeInt64(0), constant.MakeUint64(math.MaxUint64)}, "uint": {constant.MakeInt64(0), constant.MakeUint64(math.MaxUint64)},
}

// checkConstConversion refuses, as Go does, the conversion of an integer
// literal to a predeclared integer type that cannot hold it: yaegi v0.16.1
// wrapped int8(200) to -56.
func (rw *rewriter) checkConstConversion(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || id.Obj != nil || len(call.Args) != 1 || rw.defined != nil && rw.defined(id.Name) {
		return
	}
	bounds, ok := intRanges[id.Name]
	c, isConst := literalConst(call.Args[0])
	if !ok || !isConst || c.Kind() != constant.Int {
		return
	}
	if constant.Compare(c, token.LSS, bounds[0]) || constant.Compare(c, token.GTR, bounds[1]) {
		rw.fail(call.Pos(), "constant %s overflows %s", c.ExactString(), id.Name)
	}
}

// checkPointerMethod refuses, as Go does, a call of a method of the
// session's of a pointer receiver on a value that has no address: a
// map's element, a composite literal, a call's result. yaegi v0.16.1
// called it on a copy, and cm["z"].Retry() changed nothing, silently.
func (rw *rewriter) checkPointerMethod(call *ast.CallExpr) {
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !rw.unaddressable(sel.X) {
		return
	}
	t, _, ok := rw.staticType(sel.X)
	if !ok {
		return
	}
	if name, ptr := typeIdent(t); name != "" && !ptr && rw.methodSet()[name][sel.Sel.Name] {
		rw.fail(call.Pos(), "cannot call pointer method %s on %s", sel.Sel.Name, name)
	}
}

// unaddressable reports whether x is a value Go gives no address: a map's
// element, a composite literal, a call's result.
func (rw *rewriter) unaddressable(x ast.Expr) bool {
	switch x := unparen(x).(type) {
	case *ast.CompositeLit, *ast.CallExpr:
		return true
	case *ast.IndexExpr:
		t, _, ok := rw.staticType(x.X)
		_, isMap := rw.underlying(t).(*ast.MapType)
		return ok && isMap
	}
	return false
}

// checkAssignable refuses, as Go does, an assignment to a byte of a
// string (s[0] = 'x'), which yaegi v0.16.1 fails on with reflect's
// words, and to a field of a map's element (m["web"].Port = 80), which it
// makes to a copy of it, silently.
func (rw *rewriter) checkAssignable(lhs ast.Expr) {
	if ix, ok := unparen(lhs).(*ast.IndexExpr); ok && rw.isString(ix.X) {
		rw.fail(lhs.Pos(), "cannot assign to %s (neither addressable nor a map index expression): a string cannot be changed; make a []byte of it, b := []byte(s), and change that", exprString(nil, lhs))
		return
	}
	sel, ok := unparen(lhs).(*ast.SelectorExpr)
	if !ok {
		return
	}
	ix, ok := unparen(sel.X).(*ast.IndexExpr)
	if !ok {
		return
	}
	t, _, ok := rw.staticType(ix.X)
	if !ok {
		return
	}
	if name, ptr := typeIdent(t); name != "" && !ptr {
		if def, ok := rw.typeDef(name); ok {
			t = def
		}
	}
	mt, isMap := t.(*ast.MapType)
	if !isMap {
		return
	}
	elem := mt.Value
	if name, ptr := typeIdent(elem); name != "" && !ptr {
		elem, _ = rw.typeDef(name)
	}
	if _, isStruct := elem.(*ast.StructType); isStruct {
		rw.fail(lhs.Pos(), "cannot assign to struct field %s in map (take the element out, change it and put it back, or keep pointers in the map)", exprString(nil, lhs))
	}
}

// checkRecursiveGeneric refuses a generic type of several type parameters
// whose definition names itself (type node[K, V any] struct{ left
// *node[K, V] }): yaegi v0.16.1 instantiates it for ever, and the worker
// dies of a stack overflow. One type parameter is fine.
func (rw *rewriter) checkRecursiveGeneric(ts *ast.TypeSpec) {
	if ts.TypeParams == nil || ts.TypeParams.NumFields() < 2 {
		return
	}
	ast.Inspect(ts.Type, func(n ast.Node) bool {
		if x, ok := n.(*ast.IndexListExpr); ok {
			if id, ok := x.X.(*ast.Ident); ok && id.Name == ts.Name.Name {
				rw.fail(x.Pos(), "%s refers to itself with its %d type parameters, which overflows the interpreter's stack: give it one type parameter (node[E any] with E a struct of the key and the value) (see :help limits)", ts.Name.Name, ts.TypeParams.NumFields())
				return false
			}
		}
		return true
	})
}

// checkRecursiveFunc refuses a function type whose parameters or results
// are of itself (type state func(r rune) state, a lexer's states): yaegi
// v0.16.1 cannot compile it (reflect.Type is nil), and says so in its own
// words. Wrapped in a struct, it compiles.
func (rw *rewriter) checkRecursiveFunc(ts *ast.TypeSpec) {
	ft, ok := ts.Type.(*ast.FuncType)
	if !ok {
		return
	}
	for _, t := range append(fieldTypes(ft.Params), fieldTypes(ft.Results)...) {
		if id, ok := t.(*ast.Ident); ok && id.Name == ts.Name.Name {
			rw.fail(id.Pos(), "%s is a function type of itself, which the interpreter cannot compile (yaegi v0.16.1): wrap the function in a struct, type %s struct{ f %s }, and call s.f(…) (see :help limits)", ts.Name.Name, ts.Name.Name, exprString(nil, ft))
			return
		}
	}
}

// checkReturns refuses, in Go's words, a return of too few or too many
// values, which yaegi said were arguments (not enough arguments to return)
// or, for a call, assigned (assignment mismatch: 2 variables but
// fmt.Errorf returns 1 values); and a return of nil as a result of a type
// that has no nil (a string, a number, a bool, a struct), at which
// yaegi's compiler panicked (CFG post-order panic: nil pointer
// dereference).
func (rw *rewriter) checkReturns(ft *ast.FuncType, body *ast.BlockStmt) {
	if body == nil {
		return
	}
	results := fieldTypes(ft.Results)
	named := ft.Results != nil && len(ft.Results.List) > 0 && len(ft.Results.List[0].Names) > 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // its own (checkUnsupported)
		case *ast.ReturnStmt:
			rw.checkReturnCount(x, results, named)
			if len(x.Results) != len(results) {
				return true
			}
			for i, r := range x.Results {
				if isIdent(r, "nil") && !rw.hasNil(results[i]) {
					rw.fail(r.Pos(), "cannot use nil as %s value in return statement", exprString(nil, results[i]))
				}
			}
		}
		return true
	})
}

// appendWholeSlices converts each value of a slice type appended to a
// slice of an interface type (append(all, batch) of []any) to that
// interface: yaegi v0.16.1 appended its elements, as append(all,
// batch...) does, where Go appends the slice as one element. (A slice
// type of the session's, with methods, is still spread: see :help limits.)
func (rw *rewriter) appendWholeSlices(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || !isIdent(call.Fun, "append") || call.Ellipsis.IsValid() || len(call.Args) < 2 {
			return true
		}
		if id := call.Fun.(*ast.Ident); id.Obj != nil || rw.defined != nil && rw.defined("append") {
			return true
		}
		st, _, ok := rw.staticType(call.Args[0])
		if !ok {
			return true
		}
		list, ok := rw.underlying(st).(*ast.ArrayType)
		if !ok || list.Len != nil {
			return true
		}
		if _, lit := list.Elt.(*ast.InterfaceType); !lit && !rw.isInterface(list.Elt) {
			return true
		}
		for i, a := range call.Args[1:] {
			at, _, ok := rw.staticType(a)
			if !ok {
				continue
			}
			if al, isList := at.(*ast.ArrayType); isList && al.Len == nil {
				call.Args[i+1] = conversion(cloneExpr(list.Elt), a) // []any
			}
		}
		return true
	})
}

// checkBranches refuses, in Go's words, a break outside a loop, a switch
// or a select, and a continue outside a loop: yaegi returned from the
// function there, silently. (Labeled ones are left to yaegi.)
func (rw *rewriter) checkBranches(body *ast.BlockStmt) {
	var walk func(n ast.Node, loop, breakable bool)
	walk = func(n ast.Node, loop, breakable bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if b := loopBody(m); b != nil {
				walk(b, true, true)
				return false
			}
			if b := switchBody(m); b != nil {
				walk(b, loop, true)
				return false
			}
			switch x := m.(type) {
			case *ast.FuncLit:
				return false // its own (checkUnsupported)
			case *ast.BranchStmt:
				switch {
				case x.Label != nil:
				case x.Tok == token.BREAK && !breakable:
					rw.fail(x.Pos(), "break is not in a loop, switch, or select")
				case x.Tok == token.CONTINUE && !loop:
					rw.fail(x.Pos(), "continue is not in a loop")
				}
			}
			return true
		})
	}
	if body != nil {
		walk(body, false, false)
	}
}

// checkReturnCount refuses a return of another number of values than the
// function's results, in Go's words: not enough return values, have
// (error), want (string, error).
func (rw *rewriter) checkReturnCount(ret *ast.ReturnStmt, results []ast.Expr, named bool) {
	have := ret.Results
	var haveTypes []string
	if len(have) == 1 && len(results) != 1 {
		call, ok := unparen(have[0]).(*ast.CallExpr)
		if !ok {
			return
		}
		types := rw.results(call.Fun)
		if types == nil || len(types) == len(results) {
			return // (a call of unknown results is yaegi's to judge)
		}
		for _, t := range types {
			haveTypes = append(haveTypes, exprString(nil, t))
		}
	} else {
		if len(have) == len(results) || len(have) == 0 && named {
			return
		}
		for _, x := range have {
			haveTypes = append(haveTypes, rw.valueText(x))
		}
	}
	var want []string
	for _, t := range results {
		want = append(want, exprString(nil, t))
	}
	which := "not enough"
	if len(haveTypes) > len(want) {
		which = "too many"
	}
	if slices.Contains(haveTypes, "?") {
		rw.fail(ret.Pos(), "%s return values: want (%s)", which, strings.Join(want, ", "))
		return
	}
	rw.fail(ret.Pos(), "%s return values: have (%s), want (%s)", which, strings.Join(haveTypes, ", "), strings.Join(want, ", "))
}

// valueText is the type of x as Go's messages name it: nil, number for
// an untyped number, the source's type, or ? where it is not told (and
// checkReturnCount names none).
func (rw *rewriter) valueText(x ast.Expr) string {
	if isIdent(x, "nil") {
		return "nil"
	}
	t, kind, ok := rw.staticType(x)
	switch {
	case !ok:
		return "?"
	case kind == token.INT || kind == token.FLOAT || kind == token.IMAG || kind == token.CHAR:
		return "number"
	case kind == token.STRING:
		return "string"
	}
	return exprString(nil, t)
}

// hasNil reports whether t, a type as the source writes it, has nil among
// its values; true where it cannot tell.
func (rw *rewriter) hasNil(t ast.Expr) bool {
	switch u := rw.underlying(t).(type) {
	case *ast.Ident:
		switch u.Name {
		case "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
			"float32", "float64", "complex64", "complex128", "byte", "rune":
			return u.Obj != nil // a type parameter's or a local type's name: not told
		}
	case *ast.StructType:
		return false
	case *ast.ArrayType:
		return u.Len == nil
	}
	return true
}

// checkCounts refuses, in Go's words, an assignment or declaration of
// vars names whose values are too many, or too few without being one
// call or comma-ok form: yaegi drops the extra values (a, b := 1, 2, 3) or
// says only "unsupported assign expression" (a, b := 1).
func (rw *rewriter) checkCounts(pos token.Pos, vars int, values []ast.Expr) {
	if len(values) == vars {
		return
	}
	if len(values) == 1 {
		switch x := unparen(values[0]).(type) {
		case *ast.CallExpr, *ast.IndexExpr, *ast.TypeAssertExpr:
			return
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				return
			}
		}
	}
	rw.fail(pos, "assignment mismatch: %s but %s", plural(vars, "variable"), plural(len(values), "value"))
}

// checkNilValues refuses, in Go's words, nil given to a variable of a
// basic type (var n int = nil), which yaegi lets through as the zero value.
func (rw *rewriter) checkNilValues(spec *ast.ValueSpec) {
	t, ok := spec.Type.(*ast.Ident)
	if !ok || !predeclaredTypes[t.Name] || t.Name == "error" || t.Name == "any" || t.Obj != nil {
		return
	}
	for _, v := range spec.Values {
		if isNilIdent(v) {
			rw.fail(v.Pos(), "cannot use nil as %s value in variable declaration", t.Name)
		}
	}
}

// plural is "1 value", "2 values".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// checkIndex refuses i, an index of a slice, an array or a string, if it
// is a negative constant, saying what Python's python (a form of the
// expression) is in Go's words, goForm.
func (rw *rewriter) checkIndex(i ast.Expr, python, goForm string) {
	if u, ok := i.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		if lit, ok := u.X.(*ast.BasicLit); ok && lit.Kind == token.INT {
			rw.fail(u.Pos(), "index -%s must not be negative: Go has no negative indices (Python's %s is %s)", lit.Value,
				fmt.Sprintf(python, "-"+lit.Value), fmt.Sprintf(goForm, "-"+lit.Value))
		}
	}
}

// Helpers the prelude declares for the rewrites below.
const (
	minFunc   = "_opshMin"
	maxFunc   = "_opshMax"
	newFunc   = "_opshNew"
	mustFunc  = "_opshMust"
	asType    = "_opshAsType"
	clearFunc = "_opshrt.Clear"
)

// rewriteBuiltins gives Go 1.21's min, max and clear, and Go 1.26's
// new(expr) and errors.AsType, to an interpreter that has none of them:
// min and max become generic functions of the prelude (their typed
// arguments first, so that the untyped constants take their type), clear a
// reflective helper, new(expr) a generic function returning a pointer to a
// copy, errors.AsType[E] a generic function calling the session's
// errors.As.
func (rw *rewriter) rewriteBuiltins(node ast.Node) {
	recovers := map[*ast.CallExpr]bool{} // recover() calls already handed on
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || recovers[call] {
			return true
		}
		if rw.rewriteAsType(call) {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok || id.Obj != nil || (rw.defined != nil && rw.defined(id.Name)) {
			return true
		}
		switch id.Name {
		case "min", "max":
			if len(call.Args) == 0 {
				rw.fail(id.Pos(), "not enough arguments for %s() (expected 1, found 0)", id.Name)
				return true
			}
			id.Name = map[string]string{"min": minFunc, "max": maxFunc}[id.Name]
			call.Args = rw.typedFirst(call.Args)
		case "clear":
			call.Fun = &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("Clear")}
		case "recover":
			// yaegi's panic(v) of an interface-typed v (panic(err))
			// makes recover return a reflect.Value holding v.
			inner := &ast.CallExpr{Fun: ast.NewIdent("recover"), Lparen: call.Lparen, Rparen: call.Rparen}
			recovers[inner] = true
			call.Fun = &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("Recovered")}
			call.Args = []ast.Expr{inner}
		case "new":
			if len(call.Args) == 1 && rw.isValue(call.Args[0]) {
				id.Name = newFunc
			}
		case "param":
			// param's description is optional; the prelude's param,
			// generic, takes it always (yaegi mishandles a generic
			// function's variadic parameter).
			if len(call.Args) == 2 {
				call.Args = append(call.Args, &ast.BasicLit{Kind: token.STRING, Value: `""`})
			}
		}
		return true
	})
}

// rewriteAsType makes a call of errors.AsType[E] one of the prelude's
// generic function, and reports whether call was one.
func (rw *rewriter) rewriteAsType(call *ast.CallExpr) bool {
	fun, explicit := call.Fun, ast.Expr(nil)
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun, explicit = ix.X, ix.Index
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "AsType" {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "errors" || pkg.Obj != nil || rw.defined != nil && rw.defined(pkg.Name) {
		return false
	}
	if explicit == nil {
		rw.fail(call.Pos(), "in call to errors.AsType, cannot infer E: give the error type, errors.AsType[*fs.PathError](err)")
		return true
	}
	call.Fun = &ast.IndexExpr{X: ast.NewIdent(asType), Index: explicit}
	return true
}

// rewriteTypeSwitch turns a type switch that has a `case error:`, or
// switches an error over interfaces the session declared (case
// Temporary:), or has a case of a type the session declared, into an
// expression switch of type assertions: yaegi v0.16.1's type switch misses
// an error made by the standard library (errors.New) under `case error`,
// where a type assertion finds it, an error of the session's type under an
// interface it implements, where the assertions rewriteInterfaceAsserts
// writes find it, and a struct of the session's in an any under its own
// case (casesSessionTypes). Break, default and the order of the cases keep
// their meaning. So does a switch that binds no variable with a case of a
// container of an any (casesAnyContainers).
func (rw *rewriter) rewriteTypeSwitch(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		ts, ok := inner.(*ast.TypeSwitchStmt)
		if ok {
			// The instances the node writes before it are candidates; not
			// the session's: a value of another instance, made after, is
			// one yaegi's assertion panics on (where its switch missed it).
			rw.assertAt, rw.nodeInstances = ts.Pos(), true
			defer func() { rw.assertAt, rw.nodeInstances = token.NoPos, false }()
		}
		boxed := ok && rw.casesBoxedTypes(ts)
		if !ok || !boxed && !switchesOnError(ts) && !rw.switchesErrorOverSession(ts) && !rw.casesSessionTypes(ts) && !rw.casesCompiledValues(ts) && !rw.switchesSessionInterface(ts) && !casesAnyContainers(ts) {
			return st
		}
		var bound *ast.Ident
		if a, ok := ts.Assign.(*ast.AssignStmt); ok {
			bound = a.Lhs[0].(*ast.Ident)
		}
		subject := switchSubject(ts)
		candidates := rw.anyCandidates
		if t, _, ok := rw.staticType(subject); ok && isIdent(t, "error") {
			candidates = rw.assertCandidates
		} else if ok && rw.packageInterface(t) {
			candidates = rw.heldCandidates
		}
		rw.n++
		v := fmt.Sprintf("%sts%d", loopCopy, rw.n)
		kind := fmt.Sprintf("%sbox%d", loopCopy, rw.n)
		sw := &ast.SwitchStmt{Switch: ts.Switch, Body: &ast.BlockStmt{}}
		for _, c := range ts.Body.List {
			cc := c.(*ast.CaseClause)
			var conds []ast.Expr
			for _, t := range cc.List {
				cond := rw.typeTest(v, t, candidates(t), rw.fallback(t))
				if boxed {
					cond = rw.boxedCase(kind, t, cond, ts)
				}
				conds = append(conds, cond)
			}
			body := cc.Body
			if bound != nil {
				val := ast.Expr(ast.NewIdent(v))
				if len(cc.List) == 1 && !isNilIdent(cc.List[0]) {
					val = &ast.TypeAssertExpr{X: ast.NewIdent(v), Type: cc.List[0]}
					if cands, fb := candidates(cc.List[0]), rw.fallback(cc.List[0]); len(cands) > 0 || fb != nil {
						val = rw.assertFunc(val.(*ast.TypeAssertExpr), cands, false, fb, "", nil)
					}
				}
				def := &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(bound.Name)}, Tok: token.DEFINE, Rhs: []ast.Expr{val}}
				use := &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(bound.Name)}}
				body = append([]ast.Stmt{def, use}, body...)
			}
			sw.Body.List = append(sw.Body.List, &ast.CaseClause{List: conds, Body: body})
		}
		init := []ast.Stmt{}
		if ts.Init != nil {
			init = append(init, ts.Init)
		}
		init = append(init, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(v)}, Tok: token.DEFINE, Rhs: []ast.Expr{subject}})
		if boxed {
			init = append(init, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(kind)}, Tok: token.DEFINE, Rhs: []ast.Expr{boxCall("BoxName", ast.NewIdent(v))}})
		}
		return relabel(label, &ast.BlockStmt{Lbrace: ts.Switch, List: append(init, sw)})
	})
}

// casesBoxedTypes reports whether ts switches a value the source shows to
// be an any (or shows nothing of) and has a case of a type of the
// session's that triedByBox tells by its box, with methods (a value
// without them has no box): yaegi's switch asked reflect, to which a
// Port, a Count and an int are one type, and took the first case of the
// three.
func (rw *rewriter) casesBoxedTypes(ts *ast.TypeSwitchStmt) bool {
	if subject, _, ok := rw.staticType(switchSubject(ts)); ok && !isEmptyIface(subject) {
		return false
	}
	for _, c := range ts.Body.List {
		for _, t := range c.(*ast.CaseClause).List {
			if name, _ := typeIdent(t); name != "" && rw.triedByBox(t) && rw.anyMethods(name, 0) {
				return true
			}
		}
	}
	return false
}

// boxedCase is cond, the test of a case of the type t of ts, a switch
// that casesBoxedTypes, also asking of the name of the type of the
// value's box, which kind holds (boxName): a case of a type triedByBox
// takes a box of its name, or a value of no box (which compiled code may
// have given back) where ts has no case of the type it is made of (a 1
// is an int, not a Port); a case of a predeclared type takes no box of a
// type of the session's.
func (rw *rewriter) boxedCase(kind string, t, cond ast.Expr, ts *ast.TypeSwitchStmt) ast.Expr {
	is := func(names ...string) ast.Expr {
		var any ast.Expr
		for _, n := range names {
			eq := &ast.BinaryExpr{X: ast.NewIdent(kind), Op: token.EQL, Y: quote(n)}
			if any == nil {
				any = eq
			} else {
				any = &ast.BinaryExpr{X: any, Op: token.LOR, Y: eq}
			}
		}
		return &ast.ParenExpr{X: any}
	}
	switch id, _ := t.(*ast.Ident); {
	case rw.triedByBox(t):
		names := []string{id.Name, ""}
		made := exprString(nil, rw.underlying(t))
		if !slices.ContainsFunc(ts.Body.List, func(c ast.Stmt) bool {
			return slices.ContainsFunc(c.(*ast.CaseClause).List, func(x ast.Expr) bool { return isIdent(x, made) })
		}) {
			names = append(names, "-")
		}
		return &ast.BinaryExpr{X: is(names...), Op: token.LAND, Y: cond}
	case id != nil && predeclaredTypes[id.Name] && id.Obj == nil:
		return &ast.BinaryExpr{X: is("-", "?", ""), Op: token.LAND, Y: cond}
	}
	return cond
}

// switchOnInterfaces makes a switch whose tag is an interface value
// (switch v { case "ok": … }, v an any out of a decoded JSON object) one of
// no tag that compares the value, taken once, with each case's: yaegi
// v0.16.1 converts the tag to each case's type, and failed
// (reflect.Value.Convert: value of type interface {} cannot be converted
// to type string).
//
//	{ init; _opsh_tag1 := v; switch { case _opsh_tag1 == "ok": … } }
func (rw *rewriter) switchOnInterfaces(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		sw, ok := inner.(*ast.SwitchStmt)
		if !ok || sw.Tag == nil {
			return st
		}
		if t, _, ok := rw.staticType(sw.Tag); !ok || !rw.isInterface(t) {
			return st
		}
		def, uses := rw.defineAll("tag", sw.Tag, 1, sw.Tag.Pos())
		tag := uses[0].(*ast.Ident)
		for _, c := range sw.Body.List {
			cc := c.(*ast.CaseClause)
			for i, x := range cc.List {
				cc.List[i] = &ast.BinaryExpr{X: &ast.Ident{NamePos: x.Pos(), Name: tag.Name, Obj: tag.Obj}, OpPos: x.Pos(), Op: token.EQL, Y: x}
			}
		}
		var list []ast.Stmt
		if sw.Init != nil {
			list = append(list, sw.Init)
		}
		sw.Init, sw.Tag = nil, nil
		return &ast.BlockStmt{Lbrace: sw.Pos(), List: append(list, def, relabel(label, sw)), Rbrace: sw.End()}
	})
}

// defaultOnlyTypeSwitches makes a type switch whose one clause is its
// default (switch v := x.(type) { default: … }) a switch of no tag whose
// default clause declares v, x itself: yaegi v0.16.1 gave v nil there.
func defaultOnlyTypeSwitches(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		ts, ok := inner.(*ast.TypeSwitchStmt)
		if !ok || len(ts.Body.List) != 1 || ts.Body.List[0].(*ast.CaseClause).List != nil {
			return st
		}
		as, ok := ts.Assign.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 {
			return st
		}
		cc := ts.Body.List[0].(*ast.CaseClause)
		name := as.Lhs[0].(*ast.Ident)
		bind := &ast.AssignStmt{Lhs: []ast.Expr{name}, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: []ast.Expr{switchSubject(ts)}}
		use := &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(name.Name)}}
		cc.Body = append([]ast.Stmt{bind, use}, cc.Body...)
		return relabel(label, &ast.SwitchStmt{Switch: ts.Switch, Init: ts.Init, Body: ts.Body})
	})
}

// nilCaseFirst makes a type switch of a value of the session's interface
// type with a case nil test for nil first, in a switch of no tag around
// it: yaegi v0.16.1 did not take the case nil for a nil value of such an
// interface.
//
//	switch _opsh_nil1 := e; {
//	case _opsh_nil1 == nil: …
//	default: switch v := _opsh_nil1.(type) { the other cases }
//	}
func (rw *rewriter) nilCaseFirst(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		ts, ok := inner.(*ast.TypeSwitchStmt)
		if !ok {
			return st
		}
		nilAt := slices.IndexFunc(ts.Body.List, func(c ast.Stmt) bool {
			list := c.(*ast.CaseClause).List
			return len(list) == 1 && isNilIdent(list[0])
		})
		subject := switchSubject(ts)
		t, _, known := rw.staticType(subject)
		if nilAt < 0 || !known || !rw.sessionInterface(t) || isEmptyInterface(t) {
			return st
		}
		rw.n++
		held := fmt.Sprintf("%snil%d", loopCopy, rw.n)
		nilCase := ts.Body.List[nilAt].(*ast.CaseClause)
		ts.Body.List = slices.Delete(ts.Body.List, nilAt, nilAt+1)
		if as, ok := ts.Assign.(*ast.AssignStmt); ok {
			// v in the case nil is the value, of the interface's type
			nilCase.Body = append([]ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(as.Lhs[0].(*ast.Ident).Name)}, Tok: token.DEFINE, Rhs: []ast.Expr{ast.NewIdent(held)}},
				&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(as.Lhs[0].(*ast.Ident).Name)}},
			}, nilCase.Body...)
		}
		// The held value's name is resolved to its definition, for the
		// rewrites after that read its type (rewriteTypeSwitch).
		def := &ast.AssignStmt{Tok: token.DEFINE, Rhs: []ast.Expr{subject}}
		obj := &ast.Object{Kind: ast.Var, Name: held, Decl: def}
		def.Lhs = []ast.Expr{&ast.Ident{Name: held, Obj: obj}}
		setSwitchSubject(ts, &ast.Ident{Name: held, Obj: obj})
		init := ts.Init
		ts.Init = nil
		outer := &ast.SwitchStmt{
			Switch: ts.Switch,
			Init:   def,
			Body: &ast.BlockStmt{List: []ast.Stmt{
				&ast.CaseClause{List: []ast.Expr{&ast.BinaryExpr{X: ast.NewIdent(held), Op: token.EQL, Y: ast.NewIdent("nil")}}, Body: nilCase.Body},
				&ast.CaseClause{Body: []ast.Stmt{ts}},
			}},
		}
		if init != nil {
			return relabel(label, &ast.BlockStmt{List: []ast.Stmt{init, outer}})
		}
		return relabel(label, outer)
	})
}

// joinCaseConditions joins the conditions of each case of a switch
// without a tag (or switch true) that lists several, with ||: yaegi
// v0.16.1 tests only the first (switch { case x == 1, x == 2: } missed
// 2). Go tests them in order until one holds, as || does.
func joinCaseConditions(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok {
			return true
		}
		if id, ok := sw.Tag.(*ast.Ident); ok && id.Name == "true" && id.Obj == nil {
			sw.Tag = nil
		}
		if sw.Tag != nil {
			return true
		}
		for _, c := range sw.Body.List {
			cc := c.(*ast.CaseClause)
			if len(cc.List) < 2 {
				continue
			}
			cond := cc.List[0]
			for _, x := range cc.List[1:] {
				cond = &ast.BinaryExpr{X: cond, OpPos: x.Pos(), Op: token.LOR, Y: &ast.ParenExpr{X: x}}
			}
			cc.List = []ast.Expr{&ast.ParenExpr{X: cond}}
		}
		return true
	})
}

// freshArrayAddrs writes the address of an array literal, &H{} of a type
// H [2]int or &[2]int{}, as that of a variable of a function literal's:
//
//	func() *H { _opsh_arr1 := H{}; return &_opsh_arr1 }()
//
// yaegi v0.16.1 gave the storage of the literal itself, the same array
// each time: a loop's p := &H{} made every p the last one.
func (rw *rewriter) freshArrayAddrs(node ast.Node) {
	// lit is the array literal n takes the address of, nil if none
	lit := func(n ast.Node) *ast.CompositeLit {
		u, ok := n.(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			return nil
		}
		cl, ok := unparen(u.X).(*ast.CompositeLit)
		if !ok || cl.Type == nil {
			return nil
		}
		t := cl.Type
		if id, ok := t.(*ast.Ident); ok {
			t = rw.underlying(id)
		}
		at, ok := t.(*ast.ArrayType)
		if !ok || at.Len == nil {
			return nil // a slice's
		}
		if _, counted := at.Len.(*ast.Ellipsis); counted {
			return nil // [...]int{…}: no type to name the result
		}
		return cl
	}
	if !holds(node, func(n ast.Node) bool { return lit(n) != nil }) {
		return // most cells: no walk of replaceExprs
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		cl := lit(x)
		if cl == nil {
			return nil
		}
		def, v := rw.define("arr", cl)
		return &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: x.Pos(), Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.StarExpr{X: cl.Type}}}}},
			Body: &ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{def, &ast.ReturnStmt{Return: x.Pos(), Results: []ast.Expr{&ast.UnaryExpr{OpPos: x.Pos(), Op: token.AND, X: v}}}}, Rbrace: x.End()},
		}, Lparen: x.End(), Rparen: x.End()}
	})
}

// splitCaseLists gives each expression of a case of a switch with a tag
// that lists several, after the first, one that is not a name or a
// literal (case f(1), f(2); case s[0], s[1]), a case of its own that
// falls through to the next: yaegi v0.16.1 tested only the first, and
// skipped the others. Go tests them in order until one matches, as the
// cases do:
//
//	case f(1), f(2): body   →   case f(1): fallthrough
//	                            case f(2): body
func splitCaseLists(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Tag == nil {
			return true
		}
		var clauses []ast.Stmt
		for _, c := range sw.Body.List {
			cc := c.(*ast.CaseClause)
			if len(cc.List) < 2 || !slices.ContainsFunc(cc.List[1:], func(x ast.Expr) bool {
				switch unparen(x).(type) {
				case *ast.BasicLit, *ast.Ident, *ast.SelectorExpr:
					return false
				}
				return true
			}) {
				clauses = append(clauses, cc)
				continue
			}
			for _, x := range cc.List[:len(cc.List)-1] {
				clauses = append(clauses, &ast.CaseClause{Case: x.Pos(), List: []ast.Expr{x}, Colon: x.End(),
					Body: []ast.Stmt{&ast.BranchStmt{TokPos: x.End(), Tok: token.FALLTHROUGH}}})
			}
			cc.List = cc.List[len(cc.List)-1:]
			clauses = append(clauses, cc)
		}
		sw.Body.List = clauses
		return true
	})
}

// moveDefaultLast moves a switch's default clause that is not its last
// to the end, where yaegi v0.16.1 takes it to be, when a fallthrough
// enters or leaves it: a fallthrough into it reached the clause after it,
// and one out of it reached nothing. Where the clauses are tested does not
// change what matches; the fallthroughs are made to run what they ran
// where the default stood, by repeating the bodies' statements (each in
// a block of its own; the statements are shared, which is why it runs
// after every other rewrite):
//
//	case 1: a; fallthrough         case 1: a; { d }
//	default: d                 →   case 2: b
//	case 2: b                      default: d
//
// A default that falls through runs, in its block, the body of the clause
// after it, and on, as far as they fall through. A switch whose copied
// bodies hold a label is left alone (a label is declared once).
func moveDefaultLast(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok {
			return true
		}
		clauses := sw.Body.List
		d := slices.IndexFunc(clauses, func(c ast.Stmt) bool { return c.(*ast.CaseClause).List == nil })
		if d < 0 || d == len(clauses)-1 {
			return true
		}
		cc := func(i int) *ast.CaseClause { return clauses[i].(*ast.CaseClause) }
		intoDefault := d > 0 && fallsThrough(cc(d-1))
		last := d + 1 // the default runs the clauses from d up to last, excluded
		for last < len(clauses) && fallsThrough(cc(last-1)) {
			last++
		}
		if !intoDefault && last == d+1 {
			return true
		}
		copied := clauses[d:last]
		if intoDefault {
			copied = clauses[d-1 : last]
		}
		if hasLabel(copied) {
			return true
		}
		def := cc(d)
		if intoDefault {
			prev := cc(d - 1)
			body := slices.Clone(prev.Body[:len(prev.Body)-1])
			body = append(body, &ast.BlockStmt{List: ownBody(def)})
			if fallsThrough(def) {
				body = append(body, def.Body[len(def.Body)-1])
			}
			prev.Body = body
		}
		if last > d+1 {
			body := ownBody(def)
			for i := d + 1; i < last; i++ {
				body = append(body, &ast.BlockStmt{List: ownBody(cc(i))})
			}
			def.Body = body
		}
		sw.Body.List = append(append(slices.Clone(clauses[:d]), clauses[d+1:]...), def)
		return true
	})
}

// fallsThrough reports whether a case clause ends with fallthrough.
func fallsThrough(cc *ast.CaseClause) bool {
	if len(cc.Body) == 0 {
		return false
	}
	b, ok := cc.Body[len(cc.Body)-1].(*ast.BranchStmt)
	return ok && b.Tok == token.FALLTHROUGH
}

// ownBody is a case clause's body without its fallthrough.
func ownBody(cc *ast.CaseClause) []ast.Stmt {
	if fallsThrough(cc) {
		return slices.Clone(cc.Body[:len(cc.Body)-1])
	}
	return slices.Clone(cc.Body)
}

// hasLabel reports whether one of stmts declares a label.
func hasLabel(stmts []ast.Stmt) bool {
	found := false
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			_, isLabel := n.(*ast.LabeledStmt)
			found = found || isLabel
			return !found
		})
	}
	return found
}

// isEmptyInterface reports whether t is interface{}.
func isEmptyInterface(t ast.Expr) bool {
	it, ok := t.(*ast.InterfaceType)
	return ok && (it.Methods == nil || len(it.Methods.List) == 0)
}

// setSwitchSubject makes x the value the type switch ts switches on.
func setSwitchSubject(ts *ast.TypeSwitchStmt, x ast.Expr) {
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		a.Rhs[0].(*ast.TypeAssertExpr).X = x
	case *ast.ExprStmt:
		a.X.(*ast.TypeAssertExpr).X = x
	}
}

// switchSubject is the value the type switch ts switches on.
func switchSubject(ts *ast.TypeSwitchStmt) ast.Expr {
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		return a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		return a.X.(*ast.TypeAssertExpr).X
	}
	return nil
}

// casesSessionTypes reports whether ts switches a value the source shows
// to be an any or a package's interface (an io.Writer), and a case names
// a type the session or the node declares (T, *T), no interface, or an
// interface a type of the session's has the methods of (anyCandidates).
// yaegi v0.16.1's type switch misses a struct of the session's held in an
// any (case C: of a C{1}), and any value of the session's held in a
// package's interface (case *W: of an io.Writer), where an assertion
// finds it; it misses a struct whose methods have value receivers in a
// case fmt.Stringer:. (A switch on an interface of the session's finds
// them, and tells apart two struct types without fields, which reflect
// does not.)
func (rw *rewriter) casesSessionTypes(ts *ast.TypeSwitchStmt) bool {
	subject, _, _ := rw.staticType(switchSubject(ts))
	ofAny := isEmptyIface(subject)
	return rw.switchOf(ts, func(t ast.Expr) bool {
		return ofAny || rw.packageInterface(t)
	}, func(t ast.Expr) bool {
		if name, ptr := typeIdent(t); name != "" {
			def, ok := rw.typeDef(name)
			_, iface := def.(*ast.InterfaceType)
			_, isStruct := rw.underlying(ast.NewIdent(name)).(*ast.StructType)
			// (a type of an any made of a basic one, type Status
			// string, yaegi's own switch tells from it where the value
			// keeps its type, and the assertions would take a string
			// for a Status)
			if ok && !iface && (isStruct || ptr || !ofAny) {
				return true
			}
		}
		return len(rw.anyCandidates(t)) > 0 || rw.sessionInstance(t)
	})
}

// casesAnyContainers reports whether ts binds no variable and has a case
// of a slice, an array, a map or a channel of an any (case []any, case
// map[string]any): yaegi v0.16.1's switch takes no such case but where
// it binds one.
func casesAnyContainers(ts *ast.TypeSwitchStmt) bool {
	if _, bound := ts.Assign.(*ast.AssignStmt); bound {
		return false
	}
	for _, c := range ts.Body.List {
		for _, t := range c.(*ast.CaseClause).List {
			var elem ast.Expr
			switch x := t.(type) {
			case *ast.ArrayType:
				elem = x.Elt
			case *ast.MapType:
				elem = x.Value
			case *ast.ChanType:
				elem = x.Value
			}
			if elem != nil && isEmptyIface(elem) {
				return true
			}
		}
	}
	return false
}

// switchOf reports whether ts switches a value the source shows to be of
// a type subject holds of, and has a case of a type cases holds of.
func (rw *rewriter) switchOf(ts *ast.TypeSwitchStmt, subject, cases func(ast.Expr) bool) bool {
	t, _, ok := rw.staticType(switchSubject(ts))
	if !ok || !subject(t) {
		return false
	}
	for _, c := range ts.Body.List {
		if slices.ContainsFunc(c.(*ast.CaseClause).List, cases) {
			return true
		}
	}
	return false
}

// switchesSessionInterface reports whether ts switches a value the source
// shows to be of an interface the session declared (var n Notifier) and
// has a case of an interface: yaegi v0.16.1's type switch took no such
// case (a Notifier that is a Closer went to default), where an assertion
// finds it.
func (rw *rewriter) switchesSessionInterface(ts *ast.TypeSwitchStmt) bool {
	return rw.switchOf(ts, rw.sessionInterface, func(t ast.Expr) bool { return rw.sessionInterface(t) || rw.packageInterface(t) })
}

// switchesErrorOverSession reports whether ts switches a value the source
// shows to be an error and has a case of an interface the session's
// types implement.
func (rw *rewriter) switchesErrorOverSession(ts *ast.TypeSwitchStmt) bool {
	return rw.switchOf(ts, func(t ast.Expr) bool { return isIdent(t, "error") }, func(t ast.Expr) bool { return len(rw.assertCandidates(t)) > 0 })
}

func switchesOnError(ts *ast.TypeSwitchStmt) bool {
	for _, c := range ts.Body.List {
		for _, t := range c.(*ast.CaseClause).List {
			if id, ok := t.(*ast.Ident); ok && id.Name == "error" && id.Obj == nil {
				return true
			}
		}
	}
	return false
}

// hoistSwitchInits writes a switch whose tag, after an init statement,
// is more than a name (switch s := "go"; s + "lang" {) as a block of the
// statement and the switch: yaegi v0.16.1 never evaluated such a tag, and
// compared the cases with its zero value. A label stays on the switch.
func hoistSwitchInits(node ast.Node) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		for i, st := range list {
			l, inner := unlabel(st)
			sw, ok := inner.(*ast.SwitchStmt)
			if !ok || sw.Init == nil || sw.Tag == nil {
				continue
			}
			if _, name := sw.Tag.(*ast.Ident); name {
				continue
			}
			init := sw.Init
			sw.Init = nil
			list[i] = &ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{init, relabel(l, sw)}, Rbrace: st.End() - 1}
		}
		return list
	})
}

// splitNilAssigns writes an assignment of several values some of which
// are nil (n, err = x*2, nil) as the assignment of the others followed by
// one of each nil: yaegi v0.16.1 failed on it with "reflect: New(nil)".
// Left as it is where a name the first part assigns is used by a
// destination of a nil (i, a[i] = 1, nil), which Go takes before.
func splitNilAssigns(node ast.Node) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) || !slices.ContainsFunc(as.Rhs, isNilIdent) {
				out = append(out, st)
				continue
			}
			first := &ast.AssignStmt{TokPos: as.TokPos, Tok: token.ASSIGN}
			var nils []ast.Stmt
			assigned := map[string]bool{}
			for i, r := range as.Rhs {
				if isNilIdent(r) {
					nils = append(nils, &ast.AssignStmt{Lhs: []ast.Expr{as.Lhs[i]}, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{r}})
					continue
				}
				first.Lhs, first.Rhs = append(first.Lhs, as.Lhs[i]), append(first.Rhs, r)
				if id, ok := as.Lhs[i].(*ast.Ident); ok {
					assigned[id.Name] = true
				}
			}
			uses := false
			for _, n := range nils {
				ast.Inspect(n.(*ast.AssignStmt).Lhs[0], func(x ast.Node) bool {
					id, ok := x.(*ast.Ident)
					uses = uses || ok && assigned[id.Name]
					return !uses
				})
			}
			switch {
			case uses:
				out = append(out, st)
			case len(first.Lhs) > 0:
				out = append(append(out, first), nils...)
			default:
				out = append(out, nils...)
			}
		}
		return out
	})
}

func isNilIdent(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// typeTest is `v == nil` for a nil case, else whether v holds a value of
// type t: v != nil && func() bool { _, ok := v.(t); return ok }(), the assertion
// trying the session's types cands first (assertFunc) if there are any,
// and a compiled value's methods last if fb is not nil.
func (rw *rewriter) typeTest(v string, t ast.Expr, cands []ast.Expr, fb *fallback) ast.Expr {
	if isNilIdent(t) {
		return &ast.BinaryExpr{X: ast.NewIdent(v), Op: token.EQL, Y: ast.NewIdent("nil")}
	}
	var ta ast.Expr = &ast.TypeAssertExpr{X: ast.NewIdent(v), Type: t}
	if len(cands) > 0 || fb != nil {
		ta = rw.assertFunc(ta.(*ast.TypeAssertExpr), cands, true, fb, "", nil)
	}
	assert := &ast.AssignStmt{
		Lhs: []ast.Expr{ast.NewIdent("_"), ast.NewIdent("ok")},
		Tok: token.DEFINE,
		Rhs: []ast.Expr{ta},
	}
	fn := &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{assert, &ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("ok")}}}},
	}
	// a nil v holds no type: yaegi's assertion of it to an interface
	// follows a nil pointer (nilAssertion)
	notNil := &ast.BinaryExpr{X: ast.NewIdent(v), Op: token.NEQ, Y: ast.NewIdent("nil")}
	return &ast.BinaryExpr{X: notNil, Op: token.LAND, Y: &ast.CallExpr{Fun: fn}}
}

// nameParams names the unnamed parameters of the functions with a body
// `_` (func(int) error → func(_ int) error): yaegi v0.16.1 keeps no place
// for an unnamed parameter, and the function's first composite literal
// is then given the argument (reflect.Set: value of type int is not
// assignable to type struct …).
func nameParams(node ast.Node) {
	name := func(ft *ast.FuncType) {
		for _, f := range ft.Params.List {
			if len(f.Names) == 0 {
				f.Names = []*ast.Ident{{NamePos: f.Type.Pos(), Name: "_"}}
			}
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Body != nil {
				name(x.Type)
			}
		case *ast.FuncLit:
			name(x.Type)
		}
		return true
	})
}

// rewriteBoolRecv makes a channel receive used as a condition (`<-done &&
// ok`, `if <-ready`) a call of a prelude function: yaegi v0.16.1 loses the
// received value there when the receive had to wait.
func rewriteBoolRecv(node ast.Node) {
	fix := func(x ast.Expr) ast.Expr {
		if u, ok := unparen(x).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return &ast.CallExpr{Fun: ast.NewIdent("_opshRecvBool"), Lparen: u.OpPos, Args: []ast.Expr{u.X}}
		}
		return x
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				x.X, x.Y = fix(x.X), fix(x.Y)
			}
		case *ast.UnaryExpr:
			if x.Op == token.NOT {
				x.X = fix(x.X)
			}
		case *ast.IfStmt:
			x.Cond = fix(x.Cond)
		case *ast.ForStmt:
			if x.Cond != nil {
				x.Cond = fix(x.Cond)
			}
		}
		return true
	})
}

// rewriteCommaOk makes a comma-ok assignment to variables that exist
// (`v, ok = m[k]`, `s, ok = x.(string)`) go through new ones: yaegi v0.16.1
// leaves v as it was when the key is missing or the assertion fails, where
// Go sets it to its zero value. A receive is right and left alone.
// (A first variable _ leaves the assignment as it is: nothing to zero.)
func rewriteCommaOk(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || isBlankIdent(as.Lhs[0]) {
			return st
		}
		if x := commaOk(as); x == nil {
			return st
		} else if u, recv := x.(*ast.UnaryExpr); recv && u.Op == token.ARROW {
			return st
		}
		tmps := []ast.Expr{ast.NewIdent("_opshV"), ast.NewIdent("_opshOK")}
		// One assignment a variable: yaegi's of two at once to a
		// closure's variable of an interface type fails (reflect.Set:
		// value of type interface {} is not assignable to type
		// interp.valueInterface), of one does not.
		block := &ast.BlockStmt{Lbrace: as.Pos(), Rbrace: as.End(), List: []ast.Stmt{
			&ast.AssignStmt{Lhs: tmps, TokPos: as.TokPos, Tok: token.DEFINE, Rhs: as.Rhs},
		}}
		if _, ok := as.Lhs[1].(*ast.Ident); !ok {
			// a[i] after i: Go's order, one assignment
			block.List = append(block.List, &ast.AssignStmt{Lhs: as.Lhs, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: tmps})
			return block
		}
		for i, l := range as.Lhs {
			if !isBlankIdent(l) {
				block.List = append(block.List, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{tmps[i]}})
			}
		}
		return block
	})
}

// rewriteSelectBreaks puts a labeled break that is a statement of a select
// case's own (`case <-done: break loop`) in a block: yaegi v0.16.1 does not
// leave the labeled loop from there, and the loop runs forever. Inside a
// block, or an if, it does.
func rewriteSelectBreaks(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CommClause); ok {
			for i, st := range cc.Body {
				if br, ok := st.(*ast.BranchStmt); ok && br.Tok == token.BREAK && br.Label != nil {
					cc.Body[i] = &ast.BlockStmt{Lbrace: br.Pos(), List: []ast.Stmt{br}, Rbrace: br.End()}
				}
			}
		}
		return true
	})
}

// isBlankIdent reports whether x is `_`.
func isBlankIdent(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "_"
}

// typedFirst orders min's and max's arguments so that one that is not an
// untyped constant comes first (the result does not depend on the order);
// when all are untyped constants (literals, or constants the source
// declares untyped) and one is a floating-point one, the first becomes
// float64, the type Go gives the result.
func (rw *rewriter) typedFirst(args []ast.Expr) []ast.Expr {
	kinds := make([]token.Token, len(args))
	for i, a := range args {
		if _, kind, ok := rw.staticType(a); ok && kind != token.ILLEGAL {
			kinds[i] = kind
			continue
		}
		out := append([]ast.Expr{a}, args[:i]...)
		return append(out, args[i+1:]...)
	}
	for _, kind := range kinds {
		if kind == token.FLOAT {
			args[0] = &ast.CallExpr{Fun: ast.NewIdent("float64"), Args: []ast.Expr{args[0]}}
			break
		}
	}
	return args
}

// isValue reports whether new's argument is an expression (Go 1.26's
// new(expr)) rather than a type.
func (rw *rewriter) isValue(x ast.Expr) bool {
	switch v := unparen(x).(type) {
	case *ast.BasicLit, *ast.CompositeLit, *ast.BinaryExpr, *ast.CallExpr, *ast.UnaryExpr:
		return true
	case *ast.Ident:
		if v.Obj != nil {
			return v.Obj.Kind == ast.Var || v.Obj.Kind == ast.Con
		}
		return rw.isVar != nil && rw.isVar(v.Name)
	}
	return false
}

// convertTypedConsts writes the value of a constant declared with its
// type, an integer or a string one, given by an operation without a shift
// (const C P = 1 + 1, A P = iota + 1), as the conversion to that type,
// P(1 + 1): yaegi v0.16.1 held such a constant as an untyped value, so
// C == 2 was false and a map keyed by P failed (reflect.Value.MapIndex:
// value of type constant.Value …). An implicit repetition of the spec (B
// after A P = iota + 1) repeats the conversion. yaegi refuses a
// conversion of a shift with iota (T((1 << iota) / 2): "constant
// definition loop"), and gets a float's wrong (T(iota * 1.5)): those are
// left as they are.
func (rw *rewriter) convertTypedConsts(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		g, ok := n.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			return true
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if vs.Type == nil || !integerOrString(rw.underlying(vs.Type)) {
				continue
			}
			for i, v := range vs.Values {
				switch unparen(v).(type) {
				case *ast.BinaryExpr, *ast.UnaryExpr:
					if !hasShift(v) {
						vs.Values[i] = conversion(cloneExpr(vs.Type), v)
					}
				}
			}
		}
		return false
	})
}

// integerOrString reports whether t is a predeclared integer or string
// type.
func integerOrString(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	return ok && (intTypes[id.Name] || id.Name == "string")
}

// expandConstGroups writes out the implicit repetition of a const group
// (`const (a, b = iota, iota * 10; c, d)`), which yaegi does not do for
// specs of several names; in a group with such a spec, iota is written as
// its value, the index of its spec, where yaegi counts the names before
// it (c, d were 2, 20).
func expandConstGroups(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		g, ok := n.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			return true
		}
		several := slices.ContainsFunc(g.Specs, func(sp ast.Spec) bool { return len(sp.(*ast.ValueSpec).Names) > 1 })
		if !several {
			return true
		}
		// every repetition, a spec of one name's too (b of a = iota, b),
		// whose iota is written as its value below
		var prev *ast.ValueSpec
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if len(vs.Values) > 0 {
				prev = vs
				continue
			}
			if prev == nil {
				continue
			}
			vs.Type = prev.Type
			for _, v := range prev.Values {
				vs.Values = append(vs.Values, cloneExpr(v))
			}
		}
		for i, sp := range g.Specs {
			value := func(x ast.Expr) ast.Expr {
				if id, ok := x.(*ast.Ident); ok && id.Name == "iota" && id.Obj == nil {
					return &ast.BasicLit{ValuePos: id.Pos(), Kind: token.INT, Value: strconv.Itoa(i)}
				}
				return nil
			}
			values := sp.(*ast.ValueSpec).Values
			for j, v := range values {
				if lit := value(v); lit != nil {
					values[j] = lit
				}
				replaceExprs(v, value)
			}
		}
		return true
	})
}

// unlabelReturns gives the label of a return statement (done: return) an
// empty block of its own, followed by the return: yaegi v0.16.1 recurses
// without end, and the process dies of a stack overflow, where a labeled
// return runs.
func unlabelReturns(node ast.Node) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		for i := 0; i < len(list); i++ {
			l, ok := list[i].(*ast.LabeledStmt)
			if !ok {
				continue
			}
			if ret, ok := l.Stmt.(*ast.ReturnStmt); ok {
				l.Stmt = &ast.BlockStmt{Lbrace: ret.Pos(), Rbrace: ret.Pos()}
				list = slices.Insert(list, i+1, ast.Stmt(ret))
			}
		}
		return list
	})
}

// dropBlankVars drops the blank names a var declaration in a function,
// or of the cell's own, gives no value (var _ int), and a declaration left
// without names: yaegi v0.16.1 refuses them (cannot use _ as value), and
// they declare nothing.
func dropBlankVars(node ast.Node) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		return slices.DeleteFunc(list, func(st ast.Stmt) bool {
			ds, ok := st.(*ast.DeclStmt)
			if !ok {
				return false
			}
			gd, ok := ds.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				return false
			}
			gd.Specs = slices.DeleteFunc(gd.Specs, func(s ast.Spec) bool {
				vs := s.(*ast.ValueSpec)
				if len(vs.Values) == 0 {
					vs.Names = slices.DeleteFunc(vs.Names, func(id *ast.Ident) bool { return id.Name == "_" })
				}
				return len(vs.Names) == 0
			})
			return len(gd.Specs) == 0
		})
	})
}

// callNamedFuncs calls a value of a function type of the session's (type
// Hook func(string)) through its function type, (func(string))(h)("x"):
// yaegi v0.16.1's compiler panicked on the call of such a value a method
// of an earlier cell gave (h := s.Get(); h("x")).
//
// Such a call first in the left operand of && or || yaegi runs wrong
// (even(8) && even(4) failed with "reflect: call of reflect.Value.Bool
// on func Value"; inside a function literal it was false): that operand
// is written true && x, which it runs right.
func (rw *rewriter) callNamedFuncs(node ast.Node) {
	converted := map[*ast.CallExpr]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		t, _, ok := rw.staticType(call.Fun)
		name, ptr := typeIdent(t)
		if !ok || name == "" || ptr {
			return true
		}
		if def, ok := rw.typeDef(name); ok {
			if ft, ok := def.(*ast.FuncType); ok && ft.TypeParams == nil {
				call.Fun = conversion(ft, call.Fun)
				converted[call] = true
			}
		}
		return true
	})
	if len(converted) == 0 {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || b.Op != token.LAND && b.Op != token.LOR || isLogical(b.X) || !holdsCall(b.X, converted) {
			return true
		}
		b.X = &ast.BinaryExpr{X: &ast.Ident{NamePos: b.X.Pos(), Name: "true"}, OpPos: b.X.Pos(), Op: token.LAND, Y: b.X}
		return true
	})
}

// isLogical reports whether x is an operation of && or ||.
func isLogical(x ast.Expr) bool {
	b, ok := unparen(x).(*ast.BinaryExpr)
	return ok && (b.Op == token.LAND || b.Op == token.LOR)
}

// holdsCall reports whether x holds one of calls, outside the function
// literals in it.
func holdsCall(x ast.Expr, calls map[*ast.CallExpr]bool) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = found || calls[n]
		}
		return !found
	})
	return found
}

// assertBlankVars names the variable of the compile-time assertion var _
// I = T{} (T implements I) with a name of its own: yaegi v0.16.1 keeps one
// variable for every _ of a program, and failed at run time on a second
// such declaration of another interface (reflect.Set: value of type
// interp.valueInterface is not assignable to type fmt.Stringer), and on
// var _ error = nil in a cell.
func (rw *rewriter) assertBlankVars(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || vs.Type == nil || len(vs.Names) != 1 || vs.Names[0].Name != "_" || len(vs.Values) != 1 {
			return true
		}
		if t := vs.Type; isIdent(t, "error") || isIdent(t, "any") || rw.sessionInterface(t) || rw.packageInterface(t) {
			rw.n++
			vs.Names[0] = &ast.Ident{NamePos: vs.Names[0].Pos(), Name: fmt.Sprintf("%sblank%d", loopCopy, rw.n)}
		}
		return true
	})
}

// foldConstShifts writes the value of each constant of a const group whose
// value shifts constants (KB ByteSize = 1 << (10 * iota), and the MB, GB
// that repeat it) as the literal it comes to: yaegi v0.16.1 fails on a
// shift made a floating-point constant ("constant definition loop"), the
// way Effective Go's ByteSize is declared.
func foldConstShifts(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		g, ok := n.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			return true
		}
		var values []ast.Expr // the values the last spec with values gave
		var typ ast.Expr
		for iota, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			if len(vs.Values) > 0 {
				values, typ = vs.Values, vs.Type
			}
			if len(values) != len(vs.Names) || !slices.ContainsFunc(values, hasShift) {
				continue
			}
			folded := make([]ast.Expr, len(values))
			for i, v := range values {
				c := foldConst(v, iota)
				if c != nil {
					c = constant.ToInt(c) // a value the literal writes exactly
				}
				if c == nil || c.Kind() != constant.Int {
					folded = nil
					break
				}
				folded[i] = &ast.BasicLit{ValuePos: v.Pos(), Kind: token.INT, Value: c.ExactString()}
			}
			if folded != nil {
				vs.Type, vs.Values = typ, folded
			}
		}
		return true
	})
}

// hasShift reports whether the expression x has a shift in it.
func hasShift(x ast.Expr) bool {
	return holds(x, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		return ok && (b.Op == token.SHL || b.Op == token.SHR)
	})
}

// holds reports whether root or a node under it is one match says is.
func holds(root ast.Node, match func(ast.Node) bool) bool {
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		found = found || n != nil && match(n)
		return !found
	})
	return found
}

// foldConst is the value of the constant expression x of literals and
// iota, nil if x is another.
func foldConst(x ast.Expr, iota int) constant.Value {
	return foldConstWith(x, iota, nil)
}

// foldConstWith is foldConst, with the names of constants whose value
// named gives (nil if it gives none) as well.
func foldConstWith(x ast.Expr, iota int, named func(*ast.Ident) constant.Value) constant.Value {
	fold := func(x ast.Expr) constant.Value { return foldConstWith(x, iota, named) }
	switch v := x.(type) {
	case *ast.BasicLit:
		if c := constant.MakeFromLiteral(v.Value, v.Kind, 0); c.Kind() == constant.Int || c.Kind() == constant.Float {
			return c
		}
	case *ast.Ident:
		if v.Name == "iota" && v.Obj == nil {
			return constant.MakeInt64(int64(iota))
		}
		if named != nil {
			return named(v)
		}
	case *ast.ParenExpr:
		return fold(v.X)
	case *ast.UnaryExpr:
		if c := fold(v.X); c != nil && (v.Op == token.SUB || v.Op == token.ADD || v.Op == token.XOR) {
			return constant.UnaryOp(v.Op, c, 0)
		}
	case *ast.BinaryExpr:
		a, b := fold(v.X), fold(v.Y)
		if a == nil || b == nil {
			return nil
		}
		switch v.Op {
		case token.SHL, token.SHR:
			s, ok := constant.Uint64Val(constant.ToInt(b))
			if !ok || s > 1023 || constant.ToInt(a).Kind() != constant.Int {
				return nil
			}
			return constant.Shift(constant.ToInt(a), v.Op, uint(s))
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.AND_NOT:
			return constant.BinaryOp(a, v.Op, b)
		case token.QUO:
			if constant.Sign(b) == 0 {
				return nil
			}
			if a.Kind() == constant.Int && b.Kind() == constant.Int {
				return constant.BinaryOp(a, token.QUO_ASSIGN, b) // integer division
			}
			return constant.BinaryOp(a, token.QUO, b)
		case token.REM:
			if constant.Sign(b) == 0 || a.Kind() != constant.Int || b.Kind() != constant.Int {
				return nil
			}
			return constant.BinaryOp(a, token.REM, b)
		}
	}
	return nil
}

// foldIntDivisions writes each constant expression of literals and
// untyped constants that divides integers (7 / 2, 50 / 100 * 100, (7 / 2)
// + 0.5, N / 2) as the literal of its value: yaegi v0.16.1 divided them as
// the type they are given (var f float64 = 7 / 2 was 3.5, not 3) and came
// to 0 where it was an integer type (var n int = 7 / 2 * 2). One with a
// rune, whose value is a rune, or iota, is left as it is.
func (rw *rewriter) foldIntDivisions(node ast.Node) {
	named := rw.untypedConstValue
	if !hasIntDivision(node, named) {
		return
	}
	replaceExprs(node, func(x ast.Expr) ast.Expr {
		if _, op := unparen(x).(*ast.BinaryExpr); !op || !hasIntDivision(x, named) || hasRuneOrIota(x) {
			return nil
		}
		c := foldConstWith(x, 0, named)
		if c == nil {
			return nil
		}
		return constLiteral(c, x.Pos())
	})
}

// untypedConstValue is the value of the untyped constant id names, of
// literals and such constants: one node declares, or the session's; nil
// for any other name.
func (rw *rewriter) untypedConstValue(id *ast.Ident) constant.Value {
	return rw.constValueAt(id, 0)
}

func (rw *rewriter) constValueAt(id *ast.Ident, depth int) constant.Value {
	if id.Obj == nil {
		if rw.constValue == nil {
			return nil
		}
		return rw.constValue(id)
	}
	vs, ok := id.Obj.Decl.(*ast.ValueSpec)
	if !ok || id.Obj.Kind != ast.Con || vs.Type != nil || depth > 16 {
		return nil
	}
	for i, n := range vs.Names {
		if n.Name == id.Name && i < len(vs.Values) && !hasRuneOrIota(vs.Values[i]) {
			return foldConstWith(vs.Values[i], 0, func(id *ast.Ident) constant.Value { return rw.constValueAt(id, depth+1) })
		}
	}
	return nil
}

// intDivision reports whether x is a division (or a remainder) of two
// integer constant expressions of literals and the constants named
// gives.
func intDivision(x ast.Expr, named func(*ast.Ident) constant.Value) bool {
	b, ok := x.(*ast.BinaryExpr)
	if !ok || b.Op != token.QUO && b.Op != token.REM {
		return false
	}
	l, r := foldConstWith(b.X, 0, named), foldConstWith(b.Y, 0, named)
	return l != nil && r != nil && l.Kind() == constant.Int && r.Kind() == constant.Int
}

// hasIntDivision reports whether x holds an intDivision.
func hasIntDivision(x ast.Node, named func(*ast.Ident) constant.Value) bool {
	return holds(x, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		return ok && intDivision(e, named)
	})
}

// hasRuneOrIota reports whether x holds a rune literal or iota.
func hasRuneOrIota(x ast.Expr) bool {
	return holds(x, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.BasicLit:
			return v.Kind == token.CHAR
		case *ast.Ident:
			return v.Name == "iota"
		}
		return false
	})
}

// constLiteral is the literal of the integer or floating-point constant
// c (a negative one, its negation).
func constLiteral(c constant.Value, at token.Pos) ast.Expr {
	neg := constant.Sign(c) < 0
	if neg {
		c = constant.UnaryOp(token.SUB, c, 0)
	}
	var lit ast.Expr = &ast.BasicLit{ValuePos: at, Kind: token.INT, Value: c.ExactString()}
	if c.Kind() == constant.Float {
		f, _ := constant.Float64Val(c)
		s := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eI") {
			s += ".0"
		}
		lit = &ast.BasicLit{ValuePos: at, Kind: token.FLOAT, Value: s}
	}
	if neg {
		return &ast.ParenExpr{Lparen: at, X: &ast.UnaryExpr{OpPos: at, Op: token.SUB, X: lit}}
	}
	return lit
}

// typeShifts converts a shift of an untyped constant by a variable (1 << i)
// to the type Go gives it, that of the operand it meets (u & (1 << i), u
// a uint8), of the variable it is assigned to, or of the declared one:
// yaegi v0.16.1 makes it an int, and then panics (reflect.Value.Uint on
// int Value) in the bit tests of flag types. Go converts the constant to
// that type first, as the conversion does.
func (rw *rewriter) typeShifts(node ast.Node) {
	convert := func(x *ast.Expr, to ast.Expr) {
		b, ok := unparen(*x).(*ast.BinaryExpr)
		if !ok || b.Op != token.SHL && b.Op != token.SHR {
			return
		}
		if _, lit := unparen(b.X).(*ast.BasicLit); !lit || foldConst(b.Y, 0) != nil {
			return
		}
		*x = &ast.CallExpr{Fun: to, Lparen: b.Pos(), Args: []ast.Expr{*x}, Rparen: b.End()}
	}
	typed := func(x ast.Expr) ast.Expr {
		t, kind, ok := rw.staticType(x)
		if !ok || kind != token.ILLEGAL || isIdent(t, "int") {
			return nil
		}
		if _, named := t.(*ast.Ident); !named {
			return nil
		}
		return t
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			switch x.Op {
			case token.SHL, token.SHR, token.LAND, token.LOR:
				return true
			}
			if t := typed(x.X); t != nil {
				convert(&x.Y, t)
			} else if t := typed(x.Y); t != nil {
				convert(&x.X, t)
			}
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE || len(x.Lhs) != len(x.Rhs) || x.Tok == token.SHL_ASSIGN || x.Tok == token.SHR_ASSIGN {
				return true
			}
			for i := range x.Rhs {
				if t := typed(x.Lhs[i]); t != nil {
					convert(&x.Rhs[i], t)
				}
			}
		case *ast.ValueSpec:
			if id, ok := x.Type.(*ast.Ident); ok && id.Name != "int" {
				for i := range x.Values {
					convert(&x.Values[i], x.Type)
				}
			}
		}
		return true
	})
}

// cloneExpr copies an expression by printing and parsing it.
func cloneExpr(e ast.Expr) ast.Expr {
	c, err := parser.ParseExpr(exprString(nil, e))
	if err != nil {
		return e
	}
	return c
}

// declareVars turns top-level var declarations into statements yaegi
// runs well: it refuses `var b = a` when a comes from an earlier cell
// ("variable definition loop"), so `var x = v` becomes x := v; `var x T =
// v` becomes `var x T` and then x = v.
func declareVars(stmts []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range stmts {
		ds, ok := st.(*ast.DeclStmt)
		if !ok {
			out = append(out, st)
			continue
		}
		gd, ok := ds.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			out = append(out, st)
			continue
		}
		orderSpecs(gd)
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			as := &ast.AssignStmt{Tok: token.DEFINE}
			blank := true
			for _, n := range vs.Names {
				as.Lhs = append(as.Lhs, n)
				blank = blank && n.Name == "_"
			}
			if blank {
				as.Tok = token.ASSIGN
			}
			if vs.Type != nil && !blank {
				// var x T [= v]: declared with its type, which yaegi's
				// global analysis takes, then assigned in the interpreter,
				// which wraps a value of the user's type in the interface
				// T as Go does.
				decl := &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: vs.Names, Type: vs.Type}}}
				out = append(out, &ast.DeclStmt{Decl: decl})
				if len(vs.Values) == 0 {
					continue
				}
				if len(vs.Values) == len(vs.Names) && len(vs.Names) > 1 {
					// one name at a time: yaegi fails on var p, q Plugin
					// = c, c (reflect.Set of its box); the values cannot
					// use the names, so the order is Go's
					for i, n := range vs.Names {
						out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.ASSIGN, Rhs: []ast.Expr{vs.Values[i]}})
					}
					continue
				}
				as.Tok, as.Rhs = token.ASSIGN, vs.Values
				out = append(out, as)
				continue
			}
			as.Rhs = vs.Values
			out = append(out, as)
		}
	}
	return out
}

// orderSpecs orders a var group's specs so that each comes after those
// whose names it uses, as Go initializes package variables (`var ( a = b;
// b = "x" )`); the group's order is kept where it does not matter.
func orderSpecs(gd *ast.GenDecl) {
	declares := map[string]int{}
	for i, sp := range gd.Specs {
		for _, n := range sp.(*ast.ValueSpec).Names {
			declares[n.Name] = i
		}
	}
	done := make([]bool, len(gd.Specs))
	var out []ast.Spec
	var place func(i int, path map[int]bool)
	place = func(i int, path map[int]bool) {
		if done[i] || path[i] {
			return
		}
		path[i] = true
		for _, v := range gd.Specs[i].(*ast.ValueSpec).Values {
			ast.Inspect(v, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if j, ok := declares[id.Name]; ok && j != i {
						place(j, path)
					}
				}
				return true
			})
		}
		done[i] = true
		out = append(out, gd.Specs[i])
	}
	for i := range gd.Specs {
		place(i, map[int]bool{})
	}
	gd.Specs = out
}

// renameSelfCopies renames the variable a block-level `x := x` declares,
// and its uses, to a fresh name. A cell's own top-level statements are
// left alone (there `x := x` redeclares a global with its own value).
func (rw *rewriter) renameSelfCopies(node ast.Node) {
	top := map[ast.Stmt]bool{}
	if b, ok := node.(*ast.BlockStmt); ok {
		for _, st := range b.List {
			top[st] = true
		}
	}
	var fields map[*ast.Ident]bool // (renames leave the keys where they are: found once)
	ast.Inspect(node, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) || top[as] {
			return true
		}
		for i, l := range as.Lhs {
			lid, ok1 := l.(*ast.Ident)
			rid, ok2 := as.Rhs[i].(*ast.Ident)
			if !ok1 || !ok2 || lid.Name != rid.Name || lid.Name == "_" || lid.Obj == nil || lid.Obj == rid.Obj {
				return true
			}
		}
		if fields == nil {
			fields = rw.fieldKeys(node)
		}
		for _, l := range as.Lhs {
			lid := l.(*ast.Ident)
			rw.n++
			name, obj := lid.Name, lid.Obj
			fresh := fmt.Sprintf("%s%s%d", loopCopy, name, rw.n)
			ast.Inspect(node, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && id.Obj == obj && id.Name == name && !fields[id] {
					id.Name = fresh
				}
				return true
			})
		}
		return true
	})
}

// goRecover is the deferred call rewriteGo puts first in a goroutine.
func goRecover() ast.Stmt {
	src := fmt.Sprintf("package p; func _() { defer func() { if r := recover(); r != nil { %s(r) } }() }", goPanicFunc)
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		panic(err)
	}
	return f.Decls[0].(*ast.FuncDecl).Body.List[0]
}

// asyncCallbacks are the functions of packages that call a function of
// the session's on a goroutine of their own, by the index of that
// argument.
var asyncCallbacks = map[string]int{"time.AfterFunc": 1, "context.AfterFunc": 1}

// recoverCallbacks has the function given to time.AfterFunc or
// context.AfterFunc recover its panic and report it as a goroutine's (see
// rewriteGo): it ran on a goroutine of the package's, whose panic killed
// the session. A literal recovers in its body; a function named is called
// by one, taken now.
func (rw *rewriter) recoverCallbacks(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		at, ok := asyncCallbacks[rw.stdFunc(call)]
		if !ok || at >= len(call.Args) {
			return true
		}
		if f, ok := call.Args[at].(*ast.Ident); ok && (f.Obj != nil && f.Obj.Kind == ast.Fun || f.Obj == nil && rw.funcSig != nil && rw.funcSig(f.Name) != nil) {
			call.Args[at] = thunk(&ast.CallExpr{Fun: f, Lparen: f.End()})
		}
		if f, ok := call.Args[at].(*ast.FuncLit); ok {
			f.Body.List = append([]ast.Stmt{goRecover()}, f.Body.List...)
		}
		return true
	})
}

// rewriteGo makes every goroutine recover its panic, and start from
// compiled code (_opshrt.Go), not from yaegi v0.16.1's go statement, which
// shares state between the goroutines one statement starts at once (in a
// loop that starts fifty, a deferred wg.Done ran twice, "sync: negative
// WaitGroup counter", or the process died with "reflect.Value.Call: call
// of nil function"). `go func() {…}()` becomes `_opshrt.Go(func() { defer
// …; … })`; `go f(args)` becomes
//
//	func() {
//		_opshgo1 := args…
//		_opshrt.Go(func() { defer …; f(_opshgo1…) })
//	}()
//
// the function value and non-constant arguments evaluated first, in the
// calling goroutine, as Go evaluates them, into variables of a frame of
// their own, which the goroutine's function holds (a variable of a loop's
// body is one for every iteration to yaegi). The arguments are not handed
// to compiled code: an interface of the session's would not survive it.
//
// A goroutine's literal so handed to compiled code that uses a variable
// of the loop it starts in (line := sc.Text(); go func() { … line … }())
// is made by a call, as keepIterations makes the literals a loop gives
// calls: else each goroutine saw the last iteration's variable.
func (rw *rewriter) rewriteGo(node ast.Node) {
	rw.done = map[*ast.GoStmt]bool{}
	editStmtLists(node, nil, rw.goStmts)
	ast.Inspect(node, func(n ast.Node) bool {
		switch loop := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			keepIterations(loop)
		}
		return true
	})
}

func (rw *rewriter) goStmts(list []ast.Stmt) []ast.Stmt {
	out := list[:0:0]
	for _, st := range list {
		g, ok := st.(*ast.GoStmt)
		if !ok || rw.done[g] {
			out = append(out, st)
			continue
		}
		rw.done[g] = true
		start := func(lit *ast.FuncLit) ast.Stmt {
			return &ast.ExprStmt{X: &ast.CallExpr{Fun: rtFunc("Go"), Lparen: g.Go, Args: []ast.Expr{lit}, Rparen: g.End()}}
		}
		if lit, ok := g.Call.Fun.(*ast.FuncLit); ok && len(g.Call.Args) == 0 {
			lit.Body.List = append([]ast.Stmt{goRecover()}, lit.Body.List...)
			out = append(out, start(lit))
			continue
		}
		// Evaluate the function value and arguments now, then run the
		// call in a recovering closure.
		var pre []ast.Stmt
		if sel, ok := g.Call.Fun.(*ast.SelectorExpr); ok && !isPkgSelector(sel) && !rw.sessionMethod(sel) && rw.sharedReceiver(sel.X) {
			// a compiled type's method (srv.ListenAndServe): its value
			// would have the method expression's type to yaegi; the
			// receiver is evaluated now instead
			def, use := rw.define("go", sel.X)
			pre, g.Call.Fun = append(pre, def), &ast.SelectorExpr{X: use, Sel: sel.Sel}
		}
		hoisted, call := rw.hoistCall(g.Call, rw.sessionMethod)
		pre = append(pre, hoisted...)
		xs := []*ast.Expr{&call.Fun}
		for i := range call.Args {
			xs = append(xs, &call.Args[i])
		}
		for _, x := range xs {
			if id, ok := (*x).(*ast.Ident); ok && strings.HasPrefix(id.Name, loopCopy) {
				// a copy an earlier rewrite made (freezeDeferred), in
				// the frame of the loop: copied again in this one
				def, use := rw.define("go", *x)
				pre, *x = append(pre, def), use
			}
		}
		body := &ast.BlockStmt{List: []ast.Stmt{goRecover(), &ast.ExprStmt{X: call}}}
		started := start(&ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: body})
		if len(pre) == 0 {
			out = append(out, started)
			continue
		}
		frame := &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: append(pre, started)}}
		out = append(out, &ast.ExprStmt{X: &ast.CallExpr{Fun: frame}})
	}
	return out
}

// sharedReceiver reports whether a copy of the receiver x is the value
// x is: a pointer, an interface, or, where the source does not show the
// type, what a function returned. A struct (a sync.WaitGroup) is not.
func (rw *rewriter) sharedReceiver(x ast.Expr) bool {
	t, _, ok := rw.staticType(x)
	if !ok {
		return true
	}
	_, ptr := t.(*ast.StarExpr)
	return ptr || rw.isInterface(t) || rw.compiledInterface(t)
}

// hoistCall evaluates a call's non-constant arguments, and its function
// value if fun says so of it, into fresh variables, as Go evaluates them
// for go and defer statements, and returns the statements that do so and
// the call that uses them.
func (rw *rewriter) hoistCall(c *ast.CallExpr, fun func(*ast.SelectorExpr) bool) ([]ast.Stmt, *ast.CallExpr) {
	var pre []ast.Stmt
	hoist := func(e ast.Expr) ast.Expr {
		if _, ok := e.(*ast.FuncLit); ok || rw.untypedConst(e) {
			return e // keep a constant untyped: defer a.Add(-1) of an atomic.Int32
		}
		def, use := rw.define("go", e)
		pre = append(pre, def)
		return use
	}
	call := *c
	if sel, isSel := call.Fun.(*ast.SelectorExpr); isSel && !isPkgSelector(call.Fun) && fun(sel) || rw.takenFunc(call.Fun) {
		call.Fun = hoist(call.Fun)
	}
	args := make([]ast.Expr, len(call.Args))
	for i, a := range call.Args {
		args[i] = hoist(a)
	}
	call.Args = args
	return pre, &call
}

// takenFunc reports whether fun, the function a go or defer statement
// calls, is a value that Go takes when the statement runs, and yaegi
// v0.16.1 when the call runs: a variable's (f := a; defer f(); f = b
// called b), an element's (go fs[i]() in a loop ran the last one each
// time), a field's, a call's result or an assertion's.
func (rw *rewriter) takenFunc(fun ast.Expr) bool {
	switch f := unparen(fun).(type) {
	case *ast.Ident:
		if f.Obj == nil && rw.isVar != nil && rw.isVar(f.Name) {
			return true
		}
	case *ast.CallExpr, *ast.TypeAssertExpr:
		return true
	}
	return rw.funcValue(fun)
}

// untypedConst reports whether x is made of literals, names of constants
// or of the package level, and operators only: an expression whose value
// a go or defer statement may leave where it is, untyped.
func (rw *rewriter) untypedConst(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return x.Obj == nil && (rw.isVar == nil || !rw.isVar(x.Name)) || x.Obj != nil && x.Obj.Kind == ast.Con
	case *ast.ParenExpr:
		return rw.untypedConst(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.AND && x.Op != token.ARROW && rw.untypedConst(x.X)
	case *ast.BinaryExpr:
		return rw.untypedConst(x.X) && rw.untypedConst(x.Y)
	}
	return false
}

// rewriteTopReturns makes a return statement of the cell's own, outside
// any function literal, end the cell as main's return ends a program (see
// ErrReturned): it notes the return, then leaves the function literal the
// statement runs in (runTop), and the cell's later statements do not run.
// A return with values is Go's error, main having no results.
func rewriteTopReturns(body *ast.BlockStmt) error {
	var err error
	done := map[*ast.ReturnStmt]bool{}
	editStmtLists(body, isFuncLit, func(list []ast.Stmt) []ast.Stmt {
		for i, st := range list {
			r, ok := st.(*ast.ReturnStmt)
			if !ok || done[r] {
				continue
			}
			if len(r.Results) > 0 && err == nil {
				err = errors.New("too many return values: the cells are main's body, which returns nothing")
			}
			done[r] = true
			note := &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("Return")}}}
			list[i] = &ast.BlockStmt{Lbrace: r.Pos(), List: []ast.Stmt{note, r}, Rbrace: r.End()}
		}
		return list
	})
	return err
}

// rewriteTopDefers turns the cell's own defer statements, outside any
// function literal, into a call that defers to the end of the session
// (see RunDeferred).
func (rw *rewriter) rewriteTopDefers(body *ast.BlockStmt) {
	editStmtLists(body, isFuncLit, rw.deferStmts)
}

func (rw *rewriter) deferStmts(list []ast.Stmt) []ast.Stmt {
	for i, st := range list {
		d, ok := st.(*ast.DeferStmt)
		if !ok {
			continue
		}
		pre, call := rw.hoistCall(d.Call, anySelector)
		fn := ast.Expr(thunk(call))
		if len(pre) > 0 {
			// the arguments are evaluated in a call of their own, so that
			// a defer in a loop keeps each iteration's (yaegi's literal
			// would share the variables of the loop's body)
			fn = &ast.CallExpr{Fun: &ast.FuncLit{
				Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.FuncType{Params: &ast.FieldList{}}}}}},
				Body: &ast.BlockStmt{List: append(pre, &ast.ReturnStmt{Results: []ast.Expr{fn}})},
			}}
		}
		list[i] = &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("Defer")}, Args: []ast.Expr{fn}}}
	}
	return list
}

// anySelector is hoistCall's choice of every selector.
func anySelector(*ast.SelectorExpr) bool { return true }

// sessionMethod reports whether sel is a method of a value the source
// shows to be of one of the session's types (or a pointer to one),
// declared by the type or an embedded field's.
func (rw *rewriter) sessionMethod(sel *ast.SelectorExpr) bool {
	fd, _, _, _ := rw.methodOf(sel)
	return fd != nil
}

// renameGenerics renames the generic functions node declares, and the
// uses of those and of the session's, to genericPrefix + name. Selected
// names, field names, keys of composite literals, labels, methods and
// names declared otherwise in node are left alone.
func (rw *rewriter) renameGenerics(node ast.Node) {
	declared := map[string]bool{}
	keep := goref.NotReferences(node)
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil {
				keep[x.Name] = true
			} else if x.Type.TypeParams != nil && x.Type.TypeParams.NumFields() > 0 && !declared[x.Name.Name] {
				declared[x.Name.Name] = true
				rw.generics = append(rw.generics, layoutTypeParams(x))
			}
		case *ast.Field:
			for _, id := range x.Names {
				keep[id] = true
			}
		}
		return true
	})
	rw.renameGenericUses(node, declared, keep)
}

// renameGenericUses renames the uses in node of the generic functions
// declared (by node) and of the session's, but the identifiers of keep.
// Kept declarations are renamed so again when they run (rewriteKept),
// for the generic functions declared after them.
func (rw *rewriter) renameGenericUses(node ast.Node, declared map[string]bool, keep map[*ast.Ident]bool) {
	ast.Inspect(node, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || keep[id] || id.Obj != nil && id.Obj.Kind != ast.Fun {
			return true
		}
		if declared[id.Name] || rw.generic != nil && rw.generic(id.Name) != nil {
			id.Name = genericPrefix + id.Name
		}
		return true
	})
}

// genericPackages are the packages whose generic functions
// convertGenericArgs gives written-out types.
var genericPackages = map[string]bool{"slices": true, "maps": true}

// sliceElemArgs are, for the functions of slices that take elements of
// their first argument's type, where those arguments start: the
// interpreter gives an untyped constant there its default type
// (slices.Contains([]Code{1, 2}, 2) compared a Code with an int and was
// false), and convertGenericArgs gives it the element type.
var sliceElemArgs = map[string]int{"Contains": 1, "Index": 1, "BinarySearch": 1, "Insert": 2, "Replace": 3}

// convertGenericArgs converts each argument of a call of slices.F,
// maps.F or the user's generic functions that is a slice or map whose
// type it can tell without running anything to that type, written out,
// and each that is a function of a package or a session's variable
// holding a function to its function type: yaegi infers nothing from a
// value of compiled code (slices.SortFunc(names, strings.Compare);
// Reduce(strings.Fields(s), 0, f) failed in its compiler).
func (rw *rewriter) convertGenericArgs(node ast.Node) {
	if rw.sliceOrMapType == nil || rw.funcType == nil {
		return
	}
	ast.Inspect(node, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || call.Ellipsis.IsValid() {
			return true
		}
		convert := func() {
			for i, a := range call.Args {
				if t, ok := rw.argType(a, 0); ok {
					call.Args[i] = conversion(t, a)
				} else if t, ok := rw.funcType(definition(a)); ok {
					call.Args[i] = conversion(t, a)
				}
			}
		}
		if base, _ := typeArgs(call.Fun); base != nil && strings.HasPrefix(base.Name, genericPrefix) {
			rw.typeCoreConsts(call, rw.genericFunc(strings.TrimPrefix(base.Name, genericPrefix)))
			convert() // the user's generic function
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok || pkg.Obj != nil || !genericPackages[rw.pkgName(pkg.Name)] || rw.defined != nil && rw.defined(pkg.Name) {
			return true
		}
		if at, ok := sliceElemArgs[sel.Sel.Name]; ok && rw.pkgName(pkg.Name) == "slices" && len(call.Args) > at {
			rw.typeElemConsts(call.Args[0], call.Args[at:])
		}
		convert()
		return true
	})
}

// typeCoreConsts converts each argument of call, a call of the user's
// generic function g, that is an untyped constant given for a type
// parameter E that another parameter's type S ~[]E makes the element of
// a slice, to the element type of that parameter's argument: yaegi gave
// the constant its default type (Scale([]float64{1, 2}, 2) of Scale[S
// ~[]E, E int | float64](s S, k E) multiplied a float64 by an int).
func (rw *rewriter) typeCoreConsts(call *ast.CallExpr, g *genericFunc) {
	if g == nil || len(g.paramTypes) != len(call.Args) {
		return
	}
	param := func(t ast.Expr) int {
		id, ok := t.(*ast.Ident)
		if !ok {
			return -1
		}
		return slices.Index(g.params, id.Name)
	}
	for i, t := range g.paramTypes {
		e := param(t)
		if e < 0 {
			continue
		}
		for j, u := range g.paramTypes {
			s := param(u)
			if s < 0 || s >= len(g.cores) {
				continue
			}
			if core, ok := g.cores[s].(*ast.ArrayType); ok && core.Len == nil && param(core.Elt) == e {
				rw.typeElemConsts(call.Args[j], call.Args[i:i+1])
				break
			}
		}
	}
}

// typeElemConsts converts each of args that is an untyped constant to the
// element type of s, a slice (or a named slice type) whose type the source
// shows.
func (rw *rewriter) typeElemConsts(s ast.Expr, args []ast.Expr) {
	t, kind, ok := rw.staticType(s)
	if !ok || kind != token.ILLEGAL {
		t, ok = rw.argType(s, 0)
	}
	if !ok {
		return
	}
	st, isSlice := rw.underlying(t).(*ast.ArrayType)
	if !isSlice || st.Len != nil {
		return
	}
	for i, a := range args {
		if _, kind, ok := rw.staticType(a); ok && kind != token.ILLEGAL {
			args[i] = conversion(st.Elt, a)
		}
	}
}

// definition is the value a name the cell declared with := or a var of no
// type was given (cmp for cmp := strings.Compare), else x.
func definition(x ast.Expr) ast.Expr {
	id, ok := x.(*ast.Ident)
	if !ok || id.Obj == nil {
		return x
	}
	if vs, ok := id.Obj.Decl.(*ast.ValueSpec); ok && vs.Type == nil && len(vs.Names) == len(vs.Values) {
		for i, n := range vs.Names {
			if n.Obj == id.Obj {
				return vs.Values[i] // var x = f()
			}
		}
	}
	as, ok := id.Obj.Decl.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
		return x
	}
	for i, l := range as.Lhs {
		if lid, ok := l.(*ast.Ident); ok && lid.Obj == id.Obj {
			return as.Rhs[i]
		}
	}
	return x
}

// argType is the slice or map type of a generic call's argument: a call
// of a package's function or a package's variable, a global of the
// session, or a name the cell declared from one of those (w :=
// strings.Fields(s)).
func (rw *rewriter) argType(a ast.Expr, result int) (ast.Expr, bool) {
	if id, ok := a.(*ast.Ident); ok && id.Obj == nil && rw.varType != nil && result == 0 {
		// a session variable of a type the source wrote ([]Temp), which
		// reflect would tell without its element's name ([]float64)
		if t, ok := rw.varType(id.Name); ok {
			switch t.(type) {
			case *ast.ArrayType, *ast.MapType:
				return t, true
			}
		}
	}
	if id, ok := a.(*ast.Ident); ok && id.Obj != nil {
		as, ok := id.Obj.Decl.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) && len(as.Rhs) != 1 {
			return nil, false
		}
		for i, l := range as.Lhs {
			lid, ok := l.(*ast.Ident)
			if !ok || lid.Obj != id.Obj {
				continue
			}
			if len(as.Rhs) == 1 && len(as.Lhs) > 1 {
				if _, isCall := as.Rhs[0].(*ast.CallExpr); !isCall {
					return nil, false // v, ok := m[k]
				}
				return rw.argType(as.Rhs[0], i) // x, err := f()
			}
			if _, isID := as.Rhs[i].(*ast.Ident); !isID {
				return rw.argType(as.Rhs[i], 0)
			}
		}
		return nil, false
	}
	x := a
	switch v := a.(type) {
	case *ast.CallExpr:
		x = v.Fun
	case *ast.CompositeLit:
		x = v.Type
	}
	if x == nil || !sessionOnly(x) {
		if t, _, ok := rw.staticType(a); ok && result == 0 {
			if call, ok := a.(*ast.CallExpr); ok && rw.compiledCall(call) {
				switch c := t.(type) {
				case *ast.ArrayType, *ast.MapType:
					return c, true // re.FindAllString(s, -1) of a variable re
				}
			}
			// r.Header of a parameter r *http.Request
			return rw.compiledComposite(t)
		}
		return nil, false
	}
	return rw.sliceOrMapType(a, result)
}

// compiledCall reports whether call calls a compiled package's function
// or a method of a value of a compiled type the source shows.
func (rw *rewriter) compiledCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && rw.compiledCallee(sel) != nil
}

// sessionOnly reports whether every name x uses is the session's or a
// package's, none the cell declares.
func sessionOnly(x ast.Expr) bool {
	only := true
	ast.Inspect(x, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(v.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && id.Obj != nil {
					only = false
				}
				return only
			})
			return false
		case *ast.Ident:
			if v.Obj != nil {
				only = false
			}
		case *ast.FuncLit:
			only = false
		}
		return only
	})
	return only
}

// renameMain renames the user's function main, and uses of it, to
// mainName.
func renameMain(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.File:
			for _, d := range x.Decls {
				ast.Inspect(d, renameMainIn)
			}
			return false
		case *ast.SelectorExpr:
			ast.Inspect(x.X, renameMainIn)
			return false
		}
		return renameMainIn(n)
	})
}

func renameMainIn(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.FuncDecl:
		if x.Recv == nil && x.Name.Name == "main" {
			x.Name.Name = mainName
		}
	case *ast.SelectorExpr:
		ast.Inspect(x.X, renameMainIn)
		return false
	case *ast.Ident:
		if x.Name == "main" && (x.Obj == nil || x.Obj.Kind == ast.Fun) {
			x.Name = mainName
		}
	}
	return true
}

// isPkgSelector reports whether e is pkg.Name with pkg unresolved in the
// cell (a package or a session global), which is safe to evaluate late.
func isPkgSelector(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Obj == nil
}

// assignRangeVars makes a range loop that assigns variables declared
// before it (for i, v = range xs, for k = range m, for n = range 4) one
// that defines its own and assigns them at the start of each iteration:
// yaegi v0.16.1 never writes the variables (they keep their values), and
// over an integer fails to compile (nil type). The iteration variable
// over an integer is converted to the assigned variable's type where the
// source shows it, as Go gives an untyped constant that type
// (var n int64; for n = range 4).
//
//	for i, v = range xs { … }
//
// becomes
//
//	for _opsh_a1, _opsh_b1 := range xs {
//		i, v = _opsh_a1, _opsh_b1
//		…
//	}
func (rw *rewriter) assignRangeVars(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Tok != token.ASSIGN || (r.Key == nil || isBlankIdent(r.Key)) && (r.Value == nil || isBlankIdent(r.Value)) {
			return true
		}
		rw.n++
		take := &ast.AssignStmt{Tok: token.ASSIGN}
		fresh := func(v ast.Expr, name string) ast.Expr {
			if v == nil || isBlankIdent(v) {
				return v
			}
			id := ast.NewIdent(fmt.Sprintf("%s%s%d", loopCopy, name, rw.n))
			var val ast.Expr = ast.NewIdent(id.Name)
			if t, _, ok := rw.staticType(v); ok && name == "a" && rw.isInt(r.X) {
				val = &ast.CallExpr{Fun: t, Args: []ast.Expr{val}}
			}
			take.Lhs, take.Rhs = append(take.Lhs, v), append(take.Rhs, val)
			return id
		}
		r.Key, r.Value, r.Tok = fresh(r.Key, "a"), fresh(r.Value, "b"), token.DEFINE
		r.Body.List = append([]ast.Stmt{take}, r.Body.List...)
		return true
	})
}

// rewriteRangeInt turns `for i := range n` over an integer into a
// three-clause loop; yaegi v0.16.1 panics on it.
func (rw *rewriter) rewriteRangeInt(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		r, ok := inner.(*ast.RangeStmt)
		if !ok || r.Value != nil || !rw.isInt(r.X) {
			return st
		}
		key, ok := r.Key.(*ast.Ident)
		if r.Key != nil && (!ok || (r.Tok != token.DEFINE && key.Name != "_")) {
			return st // (assignRangeVars made `for i = range n` a definition)
		}
		// The integer is taken once: one with side effects (f()) into a
		// variable first.
		x := r.X
		var pre ast.Stmt
		if !pureExpr(x) {
			pre, x = rw.define("x", x)
		}
		rw.n++
		n := ast.NewIdent(fmt.Sprintf("%sn%d", loopCopy, rw.n))
		if key == nil || key.Name == "_" {
			key = ast.NewIdent(fmt.Sprintf("%si%d", loopCopy, rw.n))
		}
		// i starts at n-n: zero, of n's type.
		init := &ast.AssignStmt{
			Lhs: []ast.Expr{key, n},
			Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.BinaryExpr{X: x, Op: token.SUB, Y: x}, x},
		}
		if _, lit := x.(*ast.BasicLit); lit {
			init.Rhs[0] = &ast.BasicLit{Kind: token.INT, Value: "0"}
		}
		loop := &ast.ForStmt{
			For:  r.For,
			Init: init,
			Cond: &ast.BinaryExpr{X: ast.NewIdent(key.Name), Op: token.LSS, Y: ast.NewIdent(n.Name)},
			Post: &ast.IncDecStmt{X: ast.NewIdent(key.Name), Tok: token.INC},
			Body: r.Body,
		}
		// Uses of the key in the body still point to the key's object, so
		// rewriteLoopVars finds them.
		if key.Obj == nil {
			key.Obj = ast.NewObj(ast.Var, key.Name)
		}
		init.Lhs[0] = key
		if pre != nil {
			return &ast.BlockStmt{Lbrace: r.For, List: []ast.Stmt{pre, relabel(label, loop)}}
		}
		return relabel(label, loop)
	})
}

// sliceRangedArrays makes a range over a pointer to an array (for i :=
// range g, in a method of type Grid [3][3]int on *Grid) a range over the
// array's slice, g[:], which shares its elements as the pointer does:
// yaegi v0.16.1 fails on the former, and on the pointer's later uses
// (reflect: call of reflect.Value.Elem on array Value).
func (rw *rewriter) sliceRangedArrays(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok {
			if t, _, ok := rw.staticType(r.X); ok && isPointerType(t) {
				if at, isArray := rw.underlying(t.(*ast.StarExpr).X).(*ast.ArrayType); isArray && at.Len != nil {
					r.X = &ast.SliceExpr{X: r.X, Lbrack: r.X.End(), Rbrack: r.X.End()}
				}
			}
		}
		return true
	})
}

// rewriteRangeChans makes a range over a slice, an array or a map of
// channels ([]chan string, ins ...<-chan T) that takes the values a range
// over its keys that reads each value: yaegi v0.16.1 fails on the former
// (reflect: call of reflect.Value.Len on int Value), with the loop's
// position misplaced. The ranged expression is evaluated once.
//
//	for _, c := range chs { … }
//
// becomes
//
//	for _opsh_k1 := range chs {
//		c := chs[_opsh_k1]
//		…
//	}
func (rw *rewriter) rewriteRangeChans(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		rs, ok := inner.(*ast.RangeStmt)
		if !ok || rs.Value == nil || isBlankIdent(rs.Value) {
			return st
		}
		t, _, ok := rw.staticType(rs.X)
		if !ok {
			return st
		}
		elem := listElem(t)
		if _, value := mapTypes(t); value != nil {
			elem = value
		}
		if _, isChan := elem.(*ast.ChanType); !isChan {
			return st
		}
		rw.n++
		key := ast.NewIdent(fmt.Sprintf("%sk%d", loopCopy, rw.n))
		x := rs.X
		var pre []ast.Stmt
		if !pureExpr(x) {
			tmp := ast.NewIdent(fmt.Sprintf("%sx%d", loopCopy, rw.n))
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{tmp}, Tok: token.DEFINE, Rhs: []ast.Expr{x}})
			x = ast.NewIdent(tmp.Name)
		}
		lhs, rhs := []ast.Expr{rs.Value}, []ast.Expr{&ast.IndexExpr{X: x, Index: ast.NewIdent(key.Name)}}
		if rs.Key != nil && !isBlankIdent(rs.Key) {
			lhs, rhs = append([]ast.Expr{rs.Key}, lhs...), append([]ast.Expr{ast.NewIdent(key.Name)}, rhs...)
		}
		take := &ast.AssignStmt{Lhs: lhs, Tok: rs.Tok, Rhs: rhs}
		rs.Key, rs.Value, rs.Tok, rs.X = key, nil, token.DEFINE, x
		rs.Body.List = append([]ast.Stmt{take}, rs.Body.List...)
		if len(pre) == 0 {
			return st
		}
		return &ast.BlockStmt{Lbrace: rs.For, List: append(pre, relabel(label, rs))}
	})
}

// rewriteRangeString makes a range loop over a string that uses the index
// (for i, r := range s) a three-clause loop that decodes the runes: yaegi
// v0.16.1 gives the index of the rune, not of its first byte, without a
// value (for i := range s), and with one it finds the byte index again at
// every rune, from the start, which a loop over a large text never lives
// through, and after an invalid byte gives one two bytes too far. The
// string is one the source shows to be a string (isString).
//
//	for _opsh_s1, _opsh_i1, _opsh_w1 := s, 0, 0; _opsh_i1 < len(_opsh_s1); _opsh_i1 += _opsh_w1 {
//		_opsh_r1, _opsh_n1 := _opshrt.DecodeRune(_opsh_s1[_opsh_i1:])
//		_opsh_w1 = _opsh_n1
//		i, r := _opsh_i1, _opsh_r1
//		…
//	}
func (rw *rewriter) rewriteRangeString(node ast.Node) {
	replaceStmts(node, func(st ast.Stmt) ast.Stmt {
		label, inner := unlabel(st)
		r, ok := inner.(*ast.RangeStmt)
		if !ok || r.Key == nil || isBlankIdent(r.Key) && r.Value == nil || !rw.isString(r.X) {
			return st
		}
		rw.n++
		name := func(s string) *ast.Ident { return ast.NewIdent(fmt.Sprintf("%s%s%d", loopCopy, s, rw.n)) }
		str, idx, width, char, n := name("s"), name("i"), name("w"), name("r"), name("n")
		zero := func() ast.Expr { return &ast.BasicLit{Kind: token.INT, Value: "0"} }
		decode := &ast.AssignStmt{Lhs: []ast.Expr{char, n}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun:  &ast.SelectorExpr{X: ast.NewIdent("_opshrt"), Sel: ast.NewIdent("DecodeRune")},
			Args: []ast.Expr{&ast.SliceExpr{X: ast.NewIdent(str.Name), Low: ast.NewIdent(idx.Name)}},
		}}}
		body := []ast.Stmt{decode, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(width.Name)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(n.Name)}}}
		vars := &ast.AssignStmt{Tok: r.Tok, Lhs: []ast.Expr{r.Key}, Rhs: []ast.Expr{ast.NewIdent(idx.Name)}}
		if r.Value != nil {
			vars.Lhs = append(vars.Lhs, r.Value)
			vars.Rhs = append(vars.Rhs, ast.NewIdent(char.Name))
		}
		if isBlankIdent(r.Key) && r.Tok == token.DEFINE {
			vars.Lhs, vars.Rhs = vars.Lhs[1:], vars.Rhs[1:]
		}
		body = append(body, vars)
		loop := &ast.ForStmt{
			For:  r.For,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{str, idx, width}, Tok: token.DEFINE, Rhs: []ast.Expr{r.X, zero(), zero()}},
			Cond: &ast.BinaryExpr{X: ast.NewIdent(idx.Name), Op: token.LSS, Y: &ast.CallExpr{Fun: ast.NewIdent("len"), Args: []ast.Expr{ast.NewIdent(str.Name)}}},
			Post: &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(idx.Name)}, Tok: token.ADD_ASSIGN, Rhs: []ast.Expr{ast.NewIdent(width.Name)}},
			Body: &ast.BlockStmt{Lbrace: r.Body.Lbrace, List: append(body, r.Body.List...), Rbrace: r.Body.Rbrace},
		}
		return relabel(label, loop)
	})
}

// isString reports whether the source shows x to be a string: a string
// literal or conversion, a name declared as one or from one, a session
// variable holding one, a call of a package's function returning one, or
// a sum of such.
func (rw *rewriter) isString(x ast.Expr) bool {
	switch v := unparen(x).(type) {
	case *ast.BinaryExpr:
		return v.Op == token.ADD && (rw.isString(v.X) || rw.isString(v.Y))
	case *ast.CallExpr:
		if rw.funcType != nil {
			if t, ok := rw.funcType(v.Fun); ok {
				if ft, ok := t.(*ast.FuncType); ok && ft.Results != nil && len(ft.Results.List) == 1 {
					id, ok := ft.Results.List[0].Type.(*ast.Ident)
					return ok && id.Name == "string"
				}
			}
		}
	}
	t, _, ok := rw.staticType(x)
	id, isID := t.(*ast.Ident)
	return ok && isID && id.Name == "string"
}

// isInt reports whether x is an integer: by its syntax (intExpr), by the
// type the source shows it to have, a named integer type's included
// (d.N, *p, xs[0], n of type N int), or by the session's value of it.
func (rw *rewriter) isInt(x ast.Expr) bool {
	if intExpr(x) {
		return true
	}
	if t, _, ok := rw.staticType(x); ok {
		id, isID := rw.underlying(t).(*ast.Ident)
		return isID && intTypes[id.Name]
	}
	if !pureExpr(x) || rw.kindOf == nil {
		return false
	}
	return intKind(rw.kindOf(exprString(rw.fset, x)))
}

// intKind reports whether k is an integer kind, int to uintptr.
func intKind(k reflect.Kind) bool { return k >= reflect.Int && k <= reflect.Uintptr }

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true, "byte": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// intExpr reports whether x is an integer by its syntax alone: an integer
// literal, len or cap, a conversion to an integer type, arithmetic on
// those, or a name declared in the cell as one (a parameter, a variable).
func intExpr(x ast.Expr) bool {
	switch v := unparen(x).(type) {
	case *ast.BasicLit:
		return v.Kind == token.INT
	case *ast.CallExpr:
		id, ok := v.Fun.(*ast.Ident)
		return ok && id.Obj == nil && (id.Name == "len" || id.Name == "cap" || intTypes[id.Name])
	case *ast.BinaryExpr:
		switch v.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR, token.AND, token.OR, token.XOR:
			return intExpr(v.X) || intExpr(v.Y)
		}
	case *ast.Ident:
		return v.Obj != nil && declaredInt(v)
	}
	return false
}

// declaredInt reports whether a name's declaration in the cell gives it an
// integer type.
func declaredInt(id *ast.Ident) bool {
	isIntType := func(t ast.Expr) bool {
		tid, ok := t.(*ast.Ident)
		return ok && intTypes[tid.Name]
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		return isIntType(d.Type)
	case *ast.ValueSpec:
		if d.Type != nil {
			return isIntType(d.Type)
		}
		for i, n := range d.Names {
			if n.Name == id.Name && i < len(d.Values) {
				return intExpr(d.Values[i])
			}
		}
	case *ast.AssignStmt:
		if len(d.Lhs) != len(d.Rhs) {
			return false
		}
		for i, l := range d.Lhs {
			if lid, ok := l.(*ast.Ident); ok && lid.Name == id.Name {
				return intExpr(d.Rhs[i])
			}
		}
	}
	return false
}

// freshCaseVars gives each execution of a type switch's clause, and of a
// select's case that declares what it receives, its own copy of the
// variable, where the body can observe it once the clause ends (a
// closure, a go or defer statement, an address taken): yaegi v0.16.1 has
// one variable for all executions, and the closures a loop's select made,
// case r := <-reqs: go func() { handle(r) }(), all saw the last value
// received. The copy is declared in a block of its own, under a fresh
// name: yaegi mishandles one declared in the clause's own body, or under
// the same name.
func (rw *rewriter) freshCaseVars(node ast.Node) {
	fresh := func(vars []*ast.Ident, body []ast.Stmt) []ast.Stmt {
		block := &ast.BlockStmt{List: body}
		vars = slices.DeleteFunc(vars, func(v *ast.Ident) bool { return v.Obj == nil || !usesObject(block, v.Obj) })
		if len(vars) == 0 || !captures(block) {
			return body
		}
		copies := rw.renameIn(block, vars)
		block.List = append([]ast.Stmt{copyIn(vars, copies)}, block.List...)
		return []ast.Stmt{block}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.TypeSwitchStmt:
			if as, ok := x.Assign.(*ast.AssignStmt); ok {
				for _, c := range x.Body.List {
					cc := c.(*ast.CaseClause)
					cc.Body = fresh(definedIdents(as.Lhs), cc.Body)
				}
			}
		case *ast.CommClause:
			if as, ok := x.Comm.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				x.Body = fresh(definedIdents(as.Lhs), x.Body)
			}
		}
		return true
	})
}

// usesObject reports whether an identifier under node stands for obj.
func usesObject(node ast.Node, obj *ast.Object) bool {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj == obj {
			found = true
		}
		return !found
	})
	return found
}

// rewriteLoopVars gives each iteration its own copy of the loop variables
// when the body can observe them after the iteration ends.
func (rw *rewriter) rewriteLoopVars(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		switch loop := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			keepIterations(loop)
		}
		return true
	})
	ast.Inspect(node, func(n ast.Node) bool {
		switch loop := n.(type) {
		case *ast.ForStmt:
			init, ok := loop.Init.(*ast.AssignStmt)
			if !ok || init.Tok != token.DEFINE || !captures(loop.Body) {
				return true
			}
			// The loop of a range over a string (rewriteRangeString) declares
			// the user's variables in its body, each iteration's own.
			vars := slices.DeleteFunc(definedIdents(init.Lhs), func(v *ast.Ident) bool { return strings.HasPrefix(v.Name, "_opsh") })
			if len(vars) == 0 {
				return true
			}
			copies := rw.renameIn(loop.Body, vars)
			// Copy back at the end of the body and before each continue,
			// so changes the body makes carry to the next iteration.
			back := func() ast.Stmt {
				a := &ast.AssignStmt{Tok: token.ASSIGN}
				for i, v := range vars {
					a.Lhs = append(a.Lhs, ast.NewIdent(v.Name))
					a.Rhs = append(a.Rhs, ast.NewIdent(copies[i]))
				}
				return a
			}
			rw.goWithLoopArgs(loop, vars)
			copyBackBeforeContinue(loop.Body, back)
			// The body is a block of its own, so that the copy back at its
			// end reaches the loop's variables where a declaration of the
			// body shadows them (i := i * 10).
			body := &ast.BlockStmt{Lbrace: loop.Body.Lbrace, List: loop.Body.List, Rbrace: loop.Body.Rbrace}
			loop.Body.List = []ast.Stmt{copyIn(vars, copies), body, back()}
		case *ast.RangeStmt:
			if loop.Tok != token.DEFINE || !captures(loop.Body) {
				return true
			}
			vars := definedIdents([]ast.Expr{loop.Key, loop.Value})
			if len(vars) == 0 {
				return true
			}
			copies := rw.renameIn(loop.Body, vars)
			rw.goWithLoopArgs(loop, vars)
			loop.Body.List = append([]ast.Stmt{copyIn(vars, copies)}, loop.Body.List...)
		}
		return true
	})
}

// goWithLoopArgs gives each `go func() { … }()` of the loop's body whose
// literal reads the loop's variables (under the names the loop's copies
// have now) those variables as arguments, when the source shows their
// types: go func(h string) { … }(h). yaegi v0.16.1 runs such a literal on
// the loop's frame, and the goroutine read a variable when it ran: about
// once in a few thousand goroutines, a later iteration's. Arguments are
// taken as the go statement runs, as Go takes them. A literal that assigns
// one of them is left alone (the loop would not see the change).
func (rw *rewriter) goWithLoopArgs(loop ast.Node, vars []*ast.Ident) {
	body := loopBody(loop)
	ast.Inspect(body, func(n ast.Node) bool {
		if isFuncLit(n) {
			return false
		}
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		fl, ok := g.Call.Fun.(*ast.FuncLit)
		if !ok || len(g.Call.Args) > 0 || fl.Type.Params.NumFields() > 0 {
			return true
		}
		objs := loopVarsUsed(loop, fl)
		for _, v := range vars { // the loop's own, which a rewrite may have declared without a position
			if v.Obj != nil && !slices.Contains(objs, v.Obj) && firstUse(fl, v.Obj) != nil {
				objs = append(objs, v.Obj)
			}
		}
		if len(objs) == 0 || assignsAny(fl, objs) {
			return true
		}
		var params []*ast.Field
		var args []ast.Expr
		for _, obj := range objs {
			use := firstUse(fl, obj)
			t, _, ok := rw.staticType(use) // a variable of an untyped constant has its default type
			if !ok {
				return true
			}
			// (of the variable's object, which a later renaming of the
			// variable's uses renames too)
			params = append(params, &ast.Field{Names: []*ast.Ident{{Name: use.Name, Obj: obj}}, Type: t})
			args = append(args, &ast.Ident{Name: use.Name, Obj: obj})
		}
		fl.Type.Params = &ast.FieldList{List: params}
		g.Call.Args = args
		return true
	})
}

// loopBody is the body of a for or range statement, nil for another node.
func loopBody(loop ast.Node) *ast.BlockStmt {
	switch x := loop.(type) {
	case *ast.ForStmt:
		return x.Body
	case *ast.RangeStmt:
		return x.Body
	}
	return nil
}

// switchBody is the body of a switch, type switch or select statement,
// which a break leaves; nil for another node.
func switchBody(n ast.Node) *ast.BlockStmt {
	switch x := n.(type) {
	case *ast.SwitchStmt:
		return x.Body
	case *ast.TypeSwitchStmt:
		return x.Body
	case *ast.SelectStmt:
		return x.Body
	}
	return nil
}

// firstUse is the first identifier in fl that stands for obj.
func firstUse(fl *ast.FuncLit, obj *ast.Object) *ast.Ident {
	var found *ast.Ident
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj == obj && found == nil {
			found = id
		}
		return found == nil
	})
	return found
}

// assignsAny reports whether fl assigns (or takes the address of) one of
// the variables objs.
func assignsAny(fl *ast.FuncLit, objs []*ast.Object) bool {
	is := func(x ast.Expr) bool {
		id, ok := unparen(x).(*ast.Ident)
		return ok && slices.Contains(objs, id.Obj)
	}
	found := false
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			found = found || x.Tok != token.DEFINE && slices.ContainsFunc(x.Lhs, is)
		case *ast.IncDecStmt:
			found = found || is(x.X)
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && is(x.X)
		}
		return !found
	})
	return found
}

// keepIterations makes each function literal in loop's body that is
// given to a call (wg.Go(func() { … }), time.AfterFunc) and uses a
// variable the loop declares (its own, or one its body declares) the
// result of a call of a literal that returns it: yaegi v0.16.1 hands a
// literal given to compiled code the loop's frame itself, and the call
// would see the variable of the last iteration; a function value made
// before keeps its own.
func keepIterations(loop ast.Node) {
	ast.Inspect(loop, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || keeperRun(call) {
			return true
		}
		for i, a := range call.Args {
			if fl, ok := a.(*ast.FuncLit); ok && len(loopVarsUsed(loop, fl)) > 0 {
				call.Args[i] = madeByCall(fl)
			}
		}
		return true
	})
}

// freezeDeferred makes a defer or go statement in a function take, when
// it runs, what Go takes then: its arguments' values and its function
// value, a method's receiver included. yaegi v0.16.1 keeps the variables
// themselves and reads them when the call runs: defer fmt.Println(x)
// printed x's last value, defer fh.Close() in a loop over files closed
// the last file each time, and go w.Run() in a loop ran the last worker.
// hoistCall puts them in variables of their own first (a := that yaegi
// gives new storage each time it runs), before rewriteMethodValues binds
// a method value of the session's types to its receiver:
//
//	{ _opsh_go1 := fh.Close; defer _opsh_go1() }
func (rw *rewriter) freezeDeferred(node ast.Node) {
	rw.passIterationVars(node)
	done := map[ast.Stmt]bool{}
	goOnly := false
	freeze := func(list []ast.Stmt) []ast.Stmt {
		for i, st := range list {
			var call *ast.CallExpr
			switch d := st.(type) {
			case *ast.DeferStmt:
				if !goOnly {
					call = d.Call
				}
			case *ast.GoStmt:
				call = d.Call
			}
			if call == nil || done[st] {
				continue
			}
			done[st] = true
			// A method of a compiled type is left where it is: its
			// value would hold a copy of a value receiver (wg.Done).
			pre, frozen := rw.hoistCall(call, rw.sessionMethod)
			if _, deferred := st.(*ast.DeferStmt); deferred && isPkgSelector(call.Fun) && rw.compiledCall(call) {
				rw.deferThroughLiteral(call.Args, frozen)
			}
			*call = *frozen
			if len(pre) > 0 {
				list[i] = &ast.BlockStmt{Lbrace: st.Pos(), List: append(pre, st)}
			}
		}
		return list
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch f := n.(type) {
		case *ast.FuncDecl:
			if f.Body != nil {
				editStmtLists(f.Body, nil, freeze)
			}
		case *ast.FuncLit:
			editStmtLists(f.Body, nil, freeze)
		}
		return true
	})
	// The cell's own go statements (its defers run at its end, as
	// rewriteTopDefers makes them).
	goOnly = true
	editStmtLists(node, nil, freeze)
}

// deferThroughLiteral makes a deferred call of a package's function, one
// of whose arguments, orig as the source writes them, is of a type of the
// session's with methods (defer fmt.Print(s) in a loop), a deferred call
// of a function literal that takes the held arguments as parameters and
// makes the call:
//
//	defer func(_opshArg0 state) { fmt.Print(_opshArg0, " ") }(_opsh_go1)
//
// yaegi v0.16.1 gives the compiled function such a value as a box that
// reads the variable holding it when a method is called, after the loop:
// every deferred call printed the last value. A parameter is a variable
// of the call's own. call is left as it is where the source does not show
// a held argument's type.
func (rw *rewriter) deferThroughLiteral(orig []ast.Expr, call *ast.CallExpr) {
	withMethods := false
	var types []ast.Expr
	for i, a := range orig {
		if i >= len(call.Args) || call.Args[i] == a {
			types = append(types, nil) // left in place: a constant
			continue
		}
		t, _, ok := rw.staticType(a)
		if !ok {
			return
		}
		name, _ := typeIdent(t)
		withMethods = withMethods || name != "" && len(rw.methodSet()[name]) > 0
		types = append(types, t)
	}
	if !withMethods || call.Ellipsis.IsValid() {
		return
	}
	inner := &ast.CallExpr{Fun: call.Fun, Args: slices.Clone(call.Args)}
	lit := &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: inner}}}}
	var args []ast.Expr
	for i, t := range types {
		if t == nil {
			continue
		}
		p := ast.NewIdent(fmt.Sprintf("_opshArg%d", i))
		lit.Type.Params.List = append(lit.Type.Params.List, &ast.Field{Names: []*ast.Ident{p}, Type: cloneExpr(t)})
		args = append(args, call.Args[i])
		inner.Args[i] = ast.NewIdent(p.Name)
	}
	call.Fun, call.Args = lit, args
}

// passIterationVars gives a function literal deferred in a loop the
// variables of the loop it uses (the loop's own, or its body's) as
// arguments, pointers to them, for parameters of their names, which the
// literal reads and writes through: yaegi v0.16.1's deferred literal
// reads the variable of the last iteration when it runs (for i := range 3
// { defer func() { … i … }() } saw 2 three times), and a function value
// made before and deferred hangs (keepFramesUnlocked). Through the
// pointer, the literal sees what its iteration assigned after the defer,
// as in Go. A variable whose type the source does not show is left alone.
func (rw *rewriter) passIterationVars(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		body := loopBody(n)
		if body == nil {
			return true
		}
		loop := n
		ast.Inspect(body, func(m ast.Node) bool {
			if _, ok := m.(*ast.FuncLit); ok {
				return false // its defers are its own
			}
			d, ok := m.(*ast.DeferStmt)
			if !ok {
				return true
			}
			fl, ok := d.Call.Fun.(*ast.FuncLit)
			if !ok {
				return true
			}
			passed := map[*ast.Object]bool{}
			for _, o := range loopVarsUsed(loop, fl) {
				t, _, ok := rw.staticType(&ast.Ident{Name: o.Name, Obj: o})
				if !ok {
					continue
				}
				// The parameter shares the variable's object, so renaming
				// the loop's variables (rewriteLoopVars) renames both.
				passed[o] = true
				param := &ast.Ident{Name: o.Name, Obj: o}
				fl.Type.Params.List = append(fl.Type.Params.List, &ast.Field{Names: []*ast.Ident{param}, Type: &ast.StarExpr{X: t}})
				d.Call.Args = append(d.Call.Args, &ast.UnaryExpr{Op: token.AND, X: &ast.Ident{Name: o.Name, Obj: o}})
			}
			if len(passed) > 0 {
				names := goref.NotReferences(fl.Body)
				replaceExprs(fl.Body, func(x ast.Expr) ast.Expr {
					if id, ok := x.(*ast.Ident); ok && id.Obj != nil && passed[id.Obj] && !names[id] {
						return &ast.ParenExpr{Lparen: id.Pos(), X: &ast.StarExpr{Star: id.Pos(), X: id}, Rparen: id.End()}
					}
					return nil
				})
			}
			return true
		})
		return true
	})
}

// loopVarsUsed are the variables loop declares (its own, or its body's)
// that fl, a function literal in it, uses, in the order of their first use.
func loopVarsUsed(loop ast.Node, fl *ast.FuncLit) []*ast.Object {
	within := func(p, n ast.Node) bool { return p.Pos() <= n.Pos() && n.Pos() < p.End() }
	var objs []*ast.Object
	seen := map[*ast.Object]bool{}
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Var && !seen[id.Obj] {
			if d, ok := id.Obj.Decl.(ast.Node); ok && within(loop, d) && !within(fl, d) {
				seen[id.Obj] = true
				objs = append(objs, id.Obj)
			}
		}
		return true
	})
	return objs
}

// thunk is func() { call }, a literal that makes the call when called.
func thunk(call ast.Expr) *ast.FuncLit {
	return &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: call}}}}
}

// conversion is the conversion of x to the type t, at x's position: a
// named type's as T(x), another's in parentheses, ([]string)(x) (which
// staticType reads).
func conversion(t, x ast.Expr) *ast.CallExpr {
	switch t.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
	default:
		t = &ast.ParenExpr{Lparen: x.Pos(), X: t, Rparen: x.Pos()}
	}
	return &ast.CallExpr{Fun: t, Lparen: x.Pos(), Args: []ast.Expr{x}, Rparen: x.End()}
}

// madeByCall is fl as the result of a call of a literal that returns it,
// func() T { return fl }(): the function value yaegi makes then has a
// frame of its own (see keepIterations and keepFramesUnlocked).
func madeByCall(fl *ast.FuncLit) ast.Expr {
	maker := &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: fl.Type}}}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: []ast.Expr{fl}}}},
	}
	return &ast.CallExpr{Fun: &ast.ParenExpr{X: maker}, Lparen: fl.Pos()}
}

// keepFramesUnlocked makes each function literal that a function with a
// defer statement makes as a value (assigns, stores, passes, or starts as
// a goroutine; not one it calls at once or defers) the result of a call
// (madeByCall). yaegi v0.16.1 locks a function's frame while its deferred
// calls run, and a function value made in that frame takes the lock when
// a call of it ends: a deferred call that called one (for _, f := range
// cleanups { defer f() }, defer apply(fn), defer hooks["stop"]()), or a
// deferred wg.Wait() for a goroutine calling one, waited for ever. The
// value a call makes lives in the frame of that call.
func keepFramesUnlocked(node ast.Node) {
	ast.Inspect(node, func(n ast.Node) bool {
		_, body, ok := funcParts(n)
		if !ok || body == nil || !defersIn(body) {
			return true
		}
		called := map[*ast.FuncLit]bool{}
		ast.Inspect(body, func(m ast.Node) bool {
			if c, ok := m.(*ast.CallExpr); ok {
				if fl, ok := unparen(c.Fun).(*ast.FuncLit); ok {
					called[fl] = true
				}
			}
			return true
		})
		replaceExprs(body, func(x ast.Expr) ast.Expr {
			fl, ok := x.(*ast.FuncLit)
			switch {
			case !ok:
				return nil
			case called[fl]:
				return fl // a frame of its own, which its own defers concern
			}
			return madeByCall(fl)
		})
		return true
	})
}

// defersIn reports whether body has a defer statement of its own (not of
// a function literal in it).
func defersIn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		_, isDefer := n.(*ast.DeferStmt)
		found = found || isDefer
		return !found && !isFuncLit(n)
	})
	return found
}

func definedIdents(exprs []ast.Expr) []*ast.Ident {
	var ids []*ast.Ident
	for _, e := range exprs {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			ids = append(ids, id)
		}
	}
	return ids
}

// renameIn renames, inside body, the uses of each of vars (found by their
// resolved object, so shadowing declarations are left alone) to a fresh
// name, and returns the fresh names.
func (rw *rewriter) renameIn(body *ast.BlockStmt, vars []*ast.Ident) []string {
	fresh := make([]string, len(vars))
	byObj := map[*ast.Object]string{}
	for i, v := range vars {
		rw.n++
		fresh[i] = fmt.Sprintf("%s%s%d", loopCopy, v.Name, rw.n)
		if v.Obj != nil {
			byObj[v.Obj] = fresh[i]
		}
	}
	fields := rw.fieldKeys(body)
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil && !fields[id] {
			if name, ok := byObj[id.Obj]; ok {
				id.Name = name
			}
		}
		return true
	})
	return fresh
}

func copyIn(vars []*ast.Ident, copies []string) ast.Stmt {
	a := &ast.AssignStmt{Tok: token.DEFINE}
	for i, v := range vars {
		a.Lhs = append(a.Lhs, ast.NewIdent(copies[i]))
		a.Rhs = append(a.Rhs, ast.NewIdent(v.Name))
	}
	return a
}

// copyBackBeforeContinue puts back() before every unlabelled continue that
// belongs to this loop (not to a nested loop or a function literal).
func copyBackBeforeContinue(body *ast.BlockStmt, back func() ast.Stmt) {
	editStmtLists(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
			return true
		}
		return false
	}, func(list []ast.Stmt) []ast.Stmt { return insertBeforeContinue(list, back) })
}

func insertBeforeContinue(list []ast.Stmt, back func() ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		if br, ok := st.(*ast.BranchStmt); ok && br.Tok == token.CONTINUE && br.Label == nil {
			out = append(out, back())
		}
		out = append(out, st)
	}
	return out
}

// captures reports whether a loop body can keep a reference to the loop
// variables past the iteration: a function literal, a go or defer
// statement, or an address taken.
func captures(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = true
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				found = true
			}
		}
		return !found
	})
	return found
}

// replaceStmts calls f on every statement in a statement list under node
// and puts back what it returns.
// eachSelectorCall calls f with each call under node of a selector
// (pkg.F(…), x.M(…)), before the walk goes into it.
func eachSelectorCall(node ast.Node, f func(call *ast.CallExpr, sel *ast.SelectorExpr)) {
	ast.Inspect(node, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				f(call, sel)
			}
		}
		return true
	})
}

func replaceStmts(node ast.Node, f func(ast.Stmt) ast.Stmt) {
	editStmtLists(node, nil, func(list []ast.Stmt) []ast.Stmt {
		for i, st := range list {
			list[i] = f(st)
		}
		return list
	})
}

// editStmtLists puts in place of every statement list under root (a
// block's, a case clause's, a select clause's) what edit makes of it,
// before the walk goes into it; it does not go into a node, root
// included, for which skip (if given) reports true.
func editStmtLists(root ast.Node, skip func(ast.Node) bool, edit func([]ast.Stmt) []ast.Stmt) {
	ast.Inspect(root, func(n ast.Node) bool {
		if skip != nil && skip(n) {
			return false
		}
		switch x := n.(type) {
		case *ast.BlockStmt:
			x.List = edit(x.List)
		case *ast.CaseClause:
			x.Body = edit(x.Body)
		case *ast.CommClause:
			x.Body = edit(x.Body)
		}
		return true
	})
}

// isFuncLit reports whether n is a function literal: the statement
// rewrites that stop at one skip it.
func isFuncLit(n ast.Node) bool {
	_, ok := n.(*ast.FuncLit)
	return ok
}

func unlabel(st ast.Stmt) (*ast.LabeledStmt, ast.Stmt) {
	if l, ok := st.(*ast.LabeledStmt); ok {
		return l, l.Stmt
	}
	return nil, st
}

func relabel(l *ast.LabeledStmt, st ast.Stmt) ast.Stmt {
	if l == nil {
		return st
	}
	l.Stmt = st
	return l
}

// pureExpr reports whether evaluating e has no side effects: names,
// selectors, literal indexes, parentheses and dereferences only.
func pureExpr(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return pureExpr(x.X)
	case *ast.IndexExpr:
		return pureExpr(x.X) && pureExpr(x.Index)
	case *ast.ParenExpr:
		return pureExpr(x.X)
	case *ast.StarExpr:
		return pureExpr(x.X)
	}
	return false
}

// exprString is e's source as a message quotes it.
func exprString(fset *token.FileSet, e ast.Node) string {
	if fset == nil {
		fset = token.NewFileSet()
	}
	var b strings.Builder
	if err := fprintNode(&b, fset, e, printer.RawFormat); err != nil {
		return ""
	}
	return b.String()
}

// sourceString is n's source as the interpreter is given it, with the
// directives that keep its lines and columns those of the cell.
func sourceString(fset *token.FileSet, n ast.Node) string {
	var b strings.Builder
	if err := printNode(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
