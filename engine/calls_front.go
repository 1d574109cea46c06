package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/opsh/opsh/wire"
)

// Calls the terminal front-end makes beyond the Handler's own: arguments
// and results are JSON, as for the Call constants of handler.go.
const (
	// CallFull: the name of a value (the `_N` a cell bound) → its display,
	// uncut (:more).
	CallFull = "full"
	// CallCandidates: CandidatesRequest → Candidates, the completions of
	// the word at the cursor with their kinds and types.
	CallCandidates = "candidates"
)

// WithFrontCalls returns h answering, besides its own calls, those of
// this file.
func WithFrontCalls(h *Handler) wire.Handler { return frontCalls{h} }

type frontCalls struct{ *Handler }

// Call answers the calls of this file, and passes the others on.
func (f frontCalls) Call(ctx context.Context, req *wire.Call) ([]byte, error) {
	if out, ok, err := f.FrontCall(req); ok {
		return out, err
	}
	return f.Handler.Call(ctx, req)
}

// FrontCall answers req if its method is one of this file's; ok is false
// otherwise.
func (h *Handler) FrontCall(req *wire.Call) (out []byte, ok bool, err error) {
	switch req.Method {
	case CallFull, CallCandidates:
	default:
		return nil, false, nil
	}
	ev, err := h.evaluator()
	if err != nil {
		return nil, true, err
	}
	var reply any
	switch req.Method {
	case CallFull:
		var name string
		if err := json.Unmarshal(req.Args, &name); err != nil {
			return nil, true, fmt.Errorf("%s: %w", req.Method, err)
		}
		reply, err = ev.FormatFull(name)
	case CallCandidates:
		var q CandidatesRequest
		if err := json.Unmarshal(req.Args, &q); err != nil {
			return nil, true, fmt.Errorf("%s: %w", req.Method, err)
		}
		reply = ev.Candidates(q.Code, q.Cursor)
	}
	if err != nil {
		return nil, true, err
	}
	out, err = json.Marshal(reply)
	return out, true, err
}

// FormatFull shows the value of a variable as a cell shows it, without
// cutting long lists and maps.
func (e *Evaluator) FormatFull(name string) (string, error) {
	if !e.globals[name] {
		return "", fmt.Errorf("no value %s", name)
	}
	v, err := e.quietEval(name)
	if err != nil {
		return "", err
	}
	full := *e.pretty
	full.maxElems = math.MaxInt
	return full.Format(v), nil
}
