// A deploy report: String and Error called on nil pointers, slices and
// maps; a struct type declared in a function printed with its fields'
// names and their String methods; %#v of slice, array and map types;
// an in-memory file system whose entries leave out their &fstest.MapFile.
package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"testing/fstest"
)

type Config struct {
	Name    string
	Replica int
}

func (c *Config) String() string {
	if c == nil {
		return "config(none)"
	}
	return fmt.Sprintf("config(%s×%d)", c.Name, c.Replica)
}

type Hosts []string

func (hs Hosts) String() string { return fmt.Sprintf("%d hosts", len(hs)) }

type Labels map[string]string

func (l Labels) String() string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprint(keys)
}

type DeployError struct{ Host string }

func (e *DeployError) Error() string {
	if e == nil {
		return "deploy: no error"
	}
	return "deploy failed on " + e.Host
}

type Phase int

func (p Phase) String() string { return [...]string{"pending", "rolling", "done"}[p] }

type Window [2]int

type Plan struct {
	Hosts  Hosts
	Window Window
	Labels Labels
}

func lookup(name string) *Config {
	if name == "api" {
		return &Config{"api", 3}
	}
	return nil
}

func targets(env string) Hosts {
	if env == "prod" {
		return Hosts{"web-1", "web-2"}
	}
	return nil
}

func report(hosts Hosts) {
	type row struct {
		host  string
		Phase Phase
		tries int
	}
	for i, h := range hosts {
		r := row{h, Phase(i % 3), i + 1}
		fmt.Printf("%v %+v\n", r, r)
	}
	type summary struct {
		Total int    `json:"total"`
		note  string // unexported: json leaves it out
	}
	b, _ := json.Marshal(summary{len(hosts), "x"})
	fmt.Println(string(b))
	fmt.Printf("%T\n", summary{})
}

func main() {
	var cfg *Config
	var hosts Hosts
	var labels Labels
	var derr *DeployError
	fmt.Println(cfg, hosts, labels, derr)
	fmt.Printf("%s|%v|%q|%v\n", cfg, hosts, hosts, derr)
	fmt.Println(lookup("api"), lookup("db"), targets("prod"), targets("dev"))
	s := fmt.Sprint(lookup("db"), targets("dev"))
	fmt.Println(s)

	report(targets("prod"))

	plan := Plan{Hosts{"web-1"}, Window{9, 17}, Labels{"tier": "web"}}
	fmt.Printf("%#v\n", plan)
	fmt.Printf("%#v %#v %#v\n", Hosts{"a"}, Labels{"k": "v"}, Window{1, 2})
	fmt.Printf("%#v %#v\n", hosts, []Hosts{{"b"}})

	files := fstest.MapFS{
		"etc/app.yaml": {Data: []byte("replicas: 3\n")},
		"etc/db.yaml":  {Data: []byte("host: db-1\n"), Mode: 0o600},
		"var/log/app":  {},
	}
	names, _ := fs.Glob(files, "etc/*.yaml")
	for _, n := range names {
		b, _ := fs.ReadFile(files, n)
		fmt.Printf("%s %v %q\n", n, files[n].Mode, b)
	}
}
