// Package lazyre holds regular expressions that are compiled when first
// used instead of when the program starts. opsh starts two processes for
// every session (the front-end and its worker), one after the other, and
// compiling every package's expressions up front cost each of them about a
// millisecond before its first useful instruction; most expressions
// (error messages' shapes, secrets' patterns) are seldom needed at all.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled on its first use. Its methods
// are those of regexp.Regexp that opsh uses; Re gives the rest.
type Regexp struct {
	expr string
	re   func() *regexp.Regexp
}

var (
	mu  sync.Mutex
	all []*Regexp
)

// New returns expr, to be compiled on first use; an invalid expr panics
// then, as regexp.MustCompile does, and Check finds it before that.
func New(expr string) *Regexp {
	r := &Regexp{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
	mu.Lock()
	all = append(all, r)
	mu.Unlock()
	return r
}

// Check compiles every expression made by New so far, in every package of
// the program, and returns the first error: a test calls it so that a typo
// fails the build's tests, not a user's session.
func Check() error {
	mu.Lock()
	defer mu.Unlock()
	for _, r := range all {
		if _, err := regexp.Compile(r.expr); err != nil {
			return err
		}
	}
	return nil
}

// Re returns the compiled expression.
func (r *Regexp) Re() *regexp.Regexp { return r.re() }

// String returns the source text of the expression.
func (r *Regexp) String() string { return r.expr }

// Match reports whether b contains a match.
func (r *Regexp) Match(b []byte) bool { return r.re().Match(b) }

// MatchString reports whether s contains a match.
func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

// FindString returns the leftmost match in s.
func (r *Regexp) FindString(s string) string { return r.re().FindString(s) }

// FindStringIndex returns the location of the leftmost match in s.
func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }

// FindStringSubmatch returns the leftmost match in s and its submatches.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

// FindStringSubmatchIndex returns the locations of the leftmost match in s
// and of its submatches.
func (r *Regexp) FindStringSubmatchIndex(s string) []int {
	return r.re().FindStringSubmatchIndex(s)
}

// FindAllStringSubmatchIndex returns the locations of up to n matches in s
// (all if n < 0) and of their submatches.
func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.re().FindAllStringSubmatchIndex(s, n)
}

// FindSubmatch returns the leftmost match in b and its submatches.
func (r *Regexp) FindSubmatch(b []byte) [][]byte { return r.re().FindSubmatch(b) }

// ReplaceAll replaces the matches in src by repl, with $ expansion.
func (r *Regexp) ReplaceAll(src, repl []byte) []byte { return r.re().ReplaceAll(src, repl) }

// ReplaceAllString replaces the matches in s by repl, with $ expansion.
func (r *Regexp) ReplaceAllString(s, repl string) string { return r.re().ReplaceAllString(s, repl) }

// ReplaceAllStringFunc replaces the matches in s by what f returns for them.
func (r *Regexp) ReplaceAllStringFunc(s string, f func(string) string) string {
	return r.re().ReplaceAllStringFunc(s, f)
}
