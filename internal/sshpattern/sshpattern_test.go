package sshpattern

import "testing"

func TestMatch(t *testing.T) {
	for _, c := range []struct {
		s, pattern string
		want       bool
	}{
		{"web-1", "web-*", true},
		{"web-1", "web-?", true},
		{"web-10", "web-?", false},
		{"web", "web-*", false},
		{"anything", "*", true},
		{"", "*", true},
		{"", "", true},
		{"a", "", false},
		{"a*b", "a**b", true},
		{"abc", "a*c*", true},
		{"ssh-ed25519", "ssh-ed*", true},
	} {
		if got := Match(c.s, c.pattern); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.s, c.pattern, got, c.want)
		}
	}
}

func TestMatchList(t *testing.T) {
	for _, c := range []struct {
		s, list string
		want    bool
	}{
		{"alice@example.com", "*@example.com", true},
		{"alice@example.com", "bob@*, *@example.com", true},
		{"alice@example.com", "*@example.com,!alice@*", false},
		{"bob@example.com", "*@example.com,!alice@*", true},
		{"carol", "!carol", false},
		{"dave", "!carol", false},
		{"git", "file,git", true},
	} {
		if got := MatchList(c.s, c.list); got != c.want {
			t.Errorf("MatchList(%q, %q) = %v, want %v", c.s, c.list, got, c.want)
		}
	}
}
