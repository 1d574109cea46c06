package secret

import "regexp"

// A pattern is a known token shape. Group 1, when the expression has one, is
// kept (a header name, a URL's user); the rest of the match is masked.
type pattern struct {
	name string
	re   *regexp.Regexp
}

var patterns = []pattern{
	{"private-key", regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(-----END ([A-Z0-9]+ )*PRIVATE KEY-----|$)`)},
	{"aws-access-key-id", regexp.MustCompile(`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`)},
	{"aws-secret-access-key", regexp.MustCompile(`(?i)((?:aws_?)?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+]{40}\b`)},
	{"github-token", regexp.MustCompile(`\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`)},
	{"slack-token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"url-password", regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^:@/\s"'«]+:)[^@/\s"'«]+(@)`)},
	{"authorization", regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?(?:(?:Basic|Bearer|Token|AWS4-HMAC-SHA256)\s+)?)[^\s"'«][^"'\n«]*`)},
}

func redactPatterns(s string) string {
	for _, p := range patterns {
		if !p.re.MatchString(s) {
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
