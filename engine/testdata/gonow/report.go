// An inventory report as an SRE writes one: CSV in, hosts grouped and
// sorted by several keys, a tabwriter table, a text/template summary over
// the session's structs (fields, nested fields, range, with, if, a
// FuncMap), and flag parsing of a script's arguments.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"text/template"
	"time"
)

type Host struct {
	Name   string
	Role   string
	CPU    int
	MemGB  float64
	Tags   []string
	Region Region
}

type Region struct {
	Code string
	Zone int
}

type Summary struct {
	Generated string
	Roles     map[string][]Host
	Total     int
	Biggest   *Host
}

const inventory = `name,role,cpu,mem,tags,region
web-1,web,4,8,prod;edge,eu-west-1a
web-2,web,8,16,prod,eu-west-1b
db-1,db,16,64,prod;primary,eu-west-1a
db-2,db,16,64,prod;replica,us-east-1c
cache-1,cache,2,4,,us-east-1a
`

func parse(s string) ([]Host, error) {
	r := csv.NewReader(strings.NewReader(s))
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var hosts []Host
	for _, row := range rows[1:] {
		cpu, err := strconv.Atoi(row[2])
		if err != nil {
			return nil, fmt.Errorf("%s: cpu: %w", row[0], err)
		}
		mem, _ := strconv.ParseFloat(row[3], 64)
		var tags []string
		if row[4] != "" {
			tags = strings.Split(row[4], ";")
		}
		reg := row[5]
		zone := int(reg[len(reg)-1] - 'a')
		hosts = append(hosts, Host{row[0], row[1], cpu, mem, tags, Region{reg[:len(reg)-1], zone}})
	}
	return hosts, nil
}

const tmpl = `Report {{.Generated}}: {{.Total}} hosts
{{range $role, $hosts := .Roles}}{{$role | upper}} ({{len $hosts}}):
{{range $hosts}}  - {{.Name}} {{.CPU}} cpu {{printf "%.0f" .MemGB}} GB in {{.Region.Code}}{{if .Tags}} [{{join .Tags ", "}}]{{end}}
{{end}}{{end}}{{with .Biggest}}Biggest: {{.Name}} ({{.CPU}} cpu){{end}}
`

func main() {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	minCPU := fs.Int("min-cpu", 0, "only hosts with at least this many CPUs")
	role := fs.String("role", "", "only this role")
	if err := fs.Parse([]string{"-min-cpu", "4"}); err != nil {
		fmt.Println(err)
		return
	}
	hosts, err := parse(inventory)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	var kept []Host
	for _, h := range hosts {
		if h.CPU >= *minCPU && (*role == "" || h.Role == *role) {
			kept = append(kept, h)
		}
	}
	sort.Slice(kept, func(i, j int) bool {
		if kept[i].Region.Code != kept[j].Region.Code {
			return kept[i].Region.Code < kept[j].Region.Code
		}
		if kept[i].CPU != kept[j].CPU {
			return kept[i].CPU > kept[j].CPU
		}
		return kept[i].Name < kept[j].Name
	})
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tCPU\tMEM\tREGION")
	for _, h := range kept {
		fmt.Fprintf(w, "%s\t%s\t%d\t%.1f\t%s/%d\n", h.Name, h.Role, h.CPU, h.MemGB, h.Region.Code, h.Region.Zone)
	}
	w.Flush()

	s := Summary{Generated: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC).Format(time.RFC3339), Roles: map[string][]Host{}, Total: len(kept)}
	for i, h := range kept {
		s.Roles[h.Role] = append(s.Roles[h.Role], h)
		if s.Biggest == nil || h.MemGB > s.Biggest.MemGB {
			s.Biggest = &kept[i]
		}
	}
	t := template.Must(template.New("r").Funcs(template.FuncMap{"upper": strings.ToUpper, "join": strings.Join}).Parse(tmpl))
	if err := t.Execute(os.Stdout, s); err != nil {
		fmt.Println("template:", err)
	}
	var b strings.Builder
	w2 := csv.NewWriter(&b)
	for _, h := range kept[:2] {
		w2.Write([]string{h.Name, strconv.Itoa(h.CPU), strings.Join(h.Tags, "|")})
	}
	w2.Flush()
	fmt.Print(b.String())
}
