package redact

import (
	"strings"

	"github.com/opsh/opsh/internal/lazyre"
)

// A pattern is a known token shape. Group 1, when the expression has one, is
// kept (a header name, a URL's user); the rest of the match is masked.
// maybe is a cheap test that must hold for the expression to match, so
// that most text skips the regular expression.
type pattern struct {
	name  string
	maybe func(string) bool
	re    *lazyre.Regexp
}

func containsAny(subs ...string) func(string) bool {
	return func(s string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
}

var patterns = []pattern{
	// PEM and PEM-like private key blocks of every type: PKCS#1 (RSA, EC,
	// DSA), PKCS#8 (plain and ENCRYPTED), OPENSSH, PGP's "PRIVATE KEY
	// BLOCK", and SSH2's four-dash form. A block cut short is masked to
	// the end of the text.
	{"private-key", containsAny("PRIVATE KEY"),
		lazyre.New(`-{4,5} ?BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)? ?-{4,5}[\s\S]*?(-{4,5} ?END ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)? ?-{4,5}|$)`)},
	// A JSON Web Token: base64url header and payload, both JSON objects
	// ("eyJ" is `{"`), and a signature (empty for alg "none").
	{"jwt", containsAny("eyJ"),
		lazyre.New(`\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)},
	{"stripe-key", containsAny("_live_"),
		lazyre.New(`\b[rs]k_live_[A-Za-z0-9]{10,}`)},
	{"google-api-key", containsAny("AIza"),
		lazyre.New(`\bAIza[0-9A-Za-z_-]{35}`)},
	{"aws-access-key-id", containsAny("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"),
		lazyre.New(`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`)},
	{"aws-secret-access-key", containsAny("ecret", "ECRET"),
		lazyre.New(`(?i)((?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+]{40}\b`)},
	{"github-token", containsAny("gh", "github_pat_"),
		lazyre.New(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`)},
	{"slack-token", containsAny("xox"),
		lazyre.New(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"url-password", func(s string) bool { return strings.Contains(s, "://") && strings.Contains(s, "@") },
		lazyre.New(`([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/\s"'«]+:)[^@/\s"'«]+(@)`)},
	// An Authorization (or Proxy-Authorization) header's value, as curl -v,
	// a JSON dump or Go's http.Header (map[Authorization:[Bearer x]]) print
	// it: the scheme is kept, the credentials masked.
	{"authorization", containsAny("uthorization", "UTHORIZATION"),
		lazyre.New(`(?i)(authorization["']?\s*[:=]\s*["'\[]?(?:(?:Basic|Bearer|Token|Digest|Negotiate|AWS4-HMAC-SHA256)\s+)?)[^\s"'«\]][^"'\n«\]]*`)},
}

func redactPatterns(s string) string {
	for _, p := range patterns {
		if !p.maybe(s) || !p.re.MatchString(s) {
			continue
		}
		mask := "«redacted:" + p.name + "»"
		s = p.re.ReplaceAllStringFunc(s, func(m string) string {
			sub := p.re.FindStringSubmatch(m)
			out := mask
			if p.re.Re().NumSubexp() >= 1 && p.name != "private-key" {
				out = sub[1] + mask
			}
			if p.name == "url-password" {
				out += sub[2]
			}
			return out
		})
	}
	return s
}
