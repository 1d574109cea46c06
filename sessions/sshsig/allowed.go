package sshsig

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/opsh/opsh/internal/sshpattern"
)

// AllowedSigners is an allowed signers file, as `ssh-keygen -Y verify -f`
// reads it (ssh-keygen(1), ALLOWED SIGNERS): one key a line, after the
// principals it may sign as and its options.
//
//	alice@example.com ssh-ed25519 AAAAC3Nza... alice's laptop
//	*@example.com namespaces="opsh-transcript",valid-after="20260101" ssh-ed25519 AAAA...
//
// Principals are a comma-separated list of patterns (* and ?, a leading !
// negates); the options understood are namespaces, valid-after and
// valid-before. Lines marked cert-authority name a certificate authority;
// signatures made with certificates are not supported, so they never match.
type AllowedSigners struct {
	entries []allowed
}

type allowed struct {
	principals string
	key        ssh.PublicKey
	namespaces []string // nil: any namespace
	certAuth   bool
	after      time.Time
	before     time.Time
	line       int
}

// ParseAllowedSigners reads an allowed signers file. Errors name the line.
func ParseAllowedSigners(data []byte) (*AllowedSigners, error) {
	a := &AllowedSigners{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		e, err := parseAllowed(l)
		if err != nil {
			return nil, fmt.Errorf("allowed signers line %d: %w", n, err)
		}
		e.line = n
		a.entries = append(a.entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read allowed signers: %w", err)
	}
	return a, nil
}

func parseAllowed(l string) (allowed, error) {
	var e allowed
	principals, rest, err := firstField(l)
	if err != nil {
		return e, err
	}
	e.principals = principals
	key, _, opts, _, err := ssh.ParseAuthorizedKey([]byte(rest))
	if err != nil {
		return e, fmt.Errorf("key: %w", err)
	}
	e.key = key
	for _, o := range opts {
		name, val, _ := strings.Cut(o, "=")
		val = strings.Trim(val, `"`)
		switch strings.ToLower(name) {
		case "cert-authority":
			e.certAuth = true
		case "namespaces":
			e.namespaces = strings.Split(val, ",")
		case "valid-after":
			if e.after, err = parseValidity(val); err != nil {
				return e, err
			}
		case "valid-before":
			if e.before, err = parseValidity(val); err != nil {
				return e, err
			}
		default:
			return e, fmt.Errorf("unknown option %q", name)
		}
	}
	return e, nil
}

// firstField splits off the principals, which may be double-quoted.
func firstField(l string) (field, rest string, err error) {
	if strings.HasPrefix(l, `"`) {
		end := strings.IndexByte(l[1:], '"')
		if end < 0 {
			return "", "", errors.New("unterminated quoted principals")
		}
		return l[1 : end+1], strings.TrimSpace(l[end+2:]), nil
	}
	i := strings.IndexAny(l, " \t")
	if i < 0 {
		return "", "", errors.New("no key after the principals")
	}
	return l[:i], strings.TrimSpace(l[i:]), nil
}

// parseValidity reads YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]: UTC with a Z,
// local time without.
func parseValidity(v string) (time.Time, error) {
	loc := time.Local
	if s, ok := strings.CutSuffix(v, "Z"); ok {
		v, loc = s, time.UTC
	}
	for _, layout := range []string{"20060102", "200601021504", "20060102150405"} {
		if len(v) == len(layout) {
			if t, err := time.ParseInLocation(layout, v, loc); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q (want YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z])", v)
}

// matches reports whether e vouches for key in namespace at time at.
func (e allowed) matches(key ssh.PublicKey, namespace string, at time.Time) bool {
	if e.certAuth || !bytes.Equal(e.key.Marshal(), key.Marshal()) {
		return false
	}
	if !e.after.IsZero() && at.Before(e.after) || !e.before.IsZero() && !at.Before(e.before) {
		return false
	}
	if e.namespaces == nil {
		return true
	}
	return sshpattern.MatchList(namespace, strings.Join(e.namespaces, ","))
}

// Principals lists the principals of the lines that vouch for key in
// namespace at time at (what `ssh-keygen -Y find-principals` prints).
func (a *AllowedSigners) Principals(key ssh.PublicKey, namespace string, at time.Time) []string {
	var out []string
	for _, e := range a.entries {
		if e.matches(key, namespace, at) {
			out = append(out, e.principals)
		}
	}
	return out
}

// ErrNotAllowed is returned by Allow for a key that the allowed signers do
// not list for the identity.
var ErrNotAllowed = errors.New("not an allowed signer")

// Allow reports whether identity may sign with key in namespace at time at:
// a line whose principals match identity lists the key.
func (a *AllowedSigners) Allow(identity string, key ssh.PublicKey, namespace string, at time.Time) error {
	for _, e := range a.entries {
		if e.matches(key, namespace, at) && sshpattern.MatchList(identity, e.principals) {
			return nil
		}
	}
	return fmt.Errorf("%s with key %s for %q: %w", identity, ssh.FingerprintSHA256(key), namespace, ErrNotAllowed)
}
