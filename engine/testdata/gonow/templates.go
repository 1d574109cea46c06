// An incident report from text/template: fields of structs, maps, range
// with else, conditionals, pipelines and functions given in a FuncMap.
package main

import (
	"fmt"
	"os"
	"strings"
	"text/template"
)

type Alert struct {
	Name     string
	Severity int
	Labels   map[string]string
	Hosts    []string
	Acked    bool
}

type Report struct {
	Title  string
	Alerts []Alert
	Owner  *Person
	Notes  []string
}

type Person struct {
	Name  string
	Email string
}

const tpl = `== {{.Title | upper}} ==
{{with .Owner}}owner: {{.Name}} <{{.Email}}>{{end}}
{{range $i, $a := .Alerts -}}
{{$i}}. [{{sev $a.Severity}}] {{$a.Name}}{{if $a.Acked}} (acked){{end}} hosts={{join $a.Hosts ","}} n={{len $a.Hosts}}
{{- range $k, $v := $a.Labels}}
   {{$k}}={{$v | printf "%q"}}
{{- end}}
{{end -}}
notes: {{range .Notes}}{{.}}; {{else}}none{{end}}
{{if and .Owner (gt (len .Alerts) 1)}}escalate{{else}}hold{{end}}
{{printf "%-8s|%5.1f" "pad" 3.14159}} {{index .Alerts 0 | printf "%v" | len}} {{(index .Alerts 1).Name}}
{{define "foot"}}-- {{.}} --{{end}}{{template "foot" "end"}}
`

func main() {
	funcs := template.FuncMap{
		"upper": strings.ToUpper,
		"join":  strings.Join,
		"sev": func(n int) string {
			return [...]string{"info", "warn", "crit"}[min(n, 2)]
		},
	}
	t := template.Must(template.New("r").Funcs(funcs).Parse(tpl))
	r := Report{
		Title: "db latency",
		Alerts: []Alert{
			{"HighLatency", 2, map[string]string{"team": "db", "env": "prod"}, []string{"db-1", "db-2"}, false},
			{"DiskFull", 1, nil, []string{"db-3"}, true},
		},
		Owner: &Person{"Ana", "ana@example.com"},
	}
	if err := t.Execute(os.Stdout, r); err != nil {
		fmt.Println("error:", err)
	}
	var b strings.Builder
	small := template.Must(template.New("s").Parse(`{{.Name}} has {{len .Hosts}} host(s){{"\n"}}`))
	for _, a := range r.Alerts {
		small.Execute(&b, a)
	}
	fmt.Print(b.String())
	err := template.Must(template.New("bad").Parse("{{.Missing}}")).Execute(&b, r)
	fmt.Println("bad:", err)
	m := map[string]any{"svc": "api", "ports": []int{80, 443}}
	template.Must(template.New("m").Parse("{{.svc}} {{range .ports}}:{{.}}{{end}} {{.nope}}\n")).Execute(os.Stdout, m)
}
