package main

import (
	"fmt"
	"sort"
	"strings"
)

type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Logf(format string, args ...any) {
	l.lines = append(l.lines, l.prefix+fmt.Sprintf(format, args...))
}
func (l *Logger) Name() string { return "logger" }

type Meta struct {
	ID     string
	Labels map[string]string
}

func (m Meta) Name() string { return "meta:" + m.ID }
func (m Meta) Label(k string) string {
	if v, ok := m.Labels[k]; ok {
		return v
	}
	return "-"
}

type Service struct {
	Meta
	*Logger
	Replicas int
}

// Name overrides both promoted Name methods (which would be ambiguous).
func (s Service) Name() string { return "svc:" + s.ID }

type Canary struct {
	Service
	Weight int
}

func (c Canary) Label(k string) string {
	if k == "track" {
		return "canary"
	}
	return c.Service.Label(k)
}

type Named interface{ Name() string }
type Labeled interface {
	Named
	Label(string) string
}

func describe(xs ...Labeled) string {
	var b strings.Builder
	for _, x := range xs {
		fmt.Fprintf(&b, "%s[track=%s,env=%s] ", x.Name(), x.Label("track"), x.Label("env"))
	}
	return strings.TrimSpace(b.String())
}

func main() {
	lg := &Logger{prefix: "[deploy] "}
	api := Service{Meta: Meta{ID: "api", Labels: map[string]string{"env": "prod", "track": "stable"}}, Logger: lg, Replicas: 3}
	can := Canary{Service: api, Weight: 10}
	can.ID = "api-canary"
	can.Replicas = 1

	fmt.Println(api.Name(), can.Name(), api.Meta.Name(), api.Logger.Name())
	fmt.Println(describe(api, can, api.Meta))
	api.Logf("scaling %s to %d", api.ID, api.Replicas)
	can.Logf("weight %d%%", can.Weight)
	fmt.Println(len(lg.lines), strings.Join(lg.lines, " | "))
	fmt.Println(api.ID, can.Service.ID, can.Meta.ID, can.Labels["env"], can.prefix)

	var n Named = can
	if l, ok := n.(Labeled); ok {
		fmt.Println("labeled:", l.Label("track"))
	}
	byName := map[string]Named{}
	for _, x := range []Named{api, can, api.Meta, lg} {
		byName[x.Name()] = x
	}
	keys := make([]string, 0)
	for k := range byName {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	can.Labels["env"] = "staging"
	fmt.Println(api.Label("env"), can.Service.Meta.Label("env"))
	cp := api
	cp.Replicas = 9
	cp.prefix = "[copy] "
	fmt.Println(api.Replicas, cp.Replicas, api.prefix)
	fmt.Printf("%+v\n", Meta{ID: "x"})
}
