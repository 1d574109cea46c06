package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/opsh/opsh/sessions"
)

// scriptHelp writes the help of the file o runs (opsh run FILE --help, or
// ./FILE --help for an executable one): what it is, its parameters with
// their types, defaults and descriptions, read from the file without
// running it, and the lock it holds.
func scriptHelp(w io.Writer, o *runOptions, lock string) {
	fmt.Fprintf(w, "Usage: %s [PARAMETERS] [-- ARGS...]\n", o.invocation())
	if s := summary(o.t); s != "" {
		fmt.Fprintf(w, "\n  %s\n", s)
	}
	ps := sessions.ParamsByName(o.t)
	secrets := sessions.RedactedNames(o.t)
	if len(ps)+len(secrets) == 0 {
		fmt.Fprintln(w, "\nIt declares no parameters.")
	} else {
		fmt.Fprintln(w, "\nParameters (--NAME VALUE, --NAME=VALUE or -p NAME=VALUE):")
		tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
		own := runFlags(&runOptions{given: map[string]string{}}, io.Discard)
		seen := map[string]bool{}
		for _, p := range ps {
			seen[p.Name] = true
			fmt.Fprintf(tw, "  %s\t%s\n", paramSyntax(p, own), paramDoc(p))
		}
		for _, n := range secrets {
			if !seen[n] {
				p := sessions.Param{Name: n, Type: sessions.TypeString}
				fmt.Fprintf(tw, "  %s\ta secret, redacted in the transcript; asked for without echo on a terminal when not given\n", paramSyntax(p, own))
			}
		}
		tw.Flush()
	}
	if lock != "" {
		fmt.Fprintf(w, "\nA run holds the lock %q: while one runs, another exits at once with status 75.\n", lock)
	}
	fmt.Fprintln(w, "\nArguments after -- are the script's os.Args[1:] (and args()).")
	fmt.Fprintln(w, "The flags of opsh run (--check, --quiet, --lock, --record ...): opsh run --help")
}

// paramSyntax is how a parameter is given: --NAME TYPE, --NAME for a bool,
// or -p NAME=TYPE when a flag of opsh run has its name.
func paramSyntax(p sessions.Param, own *flag.FlagSet) string {
	typ := map[string]string{
		sessions.TypeString: "string", sessions.TypeInt: "int", sessions.TypeFloat: "float",
		sessions.TypeBool: "", sessions.TypeDuration: "duration", "": "value",
	}[p.Type]
	if own.Lookup(p.Name) != nil || p.Name == "h" || p.Name == "help" || strings.ContainsAny(p.Name, "= \t") {
		if typ == "" {
			typ = "bool"
		}
		return fmt.Sprintf("-p %s=%s", p.Name, typ)
	}
	if typ == "" {
		return "--" + p.Name
	}
	return "--" + p.Name + " " + typ
}

// paramDoc is a parameter's description and default.
func paramDoc(p sessions.Param) string {
	doc := strings.Join(strings.Fields(p.Description), " ")
	def := ""
	switch {
	case p.Type == sessions.TypeString:
		def = strconv.Quote(p.Value)
	case p.Type != "":
		def = p.Value
	case p.Default != "":
		def = p.Default // not a constant: its source
	}
	if def == "" {
		return doc
	}
	if doc != "" {
		doc += " "
	}
	return doc + "(default " + def + ")"
}

// summary is the first line of what a file says of itself: the prose
// before its first cell, or the comment a script starts with.
func summary(t *sessions.Transcript) string {
	if len(t.Notes) > 0 && t.Notes[0].After == 0 {
		for _, l := range strings.Split(t.Notes[0].Text, "\n") {
			if l = strings.TrimSpace(strings.TrimLeft(l, "#")); l != "" && !strings.HasPrefix(l, "<!--") {
				return l
			}
		}
	}
	if t.Kind == sessions.KindScript && len(t.Cells) > 0 {
		for _, l := range strings.Split(t.Cells[0].Src, "\n") {
			text, ok := strings.CutPrefix(strings.TrimSpace(l), "//")
			if !ok {
				break
			}
			if text = strings.TrimSpace(text); text != "" && !strings.HasPrefix(text, "opsh:") {
				return text
			}
		}
	}
	return ""
}
