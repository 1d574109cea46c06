package main

import (
	"fmt"
	"sort"
	"strings"
)

type Plugin interface {
	Name() string
	Run(input string) string
}

type Upper struct{}

func (Upper) Name() string        { return "upper" }
func (Upper) Run(s string) string { return strings.ToUpper(s) }

type Counter struct{ calls int }

func (c *Counter) Name() string        { return "counter" }
func (c *Counter) Run(s string) string { c.calls++; return fmt.Sprintf("%d:%d", c.calls, len(s)) }

type Prefix string

func (p Prefix) Name() string        { return "prefix" }
func (p Prefix) Run(s string) string { return string(p) + s }

// Chain is a Plugin made of plugins.
type Chain []Plugin

func (c Chain) Name() string {
	names := make([]string, len(c))
	for i, p := range c {
		names[i] = p.Name()
	}
	return strings.Join(names, ">")
}
func (c Chain) Run(s string) string {
	for _, p := range c {
		s = p.Run(s)
	}
	return s
}

type Registry map[string]Plugin

func (r Registry) Register(p Plugin) { r[p.Name()] = p }
func (r Registry) Sorted() []string {
	var ks []string
	for k := range r {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func main() {
	reg := Registry{}
	cnt := &Counter{}
	for _, p := range []Plugin{Upper{}, cnt, Prefix(">> ")} {
		reg.Register(p)
	}
	reg.Register(Chain{Prefix("x-"), Upper{}})
	for _, k := range reg.Sorted() {
		fmt.Printf("%-14s %s\n", k, reg[k].Run("web"))
	}
	fmt.Println(cnt.calls, reg["counter"].Run("abcd"), cnt.calls)

	var a, b Plugin = Upper{}, Upper{}
	var c, d Plugin = &Counter{}, &Counter{}
	fmt.Println(a == b, c == d, c == c, Plugin(cnt) == reg["counter"], Prefix("a") == Prefix("a"))
	var p Plugin
	fmt.Println(p == nil, reg["missing"] == nil)
	var np *Counter
	p = np
	fmt.Println(p == nil, p != nil, np == nil)
	if _, ok := reg["prefix"].(Prefix); ok {
		fmt.Println("prefix is a Prefix")
	}
	if cp, ok := reg["counter"].(*Counter); ok {
		cp.calls = 100
	}
	fmt.Println(cnt.calls)
	m := map[Plugin]int{Upper{}: 1, Prefix("p"): 2}
	m[Upper{}]++
	fmt.Println(m[Upper{}], m[Prefix("p")], len(m))
	func() {
		defer func() { fmt.Println("recovered:", recover() != nil) }()
		m[Chain{}] = 3
	}()
	fmt.Printf("%v %v\n", reg["prefix"].Run(""), Chain{Upper{}, Prefix("!")}.Run("ok"))
}
