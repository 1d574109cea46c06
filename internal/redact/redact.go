// Package redact is opsh's registry of secret values, process-wide: every
// secret a builtin reads (a password prompt, a token from the environment,
// a key a credential source hands over) is registered here, and String
// masks its bytes, and those of well-known token shapes, wherever they
// appear: a transcript, an export, the history, a Jupyter stream, even when
// user code prints the plain text on purpose.
//
// The token shapes masked without being registered: AWS access keys, GitHub,
// Slack, Stripe and Google API keys, JSON Web Tokens, private key blocks of
// every type, passwords in URLs and Authorization header values.
//
// It also holds the two hooks that tie the registry to the process around
// it: OnRegister passes each new secret on (the worker sends it to the
// front-end, which guards the files), and SetPrompter installs how a secret
// is read without echo (the terminal, or a Jupyter input request).
//
// The secret builtin (builtins/secret) is the user's side of it: a Value
// that displays as «redacted:NAME» and registers its bytes here.
package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"sync"
)

var (
	mu         sync.RWMutex
	values     = map[string]string{} // plain text, and each of its encodings → name
	registered int                   // distinct plain texts registered
	replacer   *strings.Replacer
)

// minLen is the shortest plain text Register masks: masking every "a" or
// "12" would make transcripts unreadable and tell little.
const minLen = 4

// Register marks plain as secret: String replaces it with «redacted:NAME»,
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

// encodings are the forms of plain that String masks: plain itself first.
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

// String masks every registered secret and every known token shape in s.
func String(s string) string {
	if r := currentReplacer(); r != nil {
		s = r.Replace(s)
	}
	return redactPatterns(s)
}

// Contains reports whether s holds a registered secret or a known token
// shape: such a line is never written to the history.
func Contains(s string) bool { return String(s) != s }
