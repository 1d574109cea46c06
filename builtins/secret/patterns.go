package secret

import (
	"regexp"
	"strings"
)

// A pattern is a known token shape. Group 1, when the expression has one, is
// kept (a header name, a URL's user); the rest of the match is masked.
// maybe is a cheap test that must hold for the expression to match, so
// that most text skips the regular expression.
type pattern struct {
	name  string
	maybe func(string) bool
	re    *regexp.Regexp
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
	{"private-key", containsAny("PRIVATE KEY-----"),
		regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY-----|$)`)},
	{"aws-access-key-id", containsAny("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"),
		regexp.MustCompile(`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`)},
	{"aws-secret-access-key", containsAny("ecret", "ECRET"),
		regexp.MustCompile(`(?i)((?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+]{40}\b`)},
	{"github-token", containsAny("gh", "github_pat_"),
		regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`)},
	{"slack-token", containsAny("xox"),
		regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"url-password", func(s string) bool { return strings.Contains(s, "://") && strings.Contains(s, "@") },
		regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/\s"'«]+:)[^@/\s"'«]+(@)`)},
	{"authorization", containsAny("uthorization", "UTHORIZATION"),
		regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?(?:(?:Basic|Bearer|Token|AWS4-HMAC-SHA256)\s+)?)[^\s"'«][^"'\n«]*`)},
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
			if p.re.NumSubexp() >= 1 && p.name != "private-key" {
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
