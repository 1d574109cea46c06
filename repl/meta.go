package repl

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/wire"
)

// DocLookup finds the documentation of a name for :doc ("strings.Split",
// "web.Session.Get"); suggestions are offered when there is no exact match.
type DocLookup interface {
	Doc(name string) (text string, ok bool)
	Suggest(word string) []string
}

func (s *Session) metaCommands() map[string]MetaCommand {
	cmds := map[string]MetaCommand{
		"help":    {Usage: ":help [limits]", Help: "what is preloaded, the meta-commands, and the interpreter's limits", Run: (*Session).help},
		"doc":     {Usage: ":doc NAME", Help: "documentation of a package, function, type or method (strings.Split, web.Get, r.Check)", Run: (*Session).doc},
		"type":    {Usage: ":type EXPR", Help: "the Go type of an expression, without running calls", Run: (*Session).typeOf},
		"history": {Usage: ":history [N]", Help: "the last N cells typed (default 20), across sessions", Run: (*Session).history},
		"more":    {Usage: ":more", Help: "the last value in full, when it was cut", Run: (*Session).more},
		"reset":   {Usage: ":reset", Help: "forget every variable, function and import of this session", Run: (*Session).resetCmd},
		"restore": {Usage: ":restore [yes]", Help: "after the worker died, run the cells that had run well again (asks first)", Run: (*Session).restore},
		"quit":    {Usage: ":quit", Help: "end the session (Ctrl-D too)", Run: func(s *Session, _ string) error { s.Quit(); return nil }},
	}
	for name, c := range sessionCommands() {
		cmds[name] = c
	}
	for name, c := range helpCommands() {
		cmds[name] = c
	}
	for name, c := range s.cfg.Meta {
		cmds[name] = c
	}
	return cmds
}

// MetaNames lists the meta-commands, for completion.
func (s *Session) MetaNames() []string {
	var names []string
	for n := range s.metaCommands() {
		names = append(names, ":"+n)
	}
	sort.Strings(names)
	return names
}

func (s *Session) meta(line string) error {
	name, args, _ := strings.Cut(strings.TrimPrefix(line, ":"), " ")
	if name != "note" {
		args = dropComment(args)
	}
	cmds := s.metaCommands()
	c, ok := cmds[name]
	if !ok {
		// A unique prefix is enough (:h, :doc).
		var match []string
		for n := range cmds {
			if strings.HasPrefix(n, name) {
				match = append(match, n)
			}
		}
		switch len(match) {
		case 0:
			return fmt.Errorf("unknown command :%s (:help lists them)", name)
		case 1:
			c = cmds[match[0]]
		default:
			if slices.Contains(match, "help") {
				c = cmds["help"] // :h, what one types for help by reflex
				break
			}
			slices.Sort(match)
			return fmt.Errorf("ambiguous command :%s: :%s", name, strings.Join(match, ", :"))
		}
	}
	err := c.Run(s, strings.TrimSpace(args))
	var fault *wire.Fault
	if errors.As(err, &fault) {
		return errors.New(fault.Message) // the worker's answer, not how it came
	}
	return err
}

// dropComment removes a trailing Go comment from a meta-command's
// arguments (":doc strings.Split // how to cut"): "//" at the start or
// after a space; "http://" stays.
func dropComment(args string) string {
	for i := strings.Index(args, "//"); i >= 0; {
		if i == 0 || args[i-1] == ' ' || args[i-1] == '\t' {
			return strings.TrimSpace(args[:i])
		}
		j := strings.Index(args[i+2:], "//")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	return args
}

// more shows the last value whole: the worker formats it again without
// cutting its lists, and nothing here cuts its lines.
func (s *Session) more(string) error {
	if s.lastName != "" {
		var full string
		if err := s.call(engine.CallFull, s.lastName, &full); err == nil {
			fmt.Fprintln(s.out, full)
			return nil
		}
	}
	fmt.Fprintln(s.out, s.lastOut)
	return nil
}

func (s *Session) help(args string) error {
	t := s.cfg.Theme
	var b strings.Builder
	if args != "limits" {
		fmt.Fprintln(&b, t.Heading("opsh")+" — Go, evaluated as you type, with the systems of ops work at hand.")
		fmt.Fprintln(&b)
		fmt.Fprintln(&b, t.Heading("Preloaded"))
		fmt.Fprintln(&b, "  builtins   "+strings.Join(s.builtinNames(), ", ")+"  (:doc web, :doc ssh.Dial …)")
		fmt.Fprintln(&b, "  stdlib     every standard package, imported when first named (strings.ToUpper needs no import;")
		fmt.Fprintln(&b, "             rand is math/rand and template is text/template unless you import otherwise)")
		fmt.Fprintln(&b, "  _          the last value shown; _N the value of cell N; a (T, error) result shows T,")
		fmt.Fprintln(&b, "             or fails the cell with the error")
		fmt.Fprintln(&b, "  a, b       a cell that ends in a list of values (resp.StatusCode, err) shows each, as a tuple would;")
		fmt.Fprintln(&b, "             _ then stands for none of them: name them, v, ok := …")
		fmt.Fprintln(&b, "  defer      the cells are main's body: defer f.Close() runs when the session ends (or at :reset),")
		fmt.Fprintln(&b, "             so f stays open for the cells after it; return, outside a function, ends a script there")
		fmt.Fprintln(&b, "  x := v     again gives x the new value, which the functions using x then see; a value of")
		fmt.Fprintln(&b, "             another type makes a new x (functions declared before keep the old one)")
		fmt.Fprintln(&b, "  param      param(\"host\", \"web-1\") is a parameter with its default (opsh run -p host=web-2)")
		fmt.Fprintln(&b, "  x?  x??    what x is (type, value, methods; documentation) · the source of a function you defined")
		fmt.Fprintln(&b, "  !cmd       runs cmd through your shell, as a recorded cell; its output is the value")
		fmt.Fprintln(&b)
		fmt.Fprintln(&b, t.Heading("Commands"))
		cmds := s.metaCommands()
		var names []string
		for n := range cmds {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(&b, "  %-18s %s\n", cmds[n].Usage, cmds[n].Help)
		}
		fmt.Fprintln(&b)
		fmt.Fprintln(&b, t.Heading("Keys"))
		fmt.Fprintln(&b, "  Tab completes · Ctrl-R searches history · Ctrl-C stops the running cell or clears the line · Ctrl-D exits")
		fmt.Fprintln(&b)
	}
	fmt.Fprintln(&b, t.Heading("Limits of the interpreter (yaegi v0.16.1)"))
	for _, l := range limits {
		if rest, more := strings.CutPrefix(l, "  "); more {
			fmt.Fprintln(&b, "    "+rest) // a limit's line after its first
			continue
		}
		fmt.Fprintln(&b, "  · "+l)
	}
	fmt.Fprint(s.out, b.String())
	return nil
}

// limits are what the interpreter still cannot do, and the way around
// each: the one list :help limits shows.
var limits = []string{
	"the standard library is Go 1.26's; its generic packages (slices, maps, cmp, iter) are opsh's own, and",
	"  of the generic functions and types of other packages opsh declares sync.OnceValue, sync.OnceValues,",
	"  atomic.Pointer, rand.N and reflect.TypeFor; the others say so by name (maphash.Comparable, sql.Null …);",
	"  packages that cannot be offered say so by name (unsafe, plugin, unique, weak …)",
	"a type of yours made of a basic type (type Port int) is, where code compares types as it runs (an",
	"  assertion, ==, map keys), the type it is made of: v.(Port) of an int is true (of another type of",
	"  yours only where neither has methods); use a struct, type Port struct{ n int }; a type switch on an",
	"  any tells a Port with methods from an int, and one that lists a Port without methods and int",
	"  (case Port: … case int:) says so in a note: the case listed first takes both. Context keys of your",
	"  types (type ctxKey int) are told apart, where context.WithValue and ctx.Value are given them",
	"encoding/json, on your types: two fields of one name at one depth of embedding are not dropped, a",
	"  pointer receiver's MarshalJSON is not called on an addressable field, and an embedded nil pointer",
	"  is written as null",
	"encoding/xml, on your types: their MarshalXML, UnmarshalXML, MarshalXMLAttr and UnmarshalXMLAttr",
	"  methods are not called, and an xml.Encoder's Encode of a struct without an XMLName field fails",
	"  (xml.Marshal names it by its type, as Go does): give the struct an XMLName field",
	"a run-time error is Go's runtime.Error without the numbers Go gives (runtime error: index out of",
	"  range, not … [3] with length 1) where it is recovered or happens inside a function; a cell's own",
	"  index or slice out of range has them",
	"a struct type of yours without fields (type noop struct{}) is no struct{} to assign or send (var s",
	"  struct{} = noop{}, ch <- noop{} on a chan struct{}): write struct{}{} there, or make the channel",
	"  a chan noop;",
	"  reflect sees it with a field. A struct holding an interface of yours is compared right by ==, but is",
	"  a map key by what the interpreter holds: two equal ones are two keys",
	"a cell's statements are compiled and run one at a time: a name nothing declares, or a syntax error, in",
	"  any of them fails the cell before its first runs, but a type error in a later statement is found",
	"  after the ones before it ran; in a cell that does what cannot be undone, check it in a function first",
	"a deadlock (every goroutine blocked, a send nobody receives) hangs where Go stops with \"all",
	"  goroutines are asleep\": Ctrl-C interrupts the cell; under cron, run it as timeout 10m opsh run …",
	"an untyped integer constant beyond 64 bits (-math.MinInt64) wraps: write the value, or use float64",
	"a generic function converting to its type parameter a value of your named type (T(n), T a",
	"  ~float64 given Celsius), a generic type's method calling a generic function of its type parameter",
	"  (NewSet[T]() in a method of Set[T]), and a generic type written with the type parameters around it",
	"  in an assertion (el.Value.(*entry[K, V])) fail in the interpreter: write the function for the type",
	"an iterator of a compiled package (strings.SplitSeq, strings.Lines) ranges, and slices.Collect,",
	"  slices.Sorted and maps.Collect take it, where the source shows where it comes from (the call, or a",
	"  variable declared with it); given through a variable whose type the source does not show, declare",
	"  it: var seq iter.Seq[string] = …",
	"iter.Pull's stop, deferred in the function that wrote the sequence as a function literal, waits for",
	"  ever (defer stop()): call stop() at the end of the function instead",
	"a cell of several statements runs those before one that fails to compile: run it again once",
	"  corrected only if what they did may be done twice",
	"a value of a type of yours made of a basic type, an array, a slice or a map (type Level int), made an",
	"  any or an interface you declared in a loop (xs = append(xs, l)), is, in each element, the last",
	"  iteration's: append l.String(), or a struct holding the value; into error or fmt.Stringer it is copied.",
	"an interface you declared cannot be a map's key (map[Plugin]int), nor hold a value of your types",
	"  with methods as a key of a map[any]: key the map by a name, or by the pointer's type, map[*T]int",
	"a value of a compiled package (a *strings.Reader, an error of the standard library) asserted to an",
	"  interface you declared (r.(Lener), err.(interface{ Timeout() bool })) is found, and given in a holder",
	"  of yours that calls its methods: fmt prints the value, but asserting the holder back to the",
	"  package's type (l.(*strings.Reader)) fails: assert the first value, r.(*strings.Reader)",
	"a goroutine started in a loop by go func() { … }() that assigns a variable of the loop, or uses one",
	"  whose type the source does not show, may, rarely, see a later iteration's (yaegi runs the literal",
	"  on the loop's frame): pass it as an argument, go func(h string) { … }(h)",
	"a select that receives into a variable whose type the source does not show (v := <-f() of a",
	"  function of a compiled package) runs as yaegi runs it, sharing its cases with the goroutines",
	"  running it at once: declare the channel, var c <-chan T = f()",
	"a struct whose methods have value receivers, held in an interface of a compiled package other than",
	"  error (fmt.Stringer, io.Reader), is not found again by an assertion to the struct (s.(Host) is false):",
	"  give the methods the receiver *Host and use &Host{…}, or keep the struct in a variable of its type",
	"an error of your type asserted to another interface (err.(Temporary), a type switch's case Temporary),",
	"  or found by errors.As into a variable of an interface you declared, is found where the source shows",
	"  the error and the variable to be such (err declared an error); not when two error types of yours",
	"  have one definition (type Code int, type Errno int): give the target a variable of the error's own",
	"  type, var c Code",
	"fmt calls the String and Error methods of your types that are no structs (type Level int) on the",
	"  elements of a slice, an array or a map, and leaves a method of the pointer receiver uncalled on a",
	"  plain value (T{1} prints {1}), where the source shows the type (a literal, a variable, parameter or",
	"  field declared with it, your function's result), on a struct's fields, and on what a []any, a",
	"  map[string]any or a field of type any holds; not where the source does not show it (a value a",
	"  compiled package gives back, sync.Map's Load, a []Level held in an any): assign it first, var l Level = …",
	"fmt calls the String or Error method of a generic type's value in a slice, an array, a map or a field",
	"  where the source writes its type arguments ([]Pair[string, int]); not of one made in generic code",
	"  (a []Pair[K, V] a generic function returns): print them one by one, or give the slice a String method",
	"a nil pointer of your type made an error is Go's non-nil error holding the pointer where the source",
	"  shows the pointer returned or assigned as one (var p *MyErr; return p; var err error = p); given as",
	"  an argument, or made another interface (io.Reader), it is a nil interface: return nil for no error",
	"in a program (opsh run FILE.go), a package-level variable set by a call of a generic function needs",
	"  its type (var ports []int = slices.Sorted(…); sync.OnceValue(func() T {…}) shows it), and no other",
	"  package-level variable's value may use it: declare it in main, or give the type",
	"a value of a slice type of yours appended to a slice of an interface it implements (alts = append(alts,",
	"  terms), terms an and []C with C's methods) is spread, its elements appended: give it a variable of",
	"  the interface first, var c C = terms; alts = append(alts, c)",
	"struct types that refer to each other work where one of them refers to all the others (a Node with",
	"  Deps []*Node and topo *Topology; a Rack between its Cluster and its Hosts); where each refers to",
	"  several (a Host with Rack, Cluster and Peers, a Cluster with Racks and Hosts), assigning a pointer",
	"  of one to another's field may fail (reflect.Set: value of type *struct {…} is not assignable):",
	"  refer to one of them by a name (a map key, an index) rather than a pointer",
	"a function type of itself (type state func(r rune) state, a lexer's states) is refused: wrap the",
	"  function in a struct, type state struct{ f func(r rune) state }, and call s.f(r)",
	"a value of a generic type's instance in an any (Opt[int]) is found by an assertion to an interface",
	"  (x.(fmt.Stringer)) where the instance was written before: in the function, or in an earlier cell; an",
	"  instance first made after the assertion was compiled may panic it: assert to the instance, x.(Opt[int])",
	"a generic type of two or more type parameters that refers to itself (type node[K, V any] struct{ left",
	"  *node[K, V] }) is refused (the interpreter's stack would overflow): give it one type parameter",
	"a field that hides a method of its name promoted from an embedded field (struct{ Base; Name string },",
	"  Base with a Name method) is, to the interpreter, an ambiguous selector: name one of them otherwise",
	"a field of a generic struct named as one of its type parameters (type Pair[K, V any] struct{ K K })",
	"  cannot be selected (p.K): name it otherwise, Key K",
	"a method expression of a generic type (Pair[K, V].Get): use a function literal, func(p Pair[string, int]) int { return p.Get() }",
	"a standard library generic function given its type arguments and not called (var sortInts = slices.Sort[[]int]):",
	"  use a function literal, func(s []int) { slices.Sort(s) } (your own generic functions can be)",
	"a method value of a standard library type given to a function-typed field or variable (Transport{DialContext:",
	"  d.DialContext}), or taken of a pointer that &T{} or new(T) made (b := &bytes.Buffer{}; f := b.String), has",
	"  the method expression's type and is refused: use a function literal, func() string { return b.String() },",
	"  func(ctx context.Context, n, a string) (net.Conn, error) { return d.DialContext(ctx, n, a) }",
	"a struct type declared in a function that embeds an interface or a standard library type (type wrapped",
	"  struct{ error; code int }) cannot be made an interface value: declare the type outside the function",
	"a struct that embeds a time.Time has its Format(layout string) string, which fmt takes for fmt.Formatter's",
	"  when it is given the struct in an interface value (var x any = ev; fmt.Println(x)); give fmt a variable",
	"  of the struct's type, or its field (ev.Time)",
	"a method declared at the prompt on a struct over one a field it embeds gives it (func (s *Store) Lock() over",
	"  sync.Mutex's), after a cell used the struct, makes a new definition of it: values, variables and",
	"  functions made before keep the embedded field's method; declare a struct's methods before using it",
	"an embedded struct's fields are promoted in Go code, encoding/json, fmt and templates, but not for",
	"  reflect, which sees the embedded struct as a field (Base)",
	"reflect sees an unexported field of your struct types as exported, its name prefixed with X (note is",
	"  Xnote); fmt, encoding/json and the display show it as Go does",
	"a panic names the line it happened on where one expression of its function alone could panic so (one",
	"  division by a variable for a division by zero, one index, one call of panic); else the line that",
	"  called the function, or the function's first statement",
	"reflect does not see the methods of your types (text/template and html/template do, and fmt and",
	"  encoding/json call theirs): a package that looks for a method by reflect does not find it",
	"in text/template and html/template, a field of a type of yours that is no struct (Level of type Level",
	"  int) prints by its String method and has its methods ({{.Level}}, {{.Level.Label}}) where the",
	"  template prints it or calls them; held in a variable ($l := .Level), given to a function or a",
	"  method's result, it is the type it is made of: write {{.Level.String}} or {{.Level.Label}}; and a",
	"  map's key named as a field of a struct of yours with methods ({{.m.Name}}) does not follow",
	"  Option(\"missingkey=…\"): check it with {{with index .m \"Name\"}}",
	"a range over a string that uses the index counts runes, not bytes, unless the source shows the string",
	"  (a literal, a declared string, a function's or method's result, a field of a struct whose type it",
	"  shows); where it does not, declare it: var s string = lookup(k); for i, r := range s",
	"%T of a value of your type that is no struct (type Level int) prints the type it is made of (int),",
	"  and %#v of one made of a slice, an array or a map (type Tags []string) prints []string{\"a\"} for",
	"  main.Tags{\"a\"}, where the source does not show its type (an any holding it), as for fmt's methods above",
	"a nil pointer of your type held in an interface (var x any = (*Cfg)(nil), a fmt.Stringer) prints <nil>",
	"  where Go calls its String or Error method, as fmt does where the source shows the pointer's type",
	"  (var c *Cfg): print x.(*Cfg)",
	"a method value of a value receiver (f := t.Get) whose receiver's type the source does not show sees",
	"  later changes to t, where Go's keeps the copy made then: copy it first, c := t; f := c.Get",
	"a struct type declared with the fields of one declared before has a tag opsh:\"Name\" on its first",
	"  field, which makes the two types two to the interpreter: reflect shows it, and a struct literal of",
	"  those fields cannot be assigned to it (var b B = struct{ X int }{1}): convert it, B(struct{ X int }{1});",
	"  two struct types without fields stay one type (an assertion to one finds the other)",
	"an assertion to an interface (err.(Statuser), a type switch's case Statuser, errors.As into one) in a",
	"  method finds the types whose methods were declared before the method (a function is declared again",
	"  when a type gains a method): declare a type's methods before the methods that assert to them, or run",
	"  their cells again (opsh run reads a file whole)",
	"a function declared again is the one later cells call, and the functions declared before that call it",
	"  are declared again to call it (one that no longer compiles, given a new signature, panics saying so",
	"  when called); methods and function literals held in variables, made before, keep calling the old",
	"  one (the note names the methods): run their cells again",
	"a type declared again with another definition, or a method with another body, makes a new type:",
	"  values, variables and functions made before keep the old one (run their cells again); a struct that",
	"  embeds a type redefined so names the field (s.Logger, Server{Logger: …}) where the source shows the",
	"  struct's type, as for fields above; a generic type keeps its first definition: :reset",
	"a call of slices or maps on a value of a compiled type whose type the source does not show (a method",
	"  of an interface, src.Headers()) may fail: convert it, maps.Keys(map[string][]string(src.Headers()))",
	"a generic function's type parameter used only in an array, another's constraint, or a variadic parameter",
	"  given values whose type the source does not show (Sum(four(), 1), four a variable holding a func), is",
	"  not inferred, nor are some type arguments taken and the others inferred: give them all, Sum[float64](…)",
	"a value of a generic type kept at the top level may lose its methods where the source does not show",
	"  its type (a generic function's result, p := MakePair(k, v), keeps them): declare it with its type,",
	"  var p Pair[string, int] = …",
	"a declaration that uses a name, calls a method, or needs the methods of an interface not declared yet",
	"  is kept, and evaluated once they are; a variable so kept holds the value it made then, and one made",
	"  an interface before its type's String method was declared (var early any = Port(5)) prints without",
	"  it: declare the methods in the type's cell",
	"a goroutine's panic is reported, not fatal at the prompt; a script (opsh run, piped input) fails at",
	"  the end of the cell running then, where Go's program ends at once",
	"a fatal error (stack overflow, concurrent map writes, out of memory) ends the worker: the session",
	"  goes on, :restore runs the earlier cells again",
	"loop variables are per iteration, as in Go 1.22: code written for the older rule sees its own copies",
	"log's Lshortfile and Llongfile, and runtime.Caller, name the interpreter's source (value.go:586), not",
	"  yours: log a position of your own, or leave them out",
	"a variable or an import never used is no error, as it is Go's",
	"at the prompt, os.Exit and log.Fatal end the cell, not the session, and the cell's other goroutines",
	"  go on (a script ends with the status, as a Go program does)",
	"a value (not a pointer) of a type whose methods have pointer receivers, held in an interface, is taken",
	"  for an interface those methods make (v.(fmt.Stringer) is true): assert the pointer's type first",
	"encoding/xml needs an XMLName field in a struct of the session's, and nests an embedded struct's",
	"  fields in an element of its own",
	"a type declared in a function under the name of a type of the session's is the session's: name it",
	"  otherwise; a method of a generic type that calls a generic function giving the type (New(s[0]) in",
	"  a method of S[T]) is refused by the interpreter: build the value in the method, S[T]{…}",
}

func (s *Session) builtinNames() []string {
	names := append([]string(nil), s.cfg.BuiltinNames...)
	sort.Strings(names)
	return names
}

func (s *Session) doc(name string) error {
	if name == "" {
		return fmt.Errorf("usage: :doc NAME (strings.Split, web.Get, r.Check)")
	}
	if isIdent(name) {
		var text string
		if err := s.call(engine.CallDescribe, name, &text); err == nil && text != "" {
			fmt.Fprintln(s.out, text)
			return nil
		}
	}
	query := s.docName(name)
	if text, ok := s.cfg.Docs.Doc(query); ok {
		fmt.Fprintln(s.out, strings.TrimRight(text, "\n"))
		return nil
	}
	if sug := s.cfg.Docs.Suggest(query); len(sug) > 0 {
		if len(sug) > 12 {
			sug = sug[:12]
		}
		return fmt.Errorf("no documentation for %s; did you mean: %s", name, strings.Join(sug, ", "))
	}
	return fmt.Errorf("no documentation for %s", name)
}

// docName turns "r.Check", where r is a variable, into the name its
// documentation is under ("web.Response.Check"), asking the worker.
func (s *Session) docName(name string) string {
	if !strings.Contains(name, ".") {
		return name
	}
	var doc string
	if err := s.call(engine.CallDocName, name, &doc); err != nil || doc == "" {
		return name
	}
	return doc
}

func (s *Session) typeOf(src string) error {
	var t string
	if err := s.call(engine.CallType, src, &t); err != nil {
		return err
	}
	fmt.Fprintln(s.out, t)
	return nil
}

func (s *Session) history(args string) error {
	n := 20
	if args != "" {
		var err error
		if n, err = strconv.Atoi(args); err != nil || n < 1 {
			return fmt.Errorf("usage: :history [N]")
		}
	}
	var entries []string
	for _, c := range s.record.Cells {
		entries = append(entries, c.Src)
	}
	if s.cfg.History != nil {
		if h, err := s.cfg.History.Last(n); err == nil {
			entries = h
		}
	}
	if len(entries) > n {
		entries = entries[len(entries)-n:]
	}
	for _, e := range entries {
		fmt.Fprintln(s.out, e)
	}
	return nil
}

func (s *Session) resetCmd(string) error {
	_ = s.RunDeferred(context.Background()) // shown; the reset goes on
	if err := s.backend.Reset(context.Background()); err != nil {
		return err
	}
	s.recordCommand(":reset")
	fmt.Fprintln(s.out, s.cfg.Theme.Dim("session reset: variables, functions and imports forgotten"))
	return nil
}
