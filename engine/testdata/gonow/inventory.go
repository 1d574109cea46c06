// An inventory report as an SRE writes one: parse lines, group, sort, tabulate.
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

type Host struct {
	Name   string
	Role   string
	CPU    int
	MemGB  float64
	Booted time.Time
	Tags   []string
}

func (h Host) Uptime(now time.Time) time.Duration { return now.Sub(h.Booted).Truncate(time.Hour) }

const data = `web-1 web 4 8 2026-11-30T10:00:00Z prod,eu
web-2 web 4 8.5 2026-12-01T12:00:00Z prod,us
db-1 db 16 64 2026-10-01T00:00:00Z prod
cache-1 cache 2 4 2026-12-05T08:30:00Z
# comment line
bad line
`

func parse(s string) ([]Host, []error) {
	var hosts []Host
	var errs []error
	sc := bufio.NewScanner(strings.NewReader(s))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) < 5 {
			errs = append(errs, fmt.Errorf("line %d: want 5 fields, got %d", line, len(f)))
			continue
		}
		cpu, err := strconv.Atoi(f[2])
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: cpu: %w", line, err))
			continue
		}
		mem, _ := strconv.ParseFloat(f[3], 64)
		t, err := time.Parse(time.RFC3339, f[4])
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", line, err))
			continue
		}
		h := Host{Name: f[0], Role: f[1], CPU: cpu, MemGB: mem, Booted: t}
		if len(f) > 5 {
			h.Tags = strings.Split(f[5], ",")
		}
		hosts = append(hosts, h)
	}
	return hosts, errs
}

func main() {
	hosts, errs := parse(data)
	for _, e := range errs {
		fmt.Println("skip:", e)
	}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	byRole := map[string][]Host{}
	for _, h := range hosts {
		byRole[h.Role] = append(byRole[h.Role], h)
	}
	roles := make([]string, 0, len(byRole))
	for r := range byRole {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "ROLE\tHOSTS\tCPU\tMEM\tOLDEST")
	for _, r := range roles {
		hs := byRole[r]
		cpu, mem := 0, 0.0
		oldest := hs[0]
		for _, h := range hs {
			cpu += h.CPU
			mem += h.MemGB
			if h.Booted.Before(oldest.Booted) {
				oldest = h
			}
		}
		fmt.Fprintf(w, "%s\t%d\t%d\t%.1f\t%s (%v)\n", r, len(hs), cpu, mem, oldest.Name, oldest.Uptime(now))
	}
	w.Flush()
	slices.SortFunc(hosts, func(a, b Host) int {
		return cmp.Or(cmp.Compare(b.CPU, a.CPU), strings.Compare(a.Name, b.Name))
	})
	for i, h := range hosts {
		fmt.Printf("%d. %-8s %2d cpu %5.1f GB tags=%q\n", i+1, h.Name, h.CPU, h.MemGB, h.Tags)
	}
	idx, found := slices.BinarySearchFunc([]string{"a", "c", "e"}, "c", strings.Compare)
	fmt.Println(idx, found)
	prod := slices.DeleteFunc(slices.Clone(hosts), func(h Host) bool { return !slices.Contains(h.Tags, "prod") })
	fmt.Println(len(prod), "in prod;", len(hosts), "in all")
}
