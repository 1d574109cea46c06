// Package readonly holds a session's read-only policy (opsh run
// --read-only, opsh --read-only): whether calls that change something are
// refused, and which commands that only read may run anyway
// (--allow-command uptime,df,journalctl).
//
// The policy is the worker process's, not the running cell's: a worker runs
// one session, and a goroutine a cell started must obey it as well after the
// cell has ended. That is why it lives here, set once when the session's
// interpreter is made, rather than in internal/cell's State, which changes
// with every cell. Outside opsh the policy is off and nothing is refused.
//
// Every builtin operation that changes something calls Check (or Command
// for a program it runs) first; the refusal is one line naming the call,
//
//	refused by --read-only: S3.Put("logs", "a.txt") writes
//
// and wraps ErrRefused, so errors.Is(err, readonly.ErrRefused) tells it
// from any other failure.
package readonly

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/opsh/opsh/internal/lazyre"
)

// ErrRefused is wrapped by every refusal of the read-only policy.
var ErrRefused = errors.New("refused by --read-only")

// Policy is a session's read-only policy.
type Policy struct {
	// On refuses every call that changes something.
	On bool `json:"on,omitempty"`
	// AllowCommands are the programs that may run although On is set,
	// matched on a command's first argument (its program), exactly.
	AllowCommands []string `json:"allow_commands,omitempty"`
}

var current atomic.Pointer[Policy]

// Set makes p the policy of the process and returns the previous one, so a
// caller (a test) can restore it. The worker calls Set when it makes the
// session's interpreter.
func Set(p Policy) (previous Policy) {
	p.AllowCommands = slices.Clone(p.AllowCommands)
	if old := current.Swap(&p); old != nil {
		return *old
	}
	return Policy{}
}

// Current returns the policy in force.
func Current() Policy {
	if p := current.Load(); p != nil {
		return *p
	}
	return Policy{}
}

// Error is a refusal: Call is the call as the user wrote it, Effect what it
// would have done ("writes", "sends POST").
type Error struct {
	Call   string
	Effect string
}

func (e *Error) Error() string { return ErrRefused.Error() + ": " + e.Call + " " + e.Effect }

// Is makes errors.Is(err, ErrRefused) true.
func (e *Error) Is(target error) bool { return target == ErrRefused }

// Call formats a call for a refusal: Call("S3.Put", "logs", "a.txt") is
// `S3.Put("logs", "a.txt")`. Strings are quoted, other values printed with
// %v; a long argument is cut.
func Call(name string, args ...any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case string:
			s = fmt.Sprintf("%q", cut(v))
		case []string:
			q := make([]string, len(v))
			for j, w := range v {
				q[j] = fmt.Sprintf("%q", cut(w))
			}
			s = "[]string{" + strings.Join(q, ", ") + "}"
		case []byte:
			s = fmt.Sprintf("[%d bytes]", len(v))
		case fmt.Stringer:
			s = cut(fmt.Sprint(v))
		default:
			s = shown(v)
		}
		parts[i] = s
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// shown is how a value other than a string, a number or a Stringer
// appears in a call: a value of a basic kind as itself, any other (a
// reader, a struct, a map) by its type only.
func shown(v any) string {
	switch reflect.ValueOf(v).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
		return cut(fmt.Sprint(v))
	case reflect.Invalid:
		return "nil"
	}
	return fmt.Sprintf("%T", v)
}

func cut(s string) string {
	const max = 80
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// Strings are ss as arguments of Call or Check: Check("writes",
// "S3.Delete", Strings(keys)...).
func Strings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Check returns nil when the session may change things, or else the
// refusal of the call name(args...), which would have the effect given
// ("writes", "deletes", "runs a command").
func Check(effect, name string, args ...any) error {
	if !Current().On {
		return nil
	}
	return &Error{Call: Call(name, args...), Effect: effect}
}

// Command returns nil when a program may run: the session is not
// read-only, or argv's first element is one of the allowed commands. The
// refusal names the call name(argv...) with the effect given.
func Command(effect, name string, argv []string) error {
	p := Current()
	if !p.On || len(argv) > 0 && slices.Contains(p.AllowCommands, argv[0]) {
		return nil
	}
	return &Error{Call: Call(name, Strings(argv)...), Effect: effect}
}

// plainWord is a word a POSIX shell reads as itself: no quote, expansion,
// glob, redirection, separator or comment can hide in it.
var plainWord = lazyre.New(`^[A-Za-z0-9_@%+=:,./-]+$`)

// ShellCommand is Command for a command given as a shell string (ssh's
// h.Run("df -h")). Nothing is matched on the string itself: only a string
// made of plain words separated by single spaces, which the shell would
// split into exactly those words and nothing else, is read as the argument
// list it is; any quote, `;`, `|`, `$`, glob or redirection refuses it.
func ShellCommand(effect, name, cmd string) error {
	p := Current()
	if !p.On {
		return nil
	}
	words := strings.Split(cmd, " ")
	for _, w := range words {
		if !plainWord.MatchString(w) {
			return &Error{Call: Call(name, cmd), Effect: effect}
		}
	}
	if slices.Contains(p.AllowCommands, words[0]) {
		return nil
	}
	return &Error{Call: Call(name, cmd), Effect: effect}
}

// Method reports whether an HTTP request with this method may be sent:
// GET, HEAD and OPTIONS read; every other method may change something.
func Method(method string) bool {
	switch strings.ToUpper(method) {
	case "GET", "HEAD", "OPTIONS", "":
		return true
	}
	return false
}

// Request returns nil when an HTTP request with method may be sent, or the
// refusal of the call, whose effect is "sends METHOD".
func Request(method, name string, args ...any) error {
	if !Current().On || Method(method) {
		return nil
	}
	return &Error{Call: Call(name, args...), Effect: "sends " + strings.ToUpper(method)}
}

// ParseAllow splits --allow-command's value: names separated by commas,
// spaces ignored, empty names dropped.
func ParseAllow(s string) []string {
	var names []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// SetFor makes p the policy until the test t ends (t.Cleanup restores the
// previous one). A test that sets a policy must not run in parallel with
// others of its package.
func SetFor(t interface{ Cleanup(func()) }, p Policy) {
	prev := Set(p)
	t.Cleanup(func() { Set(prev) })
}
