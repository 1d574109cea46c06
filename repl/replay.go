package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/opsh/opsh/builtins/secret"
	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/redact"
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
	Ran, Failed, Mismatched, Skipped int
	// Outputs are the replay's outputs by cell number (for --update).
	Outputs map[int]sessions.Output
	// Exit is set when a cell called os.Exit, which ended the replay.
	Exit *ExitError
	// Returned is set when a cell returned from main (a return outside
	// any function), which ended the replay, successfully.
	Returned bool
	// Targets are the targets the replay reached that differ from the
	// recorded ones: allowed (-p, --allow-target) or refused, one line each.
	Targets []string
}

// OK reports whether every cell ran and matched.
func (r ReplayReport) OK() bool { return r.Failed == 0 && r.Mismatched == 0 }

// Replay runs a transcript's cells in order, printing as the REPL would,
// and stops at the first failing cell unless opts.KeepGoing.
func (s *Session) Replay(ctx context.Context, t *sessions.Transcript, opts ReplayOptions) ReplayReport {
	rep := ReplayReport{Outputs: map[int]sessions.Output{}}
	commands := t.Commands()
	for i, c := range t.Cells {
		if ctx.Err() != nil {
			break
		}
		if err := s.redoCommands(&commands, i, opts); err != nil {
			rep.Failed++
			break
		}
		if why := notReplayed(t, i); why != "" {
			fmt.Fprintf(opts.Diag, "%s:%d: cell %d skipped: %s\n", opts.File, c.Line, c.N, why)
			rep.Skipped++
			continue
		}
		src, err := s.unredact(c.Src, opts.Values)
		var r CellResult
		if err != nil {
			s.showError(err)
			r = CellResult{Failed: true, Err: err, Output: sessions.Output{Text: "error: " + err.Error() + "\n", Status: sessions.StatusError}}
		} else {
			facts := s.factCount()
			r = s.Do(ctx, src)
			allowed, refused := s.targetDiffs(facts, r.Err)
			for _, d := range allowed {
				fmt.Fprintf(opts.Diag, "%s:%d: cell %d reached %s\n", opts.File, c.Line, c.N, d)
				rep.Targets = append(rep.Targets, fmt.Sprintf("cell %d reached %s", c.N, d))
			}
			if refused != "" { // the cell's error says it already
				rep.Targets = append(rep.Targets, fmt.Sprintf("cell %d refused: %s", c.N, refused))
			}
		}
		rep.Ran++
		rep.Outputs[c.N] = r.Output
		var exit *ExitError
		if errors.As(r.Err, &exit) {
			rep.Exit = exit
		}
		if opts.Check {
			if diff := sessions.Check(opts.File, c, r.Output); diff != "" {
				rep.Mismatched++
				fmt.Fprint(opts.Diag, diff)
			}
		}
		if rep.Exit != nil {
			break // os.Exit ends a script where it is called
		}
		if errors.Is(r.Err, ErrReturned) {
			rep.Returned = true
			break // and so does main's return
		}
		if r.Failed {
			rep.Failed++
			fmt.Fprintf(opts.Diag, "%s:%s: cell %d failed: %v\n", opts.File, failedAt(c, r.Err), c.N, r.Err)
			if !opts.KeepGoing {
				break
			}
		}
	}
	if rep.OK() && rep.Exit == nil && !rep.Returned && ctx.Err() == nil {
		if err := s.redoCommands(&commands, len(t.Cells), opts); err != nil {
			rep.Failed++
		}
	}
	return rep
}

// redoCommands redoes the recorded meta-commands (:reset, :load) that
// come before cell i (after the i cells before it), and drops them from
// the list.
func (s *Session) redoCommands(commands *[]sessions.Command, i int, opts ReplayOptions) error {
	for len(*commands) > 0 && (*commands)[0].After <= i {
		c := (*commands)[0]
		*commands = (*commands)[1:]
		if err := s.redo(c); err != nil {
			fmt.Fprintf(opts.Diag, "%s:%d: %s failed: %v\n", opts.File, c.Line, c.Text, err)
			return err
		}
	}
	return nil
}

// notReplayed says why cell i of a recorded transcript is not run again:
// it was interrupted (Ctrl-C on a loop that never ends, say), or it was
// still running when the session was killed. "" means it is replayed.
func notReplayed(t *sessions.Transcript, i int) string {
	if t.Kind != sessions.KindTranscript {
		return ""
	}
	c := t.Cells[i]
	switch {
	case c.Status() == sessions.StatusInterrupted:
		return "it was interrupted when recorded"
	case c.Output == nil && i == len(t.Cells)-1 && !t.Ended && !t.Meta.Start.IsZero():
		return "it was still running when the recorded session ended"
	}
	return ""
}

// unredact puts values back where the cell's string literals hold
// «redacted:NAME», asking without echo for any value not given.
func (s *Session) unredact(src string, values map[string]string) (string, error) {
	one := &sessions.Transcript{Cells: []*sessions.Cell{{Src: src}}}
	have := map[string]string{}
	for _, name := range sessions.RedactedNames(one) {
		if v, ok := values[name]; ok {
			have[name] = v
			redact.Register(name, []byte(v))
			continue
		}
		v, err := secret.Prompt(name)
		if err != nil {
			return "", fmt.Errorf("this cell uses a redacted value, %q: give it with -p '%s=…' (or run on a terminal to be asked)", name, name)
		}
		have[name] = string(v.Reveal())
	}
	return sessions.Fill(src, have)
}

// failedAt is where in the file cell c failed with err: the line and
// column the error names in the cell, else the cell's line.
func failedAt(c *sessions.Cell, err error) string {
	var at *engine.LocatedError
	switch {
	case !errors.As(err, &at):
		return strconv.Itoa(c.Line)
	case at.Col > 0:
		return fmt.Sprintf("%d:%d", c.FileLine(at.Line), at.Col)
	}
	return strconv.Itoa(c.FileLine(at.Line))
}
