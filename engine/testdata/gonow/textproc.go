// Text plumbing: CSV in and out, a template report, replacers, and
// unicode-aware trimming.
package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/template"
	"unicode"
)

type Row struct {
	Host   string
	CPU    float64
	Alerts []string
	Hot    bool
}

func (r Row) hot() bool { return r.CPU > 80 }

const report = `{{range $i, $r := .Rows}}{{if $i}}
{{end}}{{printf "%-6s" $r.Host}} {{printf "%5.1f" $r.CPU}}%{{if $r.Hot}} HOT{{end}}{{with $r.Alerts}} alerts={{join . ","}}{{end}}{{end}}
total {{len .Rows}} hosts, {{.Hot}} hot
`

func main() {
	in := "host,cpu,alerts\nweb-1,91.5,disk;mem\nweb-2,12,\ndb-1,85.25,repl\n"
	r := csv.NewReader(strings.NewReader(in))
	recs, err := r.ReadAll()
	if err != nil {
		panic(err)
	}
	var rows []Row
	for _, rec := range recs[1:] {
		cpu, err := strconv.ParseFloat(rec[1], 64)
		if err != nil {
			fmt.Println("bad cpu:", err)
			continue
		}
		var alerts []string
		if rec[2] != "" {
			alerts = strings.Split(rec[2], ";")
		}
		rows = append(rows, Row{rec[0], cpu, alerts, cpu > 80})
	}
	hot := 0
	for _, r := range rows {
		if r.hot() {
			hot++
		}
	}
	t := template.Must(template.New("r").Funcs(template.FuncMap{"join": strings.Join}).Parse(report))
	if err := t.Execute(os.Stdout, map[string]any{"Rows": rows, "Hot": hot}); err != nil {
		fmt.Println("template:", err)
	}
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"host", "state"})
	for _, r := range rows {
		state := "ok"
		if r.hot() {
			state = "hot, \"check\""
		}
		w.Write([]string{r.Host, state})
	}
	w.Flush()
	rep := strings.NewReplacer("{host}", "web-1", "{port}", "8080")
	fmt.Println(rep.Replace("connect {host}:{port}"))
	fmt.Println(strings.TrimFunc("¡¡Hola, SRE!!", func(r rune) bool { return !unicode.IsLetter(r) }))
	fmt.Println(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return '_'
		}
		return unicode.ToUpper(r)
	}, "disk full on web 1"))
	fmt.Println(strings.EqualFold("Go", "GO"), strings.Count("cheese", "e"), strings.LastIndex("go gopher", "go"))
	fields := strings.FieldsFunc("a1b22c333", unicode.IsDigit)
	fmt.Println(fields, len(fields))
	var sb strings.Builder
	for i := range 3 {
		fmt.Fprintf(&sb, "[%d]", i)
	}
	fmt.Println(sb.String(), sb.Len())
	title := []rune("héllo wörld")
	title[0] = unicode.ToUpper(title[0])
	fmt.Println(string(title), len("héllo"), len([]rune("héllo")))
}
