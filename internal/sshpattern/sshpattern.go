// Package sshpattern matches names against OpenSSH's patterns, as
// ssh_config's Host and Match, its algorithm lists and the principals and
// namespaces of an allowed-signers file use them (OpenSSH's match.c): * is
// any run of bytes, ? one byte, and there are no character classes.
package sshpattern

import "strings"

// Match reports whether s matches pattern.
func Match(s, pattern string) bool {
	for pattern != "" {
		switch pattern[0] {
		case '*':
			pattern = strings.TrimLeft(pattern, "*")
			if pattern == "" {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if Match(s[i:], pattern) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != pattern[0] {
				return false
			}
		}
		s, pattern = s[1:], pattern[1:]
	}
	return s == ""
}

// MatchList reports whether s matches the comma-separated list of
// patterns, each possibly negated with "!" and surrounded by spaces: a
// pattern matches and no negated one does.
func MatchList(s, list string) bool {
	positive := false
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		neg := strings.HasPrefix(p, "!")
		if Match(s, strings.TrimPrefix(p, "!")) {
			if neg {
				return false
			}
			positive = true
		}
	}
	return positive
}
