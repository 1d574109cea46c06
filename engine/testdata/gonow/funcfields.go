// Functions held as values, as clients and options structs hold them: a
// logf field, hooks in a map, a slice of checks, all variadic and called
// with several arguments.
package main

import (
	"fmt"
	"strings"
)

type Client struct {
	Name  string
	logf  func(format string, args ...any)
	hooks map[string]func(host string, tags ...string) string
}

type Option func(*Client)

func WithLogger(logf func(string, ...any)) Option { return func(c *Client) { c.logf = logf } }

func New(name string, opts ...Option) *Client {
	c := &Client{Name: name, logf: func(string, ...any) {}, hooks: map[string]func(string, ...string) string{}}
	for _, o := range opts {
		o(c)
	}
	return c
}

func (c *Client) Deploy(host string, version int) {
	c.logf("%s: deploying v%d to %s", c.Name, version, host)
	if h, ok := c.hooks["after"]; ok {
		c.logf("%s", h(host, "canary", fmt.Sprint("v", version)))
	}
}

func main() {
	var lines []string
	c := New("ci", WithLogger(func(f string, a ...any) { lines = append(lines, fmt.Sprintf(f, a...)) }))
	c.hooks["after"] = func(host string, tags ...string) string {
		return host + " [" + strings.Join(tags, ",") + "]"
	}
	c.Deploy("web-1", 7)
	c.logf("done: %d hosts, %s", 1, "ok")
	fmt.Println(strings.Join(lines, "\n"))

	checks := []func(limits ...int) bool{func(l ...int) bool { return len(l) > 2 }}
	fmt.Println(checks[0](1, 2, 3), checks[0](1))
	logf := c.logf
	logf("%s %s", "copied", "field")
	fmt.Println(lines[len(lines)-1])
}
