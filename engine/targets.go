package engine

import (
	"fmt"
	"strings"

	"github.com/opsh/opsh/internal/cell"
	"github.com/opsh/opsh/wire"
)

// TargetCheck is what a replay compares the targets it reaches with: the
// targets the transcript recorded, those the user allowed by name
// (--allow-target KIND:ID), and the parameters the user changed (-p), each
// of which may change a target's name. A nil *TargetCheck checks nothing.
type TargetCheck struct {
	Recorded []cell.Target  `json:"recorded,omitempty"`
	Allowed  []string       `json:"allowed,omitempty"`
	Changed  []ParamChanged `json:"changed,omitempty"`
}

// ParamChanged is a parameter given a value other than its recorded
// default.
type ParamChanged struct {
	Name string `json:"name"`
	From string `json:"from"` // the recorded default, as param() returns it
	To   string `json:"to"`
}

// Verdict is what a TargetCheck says of a target.
type Verdict struct {
	// Refused is set when the replay must stop before the call.
	Refused bool
	// Differs is set when the target is not a recorded one (allowed or
	// refused).
	Differs bool
	// Recorded is the recorded target it is set against (zero if the
	// recording reached none of its kind).
	Recorded cell.Target
	// Why says why a differing target is allowed or refused.
	Why string
}

// Judge compares t with the recorded targets. The same target (same kind
// and ID, whatever its name) passes; a target allowed by --allow-target
// passes; a target whose name is a recorded one's with a changed
// parameter's default replaced by its value passes; any other is refused.
func (c *TargetCheck) Judge(t cell.Target) Verdict {
	if c == nil {
		return Verdict{}
	}
	var like []cell.Target // the recorded targets of t's kind
	for _, r := range c.Recorded {
		if r.Kind != t.Kind {
			continue
		}
		if r.ID == t.ID {
			return Verdict{Recorded: r}
		}
		like = append(like, r)
	}
	v := Verdict{Differs: true}
	if len(like) > 0 {
		v.Recorded = closest(like, t)
	}
	for _, a := range c.Allowed {
		if a == t.AllowName() {
			v.Why = "allowed by --allow-target " + a
			return v
		}
	}
	for _, r := range like {
		if p, ok := c.changedBy(r, t); ok {
			v.Recorded = r
			v.Why = fmt.Sprintf("changed by -p %s=%s", p.Name, p.To)
			return v
		}
	}
	v.Refused = true
	v.Why = targetRefusal(v.Recorded, t)
	return v
}

// closest is the recorded target t is best set against: the one of the
// same name (a host whose key changed), else the first.
func closest(like []cell.Target, t cell.Target) cell.Target {
	for _, r := range like {
		if r.Name != "" && r.Name == t.Name {
			return r
		}
	}
	return like[0]
}

// changedBy reports the changed parameter that turns r's name (or, for a
// target without a name, its ID) into t's: its default is part of r's
// name and its value put in its place gives t's, or its default holds
// r's whole name and its value t's.
func (c *TargetCheck) changedBy(r, t cell.Target) (ParamChanged, bool) {
	rn, tn := r.Name, t.Name
	if rn == "" {
		rn, tn = r.ID, t.ID
	}
	for _, p := range c.Changed {
		if p.From == "" {
			continue
		}
		// The default is part of the recorded name ("web-1" of
		// "web-1:22"), or names it whole ("deploy@web-1:22").
		inName := strings.Contains(rn, p.From) && strings.ReplaceAll(rn, p.From, p.To) == tn
		names := strings.Contains(p.From, rn) && strings.Contains(p.To, tn)
		if inName || names {
			return p, true
		}
	}
	return ParamChanged{}, false
}

// noun names what a target of a kind is, in a message.
var noun = map[string]struct{ what, id string }{
	cell.KindSSH:    {"SSH host", "host key"},
	cell.KindDocker: {"Docker engine", "engine ID"},
	cell.KindAWS:    {"AWS account", "account"},
	cell.KindHTTP:   {"HTTP origin", "origin"},
}

// targetRefusal words why t stops the replay, with both identities.
func targetRefusal(r, t cell.Target) string {
	n, ok := noun[t.Kind]
	if !ok {
		n.what, n.id = t.Kind+" target", "id"
	}
	if r.Kind == "" {
		return fmt.Sprintf("this runbook was recorded without reaching any %s, this replay reaches %s; give --allow-target %s to go on",
			n.what, describe(t, n.id), t.AllowName())
	}
	if t.Kind == cell.KindAWS {
		return fmt.Sprintf("this runbook was recorded against AWS account %s, your credentials are for %s; give --allow-target %s to go on",
			describe(r, n.id), describe(t, n.id), t.AllowName())
	}
	return fmt.Sprintf("this runbook was recorded against %s %s, this replay reaches %s; give --allow-target %s to go on",
		n.what, describe(r, n.id), describe(t, n.id), t.AllowName())
}

// describe is a target in a message: its name and identity.
func describe(t cell.Target, idNoun string) string {
	switch {
	case t.Kind == cell.KindAWS:
		s := t.ID
		if t.Detail != "" {
			s += " (" + t.Detail + ")"
		}
		return s
	case t.Name == "" || t.Name == t.ID:
		return t.ID
	}
	return fmt.Sprintf("%s with %s %s", t.Name, idNoun, t.ID)
}

// reach is the session's answer to cell.Reach: the configured check's
// verdict, and, for a target it lets through, a fact the front-end
// records (once per target).
func (h *Handler) reach(out *wire.Emitter, check *TargetCheck, t cell.Target) error {
	if v := check.Judge(t); v.Refused {
		return fmt.Errorf("%w: %s", cell.ErrTargetRefused, v.Why)
	}
	key, value := t.Fact()
	if _, seen := h.reached.LoadOrStore(key+"\n"+value, true); !seen {
		h.fact(out, key, value)
	}
	return nil
}
