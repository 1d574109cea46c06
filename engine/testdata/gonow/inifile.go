// An INI-style config parser: bufio.Scanner with a custom split, sections
// in nested maps, sort.Interface, promoted String methods from embedded
// structs, fmt of pointers to structs and Sscanf.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strings"
)

const conf = `; global settings
name = edge-proxy
workers=4

[upstream "api"]
addr = 10.0.0.1:8080
weight = 5
[upstream "static"]
addr = 10.0.0.2:80
weight = 1
# trailing comment
[limits]
rps = 250
burst=  50 `

type Named struct{ Name string }

func (n Named) String() string { return "<" + n.Name + ">" }

type Upstream struct {
	Named
	Addr   string
	Weight int
}

type byWeight []Upstream

func (b byWeight) Len() int           { return len(b) }
func (b byWeight) Less(i, j int) bool { return b[i].Weight > b[j].Weight }
func (b byWeight) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

type Point struct{ X, Y int }

func lines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, bytes.TrimSpace(data[:i]), nil
	}
	if atEOF {
		return len(data), bytes.TrimSpace(data), nil
	}
	return 0, nil, nil
}

func main() {
	sections := map[string]map[string]string{"": {}}
	cur := ""
	sc := bufio.NewScanner(strings.NewReader(conf))
	sc.Split(lines)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || line[0] == ';' || line[0] == '#':
			continue
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			cur = strings.Trim(line, "[]")
			sections[cur] = map[string]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				fmt.Println("bad line:", line)
				continue
			}
			sections[cur][strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	names := make([]string, 0, len(sections))
	for n := range sections {
		names = append(names, n)
	}
	sort.Strings(names)
	var ups []Upstream
	for _, n := range names {
		fmt.Printf("[%s] %v\n", n, sections[n])
		var kind, label string
		if c, _ := fmt.Sscanf(n, "%s %q", &kind, &label); c == 2 && kind == "upstream" {
			var w int
			fmt.Sscan(sections[n]["weight"], &w)
			ups = append(ups, Upstream{Named{label}, sections[n]["addr"], w})
		}
	}
	sort.Sort(byWeight(ups))
	for _, u := range ups {
		fmt.Println(u, u.Named, u.Addr, u.Weight)
		fmt.Printf("%v %s %+v\n", u, u, u.Named)
	}
	fmt.Println(sort.IsSorted(byWeight(ups)), ups)
	p := &Point{1, 2}
	fmt.Printf("%v %+v\n", p, p)
	pp := []*Point{p}
	fmt.Println(len(pp), *pp[0])
	type pair struct {
		P   *Point
		Tag string
	}
	x := pair{nil, "none"}
	fmt.Printf("%v %+v\n", x, x)
	var sb strings.Builder
	for i, n := range names {
		if i > 0 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "%s(%d)", n, len(sections[n]))
	}
	fmt.Println(sb.String(), sb.Len())
	var a, b int
	var op string
	n, err := fmt.Sscanf("12 + 30", "%d %s %d", &a, &op, &b)
	fmt.Println(n, err, a, op, b)
	_, err = fmt.Sscanf("x", "%d", &a)
	fmt.Println(err)
}
