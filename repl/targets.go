package repl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/opsh/opsh/engine"
	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/sessions"
)

// TargetCheck is what a replay of t checks the targets it reaches
// against: the targets t recorded, those allowed by name (--allow-target
// KIND:ID) and the parameters given values other than their defaults
// (values as sessions.ParamValues returns them). It is nil, checking
// nothing, for a file that records no target (a script, a transcript
// written before targets were recorded).
func TargetCheck(t *sessions.Transcript, values map[string]string, allowed []string) *engine.TargetCheck {
	recorded := t.Targets()
	if len(recorded) == 0 {
		return nil
	}
	c := &engine.TargetCheck{Recorded: recorded, Allowed: allowed}
	for _, p := range sessions.ParamsByName(t) {
		v, given := values[p.Name]
		def := p.Default
		if u, err := strconv.Unquote(def); err == nil {
			def = u
		}
		if given && v != def {
			c.Changed = append(c.Changed, engine.ParamChanged{Name: p.Name, From: def, To: v})
		}
	}
	return c
}

// targetDiffs reports the targets the replay reached since the fact
// numbered from that differ from the recorded ones and were allowed (-p,
// --allow-target), one line each, and the refusal err holds, if any.
func (s *Session) targetDiffs(from int, err error) (allowed []string, refused string) {
	check := s.cfg.Targets
	if check == nil {
		return nil, ""
	}
	s.mu.Lock()
	facts := s.record.Facts[min(from, len(s.record.Facts)):]
	s.mu.Unlock()
	for _, f := range facts {
		t, ok := cell.TargetOfFact(f.Key, f.Value)
		if !ok {
			continue
		}
		if v := check.Judge(t); v.Differs {
			allowed = append(allowed, fmt.Sprintf("%s instead of the recorded %s: %s", t, v.Recorded, v.Why))
		}
	}
	// The refusal crossed from the worker as the cell's error message.
	if err != nil {
		msg := err.Error()
		if i := strings.Index(msg, cell.ErrTargetRefused.Error()); i >= 0 {
			refused = msg[i:]
		}
	}
	return allowed, refused
}

// factCount is how many facts the session has recorded so far.
func (s *Session) factCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.record.Facts)
}
