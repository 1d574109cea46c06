package main

import (
	"fmt"

	"github.com/opsh/opsh/sessions"
)

// preflightOptions are the flags of opsh run that decide whether a file
// may be replayed at all.
type preflightOptions struct {
	update        bool   // --update will rewrite the file
	requireSigned bool   // --require-signed
	allowed       string // --allowed-signers
}

// preflight checks a parsed file before anything runs: it has cells (exit
// 2 otherwise, naming the line of an unclosed block), --update can rewrite
// it without guessing (exit 2, the file untouched), and its signature is
// reported, or required (see checkSigned).
func preflight(t *sessions.Transcript, data []byte, o preflightOptions, std stdio, getenv func(string) string) int {
	if err := sessions.Runnable(t); err != nil {
		fmt.Fprintln(std.err, "opsh run:", err)
		return exitUsage
	}
	if o.update {
		if err := sessions.Updatable(t); err != nil {
			fmt.Fprintln(std.err, "opsh run: --update refused, the file is left as it is:", err)
			return exitUsage
		}
		if f := sessions.VerifyChain(t, data).Failure; f != nil {
			fmt.Fprintf(std.err, "opsh run: warning: %s was changed after it was recorded (%v); --update chains it anew\n", t.Name, f)
		}
	}
	if n := t.CutLine(); n > 0 {
		fmt.Fprintf(std.err, "opsh run: warning: %s:%d: the file ends inside this block (no closing fence): it is not run\n", t.Name, n)
	}
	code := checkSigned(t.Name, data, o.requireSigned, o.allowed, std, getenv)
	if code == exitOK && o.update {
		if s, _ := sessions.SignedBy(t.Name, data, sessions.VerifyOptions{}); s.Signed {
			fmt.Fprintf(std.err, "opsh run: --update rewrites %s: its signature will be removed\n", t.Name)
		}
	}
	return code
}
