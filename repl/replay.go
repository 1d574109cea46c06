package repl

import (
	"context"
	"fmt"
	"io"
	"regexp"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/sessions"
)

// ReplayOptions configure Session.Replay, what `opsh run` does.
type ReplayOptions struct {
	// File names the transcript in messages.
	File string
	// Check compares each cell's output with the recorded one.
	Check bool
	// KeepGoing runs every cell and reports every failure, instead of
	// stopping at the first.
	KeepGoing bool
	// Values give redacted literals («redacted:NAME») their value on
	// replay, by NAME (opsh run -p NAME=…); a missing one is asked for
	// without echo on a terminal.
	Values map[string]string
	// Diag receives failures and diffs (standard error).
	Diag io.Writer
}

// ReplayReport is what a replay found.
type ReplayReport struct {
	Ran, Failed, Mismatched int
	// Outputs are the replay's outputs by cell number (for --update).
	Outputs map[int]sessions.Output
}

// OK reports whether every cell ran and matched.
func (r ReplayReport) OK() bool { return r.Failed == 0 && r.Mismatched == 0 }

var redactedLiteral = regexp.MustCompile(`«redacted:([^»]+)»`)

// Replay runs a transcript's cells in order, printing as the REPL would,
// and stops at the first failing cell unless opts.KeepGoing.
func (s *Session) Replay(ctx context.Context, t *sessions.Transcript, opts ReplayOptions) ReplayReport {
	rep := ReplayReport{Outputs: map[int]sessions.Output{}}
	for _, c := range t.Cells {
		if ctx.Err() != nil {
			break
		}
		src, err := s.unredact(c.Src, opts.Values)
		var r CellResult
		if err != nil {
			s.showError(err)
			r = CellResult{Failed: true, Err: err, Output: sessions.Output{Text: "error: " + err.Error() + "\n", Status: sessions.StatusError}}
		} else {
			r = s.Do(ctx, src)
		}
		rep.Ran++
		rep.Outputs[c.N] = r.Output
		if opts.Check {
			if diff := sessions.Check(opts.File, c, r.Output); diff != "" {
				rep.Mismatched++
				fmt.Fprint(opts.Diag, diff)
			}
		}
		if r.Failed {
			rep.Failed++
			fmt.Fprintf(opts.Diag, "%s:%d: cell %d failed: %v\n", opts.File, c.Line, c.N, r.Err)
			if !opts.KeepGoing {
				break
			}
		}
	}
	return rep
}

// unredact puts values back where the transcript has «redacted:NAME».
func (s *Session) unredact(src string, values map[string]string) (string, error) {
	var missing error
	out := redactedLiteral.ReplaceAllStringFunc(src, func(m string) string {
		name := redactedLiteral.FindStringSubmatch(m)[1]
		if v, ok := values[name]; ok {
			secret.Register(name, []byte(v))
			return v
		}
		v, err := secret.Prompt(name)
		if err != nil {
			if missing == nil {
				missing = fmt.Errorf("this cell uses a redacted value, %q: give it with -p '%s=…' (or run on a terminal to be asked)", name, name)
			}
			return m
		}
		return string(v.Reveal())
	})
	return out, missing
}

// RedactedNames lists the names of the redacted values a transcript's
// cells use.
func RedactedNames(t *sessions.Transcript) []string {
	seen := map[string]bool{}
	var names []string
	for _, c := range t.Cells {
		for _, m := range redactedLiteral.FindAllStringSubmatch(c.Src, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				names = append(names, m[1])
			}
		}
	}
	return names
}
