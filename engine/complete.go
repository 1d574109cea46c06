package engine

import (
	"reflect"
	"sort"
	"strings"
	"unicode"
)

// Complete returns the completions of the word before pos in line, as
// whole words, and how many bytes of the word are already typed. It knows
// package members (strings.Sp → Split, SplitAfter …), the session's
// variables with their fields and methods (u.Hos → Host on a *url.URL),
// the builtins and the predeclared functions. It never runs a call.
func (e *Evaluator) Complete(line string, pos int) ([]string, int) {
	if pos > len(line) {
		pos = len(line)
	}
	before := line[:pos]
	start := pos
	for start > 0 {
		r := rune(before[start-1])
		if r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			start--
			continue
		}
		break
	}
	word := before[start:]
	dot := strings.LastIndex(word, ".")
	if dot < 0 {
		return filterPrefix(e.topNames(), word), len(word)
	}
	head, partial := word[:dot], word[dot+1:]
	var members []string
	if !strings.Contains(head, ".") && !e.globals[head] {
		members = e.packageMembers(head)
	}
	if members == nil {
		members = e.valueMembers(head)
	}
	return filterPrefix(members, partial), len(partial)
}

func filterPrefix(names []string, prefix string) []string {
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

// topNames are the names a cell can start with: the session's variables,
// packages, builtins and predeclared functions.
func (e *Evaluator) topNames() []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] && !strings.HasPrefix(n, "_opsh") {
			seen[n] = true
			names = append(names, n)
		}
	}
	for n := range e.globals {
		add(n)
	}
	for _, n := range e.index.names() {
		if p, _ := e.index.lookup(n); !strings.Contains(p, "traefik/yaegi") {
			add(n)
		}
	}
	for n := range builtinFuncs {
		add(n)
	}
	sort.Strings(names)
	return names
}

// packageMembers lists the exported names of the package pkg means.
func (e *Evaluator) packageMembers(pkg string) []string {
	p, ok := e.index.lookup(pkg)
	if !ok {
		return nil
	}
	syms := e.tables[e.index.keys[p]]
	names := make([]string, 0, len(syms))
	for n := range syms {
		if n != "" && unicode.IsUpper(rune(n[0])) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// valueMembers lists the fields and methods of the value expr names, when
// evaluating it runs nothing (a variable, a field of one).
func (e *Evaluator) valueMembers(expr string) []string {
	for _, r := range expr {
		if !(r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return nil
		}
	}
	if !e.globals[strings.Split(expr, ".")[0]] {
		return nil
	}
	v, err := e.quietEval(expr)
	if err != nil || !v.IsValid() {
		return nil
	}
	return members(v.Type())
}

// members lists the exported fields and methods of t (and of *t, and of
// the struct a pointer points to).
func members(t reflect.Type) []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] && n != "" && unicode.IsUpper(rune(n[0])) {
			seen[n] = true
			names = append(names, n)
		}
	}
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			add(t.Method(i).Name)
		}
	}
	addMethods(t)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
		addMethods(t)
	} else if t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	if t.Kind() == reflect.Struct {
		for i := 0; i < t.NumField(); i++ {
			add(t.Field(i).Name)
		}
	}
	sort.Strings(names)
	return names
}
