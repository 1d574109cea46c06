package cell

import (
	"errors"
	"strings"
)

// Target is a system a session reaches: an SSH host, a Docker engine, an
// AWS account, an HTTP origin. The transcript records each one as it is
// first reached, and a replay compares the targets it reaches with the
// recorded ones before its calls go out.
type Target struct {
	// Kind is one of the Kind constants.
	Kind string
	// Name is how the session addressed it: an SSH host's address
	// (host:port), a Docker endpoint, an AWS endpoint ("" for AWS's own).
	// An HTTP origin has no name apart from its ID.
	Name string
	// ID is what it is, whatever address reached it: the SSH host key's
	// fingerprint, the Docker engine ID, the AWS account, the HTTP origin
	// (scheme://host:port).
	ID string
	// Detail is more for a reader (the ARN and region, the engine's name
	// and version), parts joined by ", "; it takes no part in comparisons.
	Detail string
}

// Kinds of Target.
const (
	KindSSH    = "ssh"
	KindDocker = "docker"
	KindAWS    = "aws"
	KindHTTP   = "http"
)

// ErrTargetRefused is wrapped by the error Reach returns for a target a
// replay was not recorded against.
var ErrTargetRefused = errors.New("target differs from the recorded one")

// Reach tells the session that a builtin is about to talk to t, once its
// identity is known and before the call that needs it goes out (a host
// key verified, an engine's ID read). A non-nil error means the session
// refuses the target: the builtin must not go on, and returns the error.
// Outside opsh it does nothing and returns nil.
func Reach(t Target) error {
	if f := state().Reach; f != nil {
		return f(t)
	}
	return nil
}

// Tracking reports whether a session is told the targets builtins reach
// (inside opsh). A builtin that must make a call of its own to learn a
// target's identity (STS GetCallerIdentity) makes it only then.
func Tracking() bool { return state().Reach != nil }

// targetPrefix starts the key of a fact that records a target.
const targetPrefix = "target "

// Fact is the fact that records t in a transcript: the key "target KIND
// NAME" (or "target KIND" with no name), the value "ID" or "ID (DETAIL)".
// An ID holds no " (" (fingerprints, engine IDs, accounts and origins
// do not).
func (t Target) Fact() (key, value string) {
	key = targetPrefix + t.Kind
	if t.Name != "" {
		key += " " + t.Name
	}
	value = t.ID
	if t.Detail != "" {
		value += " (" + t.Detail + ")"
	}
	return key, value
}

// TargetOfFact reads back a fact written by Target.Fact; ok is false for
// any other fact.
func TargetOfFact(key, value string) (t Target, ok bool) {
	rest, ok := strings.CutPrefix(key, targetPrefix)
	if !ok || rest == "" {
		return Target{}, false
	}
	t.Kind, t.Name, _ = strings.Cut(rest, " ")
	id, detail, hasDetail := strings.Cut(value, " (")
	if hasDetail {
		detail, hasDetail = strings.CutSuffix(detail, ")")
	}
	if !hasDetail {
		id, detail = value, ""
	}
	t.ID, t.Detail = id, detail
	return t, t.ID != ""
}

// String is the target as a message names it: "ssh 127.0.0.1:22 (SHA256:…)".
func (t Target) String() string {
	switch {
	case t.Name == "" || t.Name == t.ID:
		return t.Kind + " " + t.ID
	}
	return t.Kind + " " + t.Name + " (" + t.ID + ")"
}

// AllowName is how --allow-target names t: KIND:ID.
func (t Target) AllowName() string { return t.Kind + ":" + t.ID }
