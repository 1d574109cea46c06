// Alert rules evaluated over a table of samples: rules as closures built
// from parsed expressions, generic GroupBy/Keys, a text/template summary
// over struct fields and a map of structs, and fixed-width formatting.
package main

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/template"
)

type Sample struct {
	Host   string
	Metric string
	Value  float64
}

type Rule struct {
	Name  string
	Expr  string
	match func(Sample) bool
}

type Firing struct {
	Rule  string
	Hosts []string
	Worst float64
}

func compile(expr string) (func(Sample) bool, error) {
	f := strings.Fields(expr)
	if len(f) != 3 {
		return nil, fmt.Errorf("rule %q: want 3 fields, got %d", expr, len(f))
	}
	limit, err := strconv.ParseFloat(f[2], 64)
	if err != nil {
		return nil, fmt.Errorf("rule %q: %w", expr, err)
	}
	metric := f[0]
	var cmpf func(a, b float64) bool
	switch f[1] {
	case ">":
		cmpf = func(a, b float64) bool { return a > b }
	case "<":
		cmpf = func(a, b float64) bool { return a < b }
	case ">=", "=>":
		cmpf = func(a, b float64) bool { return a >= b }
	default:
		return nil, fmt.Errorf("rule %q: bad operator %s", expr, f[1])
	}
	return func(s Sample) bool { return s.Metric == metric && cmpf(s.Value, limit) }, nil
}

func GroupBy[T any, K comparable](xs []T, key func(T) K) map[K][]T {
	out := map[K][]T{}
	for _, x := range xs {
		out[key(x)] = append(out[key(x)], x)
	}
	return out
}

func Keys[K cmp.Ordered, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

const summary = `{{len .Firing}} rule(s) firing at {{.At}}:
{{range .Firing}}  {{printf "%-10s" .Rule}} worst={{printf "%.1f" .Worst}} on {{len .Hosts}}: {{range $i, $h := .Hosts}}{{if $i}}, {{end}}{{$h}}{{end}}
{{end}}{{with index .ByName "disk"}}disk rule hosts: {{.Hosts}}{{end}}
`

func main() {
	samples := []Sample{
		{"web-1", "cpu", 91}, {"web-2", "cpu", 45}, {"db-1", "cpu", 97.5},
		{"web-1", "disk", 88}, {"db-1", "disk", 71}, {"web-2", "mem", 12},
		{"db-1", "mem", 3},
	}
	specs := [][2]string{{"cpu", "cpu > 90"}, {"disk", "disk >= 80"}, {"lowmem", "mem < 5"}, {"broken", "cpu >"}, {"nan", "cpu > x"}, {"op", "cpu != 1"}}
	var rules []Rule
	for _, s := range specs {
		m, err := compile(s[1])
		if err != nil {
			fmt.Println("skip:", err)
			continue
		}
		rules = append(rules, Rule{s[0], s[1], m})
	}
	var firing []Firing
	byName := map[string]Firing{}
	for _, r := range rules {
		var f Firing
		f.Rule = r.Name
		for _, s := range samples {
			if r.match(s) {
				f.Hosts = append(f.Hosts, s.Host)
				f.Worst = max(f.Worst, s.Value)
			}
		}
		if len(f.Hosts) > 0 {
			slices.Sort(f.Hosts)
			firing = append(firing, f)
			byName[r.Name] = f
		}
	}
	t := template.Must(template.New("s").Parse(summary))
	err := t.Execute(os.Stdout, struct {
		At     string
		Firing []Firing
		ByName map[string]Firing
	}{"10:00", firing, byName})
	if err != nil {
		fmt.Println("template:", err)
	}
	groups := GroupBy(samples, func(s Sample) string { return s.Metric })
	for _, k := range Keys(groups) {
		vals := make([]string, 0, len(groups[k]))
		for _, s := range groups[k] {
			vals = append(vals, fmt.Sprintf("%s=%g", s.Host, s.Value))
		}
		fmt.Printf("%-5s|%3d|%s\n", k, len(groups[k]), strings.Join(vals, " "))
	}
	byHost := GroupBy(samples, func(s Sample) string { return s.Host })
	fmt.Println(Keys(byHost), len(byHost["db-1"]))
}
