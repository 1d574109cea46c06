package web

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/opsh/opsh/internal/redact"
)

// netrcEntry is one machine (or the default) of a .netrc file.
type netrcEntry struct {
	machine  string // "" for default
	login    string
	password string
}

// readNetrc reads $NETRC, else ~/.netrc, as curl --netrc and Python's
// requests do; a missing file is no entries.
func readNetrc(getenv func(string) string) []netrcEntry {
	path := getenv("NETRC")
	if path == "" {
		home := getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		if home == "" {
			return nil
		}
		path = filepath.Join(home, ".netrc")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	entries := parseNetrc(string(b))
	for _, e := range entries {
		if e.password != "" {
			redact.Register("netrc password", []byte(e.password))
		}
	}
	return entries
}

// netrcTokens splits a .netrc file into tokens: whitespace separates,
// "double quotes" keep spaces (with \ escapes), # starts a comment, and a
// macdef's body (up to an empty line) is skipped.
func netrcTokens(text string) []string {
	var toks []string
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		s := lines[i]
		for {
			s = strings.TrimLeft(s, " \t\r")
			if s == "" || s[0] == '#' {
				break
			}
			var tok string
			tok, s = netrcToken(s)
			toks = append(toks, tok)
			if tok == "macdef" {
				for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
					i++
				}
				s = ""
			}
		}
	}
	return toks
}

func netrcToken(s string) (tok, rest string) {
	if s[0] != '"' {
		end := strings.IndexAny(s, " \t\r")
		if end < 0 {
			return s, ""
		}
		return s[:end], s[end:]
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case s[i] == '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), ""
}

// parseNetrc reads machine, default, login and password entries.
func parseNetrc(text string) []netrcEntry {
	var out []netrcEntry
	var cur *netrcEntry
	toks := netrcTokens(text)
	for i := 0; i < len(toks); i++ {
		next := func() string {
			if i+1 < len(toks) {
				i++
				return toks[i]
			}
			return ""
		}
		switch toks[i] {
		case "machine":
			out = append(out, netrcEntry{machine: next()})
			cur = &out[len(out)-1]
		case "default":
			out = append(out, netrcEntry{})
			cur = &out[len(out)-1]
		case "login":
			if v := next(); cur != nil {
				cur.login = v
			}
		case "password":
			if v := next(); cur != nil {
				cur.password = v
			}
		case "account", "macdef":
			next()
		}
	}
	return out
}

// lookup returns the entry for host: the first machine of that name,
// else the default.
func netrcLookup(entries []netrcEntry, host string) (netrcEntry, bool) {
	var def *netrcEntry
	for i, e := range entries {
		if e.machine == "" {
			if def == nil {
				def = &entries[i]
			}
			continue
		}
		if strings.EqualFold(e.machine, host) {
			return e, true
		}
	}
	if def != nil {
		return *def, true
	}
	return netrcEntry{}, false
}

// explicitAuthKey marks a request whose session has its own authenticator:
// .netrc is not consulted for it.
type explicitAuthKey struct{}

// netrcTransport adds basic authentication from .netrc to requests that
// carry none (no Authorization header, no user in the URL, no session
// authenticator), each hop of a redirect judged by its own host.
type netrcTransport struct {
	rt      http.RoundTripper
	entries []netrcEntry
}

func (t *netrcTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Authorization") != "" || req.URL.User != nil || req.Context().Value(explicitAuthKey{}) != nil {
		return t.rt.RoundTrip(req)
	}
	e, ok := netrcLookup(t.entries, req.URL.Hostname())
	if !ok || (e.login == "" && e.password == "") {
		return t.rt.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.SetBasicAuth(e.login, e.password)
	return t.rt.RoundTrip(r)
}

// withExplicitAuth marks ctx as a request with its own authentication.
func withExplicitAuth(ctx context.Context) context.Context {
	return context.WithValue(ctx, explicitAuthKey{}, true)
}
