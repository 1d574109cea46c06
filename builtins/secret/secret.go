// Package secret holds values that must never be shown or written down:
// passwords, tokens, private keys. A Value displays as «redacted:NAME», and
// every Value made in a process is registered so that Redact can mask its
// bytes wherever they appear (a transcript, an export, the history), even
// when user code prints the plain text on purpose.
//
// Redact also masks well-known token shapes that were never registered:
// AWS access keys, GitHub, Slack, Stripe and Google API keys, JSON Web
// Tokens, private key blocks of every type, passwords in URLs and
// Authorization header values.
package secret

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"

	"golang.org/x/term"
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
	Register(name, v.plain)
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

// Prompter reads a secret without echo. The REPL installs one that uses its
// own terminal; see SetPrompter.
type Prompter func(label string) ([]byte, error)

var (
	mu         sync.RWMutex
	prompter   Prompter = ttyPrompt
	values              = map[string]string{} // plain text, and each of its encodings → name
	registered int                            // distinct plain texts registered
	replacer   *strings.Replacer
)

// SetPrompter installs the function Prompt reads with and returns the one it
// replaced.
func SetPrompter(p Prompter) Prompter {
	mu.Lock()
	defer mu.Unlock()
	old := prompter
	prompter = p
	return old
}

// ErrNoTerminal is returned by Prompt when there is no terminal to ask on.
var ErrNoTerminal = errors.New("no terminal to prompt on")

func ttyPrompt(label string) ([]byte, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, ErrNoTerminal
	}
	defer tty.Close()
	fmt.Fprintf(tty, "%s: ", label)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	return b, err
}

// Prompt asks for a secret on the terminal, without echo.
func Prompt(label string) (Value, error) {
	mu.RLock()
	p := prompter
	mu.RUnlock()
	b, err := p(label)
	if err != nil {
		return Value{}, fmt.Errorf("secret.Prompt %q: %w", label, err)
	}
	return New(label, b), nil
}

// minLen is the shortest plain text Register masks: masking every "a" or
// "12" would make transcripts unreadable and tell little.
const minLen = 4

// Register marks plain as secret: Redact replaces it with «redacted:NAME»,
// and its encodings too: base64 (standard and URL alphabets, with and
// without padding), hex (lower and upper case) and URL encoding (query and
// path), as a secret is often printed in one of them.
// Line breaks (CR and LF) at either end of plain are not part of what is
// masked: a PEM key printed with its final newline becomes «redacted:NAME»
// followed by that newline, so the text around it keeps its lines.
func Register(name string, plain []byte) {
	plain = bytes.Trim(plain, "\r\n")
	if len(plain) < minLen {
		return
	}
	mu.Lock()
	if _, ok := values[string(plain)]; ok {
		mu.Unlock()
		return
	}
	registered++
	for _, form := range encodings(plain) {
		if _, ok := values[form]; !ok {
			values[form] = name
		}
	}
	replacer = nil
	mu.Unlock()
	notifyRegistered(name, plain)
}

// encodings are the forms of plain that Redact masks: plain itself first.
func encodings(plain []byte) []string {
	s := string(plain)
	return []string{
		s,
		base64.StdEncoding.EncodeToString(plain),
		base64.RawStdEncoding.EncodeToString(plain),
		base64.URLEncoding.EncodeToString(plain),
		base64.RawURLEncoding.EncodeToString(plain),
		hex.EncodeToString(plain),
		strings.ToUpper(hex.EncodeToString(plain)),
		url.QueryEscape(s),
		url.PathEscape(s),
	}
}

// Count is how many distinct secrets are registered.
func Count() int {
	mu.RLock()
	defer mu.RUnlock()
	return registered
}

func currentReplacer() *strings.Replacer {
	mu.RLock()
	r := replacer
	mu.RUnlock()
	if r != nil || Count() == 0 {
		return r
	}
	mu.Lock()
	defer mu.Unlock()
	plains := make([]string, 0, len(values))
	for p := range values {
		plains = append(plains, p)
	}
	// Longest first, so a secret containing another is masked whole.
	sort.Slice(plains, func(i, j int) bool { return len(plains[i]) > len(plains[j]) })
	pairs := make([]string, 0, 2*len(plains))
	for _, p := range plains {
		pairs = append(pairs, p, "«redacted:"+values[p]+"»")
	}
	replacer = strings.NewReplacer(pairs...)
	return replacer
}

// Redact masks every registered secret and every known token shape in s.
func Redact(s string) string {
	if r := currentReplacer(); r != nil {
		s = r.Replace(s)
	}
	return redactPatterns(s)
}

// Contains reports whether s holds a registered secret or a known token
// shape: such a line is never written to the history.
func Contains(s string) bool { return Redact(s) != s }
