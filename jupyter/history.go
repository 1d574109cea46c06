package jupyter

import (
	"context"
	"regexp"
	"strings"
	"sync"

	"github.com/go-zeromq/zmq4"
)

// historySession is the session number of this kernel's cells in history
// replies: one kernel, one session (IPython numbers the sessions kept in
// its database; opsh keeps those in transcripts).
const historySession = 1

// history is the cells this kernel ran with store_history.
type history struct {
	mu      sync.Mutex
	entries []historyEntry
}

type historyEntry struct {
	line   int
	input  string
	output string
}

func (h *history) add(line int, input, output string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.entries = append(h.entries, historyEntry{line, input, output})
}

type historyRequest struct {
	Output   bool   `json:"output"`
	AccessOp string `json:"hist_access_type"`
	Session  int    `json:"session"`
	Start    int    `json:"start"`
	Stop     int    `json:"stop"`
	N        int    `json:"n"`
	Pattern  string `json:"pattern"`
	Unique   bool   `json:"unique"`
}

// find gives the entries a request asks for: the last n (tail), those
// matching a glob pattern (search: * and ?, the last n, unique), or lines
// [start, stop) of the session (range).
func (h *history) find(req historyRequest) []historyEntry {
	h.mu.Lock()
	all := append([]historyEntry(nil), h.entries...)
	h.mu.Unlock()
	var out []historyEntry
	switch req.AccessOp {
	case "tail":
		out = all
	case "search":
		re := globRegexp(req.Pattern)
		seen := map[string]bool{}
		for i := len(all) - 1; i >= 0; i-- {
			e := all[i]
			if !re.MatchString(e.input) || (req.Unique && seen[e.input]) {
				continue
			}
			seen[e.input] = true
			out = append([]historyEntry{e}, out...)
		}
	case "range":
		if req.Session != 0 && req.Session != historySession {
			return nil
		}
		for _, e := range all {
			if e.line >= req.Start && (req.Stop <= 0 || e.line < req.Stop) {
				out = append(out, e)
			}
		}
		return out
	}
	if req.N > 0 && len(out) > req.N {
		out = out[len(out)-req.N:]
	}
	return out
}

// globRegexp turns a history search pattern (* any text, ? one
// character) into an anchored regexp.
func globRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func (k *Kernel) historyRequest(_ context.Context, sock zmq4.Socket, msg *Message) error {
	var req historyRequest
	if err := decode(msg, &req); err != nil {
		return k.replyError(sock, msg, "history_reply", err)
	}
	items := []any{}
	for _, e := range k.history.find(req) {
		if req.Output {
			items = append(items, []any{historySession, e.line, []any{e.input, e.output}})
		} else {
			items = append(items, []any{historySession, e.line, e.input})
		}
	}
	k.send(sock, msg, "history_reply", map[string]any{"status": "ok", "history": items})
	return nil
}
