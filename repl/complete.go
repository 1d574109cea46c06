package repl

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
// the builtins, and meta-commands. It never runs a call.
func (s *Session) Complete(line string, pos int) ([]string, int) {
	if pos > len(line) {
		pos = len(line)
	}
	before := line[:pos]
	if strings.HasPrefix(before, ":") && !strings.Contains(before, " ") {
		return filterPrefix(s.MetaNames(), before), len(before)
	}
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
		return filterPrefix(s.topNames(), word), len(word)
	}
	head, partial := word[:dot], word[dot+1:]
	var members []string
	if !strings.Contains(head, ".") && !s.ev.globals[head] {
		members = s.packageMembers(head)
	}
	if members == nil {
		members = s.valueMembers(head)
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
func (s *Session) topNames() []string {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] && !strings.HasPrefix(n, "_opsh") {
			seen[n] = true
			names = append(names, n)
		}
	}
	for n := range s.ev.globals {
		add(n)
	}
	for _, n := range s.ev.index.names() {
		if p, _ := s.ev.index.lookup(n); !strings.Contains(p, "traefik/yaegi") {
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
func (s *Session) packageMembers(pkg string) []string {
	p, ok := s.ev.index.lookup(pkg)
	if !ok {
		return nil
	}
	syms := s.ev.tables[s.ev.index.keys[p]]
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
func (s *Session) valueMembers(expr string) []string {
	for _, r := range expr {
		if !(r == '.' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return nil
		}
	}
	if !s.ev.globals[strings.Split(expr, ".")[0]] {
		return nil
	}
	v, err := s.ev.quietEval(expr)
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
