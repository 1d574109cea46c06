// Rendering configuration and pages with text/template and html/template
// from values whose types have methods, embedded structs and String
// methods: methods with and without arguments, of value and pointer
// receivers, a method's error and panic, promoted fields and methods,
// variables, pipelines, nested templates, and the errors of each.
package main

import (
	"errors"
	"fmt"
	htmltemplate "html/template"
	"os"
	"strings"
	"text/template"
)

type Base struct{ ID int }

func (b Base) Describe() string { return fmt.Sprintf("base#%d", b.ID) }

type Person struct{ First, Last string }

func (p *Person) Full() string { return p.First + " " + p.Last }

type Service struct {
	Name  string
	Port  int
	Hosts []string
	Owner *Person
}

func (s Service) FQDN() string            { return s.Name + ".svc.local" }
func (s Service) Addr(host string) string { return fmt.Sprintf("%s:%d", host, s.Port) }
func (s Service) Check() (string, error)  { return "", fmt.Errorf("check %s failed", s.Name) }
func (s Service) Boom() string            { panic("kaboom") }

type VM struct {
	Base
	Region string
}

type Host struct {
	Name string
	Up   bool
}

func (h Host) String() string { return "host:" + h.Name }

type Level int

func (l Level) Label() string  { return [...]string{"low", "mid", "high"}[l] }
func (l Level) String() string { return "L" + fmt.Sprint(int(l)) }

type State string

func (s State) Up() bool { return s == "up" }

type Alert struct {
	Name  string
	Level Level
	State State
}

type User struct {
	Name  string
	Admin bool
}

func (u User) Greeting(prefix string) string { return prefix + ", " + u.Name + " <b>" }
func (u *User) Promote() string              { u.Admin = true; return "promoted" }
func (u User) Fail() (string, error)         { return "", errors.New("no <way>") }

type Cred struct {
	User string
	pw   string
}

type Node struct {
	*Base
	Name string
}

type Page struct {
	Title string
	Users []User
	Lead  *User
}

func run(name, text string, data any) {
	err := template.Must(template.New(name).Parse(text)).Execute(os.Stdout, data)
	fmt.Println()
	if err != nil {
		fmt.Println("error:", err)
	}
}

func main() {
	s := Service{Name: "api", Port: 8080, Hosts: []string{"a", "b"}, Owner: &Person{"Ada", "L"}}
	run("cfg", `fqdn={{.FQDN}} {{range .Hosts}}{{$.Addr .}} {{end}}owner={{.Owner.Full}} {{printf "%q" .FQDN}} {{.FQDN | len}}`, s)
	run("check", `{{.Check}}`, s)
	run("boom", `x{{.Boom}}`, s)
	run("missing", `{{.Missing}}`, s)
	run("args", `{{.Addr}}`, s)
	run("vm", `{{.ID}} {{.Describe}} {{.Region}} {{.Base.ID}}`, VM{Base{7}, "eu"})
	run("hosts", `{{range .}}{{.}} {{.Name}} {{end}}`, []Host{{"web-1", true}, {"web-2", false}})
	run("boxed", `{{.x.Label}} {{index .hosts 0}}`, map[string]any{"x": Level(1), "hosts": []any{Host{"db", true}}})
	run("vars", `{{with $o := .Owner}}{{$o.Full}}{{end}} {{"b" | .Addr}} {{.Owner.Full | printf "%s!"}}`, s)
	run("value", `{{.Promote}}`, User{Name: "val"})
	run("chain", `{{.FQDN.Nope}}`, s)
	alerts := []Alert{{"disk", 2, "up"}, {"cpu", 0, "down"}}
	run("alerts", `{{range .}}{{.Name}} {{.Level}} {{.Level.Label}} {{if eq .Level 2}}page{{else}}log{{end}} {{.State}}{{if .State.Up}}!{{end}} {{printf "%d" .Level}}; {{end}}`, alerts)
	run("nope", `{{.Level.Nope}}`, alerts[0])

	var b strings.Builder
	t := template.Must(template.New("x").Parse(`{{define "row"}}[{{.FQDN}}]{{end}}{{template "row" .}}`))
	t.ExecuteTemplate(&b, "row", s)
	fmt.Println(b.String())
	fmt.Printf("%T %v\n", t, t.Lookup("row") == t.Lookup("row"))

	p := Page{Title: "Team <A>", Users: []User{{"ann", false}, {"bob", true}}, Lead: &User{Name: "zed"}}
	page := htmltemplate.Must(htmltemplate.New("p").Parse(`<h1>{{.Title}}</h1>{{range .Users}}<li>{{.Greeting "hi"}}{{if .Admin}}*{{end}}</li>{{end}} {{.Lead.Promote}} {{.Lead.Admin}}`))
	if err := page.Execute(os.Stdout, p); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println()
	err := htmltemplate.Must(htmltemplate.New("f").Parse(`{{.Lead.Fail}}`)).Execute(os.Stdout, p)
	fmt.Println("html:", err)
	fmt.Printf("%T\n", page)

	c := &Cred{"bob", "hunter2"}
	js := htmltemplate.Must(htmltemplate.New("js").Parse(`<script>var c = {{.}}; var h = {{.H}};</script> <p>{{.C}}</p>`))
	if err := js.Execute(os.Stdout, map[string]any{"C": c, "H": Host{"db", true}}); err != nil {
		fmt.Println("error:", err)
	}
	fmt.Println()
	run("print", `{{print .}} {{printf "%s|%v|%q" . . .}} {{println .Name}}`, Host{"h1", true})
	run("plusv", `{{printf "%+v" .}} {{.}}`, c)
	run("boxed", `{{.h.Name}} {{.h}} {{range .hs}}{{.Name}},{{.Up}} {{end}}{{with .h}}{{.Up}}{{end}} {{.u.Name}}`, map[string]any{"h": Host{"h1", true}, "hs": []any{Host{"h2", false}}, "u": &User{Name: "ann"}})
	run("given", `{{.Name}} {{.Up}}`, Host{"h3", true})
	own := template.Must(template.New("own").Funcs(template.FuncMap{"print": strings.ToUpper}).Parse(`{{print .Name}} {{.}}`))
	own.Execute(os.Stdout, Host{"h4", true})
	fmt.Println()
	run("nilembedded", `{{.ID}}`, Node{Name: "x"})
	run("embedded", `{{.ID}} {{.Describe}}`, Node{&Base{4}, "x"})
}
