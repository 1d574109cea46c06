// Package secret holds values that must never be shown or written down:
// passwords, tokens, private keys. A Value displays as «redacted:NAME», and
// every Value made in a process is registered (with internal/redact) so
// that Redact can mask its bytes wherever they appear (a transcript, an
// export, the history), even when user code prints the plain text on
// purpose.
//
// Redact also masks well-known token shapes that were never registered:
// AWS access keys, GitHub, Slack, Stripe and Google API keys, JSON Web
// Tokens, private key blocks of every type, passwords in URLs and
// Authorization header values.
package secret

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/opsh/opsh/internal/redact"
)

// Value is a secret. Its zero value is an empty secret with no name.
type Value struct {
	name  string
	plain []byte
}

// New makes a secret named name (the name is what displays) and registers
// its bytes for masking.
func New(name string, plain []byte) Value {
	v := Value{name: name, plain: append([]byte(nil), plain...)}
	redact.Register(name, v.plain)
	return v
}

// From makes a secret from what a call was given: a Value (returned as is),
// a string or a []byte (registered under name). Builtins that take passwords
// and tokens accept any of the three through From.
func From(name string, v any) (Value, error) {
	switch x := v.(type) {
	case Value:
		return x, nil
	case *Value:
		return *x, nil
	case string:
		return New(name, []byte(x)), nil
	case []byte:
		return New(name, x), nil
	case nil:
		return Value{}, fmt.Errorf("%s: no value given", name)
	}
	return Value{}, fmt.Errorf("%s: want a string, []byte or secret.Value, got %T", name, v)
}

// Name is the secret's name, as it displays.
func (v Value) Name() string { return v.name }

// Reveal returns the plain bytes. Printing them is masked in transcripts all
// the same.
func (v Value) Reveal() []byte { return append([]byte(nil), v.plain...) }

// IsZero reports whether the secret is empty.
func (v Value) IsZero() bool { return len(v.plain) == 0 }

// Text returns the plain text, for a call that needs the secret as a
// string (a header, a DSN). Printing it is masked in transcripts all the
// same; String stays redacted.
func (v Value) Text() string { return string(v.plain) }

// String returns «redacted:NAME», never the plain text.
func (v Value) String() string { return "«redacted:" + v.name + "»" }

// GoString is String, so %#v does not reveal the value either.
func (v Value) GoString() string { return v.String() }

// Display is how the REPL shows a secret.
func (v Value) Display() string { return v.String() }

// MarshalJSON encodes the redacted form.
func (v Value) MarshalJSON() ([]byte, error) { return json.Marshal(v.String()) }

// MarshalText encodes the redacted form.
func (v Value) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// Env reads the environment variable name as a secret. An unset or empty
// variable is an error.
func Env(name string) (Value, error) {
	s, ok := os.LookupEnv(name)
	if !ok || s == "" {
		return Value{}, fmt.Errorf("secret.Env: %s is not set", name)
	}
	return New(name, []byte(s)), nil
}

// ErrNoTerminal is returned by Prompt when there is no terminal to ask on.
var ErrNoTerminal = redact.ErrNoTerminal

// Prompt asks for a secret on the terminal, without echo.
func Prompt(label string) (Value, error) {
	b, err := redact.Ask(label)
	if err != nil {
		return Value{}, fmt.Errorf("secret.Prompt %q: %w", label, err)
	}
	return New(label, b), nil
}

// Redact masks every registered secret and every known token shape in s.
func Redact(s string) string { return redact.String(s) }
